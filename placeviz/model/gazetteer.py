"""Finding where something is: postcodes, towns and wards (the bundled gazetteer, built by
tools/build_bundle.py's ``write_gazetteer``).

A postcode is looked up in sorted int32 keys (outcode index x 6,760 + the inward code) with small integer
indexes into the bundled LSOA 2011, LSOA 2021 and ward tables. A town is a point (OS Open Names), with the
local authority, ward and LSOA it lies in: it has no boundary here. Wards are the May 2024 wards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from placeviz.model.bundle import layers_dir
from placeviz.model.geography import attributes
from placeviz.model.names import normalise, split_ward_text
from placeviz.model.tables import GAZETTEER_TABLES, gazetteer_table

POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})$")
OUTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: where the postcodes come from, said wherever a postcode's areas are shown
POSTCODE_SOURCE = ("Postcodes: ONS Postcode to OA/LSOA/MSOA/LAD lookup (May 2022) and OS Code-Point Open (April "
                   "2025). Source: Office for National Statistics licensed under the Open Government Licence "
                   "v3.0. Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data "
                   "© Royal Mail copyright and database right 2025.")
WARD_SOURCE = ("Wards: ONS Wards (May 2024) and the LSOA (2021) to ward (2024) best-fit lookup. Source: Office for "
               "National Statistics licensed under the Open Government Licence v3.0.")
TOWN_SOURCE = ("Towns: ONS towns (2011 built-up areas, Census 2011 residents) placed at OS Open Names points. "
               "Contains OS data © Crown copyright and database right 2019. Source: Office for National "
               "Statistics licensed under the Open Government Licence v3.0.")


@cache
def wards() -> pd.DataFrame:
    """England's May 2024 wards: code, name, lad24_code, lad_name, x, y (a point inside, BNG metres)."""
    w = gazetteer_table("wards")
    return w.assign(lad_name=w["lad24_code"].map(attributes("lad24").set_index("code")["name"]))


@cache
def towns() -> pd.DataFrame:
    """Towns and cities (ONS 2011 towns at OS Open Names points): name, code, population_2011, size, x, y,
    lad24_code, ward24_code, lsoa21_code, lad_name, ward_name."""
    t = gazetteer_table("towns")
    return t.assign(lad_name=t["lad24_code"].map(attributes("lad24").set_index("code")["name"]),
                    ward_name=t["ward24_code"].map(wards().set_index("code")["name"]))


def normalise_postcode(text: str) -> str | None:
    """'l40th' or 'L4  0TH' -> 'L4 0TH'; None when the text is not shaped like a postcode."""
    m = POSTCODE_PATTERN.match(re.sub(r"\s+", " ", str(text).strip().upper()))
    return f"{m.group(1)} {m.group(2)}" if m else None


@cache
def _postcode_arrays():
    import pyarrow.parquet as pq

    path = layers_dir() / "tables" / GAZETTEER_TABLES["postcodes"]
    if not path.is_file():
        gazetteer_table("postcodes")  # raises the missing-data sentence
    t = pq.read_table(path)
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


@dataclass(frozen=True)
class PostcodePlace:
    postcode: str
    lsoa11_code: str | None
    lsoa21_code: str | None
    ward_code: str | None
    terminated: str = ""  # "2015-03" for a postcode no longer in use

    @property
    def live(self) -> bool:
        return not self.terminated


def is_known_outcode(text: str) -> bool:
    _, outcodes = _postcode_arrays()
    out = str(text).strip().upper()
    i = int(np.searchsorted(outcodes, out))
    return i < len(outcodes) and outcodes[i] == out


def find_postcode(text: str) -> PostcodePlace | None:
    """The areas an English postcode lies in, live or terminated; None when it is not in the bundle."""
    pcd = normalise_postcode(text)
    if pcd is None:
        return None
    key = postcode_key(pcd)
    if key is None:
        return None
    cols, _ = _postcode_arrays()
    i = int(np.searchsorted(cols["key"], key))
    if i >= len(cols["key"]) or int(cols["key"][i]) != key:
        return None

    def code(set_name, idx):
        idx = int(idx)
        return None if idx < 0 else str(attributes(set_name)["code"].iat[idx])

    ward = int(cols["ward"][i])
    term = int(cols["terminated"][i])
    return PostcodePlace(pcd, code("lsoa11", cols["lsoa11"][i]), code("lsoa21", cols["lsoa21"][i]),
                         None if ward < 0 else str(wards()["code"].iat[ward]),
                         f"{term // 100}-{term % 100:02d}" if term else "")


def find_towns(text: str) -> pd.DataFrame:
    """Towns whose name is ``text`` (forgiving case and punctuation), largest first."""
    t = towns()
    key = normalise(text)
    hit = t[t["name"].map(normalise) == key]
    return hit.sort_values("population_2011", ascending=False, na_position="last")


def find_wards(text: str) -> pd.DataFrame:
    """Wards called ``text``, or "Anfield (Liverpool ward)" / "Anfield, Liverpool" for one of them."""
    w = wards()
    name, la = split_ward_text(text)
    hit = w[w["name"].map(normalise) == normalise(name)]
    if la:
        hit = hit[hit["lad_name"].map(normalise) == normalise(la)]
    return hit.sort_values(["lad_name", "code"])


