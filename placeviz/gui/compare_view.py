"""The split view: two maps side by side, each with its own spec (place, layer, year), views linked.

A shared scale (on by default) classifies both maps with one set of breaks (national deciles, or pooled
breaks through ``placeviz.analysis.compare.classify_pair``) so a colour means the same value on both, and
each legend says so. Pan and zoom are synchronised until "Link views" is unticked. Below the maps:

- *Comparison*: each side's place on each side's layer: value, national rank and percentile, and the
  difference from its region and England, with a small dot chart per row (the place's dot against its
  region's and England's ticks, on one axis per layer);
- *Ranking*: every area of the left map, sortable by any column and linked to the map (select a row to
  see the area; click an area to find its row);
- *Two layers*: the two sides' layers as one 3 x 3 bivariate map of the left place, with its 2-D legend
  and a scatter plot linked to the map (drag a box over points to select their areas; select areas to
  see their points), across geographies (an LSOA lights its MSOA's point);
- *Change*: for two consecutive IMD editions of one place (or of one of its domains), decile movements
  per local authority (into and out of the most deprived 10%) and a button that maps the decile change,
  split, merged and irregular 2021 LSOAs handled as ``placeviz.analysis.change`` describes.

Selections cross maps: an area clicked on one map is outlined on the other, through the 2011/2021 LSOA
lookup where the maps use different LSOAs.

All the numbers come from plain-Python functions (``placeviz.analysis``), tested without Qt; this module
only lays them out.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PyQt6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    pyqtSignal,
)
from PyQt6.QtGui import QColor, QFont, QPainter, QPen
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.canvas import MapCanvas
from placeviz.gui.panels import LegendWidget, fill_year_combo
from placeviz.gui.workers import run_task
from placeviz.model.errors import UserError
from placeviz.model.spec import LEVEL_NAMES, LEVELS, Classification, MapSpec

NEXT_EDITION = {"imd2015": "imd2019", "imd2019": "imd2025"}


def guarded(method):
    """A slot that shows any error as a message instead of letting it end the app."""
    import functools

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # a bug or bad input: a message, and the window stays usable
            self.show_error(exc)
            return None

    return wrapper


def imd_period(specs) -> tuple[str, str] | None:
    """(period, domain) when two specs show consecutive editions of the IMD (or of one of its domains) of
    one place, e.g. ('2019-2025', 'imd'); else None."""
    from placeviz.analysis.change import edition_pair

    a, b = specs[0], specs[1]
    if a.place != b.place:
        return None
    return edition_pair(a.layer, b.layer) or edition_pair(b.layer, a.layer)


def partner_spec(spec: MapSpec) -> MapSpec:
    """The map first shown beside ``spec``: the next IMD edition for an IMD layer (2015 -> 2019 -> 2025,
    domains too), otherwise the same map, for the user to change its place or layer."""
    from placeviz.model.catalog import load_catalog

    cat = load_catalog()
    layer = spec.layer
    for old, new in NEXT_EDITION.items():
        if layer == old or layer.startswith(old + "_"):
            candidate = new + layer[len(old):]
            if candidate in cat:
                return spec.with_(layer=candidate, selection=())
    return spec.with_(selection=())


# -- one side -------------------------------------------------------------------------------------------

class MapPane(QWidget):
    """One side: place and layer pickers, title, canvas and legend."""

    spec_edited = pyqtSignal(object)  # a new MapSpec from this pane's controls

    def __init__(self, side: str, parent=None):
        super().__init__(parent)
        from placeviz.model.catalog import load_catalog
        from placeviz.model.geography import list_places

        self.side = side
        self.spec: MapSpec | None = None
        self.place = QLineEdit()
        self.place.setPlaceholderText("Place (local authority, region, England…)")
        names = [p.name for p in list_places()]
        comp = QCompleter(names, self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        self.place.setCompleter(comp)
        self.layer = QComboBox()
        for layer in load_catalog():
            self.layer.addItem(layer.title, layer.id)
        self.year = QComboBox()
        self.year.setToolTip("Year, for layers published as a yearly series")
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.canvas = MapCanvas()
        self.legend = LegendWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.legend)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(250)
        scroll.setMaximumWidth(320)
        controls = QHBoxLayout()
        controls.addWidget(self.place, 2)
        controls.addWidget(self.layer, 3)
        controls.addWidget(self.year, 1)
        body = QHBoxLayout()
        body.addWidget(self.canvas, 1)
        body.addWidget(scroll)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(controls)
        lay.addWidget(self.title)
        lay.addLayout(body, 1)
        self.place.returnPressed.connect(self._place_entered)
        comp.activated.connect(lambda _t: self._place_entered())
        self.layer.activated.connect(self._layer_chosen)
        self.year.activated.connect(self._year_chosen)

    def set_spec(self, spec: MapSpec) -> None:
        from placeviz.model.catalog import get_layer

        self.spec = spec
        self.place.setText(spec.place)
        i = self.layer.findData(spec.layer)
        if i < 0:  # a layer added at run time (imported, or a change layer)
            self.layer.addItem(get_layer(spec.layer).title, spec.layer)
            i = self.layer.count() - 1
        self.layer.setCurrentIndex(i)
        layer = get_layer(spec.layer)
        fill_year_combo(self.year, layer, spec.year)
        self.year.setVisible(bool(layer.series))

    def _place_entered(self) -> None:
        if self.spec is not None and self.place.text().strip() != self.spec.place:
            self.spec_edited.emit(("place", self.place.text().strip()))

    def _layer_chosen(self, i: int) -> None:
        if self.spec is not None and self.layer.itemData(i) != self.spec.layer:
            self.spec_edited.emit(("layer", self.layer.itemData(i)))

    def _year_chosen(self, i: int) -> None:
        if self.spec is not None:
            self.spec_edited.emit(("year", self.year.itemData(i)))


# -- the ranking table's model ----------------------------------------------------------------------

class RankingModel(QAbstractTableModel):
    """Every area of a place for a layer (``analysis.compare.ranking_table``), sortable by any column.
    A model, not a table of items, so all of England's 32,844 LSOAs show and sort at once."""

    COLUMNS = (("place_rank", "Rank here"), ("code", "Code"), ("name", "Name"), ("lad_name", "Local authority"),
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
        v = self.df.iat[index.row(), self.df.columns.get_loc(key)]
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
        from placeviz.analysis.compare import sort_ranking

        self.layoutAboutToBeChanged.emit()
        self.df = sort_ranking(self.df, self.cols[column][0], descending=order == Qt.SortOrder.DescendingOrder)
        self._index_rows()
        self.layoutChanged.emit()

    def code_at(self, row: int) -> str:
        return str(self.df["code"].iat[row])

    def row_of(self, code: str) -> int:
        return self._rows.get(code, -1)


# -- small painted widgets ------------------------------------------------------------------------------

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


class ScatterPlot(QWidget):
    """Points (x, y) coloured by their bivariate class; drag a box to select, selected points ringed."""

    brushed = pyqtSignal(list)  # codes inside the dragged box

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
        return QRectF(46, 10, max(self.width() - 56, 10), max(self.height() - 46, 10))

    def _ranges(self):
        d = self.data
        x0, x1 = float(d.x.min()), float(d.x.max())
        y0, y1 = float(d.y.min()), float(d.y.max())
        px, py = (x1 - x0) * 0.04 or 1.0, (y1 - y0) * 0.04 or 1.0
        return x0 - px, x1 + px, y0 - py, y1 + py

    def _flips(self) -> tuple[bool, bool]:
        """Axes run towards the worse end, as the legend's do (life expectancy: shorter to the top)."""
        b = self.bivariate
        return b._flip(b.layer_x), b._flip(b.layer_y)

    def to_screen(self, x: float, y: float) -> QPointF:
        r = self._plot_rect()
        x0, x1, y0, y1 = self._ranges()
        fx, fy = self._flips()
        tx = (x - x0) / (x1 - x0)
        ty = (y - y0) / (y1 - y0)
        tx, ty = (1 - tx if fx else tx), (1 - ty if fy else ty)
        return QPointF(r.left() + tx * r.width(), r.bottom() - ty * r.height())

    def to_data(self, pt: QPointF) -> tuple[float, float]:
        r = self._plot_rect()
        x0, x1, y0, y1 = self._ranges()
        fx, fy = self._flips()
        tx = (pt.x() - r.left()) / r.width()
        ty = (r.bottom() - pt.y()) / r.height()
        tx, ty = (1 - tx if fx else tx), (1 - ty if fy else ty)
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
        p.setPen(QColor("#1b1b1b"))
        p.drawText(QRectF(r.left(), r.bottom() + 4, r.width(), 30), int(Qt.AlignmentFlag.AlignHCenter),
                   b.axis_label("x"))
        x0, x1, y0, y1 = self._ranges()
        fx, fy = self._flips()
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 6))
        p.setFont(small)
        p.setPen(QColor("#555555"))
        lo_x, hi_x = (x1, x0) if fx else (x0, x1)
        p.drawText(QRectF(r.left(), r.bottom() + 2, 80, 16), int(Qt.AlignmentFlag.AlignLeft),
                   b.layer_x.format_value(lo_x))
        p.drawText(QRectF(r.right() - 80, r.bottom() + 2, 80, 16), int(Qt.AlignmentFlag.AlignRight),
                   b.layer_x.format_value(hi_x))
        lo_y, hi_y = (y1, y0) if fy else (y0, y1)
        p.drawText(QRectF(r.left() + 3, r.bottom() - 16, 90, 14), int(Qt.AlignmentFlag.AlignLeft),
                   b.layer_y.format_value(lo_y))
        p.drawText(QRectF(r.left() + 3, r.top() + 1, 90, 14), int(Qt.AlignmentFlag.AlignLeft),
                   b.layer_y.format_value(hi_y))
        p.setFont(self.font())
        p.setPen(QColor("#1b1b1b"))
        p.save()
        p.translate(12, r.bottom())
        p.rotate(-90)
        label = p.fontMetrics().elidedText(b.axis_label("y"), Qt.TextElideMode.ElideMiddle, int(r.height()))
        p.drawText(QRectF(0, -12, r.height(), 24), int(Qt.AlignmentFlag.AlignHCenter), label)
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


# -- the window -------------------------------------------------------------------------------------------

class CompareWindow(QMainWindow):
    """Two maps side by side with a shared scale and linked views, and the comparison tables."""

    ready = pyqtSignal()  # both maps loaded, classified and shown

    def __init__(self, spec: MapSpec | None = None, parent=None, right: MapSpec | None = None,
                 load: bool = True):
        super().__init__(parent)
        spec = spec or MapSpec()
        self.specs: list[MapSpec] = [spec.with_(selection=()), right or partner_spec(spec)]
        self.scenes: list = [None, None]
        self.pair = None
        self.bivariate = None
        self.ranking = None
        self.last_error: str | None = None
        self._loading = [False, False]
        self._fit = [True, True]
        self._syncing = False
        self.setWindowTitle("Compare side by side — placeviz")
        self.resize(1500, 950)
        self._build()
        for i in (0, 1):
            self.panes[i].set_spec(self.specs[i])
        if load:
            self.load()

    # -- construction ------------------------------------------------------------------------------------
    def _build(self) -> None:
        tb = QToolBar("Compare")
        tb.setMovable(False)
        self.addToolBar(tb)
        tb.addWidget(QLabel(" Show "))
        self.level = QComboBox()
        for lv in LEVELS:
            self.level.addItem(LEVEL_NAMES[lv], lv)
        self.level.setCurrentIndex(LEVELS.index(self.specs[0].level))
        tb.addWidget(self.level)
        tb.addSeparator()
        self.link = QCheckBox("Link views")
        self.link.setChecked(True)
        self.link.setToolTip("Pan and zoom both maps together")
        self.shared = QCheckBox("Shared scale")
        self.shared.setChecked(True)
        self.shared.setToolTip("One set of class breaks across both maps, so a colour means the same value")
        tb.addWidget(self.link)
        tb.addWidget(self.shared)
        tb.addSeparator()
        self.swap_btn = QPushButton("Swap sides")
        self.export_btn = QPushButton("Export HTML…")
        self.export_btn.setToolTip("Both maps in one web page that works offline, views synchronised")
        tb.addWidget(self.swap_btn)
        tb.addWidget(self.export_btn)
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background:#fff4d6;color:#5a4300;border:1px solid #f0d58a;padding:6px 10px;")

        self.panes = [MapPane("left"), MapPane("right")]
        maps = QSplitter(Qt.Orientation.Horizontal)
        for pane in self.panes:
            maps.addWidget(pane)
        self.tabs = QTabWidget()
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegateForColumn(8, DotChartDelegate(self.table))
        self.rank_table = QTableView()
        self.rank_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rank_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rank_table.setSortingEnabled(True)
        self.rank_model: RankingModel | None = None
        biv = QWidget()
        bl = QHBoxLayout(biv)
        self.biv_legend = BivariateLegend()
        self.scatter = ScatterPlot()
        self.biv_text = QLabel()
        self.biv_text.setWordWrap(True)
        self.biv_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.biv_text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.biv_btn = QPushButton("Draw on the left map")
        self.biv_btn.setToolTip("Colour the left map by both layers (3 x 3 classes)")
        self.biv_btn.setCheckable(True)
        side = QVBoxLayout()
        side.addWidget(self.biv_btn)
        side.addWidget(self.biv_text, 1)
        bl.addWidget(self.biv_legend)
        bl.addWidget(self.scatter, 1)
        bl.addLayout(side, 1)
        comp = QWidget()
        cv = QVBoxLayout(comp)
        cv.setContentsMargins(2, 2, 2, 2)
        crow = QHBoxLayout()
        self.comp_hint = QLabel("The places of both maps on both layers. Click areas on either map (Shift+click "
                                "to add more) to compare them too.")
        self.comp_hint.setWordWrap(True)
        self.csv_btn = QPushButton("Export CSV…")
        self.csv_btn.setToolTip("This comparison as a table: values, ranks, percentiles and differences")
        crow.addWidget(self.comp_hint, 1)
        crow.addWidget(self.csv_btn)
        cv.addLayout(crow)
        cv.addWidget(self.table, 1)
        self.comparison = None
        self.tabs.addTab(comp, "Comparison")
        self.tabs.addTab(self.rank_table, "Ranking")
        self.tabs.addTab(biv, "Two layers (bivariate)")
        chg = QWidget()
        cl = QVBoxLayout(chg)
        self.change_text = QLabel("Compare two editions of the IMD (2015 and 2019, or 2019 and 2025) of one "
                                  "place to see which neighbourhoods changed decile.")
        self.change_text.setWordWrap(True)
        self.change_btn = QPushButton("Map the change on the right")
        self.change_btn.setToolTip("Decile change per neighbourhood; areas that cannot be compared are named")
        self.change_table = QTableWidget()
        self.change_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.change_table.setSortingEnabled(True)
        row = QHBoxLayout()
        row.addWidget(self.change_text, 1)
        row.addWidget(self.change_btn)
        cl.addLayout(row)
        cl.addWidget(self.change_table, 1)
        self.change = None
        self.tabs.addTab(chg, "Change")
        outer = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.note)
        tl.addWidget(maps, 1)
        outer.addWidget(top)
        outer.addWidget(self.tabs)
        outer.setSizes([640, 300])
        self.setCentralWidget(outer)

        for i, pane in enumerate(self.panes):
            pane.spec_edited.connect(lambda change, i=i: self._edited(i, change))
            pane.canvas.view_changed.connect(lambda i=i: self._sync_view(i))
            pane.canvas.clicked.connect(lambda code, add, i=i: self._clicked(i, code, add))
        self.level.activated.connect(self._level_chosen)
        self.shared.toggled.connect(lambda _on: self._recolour())
        self.link.toggled.connect(lambda on: on and self._sync_view(0))
        self.swap_btn.clicked.connect(self.swap)
        self.export_btn.clicked.connect(lambda: self.export_html())
        self.csv_btn.clicked.connect(lambda: self.export_csv())
        self.scatter.brushed.connect(self._brushed)
        self.biv_btn.toggled.connect(lambda _on: self._show_bivariate_on_map())
        self.change_btn.clicked.connect(self.map_change)

    # -- loading -------------------------------------------------------------------------------------------
    def load(self, sides=(0, 1)) -> None:
        from placeviz.render.scene import build_scene, light_map_data

        for i in sides:
            spec = self.specs[i]
            self._loading[i] = True
            self.panes[i].canvas.busy_text = f"Loading {spec.place}…"
            self.panes[i].canvas.update()

            def work(_progress, spec=spec):
                md = light_map_data(spec.place, spec.level, spec.layer, spec.year)
                scene = build_scene(spec, md=md)
                scene.outlines.geometry.label_points()
                return scene

            run_task(work, lambda scene, i=i: self._loaded(i, scene), lambda exc, i=i: self._failed(i, exc),
                     channel=f"compare-{id(self)}-{i}", owner=self)

    @guarded
    def _loaded(self, i: int, scene) -> None:
        self._loading[i] = False
        self.scenes[i] = scene
        self.panes[i].canvas.busy_text = None
        if any(self._loading):
            return
        self._recolour()
        self._load_tables()

    def _failed(self, i: int, exc) -> None:
        self._loading[i] = False
        self.panes[i].canvas.busy_text = None
        self.panes[i].canvas.update()
        self.show_error(exc)

    @property
    def busy(self) -> bool:
        return any(self._loading)

    # -- classes, legends, titles --------------------------------------------------------------------------
    @guarded
    def _recolour(self) -> None:
        from placeviz.analysis.compare import classify_pair

        if any(s is None for s in self.scenes):
            return
        try:
            self.pair = classify_pair([s.data for s in self.scenes], [s.classification for s in self.specs],
                                      shared=self.shared.isChecked())
        except UserError as exc:
            self.show_error(exc)
            return
        for i in (0, 1):
            scene = self.scenes[i].recolour(self.pair.classified[i])
            self.scenes[i] = scene
            canvas = self.panes[i].canvas
            if i == 0 and self.biv_btn.isChecked() and self.bivariate is not None:
                continue  # the left map shows the bivariate colours
            first = canvas.scene is None or self._fit[i]
            if first:
                canvas.set_scene(scene, fit=True)
                self._fit[i] = False
            else:
                canvas.set_scene(scene, fit=False, extent=None)
            self._update_legend(i)
        if self.link.isChecked():
            self._sync_view(0)
        self._update_titles()
        self.ready.emit()

    def _update_legend(self, i: int) -> None:
        scene = self.scenes[i]
        md = scene.data
        notes = [n for n in (self.pair.note if self.pair else None, md.note) if n]
        self.panes[i].legend.set_legend(scene.classified, md.layer, note=" ".join(notes), period=md.period)

    def _update_titles(self) -> None:
        for i in (0, 1):
            md = self.scenes[i].data
            self.panes[i].title.setText(f"<b>{md.layer.title}</b>, {md.place.name} · {md.period}")
        notes = [self.pair.note] if self.pair else []
        notes += [n for n in dict.fromkeys(s.data.note for s in self.scenes) if n]
        self.note.setText("  ".join(notes))

    # -- edits ------------------------------------------------------------------------------------------------
    @guarded
    def _edited(self, i: int, change) -> None:
        from placeviz.model import viewstate
        from placeviz.model.geography import resolve_place

        what, value = change
        try:
            spec = self.specs[i]
            if what == "place":
                new = spec.with_(place=resolve_place(value).name, extent=None, selection=())
                self._fit = [True, True] if self.link.isChecked() else [i == 0, i == 1]
            elif what == "layer":
                new = viewstate.with_layer(spec, value)
            else:
                new = spec.with_(year=value)
        except UserError as exc:
            self.show_error(exc)
            self.panes[i].set_spec(self.specs[i])
            return
        self.set_spec(i, new)

    def set_spec(self, i: int, spec: MapSpec) -> None:
        """Show ``spec`` on side ``i`` (0 = left, 1 = right)."""
        from placeviz.model import viewstate
        from placeviz.model.catalog import get_layer

        layer = get_layer(spec.layer)
        if spec.classification.scheme == "national_deciles" and not layer.has_deciles:
            spec = spec.with_(classification=viewstate.default_classification(layer))
        self.specs[i] = spec
        self.panes[i].set_spec(spec)
        self.load((i,))

    @guarded
    def _level_chosen(self, index: int) -> None:
        level = self.level.itemData(index)
        self.specs = [s.with_(level=level, selection=()) for s in self.specs]
        self.load()

    @guarded
    def swap(self) -> None:
        self.specs = self.specs[::-1]
        self.scenes = self.scenes[::-1]
        for i in (0, 1):
            self.panes[i].set_spec(self.specs[i])
        self._recolour()
        self._load_tables()

    # -- linked views ---------------------------------------------------------------------------------------
    @guarded
    def _sync_view(self, source: int) -> None:
        if self._syncing or not self.link.isChecked():
            return
        a, b = self.panes[source].canvas, self.panes[1 - source].canvas
        if b.scene is None:
            return
        self._syncing = True
        try:
            b.scale, b.cx, b.cy = a.scale, a.cx, a.cy
            b.view_changed.emit()
            b.update()
            b._settle.start(140)  # redraw properly when the motion pauses, as the canvas itself does
        finally:
            self._syncing = False

    # -- selection -------------------------------------------------------------------------------------------
    @guarded
    def _clicked(self, i: int, code, add: bool) -> None:
        sel = list(self.selection())
        if code is None:
            codes = tuple(sel) if add else ()
        elif add:
            codes = tuple(c for c in sel if c != code) if code in sel else (*sel, code)
        else:
            codes = (code,)
        self.select(codes, source=i)
        self._load_comparison()

    def select(self, codes, source: int | None = None) -> None:
        """Outline ``codes`` on both maps (where they are shown), their rows and their scatter points."""
        from placeviz.analysis.bivariate import translate_codes

        codes = tuple(codes)
        for pane in self.panes:
            c = pane.canvas
            if c.scene is not None:  # an MSOA brushed in the scatter outlines its LSOAs, and so on
                mapped = translate_codes(codes, c.scene.data.boundary_set) if codes else []
                shown = tuple(x for x in mapped if c.scene.geometry.index.get(x, -1) >= 0)
                c.set_overlay(shown, c.scene.highlight)
        self._selected = codes
        b = self.bivariate
        self.scatter.set_selected(b.codes_for(codes) if b is not None and codes else codes)
        m = self.rank_model
        if source != "table" and m is not None:
            sm = self.rank_table.selectionModel()
            sm.blockSignals(True)
            sm.clearSelection()
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for code in codes:
                r = m.row_of(code)
                if r >= 0:
                    sm.select(m.index(r, 0), flags)
                    self.rank_table.scrollTo(m.index(r, 0))
            sm.blockSignals(False)
            self.rank_table.viewport().update()

    def selection(self) -> tuple[str, ...]:
        """The areas selected (on either map, in the ranking table or the scatter plot)."""
        return tuple(getattr(self, "_selected", ()))

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.rank_table.selectionModel().selectedRows()})

    def select_rank_rows(self, rows) -> None:
        """Select rows of the ranking table, as a user clicking them would."""
        m = self.rank_model
        sm = self.rank_table.selectionModel()
        sm.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in rows:
            sm.select(m.index(r, 0), flags)

    @guarded
    def _rank_row_selected(self, *_args) -> None:
        codes = [self.rank_model.code_at(r) for r in self.selected_rows()]
        self.select(codes, source="table")
        if len(codes) == 1:
            self.centre_on(codes[0])
        self._load_comparison()

    def centre_on(self, code: str) -> None:
        c = self.panes[0].canvas
        if c.scene is None:
            return
        r = c.scene.geometry.index.get(code, -1)
        if r < 0:
            return
        xmin, ymin, xmax, ymax = c.scene.geometry.extent(np.array([r]))
        c.cx, c.cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        c._moved()

    @guarded
    def _brushed(self, codes) -> None:
        self.select(codes, source="scatter")

    # -- tables ---------------------------------------------------------------------------------------------
    def _load_tables(self) -> None:
        from placeviz.analysis.compare import compare_areas, ranking_table

        specs = list(self.specs)
        places = list(dict.fromkeys(s.place for s in specs))
        layers = list(dict.fromkeys(s.layer for s in specs))
        years = {s.layer: s.year for s in specs if s.year}
        selected = self.selection()

        def work(_p):
            from placeviz.analysis.bivariate import bivariate_map

            comp = compare_areas(list(dict.fromkeys(places + list(selected))), layers, years)
            rank = ranking_table(specs[0].place, specs[0].layer, specs[0].level, specs[0].year)
            biv, why = None, None
            if specs[0].layer != specs[1].layer:
                try:
                    biv = bivariate_map(specs[0].place, specs[0].layer, specs[1].layer, specs[0].level,
                                        specs[0].year, specs[1].year, geometry=False)
                except UserError as exc:
                    why = str(exc)
            else:
                why = "Choose a different layer on the right to see the two layers together."
            change = None
            pair = imd_period(specs)
            if pair is not None:
                from placeviz.analysis.change import imd_change

                change = imd_change(pair[0], specs[0].place, pair[1])
            return comp, rank, biv, why, change

        run_task(work, self._tables_ready, self.show_error, channel=f"compare-tables-{id(self)}", owner=self)

    @guarded
    def _tables_ready(self, result) -> None:
        comp, rank, biv, why, change = result
        self.comparison = comp
        showing_change = any("_change_" in s.layer for s in self.specs)
        if change is not None or not showing_change:  # keep the summary while its change map is shown
            self._fill_change(change)
        self._fill_comparison(comp)
        self._fill_ranking(rank)
        self.bivariate = biv
        self.biv_legend.set_bivariate(biv)
        self.scatter.set_bivariate(biv)
        self.biv_text.setText(biv.legend_description() if biv is not None else (why or ""))
        self.biv_btn.setEnabled(biv is not None)
        if self.biv_btn.isChecked():
            self._show_bivariate_on_map()

    def _load_comparison(self) -> None:
        """Recompute the comparison table with the selected areas added to the two places."""
        from placeviz.analysis.compare import compare_areas

        specs = list(self.specs)
        areas = list(dict.fromkeys([s.place for s in specs] + list(self.selection())))
        layers = list(dict.fromkeys(s.layer for s in specs))
        years = {s.layer: s.year for s in specs if s.year}

        def done(df):
            self.comparison = df
            self._fill_comparison(df)

        run_task(lambda _p: compare_areas(areas, layers, years), done, self.show_error,
                 channel=f"compare-areas-{id(self)}", owner=self)

    def export_csv(self, path: str | None = None) -> str | None:
        """Write the comparison table (one row per area and layer) as CSV."""
        from placeviz.analysis.compare import write_csv

        if self.comparison is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the comparison as CSV", "comparison.csv",
                                                  "CSV (*.csv)")
            if not path:
                return None
        try:
            write_csv(self.comparison, path)
        except UserError as exc:
            self.show_error(exc)
            return None
        self.statusBar().showMessage(f"Saved {path}", 6000)
        return path

    def _fill_comparison(self, df) -> None:
        from placeviz.model.catalog import get_layer

        headers = ["Area", "Layer", "Value", "Rank in England", "Percentile", "vs local authority",
                   "vs region", "vs England", "England · region · area", "Note"]
        t = self.table
        t.clear()
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
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

            rank = f"{int(row.rank):,} of {int(row.n_ranked):,}" if np.isfinite(row.rank) else ""
            cells = [row.area_name, layer.label, layer.format_value(row.value), rank,
                     f"{row.percentile:.0f}" if np.isfinite(row.percentile) else "",
                     diff(row.diff_la), diff(row.diff_region), diff(row.diff_england), "", row.note]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                if c == 8:
                    lo, hi = spans[row.layer]
                    pad = (hi - lo) * 0.05 if np.isfinite(hi - lo) else 0
                    item.setData(Qt.ItemDataRole.UserRole,
                                 (float(row.value), float(row.region_value), float(row.england_value),
                                  lo - pad, hi + pad))
                    item.setToolTip("Grey tick: England; blue tick: region; dot: the area")
                t.setItem(r, c, item)
        t.resizeColumnsToContents()
        t.setColumnWidth(8, 160)
        t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)

    def _fill_ranking(self, df) -> None:
        from placeviz.model.catalog import get_layer

        self.ranking = df
        layer = get_layer(self.specs[0].layer)
        self.rank_model = RankingModel(df, layer, self.rank_table)
        self.rank_table.setModel(self.rank_model)
        self.rank_table.selectionModel().selectionChanged.connect(self._rank_row_selected)
        self.rank_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.rank_table.resizeColumnsToContents()
        self.tabs.setTabText(1, f"Ranking: {layer.label}, {self.specs[0].place}")
        if self.selection():
            self.select(self.selection())

    def _fill_change(self, change) -> None:
        self.change = change
        t = self.change_table
        t.setSortingEnabled(False)
        t.clear()
        self.change_btn.setEnabled(change is not None)
        if change is None:
            t.setRowCount(0)
            t.setColumnCount(0)
            self.change_text.setText("Compare two editions of the IMD (2015 and 2019, or 2019 and 2025) of one "
                                     "place to see which neighbourhoods changed decile.")
            return
        mv = change.decile_movements()
        old, new = change.period.split("-")
        what = "IMD" if change.domain == "imd" else f"IMD {change.domain} domain"
        self.change_text.setText(
            f"<b>{what} {old} → {new}, {change.place.name}</b>: {mv['compared']:,} neighbourhoods compared"
            + (f", {mv['not_compared']:,} not compared (flagged)" if mv["not_compared"] else "")
            + f". Entered the most deprived 10%: <b>{mv['entered_most_deprived_10pc']}</b>; left it: "
            f"<b>{mv['left_most_deprived_10pc']}</b>. {mv['more_deprived_decile']:,} moved to a more deprived "
            f"decile, {mv['less_deprived_decile']:,} to a less deprived one.<br><i>{change.method}</i>")
        df = change.summary
        labels = {"lad_name": "Local authority", "areas": "Areas", "compared": "Compared",
                  f"d1_{old}": f"Most deprived 10% ({old})", f"d1_{new}": f"Most deprived 10% ({new})",
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

    @guarded
    def map_change(self) -> None:
        """Show the decile change of the two IMD editions on the right map."""
        from placeviz.analysis.change import DECILE_CHANGE_BREAKS, change_layer, change_layer_id

        if self.change is None:
            return
        layer = change_layer(change_layer_id(self.change.period, self.change.domain))
        self.shared.setChecked(False)
        self.set_spec(1, self.specs[0].with_(layer=layer.id, year=None, classification=Classification(
            "user", 5, DECILE_CHANGE_BREAKS, "RdBu")))

    # -- bivariate on the map ------------------------------------------------------------------------------
    @guarded
    def _show_bivariate_on_map(self) -> None:
        from placeviz.render.scene import build_scene

        canvas = self.panes[0].canvas
        b = self.bivariate
        if not self.biv_btn.isChecked() or b is None:
            if self.scenes[0] is not None:
                canvas.set_scene(self.scenes[0].with_selection(self.selection()), fit=False)
                self._update_legend(0)
            return
        md = bivariate_map_data(b)
        classified = bivariate_classified(b)
        spec = self.specs[0].with_(classification=Classification("quantiles", 3))
        try:
            scene = replace(build_scene(spec, md=md), grid=None).recolour(classified)
        except UserError as exc:
            self.show_error(exc)
            return
        canvas.set_scene(scene.with_selection(self.selection()), fit=False)
        self.panes[0].legend.set_legend(classified, b.layer_x, note=b.legend_description(), period=None)

    # -- export ---------------------------------------------------------------------------------------------
    def export_html(self, path: str | None = None) -> str | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the comparison as HTML", "comparison.html",
                                                  "Web page (*.html)")
            if not path:
                return None
        try:
            from placeviz.export.html import export_html_compare

            specs = [s.with_(extent=tuple(self.panes[i].canvas.extent())) for i, s in enumerate(self.specs)]
            shared = True if self.pair is not None and self.pair.shared else None
            export_html_compare(specs, path, shared_bins=shared)
        except UserError as exc:
            self.show_error(exc)
            return None
        self.statusBar().showMessage(f"Saved {path}", 6000)
        return path

    def show_error(self, exc) -> None:
        text = str(exc) if isinstance(exc, UserError) else f"Something went wrong: {exc}. The maps are unchanged."
        self.last_error = text
        box = QMessageBox(QMessageBox.Icon.Warning, "placeviz", text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.statusBar().showMessage(text, 10_000)


# -- bivariate as a map -----------------------------------------------------------------------------------

def bivariate_map_data(b):
    """A MapData of the bivariate map's areas (value = the across layer), for the scene builder."""
    from placeviz.model.mapdata import MapData

    frame = b.frame.drop(columns=["geometry"], errors="ignore").copy()
    frame["value"] = frame["x"]
    national = frame.set_index("code")[["value"]]
    return MapData(place=b.place, layer=b.layer_x, level=_level_of(b.boundary_set), boundary_set=b.boundary_set,
                   frame=frame, national=national, note=b.note or None)


def _level_of(set_name: str) -> str:
    return "lsoa" if set_name.startswith("lsoa") else "msoa" if set_name.startswith("msoa") else "la"


def bivariate_classified(b):
    """The 3 x 3 classes as a Classified (class = 3 * y + x), so the ordinary painter draws them."""
    from placeviz.analysis.bivariate import STEVENS_PINK_BLUE
    from placeviz.model.classify import Classified, LegendEntry
    from placeviz.model.palettes import NODATA_COLOUR

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
