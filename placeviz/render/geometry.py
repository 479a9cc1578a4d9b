"""Boundary sets as Qt paths, built once per set and cached: a recolour never rebuilds geometry.

The bundled GeoParquet files store their geometry column as GeoArrow ``multipolygon`` (nested lists of
x/y structs), so the flat coordinate arrays and their offsets come straight from pyarrow, with no WKB
parsing and no shapely. Each ring becomes a ``QPolygonF`` filled from a numpy buffer, each area one
``QPainterPath`` (odd-even fill, so holes stay holes). Row ``i`` of a ``RenderGeometry`` is row ``i`` of the
boundary file, which is also the row order of ``geography.attributes(set)`` and ``geography.boundaries(set)``.

Hit testing (which area is under the mouse) uses a shapely STRtree built lazily on first use.
"""

from __future__ import annotations

import functools
import struct
import threading
from dataclasses import dataclass, field

import numpy as np
import pyarrow.parquet as pq
from PyQt6.QtCore import QByteArray, QDataStream, Qt
from PyQt6.QtGui import QPainterPath, QPolygonF

from placeviz.model.bundle import boundary_path
from placeviz.model.geoarrow import GeoArrowParts, boundary_parts

_CACHE: dict[str, RenderGeometry] = {}
_LOCK = threading.Lock()
_SET_LOCKS: dict[str, threading.Lock] = {}


def _ring_polygon(xy: np.ndarray) -> QPolygonF:
    """A QPolygonF holding the points of ``xy`` (n x 2 float64), filled through its memory buffer."""
    n = len(xy)
    poly = QPolygonF()
    poly.resize(n)
    ptr = poly.data()
    ptr.setsize(n * 16)
    np.frombuffer(ptr, dtype=np.float64).reshape(n, 2)[:] = xy
    return poly


@dataclass
class RenderGeometry:
    """A boundary set's areas as QPainterPaths, with codes, bounds, names and a spatial index read or built
    when first needed."""

    set_name: str
    codes: np.ndarray  # object array of area codes, file order
    parts: GeoArrowParts
    bounds: np.ndarray  # (n, 4): xmin, ymin, xmax, ymax per area
    paths: list = field(default_factory=list)  # QPainterPath per area (None until built: ensure_paths)
    _index: dict | None = None
    _tree: object = None
    _geoms: object = None
    _label_points: np.ndarray | None = None
    _built: np.ndarray | None = None
    _names: np.ndarray | None = None

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def for_set(cls, set_name: str) -> RenderGeometry:
        """The cached geometry of a bundled boundary set (read on first use; thread-safe).

        Paths are built lazily: call ``ensure_paths(rows)`` before drawing (``paint_map`` does)."""
        with _LOCK:
            if set_name in _CACHE:
                return _CACHE[set_name]
            lock = _SET_LOCKS.setdefault(set_name, threading.Lock())
        with lock:
            if set_name not in _CACHE:
                _CACHE[set_name] = cls.build(set_name)
            return _CACHE[set_name]

    @classmethod
    def is_cached(cls, set_name: str) -> bool:
        return set_name in _CACHE

    @classmethod
    def build(cls, set_name: str) -> RenderGeometry:
        path = boundary_path(set_name)
        parts = boundary_parts(set_name)  # shared with the hot spot analysis's contiguity: read once
        # codes straight from arrow (same rows as geography.attributes), so no pandas is needed
        attrs = pq.ParquetFile(path).read(columns=["code"], use_pandas_metadata=False)
        geo = cls(set_name, np.array(attrs.column("code").to_pylist(), dtype=object), parts, _row_bounds(parts))
        geo.paths = [None] * len(geo.codes)
        geo._built = np.zeros(len(geo.codes), dtype=bool)
        return geo

    def ensure_paths(self, rows=None, progress=None) -> None:
        """Build the QPainterPaths of ``rows`` (all if None) that are not built yet (once, then cached)."""
        rows = np.arange(len(self.codes)) if rows is None else np.asarray(rows, dtype=np.int64)
        rows = rows[(rows >= 0)]
        todo = rows[~self._built[rows]]
        if len(todo):
            _build_paths(self.parts, todo, self.paths, progress)
            self._built[todo] = True

    def batched_paths(self, rows, chunk: int = 64) -> list:
        """The areas ``rows`` as a few QPainterPaths of about ``chunk`` areas each (odd-even fill), made
        straight from the flat arrays without per-area paths: a print of England's 32,844 areas then costs
        a few hundred drawPath calls, one brush per class, and no per-ring Python work. Coordinates stay in
        metres, like ``paths``. (Far fewer areas per path than that and antialiased filling slows down.)"""
        p = self.parts
        rows = np.asarray(rows, dtype=np.int64)
        out = []
        for k in range(0, len(rows), chunk):
            rr = rows[k:k + chunk]
            r0 = p.poly_offsets[p.geom_offsets[rr]]
            r1 = p.poly_offsets[p.geom_offsets[rr + 1]]
            counts = r1 - r0
            if counts.sum() == 0:
                continue
            rings = np.repeat(r0 - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            start = p.ring_offsets[rings]
            lens = p.ring_offsets[rings + 1] - start
            n = int(lens.sum())
            first = np.cumsum(lens) - lens  # where each ring starts in this chunk
            idx = np.repeat(start - first, lens) + np.arange(n)
            # QPainterPath's QDataStream form: count, (type, x, y) per element, then cStart and fill rule
            el = np.empty(n, dtype=[("t", ">i4"), ("x", ">f8"), ("y", ">f8")])
            el["t"] = 1  # LineToElement
            el["t"][first] = 0  # MoveToElement
            el["x"] = p.xy[idx, 0]
            el["y"] = p.xy[idx, 1]
            data = QByteArray(struct.pack(">i", n) + el.tobytes() + struct.pack(">ii", 0, 0))  # 0: OddEvenFill
            path = QPainterPath()
            QDataStream(data) >> path
            out.append(path)
        return out

    def all_paths_built(self) -> bool:
        return bool(self._built.all())

    # -- lookups --------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.codes)

    @property
    def names(self) -> np.ndarray:
        """Area names, file order; read when first asked for (the local authorities' outlines name theirs,
        a map of England's 32,844 neighbourhoods needs none of its own)."""
        if self._names is None:
            attrs = pq.ParquetFile(boundary_path(self.set_name)).read(
                columns=["name"], use_pandas_metadata=False)
            self._names = np.array(attrs.column("name").to_pylist(), dtype=object)
        return self._names

    @property
    def index(self) -> dict:
        if self._index is None:
            self._index = {c: i for i, c in enumerate(self.codes)}
        return self._index

    def rows(self, codes) -> np.ndarray:
        """Row numbers of the given area codes (-1 for a code not in this set)."""
        idx = self.index
        return np.fromiter((idx.get(c, -1) for c in codes), dtype=np.int64, count=len(codes))

    def extent(self, rows=None) -> tuple[float, float, float, float]:
        """Bounding box (xmin, ymin, xmax, ymax) of the given rows (all if None)."""
        b = self.bounds if rows is None else self.bounds[np.asarray(rows)]
        if len(b) == 0:
            return (0.0, 0.0, 1.0, 1.0)
        return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))

    def geometries(self):
        """Shapely (multi)polygons of every row, made once from the flat arrays."""
        if self._geoms is None:
            # shapely is imported where it is used (here and below): a print of all England never needs it, and
            # tests/test_static.py::test_england_png_is_made_without_pandas pins that it is not loaded
            import shapely

            p = self.parts
            self._geoms = shapely.from_ragged_array(
                shapely.GeometryType.MULTIPOLYGON, p.xy, (p.ring_offsets, p.poly_offsets, p.geom_offsets))
        return self._geoms

    def tree(self):
        if self._tree is None:
            import shapely

            self._tree = shapely.STRtree(self.geometries())
        return self._tree

    def hit(self, x: float, y: float, allowed: np.ndarray | None = None) -> int:
        """The row whose area contains the point (x, y), or -1. ``allowed``: a boolean mask of rows."""
        import shapely

        hits = self.tree().query(shapely.Point(x, y), predicate="intersects")
        for r in np.sort(hits):
            if allowed is None or allowed[r]:
                return int(r)
        return -1

    def label_points(self) -> np.ndarray:
        """A point inside every area (for labels), (n, 2)."""
        if self._label_points is None:
            import shapely

            # the largest polygon of each area, then a point on its surface
            pts = shapely.point_on_surface(self.geometries())
            self._label_points = shapely.get_coordinates(pts)
        return self._label_points


def _row_bounds(p: GeoArrowParts) -> np.ndarray:
    n = len(p.geom_offsets) - 1
    # first point index of each row, via polygons and rings
    ring_start = p.poly_offsets[p.geom_offsets]  # len n+1, ring index where each row starts
    pt_start = p.ring_offsets[ring_start]  # point index where each row starts (and the end)
    out = np.empty((n, 4))
    starts = pt_start[:-1]
    nonempty = pt_start[1:] > starts
    safe = np.minimum(starts, max(len(p.xy) - 1, 0))
    x, y = p.xy[:, 0], p.xy[:, 1]
    if len(x):
        out[:, 0] = np.minimum.reduceat(x, safe)
        out[:, 1] = np.minimum.reduceat(y, safe)
        out[:, 2] = np.maximum.reduceat(x, safe)
        out[:, 3] = np.maximum.reduceat(y, safe)
    out[~nonempty] = np.nan
    return out


def _build_paths(p: GeoArrowParts, rows: np.ndarray, out: list, progress=None) -> None:
    ro, po, go, xy = p.ring_offsets, p.poly_offsets, p.geom_offsets, p.xy
    n = len(rows)
    step = max(n // 50, 1)
    odd_even = Qt.FillRule.OddEvenFill
    for j, i in enumerate(rows.tolist()):
        path = QPainterPath()
        path.setFillRule(odd_even)
        for r in range(po[go[i]], po[go[i + 1]]):
            path.addPolygon(_ring_polygon(xy[ro[r]:ro[r + 1]]))
        out[i] = path
        if progress is not None and j % step == 0:
            progress(j / n)


def map_readers(set_names) -> list:
    """What drawing maps on the boundary sets ``set_names`` reads first (their geometry, then the towns), as
    readers for ``model.read_ahead.reading_ahead``."""
    from placeviz.model.places import load_places

    return [functools.partial(RenderGeometry.for_set, name) for name in set_names] + [load_places]


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
