"""Level of detail for the screen: when thousands of areas are each a pixel or two across (England at
LSOA level), the canvas draws an *area-id image* once per view (each pixel holds the row of the area drawn
there) and colours it through a lookup table. A new layer, scheme or palette then costs a numpy lookup of
a few milliseconds instead of redrawing 32,844 paths. Smaller areas are drawn last, so dense city
neighbourhoods keep their pixels. Exports always draw vector paths (``paint_map``).
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QImage, QPainter

from placeviz.model.palettes import NODATA_COLOUR

#: use the id image when more areas than this are in view and the typical one is under this many pixels
MIN_AREAS = 4000
MAX_TYPICAL_PX = 3.0


def typical_size_px(scene, rows: np.ndarray, scale: float) -> float:
    if len(rows) == 0:
        return float("inf")
    b = scene.geometry.bounds[rows]
    return float(np.median(np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]))) * scale


def wants_id_image(scene, visible_rows: np.ndarray, scale: float) -> bool:
    """Whether the id image is the faster and as faithful way to draw this view."""
    return (scene.grid is None and len(visible_rows) > MIN_AREAS
            and typical_size_px(scene, visible_rows, scale) < MAX_TYPICAL_PX)


def paint_area_ids(scene, width: int, height: int, transform, rows: np.ndarray | None = None) -> np.ndarray:
    """An int32 (height, width) array: the geometry row of the area at each pixel, -1 where none."""
    geo = scene.geometry
    rows = scene.rows[scene.rows >= 0] if rows is None else rows
    geo.ensure_paths(rows)
    b = geo.bounds[rows]
    order = rows[np.argsort(-((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])), kind="stable")]
    img = QImage(int(width), int(height), QImage.Format.Format_RGB32)
    img.fill(0)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setTransform(transform)
    p.setPen(Qt.PenStyle.NoPen)
    paths = geo.paths
    from_rgb = QColor.fromRgb
    for r in order.tolist():
        p.setBrush(from_rgb(r + 1))  # the row, plus one, in the 24 colour bits
        p.drawPath(paths[r])
    p.end()
    bpl = img.bytesPerLine() // 4
    a = np.frombuffer(img.constBits().asstring(img.sizeInBytes()), dtype=np.uint32).reshape(int(height), bpl)
    return (a[:, : int(width)] & 0xFFFFFF).astype(np.int32) - 1


def _argb(colour: str) -> int:
    return 0xFF000000 | int(colour.lstrip("#")[:6], 16)


def colour_ids(ids: np.ndarray, scene):
    """A QImage (ARGB32 premultiplied, transparent where no area) colouring ``ids`` by the scene's classes."""
    geo = scene.geometry
    cls = np.asarray(scene.classified.classes)
    pal = np.array([_argb(c) for c in scene.classified.colours] + [_argb(NODATA_COLOUR)], dtype=np.uint32)
    lut = np.zeros(len(geo) + 1, dtype=np.uint32)
    ok = scene.rows >= 0
    lut[scene.rows[ok] + 1] = pal[np.where(cls[ok] >= 0, cls[ok], len(pal) - 1)]
    out = np.ascontiguousarray(lut[ids + 1])
    h, w = out.shape
    img = QImage(out.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
    return img.copy()
