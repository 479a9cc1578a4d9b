"""The identify panel: the selected areas' figures for every layer, as a compact table.

One area: indicator | value. Two areas: indicator | 1 | 2 | difference (2 - 1), the columns headed by the
areas' names and by the numbered badges that mark them on the map (``render.selection_marks``). More
areas: a column each. A value cell holds the figure only; its rank, decile, what it stands for (its MSOA's or
local authority's figure) and the layer's source are in its tooltip. An MSOA's figure for a layer published
for LSOAs comes with how many LSOAs it combines and their range, the rule said once under the table.

"Open in a window" floats the panel's dock, wide, for a long comparison; "Dock" puts it back.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QFont, QIcon
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.plain_text import plain_label, plain_tip
from placeviz.gui.theme import MutedLabel, theme_band
from placeviz.model.catalog import get_layer, names_attribution
from placeviz.model.errors import UserError
from placeviz.model.names import neighbourhood_label
from placeviz.render.selection_marks import BADGE_PX, badge_pixmap, numbered

HINT = "Click an area on the map to see its figures for every layer here. Shift-click adds more areas to compare."
MEMBERS_RULE = ("An MSOA's figure for a layer published for LSOAs combines its LSOAs as the map does (a "
                "population-weighted mean, or a sum for counts); the brackets give the range of its LSOAs' "
                "figures. Hover a figure for its rule, rank and source.")


def area_heading(area: dict) -> str:
    """A column's heading: the area's name (its number is its badge; its neighbourhood is in the line above
    the table and in the heading's tooltip)."""
    return str(area["name"])


def indicator_name(layer) -> str:
    """A row's name: the layer's short label, saying 'rank' where the figures are national ranks (the 2019
    domains), which a reader would otherwise take for scores."""
    return f"{layer.label} (rank)" if layer.unit == "rank" else layer.label


def difference_text(layer, a: float, b: float) -> str:
    """``b - a`` in the layer's units, signed ('+3.2', '-0.4 years'); '' when either is missing."""
    if not (a == a and b == b):  # NaN
        return ""
    d = b - a
    text = layer.format_value(abs(d))
    return "0" if d == 0 else ("+" if d > 0 else "−") + text


class IdentifyPanel(QWidget):
    """The selected areas' figures for every layer (``viewstate.identify``), as a table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.areas: list[dict] = []
        self.rows: list = []
        self._wanted: tuple = ()  # each column's width for its whole content, and for most of it
        self.heading = plain_label(HINT)
        self.heading.setWordWrap(True)
        self.detach_btn = QPushButton("Open in a window")
        self.detach_btn.setToolTip("Show this table in a window of its own, as wide as you like")
        self.detach_btn.clicked.connect(lambda: self.toggle_detached())
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        # the scroll bar appearing (more rows than fit) takes its width from the columns: fit them again
        self.table.verticalScrollBar().rangeChanged.connect(lambda *_: self._fit_columns())
        self.footnote = MutedLabel()
        self.footnote.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.detach_btn, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.footnote)
        self.show_result([], [])

    # -- content ------------------------------------------------------------------------------------------
    def show_busy(self) -> None:
        self.heading.setText("Looking up the selected areas…")

    def show_result(self, areas, rows) -> None:
        self.areas, self.rows = list(areas), list(rows)
        t = self.table
        t.clear()
        if not self.areas:
            self.heading.setText(HINT)
            t.setRowCount(0)
            t.setColumnCount(0)
            t.hide()
            self.footnote.hide()
            return
        t.show()
        n = len(self.areas)
        badges = numbered([a["code"] for a in self.areas])
        diff = n == 2
        t.setColumnCount(1 + n + diff)
        t.setHorizontalHeaderItem(0, QTableWidgetItem("Indicator"))
        for i, area in enumerate(self.areas):
            item = QTableWidgetItem(area_heading(area))
            if badges:
                item.setIcon(QIcon(badge_pixmap(i + 1)))
            item.setToolTip(plain_tip((f"Area {i + 1} (its badge on the map)\n" if badges else "")
                                      + f"{neighbourhood_label(area['name'], area.get('neighbourhood'))}\n"
                                      + area["code"] + (f" · {area['lad_name']}" if area.get("lad_name") else "")))
            t.setHorizontalHeaderItem(1 + i, item)
        if diff:
            head = QTableWidgetItem("Difference")
            head.setToolTip(plain_tip(f"2 minus 1: {self.areas[1]['name']} minus {self.areas[0]['name']}, in the "
                                      "layer's units"))
            t.setHorizontalHeaderItem(1 + n, head)
        self.heading.setText(self._heading_text(badges))
        self._fill(diff)
        any_members = any(m is not None for r in self.rows for m in r.members)
        notes = [MEMBERS_RULE] if any_members else []
        if any(a.get("neighbourhood") for a in self.areas):
            notes.append(names_attribution())
        self.footnote.setText("\n".join(notes))
        self.footnote.setVisible(bool(notes))
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.resizeColumnsToContents()
        full = [t.columnWidth(c) for c in range(t.columnCount())]
        self._wanted = (full, [full[0]] + [min(full[c], self._typical_width(c)) for c in range(1, len(full))])
        self._fit_columns()

    def _typical_width(self, c: int) -> int:
        """A figures column's width: its heading's, or nine in ten of its figures' (the odd long one, such as
        a count with its range, is cut, its tooltip whole), whichever is wider."""
        t = self.table
        fm = t.fontMetrics()
        widths = sorted(fm.horizontalAdvance(t.item(r, c).text()) for r in range(t.rowCount()) if t.item(r, c))
        typical = widths[int(0.9 * (len(widths) - 1))] + 14 if widths else 0
        head = t.horizontalHeaderItem(c)
        hfm = t.horizontalHeader().fontMetrics()  # the heading's font may be bolder than the cells'
        heading = max(hfm.horizontalAdvance(line) for line in head.text().split("\n")) + 28 + (
            0 if head.icon().isNull() else BADGE_PX + 8)
        return max(heading, typical)

    def _fit_columns(self) -> None:
        """Every column whole when there is room; else the indicator names keep 100 px and the figures share
        the rest (a cut figure or name has its tooltip, and "Open in a window" gives room)."""
        t = self.table
        if not self._wanted or len(self._wanted[0]) != t.columnCount():
            return
        room = t.viewport().width() - 2
        bar = t.verticalScrollBar()
        if not bar.isVisible() and t.verticalHeader().length() > t.viewport().height():  # it is about to show
            room -= t.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, t)
        full, typical = self._wanted  # every figure whole when that leaves the names room, else most
        wanted = full if min(full[0], 220) + sum(full[1:]) <= room else typical
        figures = sum(wanted[1:])
        indicator = min(wanted[0], max(100, room - figures))
        share = min(1.0, (room - indicator) / figures) if figures else 1.0
        t.setColumnWidth(0, indicator)
        for c in range(1, t.columnCount()):
            t.setColumnWidth(c, max(int(wanted[c] * share), 56))

    def resizeEvent(self, e):
        super().resizeEvent(e)
        self._fit_columns()

    def _heading_text(self, badges: bool) -> str:
        names = [neighbourhood_label(a["name"], a.get("neighbourhood")) + self._lsoa_count(i)
                 for i, a in enumerate(self.areas)]
        if len(names) == 1:
            return names[0]
        if badges:
            names = [f"{i} {name}" for i, name in enumerate(names, start=1)]
        return (" and ".join(names) if len(names) == 2 else "; ".join(names)) + (
            " (numbered on the map)" if badges else "")

    def _lsoa_count(self, i: int) -> str:
        """' (5 LSOAs)' for an MSOA whose figures summarise its LSOAs, else ''."""
        counts = [r.members[i].total for r in self.rows if i < len(r.members) and r.members[i] is not None]
        return f" ({max(counts)} LSOAs)" if counts else ""

    def _fill(self, diff: bool) -> None:
        t = self.table
        lines = []
        theme = None
        for r in self.rows:
            if r.theme != theme:
                theme = r.theme
                lines.append(("theme", theme))
            lines.append(("layer", r))
        t.setRowCount(len(lines))
        bold = QFont(t.font())
        bold.setBold(True)
        for row, (kind, what) in enumerate(lines):
            if kind == "theme":
                item = QTableWidgetItem(what)
                item.setFont(bold)
                item.setBackground(QColor(theme_band(t.palette())))
                t.setItem(row, 0, item)
                t.setSpan(row, 0, 1, t.columnCount())
                continue
            r = what
            layer = _layer_or_none(r.layer_id)
            name = QTableWidgetItem(indicator_name(layer) if layer is not None else r.title)
            unit = f"\n{layer.unit_long}" if layer is not None and layer.unit_long else ""
            name.setToolTip(plain_tip(f"{r.title}{unit}\n{r.period}\nSource: {r.source}"))
            t.setItem(row, 0, name)
            for i, value in enumerate(r.values):
                t.setItem(row, 1 + i, self._value_item(r, i, value, layer))
            if diff and layer is not None:
                item = QTableWidgetItem(difference_text(layer, r.raw[0], r.raw[1]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                same = r.figure_of[0] and r.figure_of[0] == r.figure_of[1]
                item.setToolTip(plain_tip("Both areas take the figure of the same larger area" if same else
                                          f"{self.areas[1]['name']} minus {self.areas[0]['name']}"))
                t.setItem(row, 1 + len(r.values), item)

    @staticmethod
    def _value_item(r, i: int, value: str, layer) -> QTableWidgetItem:
        members = r.members[i] if i < len(r.members) else None
        text = f"{value} ({members.short(layer)})" if members is not None and layer is not None else value
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = [f"{r.title}: {value}"]
        if members is not None and layer is not None:
            tip.append(f"The {members.text(layer)}, as the map combines them.")
        if r.extras[i]:
            tip.append(r.extras[i])
        tip.append(f"{r.period} · Source: {r.source}")
        item.setToolTip(plain_tip("\n".join(tip)))
        return item

    def toPlainText(self) -> str:  # the name QTextBrowser gave it, which this panel once was
        """What the panel shows, as text: the heading, the table row by row, and the notes under it."""
        t = self.table
        out = [self.heading.text()]
        if t.columnCount():
            out.append("\t".join(t.horizontalHeaderItem(c).text().replace("\n", " ")
                                 for c in range(t.columnCount())))
            for r in range(t.rowCount()):
                out.append("\t".join(t.item(r, c).text() for c in range(t.columnCount()) if t.item(r, c)))
        if self.footnote.isVisible():
            out.append(self.footnote.text())
        return "\n".join(out)

    # -- a window of its own ------------------------------------------------------------------------------
    def showEvent(self, e):
        super().showEvent(e)
        dock = self.dock()
        if dock is not None and not getattr(self, "_follows_dock", False):
            self._follows_dock = True  # the button says what it will do, however the dock was moved
            dock.topLevelChanged.connect(self._dock_moved)

    def _dock_moved(self, floating: bool) -> None:
        self.detach_btn.setText("Dock in the main window" if floating else "Open in a window")

    def dock(self) -> QDockWidget | None:
        w = self.parentWidget()
        while w is not None and not isinstance(w, QDockWidget):
            w = w.parentWidget()
        return w

    def toggle_detached(self) -> None:
        """Float the panel's dock as a wide window of its own, or put it back in the main window."""
        dock = self.dock()
        if dock is None:
            return
        floating = not dock.isFloating()
        dock.setFloating(floating)
        if floating:
            dock.resize(max(760, dock.width()), max(600, dock.height()))
            dock.show()
            dock.raise_()
        self._dock_moved(floating)


def _layer_or_none(layer_id: str):
    try:
        return get_layer(layer_id)
    except UserError:
        return None
