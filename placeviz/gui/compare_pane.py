"""One side of the compare window: its place, layer and year pickers, title, map and legend (its layer's,
or, when the two layers are drawn together as one bivariate map, a 3 x 3 grid naming both)."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QFont
from PyQt6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.canvas import MapCanvas
from placeviz.gui.compare_charts import BivariateLegend
from placeviz.gui.panels import LegendWidget, fill_year_combo
from placeviz.gui.plain_text import plain_label
from placeviz.gui.theme import MutedLabel
from placeviz.model.catalog import get_layer, load_catalog
from placeviz.model.geography import list_places, ward_labels
from placeviz.model.spec import MapSpec


class MapPane(QWidget):
    """One side: place and layer pickers, title, canvas and legend."""

    spec_edited = pyqtSignal(object)  # a new MapSpec from this pane's controls

    def __init__(self, side: str, parent=None):
        super().__init__(parent)
        self.side = side
        self.spec: MapSpec | None = None
        self.place = QLineEdit()
        self.place.setPlaceholderText("Place (local authority, ward, region, England…)")
        names = [p.name for p in list_places()] + ward_labels()
        comp = QCompleter(names, self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        self.place.setCompleter(comp)
        self.layer = QComboBox()
        for layer in load_catalog():
            self.layer.addItem(layer.title, layer.id)
        # as wide as about 24 characters, not the longest layer name (at large text that made the window 2,100 px
        # wide); the list opens full width and the box's tooltip gives the whole name
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer.setMinimumContentsLength(24)
        self.layer.currentTextChanged.connect(self.layer.setToolTip)
        self.year = QComboBox()
        self.year.setToolTip("Year, for layers published as a yearly series")
        self.title = plain_label()  # the layer's own name may hold '<': plain text, bold by its font
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.canvas = MapCanvas()
        self.legend = LegendWidget()
        self.bivariate_title = plain_label()
        self.bivariate_title.setWordWrap(True)
        self.bivariate_title.setFont(bold)
        self.bivariate_legend = BivariateLegend()
        self.bivariate_text = MutedLabel()
        self.bivariate_text.setWordWrap(True)
        legends = QWidget()
        ll = QVBoxLayout(legends)
        ll.setContentsMargins(0, 0, 0, 0)
        for w in (self.legend, self.bivariate_title, self.bivariate_legend, self.bivariate_text):
            ll.addWidget(w)
        ll.addStretch(1)
        self.show_bivariate_legend(None)
        scroll = self.legend_scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(legends)
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


    def show_bivariate_legend(self, b) -> None:
        """The 3 x 3 legend of bivariate map ``b`` (``analysis.bivariate.Bivariate``), titled with both layers,
        in place of the layer's legend; None shows the layer's legend again."""
        on = b is not None
        self.legend.setVisible(not on)
        for w in (self.bivariate_title, self.bivariate_legend, self.bivariate_text):
            w.setVisible(on)
        self.bivariate_legend.set_bivariate(b)
        if on:
            self.bivariate_title.setText(bivariate_title(b))
            self.bivariate_text.setText(b.legend_description())


def bivariate_title(b) -> str:
    """The name of a bivariate map: both layers, the place and the areas drawn."""
    return f"{b.layer_x.label} and {b.layer_y.label}, {b.place.name} ({b.level_name}, thirds of each)"
