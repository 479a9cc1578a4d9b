"""The user's own data: tables, boundaries and rasters, validated before anything is added.

Three kinds of file come in:

- **Tables** (CSV, TSV, text, XLSX), including downloads as UK analysts get them (Nomis, Fingertips): title
  lines above the header and notes below the data are skipped. :func:`import_table` finds the column of ONS
  area codes and the boundary set they belong to (LSOA/MSOA 2011/2021, local authorities 2019/2021/2024) by
  the match rate against the bundled boundaries, reads the values (thousands separators, percent signs and
  suppression markers such as ``*``, ``..``, ``c``, ``x``, ``-``, ``!``, ``#`` become values or no data) and
  returns an :class:`ImportResult`: a :class:`ValidationReport` (plain-English ``text()``), the values, and a
  :class:`~placeviz.model.catalog.Layer` that :func:`add_to_catalog` registers so it maps, classifies, compares and
  exports like any bundled layer. :func:`convert_lsoa11_to_lsoa21` moves LSOA 2011 values to 2021 areas
  through the ONS lookup.
- **Boundaries** (GeoPackage, GeoJSON, Shapefile as a folder or zip) in any CRS: :func:`read_boundaries`
  reprojects them to EPSG:27700; :func:`layer_for_areas` gives the user's own areas (wards, primary care
  networks) the value of any layer, aggregated from the layer's small areas, population-weighted.
- **Rasters** (GeoTIFF and what rasterio reads): :func:`import_raster` summarises one to LSOAs, MSOAs or local
  authorities (zonal mean, nodata respected) as a new layer.

Every problem a user can cause raises an :class:`ImportFileError` (a UserError) whose message names the
problem and the fix. No Qt here.

How a front end uses it (the desktop app's import dialog, ``placeviz import``):

1. ``result = import_file(path, code_column=None, value_column=None, sheet=None, where=None, ...)`` in a
   worker thread (a national LSOA table takes about 0.6 s as CSV, 1.7 s as XLSX). A table or raster gives an
   :class:`ImportResult`; boundaries give an :class:`AreasImport`.
2. Show ``result.report.text()`` (or its fields: ``matched``, ``unmatched``, ``duplicates``,
   ``non_numeric``, ``other_year``, ``outside_england``, ``warnings``); offer ``report.columns`` and
   ``report.sheets`` as pickers that re-run step 1 with ``code_column``/``value_column``/``sheet``; when
   ``report.conversion`` is set, offer :func:`convert_lsoa11_to_lsoa21`. Nothing is added yet.
3. On "Add" (on the GUI thread: the catalog is shared): ``layer = add_to_catalog(result)``; then
   ``MapSpec(layer=layer.id, ...)`` maps it like any layer. ``report.ok`` False means there is nothing to add.
4. For an :class:`AreasImport`: draw ``areas`` (EPSG:27700) and give them a layer's values with
   ``layer_for_areas(areas, layer_id)``.
5. ``layer_from_file(path)`` does 1-3 at once, for a command line that takes a file where a layer id goes.
"""

from __future__ import annotations

import math
import tempfile
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from placeviz.imports.cells import parse_number
from placeviz.imports.codes import detect_geography
from placeviz.imports.errors import ImportFileError, first_line
from placeviz.imports.files import (
    TABLE_SUFFIXES,
    VECTOR_SUFFIXES,
    check_archive,
    checked_path,
    extract_archive,
    read_errors,
    read_file_bytes,
    sha256_file,
    sniff_kind,
    zip_is_xlsx,
)
from placeviz.imports.layers import make_layer, with_source
from placeviz.imports.report import ImportResult, ValidationReport
from placeviz.imports.table_reader import RawTable
from placeviz.imports.tables import import_table, interpret_table
from placeviz.model.catalog import GEOGRAPHY_NAMES, Layer, load_catalog
from placeviz.model.geography import lsoa_lookup
from placeviz.model.names import suggestion


def add_to_catalog(result: ImportResult) -> Layer:
    """Register an import's layer and values so map_data, classify, compare, profile and export use it."""
    from placeviz.model.mapdata import clear_cache

    if result.layer is None or not result.report.ok:
        raise ImportFileError(f"Nothing from {result.report.file} can be added: no row matched an area in England.")
    frame = result.frame[[c for c in result.frame.columns if c == result.layer.column or c == "value"]]
    load_catalog().add(result.layer, frame)
    clear_cache(result.layer.id)
    _IMPORTED[result.layer.id] = result
    return result.layer


def remove_from_catalog(layer_id: str) -> None:
    from placeviz.model.mapdata import clear_cache

    load_catalog().remove(layer_id)
    clear_cache(layer_id)
    _IMPORTED.pop(layer_id, None)


#: imports added to the catalog in this session, by layer id (what a workspace saves)
_IMPORTED: dict[str, ImportResult] = {}


def imported_results() -> list[ImportResult]:
    """The imports added to the catalog in this session and still in it, oldest first."""
    cat = load_catalog()
    return [r for lid, r in _IMPORTED.items() if lid in cat and cat.get(lid) is r.layer]


# --------------------------------------------------------------------------------------------------
# LSOA 2011 -> LSOA 2021


def convert_lsoa11_to_lsoa21(result: ImportResult) -> ImportResult:
    """The import's LSOA 2011 values moved to LSOA 2021 areas through the ONS lookup.

    Each 2011 area's share of each 2021 area it overlaps is apportioned by population (mid-2020 estimates
    at 2021 areas): unchanged areas keep their value; a split area's parts each take its value when it is a
    rate (mean) or a population share of it when it is a count (sum); merged and irregular areas get the
    population-weighted mean (or the sum) of their parts. The report says so.
    """
    from placeviz.model.mapdata import population

    rep = result.report
    if rep.boundary_set != "lsoa11" or result.layer is None:
        raise ImportFileError(f"Only LSOA 2011 data can be converted to LSOA 2021; {rep.file} is {rep.boundary_name}.")
    lk = lsoa_lookup()
    col = result.layer.column
    v = result.frame[col]
    lk = lk[lk.lsoa11_code.isin(v.index)].copy()
    pop21 = population("lsoa21").reindex(lk.lsoa21_code).to_numpy()
    pop21 = np.where(np.isfinite(pop21) & (pop21 > 0), pop21, 1.0)
    lk["pop21"] = pop21
    lk["share"] = lk.pop21 / lk.groupby("lsoa11_code").pop21.transform("sum")
    pop11 = population("lsoa11").reindex(lk.lsoa11_code).to_numpy()
    lk["w"] = np.where(np.isfinite(pop11), pop11, 0.0) * lk.share
    lk["v"] = v.reindex(lk.lsoa11_code).to_numpy()
    ok = lk.v.notna()
    if result.layer.aggregate == "sum":
        out = (lk.v * lk.share)[ok].groupby(lk.lsoa21_code[ok]).sum()
    else:
        num = (lk.v * lk.w)[ok].groupby(lk.lsoa21_code[ok]).sum()
        den = lk.w[ok].groupby(lk.lsoa21_code[ok]).sum()
        out = num / den.where(den > 0)
    all21 = pd.Index(lk.lsoa21_code.unique())
    frame = pd.DataFrame({col: out.reindex(all21)})
    frame.index.name = "code"
    changes = lk.drop_duplicates("lsoa11_code").change_code.value_counts()
    report = replace(rep, boundary_set="lsoa21", matched=len(frame), with_value=int(frame[col].notna().sum()),
                     conversion=None, notes=list(rep.notes), warnings=list(rep.warnings), other_year={},
                     expected=33_755)
    report.no_data = report.matched - report.with_value
    how = ("split areas' parts each take the 2011 value, merged and irregular areas take the population-weighted "
           "mean of their parts" if result.layer.aggregate == "mean" else
           "split areas' counts are shared among their parts by population, merged areas' counts are summed")
    report.notes.append(
        f"Converted from LSOA 2011 to LSOA 2021 through the ONS lookup: {int(changes.get('U', 0)):,} unchanged, "
        f"{int(changes.get('S', 0)):,} split, {int(changes.get('M', 0)):,} merged and {int(changes.get('X', 0)):,} "
        f"irregular 2011 areas; {how}, apportioned by population (mid-2020 estimates).")
    caveat = ("Converted from LSOA 2011 to 2021 areas through the ONS best-fit lookup, apportioned by population: "
              "values for split and merged areas are estimates.")
    layer = make_layer(result.layer.title + " (LSOA 2021)", "lsoa21", result.layer.dataset.title,
                       unit=result.layer.unit, period=result.layer.period, aggregate=result.layer.aggregate,
                       higher_is_worse=result.layer.higher_is_worse, decimals=result.layer.decimals, report=report)
    layer = replace(layer, dataset=result.layer.dataset, caveats=(*layer.caveats, caveat))
    report.layer_id = layer.id
    return ImportResult(report=report, frame=frame, layer=layer, source_path=result.source_path,
                        source_sha256=result.source_sha256, options={**result.options, "to_lsoa21": True})


# --------------------------------------------------------------------------------------------------
# boundaries: the user's own areas


@dataclass
class AreasImport:
    """The user's own areas, in EPSG:27700, with an id and a name column, and a report."""

    areas: object  # GeoDataFrame: code, name, geometry (+ the file's other columns)
    report: ValidationReport
    source_path: str = ""
    source_sha256: str = ""


def _vector_in(folder: Path, name: str) -> Path:
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in VECTOR_SUFFIXES and p.is_file()
                   and "__MACOSX" not in p.parts)
    shp = [p for p in found if p.suffix.lower() == ".shp"]
    found = shp or found
    if not found:
        raise ImportFileError(f"{name} holds no boundary file (.shp, .gpkg or .geojson): choose the folder or zip "
                              "that holds your areas.")
    if len(found) > 1:
        raise ImportFileError(f"{name} holds {len(found)} boundary files ({', '.join(p.relative_to(folder).as_posix() for p in found[:5])}): "
                              "import the one you want directly.")
    return found[0]


def read_boundaries(path: str | Path, layer: str | None = None, id_column: str | None = None,
                    name_column: str | None = None) -> AreasImport:
    """The user's areas from a GeoPackage, GeoJSON or Shapefile (file, folder or zip), reprojected to EPSG:27700."""
    import geopandas as gpd

    p = checked_path(path, allow_dir=True)
    with tempfile.TemporaryDirectory(prefix="placeviz-import-") as tmp:
        src = p
        if p.is_dir():
            src = _vector_in(p, p.name)
        elif p.suffix.lower() == ".zip" or (p.is_file() and sniff_kind(p) == "archive"):
            extract_archive(p, Path(tmp))
            src = _vector_in(Path(tmp), p.name)
        if src.suffix.lower() == ".shp":
            missing = [ext for ext in (".shx", ".dbf") if not src.with_suffix(ext).exists()
                       and not src.with_suffix(ext.upper()).exists()]
            if missing:
                raise ImportFileError(f"The shapefile {src.name} is missing its {' and '.join(missing)} file: a shapefile "
                                      "is several files; copy them all (or a zip of them) and try again.")
            if not src.with_suffix(".prj").exists() and not src.with_suffix(".PRJ").exists():
                raise ImportFileError(f"The shapefile {src.name} has no .prj file, so its coordinate system is unknown: "
                                      "copy the .prj that came with it, or save it from a GIS with its CRS.")
        if src.suffix.lower() in (".geojson", ".json"):
            _check_geojson_text(src)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # GDAL's remarks on odd features: the checks below speak instead
                g = gpd.read_file(src, layer=layer) if layer else gpd.read_file(src)
        except Exception as exc:  # pyogrio/fiona raise their own types for unreadable data
            raise ImportFileError(f"{src.name} is not a boundary file placeviz can read ({first_line(exc)}): export it "
                                  "again as GeoPackage, GeoJSON or a zipped Shapefile.") from exc
        report = ValidationReport(file=p.name, kind="boundaries")
        areas = _clean_areas(g, src.name, id_column, name_column, report)
    return AreasImport(areas=areas, report=report, source_path=str(p.resolve()),
                       source_sha256=sha256_file(p) if p.is_file() else "")


def _check_geojson_text(src: Path) -> None:
    import json

    data = read_file_bytes(src)
    if not data.strip():
        raise ImportFileError(f"{src.name} is empty: export your areas again as GeoJSON.")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ImportFileError(f"{src.name} is not a GeoJSON file (it is not valid JSON): export your areas again as "
                              "GeoJSON.") from exc
    if not isinstance(doc, dict) or doc.get("type") not in ("FeatureCollection", "Feature", "Polygon",
                                                              "MultiPolygon", "GeometryCollection"):
        raise ImportFileError(f"{src.name} is JSON but not GeoJSON (no FeatureCollection of areas): export your areas "
                              "again as GeoJSON.")


def _clean_areas(g, src_name: str, id_column, name_column, report: ValidationReport):
    import geopandas as gpd
    import shapely

    if len(g) == 0:
        raise ImportFileError(f"{src_name} holds no areas: choose a file with at least one polygon.")
    if g.crs is None:
        raise ImportFileError(f"{src_name} has no coordinate reference system: save it with its CRS (e.g. EPSG:27700 "
                              "or EPSG:4326) and try again.")
    geom = g.geometry
    kinds = set(geom.geom_type.dropna())
    if not kinds & {"Polygon", "MultiPolygon"}:
        raise ImportFileError(f"{src_name} holds {', '.join(sorted(kinds)) or 'no'} geometries, not areas: placeviz "
                              "needs polygons (wards, networks, neighbourhoods).")
    keep = ~geom.isna() & ~geom.is_empty & geom.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])
    dropped = int((~keep).sum())
    g = g[keep].copy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            g = g.to_crs("EPSG:27700")
        except Exception as exc:  # pyproj raises CRSError and ProjError
            raise ImportFileError(f"{src_name} is in a coordinate system placeviz cannot convert ({first_line(exc)}): save "
                                  "it in EPSG:27700 or EPSG:4326.") from exc
        minx, miny, maxx, maxy = g.total_bounds
        if not (np.isfinite([minx, miny, maxx, maxy]).all() and -10_000 < minx and maxx < 720_000
                and -10_000 < miny and maxy < 1_300_000):
            raise ImportFileError(f"{src_name}'s areas do not fall in Great Britain once reprojected: its coordinate "
                                  "system (.prj or CRS) is probably wrong; set the right one in a GIS and save again.")
        invalid = ~g.geometry.is_valid
        if invalid.any():
            g.loc[invalid, "geometry"] = shapely.make_valid(g.geometry[invalid].values)
            report.notes.append(f"Repaired {int(invalid.sum())} invalid geometries.")
    cols = [c for c in g.columns if c != g.geometry.name]
    idc = id_column or _guess_column(g, cols, ("code", "cd", "id", "fid", "ref"))
    namec = name_column or _guess_column(g, cols, ("name", "nm", "label", "title"))
    for wanted, what in ((id_column, "id"), (name_column, "name")):
        if wanted and wanted not in g.columns:
            raise ImportFileError(suggestion(wanted, cols, f"{what} column in {src_name}") +
                                  f" The columns are: {', '.join(cols[:20])}.")
    out = gpd.GeoDataFrame({
        "code": g[idc].astype(str).to_numpy() if idc else [f"area {i + 1}" for i in range(len(g))],
        "name": g[namec].astype(str).to_numpy() if namec else (g[idc].astype(str).to_numpy() if idc else
                                                               [f"Area {i + 1}" for i in range(len(g))]),
    }, geometry=g.geometry.to_numpy(), crs="EPSG:27700")
    for c in cols:
        if c not in ("code", "name"):
            out[c] = g[c].to_numpy()
    if not out["code"].is_unique:
        report.warnings.append(f"The id column {idc!r} repeats values: areas are kept as separate rows.")
    report.rows = len(g) + dropped
    report.matched = len(out)
    report.code_column, report.value_column = idc, None
    report.notes.append(f"{len(out):,} areas read and reprojected to British National Grid (EPSG:27700)"
                        + (f"; {dropped} empty or non-polygon features skipped." if dropped else "."))
    report.notes.append(f"Id column: {idc!r}; name column: {namec!r}." if idc or namec else
                        "No id or name column found: areas are numbered.")
    return out


def _guess_column(g, cols: list[str], words: tuple[str, ...]) -> str | None:
    for w in words:
        for c in cols:
            cl = c.lower()
            if (cl == w or cl.endswith(w) or cl.startswith(w)) and g[c].dtype == object:
                return c
    for w in words:
        for c in cols:
            if c.lower() == w or c.lower().endswith(w):
                return c
    return None


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
    import shapely

    from placeviz.model.geography import boundaries
    from placeviz.model.mapdata import MIN_WEIGHT_SHARE, population, source_values

    if method not in ("overlay", "point"):
        raise ImportFileError(f"Unknown method {method!r}: use 'overlay' (area-weighted) or 'point'.")
    layer = load_catalog().get(layer_id) if isinstance(layer_id, str) else layer_id
    src_set, src = source_values(layer, year)
    if areas_gdf is None or len(areas_gdf) == 0:
        raise ImportFileError("There are no areas to give values to: import a boundary file first.")
    user = areas_gdf if areas_gdf.crs is not None else None
    if user is None:
        raise ImportFileError("Your areas have no coordinate reference system: import them again from a file with one.")
    user = areas_gdf.to_crs("EPSG:27700")
    base = boundaries(src_set)
    xmin, ymin, xmax, ymax = user.total_bounds
    cand = base.cx[xmin:xmax, ymin:ymax]
    weights = population(src_set) if src_set.startswith(("lsoa", "msoa", "lad")) else None
    geoms_u = user.geometry.values
    geoms_s = cand.geometry.values
    if method == "point":
        pts = shapely.point_on_surface(geoms_s)
        tree = shapely.STRtree(geoms_u)
        s_idx, u_idx = tree.query(pts, predicate="within")
        frac = np.ones(len(s_idx))
    else:
        tree = shapely.STRtree(geoms_s)
        u_idx, s_idx = tree.query(geoms_u, predicate="intersects")
        inter = shapely.area(shapely.intersection(geoms_u[u_idx], geoms_s[s_idx]))
        frac = inter / np.maximum(shapely.area(geoms_s[s_idx]), 1e-9)
        keep = frac > 1e-6
        u_idx, s_idx, frac = u_idx[keep], s_idx[keep], frac[keep]
    codes = cand["code"].to_numpy()[s_idx]
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
    n = len(user)
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
    out = gpd.GeoDataFrame(user.drop(columns=["value", "coverage", "population"], errors="ignore").copy(),
                           geometry=user.geometry.name, crs="EPSG:27700")
    out["value"] = value
    out["coverage"] = np.round(coverage, 4)
    out["population"] = np.round(np.bincount(u_idx, weights=pop, minlength=n), 1)
    out.attrs["layer_id"] = layer.id
    out.attrs["source_set"] = src_set
    out.attrs["method"] = method
    return out


# --------------------------------------------------------------------------------------------------
# rasters


RASTER_LEVELS = {"lsoa": {2011: "lsoa11", 2021: "lsoa21"}, "msoa": {2011: "msoa11", 2021: "msoa21"},
                 "la": {2011: "lad21", 2021: "lad24"}}


def import_raster(path: str | Path, level: str = "lsoa", vintage: int = 2011, name: str | None = None,
                  higher_is_worse: bool | None = None) -> ImportResult:
    """A raster summarised to areas (zonal mean, nodata respected) as a new layer at ``level``.

    Areas less than half covered by valid cells get no data. The raster is reprojected to EPSG:27700 first.
    """
    from placeviz.model.geography import BOUNDARY_COUNTS, boundaries
    from placeviz.model.raster import RasterError, read_grid, zonal_mean

    p = checked_path(path)
    if level not in RASTER_LEVELS:
        raise ImportFileError(f"Unknown level {level!r}: use lsoa, msoa or la.")
    set_name = RASTER_LEVELS[level][2021 if int(vintage) == 2021 else 2011]
    try:
        grid = read_grid(p)
    except RasterError:
        raise
    except Exception as exc:  # rasterio/GDAL raise various errors on unusual files
        raise ImportFileError(f"{p.name} is not a raster placeviz can read ({first_line(exc)}): save it as a GeoTIFF "
                              "with a coordinate system and try again.") from exc
    if not np.isfinite(grid.values).any():
        raise ImportFileError(f"{p.name} holds no values (every cell is nodata): check the file and its nodata setting.")
    g = boundaries(set_name)
    minx, miny, maxx, maxy = grid.bounds
    sub = g.cx[minx:maxx, miny:maxy]
    if len(sub) == 0:
        raise ImportFileError(f"{p.name} does not overlap England once reprojected: check its coordinate system.")
    cells = grid.values.size
    supersample = max(1, min(10, int(math.sqrt(40_000_000 / max(cells, 1)))))
    means, _cover = zonal_mean(grid, sub, supersample=supersample)
    frame = pd.DataFrame({"value": means}, index=pd.Index(sub["code"].to_numpy(), name="code"))
    report = ValidationReport(file=p.name, kind="raster", boundary_set=set_name, rows=len(sub), matched=len(sub),
                              expected=BOUNDARY_COUNTS[set_name])
    report.with_value = int(np.isfinite(means).sum())
    report.no_data = report.matched - report.with_value
    report.notes.append(f"Raster {grid.values.shape[1]:,} x {grid.values.shape[0]:,} cells"
                        + (f" in {grid.units}" if grid.units else "") + ", in British National Grid; "
                        f"zonal mean over {len(sub):,} {GEOGRAPHY_NAMES[set_name]} areas that overlap it "
                        f"(sampled {supersample}x{supersample} per cell; areas less than half covered by valid "
                        "cells get no data).")
    if report.with_value == 0:
        report.warnings.append("No area is at least half covered by valid cells.")
    title = (name or p.stem).strip()[:120]
    layer = make_layer(title, set_name, p.name, unit=grid.units or "", period="as supplied",
                       aggregate="mean", higher_is_worse=higher_is_worse, decimals=2, report=report,
                       description=f"Zonal mean of the raster {p.name} over {GEOGRAPHY_NAMES[set_name]} areas.")
    report.layer_id = layer.id
    sha = sha256_file(p)
    # the grid itself, for a canvas that draws it under the areas (render reads ``layer.raster``)
    layer = replace(with_source(layer, p.name, sha), raster=str(p.resolve()))
    return ImportResult(report=report, frame=frame, layer=layer, source_path=str(p.resolve()),
                        source_sha256=sha, options={"level": level, "vintage": int(vintage), "name": name,
                                                    "kind": "raster"})


# --------------------------------------------------------------------------------------------------
# one entry point


def import_file(path: str | Path, **options):
    """Import any supported file: a table or raster gives an ImportResult, boundaries an AreasImport.

    A zip is looked into: boundary files inside are read as areas, a single table inside as a table.
    """
    p = checked_path(path, allow_dir=True)
    with read_errors(p.name, " (or a file inside it)"):
        return _import_any(p, options)


def _import_any(p: Path, options: dict):
    kind = sniff_kind(p)
    table_opts = {k: options[k] for k in ("code_column", "value_column", "sheet", "name", "where", "aggregate",
                                          "higher_is_worse") if options.get(k) is not None}
    if kind == "table":
        return import_table(p, **table_opts)
    if kind == "raster":
        return import_raster(p, level=options.get("level") or "lsoa", vintage=options.get("vintage") or 2011,
                             name=options.get("name"), higher_is_worse=options.get("higher_is_worse"))
    if kind == "archive":
        if zip_is_xlsx(p):
            return import_table(p, **table_opts)
        infos = check_archive(p)
        names = [i.filename for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
        if any(n.lower().endswith(VECTOR_SUFFIXES) for n in names):
            return read_boundaries(p)
        tables = [n for n in names if n.lower().endswith(TABLE_SUFFIXES)]
        if len(tables) == 1:
            with tempfile.TemporaryDirectory(prefix="placeviz-import-") as tmp:
                extract_archive(p, Path(tmp))
                inner = Path(tmp) / tables[0]
                result = import_table(inner, **table_opts)
                result.source_path, result.source_sha256 = str(p.resolve()), sha256_file(p)
                return result
        raise ImportFileError(f"{p.name} holds no single table or boundary file placeviz can import "
                              f"({len(names)} files): unpack it and import the file you need.")
    return read_boundaries(p, id_column=options.get("id_column"), name_column=options.get("name_column"))


def layer_from_file(path: str | Path, to_lsoa21: bool = False, **options) -> Layer:
    """Import a table or raster and add it to the catalog in one step; the layer, ready for any map or export.

    For front ends that accept a file where a layer id is expected (``placeviz export --layer FILE``).
    Raises ImportFileError when the file is boundaries, or when nothing in it matched an area.
    """
    result = import_file(path, **options)
    name = Path(path).name
    if isinstance(result, AreasImport):
        raise ImportFileError(f"{name} holds boundaries, not values for areas: import a table or raster as a layer, "
                              "or give your areas a layer with 'placeviz import FILE --layer LAYER'.")
    if not result.report.ok:
        raise ImportFileError(f"Nothing in {name} matched an area in England: run 'placeviz import {name}' to see "
                              "the report.")
    if to_lsoa21:
        result = convert_lsoa11_to_lsoa21(result)
    return add_to_catalog(result)


__all__ = [
    "AreasImport", "ImportFileError", "ImportResult", "RawTable", "ValidationReport", "add_to_catalog",
    "check_archive", "convert_lsoa11_to_lsoa21", "detect_geography", "import_file", "import_raster",
    "import_table", "imported_results", "interpret_table", "layer_for_areas", "layer_from_file",
    "lsoa_lookup", "make_layer", "parse_number", "read_boundaries", "remove_from_catalog", "sha256_file",
    "sniff_kind",
]
