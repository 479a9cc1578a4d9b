"""The bundle's 1 km air quality grids as NumPy files beside their GeoTIFFs, so that drawing one needs neither
rasterio nor GDAL: the first read of one in a process takes 18 ms rather than 91 ms, most of those rasterio's
import and GDAL's start (``benchmarks/bench_render.py``). The user's own rasters are read with rasterio
(``model.raster.read_grid``), as are these GeoTIFFs when the bundle is built.

``tools/build_bundle.py`` writes each file from its GeoTIFF as ``read_grid`` reads it, and
``tests/test_bundle.py`` holds the two equal.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from placeviz.model.bundle import MissingBundleDataError
from placeviz.model.raster import Grid, read_grid


def bundled_grid_path(tif: Path) -> Path:
    """The NumPy file of a bundled GeoTIFF grid."""
    return Path(tif).with_suffix(".npz")


def write_bundled_grid(tif: Path) -> Path:
    """Write the NumPy file of a bundled GeoTIFF (British National Grid, single band); returns its path."""
    import io  # (the bundle's build alone writes them)
    import zipfile

    grid = read_grid(tif)
    values = grid.values.astype(np.float32)  # the bundle's grids are float32: exactly what the GeoTIFF holds
    if grid.crs.to_epsg() != 27700 or grid.notes or grid.decimated != 1 or not np.array_equal(
            values.astype(np.float64), grid.values, equal_nan=True):
        raise ValueError(f"{Path(tif).name}: a bundled grid is a single float32 band on the British National Grid, "
                         "read as it is")
    out = bundled_grid_path(tif)
    t = grid.transform
    arrays = {"values": values, "transform": np.array([t.a, t.b, t.c, t.d, t.e, t.f]), "units": np.array(grid.units)}
    # numpy.savez_compressed stamps each member with the time: a fixed date keeps a rebuilt bundle's bytes the same
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.save(member, array, allow_pickle=False)
            z.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), member.getvalue(),
                       compress_type=zipfile.ZIP_DEFLATED)
    return out


def read_bundled_grid(path: Path) -> Grid:
    """A bundled grid from its NumPy file: the Grid ``read_grid`` gives for its GeoTIFF, but with no CRS
    object (every bundled grid is on the British National Grid, EPSG:27700)."""
    from affine import Affine  # here: affine and attrs take 15 ms to load, and most maps draw no grid

    if not Path(path).is_file():
        raise MissingBundleDataError(
            f"The grid {Path(path).name} (layers/rasters/) is missing from placeviz's bundled data: rebuild it with "
            "'python tools/build_bundle.py --grids-only'.")
    with np.load(path, allow_pickle=False) as f:
        values = f["values"].astype(np.float64)
        transform = Affine(*(float(v) for v in f["transform"]))
        units = str(f["units"])
    return Grid(values, transform, None, units)
