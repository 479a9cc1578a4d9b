"""The user's own areas given the value of any layer, aggregated from the layer's own (small) areas.

geopandas and shapely are imported on first use, not with placeviz.imports (about 0.15 s that importing a
table does not need).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from placeviz.imports.errors import ImportFileError
from placeviz.model.catalog import Layer, load_catalog
from placeviz.model.geography import boundaries
from placeviz.model.mapdata import MIN_WEIGHT_SHARE, population, source_values


def layer_for_areas(areas_gdf, layer_id: str, year: str | None = None, method: str = "overlay"):
    """The user's areas with a layer's value each, aggregated from the layer's own areas.

    Each of the layer's source areas (LSOAs for most layers) is shared among the user's areas it overlaps in
    proportion to the share of its land in each (``method='overlay'``, area-weighted: right for areas whose
    edges do not follow LSOAs, such as primary care networks drawn round practices), or given whole to the
    user area holding its representative point (``method='point'``: faster; exact when the user's areas are
    built from whole LSOAs, as most wards nearly are). The value is then the population-weighted mean of
    the source values (or their sum, for count layers such as residents). Population is assumed even across
    each LSOA. An area gets no value when parts holding less than half its population have one.

    Returns a GeoDataFrame: the user's columns plus ``value``, ``coverage`` (share of population with a
    value) and ``population`` (residents assigned, mid-2020).
    """
    import geopandas as gpd

    if method not in ("overlay", "point"):
        raise ImportFileError(f"Unknown method {method!r}: use 'overlay' (area-weighted) or 'point'.")
    layer = load_catalog().get(layer_id) if isinstance(layer_id, str) else layer_id
    src_set, src = source_values(layer, year)
    if areas_gdf is None or len(areas_gdf) == 0:
        raise ImportFileError("There are no areas to give values to: import a boundary file first.")
    if areas_gdf.crs is None:
        raise ImportFileError("Your areas have no coordinate reference system: import them again from a file with one.")
    user = areas_gdf.to_crs("EPSG:27700")
    xmin, ymin, xmax, ymax = user.total_bounds
    cand = boundaries(src_set).cx[xmin:xmax, ymin:ymax]
    u_idx, s_idx, frac = _pieces(user.geometry.values, cand.geometry.values, method)
    codes = cand["code"].to_numpy()[s_idx]
    value, coverage, pop = _values_by_area(layer, src, src_set, codes, u_idx, frac, len(user))
    out = gpd.GeoDataFrame(user.drop(columns=["value", "coverage", "population"], errors="ignore").copy(),
                           geometry=user.geometry.name, crs="EPSG:27700")
    out["value"] = value
    out["coverage"] = np.round(coverage, 4)
    out["population"] = np.round(pop, 1)
    out.attrs["layer_id"] = layer.id
    out.attrs["source_set"] = src_set
    out.attrs["method"] = method
    return out


def _pieces(geoms_u, geoms_s, method: str):
    """(user area index, source area index, share of the source area's land) for each piece where they meet.

    'point' gives each source area whole to the user area holding its representative point; 'overlay' cuts
    it among the user areas it overlaps (slivers under a millionth of its area are dropped).
    """
    import shapely

    if method == "point":
        pts = shapely.point_on_surface(geoms_s)
        tree = shapely.STRtree(geoms_u)
        s_idx, u_idx = tree.query(pts, predicate="within")
        return u_idx, s_idx, np.ones(len(s_idx))
    tree = shapely.STRtree(geoms_s)
    u_idx, s_idx = tree.query(geoms_u, predicate="intersects")
    inter = shapely.area(shapely.intersection(geoms_u[u_idx], geoms_s[s_idx]))
    frac = inter / np.maximum(shapely.area(geoms_s[s_idx]), 1e-9)
    keep = frac > 1e-6
    return u_idx[keep], s_idx[keep], frac[keep]


def _values_by_area(layer: Layer, src: pd.DataFrame, src_set: str, codes, u_idx, frac, n: int):
    """(value, coverage, population) for each of ``n`` user areas from the pieces of the source areas
    (``codes``) that fall in them, weighted the way the maps weight this layer."""
    weights = population(src_set) if src_set.startswith(("lsoa", "msoa", "lad")) else None
    vals = src["value"].reindex(codes).to_numpy(dtype="float64")
    pop = (weights.reindex(codes).to_numpy(dtype="float64") if weights is not None else np.ones(len(codes)))
    pop = np.where(np.isfinite(pop), pop, 0.0) * frac
    # the same weights the maps use when they aggregate this layer (mapdata.national_values)
    if "weight" in src and layer.aggregate != "sum":
        w = src["weight"].reindex(codes).to_numpy(dtype="float64")
        w = np.where(np.isfinite(w), w, 0.0) * frac
    elif layer.weight is None and layer.aggregate != "sum":
        w = frac.astype("float64")
    else:
        w = pop
    ok = np.isfinite(vals)
    total = np.bincount(u_idx, weights=w, minlength=n)
    got = np.bincount(u_idx[ok], weights=w[ok], minlength=n)
    if layer.aggregate == "sum":
        value = np.bincount(u_idx[ok], weights=(vals * frac)[ok], minlength=n)
    else:
        num = np.bincount(u_idx[ok], weights=(vals * w)[ok], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = num / got
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(total > 0, got / total, 0.0)
    value = np.where(coverage >= MIN_WEIGHT_SHARE, value, np.nan)
    return value, coverage, np.bincount(u_idx, weights=pop, minlength=n)
