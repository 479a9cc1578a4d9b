"""Cells and numbers: what a table cell says, read the way UK downloads write it.

Thousands separators, percent and currency signs, bracketed flags and footnote marks are read through;
suppression markers (``*``, ``..``, ``c``, ``x``, ``-``, ``!``, ``#``, blank) mean no data.
"""

from __future__ import annotations

import math
import re

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


def parse_number(text, decimal_comma: bool = False) -> tuple[float | None, str]:
    """(value, status) where status is 'value', 'nodata' (a suppression marker or blank) or 'invalid'.

    Reads thousands separators ('1,234'), percent and currency signs, bracketed flags ('12.3 [u]') and
    trailing footnote marks; treats suppression markers (``*``, ``..``, ``c``, ``x``, ``-``, ``!``, ``#``,
    blank) as no data; refuses infinities and values too large to be a measurement.
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
    s = str(text).strip().strip('"').strip()
    if s.lower() in NODATA_MARKERS or LESS_THAN.match(s):
        return None, "nodata"
    s = BRACKET_FLAG.sub("", s)
    if s.lower() in NODATA_MARKERS:
        return None, "nodata"
    s = s.rstrip("!#*~†‡").strip()
    s = s.replace("£", "").replace("$", "").replace("€", "").replace("%", "").replace("\u2212", "-").strip()
    if THOUSANDS.match(s):
        s = s.replace(",", "")
    elif THOUSANDS_SPACE.match(s):
        s = re.sub(r"[ \u00a0\u202f]", "", s)
    elif decimal_comma and DECIMAL_COMMA.match(s):
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


def cell_text(v) -> str:
    """A spreadsheet cell as the text it shows: whole floats without '.0', blanks as ''."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v).strip()

