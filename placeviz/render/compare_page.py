"""Maps side by side on one page: the scenes classified for the comparison (``compare_scenes``: each map its
own classes, or one scale), the words around them (``compare_text``) and the page (``paint_compare``): one
framed map per scene with its caption, scale bar and north arrow, drawn at one scale where that fits, a shared
legend at the right or a legend under each map, the caveats and the footer with every source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QPainter, QPainterPath

from placeviz.analysis.compare import classify_pair
from placeviz.model.catalog import GEOGRAPHY_NAMES, boundary_attribution
from placeviz.model.classify import classify_map, map_caveats
from placeviz.render.arrow_scene import scene_for
from placeviz.render.devices import PageSize
from placeviz.render.layout import (
    CAVEAT_INK,
    Box,
    PageLayout,
    PageText,
    draw_wrapped,
    font,
    layout_for,
    map_transform,
    paint_footer,
    paint_framed_map,
    paint_header,
    paint_map_furniture,
    source_lines,
    text_height,
    today_text,
)
from placeviz.render.pages import areas_words
from placeviz.render.scene import paint_legend


@dataclass
class CompareScenes:
    scenes: list  # one MapScene per spec, classified for the comparison
    shared: bool  # one scale (and one legend) for every map
    note: str | None  # what the legend says about the scale


def compare_scenes(specs, shared_bins=None) -> CompareScenes:
    """The scenes of maps to show side by side. ``shared_bins``: None or False, each map keeps its own classes;
    True, one scale across the maps (national deciles where they all have them, else pooled breaks:
    ``placeviz.analysis.compare.classify_pair``); a sequence of breaks, those breaks on every map."""
    scenes = [scene_for(s) for s in specs]
    n = len(scenes)
    both = "both maps" if n == 2 else f"all {n} maps"
    if shared_bins is None or shared_bins is False:
        return CompareScenes(scenes, False, None)
    if shared_bins is True:
        pair = classify_pair([sc.data for sc in scenes], [s.classification for s in specs], True)
        scenes = [sc.recolour(c) for sc, c in zip(scenes, pair.classified, strict=True)]
        if not pair.shared:
            return CompareScenes(scenes, False, pair.note)
        how = pair.note.split(":", 1)[1].strip() if ":" in pair.note else pair.note
        return CompareScenes(scenes, True, f"One scale for {both}: {how[0].lower() + how[1:]}")
    bins = np.asarray(shared_bins, dtype="float64")  # increasing: placeviz.export.static checks them
    cls = specs[0].classification
    scenes = [sc.recolour(classify_map(sc.data, cls if cls.scheme != "national_deciles" else
                                       cls.__class__("quantiles", len(bins)), bins=bins)) for sc in scenes]
    for sc in scenes:
        sc.classified.shared = True
    return CompareScenes(scenes, True, f"One scale for {both}: the same breaks on each map, so a colour means "
                                       "the same value on each.")


def shared_legend(scenes):
    """The classification whose legend stands for every map on one scale: the classes are the same on each,
    the first starting at the lowest value of any map, and 'No data' when any map has areas without a value
    (the first map's legend alone left another map's grey areas unexplained). Counts are summed."""
    legends = [[e for e in sc.classified.legend if not e.nodata] for sc in scenes]
    classes = [replace(e, count=sum(lg[i].count for lg in legends if i < len(lg))) for i, e in enumerate(legends[0])]
    if classes:
        firsts = [lg[0] for lg in legends if lg and lg[0].lower is not None]
        lowest = min(firsts, key=lambda e: e.lower, default=classes[0])
        classes[0] = replace(lowest, count=classes[0].count)
    nodata = [e for sc in scenes for e in sc.classified.legend if e.nodata]
    if nodata:
        classes.append(replace(nodata[0], count=sum(e.count for e in nodata)))
    return replace(scenes[0].classified, legend=classes)


def _caption(scene, all_scenes) -> str:
    """What one map of a comparison shows: its place, and its layer and period where the maps differ in them."""
    md = scene.data
    places = {s.data.place.name for s in all_scenes}
    layers = {(s.layer.id, s.data.period) for s in all_scenes}
    parts = []
    if len(places) > 1 or len(layers) == 1:
        parts.append(md.place.name)
    if len(layers) > 1:
        parts.append(scene.layer.title if md.period in scene.layer.title or md.period[:4] in scene.layer.title
                     else f"{scene.layer.title} ({md.period})")
    return ": ".join(parts)


def _own_scales_words(scenes) -> str:
    """What maps each with its own classes show: the same scale after all where every map's classes are the
    same (national deciles, or England's breaks on one layer), which was said to mean different values."""
    first = scenes[0].classified
    same = all(sc.classified.scheme == first.scheme and sc.classified.colours == first.colours
               and np.array_equal(sc.classified.bins, first.bins) and sc.layer.unit == scenes[0].layer.unit
               for sc in scenes[1:])
    if not same:
        return "Each map has its own scale: the same colour can mean different values."
    what = "national deciles" if first.scheme == "national_deciles" else "the same breaks"
    return f"Each map has its own classes, which here are the same ({what}): a colour means the same on each."


def compare_text(cs: CompareScenes, title: str | None = None, subtitle: str | None = None):
    scenes = cs.scenes
    layers = list({sc.layer.id: sc.layer for sc in scenes}.values())
    if title is None:
        if len(layers) == 1:
            title = f"{layers[0].title}: {' and '.join(sc.data.place.name for sc in scenes)}"
        else:
            title = f"{' and '.join(x.label for x in layers)}: {scenes[0].data.place.name}"
    if subtitle is None:
        scale = cs.note or ("" if cs.shared else _own_scales_words(scenes))
        sets = " and ".join(dict.fromkeys(GEOGRAPHY_NAMES.get(sc.data.boundary_set, sc.data.boundary_set)
                                          for sc in scenes))
        areas = areas_words(scenes[0].data, sets)
        periods = " and ".join(dict.fromkeys(sc.data.period for sc in scenes))
        subtitle = f"{areas}, {periods}. {scale}".strip()
    caveats = list(dict.fromkeys(c for sc in scenes for c in map_caveats(sc.layer, sc.data.boundary_set,
                                                                          sc.classified.scheme)))
    notes = list(dict.fromkeys(sc.data.note for sc in scenes if sc.data.note))
    # a note another one goes on from (a ward's map says what its authority's says, then what it shows) once
    notes = [n for n in notes if not any(o != n and o.startswith(n) for o in notes)]
    return PageText(title=title, subtitle=subtitle, sources=source_lines(layers), attribution=boundary_attribution(),
                    caveats=caveats, notes=notes, date_text=today_text())


def paint_compare(painter, cs: CompareScenes, text, size: PageSize, specs=None) -> list:
    """Draw maps side by side on one page: header, one framed map per scene (caption, scale bar, north arrow),
    a shared legend at the right (one scale) or a legend under each map, caveats, and the footer with every
    source. Returns the (map Box, QTransform metres -> device) of each map."""
    scenes = cs.scenes
    n = len(scenes)
    lay = layout_for(painter, text, size.width, size.height, size.dpi)
    k, base = lay.k, lay.base_pt
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(lay.page.qrect(), QColor("#ffffff"))
    # the body between header and footer
    top = lay.header.bottom + base * 1.2 * k
    bottom = lay.footer.y - base * 1.2 * k
    left, right = lay.header.x, lay.header.right
    gap = base * 1.6 * k
    legend_font = font(base * 0.9)
    cap_font = font(base * 1.15, bold=True)
    caveat_font = font(base * 0.78, italic=True)
    caveats = text.notes + text.caveats  # what these maps show first: the room under them may hold only some
    cav_h = sum(text_height(painter, c, caveat_font, right - left) + base * 0.3 * k for c in caveats)
    cav_h = min(cav_h, (bottom - top) * 0.18)
    maps_bottom = bottom - (cav_h + base * 0.6 * k if caveats else 0)
    if cs.shared:
        panel_w = min(max((right - left) * 0.22, 175 * k), 240 * k)
        col_area = right - left - panel_w - gap
    else:
        panel_w = 0
        col_area = right - left
    col_w = (col_area - gap * (n - 1)) / n
    legend_h = 0.0
    if not cs.shared:  # room under each map for the tallest legend
        legend_h = max(paint_legend(painter, Box(0, 0, col_w, 1e6).qrect(), sc.classified, sc.layer,
                                    title=sc.layer.title, note=sc.data.note, period=sc.data.period,
                                    font=legend_font, counts=True, draw=False, source=False) for sc in scenes)
        legend_h = min(legend_h, (maps_bottom - top) * 0.45)
    boxes = []
    for i, sc in enumerate(scenes):
        x = left + i * (col_w + gap)
        cap_h = text_height(painter, _caption(sc, scenes), cap_font, col_w)
        map_top = top + cap_h + base * 0.4 * k
        map_h = maps_bottom - map_top - (legend_h + base * 0.8 * k if legend_h else 0)
        boxes.append(Box(x, map_top, col_w, map_h))
    extents = common_scale_extents([(specs[i].extent if specs is not None else None) or sc.extent()
                                    for i, sc in enumerate(scenes)], boxes)
    out = []
    for sc, box, ext in zip(scenes, boxes, extents, strict=True):
        painter.save()
        paint_framed_map(painter, sc, PageLayout(lay.page, lay.header, box, box, lay.footer, k, base, lay.portrait),
                         ext)
        painter.restore()
        out.append((box, map_transform(sc, box, ext)))
    # white everywhere but the maps (QSvgGenerator ignores clipping), then the furniture and words over it
    mask = QPainterPath()
    mask.setFillRule(Qt.FillRule.OddEvenFill)
    mask.addRect(lay.page.qrect())
    for b in boxes:
        mask.addRect(b.qrect())
    painter.fillPath(mask, QColor("#ffffff"))
    for sc, box, ext in zip(scenes, boxes, extents, strict=True):
        paint_map_furniture(painter, sc, PageLayout(lay.page, lay.header, box, box, lay.footer, k, base,
                                                    lay.portrait), ext)
    paint_header(painter, text, lay)
    for i, sc in enumerate(scenes):  # captions and own legends again, over the white
        box = out[i][0]
        draw_wrapped(painter, _caption(sc, scenes), cap_font, box.x, top, box.w)
        if not cs.shared:
            paint_legend(painter, Box(box.x, box.bottom + base * 0.8 * k, box.w, legend_h).qrect(), sc.classified,
                         sc.layer, title=sc.layer.title, note=sc.data.note, period=sc.data.period,
                         font=legend_font, counts=True, source=False)
    if cs.shared:
        sc = scenes[0]
        px = right - panel_w
        # one legend for every map: the years of all of them (two years of one layer said only the first's)
        periods = " and ".join(dict.fromkeys(s.data.period for s in scenes))
        paint_legend(painter, Box(px, top, panel_w, maps_bottom - top).qrect(), shared_legend(scenes), sc.layer,
                     title=sc.layer.title, note=cs.note, period=periods, font=legend_font, counts=False,
                     source=False)
    y = maps_bottom + base * 0.6 * k
    for c in caveats:
        y2 = draw_wrapped(painter, c, caveat_font, left, y, right - left, CAVEAT_INK, bottom)
        if y2 == y:
            break
        y = y2 + base * 0.3 * k
    paint_footer(painter, text, lay)
    return out


MAX_COMMON_SCALE_RATIO = 4.0


def _fits(extents, boxes, margin: float) -> list[float]:
    """The scale (box units per metre) at which each extent fills its box."""
    return [min(b.w / (max(x1 - x0, 1.0) * (1 + 2 * margin)), b.h / (max(y1 - y0, 1.0) * (1 + 2 * margin)))
            for (x0, y0, x1, y1), b in zip(extents, boxes, strict=True)]


def at_one_scale(extents, boxes, margin: float = 0.025) -> bool:
    """Whether ``common_scale_extents`` draws these maps at one scale (no map shrinks to less than a quarter
    of its own fit), so that a caption can say so, or say that each has its own."""
    fits = _fits(extents, boxes, margin)
    return max(fits) / min(fits) <= MAX_COMMON_SCALE_RATIO


def common_scale_extents(extents, boxes, margin: float = 0.025) -> list:
    """Extents that draw every map at one scale (the largest that fits them all), each centred on its own
    area, so areas are the same size on the page; the maps' own extents when one would shrink to less than
    a quarter of its own fit (England beside a town)."""
    if not at_one_scale(extents, boxes, margin):
        return list(extents)
    common = min(_fits(extents, boxes, margin))
    out = []
    for (x0, y0, x1, y1), b in zip(extents, boxes, strict=True):
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hw, hh = b.w / common / (1 + 2 * margin) / 2, b.h / common / (1 + 2 * margin) / 2
        out.append((cx - hw, cy - hh, cx + hw, cy + hh))
    return out
