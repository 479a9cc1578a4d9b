"""The side panels: layer provenance, classification, legend, identify and place profile."""

from __future__ import annotations

from dataclasses import asdict
from html import escape

from PyQt6.QtCore import QRectF, QSize, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.accessibility import RepaintOnFocus, legend_text
from placeviz.gui.theme import MutedLabel, PaletteBrowser, PaletteHtml
from placeviz.model.catalog import get_layer
from placeviz.model.classify import SCHEMES
from placeviz.model.palettes import PALETTES, colours
from placeviz.model.spec import CLASSES_FROM, LEVELS
from placeviz.model.viewstate import (
    colour_hint,
    default_classification,
    remember_classes,
)
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


# -- layer provenance --------------------------------------------------------------------------------------

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
        text = PaletteBrowser()  # its grey notes stay readable on a dark palette
        text.setOpenExternalLinks(False)
        text.setHtml(provenance_html(layer))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(buttons)


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
        self.classes_from = QComboBox()
        for key, label in CLASSES_FROM.items():
            self.classes_from.addItem(label, key)
        self.classes_from.setToolTip("Cut the classes on every area of England at this level (the same colour "
                                     "means the same value on every map) or on this place's areas only")
        self.reset = QPushButton("Reset to recommended")
        self.reset.setToolTip("Go back to this layer's recommended classes and colours")
        self.layer = None
        self.chosen: dict = {}  # layer id -> the classes the user chose for it (viewstate.remember_classes)
        self.worse = MutedLabel()
        self.worse.setWordWrap(True)
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
        form.addRow("Classes from", self.classes_from)
        form.addRow(self.reset)  # the whole row: in the field column alone it was cut with large text
        form.addRow(self.worse)
        self._updating = False
        self.scheme.currentIndexChanged.connect(self._scheme)
        self.k.valueChanged.connect(lambda v: self._emit(k=int(v)))
        self.palette.currentIndexChanged.connect(lambda i: self._emit(palette=self.palette.itemData(i)))
        self.reverse.toggled.connect(lambda b: self._emit(reverse=bool(b)))
        self.apply_breaks.clicked.connect(self._breaks)
        self.breaks.returnPressed.connect(self._breaks)
        self.classes_from.currentIndexChanged.connect(
            lambda i: self._emit(classes_from=self.classes_from.itemData(i)))
        self.reset.clicked.connect(self._reset)

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

    def _reset(self) -> None:
        if self.layer is not None:
            self._emit(**asdict(default_classification(self.layer)))

    def _sync_enabled(self, scheme: str) -> None:
        self.classes_from.setEnabled(scheme not in ("national_deciles", "user"))
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
            self.classes_from.setCurrentIndex(max(self.classes_from.findData(c.classes_from), 0))
            self._sync_enabled(c.scheme)
            self.worse.setText(colour_hint(c, layer))
            self.layer = layer
            remember_classes(self.chosen, layer.id, c)
            self.reset.setEnabled(layer.id in self.chosen)
        finally:
            self._updating = False


# -- legend ------------------------------------------------------------------------------------------------------

class LegendWidget(RepaintOnFocus, QWidget):
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

    def resizeEvent(self, e):
        h = self._height_for(self.width())
        if abs(self.minimumHeight() - h) > 1:
            self.setMinimumHeight(h)
        super().resizeEvent(e)


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

    EMPTY = ("<p style='color:#555'>The profile of the place on the map: deprivation, life expectancy, air "
             "quality and work, in figures and plain sentences, with their sources.</p>"
             "<p style='color:#555'>Press <b>Ctrl+P</b> (Tools → Place profile) to see it. It then follows the "
             "map: choose another place and the profile changes with it.</p>")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHtml(self.EMPTY)

    def show_working(self, place: str) -> None:
        self.setHtml(f"<p style='color:#555'>Working out the profile of {escape(place)}…</p>")

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
