"""The print layout: one page with a map and everything a reader of a council report needs around it.

A page has a header (title, subtitle), the map in a frame (with a scale bar and a north arrow), a side panel
(the legend, caveats and notes, and in an atlas a short profile of the area) and a footer (every source and
licence, the boundaries' attribution, and the date). Everything is drawn with QPainter, so the same code
writes a QImage (PNG), a QSvgGenerator (SVG: vector paths and text) and a QPdfWriter (PDF).

Sizes are worked out in points (1/72 inch) and drawn in device units: ``k`` device units per point, which is
``dpi / 72`` for every device, because each device here is given the export's resolution. Fonts are sized in
points, which Qt converts with the device's resolution, so text has the same physical size on every device.
The map itself is drawn by ``placeviz.render.scene.paint_map``, the painter of the desktop canvas.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from placeviz.render.scene import extent_transform, paint_legend, paint_map, paint_north_arrow

#: paper sizes in millimetres, portrait (width, height)
PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = ("portrait", "landscape")
MM_PER_INCH = 25.4
PT_PER_INCH = 72.0

INK = "#1b1b1b"
MUTED = "#555555"
RULE = "#b8b8b8"
FRAME = "#8c8c8c"
CAVEAT_INK = "#7a4b00"


# -- page geometry ----------------------------------------------------------------------------------------

def paper_size_mm(paper: str, orientation: str = "landscape") -> tuple[float, float]:
    """(width, height) of an A4 or A3 page in millimetres, in the given orientation."""
    key = str(paper).upper()
    if key not in PAPER_MM:
        raise ValueError(f"Unknown paper size {paper!r}: use {' or '.join(PAPER_MM)}.")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"Unknown orientation {orientation!r}: use portrait or landscape.")
    w, h = PAPER_MM[key]
    return (h, w) if orientation == "landscape" else (w, h)


def paper_size_px(paper: str, orientation: str, dpi: float) -> tuple[int, int]:
    """The pixel size of a page printed at ``dpi`` (A4 landscape at 150 dpi: 1754 x 1240)."""
    w, h = paper_size_mm(paper, orientation)
    return round(w / MM_PER_INCH * dpi), round(h / MM_PER_INCH * dpi)


def units_per_point(dpi: float) -> float:
    return float(dpi) / PT_PER_INCH


# -- scale bar --------------------------------------------------------------------------------------------

def nice_scale_length(max_metres: float) -> float:
    """The longest 'round' length not over ``max_metres``: 1, 2 or 5 times a power of ten metres
    (so 1 km, 2 km, 5 km, 10 km, 20 km, 50 km, 100 km ...)."""
    if not max_metres > 0 or not math.isfinite(max_metres):
        return 0.0
    mag = 10.0 ** math.floor(math.log10(max_metres))
    for m in (5.0, 2.0, 1.0):
        if m * mag <= max_metres * (1 + 1e-9):
            return m * mag
    return mag


def format_distance(metres: float) -> str:
    """'500 m', '1 km', '2.5 km', '100 km'."""
    if metres >= 1000:
        km = metres / 1000
        return f"{km:g} km" if km < 1000 else f"{km:,.0f} km"
    return f"{metres:g} m"


@dataclass(frozen=True)
class ScaleBar:
    metres: float  # the whole bar
    width: float  # device units
    segments: int  # alternating dark and light blocks
    labels: tuple[tuple[float, str], ...]  # (offset in device units from the left end, text)


def scale_bar(units_per_metre: float, max_width: float) -> ScaleBar | None:
    """A scale bar no wider than ``max_width`` device units at ``units_per_metre``, with a round length
    in km (or m below 1 km), cut into blocks at round lengths and labelled at 0, the middle and the end."""
    if units_per_metre <= 0 or max_width <= 0:
        return None
    metres = nice_scale_length(max_width / units_per_metre)
    if metres <= 0:
        return None
    width = metres * units_per_metre
    lead = round(metres / 10 ** math.floor(math.log10(metres)))
    segments = {1: 4, 2: 4, 5: 5}.get(lead, 4)
    labels = [(0.0, "0"), (width, format_distance(metres))]
    if segments == 4:
        labels.insert(1, (width / 2, format_distance(metres / 2).replace(" km", "").replace(" m", "")))
    return ScaleBar(metres, width, segments, tuple(labels))


# -- what goes on a page ------------------------------------------------------------------------------------

@dataclass
class PageText:
    """The words around a map: everything but the map and its legend."""

    title: str
    subtitle: str = ""
    sources: list[str] = field(default_factory=list)  # one line per source (layer.source_line())
    attribution: str = ""  # the boundaries' licence attribution
    caveats: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. the map's level note
    date_text: str = ""
    figures: list[tuple[str, str]] = field(default_factory=list)  # atlas: (label, value)
    sentences: list[str] = field(default_factory=list)  # atlas: the plain-English summary
    figures_title: str = ""
    page_label: str = ""  # "Page 2 of 11"

    def footer_lines(self) -> list[str]:
        lines = list(dict.fromkeys(s for s in self.sources if s))
        if self.attribution:
            lines.append(self.attribution)
        return lines


def today_text(d: date | None = None) -> str:
    d = d or date.today()
    return f"{d.day} {d.strftime('%B %Y')}"


def source_lines(layers) -> list[str]:
    """Each layer's source and licence line, once each, in order."""
    out: list[str] = []
    for layer in layers:
        line = layer.source_line()
        if layer.dataset.licence and layer.dataset.licence not in line:
            line += f" Licence: {layer.dataset.licence}."
        if line not in out:
            out.append(line)
    return out


# -- layout -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def qrect(self):
        return QRectF(self.x, self.y, self.w, self.h)


@dataclass(frozen=True)
class PageLayout:
    """Where each part of a page goes, in device units; ``k`` device units per point."""

    page: Box
    header: Box
    map: Box
    panel: Box
    footer: Box
    k: float
    base_pt: float  # body text size in points
    portrait: bool


def base_font_pt(width_pt: float, height_pt: float) -> float:
    """Body text size for a page: about 9.5 pt on A4 and a 1600 x 1200 image at 150 dpi, more on A3."""
    return max(7.0, min(12.0, min(width_pt, height_pt) / 60.0))


def compute_layout(width: float, height: float, dpi: float, header_pt: float, footer_pt: float,
                   panel_share: float = 0.27, panel_h: float = 0.0) -> PageLayout:
    """Split a page of width x height device units into header, map, side panel and footer.

    ``header_pt`` and ``footer_pt`` are the heights their text needs (in points). Landscape pages put the
    panel at the right of the map; portrait pages put it under the map, at least ``panel_h`` device units tall
    where the map keeps 40% of the body (a legend of ten classes on a small portrait image).
    """
    k = units_per_point(dpi)
    wpt, hpt = width / k, height / k
    base = base_font_pt(wpt, hpt)
    margin = max(14.0, min(wpt, hpt) * 0.04) * k
    gap = base * 1.2 * k
    inner_w = width - 2 * margin
    page = Box(0, 0, width, height)
    header = Box(margin, margin, inner_w, header_pt * k)
    footer_h = footer_pt * k
    footer = Box(margin, height - margin - footer_h, inner_w, footer_h)
    body_top = header.bottom + gap
    body_h = max(footer.y - gap - body_top, height * 0.2)
    portrait = height > width * 1.05
    if portrait:
        map_h = body_h * (0.7 if panel_share < 0.35 else 0.58)
        map_h = max(min(map_h, body_h - gap - panel_h), body_h * 0.4)
        mp = Box(margin, body_top, inner_w, map_h)
        panel = Box(margin, mp.bottom + gap, inner_w, max(body_h - map_h - gap, 0))
    else:
        panel_w = min(max(inner_w * panel_share, 150 * k), inner_w * 0.45)
        mp = Box(margin, body_top, inner_w - panel_w - gap, body_h)
        panel = Box(mp.right + gap, body_top, panel_w, body_h)
    return PageLayout(page, header, mp, panel, footer, k, base, portrait)


# -- fonts and text -------------------------------------------------------------------------------------------

def font(pt: float, bold: bool = False, italic: bool = False):
    f = QFont()
    f.setFamilies(["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Sans Serif"])
    f.setPointSizeF(pt)
    f.setBold(bold)
    f.setItalic(italic)
    no_ligatures(f)
    return f


def no_ligatures(f):
    """Turn off ligatures, so text copied or searched in a PDF reads 'Office', not 'Oﬃce'."""
    if hasattr(f, "setFeature") and hasattr(QFont, "Tag"):  # Qt 6.7 and later
        f.setFeature(QFont.Tag("liga"), 0)
    return f




def _wrap_flags() -> int:
    return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)


#: heights already measured, by text, font, width and device: a page measures each block to lay it out, then
#: again to draw it (691 measurements, 311 different, for a profile PDF)
_HEIGHTS: dict = {}


def text_height(painter, text: str, f, width: float) -> float:
    """Height of ``text`` wrapped to ``width`` device units in font ``f`` on the painter's device."""
    device = painter.device()
    key = (text, f.key(), width, type(device).__name__, device.logicalDpiX(), device.logicalDpiY())
    h = _HEIGHTS.get(key)
    if h is None:
        if len(_HEIGHTS) > 20_000:  # a long session: start again rather than grow
            _HEIGHTS.clear()
        fm = QFontMetricsF(f, device)
        h = _HEIGHTS[key] = fm.boundingRect(QRectF(0, 0, width, 1e7), _wrap_flags(), text).height()
    return h


#: endings of English place names before which a word too wide for its line breaks first ("Nottingham-shire")
NAME_ENDINGS = ("shire", "hampton", "borough", "brough", "minster", "bridge", "field", "land", "ford", "pool")
#: a word's head, one of those endings, then only a possessive or punctuation
_ENDING = re.compile(rf"^(.*\w{{3}})({'|'.join(NAME_ENDINGS)})((?:'s)?[,;.:)]*)$", re.IGNORECASE)
SOFT_HYPHEN = "\u00ad"
_LETTERS = re.compile(r"\w*")


def break_long_words(painter, text: str, f, width: float, letters: bool = True) -> str:
    """``text`` with soft hyphens in each word wider than ``width`` (device units) in font ``f``: before a place
    name's ending where both parts fit ("Nottingham-shire's:"), else (``letters``) after as many letters as fit
    with the hyphen ("(Birming-ham's:"). Qt breaks a word there, and shows the hyphen, only where it does not
    fit its line; a word that fits a line of its own has none, and moves to the next line whole. A hyphenated
    name is taken a part at a time (Qt breaks after its own hyphens), and a part with a digit is never broken."""
    fm = QFontMetricsF(f, painter.device())

    def fits(s: str) -> bool:
        return fm.horizontalAdvance(s) <= width

    def broken(part: str) -> str:
        if fits(part) or any(c.isdigit() for c in part):
            return part
        m = _ENDING.match(part)
        if m and fits(m.group(2) + m.group(3)):  # the ending whole; its head broken too where it must be
            head = m.group(1) if fits(m.group(1) + "-") or not letters else between_letters(m.group(1) + "-")[:-1]
            return f"{head}{SOFT_HYPHEN}{m.group(2)}{m.group(3)}"
        return between_letters(part) if letters else part

    def between_letters(part: str) -> str:
        pieces, rest = [], part
        while not fits(rest):
            # two letters at least before the break and three after it ("(Birming-ham's:", not "Birmingha-m's:")
            n = max((k for k in range(2, len(rest)) if len(_LETTERS.match(rest, k).group()) >= 3
                     and sum(c.isalpha() for c in rest[:k]) >= 2 and fits(rest[:k] + "-")), default=0)
            if n == 0:  # not even two letters fit: the line is cut, as it would be anyway
                break
            pieces.append(rest[:n])
            rest = rest[n:]
        return SOFT_HYPHEN.join([*pieces, rest])

    return " ".join(word if fits(word) else "".join(broken(p) for p in re.split(r"(?<=-)", word))
                    for word in text.split(" "))


def narrowest_pieces(text: str) -> list[str]:
    """The least a line of ``text`` may hold: a word, or the part of one up to a hyphen, soft (then shown) or
    not, where Qt may break it."""
    return [piece + ("-" if i < len(parts) - 1 and not piece.endswith("-") else "")
            for word in text.split() for parts in [re.split(f"(?<=-)|{SOFT_HYPHEN}", word)]
            for i, piece in enumerate(parts) if piece]


def draw_wrapped(painter, text: str, f, x: float, y: float, width: float, colour: str = INK,
                 max_bottom: float | None = None) -> float:
    """Draw ``text`` wrapped at ``width`` from (x, y); returns the y below it. Text that would pass
    ``max_bottom`` is not drawn (and y is returned unchanged)."""
    h = text_height(painter, text, f, width)
    if max_bottom is not None and y + h > max_bottom + 0.5:
        return y
    painter.setFont(f)
    painter.setPen(QColor(colour))
    painter.drawText(QRectF(x, y, width, h + 1), _wrap_flags(), text)
    return y + h


# -- painting -------------------------------------------------------------------------------------------------

def _header_pt(painter, text: PageText, width: float, k: float, base: float) -> float:
    h = text_height(painter, text.title, font(base * 1.9, bold=True), width) / k
    if text.subtitle:
        h += base * 0.35 + text_height(painter, text.subtitle, font(base * 1.15), width) / k
    return h + base * 0.6  # the rule under the header


def _footer_pt(painter, text: PageText, width: float, k: float, base: float) -> float:
    f = font(base * 0.78)
    h = base * 0.6  # the rule above the footer
    for line in text.footer_lines():
        h += text_height(painter, line, f, width) / k + base * 0.12
    h += text_height(painter, "Made with placeviz", f, width) / k
    return h


def layout_for(painter, text: PageText, width: float, height: float, dpi: float, scene=None) -> PageLayout:
    """The layout of a page whose header and footer fit ``text``, and, on a portrait page, whose panel under
    the map holds ``scene``'s legend (it ran over the sources of an 800 x 1200 image of England's deciles)."""
    k = units_per_point(dpi)
    base = base_font_pt(width / k, height / k)
    margin = max(14.0, min(width / k, height / k) * 0.04) * k
    inner = width - 2 * margin
    header_pt, footer_pt = _header_pt(painter, text, inner, k, base), _footer_pt(painter, text, inner, k, base)
    share = 0.4 if text.figures or text.sentences else 0.3
    lay = compute_layout(width, height, dpi, header_pt, footer_pt, panel_share=share)
    if lay.portrait and scene is not None:
        need = _panel_legend(painter, scene, text, _panel_columns(lay)[0], lay, draw=False)
        if need > lay.panel.h:
            lay = compute_layout(width, height, dpi, header_pt, footer_pt, panel_share=share, panel_h=need)
    return lay


def paint_page(painter, scene, text: PageText, lay: PageLayout, extent=None, labels: bool | None = None) -> list:
    """Draw one page: header, the scene's map with its scale bar and north arrow, the side panel (legend,
    caveats, notes, figures, sentences) and the footer. Returns the map's labels (``render.labels.Label``)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    white = QColor("#ffffff")
    painter.fillRect(lay.page.qrect(), white)
    paint_framed_map(painter, scene, lay, extent, labels=False)
    # white over everything outside the map frame: QSvgGenerator ignores clipping, so without this the
    # map's neighbours would spill across the SVG page (the other devices clip and are unchanged)
    pg, m = lay.page, lay.map
    for x, y, w, h in ((pg.x, pg.y, pg.w, m.y - pg.y), (pg.x, m.bottom, pg.w, pg.bottom - m.bottom),
                       (pg.x, m.y, m.x - pg.x, m.h), (m.right, m.y, pg.right - m.right, m.h)):
        if w > 0 and h > 0:
            painter.fillRect(Box(x, y, w, h).qrect(), white)
    # header first among the words, so a PDF's text reads in order: title, legend, figures, sources
    paint_header(painter, text, lay)
    # the map's names next (text, so after the title in a PDF's reading order), then the legend
    drawn = []
    if labels is not False:
        drawn = paint_map(painter, scene, lay.map.qrect(), transform=map_transform(scene, lay.map, extent),
                          labels=True, background=False, highlights=False, parts=("labels",), line_unit=lay.k,
                          avoid=furniture_boxes(scene, lay, extent))
    paint_panel(painter, scene, text, lay)
    paint_footer(painter, text, lay)
    paint_map_furniture(painter, scene, lay, extent)
    return drawn


def paint_header(painter, text: PageText, lay: PageLayout) -> None:
    k, base, hb = lay.k, lay.base_pt, lay.header
    y = draw_wrapped(painter, text.title, font(base * 1.9, bold=True), hb.x, hb.y, hb.w)
    if text.subtitle:
        y += base * 0.35 * k
        draw_wrapped(painter, text.subtitle, font(base * 1.15), hb.x, y, hb.w, MUTED)
    pen = QPen(QColor(RULE))
    pen.setWidthF(0.8 * k)
    painter.setPen(pen)
    painter.drawLine(QPointF(hb.x, hb.bottom), QPointF(hb.right, hb.bottom))


def map_transform(scene, box: Box, extent=None):
    """The QTransform (metres to device units) that fits the map's extent into ``box``."""
    return extent_transform(box.qrect(), extent or scene.extent(), margin=0.025)


def paint_framed_map(painter, scene, lay: PageLayout, extent=None, labels: bool | None = None, parts=None,
                     background: bool = True) -> None:
    """The map itself, clipped to the map box (``paint_map_furniture`` adds the arrow, scale and frame);
    ``parts`` and ``background`` as ``paint_map``'s."""
    box = lay.map
    transform = map_transform(scene, box, extent)
    # (local-authority names only where a map has 40 or fewer: placeviz.render.labels; towns always)
    many = len(scene.rows) > 4000  # England: batched fills, no 33k per-area paths to build
    paint_map(painter, scene, box.qrect(), transform=transform, labels=labels, highlights=False, batch_fills=many,
              line_unit=lay.k, avoid=furniture_boxes(scene, lay, extent), parts=parts, background=background)


def furniture_boxes(scene, lay: PageLayout, extent=None) -> list:
    """The device boxes of the map box's north arrow and scale bar (as ``paint_map_furniture`` draws them),
    which map names keep clear of."""
    box, k = lay.map, lay.k
    size = max(lay.base_pt * 3.2, 22) * k
    out = [QRectF(box.right - size * 0.85 - 14 * k, box.y, size * 0.85 + 14 * k, size + 14 * k)]
    transform = map_transform(scene, box, extent)
    bar = scale_bar(abs(transform.m11()), box.w * 0.22)
    if bar is not None:
        w, h = bar.width + 60 * k, lay.base_pt * 0.8 * k * 1.6 + 34 * k
        corner = emptier_corner(scene, transform, box, bar.width + 40 * k, 30 * k)
        x0 = box.x if corner == "left" else box.right - w
        out.append(QRectF(x0, box.bottom - h, w, h))
    return out


def paint_map_furniture(painter, scene, lay: PageLayout, extent=None) -> None:
    """North arrow, scale bar and frame of the map box."""
    box = lay.map
    transform = map_transform(scene, box, extent)
    k = lay.k
    # north arrow, top right
    size = max(lay.base_pt * 3.2, 22) * k
    na = QRectF(box.right - size * 0.85 - 8 * k, box.y + 8 * k, size * 0.7, size)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(na.adjusted(-4 * k, -3 * k, 4 * k, 3 * k), 3 * k, 3 * k)
    painter.restore()
    paint_north_arrow(painter, na)
    # scale bar, in whichever bottom corner hides less of the map
    ppm = abs(transform.m11())
    bar = scale_bar(ppm, box.w * 0.22)
    corner = "left"
    if bar is not None:
        corner = emptier_corner(scene, transform, box, bar.width + 40 * k, 30 * k)
    paint_scale_bar(painter, box, ppm, lay, corner)
    # frame
    pen = QPen(QColor(FRAME))
    pen.setWidthF(0.75 * k)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(box.qrect())


def emptier_corner(scene, transform, box: Box, width: float, height: float) -> str:
    """'left' or 'right': the bottom corner of the map box (width x height device units) that covers
    fewer of the scene's areas, so the scale bar hides as little of the map as it can."""
    inv, _ = transform.inverted()
    rows = scene.rows[scene.rows >= 0]
    b = scene.geometry.bounds[rows]
    cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2

    def count(x0: float) -> int:
        p0 = inv.map(QPointF(x0, box.bottom - height))
        p1 = inv.map(QPointF(x0 + width, box.bottom))
        xs, ys = sorted((p0.x(), p1.x())), sorted((p0.y(), p1.y()))
        return int(np.count_nonzero((cx >= xs[0]) & (cx <= xs[1]) & (cy >= ys[0]) & (cy <= ys[1])))

    return "right" if count(box.right - width) < count(box.x) else "left"


def paint_scale_bar(painter, box: Box, units_per_metre: float, lay: PageLayout, corner: str = "left"
                    ) -> ScaleBar | None:
    """A print scale bar in a bottom corner ('left' or 'right') of the map box; returns what it drew."""
    k = lay.k
    bar = scale_bar(units_per_metre, box.w * 0.22)
    if bar is None or bar.width < 20 * k:
        return None
    f = font(lay.base_pt * 0.8)
    fm = QFontMetricsF(f, painter.device())
    pad = 6 * k
    bar_h = 4.5 * k
    last_w = fm.horizontalAdvance(bar.labels[-1][1])
    x0 = box.x + pad + 6 * k
    if corner == "right":
        x0 = box.right - pad - 6 * k - bar.width - last_w / 2
    y_bar = box.bottom - pad - 6 * k - bar_h
    y_text = y_bar - 2 * k - fm.height()
    bg = QRectF(x0 - 6 * k, y_text - 4 * k, bar.width + last_w / 2 + 12 * k, fm.height() + bar_h + 12 * k)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 210))
    painter.drawRoundedRect(bg, 3 * k, 3 * k)
    seg = bar.width / bar.segments
    pen = QPen(QColor("#222222"))
    pen.setWidthF(0.6 * k)
    painter.setPen(pen)
    for i in range(bar.segments):
        painter.setBrush(QColor("#222222" if i % 2 == 0 else "#ffffff"))
        painter.drawRect(QRectF(x0 + i * seg, y_bar, seg, bar_h))
    painter.setFont(f)
    painter.setPen(QColor(INK))
    labels = list(bar.labels)
    if len(labels) == 3:  # the middle label only where it clears its neighbours
        (o0, t0), (om, tm), (o1, t1) = labels
        half = fm.horizontalAdvance(tm) / 2
        if (om - half < o0 + fm.horizontalAdvance(t0) / 2 + 4 * k
                or om + half > o1 - fm.horizontalAdvance(t1) / 2 - 4 * k):
            labels.pop(1)
    for off, label in labels:
        w = fm.horizontalAdvance(label)
        painter.drawText(QRectF(x0 + off - w / 2, y_text, w + 2, fm.height()),
                         int(Qt.AlignmentFlag.AlignCenter), label)
    painter.restore()
    return bar


def paint_panel(painter, scene, text: PageText, lay: PageLayout) -> None:
    """The side panel: legend, then figures and sentences (atlas), then caveats and notes, as room allows."""
    k, base = lay.k, lay.base_pt
    left, right = _panel_columns(lay)
    used = _panel_legend(painter, scene, text, left, lay, size_pt=legend_pt(painter, scene, text, left, lay))
    y = right.y if lay.portrait else left.y + used + base * 1.2 * k
    bottom = right.bottom
    if text.figures:
        y = draw_wrapped(painter, text.figures_title or "Key figures", font(base * 1.1, bold=True),
                         right.x, y, right.w, max_bottom=bottom)
        y += base * 0.3 * k
        y = paint_figures(painter, text.figures, right, y, lay)
        y += base * 0.8 * k
    for s in text.sentences:
        y2 = draw_wrapped(painter, s, font(base * 0.85), right.x, y, right.w, max_bottom=bottom)
        if y2 == y:
            break
        y = y2 + base * 0.35 * k
    if text.sentences:
        y += base * 0.5 * k
    for c in text.caveats + text.notes:
        y2 = draw_wrapped(painter, c, font(base * 0.8, italic=True), right.x, y, right.w, CAVEAT_INK, bottom)
        if y2 == y:
            break
        y = y2 + base * 0.35 * k


def _panel_columns(lay: PageLayout) -> tuple[Box, Box]:
    """The panel's legend and words boxes: a portrait page's halves, side by side; else the panel, both."""
    k, base, pb = lay.k, lay.base_pt, lay.panel
    if not lay.portrait:
        return pb, pb
    col_w = (pb.w - base * 1.5 * k) / 2
    return Box(pb.x, pb.y, col_w, pb.h), Box(pb.x + col_w + base * 1.5 * k, pb.y, col_w, pb.h)


def _panel_legend(painter, scene, text: PageText, box: Box, lay: PageLayout, draw: bool = True,
                  size_pt: float | None = None) -> float:
    """The panel's legend in ``box`` at ``size_pt`` (the page's size by default); returns its height
    (``draw=False`` measures it)."""
    md = scene.data
    size = size_pt or lay.base_pt * (0.85 if text.figures else 1.0)
    return paint_legend(painter, box.qrect(), scene.classified, scene.layer, title=scene.layer.title,
                        note=md.note, period=md.period, font=font(size), counts=True, source=False, draw=draw)


def legend_pt(painter, scene, text: PageText, box: Box, lay: PageLayout) -> float:
    """The panel legend's type size: the page's, or smaller where the legend is taller than ``box`` (a long
    title and a note on a small page ran into the sources), to two thirds of it at the least."""
    pt = lay.base_pt * (0.85 if text.figures else 1.0)
    while _panel_legend(painter, scene, text, box, lay, False, pt) > box.h and pt > lay.base_pt * 0.66:
        pt = max(pt * 0.92, lay.base_pt * 0.66)
    return pt


def legend_fits(painter, scene, text: PageText, lay: PageLayout) -> bool:
    """Whether the page's legend fits its panel, at the smallest size ``legend_pt`` sets it to: into half the gap
    above the sources at most (its measure ends with a line's spacing it does not draw)."""
    box = _panel_columns(lay)[0]
    need = _panel_legend(painter, scene, text, box, lay, False, legend_pt(painter, scene, text, box, lay))
    return need <= box.h + lay.base_pt * 0.6 * lay.k


def paint_figures(painter, figures, box: Box, y: float, lay: PageLayout) -> float:
    """Label / value rows, values right-aligned in bold; returns the y below them."""
    k, base = lay.k, lay.base_pt
    f = font(base * 0.85)
    fb = font(base * 0.85, bold=True)
    fmb = QFontMetricsF(fb, painter.device())
    for label, value in figures:
        vw = fmb.horizontalAdvance(value) + 4 * k
        lw = box.w - vw - 6 * k
        h = max(text_height(painter, label, f, lw), fmb.height())
        if y + h > box.bottom:
            break
        draw_wrapped(painter, label, f, box.x, y, lw, INK)
        painter.setFont(fb)
        painter.setPen(QColor(INK))
        painter.drawText(QRectF(box.right - vw, y, vw, fmb.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), value)
        y += h + base * 0.25 * k
        pen = QPen(QColor("#e2e2e2"))
        pen.setWidthF(0.5 * k)
        painter.setPen(pen)
        painter.drawLine(QRectF(box.x, y - base * 0.12 * k, box.w, 0).topLeft(),
                         QRectF(box.x, y - base * 0.12 * k, box.w, 0).topRight())
    return y


def paint_footer(painter, text: PageText, lay: PageLayout) -> None:
    k, base, fb = lay.k, lay.base_pt, lay.footer
    pen = QPen(QColor(RULE))
    pen.setWidthF(0.8 * k)
    painter.setPen(pen)
    painter.drawLine(QPointF(fb.x, fb.y), QPointF(fb.right, fb.y))
    f = font(base * 0.78)
    y = fb.y + base * 0.6 * k
    for line in text.footer_lines():
        y = draw_wrapped(painter, line, f, fb.x, y, fb.w, MUTED) + base * 0.12 * k
    made = "Made with placeviz" + (f" on {text.date_text}" if text.date_text else "") + "."
    fm = QFontMetricsF(f, painter.device())
    painter.setFont(f)
    painter.setPen(QColor(MUTED))
    painter.drawText(QRectF(fb.x, y, fb.w, fm.height() + 1),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), made)
    if text.page_label:
        painter.drawText(QRectF(fb.x, y, fb.w, fm.height() + 1),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), text.page_label)
