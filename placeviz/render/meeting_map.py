"""A framed map for a meeting: the map of the one-page brief (``render.brief``) and the deck's pictures
(``render.slide_maps``), with towns, a scale bar and a north arrow, every name at 9 pt or more so that it reads
printed and from across a table; two places side by side at one scale, unless one would be a speck.
"""

from __future__ import annotations

from PyQt6.QtGui import QPainter

from placeviz.render.compare_page import at_one_scale, common_scale_extents
from placeviz.render.layout import Box, PageLayout, paint_framed_map, paint_map_furniture
from placeviz.render.scene import OVER, UNDER

#: the smallest text made for a meeting (the brief's words, the maps' names), in points
MIN_PT = 9.0

#: map labels are drawn at 0.8 x their style's size per line unit; the smallest style (suburbs) is 7.5 pt, so
#: 1.5 line units per point bring every name on the map to 9 pt or more (lines thicken alike)
LABEL_LINE_UNIT = MIN_PT / (7.5 * 0.8)


def paint_map_box(painter: QPainter, scene, box: Box, k: float, base_pt: float, extent=None,
                  on_backdrop: bool = False) -> None:
    """A framed map in ``box`` with towns, scale bar and north arrow, for a meeting (the brief's page and the
    deck's pictures): names drawn at LABEL_LINE_UNIT line units per point, so none is under 9 pt, and the
    furniture's text at ``base_pt``; ``k`` device units per point. ``on_backdrop``: the painter's device holds
    the box's backdrop already (``paint_backdrop``), so the rest is painted over it."""
    names = PageLayout(box, box, box, box, box, k * LABEL_LINE_UNIT, base_pt, False)
    parts = (UNDER | OVER) - {"context"} if on_backdrop else None
    paint_framed_map(painter, scene, names, extent=extent, parts=parts, background=not on_backdrop)
    paint_map_furniture(painter, scene, PageLayout(box, box, box, box, box, k, base_pt, False), extent=extent)


def paint_backdrop(painter: QPainter, scene, box: Box, k: float, base_pt: float) -> None:
    """The backdrop of ``paint_map_box``: the box's background and the neighbouring local authorities, which
    maps of one place at one extent on one outline set share (a deck's six maps, on two backdrops: 2011-based
    and 2021-based outlines), and the slowest part of them: the neighbours' outlines, 1.25 pixels wide on a
    slide, are stroked as shapes (14 of a map's 28 ms)."""
    names = PageLayout(box, box, box, box, box, k * LABEL_LINE_UNIT, base_pt, False)
    paint_framed_map(painter, scene, names, parts={"context"})


def backdrop_key(scene, box: Box, k: float):
    """All that ``paint_backdrop`` draws depends on: maps with equal keys share a backdrop; None for a map
    without one."""
    if scene.outlines is None or not scene.show_context:
        return None
    return (scene.outlines.geometry.set_name, tuple(float(v) for v in scene.extent()),
            (box.x, box.y, box.w, box.h), k)


def one_scale_extents(scenes, box_w: float, box_h: float) -> list:
    """Extents drawing every scene at one scale in boxes of box_w x box_h (the compare page's rule, its own
    extents kept when one place would shrink to a speck beside the other)."""
    return common_scale_extents([s.extent() for s in scenes], [Box(0, 0, box_w, box_h)] * len(scenes), margin=0)


def scale_words(scenes, box_w: float, box_h: float) -> str:
    """"at one scale", or, when one place would be a speck at the other's scale, "each at its own scale"."""
    shared = at_one_scale([s.extent() for s in scenes], [Box(0, 0, box_w, box_h)] * len(scenes), margin=0)
    return "at one scale" if shared else "each at its own scale"
