"""Issue 13, slow workbooks: plain rows (cells from column A without a gap, numbers and shared strings in
ordinary styles) are read a row at a time, and every sheet reads exactly as the cell-by-cell reader reads
it. Workbooks are made here, small, at test time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from placeviz.imports import import_table, workbook
from placeviz.imports.table_reader import read_raw_table
from placeviz.model.geography import attributes


def _rows_both_ways(path: Path, monkeypatch, sheet=None) -> tuple[list, list]:
    fast = read_raw_table(path, sheet)
    with monkeypatch.context() as m:
        m.setattr(workbook, "read_plain_rows", lambda text, b, other: None)
        slow = read_raw_table(path, sheet)
    assert fast.notes == slow.notes and fast.percent_columns == slow.percent_columns
    assert fast.uncalculated == slow.uncalculated
    return fast.rows, slow.rows


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx(path: Path, sheet_rows: str, strings: list[str], styles: str = "") -> Path:
    """A workbook of one sheet 'Data' from its rows' XML and its shared strings, as Excel writes them
    (openpyxl writes inline strings instead, which no large statistical workbook uses)."""
    import zipfile
    from xml.sax.saxutils import escape

    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        + ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           'spreadsheetml.styles+xml"/>' if styles else "") + "</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS} xmlns:r="{REL}"><sheets><sheet name="Data" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        f'org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/'
        f'sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        + (f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>' if styles else "")
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {NS}><sheetData>{sheet_rows}</sheetData>'
        "</worksheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {NS}>'
        + "".join(f"<si><t>{escape(t)}</t></si>" for t in strings) + "</sst>",
    }
    if styles:
        parts["xl/styles.xml"] = styles
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def _ons_slice(path: Path, n: int = 400) -> Path:
    """The shape of ONS's small-area population estimates: a title, a header, then per LSOA its LA, its
    names and 92 counts (codes and names as shared strings)."""
    a = attributes("lsoa21")
    strings = ["Mid-2022 population estimates", "LAD 2021 Code", "LAD 2021 Name", "LSOA 2021 Code",
               "LSOA 2021 Name", "Total"] + [f"F{k}" for k in range(91)] + ["E06000001", "Hartlepool"]
    letters = [openpyxl.utils.get_column_letter(j + 1) for j in range(96)]
    xml = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="3">'
           + "".join(f'<c r="{letters[j]}3" t="s"><v>{j + 1}</v></c>' for j in range(96)) + "</row>"]
    for i, (c, nm) in enumerate(zip(a.code[:n], a.name[:n], strict=True), 4):
        strings += [c, nm]
        cells = [f'<c r="A{i}" t="s"><v>97</v></c><c r="B{i}" t="s"><v>98</v></c>',
                 f'<c r="C{i}" t="s"><v>{len(strings) - 2}</v></c><c r="D{i}" t="s"><v>{len(strings) - 1}</v></c>']
        cells += [f'<c r="{letters[j]}{i}"><v>{(i * 7 + j) % 200}</v></c>' for j in range(4, 96)]
        xml.append(f'<row r="{i}" spans="1:96">' + "".join(cells) + "</row>")
    return _xlsx(path, "".join(xml), strings)


def test_an_ons_shaped_sheet_is_read_a_row_at_a_time(tmp_path, monkeypatch):
    path = _ons_slice(tmp_path / "ons.xlsx")
    cell_by_cell = []
    real = workbook._read_cells
    monkeypatch.setattr(workbook, "_read_cells", lambda text, b: cell_by_cell.append(text) or real(text, b))
    r = import_table(path)
    assert r.report.matched == 400 and r.report.value_column == "Total"
    assert cell_by_cell == []  # every row was plain
    fast, slow = _rows_both_ways(path, monkeypatch)
    assert fast == slow and len(fast) == 403 and fast[3][:2] == ["E06000001", "Hartlepool"]
    assert fast[3][4:7] == ["32", "33", "34"] and fast[2][2] == "LSOA 2021 Code"


def test_every_kind_of_cell_reads_as_the_cell_by_cell_reader_reads_it(tmp_path, monkeypatch):
    """Numbers of every spelling, text, dates, percentages, formulas, booleans, styles, gaps and empty rows,
    row by row in a mix of plain and other rows: the same text in the same place."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["code", "a", "b", "c", "d"])
    ws.append(["E01000001", 1.5, 2.0, -3, 1e20])
    ws.append(["E01000002", 0.1 + 0.2, 7, 12345678901234567, -0.0])
    ws.append(["E01000003", dt.date(2021, 3, 1), 0.25, "007", True])
    ws["C4"].number_format = "0.0%"
    ws.append(["E01000004", None, 5, None, 6])  # gaps: cells missing from the XML
    ws.append([])
    ws.append(["E01000005", "=1+2", 3, 4, 5])
    ws.append(["E01000006", 8, 9, 10, 11])
    ws["B9"].font = Font(bold=True)  # a styled number (an ordinary style)
    ws.append(["E01000007", 1.25, "text & <more>", 3.0, 4])
    ws.cell(row=14, column=1, value="E01000008")
    ws.cell(row=14, column=3, value=2)
    path = tmp_path / "kinds.xlsx"
    wb.save(path)
    fast, slow = _rows_both_ways(path, monkeypatch)
    assert fast == slow
    assert fast[1] == ["E01000001", "1.5", "2", "-3", "1e+20"] or fast[1][:3] == ["E01000001", "1.5", "2"]


@pytest.mark.parametrize("xml_rows", [
    # self-closing empty rows, rows with more attributes, and styles on every cell
    '<row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c></row>'
    '<row r="2" spans="1:3" ht="15"/><row r="3"><c r="A3" s="2" t="s"><v>2</v></c><c r="B3" s="2"><v>4.50</v></c><c r="C3" s="3"><v>44197</v></c>'
    '</row><row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" s="1"><v>0012</v></c><c r="C4"><v>-2.5E-3</v></c>'
    '<c r="D4"><v>1.0</v></c></row>',
    # rows alike but for a date cell (not plain, read cell by cell each), then plain rows like them
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    + "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>2</v></c><c r="B{i}"><v>{i}.5</v></c><c r="C{i}" s="3">'
              f'<v>{44197 + i}</v></c></row>' for i in range(2, 6))
    + "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>3</v></c><c r="B{i}"><v>{i}.5</v></c><c r="C{i}" s="1">'
              f'<v>{44197 + i}</v></c></row>' for i in range(6, 9)),
    # a cell out of order, a cell of another row, an empty value and a cell with no value
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="B2"><v>5</v></c><c r="A2" t="s"><v>2</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B4"><v>6</v></c></row>'
    '<row r="5"><c r="A5" t="s"><v>2</v></c><c r="B5"><v></v></c><c r="C5"/></row>',
])
def test_hand_written_sheet_xml_reads_the_same_both_ways(tmp_path, monkeypatch, xml_rows):
    styles = ('<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="1"><font/>'
              '</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1">'
              '<xf/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="0"/><xf numFmtId="164" '
              'applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
    path = _xlsx(tmp_path / "hand.xlsx", xml_rows, ["code", "rate", "E01000001", "E01000002"], styles)
    fast, slow = _rows_both_ways(path, monkeypatch)
    assert fast == slow and fast[0][:2] == ["code", "rate"]
    if 'C5" s="3"' in xml_rows:
        assert fast[4] == ["E01000001", "5.5", "2021-01-06 00:00:00"] and fast[7] == ["E01000002", "8.5", "44205"]
    if "0012" in xml_rows:  # percent and date styles, a leading zero, an exponent, a whole float
        assert fast[2:] == [["E01000001", "450", "2021-01-01 00:00:00"], ["E01000002", "12", "-0.0025", "1"]]
