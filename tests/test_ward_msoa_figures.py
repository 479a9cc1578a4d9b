"""A ward's figure on an MSOA layer by one rule (each of its LSOAs takes its MSOA's value, weighted by its residents),
the same in a comparison, the profile, the brief and the slides; and a ward's IMD row made once, by model.ranks."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest
from bundle_files import attrs as _attrs
from bundle_files import table as _table

from placeviz.analysis import compare
from placeviz.analysis.compare import compare_areas
from placeviz.analysis.profile import place_profile
from placeviz.cli import main
from placeviz.model.geography import resolve_place, ward_shared_ground_note
from placeviz.model.ranks import group_scores, imd_place_rank, percentile_among

ANFIELD = "Anfield (Liverpool ward)"
ANFIELD_CODE = "E05015279"


def _direct_ward_mean(table: str, column: str) -> float:
    """Straight from the bundle's files: the ward's 2011 LSOAs, each with its MSOA's value, weighted by residents."""
    lsoas = _attrs("lsoa11")
    mine = lsoas[lsoas["ward24_code"] == ANFIELD_CODE]
    value = _table(table)[column].reindex(mine["msoa_code"]).to_numpy()
    weight = _table("population_lsoa11.parquet")["population"].reindex(mine.index).to_numpy(dtype="float64")
    return float((value * weight).sum() / weight.sum())


@pytest.fixture(scope="module")
def expected():
    return {"le.male": _direct_ward_mean("life_expectancy_msoa11.parquet", "le_male"),
            "le.female": _direct_ward_mean("life_expectancy_msoa11.parquet", "le_female"),
            "work.insecure": _direct_ward_mean("jobs_sectors_msoa11.parquet", "jobs_at_risk_sectors_pct")}


def test_the_direct_figures_are_the_wards_own_not_its_whole_msoas(expected):
    assert expected["le.male"] == pytest.approx(76.18, abs=0.01)
    assert expected["le.female"] == pytest.approx(81.85, abs=0.01)
    assert expected["work.insecure"] == pytest.approx(51.37, abs=0.01)


def test_compare_csv_and_profile_give_the_same_anfield_figures(tmp_path, expected):
    out = tmp_path / "anfield.csv"
    assert main(["compare", "--place", ANFIELD, "--place", "Liverpool", "--layer", "life_expectancy_male", "--layer",
                 "life_expectancy_female", "--layer", "insecure_work", "-o", str(out)]) == 0
    row = pd.read_csv(out).iloc[0]  # the CSV gives six significant figures
    assert row["life_expectancy_male_2016-2020_value"] == pytest.approx(expected["le.male"], abs=1e-4)
    assert row["life_expectancy_female_2016-2020_value"] == pytest.approx(expected["le.female"], abs=1e-4)
    assert row["insecure_work_2018_value"] == pytest.approx(expected["work.insecure"], abs=1e-4)
    prof = place_profile(ANFIELD, with_hotspots=False)
    for fid, want in expected.items():
        f = prof.figure(fid)
        assert f.value == pytest.approx(want, rel=1e-9), fid
        assert "each taking its MSOA's value" in f.label, fid
        assert "takes the value of the MSOA it lies in" in f.note and "not an official ward figure" in f.note, fid


def test_a_local_authority_still_averages_its_whole_msoas():
    """MSOAs nest in local authorities: Liverpool's figure is its MSOAs' residents-weighted mean, as before."""
    msoas = _attrs("msoa11")
    mine = msoas[msoas["lad21_code"] == "E08000012"].index
    lsoa_pop = _table("population_lsoa11.parquet")["population"]
    pop = lsoa_pop.groupby(_attrs("lsoa11")["msoa_code"]).sum().reindex(mine)
    le = _table("life_expectancy_msoa11.parquet")["le_male"].reindex(mine)
    pop = pop[le.notna()]  # an MSOA without a figure counts for nothing
    le = le[le.notna()]
    prof = place_profile("Liverpool", with_hotspots=False)
    assert prof.value("le.male") == pytest.approx(float((le * pop).sum() / pop.sum()), rel=1e-9)
    assert "population-weighted MSOAs" in prof.figure("le.male").label


def test_brief_and_slides_show_the_comparisons_figures(tmp_path, expected):
    from pptx import Presentation

    pdf = tmp_path / "b.pdf"
    assert main(["brief", "--place", ANFIELD, "-o", str(pdf)]) == 0
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    men_women = f"{expected['le.male']:.1f} / {expected['le.female']:.1f} years"
    assert men_women == "76.2 / 81.9 years" and men_women in text
    assert f"{expected['work.insecure']:.1f}%" == "51.4%" and "51.4%" in text
    assert "75.3 / 81.3" not in text and "53.1%" not in text  # the whole MSOAs' figures, beyond the ward
    assert "Each of its neighbourhoods takes its MSOA's value" in text
    assert "each of its neighbourhoods takes its MSOA's share" in text
    deck = tmp_path / "d.pptx"
    assert main(["slides", "--place", ANFIELD, "-o", str(deck)]) == 0
    words = " ".join(sh.text_frame.text for s in Presentation(str(deck)).slides for sh in s.shapes
                     if sh.has_text_frame)
    assert men_women in words and "51.4%" in words and "takes its MSOA's value" in words


# --- a ward's IMD row: model.ranks' figure, without aggregating every ward first ---------------------------

WARDS = (ANFIELD, "E05011759", "E05015118", "Everton East (Liverpool ward)")  # two share 2011 ground


def test_a_wards_imd_row_is_model_ranks_own_and_aggregates_nothing(monkeypatch):
    def no_ward_aggregation(*args, **kwargs):
        raise AssertionError("a ward's IMD row aggregates England's wards, only to overwrite them")

    monkeypatch.setattr(compare, "_lsoa_values", no_ward_aggregation)
    df = compare_areas(list(WARDS), ["imd2019", "imd2025"])
    assert len(df) == 8
    for _, row in df.iterrows():
        place = resolve_place(row["area_code"])
        r = imd_place_rank(place, "2019" if row["layer"] == "imd2019" else "2025")
        assert (row["value"], row["rank"], row["n_ranked"]) == (r.score, r.rank, r.n)
        assert row["percentile"] == percentile_among(r) and row["rank_basis"] == "computed"
        assert row["geography"] == "ward (May 2024)" and np.isnan(row["decile"])
        shared = ward_shared_ground_note(place) if row["layer"] == "imd2019" else ""
        assert row["note"] == (f"{shared} {r.note}" if shared else r.note)


def test_ward_imd_figures_are_unchanged():
    """The figures the comparison gave before it stopped aggregating every ward for an IMD row."""
    df = compare_areas(list(WARDS), ["imd2019", "imd2025"]).set_index(["area_code", "layer"])
    got = {k: (round(v, 6), int(r), int(n)) for k, v, r, n in
           zip(df.index, df["value"], df["rank"], df["n_ranked"], strict=True)}
    # (a ward holding no 2011 LSOA, such as Kingsnorth Village & Bridgefield, is ranked among the others and
    # itself: 6,781 on IoD 2019)
    assert got == {
        (ANFIELD_CODE, "imd2019"): (60.931007, 38, 6780), ("E05011759", "imd2019"): (15.191, 3765, 6781),
        ("E05015118", "imd2019"): (11.153, 5006, 6781), ("E05015297", "imd2019"): (71.79803, 6, 6780),
        (ANFIELD_CODE, "imd2025"): (56.772991, 77, 6784), ("E05011759", "imd2025"): (16.943, 3387, 6784),
        ("E05015118", "imd2025"): (16.316, 3555, 6784), ("E05015297", "imd2025"): (64.001578, 15, 6784)}
    assert "No 2011 neighbourhood (LSOA) lies mostly in Long Marston" in df.loc[("E05015118", "imd2019"), "note"]


def test_ward_scores_are_computed_once():
    assert group_scores("2025", "wards") is group_scores("2025", "wards")
    assert len(group_scores("2025", "wards")) == 6784 and len(group_scores("2019", "wards")) == 6780


def test_a_ward_on_shared_2011_ground_agrees_too():
    """Long Marston holds no 2011 LSOA: both show it as the 2011 LSOA it shares ground with."""
    df = compare_areas(["E05015118"], ["life_expectancy_male", "insecure_work"]).set_index("layer")
    prof = place_profile("E05015118", with_hotspots=False)
    assert prof.value("le.male") == pytest.approx(df.at["life_expectancy_male", "value"], rel=1e-12)
    assert prof.value("work.insecure") == pytest.approx(df.at["insecure_work", "value"], rel=1e-12)
    assert np.isfinite(prof.value("le.male")) and "No 2011 neighbourhood" in df.at["insecure_work", "note"]
