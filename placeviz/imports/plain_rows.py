"""The common shape of a large sheet's rows read a row at a time, not a cell at a time.

A statistical workbook (ONS's small-area estimates: 33,755 rows of 96 cells) is nearly all rows whose cells
run from column A without a gap, each a number or a shared string, with no formulas and no dates. Such a
row is recognised by one match of its XML, and its values are picked out by one search, so the work per
cell is done at C speed; the few cells that need it (shared strings, numbers not written as plain whole
numbers) are converted one by one, exactly as the cell-by-cell reader in ``workbook`` converts them. Any
other row is handed to that reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from placeviz.imports.cells import cell_text

# a row with its number and cells (not a self-closing row, which would swallow the next row's cells)
_ROW_START = re.compile(r'<row r="(\d+)"[^>]*(?<!/)>')
_ROW_OPEN = re.compile(r"<row\b[^>]*(?<!/)>")
# every cell of a plain row: a reference, maybe a style, maybe a shared-string type, and a value
_PLAIN_CELLS = re.compile(r'(?:<c r="[A-Z]{1,3}\d+"(?: s="\d+")?(?: t="s")?><v>[^<]*</v></c>)*')
_LETTERS = re.compile(r'<c r="([A-Z]{1,3})')
_ROW_NUMBERS = re.compile(r'<c r="[A-Z]{1,3}(\d+)"')
_STYLES = re.compile(r' s="(\d+)"')
_KINDS = re.compile(r'<c r="[A-Z]{1,3}\d+"(?: s="\d+")?( t="s")?>')
_VALUE_SPLIT = re.compile(r"<v>([^<]*)</v>")
_REF_ROW = re.compile(r'(<c r="[A-Z]{1,3})\d+"')
_STYLES_OF_CELLS = re.compile(r'<c r="[A-Z]{1,3}\x01"(?: s="(\d+)")?')
# values that stay as written: whole numbers without a sign or leading zero, separated by \x1f
_PLAIN_NUMBERS = re.compile(r"(?:0|[1-9]\d*)(?:\x1f(?:0|[1-9]\d*))*")


def _column_letters(n: int) -> list[str]:
    out = []
    for j in range(n):
        s, k = "", j + 1
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        out.append(s)
    return out


#: column letters from A, for checking that a row's cells run without a gap
_FIRST_COLUMNS = _column_letters(16_384)


def read_plain_rows(text: str, b, other_rows: Callable[[str, object], bool]) -> bool | None:
    """Read the rows in ``text`` into the sheet builder ``b``; False once the table has ended, None (nothing
    read) when the block holds XML this reader does not follow (namespace prefixes, rows it cannot see).

    ``other_rows(row_xml, b)`` reads a row that is not plain, cell by cell.
    """
    if ":row" in text or ":c " in text or ":c>" in text:
        return None
    rows = _rows(text)
    if rows is None:
        return None
    shape = _Shape("", [], plain=False)  # the last row's shape: the next row usually has the same
    others: list[str] = []  # rows that are not plain, handed on together (one call for a run of them)
    for number, cells in rows:
        if not cells:  # no cells: nothing to read, as for the cell-by-cell reader
            continue
        row = None
        if "<is>" not in cells and "<f" not in cells:  # inline strings and formulas are never plain
            parts = _VALUE_SPLIT.split(cells)
            values, skeleton = parts[1::2], "\x00".join(parts[0::2])
            if skeleton != shape.template.replace("\x01", number):
                shape = _shape(skeleton, number, b.special_styles)
            row = _plain_values(values, shape, b) if shape.plain else None
        if row is None:
            others.append(f'<row r="{number}">{cells}</row>')
            continue
        if others and not other_rows("".join(others), b):
            return False
        others = []
        if not b.add_row(int(number), row):
            return False
    return other_rows("".join(others), b) if others else True


def _rows(text: str) -> list[tuple[str, str]] | None:
    """(row number, cells XML) of each row in ``text``, split at C speed; None when a row is not in the
    shape ``<row r="N" ...>...</row>`` (the caller then reads the block cell by cell)."""
    pieces = text.split("</row>")
    out = []
    for piece in pieces[:-1]:
        start = piece.rfind("<row")
        m = _ROW_START.match(piece, start) if start >= 0 else None
        if m is None or "<row" in piece[m.end():]:
            return None
        out.append((m.group(1), piece[m.end():]))
    last = pieces[-1]
    if "<row" in last and _ROW_OPEN.search(last):  # only self-closing (empty) rows may follow the last
        return None
    return out


class _Shape:
    """A row's cells without their values and row number (``template``), whether they are ``plain``, and
    which of them hold shared strings."""

    __slots__ = ("numbers", "plain", "shared", "template")

    def __init__(self, template: str, shared: list[int], plain: bool = True):
        self.template, self.shared, self.plain = template, shared, plain
        cells = template.count("\x00")
        #: the cells that hold numbers, when some hold shared strings
        self.numbers = sorted(set(range(cells)).difference(shared)) if shared else None


def _shape(skeleton: str, number: str, special: set[str]) -> _Shape:
    """The shape of a row from its ``skeleton`` (its XML with each value cut out, the cuts marked by
    \\x00): plain when its cells run from column A without a gap, all on row ``number``, in ordinary styles.
    A row that is not plain keeps its template too, so that the rows like it are known at once."""
    cells = skeleton.replace("\x00", "<v></v>")
    if not cells.endswith("</c>") or not _PLAIN_CELLS.fullmatch(cells):
        return _Shape("", [], plain=False)
    template = _REF_ROW.sub(lambda m: m.group(1) + "\x01\"", skeleton)
    other = _Shape(template, [], plain=False)
    letters = _LETTERS.findall(cells)
    if letters != _FIRST_COLUMNS[:len(letters)] or skeleton.count("\x00") != len(letters):
        return other
    if any(n != number for n in set(_ROW_NUMBERS.findall(cells))):
        return _Shape("", [], plain=False)  # cells of other rows: its template would not say so
    if not set(_STYLES.findall(cells)).isdisjoint(special):
        return other
    return _Shape(template, [k for k, kind in enumerate(_KINDS.findall(cells)) if kind])


def _plain_values(values: list[str], shape: _Shape, b) -> list[str] | None:
    """The texts of a plain row's cells: shared strings looked up, unusual numbers converted."""
    for k in shape.shared:
        if not values[k]:  # a shared-string cell without a number: the cell-by-cell reader's business
            return None
        values[k] = b.shared_text(values[k])
    if shape.numbers is not None:
        numbers = shape.numbers
        joined = "\x1f".join([values[k] for k in numbers])
    else:
        numbers, joined = range(len(values)), "\x1f".join(values)
    if joined and not _PLAIN_NUMBERS.fullmatch(joined):
        for k in numbers:
            v = values[k]
            if not (v.isdigit() and (v[0] != "0" or len(v) == 1)):
                values[k] = _number_text(v, k, shape, b)
    return values


def _number_text(v: str, j: int, shape: _Shape, b) -> str:
    """A number cell's text, as the cell-by-cell reader makes it (its style is ordinary: checked above)."""
    if v and ("." in v or "E" in v or "e" in v):
        try:
            return cell_text(float(v))
        except ValueError:
            pass
    return b.value(j, _STYLES_OF_CELLS.findall(shape.template)[j], "", False, v, None)
