"""The malformed-input corpus: every bad file gets one clear sentence (problem and fix), never a crash.

Text members live in tests/malformed/; binary ones (junk, damaged archives, a zip bomb, a shapefile without
its .prj, a raster without a CRS) are generated at test time by tests/malformed/make_corpus.py.
"""

from __future__ import annotations

import builtins
import os
import sys
from pathlib import Path

import pytest

from placeviz.cli import main

HERE = Path(__file__).parent / "malformed"
sys.path.insert(0, str(HERE))
from make_corpus import make  # noqa: E402

sys.path.remove(str(HERE))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return make(tmp_path_factory.mktemp("malformed"))


# (case, file, extra args, expected exit code, words the message must contain)
# exit 2: refused with one sentence on stderr; 1: read, nothing matched; 0: imported, the problem reported
TEXT_CASES = [
    ("empty", "empty.csv", [], 2, ["is empty", "header row"]),
    ("header_only", "header_only.csv", [], 2, ["ONS area codes", "--code-column"]),
    ("wrong_delimiter", "wrong_delimiter.csv", [], 2, ["only one column", "commas, tabs or semicolons"]),
    ("all_text_values", "all_text_values.csv", [], 2, ["No column", "numbers", "--value-column"]),
    ("huge_numbers", "huge_numbers.csv", [], 2, ["implausibly large"]),
    ("no_codes", "no_codes.csv", [], 2, ["ONS area codes", "add a column of codes"]),
    ("prose", "prose.txt", [], 2, ["ONS area codes"]),
    ("html_page", "html_error_page.csv", [], 2, ["web page", "download the CSV again"]),
    ("utf16_no_bom", "utf16_no_bom.csv", [], 2, ["UTF-16", "CSV (UTF-8)"]),
    ("not_geojson", "not_geojson.geojson", [], 2, ["not GeoJSON", "export"]),
    ("broken_json", "broken.geojson", [], 2, ["not valid JSON", "export"]),
    ("points", "points.geojson", [], 2, ["Point", "polygons"]),
    ("empty_collection", "empty_collection.geojson", [], 2, ["no areas"]),
    ("wrong_crs", "wrong_crs.geojson", [], 2, ["do not fall in Great Britain", "coordinate"]),
    ("unknown_code_column", "value_is_code.csv", ["--code-column", "lsoa_cd"], 2, ["Unknown code column",
                                                                                   "The columns are"]),
    ("value_is_code", "value_is_code.csv", ["--value-column", "lsoa21_code"], 2, ["cannot also be the value"]),
    ("unknown_value_column", "value_is_code.csv", ["--value-column", "rat"], 2, ["Did you mean 'rate'"]),
    ("bad_where", "value_is_code.csv", ["--where", "rate"], 2, ["COLUMN=VALUE"]),
    ("where_no_rows", "value_is_code.csv", ["--where", "rate=none"], 2, ["No row", "check the value"]),
    ("outside_england", "outside_england.csv", [], 1, ["outside England", "Nothing matched"]),
    ("unknown_codes", "unknown_codes.csv", [], 1, ["did not match any area", "E01999991", "Nothing matched"]),
    ("mixed_years", "mixed_years.csv", [], 0, ["are LSOA 2011 codes, not LSOA 2021", "one boundary year"]),
    ("duplicate_codes", "duplicate_codes.csv", [], 0, ["appear more than once", "first row of each"]),
    ("nan_inf", "nan_inf.csv", [], 0, ["not usable numbers", "'inf'"]),
    ("ragged_quotes", "ragged_quotes.csv", [], 0, ["Matched 30 of 30"]),
    ("to_lsoa21_wrong_geography", "value_is_code.csv", ["--to-lsoa21"], 2, ["Only LSOA 2011"]),
    ("transposed", "transposed.csv", [], 2, ["areas across the top", "Transpose"]),
    ("all_suppressed", "all_suppressed.csv", ["--value-column", "rate"], 1, ["No matched area has a number"]),
]

GENERATED_CASES = [
    ("binary_junk", [], 2, ["not a text table", "export it as CSV"]),
    ("old_excel", [], 2, ["Excel 97-2003", "save it as .xlsx"]),
    ("damaged_xlsx", [], 2, ["not a readable zip", "export it again"]),
    ("shp_no_prj_folder", [], 2, ["no .prj", "copy the .prj"]),
    ("shp_no_prj_zip", [], 2, ["no .prj"]),
    ("shp_no_dbf", [], 2, [".dbf", "copy them all"]),
    ("raster_no_crs", [], 2, ["no coordinate reference system", "save it with one"]),
    ("not_a_raster", [], 2, ["not a raster"]),
    ("zip_bomb", [], 2, ["zip bomb", "refuses"]),
    ("path_traversal", [], 2, ["outside its folder"]),
    ("xlsx_no_codes", [], 2, ["ONS area codes"]),
    ("xlsx_no_codes", ["--sheet", "Summary"], 2, ["Unknown sheet", "The sheets are"]),
]


def _run(capsys, argv):
    rc = main(argv)
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def _check(rc, out, err, expected_rc, words):
    assert "Traceback" not in out + err
    assert rc == expected_rc, (out, err)
    if expected_rc == 2:
        lines = [x for x in err.splitlines() if x.strip()]
        assert len(lines) == 1 and lines[0].startswith("placeviz: "), err
        message = lines[0]
        # one sentence naming the problem and the fix: a clause, a colon or a dash, then what to do
        assert message.endswith((".", "?")) and len(message) < 400
    else:
        message = out
    for w in words:
        assert w in message, (w, message)


def test_corpus_is_large_enough():
    assert len(TEXT_CASES) + len(GENERATED_CASES) + 3 >= 25  # + missing path, no permission, folder
    files = {c[1] for c in TEXT_CASES}
    assert all((HERE / f).is_file() for f in files)


@pytest.mark.parametrize("case,name,args,expected_rc,words", TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text_corpus(capsys, case, name, args, expected_rc, words):
    rc, out, err = _run(capsys, ["import", str(HERE / name), *args])
    _check(rc, out, err, expected_rc, words)


@pytest.mark.parametrize("key,args,expected_rc,words", GENERATED_CASES,
                         ids=[f"{c[0]}{'_' + c[1][0].strip('-') if c[1] else ''}" for c in GENERATED_CASES])
def test_generated_corpus(capsys, generated, key, args, expected_rc, words):
    rc, out, err = _run(capsys, ["import", str(generated[key]), *args])
    _check(rc, out, err, expected_rc, words)


def test_zip_bomb_is_refused_before_unpacking(generated, tmp_path, monkeypatch):
    import zipfile

    opened = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *a, **k):
        opened.append(name)
        return real_open(self, name, *a, **k)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    from placeviz.imports import ImportFileError, import_file

    with pytest.raises(ImportFileError, match="zip bomb"):
        import_file(generated["zip_bomb"])
    assert opened == []  # refused from the archive's directory, nothing read


def test_missing_path(capsys, tmp_path):
    rc, out, err = _run(capsys, ["import", str(tmp_path / "nope.csv")])
    _check(rc, out, err, 2, ["does not exist", "check the path"])


def test_folder_without_boundaries(capsys, tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here")
    rc, out, err = _run(capsys, ["import", str(tmp_path)])
    _check(rc, out, err, 2, ["no boundary file"])


def test_no_read_permission_via_access(capsys, monkeypatch):
    """Tests run as root, who may read anything: simulate a file the user may not read."""
    target = HERE / "duplicate_codes.csv"
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == target else real(p, mode))
    rc, out, err = _run(capsys, ["import", str(target)])
    _check(rc, out, err, 2, ["not allowed to read", "permissions"])


def test_no_read_permission_when_opening(capsys, monkeypatch):
    target = HERE / "duplicate_codes.csv"
    real_read = Path.read_bytes

    def deny(self):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    rc, out, err = _run(capsys, ["import", str(target)])
    _check(rc, out, err, 2, ["not allowed to read"])


def test_unreadable_raster_open(capsys, monkeypatch, generated):
    """A raster that vanishes or is locked between the check and the read still gets a sentence."""
    real_open = builtins.open

    def deny(file, *a, **k):
        if str(file).endswith("no2_2023.tif"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", deny)
    from placeviz.model.bundle import layers_dir

    rc, out, err = _run(capsys, ["import", str(layers_dir() / "rasters" / "no2_2023.tif")])
    _check(rc, out, err, 2, ["not allowed to read"])


def test_archive_unpacking_too_much_is_refused(tmp_path, monkeypatch):
    """The size limit, shown with a small limit: incompressible members adding up to more than it."""
    import zipfile

    import numpy as np

    import placeviz.imports as imports
    import placeviz.imports.files as import_files

    p = tmp_path / "big.zip"
    rng = np.random.default_rng(3)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(3):
            z.writestr(f"part{i}.csv", rng.integers(0, 256, 1_000_000, dtype=np.uint8).tobytes())
    monkeypatch.setattr(import_files, "MAX_UNPACKED_BYTES", 2_000_000)
    with pytest.raises(imports.ImportFileError, match=r"would unpack to .* unpack it yourself"):
        imports.import_file(p)
