"""Area codes: reading an ONS (GSS) code out of a cell, and which boundary set a column of codes belongs to."""

from __future__ import annotations

import re
from collections import Counter

from placeviz.model.catalog import GEOGRAPHY_LEVEL
from placeviz.model.geography import attributes

GSS_CODE = re.compile(r"^[EWSNKLM]\d{8}$")
#: boundary sets that hold codes of each kind, newest first (the tie-break when codes fit several years)
SETS_BY_PREFIX = {
    "E01": ("lsoa21", "lsoa11"), "E02": ("msoa21", "msoa11"),
    "E06": ("lad24", "lad21", "lad19"), "E07": ("lad24", "lad21", "lad19"),
    "E08": ("lad24", "lad21", "lad19"), "E09": ("lad24", "lad21", "lad19"),
}
#: the other years of the same kind of area: a code found there is reported as 'other year', not unknown
SIBLING_SETS = {
    "lsoa11": ("lsoa21",), "lsoa21": ("lsoa11",), "msoa11": ("msoa21",), "msoa21": ("msoa11",),
    "lad19": ("lad21", "lad24"), "lad21": ("lad24", "lad19"), "lad24": ("lad21", "lad19"),
}
#: kinds of area placeviz does not map, by code prefix: their rows are set aside and named in the report
OTHER_AREA_KINDS = {
    "E92": "England", "E12": "regions", "E10": "counties", "E11": "metropolitan counties",
    "E05": "electoral wards", "E38": "NHS sub-ICB locations", "E54": "integrated care boards",
    "E40": "NHS regions", "E47": "combined authorities", "E14": "parliamentary constituencies",
    "E13": "inner/outer London", "E00": "output areas", "K02": "the United Kingdom",
    "K03": "Great Britain", "K04": "England and Wales",
}
NATIONS = {"W": "Wales", "S": "Scotland", "N": "Northern Ireland"}


_CODE_THEN_NAME = re.compile(r"^([EWSNKLM]\d{8})\s*[:|–-]\s*\S.*$")
_NAME_THEN_CODE = re.compile(r"^\S.*?[\s(\[]([EWSNKLM]\d{8})[)\]]?$")


def normalise_code(text) -> str:
    """An area code as written in a cell: 'e01006512 ' -> 'E01006512'; also the code out of the combined
    'E01006512 : Liverpool 001A' and 'Liverpool 001A (E01006512)' cells that some downloads have."""
    s = str(text).strip().strip('"').strip().upper()
    if len(s) > 9:
        m = _CODE_THEN_NAME.match(s) or _NAME_THEN_CODE.match(s)
        if m:
            return m.group(1)
    return s


def is_gss_code(text) -> bool:
    """True when the cell holds an ONS (GSS) area code, of any nation or kind."""
    if isinstance(text, str) and len(text) < 9:  # a code has nine characters: most cells (numbers) are shorter
        return False
    return bool(GSS_CODE.match(normalise_code(text)))


def boundary_year_hints(texts: list[str]) -> set[str]:
    """Boundary-year hints from the header and title lines."""
    t = " ".join(texts).lower()
    hints = set()
    if re.search(r"2011|lsoa11|msoa11|11cd", t):
        hints |= {"lsoa11", "msoa11"}
    if re.search(r"2021|lsoa21|msoa21|21cd", t):
        hints |= {"lsoa21", "msoa21", "lad21"}
    if re.search(r"2019|lad19|19cd", t):
        hints.add("lad19")
    if re.search(r"2023|2024|lad23|lad24|23cd|24cd", t):
        hints.add("lad24")
    return hints


def detect_geography(codes: list[str], hints: set[str] | None = None) -> tuple[str | None, dict[str, int]]:
    """The boundary set most of ``codes`` belong to, and how many of them each candidate set holds.

    Ties (codes that exist in several years, as most do) go to a year named in the header or title
    lines, else to the newest set.
    """
    codes = [c for c in codes if c]
    prefixes = Counter(c[:3] for c in codes)
    candidates: list[str] = []
    for prefix in prefixes:
        for s in SETS_BY_PREFIX.get(prefix, ()):
            if s not in candidates:
                candidates.append(s)
    unique = set(codes)
    counts = {s: len(unique & code_set(s)) for s in candidates}
    if not counts or max(counts.values()) == 0:
        return None, counts
    hints = hints or set()
    order = ["lsoa21", "lsoa11", "msoa21", "msoa11", "lad24", "lad21", "lad19"]
    best = max(counts, key=lambda s: (counts[s], s in hints, -order.index(s)))
    return best, counts



_AREA_WORDS = {"lsoa": "LSOAs", "msoa": "MSOAs", "la": "local authorities"}


def area_words(set_name: str | None) -> str | None:
    """What the areas of a boundary set are called in a report: 'LSOAs', 'MSOAs' or 'local authorities'."""
    return _AREA_WORDS.get(GEOGRAPHY_LEVEL.get(set_name or ""))


def level_of(code: str) -> str | None:
    """'LSOAs', 'MSOAs' or 'local authorities' when the code is an area of any bundled year, else None."""
    for s in SETS_BY_PREFIX.get(code[:3], ()):
        if code in code_set(s):
            return area_words(s)
    return None


_CODE_SETS: dict[str, frozenset] = {}


def code_set(set_name: str) -> frozenset:
    """Every area code of a boundary set (read once per session)."""
    if set_name not in _CODE_SETS:
        _CODE_SETS[set_name] = frozenset(attributes(set_name)["code"])
    return _CODE_SETS[set_name]
