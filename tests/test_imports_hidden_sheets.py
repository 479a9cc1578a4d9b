"""Issue 13 siblings: a workbook's hidden sheet (old figures, a lookup) is never chosen over a visible one
without a word, and a report names the hidden sheets. Workbooks are made here, small, at test time."""

from __future__ import annotations

import openpyxl

from placeviz.imports import import_table
from placeviz.model.geography import attributes


def _codes(n: int) -> list[str]:
    return attributes("lad24")["code"].sort_values().head(n).tolist()


def _workbook(path, hide_old: bool = True, data_codes: int = 5):
    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "Old"
    old.append(["LA code", "Rate 2015"])
    for i, c in enumerate(_codes(12)):
        old.append([c, 900 + i])
    if hide_old:
        old.sheet_state = "hidden"
    data = wb.create_sheet("Data")
    data.append(["LA code", "Rate 2023"])
    for i, c in enumerate(_codes(data_codes)):
        data.append([c, 10 + i])
    wb.save(path)
    return path


def test_a_visible_sheet_is_chosen_over_a_hidden_one_with_more_codes(tmp_path):
    r = import_table(_workbook(tmp_path / "w.xlsx"))
    assert r.report.sheet == "Data" and r.report.value_column == "Rate 2023"
    assert r.frame["value"].max() == 14
    assert "Read sheet 'Data' of 2 (Old (hidden), Data)." in r.report.text()
    # visible, the sheet with more codes is chosen as before
    assert import_table(_workbook(tmp_path / "v.xlsx", hide_old=False)).report.sheet == "Old"


def test_a_hidden_sheet_is_chosen_only_when_no_visible_sheet_has_codes_and_the_report_says_so(tmp_path):
    p = _workbook(tmp_path / "w.xlsx", data_codes=0)
    r = import_table(p)
    assert r.report.sheet == "Old"
    assert "The sheet 'Old' is hidden in the workbook" in r.report.text()
    named = import_table(p, sheet="Old")  # named by the user: read, and still said
    assert "hidden" in named.report.text() and named.report.matched == 12


def test_hidden_columns_and_rows_are_said_to_be_read(tmp_path):
    """A hidden column of superseded rates was taken as the values, and hidden duplicate rows won over the
    visible ones, with nothing said of either (from a hostile run)."""
    codes = _codes(20)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["code", "rate 2015 (superseded)", "rate 2023"])
    for i, code in enumerate(codes):
        ws.append([code, 1000 + i, i])
    ws.column_dimensions["B"].hidden = True
    for r in (3, 4):
        ws.row_dimensions[r].hidden = True
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    text = import_table(path).report.text()
    assert "Sheet 'Data' hides column B and rows 3, 4: placeviz reads hidden cells like any other" in text
    plain = tmp_path / "plain.xlsx"
    ws.column_dimensions["B"].hidden = False
    for r in (3, 4):
        ws.row_dimensions[r].hidden = False
    wb.save(plain)
    assert "hides" not in import_table(plain).report.text()
    # a tidy sheet hides every column past its table (Excel writes min="4" max="16384"): none of the table
    ws.column_dimensions.group("D", "XFD", hidden=True)
    wb.save(plain)
    assert "hides" not in import_table(plain).report.text()
