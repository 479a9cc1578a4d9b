"""Cells and numbers: what a table cell says, read the way UK downloads write it.

Thousands separators, percent and currency signs, bracketed flags and footnote marks are read through;
suppression markers (``*``, ``..``, ``c``, ``x``, ``-``, ``!``, ``#``, blank) mean no data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

#: values this large are not measurements of an area: they are reported and treated as no data
MAX_ABS_VALUE = 1e15

NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,4})?$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d+)?$")
DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
LESS_THAN = re.compile(r"^<\s*\d{1,3}$")  # '<5', '< 10': a small count suppressed
BRACKET_FLAG = re.compile(r"\s*\[[^\]]{0,20}\]\s*$")
#: cells that mean "no figure here": suppressed, not available, not applicable, missing
NODATA_MARKERS = frozenset({
    "", "*", "**", "..", "...", ".", "c", "x", "z", "u", "-", "–", "—", "!", "#", "~", ":", "?",
    "n/a", "na", "n.a.", "nan", "null", "none", "missing", "suppressed", "not available", "low",
    "[c]", "[x]", "[z]", "[u]", "[low]", "[w]", "[d]",
})


#: comma cells that cannot be thousands separators: '0,5', '12,25', '0,125', '1234,5', '1.234,5'
_COMMA_DECIMAL = re.compile(r"^[+-]?(\d+,\d{1,2}|\d+,\d{4,}|0,\d+|\d{4,},\d+|\d{1,3}([. \u00a0\u202f]\d{3})+,\d+)$")
#: comma cells that cannot be decimal marks: '1,234,567', '1,234.5'
_COMMA_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}((,\d{3}){2,}(\.\d+)?|(,\d{3})+\.\d+)$")
#: either: '12,345' is twelve thousand or twelve and a bit
_COMMA_EITHER = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")
_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def _clean(text) -> tuple[str | None, str]:
    """(the number's text, 'value'), or (None, 'nodata') for a suppression marker: flags, footnote marks,
    percent and currency signs taken off."""
    s = str(text).strip().strip('"').strip()
    if s.lower() in NODATA_MARKERS or LESS_THAN.match(s):
        return None, "nodata"
    s = BRACKET_FLAG.sub("", s)
    if s.lower() in NODATA_MARKERS:
        return None, "nodata"
    s = s.rstrip("!#*~†‡").strip()
    s = s.replace("£", "").replace("$", "").replace("€", "").replace("%", "").replace("\u2212", "-").strip()
    return s, "value"


def parse_number(text, decimal_comma: bool = False, decimal_mark: str | None = None) -> tuple[float | None, str]:
    """(value, status) where status is 'value', 'nodata' (a suppression marker or blank) or 'invalid'.

    Reads thousands separators ('1,234'), percent and currency signs, bracketed flags ('12.3 [u]') and
    trailing footnote marks; treats suppression markers (``*``, ``..``, ``c``, ``x``, ``-``, ``!``, ``#``,
    blank) as no data; refuses infinities and values too large to be a measurement.

    ``decimal_mark`` is the column's, decided from all its cells (see :func:`decimal_mark`): ',' reads
    '12,345' as 12.345 and '1.234,5' as 1234.5 (and refuses '12.5'); '.' reads commas as thousands
    separators only (and refuses '0,5'). Without it, one cell is read on its own: a comma is a thousands
    separator where it can be one, else a decimal mark when ``decimal_comma``.
    """
    if text is None:
        return None, "nodata"
    if isinstance(text, bool):
        return None, "invalid"
    if isinstance(text, (int, float, np.integer, np.floating)):
        v = float(text)
        if math.isnan(v):
            return None, "nodata"
        if not math.isfinite(v) or abs(v) > MAX_ABS_VALUE:
            return None, "invalid"
        return v, "value"
    s, status = _clean(text)
    if s is None:
        return None, status
    if decimal_mark == ",":
        if "," in s:
            if not _COMMA_DECIMAL.match(s) and not DECIMAL_COMMA.match(s):
                return None, "invalid"
            s = re.sub(r"[. \u00a0\u202f]", "", s).replace(",", ".")
        elif _DOT_THOUSANDS.match(s):
            s = s.replace(".", "")
        elif "." in s:
            return None, "invalid"  # '12.5' in a column whose decimal mark is the comma
    elif THOUSANDS.match(s) and not (decimal_mark == "." and re.match(r"^[+-]?0,", s)):
        s = s.replace(",", "")
    elif THOUSANDS_SPACE.match(s):
        s = re.sub(r"[ \u00a0\u202f]", "", s)
    elif decimal_comma and decimal_mark is None and DECIMAL_COMMA.match(s):
        s = s.replace(",", ".")
    if not NUMBER.match(s):
        return None, "invalid"
    try:
        v = float(s)
    except (ValueError, OverflowError):
        return None, "invalid"
    if not math.isfinite(v) or abs(v) > MAX_ABS_VALUE:
        return None, "invalid"
    return v, "value"


@dataclass
class DecimalMark:
    """A column's decimal mark, decided from all its cells, with what the decision rests on."""

    mark: str | None  # ',' or '.'; None when no cell has a comma (each cell is read on its own)
    example: str | None = None  # a cell with a comma, read the chosen way
    commas: int = 0  # cells with a comma in a number
    against: list[str] = field(default_factory=list)  # cells that only the other reading fits

    def note(self, column: str) -> str | None:
        """One sentence for the report, when the column has commas in its numbers."""
        if not self.example:
            return None
        value, _ = parse_number(self.example, decimal_mark=self.mark)
        read = f"{value:,.15g}" if value is not None else "no number"
        cells = f"{self.commas:,} cell{'' if self.commas == 1 else 's'}"
        if self.mark == ",":
            return (f"Commas in {column!r} are decimal marks (decided from its {cells} with a comma): "
                    f"{self.example!r} is read as {read}.")
        return (f"Commas in {column!r} are thousands separators (decided from its {cells} with a comma): "
                f"{self.example!r} is read as {read}.")


def decimal_mark(cells, semicolons: bool = False) -> DecimalMark:
    """The decimal mark of a column, from all its cells: ',' when some cells can only be decimal commas
    ('0,5', '0,125', '1.234,5'), '.' when some can only be thousands separators ('1,234,567', '1,234.5'),
    the majority when both; a column of cells that fit either ('12,345') follows the file: decimal commas in
    a semicolon-separated file (that is why it uses semicolons), thousands separators otherwise."""
    decimal, thousands, either = [], [], []
    for cell in cells:
        if not isinstance(cell, str) or "," not in cell:
            continue
        s, _ = _clean(cell)
        if not s:
            continue
        if _COMMA_DECIMAL.match(s):
            decimal.append(cell.strip())
        elif _COMMA_THOUSANDS.match(s):
            thousands.append(cell.strip())
        elif _COMMA_EITHER.match(s):
            either.append(cell.strip())
    commas = len(decimal) + len(thousands) + len(either)
    if decimal and (len(decimal) > len(thousands) or (len(decimal) == len(thousands) and semicolons)):
        return DecimalMark(",", (either or decimal)[0], commas, thousands)
    if thousands:
        return DecimalMark(".", (either or thousands)[0], commas, decimal)
    if either:
        return DecimalMark("," if semicolons else ".", either[0], commas)
    return DecimalMark(None)


def cell_text(v) -> str:
    """A spreadsheet cell as the text it shows: whole floats without '.0', blanks as ''."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v).strip()

