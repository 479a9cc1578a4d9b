"""Map pictures for slides: a framed map with towns, scale bar and north arrow, and its legend at the right,
as PNG bytes at a high resolution; two maps side by side at one scale for a comparison.

The slide deck (``placeviz.export.slides``) places these pictures and writes every word as editable text
beside them; the legend is part of the picture so that the colours and their meaning travel together.
"""

from __future__ import annotations

from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PyQt6.QtGui import QImage, QPainter

from placeviz.model.spec import MapSpec
from placeviz.render.arrow_scene import scene_for
from placeviz.render.brief import LABEL_LINE_UNIT, one_scale_extents
from placeviz.render.devices import PageSize, ensure_qt, page_image
from placeviz.render.layout import (
    Box,
    PageLayout,
    draw_wrapped,
    font,
    paint_framed_map,
    paint_map_furniture,
    units_per_point,
)
from placeviz.render.scene import paint_legend

#: the picture's resolution: a 8.6 x 5.6 inch picture at 200 dpi stays sharp on a projector and in print
SLIDE_DPI = 200


def _png(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.convertToFormat(QImage.Format.Format_RGB32).save(buf, "PNG")
    buf.close()
    return bytes(data)


def _map(p: QPainter, scene, box: Box, k: float, extent=None) -> None:
    page = Box(0, 0, box.right, box.bottom)
    names = PageLayout(page, box, box, box, box, k * LABEL_LINE_UNIT, 12.0, False)
    paint_framed_map(p, scene, names, extent=extent)
    paint_map_furniture(p, scene, PageLayout(page, box, box, box, box, k, 12.0, False), extent=extent)


def _legend(p: QPainter, scene, rect: QRectF, title: str | None, counts: bool = True, note: bool = True) -> None:
    paint_legend(p, rect, scene.classified, scene.layer, title=title or scene.layer.label,
                 note=scene.data.note if note else None, font=font(11), counts=counts, source=False)


def map_png(spec: MapSpec, width_in: float = 8.6, height_in: float = 5.6, legend_title: str | None = None) -> bytes:
    """One map with its legend at the right, as PNG bytes."""
    ensure_qt()
    size = PageSize(round(width_in * SLIDE_DPI), round(height_in * SLIDE_DPI), SLIDE_DPI, None, "landscape")
    k = units_per_point(SLIDE_DPI)
    img = page_image(size)
    scene = scene_for(spec)
    legend_w = min(215 * k, size.width * 0.34)
    p = QPainter(img)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        _map(p, scene, Box(2 * k, 2 * k, size.width - legend_w - 12 * k, size.height - 4 * k), k)
        _legend(p, scene, QRectF(size.width - legend_w, 2 * k, legend_w - 2 * k, size.height - 4 * k), legend_title)
    finally:
        p.end()
    return _png(img)


def pair_png(specs: list[MapSpec], width_in: float = 12.3, height_in: float = 5.0,
             legend_title: str | None = None) -> bytes:
    """Two maps side by side at one scale, each with its place's name, and one legend under them at the right
    (the classes are the same on both: the caller gives both specs one classification)."""
    ensure_qt()
    size = PageSize(round(width_in * SLIDE_DPI), round(height_in * SLIDE_DPI), SLIDE_DPI, None, "landscape")
    k = units_per_point(SLIDE_DPI)
    img = page_image(size)
    scenes = [scene_for(s) for s in specs]
    legend_w = min(190 * k, size.width * 0.22)
    gap = 10 * k
    caption_h = 20 * k
    map_w = (size.width - legend_w - 3 * gap) / 2
    map_h = size.height - caption_h - 4 * k
    extents = one_scale_extents(scenes, map_w, map_h)
    p = QPainter(img)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for i, (sc, ext) in enumerate(zip(scenes, extents, strict=True)):
            x = 2 * k + i * (map_w + gap)
            draw_wrapped(p, sc.data.place.name, font(14, bold=True), x, 0, map_w)
            _map(p, sc, Box(x, caption_h, map_w, map_h), k, ext)
        # the same classes on both maps: one legend, without counts (they would be one place's); the note on
        # how values pass to neighbourhoods is in the slide's speaker notes
        _legend(p, scenes[0], QRectF(size.width - legend_w, caption_h, legend_w - 2 * k, map_h), legend_title,
                counts=False, note=False)
    finally:
        p.end()
    return _png(img)
