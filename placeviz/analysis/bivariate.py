"""Bivariate choropleth: two layers at once, 3 x 3 classes, a two-dimensional legend and a linked scatter.

Each layer is cut into thirds (tertiles) of the areas being mapped that have both values, or of all of
England's (``scope="england"``). With ``orient="worse"`` (the default) the third class of each axis is the
*worse* third of that layer (for life expectancy, the shortest lives), so the dark corner of the matrix
always means "worse on both"; ``orient="value"`` runs both axes from low to high values.

Two layers at different geographies are joined honestly: both are drawn at the *coarser* geography of the
two (the finer one population-weighted up to it with the maps' own aggregation), never the coarser value
spread over smaller areas. Two layers on different census vintages (2011 and 2021 areas) cannot be matched
area by area, so they are joined at local-authority level. ``Bivariate.note`` says which level was used.

No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from placeviz.model.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES, Layer, load_catalog
from placeviz.model.classify import assign, compute_bins
from placeviz.model.errors import UserError
from placeviz.model.geography import Place, attributes, boundaries, lsoa_lookup, resolve_place
from placeviz.model.mapdata import national_values
from placeviz.model.palettes import NODATA_COLOUR
from placeviz.model.spec import LEVEL_NAMES

#: Joshua Stevens' pink/blue bivariate scheme, rows = y class (0 low .. 2 high), columns = x class.
#: x grows towards pink/red, y towards blue; both high is the dark corner.
STEVENS_PINK_BLUE = (
    ("#e8e8e8", "#e4acac", "#c85a5a"),
    ("#b0d5df", "#ad9ea5", "#985356"),
    ("#64acbe", "#627f8c", "#574249"),
)
THIRDS = ("lower third", "middle third", "upper third")
SET_LEVEL = {"lsoa11": "lsoa", "lsoa21": "lsoa", "msoa11": "msoa", "msoa21": "msoa", "lad19": "la",
             "lad21": "la", "lad24": "la"}
LEVEL_ORDER = {"lsoa": 0, "msoa": 1, "la": 2}


class BivariateError(UserError, ValueError):
    pass


class BoundaryYearsError(BivariateError):
    """Too few areas because the two layers are on different census years' small areas, which can only be
    joined by local authority (IMD 2019 on 2011 LSOAs against IMD 2025 on 2021 LSOAs, for one council)."""


@dataclass(frozen=True)
class BivariateCell:
    x_class: int
    y_class: int
    colour: str
    count: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]


@dataclass
class Bivariate:
    place: Place
    layer_x: Layer
    layer_y: Layer
    boundary_set: str
    frame: object  # GeoDataFrame: code, name, lad_name, x, y, x_class, y_class, colour, geometry
    breaks_x: np.ndarray  # tertile upper bounds, in value order
    breaks_y: np.ndarray
    scope: str
    orient: str
    note: str
    year_x: str | None = None
    year_y: str | None = None

    @property
    def level_name(self) -> str:
        return GEOGRAPHY_NAMES[self.boundary_set]

    def area_colours(self) -> list[str]:
        return list(self.frame["colour"])

    def scatter_data(self) -> pd.DataFrame:
        """(x, y, code) per area with both values, plus name and colour: the linked scatter's points."""
        f = self.frame
        ok = f["x"].notna() & f["y"].notna()
        return pd.DataFrame({"x": f.loc[ok, "x"].to_numpy(), "y": f.loc[ok, "y"].to_numpy(),
                             "code": f.loc[ok, "code"].to_numpy(), "name": f.loc[ok, "name"].to_numpy(),
                             "colour": f.loc[ok, "colour"].to_numpy()})

    def codes_in_box(self, xmin: float, xmax: float, ymin: float, ymax: float) -> list[str]:
        """Brushing: the codes of the scatter points inside a rectangle (inclusive)."""
        s = self.scatter_data()
        inside = s["x"].between(min(xmin, xmax), max(xmin, xmax)) & s["y"].between(min(ymin, ymax),
                                                                                   max(ymin, ymax))
        return list(s.loc[inside, "code"])

    def rows_for_codes(self, codes) -> np.ndarray:
        """Brushing back: the frame rows (map areas) of the given codes."""
        return np.flatnonzero(self.frame["code"].isin(list(codes)).to_numpy())

    def codes_for(self, codes) -> list[str]:
        """The bivariate map's areas that hold the given areas (LSOAs, MSOAs or LAs of any set): an LSOA
        selected on a finer map lights the point of the MSOA it lies in."""
        return translate_codes(codes, self.boundary_set)

    def member_codes(self, codes, set_name: str) -> list[str]:
        """The areas of ``set_name`` inside the given bivariate areas: brushing MSOA points selects their
        LSOAs on an LSOA map (for a coarser ``set_name``, the areas that contain them)."""
        return translate_codes(codes, set_name)

    @property
    def spearman(self) -> float:
        """Rank correlation of the two layers over the mapped areas with both values."""
        s = self.scatter_data()
        if len(s) < 3:
            return float("nan")
        return float(s["x"].rank().corr(s["y"].rank()))

    def _ranges(self, breaks: np.ndarray, values: pd.Series, flip: bool) -> list[tuple[float, float]]:
        v = values.dropna()
        lo = float(v.min()) if len(v) else float("nan")
        edges = [lo, *[float(b) for b in breaks]]
        ranges = [(edges[i], edges[i + 1]) for i in range(len(breaks))]
        return ranges[::-1] if flip else ranges

    def _flip(self, layer: Layer) -> bool:
        return self.orient == "worse" and layer.higher_is_worse is False

    def legend(self) -> list[BivariateCell]:
        """The nine cells of the 2-D legend: colour, count of areas, and the value range on each axis."""
        f = self.frame
        xr = self._ranges(self.breaks_x, f["x"], self._flip(self.layer_x))
        yr = self._ranges(self.breaks_y, f["y"], self._flip(self.layer_y))
        cells = []
        for yc in range(3):
            for xc in range(3):
                n = int(((f["x_class"] == xc) & (f["y_class"] == yc)).sum())
                cells.append(BivariateCell(xc, yc, STEVENS_PINK_BLUE[yc][xc], n,
                                           xr[xc] if xc < len(xr) else (np.nan, np.nan),
                                           yr[yc] if yc < len(yr) else (np.nan, np.nan)))
        return cells

    def third_names(self, layer: Layer) -> tuple[str, str, str]:
        """Names of an axis's three classes, in class order (0, 1, 2)."""
        if self.orient == "worse" and layer.higher_is_worse is not None:
            return ("better third", "middle third", "worse third")
        return THIRDS

    def axis_label(self, axis: str) -> str:
        layer = self.layer_x if axis == "x" else self.layer_y
        if self.orient == "worse" and layer.higher_is_worse is not None:
            direction = "towards worse"
        else:
            direction = "towards higher values"
        return f"{layer.label} ({direction} →)"

    def legend_description(self) -> str:
        """The legend in words: what each axis and the corners mean, the level used and the tertile ranges."""
        def fmt(layer, r):
            return f"{layer.format_value(r[0])} to {layer.format_value(r[1])}"

        f = self.frame
        xr = self._ranges(self.breaks_x, f["x"], self._flip(self.layer_x))
        yr = self._ranges(self.breaks_y, f["y"], self._flip(self.layer_y))
        scope = "the areas mapped" if self.scope == "place" else "all areas in England"
        hi = "worse" if self.orient == "worse" else "high"
        lo = "better" if self.orient == "worse" else "low"
        parts = [
            f"Bivariate map of {self.layer_x.label} (across, pink) and {self.layer_y.label} (up, blue) "
            f"for {self.place.name}, drawn at {self.level_name} level.",
            f"Each layer is split into thirds of {scope}"
            + ("; each axis runs from its better third to its worse third." if self.orient == "worse"
               else ", from low to high values."),
            f"Across: {'; '.join(f'{self.third_names(self.layer_x)[i]}: {fmt(self.layer_x, r)}' for i, r in enumerate(xr))}.",
            f"Up: {'; '.join(f'{self.third_names(self.layer_y)[i]}: {fmt(self.layer_y, r)}' for i, r in enumerate(yr))}.",
            f"Dark purple (top right): {hi} on both; light grey (bottom left): {lo} on both; "
            f"pink (bottom right): {hi} across only; blue (top left): {hi} up only.",
        ]
        nodata = int((f["x_class"] < 0).sum())
        if nodata:
            parts.append(f"{nodata} areas lack one of the values and are grey.")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


_PARENT = {"msoa": "msoa_code", "lad19": "lad19_code", "lad21": "lad21_code", "lad24": "lad24_code"}


def translate_codes(codes, target: str) -> list[str]:
    """Area codes re-expressed as areas of boundary set ``target``: containing areas when ``target`` is
    coarser, member areas when it is finer, the same codes when they are already in it. LSOAs cross the
    2011/2021 boundary change through the ONS lookup (a split 2011 LSOA gives all its 2021 parts); MSOAs of
    another vintage match only where the code is unchanged."""
    codes = [str(c) for c in codes]
    if not codes:
        return []
    t = attributes(target)
    out = set(t["code"][t["code"].isin(codes)])
    level = SET_LEVEL[target]
    for set_name in ("lsoa11", "lsoa21", "msoa11", "msoa21", "lad21", "lad24", "lad19"):
        if set_name == target:
            continue
        a = attributes(set_name)
        hit = a[a["code"].isin(codes)]
        if hit.empty:
            continue
        src_level = SET_LEVEL[set_name]
        if src_level == level == "lsoa":  # 2011 <-> 2021 LSOAs through the ONS lookup (splits, merges)

            lk = lsoa_lookup()
            src_col, dst_col = (("lsoa11_code", "lsoa21_code") if set_name == "lsoa11"
                                else ("lsoa21_code", "lsoa11_code"))
            out |= set(lk.loc[lk[src_col].isin(hit["code"]), dst_col])
            continue
        if LEVEL_ORDER[src_level] < LEVEL_ORDER[level]:  # finer: the target areas containing them
            col = _PARENT["msoa"] if level == "msoa" else _PARENT[target]
            if level == "msoa" and set_name[-2:] != target[-2:]:
                continue
            out |= set(hit[col].dropna())
        elif LEVEL_ORDER[src_level] > LEVEL_ORDER[level]:  # coarser: the target areas inside them
            col = "msoa_code" if src_level == "msoa" else f"{set_name}_code"
            if col in t and (src_level != "msoa" or set_name[-2:] == target[-2:]):
                out |= set(t["code"][t[col].isin(hit["code"])])
    return sorted(out)


def _native(layer: Layer) -> str:
    return "lsoa11" if layer.kind == "raster" else layer.geography


def joint_set(layer_x: Layer, layer_y: Layer, level: str = "lsoa") -> tuple[str, str]:
    """The boundary set both layers are drawn on, and a note saying why when it is not ``level``."""
    nx, ny = _native(layer_x), _native(layer_y)
    lx, ly = GEOGRAPHY_LEVEL[nx], GEOGRAPHY_LEVEL[ny]
    lx = "lsoa" if lx == "grid" else lx
    ly = "lsoa" if ly == "grid" else ly
    target = max((level, lx, ly), key=LEVEL_ORDER.__getitem__)
    notes = []
    if target != level:
        coarse = layer_x if LEVEL_ORDER[lx] >= LEVEL_ORDER[ly] else layer_y
        notes.append(f"{coarse.label} is published for {GEOGRAPHY_NAMES[_native(coarse)]} areas, so both "
                     f"layers are drawn at that level ({LEVEL_NAMES[target]}); finer values are "
                     "population-weighted up to it, never spread down.")
    elif lx != ly:
        fine = layer_x if LEVEL_ORDER[lx] < LEVEL_ORDER[ly] else layer_y
        coarse = layer_y if fine is layer_x else layer_x
        notes.append(f"{coarse.label} is published for {GEOGRAPHY_NAMES[_native(coarse)]} areas: both are "
                     f"drawn at that level and {fine.label} is population-weighted up to it.")
    if target in ("lsoa", "msoa"):
        vx = None if layer_x.kind == "raster" else nx[-2:]
        vy = None if layer_y.kind == "raster" else ny[-2:]
        if vx and vy and vx != vy:
            notes.append(f"{layer_x.label} is on 20{vx} areas and {layer_y.label} on 20{vy} areas, which do not "
                         "match one to one, so both are joined at local-authority level.")
            target = "la"
        else:
            v = vx or vy or "11"
            return f"{target}{v}", " ".join(notes)
    la_sets = {s for s in (nx, ny) if GEOGRAPHY_LEVEL[s] == "la"}
    if len(la_sets) > 1:
        raise BivariateError(f"{layer_x.label} and {layer_y.label} are published for different local-authority "
                             "boundaries and cannot be matched area by area.")
    if la_sets:
        return la_sets.pop(), " ".join(notes)
    v21 = any(_native(x).endswith("21") and GEOGRAPHY_LEVEL[_native(x)] != "la" for x in (layer_x, layer_y))
    return ("lad24" if v21 else "lad21"), " ".join(notes)


def _joined_by_la_for_boundary_years(layer_x: Layer, layer_y: Layer, level: str, set_name: str) -> bool:
    """True when small areas were asked for but the two layers' census years forced a local-authority join."""
    if SET_LEVEL.get(set_name) != "la" or level == "la":
        return False
    vx, vy = (None if lyr.kind == "raster" else _native(lyr)[-2:] for lyr in (layer_x, layer_y))
    small = all(GEOGRAPHY_LEVEL[_native(lyr)] in ("lsoa", "msoa", "grid") for lyr in (layer_x, layer_y))
    return small and vx is not None and vy is not None and vx != vy


def tertile_classes(values: np.ndarray, breaks: np.ndarray, flip: bool) -> np.ndarray:
    """Class 0-2 per value from tertile breaks (upper-inclusive), flipped so 2 is the worse third; -1 = none."""
    cls = assign(values, breaks) if len(breaks) else np.full(len(values), -1)
    if flip:
        cls = np.where(cls >= 0, len(breaks) - 1 - cls, -1)
    return cls


def _boundary_years_error(lx, ly, place) -> BoundaryYearsError:
    return BoundaryYearsError(
        f"{lx.label} is published for {GEOGRAPHY_NAMES[_native(lx)]} areas and {ly.label} for "
        f"{GEOGRAPHY_NAMES[_native(ly)]} areas: these two boundary years do not match one to one, so the "
        f"layers can only be joined by local authority, and {place.name} has fewer than three. Compare the "
        "two editions' change instead, area by area (the compare window's Change tab, or placeviz "
        "compare with both layers), or choose a bigger place.")


def bivariate_map(place, layer_x, layer_y, level: str = "lsoa", year_x: str | None = None,
                  year_y: str | None = None, scope: str = "place", orient: str = "worse",
                  geometry: bool = True) -> Bivariate:
    """A 3 x 3 bivariate choropleth of two layers over ``place``. With ``geometry=False`` the frame is a
    plain DataFrame without boundaries (faster, and safe in a worker thread: no geopandas/pyproj)."""
    if scope not in ("place", "england"):
        raise BivariateError(f"Unknown tertile scope {scope!r}: use 'place' or 'england'.")
    if orient not in ("worse", "value"):
        raise BivariateError(f"Unknown orientation {orient!r}: use 'worse' or 'value'.")
    if level not in LEVEL_ORDER:
        raise BivariateError(f"Unknown geography level {level!r}: use lsoa, msoa or la.")
    cat = load_catalog()
    lx = cat.get(layer_x) if isinstance(layer_x, str) else layer_x
    ly = cat.get(layer_y) if isinstance(layer_y, str) else layer_y
    if lx.id == ly.id and year_x == year_y:
        raise BivariateError("Choose two different layers (or two years of one layer) for a bivariate map.")
    place = resolve_place(place)
    set_name, note = joint_set(lx, ly, level)
    g = boundaries(set_name) if geometry else attributes(set_name)
    mask = place.mask(g, set_name)
    if not mask.any():
        raise BivariateError(f"{place.name} has no {GEOGRAPHY_NAMES[set_name]} areas.")
    boundary_years = _joined_by_la_for_boundary_years(lx, ly, level, set_name)
    if scope == "place" and mask.sum() < 3 and boundary_years:  # said before England's values are worked out
        raise _boundary_years_error(lx, ly, place)
    nat_x = national_values(lx, set_name, year_x)["value"]
    nat_y = national_values(ly, set_name, year_y)["value"]
    cols = ["code", "name"] + ["neighbourhood"] * ("neighbourhood" in g) + ["lad_name", "region_name"] + (
        ["geometry"] if geometry else [])
    frame = g.loc[mask, cols].reset_index(drop=True)
    frame["x"] = nat_x.reindex(frame["code"]).to_numpy(dtype="float64")
    frame["y"] = nat_y.reindex(frame["code"]).to_numpy(dtype="float64")
    if scope == "place":
        both = frame["x"].notna() & frame["y"].notna()
        bx, by = frame.loc[both, "x"].to_numpy(), frame.loc[both, "y"].to_numpy()
    else:
        both = nat_x.notna() & nat_y.notna()
        bx, by = nat_x[both].to_numpy(), nat_y[both].to_numpy()
    if len(bx) < 3 and boundary_years:
        raise _boundary_years_error(lx, ly, place)
    if len(bx) < 3:
        raise BivariateError(f"Fewer than three areas of {place.name} have both {lx.label} and {ly.label}: "
                             "choose a bigger place or other layers.")
    breaks_x, _ = compute_bins(bx, "quantiles", 3)
    breaks_y, _ = compute_bins(by, "quantiles", 3)
    flip_x = orient == "worse" and lx.higher_is_worse is False
    flip_y = orient == "worse" and ly.higher_is_worse is False
    xc = tertile_classes(frame["x"].to_numpy(), breaks_x, flip_x)
    yc = tertile_classes(frame["y"].to_numpy(), breaks_y, flip_y)
    missing = (xc < 0) | (yc < 0)
    xc[missing] = -1
    yc[missing] = -1
    frame["x_class"], frame["y_class"] = xc, yc
    mat = np.array(STEVENS_PINK_BLUE, dtype=object)
    frame["colour"] = np.where(missing, NODATA_COLOUR, mat[np.clip(yc, 0, 2), np.clip(xc, 0, 2)])
    if len(breaks_x) < 3 or len(breaks_y) < 3:
        note = (note + " " if note else "") + "Many equal values: fewer than three classes on one axis."
    return Bivariate(place, lx, ly, set_name, frame, breaks_x, breaks_y, scope, orient, note, year_x, year_y)
