"""Comparing areas: each layer's value, national rank and percentile, and its difference from the area's
local authority, its region and England; and a sortable ranking table of every area of a place.

An *area* is an LSOA or MSOA (by code or name), a local authority, or a whole place (a ward, a region, a group
of local authorities, England). A ward (May 2024) is the LSOAs the ONS best-fit lookup puts in it: its value is
their population-weighted mean (an MSOA layer passing each LSOA its MSOA's value), ranked among England's wards
made the same way (those with a value, for a layer that covers part of England); a local-authority layer gives it its local authority's value. Values come from the same joins the maps use (``placeviz.model.mapdata``), so a
number in a comparison is the number the map shows for that area.

How each figure is defined:

- ``value``: the layer's value for the area. An area smaller than the layer's geography (an LSOA and a
  layer published for MSOAs) gets the value of the bigger area that contains it, and the ``note`` says so;
  an area bigger than it gets the population-weighted mean of its parts (``mapdata.aggregate``).
- ``rank``: 1 = the worst area in England of the same kind (the published rank where the layer has one);
  ``n_ranked`` areas have a value. Layers with no worse end are ranked from the highest value.
  ``rank_basis`` says whether the rank is "official" (published) or "computed", and ``ranked_among`` among
  which set. On the IMD layers a local authority, group or region follows ``model.ranks``' one rule, the
  profile's: its official File 10 (or ICB) average score and rank where there is one, else its average score
  placed among File 10's authorities.
- ``percentile``: the share of England's areas of that kind with a lower value (ties count half), 0-100.
  It runs with the value, whichever end is worse, so 95 means "higher than 95% of areas".
- ``la_value``, ``region_value``, ``england_value``: population-weighted means of the layer's own areas
  in the area's local authority, region and England, with the same weights the maps use; ``diff_*`` is
  ``value`` minus each. For count layers (residents) they are the mean per area of the same kind instead,
  as a sum would not be comparable with one area.

No Qt here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from placeviz.analysis.official_le import official_england_value
from placeviz.model.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES, Layer, load_catalog
from placeviz.model.classify import SCHEMES, classify_map, pooled_bins
from placeviz.model.errors import UserError
from placeviz.model.geography import (
    Place,
    attributes,
    code_kind,
    find_area,
    resolve_place,
    ward_shared_ground_note,
)
from placeviz.model.mapdata import (
    aggregate,
    map_data,
    national_rank,
    national_values,
    population,
    source_values,
    target_set,
)
from placeviz.model.msoa_on_lsoas import msoa_values_on_lsoas, place_mean_over_lsoas
from placeviz.model.ranks import LAYER_EDITION, SUMMARIES, imd_place_rank, percentile_among
from placeviz.model.safe_files import defuse_formulas, write_via
from placeviz.model.spec import LEVEL_ORDER

LA_SETS = ("lad19", "lad21", "lad24")
KIND_NAMES = {"lsoa": "LSOA", "msoa": "MSOA", "la": "local authority", "region": "region",
              "group": "group of local authorities", "england": "country", "ward": "ward (May 2024)"}


class CompareError(UserError, ValueError):
    """A comparison that cannot be made as asked."""


@dataclass(frozen=True)
class Area:
    """One thing being compared: a small area, a local authority or a whole place."""

    code: str
    name: str
    kind: str  # "lsoa", "msoa", "la", "ward", "region", "group", "england"
    set_name: str | None = None  # boundary set of an LSOA/MSOA/LA/ward; None for regions, groups, England
    place: Place | None = None
    la_code: str | None = None
    la_name: str | None = None
    region_code: str | None = None
    region_name: str | None = None

    @property
    def label(self) -> str:
        return self.name if self.name == self.code or self.kind in ("england", "group") \
            else f"{self.name} ({self.code})"


def _la_column(set_name: str) -> str:
    """The local-authority code column whose names a boundary set's ``lad_name`` carries."""
    if set_name in LA_SETS:
        return f"{set_name}_code"
    if set_name == "ward24":
        return "lad24_code"  # May 2024 wards lie in 2024 local authorities
    return "lad24_code" if set_name.endswith("21") else "lad21_code"


def resolve_area(text: str | Area | Place) -> Area:
    """An area by code or name: LSOA/MSOA codes or names, local authorities, regions, groups, England."""
    if isinstance(text, Area):
        return text
    if isinstance(text, Place):
        place = text
    else:
        kind = code_kind(str(text).strip())
        place = None
        if kind in ("lsoa", "msoa"):
            return _small_area(str(text))
        try:
            place = resolve_place(text)
        except UserError as exc:
            try:
                return _small_area(str(text))
            except UserError:
                raise CompareError(
                    f"{exc} LSOAs and MSOAs can be given by code (E01..., E02...) or name "
                    "(e.g. 'Liverpool 060A')."
                ) from None
    if place.kind == "la":
        a = attributes(place.vintage).set_index("code").loc[place.codes[0]]
        return Area(place.codes[0], place.name, "la", place.vintage, place, place.codes[0], place.name,
                    a["region_code"], a["region_name"])
    if place.kind == "region":
        return Area(place.codes[0], place.name, "region", None, place, None, None, place.codes[0], place.name)
    if place.kind == "ward":
        w = attributes("ward24").set_index("code").loc[place.codes[0]]
        return Area(place.codes[0], place.name, "ward", "ward24", place, w["lad24_code"], w["lad_name"],
                    w["region_code"], w["region_name"])
    return Area(place.name, place.name, place.kind, None, place)


def _small_area(text: str) -> Area:
    try:
        set_name, row = find_area(text)
    except UserError as exc:
        raise CompareError(f"{exc} Give an LSOA or MSOA code, a local authority, a region or England.") \
            from None
    la_col = _la_column(set_name)
    return Area(row["code"], row["name"], GEOGRAPHY_LEVEL[set_name], set_name, None, row[la_col], row["lad_name"],
                row["region_code"], row["region_name"])


def _source(layer: Layer, year: str | None, vintage: int) -> tuple[str, pd.DataFrame, pd.Series | None]:
    """The layer at its own areas with the weights its maps aggregate with (None = unweighted)."""
    src_set, src = source_values(layer, year, vintage=vintage)
    if layer.aggregate == "sum" or layer.weight is None:
        w = None
    elif "weight" in src:
        w = src["weight"]
    else:
        w = population(src_set).reindex(src.index)
    return src_set, src, w


def _vintage(set_name: str | None, layer: Layer) -> int:
    if set_name in ("lsoa21", "msoa21", "lad24"):
        return 2021
    if set_name in ("lsoa11", "msoa11", "lad19", "lad21"):
        return 2011
    return 2021 if layer.geography.endswith("21") and not layer.geography.startswith("lad") else 2011


def _group_means(layer: Layer, year: str | None, group_col: str | None, vintage: int,
                 how: str = "mean") -> pd.Series:
    """Population-weighted mean (or ``how="sum"`` total) of the layer over its own areas, per group
    (or England when ``group_col`` is None)."""
    src_set, src, w = _source(layer, year, vintage)
    a = attributes(src_set).set_index("code").reindex(src.index)
    groups = pd.Series("England", index=src.index) if group_col is None else a[group_col]
    return aggregate(src["value"], w if how == "mean" else None, groups, how=how)


def _england_value(layer: Layer, year: str | None, vintage: int, notes: list, means: str,
                   own_row: bool = False) -> float:
    """England's figure for the layer: the publisher's own where the bundle has it (OHID's life expectancy,
    healthy life expectancy and slope index: a mean of local authorities' slope indices is not England's), else
    the population-weighted mean of the layer's areas. ``means``: whose figures in the row are such means on
    these layers all the same ("the region's"), said in its note; ``own_row``: England's own row, whose note
    says which its figure is."""
    column = layer.series.get(str(year), layer.column) if year else layer.column
    official = official_england_value(column) if layer.kind != "raster" else None
    if official is None:
        if own_row:  # England's own row: the figure is placeviz's, which its note did not say
            notes.append(f"England's {layer.label} is " + ("a count: the figure is the mean per area" if
                                                          layer.aggregate == "sum" else
                                                          "the population-weighted mean of its areas' figures")
                         + ", computed by placeviz.")
        return float(_group_means(layer, year, None, vintage).get("England", np.nan))
    notes.append(f"England's {layer.label} is OHID's own figure (official)"
                 + (f"; {means} is the population-weighted mean of its local authorities' figures, computed by "
                    "placeviz, not a published figure." if means else "."))
    return official


def _percentile(values: pd.Series, v: float) -> float:
    x = values.dropna().to_numpy(dtype="float64")
    if not np.isfinite(v) or x.size == 0:
        return float("nan")
    return float(100.0 * ((x < v).sum() + 0.5 * (x == v).sum()) / x.size)


def _target(area: Area, layer: Layer) -> tuple[str | None, str | None, str | None]:
    """(boundary set, code) at which to read the layer's value for the area, and a note."""
    src_set = layer.geography if layer.kind != "raster" else "lsoa11"
    src_level = GEOGRAPHY_LEVEL.get(src_set, "lsoa")
    if area.kind == "ward":
        return _ward_target(area, layer, src_set, src_level)
    if area.kind not in LEVEL_ORDER:
        return None, None, None  # a whole place: aggregated below
    if LEVEL_ORDER[area.kind] >= LEVEL_ORDER[src_level]:
        # same level or bigger: the layer's value (aggregated when bigger) for this very area
        if area.kind == "la":
            # the LA set the layer's own map uses (2024 LAs for 2021-LSOA layers) when the LA is one of them,
            # so a comparison gives the map's value and rank (Liverpool 9th of 296 on IMD 2025, not of 309)
            map_set = target_set(layer, "la")[0]
            if map_set != area.set_name and area.code in set(attributes(map_set)["code"]):
                return map_set, area.code, None
            return area.set_name, area.code, None
        want = ("lsoa" if area.kind == "lsoa" else "msoa") + ("21" if src_set.endswith("21") else "11")
        if src_level == "la" or layer.kind == "raster":
            want = area.set_name
        if want == area.set_name or area.code in set(attributes(want)["code"]):
            return want, area.code, None
        return None, None, (f"{layer.label} is on {GEOGRAPHY_NAMES[src_set]} areas and {area.code} is not one "
                            f"of them (its boundary changed between 2011 and 2021); use the matching "
                            f"{'2021' if src_set.endswith('21') else '2011'} code.")
    # the area is smaller than the layer's geography: the value of the bigger area containing it
    row = attributes(area.set_name).set_index("code").loc[area.code]
    if src_level == "msoa":
        if area.set_name[-2:] != src_set[-2:]:
            return None, None, (f"{layer.label} is published for {GEOGRAPHY_NAMES[src_set]} areas only, and "
                                f"{area.code} is from another census's boundaries.")
        code = row["msoa_code"]
        kind = "MSOA"
    else:
        code = row[f"{src_set}_code"]
        kind = "local authority"
    return src_set, code, (f"{layer.label} is published for {GEOGRAPHY_NAMES[src_set]} areas only: this is the "
                           f"value of the {kind} {code} that contains {area.code}.")


def _ward_target(area: Area, layer: Layer, src_set: str, src_level: str) -> tuple[str | None, str | None, str | None]:
    """A ward is a whole place (its LSOAs, aggregated in ``_ward_figures``), except on a layer published for
    local authorities only: there it takes the value of the local authority it lies in, as a small area does."""
    if src_level != "la":
        return None, None, None
    code = attributes("ward24").set_index("code").at[area.code, f"{src_set}_code"]
    name = attributes(src_set).set_index("code")["name"].get(code, code)
    return src_set, code, (f"{layer.label} is published for {GEOGRAPHY_NAMES[src_set]} areas only: this is the "
                           f"value of {name} ({code}), the local authority that contains {area.name}.")


def same_area_everywhere(mds) -> str:
    """For maps (MapData) that all show one area, a ward beside its own council on a layer published for councils
    (the council drawn twice, with a one-class legend): the area's name, to say so; "" otherwise."""
    if len(mds) < 2 or not any(md.place.kind == "ward" for md in mds):
        return ""
    codes = [list(md.frame["code"]) for md in mds]
    if any(c != codes[0] for c in codes[1:]):
        return ""
    return ", ".join(mds[0].frame["name"].astype(str).tolist()[:3])


def same_area_note(mds, lead: str, instead: str) -> str:
    """The sentence for maps (MapData) that all show one area (``same_area_everywhere``), in the words of the front
    end that says it: ``lead`` ("Both maps show"), then what to do ``instead``; "" when they show different
    areas."""
    shown = same_area_everywhere(mds)
    if not shown:
        return ""
    return (f"{lead} the same area ({shown}): {mds[0].layer.label} is published for areas bigger than a ward. "
            f"{instead}").strip()


def compare_areas(areas, layers, years: dict | None = None) -> pd.DataFrame:
    """One row per (area, layer): value, national rank and percentile, and differences from the area's
    local authority, region and England. ``areas`` and ``layers`` are names/codes or resolved objects;
    ``years`` maps a layer id to a year of its series."""
    cat = load_catalog()
    areas = [resolve_area(a) for a in areas]
    layers = [cat.get(x) if isinstance(x, str) else x for x in layers]
    if len(areas) < 1 or len(layers) < 1:
        raise CompareError("Choose at least one area and one layer to compare.")
    years = years or {}
    rows = []
    for layer in layers:
        year = years.get(layer.id)
        for area in areas:
            rows.append(_row(area, layer, year))
    return pd.DataFrame(rows)


def _row(area: Area, layer: Layer, year: str | None) -> dict:
    vintage = _vintage(area.set_name, layer)
    row = {
        "area_code": area.code, "area_name": area.name, "area_kind": area.kind,
        "layer": layer.id, "layer_title": layer.title, "period": year or layer.period, "unit": layer.unit,
        "geography": None, "value": np.nan, "rank": np.nan, "n_ranked": 0, "rank_basis": "",
        "ranked_among": "", "percentile": np.nan, "decile": np.nan,
        "la_name": area.la_name, "la_value": np.nan, "diff_la": np.nan,
        "region_name": area.region_name, "region_value": np.nan, "diff_region": np.nan,
        "england_value": np.nan, "diff_england": np.nan, "note": "",
    }
    notes = []
    set_name, code, note = _target(area, layer)
    if note:
        notes.append(note)
    if set_name is not None:
        nat = national_values(layer, set_name, year)
        row["geography"] = GEOGRAPHY_NAMES[set_name]
        v = float(nat["value"].get(code, np.nan))
        row["value"] = v
        rank = nat["rank"] if "rank" in nat else national_rank(nat["value"], layer.higher_is_worse)[0]
        if "rank" not in nat and layer.higher_is_worse is None:
            rank = nat["value"].rank(method="min", ascending=False)
        row["rank"] = float(rank.get(code, np.nan)) if np.isfinite(v) else np.nan
        row["n_ranked"] = int(nat["value"].notna().sum())
        row["rank_basis"] = (str(nat["rank_basis"].get(code, "computed")) if "rank_basis" in nat
                             else _rank_basis("rank" in nat, layer, set_name))
        row["ranked_among"] = f"{row['n_ranked']:,} {_plural(GEOGRAPHY_LEVEL[set_name])} in England " \
                              f"({GEOGRAPHY_NAMES[set_name]})"
        row["percentile"] = _percentile(nat["value"], v)
        if "decile" in nat:
            row["decile"] = float(nat["decile"].get(code, np.nan))
    elif area.kind in ("region", "group", "england"):
        v = _place_value(area, layer, year, vintage) if area.kind != "england" else \
            _england_value(layer, year, vintage, notes, "", own_row=True)
        row["value"] = v
        row["geography"] = KIND_NAMES[area.kind]
        if area.kind == "region":
            regions = _group_means(layer, year, "region_code", vintage, how=layer.aggregate)
            row["rank"] = float(national_rank(regions, layer.higher_is_worse)[0].get(area.code, np.nan)) \
                if layer.higher_is_worse is not None else float(regions.rank(ascending=False).get(area.code))
            row["n_ranked"] = int(regions.notna().sum())
            row["rank_basis"] = "computed"
            row["ranked_among"] = f"{row['n_ranked']} regions of England"
            # the region's own entry of the series it is ranked in: v, summed in another order, can differ
            # from it in the last bit and would then count the region as below itself (NW at 100, not 94)
            row["percentile"] = _percentile(regions, float(regions.get(area.code, v)))
    elif area.kind == "ward":
        _ward_figures(row, area, layer, year, vintage, notes)
    if layer.id in LAYER_EDITION and area.place is not None and area.kind != "england":
        _official_rule(row, area, layer, notes)
    v = row["value"]
    if layer.aggregate == "sum":
        eng = _sum_references(row, area, layer, year, set_name)
    else:
        means = [f"{area.name}'s"] if area.kind == "group" else []
        means += ["the region's"] if area.region_code is not None or area.kind == "region" else []
        eng = np.nan if area.kind == "england" else _england_value(  # England's own said above
            layer, year, vintage, notes, " and ".join(means))
        if area.region_code is not None:
            row["region_value"] = _official_score(layer, area.region_code) or float(
                _group_means(layer, year, "region_code", vintage).get(area.region_code, np.nan))
        if area.la_code is not None and area.kind != "la":
            la_col = _la_column(area.set_name)
            row["la_value"] = _official_score(layer, area.la_code) or float(
                _group_means(layer, year, la_col, vintage).get(area.la_code, np.nan))
    row["england_value"] = eng
    for key in ("la", "region", "england"):
        ref = row[f"{key}_value"] if key != "england" else eng
        row[f"diff_{key}"] = v - ref if np.isfinite(v) and np.isfinite(ref) else np.nan
    if area.kind == "region":
        row["diff_region"] = np.nan
        row["region_value"] = np.nan
    if area.kind == "england":
        row["diff_england"] = np.nan
        row["england_value"] = np.nan
    if layer.aggregate == "sum" and set_name is not None:
        kind = KIND_NAMES[GEOGRAPHY_LEVEL[set_name]]
        notes.append(f"{layer.label} is a count: the local-authority, region and England figures are the "
                     f"mean per {kind} there, not totals.")
    if not np.isfinite(v) and not notes:
        notes.append(f"{layer.label} has no value for {area.name}.")
    row["note"] = " ".join(notes)
    return row


def _official_score(layer: Layer, code: str) -> float | None:
    """On an IMD layer, a local authority's or region's average score as its own row gives it (``model.ranks``'
    one rule: File 10's for an authority), so that the figure beside a neighbourhood or ward is the same number
    (Liverpool was 37.11 in its row and 36.90, a mean of its neighbourhoods, beside Anfield); None otherwise."""
    if layer.id not in LAYER_EDITION:
        return None
    try:
        r = imd_place_rank(resolve_place(code), LAYER_EDITION[layer.id])
    except UserError:
        return None
    return None if r is None else r.score


def _official_rule(row: dict, area: Area, layer: Layer, notes: list) -> None:
    """A local authority, group or region on an IMD layer: its average score and rank by ``model.ranks``' one
    rule (the official File 10 or ICB rank where there is one, else computed among File 10's authorities), so a
    comparison gives the rank the profile gives."""
    r = imd_place_rank(area.place, LAYER_EDITION[layer.id])
    if r is None:
        return
    row["value"] = r.score
    row["rank"] = float(r.rank)
    row["n_ranked"] = r.n
    row["rank_basis"] = r.basis
    row["ranked_among"] = r.set_words
    row["percentile"] = percentile_among(r)
    row["decile"] = np.nan
    row["geography"] = "ICB" if r.among == "ICBs" else row["geography"]
    if r.among == "regions":
        # the region's own entry of the series it is ranked in: its value, summed in another order, can differ
        # from it in the last bit and would then count the region as below itself (NW at 100, not 94)
        row["value"] = r.score
    notes.append(r.note)


def _lsoa_values(layer: Layer, year: str | None, vintage: int) -> tuple[str, pd.Series, pd.Series | None]:
    """The layer on LSOAs with the weights its maps use: an MSOA layer gives each LSOA its MSOA's value, weighted
    by the LSOA's residents, so a ward (a set of LSOAs) counts each MSOA by the residents it holds of it."""
    src_set, src, w = _source(layer, year, vintage)
    if GEOGRAPHY_LEVEL.get(src_set) == "lsoa":
        return src_set, src["value"], w
    lsoa_set = "lsoa21" if src_set.endswith("21") else "lsoa11"
    values, weights = msoa_values_on_lsoas(src["value"], lsoa_set)
    if layer.aggregate == "sum":
        values[:] = np.nan  # a count cannot be shared among its LSOAs without a rule for it
    return lsoa_set, values, weights


_WARDS: dict = {}


def _england_wards(layer: Layer, year: str | None, vintage: int):
    """(LSOA set, LSOA values, weights, every ward's value, the number of wards the LSOAs reach) for a layer:
    the same for every ward compared, so once (a comparison of four wards took 0.18 s doing it four times)."""
    key = (layer.id, year, vintage)
    if key not in _WARDS or _WARDS[key][0] is not layer:  # an imported layer made again under its id: anew
        lsoa_set, values, w = _lsoa_values(layer, year, vintage)
        a = attributes(lsoa_set).set_index("code").reindex(values.index)
        wards = aggregate(values, w, a["ward24_code"], how=layer.aggregate).dropna()
        # the wards this set of LSOAs reaches (on 2011 LSOAs, 4 wards hold none: 6,780 of the 6,784 with an area)
        _WARDS[key] = (layer, lsoa_set, values, w, wards, a["ward24_code"].nunique())
    return _WARDS[key][1:]


def _ward_figures(row: dict, area: Area, layer: Layer, year: str | None, vintage: int, notes: list) -> None:
    """A ward as a whole place: the population-weighted mean (a count: the sum) of the layer over its LSOAs,
    ranked among England's wards made the same way: those its LSOAs reach, or those with a value where some have none."""
    row["geography"] = KIND_NAMES["ward"]
    if layer.id in LAYER_EDITION:
        # the ward's IMD score and rank follow model.ranks' rule (``_official_rule``), which says how: aggregating
        # England's wards here would only be overwritten
        if SUMMARIES[LAYER_EDITION[layer.id]]["set"] == "lsoa11" and ward_shared_ground_note(area.place):
            notes.append(ward_shared_ground_note(area.place))
        return
    lsoa_set, values, w, wards, reach = _england_wards(layer, year, vintage)
    v = place_mean_over_lsoas(area.place, values, w, lsoa_set, how=layer.aggregate)
    row["value"] = v
    if np.isfinite(v) and len(wards):
        if area.place.codes[0] not in wards.index:  # a ward holding most of no 2011 LSOA counts in the wards too
            wards = pd.concat([wards, pd.Series([v], index=[area.place.codes[0]])])
        x = wards.to_numpy(dtype="float64")
        worse = x < v if layer.higher_is_worse is False else x > v
        row["rank"] = float(1 + worse.sum())
        row["n_ranked"] = len(wards)
        row["rank_basis"] = "computed"
        row["ranked_among"] = f"{len(wards):,} wards in England (May 2024, each made the same way)"
        if len(wards) < reach:  # some wards without a value: the 1 km air grids cover 648
            part = "; the layer covers part of England" if len(wards) < 0.9 * reach else ""
            row["ranked_among"] = f"{len(wards):,} wards with a value (May 2024, each made the same way{part})"
        row["percentile"] = _percentile(wards, v)
    if lsoa_set.endswith("11") and ward_shared_ground_note(area.place):
        notes.append(ward_shared_ground_note(area.place))
    how = "the sum" if layer.aggregate == "sum" else "the population-weighted mean"
    passed = "" if GEOGRAPHY_LEVEL.get(layer.geography) == "lsoa" or layer.kind == "raster" else \
        f"; each takes its MSOA's value, as {layer.label} is published for {GEOGRAPHY_NAMES[layer.geography]} areas"
    among = "England's wards" if len(wards) >= reach else f"the {len(wards):,} wards with a value"
    notes.append(f"For the ward, {how} of its {GEOGRAPHY_NAMES[lsoa_set]} areas (the LSOAs the ONS best-fit lookup "
                 f"puts in it{passed}), ranked among {among}, made the same way: computed by placeviz, not an "
                 "official ward figure.")


def _plural(level: str) -> str:
    return {"lsoa": "LSOAs", "msoa": "MSOAs", "la": "local authorities"}.get(level, level + "s")


def _sum_references(row: dict, area: Area, layer: Layer, year: str | None, set_name: str | None) -> float:
    """For count layers: the mean count per area of the same kind in the LA, region and England."""
    if set_name is None:
        return float("nan")  # a whole place: a total, with nothing of its kind to set it against
    nat = national_values(layer, set_name, year)["value"]
    a = attributes(set_name).set_index("code").reindex(nat.index)
    if area.la_code is not None and area.kind != "la":
        la_col = _la_column(set_name)
        row["la_value"] = float(nat[a[la_col] == area.la_code].mean())
    if area.region_code is not None:
        row["region_value"] = float(nat[a["region_code"] == area.region_code].mean())
    return float(nat.mean())


def _place_value(area: Area, layer: Layer, year: str | None, vintage: int) -> float:
    src_set, src, w = _source(layer, year, vintage)
    a = attributes(src_set).set_index("code").reindex(src.index)
    inside = pd.Series(area.place.mask(a.reset_index()), index=src.index)
    groups = pd.Series(np.where(inside, "in", None), index=src.index)
    out = aggregate(src["value"], w, groups, how=layer.aggregate)
    return float(out.get("in", np.nan))


# --- ranking table ------------------------------------------------------------------------------

RANKING_COLUMNS = ("place_rank", "code", "name", "neighbourhood", "lad_name", "value", "rank", "decile", "percentile",
                   "rank_basis")


def ranking_table(place, layer, level: str = "lsoa", year: str | None = None, sort_by: str = "place_rank",
                  descending: bool = False) -> pd.DataFrame:
    """Every area of ``place`` at ``level`` for ``layer``: rank within the place (1 = worst), national rank,
    decile (where published) and percentile; sorted by any of its columns. Areas with no value come last.
    The ``code`` column links a row to the map's area."""
    md = map_data(place, level, layer, year, geometry=False)
    f = md.frame
    out = pd.DataFrame({"code": f["code"], "name": f["name"],
                        "neighbourhood": f.get("neighbourhood", pd.Series("", index=f.index)).fillna(""),
                        "lad_name": f["lad_name"], "value": f["value"].astype("float64")})
    worse = md.layer.higher_is_worse
    out.insert(0, "place_rank", out["value"].rank(method="min", ascending=worse is False))
    if "rank" in f:
        out["rank"] = f["rank"].astype("float64").to_numpy()
    else:
        nat_rank = national_rank(md.national["value"], worse)[0] if worse is not None else \
            md.national["value"].rank(method="min", ascending=False)
        out["rank"] = nat_rank.reindex(out["code"]).to_numpy()
    out["decile"] = f["decile"].astype("float64").to_numpy() if "decile" in f else np.nan
    nat = np.sort(md.national["value"].dropna().to_numpy(dtype="float64"))
    v = out["value"].to_numpy()
    lo = np.searchsorted(nat, v, side="left")
    hi = np.searchsorted(nat, v, side="right")
    out["percentile"] = np.where(np.isfinite(v), 100.0 * (lo + 0.5 * (hi - lo)) / max(nat.size, 1), np.nan)
    out["rank_basis"] = _rank_basis("rank" in f, md.layer, md.boundary_set)
    if level == "la" and md.layer.id in LAYER_EDITION:
        _official_la_ranks(out, md.layer)
        out["place_rank"] = out["value"].rank(method="min", ascending=False)
    return sort_ranking(out, sort_by, descending)


def _rank_basis(has_rank: bool, layer: Layer, set_name: str) -> str:
    """Whose national rank an area's is: the publisher's on the areas it publishes (the IoD's neighbourhoods),
    else placeviz's (wards and MSOAs ranked on the averages placeviz makes of them)."""
    return "official" if has_rank and set_name == layer.geography else "computed"


def _official_la_ranks(out: pd.DataFrame, layer: Layer) -> None:
    """Local authorities on an IMD layer: each one's average score and rank by ``model.ranks``' rule, as the
    profile and ``compare_areas`` give them."""
    for i, code in enumerate(out["code"]):
        try:
            r = imd_place_rank(resolve_place(str(code)), LAYER_EDITION[layer.id])
        except UserError:
            r = None
        if r is None:
            continue
        out.iloc[i, out.columns.get_loc("value")] = r.score
        out.iloc[i, out.columns.get_loc("rank")] = float(r.rank)
        out.iloc[i, out.columns.get_loc("percentile")] = percentile_among(r)
        out.iloc[i, out.columns.get_loc("rank_basis")] = f"{r.basis}, of {r.n:,}"
    out["decile"] = np.nan


def sort_ranking(table: pd.DataFrame, sort_by: str = "place_rank", descending: bool = False) -> pd.DataFrame:
    """The table sorted by one column (ties by code), areas with no value last."""
    if sort_by not in table.columns:
        raise CompareError(f"Cannot sort by {sort_by!r}: choose one of {', '.join(table.columns)}.")
    out = table.sort_values([sort_by, "code"], ascending=[not descending, True], na_position="last",
                            kind="mergesort")
    return out.reset_index(drop=True)


# --- shared scale -------------------------------------------------------------------------------

def shared_breaks(maps, classification) -> np.ndarray | None:
    """One set of class breaks across several maps (MapData or arrays of values), so a colour means the
    same value on each: mapclassify's pooled approach (``placeviz.model.classify.pooled_bins``, the same schemes
    as single maps). None for national deciles, which are one national scale already."""

    if classification.scheme == "national_deciles":
        return None
    values = [m.values if hasattr(m, "values") and not isinstance(m, np.ndarray | pd.Series) else
              np.asarray(m, dtype="float64") for m in maps]
    if len(values) < 2:
        raise CompareError("A shared scale needs at least two maps.")
    return pooled_bins(values, classification)


@dataclass
class PairClasses:
    """The classifications of maps shown side by side, and what the legend should say about the scale."""

    classified: list  # one placeviz.model.classify.Classified per map
    bins: np.ndarray | None  # the shared breaks, when one set is used
    shared: bool
    note: str


def one_measure(layers) -> bool:
    """Whether ``layers`` measure one thing the same way (unit and worse end), so that one scale can serve
    them all: the rule of ``classify_pair`` and of every front end that offers one scale."""
    return len({(x.unit, x.higher_is_worse) for x in layers}) == 1


def classify_pair(mds, classifications, shared: bool = True) -> PairClasses:
    """Classify maps for a side-by-side view. With ``shared``, one scale across all of them: national
    deciles where every map has them (one national scale already), otherwise pooled breaks under the first
    map's classification, so a colour means the same value everywhere. Layers measured in different units
    cannot share a scale; each then keeps its own and the note says so."""

    mds = list(mds)
    classifications = list(classifications)
    if len(classifications) == 1:
        classifications = classifications * len(mds)
    first = classifications[0]
    if shared and all(c.scheme == "national_deciles" for c in classifications):
        cl = [classify_map(m, c) for m, c in zip(mds, classifications, strict=True)]
        for c in cl:
            c.shared = True
        return PairClasses(cl, None, True, "One scale: national deciles on every map.")
    same = one_measure(m.layer for m in mds)
    if shared and same and first.scheme != "national_deciles":
        bins = shared_breaks(mds, first)
        cl = [classify_map(m, first, bins=bins) for m in mds]
        for c in cl:
            c.shared = True
        return PairClasses(cl, bins, True, f"Shared scale: one set of breaks ({SCHEMES[first.scheme].lower()}) "
                                           "across the maps, so a colour means the same value on each.")
    cl = [classify_map(m, c) for m, c in zip(mds, classifications, strict=True)]
    if shared and not same:
        why = "the layers are measured differently, so each map has its own scale."
        return PairClasses(cl, None, False, "No shared scale: " + why)
    if shared:  # national deciles on one side only
        return PairClasses(cl, None, False, "No shared scale: choose the same scheme on both maps to share one.")
    return PairClasses(cl, None, False, "Each map has its own breaks: the same colour can mean different values.")


# --- CSV ----------------------------------------------------------------------------------------

def period_tag(layer: Layer, year: str | None = None) -> str:
    """A short period for column names: '2019', '2016-2020', '2020' (from 'mid-2020')."""
    if year:
        return str(year)
    m = re.search(r"\d{4}(?:\s*[-/]\s*\d{2,4})?", layer.period)
    return re.sub(r"\s+", "", m.group(0)).replace("/", "-") if m else "period"


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a comparison table as UTF-8 CSV (every field quoted where needed), whole or not at all (a failure
    leaves any previous file as it was); returns the path."""
    path = Path(path)
    if not path.parent.is_dir():
        raise CompareError(f"The folder {path.parent} does not exist: create it or choose another place.")
    if path.is_dir():
        raise CompareError(f"{path} is a folder: give a file name ending in .csv.")
    # text a spreadsheet would run as a formula gets an apostrophe (OWASP); numbers stay numbers
    frame = defuse_formulas(frame)
    write_via(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL,
                                             float_format="%.6g"))
    return path
