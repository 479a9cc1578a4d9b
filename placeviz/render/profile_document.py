"""A place profile as an A4 portrait briefing, drawn with QPainter: the blocks that flow down its pages
(paragraphs, headings, numbered lists, tables, bar charts, maps with their legends) and their layout on pages.

Page 1 carries the title, the date, the plain-English summary and the place's IMD 2019 map in national
deciles; the pages after it carry the figures in tables (deprivation, domains against England, life
expectancy, air quality, insecure work), each with its caveats, the five most and least deprived
neighbourhoods, the hot spot map, how the figures were made and every source. Each page's footer gives the
sources and licences of what is on that page, and its page number. ``placeviz.export.static.export_profile_pdf``
writes it to a PDF through ``placeviz.render.devices.paint_pdf``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from placeviz.analysis.hotspots import SPOT_CLASSES, SPOT_COLOURS
from placeviz.analysis.narrative import coincide_sentence
from placeviz.analysis.profile import EDITIONS
from placeviz.analysis.report import (
    COINCIDE_SECTION,
    SECTION_FIGURES,
    all_sources,
    deprivation_rows,
    domain_rows,
    residents_line,
)
from placeviz.model.catalog import boundary_attribution, get_layer
from placeviz.model.spec import Classification, MapSpec
from placeviz.render.arrow_scene import Column, scene_for
from placeviz.render.devices import PageSize
from placeviz.render.geometry import RenderGeometry
from placeviz.render.layout import (
    CAVEAT_INK,
    MUTED,
    RULE,
    Box,
    PageLayout,
    draw_wrapped,
    font,
    paint_framed_map,
    paint_map_furniture,
    source_lines,
    text_height,
    today_text,
    units_per_point,
)
from placeviz.render.scene import MapScene, build_outlines, paint_legend

ACCENT = "#1f4e79"  # section headings and table header rule
TABLE_HEAD = "#eef1f5"
TABLE_RULE = "#dcdcdc"


@dataclass
class Block:
    """Something that flows down a profile page: its height (device units) at the page's text width, how to
    draw it at (x, y), the layers its figures come from (for the page's footer) and whether it holds a map."""

    height: float
    draw: object  # callable(painter, x, y, width)
    layers: tuple[str, ...] = ()
    has_map: bool = False
    keep_with_next: bool = False
    space_after: float = 0.0


class ProfileDocument:
    """Builds the blocks of a profile PDF with one painter (for text measurements) and lays them out on pages."""

    def __init__(self, painter, width: float, height: float, dpi: float):
        self.p = painter
        self.k = units_per_point(dpi)
        self.width, self.height = width, height
        self.margin = 40 * self.k
        self.text_w = width - 2 * self.margin
        self.base = 9.0  # body text in points

    # -- text --------------------------------------------------------------------------------------------
    def font(self, scale: float = 1.0, bold: bool = False, italic: bool = False):
        return font(self.base * scale, bold, italic)

    def th(self, text: str, f, width: float) -> float:
        return text_height(self.p, text, f, width)

    def paragraph(self, text: str, scale: float = 1.0, colour: str = "#1b1b1b", italic: bool = False,
                  bold: bool = False, layers=(), space_after: float = 4.0, indent: float = 0.0,
                  keep_with_next: bool = False) -> Block:
        f = self.font(scale, bold, italic)
        ind = indent * self.k
        h = self.th(text, f, self.text_w - ind)

        def draw(p, x, y, w):
            draw_wrapped(p, text, f, x + ind, y, w - ind, colour)

        return Block(h, draw, tuple(layers), space_after=space_after * self.k, keep_with_next=keep_with_next)

    def heading(self, text: str, level: int = 1) -> Block:
        f = self.font(1.35 if level == 1 else 1.1, bold=True)
        h = self.th(text, f, self.text_w)
        rule = level == 1
        k = self.k

        def draw(p, x, y, w):
            draw_wrapped(p, text, f, x, y, w, ACCENT if level == 1 else "#1b1b1b")
            if rule:
                pen = QPen(QColor(ACCENT))
                pen.setWidthF(0.8 * k)
                p.setPen(pen)
                p.drawLine(QPointF(x, y + h + 2 * k), QPointF(x + w, y + h + 2 * k))

        return Block(h + (5 if rule else 2) * k, draw, keep_with_next=True, space_after=3 * k)

    def numbered(self, items: list[str], layers=()) -> list[Block]:
        """A numbered list: one block per item, so a long list can break between items."""
        f = self.font(0.95)
        fb = self.font(0.95, bold=True)
        ind = 14 * self.k
        out = []
        for i, text in enumerate(items, 1):
            h = self.th(text, f, self.text_w - ind)

            def draw(p, x, y, w, text=text, i=i, h=h):
                p.setFont(fb)
                p.setPen(QColor(ACCENT))
                p.drawText(QRectF(x, y, ind, h), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), f"{i}.")
                draw_wrapped(p, text, f, x + ind, y, w - ind)

            out.append(Block(h, draw, tuple(layers), space_after=4 * self.k))
        return out

    def table(self, headers, rows, widths, align=None, layers=(), muted_rows=(), scale: float = 0.9) -> Block:
        """A table: ``widths`` are shares of the text width; the first column wraps, the others are right-aligned
        unless ``align`` says 'l'. Rows whose index is in ``muted_rows`` are grey and italic (England's rows)."""
        k = self.k
        f, fb, fi = self.font(scale), self.font(scale * 0.95, bold=True), self.font(scale, italic=True)
        align = align or ["l"] + ["r"] * (len(headers) - 1)
        pad_x, pad_y = 4 * k, 2.6 * k
        total = sum(widths)
        cols = [w / total * self.text_w for w in widths]

        def row_h(cells, fnt):
            return max(self.th(str(c), fnt, cw - 2 * pad_x) for c, cw in zip(cells, cols, strict=True)) + 2 * pad_y

        head_h = row_h(headers, fb)
        heights = [row_h(r, fi if i in muted_rows else f) for i, r in enumerate(rows)]

        def draw(p, x, y, w):
            flags_l = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
            flags_r = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
            p.save()
            p.fillRect(QRectF(x, y, w, head_h), QColor(TABLE_HEAD))

            def cells(values, fnt, colour, yy, hh):
                p.setFont(fnt)
                p.setPen(QColor(colour))
                cx = x
                for v, cw, a in zip(values, cols, align, strict=True):
                    p.drawText(QRectF(cx + pad_x, yy + pad_y, cw - 2 * pad_x, hh), flags_l if a == "l" else flags_r,
                               str(v))
                    cx += cw

            cells(headers, fb, "#1b1b1b", y, head_h)
            yy = y + head_h
            pen = QPen(QColor(ACCENT))
            pen.setWidthF(0.7 * k)
            p.setPen(pen)
            p.drawLine(QPointF(x, yy), QPointF(x + w, yy))
            for i, (r, hh) in enumerate(zip(rows, heights, strict=True)):
                muted = i in muted_rows
                cells(r, fi if muted else f, "#5a5a5a" if muted else "#1b1b1b", yy, hh)
                yy += hh
                pen = QPen(QColor(TABLE_RULE))
                pen.setWidthF(0.4 * k)
                p.setPen(pen)
                p.drawLine(QPointF(x, yy), QPointF(x + w, yy))
            p.restore()

        return Block(head_h + sum(heights), draw, tuple(layers), space_after=5 * self.k)

    def bars(self, rows, here_label: str, england_label: str, layers=()) -> Block:
        """A bar chart of shares (0-100%): per row (label, here, England), a coloured bar for the place and a
        grey tick for England, with the value printed at the bar's end."""
        k = self.k
        f = self.font(0.85)
        fm = QFontMetricsF(f, self.p.device())
        label_w = max(fm.horizontalAdvance(r[0]) for r in rows) + 8 * k
        row_h = max(fm.height() + 5 * k, 14 * k)
        # the key: the place's swatch and name (wrapped: a long ward's name was cut mid-word), then England's
        # tick beside it, or under it where the two do not fit on one line
        here_w = self.text_w - 16 * k
        here_h = self.th(here_label, f, here_w)
        one_line = here_h <= fm.height() * 1.2 and (fm.horizontalAdvance(here_label) + fm.horizontalAdvance(
            england_label) + 46 * k <= self.text_w)
        key_h = (fm.height() if one_line else here_h + fm.height() + 2 * k) + 6 * k
        axis_h = fm.height() + 4 * k
        h = key_h + row_h * len(rows) + axis_h

        def draw(p, x, y, w):
            chart_x = x + label_w
            chart_w = w - label_w - 40 * k
            p.save()
            p.setFont(f)
            # key
            p.fillRect(QRectF(x, y + 2 * k, 12 * k, fm.height() - 4 * k), QColor(ACCENT))
            draw_wrapped(p, here_label, f, x + 16 * k, y, here_w)
            p.setFont(f)
            kx, ky = (x + 16 * k + fm.horizontalAdvance(here_label) + 16 * k, y) if one_line else (x - 6 * k,
                                                                                                 y + here_h + 2 * k)
            pen = QPen(QColor("#1b1b1b"))
            pen.setWidthF(1.6 * k)
            p.setPen(pen)
            p.drawLine(QPointF(kx + 6 * k, ky + 1 * k), QPointF(kx + 6 * k, ky + fm.height() - 1 * k))
            p.setPen(QColor("#1b1b1b"))
            p.drawText(QRectF(kx + 14 * k, ky, w, fm.height()), int(Qt.AlignmentFlag.AlignVCenter), england_label)
            yy = y + key_h
            # gridlines at 0, 25, 50, 75, 100%
            grid = QPen(QColor("#e4e4e4"))
            grid.setWidthF(0.5 * k)
            for t in (0, 25, 50, 75, 100):
                gx = chart_x + chart_w * t / 100
                p.setPen(grid)
                p.drawLine(QPointF(gx, yy), QPointF(gx, yy + row_h * len(rows)))
                p.setPen(QColor("#666666"))
                p.drawText(QRectF(gx - 20 * k, yy + row_h * len(rows) + 2 * k, 40 * k, fm.height()),
                           int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"{t}%")
            for label, here, england in rows:
                p.setPen(QColor("#1b1b1b"))
                p.drawText(QRectF(x, yy, label_w - 6 * k, row_h),
                           int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), label)
                if here is not None:
                    bw = chart_w * max(0.0, min(float(here), 100.0)) / 100
                    p.fillRect(QRectF(chart_x, yy + 3 * k, bw, row_h - 6 * k), QColor(ACCENT))
                    p.setPen(QColor("#1b1b1b"))
                    p.drawText(QRectF(chart_x + bw + 3 * k, yy, 40 * k, row_h), int(Qt.AlignmentFlag.AlignVCenter),
                               f"{here:.0f}%")
                if england is not None:
                    ex = chart_x + chart_w * max(0.0, min(float(england), 100.0)) / 100
                    halo = QPen(QColor("#ffffff"))
                    halo.setWidthF(3.2 * k)
                    p.setPen(halo)
                    p.drawLine(QPointF(ex, yy + 1 * k), QPointF(ex, yy + row_h - 1 * k))
                    pen = QPen(QColor("#1b1b1b"))
                    pen.setWidthF(1.6 * k)
                    p.setPen(pen)
                    p.drawLine(QPointF(ex, yy + 1 * k), QPointF(ex, yy + row_h - 1 * k))
                yy += row_h
            p.restore()

        return Block(h, draw, tuple(layers), space_after=6 * k)

    def caveats(self, texts, layers=()) -> list[Block]:
        return [self.paragraph(f"Caveat: {t}", 0.82, CAVEAT_INK, italic=True, layers=layers, space_after=2.5)
                for t in texts]

    def spacer(self, pt: float) -> Block:
        return Block(0, lambda *a: None, space_after=pt * self.k)


def _figure_layers(profile, ids) -> tuple[str, ...]:
    out: list[str] = []
    for i in ids:
        f = profile.figures.get(i)
        if f is not None:
            out += [x for x in f.layers if x not in out]
    return tuple(out)


def _profile_map_spec(profile):
    place = profile.place
    where = place.codes[0] if place.kind == "la" and len(place.codes) == 1 else place.name
    return MapSpec(place=where, level="lsoa", layer="imd2019", classification=Classification("national_deciles", 10))


def hotspot_scene(profile):
    """A MapScene of the profile's hot spots: each neighbourhood coloured by its class (hot spot, cold spot, ...),
    with the place's local authorities outlined. None when the profile has no hot spots."""
    h = profile.hotspots
    if h is None or len(h.table) == 0:
        return None
    f = h.table  # codes and classes: the boundaries come from RenderGeometry
    geo = RenderGeometry.for_set(h.boundary_set)
    rows = geo.rows(f["code"].to_numpy(dtype=object))
    geo.ensure_paths(rows[rows >= 0])
    order = {s: i for i, s in enumerate(SPOT_CLASSES)}
    classes = np.array([order[s] for s in f["spot"]], dtype=np.int64)
    classified = SimpleNamespace(classes=classes, colours=[SPOT_COLOURS[s] for s in SPOT_CLASSES],
                                 scheme="hotspots", bins=[], legend=[], note=None)
    layer = get_layer(h.layer_id)
    data = SimpleNamespace(place=profile.place, layer=layer, note=None, period=layer.period,
                           frame={"code": Column(f["code"].to_numpy(dtype=object))})
    return MapScene(data, classified, geo, rows, build_outlines(profile.place, h.boundary_set), None)


#: the width of a map's legend beside it, in points
MAP_LEGEND_PT = 165


def _map_block(doc: ProfileDocument, scene, height: float, legend, layers, caption: str | None = None) -> Block:
    """A framed map (scale bar, north arrow) on the left and its legend on the right; ``legend(p, rect)``."""
    k = doc.k
    legend_w = MAP_LEGEND_PT * k
    gap = 12 * k

    def draw(p, x, y, w):
        box = Box(x, y, w - legend_w - gap, height)
        lay = PageLayout(Box(0, 0, doc.width, doc.height), box, box, box, box, k, doc.base, True)
        p.save()
        paint_framed_map(p, scene, lay)
        p.restore()
        paint_map_furniture(p, scene, lay)
        legend(p, Box(box.right + gap, y, legend_w, height).qrect())

    return Block(height, draw, tuple(layers), has_map=True, space_after=6 * k)


def _hotspot_legend(doc: ProfileDocument, hotspots):
    def legend(p, rect):
        k = doc.k
        y = draw_wrapped(p, "Deprivation hot spots", doc.font(1.0, bold=True), rect.x(), rect.y(), rect.width())
        y = draw_wrapped(p, f"IMD 2019 score, {hotspots.method_title}, p < {hotspots.alpha:g}; count of "
                         "neighbourhoods", doc.font(0.8), rect.x(), y + 1 * k, rect.width(), "#555555") + 5 * k
        f = doc.font(0.9)
        row = 13 * k
        for label, colour, count in hotspots.legend():
            p.setPen(QPen(QColor("#777777"), 0.5 * k))
            p.setBrush(QColor(colour))
            p.drawRect(QRectF(rect.x(), y + 2 * k, 18 * k, row - 4 * k))
            p.setFont(f)
            p.setPen(QColor("#1b1b1b"))
            p.drawText(QRectF(rect.x() + 24 * k, y, rect.width() - 60 * k, row),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label)
            p.drawText(QRectF(rect.right() - 40 * k, y, 40 * k, row),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), f"{count:,}")
            y += row
        y += 6 * k
        draw_wrapped(p, "Hot spot: a neighbourhood that, with its neighbours, is significantly more deprived than "
                     f"{hotspots.place_name} as a whole; cold spot: significantly less deprived.", doc.font(0.8),
                     rect.x(), y, rect.width(), "#555555")

    return legend


def _decile_legend(doc: ProfileDocument, scene):
    """The map's legend, drawn in ``rect`` (or, with ``draw=False``, measured: the height it needs)."""
    def legend(p, rect, draw: bool = True) -> float:
        md = scene.data
        return paint_legend(p, rect, scene.classified, scene.layer, title=scene.layer.title, note=md.note,
                            period=md.period, font=doc.font(0.8), counts=True, source=False, draw=draw)

    return legend


def profile_blocks(doc: ProfileDocument, profile, sentences, first_page_room) -> tuple[list, list]:
    """(page-1 blocks, blocks of the pages after it). ``first_page_room(blocks)``: the height left on page 1
    under those blocks, for the map."""
    k = doc.k
    name = profile.name
    first: list[Block] = []
    first.append(doc.paragraph(f"Place profile: {name}", 2.3, bold=True, space_after=3))
    first.append(doc.paragraph(f"{profile.place.description[0].upper()}{profile.place.description[1:]}  ·  "
                               f"{today_text()}", 1.1, "#555555", space_after=2))
    first.append(doc.paragraph(residents_line(profile), 1.0, "#555555", layers=_figure_layers(
        profile, ["residents", "lsoa11.count"]), space_after=10))
    first.append(doc.heading("So what"))
    used = [fid for s in sentences for fid in s.figure_ids]
    first += doc.numbered([s.text for s in sentences], _figure_layers(profile, used)) or [
        doc.paragraph("There are no figures to describe for this place.")]
    first.append(doc.spacer(4))
    # the IMD 2019 map fills what is left of page 1 (or opens page 2 when the summary leaves too little room)
    spec = _profile_map_spec(profile)
    scene = scene_for(spec)
    map_head = doc.heading("Deprivation by neighbourhood: IMD 2019, national deciles", level=2)
    room = first_page_room([*first, map_head, Block(0, None, ("imd2019",), has_map=True)])
    legend = _decile_legend(doc, scene)
    # never shorter than its legend beside it (a long note under the classes), which would run into the text below
    least = legend(doc.p, QRectF(0, 0, MAP_LEGEND_PT * k, doc.height), draw=False)
    min_map = max(200 * k, least)
    map_h = room - 8 * k if room - 8 * k >= min_map else max(380 * k, least)
    map_blocks = [map_head, _map_block(doc, scene, map_h, legend, ("imd2019",))]
    rest: list[Block] = []
    if room - 8 * k >= min_map:
        first += map_blocks
    else:
        rest += map_blocks

    caveats: dict[str, list[str]] = {}
    for topic, text in profile.caveats:
        caveats.setdefault(topic, []).append(text)
    shown_topics: set[str] = set()

    def topic_caveats(topic, layers):
        shown_topics.add(topic)
        return doc.caveats(caveats.get(topic, []), layers)

    # deprivation
    dep_ids = [i for i in profile.figures if i.startswith(("imd2019.", "imd2025.")) or i in ("residents",)]
    dep_layers = _figure_layers(profile, dep_ids) or ("imd2019", "imd2025")
    rows = deprivation_rows(profile)
    rest.append(doc.heading("Deprivation"))
    rest.append(doc.table(("", "IoD 2019", "IoD 2025"), rows, (3.2, 1.2, 1.2), layers=dep_layers,
                          muted_rows={i for i, r in enumerate(rows) if r[0].startswith("  ")}))
    rest += topic_caveats("Deprivation", dep_layers)
    # domains
    drows = domain_rows(profile)
    if drows:
        dom_layers = tuple(dict.fromkeys(r["layer"] for e in EDITIONS for r in profile.domain_table(e)))
        rest.append(doc.spacer(6))
        rest.append(doc.heading("Which domains drive deprivation"))
        rest.append(doc.paragraph("Share of residents living in England's most deprived 20% of neighbourhoods on "
                                  "each domain of the indices, here and across England.", 0.9, "#444444",
                                  space_after=4, keep_with_next=True))
        edition = "2025" if profile.domain_table("2025") else "2019"
        chart = [(r["title"][0].upper() + r["title"][1:], r["resident_share"], r["england_resident_share"])
                 for r in profile.domain_table(edition)]
        rest.append(doc.bars(chart, f"{name} (IoD {edition})", f"England (IoD {edition})", dom_layers))
        rest.append(doc.table(("Domain", "Here 2019", "England 2019", "Here 2025", "England 2025"), drows,
                              (2.6, 1, 1, 1, 1), layers=dom_layers))
    # life expectancy, air quality, insecure work (the text format's sections), hot spots come later
    # the official life expectancy section comes first; its caveats print once, after the MSOA section
    topics = {k: (None if "official" in k else "Life expectancy" if k.startswith("Life expectancy") else k)
              for k in SECTION_FIGURES if k != "Hot spots and cold spots"}
    for section, topic in topics.items():
        figs = [profile.figures[i] for i in SECTION_FIGURES[section] if i in profile.figures]
        if not figs:
            continue
        lay = _figure_layers(profile, [f.id for f in figs])
        rest.append(doc.spacer(6))
        rest.append(doc.heading(section))
        coincide = coincide_sentence(profile) if section == COINCIDE_SECTION else None
        if coincide is not None:  # the section opens with its paragraph
            rest.append(doc.paragraph(coincide.text, layers=lay, space_after=4, keep_with_next=True))
        rows = [(f.label, f.display()) for f in figs]
        rest.append(doc.table(("", "Value"), rows, (4.4, 1.0), layers=lay,
                              muted_rows={i for i, f in enumerate(figs) if "england" in f.id or "cheshire" in f.id}))
        if topic is not None:
            rest += topic_caveats(topic, lay)
    # neighbourhoods
    nb_first = True
    for edition in EDITIONS:
        label = EDITIONS[edition]["label"]
        for which, words in (("most_deprived", "Most deprived"), ("least_deprived", "Least deprived")):
            items = getattr(profile, which).get(edition, [])
            if not items:
                continue
            if nb_first:
                rest.append(doc.spacer(6))
                rest.append(doc.heading("The most and least deprived neighbourhoods"))
                rest.append(doc.paragraph("Rank among England's neighbourhoods (1 = most deprived) and national "
                                          "decile (1 = most deprived 10%).", 0.9, "#444444", space_after=4,
                                          keep_with_next=True))
                nb_first = False
            rest.append(doc.heading(f"{words} five ({label})", level=2))
            rows = [(n.label, n.code, n.lad_name, f"{n.rank:,}", str(n.decile), f"{n.score:.1f}") for n in items]
            rest.append(doc.table(("Neighbourhood", "Code", "Local authority", "Rank", "Decile", "Score"), rows,
                                  (1.5, 1.3, 1.9, 0.9, 0.7, 0.7), align=["l", "l", "l", "r", "r", "r"],
                                  layers=(EDITIONS[edition]["layer"],)))
    # hot spots
    hs = hotspot_scene(profile)
    if hs is not None:
        h = profile.hotspots
        rest.append(doc.spacer(6))
        rest.append(doc.heading("Hot spots and cold spots"))
        rest.append(doc.paragraph(h.description(), 0.9, "#444444", layers=(h.layer_id,), space_after=5,
                                  keep_with_next=True))
        hs_h = min(360 * k, max(240 * k, doc.text_w * 0.62))
        rest.append(_map_block(doc, hs, hs_h, _hotspot_legend(doc, h), (h.layer_id,)))
        for n in h.notes:
            rest.append(doc.paragraph(n, 0.82, "#444444", space_after=2.5))
        rest += topic_caveats("Hot spots", (h.layer_id,))
    other = [(t, c) for t, c in profile.caveats if t not in shown_topics]
    if other:
        rest.append(doc.spacer(6))
        rest.append(doc.heading("Other caveats"))
        rest += doc.caveats([f"{t}: {c}" for t, c in other])
    if profile.notes:
        rest.append(doc.spacer(6))
        rest.append(doc.heading("How the figures were made"))
        rest += [doc.paragraph(f"• {n}", 0.85, space_after=2.5) for n in dict.fromkeys(profile.notes)]
    return first, rest


def _page_footer_lines(layers, has_map: bool) -> list[str]:
    lines = source_lines([get_layer(x) for x in dict.fromkeys(layers)])
    if has_map:
        lines.append(boundary_attribution())
    return lines


def _flow(doc: ProfileDocument, profile, first: list[Block], rest: list[Block], room, top: float) -> list[list[Block]]:
    """Page 1 as built; the rest flowed onto pages from ``top`` down, keeping headings with what follows them;
    the sources last (on the last page, or a page of their own). ``room(blocks, top)``: the height left under
    ``blocks``."""
    pages = [first]
    current: list[Block] = []
    i = 0
    while i < len(rest):
        group = [rest[i]]
        while group[-1].keep_with_next and i + len(group) < len(rest):
            group.append(rest[i + len(group)])
        if current and room(current + group, top) < 0:
            pages.append(current)
            current = []
        current += group
        i += len(group)
    if current:
        pages.append(current)
    src = [doc.spacer(6), doc.heading("Sources and licences")]
    src += [doc.paragraph(s, 0.8, "#333333", space_after=2.5) for s in [*all_sources(profile),
                                                                        boundary_attribution()]]
    if room(pages[-1] + src, top) >= 0 and len(pages) > 1:
        pages[-1] += src
    else:
        pages.append(src[1:])
    return pages


def paint_profile(p, size: PageSize, new_page, profile, sentences) -> None:
    """Paint a place profile (``placeviz.analysis.profile.place_profile``) and its so-what sentences
    (``placeviz.analysis.narrative.so_what``) on pages of ``size``; ``new_page()`` starts each page after the
    first (``placeviz.render.devices.paint_pdf``)."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    doc = ProfileDocument(p, size.width, size.height, size.dpi)
    k = doc.k
    foot_font = doc.font(0.7)
    run_font = doc.font(0.8)
    run_h = doc.th("Place profile", run_font, doc.text_w) + 8 * k  # pages 2+

    def footer_h(layers, has_map) -> float:
        h = 6 * k
        for line in _page_footer_lines(layers, has_map):
            h += doc.th(line, foot_font, doc.text_w) + 1.2 * k
        return h + doc.th("Page 1 of 1", foot_font, doc.text_w)

    def room(blocks, top) -> float:
        layers = [x for b in blocks for x in b.layers]
        used = sum(b.height + b.space_after for b in blocks)
        return doc.height - doc.margin - footer_h(layers, any(b.has_map for b in blocks)) - top - used

    first, rest = profile_blocks(doc, profile, sentences, lambda blocks: room(blocks, doc.margin))
    pages = _flow(doc, profile, first, rest, room, doc.margin + run_h)
    n = len(pages)
    title = f"Place profile: {profile.name}"
    for pi, blocks in enumerate(pages):
        if pi:
            new_page()
        p.fillRect(QRectF(0, 0, doc.width, doc.height), QColor("#ffffff"))
        x, y = doc.margin, doc.margin
        if pi:  # running header
            draw_wrapped(p, title, run_font, x, y, doc.text_w, MUTED)
            p.setFont(run_font)
            p.drawText(QRectF(x, y, doc.text_w, run_h), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                       today_text())
            pen = QPen(QColor(RULE))
            pen.setWidthF(0.6 * k)
            p.setPen(pen)
            p.drawLine(QPointF(x, y + run_h - 4 * k), QPointF(x + doc.text_w, y + run_h - 4 * k))
            y += run_h
        for b in blocks:
            b.draw(p, x, y, doc.text_w)
            y += b.height + b.space_after
        # footer: the sources of this page, then the page number
        layers = [x for b in blocks for x in b.layers]
        lines = _page_footer_lines(layers, any(b.has_map for b in blocks))
        fy = doc.height - doc.margin - footer_h(layers, any(b.has_map for b in blocks))
        pen = QPen(QColor(RULE))
        pen.setWidthF(0.6 * k)
        p.setPen(pen)
        p.drawLine(QPointF(x, fy), QPointF(x + doc.text_w, fy))
        fy += 4 * k
        for line in lines:
            fy = draw_wrapped(p, line, foot_font, x, fy, doc.text_w, MUTED) + 1.2 * k
        p.setFont(foot_font)
        p.setPen(QColor(MUTED))
        lh = doc.th("Page 1", foot_font, doc.text_w) + 1
        p.drawText(QRectF(x, fy, doc.text_w, lh), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                   f"{title}. Made with placeviz on {today_text()}.")
        p.drawText(QRectF(x, fy, doc.text_w, lh), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                   f"Page {pi + 1} of {n}")
