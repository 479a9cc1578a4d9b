"""Importing the user's own tables: detection, validation report, numbers, conversion, and layers that map."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from placeviz.cli import main
from placeviz.imports import (
    ImportFileError,
    add_to_catalog,
    convert_lsoa11_to_lsoa21,
    detect_geography,
    import_table,
    lsoa_lookup,
    parse_number,
)
from placeviz.model.catalog import load_catalog
from placeviz.model.geography import attributes
from placeviz.model.mapdata import map_data, population

DATA = Path(__file__).parent / "data"
NOMIS = DATA / "nomis_aps_nonpermanent_lad.csv"




def nomis_rows() -> list[list[str]]:
    """The fixture's data rows read directly with the csv module (the test's independent reading)."""
    with open(NOMIS, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return [r for r in rows if len(r) == 5 and re.match(r"^[EWS]\d{8}$", r[1])]


# ----------------------------------------------------------------------------------------- Nomis


def test_nomis_aps_extract_imports_in_one_step_and_maps(registered):
    rows = nomis_rows()
    result = import_table(NOMIS)
    rep = result.report
    assert rep.ok
    assert rep.header_line == 6
    assert rep.code_column == "mnemonic"
    assert rep.value_column == "% non-permanent employees"
    assert rep.boundary_set == "lad24"
    english = [r for r in rows if r[1].startswith("E")]
    assert rep.rows == len(rows) == 300
    assert rep.matched == len(english) == 296
    numeric = [r for r in english if re.match(r"^\d+\.\d$", r[3])]
    assert rep.with_value == len(numeric)
    assert rep.no_data == len(english) - len(numeric)
    assert sorted(rep.outside_england) == sorted(r[1] for r in rows if not r[1].startswith("E"))
    assert rep.numeric_columns == ["% non-permanent employees", "conf"]
    text = rep.text()
    assert "Skipped 4 title line(s)" in text and "Ignored 4 line(s) of notes" in text
    assert "outside England" in text and "W06000015" in text

    layer = result.layer
    assert layer.theme == "imported" and layer.unit == "%" and layer.geography == "lad24"
    assert layer.dataset.licence == "as supplied by the user"
    assert layer.dataset.title == NOMIS.name and "your own data" in layer.dataset.publisher
    assert layer.period == "Jan 2023-Dec 2023"
    assert layer.column == "value" and layer.aggregate == "mean"

    add_to_catalog(result)
    registered.append(layer.id)
    assert layer.id in load_catalog()
    md = map_data("Liverpool City Region", "la", layer.id)
    by_code = {r[1]: r[3] for r in english}
    assert len(md.frame) == 6
    for code, value in zip(md.frame["code"], md.frame["value"], strict=True):
        v, status = parse_number(by_code[code])
        assert (np.isnan(value) and status == "nodata") or value == pytest.approx(v)
    assert md.boundary_set == "lad24"


def test_nomis_layer_classifies_compares_and_exports(registered, tmp_path):
    from placeviz.model.classify import classify_map
    from placeviz.model.spec import Classification, MapSpec

    result = import_table(NOMIS, name="Non-permanent employment (test values)")
    layer = add_to_catalog(result)
    registered.append(layer.id)
    md = map_data("England", "la", layer.id)
    c = classify_map(md, Classification("quantiles", 5))
    assert sum(e.count for e in c.legend if not e.nodata) == result.report.with_value
    assert [e.count for e in c.legend if e.nodata] == [result.report.no_data]
    vals = result.frame["value"].dropna()
    assert c.bins[-1] == pytest.approx(vals.max())
    assert c.legend[0].label.endswith("%")

    compare = pytest.importorskip("placeviz.analysis.compare")
    table = compare.compare_areas(["Liverpool"], [layer.id])
    assert table["value"].iloc[0] == pytest.approx(result.frame.loc["E08000012", "value"])

    tables = pytest.importorskip("placeviz.export.tables")
    out = tables.export_csv(MapSpec(place="Liverpool City Region", level="la", layer=layer.id,
                                    classification=Classification("quantiles", 4)), tmp_path / "lcr.csv")
    df = pd.read_csv(out)
    assert sorted(df["code"]) == sorted(md.frame.loc[md.frame.lad_name.isin(
        ["Halton", "Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral"]), "code"])
    got = df.set_index("code")["value"]
    for code, v in got.items():
        ref = result.frame.loc[code, "value"]
        assert (np.isnan(v) and np.isnan(ref)) or v == pytest.approx(ref)
    assert set(df["layer"]) == {layer.id}


def test_cli_prints_report_and_writes_values(capsys, tmp_path):
    out = tmp_path / "values.csv"
    rc = main(["import", str(NOMIS), "-o", str(out)])
    captured = capsys.readouterr()
    assert rc == 0
    assert "Matched 296 of 300 data rows" in captured.out
    assert "Layer id when added: imported_" in captured.out
    df = pd.read_csv(out)
    assert len(df) == 296 and df["code"].str.match(r"^E0[6-9]").all()


def test_cli_exits_nonzero_when_nothing_matched(capsys, tmp_path):
    p = tmp_path / "nothing.csv"
    p.write_text("code,value\nE01999991,1\nE01999992,2\n")
    rc = main(["import", str(p)])
    out = capsys.readouterr().out
    assert rc == 1
    assert "Nothing matched" in out and "E01999991" in out


# ----------------------------------------------------------------------------------------- encodings, delimiters


def _liverpool_lsoa11(n: int = 40) -> pd.Series:
    a = attributes("lsoa11")
    codes = a.loc[a.lad21_code == "E08000012", "code"].sort_values().head(n).tolist()
    return pd.Series(np.round(np.linspace(1.5, 1499.5, n), 1), index=codes)


@pytest.mark.parametrize("variant", ["utf8", "utf8_bom", "cp1252", "tsv", "semicolon_decimal_comma", "utf16_bom"])
def test_encodings_and_delimiters_give_the_same_values(tmp_path, variant):
    s = _liverpool_lsoa11()
    header = ["Área code 2011", "Rate £ per 1,000"]
    sep = {"tsv": "\t", "semicolon_decimal_comma": ";"}.get(variant, ",")
    lines = [sep.join(header)]
    for code, v in s.items():
        text = f"{v:,.1f}" if variant != "semicolon_decimal_comma" else f"{v:.1f}".replace(".", ",")
        if sep == ",":
            text = f'"{text}"'
        lines.append(sep.join([code, text]))
    body = "\r\n".join(lines) + "\r\n"
    p = tmp_path / f"t_{variant}.csv"
    encoded = {"utf8": body.encode("utf-8"), "utf8_bom": b"\xef\xbb\xbf" + body.encode("utf-8"),
               "cp1252": body.encode("cp1252"), "tsv": body.encode("utf-8"),
               "semicolon_decimal_comma": body.encode("utf-8"), "utf16_bom": body.encode("utf-16")}[variant]
    p.write_bytes(encoded)
    r = import_table(p)
    assert r.report.code_column == header[0]
    assert r.report.boundary_set == "lsoa11"  # header says 2011: the tie between 2011 and 2021 goes to 2011
    assert r.report.matched == len(s)
    got = r.frame["value"].reindex(s.index)
    np.testing.assert_allclose(got.to_numpy(), s.to_numpy())


def test_xlsx_finds_the_sheet_and_header_and_reads_percent_cells(tmp_path):
    import openpyxl

    s = _liverpool_lsoa11(25)
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["About this workbook"])
    notes.append(["Test values for placeviz: not official figures."])
    ws = wb.create_sheet("Data")
    ws.append(["Table 1: a survey of residents"])
    ws.append(["Source: test values"])
    ws.append([])
    ws.append(["LSOA11CD", "LSOA name", "Share satisfied"])
    for code, v in s.items():
        ws.append([code, "somewhere", v / 10000])
        ws.cell(row=ws.max_row, column=3).number_format = "0.0%"
    p = tmp_path / "survey.xlsx"
    wb.save(p)

    r = import_table(p)
    assert r.report.sheet == "Data" and r.report.sheets == ["Notes", "Data"]
    assert r.report.columns == ["LSOA11CD", "LSOA name", "Share satisfied"]
    assert r.report.header_line == 4
    assert r.report.value_column == "Share satisfied"
    assert r.layer.unit == "%"
    np.testing.assert_allclose(r.frame["value"].reindex(s.index).to_numpy(), (s / 100).to_numpy())
    assert any("sheet 'Data'" in n for n in r.report.notes)

    r2 = import_table(p, sheet="2")
    assert r2.report.sheet == "Data" and r2.report.matched == len(s)
    with pytest.raises(ImportFileError, match="Did you mean 'Data'"):
        import_table(p, sheet="Dta")


# ----------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("cell,expected", [
    ("12.5", 12.5), ("1,234", 1234.0), ("1,234,567.25", 1234567.25), ("12.3%", 12.3), ("£1,200", 1200.0),
    (" 7 ", 7.0), ("-3.5", -3.5), ("4.2 [u]", 4.2), ("5.0#", 5.0), ("1e3", 1000.0), (3, 3.0),
    ("1 234", 1234.0), ("\u22123.2", -3.2),
])
def test_numbers_are_read(cell, expected):
    v, status = parse_number(cell)
    assert status == "value" and v == expected


@pytest.mark.parametrize("cell", ["", "*", "..", "c", "x", "-", "!", "#", "[c]", "[x]", "n/a", "NaN", None, "  ",
                                  "<5"])
def test_suppression_markers_are_no_data(cell):
    assert parse_number(cell) == (None, "nodata")


@pytest.mark.parametrize("cell", ["inf", "-Infinity", "1e400", "1e20", "ten", "1_000", "12.3.4", "1,23", True,
                                  "<1000", "12 34"])
def test_unusable_cells_are_invalid(cell):
    assert parse_number(cell) == (None, "invalid")


def test_decimal_comma_only_with_semicolons():
    assert parse_number("12,5", decimal_comma=True) == (12.5, "value")
    assert parse_number("12,5") == (None, "invalid")
    assert parse_number("1,250", decimal_comma=True) == (1250.0, "value")  # a thousands separator still


# ----------------------------------------------------------------------------------------- geography


def test_geography_detected_from_codes_and_match_rate():
    msoa = attributes("msoa11")["code"].head(50).tolist()
    assert detect_geography(msoa)[0] in ("msoa11", "msoa21")
    only11 = sorted(set(attributes("lsoa11").code) - set(attributes("lsoa21").code))[:30]
    best, counts = detect_geography(only11)
    assert best == "lsoa11" and counts["lsoa11"] == 30 and counts["lsoa21"] == 0
    only19 = sorted(set(attributes("lad19").code) - set(attributes("lad21").code))
    assert only19 and detect_geography(only19)[0] == "lad19"
    only24 = sorted(set(attributes("lad24").code) - set(attributes("lad21").code))
    assert detect_geography(only24)[0] == "lad24"
    shared = attributes("lad21").code.head(20).tolist()
    assert detect_geography(shared, {"lad21"})[0] == "lad21"
    assert detect_geography(shared)[0] == "lad24"  # no hint: the newest set that holds them all


def test_other_year_codes_are_reported(tmp_path):
    only11 = sorted(set(attributes("lsoa11").code) - set(attributes("lsoa21").code))[:3]
    liv = sorted(set(attributes("lsoa21").code) - set(attributes("lsoa11").code))[:20]  # new in 2021
    p = tmp_path / "mixed.csv"
    p.write_text("code,value\n" + "".join(f"{c},{i}\n" for i, c in enumerate(liv + only11)))
    r = import_table(p)
    assert r.report.boundary_set == "lsoa21" and r.report.matched == 20
    assert r.report.other_year == {"lsoa11": only11}
    assert "are LSOA 2011 codes, not LSOA 2021" in r.report.text()


def test_long_format_keeps_latest_period_and_persons_and_sets_aside_bigger_areas(tmp_path):
    """A Fingertips-style long table: several periods and sexes per area, plus England and regions."""
    las = attributes("lad21").code.head(12).tolist()
    rows = ['"Indicator","Area Code","Area Type","Sex","Time period","Value","Lower CI 95.0 limit"']
    expected = {}
    for k, code in enumerate(["E92000001", "E12000002", *las]):
        for period in ("2018 - 20", "2019 - 21", "2020 - 22"):
            for sex in ("Male", "Female", "Persons"):
                v = 70 + k + (0.5 if sex == "Female" else 0) + int(period[:4]) - 2018
                rows.append(f'"Healthy life (test values)","{code}","x","{sex}","{period}","{v:.1f}","{v - 2:.1f}"')
                if period == "2020 - 22" and sex == "Persons" and code.startswith("E0"):
                    expected[code] = v
    p = tmp_path / "fingertips.csv"
    p.write_text("Fingertips-style export (test values)\n\n" + "\n".join(rows) + "\n\nSource: test\n")
    r = import_table(p)
    rep = r.report
    assert rep.value_column == "Value" and rep.boundary_set in ("lad21", "lad24")
    assert rep.matched == 12 and not rep.duplicates
    assert "England" in rep.other_areas and "regions" in rep.other_areas
    assert any("'2020 - 22'" in n for n in rep.notes) and any("'Persons'" in n for n in rep.notes)
    pd.testing.assert_series_equal(r.frame["value"].reindex(las), pd.Series(expected, dtype="float64").reindex(las),
                                   check_names=False)

    r2 = import_table(p, where={"Time period": "2018 - 20", "Sex": "Male"})
    assert r2.frame.loc[las[0], "value"] == pytest.approx(70 + 2)


def test_duplicates_listed_and_first_kept(tmp_path):
    liv = attributes("lsoa21").query("lad24_code == 'E08000012'").code.head(10).tolist()
    p = tmp_path / "dups.csv"
    p.write_text("code,value\n" + "".join(f"{c},{i}\n" for i, c in enumerate(liv)) + f"{liv[2]},99\n")
    r = import_table(p)
    assert r.report.duplicates == [(liv[2], [4, 12])]
    assert r.frame.loc[liv[2], "value"] == 2


def test_code_and_value_columns_can_be_named(tmp_path):
    liv = attributes("lsoa21").query("lad24_code == 'E08000012'").code.head(10).tolist()
    p = tmp_path / "two.csv"
    p.write_text("id,a,b\n" + "".join(f"{c},{i},{i * 10}\n" for i, c in enumerate(liv)))
    assert import_table(p).report.value_column == "a"
    r = import_table(p, code_column="id", value_column="b")
    assert r.frame["value"].tolist() == [i * 10.0 for i in range(10)]
    assert import_table(p, value_column="3").report.value_column == "b"
    with pytest.raises(ImportFileError, match="Did you mean 'b'"):
        import_table(p, value_column="bb")
    with pytest.raises(ImportFileError, match="code column"):
        import_table(p, value_column="id")


def test_counts_are_summed_and_rates_weighted(tmp_path, registered):
    a = attributes("lsoa11")
    liv = a[a.lad21_code == "E08000012"]
    pop = population("lsoa11").reindex(liv.code)
    p = tmp_path / "counts.csv"
    p.write_text("lsoa11cd,Number of people\n" + "".join(f"{c},{int(v)}\n" for c, v in pop.items()))
    r = import_table(p)
    assert r.layer.aggregate == "sum"
    layer = add_to_catalog(r)
    registered.append(layer.id)
    md = map_data("Liverpool", "la", layer.id)
    assert md.frame["value"].iloc[0] == pytest.approx(pop.sum())


# ----------------------------------------------------------------------------------------- LSOA 2011 -> 2021


def test_lookup_is_bundled_with_change_codes():
    lk = lsoa_lookup()
    assert set(lk.columns) == {"lsoa11_code", "lsoa21_code", "change_code"}
    assert set(lk.lsoa11_code) == set(attributes("lsoa11").code)
    assert set(lk.lsoa21_code) == set(attributes("lsoa21").code)
    assert set(lk.change_code) == {"U", "S", "M", "X"}


def _lsoa11_file(tmp_path, header="lsoa11_code,rate") -> tuple[Path, pd.Series]:
    a = attributes("lsoa11")
    codes = a.loc[a.lad21_code.isin(["E08000012", "E08000011"]), "code"]
    values = pd.Series(np.arange(len(codes), dtype=float) % 97 + 0.5, index=codes.to_numpy())
    p = tmp_path / "l11.csv"
    p.write_text(header + "\n" + "".join(f"{c},{v}\n" for c, v in values.items()))
    return p, values


def test_conversion_lsoa11_to_lsoa21_rates(tmp_path, registered):
    p, v11 = _lsoa11_file(tmp_path)
    r = import_table(p)
    assert r.report.boundary_set == "lsoa11"
    assert "LSOA 2021" in r.report.conversion
    c = convert_lsoa11_to_lsoa21(r)
    assert c.report.boundary_set == "lsoa21" and c.layer.geography == "lsoa21"
    lk = lsoa_lookup()
    lk = lk[lk.lsoa11_code.isin(v11.index)]
    pop11 = population("lsoa11")
    pop21 = population("lsoa21")
    for change in ("U", "S", "M"):
        sub = lk[lk.change_code == change]
        assert len(sub), change
        code21 = sub.lsoa21_code.iloc[0]
        parents = lk[lk.lsoa21_code == code21]
        if change in ("U", "S"):
            assert c.frame.loc[code21, "value"] == pytest.approx(v11[parents.lsoa11_code.iloc[0]])
        else:
            # merged: population-weighted mean of the 2011 parts (each wholly inside the 2021 area)
            w = pop11.reindex(parents.lsoa11_code).to_numpy()
            expected = float(np.sum(v11.reindex(parents.lsoa11_code).to_numpy() * w) / w.sum())
            assert c.frame.loc[code21, "value"] == pytest.approx(expected)
    assert set(c.frame.index) == set(lk.lsoa21_code)
    assert "split" in c.report.notes[-1] and "population" in c.report.notes[-1]
    assert any("apportioned by population" in x for x in c.layer.caveats)
    layer = add_to_catalog(c)
    registered.append(layer.id)
    md = map_data("Liverpool", "lsoa", layer.id)
    assert md.boundary_set == "lsoa21" and md.frame["value"].notna().all()
    assert pop21.reindex(md.frame.code).notna().all()


def test_conversion_of_counts_keeps_the_total(tmp_path):
    p, v11 = _lsoa11_file(tmp_path, header="lsoa11_code,count of visits")
    r = import_table(p)
    assert r.layer.aggregate == "sum"
    c = convert_lsoa11_to_lsoa21(r)
    assert c.frame["value"].sum() == pytest.approx(v11.sum())


def test_conversion_refused_for_other_geographies():
    r = import_table(NOMIS)
    with pytest.raises(ImportFileError, match="Only LSOA 2011"):
        convert_lsoa11_to_lsoa21(r)


def test_cli_converts(capsys, tmp_path):
    p, _ = _lsoa11_file(tmp_path)
    assert main(["import", str(p), "--to-lsoa21"]) == 0
    out = capsys.readouterr().out
    assert "Converted from LSOA 2011 to LSOA 2021" in out and "LSOA 2021" in out


def test_add_to_catalog_refuses_an_import_with_no_match(tmp_path):
    p = tmp_path / "none.csv"
    p.write_text("code,value\nW01000001,1\n")
    r = import_table(p)
    assert not r.report.ok and r.layer is None
    with pytest.raises(ImportFileError, match="no row matched"):
        add_to_catalog(r)


def test_combined_code_and_name_cells_and_small_counts(tmp_path):
    liv = attributes("lsoa21").query("lad24_code == 'E08000012'").head(6)
    lines = ["2021 super output area - lower layer,count"]
    for i, r in enumerate(liv.itertuples()):
        cell = f"{r.code} : {r.name}" if i % 2 else f"{r.name} ({r.code})"
        lines.append(f"{cell},{'<5' if i == 0 else i * 10}")
    p = tmp_path / "combined.csv"
    p.write_text("\n".join(lines) + "\n")
    r = import_table(p)
    assert r.report.boundary_set == "lsoa21" and r.report.matched == 6
    assert np.isnan(r.frame.loc[liv.code.iloc[0], "value"])  # '<5' is suppressed, not 5
    assert r.frame.loc[liv.code.iloc[3], "value"] == 30


def test_layer_from_file_in_one_step(tmp_path, registered):
    from placeviz.imports import layer_from_file

    layer = layer_from_file(NOMIS)
    registered.append(layer.id)
    assert load_catalog().get(layer.id) is layer
    md = map_data("Liverpool", "la", layer.id)
    assert md.frame["value"].iloc[0] == pytest.approx(import_table(NOMIS).frame.loc["E08000012", "value"])
    p, _ = _lsoa11_file(tmp_path)
    converted = layer_from_file(p, to_lsoa21=True)
    registered.append(converted.id)
    assert converted.geography == "lsoa21"
    bad = tmp_path / "none.csv"
    bad.write_text("code,value\nW01000001,1\n")
    with pytest.raises(ImportFileError, match=r"Nothing in none\.csv matched"):
        layer_from_file(bad)


def test_hostile_header_is_escaped_in_html_export(tmp_path, registered):
    """A layer title comes from the user's file: every exporter must treat it as text."""
    html = pytest.importorskip("placeviz.export.html")
    from placeviz.model.spec import Classification, MapSpec

    a = attributes("lsoa11")
    codes = a.loc[a.lad21_code == "E08000012", "code"]
    p = tmp_path / "hostile.csv"
    p.write_text('lsoa11cd,<script>alert("x")</script> rate\n' + "".join(f"{c},{i % 9}\n" for i, c in enumerate(codes)))
    layer = add_to_catalog(import_table(p))
    registered.append(layer.id)
    assert layer.title.startswith("<script>")
    out = html.export_html(MapSpec(place="Liverpool", level="lsoa", layer=layer.id,
                                   classification=Classification("quantiles", 5)), tmp_path / "m.html")
    text = Path(out).read_text(encoding="utf-8")
    assert '<script>alert("x")' not in text
    assert "&lt;script&gt;" in text


def test_fingertips_style_download(registered):
    """Long format with a parent-code column, sexes, a deprivation breakdown, two periods, England and regions."""
    path = DATA / "fingertips_style_lad.csv"
    r = import_table(path)
    rep = r.report
    assert rep.code_column == "Area Code" and rep.value_column == "Value"
    assert rep.boundary_set == "lad24" and rep.matched == 296
    assert list(rep.other_areas) == ["England", "regions"] and len(rep.other_areas["regions"]) == 9
    assert r.layer.title.startswith("Employment rate, 16-64") and r.layer.period == "2022/23"
    # the same rows chosen directly with pandas
    df = pd.read_csv(path, dtype={"Category Type": str})
    keep = df[(df["Sex"] == "Persons") & df["Category Type"].isna() & (df["Time period"] == "2022/23")
              & df["Area Code"].str.match(r"^E0[6-9]")].set_index("Area Code")["Value"]
    assert len(keep) == 296
    pd.testing.assert_series_equal(r.frame["value"].reindex(keep.index), keep, check_names=False)
    assert rep.no_data == int(keep.isna().sum())
    layer = add_to_catalog(r)
    registered.append(layer.id)
    md = map_data("North West", "la", layer.id)
    assert md.frame["value"].notna().sum() == keep.reindex(md.frame["code"]).notna().sum() > 30


def test_rows_for_other_levels_are_set_aside_by_name(tmp_path):
    liv = attributes("lsoa21").query("lad24_code == 'E08000012'").code.head(20).tolist()
    msoa = attributes("msoa21").code.iloc[0]
    p = tmp_path / "levels.csv"
    p.write_text("code,value\n" + "".join(f"{c},{i}\n" for i, c in enumerate([*liv, "E08000012", msoa])))
    r = import_table(p)
    assert r.report.boundary_set == "lsoa21" and r.report.matched == 20
    assert r.report.other_areas == {"local authorities": ["E08000012"], "MSOAs": [msoa]}


def test_direction_and_name_are_kept(registered):
    from placeviz.model.classify import classify_map
    from placeviz.model.spec import Classification

    worse = import_table(NOMIS, name="Insecure work", higher_is_worse=True)
    better = import_table(NOMIS, name="Secure work", higher_is_worse=False)
    assert worse.layer.higher_is_worse is True and better.layer.higher_is_worse is False
    assert worse.layer.title == "Insecure work" and better.layer.id != worse.layer.id
    colours = []
    for r in (worse, better):
        layer = add_to_catalog(r)
        registered.append(layer.id)
        c = classify_map(map_data("England", "la", layer.id), Classification("quantiles", 5))
        colours.append([e.colour for e in c.legend if not e.nodata])
    assert colours[0] == colours[1][::-1]  # the bad end takes the same colour either way


def test_report_counts_agree_with_their_nouns(tmp_path):
    """One area, one bad cell, one duplicate, one unknown code: singular words, not '1 areas ... 1 cells are'."""
    f = tmp_path / "one.csv"
    f.write_text("code,value\nE08000012,5\nE08000015,abc\nE08000012,6\nE08999999,1\n", encoding="utf-8")
    text = import_table(f).report.text()
    assert "1 area with a number" in text and "1 areas" not in text
    assert "1 cell is not a usable number" in text and "is treated as no data" in text
    assert "1 code appears more than once" in text
    assert "1 row did not match any area" in text
    f.write_text("code,value\nE08000012,5\nE08000015,6\nE08000013,abc\nE08000014,def\n", encoding="utf-8")
    text = import_table(f).report.text()
    assert "2 areas with a number" in text and "2 cells are not usable numbers" in text
