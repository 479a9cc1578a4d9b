"""The side panels: layers by theme, place search, classification, legend, identify and place profile."""

from __future__ import annotations

from html import escape

from PyQt6.QtCore import QEvent, QRectF, QSize, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPen, QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.accessibility import legend_text
from placeviz.gui.plain_text import plain_label
from placeviz.gui.theme import PaletteHtml, follow_palette, mix, muted_text
from placeviz.model.catalog import THEME_TITLES, get_layer, load_catalog, names_attribution
from placeviz.model.classify import SCHEMES
from placeviz.model.names import neighbourhood_label
from placeviz.model.palettes import PALETTES, colours
from placeviz.model.spec import LEVELS
from placeviz.model.viewstate import SearchHit, search
from placeviz.render.scene import paint_legend

LEVEL_LABELS = {"lsoa": "Neighbourhoods (LSOA)", "msoa": "MSOA", "ward": "Ward (from 2021 LSOAs)", "la": "Local authority"}


def palette_icon(colours, w: int = 64, h: int = 14) -> QIcon:
    pm = QPixmap(w, h)
    pm.fill(QColor("#ffffff"))
    p = QPainter(pm)
    n = max(len(colours), 1)
    for i, c in enumerate(colours):
        p.fillRect(QRectF(i * w / n, 0, w / n + 1, h), QColor(c))
    p.setPen(QColor("#888888"))
    p.drawRect(0, 0, w - 1, h - 1)
    p.end()
    return QIcon(pm)


# -- layers -------------------------------------------------------------------------------------------------

SUBLINE_ROLE = Qt.ItemDataRole.UserRole + 1


class LayerItemDelegate(QStyledItemDelegate):
    """Layer rows in two lines: the title, then period and geography in small grey type."""

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        if index.data(SUBLINE_ROLE):
            size.setHeight(int(option.fontMetrics.height() * 2.3) + 4)
        return size

    def paint(self, painter, option, index):
        sub = index.data(SUBLINE_ROLE)
        if not sub:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        title = option.text
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        r = option.rect.adjusted(4, 2, -4, -2)
        fm = option.fontMetrics
        painter.save()
        painter.setFont(option.font)
        text = option.palette.text().color()  # the palette's, so that a dark palette stays readable
        painter.setPen(option.palette.highlightedText().color() if selected else text)
        painter.drawText(r.x(), r.y() + fm.ascent(), fm.elidedText(title, Qt.TextElideMode.ElideRight, r.width()))
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() * 0.85, 6))
        painter.setFont(small)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else QColor(mix(text, option.palette.base().color(), 0.3)))
        sfm = QFontMetrics(small)
        painter.drawText(r.x(), r.y() + fm.height() + sfm.ascent() + 1,
                         sfm.elidedText(sub, Qt.TextElideMode.ElideRight, r.width()))
        painter.restore()


class LayersPanel(QWidget):
    """The catalog grouped by theme; the chosen layer's description and, one click away, its provenance."""

    layer_chosen = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(LayerItemDelegate(self.tree))
        self.tree.setMinimumHeight(180)
        self.details = QLabel()  # rich text on purpose: every value in it is escaped
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setStyleSheet("QLabel { padding: 2px; }")
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.about = QPushButton("About this data…")
        self.about.setToolTip("Publisher, licence, caveats and how the figures were made")
        self.about.clicked.connect(self.show_provenance)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.details)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.about)
        lay.addLayout(row)
        self._items: dict[str, QTreeWidgetItem] = {}
        self.current: str | None = None
        self.populate()
        self.tree.currentItemChanged.connect(self._changed)

    def populate(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        for theme, layers in load_catalog().by_theme().items():
            top = QTreeWidgetItem([THEME_TITLES.get(theme, theme.title())])
            f = top.font(0)
            f.setBold(True)
            top.setFont(0, f)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            for layer in layers:
                it = QTreeWidgetItem([layer.title])
                it.setData(0, Qt.ItemDataRole.UserRole, layer.id)
                it.setData(0, SUBLINE_ROLE, f"{layer.period} · {layer.geography_name}")
                it.setToolTip(0, f"<b>{escape(layer.title)}</b><br>{escape(layer.period)} · "
                                 f"{escape(layer.geography_name)}<br>{escape(layer.description)}")
                top.addChild(it)
                self._items[layer.id] = it
            top.setExpanded(theme in ("deprivation", "health", "environment"))
        self.tree.blockSignals(False)

    def set_layer(self, layer_id: str) -> None:
        self.current = layer_id
        it = self._items.get(layer_id)
        if it is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(it)
            it.parent().setExpanded(True)
            self.tree.blockSignals(False)
        layer = get_layer(layer_id)
        desc = layer.description
        if len(desc) > 260:
            desc = desc[:257].rsplit(" ", 1)[0] + "…"
        self.details.setText(follow_palette(
            f"<b>{escape(layer.title)}</b><br><span style='color:#555'>{escape(layer.period)} · "
            f"{escape(layer.geography_name)} · {escape(layer.unit_long or layer.unit)}</span><br>{escape(desc)}", self.palette()))

    def _changed(self, item, _prev) -> None:
        if item is None:
            return
        layer_id = item.data(0, Qt.ItemDataRole.UserRole)
        if layer_id and layer_id != self.current:
            self.layer_chosen.emit(layer_id)

    def show_provenance(self) -> None:
        if self.current:
            ProvenanceDialog(self.current, self).exec()


def provenance_html(layer) -> str:
    d = layer.dataset
    caveats = "".join(f"<li>{escape(c)}</li>" for c in layer.caveats) or "<li>None recorded.</li>"
    worse = {True: "Higher values are worse.", False: "Lower values are worse.", None: "Neither end is 'worse'."}
    return (
        f"<h3>{escape(layer.title)}</h3>"
        f"<p>{escape(layer.description)}</p>"
        f"<table cellpadding='3'>"
        f"<tr><td><b>Period</b></td><td>{escape(layer.period)}</td></tr>"
        f"<tr><td><b>Geography</b></td><td>{escape(layer.geography_name)}</td></tr>"
        f"<tr><td><b>Unit</b></td><td>{escape(layer.unit_long or layer.unit)}</td></tr>"
        f"<tr><td><b>Reading it</b></td><td>{escape(worse[layer.higher_is_worse])}</td></tr>"
        f"<tr><td><b>Publisher</b></td><td>{escape(d.publisher)}</td></tr>"
        f"<tr><td><b>Dataset</b></td><td>{escape(d.title)}</td></tr>"
        f"<tr><td><b>Licence</b></td><td>{escape(d.licence)}</td></tr>"
        f"<tr><td><b>Attribution</b></td><td>{escape(d.attribution)}</td></tr>"
        f"</table><h4>Caveats</h4><ul>{caveats}</ul>"
        + (f"<p style='color:#555'>{escape(d.notes)}</p>" if d.notes else "")
    )


class ProvenanceDialog(QDialog):
    def __init__(self, layer_id: str, parent=None):
        super().__init__(parent)
        layer = get_layer(layer_id)
        self.setWindowTitle(f"About this data: {layer.label}")
        self.resize(560, 480)
        text = QTextBrowser()
        text.setOpenExternalLinks(False)
        text.setHtml(provenance_html(layer))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(buttons)


# -- place search ----------------------------------------------------------------------------------------------

class PlaceSearch(QWidget):
    """Type to find a place, a local authority or an area; England is one click away."""

    chosen = pyqtSignal(object)  # a state.SearchHit

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find a place, local authority or LSOA (name or code)…")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(300)
        self.england = QPushButton("England")
        self.england.setToolTip("Map all of England")
        self.results = QListWidget()
        self.results.setWindowFlags(Qt.WindowType.ToolTip)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setMouseTracking(True)
        self.results.itemClicked.connect(self._pick)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.england)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._search)
        self.edit.textEdited.connect(lambda _t: self._timer.start(120))
        self.edit.returnPressed.connect(self._enter)
        self.edit.installEventFilter(self)
        self.england.clicked.connect(self._england)
        self.hits: list = []

    def _england(self):
        self.chosen.emit(SearchHit("England", "england", "England"))

    def search_now(self, text: str) -> list:
        self.edit.setText(text)
        self._search()
        return self.hits

    def _search(self) -> None:
        self.hits = search(self.edit.text())
        self.results.clear()
        for h in self.hits:
            it = QListWidgetItem(h.label)
            self.results.addItem(it)
        if self.hits and self.edit.hasFocus():
            pos = self.edit.mapToGlobal(self.edit.rect().bottomLeft())
            self.results.setGeometry(pos.x(), pos.y() + 2, max(self.edit.width(), 420),
                                     min(24 * len(self.hits) + 6, 360))
            self.results.setCurrentRow(0)
            self.results.show()
        else:
            self.results.hide()

    def _enter(self) -> None:
        if not self.hits:
            self._search()
        row = max(self.results.currentRow(), 0)
        if self.hits:
            self._emit(self.hits[row])

    def _pick(self, item) -> None:
        self._emit(self.hits[self.results.row(item)])

    def _emit(self, hit) -> None:
        self.results.hide()
        self.edit.setText(hit.label.split("  (")[0])
        self.chosen.emit(hit)

    def eventFilter(self, obj, ev):
        if obj is self.edit and ev.type() == QEvent.Type.KeyPress and self.results.isVisible():
            if ev.key() == Qt.Key.Key_Down:
                self.results.setCurrentRow(min(self.results.currentRow() + 1, self.results.count() - 1))
                return True
            if ev.key() == Qt.Key.Key_Up:
                self.results.setCurrentRow(max(self.results.currentRow() - 1, 0))
                return True
            if ev.key() == Qt.Key.Key_Escape:
                self.results.hide()
                return True
        if obj is self.edit and ev.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(150, self.results.hide)
        return False


class LevelSelector(QComboBox):
    level_chosen = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        for lv in LEVELS:
            self.addItem(LEVEL_LABELS[lv], lv)
        self.setToolTip("Geography level: neighbourhoods (LSOA), MSOA, ward (2021 LSOA layers) or local authority")
        self.currentIndexChanged.connect(lambda i: self.level_chosen.emit(self.itemData(i)))

    def set_level(self, level: str) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(LEVELS.index(level))
        self.blockSignals(False)


# -- classification --------------------------------------------------------------------------------------------

class ClassificationPanel(QWidget):
    """Scheme, number of classes, palette (colour-blind safe ones flagged), reverse, your own breaks."""

    changed = pyqtSignal(dict)  # Classification fields to change

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scheme = QComboBox()
        for key, label in SCHEMES.items():
            self.scheme.addItem(label, key)
        self.k = QSpinBox()
        self.k.setRange(2, 12)
        self.k.setToolTip("Number of classes")
        self.palette = QComboBox()
        self.palette.setIconSize(QSize(64, 14))
        for name, p in PALETTES.items():
            label = f"{name}  ✓" if p.colourblind_safe else name  # short, to fit beside its ramp in large text
            self.palette.addItem(label, name)
            self.palette.setItemData(self.palette.count() - 1, f"{name}, colour-blind safe" if p.colourblind_safe
                                     else name, Qt.ItemDataRole.AccessibleTextRole)
        self._icons_done: set[str] = set()
        self.palette.setToolTip("Palettes marked ✓ stay readable for the common kinds of colour blindness")
        self.reverse = QCheckBox("Reverse colours")
        self.breaks = QLineEdit()
        self.breaks.setPlaceholderText("e.g. 10, 20, 30")
        self.breaks.setToolTip("Upper bounds of the classes, separated by commas; the last class runs to the maximum")
        self.apply_breaks = QPushButton("Apply")
        self.worse = plain_label()
        self.worse.setWordWrap(True)
        self.worse.setStyleSheet(f"color:{muted_text(self.worse.palette())}")
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # large text: the field under its label
        form.setContentsMargins(6, 6, 6, 6)
        form.addRow("Scheme", self.scheme)
        form.addRow("Classes", self.k)
        form.addRow("Palette", self.palette)
        form.addRow("", self.reverse)
        br = QHBoxLayout()
        br.addWidget(self.breaks, 1)
        br.addWidget(self.apply_breaks)
        form.addRow("Breaks", br)
        form.addRow(self.worse)
        self._updating = False
        self.scheme.currentIndexChanged.connect(self._scheme)
        self.k.valueChanged.connect(lambda v: self._emit(k=int(v)))
        self.palette.currentIndexChanged.connect(lambda i: self._emit(palette=self.palette.itemData(i)))
        self.reverse.toggled.connect(lambda b: self._emit(reverse=bool(b)))
        self.apply_breaks.clicked.connect(self._breaks)
        self.breaks.returnPressed.connect(self._breaks)

    def add_icons(self, names=None) -> None:
        """Colour-ramp icons for the palettes (all, or just ``names``); deferred so the app starts fast."""
        for i in range(self.palette.count()):
            name = self.palette.itemData(i)
            if name in self._icons_done or (names is not None and name not in names):
                continue
            self.palette.setItemIcon(i, palette_icon(colours(name, 7)))
            self._icons_done.add(name)

    def _emit(self, **changes) -> None:
        if not self._updating:
            self.changed.emit(changes)

    def _scheme(self, i: int) -> None:
        key = self.scheme.itemData(i)
        self._sync_enabled(key)
        if key == "user":
            if self.breaks.text().strip():
                self._breaks()
            else:
                self.breaks.setFocus()
            return
        self._emit(scheme=key)

    def _breaks(self) -> None:
        self._emit(scheme="user", breaks_text=self.breaks.text())

    def _sync_enabled(self, scheme: str) -> None:
        self.k.setEnabled(scheme not in ("national_deciles", "user", "std_mean"))
        self.breaks.setEnabled(scheme == "user")
        self.apply_breaks.setEnabled(scheme == "user")

    def set_state(self, classification, layer) -> None:
        self._updating = True
        try:
            c = classification
            self.scheme.setCurrentIndex(max(self.scheme.findData(c.scheme), 0))
            item = self.scheme.model().item(self.scheme.findData("national_deciles"))
            if item is not None:
                item.setEnabled(layer.has_deciles)
            self.k.setValue(c.k)
            self.palette.setCurrentIndex(max(self.palette.findData(c.palette), 0))
            self.add_icons({c.palette})
            self.reverse.setChecked(c.reverse)
            if c.breaks:
                self.breaks.setText(", ".join(f"{b:g}" for b in c.breaks))
            self._sync_enabled(c.scheme)
            self.worse.setText({True: "Darker/warmer colours: higher values, the worse end.",
                                False: "Darker/warmer colours: lower values, the worse end.",
                                None: "Darker colours: higher values."}[layer.higher_is_worse]
                               if c.scheme != "national_deciles" else
                               "Decile 1 = the most deprived tenth of areas in England.")
        finally:
            self._updating = False


# -- legend ------------------------------------------------------------------------------------------------------

class LegendWidget(QWidget):
    """The legend, drawn by the same painter code as the exports."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.classified = None
        self.layer = None
        self.note = None
        self.period = None
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)  # the scroll area around it asks for its height, so no class is cut off
        self.setSizePolicy(policy)
        self.setMinimumWidth(260)

    def set_legend(self, classified, layer, note=None, period=None) -> None:
        self.classified, self.layer, self.note, self.period = classified, layer, note, period
        self.setAccessibleDescription(legend_text(classified, layer, note, period))  # the legend as text
        self.updateGeometry()
        self.update()

    def entries(self) -> list:
        return [] if self.classified is None else list(self.classified.legend)

    def _height_for(self, w: int) -> int:
        if self.classified is None:
            return 60
        return int(paint_legend(None, QRectF(8, 8, w - 16, 10_000), self.classified, self.layer,
                                note=self.note, period=self.period, font=self.font(), draw=False)) + 20

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, w: int) -> int:
        return self._height_for(w)

    def sizeHint(self) -> QSize:
        return QSize(300, self._height_for(300))

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self._height_for(max(self.width(), 260)))

    def paintEvent(self, e):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if self.classified is not None:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            paint_legend(p, QRectF(8, 8, self.width() - 16, self.height() - 16), self.classified, self.layer,
                         note=self.note, period=self.period, font=self.font())
        if self.hasFocus():  # the keyboard is here (a screen reader reads the legend's description)
            p.setPen(QPen(self.palette().highlight().color(), 2))
            p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.end()

    def focusInEvent(self, e):
        super().focusInEvent(e)
        self.update()

    def focusOutEvent(self, e):
        super().focusOutEvent(e)
        self.update()

    def resizeEvent(self, e):
        h = self._height_for(self.width())
        if abs(self.minimumHeight() - h) > 1:
            self.setMinimumHeight(h)
        super().resizeEvent(e)


# -- identify ------------------------------------------------------------------------------------------------

def identify_html(areas: list[dict], rows) -> str:
    """The identify panel's table: one column per selected area, one row per layer, grouped by theme."""
    if not areas:
        return ("<p style='color:#555'>Click an area on the map to see its figures for every layer here. "
                "Shift-click adds more areas to compare.</p>")
    head = "".join(f"<th align='left'>{escape(neighbourhood_label(a['name'], a.get('neighbourhood')))}<br>"
                   f"<span style='font-weight:normal;color:#666'>"
                   f"{escape(a['code'])} · {escape(str(a['lad_name']))}</span></th>" for a in areas)
    out = [f"<table cellspacing='0' cellpadding='3' width='100%'><tr><th align='left'>Layer</th>{head}</tr>"]
    theme = None
    for r in rows:
        if r.theme != theme:
            theme = r.theme
            out.append(f"<tr><td colspan='{len(areas) + 1}' style='background:#eef2f5'><b>{escape(theme)}</b></td></tr>")
        cells = "".join(
            f"<td valign='top'><b>{escape(v)}</b>"
            + (f"<br><span style='color:#666;font-size:small'>{escape(x)}</span>" if x else "") + "</td>"
            for v, x in zip(r.values, r.extras, strict=True))
        out.append(f"<tr><td valign='top'>{escape(r.title)}<br><span style='color:#777;font-size:small'>"
                   f"{escape(r.period)} · {escape(r.publisher or r.source)}</span></td>{cells}</tr>")
    out.append("</table>")
    if any(a.get("neighbourhood") for a in areas):
        out.append(f"<p style='color:#777;font-size:small'>{escape(names_attribution())}</p>")
    return "".join(out)


class IdentifyPanel(PaletteHtml, QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.areas: list[dict] = []
        self.rows: list = []
        self.show_result([], [])

    def show_result(self, areas, rows) -> None:
        self.areas, self.rows = list(areas), list(rows)
        self.setHtml(identify_html(self.areas, self.rows))

    def show_busy(self) -> None:
        self.setHtml("<p style='color:#555'>Looking up the selected areas…</p>")


def profile_html(prof, sentences=(), sources=()) -> str:
    """The place profile panel: the so-what sentences, the figures, caveats and sources of a PlaceProfile."""
    so = "".join(f"<li>{escape(t)}</li>" for t in sentences)
    rows = "".join(
        f"<tr><td>{escape(f.label)}</td><td align='right'><b>{escape(f.display())}</b></td></tr>"
        for f in prof.figures.values() if not f.missing)
    cav = "".join(f"<li><b>{escape(t)}</b>: {escape(c)}</li>" for t, c in prof.caveats)
    src = "".join(f"<li>{escape(x)}</li>" for x in sources)
    return (f"<h3>{escape(prof.name)}</h3>"
            + (f"<ul>{so}</ul>" if so else "")
            + f"<h4>Figures</h4><table cellpadding='2' width='100%'>{rows}</table>"
            + (f"<h4>Caveats</h4><ul>{cav}</ul>" if cav else "")
            + (f"<h4>Sources</h4><ul style='color:#555'>{src}</ul>" if src else ""))


class ProfilePanel(PaletteHtml, QTextBrowser):
    """The place profile (placeviz.analysis.profile) of the map's place, worked out when asked for."""

    def show_working(self, place: str) -> None:
        self.setHtml(f"<p style='color:#555'>Working out the profile of {place}…</p>")

    def show_profile(self, prof, sentences=(), sources=()) -> None:
        self.setHtml(profile_html(prof, sentences, sources))


def fill_year_combo(combo, layer, year: str | None) -> None:
    """Offer a yearly layer's years ("Latest" first) in ``combo`` and select ``year``; empty for other layers."""
    combo.blockSignals(True)
    combo.clear()
    if layer.series:
        combo.addItem(f"Latest ({layer.period})", None)
        for y in sorted(layer.series, reverse=True):
            combo.addItem(y, y)
        combo.setCurrentIndex(max(combo.findData(year), 0) if year else 0)
    combo.blockSignals(False)
