"""The compare window's small painted widgets: the comparison table's dot charts, the 3 x 3 bivariate legend
and the scatter plot of the two layers (brushing it selects areas)."""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, QSize, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QFont, QPainter, QPen
from PyQt6.QtWidgets import QStyledItemDelegate, QWidget


class DotChartDelegate(QStyledItemDelegate):
    """Paints a row's dot chart: an axis for the layer, grey tick = England, blue tick = region,
    dark dot = the place. The row's item carries (value, region, england, lo, hi) in UserRole."""

    def paint(self, painter, option, index):
        data = index.data(Qt.ItemDataRole.UserRole)
        super().paint(painter, option, index)
        if not data:
            return
        value, region, england, lo, hi = data
        if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
            return
        r = QRectF(option.rect).adjusted(8, 4, -8, -4)
        y = r.center().y()

        def x(v):
            return r.left() + (v - lo) / (hi - lo) * r.width()

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#b0b0b0"), 1))
        painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
        for v, colour in ((england, "#777777"), (region, "#2b6cb0")):
            if v is not None and np.isfinite(v):
                painter.setPen(QPen(QColor(colour), 2))
                painter.drawLine(QPointF(x(v), y - 6), QPointF(x(v), y + 6))
        if np.isfinite(value):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1b1b1b"))
            painter.drawEllipse(QPointF(x(value), y), 4, 4)
        painter.restore()

    def sizeHint(self, option, index):
        return QSize(140, 22)


class BivariateLegend(QWidget):
    """The 3 x 3 legend: colours with counts, axis names underneath and up the side."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bivariate = None
        self.setMinimumSize(230, 230)

    def set_bivariate(self, b) -> None:
        self.bivariate = b
        self.update()

    def paintEvent(self, e):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        b = self.bivariate
        if b is None:
            p.end()
            return
        cell = min((self.width() - 60) / 3, (self.height() - 60) / 3)
        x0, y0 = 44.0, 8.0
        f = QFont(self.font())
        p.setFont(f)
        for c in b.legend():
            r = QRectF(x0 + c.x_class * cell, y0 + (2 - c.y_class) * cell, cell - 2, cell - 2)
            p.fillRect(r, QColor(c.colour))
            p.setPen(QColor("#ffffff" if c.x_class + c.y_class >= 3 else "#1b1b1b"))
            p.drawText(r, int(Qt.AlignmentFlag.AlignCenter), str(c.count))
        p.setPen(QColor("#1b1b1b"))
        p.drawText(QRectF(x0, y0 + 3 * cell + 4, 3 * cell, 40), int(Qt.AlignmentFlag.AlignHCenter)
                   | int(Qt.TextFlag.TextWordWrap), b.axis_label("x"))
        p.save()
        p.translate(x0 - 6, y0 + 3 * cell)
        p.rotate(-90)
        p.drawText(QRectF(0, -36, 3 * cell, 34), int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
                   | int(Qt.TextFlag.TextWordWrap), b.axis_label("y"))
        p.restore()
        p.end()


def scatter_axis_label(layer) -> str:
    """An axis of the scatter plot: the layer and its unit, values growing along the arrow."""
    unit = layer.unit_long or layer.unit
    named = f"{layer.label}, {unit}" if unit and unit not in ("score", "rank") else layer.label
    return f"{named} →"


class ScatterPlot(QWidget):
    """Points (x, y) coloured by their bivariate class; drag a box to select, selected points ringed."""

    brushed = pyqtSignal(list)  # codes inside the dragged box
    LEFT = 48  # the plot's left edge: the y axis label takes two lines, turned up the side

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bivariate = None
        self.data = None
        self.selected: set[str] = set()
        self._press = None
        self._drag = None
        self.setMinimumSize(260, 230)
        self.setMouseTracking(True)

    def set_bivariate(self, b) -> None:
        self.bivariate = b
        self.data = b.scatter_data() if b is not None else None
        self.selected = set()
        self.update()

    def set_selected(self, codes) -> None:
        self.selected = set(codes)
        self.update()

    def _plot_rect(self) -> QRectF:
        """The points' area: room on the left for a two-line axis label, below for the values and a label."""
        return QRectF(self.LEFT, 10, max(self.width() - self.LEFT - 12, 10), max(self.height() - 54, 10))

    def _ranges(self):
        d = self.data
        x0, x1 = float(d.x.min()), float(d.x.max())
        y0, y1 = float(d.y.min()), float(d.y.max())
        px, py = (x1 - x0) * 0.04 or 1.0, (y1 - y0) * 0.04 or 1.0
        return x0 - px, x1 + px, y0 - py, y1 + py

    def to_screen(self, x: float, y: float) -> QPointF:
        r = self._plot_rect()
        x0, x1, y0, y1 = self._ranges()
        tx = (x - x0) / (x1 - x0)
        ty = (y - y0) / (y1 - y0)
        return QPointF(r.left() + tx * r.width(), r.bottom() - ty * r.height())

    def to_data(self, pt: QPointF) -> tuple[float, float]:
        r = self._plot_rect()
        x0, x1, y0, y1 = self._ranges()
        tx = (pt.x() - r.left()) / r.width()
        ty = (r.bottom() - pt.y()) / r.height()
        return x0 + tx * (x1 - x0), y0 + ty * (y1 - y0)

    def paintEvent(self, e):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if self.data is None or len(self.data) == 0:
            p.end()
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = self._plot_rect()
        p.setPen(QPen(QColor("#999999"), 1))
        p.drawRect(r)
        b = self.bivariate
        for v in b.breaks_x[:-1]:
            s = self.to_screen(float(v), 0)
            p.drawLine(QPointF(s.x(), r.top()), QPointF(s.x(), r.bottom()))
        for v in b.breaks_y[:-1]:
            s = self.to_screen(0, float(v))
            p.drawLine(QPointF(r.left(), s.y()), QPointF(r.right(), s.y()))
        for x, y, code, colour in zip(self.data.x, self.data.y, self.data.code, self.data.colour, strict=True):
            s = self.to_screen(x, y)
            if code in self.selected:
                p.setPen(QPen(QColor("#111111"), 2))
                p.setBrush(QColor("#ffd92f"))
                p.drawEllipse(s, 5, 5)
            else:
                p.setPen(QPen(QColor("#555555"), 0.5))
                p.setBrush(QColor(colour))
                p.drawEllipse(s, 3, 3)
        x0, x1, y0, y1 = self._ranges()
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 6))
        p.setFont(small)
        p.setPen(QColor("#555555"))
        # values grow to the right and upwards, as on any chart; the colours carry the better/worse thirds
        p.drawText(QRectF(r.left(), r.bottom() + 2, 80, 16), int(Qt.AlignmentFlag.AlignLeft),
                   b.layer_x.format_value(x0))
        p.drawText(QRectF(r.right() - 80, r.bottom() + 2, 80, 16), int(Qt.AlignmentFlag.AlignRight),
                   b.layer_x.format_value(x1))
        p.drawText(QRectF(r.left() + 3, r.bottom() - 16, 90, 14), int(Qt.AlignmentFlag.AlignLeft),
                   b.layer_y.format_value(y0))
        p.drawText(QRectF(r.left() + 3, r.top() + 1, 90, 14), int(Qt.AlignmentFlag.AlignLeft),
                   b.layer_y.format_value(y1))
        p.setFont(self.font())
        p.setPen(QColor("#1b1b1b"))
        wrap = int(Qt.TextFlag.TextWordWrap)
        p.drawText(QRectF(r.left() + 80, r.bottom() + 4, max(r.width() - 160, 40), 40),
                   int(Qt.AlignmentFlag.AlignHCenter) | wrap, scatter_axis_label(b.layer_x))
        p.save()
        p.translate(0, r.bottom())
        p.rotate(-90)  # the label reads upwards, in two lines beside the axis when it is long
        p.drawText(QRectF(0, 2, r.height(), self.LEFT - 4), int(Qt.AlignmentFlag.AlignHCenter)
                   | int(Qt.AlignmentFlag.AlignTop) | wrap, scatter_axis_label(b.layer_y))
        p.restore()
        if self._drag is not None:
            p.setPen(QPen(QColor("#2b6cb0"), 1, Qt.PenStyle.DashLine))
            p.setBrush(QColor(43, 108, 176, 40))
            p.drawRect(self._drag)
        p.end()

    def mousePressEvent(self, e):
        if self.data is not None and e.button() == Qt.MouseButton.LeftButton:
            self._press = e.position()

    def mouseMoveEvent(self, e):
        if self._press is not None:
            self._drag = QRectF(self._press, e.position()).normalized()
            self.update()

    def mouseReleaseEvent(self, e):
        if self._press is None:
            return
        rect = QRectF(self._press, e.position()).normalized()
        self._press, self._drag = None, None
        if rect.width() < 3 and rect.height() < 3:  # a click: the nearest point within 6 px
            codes = []
            best = 36.0
            for x, y, code in zip(self.data.x, self.data.y, self.data.code, strict=True):
                s = self.to_screen(x, y)
                d = (s.x() - rect.center().x()) ** 2 + (s.y() - rect.center().y()) ** 2
                if d <= best:
                    best, codes = d, [code]
        else:
            (xa, ya), (xb, yb) = self.to_data(rect.topLeft()), self.to_data(rect.bottomRight())
            codes = self.bivariate.codes_in_box(xa, xb, ya, yb)
        self.set_selected(codes)
        self.brushed.emit(list(codes))

