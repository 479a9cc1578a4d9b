"""Reading a table file (CSV, TSV, text or XLSX) into rows of text cells, before anything is interpreted."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from placeviz.imports.codes import is_gss_code
from placeviz.imports.errors import ImportFileError
from placeviz.imports.files import (
    OLE_MAGIC,
    check_archive,
    checked_path,
    decode_text,
    file_head,
    ole_problem,
    read_errors,
    read_file_bytes,
    zip_is_xlsx,
)
from placeviz.imports.workbook import SheetRows, Workbook
from placeviz.model.names import normalise, suggestion


@dataclass
class RawTable:
    """A table file as rows of text cells, before anything is interpreted."""

    rows: list[list[str]]
    source: str
    delimiter: str = ","
    encoding: str = "utf-8"
    sheet: str | None = None
    percent_columns: set[int] = field(default_factory=set)  # XLSX columns formatted as percentages
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    uncalculated: dict[int, int] = field(default_factory=dict)  # XLSX column -> formulas saved without values


#: a quoted cell may run over at most this many lines (a footnote, a header with line breaks); an opening
#: quote that does not close within them is a stray quote, and spoils its own line only
MAX_CELL_LINES = 200
_QUOTED_CELL: dict[str, re.Pattern] = {}
_CONTINUED = re.compile(r'^(?:[^"]|"")*("?)')


def _quote_open_at_end(line: str, delimiter: str, inside: bool) -> bool:
    """Whether a quoted cell is still open at the end of ``line`` (CSV's rules: a cell that starts with a
    quote runs to the next lone quote, ``""`` inside it being a quote), given whether one was open at its
    start."""
    pos = 0
    if inside:
        m = _CONTINUED.match(line)
        if not m.group(1):
            return True
        pos = m.end()
    if '"' not in line[pos:]:
        return False
    pattern = _QUOTED_CELL.get(delimiter)
    if pattern is None:
        pattern = _QUOTED_CELL[delimiter] = re.compile(
            r'(?:^|(?<=' + re.escape(delimiter) + r'))"(?:[^"]|"")*("?)')
    return any(not m.group(1) and m.end() == len(line) for m in pattern.finditer(line, pos))


def _closing_line(lines: list[str], start: int, delimiter: str) -> int | None:
    """The line where the quoted cell opened on line ``start`` closes, or None when it does not close within
    MAX_CELL_LINES or a line on the way starts like a row of its own (an area code, then the delimiter)."""
    looks_like_row = re.compile(r'^\s*"?[EWSNKLM]\d{8}"?\s*' + re.escape(delimiter))
    for k in range(start + 1, min(len(lines), start + 1 + MAX_CELL_LINES)):
        if looks_like_row.match(lines[k]):
            return None
        if not _quote_open_at_end(lines[k], delimiter, inside=True):
            return k
    return None


def _split_rows(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    """The rows of delimited text, read by the csv module: a quoted cell may hold the delimiter and line
    breaks. An opening quote that never closes (a ragged file) spoils its own line, not the rest of the file."""
    lines = text.splitlines()
    if limit:
        lines = lines[:limit]
    out = []
    i = 0
    while i < len(lines):
        line, end = lines[i], i
        if '"' in line and _quote_open_at_end(line, delimiter, inside=False):
            k = _closing_line(lines, i, delimiter)
            if k is not None:
                line, end = "\n".join(lines[i:k + 1]), k
        if end > i:
            try:
                out.append(_one_row(line, delimiter))
                i = end + 1
                continue
            except csv.Error:  # a cell too long for the csv module: read the lines one by one instead
                line = lines[i]
        try:
            out.append(_one_row(line, delimiter))
        except csv.Error:
            out.append(line.split(delimiter))
        i += 1
    return out


def _one_row(record: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, quotechar='"', strict=False), [])


def guess_delimiter(text: str) -> str:
    """The delimiter that splits most lines into the same number (more than one) of fields."""
    best, best_score = ",", -1.0
    for d in (",", "\t", ";", "|"):
        rows = [r for r in _split_rows(text, d, limit=400) if any(c.strip() for c in r)]
        if not rows:
            continue
        widths = Counter(len(r) for r in rows if len(r) > 1)
        if not widths:
            continue
        width, n = widths.most_common(1)[0]
        coded = sum(1 for r in rows if any(is_gss_code(c) for c in r))
        score = n + 2 * coded + width * 1e-3
        if score > best_score:
            best, best_score = d, score
    return best


def read_text_table(data: bytes, name: str) -> RawTable:
    """The rows of a delimited text file, decoded and split on the delimiter that fits it best."""
    text, encoding = decode_text(data, name)
    if not text.strip():
        raise ImportFileError(f"{name} is empty: choose a file with a header row and one row per area.")
    if re.match(r"\s*<(!doctype html|html|\?xml)", text[:200], re.I):
        raise ImportFileError(f"{name} is a web page or XML, not a table (the site may have sent an error page): "
                              "download the CSV again.")
    delimiter = guess_delimiter(text)
    rows = _split_rows(text, delimiter)
    return RawTable(rows=rows, source=name, delimiter=delimiter, encoding=encoding)


def read_xlsx_table(path: Path, sheet: str | int | None = None) -> RawTable:
    """The rows of one sheet: the one named (or numbered from 1), else the one with the most area codes.

    Only the chosen sheet is parsed when one is named; the sheets are streamed (see imports.workbook).
    """
    check_archive(path, path.name)
    with read_errors(path.name), open(path, "rb") as f:
        try:
            # a file object, not the path: openpyxl refuses a workbook whose name does not end in .xlsx
            wb = Workbook(f, path.name)
        except ImportFileError:
            raise
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
            raise ImportFileError(f"{path.name} is not a workbook placeviz can read ({type(exc).__name__}): open it "
                                  "in Excel or LibreOffice and save it again as .xlsx or CSV.") from exc
        try:
            names = wb.names
            if not names:
                raise ImportFileError(f"{path.name} has no sheets: choose a workbook with your table in it.")
            wanted = names
            if sheet is not None and str(sheet).strip() != "":
                wanted = [_pick_sheet(names, sheet, path.name)]
            n, got = (wanted[0], None) if len(wanted) == 1 else _likeliest_sheet(wb, wanted)
            if got is None:  # not read whole while choosing
                got = wb.read(n)
            hidden = wb.hidden
        finally:
            wb.close()
    shown = [f"{k} (hidden)" if k in hidden else k for k in names]
    notes = [] if len(names) == 1 else [f"Read sheet {n!r} of {len(names)} ({', '.join(shown)})."]
    if n in hidden:
        notes.append(f"The sheet {n!r} is hidden in the workbook: check that it holds the figures you mean.")
    return RawTable(rows=got.rows, source=path.name, delimiter="", encoding="XLSX", sheet=n,
                    percent_columns=got.percent_columns, notes=notes + got.notes, sheets=list(names),
                    uncalculated=got.uncalculated)


#: a sheet is chosen from a glance at its first rows: this many
GLANCE_ROWS = 1_000


def _likeliest_sheet(wb, names: list[str]) -> tuple[str, SheetRows | None]:
    """The sheet with the most area codes in its first rows (the first on a tie), from a glance at each, so
    that only the one chosen is read whole; when no sheet has a code near its top, the one with the most in
    all (each read whole, one at a time), with its rows, so that it is not read a second time. A hidden sheet
    (old figures, lookups) is chosen only when no visible sheet has a code."""
    visible = [k for k in names if k not in wb.hidden]
    hidden = [k for k in names if k in wb.hidden]
    for group in (visible, hidden):
        chosen = _likeliest_sheet_of(wb, group) if group else None
        if chosen is not None:
            return chosen
    return names[0], None


def _likeliest_sheet_of(wb, names: list[str]) -> tuple[str, SheetRows | None] | None:
    """_likeliest_sheet among ``names``; None when none of them has an area code."""
    glances = [_codes_in(wb.read(k, head=GLANCE_ROWS).rows) for k in names]
    if max(glances):
        return names[glances.index(max(glances))], None
    best, most = None, 0
    for k in names:  # only the best sheet so far is kept while the next is read
        got = wb.read(k)
        codes = _codes_in(got.rows)
        if codes > most:
            best, most = (k, got), codes
    return best


def _codes_in(rows: list[list[str]]) -> int:
    return sum(1 for r in rows for c in r[:30] if c and is_gss_code(c))


def _pick_sheet(names: list[str], sheet, file_name: str) -> str:
    s = str(sheet).strip()
    for n in names:
        if n == s or normalise(n) == normalise(s):
            return n
    if s.isdigit() and 1 <= int(s) <= len(names):
        return names[int(s) - 1]
    raise ImportFileError(suggestion(s, names, f"sheet in {file_name}") + f" The sheets are: {', '.join(names)}.")


def read_raw_table(path: str | Path, sheet=None) -> RawTable:
    """The rows of a table file, XLSX or text, after refusing what is not a table (old .xls, zips, empties).

    What the file is comes from its first bytes, not its name: a zip (XLSX), a compound file (an old .xls or
    a password-protected workbook) or text.
    """
    p = checked_path(path)
    suffix = p.suffix.lower()
    head = file_head(p)
    if head == OLE_MAGIC or (suffix == ".xls" and not head.startswith(b"PK\x03\x04")):
        raise ImportFileError(ole_problem(p))
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm") or zip_is_xlsx(p):
            return read_xlsx_table(p, sheet)
        check_archive(p)  # a damaged zip says so
        raise ImportFileError(f"{p.name} is a zip archive, not a table: unpack it and import the file inside.")
    data = read_file_bytes(p)
    if not data.strip():
        raise ImportFileError(f"{p.name} is empty: choose a file with a header row and one row per area.")
    if suffix in (".xlsx", ".xlsm"):
        try:  # a text table saved with a workbook's ending reads as the text it is
            raw = read_text_table(data, p.name)
        except ImportFileError as exc:
            raise ImportFileError(f"{p.name} is not an Excel workbook despite its {suffix} ending (nor a text "
                                  "table): open it in Excel or LibreOffice and save it again as .xlsx or CSV.") from exc
        raw.notes.append(f"{p.name} is a text table despite its {suffix} ending: read as text.")
        return raw
    return read_text_table(data, p.name)
