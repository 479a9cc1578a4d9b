"""Choosing a workbook's sheet without reading every sheet whole: a glance at each sheet's first rows picks
the one with area codes, and only that one is read to its end (ONS's small-area workbooks: 3 sheets of
33,755 rows x 96 columns took 29 s and 923 MB, every sheet read in turn)."""

import openpyxl

from placeviz.imports import import_table, workbook
from placeviz.model.geography import attributes

LAS = attributes("lad24")["code"].head(40).tolist()


def _book(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _spy(monkeypatch):
    calls = []
    real = workbook.Workbook.read

    def read(self, name, head=None):
        calls.append((name, head))
        return real(self, name, head)

    monkeypatch.setattr(workbook.Workbook, "read", read)
    return calls


def test_only_the_sheet_with_codes_is_read_whole(tmp_path, monkeypatch):
    notes = [["About these figures"]] + [[f"Note line {i}", i] for i in range(3000)]
    data = [["Area code", "Rate"]] + [[c, 1.5 + i] for i, c in enumerate(LAS)]
    path = _book(tmp_path / "ons.xlsx", [("Notes", notes), ("Data", data), ("Metadata", notes)])
    calls = _spy(monkeypatch)
    r = import_table(path)
    assert r.report.sheet == "Data" and r.report.matched == len(LAS)
    whole = [name for name, head in calls if head is None]
    assert whole == ["Data"]  # the others were only glanced at
    assert sorted(name for name, head in calls if head is not None) == ["Data", "Metadata", "Notes"]


def test_a_sheet_whose_codes_start_far_down_is_still_found(tmp_path, monkeypatch):
    preamble = [[f"Line {i} of a long preamble"] for i in range(1500)]
    data = preamble + [["Area code", "Rate"]] + [[c, 2.5 + i] for i, c in enumerate(LAS)]
    path = _book(tmp_path / "late.xlsx", [("Cover", [["Cover page"]]), ("Data", data)])
    calls = _spy(monkeypatch)
    r = import_table(path)
    assert r.report.sheet == "Data" and r.report.matched == len(LAS)
    # nothing near the tops: every sheet read whole, and the one chosen not read whole a second time
    assert sorted(name for name, head in calls if head is None) == ["Cover", "Data"]
