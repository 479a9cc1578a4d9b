"""England's postcodes as the bundle holds them (tools/build_bundle.py's ``write_gazetteer``): sorted int32 keys
(outcode index x 6,760 + the inward code), each with its row in the bundled LSOA 2011, LSOA 2021 and ward
tables and the month it was terminated, if it was. Row numbers only: ``gazetteer.find_postcode`` turns them
into codes, and the sentence for a postcode typed as a place (``geography``) reads them without the gazetteer,
which is built on geography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from placeviz.model.bundle import table_path
from placeviz.model.tables import GAZETTEER_TABLES, gazetteer_table

POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})$")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class PostcodeRows:
    """Where a postcode lies, as rows of the bundled tables (-1: none) and when it was terminated (0: live)."""

    lsoa11: int
    lsoa21: int
    ward: int
    terminated: int  # yyyymm


def normalise_postcode(text: str) -> str | None:
    """'l40th' or 'L4  0TH' -> 'L4 0TH'; None when the text is not shaped like a postcode."""
    m = POSTCODE_PATTERN.match(re.sub(r"\s+", " ", str(text).strip().upper()))
    return f"{m.group(1)} {m.group(2)}" if m else None


@cache
def _postcode_arrays():
    import pyarrow.parquet as pq

    t = pq.read_table(table_path(GAZETTEER_TABLES["postcodes"]))
    cols = {c: t.column(c).to_numpy() for c in t.column_names}
    outcodes = gazetteer_table("outcodes")["outcode"].to_numpy()
    return cols, outcodes


def postcode_key(postcode: str) -> int | None:
    """The int32 key of a normalised postcode ('L4 0TH'), or None when its outcode is not in England's."""
    outcodes = _postcode_arrays()[1]
    out, inward = postcode.split(" ")
    i = int(np.searchsorted(outcodes, out))
    if i >= len(outcodes) or outcodes[i] != out:
        return None
    return i * 6760 + int(inward[0]) * 676 + _LETTERS.index(inward[1]) * 26 + _LETTERS.index(inward[2])


def is_known_outcode(text: str) -> bool:
    _, outcodes = _postcode_arrays()
    out = str(text).strip().upper()
    i = int(np.searchsorted(outcodes, out))
    return i < len(outcodes) and outcodes[i] == out


def not_found_sentence(postcode: str) -> str:
    """Why a normalised postcode that is not in the bundle is not: outside England, or not in its directories."""
    district = postcode.split(" ")[0]
    if not is_known_outcode(district):
        return (f"{postcode} is not an English postcode: the postcode district {district} is not in England "
                "(placeviz covers England only), or it is mistyped.")
    return (f"{postcode} is not in England's postcode directories bundled with placeviz (ONS, May 2022; OS "
            "Code-Point Open, April 2025): check it; it may be newer than both or, where its district crosses the "
            "border (as CH4 and TD9 do), over the border in Wales or Scotland, which placeviz does not cover.")


def postcode_rows(postcode: str) -> PostcodeRows | None:
    """Where a normalised postcode lies, as rows; None when it is not in the bundle."""
    key = postcode_key(postcode)
    if key is None:
        return None
    cols, _ = _postcode_arrays()
    i = int(np.searchsorted(cols["key"], key))
    if i >= len(cols["key"]) or int(cols["key"][i]) != key:
        return None
    return PostcodeRows(int(cols["lsoa11"][i]), int(cols["lsoa21"][i]), int(cols["ward"][i]),
                        int(cols["terminated"][i]))
