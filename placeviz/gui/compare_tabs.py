"""The compare window's tabs under its maps, each a widget that lays out one result of
``placeviz.analysis``: the places compared (with dot charts), the ranking table, the two layers as one
bivariate map (legend, scatter plot, and the map's classes), and the IMD change summary."""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from placeviz.analysis.bivariate import STEVENS_PINK_BLUE
from placeviz.analysis.compare import sort_ranking
from placeviz.gui.compare_charts import BivariateLegend, DotChartDelegate, ScatterPlot
from placeviz.gui.plain_text import plain_label
from placeviz.model.catalog import get_layer
from placeviz.model.classify import Classified, LegendEntry
from placeviz.model.mapdata import MapData
from placeviz.model.palettes import NODATA_COLOUR

NO_CHANGE_TEXT = ("Compare two editions of the IMD (2015 and 2019, or 2019 and 2025) of one place to see which "
                  "neighbourhoods changed decile.")


# -- the places compared ------------------------------------------------------------------------------------

class PlacesTab(QWidget):
    """Each side's place (and the selected areas) on each side's layer: value, national rank and percentile,
    and the differences from its local authority, region and England, with a dot chart per row."""

    HEADERS = ("Area", "Layer", "Value", "Rank in England", "Percentile", "vs local authority", "vs region",
               "vs England", "England · region · area", "Note")
    DOTS = 8  # the dot chart's column

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegateForColumn(self.DOTS, DotChartDelegate(self.table))
        self.hint = plain_label("The places of both maps on both layers. Click areas on either map (Shift+click "
                           "to add more) to compare them too.")
        self.hint.setWordWrap(True)
        self.csv_btn = QPushButton("Export CSV…")
        self.csv_btn.setToolTip("This comparison as a table: values, ranks, percentiles and differences")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.csv_btn)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)

    def show_comparison(self, df) -> None:
        """Fill the table from ``analysis.compare.compare_areas``."""
        t = self.table
        t.clear()
        t.setColumnCount(len(self.HEADERS))
        t.setHorizontalHeaderLabels(self.HEADERS)
        t.setRowCount(len(df))
        spans = {}
        for lid, g in df.groupby("layer"):
            vals = np.concatenate([g[c].to_numpy(dtype="float64") for c in ("value", "region_value", "england_value")])
            vals = vals[np.isfinite(vals)]
            spans[lid] = (float(vals.min()), float(vals.max())) if vals.size else (np.nan, np.nan)
        for r, row in enumerate(df.itertuples(index=False)):
            layer = get_layer(row.layer)

            def diff(v, layer=layer):
                if v is None or not np.isfinite(v):
                    return ""
                return ("+" if v > 0 else "") + layer.format_value(v)

            rank = f"{int(row.rank):,} of {int(row.n_ranked):,} ({row.rank_basis})" if np.isfinite(row.rank) else ""
            cells = [row.area_name, layer.label, layer.format_value(row.value), rank,
                     f"{row.percentile:.0f}" if np.isfinite(row.percentile) else "",
                     diff(row.diff_la), diff(row.diff_region), diff(row.diff_england), "", row.note]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                if c == self.DOTS:
                    lo, hi = spans[row.layer]
                    pad = (hi - lo) * 0.05 if np.isfinite(hi - lo) else 0
                    item.setData(Qt.ItemDataRole.UserRole,
                                 (float(row.value), float(row.region_value), float(row.england_value),
                                  lo - pad, hi + pad))
                    item.setToolTip("Grey tick: England; blue tick: region; dot: the area")
                t.setItem(r, c, item)
        t.resizeColumnsToContents()
        t.setColumnWidth(self.DOTS, 160)
        t.horizontalHeader().setSectionResizeMode(len(self.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)


# -- the ranking table ------------------------------------------------------------------------------------

class RankingModel(QAbstractTableModel):
    """Every area of a place for a layer (``analysis.compare.ranking_table``), sortable by any column.
    A model, not a table of items, so all of England's 32,844 LSOAs show and sort at once."""

    COLUMNS = (("place_rank", "Rank here"), ("code", "Code"), ("name", "Name"), ("neighbourhood", "Neighbourhood"),
               ("lad_name", "Local authority"),
               ("value", "Value"), ("rank", "Rank in England"), ("decile", "Decile"), ("percentile", "Percentile"))

    def __init__(self, df, layer, parent=None):
        super().__init__(parent)
        self.layer = layer
        self.cols = [c for c in self.COLUMNS if not (c[0] == "decile" and df["decile"].isna().all())]
        self.cols = [(k, layer.label if k == "value" else label) for k, label in self.cols]
        self.df = df.reset_index(drop=True)
        self._rows = {}
        self._index_rows()

    def _index_rows(self) -> None:
        self._rows = {c: i for i, c in enumerate(self.df["code"])}
        # each column as a list: Qt asks data() for every cell and role when it sizes the columns, and a
        # DataFrame lookup per call took 0.2 s for Liverpool's 298 LSOAs, a list lookup a few milliseconds
        self._columns = [self.df[key].tolist() for key, _label in self.cols]

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.df)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self.cols)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.cols[section][1]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = self.cols[index.column()][0]
        v = self._columns[index.column()][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(v, str):
                return v
            if v is None or not np.isfinite(v):
                return ""
            if key == "value":
                return self.layer.format_value(v)
            if key == "percentile":
                return f"{v:.1f}"
            return f"{int(v):,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and not isinstance(v, str):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        self.layoutAboutToBeChanged.emit()
        self.df = sort_ranking(self.df, self.cols[column][0], descending=order == Qt.SortOrder.DescendingOrder)
        self._index_rows()
        self.layoutChanged.emit()

    def code_at(self, row: int) -> str:
        return str(self.df["code"].iat[row])

    def row_of(self, code: str) -> int:
        return self._rows.get(code, -1)


class RankingTab(QTableView):
    """Every area of the left map, sortable by any column; selecting rows selects their areas."""

    rows_selected = pyqtSignal(list)  # the codes of the rows the user selected

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSortingEnabled(True)
        self.ranking_model: RankingModel | None = None

    def show_ranking(self, df, layer) -> None:
        """Show ``analysis.compare.ranking_table``'s table, ranked (first column) ascending."""
        self.ranking_model = RankingModel(df, layer, self)
        self.setModel(self.ranking_model)
        self.selectionModel().selectionChanged.connect(self._selection_changed)
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.resizeColumnsToContents()

    def _selection_changed(self, *_args) -> None:
        self.rows_selected.emit([self.ranking_model.code_at(r) for r in self.selected_rows()])

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.selectionModel().selectedRows()})

    def select_rows(self, rows) -> None:
        """Select rows, as a user clicking them would (``rows_selected`` follows)."""
        m = self.ranking_model
        sm = self.selectionModel()
        sm.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in rows:
            sm.select(m.index(r, 0), flags)

    def show_selected(self, codes) -> None:
        """Select (and scroll to) the rows of ``codes``, selected elsewhere, without ``rows_selected``."""
        m = self.ranking_model
        if m is None:
            return
        sm = self.selectionModel()
        sm.blockSignals(True)
        sm.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for code in codes:
            r = m.row_of(code)
            if r >= 0:
                sm.select(m.index(r, 0), flags)
                self.scrollTo(m.index(r, 0))
        sm.blockSignals(False)
        self.viewport().update()


# -- two layers: bivariate ----------------------------------------------------------------------------------

class BivariateTab(QWidget):
    """The two sides' layers as one 3 x 3 bivariate map of the left place: its legend, a scatter plot linked
    to the maps, and a button that draws it on the left map."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.legend = BivariateLegend()
        self.scatter = ScatterPlot()
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.draw_btn = QPushButton("Draw on the left map")
        self.draw_btn.setToolTip("Colour the left map by both layers (3 x 3 classes)")
        self.draw_btn.setCheckable(True)
        self.change_btn = QPushButton("Show the change between the editions")
        self.change_btn.setToolTip("The Change tab: which neighbourhoods moved decile, matched across the "
                                   "boundary change")
        self.change_btn.hide()
        side = QVBoxLayout()
        side.addWidget(self.draw_btn)
        side.addWidget(self.change_btn)
        side.addWidget(self.text, 1)
        lay = QHBoxLayout(self)
        lay.addWidget(self.legend)
        lay.addWidget(self.scatter, 1)
        lay.addLayout(side, 1)

    def show_bivariate(self, b, why: str | None = None, offer_change: bool = False) -> None:
        """Show ``analysis.bivariate.bivariate_map``'s result, or say ``why`` there is none; with
        ``offer_change`` (two boundary years), a button leads to the Change tab."""
        self.legend.set_bivariate(b)
        self.scatter.set_bivariate(b)
        self.text.setText(b.legend_description() if b is not None else (why or ""))
        self.draw_btn.setEnabled(b is not None)
        self.draw_btn.setVisible(b is not None or not offer_change)
        self.change_btn.setVisible(b is None and offer_change)


def bivariate_map_data(b):
    """A MapData of the bivariate map's areas (value = the across layer), for the scene builder."""
    frame = b.frame.drop(columns=["geometry"], errors="ignore").copy()
    frame["value"] = frame["x"]
    national = frame.set_index("code")[["value"]]
    return MapData(place=b.place, layer=b.layer_x, level=level_of(b.boundary_set), boundary_set=b.boundary_set,
                   frame=frame, national=national, note=b.note or None)


def level_of(set_name: str) -> str:
    """The geography level of a boundary set ('lsoa21' -> 'lsoa')."""
    return "lsoa" if set_name.startswith("lsoa") else "msoa" if set_name.startswith("msoa") else "la"


def bivariate_classified(b):
    """The 3 x 3 classes as a Classified (class = 3 * y + x), so the ordinary painter draws them."""
    xc = b.frame["x_class"].to_numpy()
    yc = b.frame["y_class"].to_numpy()
    classes = np.where((xc >= 0) & (yc >= 0), 3 * yc + xc, -1).astype("int64")
    colours = tuple(STEVENS_PINK_BLUE[i // 3][i % 3] for i in range(9))
    counts = np.bincount(classes[classes >= 0], minlength=9)[:9]
    nx, ny = b.third_names(b.layer_x), b.third_names(b.layer_y)
    legend = [LegendEntry(f"{b.layer_x.label}: {nx[i % 3]}; {b.layer_y.label}: {ny[i // 3]}", colours[i],
                          int(counts[i])) for i in range(9)]
    nodata = int((classes < 0).sum())
    if nodata:
        legend.append(LegendEntry("No data on one of the layers", NODATA_COLOUR, nodata, nodata=True))
    return Classified("bivariate", np.arange(9, dtype="float64"), classes, colours, legend, counts, b.note or None)


# -- the IMD change -------------------------------------------------------------------------------------------

class ChangeTab(QWidget):
    """For two consecutive IMD editions of one place (or of one of its domains): decile movements per local
    authority, and a button that maps the decile change."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = plain_label(NO_CHANGE_TEXT)
        self.text.setWordWrap(True)
        self.map_btn = QPushButton("Map the change on the right")
        self.map_btn.setToolTip("Decile change per neighbourhood; areas that cannot be compared are named")
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.map_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)

    def show_change(self, change) -> None:
        """Show ``analysis.change.imd_change``'s summary, or (None) what this tab is for."""
        t = self.table
        t.setSortingEnabled(False)
        t.clear()
        self.map_btn.setEnabled(change is not None)
        if change is None:
            t.setRowCount(0)
            t.setColumnCount(0)
            self.text.setText(NO_CHANGE_TEXT)
            return
        mv = change.decile_movements()
        old, new = change.period.split("-")
        what = "IMD" if change.domain == "imd" else f"IMD {change.domain} domain"
        self.text.setText(  # plain text, as every label: markup here showed as '<b>' and '<br>'
            f"{what} {old} → {new}, {change.place.name}: {mv['compared']:,} neighbourhoods compared"
            + (f", {mv['not_compared']:,} not compared (flagged)" if mv["not_compared"] else "")
            + f". Entered the most deprived 10%: {mv['entered_most_deprived_10pc']}; left it: "
            f"{mv['left_most_deprived_10pc']}. {mv['more_deprived_decile']:,} moved to a more deprived "
            f"decile, {mv['less_deprived_decile']:,} to a less deprived one.\n{change.method}")
        df = change.summary
        # counted on the areas compared (2021 neighbourhoods for 2019 -> 2025): a map of the earlier edition
        # counts its own 2011 neighbourhoods, and said 46 beside this table's 47
        on = f"20{change.boundary_set[-2:]} areas"  # lsoa21: 2021 areas
        labels = {"lad_name": "Local authority", "areas": f"Areas ({on[:4]})", "compared": "Compared",
                  f"d1_{old}": f"Most deprived 10% ({old}, on {on})", f"d1_{new}": f"Most deprived 10% ({new})",
                  "entered_d1": "Entered", "left_d1": "Left", "net_d1": "Net",
                  "more_deprived_decile": "More deprived decile", "same_decile": "Same decile",
                  "less_deprived_decile": "Less deprived decile", "split": "Split (S)",
                  "merged": "Merged (M)", "not_compared_irregular": "Not compared (X)"}
        cols = [c for c in labels if c in df.columns]
        t.setColumnCount(len(cols))
        t.setHorizontalHeaderLabels([labels[c] for c in cols])
        t.setRowCount(len(df))
        for r, row in enumerate(df[cols].itertuples(index=False)):
            for c, v in enumerate(row):
                item = QTableWidgetItem()
                if isinstance(v, str):
                    item.setText(v)
                else:
                    item.setData(Qt.ItemDataRole.DisplayRole, int(v))
                t.setItem(r, c, item)
        t.setSortingEnabled(True)
        t.resizeColumnsToContents()
