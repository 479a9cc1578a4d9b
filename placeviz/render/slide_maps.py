"""Map pictures for slides: a framed map with towns, scale bar and north arrow, and its legend at the right,
as PNG bytes at a high resolution; two maps side by side at one scale for a comparison.

The slide deck (``placeviz.export.slides``) places these pictures and writes every word as editable text
beside them; the legend is part of the picture so that the colours and their meaning travel together.

``SlidePictures`` draws each picture at once and compresses its PNG on a second thread while the deck goes
on: zlib lets go of Python's lock while it compresses (``render.png``), so on a machine with two cores that
work is done beside the rest. (Only the compression: drawing makes a thousand short Qt calls, and each would wait for the lock.)
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QImage, QPainter

from placeviz.model.spec import MapSpec
from placeviz.render.arrow_scene import scene_for
from placeviz.render.devices import PageSize, ensure_qt, page_image
from placeviz.render.layout import (
    Box,
    draw_wrapped,
    font,
    text_height,
    units_per_point,
)
from placeviz.render.meeting_map import (
    backdrop_key,
    one_scale_extents,
    paint_backdrop,
    paint_map_box,
    scale_words,
)
from placeviz.render.png import png_bytes
from placeviz.render.scene import build_scene, paint_legend

#: the picture's resolution: a 8.6 x 5.6 inch picture at 200 dpi stays sharp on a projector and in print
SLIDE_DPI = 200
#: the scale bar's figures are 0.8 of this: 9.6 pt
MAP_BASE_PT = 12.0


def _legend(p: QPainter, scene, rect: QRectF, title: str | None, counts: bool = True, note: bool = True) -> None:
    paint_legend(p, rect, scene.classified, scene.layer, title=title or scene.layer.label,
                 note=scene.data.note if note else None, font=font(11), counts=counts, source=False)


def map_image(scene, width_in: float = 8.6, height_in: float = 5.6, legend_title: str | None = None,
              backdrops: dict | None = None) -> QImage:
    """One map (a MapScene) with its legend at the right. ``backdrops`` (a dict the caller keeps): maps of one
    place at one extent paint their shared backdrop once (``meeting_map.paint_backdrop``)."""
    ensure_qt()
    size = PageSize(round(width_in * SLIDE_DPI), round(height_in * SLIDE_DPI), SLIDE_DPI, None, "landscape")
    k = units_per_point(SLIDE_DPI)
    legend_w = min(215 * k, size.width * 0.34)
    box = Box(2 * k, 2 * k, size.width - legend_w - 12 * k, size.height - 4 * k)
    key = backdrop_key(scene, box, k) if backdrops is not None else None
    key = None if key is None else (*key, size.width, size.height)  # the page it is copied with, too
    img = backdrops[key].copy() if key in (backdrops or {}) else page_image(size)
    p = QPainter(img)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if key is not None and key not in backdrops:
            paint_backdrop(p, scene, box, k, MAP_BASE_PT)
            backdrops[key] = img.copy()
        paint_map_box(p, scene, box, k, MAP_BASE_PT, on_backdrop=key is not None)
        _legend(p, scene, QRectF(size.width - legend_w, 2 * k, legend_w - 2 * k, size.height - 4 * k), legend_title)
    finally:
        p.end()
    return img


def _pair_layout(width_in: float, height_in: float, names=()):
    """(page size, units per point, legend width, gap, caption height, map width, map height) of a pair whose
    places are ``names``: the caption is as tall as the longer name's lines (two ICBs' names take two)."""
    size = PageSize(round(width_in * SLIDE_DPI), round(height_in * SLIDE_DPI), SLIDE_DPI, None, "landscape")
    k = units_per_point(SLIDE_DPI)
    legend_w = min(190 * k, size.width * 0.22)
    gap = 10 * k
    map_w = (size.width - legend_w - 3 * gap) / 2
    caption_h = max([20 * k, *(_caption_height(name, map_w) + 4 * k for name in names)])
    return size, k, legend_w, gap, caption_h, map_w, size.height - caption_h - 4 * k


def _caption_height(name: str, width: float) -> float:
    """The height of a map's caption (``name`` wrapped at ``width``) on a slide picture, in its pixels."""
    ensure_qt()
    probe = page_image(PageSize(8, 8, SLIDE_DPI, None, "landscape"))
    p = QPainter(probe)
    try:
        return text_height(p, name, font(14, bold=True), width)
    finally:
        p.end()


def pair_scale_words(scenes: list, width_in: float = 12.3, height_in: float = 5.0) -> str:
    """"at one scale" or "each at its own scale", as ``pair_image`` of the same size draws them."""
    *_, map_w, map_h = _pair_layout(width_in, height_in, [sc.data.place.name for sc in scenes])
    return scale_words(scenes, map_w, map_h)


def pair_image(scenes: list, width_in: float = 12.3, height_in: float = 5.0,
               legend_title: str | None = None) -> QImage:
    """Two maps (MapScenes) side by side at one scale, each with its place's name, and one legend under them at
    the right (the classes are the same on both: the caller gives both one classification)."""
    ensure_qt()
    size, k, legend_w, gap, caption_h, map_w, map_h = _pair_layout(width_in, height_in,
                                                                   [sc.data.place.name for sc in scenes])
    img = page_image(size)
    extents = one_scale_extents(scenes, map_w, map_h)
    p = QPainter(img)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for i, (sc, ext) in enumerate(zip(scenes, extents, strict=True)):
            x = 2 * k + i * (map_w + gap)
            draw_wrapped(p, sc.data.place.name, font(14, bold=True), x, 0, map_w)
            paint_map_box(p, sc, Box(x, caption_h, map_w, map_h), k, MAP_BASE_PT, ext)
        # the same classes on both maps: one legend, without counts (they would be one place's); the note on
        # how values pass to neighbourhoods is in the slide's speaker notes
        _legend(p, scenes[0], QRectF(size.width - legend_w, caption_h, legend_w - 2 * k, map_h), legend_title,
                counts=False, note=False)
    finally:
        p.end()
    return img


class SlidePictures:
    """A deck's map pictures as PNG bytes to come (``Future``): each is drawn when asked for, and compressed on
    a second thread; a scene asked for twice (a place's map on its theme slide and beside another place) is
    built once. Use it in a ``with`` block, which waits for the last picture."""

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="placeviz-png")
        self._scenes: dict = {}
        self._backdrops: dict = {}

    def __enter__(self) -> SlidePictures:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def scene(self, spec: MapSpec, md=None):
        """The spec's MapScene (from ``md``, map data already made, where given)."""
        if md is not None:
            return build_scene(spec, md=md)
        if spec not in self._scenes:
            self._scenes[spec] = scene_for(spec)
        return self._scenes[spec]

    def map(self, spec: MapSpec, md=None, **size) -> Future:
        """``map_image`` of the spec, as PNG bytes to come."""
        return self._pool.submit(png_bytes, map_image(self.scene(spec, md), backdrops=self._backdrops, **size))

    def pair(self, specs: list[MapSpec], **size) -> tuple[Future, str]:
        """``pair_image`` of two specs, as PNG bytes to come, and whether it draws them "at one scale" or "each
        at its own scale"."""
        scenes = [self.scene(s) for s in specs]
        return self._pool.submit(png_bytes, pair_image(scenes, **size)), pair_scale_words(scenes, **size)
