"""A rotated or sheared raster grid resampled to a north-up one in the same coordinate system.

Everything downstream (zonal means, drawing, the extent) assumes a grid whose rows run west to east and
whose columns run north to south; a geotransform with rotation terms breaks that, so such a grid is warped
once, on reading, onto an axis-aligned grid over the same ground.
"""

from __future__ import annotations

import math

import numpy as np

#: a rotated grid up to this many cells is resampled onto cells half as wide (four times as many cells)
FINER_UP_TO = 2_500_000


def is_rotated(transform) -> bool:
    """True when the geotransform turns or shears the grid (its rotation terms are not zero)."""
    return transform.b != 0 or transform.d != 0


def rotation_degrees(transform) -> float:
    """How far the grid's rows are turned from west-east, in degrees (positive = anticlockwise)."""
    return float(np.degrees(np.arctan2(transform.d, transform.a)))


def north_up(values: np.ndarray, transform, crs) -> tuple[np.ndarray, object]:
    """``values`` (NaN = no data) on a rotated ``transform``, resampled onto a north-up grid in ``crs``.

    The new grid covers the rotated grid's whole footprint, with cells half the size of the old ones (the
    same size for a grid of more than ``FINER_UP_TO`` cells, to bound memory), and
    takes each new cell from the old cell under its centre (nearest): a value is never blended with its
    neighbours or with no data, and the finer cells follow the old cells' slanted edges closely enough that
    an area's mean over them matches its mean over the rotated cells.
    """
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    h, w = values.shape
    corners = [transform @ (c, r) for c, r in ((0, 0), (w, 0), (0, h), (w, h))]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    cell = min(math.hypot(transform.a, transform.d), math.hypot(transform.b, transform.e))
    dst_transform, width, height = calculate_default_transform(
        crs, crs, w, h, min(xs), min(ys), max(xs), max(ys), resolution=cell / 2 if h * w <= FINER_UP_TO else cell)
    out = np.full((height, width), np.nan)
    reproject(values, out, src_transform=transform, src_crs=crs, src_nodata=np.nan,
              dst_transform=dst_transform, dst_crs=crs, dst_nodata=np.nan, resampling=Resampling.nearest)
    return out, dst_transform
