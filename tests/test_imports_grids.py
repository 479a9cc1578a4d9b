"""Issue 13, rasters that used to be refused or misread: a rotated grid is resampled north-up, and integer
fill values without a nodata tag are recognised, reported, and can be overridden. Files are made here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from placeviz.imports import import_raster
from placeviz.model.bundle import layers_dir

PM25 = layers_dir() / "rasters" / "pm25_2023.tif"


def _write(path: Path, values: np.ndarray, transform, crs="EPSG:27700", nodata=None) -> Path:
    import rasterio

    with rasterio.open(path, "w", driver="GTiff", width=values.shape[1], height=values.shape[0], count=1,
                       dtype=values.dtype, crs=crs, transform=transform, nodata=nodata) as dst:
        dst.write(values, 1)
    return path


def _rotated_copy(path: Path, degrees: float, cell: float) -> Path:
    """The bundled PM2.5 grid sampled onto a grid of ``cell`` metres turned by ``degrees`` about its centre:
    the same ground values, written with a geotransform that has rotation terms."""
    import rasterio
    from affine import Affine
    from rasterio.warp import Resampling, reproject

    with rasterio.open(PM25) as src:
        values = src.read(1, masked=True).astype("float64").filled(np.nan)
        t, crs = src.transform, src.crs
    cx, cy = t * (src.width / 2, src.height / 2)
    n = int(130_000 / cell)  # wide enough to hold the whole grid at any angle
    rotated = (Affine.translation(cx, cy) @ Affine.rotation(degrees)
               @ Affine.translation(-n * cell / 2, n * cell / 2) @ Affine.scale(cell, -cell))
    out = np.full((n, n), -9999.0, dtype="float32")
    reproject(values, out, src_transform=t, src_crs=crs, src_nodata=np.nan, dst_transform=rotated, dst_crs=crs,
              dst_nodata=-9999, resampling=Resampling.nearest)
    return _write(path, out, rotated, crs=crs, nodata=-9999)


def test_a_rotated_grid_gives_the_north_up_grids_zonal_means(tmp_path):
    """A real grid turned by 15°: its MSOA means match the north-up original's to within 2.5% everywhere
    (0.5% at the median); read as north-up, as placeviz once did, they would be kilometres out."""
    p = _rotated_copy(tmp_path / "rotated.tif", 15, 500)
    north_up = import_raster(PM25, level="msoa").frame["value"].dropna()
    got = import_raster(p, level="msoa")
    turned = got.frame["value"].dropna()
    assert abs(len(turned) - len(north_up)) <= 2 and len(north_up) > 700
    both = north_up.index.intersection(turned.index)
    assert len(both) >= len(north_up) - 2
    rel = ((turned[both] - north_up[both]) / north_up[both]).abs()
    assert rel.median() < 0.005 and rel.max() < 0.025
    assert "The grid was rotated by 15.0°; placeviz resampled it north-up" in got.report.text()


def test_a_rotated_grid_is_drawn_north_up_over_the_same_ground(tmp_path):
    from placeviz.model.raster import read_grid

    grid = read_grid(_rotated_copy(tmp_path / "turned.tif", -30, 1000))
    assert grid.transform.b == 0 and grid.transform.d == 0 and grid.transform.e < 0
    # the valid cells cover the original's extent (320-410 km east, 335-424 km north), give or take a cell
    rows, cols = np.nonzero(np.isfinite(grid.values))
    t = grid.transform
    xs, ys = t.c + (cols + 0.5) * t.a, t.f + (rows + 0.5) * t.e
    assert 319_000 < xs.min() < 322_000 and 408_000 < xs.max() < 411_000
    assert 334_000 < ys.min() < 337_000 and 422_000 < ys.max() < 425_000
