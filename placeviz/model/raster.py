"""Rasters: read, reproject and summarise to areas (zonal statistics), with rasterio."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from placeviz.model.errors import UserError
from placeviz.model.raster_fill import fill_note, guess_fill
from placeviz.model.raster_north_up import is_rotated, north_up, rotation_degrees

#: an area gets a zonal value only when at least this share of it lies over valid cells
MIN_COVERAGE = 0.5
#: cells this large are fill values of float rasters written without a nodata tag (-3.4e38 is float32's
#: lowest value, 1e38 and 9.97e36 other common fills), never measurements
FILL_MAGNITUDE = 1e30
#: sub-cells per raster cell side when rasterising areas (10 -> a 1 km grid is sampled at 100 m)
SUPERSAMPLE = 10


class RasterError(UserError, ValueError):
    """A raster that cannot be used, with a sentence that says why and what to do."""


@dataclass
class Grid:
    """A single-band raster in memory: values with NaN for no data, and where it lies."""

    values: np.ndarray  # float64, rows top to bottom, NaN = no data
    transform: object  # affine.Affine
    crs: object  # rasterio CRS; None for the bundle's grids, all on the British National Grid (model.bundled_grid)
    units: str = ""
    notes: list[str] = field(default_factory=list)  # what reading it decided (fill values, the band read)
    decimated: int = 1  # each cell averages this many of the file's cells across (and down); 1 = as in the file

    def cell_size_words(self) -> str:
        """A cell's width in words: '1 km', '250 m'; '' for a grid in degrees."""
        if self.crs is not None and not self.crs.is_projected:
            return ""
        size = abs(self.transform.a)
        return f"{size / 1000:g} km" if size >= 1000 else f"{size:g} m"

    def cell_words(self) -> str:
        """The grid's squares in words, for a map's subtitle: '1 km grid squares', '250 m grid squares'."""
        size = self.cell_size_words()
        return f"{size} grid squares" if size else "grid cells"

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        t = self.transform
        h, w = self.values.shape
        x0, y0 = t.c, t.f
        x1, y1 = x0 + t.a * w, y0 + t.e * h
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def load_rasterio() -> None:
    """Import rasterio without boto3. rasterio imports boto3, where it is installed, to read rasters from Amazon
    S3, which placeviz never does (nothing is fetched from the network); that import is about 0.1 s, half of
    rasterio's. Without boto3, rasterio reads local files just the same."""
    if "rasterio" in sys.modules or "boto3" in sys.modules:
        return
    sys.modules["boto3"] = None  # `import boto3` raises ImportError, as rasterio expects when it is not installed
    try:
        import rasterio  # noqa: F401
    finally:
        del sys.modules["boto3"]  # so that anything else may still import it


def read_grid(path: str | Path, dst_crs: str = "EPSG:27700", band: int | None = None,
              max_cells: int | None = None, min_cell_metres: float | None = None,
              nodata: float | None = None, guess_nodata: bool = True) -> Grid:
    """Read one band of a raster, nodata as NaN, reprojected to ``dst_crs`` when it is in another CRS.

    ``band`` (from 1) is the band to read; without it, band 1, after refusing a picture (red, green and
    blue bands). Non-finite cells and float fill values (magnitude of 1e30 or more) that the file does not
    tag as nodata are no data too, and ``Grid.notes`` says how many. A rotated or sheared grid is resampled
    north-up (``raster_north_up``), and the notes say so.

    ``nodata`` names a value to treat as no data (besides the file's own nodata tag). Without it, a file
    with no nodata tag is searched for a likely integer-style fill value (-9999, -32768, 65535...) that
    stands far apart from the other values (``raster_fill``); one found is no data, and the notes say so
    and how to turn the guess off (``guess_nodata=False``).

    A raster with more than ``max_cells`` cells, or cells finer than ``min_cell_metres``, is read averaged
    to coarser cells (by a whole factor, through GDAL, from its overviews when it has them), so that a large
    file never has to be held in memory at its own resolution.
    """
    load_rasterio()
    import rasterio
    from rasterio.enums import ColorInterp
    from rasterio.errors import RasterioIOError
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    path = Path(path)
    if not path.exists():
        raise RasterError(f"The raster {path} does not exist: check the path.")
    try:
        src = rasterio.open(path)
    except RasterioIOError as exc:
        raise RasterError(f"{path.name} is not a raster placeviz can read (GeoTIFF or another GDAL format): {exc}") from exc
    with src:
        if src.crs is None:
            raise RasterError(
                f"{path.name} has no coordinate reference system: save it with one (e.g. EPSG:27700) and try again."
            )
        notes: list[str] = []
        colours = {ColorInterp.red, ColorInterp.green, ColorInterp.blue}
        if band is None:
            if src.count >= 3 and colours <= set(src.colorinterp):
                raise RasterError(
                    f"{path.name} is a picture ({src.count} bands: red, green and blue), not a grid of values: "
                    "placeviz would map its red band as data. Import a raster of values, or name the band that "
                    "holds them with --band N.")
            if src.colorinterp[0] == ColorInterp.palette:
                raise RasterError(
                    f"{path.name} is a picture (its band is drawn through a colour table: classes or colours, not "
                    "measurements), so a mean over an area would mean nothing: import a raster of values, or, if "
                    "its numbers are measurements after all, name the band with --band 1.")
            band = 1
            if src.count > 1:
                notes.append(f"Read band 1 of {src.count} (choose another with --band N).")
        else:
            if not 1 <= int(band) <= src.count:
                raise RasterError(f"{path.name} has {src.count} band{'s' if src.count > 1 else ''}: choose a band "
                                  f"from 1 to {src.count}.")
            band = int(band)
            if src.count > 1:
                notes.append(f"Read band {band} of {src.count}, as chosen.")
        factor = _decimation(src, max_cells, min_cell_metres)
        transform = src.transform
        chosen = None
        if factor > 1:
            shape = (max(1, math.ceil(src.height / factor)), max(1, math.ceil(src.width / factor)))
            if nodata is None and guess_nodata and src.nodatavals[band - 1] is None:
                # found on exact values (nearest), before averaging blends a fill into its neighbours
                sample = src.read(band, masked=True, out_shape=shape, resampling=Resampling.nearest)
                chosen = _fill_in(sample, src.dtypes[band - 1], None, True, factor * factor)
            fill = nodata if nodata is not None else chosen[0] if chosen else None
            with rasterio.Env(GDAL_CACHEMAX=64 * 1024 * 1024):
                data = _read_averaged(src, band, shape, fill)
            transform = src.transform * src.transform.scale(src.width / shape[1], src.height / shape[0])
            if nodata is not None:
                chosen = (float(nodata), None, False)
        else:
            data = src.read(band, masked=True)
            if nodata is not None or (guess_nodata and src.nodatavals[band - 1] is None):
                chosen = _fill_in(data, src.dtypes[band - 1], nodata, guess_nodata, 1)
        data = data.astype("float64")
        values = data.filled(np.nan)
        fills = ~np.ma.getmaskarray(data) & (~np.isfinite(values) | (np.abs(values) >= FILL_MAGNITUDE))
        if fills.any():
            notes.append(f"{int(fills.sum()):,} cells hold fill values that the file does not tag as nodata "
                         f"(infinite, not a number, or of magnitude 1e30 or more, such as {_fill_example(data, fills)}): "
                         "treated as no data.")
            values[fills] = np.nan
        if chosen is not None:
            values[values == chosen[0]] = np.nan
            notes.append(fill_note(*chosen, about=factor > 1))
        if is_rotated(transform):
            notes.append(f"The grid was rotated by {abs(rotation_degrees(transform)):.1f}°; placeviz resampled it "
                         "north-up (each new cell takes the value of the rotated cell under its centre).")
            values, transform = north_up(values, transform, src.crs)
        units = (src.tags().get("units") or (src.units[band - 1] if src.units and src.units[band - 1] else "")) or ""
        if src.crs.to_string() == dst_crs or src.crs.to_epsg() == int(dst_crs.split(":")[1]):
            return Grid(values, transform, src.crs, units, notes, decimated=factor)
        h, w = values.shape
        left, top = transform.c, transform.f
        right, bottom = left + transform.a * w, top + transform.e * h
        dst_transform, width, height = calculate_default_transform(src.crs, dst_crs, w, h, left, bottom, right, top)
        out = np.full((height, width), np.nan)
        reproject(values, out, src_transform=transform, src_crs=src.crs, src_nodata=np.nan,
                  dst_transform=dst_transform, dst_crs=dst_crs, dst_nodata=np.nan, resampling=Resampling.bilinear)
        return Grid(out, dst_transform, rasterio.crs.CRS.from_string(dst_crs), units, notes, decimated=factor)


def _fill_in(data, dtype: str, nodata: float | None, guess: bool, weight: int) -> tuple[float, int | None, bool] | None:
    """The value to treat as no data in ``data`` (a masked array as read), how many of the file's cells hold it
    (each cell read standing for ``weight`` of them), and whether it was guessed: the user's ``nodata``
    if given, else a likely fill value (``raster_fill``) when ``guess`` is on, else None."""
    values = np.ma.filled(data.astype("float64"), np.nan)
    if nodata is not None:
        return float(nodata), int((values == float(nodata)).sum()) * weight, False
    if not guess:
        return None
    found = guess_fill(values, dtype)
    return (found[0], found[1] * weight, True) if found else None


def _read_averaged(src, band: int, shape: tuple[int, int], fill: float | None):
    """Band ``band`` averaged to ``shape`` cells by GDAL, with ``fill`` (when given) kept out of the averages."""
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT

    if fill is None:
        return src.read(band, masked=True, out_shape=shape, resampling=Resampling.average)
    with WarpedVRT(src, src_nodata=fill, nodata=fill, crs=src.crs, transform=src.transform,
                   width=src.width, height=src.height) as vrt:
        return vrt.read(band, masked=True, out_shape=shape, resampling=Resampling.average)


def _decimation(src, max_cells: int | None, min_cell_metres: float | None) -> int:
    """The whole factor to coarsen a raster by on reading: enough to stay within ``max_cells`` cells, and
    no more than keeps the cells at most ``min_cell_metres`` across (finer than that is not needed)."""
    factor = 1
    if min_cell_metres:
        size = min(abs(src.transform.a), abs(src.transform.e))
        if src.crs.is_geographic:
            size *= 111_000 * 0.6  # a degree of longitude in England, roughly: the narrower side of a cell
        elif src.crs.linear_units_factor and src.crs.linear_units_factor[1]:
            size *= src.crs.linear_units_factor[1]
        if 0 < size < min_cell_metres:
            factor = max(1, int(min_cell_metres // size))
    if max_cells and src.width * src.height > max_cells * factor * factor:
        factor = max(factor, math.ceil(math.sqrt(src.width * src.height / max_cells)))
    return factor


def _fill_example(data, fills) -> str:
    v = float(np.asarray(data.data)[fills][0])
    return repr(v) if not np.isfinite(v) else f"{v:.3g}"


def _epsg(crs) -> int | None:
    """An EPSG code without a PROJ call where the CRS says it plainly (rasterio's is GDAL's, cheap).

    Comparing a pyproj CRS with a rasterio one goes through PROJ, which once crashed when done from a
    worker thread; the bundle's boundaries and grids are all EPSG:27700, so most calls need no PROJ at all.
    """
    if hasattr(crs, "to_epsg") and crs.__class__.__module__.startswith("rasterio"):
        return crs.to_epsg()
    srs = getattr(crs, "srs", "") or ""
    if srs.upper().startswith("EPSG:") and srs[5:].isdigit():
        return int(srs[5:])
    if '"code": 27700' in srs and '"name": "OSGB36 / British National Grid"' in srs:
        return 27700
    return None


def _same_epsg(a, b) -> bool:
    ea, eb = _epsg(a), _epsg(b)
    if ea is not None and eb is not None:
        return ea == eb
    return a == b


def zonal_mean(raster: str | Path | Grid, areas, min_coverage: float = MIN_COVERAGE,
               supersample: int = SUPERSAMPLE) -> tuple[np.ndarray, np.ndarray]:
    """Area-weighted mean of the raster over each area, and the share of each area over valid cells.

    Areas are rasterised on a grid ``supersample`` (default ``SUPERSAMPLE``) times finer than the raster,
    so a cell that an area covers by a fifth counts a fifth (a smaller ``supersample`` bounds the memory
    a large raster needs). An area whose valid coverage is below ``min_coverage`` (outside the
    raster's extent, or over the sea) gets NaN: "no data", never a guess. Areas too small to hold one
    sub-cell take the value of the cell under their representative point.
    """
    load_rasterio()
    from rasterio import features
    from rasterio.transform import Affine

    grid = raster if isinstance(raster, Grid) else read_grid(raster)
    if areas.crs is not None and not _same_epsg(areas.crs, grid.crs):
        areas = areas.to_crs(grid.crs)
    n = len(areas)
    means = np.full(n, np.nan)
    cover = np.zeros(n)
    h, w = grid.values.shape
    t = grid.transform
    ss = max(1, int(supersample))
    fine = Affine(t.a / ss, t.b, t.c, t.d, t.e / ss, t.f)
    fh, fw = h * ss, w * ss
    minx, miny, maxx, maxy = grid.bounds
    b = areas.geometry.bounds
    inside = ((b.minx < maxx) & (b.maxx > minx) & (b.miny < maxy) & (b.maxy > miny)).to_numpy()
    idx = np.flatnonzero(inside)
    if idx.size == 0:
        return means, cover
    shapes = ((geom, int(i) + 1) for i, geom in zip(idx, areas.geometry.values[idx], strict=True))
    labels = features.rasterize(shapes, out_shape=(fh, fw), transform=fine, fill=0, dtype="int32")
    coarse = np.repeat(np.repeat(grid.values, ss, axis=0), ss, axis=1)
    valid = np.isfinite(coarse) & (labels > 0)
    lab = labels[valid] - 1
    sums = np.bincount(lab, weights=coarse[valid], minlength=n)
    counts = np.bincount(lab, minlength=n).astype("float64")
    sub_area = abs(fine.a * fine.e)
    area = areas.geometry.area.to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        cover = np.where(area > 0, np.minimum(counts * sub_area / area, 1.0), 0.0)
        means = np.where(counts > 0, sums / counts, np.nan)
    # tiny areas that no sub-cell centre fell in: the cell under their representative point
    tiny = idx[counts[idx] == 0]
    if tiny.size:
        pts = areas.geometry.values[tiny].representative_point() if hasattr(
            areas.geometry.values[tiny], "representative_point") else areas.geometry.iloc[tiny].representative_point()
        xs = np.asarray([p.x for p in pts])
        ys = np.asarray([p.y for p in pts])
        cols = np.floor((xs - t.c) / t.a).astype(int)
        rows = np.floor((ys - t.f) / t.e).astype(int)
        ok = (cols >= 0) & (cols < w) & (rows >= 0) & (rows < h)
        vals = np.full(tiny.size, np.nan)
        vals[ok] = grid.values[rows[ok], cols[ok]]
        means[tiny] = vals
        cover[tiny] = np.isfinite(vals).astype(float)
    means[cover < min_coverage] = np.nan
    return means, np.round(cover, 4)
