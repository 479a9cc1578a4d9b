"""Names on a map: towns and cities (a dot and a haloed name) and local-authority names (slate italic, where
they fit), chosen by importance and placed so that no two overlap and none sits on the map's furniture
(scale bar, north arrow, attribution: the ``avoid`` boxes). The screen draws them from cached pictures;
exports keep them as vector text (an SVG's ``<text>``, a PDF's words).

Importance: cities by population, then towns with 40,000 people or more, then the local authorities' names,
then smaller towns, then suburbs. How small a town may be to be shown depends on the map's scale (the
England view names its big cities, a district map its market towns); suburbs only when zoomed in.
The places are ``placeviz.model.places`` (OS Open Names, ONS 2011 town populations).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPagedPaintDevice, QPainter, QPainterPath, QPen

from placeviz.model.places import BIG_TOWN, SUBURBS_BELOW, load_places, min_population

LABEL_COLOUR = "#1b1b1b"
LA_LABEL_COLOUR = "#3a5069"  # local authorities: slate italic, unlike the black town names
#: point size, bold, italic, colour of each kind of label
STYLES = {
    "city": (10.0, True, False, "#111111"),
    "town": (8.5, False, False, "#1b1b1b"),
    "suburb": (7.5, False, True, "#3b3b3b"),
    "la": (8.5, True, True, LA_LABEL_COLOUR),
}
#: room kept around a label, in multiples of 3 points: suburbs spaced out so that a city map stays readable
SPACING = {"suburb": 5.0, "town": 1.5}


@dataclass
class Label:
    """A label placed on the map: its text, kind ('city', 'town', 'suburb' or 'la') and box in device units."""

    name: str
    kind: str
    box: QRectF


def _qcolor(c, alpha: int | None = None) -> QColor:
    q = QColor(c)
    if alpha is not None:
        q.setAlpha(alpha)
    return q


def _font(kind: str, line_unit: float | None, scale_pt: float = 1.0) -> QFont:
    pt, bold, italic, _ = STYLES[kind]
    pt *= scale_pt
    f = QFont()
    if line_unit is None:
        f.setPointSizeF(pt)
    else:  # pixels of the print device (a point size would be read at the screen's resolution)
        f.setPixelSize(max(1, round(pt * 0.8 * float(line_unit))))
    f.setBold(bold)
    f.setItalic(italic)
    if kind == "la":
        f.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
    return f


def choose_labels(outlines, transform, rect, line_unit: float | None = None, avoid=(), places=None,
                  la_names: bool = True) -> list[tuple[Label, QPointF, QPointF | None]]:
    """Which labels go where: (label, text origin, dot centre or None) in order of importance, none
    overlapping another or any ``avoid`` box, all inside ``rect`` (device units)."""
    unit = 1.0 if line_unit is None else float(line_unit)
    scale = abs(transform.m11())
    mpu = unit / scale if scale else 1e9
    inv, _ = transform.inverted()
    view = inv.mapRect(QRectF(rect))
    places = load_places() if places is None else places
    pad = 3.0 * unit
    avoid = [QRectF(a) for a in avoid]
    placed: list[QRectF] = []
    out: list = []
    fonts = {k: _font(k, line_unit) for k in STYLES}
    metrics = {k: QFontMetricsF(f) for k, f in fonts.items()}

    pending: dict = {}  # dots of the important places still to be named: no earlier label may cover them

    def free(b: QRectF, me=None, strict: bool = True) -> bool:
        # not strict: over the dots of places still to be named that are less than half as big, never over a
        # rival's (Liverpool's name over Manchester's dot left the North West's map without Manchester)
        return (rect.contains(b) and not any(b.intersects(o) for o in placed)
                and not any(b.intersects(o) for o in avoid)
                and not any(b.intersects(o) for j, o in pending.items()
                            if j != me and (strict or me is None or 2 * places.population[j] > places.population[me])))

    def try_place(name: str, kind: str, p0: QPointF, dot: bool, me=None) -> bool:
        fm = metrics[kind]
        w, h = fm.horizontalAdvance(name), fm.height()
        r = (2.6 if kind == "city" else 1.9) * unit if dot else 0.0
        gap = r + 2.0 * unit
        if dot:  # right of the dot, left, above, below, then the four diagonals
            d = gap * 0.6
            spots = ((p0.x() + gap, p0.y() - h / 2), (p0.x() - gap - w, p0.y() - h / 2),
                     (p0.x() - w / 2, p0.y() - gap - h), (p0.x() - w / 2, p0.y() + gap),
                     (p0.x() + d, p0.y() - d - h), (p0.x() + d, p0.y() + d),
                     (p0.x() - d - w, p0.y() - d - h), (p0.x() - d - w, p0.y() + d))
        else:  # on its point, else just below, above, right or left of it
            lh = h * 1.1
            spots = tuple((p0.x() - w / 2 + dx, p0.y() - h / 2 + dy)
                          for dx, dy in ((0, 0), (0, lh), (0, -lh), (w * 0.45, 0), (-w * 0.45, 0)))
        # first keeping clear of the dots of places still to be named; then (a place more important than
        # they are, as they all are) over them, rather than leave a city unnamed
        for strict in (True, False) if pending else (True,):
            for x, y in spots:
                sp = pad * SPACING.get(kind, 1.0) / 2
                box = QRectF(x, y, w, h).adjusted(-sp, -sp, sp, sp)
                dot_box = QRectF(p0.x() - r - 1, p0.y() - r - 1, 2 * r + 2, 2 * r + 2)
                if free(box, me, strict) and (not dot or free(dot_box, me, strict)):
                    placed.append(box)
                    if dot:
                        placed.append(dot_box)
                    origin = QPointF(x, y + fm.ascent())
                    out.append((Label(name, kind, box), origin, QPointF(p0) if dot else None))
                    return True
        return False

    def place_towns(sel, keep_dots: bool = False):
        rows = np.flatnonzero(sel).tolist()
        pts = {i: transform.map(QPointF(float(places.xy[i, 0]), float(places.xy[i, 1]))) for i in rows}
        if keep_dots:
            r = 3.0 * unit
            pending.update({i: QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r) for i, p in pts.items()})
        for i in rows:
            try_place(places.names[i], str(places.kinds[i]), pts[i], True, i)
            pending.pop(i, None)

    inside = None
    if places is not None and len(places.names):
        x, y = places.xy[:, 0], places.xy[:, 1]
        inside = (x >= view.left()) & (x <= view.right()) & (y >= view.top()) & (y <= view.bottom())
        k, pop = places.kinds, places.population
        big = inside & ((k == "city") | ((k == "town") & (pop >= max(BIG_TOWN, min_population(mpu)))))
        place_towns(big, keep_dots=True)
    if la_names and outlines is not None and len(outlines.rows):
        named = {c[0].name for c in out}
        pts = outlines.geometry.label_points()[outlines.rows]
        b = outlines.geometry.bounds[outlines.rows]
        for i in np.argsort(-((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])), kind="stable").tolist():
            p0 = transform.map(QPointF(float(pts[i, 0]), float(pts[i, 1])))
            if outlines.names[i] not in named:  # Liverpool the city already names Liverpool the authority
                try_place(outlines.names[i], "la", p0, False)
    if inside is not None:
        k, pop = places.kinds, places.population
        minpop = min_population(mpu)
        towns = inside & (k == "town") & (pop < max(BIG_TOWN, minpop)) & ((pop >= minpop) | (minpop == 0))
        suburbs = inside & (k == "suburb") if mpu < SUBURBS_BELOW else np.zeros(len(k), dtype=bool)
        # smaller towns and suburbs only inside the place itself: its neighbours keep their big names
        in_place = _within_place(outlines, places.xy, towns | suburbs)
        place_towns(towns & in_place)
        place_towns(suburbs & in_place)
    return out


def _within_place(outlines, xy: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Which ``candidates`` (a mask over ``xy``) lie inside the place's local authorities (all, for a place of
    more than 40 authorities such as England, where that test would cost more than it tells)."""
    if outlines is None or not 0 < len(outlines.rows) <= 40:
        return candidates
    out = np.zeros(len(xy), dtype=bool)
    geo = outlines.geometry
    geo.ensure_paths(outlines.rows)
    b = geo.bounds[outlines.rows]
    for i in np.flatnonzero(candidates).tolist():
        x, y = float(xy[i, 0]), float(xy[i, 1])
        near = (b[:, 0] <= x) & (x <= b[:, 2]) & (b[:, 1] <= y) & (y <= b[:, 3])
        out[i] = any(geo.paths[r].contains(QPointF(x, y)) for r in outlines.rows[near].tolist())
    return out


def paint_labels(painter, outlines, transform, rect, fast: bool = False, line_unit: float | None = None,
                 avoid=(), la_names: bool | None = None) -> list[Label]:
    """Town, city and local-authority names for the map in ``rect`` (device pixels through ``transform``);
    ``fast`` draws cached pictures (the screen); ``line_unit`` (device units per point) sizes them in points
    for print; ``avoid``: device boxes no label may cover. Local-authority names are left out where a map
    has more than 40 authorities (England's 300 would bury it). Returns the labels drawn."""
    if la_names is None:
        la_names = outlines is not None and len(outlines.rows) <= 40
    chosen = choose_labels(outlines, transform, rect, line_unit, avoid, la_names=la_names)
    unit = 1.0 if line_unit is None else float(line_unit)
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    raster = isinstance(painter.device(), QImage)
    for label, origin, dot in chosen:
        if dot is not None:
            r = (2.6 if label.kind == "city" else 1.9) * unit
            pen = QPen(_qcolor("#ffffff"))
            pen.setWidthF(0.9 * unit)
            painter.setPen(pen)
            painter.setBrush(_qcolor("#222222"))
            painter.drawEllipse(dot, r, r)
        font = _font(label.kind, line_unit)
        colour = STYLES[label.kind][3]
        if fast:  # the screen: a cached picture of the haloed name
            fm = QFontMetricsF(font)
            painter.drawImage(QPointF(origin.x() - 3, origin.y() - fm.ascent() - 3),
                              _label_image(label.name, font, colour))
            continue
        painter.setFont(font)
        hw = unit if line_unit is not None else 1.5  # the halo's half width
        if raster:  # a PNG: the name stamped in white around itself, far cheaper than stroking its outline
            _stamp_halo(painter, origin, label.name, hw)
        else:  # SVG, PDF: one halo path and one text, so the words appear once (searchable, selectable)
            path = QPainterPath()
            path.addText(origin, font, label.name)
            # opaque on a PDF page: Qt writes a translucent stroke as the filled outline of every glyph's stroke
            halo = QPen(_qcolor("#ffffff", 255 if isinstance(painter.device(), QPagedPaintDevice) else 220))
            halo.setWidthF(2 * hw)
            halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(path, halo)
        painter.setPen(_qcolor(colour))
        painter.drawText(origin, label.name)
    return [c[0] for c in chosen]


_LABELS: dict = {}
#: where the white copies of a name go to make its halo on a raster page (in halo half-widths)
_HALO_OFFSETS = ((-1, 0), (1, 0), (0, -1), (0, 1), (-0.7, -0.7), (0.7, -0.7), (-0.7, 0.7), (0.7, 0.7))


def _stamp_halo(painter, origin: QPointF, name: str, half_width: float) -> None:
    """A white halo around a name on a raster device: the name drawn in white around where it goes (in the
    painter's font), for the name itself to be drawn over."""
    painter.setPen(_qcolor("#ffffff", 200))
    for dx, dy in _HALO_OFFSETS:
        painter.drawText(QPointF(origin.x() + dx * half_width, origin.y() + dy * half_width), name)


def _label_image(name: str, font, colour: str = LABEL_COLOUR):
    """A haloed label drawn once into a transparent image (for the screen; exports stay vector)."""
    key = (name, font.toString(), colour)
    img = _LABELS.get(key)
    if img is None:
        fm = QFontMetricsF(font)
        img = QImage(int(fm.horizontalAdvance(name)) + 8, int(fm.height()) + 8,
                     QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(0)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(font)
        origin = QPointF(3, 3 + fm.ascent())
        # the PNG's stamped halo: stroking the outline of the glyphs cost ten times as much, and the
        # screen's first map names about fifty places
        _stamp_halo(p, origin, name, 1.5)
        p.setPen(_qcolor(colour))
        p.drawText(origin, name)
        p.end()
        if len(_LABELS) > 5000:
            _LABELS.clear()
        _LABELS[key] = img
    return img
