"""A GeoArrow multipolygon column of a bundled GeoParquet file as flat numpy arrays: coordinates and the
offsets of rings, polygons and rows. No shapely, no pandas, no Qt: the painter builds its paths from these
(``render.geometry``) and the hot spot analysis finds which neighbourhoods touch (``analysis.contiguity``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from placeviz.model.arrow import arrow_values
from placeviz.model.bundle import boundary_path


@dataclass
class GeoArrowParts:
    """The flat arrays of a GeoArrow multipolygon column."""

    xy: np.ndarray  # (n_points, 2) float64
    ring_offsets: np.ndarray  # into xy, len n_rings + 1
    poly_offsets: np.ndarray  # into rings, len n_polygons + 1
    geom_offsets: np.ndarray  # into polygons, len n_rows + 1


def read_geoarrow(path, column: str = "geometry") -> GeoArrowParts:
    """Read a GeoArrow multipolygon column of a Parquet file as flat numpy arrays."""
    # ParquetFile.read without the pandas metadata: pq.read_table would import pandas (~0.2 s) for nothing
    col = pq.ParquetFile(path).read(columns=[column], use_pandas_metadata=False).column(column).combine_chunks()
    if hasattr(col, "storage"):  # an extension array
        col = col.storage
    polys = col.values
    rings = polys.values
    pts = rings.values
    xy = np.empty((len(pts), 2), dtype=np.float64)
    xy[:, 0] = arrow_values(pts.field("x"))
    xy[:, 1] = arrow_values(pts.field("y"))

    def offsets(arr):
        return arrow_values(arr.offsets).astype(np.int64)  # a copy

    parts = GeoArrowParts(xy, offsets(rings), offsets(polys), offsets(col))
    del col, polys, rings, pts
    pa.default_memory_pool().release_unused()  # the arrays above are copies: give arrow's buffers back
    return parts


@cache
def boundary_parts(set_name: str) -> GeoArrowParts:
    """The coordinates of a bundled boundary set (``lsoa11``, ...), read once (shared: do not modify)."""
    return read_geoarrow(boundary_path(set_name))


def row_vertices(parts: GeoArrowParts, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertices of the rows ``rows`` (holes included) and, for each vertex, its position in ``rows``."""
    rows = np.asarray(rows, dtype=np.int64)
    first_point = parts.ring_offsets[parts.poly_offsets[parts.geom_offsets]]  # len n_rows + 1
    start, stop = first_point[rows], first_point[rows + 1]
    counts = stop - start
    owner = np.repeat(np.arange(len(rows)), counts)
    # the point index of each vertex: its row's start plus its place within the row
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return parts.xy[np.repeat(start, counts) + within], owner
