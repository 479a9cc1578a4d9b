"""Rebuild placeviz's bundled data (boundaries/ and layers/) from the raw open data in ../shared/data/raw.

    python tools/build_bundle.py [--raw ../shared/data/raw]

Deterministic: the same raw files give byte-identical outputs (parquet files are written without
timestamps, GeoTIFFs are copied). England only, EPSG:27700, coordinates snapped to a 1 m grid with
topology kept valid, invalid geometries repaired. Every count the project promises is checked here and
the script stops with a clear message if the raw data do not hold them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from placeviz.model.lsoa11_ward import lsoa11_wards  # noqa: E402 (the one rule for a 2011 LSOA's ward)
from tools.catalog_entries import CATALOG, DATASETS  # noqa: E402

EXPECTED = {
    "lsoa11": 32_844,
    "lsoa21": 33_755,
    "msoa11": 6_791,
    "msoa21": 6_856,
    "lad19": 317,
    "lad21": 309,
    "lad24": 296,
    "ward24": 6_817,
    "ward24_fitted": 6_784,  # wards with at least one best-fit 2021 LSOA
}
BNG = "EPSG:27700"
GRID_M = 1.0  # snap coordinates to whole metres: far below the 200 m generalisation of the BSC sources


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"build_bundle: {message}")


def write_table(df: pd.DataFrame, path: Path) -> None:
    """Parquet without pandas metadata noise or timestamps, so rebuilding gives identical bytes."""
    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd", compression_level=9, write_statistics=False)


def england_geometry(path: Path, code_col: str, name_col: str, kind: str) -> gpd.GeoDataFrame:
    g = gpd.read_file(path)
    g = g[g[code_col].str.startswith("E")].rename(columns={code_col: "code", name_col: "name"})
    g = g[["code", "name", "geometry"]].to_crs(BNG)
    invalid_before = int((~g.geometry.is_valid).sum())
    geom = shapely.make_valid(g.geometry.values)
    geom = shapely.set_precision(geom, GRID_M)
    geom = shapely.make_valid(geom)
    # keep only the polygonal parts (make_valid can leave stray lines at self-intersections)
    geom = np.array([_polygonal(x) for x in geom], dtype=object)
    g = gpd.GeoDataFrame(g[["code", "name"]].reset_index(drop=True), geometry=geom, crs=BNG)
    g = g.sort_values("code").reset_index(drop=True)
    check(len(g) == EXPECTED[kind], f"{kind}: expected {EXPECTED[kind]} English areas, found {len(g)}")
    check(g.code.is_unique, f"{kind}: duplicate codes")
    check(bool(g.geometry.is_valid.all()), f"{kind}: invalid geometry after repair")
    check(not bool(g.geometry.is_empty.any()), f"{kind}: empty geometry after snapping")
    print(f"  {kind}: {len(g)} areas ({invalid_before} repaired)")
    return g


def _polygonal(geom):
    if geom.geom_type == "MultiPolygon":
        return geom
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    parts = [p for p in getattr(geom, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = []
    for p in parts:
        polys.extend(p.geoms if p.geom_type == "MultiPolygon" else [p])
    return shapely.MultiPolygon(polys)


def write_boundaries(g: gpd.GeoDataFrame, path: Path) -> None:
    """GeoParquet with GeoArrow-native geometry: readers get flat coordinate arrays without parsing WKB."""
    g = g.copy()
    g["geometry"] = [_polygonal(x) for x in g.geometry]
    g.to_parquet(path, compression="zstd", geometry_encoding="geoarrow", write_covering_bbox=False, index=False)


def outlines_from(small: gpd.GeoDataFrame, code_col: str, la: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame:
    """``la`` (codes and names from its own file: local authorities, MSOAs) with each area's geometry replaced
    by the union of its LSOAs: outlines drawn over LSOAs then follow their edges exactly, no slivers or
    overlaps between two differently generalised files (issue 11). Deterministic: groups in code order."""
    geoms = {}
    for code, sub in small.groupby(code_col, sort=True):
        geoms[code] = _polygonal(shapely.union_all(sub.geometry.values, grid_size=GRID_M))
    check(set(geoms) == set(la.code), f"{kind}: LSOA LA codes differ from the LA boundary codes")
    out = gpd.GeoDataFrame(la.drop(columns="geometry"), geometry=[geoms[c] for c in la.code], crs=BNG)
    check(bool(out.geometry.is_valid.all()), f"{kind}: invalid dissolved outline")
    print(f"  {kind}: outlines dissolved from {len(small)} small areas")
    return out


#: the kinds of OS Open Names populated places kept for labels, and the label kind each becomes
PLACE_KINDS = {"City": "city", "Town": "town", "Suburban Area": "suburb"}


#: a suburb's importance: the residents of the neighbourhoods (LSOA 2011) whose centres lie this close to its point
SUBURB_RADIUS_M = 1_000


def residents_near(points: np.ndarray, lsoa_xy: np.ndarray, residents: np.ndarray,
                   radius: float = SUBURB_RADIUS_M) -> np.ndarray:
    """For each point, the residents of the neighbourhoods whose centres lie within ``radius`` metres: how
    many people live in and around a suburb, which OS Open Names does not say."""
    from scipy.spatial import cKDTree

    near = cKDTree(lsoa_xy).query_ball_point(points, r=radius)
    return np.array([residents[i].sum() for i in near], dtype="int64")


def places_table(raw: Path, lsoa_xy: np.ndarray, lsoa_residents: np.ndarray) -> pd.DataFrame:
    """Towns and cities for map labels: OS Open Names cities, towns and suburbs (name, x, y in EPSG:27700),
    with the ONS 2011 population of the town they were matched to. ``rank`` orders them by importance:
    cities by population, then towns by population, then suburbs by the residents (mid-2020) of the
    neighbourhoods within 1 km (``residents_near``, from the LSOA centres ``lsoa_xy``; OS gives suburbs no
    population), so that a city map names its big districts first, not the first in the alphabet. OS's
    'City' is a status, so a city's population decides where it comes, not its title: Ely follows Reading.
    ONS-listed towns that OS calls a village (population 5,000 and over) are kept as towns."""
    os_ = pd.read_csv(raw / "os_open_names_populated_places_england.csv.gz")
    ons = pd.read_csv(raw / "ons_towns2011_joined_to_os_open_names.csv")
    ons = ons[ons.match.str.startswith("name+region") & ons.os_id.notna() & ons.population_2011.notna()]
    pop = ons.groupby("os_id").population_2011.max()
    os_ = os_.assign(population=os_.ID.map(pop).fillna(0).astype("int64"))
    keep = os_.LOCAL_TYPE.isin(PLACE_KINDS) | (os_.population > 0)
    t = os_[keep]
    kind = t.LOCAL_TYPE.map(PLACE_KINDS).fillna("town")
    # big cities by population; a small city (Wells, Ely) is ranked among the towns of its size
    kind = kind.where(~((kind == "city") & (t.population < 100_000) & (t.NAME1 != "London")), "town")
    # London has no single ONS town row: rank it first
    population = t.population.where(t.NAME1 != "London", 8_000_000)
    out = pd.DataFrame({
        "name": t.NAME1.astype(str), "kind": kind,
        "x": t.X.round().astype("int32"), "y": t.Y.round().astype("int32"),
        "population": population.astype("int64"),
    })
    tier = out.kind.map({"city": 0, "town": 1, "suburb": 2})
    nearby = residents_near(out[["x", "y"]].to_numpy(dtype="float64"), lsoa_xy, lsoa_residents)
    importance = np.where(out.kind == "suburb", nearby, out.population)
    out = out.assign(tier=tier, importance=importance).sort_values(
        ["tier", "importance", "name", "x", "y"], ascending=[True, False, True, True, True]
    ).drop(columns=["tier", "importance"])
    out = out.drop_duplicates(["name", "x", "y"])
    out["rank"] = np.arange(len(out), dtype="int32")
    for must in ("Birmingham", "Manchester", "Leeds", "Liverpool", "Crewe", "Macclesfield"):
        check(must in set(out.name), f"places: {must} missing")
    print(f"  places: {len(out):,} ({out.kind.value_counts().to_dict()})")
    return out.reset_index(drop=True)


def majority(df: pd.DataFrame, key: str, value: str) -> pd.Series:
    counts = df.groupby([key, value]).size().rename("n").reset_index()
    counts = counts.sort_values([key, "n", value], ascending=[True, False, True])
    return counts.drop_duplicates(key).set_index(key)[value]


def lsoa_populations(raw: Path, l11_21: pd.DataFrame, lsoa21_codes: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Residents (mid-2020) of every 2011 LSOA, with age bands, and of every 2021 LSOA by code."""
    pop = pd.read_csv(raw / "population_estimates/population20_lsoa11.csv.gz")
    pop = pop[pop.lsoa11_code.str.startswith("E")]
    ages = [f"age_{i}" for i in range(90)] + ["90+"]
    pop_tab = pd.DataFrame({
        "code": pop.lsoa11_code,
        "population": pop.total_population.astype("int64"),
        "age_0_15": pop[ages[:16]].sum(axis=1).astype("int64"),
        "age_16_64": pop[ages[16:65]].sum(axis=1).astype("int64"),
        "age_65_plus": pop[ages[65:]].sum(axis=1).astype("int64"),
    }).sort_values("code")
    check(len(pop_tab) == EXPECTED["lsoa11"], "population: LSOA 2011 rows do not match the boundaries")
    # LSOA 2021 residents estimated from the LSOA 2011 figures through the ONS best-fit lookup:
    # an 11 split into several 21s is shared equally, merged 11s are summed. This is an estimate.
    share = l11_21.groupby("lsoa11_code").lsoa21_code.transform("count")
    part = l11_21.assign(
        population=l11_21.lsoa11_code.map(pop_tab.set_index("code").population) / share
    )
    pop21 = part.groupby("lsoa21_code").population.sum().round().astype("int64")
    return pop_tab, pop21.reindex(lsoa21_codes).fillna(0).astype("int64")


def census2021_residents(raw: Path) -> pd.DataFrame:
    """Census 2021 usual residents (ONS TS021) of every English 2021 LSOA, by code: the stated weights of
    IoD 2025 figures, and how a 2011 LSOA's residents are placed in wards."""
    c21 = pd.read_csv(raw / "population_lsoa21" / "census2021_ts021_usual_residents_lsoa21_ew.csv.gz")
    c21 = c21[c21.lsoa21_code.str.startswith("E")]
    tc = pd.DataFrame({"code": c21.lsoa21_code, "residents": c21.census21_usual_residents.astype("int64")})
    tc = tc.sort_values("code")
    check(len(tc) == EXPECTED["lsoa21"] and tc.code.is_unique, "Census 2021 residents: 33,755 English LSOAs")
    check(int(tc.residents.sum()) == 56_490_108, "Census 2021 residents: England should sum to 56,490,108")
    return tc


def add_lsoa_wards(raw: Path, sets: dict, l11_21: pd.DataFrame, residents21: pd.Series) -> None:
    """Each LSOA's ward (May 2024). A 2021 LSOA's is the ONS best-fit one (the ward holding most of its
    population; wards are not built from LSOAs): the ``ward`` level aggregates through it. A 2011 LSOA takes
    the ward where most of its residents live: the ward holding most of the Census 2021 usual residents
    (``residents21``) of the 2021 LSOAs it shares ground with, a tie going to a ward that would otherwise hold
    none (``placeviz.model.lsoa11_ward``), so a ward can be the place of a 2011-based map too. Four wards hold
    most of no 2011 LSOA: the app shows them on 2011 areas as the 2011 LSOAs they share ground with, and says
    so."""
    lw = pd.read_csv(raw / "lookups/lookup_lsoa21_ward24_ltla24.csv.gz", dtype=str).set_index("lsoa21_code")
    lsoa21, lsoa11 = sets["lsoa21"], sets["lsoa11"]
    lsoa21["ward24_code"] = lsoa21.code.map(lw.ward24_code)
    check(not lsoa21.ward24_code.isna().any(), "lsoa21: areas without a ward (2024)")
    wards = lsoa11_wards(l11_21.lsoa11_code, l11_21.lsoa21_code.map(lsoa21.set_index("code").ward24_code),
                         l11_21.lsoa21_code.map(residents21))
    lsoa11["ward24_code"] = lsoa11.code.map(wards)
    check(not lsoa11.ward24_code.isna().any(), "lsoa11: areas without a ward (2024)")


def ward_boundaries(raw: Path, lsoa21: gpd.GeoDataFrame, lad24: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """England's May 2024 wards as the union of the 2021 LSOAs the ONS best-fit lookup gives them: the area
    a ward's figure describes, and an outline that follows the LSOA edges exactly when drawn over them (issue
    11). The 33 wards no LSOA is fitted to (most in the City of London; Liverpool's Waterfront North) have no
    such area and are left out: their residents count in the ward their LSOA is fitted to. Their local
    authorities of 2019 and 2021 are those of most of their LSOAs."""
    w = england_geometry(raw / "ward24_boundaries/ward24_bsc_uk.gpkg", "ward24_code", "ward24_name", "ward24")
    src = gpd.read_file(raw / "ward24_boundaries/ward24_bsc_uk.gpkg", ignore_geometry=True)
    w["lad24_code"] = w.code.map(src.set_index("ward24_code").ltla24_code)
    check(set(lsoa21.ward24_code) <= set(w.code), "wards: LSOA 2021 best-fit wards missing from the boundaries")
    w = w[w.code.isin(lsoa21.ward24_code)].reset_index(drop=True)
    check(len(w) == EXPECTED["ward24_fitted"], f"wards: {len(w)} with a best-fit LSOA, expected "
                                              f"{EXPECTED['ward24_fitted']}")
    for col in ("lad21_code", "lad19_code"):
        w[col] = w.code.map(majority(lsoa21, "ward24_code", col))
    fitted_la = majority(lsoa21, "ward24_code", "lad24_code")
    check(bool((w.code.map(fitted_la) == w.lad24_code).all()), "wards: a ward's LSOAs lie in another LA")
    return outlines_from(lsoa21, "ward24_code", w, "ward24")


def add_neighbourhood_names(raw: Path, sets: dict) -> None:
    """The House of Commons Library MSOA names (Open Parliament Licence, not OGL) as a ``neighbourhood``
    column: v1.20 for 2011 MSOAs, v2.2 for 2021 ones; an LSOA takes the name of its MSOA. Parquet's
    dictionary encoding stores each name once per file."""
    folder = raw / "msoa_names"
    for year, file in (("11", "MSOA-Names-1.20.csv"), ("21", "MSOA-Names-2.2.csv")):
        names = pd.read_csv(folder / file, encoding="utf-8-sig", dtype=str)
        names = names[names[f"msoa{year}cd"].str.startswith("E")].set_index(f"msoa{year}cd")[f"msoa{year}hclnm"]
        msoa, lsoa = sets[f"msoa{year}"], sets[f"lsoa{year}"]
        check(set(names.index) == set(msoa.code), f"MSOA names {file}: codes != MSOA 20{year} boundaries")
        check(not names.isna().any() and bool(names.str.strip().ne("").all()), f"MSOA names {file}: blank names")
        msoa["neighbourhood"] = msoa.code.map(names.str.strip())
        lsoa["neighbourhood"] = lsoa.msoa_code.map(msoa.set_index("code")["neighbourhood"])
        check(not lsoa["neighbourhood"].isna().any(), f"lsoa{year}: areas without an MSOA name")
    print(f"  neighbourhood names: {len(sets['msoa11'])} MSOA 2011, {len(sets['msoa21'])} MSOA 2021")


#: the bundled table of places made of whole local authorities (counties, combined authorities, ICBs)
HIGHER_PLACES_TABLE = "places_higher.parquet"


def write_higher_places(raw: Path, out_t: Path, lad24: pd.DataFrame, region_names) -> None:
    """Counties (shire and metropolitan), combined authorities and NHS integrated care boards as lists of
    2024 local authorities: one row per place and member. A name that is already a region's gets the
    words that tell them apart ("West Midlands Combined Authority"); a metropolitan county and a combined
    authority with the same name and members are one place. An ICB holds the local authorities with most
    of their LSOAs in it (13 are split between two ICBs; none in Cheshire and Merseyside)."""
    hi = raw / "lookups_higher"
    codes24 = set(lad24.code)
    rows = []
    county = pd.read_csv(hi / "derived_ltla24_county_incl_metropolitan.csv").dropna(subset=["county_name"])
    for name, g in county.groupby("county_name", sort=True):
        metropolitan = g.county_basis.str.startswith("metropolitan").all()
        kind = "metropolitan county" if metropolitan else "county"
        label = f"{name} metropolitan county" if name in set(region_names) else name
        code = "" if g.county_code.isna().all() else str(g.county_code.dropna().iloc[0])
        rows += [(label, kind, code, "", c) for c in sorted(g.ltla24_code)]
    ca = pd.read_csv(hi / "lookup_ltla23_cauth23.csv")
    for (name, code), g in ca.groupby(["cauth23_name", "cauth23_code"], sort=True):
        members = sorted(g.ltla23_code)
        same = [r for r in rows if r[0] == name]
        if same and sorted(r[4] for r in same) == members:
            rows = [(*r[:1], "metropolitan county and combined authority", *r[2:]) if r[0] == name else r
                    for r in rows]
            continue
        label = f"{name} Combined Authority" if name in set(region_names) or same else name
        rows += [(label, "combined authority", code, "", c) for c in members]
    icb = pd.read_csv(hi / "derived_ltla24_icb24_from_lsoa21.csv")
    icb = icb.sort_values(["ltla24_code", "share_of_lad_lsoas", "icb24_code"], ascending=[True, False, True])
    icb = icb.drop_duplicates("ltla24_code")
    for (name, code, nhs), g in icb.groupby(["icb24_name", "icb24_code", "icb24_code_nhs"], sort=True):
        label = name.removesuffix(" Integrated Care Board")
        rows += [(label, "integrated care board", code, nhs, c) for c in sorted(g.ltla24_code)]
    t = pd.DataFrame(rows, columns=["name", "type", "code", "nhs_code", "lad24_code"])
    check(set(t.lad24_code) <= codes24, "higher places: members that are not 2024 local authorities")
    check(t.groupby("type").name.nunique().get("integrated care board") == 42, "higher places: not 42 ICBs")
    check(not (t.drop_duplicates(["name", "type"]).name.duplicated().any()), "higher places: a name twice")
    cm = sorted(t[t.name == "NHS Cheshire and Merseyside"].lad24_code)
    check(len(cm) == 9, f"NHS Cheshire and Merseyside: {len(cm)} local authorities, not 9")
    write_table(t, out_t / HIGHER_PLACES_TABLE)
    print(f"  higher places: {t.drop_duplicates('name').type.value_counts().to_dict()}")


#: the bundled gazetteer: wards, towns and postcodes (``placeviz find``), in layers/tables/
GAZETTEER = {"wards": "gazetteer_wards.parquet", "towns": "gazetteer_towns.parquet",
             "postcodes": "gazetteer_postcodes.parquet", "outcodes": "gazetteer_outcodes.parquet"}
_INWARD_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def postcode_key(outcode_index: np.ndarray, inward: pd.Series) -> np.ndarray:
    """A postcode as one int32: its outcode's index x 6,760 + the inward code (digit, letter, letter).
    The same arithmetic as placeviz.model.postcodes.postcode_key."""
    d = inward.str[0].astype(int).to_numpy()
    a = inward.str[1].map(_INWARD_LETTERS.index).to_numpy()
    b = inward.str[2].map(_INWARD_LETTERS.index).to_numpy()
    return (outcode_index * 6760 + d * 676 + a * 26 + b).astype("int32")


def _nearest_area(xy: np.ndarray, g: gpd.GeoDataFrame) -> np.ndarray:
    """For points (BNG metres), the index in ``g`` of the polygon containing each, else the nearest one."""
    tree = shapely.STRtree(g.geometry.values)
    pts = shapely.points(xy)
    hit = tree.query_nearest(pts, all_matches=False, return_distance=False)
    out = np.full(len(pts), -1, dtype="int64")
    out[hit[0]] = hit[1]
    return out


def write_gazetteer(raw: Path, out_t: Path, sets: dict) -> None:
    """Wards (May 2024), towns (ONS towns with OS Open Names points) and every English postcode, for
    finding where a name or postcode is. A town is a point: it gets the local authority, ward and LSOA it
    lies in, not a boundary. Postcodes are stored compactly: sorted int32 keys (outcode index x 6,760 +
    inward code) and small integer indexes into the bundled LSOA and ward tables, so the file is a few MB."""
    lsoa11, lsoa21, lad24 = sets["lsoa11"], sets["lsoa21"], sets["lad24"]
    # --- wards: names, local authority, a point inside each --------------------------------------
    wards = gpd.read_file(raw / "ward24_boundaries/ward24_bsc_uk.gpkg")
    wards = wards[wards.ward24_code.str.startswith("E")].to_crs(BNG).sort_values("ward24_code")
    inside = wards.geometry.representative_point()
    wt = pd.DataFrame({"code": wards.ward24_code.to_numpy(), "name": wards.ward24_name.to_numpy(),
                       "lad24_code": wards.ltla24_code.to_numpy(),
                       "x": inside.x.round().astype("int32").to_numpy(),
                       "y": inside.y.round().astype("int32").to_numpy()}).reset_index(drop=True)
    check(set(wt.lad24_code) <= set(lad24.code), "wards: local authorities that are not 2024 ones")
    check(wt.code.is_unique, "wards: duplicate codes")
    # the LSOA (2021) at each ward's inner point: where a search for the ward zooms to
    wt["lsoa21_code"] = lsoa21.code.to_numpy()[_nearest_area(np.column_stack([wt.x, wt.y]).astype(float),
                                                             lsoa21)]
    ward_index = pd.Series(np.arange(len(wt)), index=wt.code)
    # --- towns: ONS towns matched to OS Open Names points -----------------------------------------
    towns = pd.read_csv(raw / "places/ons_towns2011_joined_to_os_open_names.csv").dropna(subset=["x_bng", "y_bng"])
    name = towns.town11nm.str.replace(r"\s+(BUA|BUASD)$", "", regex=True).str.replace(r"\s*\(.*\)$", "",
                                                                                      regex=True)
    xy = towns[["x_bng", "y_bng"]].to_numpy()
    tt = pd.DataFrame({"name": name.to_numpy(), "code": towns.town11cd.to_numpy(),
                       "population_2011": towns.population_2011.astype("Int64").to_numpy(),
                       "size": towns.size_flag.to_numpy(),
                       "x": np.round(xy[:, 0]).astype("int32"), "y": np.round(xy[:, 1]).astype("int32")})
    tt["lad24_code"] = lad24.code.to_numpy()[_nearest_area(xy, lad24)]
    ward_poly = gpd.GeoDataFrame(wt, geometry=wards.geometry.to_numpy(), crs=BNG)
    tt["ward24_code"] = wt.code.to_numpy()[_nearest_area(xy, ward_poly)]
    tt["lsoa21_code"] = lsoa21.code.to_numpy()[_nearest_area(xy, lsoa21)]
    tt = tt.sort_values(["name", "code"]).reset_index(drop=True)
    liv = tt[tt.name == "Liverpool"]
    check(len(liv) == 1 and liv.lad24_code.iloc[0] == "E08000012", "towns: Liverpool is not in Liverpool")
    # --- postcodes --------------------------------------------------------------------------------
    pc = raw / "postcodes"
    ons = pd.read_csv(pc / "ons_pcd_oa11_lsoa11_msoa11_lad_may22_england.csv.gz",
                      usecols=["pcds", "doterm", "lsoa11cd"], dtype=str, encoding="latin-1")
    cp = pd.read_csv(pc / "os_codepoint_open_2025_04_england.csv.gz",
                     usecols=["Postcode", "Eastings", "Northings", "Admin_ward_code"], dtype={"Postcode": str})
    cp = cp[(cp.Eastings > 0) & (cp.Northings > 0)]
    p = ons.rename(columns={"pcds": "pcd"}).merge(cp.rename(columns={"Postcode": "pcd"}), on="pcd", how="outer")
    p["pcd"] = p.pcd.str.upper().str.replace(r"\s+", " ", regex=True).str.strip()
    p = p[p.pcd.str.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}")].drop_duplicates("pcd")
    out_in = p.pcd.str.split(" ", expand=True)
    outcodes = np.array(sorted(out_in[0].unique()))
    p["key"] = postcode_key(np.searchsorted(outcodes, out_in[0].to_numpy()), out_in[1])
    has_xy = p.Eastings.notna().to_numpy()
    xy = p[["Eastings", "Northings"]].to_numpy(dtype="float64")
    # LSOA 2011: the ONS lookup; a postcode newer than May 2022 falls in the polygon it lies in
    l11 = p.lsoa11cd.map(pd.Series(np.arange(len(lsoa11)), index=lsoa11.code))
    todo = l11.isna().to_numpy() & has_xy
    l11[todo] = _nearest_area(xy[todo], lsoa11)
    # LSOA 2021: the best-fit lookup where a 2011 LSOA became one 2021 LSOA, else the polygon it lies in
    lk = pd.read_csv(raw / "lookups/lookup_lsoa11_lsoa21_ltla22.csv.gz", dtype=str)
    lk = lk[lk.lsoa11_code.str.startswith("E")]
    single = lk.groupby("lsoa11_code").lsoa21_code.agg(lambda s: s.iloc[0] if len(s) == 1 else None).dropna()
    i21 = pd.Series(np.arange(len(lsoa21)), index=lsoa21.code)
    l21 = l11.map(pd.Series(lsoa11.code.to_numpy()).map(single).map(i21))
    todo = l21.isna().to_numpy() & has_xy
    l21[todo] = _nearest_area(xy[todo], lsoa21)
    # ward: Code-Point's (April 2025) where it is a May 2024 ward, else its LSOA 2021's best-fit ward
    lw = pd.read_csv(raw / "lookups/lookup_lsoa21_ward24_ltla24.csv.gz", dtype=str)
    lsoa_ward = lsoa21.code.map(lw.set_index("lsoa21_code").ward24_code).map(ward_index)
    ward = p.Admin_ward_code.map(ward_index)
    ward = ward.fillna(l21.map(pd.Series(lsoa_ward.to_numpy())))
    term = p.doterm.fillna("0").astype(int)  # yyyymm, 0 = live
    keep = l11.notna() | l21.notna()
    t = pd.DataFrame({"key": p.key, "lsoa11": l11.fillna(-1).astype("int32"),
                      "lsoa21": l21.fillna(-1).astype("int32"), "ward": ward.fillna(-1).astype("int32"),
                      "terminated": term.astype("int32")})[keep.to_numpy()]
    t = t.sort_values("key").reset_index(drop=True)
    check(t.key.is_unique, "postcodes: two postcodes with one key")
    table = pa.Table.from_pandas(t, preserve_index=False).replace_schema_metadata(None)
    pq.write_table(table, out_t / GAZETTEER["postcodes"], compression="zstd", compression_level=19,
                   write_statistics=False, use_dictionary=False,
                   column_encoding={"key": "DELTA_BINARY_PACKED"})
    write_table(pd.DataFrame({"outcode": outcodes}), out_t / GAZETTEER["outcodes"])
    write_table(wt, out_t / GAZETTEER["wards"])
    write_table(tt, out_t / GAZETTEER["towns"])
    live = int((t.terminated == 0).sum())
    print(f"  gazetteer: {len(wt)} wards, {len(tt)} towns, {len(t):,} postcodes ({live:,} live), "
          f"{(out_t / GAZETTEER['postcodes']).stat().st_size / 1e6:.1f} MB")


def build(raw: Path) -> None:
    out_b = ROOT / "boundaries"
    out_l = ROOT / "layers"
    out_t = out_l / "tables"
    out_r = out_l / "rasters"
    for d in (out_b, out_t, out_r):
        d.mkdir(parents=True, exist_ok=True)

    lk = raw / "lookups"
    lad21_region = pd.read_csv(lk / "lookup_ltla21_region21.csv")
    region_of_lad21 = lad21_region.set_index("ltla21_code")["region21_code"]
    region_names = lad21_region.drop_duplicates("region21_code").set_index("region21_code")["region21_name"]
    lad21_to_24 = pd.read_csv(lk / "lookup_ltla22_ltla23.csv").set_index("ltla22_code")["ltla23_code"]
    lsoa11_lad21 = pd.read_csv(lk / "lookup_lsoa11_ltla21.csv.gz").set_index("lsoa11_code")["ltla21_code"]
    lsoa11_msoa11 = pd.read_csv(lk / "lookup_lsoa11_msoa11.csv.gz").set_index("lsoa11_code")["msoa11_code"]
    l11_21 = pd.read_csv(lk / "lookup_lsoa11_lsoa21_ltla22.csv.gz")
    l11_21 = l11_21[l11_21.lsoa11_code.str.startswith("E")]
    lsoa21_lad24 = pd.read_csv(lk / "lookup_lsoa21_ward24_ltla24.csv.gz")
    lsoa21_lad24 = lsoa21_lad24[lsoa21_lad24.lsoa21_code.str.startswith("E")]
    msoa11_lad21 = pd.read_csv(lk / "lookup_msoa11_ltla21.csv").set_index("msoa11_code")["ltla21_code"]
    m11_21 = pd.read_csv(lk / "lookup_msoa11_msoa21_ltla22.csv")
    msoa21_lad21 = m11_21.drop_duplicates("msoa21_code").set_index("msoa21_code")["ltla22_code"]
    imd19 = pd.read_csv(raw / "imd2019" / "IoD2019_LSOA_England_assembled.csv")
    lsoa11_lad19 = imd19.set_index("LSOA code (2011)")["Local Authority District code (2019)"]

    print("boundaries:")
    # --- small areas ---------------------------------------------------------------
    lsoa11 = england_geometry(raw / "lsoa11_boundaries/lsoa11_bsc_ew.gpkg", "LSOA11CD", "LSOA11NM", "lsoa11")
    lsoa11["msoa_code"] = lsoa11.code.map(lsoa11_msoa11)
    lsoa11["lad19_code"] = lsoa11.code.map(lsoa11_lad19)
    lsoa11["lad21_code"] = lsoa11.code.map(lsoa11_lad21)
    lsoa11["lad24_code"] = lsoa11.lad21_code.map(lad21_to_24)

    lsoa21 = england_geometry(raw / "lsoa21_boundaries/lsoa21_bsc_ew.gpkg", "lsoa21_code", "lsoa21_name", "lsoa21")
    lsoa21["lad24_code"] = lsoa21.code.map(lsoa21_lad24.set_index("lsoa21_code")["ltla24_code"])
    lsoa21["lad21_code"] = lsoa21.code.map(majority(l11_21, "lsoa21_code", "ltla22_code"))
    lsoa21["lad19_code"] = lsoa21.code.map(
        majority(l11_21.assign(lad19=l11_21.lsoa11_code.map(lsoa11_lad19)), "lsoa21_code", "lad19")
    )

    msoa11 = england_geometry(raw / "msoa_boundaries/msoa11_bsc_ew.gpkg", "msoa11_code", "msoa11_name", "msoa11")
    msoa11["lad21_code"] = msoa11.code.map(msoa11_lad21)
    msoa11["lad24_code"] = msoa11.lad21_code.map(lad21_to_24)
    msoa11["lad19_code"] = msoa11.code.map(
        majority(pd.DataFrame({"m": lsoa11.msoa_code, "l": lsoa11.lad19_code}), "m", "l")
    )

    msoa21 = england_geometry(raw / "msoa_boundaries/msoa21_bsc_ew.gpkg", "msoa21_code", "msoa21_name", "msoa21")
    # 2021 LSOA names are their MSOA's name plus a letter (ONS naming rule): that gives LSOA21 -> MSOA21
    msoa21_by_name = msoa21.set_index("name")["code"]
    lsoa21["msoa_code"] = lsoa21.name.str[:-1].map(msoa21_by_name)
    msoa21["lad21_code"] = msoa21.code.map(majority(lsoa21, "msoa_code", "lad21_code")).fillna(
        msoa21.code.map(msoa21_lad21))
    msoa21["lad24_code"] = msoa21.code.map(majority(lsoa21, "msoa_code", "lad24_code"))
    msoa21["lad19_code"] = msoa21.code.map(majority(lsoa21, "msoa_code", "lad19_code"))

    # --- local authorities ---------------------------------------------------------
    lad19 = england_geometry(raw / "lad_boundaries/lad19_buc_uk.gpkg", "ltla19_code", "ltla19_name", "lad19")
    lad21 = england_geometry(raw / "lad_boundaries/lad21_buc_uk.gpkg", "ltla21_code", "ltla21_name", "lad21")
    lad24 = england_geometry(raw / "lad_boundaries/lad24_buc_uk.gpkg", "ltla24_code", "ltla24_name", "lad24")
    check(set(lad21_to_24.reindex(lad21.code)) == set(lad24.code), "LAD 2021 -> 2024 lookup does not cover LAD 2024")
    lad21["lad21_code"] = lad21.code
    lad21["lad24_code"] = lad21.code.map(lad21_to_24)
    lad21["lad19_code"] = lad21.code.map(majority(lsoa11, "lad21_code", "lad19_code"))
    lad24["lad24_code"] = lad24.code
    lad24["lad21_code"] = lad24.code.map(majority(lsoa11, "lad24_code", "lad21_code"))
    lad24["lad19_code"] = lad24.code.map(majority(lsoa11, "lad24_code", "lad19_code"))
    lad19["lad19_code"] = lad19.code
    lad19["lad21_code"] = lad19.code.map(majority(lsoa11, "lad19_code", "lad21_code"))
    lad19["lad24_code"] = lad19.lad21_code.map(lad21_to_24)

    # LA outlines drawn over small areas are those small areas dissolved, so they coincide exactly (issue 11);
    # MSOAs too (the MSOA BSC files are generalised apart from the LSOAs: a median 13% of an MSOA's area
    # differed), so that every level nests exactly in the one above it
    msoa11 = outlines_from(lsoa11, "msoa_code", msoa11, "msoa11")
    msoa21 = outlines_from(lsoa21, "msoa_code", msoa21, "msoa21")
    lad19 = outlines_from(lsoa11, "lad19_code", lad19, "lad19")
    lad21 = outlines_from(lsoa11, "lad21_code", lad21, "lad21")
    lad24 = outlines_from(lsoa21, "lad24_code", lad24, "lad24")

    sets = {
        "lsoa11": lsoa11, "lsoa21": lsoa21, "msoa11": msoa11, "msoa21": msoa21,
        "lad19": lad19, "lad21": lad21, "lad24": lad24,
    }
    add_neighbourhood_names(raw, sets)
    pop_tab, pop21 = lsoa_populations(raw, l11_21, sets["lsoa21"].code)
    add_lsoa_wards(raw, sets, l11_21, census2021_residents(raw).set_index("code").residents)
    sets["ward24"] = ward_boundaries(raw, sets["lsoa21"], sets["lad24"])
    lad_names = pd.concat([lad19.set_index("code").name, lad21.set_index("code").name, lad24.set_index("code").name])
    lad_names = lad_names[~lad_names.index.duplicated(keep="last")]
    for kind, g in sets.items():
        g["region_code"] = g.lad21_code.map(region_of_lad21)
        g["region_name"] = g.region_code.map(region_names)
        g["lad_name"] = (g.lad24_code if (kind.endswith("21") and kind.startswith(("lsoa", "msoa")))
                         or kind in ("lad24", "ward24")
                         else g.lad21_code).map(lad_names)
        for col in ("lad19_code", "lad21_code", "lad24_code", "region_code", "lad_name"):
            check(not g[col].isna().any(), f"{kind}: {int(g[col].isna().sum())} areas without {col}")
        if kind.startswith(("lsoa", "msoa")) and "msoa_code" in g:
            check(not g["msoa_code"].isna().any(), f"{kind}: areas without an MSOA")
        cols = ["code", "name"] + [c for c in ("neighbourhood", "msoa_code", "ward24_code") if c in g] + [
            "lad19_code", "lad21_code", "lad24_code", "lad_name", "region_code", "region_name", "geometry"]
        sets[kind] = gpd.GeoDataFrame(g[cols], geometry="geometry", crs=BNG)
        write_boundaries(sets[kind], out_b / f"{kind}.parquet")

    # --- population (weights for aggregation) -------------------------------------
    print("layers:")
    write_table(pop_tab, out_t / "population_lsoa11.parquet")
    write_table(pd.DataFrame({"code": pop21.index, "population": pop21.values}), out_t / "population_lsoa21.parquet")
    print(f"  population: England {int(pop_tab.population.sum()):,} residents (mid-2020)")

    write_higher_places(raw, out_t, sets["lad24"], region_names.to_numpy())
    write_gazetteer(raw, out_t, sets)

    # --- LSOA 2011 -> 2021 lookup: imports convert users' 2011 data with it ---------
    lk_tab = l11_21[["lsoa11_code", "lsoa21_code", "change_code"]].sort_values(["lsoa11_code", "lsoa21_code"])
    check(set(lk_tab.lsoa11_code) == set(sets["lsoa11"].code), "LSOA lookup: 2011 codes != LSOA 2011 boundaries")
    check(set(lk_tab.lsoa21_code) == set(sets["lsoa21"].code), "LSOA lookup: 2021 codes != LSOA 2021 boundaries")
    check(set(lk_tab.change_code) <= {"U", "S", "M", "X"}, "LSOA lookup: unexpected change codes")
    write_table(lk_tab, out_t / "lookup_lsoa11_lsoa21.parquet")
    print(f"  LSOA 2011 -> 2021 lookup: {len(lk_tab):,} rows, {lk_tab.change_code.value_counts().to_dict()}")

    # --- IoD 2019 ------------------------------------------------------------------
    c = imd19.columns
    def col(prefix, what):
        hits = [x for x in c if x.startswith(prefix) and what in x]
        check(len(hits) == 1, f"IoD2019: column {prefix!r}/{what!r} matched {hits}")
        return imd19[hits[0]]
    t19 = pd.DataFrame({"code": imd19["LSOA code (2011)"], "lad19_code": imd19["Local Authority District code (2019)"]})
    t19["imd_score"] = col("Index of Multiple Deprivation (IMD) Score", "Score")
    t19["imd_rank"] = col("Index of Multiple Deprivation (IMD) Rank", "Rank")
    t19["imd_decile"] = col("Index of Multiple Deprivation (IMD) Decile", "Decile")
    domains19 = {
        "income": "Income", "employment": "Employment", "education": "Education, Skills and Training",
        "health": "Health Deprivation and Disability", "crime": "Crime",
        "barriers": "Barriers to Housing and Services", "living": "Living Environment",
        "idaci": "Income Deprivation Affecting Children Index (IDACI)",
        "idaopi": "Income Deprivation Affecting Older People (IDAOPI)",
    }
    for key, name in domains19.items():
        t19[f"{key}_rank"] = col(f"{name} Rank", "Rank")
        t19[f"{key}_decile"] = col(f"{name} Decile", "Decile")
    t19["income_score"] = col("Income Score (rate)", "Score") * 100
    t19["employment_score"] = col("Employment Score (rate)", "Score") * 100
    t19["pop_mid2015"] = col("Total population: mid 2015", "Total population")
    t19 = t19.sort_values("code")
    check(len(t19) == EXPECTED["lsoa11"] and set(t19.code) == set(sets["lsoa11"].code), "IoD2019 codes != LSOA 2011")
    write_table(t19, out_t / "imd2019_lsoa11.parquet")

    f10 = pd.read_csv(raw / "imd2019" / "IoD2019_LAD_summaries_File10_all_sheets.csv")
    f10.columns = [x.strip() for x in f10.columns]
    f10t = pd.DataFrame({
        "code": f10["Local Authority District code (2019)"],
        "imd_average_score": f10["IMD - Average score"],
        "imd_rank_of_average_score": f10["IMD - Rank of average score"],
        "imd_proportion_most_deprived_10pc": f10["IMD - Proportion of LSOAs in most deprived 10% nationally"],
        "imd_average_rank": f10["IMD - Average rank"],
    }).sort_values("code")
    check(len(f10t) == EXPECTED["lad19"], "IoD2019 File 10 should have 317 LADs")
    write_table(f10t, out_t / "imd2019_file10_lad19.parquet")

    # --- IoD 2025 ------------------------------------------------------------------
    i25 = pd.read_csv(raw / "imd2025" / "IoD2025_LSOA21_England_IMD_and_domains.csv")
    t25 = pd.DataFrame({"code": i25.lsoa21_code})
    for key, name in {"imd": "IMD", "income": "Income", "employment": "Employment", "education": "Education",
                      "health": "Health", "crime": "Crime", "barriers": "Housing_and_Services",
                      "living": "Environment"}.items():
        t25[f"{key}_score"] = i25[f"{name}_score"] * (100 if key in ("income", "employment") else 1)
        t25[f"{key}_rank"] = i25[f"{name}_rank"]
        t25[f"{key}_decile"] = i25[f"{name}_decile"]
    t25 = t25.sort_values("code")
    check(set(t25.code) == set(sets["lsoa21"].code), "IoD2025 codes != LSOA 2021")
    write_table(t25, out_t / "imd2025_lsoa21.parquet")
    s25 = pd.read_csv(raw / "imd2025" / "imd2025_england_ltla24.csv")
    write_table(pd.DataFrame({
        "code": s25.ltla24_code, "imd_average_score": s25.imd_average_score,
        "imd_rank_of_average_score": s25.imd_rank_of_average_score.astype("int64"),
        "imd_proportion_most_deprived_10pc": s25.imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally,
        "imd_average_rank": s25.imd_average_rank,
    }).sort_values("code"), out_t / "imd2025_file10_lad24.parquet")

    # --- IoD 2015 ------------------------------------------------------------------
    i15 = pd.read_csv(raw / "imd2015" / "IoD2015_LSOA11_England_IMD.csv")
    t15 = pd.DataFrame({"code": i15.lsoa11_code, "imd_score": i15.IMD_score, "imd_rank": i15.IMD_rank,
                        "imd_decile": i15.IMD_decile}).sort_values("code")
    check(set(t15.code) == set(sets["lsoa11"].code), "IoD2015 codes != LSOA 2011")
    write_table(t15, out_t / "imd2015_lsoa11.parquet")

    # --- life expectancy (MSOA 2011) -----------------------------------------------
    le = pd.read_csv(raw / "life_expectancy" / "le_birth_msoa11_2016_2020.csv")
    le = le[le.msoa11_code.str.startswith("E")]
    wide = le.pivot(index="msoa11_code", columns="sex", values=["le_birth", "le_lci95", "le_uci95"])
    tle = pd.DataFrame({"code": wide.index})
    for sex, key in (("Males", "male"), ("Females", "female"), ("Persons", "persons")):
        tle[f"le_{key}"] = wide[("le_birth", sex)].values
        tle[f"le_{key}_lci95"] = wide[("le_lci95", sex)].values
        tle[f"le_{key}_uci95"] = wide[("le_uci95", sex)].values
    tle = tle.sort_values("code")
    check(set(tle.code) == set(sets["msoa11"].code), "life expectancy codes != MSOA 2011")
    write_table(tle, out_t / "life_expectancy_msoa11.parquet")

    # --- jobs in sectors with much insecure work (MSOA 2011) -----------------------
    jobs = pd.read_csv(raw / "insecure_work" / "ocsi_bres2018_jobs_at_risk_sectors_msoa11_england.csv")
    jc = jobs.columns
    tj = pd.DataFrame({
        "code": jobs["MSOA Code"],
        "jobs_arts_pct": jobs[jc[3]], "jobs_hospitality_pct": jobs[jc[4]], "jobs_retail_pct": jobs[jc[5]],
    })
    tj["jobs_at_risk_sectors_pct"] = tj[["jobs_arts_pct", "jobs_hospitality_pct", "jobs_retail_pct"]].sum(
        axis=1, min_count=3).clip(upper=100)
    tj = tj.sort_values("code")
    check(set(tj.code) == set(sets["msoa11"].code), "OCSI jobs codes != MSOA 2011")
    write_table(tj, out_t / "jobs_sectors_msoa11.parquet")

    # --- local-authority series (ONS Health Index, LAD 2021, 2015-2021) ------------
    series = pd.concat([
        pd.read_csv(raw / "life_expectancy" / "ons_health_index_life_expectancy_ltla21_2015_2021.csv"),
        pd.read_csv(raw / "air_quality" / "ons_health_index_air_pollution_ltla21_2015_2021.csv"),
        pd.read_csv(raw / "insecure_work" / "ons_health_index_labour_indicators_ltla21_2015_2021.csv"),
    ])
    keys = {"Life expectancy": "life_expectancy", "Air pollution": "air_pollution", "Unemployment": "unemployment",
            "Job-related training": "job_training", "Workplace safety": "workplace_safety",
            "Young people in education, employment and apprenticeships": "young_people_eet"}
    check(set(series.indicator) == set(keys), f"unexpected Health Index indicators {set(series.indicator)}")
    series["key"] = series.indicator.map(keys) + "_" + series.year.astype(str)
    tla = series.pivot(index="ltla21_code", columns="key", values="value").sort_index(axis=1)
    tla = tla.reindex(sets["lad21"].code)
    tla.insert(0, "code", tla.index)
    write_table(tla, out_t / "health_index_lad21.parquet")

    # --- Defra 1 km grids: copy the GeoTIFFs, summarise to small areas -------------
    import rasterio
    air = raw / "air_quality"
    grids = {"no2_2023": "defra_pcm_no2_2023_1km_cheshire_merseyside_epsg27700.tif",
             "pm25_2023": "defra_pcm_pm25_2023_1km_cheshire_merseyside_epsg27700.tif"}
    for key, name in grids.items():
        shutil.copyfile(air / name, out_r / f"{key}.tif")
        with rasterio.open(out_r / f"{key}.tif") as src:
            check(src.crs.to_epsg() == 27700, f"{key}: raster CRS is not EPSG:27700")
    write_grids(out_r)
    from placeviz.model.raster import zonal_mean
    for kind in ("lsoa11", "lsoa21"):
        tz = pd.DataFrame({"code": sets[kind].code.values})
        for key in grids:
            means, cover = zonal_mean(out_r / f"{key}.tif", sets[kind])
            tz[key] = means
            tz[f"{key}_coverage"] = cover
        write_table(tz, out_t / f"air_grid_{kind}.parquet")
        print(f"  air grid -> {kind}: {int(tz.no2_2023.notna().sum())} areas with NO2, "
              f"{int(tz.pm25_2023.notna().sum())} with PM2.5")

    write_official_summaries(raw, out_t)

    # --- towns and cities for map labels ---------------------------------------------
    # centres to whole metres: a centroid's last float bits differ between shapes in memory and read back
    # from the file, and a suburb then gains or loses a neighbourhood on its 1 km circle, so rebuilds differed
    centres = sets["lsoa11"].geometry.centroid
    residents = pop_tab.set_index("code").population.reindex(sets["lsoa11"].code).fillna(0).to_numpy()
    write_table(places_table(raw / "places", np.column_stack([centres.x, centres.y]).round(), residents),
                out_t / "places.parquet")

    # --- catalog and sources -------------------------------------------------------
    (out_l / "catalog.json").write_text(json.dumps({"datasets": DATASETS, "layers": CATALOG}, indent=1) + "\n")

    write_overlap(out_t)  # needs the catalog and tables written above
    write_manifests(out_b, out_l)
    total = sum(p.stat().st_size for p in list(out_b.rglob("*.parquet")) + list(out_l.rglob("*.*")) if p.is_file())
    print(f"bundle size: {total / 1e6:.1f} MB")


def write_overlap(out_t: Path) -> None:
    """Where disadvantages coincide: England's count on the default indicators, read by every profile, brief
    and deck (``placeviz.analysis.overlap``), made from the bundled tables alone."""
    from placeviz.analysis import overlap

    overlap.write_bundled_coincidence(out_t / overlap.BUNDLED_TABLE)
    print(f"  where disadvantages coincide: {overlap.bundled_coincidence().frame['overlap'].notna().sum()} "
          "neighbourhoods counted")


def write_grids(out_r: Path) -> None:
    """Each bundled GeoTIFF grid as the NumPy file maps draw it from, without rasterio
    (``placeviz.model.bundled_grid``)."""
    from placeviz.model.bundled_grid import write_bundled_grid

    for tif in sorted(out_r.glob("*.tif")):
        print(f"  grid for maps: {write_bundled_grid(tif).name}")


def write_manifests(out_b: Path, out_l: Path) -> None:
    """Each bundled folder's MANIFEST.txt: every file with its size and the start of its sha256."""
    for folder, stem in ((out_b, "boundaries"), (out_l, "layers")):
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".parquet", ".tif", ".npz"))
        lines = [f"{p.relative_to(folder)}  {p.stat().st_size:>10,d} bytes  sha256 {sha256(p)[:16]}" for p in files]
        (folder / "MANIFEST.txt").write_text(
            f"# {stem}/ — built by tools/build_bundle.py from ../shared/data/raw\n" + "\n".join(lines) + "\n")


#: the last period of the OHID local-authority life expectancy file that SOURCE.md could verify; later
#: periods are bundled for the series but marked unverified and never made a headline
LE_LA_LATEST_VERIFIED = "2022 - 24"


def write_official_summaries(raw: Path, out_t: Path) -> None:
    """Official summaries quoted as published: IoD 2025 for the 42 ICBs (with the local authorities that make
    up each one, so a place made of the same authorities is recognised as the ICB), and OHID life expectancy,
    healthy life expectancy and its slope index of inequality by local authority and sex."""
    icb = pd.read_csv(raw / "imd2025" / "imd2025_england_icb24.csv")
    split = pd.read_csv(raw / "lookups_higher" / "derived_ltla24_icb24_from_lsoa21.csv")
    whole = split[split.share_of_lad_lsoas == 1.0]
    split_icbs = set(split.loc[split.share_of_lad_lsoas < 1.0, "icb24_code"])
    lads = whole.groupby("icb24_code")["ltla24_code"].apply(lambda s: ";".join(sorted(s)))
    ti = pd.DataFrame({
        "code": icb.icb24_code, "name": icb.icb24_name,
        "imd_average_score": icb.imd_average_score,
        "imd_rank_of_average_score": icb.imd_rank_of_average_score.astype("int64"),
        "imd_proportion_most_deprived_10pc":
            icb.imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally,
        # the ICB's local authorities, only where it is made of whole ones (13 LADs are split between ICBs)
        "lad24_codes": [("" if c in split_icbs else lads.get(c, "")) for c in icb.icb24_code],
    }).sort_values("code")
    check(len(ti) == 42, "IoD 2025 ICB summary should have 42 ICBs")
    check(ti.set_index("code").at["E54000008", "imd_rank_of_average_score"] == 10,
          "NHS Cheshire and Merseyside should be 10th of 42 ICBs on IoD 2025 average score")
    write_table(ti, out_t / "imd2025_file10_icb24.parquet")

    # Census 2021 usual residents of each 2021 neighbourhood: the stated weights of IoD 2025 figures
    write_table(census2021_residents(raw), out_t / "census2021_residents_lsoa21.parquet")

    folder = raw / "life_expectancy_la_sex"
    parts = []
    for key, name in (("le", "fingertips_90366_le_birth_ltla_sex_2015_17_to_2023_25.csv"),
                      ("hle", "fingertips_90362_hle_birth_ua_sex_2015_17_to_2022_24.csv"),
                      ("sii", "fingertips_92901_sii_le_birth_ltla_sex_2015_17_to_2022_24.csv")):
        d = pd.read_csv(folder / name)
        parts.append(pd.DataFrame({
            "code": d.area_code, "name": d.area_name, "indicator": key,
            "sex": d.inequality.str.lower().map({"male": "male", "female": "female"}),
            "period": d.period.str.replace(" - ", "-", regex=False), "value": d.value.astype("float64"),
            "compared_to_england": d.compared_to_England.fillna(""),
            "verified": d.period.str.replace(" ", "") <= LE_LA_LATEST_VERIFIED.replace(" ", ""),
        }))
    tl = pd.concat(parts).sort_values(["indicator", "code", "sex", "period"]).reset_index(drop=True)
    check(tl.sex.notna().all(), "life expectancy by LA: sex should be Male or Female")
    liv = tl[(tl.code == "E08000012") & (tl.indicator == "le") & (tl.sex == "male") & (tl.period == "2022-24")]
    check(len(liv) == 1 and liv.value.iloc[0] == 76.1, "Liverpool male LE 2022-24 should be 76.1")
    write_table(tl, out_t / "life_expectancy_la_sex.parquet")
    # the same, one row per 2024 local authority and one column per indicator, sex and verified period, for maps
    lad24 = pd.read_csv(raw / "lookups" / "lookup_lsoa21_ward24_ltla24.csv.gz")
    codes = sorted(lad24.loc[lad24.ltla24_code.str.startswith("E"), "ltla24_code"].unique())
    ok = tl[tl.verified].copy()
    ok["key"] = ok.indicator + "_" + ok.sex + "_" + ok.period.str.replace("-", "_")
    wide = ok.pivot(index="code", columns="key", values="value").sort_index(axis=1).reindex(codes)
    wide.insert(0, "code", wide.index)
    check(len(wide) == EXPECTED["lad24"], "life expectancy by LA: 296 local authorities of 2024")
    check(wide["le_male_2022_24"].notna().sum() >= 290, "life expectancy by LA: most 2024 LAs have 2022-24")
    write_table(wide, out_t / "life_expectancy_lad24.parquet")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=ROOT.parent / "shared" / "data" / "raw")
    ap.add_argument("--overlap-only", action="store_true",
                    help="remake only the bundled count of where disadvantages coincide (from the bundled tables, "
                         "no raw data needed) and the manifests")
    ap.add_argument("--grids-only", action="store_true",
                    help="remake only the bundled grids' NumPy files (from the bundled GeoTIFFs, no raw data needed) "
                         "and the manifests")
    args = ap.parse_args(argv)
    if args.overlap_only or args.grids_only:
        if args.overlap_only:
            write_overlap(ROOT / "layers" / "tables")
        if args.grids_only:
            write_grids(ROOT / "layers" / "rasters")
        write_manifests(ROOT / "boundaries", ROOT / "layers")
        return
    check(args.raw.is_dir(), f"raw data folder {args.raw} not found: pass --raw PATH to ../shared/data/raw")
    build(args.raw)


if __name__ == "__main__":
    main()
