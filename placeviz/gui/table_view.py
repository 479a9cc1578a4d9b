"""The map as a table: every area with its name, code, value, national rank and class.

A way into the map that needs neither sight nor a mouse: a screen reader reads it cell by cell, a click on a
column heading sorts it, the box above it filters it by name, code or local authority, and it follows the
map's selection both ways (choosing a row selects the area on the map; a click on the map selects its row).
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QAbstractTableModel, QItemSelectionModel, QSortFilterProxyModel, Qt, pyqtSignal
from PyQt6.QtGui import QGuiApplication
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Area", "Code", "Value", "National rank", "Class")


class AreaTableModel(QAbstractTableModel):
    """A scene's areas as rows: text to show, and keys to sort by (numbers for values and ranks)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.codes: list[str] = []
        self.cells: list[tuple[str, ...]] = []
        self.sort_keys: list[tuple] = []
        self.search_text: list[str] = []
        self.value_title = "Value"

    def set_scene(self, scene) -> None:
        self.beginResetModel()
        self.codes, self.cells, self.sort_keys, self.search_text = [], [], [], []
        if scene is not None:
            self._fill(scene)
        self.endResetModel()

    def _fill(self, scene) -> None:
        md = scene.data
        frame = md.frame
        layer = md.layer
        self.value_title = f"{layer.label} ({layer.unit})" if layer.unit and layer.unit != "score" else layer.label
        names = frame["name"].astype(str).tolist()
        hoods = frame["neighbourhood"].tolist() if "neighbourhood" in frame else [None] * len(frame)
        las = frame["lad_name"].astype(str).tolist() if "lad_name" in frame else [""] * len(frame)
        values = frame["value"].to_numpy(dtype="float64")
        ranks = frame["rank"].to_numpy(dtype="float64") if "rank" in frame else np.full(len(frame), np.nan)
        classes = np.asarray(scene.classified.classes)
        labels = [e.label for e in scene.classified.legend if not e.nodata]
        for i, code in enumerate(frame["code"].astype(str).tolist()):
            hood = hoods[i] if isinstance(hoods[i], str) and hoods[i] else None
            name = f"{names[i]}, {hood}" if hood else names[i]
            value = layer.format_value(values[i]) if np.isfinite(values[i]) else "No data"
            rank = f"{int(ranks[i]):,}" if np.isfinite(ranks[i]) else ""
            cls = labels[classes[i]] if 0 <= classes[i] < len(labels) else "No data"
            self.codes.append(code)
            self.cells.append((name, code, value, rank, cls))
            # plain Python numbers: Qt sorts them as numbers (numpy's would compare as objects); no data last
            big = float("inf")
            self.sort_keys.append((names[i], code, float(values[i]) if np.isfinite(values[i]) else big,
                                   float(ranks[i]) if np.isfinite(ranks[i]) else big,
                                   int(classes[i]) if classes[i] >= 0 else 1_000))
            self.search_text.append(f"{name} {code} {las[i]}".casefold())

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in Python, once (a sorting proxy would call ``data`` a million times for England)."""
        keys = [k[column] for k in self.sort_keys]
        rows = sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        for name in ("codes", "cells", "sort_keys", "search_text"):
            values = getattr(self, name)
            setattr(self, name, [values[r] for r in rows])
        self.endResetModel()

    def rowCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else len(self.cells)

    def columnCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.value_title if section == 2 else COLUMNS[section]
        return super().headerData(section, orientation, role)


class AreaFilter(QSortFilterProxyModel):
    """Rows whose name, code or local authority hold every word typed (any case); sorting is the model's."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []
        self.sort_column, self.sort_order = 3, Qt.SortOrder.AscendingOrder

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.sourceModel().sort(column, order)

    def set_text(self, text: str) -> None:
        self.words = text.casefold().split()
        self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):
        text = self.sourceModel().search_text[row]
        return all(w in text for w in self.words)


class AreaTable(QWidget):
    """The filter box, the table and a line that says how many areas it shows."""

    area_chosen = pyqtSignal(str, bool)  # area code, add to the selection

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = AreaTableModel(self)
        self.proxy = AreaFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, code or local authority…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the table of areas")
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.horizontalHeader().setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # by rank
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        # the code last, after what a reader looks for: name, value, rank, class (it pushed the value off a
        # small window)
        self.view.horizontalHeader().moveSection(COLUMNS.index("Code"), len(COLUMNS) - 1)
        self.view.setAccessibleName("Table of the map's areas")
        self.view.setAccessibleDescription("Every area of the map with its name, value, national rank, class "
                                           "and code. Sort by a column's heading; Enter selects the area "
                                           "on the map.")
        self.count = QLabel()
        self.count.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count)
        self.filter.textChanged.connect(self._filter)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self._following = False
        self._pending = None  # a scene waiting for the table to be shown
        self.shown = False  # on screen: its dock's tab is the one in front (set by set_shown)
        self._selection: tuple = ()
        self.model.modelReset.connect(lambda: self.follow_selection(self._selection))  # a new map, a new sort

    def set_scene(self, scene) -> None:
        """Show ``scene``'s areas; while the table is hidden, only once it is shown: England's 32,844 rows
        take most of a second to fill."""
        if not self.shown:
            self._pending = scene
            return
        self._pending = None
        self.model.set_scene(scene)
        self.model.sort(self.proxy.sort_column, self.proxy.sort_order)
        self._count()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column as wide as its contents ("Knowsley 005A, in Knowsley Village & Southdene" whole), the
        names at most half the table, so that the value beside them stays in view."""
        v = self.view
        for c in range(len(COLUMNS)):
            v.resizeColumnToContents(c)
        v.setColumnWidth(0, min(v.columnWidth(0), max(160, v.viewport().width() // 2)))

    def set_shown(self, shown: bool) -> None:
        """The table came into view (its dock shown, or its tab chosen) or went out of it."""
        self.shown = shown
        if shown and self._pending is not None:
            self.set_scene(self._pending)

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._count()

    def _count(self) -> None:
        n, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count.setText(f"{n:,} areas" if n == shown else f"{shown:,} of {n:,} areas")

    def _activated(self, index) -> None:
        if self._following or not index.isValid():
            return
        code = self.model.codes[self.proxy.mapToSource(index).row()]
        held = QGuiApplication.keyboardModifiers()
        self.area_chosen.emit(code, bool(held & (Qt.KeyboardModifier.ShiftModifier
                                                 | Qt.KeyboardModifier.ControlModifier)))

    def selected_codes(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows()
        return [self.model.codes[self.proxy.mapToSource(i).row()] for i in rows]

    def follow_selection(self, codes) -> None:
        """Select the rows of the areas selected on the map (without choosing them again)."""
        self._selection = tuple(codes)
        if self._pending is not None:
            return
        self._following = True
        try:
            sel = self.view.selectionModel()
            sel.clearSelection()
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            first = None
            wanted = set(codes)
            for row, code in enumerate(self.model.codes):
                if code in wanted:
                    index = self.proxy.mapFromSource(self.model.index(row, 0))
                    if index.isValid():
                        sel.select(index, flags)
                        first = first or index
            if first is not None:
                sel.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.view.scrollTo(first)
        finally:
            self._following = False
