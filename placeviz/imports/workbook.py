"""One sheet of an XLSX workbook streamed into rows of text cells, without materialising what it declares.

openpyxl reads the workbook's parts (sheet names, shared strings, number formats) but not the sheets: its
row reader pads every row to the sheet's declared width and yields every missing row up to the declared
height, so one stray cell at XFD1048576 meant a billion empty cells, and it spends some microseconds on
each cell. Here the sheet's XML is decompressed in blocks, checked for well-formedness by expat (with no
callbacks, at C speed) and its cells picked out by a regular expression, block by block. Reading stops after
a long run of empty rows, and cells far to the right of anything else on the sheet are left out, each with a
note. A formula cell saved without its calculated value is counted, so that the table importer can say so
instead of quietly choosing another column.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from placeviz.imports.cells import cell_text
from placeviz.imports.errors import ImportFileError
from placeviz.imports.plain_rows import read_plain_rows

#: a run of this many empty rows ends the table (a stray cell far below it is not part of it)
MAX_EMPTY_ROWS = 10_000
#: a cell more than this many columns to the right of every cell before it is not part of the table
MAX_COLUMN_GAP = 256
#: at most this many rows are read from a sheet
MAX_ROWS = 2_000_000
#: the decompressed XML is read in blocks of this many bytes (cut at the end of a row)
BLOCK_BYTES = 4 << 20

# The usual shape of a cell, as Excel, LibreOffice and openpyxl write it: r, then s, then t, nothing else.
# Groups: column letters, row, style, type, formula (non-empty when there is one), value, inline string.
_CELL_FAST = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?'
    r'(?:/>|>(<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?(?:<v>([^<]*)</v>|<v/>)?(?:<is>(.*?)</is>)?</c>)', re.S)
# Any other shape (attributes in another order, namespace prefixes, cells without a reference): slower.
_ROW_ANY = re.compile(r'<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)', re.S)
_CELL_ANY = re.compile(r'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_CELL_OPEN = re.compile(r'<(?:\w+:)?c[\s/>]')
_ATTR = re.compile(r'(?<![\w:])(r|s|t)="([^"]*)"')
_REF = re.compile(r'([A-Za-z]{1,3})(\d+)$')
_FORMULA = re.compile(r'<(?:\w+:)?f[\s/>]')
_VALUE = re.compile(r'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>')
_TEXT = re.compile(r'<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>')
_ROW_END = re.compile(rb'</(?:\w+:)?row>')
#: a row or a run of columns the sheet hides (Excel's Hide): their cells are read like any other, and said so
_HIDDEN_ROW = re.compile(r'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|'
                         r'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_HIDDEN_COLS = re.compile(r'<(?:\w+:)?col\b(?=[^>]*\bhidden="(?:1|true)")[^>]*?\bmin="(\d+)"[^>]*?\bmax="(\d+)"|'
                          r'<(?:\w+:)?col\b(?=[^>]*\bhidden="(?:1|true)")[^>]*?\bmax="(\d+)"[^>]*?\bmin="(\d+)"')


@dataclass
class SheetRows:
    """A sheet's rows as text cells, and what was found on the way."""

    rows: list[list[str]] = field(default_factory=list)
    percent_columns: set[int] = field(default_factory=set)  # columns holding percent-formatted numbers
    uncalculated: dict[int, int] = field(default_factory=dict)  # column -> formulas saved without a value
    notes: list[str] = field(default_factory=list)


class _Formats:
    """What a cell's style says about its number: a date, a duration, or a percentage."""

    def __init__(self, wb):
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        # openpyxl's workbook parts (no public API exposes the per-style number formats)
        self.dates = set(getattr(wb, "_date_formats", ()) or ())
        self.durations = set(getattr(wb, "_timedelta_formats", ()) or ())
        self.epoch = wb.epoch
        custom = list(getattr(wb, "_number_formats", []) or [])
        self.percent = set()
        for i, style in enumerate(getattr(wb, "_cell_styles", []) or []):
            fid = style.numFmtId
            fmt = (BUILTIN_FORMATS.get(fid, "General") if fid < BUILTIN_FORMATS_MAX_SIZE
                   else (custom[fid - BUILTIN_FORMATS_MAX_SIZE] if fid - BUILTIN_FORMATS_MAX_SIZE < len(custom)
                         else "General"))
            if "%" in (fmt or ""):
                self.percent.add(i)


_COLUMNS: dict[str, int] = {}  # column letters -> index from 0, filled as letters are met


def _col_index(letters: str) -> int:
    j = _COLUMNS.get(letters)
    if j is None:
        j = 0
        for ch in letters.upper():
            j = j * 26 + ord(ch) - 64
        _COLUMNS[letters] = j = j - 1
    return j


class _SheetBuilder:
    """Places cells into rows, stopping after a long run of empty rows and leaving out far-away cells."""

    def __init__(self, shared: list, formats: _Formats, sheet_name: str, file_name: str):
        self.out = SheetRows()
        self.shared = shared
        self.formats = formats
        self.sheet_name, self.file_name = sheet_name, file_name
        self.width = 0  # one past the rightmost column holding something, so far
        self.last_filled = 0  # the last row (1-based) with something in it
        self.far_cells = 0
        self.stopped_at: int | None = None
        #: style ids (as written in the XML) whose numbers are dates, durations or percentages
        self.special_styles = {str(i) for i in formats.dates | formats.durations | formats.percent}
        self._shared_text: dict[str, str] = {}
        self.head: int | None = None  # read only this many rows (a glance at the top, to choose a sheet)
        self.hidden_rows: list[int] = []
        self.hidden_columns: list[int] = []  # 1-based, as the sheet numbers them

    def shared_text(self, v: str) -> str:
        """The text of shared string number ``v``, as cell_text gives it (each string is converted once)."""
        t = self._shared_text.get(v)
        if t is None:
            try:
                t = cell_text(self.shared[int(v)])
            except (ValueError, IndexError) as exc:
                raise self._damaged(f"a cell refers to text {v} that is not in the workbook") from exc
            self._shared_text[v] = t
        return t

    def value(self, j: int, style: str, typ: str, formula: bool, v: str | None, inline: str | None) -> str:
        """The text a cell shows, as openpyxl (read-only, data only) and cell_text would give it."""
        if v == "":
            v = None
        if typ == "inlineStr":
            return "" if inline is None else cell_text(html.unescape("".join(_TEXT.findall(inline))))
        if v is None:
            if formula:
                self.out.uncalculated[j] = self.out.uncalculated.get(j, 0) + 1
            return ""
        if typ == "s":
            return self.shared_text(v)
        if typ in ("str", "e"):
            return cell_text(html.unescape(v))
        if typ == "b":
            return cell_text(bool(int(v))) if v.strip().lstrip("-").isdigit() else cell_text(v)
        if typ == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return cell_text(from_ISO8601(v))
            except ValueError:
                return cell_text(v)
        try:
            num = float(v) if ("." in v or "E" in v or "e" in v) else int(v)
        except ValueError:
            return cell_text(html.unescape(v))
        sid = int(style) if style else 0
        f = self.formats
        if sid in f.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return cell_text(from_excel(num, f.epoch, timedelta=sid in f.durations))
            except (OverflowError, ValueError):
                return "#VALUE!"
        if sid in f.percent:
            self.out.percent_columns.add(j)
            num = num * 100
        return cell_text(num)

    def place(self, row: list[str], j: int, text: str) -> None:
        """Put a cell's text in column ``j`` of a row being built, unless it lies far right of the table."""
        if j == len(row):
            row.append(text)
        elif j > len(row):
            if j >= max(self.width, len(row)) + MAX_COLUMN_GAP:
                self.far_cells += bool(text)
                return
            row.extend([""] * (j - len(row)))
            row.append(text)
        elif text:
            row[j] = text

    def add_row(self, i: int, row: list[str]) -> bool:
        """Put row ``i`` (1-based) in place; False once the table has ended (the rest is not read)."""
        if i - self.last_filled > MAX_EMPTY_ROWS and self.out.rows:
            self.stopped_at = self.last_filled
            return False
        if not any(row):
            return True
        if i > MAX_ROWS:
            self.stopped_at = MAX_ROWS
            return False
        if self.head is not None and i > self.head:
            return False
        rows = self.out.rows
        if len(row) > self.width:
            self.width = len(row)
        while len(rows) < i - 1:
            rows.append([])
        if len(rows) == i - 1:
            rows.append(row)
        else:  # a row listed twice or out of order: merge it into the row already read
            old = rows[i - 1]
            old.extend([""] * (len(row) - len(old)))
            for j, t in enumerate(row):
                if t:
                    old[j] = t
        self.last_filled = max(self.last_filled, i)
        return True

    def _damaged(self, why: str) -> ImportFileError:
        return ImportFileError(f"The sheet {self.sheet_name!r} of {self.file_name} is damaged ({why}): open the "
                               "workbook in Excel or LibreOffice and save it again, then import it.")

    def finish(self) -> SheetRows:
        out = self.out
        del out.rows[self.last_filled:]
        if self.stopped_at is not None:
            out.notes.append(f"Stopped reading sheet {self.sheet_name!r} after row {self.stopped_at:,}: "
                             + ("the rows below it are empty for more than "
                                f"{MAX_EMPTY_ROWS:,} rows, so anything further down is not part of the table."
                                if self.stopped_at < MAX_ROWS else f"placeviz reads at most {MAX_ROWS:,} rows."))
        if self.far_cells:
            out.notes.append(f"Ignored {self.far_cells:,} cell(s) of sheet {self.sheet_name!r} more than "
                             f"{MAX_COLUMN_GAP} empty columns to the right of the table.")
        from openpyxl.utils import get_column_letter  # lazy, as every openpyxl import here

        # the table's own: a sheet that hides every column past its table (max="16384") hides none of it
        cols = sorted({c for c in self.hidden_columns if c <= self.width})
        hidden = [f"column{'s' if len(cols) > 1 else ''} " + ", ".join(get_column_letter(c) for c in cols[:8])
                  + (", ..." if len(cols) > 8 else "")] if cols else []
        rows = [r for r in self.hidden_rows if r <= self.last_filled]
        hidden += [f"row{'s' if len(rows) > 1 else ''} " + ", ".join(map(str, rows[:8]))
                   + (", ..." if len(rows) > 8 else "")] if rows else []
        if hidden:  # a hidden column of superseded figures was taken as the values, unsaid
            out.notes.append(f"Sheet {self.sheet_name!r} hides {' and '.join(hidden)}: placeviz reads hidden "
                             "cells like any other, so check that the code and value columns and the rows used are "
                             "the ones you mean.")
        return out


class Workbook:
    """An XLSX workbook's parts, read by openpyxl without touching its sheets; ``read(name)`` streams one.

    (openpyxl's own read-only workbook opens every sheet as it loads, and parses a sheet to its end when the
    sheet does not declare its size; here nothing of a sheet is read until it is asked for.)
    """

    def __init__(self, fileobj, file_name: str):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self.file_name = file_name
        reader = ExcelReader(fileobj, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        self._reader = reader
        self.archive: zipfile.ZipFile = reader.archive
        #: sheet name -> the worksheet's part in the zip (chart sheets, which hold no cells, are left out)
        self.paths = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
                      if rel.target in reader.valid_files and "chartsheet" not in (rel.Type or "")}
        self.names = list(self.paths)
        #: sheets the workbook hides from its reader (Excel's "Hide" and "very hidden")
        self.hidden = {sheet.name for sheet, _rel in reader.parser.find_sheets()
                       if sheet.name in self.paths and (sheet.state or "visible") != "visible"}

    def close(self) -> None:
        self.archive.close()

    def read(self, sheet_name: str, head: int | None = None) -> SheetRows:
        """The rows of one sheet, streamed from its XML; with ``head``, only its first rows (up to that row
        number), which costs about one block of the sheet however big it is."""
        b = _SheetBuilder(self._reader.shared_strings, _Formats(self._reader.wb), sheet_name, self.file_name)
        b.head = head
        checker = expat.ParserCreate()
        try:
            with self.archive.open(self.paths[sheet_name]) as src:
                rest = b""
                going = True
                while going:
                    block = src.read(BLOCK_BYTES)
                    data = rest + block
                    if block:
                        ends = list(_ROW_END.finditer(data, max(0, len(data) - BLOCK_BYTES - 64)))
                        cut = ends[-1].end() if ends else 0
                        data, rest = data[:cut], data[cut:]
                    checker.Parse(data, not block)
                    text = data.decode("utf-8", errors="replace")
                    _note_hidden(text, b)
                    going = _read_block(text, b) and bool(block)
        except expat.ExpatError as exc:
            raise b._damaged(f"its XML is broken: {expat.ErrorString(exc.code)}, line {exc.lineno}") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as exc:
            raise b._damaged(f"{type(exc).__name__}: {exc}") from exc
        return b.finish()


def _note_hidden(text: str, b: _SheetBuilder) -> None:
    """The rows and columns ``text`` hides (two searches at C speed; a sheet that hides nothing costs them)."""
    if 'hidden="' not in text:
        return
    b.hidden_rows += [int(m.group(1) or m.group(2)) for m in _HIDDEN_ROW.finditer(text)]
    for m in _HIDDEN_COLS.finditer(text):
        lo, hi = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        b.hidden_columns += range(lo, min(hi, lo + 1000) + 1)  # columns past the table are left out at the end


def _read_block(text: str, b: _SheetBuilder) -> bool:
    """Read the whole rows in ``text``; False once the table has ended. Plain rows (nearly every row of a
    large statistical sheet) a row at a time (``plain_rows``), the others cell by cell."""
    if not text:
        return True
    done = read_plain_rows(text, b, _read_cells)
    return _read_cells(text, b) if done is None else done


def _read_cells(text: str, b: _SheetBuilder) -> bool:
    """Read the whole rows in ``text`` cell by cell; False once the table has ended."""
    fast = _CELL_FAST.findall(text)
    if len(fast) == _cells_opened(text):
        return _fast_rows(fast, b)
    return _any_rows(text, b)


def _cells_opened(text: str) -> int:
    """How many cells ``text`` opens: counted with str.count, at C speed, unless a namespace prefix may be in
    play (then by the regular expression that sees them)."""
    if ":c" in text:
        return len(_CELL_OPEN.findall(text))
    return sum(text.count(f"<c{end}") for end in (" ", ">", "/", "\t", "\n", "\r"))


def _fast_rows(cells: list[tuple], b: _SheetBuilder) -> bool:
    row_r, row = "", []
    value, place, add_row = b.value, b.place, b.add_row
    special = b.special_styles
    for letters, r, style, typ, formula, v, inline in cells:
        if r != row_r:
            if row_r and not add_row(int(row_r), row):
                return False
            row_r, row = r, []
        j = _COLUMNS.get(letters)
        if j is None:
            j = _col_index(letters)
        if v and not typ and style not in special:  # a number in a plain style: the usual cell, made quickly
            if v.isdigit() and (v[0] != "0" or len(v) == 1):
                text = v
            elif "." in v or "E" in v or "e" in v:
                try:
                    text = cell_text(float(v))
                except ValueError:
                    text = value(j, style, typ, bool(formula), v, None)
            else:
                text = value(j, style, typ, bool(formula), v, None)
        elif v and typ == "s":
            text = b.shared_text(v)
        else:
            text = value(j, style, typ, bool(formula), v, inline or None)
        if j == len(row):  # the next cell of the row, as nearly all are
            row.append(text)
        else:
            place(row, j, text)
    return add_row(int(row_r), row) if row_r else True


def _any_rows(text: str, b: _SheetBuilder) -> bool:
    """The same as _fast_rows for cells in any shape XML allows."""
    last_row = b.last_filled
    for rm in _ROW_ANY.finditer(text):
        ra = dict(_ATTR.findall(rm.group(1)))
        i = int(ra["r"]) if ra.get("r", "").isdigit() else last_row + 1
        last_row = i
        row, j = [], -1
        for cm in _CELL_ANY.finditer(rm.group(2) or ""):
            ca = dict(_ATTR.findall(cm.group(1)))
            ref = _REF.match(ca.get("r", ""))
            j = _col_index(ref.group(1)) if ref else j + 1
            inner = cm.group(2) or ""
            vm = _VALUE.search(inner)
            inline = inner if ca.get("t") == "inlineStr" else None
            b.place(row, j, b.value(j, ca.get("s", ""), ca.get("t", ""), bool(_FORMULA.search(inner)),
                                    vm.group(1) if vm else None, inline))
        if row and not b.add_row(i, row):
            return False
    return True
