"""Boundary sets, places and code checks for England.

Boundary sets are the bundled GeoParquet files (EPSG:27700). Every area carries the codes of the local
authority it lies in for 2019, 2021 and 2024, and its region, so one place can select areas from any set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from placeviz.model.bundle import boundaries_dir, layers_dir
from placeviz.model.errors import UserError
from placeviz.model.names import neighbourhood_label, normalise, suggestion  # noqa: F401 (re-exported)

CRS = "EPSG:27700"
BOUNDARY_SETS = ("lsoa11", "lsoa21", "msoa11", "msoa21", "lad19", "lad21", "lad24", "ward24")
BOUNDARY_COUNTS = {"lsoa11": 32_844, "lsoa21": 33_755, "msoa11": 6_791, "msoa21": 6_856,
                   "lad19": 317, "lad21": 309, "lad24": 296, "ward24": 6_817}
CODE_PATTERNS = {
    "lsoa": re.compile(r"^E01\d{6}$"), "msoa": re.compile(r"^E02\d{6}$"),
    "la": re.compile(r"^E0[6789]\d{6}$"), "region": re.compile(r"^E12\d{6}$"),
    "ward": re.compile(r"^E05\d{6}$"),
}
CHESHIRE_AND_MERSEYSIDE = ("E06000049", "E06000050", "E06000006", "E08000011", "E08000012",
                           "E08000014", "E08000013", "E06000007", "E08000015")
LIVERPOOL_CITY_REGION = ("E06000006", "E08000011", "E08000012", "E08000014", "E08000013", "E08000015")
#: the ONS LSOA 2011 -> 2021 best-fit lookup, in layers/tables/ (written by tools/build_bundle.py)
LSOA_LOOKUP_TABLE = "lookup_lsoa11_lsoa21.parquet"
#: counties, combined authorities and ICBs as lists of 2024 local authorities, in layers/tables/
HIGHER_PLACES_TABLE = "places_higher.parquet"
#: the gazetteer (placeviz.model.gazetteer): wards, towns and postcodes, in layers/tables/
GAZETTEER_TABLES = {"wards": "gazetteer_wards.parquet", "towns": "gazetteer_towns.parquet",
                    "postcodes": "gazetteer_postcodes.parquet", "outcodes": "gazetteer_outcodes.parquet"}
#: the boundary attribute column holding an LSOA's or MSOA's House of Commons Library name
NEIGHBOURHOOD = "neighbourhood"


class UnknownPlaceError(UserError, KeyError):
    pass


class MissingBundleDataError(UserError, FileNotFoundError):
    """A table placeviz ships with is not where it should be: the bundle is incomplete."""


@cache
def boundaries(name: str):
    """The England boundary set ``name`` as a GeoDataFrame (shared and cached: do not modify it)."""
    import geopandas as gpd

    if name not in BOUNDARY_SETS:
        raise ValueError(f"Unknown boundary set {name!r}: use one of {', '.join(BOUNDARY_SETS)}.")
    g = gpd.read_parquet(boundaries_dir() / f"{name}.parquet")
    g.attrs["boundary_set"] = name
    return g


@cache
def attributes(name: str) -> pd.DataFrame:
    """A boundary set's attribute columns (codes, names, parents) without geometry; fast to read."""
    import pyarrow.parquet as pq

    path = boundaries_dir() / f"{name}.parquet"
    cols = [c for c in pq.read_schema(path).names if c != "geometry"]
    return pq.read_table(path, columns=cols).to_pandas()


@cache
def lsoa_lookup() -> pd.DataFrame:
    """The ONS LSOA 2011 -> 2021 best-fit lookup for England: lsoa11_code, lsoa21_code, change_code.

    One row per pair of 2011 and 2021 LSOAs that share ground; ``change_code`` says what happened to the
    boundary: U unchanged, S split, M merged, X irregular. Shared and cached: do not modify it.
    """
    path = layers_dir() / "tables" / LSOA_LOOKUP_TABLE
    if not path.is_file():
        raise MissingBundleDataError(
            f"The LSOA 2011 to 2021 lookup (layers/tables/{LSOA_LOOKUP_TABLE}) is missing from placeviz's "
            "bundled data: rebuild it with 'python tools/build_bundle.py'.")
    return pd.read_parquet(path)


def neighbourhood_names(set_name: str) -> pd.Series:
    """The House of Commons Library name of every area of an LSOA or MSOA set, by code ("Anfield West"; an
    LSOA has its MSOA's name); empty for local-authority sets, or for a bundle built without the names.
    Shown with ``catalog.names_attribution()`` (Open Parliament Licence, not OGL)."""
    a = attributes(set_name)
    if NEIGHBOURHOOD not in a:
        return pd.Series([], dtype=object, index=pd.Index([], name="code"))
    return a.set_index("code")[NEIGHBOURHOOD]


def level_set(level: str, vintage: int) -> str:
    """The boundary set for a level ('lsoa', 'msoa', 'la') in a census vintage (2011 or 2021)."""
    if level == "lsoa":
        return "lsoa11" if vintage == 2011 else "lsoa21"
    if level == "msoa":
        return "msoa11" if vintage == 2011 else "msoa21"
    if level == "la":
        return "lad21" if vintage == 2011 else "lad24"
    if level == "ward":
        return "ward24"  # May 2024 wards, made from 2021 LSOAs
    raise ValueError(f"Unknown level {level!r}")


@dataclass(frozen=True)
class Place:
    """A named part of England: a set of local authorities (or all of England, or a region)."""

    name: str
    kind: str  # "england", "region", "group", "la"
    codes: tuple[str, ...] = ()  # LA codes (kind la/group) or region codes (kind region)
    vintage: str = "lad21"  # which LA code column the codes are in: lad19_code, lad21_code, lad24_code
    group_type: str = ""  # a group's official kind: "county", "combined authority", "integrated care board", ...
    code: str = ""  # a group's own ONS code (E10 county, E47 combined authority, E54 ICB), where it has one
    nhs_code: str = ""  # an ICB's NHS (ODS) code: "QYG"
    successor: str = ""  # an abolished local authority: the one its area now lies in ("Cumberland")
    note: str = ""  # how the place is made, where that is not obvious (an ICB of whole local authorities)

    def mask(self, areas: pd.DataFrame) -> np.ndarray:
        """Which rows of a boundary set (or its attributes) lie in this place."""
        if self.kind == "england":
            return np.ones(len(areas), dtype=bool)
        if self.kind == "region":
            return areas["region_code"].isin(self.codes).to_numpy()
        return areas[f"{self.vintage}_code"].isin(self.codes).to_numpy()

    @property
    def description(self) -> str:
        if self.group_type:
            return self.group_type
        if self.successor:
            return "former local authority"
        return {"england": "country", "region": "region", "group": "group of local authorities",
                "la": "local authority"}[self.kind]

    @property
    def listed_name(self) -> str:
        """The name as a list shows it: "Allerdale (now Cumberland)" for an abolished district."""
        return f"{self.name} (now {self.successor})" if self.successor else self.name


@cache
def _places() -> tuple[Place, ...]:
    places = [Place("England", "england")]
    lad21 = attributes("lad21")
    regions = lad21.drop_duplicates("region_code").sort_values("region_name")
    places += [Place(name, "region", (code,)) for name, code in
               zip(regions["region_name"].tolist(), regions["region_code"].tolist(), strict=True)]
    higher = _higher_places()
    places.append(Place("Cheshire and Merseyside", "group", CHESHIRE_AND_MERSEYSIDE))
    if not any(p.name == "Liverpool City Region" for p in higher):
        places.append(Place("Liverpool City Region", "group", LIVERPOOL_CITY_REGION))
    places += higher
    seen: set[str] = set()
    lad24 = attributes("lad24")
    now = dict(zip(lad24["code"].tolist(), lad24["name"].tolist(), strict=True))
    for vintage in ("lad21", "lad24", "lad19"):
        a = attributes(vintage).sort_values("name")
        # the columns as lists: itertuples made each row's arrow strings one at a time (7,400 of them, about
        # 25 ms on the way to the first map of every command and of the app)
        for code, name, successor_code in zip(a["code"].tolist(), a["name"].tolist(), a["lad24_code"].tolist(),
                                              strict=True):
            if code not in seen:
                seen.add(code)
                successor = "" if code in now else str(now.get(successor_code, ""))
                places.append(Place(name, "la", (code,), vintage, successor=successor))
    return tuple(places)


_GROUP_ORDER = {"county": 0, "metropolitan county": 1, "metropolitan county and combined authority": 1,
                "combined authority": 2, "integrated care board": 3}
_GROUP_NOTES = {
    "integrated care board": "An NHS integrated care board (April 2024) as whole local authorities: each local "
                             "authority counts in the ICB holding most of its neighbourhoods (13 of England's "
                             "are split between two ICBs; none in Cheshire and Merseyside).",
    "combined authority": "Members as of December 2023 (ONS lookup): later authorities, such as the 2024 North "
                          "East Combined Authority, are not yet in it.",
}


def _higher_places() -> list[Place]:
    """Counties, combined authorities and ICBs from the bundled table; none when it is missing."""
    path = layers_dir() / "tables" / HIGHER_PLACES_TABLE
    if not path.is_file():
        return []
    import pyarrow.parquet as pq

    # the rows grouped in plain Python: pandas' group-by took 12 ms for these 563 rows (more as a process's
    # first), on the way to the first place of every command and of the app
    groups: dict[tuple[str, str], list[dict]] = {}  # in order of first appearance, as groupby(sort=False)
    for row in pq.read_table(path, columns=["name", "type", "code", "nhs_code", "lad24_code"]).to_pylist():
        groups.setdefault((row["name"], row["type"]), []).append(row)
    out = []
    for (name, kind), rows in groups.items():
        note = _GROUP_NOTES.get("combined authority" if "combined authority" in kind else kind, "")
        out.append(Place(name, "group", tuple(r["lad24_code"] for r in rows), "lad24", group_type=kind,
                         code=str(rows[0]["code"]), nhs_code=str(rows[0]["nhs_code"]), note=note))
    return sorted(out, key=lambda p: (_GROUP_ORDER.get(p.group_type, 9), p.name))


def list_places() -> list[Place]:
    """England, its nine regions, Cheshire and Merseyside, the counties (shire and metropolitan), combined
    authorities and NHS integrated care boards, and every local authority (abolished ones with their
    successor)."""
    return list(_places())


@cache
def _place_index() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for p in _places():
        index.setdefault(normalise(p.name), p)
        if p.kind in ("la", "region"):
            index.setdefault(p.codes[0].lower(), p)
    index.setdefault("cheshire merseyside", index["cheshire and merseyside"])
    index.setdefault("lcr", index["liverpool city region"])
    for p in _places():
        if p.group_type:  # "NHS Cheshire and Merseyside ICB", "... Integrated Care Board", its codes
            for alias in _group_aliases(p):
                index.setdefault(alias, p)
    index.setdefault("e54000008", index["cheshire and merseyside"])  # NHS Cheshire and Merseyside ICB
    return index


def _group_aliases(p: Place) -> list[str]:
    out = [c.lower() for c in (p.code, p.nhs_code) if c]
    if p.group_type == "integrated care board":
        bare = normalise(p.name).removeprefix("nhs ")
        out += [normalise(p.name) + " icb", normalise(p.name) + " integrated care board", bare + " icb"]
    if "combined authority" in p.group_type:
        out += [normalise(p.name) + " combined authority", normalise(p.name) + " ca"]
    if "county" in p.group_type and p.name.endswith(" metropolitan county"):
        out.append(normalise(p.name.removesuffix(" metropolitan county")) + " county")
    return [a for a in out if a]


def resolve_place(text: str | Place) -> Place:
    """A place by name or code, forgiving case and punctuation; an unknown name suggests the nearest."""
    if isinstance(text, Place):
        return text
    key = normalise(text)
    place = _place_index().get(key) or _place_index().get(str(text).strip().lower())
    if place is None:
        town = _town_sentence(str(text))
        if town:
            raise UnknownPlaceError(town)
        raise UnknownPlaceError(
            suggestion(str(text), [p.name for p in _places()], "place")
            + " Run 'placeviz places' to list them."
        )
    return place


def _town_sentence(text: str) -> str:
    """For a town's name: that it is a point, not a place with a boundary, and where it lies."""
    tables = layers_dir() / "tables"
    path = tables / GAZETTEER_TABLES["towns"]
    if not path.is_file() or not normalise(text):
        return ""
    t = pd.read_parquet(path, columns=["name", "lad24_code", "ward24_code"])
    t = t[t["name"].map(normalise) == normalise(text)]
    if t.empty:
        return ""
    la = attributes("lad24").set_index("code")["name"]
    w = pd.read_parquet(tables / GAZETTEER_TABLES["wards"], columns=["code", "name"]).set_index("code")["name"]
    where = "; ".join(f"{la.get(r.lad24_code, r.lad24_code)} (its centre is in {w.get(r.ward24_code, '?')} ward)"
                      for r in t.itertuples())
    first = la.get(t["lad24_code"].iloc[0], "")
    return (f"{t['name'].iloc[0]} is a town, which placeviz knows as a point, not an area with a boundary: it "
            f"lies in {where}. Map its local authority (--place {first!r}), or run 'placeviz find "
            f"{t['name'].iloc[0]}' for the neighbourhoods and ward at its centre.")


def code_kind(code: str) -> str | None:
    """'lsoa', 'msoa', 'la' or 'region' for an English ONS code, or None."""
    for kind, pat in CODE_PATTERNS.items():
        if pat.match(str(code).strip()):
            return kind
    return None


def find_area(text: str) -> tuple[str, pd.Series]:
    """An area (LSOA, MSOA or LA) by its code or exact name, searching 2011 sets before 2021 ones.

    Returns (boundary set, attribute row). Raises UnknownPlaceError with suggestions.
    """
    key = normalise(text)
    code = str(text).strip().upper()
    for name in ("lsoa11", "lsoa21", "msoa11", "msoa21", "lad21", "lad24", "lad19"):
        a = attributes(name)
        hit = a.index[a["code"] == code]
        if len(hit) == 0:
            hit = a.index[a["name"].map(normalise) == key]
        if len(hit):
            return name, a.loc[hit[0]]
    raise UnknownPlaceError(f"No area has the code or name {text!r}.")
