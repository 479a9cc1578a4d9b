"""Rasters (GeoTIFF and what rasterio reads) summarised to LSOAs, MSOAs or local authorities as a new layer."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from placeviz.imports.errors import ImportFileError, first_line
from placeviz.imports.files import checked_path, sha256_file
from placeviz.imports.layers import make_layer, with_source
from placeviz.imports.report import ImportResult, ValidationReport
from placeviz.model.catalog import GEOGRAPHY_NAMES
from placeviz.model.geography import BOUNDARY_COUNTS, boundaries, level_set
from placeviz.model.raster import Grid, RasterError, read_grid, zonal_mean
from placeviz.model.spec import LEVELS

#: a raster with cells finer than this (metres) is averaged to cells about this size on reading: the zonal
#: means then sample it on this grid (a 20,000 x 20,000 GeoTIFF of 10 m cells is read as 2,000 x 2,000)
SUB_GRID_METRES = 100
#: a raster is read with at most this many cells (about 80 MB as float64), averaged to coarser cells if larger
MAX_GRID_CELLS = 10_000_000


def import_raster(path: str | Path, level: str = "lsoa", vintage: int = 2011, name: str | None = None,
                  higher_is_worse: bool | None = None, band: int | None = None, nodata: float | None = None,
                  guess_nodata: bool = True) -> ImportResult:
    """A raster summarised to areas (zonal mean, nodata respected) as a new layer at ``level``.

    Areas less than half covered by valid cells get no data. The raster is reprojected to EPSG:27700 first.
    ``band`` (from 1) names the band of values; without it band 1 is read, and a picture (red, green and
    blue bands) is refused. Fill values the file does not tag as nodata are no data, and the report says so:
    ``nodata`` names one more value to treat as no data, and ``guess_nodata=False`` keeps every value that
    is not tagged, -9999 included.
    """
    p = checked_path(path)
    if level not in LEVELS:
        raise ImportFileError(f"Unknown level {level!r}: use lsoa, msoa or la.")
    set_name = level_set(level, 2021 if int(vintage) == 2021 else 2011)
    grid = _read_raster(p, band, nodata, guess_nodata)
    minx, miny, maxx, maxy = grid.bounds
    sub = boundaries(set_name).cx[minx:maxx, miny:maxy]
    if len(sub) == 0:
        raise ImportFileError(f"{p.name} does not overlap England once reprojected: check its coordinate system.")
    # a raster averaged on reading is already as fine as the areas need: its cells are the sub-grid
    supersample = 1 if grid.decimated > 1 else max(1, min(10, int(math.sqrt(40_000_000 / max(grid.values.size, 1)))))
    means, _cover = zonal_mean(grid, sub, supersample=supersample)
    frame = pd.DataFrame({"value": means}, index=pd.Index(sub["code"].to_numpy(), name="code"))
    report = _raster_report(p.name, grid, set_name, len(sub), means, supersample)
    options = {"level": level, "vintage": int(vintage), "name": name, "kind": "raster"}
    if band is not None:
        options["band"] = int(band)
    if nodata is not None:
        options["nodata"] = float(nodata)
    if not guess_nodata:
        options["guess_nodata"] = False
    sha = sha256_file(p)
    if not report.with_value:  # a layer with no value at all is never offered
        return ImportResult(report=report, frame=frame, layer=None, source_path=str(p.resolve()),
                            source_sha256=sha, options=options)
    title = (name or p.stem).strip()[:120]
    layer = make_layer(title, set_name, p.name, unit=grid.units or "", period="as supplied",
                       aggregate="mean", higher_is_worse=higher_is_worse, decimals=2, report=report,
                       description=f"Zonal mean of the raster {p.name} over {GEOGRAPHY_NAMES[set_name]} areas.")
    report.layer_id = layer.id
    # the grid itself, for a canvas that draws it under the areas (render reads ``layer.raster``, band 1 of it,
    # with the fill values it finds itself: a band or nodata choice of the user's is not drawn, only the areas'
    # values, which follow it)
    drawn = band is None and nodata is None and guess_nodata
    layer = replace(with_source(layer, p.name, sha), raster=str(p.resolve()) if drawn else None)
    return ImportResult(report=report, frame=frame, layer=layer, source_path=str(p.resolve()),
                        source_sha256=sha, options=options)


def _read_raster(p: Path, band: int | None = None, nodata: float | None = None, guess_nodata: bool = True) -> Grid:
    """The raster in British National Grid, after refusing one that cannot be read or holds no values."""
    try:
        grid = read_grid(p, band=band, max_cells=MAX_GRID_CELLS, min_cell_metres=SUB_GRID_METRES,
                         nodata=nodata, guess_nodata=guess_nodata)
    except RasterError:
        raise
    except Exception as exc:  # rasterio/GDAL raise various errors on unusual files
        raise ImportFileError(f"{p.name} is not a raster placeviz can read ({first_line(exc)}): save it as a GeoTIFF "
                              "with a coordinate system and try again.") from exc
    if not np.isfinite(grid.values).any():
        raise ImportFileError(f"{p.name} holds no values (every cell is nodata): check the file and its nodata setting.")
    return grid


def _raster_report(file_name: str, grid: Grid, set_name: str, areas: int, means: np.ndarray,
                   supersample: int) -> ValidationReport:
    """What the zonal means found: how many of the overlapping areas got a value, and how they were sampled."""
    report = ValidationReport(file=file_name, kind="raster", boundary_set=set_name, rows=areas, matched=areas,
                              expected=BOUNDARY_COUNTS[set_name])
    report.with_value = int(np.isfinite(means).sum())
    report.no_data = report.matched - report.with_value
    report.notes.append(f"Raster {grid.values.shape[1]:,} x {grid.values.shape[0]:,} cells"
                        + (f" in {grid.units}" if grid.units else "") + ", in British National Grid; "
                        f"zonal mean over {areas:,} {GEOGRAPHY_NAMES[set_name]} areas that overlap it "
                        f"(sampled {supersample}x{supersample} per cell; areas less than half covered by valid "
                        "cells get no data).")
    report.notes += grid.notes
    if grid.decimated > 1:
        report.notes.append(f"The raster's cells were averaged {grid.decimated}x{grid.decimated} on reading (its "
                            "own cells are finer than the areas need, or too many to hold in memory).")
    if report.with_value == 0:
        report.warnings.append("No area is at least half covered by valid cells.")
    return report
