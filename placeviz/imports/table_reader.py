"""Reading a table file (CSV, TSV, text or XLSX) into rows of text cells, before anything is interpreted."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from placeviz.imports.cells import cell_text
from placeviz.imports.codes import is_gss_code
from placeviz.imports.errors import ImportFileError
from placeviz.imports.files import check_archive, checked_path, decode_text, read_file_bytes, zip_is_xlsx
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
    """The rows of one sheet: the one named (or numbered from 1), else the one with the most area codes."""
    import openpyxl  # here, not at the top: it takes about 0.1 s to import and most imports are CSV

    check_archive(path, path.name)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(f"{path.name} is not a workbook placeviz can read ({type(exc).__name__}): open it in "
                              "Excel or LibreOffice and save it again as .xlsx or CSV.") from exc
    try:
        names = wb.sheetnames
        if not names:
            raise ImportFileError(f"{path.name} has no sheets: choose a workbook with your table in it.")
        wanted = names
        if sheet is not None and str(sheet).strip() != "":
            wanted = [_pick_sheet(names, sheet, path.name)]
        sheets = {n: _sheet_rows(wb[n]) for n in wanted}
    finally:
        wb.close()
    if len(sheets) == 1:
        n = next(iter(sheets))
    else:
        def codes_in(rows):
            return sum(1 for r in rows for c in r[:30] if c and is_gss_code(c))
        n = max(sheets, key=lambda k: (codes_in(sheets[k][0]), -names.index(k)))
    rows, pct = sheets[n]
    notes = [] if len(names) == 1 else [f"Read sheet {n!r} of {len(names)} ({', '.join(names)})."]
    return RawTable(rows=rows, source=path.name, delimiter="", encoding="XLSX", sheet=n, percent_columns=pct,
                    notes=notes, sheets=list(names))


def _sheet_rows(ws) -> tuple[list[list[str]], set[int]]:
    """A worksheet's rows as text cells (percent-formatted numbers times 100), and which columns were percent."""
    rows: list[list[str]] = []
    pct: set[int] = set()
    for r in ws.iter_rows():
        row = []
        for j, c in enumerate(r):
            v = getattr(c, "value", None)
            fmt = getattr(c, "number_format", "") or ""
            if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in fmt:
                pct.add(j)
                v = v * 100
            row.append(cell_text(v))
        rows.append(row)
        if len(rows) > 2_000_000:
            break
    return rows, pct


def _pick_sheet(names: list[str], sheet, file_name: str) -> str:
    s = str(sheet).strip()
    for n in names:
        if n == s or normalise(n) == normalise(s):
            return n
    if s.isdigit() and 1 <= int(s) <= len(names):
        return names[int(s) - 1]
    raise ImportFileError(suggestion(s, names, f"sheet in {file_name}") + f" The sheets are: {', '.join(names)}.")


def read_raw_table(path: str | Path, sheet=None) -> RawTable:
    """The rows of a table file, XLSX or text, after refusing what is not a table (old .xls, zips, empties)."""
    p = checked_path(path)
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{p.name} is an old Excel 97-2003 workbook: open it in Excel or LibreOffice and save "
                              "it as .xlsx or CSV, then import that.")
    data = read_file_bytes(p)
    if not data.strip():
        raise ImportFileError(f"{p.name} is empty: choose a file with a header row and one row per area.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(f"{p.name} is an old Excel 97-2003 workbook: open it in Excel or LibreOffice and save "
                              "it as .xlsx or CSV, then import that.")
    if suffix in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        if suffix not in (".xlsx", ".xlsm") and not zip_is_xlsx(p):
            raise ImportFileError(f"{p.name} is a zip archive, not a table: unpack it and import the file inside.")
        return read_xlsx_table(p, sheet)
    return read_text_table(data, p.name)

