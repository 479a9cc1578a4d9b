"""Local-authority names on a map: haloed bold text at each authority's label point, bigger authorities
first, each moved a little or skipped where it would overlap another. The screen draws them from cached
pictures; exports keep them as vector text.
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

LABEL_COLOUR = "#1b1b1b"


def _qcolor(c, alpha: int | None = None) -> QColor:
    q = QColor(c)
    if alpha is not None:
        q.setAlpha(alpha)
    return q


def paint_labels(painter, outlines, transform, rect, fast: bool = False, line_unit: float | None = None) -> None:
    """The names of ``outlines`` (a scene's ``Outlines``) inside ``rect``, in device pixels through
    ``transform``; ``fast`` draws cached pictures (the screen); ``line_unit`` (device units per point) sizes
    them in points for print."""
    pts = outlines.geometry.label_points()[outlines.rows]
    font = QFont()
    n = len(outlines.rows)
    pt = 9.5 if n < 40 else 8
    if line_unit is None:
        font.setPointSizeF(pt)
    else:  # pixels of the print device (a point size would be read at the screen's resolution)
        font.setPixelSize(max(1, round(pt * 0.8 * float(line_unit))))
    font.setBold(True)
    fm = QFontMetricsF(font)
    placed: list = []
    # bigger authorities first, so the crowded small ones are the ones skipped
    b = outlines.geometry.bounds[outlines.rows]
    order = np.argsort(-((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])))
    halo = QPen(_qcolor("#ffffff", 220))
    halo.setWidthF(3.0 if line_unit is None else 2.0 * float(line_unit))
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    for i in order.tolist():
        p0 = transform.map(QPointF(float(pts[i, 0]), float(pts[i, 1])))
        name = outlines.names[i]
        w = fm.horizontalAdvance(name)
        box = None
        lh = fm.height() * 1.1
        # on its point, else just below, above, right or left of it
        for dx, dy in ((0.0, 0.0), (0.0, lh), (0.0, -lh), (w * 0.45, 0.0), (-w * 0.45, 0.0)):
            p = QPointF(p0.x() + dx, p0.y() + dy)
            b = QRectF(p.x() - w / 2 - 2, p.y() - fm.ascent() / 2 - 2, w + 4, fm.height() + 4)
            if rect.contains(b) and not any(b.intersects(o) for o in placed):
                box = b
                break
        if box is None:
            continue
        placed.append(box)
        origin = QPointF(p.x() - w / 2, p.y() + fm.ascent() / 2 - 1)
        if fast:  # the screen: a cached picture of the haloed name
            img = _label_image(name, font)
            painter.drawImage(QPointF(origin.x() - 3, origin.y() - fm.ascent() - 3), img)
            continue
        path = QPainterPath()
        path.addText(origin, font, name)
        painter.strokePath(path, halo)
        painter.fillPath(path, _qcolor(LABEL_COLOUR))


_LABELS: dict = {}


def _label_image(name: str, font):
    """A haloed label drawn once into a transparent image (for the screen; exports stay vector)."""
    key = (name, font.toString())
    img = _LABELS.get(key)
    if img is None:
        fm = QFontMetricsF(font)
        img = QImage(int(fm.horizontalAdvance(name)) + 8, int(fm.height()) + 8,
                     QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(0)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        path = QPainterPath()
        path.addText(QPointF(3, 3 + fm.ascent()), font, name)
        halo = QPen(_qcolor("#ffffff", 220))
        halo.setWidthF(3.0)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.strokePath(path, halo)
        p.fillPath(path, _qcolor(LABEL_COLOUR))
        p.end()
        if len(_LABELS) > 5000:
            _LABELS.clear()
        _LABELS[key] = img
    return img
