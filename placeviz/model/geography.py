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

from placeviz.model.bundle import MissingBundleDataError, boundary_path, layers_dir, table_path
from placeviz.model.errors import UserError
from placeviz.model.names import (  # noqa: F401 (neighbourhood_label re-exported)
    looks_like_ward,
    neighbourhood_label,
    normalise,
    split_ward_text,
    suggestion,
    ward_label,
)
from placeviz.model.postcodes import normalise_postcode, not_found_sentence, postcode_rows
from placeviz.model.tables import gazetteer_table

CRS = "EPSG:27700"
BOUNDARY_SETS = ("lsoa11", "lsoa21", "msoa11", "msoa21", "lad19", "lad21", "lad24", "ward24")
BOUNDARY_COUNTS = {"lsoa11": 32_844, "lsoa21": 33_755, "msoa11": 6_791, "msoa21": 6_856,
                   "lad19": 317, "lad21": 309, "lad24": 296, "ward24": 6_784}
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
#: the boundary attribute column holding an LSOA's or MSOA's House of Commons Library name
NEIGHBOURHOOD = "neighbourhood"


class UnknownPlaceError(UserError, KeyError):
    pass


@cache
def boundaries(name: str):
    """The England boundary set ``name`` as a GeoDataFrame (shared and cached: do not modify it)."""
    import geopandas as gpd

    if name not in BOUNDARY_SETS:
        raise ValueError(f"Unknown boundary set {name!r}: use one of {', '.join(BOUNDARY_SETS)}.")
    g = gpd.read_parquet(boundary_path(name))
    g.attrs["boundary_set"] = name
    return g


@cache
def attributes(name: str) -> pd.DataFrame:
    """A boundary set's attribute columns (codes, names, parents) without geometry; fast to read."""
    import pyarrow.parquet as pq

    path = boundary_path(name)
    cols = [c for c in pq.read_schema(path).names if c != "geometry"]
    return pq.read_table(path, columns=cols).to_pandas()


@cache
def lsoa_lookup() -> pd.DataFrame:
    """The ONS LSOA 2011 -> 2021 best-fit lookup for England: lsoa11_code, lsoa21_code, change_code.

    One row per pair of 2011 and 2021 LSOAs that share ground; ``change_code`` says what happened to the
    boundary: U unchanged, S split, M merged, X irregular. Shared and cached: do not modify it.
    """
    return pd.read_parquet(table_path(LSOA_LOOKUP_TABLE))


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
        return "ward24"  # May 2024 wards, each the union of its best-fit 2021 LSOAs
    raise ValueError(f"Unknown level {level!r}")


@dataclass(frozen=True)
class Place:
    """A named part of England: a set of local authorities (or all of England, or a region, or a ward)."""

    name: str
    kind: str  # "england", "region", "group", "la", "ward"
    codes: tuple[str, ...] = ()  # LA codes (kind la/group), region codes (kind region) or a ward's code
    vintage: str = "lad21"  # which LA code column the codes are in: lad19_code, lad21_code, lad24_code
    group_type: str = ""  # a group's official kind: "county", "combined authority", "integrated care board", ...
    code: str = ""  # a group's own ONS code (E10 county, E47 combined authority, E54 ICB), where it has one
    nhs_code: str = ""  # an ICB's NHS (ODS) code: "QYG"
    successor: str = ""  # an abolished local authority: the one its area now lies in ("Cumberland")
    note: str = ""  # how the place is made, where that is not obvious (an ICB of whole local authorities)
    la_codes: tuple[str, ...] = ()  # a ward's local authority in 2024, 2021 and 2019: an LA layer shows it

    def mask(self, areas: pd.DataFrame, set_name: str | None = None) -> np.ndarray:
        """Which rows of a boundary set (or its attributes) lie in this place; ``set_name``, which set they are,
        where their columns cannot tell (a ward's MSOAs: those of 2011 and 2021 have the same columns)."""
        if self.kind == "england":
            return np.ones(len(areas), dtype=bool)
        if self.kind == "region":
            return areas["region_code"].isin(self.codes).to_numpy()
        if self.kind == "ward":
            return _ward_mask(self, areas, set_name)
        return areas[f"{self.vintage}_code"].isin(self.codes).to_numpy()

    @property
    def la_code(self) -> str:
        """A ward's 2024 local authority."""
        return self.la_codes[0] if self.la_codes else ""

    @property
    def description(self) -> str:
        if self.group_type:
            return self.group_type
        if self.successor:
            return "former local authority"
        return {"england": "country", "region": "region", "group": "group of local authorities",
                "la": "local authority", "ward": "ward (May 2024)"}[self.kind]

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
    for p in _places():  # an abolished district as lists show it, "Allerdale (now Cumberland)", after the names
        if p.successor:
            index.setdefault(normalise(p.listed_name), p)
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
    if not str(text).strip():
        raise UnknownPlaceError("No place was given: name one, such as 'Liverpool' or 'Anfield (Liverpool ward)'. "
                                "Run 'placeviz places' to list them.")
    key = normalise(text)
    place = _place_index().get(key) or _place_index().get(str(text).strip().lower()) or _ward_place(str(text))
    if place is None:
        hint = _postcode_sentence(str(text)) or _town_sentence(str(text)) or _ward_sentence(str(text))
        if hint:
            raise UnknownPlaceError(hint)
        ward_form = looks_like_ward(str(text))
        candidates = ward_labels() if ward_form else [p.name for p in _places()]
        raise UnknownPlaceError(
            suggestion(str(text), sorted(set(candidates)), "place")
            + " Run 'placeviz places' to list them" + (" (--kind ward for wards)." if ward_form else ".")
        )
    return place


def _ward_mask(ward: Place, areas: pd.DataFrame, set_name: str | None = None) -> np.ndarray:
    """A ward's areas: the LSOAs best-fitted to it (a 2011 LSOA through the 2021 LSOAs it became), the ward
    itself in the ward set, the MSOAs holding its LSOAs, or its local authority in a local-authority set."""
    if "ward24_code" in areas:
        inside = (areas["ward24_code"] == ward.codes[0]).to_numpy()
        return inside | areas["code"].isin(ward_shared_lsoa11(ward.codes[0])).to_numpy()
    codes = areas["code"].astype(str)
    if codes.str.startswith("E05").any():
        return (codes == ward.codes[0]).to_numpy()
    if codes.str.startswith("E02").any():
        # the MSOAs holding its LSOAs of the same census (2011 MSOAs hold 2011 LSOAs); both where unsaid
        vintage = {"msoa11": ("lsoa11",), "msoa21": ("lsoa21",)}.get(set_name, ("lsoa11", "lsoa21"))
        msoas = set()
        for lsoas in (attributes(name) for name in vintage):
            msoas |= set(lsoas.loc[_ward_mask(ward, lsoas), "msoa_code"])
        return codes.isin(msoas).to_numpy()
    return areas["code"].isin(ward.la_codes).to_numpy()  # a local-authority set of 2019, 2021 or 2024


@cache
def _lsoa11_wards() -> frozenset[str]:
    return frozenset(attributes("lsoa11")["ward24_code"])


@cache
def ward_shared_lsoa11(ward_code: str) -> frozenset[str]:
    """For a ward that holds most of no 2011 LSOA (four do, by the Census 2021 residents rule of
    ``model.lsoa11_ward``): the 2011 LSOAs sharing ground with its best-fit 2021 LSOAs (ONS LSOA 2011 -> 2021
    lookup), which show it on 2011 areas; empty for every other ward."""
    if ward_code in _lsoa11_wards():
        return frozenset()
    lsoa21 = attributes("lsoa21")
    lookup = lsoa_lookup()
    mine = lookup["lsoa21_code"].isin(set(lsoa21.loc[lsoa21["ward24_code"] == ward_code, "code"]))
    return frozenset(lookup.loc[mine, "lsoa11_code"])


@cache
def _ward_rows() -> dict[str, int]:
    """Every ward with an area (at least one best-fit 2021 LSOA), by "Anfield (Liverpool ward)", "Anfield,
    Liverpool" and its code, to its row of the ward set; by its bare name too where no other ward, and no town,
    has it (a town is a point, and its name means the town: --place Gillingham is not Gillingham ward in Dorset).
    Rows, not places: a ward's Place is made when it is asked for (6,784 took 0.15 s)."""
    a = attributes("ward24")
    index: dict[str, int] = {}
    try:
        bare = gazetteer_table("wards")["name"].map(normalise)
        unique = set(bare[~bare.duplicated(keep=False)]) - set(gazetteer_table("towns")["name"].map(normalise))
    except MissingBundleDataError:  # without the gazetteer a bare name cannot be checked: labels and codes only
        unique = set()
    for i, (name, la, code) in enumerate(zip(a["name"].tolist(), a["lad_name"].tolist(), a["code"].tolist(),
                                             strict=True)):
        for key in (normalise(ward_label(name, la)), normalise(f"{name}, {la}"), code.lower()):
            index[key] = i
        if normalise(name) in unique:
            index.setdefault(normalise(name), i)
    return index


@cache
def _ward_columns() -> tuple[list, ...]:
    """The ward set's columns a ward place is made of, as plain lists: a row of the frame each (``iloc``) took
    0.5 s for all 6,784 wards."""
    a = attributes("ward24")
    return tuple(a[c].tolist() for c in ("name", "lad_name", "code", "lad24_code", "lad21_code", "lad19_code"))


@cache
def _ward_at(row: int) -> Place:
    """The ward at ``row`` of the ward set, as a place."""
    name, la, code, lad24, lad21, lad19 = (column[row] for column in _ward_columns())
    return Place(ward_label(name, la), "ward", (code,), "ward24", code=code, la_codes=(lad24, lad21, lad19),
                 note=WARD_PLACE_NOTE)


@cache
def mapped_ward_codes() -> frozenset[str]:
    """The wards that have an area (at least one best-fit 2021 LSOA): 6,784 of England's 6,817."""
    return frozenset(attributes("ward24")["code"])


#: how a ward is made into a place, said with its maps and profile
WARD_PLACE_NOTE = ("A ward (May 2024) is shown as the neighbourhoods (LSOAs) the ONS best-fit lookup puts in it: "
                   "each 2021 LSOA counts wholly in the ward holding most of its residents, so the area can "
                   "differ slightly from the official ward boundary.")


def ward_shared_ground_note(place: Place) -> str:
    """For a ward that holds most of no 2011 LSOA: how it is shown on 2011 areas; empty for any other place."""
    shared = ward_shared_lsoa11(place.codes[0]) if place.kind == "ward" else frozenset()
    if not shared:
        return ""
    which = ("the 2011 LSOA that shares ground with its 2021 ones (ONS LSOA 2011 to 2021 lookup): it reaches"
             if len(shared) == 1 else
             f"the {len(shared)} 2011 LSOAs that share ground with its 2021 ones (ONS LSOA 2011 to 2021 lookup): they "
             "reach")
    return (f"No 2011 neighbourhood (LSOA) lies mostly in {place.name}, so on 2011 areas it is shown as {which} "
            "beyond the ward, and figures on 2011 areas describe that wider area.")


def ward_map_note(ward: Place, set_name: str) -> str:
    """What a map of a ward shows at the level of ``set_name``, said with it."""
    if set_name.startswith("lsoa11"):
        return ward_shared_ground_note(ward) or ("A ward (May 2024) is shown as the 2011 neighbourhoods (LSOAs) most of whose residents live in "
                "the 2021 LSOAs the ONS best-fit lookup puts in it (Census 2021 usual residents); the area can "
                "differ from the official ward "
                "boundary.")
    if set_name.startswith("msoa"):
        return ("A ward (May 2024) is shown as the MSOAs that hold its neighbourhoods, which reach beyond the "
                "ward: MSOA figures cannot show the ward alone.")
    if set_name.startswith("lad"):
        la = attributes(set_name).set_index("code")["name"].reindex(list(ward.la_codes)).dropna()
        where = str(la.iloc[0]) if len(la) else "its local authority"
        return (f"This map shows {where}, the local authority {ward.name} lies in: a local-authority layer's "
                "figures cannot show the ward alone.")
    return ward.note


def ward_labels() -> list[str]:
    """Every mappable ward as a place is named, "Anfield (Liverpool ward)", sorted: for lists and completers
    (quicker than building each ward's Place)."""
    a = attributes("ward24")
    return sorted(ward_label(a["name"], a["lad_name"]).tolist())


def list_wards() -> list[Place]:
    """Every ward that can be mapped (with a best-fit LSOA), by local authority and name."""
    return sorted((_ward_at(i) for i in range(len(attributes("ward24")))), key=lambda p: p.name)


def _ward_place(text: str) -> Place | None:
    """A ward by "Anfield (Liverpool ward)", "Anfield, Liverpool", its code or its name where that is unique.
    Tried only after the places a list shows, so "Halton" stays the local authority."""
    row = _ward_rows().get(normalise(text))
    row = _ward_rows().get(str(text).strip().lower()) if row is None else row
    return None if row is None else _ward_at(row)


def _ward_sentence(text: str) -> str:
    """For a ward's name that is not a place: which of the wards so called is meant, or why a ward that no
    LSOA is fitted to has no area."""
    name, la_name = split_ward_text(text)
    if not normalise(name):
        return ""
    try:
        w = gazetteer_table("wards")
    except MissingBundleDataError:
        return ""
    w = w[w["name"].map(normalise) == normalise(name)]
    w = w.assign(la=w["lad24_code"].map(attributes("lad24").set_index("code")["name"]))
    if la_name:
        w = w[w["la"].map(normalise) == normalise(la_name)]
    if w.empty:
        return ""
    fitted = mapped_ward_codes()
    if len(w) == 1 and w["code"].iloc[0] not in fitted:
        r = w.iloc[0]
        return (f"{r['name']} ({r['la']} ward) has no neighbourhood (LSOA) of its own: the ONS best-fit lookup "
                f"puts every LSOA that overlaps it in a neighbouring ward, so placeviz has no area for it. Map "
                f"{r['la']} (--place {r['la']!r}), or run: placeviz find {r['name']!r}")
    labels = [ward_label(r["name"], r["la"]) for _, r in w.sort_values("la").iterrows() if r["code"] in fitted]
    shown = ", ".join(repr(x) for x in labels[:4]) + (f" and {len(labels) - 4} more" if len(labels) > 4 else "")
    return f"{len(w)} wards are called {w['name'].iloc[0]}: say which, as {shown}."


def _postcode_sentence(text: str) -> str:
    """For a postcode: that it is a point, not a place with a boundary, and the ward and local authority it
    lies in (or why placeviz cannot say); "" for text not shaped like a postcode."""
    pcd = normalise_postcode(text)
    if pcd is None:
        return ""
    try:
        rows = postcode_rows(pcd)
        ward_table = gazetteer_table("wards")
    except MissingBundleDataError:
        return ""
    if rows is None:
        return not_found_sentence(pcd)
    set_name, row = ("lsoa21", rows.lsoa21) if rows.lsoa21 >= 0 else ("lsoa11", rows.lsoa11)
    if row < 0:
        return ""
    la = str(attributes(set_name)["lad_name"].iat[row])
    ward = ward_la = None
    if rows.ward >= 0 and str(ward_table["code"].iat[rows.ward]) in mapped_ward_codes():
        # the ward's own authority: near a boundary it can differ from the one holding the postcode's LSOA
        ward_la = str(attributes("lad24").set_index("code").at[ward_table["lad24_code"].iat[rows.ward], "name"])
        ward = ward_label(str(ward_table["name"].iat[rows.ward]), ward_la)
    gone = f" (taken out of use in {rows.terminated // 100}-{rows.terminated % 100:02d})" if rows.terminated else ""
    if ward is None:
        where, maps = la, f"its local authority (--place {la!r})"
    elif ward_la == la:
        where, maps = f"{ward}, in {la}", f"its ward (--place {ward!r}) or its local authority (--place {la!r})"
    else:
        where = f"{ward}, and its neighbourhood (LSOA) in {la}"
        maps = f"its ward (--place {ward!r}) or a local authority (--place {ward_la!r} or --place {la!r})"
    return (f"{pcd} is a postcode{gone}, which placeviz knows as a point, not an area with a boundary: it lies "
            f"in {where}. Map {maps}, or run: placeviz find {pcd!r} for its neighbourhood and the figures there.")


def _town_sentence(text: str) -> str:
    """For a town's name: that it is a point, not a place with a boundary, and where it lies."""
    if not normalise(text):
        return ""
    try:
        towns, wards = gazetteer_table("towns"), gazetteer_table("wards")
    except MissingBundleDataError:
        return ""
    t = towns[towns["name"].map(normalise) == normalise(text)]
    if t.empty:
        return ""
    t = t.sort_values("population_2011", ascending=False, na_position="last")  # the biggest town first
    la = attributes("lad24").set_index("code")["name"]
    w = wards.set_index("code")["name"]
    where = "; ".join(f"{la.get(r.lad24_code, r.lad24_code)} (its centre is in {w.get(r.ward24_code, '?')} ward)"
                      for r in t.itertuples())
    first = la.get(t["lad24_code"].iloc[0], "")
    same = wards[(wards["name"].map(normalise) == normalise(text)) & wards["code"].isin(mapped_ward_codes())]
    also = "; ".join(repr(ward_label(r.name, la.get(r.lad24_code, ""))) for r in same.itertuples())
    return (f"{t['name'].iloc[0]} is a town, which placeviz knows as a point, not an area with a boundary: it "
            f"lies in {where}. Map its local authority (--place {first!r}), or run: placeviz find "
            f"{t['name'].iloc[0]!r} for the neighbourhoods and ward at its centre."
            + (f" A ward has the name too: --place {also}." if also else ""))


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
