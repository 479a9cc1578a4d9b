"""Joining layers to areas, and population-weighted aggregation from small areas to larger ones.

``map_data(place, level, layer)`` is what every front end and exporter draws from: the areas of a place at
a geography level, each with the layer's value and, where the layer has them, its national rank and decile.
A layer published only for bigger areas is drawn at its own level, with a note: never spread over smaller
areas. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from placeviz.model.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES, Layer, load_catalog
from placeviz.model.errors import UserError
from placeviz.model.geography import (
    NEIGHBOURHOOD,
    Place,
    attributes,
    boundaries,
    level_set,
    resolve_place,
    ward_map_note,
)
from placeviz.model.ranks import LAYER_EDITION, la_ranks, ward_note, ward_ranks
from placeviz.model.spec import LEVEL_NAMES, LEVEL_ORDER, MapSpec, checked_level
from placeviz.model.tables import read_table

#: an aggregated area gets a value only when members holding at least this share of its weight have one
MIN_WEIGHT_SHARE = 0.5
#: where each small-area set rolls up to, per level
PARENT_COLUMN = {"msoa": "msoa_code", "lad21": "lad21_code", "lad24": "lad24_code", "lad19": "lad19_code",
                 "ward24": "ward24_code"}
#: how a ward's figure is made, said wherever one is shown
WARD_NOTE = ("Wards (May 2024) are made from 2021 LSOAs through the ONS LSOA (2021) to ward (2024) best-fit "
             "lookup: each LSOA counts wholly in the ward holding most of its population, and a ward's figure "
             "is the population-weighted mean of its LSOAs' (population: mid-2020 estimates carried to 2021 "
             "LSOAs), and its outline is theirs. An estimate, not an official ward figure; the 33 wards no LSOA "
             "is fitted to (most in the City of London, and Liverpool's Waterfront North) have no area.")
class LayerDataError(UserError, ValueError):
    """A layer that cannot be drawn as asked, with a sentence that says why."""


@cache
def population(set_name: str) -> pd.Series:
    """Residents (mid-2020) of every area of a small-area set; MSOAs sum their LSOAs. Once per set (the
    profile, comparisons, overlap and imports all ask): shared, so callers reindex it and never modify it."""
    if set_name in ("lsoa11", "lsoa21"):
        return read_table(f"population_{set_name}.parquet")["population"].astype("float64")
    if set_name in ("msoa11", "msoa21"):
        small = "lsoa11" if set_name == "msoa11" else "lsoa21"
        a = attributes(small).set_index("code")
        return population(small).groupby(a["msoa_code"]).sum()
    if set_name == "ward24":
        a = attributes("lsoa21").set_index("code")
        return population("lsoa21").groupby(a["ward24_code"]).sum()
    if set_name in ("lad19", "lad21", "lad24"):
        a = attributes("lsoa11").set_index("code")
        return population("lsoa11").groupby(a[f"{set_name}_code"]).sum()
    raise ValueError(f"No population for {set_name}")


def aggregate(values: pd.Series, weights: pd.Series | None, groups: pd.Series, how: str = "mean",
              min_share: float = MIN_WEIGHT_SHARE) -> pd.Series:
    """Roll small-area values up to groups: weighted mean (or sum), skipping missing values.

    All three series share one index (small-area codes). A group whose members with a value hold less than
    ``min_share`` of its weight gets NaN rather than a value that describes a minority of it.
    """
    df = pd.DataFrame({"v": values, "g": groups})
    df["w"] = 1.0 if weights is None else weights
    df = df[df.g.notna()]
    if how == "sum":
        out = df.groupby("g").v.sum(min_count=1)
        return out.rename(None)
    ok = df.v.notna() & df.w.notna()
    total_w = df.groupby("g").w.sum()
    good = df[ok]
    num = (good.v * good.w).groupby(good.g).sum()
    den = good.w.groupby(good.g).sum()
    mean = (num / den).reindex(total_w.index)
    share = (den.reindex(total_w.index) / total_w).fillna(0)
    mean[share < min_share] = np.nan
    return mean.rename(None)


def national_rank(values: pd.Series, higher_is_worse: bool | None) -> tuple[pd.Series, pd.Series]:
    """Rank 1 = worst, and decile 1 = worst tenth, among all areas with a value."""
    ascending = higher_is_worse is False
    rank = values.rank(method="min", ascending=ascending)
    n = int(values.notna().sum())
    decile = np.ceil(rank * 10 / max(n, 1)).clip(1, 10)
    return rank, decile


def checked_year(layer: Layer, year) -> str | None:
    """The year as the layer's series names it ("2019" for 2019), or None for none; an error naming the years
    it has. The command line and the Python API take a layer's year through here."""
    if year is None or str(year).strip() == "":
        return None
    year = str(year).strip()
    if year not in layer.series:
        raise LayerDataError(no_year_message(layer, year))
    return year


def no_year_message(layer: Layer, year) -> str:
    """The sentence for a year the layer does not have: its years, or that it has one period only."""
    if not layer.series:
        return f"{layer.title} is for one period only ({layer.period}): leave out the year {year}."
    return f"{layer.title} has no figures for {year}: the years available are {', '.join(layer.series)}."


def _layer_frame(layer: Layer) -> pd.DataFrame:
    frames = load_catalog().frames
    if layer.id in frames:
        return frames[layer.id]
    return read_table(layer.table)


def source_values(layer: Layer, year: str | None = None, vintage: int = 2011) -> tuple[str, pd.DataFrame]:
    """The layer at its own geography: (boundary set, frame with value/rank/decile/lower/upper/weight)."""
    if layer.kind == "raster":
        set_name = "lsoa11" if vintage == 2011 or "lsoa21" not in layer.zonal else "lsoa21"
        z = layer.zonal[set_name]
        t = read_table(z["table"])
        out = pd.DataFrame({"value": t[z["column"]]})
        cover = f"{z['column']}_coverage"
        if cover in t:  # an area with no grid square at all lies outside the layer's coverage (issue 11)
            out["covered"] = (t[cover].fillna(0) > 0).astype("float64")
        return set_name, out
    t = _layer_frame(layer)
    column = layer.column
    if year is not None and str(year) != "":
        if str(year) not in layer.series:
            raise LayerDataError(no_year_message(layer, year))
        column = layer.series[str(year)]
    out = pd.DataFrame({"value": t[column].astype("float64")})
    for key, col in (("rank", layer.rank_column), ("decile", layer.decile_column),
                     ("lower", layer.lower_column), ("upper", layer.upper_column)):
        if col and (year is None or col != layer.column):
            out[key] = t[col].astype("float64")
    if layer.weight and layer.weight != "population" and layer.weight in t:
        out["weight"] = t[layer.weight].astype("float64")
    return layer.geography if layer.geography != "grid1km" else "lsoa11", out


def target_set(layer: Layer, level: str, vintage: int | None = None) -> tuple[str, str | None]:
    """Which boundary set the layer is drawn on at ``level``, and a note when that is not what was asked."""
    src = layer.geography if layer.kind != "raster" else "lsoa11"
    src_level = GEOGRAPHY_LEVEL.get(src, "la")
    v = 2021 if src.endswith("21") and src_level != "la" else 2011
    if src in ("lad24",):
        v = 2021
    if LEVEL_ORDER[level] < LEVEL_ORDER[src_level]:
        note = (f"{layer.label} is published for {LEVEL_NAMES[src_level]} only, so it is drawn at that level "
                f"({GEOGRAPHY_NAMES[src]}), not spread over smaller areas.")
        return src, note
    if src_level == "la":
        return src, None
    if level == "ward":
        if src == "lsoa21" or (layer.kind == "raster" and "lsoa21" in layer.zonal):
            edition = LAYER_EDITION.get(layer.id)
            return "ward24", (ward_note(edition) if edition else WARD_NOTE)
        raise LayerDataError(
            f"Wards are made from 2021 LSOAs, and {layer.label} is published for {GEOGRAPHY_NAMES[src]}: "
            "choose a layer for 2021 LSOAs (such as imd2025), or another level.")
    return level_set(level, v if vintage is None else vintage), None


@dataclass
class MapData:
    """The areas of a place at a level with a layer's values: what a map draws and an export writes."""

    place: Place
    layer: Layer
    level: str  # as asked
    boundary_set: str  # as drawn
    frame: object  # GeoDataFrame: code, name, [neighbourhood], lad_name, region_name, value, [rank, decile, lower, upper], geometry
    national: pd.DataFrame  # every area in England at boundary_set: value, rank, decile
    year: str | None = None
    note: str | None = None

    @property
    def values(self) -> np.ndarray:
        return self.frame["value"].to_numpy(dtype="float64")

    @property
    def n_ranked(self) -> int:
        return int(self.national["value"].notna().sum())

    @property
    def period(self) -> str:
        return self.year or self.layer.period

    def title(self) -> str:
        return f"{self.layer.title}, {self.place.name}"

    def area_table(self) -> pd.DataFrame:
        """One row per area: code, name, neighbourhood (the House of Commons Library MSOA name; empty for
        local authorities), local_authority, region, value, and the national rank and decile (nullable
        integers, missing where the layer has none): what every table export starts from."""
        f = self.frame
        out = pd.DataFrame({
            "code": f["code"].astype(str).to_numpy(),
            "name": f["name"].astype(str).to_numpy(),
            "neighbourhood": (f[NEIGHBOURHOOD].fillna("").astype(str).to_numpy() if NEIGHBOURHOOD in f
                              else np.full(len(f), "", dtype=object)),
            "local_authority": f["lad_name"].astype(str).to_numpy(),
            "region": f["region_name"].astype(str).to_numpy(),
            "value": f["value"].to_numpy(dtype="float64"),
        })
        for key in ("rank", "decile"):
            values = f[key].to_numpy(dtype="float64") if key in f else np.full(len(f), np.nan)
            out[key] = pd.array(np.rint(values), dtype="Int64")
        return out


_NATIONAL: dict = {}


def national_values(layer: Layer, set_name: str, year: str | None = None) -> pd.DataFrame:
    """The layer's value (and rank, decile) for every area of ``set_name`` in England. Cached."""
    key = (layer.id, id(layer), set_name, year)
    if key in _NATIONAL:
        return _NATIONAL[key]
    src_set, src = source_values(layer, year, vintage=2021 if (set_name.endswith("21") and
                                 not set_name.startswith("lad")) or set_name == "ward24" else 2011)
    codes = attributes(set_name)["code"]
    edition = LAYER_EDITION.get(layer.id)
    if edition is not None and set_name.startswith("lad") and year is None:
        # local authorities on an IMD layer: the one rule of model.ranks (official File 10 where published)
        la = la_ranks(edition, set_name).reindex(codes.values)
        out = pd.DataFrame({"value": la["value"].to_numpy()}, index=codes.values)
        out["rank"] = la["rank"].to_numpy()
        out["decile"] = np.ceil(out["rank"] * 10 / la["rank_of"].to_numpy()).clip(1, 10)
        out["rank_of"], out["rank_basis"] = la["rank_of"].to_numpy(), la["rank_basis"].to_numpy()
    elif edition is not None and set_name == "ward24" and year is None:
        # wards on an IMD layer: model.ranks' rule and weights, as the profile and comparisons give them
        wards = ward_ranks(edition).reindex(codes.values)
        out = pd.DataFrame({"value": wards["value"].to_numpy()}, index=codes.values)
        out["rank"] = wards["rank"].to_numpy()
        out["decile"] = np.ceil(out["rank"] * 10 / out["value"].notna().sum()).clip(1, 10)
    elif src_set == set_name:
        out = src.drop(columns=["weight"], errors="ignore").reindex(codes.values)
    else:
        parent = PARENT_COLUMN["msoa"] if set_name.startswith("msoa") else PARENT_COLUMN[set_name]
        groups = attributes(src_set).set_index("code")[parent].reindex(src.index)
        if layer.aggregate == "sum":
            weights = None
        elif "weight" in src:
            weights = src["weight"]
        elif layer.weight is None:
            weights = None
        else:
            weights = population(src_set).reindex(src.index)
        value = aggregate(src["value"], weights, groups, how=layer.aggregate)
        out = pd.DataFrame({"value": value.reindex(codes.values)})
        if "rank" in src or "decile" in src:
            out["rank"], out["decile"] = national_rank(out["value"], layer.higher_is_worse)
            if set_name.startswith("lad"):  # ranked here among the authorities with a value: say so
                out["rank_of"] = float(out["value"].notna().sum())
                out["rank_basis"] = "computed"
    out.index.name = "code"
    _NATIONAL[key] = out
    return out


def clear_cache(layer_id: str | None = None) -> None:
    for k in [k for k in _NATIONAL if layer_id is None or k[0] == layer_id]:
        del _NATIONAL[k]


def map_data(place: str | Place, level: str, layer: str | Layer, year: str | None = None,
             vintage: int | None = None, geometry: bool = True, values: pd.DataFrame | None = None) -> MapData:
    """The areas of ``place`` at ``level`` joined to ``layer`` (an id or a Layer).

    ``geometry=False`` gives the same areas and values as a plain DataFrame without reading boundaries
    (fast, for tables, rankings and front ends that keep their own geometry). ``values`` (by area code, with
    a ``value`` column) stands in for England's values where a layer was worked out for this place alone:
    its ``national`` then holds only those areas, so its classes must not come from England's values."""
    place = resolve_place(place)
    layer = load_catalog().get(layer) if isinstance(layer, str) else layer
    year = str(year).strip() or None if year is not None else None  # 2019 is the series' "2019"
    set_name, note = target_set(layer, checked_level(level), vintage)
    national = national_values(layer, set_name, year) if values is None else values
    g = boundaries(set_name) if geometry else attributes(set_name)
    mask = place.mask(g, set_name)
    if not mask.any():
        raise LayerDataError(_no_areas_message(place, set_name))
    cols = ["code", "name"] + [NEIGHBOURHOOD] * (NEIGHBOURHOOD in g) + ["lad_name", "region_name"] + (
        ["geometry"] if geometry else [])
    frame = g.loc[mask, cols].reset_index(drop=True)
    if values is None and len(national) == len(g):
        # national_values holds the set's areas in its row order: taken by place, not looked up by code (each
        # layer's first lookup hashed England's 33,755 codes, 5 ms)
        joined = national.iloc[np.flatnonzero(mask)]
    else:
        joined = national.reindex(frame["code"].values)
    for c in joined.columns:
        frame[c] = joined[c].to_numpy()
    if layer.map_note:
        note = (note + " " if note else "") + layer.map_note
    if place.kind == "ward":  # what a map of the ward shows at this level
        note = (note + " " if note else "") + ward_map_note(place, set_name)
    if layer.kind == "raster" and frame["value"].isna().all():
        note = (note + " " if note else "") + (
            f"{layer.label} covers Cheshire and Merseyside and its edges only: {place.name} has no data.")
    return MapData(place=place, layer=layer, level=level, boundary_set=set_name, frame=frame,
                   national=national, year=year, note=note)


def _no_areas_message(place: Place, set_name: str) -> str:
    """Why a place has no areas in a boundary set: a local authority of another year names its successors."""
    base = f"{place.name} has no {GEOGRAPHY_NAMES[set_name]} areas"
    if not set_name.startswith("lad") or place.kind not in ("la", "group"):
        return base + "."
    small = attributes("lsoa11")
    now = small.loc[place.mask(small), f"{set_name}_code"].dropna().unique()
    names = attributes(set_name).set_index("code")["name"].reindex(now).dropna().sort_values().tolist()
    if not names:
        return base + "."
    where = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (f"{place.name} is not one of the {GEOGRAPHY_NAMES[set_name]} areas: local authorities changed, and "
            f"its area now lies in {where}. Choose {where} instead, or show neighbourhoods (LSOAs).")


def map_data_for_spec(spec: MapSpec) -> MapData:
    return map_data(spec.place, spec.level, spec.layer, spec.year)
