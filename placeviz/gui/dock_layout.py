"""Where the main window's panels sit, by the window's width.

Wide windows have two columns of panels: layers and classification on the left, the legend above identify
and the place profile on the right. Below ``COMPACT_BELOW`` pixels (a 1024 x 768 laptop or projector) the two
columns would leave the map a strip of about 350 px, so the panels go into one column on the right: the legend
on top, and layers, classification, identify, place profile and the table of areas as tabs under it. The map then keeps at least
about 550 px. The table of areas sits behind identify in both. A panel the user closed stays closed, and one they floated stays where they put it.
"""

from __future__ import annotations

from PyQt6.QtCore import QSize, Qt, QTimer
from PyQt6.QtWidgets import QDockWidget, QMainWindow

from placeviz.gui.accessibility import name_panel_tabs

COMPACT_BELOW = 1240  # window width in pixels
WIDE_MIN_WIDTH = 290  # a panel's narrowest in two columns: the layer names and the legend read whole
COMPACT_MIN_WIDTH = 280  # in one column: the map needs the room more

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


class DockLayout:
    """Arranges the window's six panels in two columns or one, as the window's width asks."""

    def __init__(self, window: QMainWindow, layers: QDockWidget, classification: QDockWidget,
                 legend: QDockWidget, identify: QDockWidget, profile: QDockWidget, table: QDockWidget):
        self.window = window
        self.layers, self.classification, self.legend = layers, classification, legend
        self.identify, self.profile, self.table = identify, profile, table
        self.compact: bool | None = None  # unknown until the first arrangement

    def docks(self) -> tuple[QDockWidget, ...]:
        return (self.layers, self.classification, self.legend, self.identify, self.profile, self.table)

    def fit_size(self, size: QSize) -> None:
        """Arrange for a window of ``size`` (nothing moves unless its width crosses the line)."""
        compact = size.width() < COMPACT_BELOW
        if compact != self.compact:
            self.arrange(compact)
            if self.window.size() != size:  # moving panels can grow the window past the screen: not for long
                QTimer.singleShot(0, lambda: self.window.resize(size))

    def arrange(self, compact: bool) -> None:
        self.compact = compact
        docked = [d for d in self.docks() if not d.isFloating()]
        hidden = {d for d in docked if d.isHidden()}
        for d in docked:
            d.widget().setMinimumWidth(COMPACT_MIN_WIDTH if compact else WIDE_MIN_WIDTH)
        if compact:
            self._one_column(docked)
        else:
            self._two_columns(docked)
        for d in docked:
            d.setVisible(d not in hidden)
        for d in (self.identify, self.legend, self.layers):  # in front: the legend, the layers, else identify
            if d in docked and d not in hidden:
                d.raise_()
        name_panel_tabs(self.window)  # tabbing panels made new tab bars: a screen reader names them too

    def _one_column(self, docked) -> None:
        """The legend (classification behind it) above the layers (identify and profile behind them)."""
        w = self.window
        top = [d for d in (self.legend, self.classification) if d in docked]
        bottom = [d for d in (self.layers, self.identify, self.profile, self.table) if d in docked]
        # two panels in the column, then the others tabbed in as they move: the column never stacks all five,
        # which would grow the window (and a split beside a tabbed panel would only add a tab)
        first = top[0] if top else bottom[0] if bottom else None
        if first is None:
            return
        w.addDockWidget(RIGHT, first)
        if top and bottom:
            w.splitDockWidget(top[0], bottom[0], Qt.Orientation.Vertical)
        for group in (top, bottom):
            for d in group[1:]:
                w.tabifyDockWidget(group[0], d)
        if top and bottom:
            w.resizeDocks([top[0], bottom[0]], [340, 400], Qt.Orientation.Vertical)
        if docked:
            w.resizeDocks([docked[0]], [COMPACT_MIN_WIDTH + 10], Qt.Orientation.Horizontal)

    def _two_columns(self, docked) -> None:
        """Layers above classification on the left; the legend above identify and profile on the right."""
        w = self.window
        for d in (self.layers, self.classification):
            if d in docked:
                w.addDockWidget(LEFT, d, Qt.Orientation.Vertical)
        for d in (self.legend, self.identify):
            if d in docked:
                w.addDockWidget(RIGHT, d, Qt.Orientation.Vertical)
        for d in (self.profile, self.table):  # tabs behind identify
            if d in docked:
                w.addDockWidget(RIGHT, d)
                if self.identify in docked:
                    w.tabifyDockWidget(self.identify, d)
        left = [d for d in (self.layers,) if d in docked]
        right = [d for d in (self.legend,) if d in docked]
        w.resizeDocks(left + right, [320] * len(left) + [340] * len(right), Qt.Orientation.Horizontal)
