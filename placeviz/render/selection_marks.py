"""Numbered outlines for two or more selected areas: area 1 and area 2 drawn distinctly (a yellow solid core,
a blue dashed one) and each marked with a numbered badge, the same badges that head the identify table's
columns, so a reader can tell which column is which area on the map."""

from __future__ import annotations

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

OUTER = "#111111"
#: the n-th selected area's outline core and its dash; areas after the second share the last style but one
NUMBERED_STYLES = (("#ffd92f", Qt.PenStyle.SolidLine), ("#35b7f0", Qt.PenStyle.DashLine),
                   ("#ffd92f", Qt.PenStyle.DotLine))
BADGE_PX = 20
#: more areas than this (a box brushed over a scatter plot) are outlined alike, without numbers
MAX_NUMBERED = 6


def numbered(codes) -> bool:
    """Whether a selection is drawn numbered: two areas or more, and few enough to tell apart."""
    return 1 < len(codes) <= MAX_NUMBERED


def numbered_style(index: int) -> tuple[str, Qt.PenStyle]:
    """The core colour and dash of the outline of the selected area ``index`` (0 = area 1)."""
    return NUMBERED_STYLES[min(index, len(NUMBERED_STYLES) - 1)]


def _pen(colour: str, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(colour))
    pen.setWidthF(width)
    pen.setCosmetic(True)
    pen.setStyle(style)
    return pen


def paint_badge(painter: QPainter, centre: QPointF, number: int, size: float = BADGE_PX) -> None:
    """A round badge with the area's number, in its outline's colour, ringed in black (device pixels)."""
    colour, _ = numbered_style(number - 1)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(_pen(OUTER, 1.5))
    painter.setBrush(QColor(colour))
    rect = QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)
    painter.drawEllipse(rect)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.setPen(QColor(OUTER))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(number))
    painter.restore()


def badge_pixmap(number: int, size: int = BADGE_PX) -> QPixmap:
    """The badge of area ``number`` as a small picture, for a table header."""
    pix = QPixmap(size + 2, size + 2)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    paint_badge(p, QPointF((size + 2) / 2, (size + 2) / 2), number, size)
    p.end()
    return pix


def paint_numbered_selection(painter: QPainter, geo, codes, transform=None) -> None:
    """Outline each of ``codes`` in its numbered style and put its badge inside it. ``transform`` maps
    metres to device pixels; None uses the painter's current world transform."""
    rows = [(n, r) for n, r in enumerate(geo.rows(list(codes)).tolist(), start=1) if r >= 0]
    if not rows:
        return
    geo.ensure_paths([r for _, r in rows])
    painter.save()
    if transform is not None:
        painter.setWorldTransform(transform, True)
    to_device = painter.worldTransform()  # metres to device pixels: the badges are drawn in pixels
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_pen(OUTER, 4.5))
    for _n, r in rows:  # all dark edges first, so a neighbour's edge never covers a core
        painter.drawPath(geo.paths[r])
    for n, r in rows:
        colour, dash = numbered_style(n - 1)
        painter.setPen(_pen(colour, 2.5, dash))
        painter.drawPath(geo.paths[r])
    painter.resetTransform()
    for n, r in rows:
        paint_badge(painter, to_device.map(_inside_point(geo.paths[r])), n)
    painter.restore()


def _inside_point(path) -> QPointF:
    """A point inside an area for its badge: the middle of its box when that lies inside it, else the
    middle of a horizontal line across it."""
    box = path.boundingRect()
    centre = box.center()
    if path.contains(centre):
        return centre
    for frac in (0.5, 0.35, 0.65, 0.2, 0.8):  # scan across for a stretch inside the area
        y = box.top() + box.height() * frac
        xs = [box.left() + box.width() * i / 40 for i in range(41)]
        inside = [x for x in xs if path.contains(QPointF(x, y))]
        if inside:
            return QPointF((inside[0] + inside[-1]) / 2 if path.contains(
                QPointF((inside[0] + inside[-1]) / 2, y)) else inside[len(inside) // 2], y)
    return centre
