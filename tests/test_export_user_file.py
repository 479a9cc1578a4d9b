"""Exports accept the user's own file where a layer id is expected (issue: your own data)."""

from pathlib import Path

import pandas as pd

from placeviz.cli import main

FIXTURE = Path(__file__).parent / "data" / "nomis_aps_nonpermanent_lad.csv"


def test_export_csv_of_a_nomis_file_in_one_step(tmp_path, capsys):
    out = tmp_path / "aps.csv"
    assert main(["export", "csv", "--place", "Cheshire and Merseyside", "--level", "la",
                 "--layer", str(FIXTURE), "-o", str(out)]) == 0
    got = pd.read_csv(out).set_index("code")
    assert len(got) == 9
    # the value written for Halton is the fixture's own figure for Halton
    assert got.loc["E06000006", "value"] == 3.9
    assert got["value"].notna().all()


def test_missing_user_file_is_a_clear_error(tmp_path, capsys):
    assert main(["export", "csv", "--place", "Liverpool", "--layer", str(tmp_path / "nope.csv"),
                 "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
