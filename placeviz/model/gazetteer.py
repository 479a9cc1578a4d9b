"""Finding where something is: postcodes, towns and wards (the bundled gazetteer, built by
tools/build_bundle.py's ``write_gazetteer``).

A postcode is looked up in the bundle's sorted keys (``model.postcodes``), which give its rows in the
bundled LSOA 2011, LSOA 2021 and ward tables. A town is a point (OS Open Names), with the
local authority, ward and LSOA it lies in: it has no boundary here. Wards are the May 2024 wards.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from placeviz.model.geography import attributes
from placeviz.model.names import normalise, split_ward_text
from placeviz.model.postcodes import normalise_postcode, postcode_rows
from placeviz.model.tables import gazetteer_table

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


def find_postcode(text: str) -> PostcodePlace | None:
    """The areas an English postcode lies in, live or terminated; None when it is not in the bundle."""
    pcd = normalise_postcode(text)
    rows = None if pcd is None else postcode_rows(pcd)
    if rows is None:
        return None

    def code(set_name, idx):
        return None if idx < 0 else str(attributes(set_name)["code"].iat[idx])

    term = rows.terminated
    return PostcodePlace(pcd, code("lsoa11", rows.lsoa11), code("lsoa21", rows.lsoa21),
                         None if rows.ward < 0 else str(wards()["code"].iat[rows.ward]),
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


