"""Two maps side by side: the same place, two layers (or two editions), one view, optionally one scale.

Panning or zooming one map moves the other. With "same scale", both maps share one set of breaks
(``classify.pooled_bins``) so a colour means the same value on each; national deciles are already shared.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.canvas import MapCanvas
from placeviz.gui.panels import LegendWidget
from placeviz.gui.workers import run_task
from placeviz.model import viewstate
from placeviz.model.spec import MapSpec

#: a natural partner for a layer: the other edition of the same measure
PARTNERS = {"imd2019": "imd2025", "imd2025": "imd2019", "imd2015": "imd2019",
            "life_expectancy_male": "life_expectancy_female", "life_expectancy_female": "life_expectancy_male",
            "no2_2023": "pm25_2023", "pm25_2023": "no2_2023"}


def partner_spec(spec: MapSpec) -> MapSpec:
    from placeviz.model.catalog import load_catalog

    other = PARTNERS.get(spec.layer)
    if other is None:
        other = next((x.id for x in load_catalog() if x.id != spec.layer and x.theme == "deprivation"), spec.layer)
    return viewstate.with_layer(spec, other).with_(extent=spec.extent, selection=())


def build_pair(left: MapSpec, right: MapSpec, shared: bool):
    """Both scenes, with one set of breaks when ``shared`` (and the schemes allow it)."""
    from placeviz.model.classify import pooled_bins
    from placeviz.render.scene import build_scene, classify_scene_data

    a, b = build_scene(left), build_scene(right)
    note = None
    if shared and "national_deciles" not in (left.classification.scheme, right.classification.scheme):
        bins = pooled_bins([a.data.values, b.data.values], left.classification)
        a = a.recolour(classify_scene_data(a.data, left.classification, bins=bins))
        b = b.recolour(classify_scene_data(b.data, left.classification, bins=bins))
        note = "Both maps use the same breaks, so a colour means the same value on each."
    elif shared:
        note = "National deciles: both maps are on the same national scale."
    return a, b, note


class ComparePane(QWidget):
    def __init__(self, parent=None):
        from placeviz.model.catalog import load_catalog

        super().__init__(parent)
        self.layer = QComboBox()
        for x in load_catalog():
            self.layer.addItem(x.title, x.id)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; padding: 2px;")
        self.canvas = MapCanvas()
        self.legend = LegendWidget()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.layer)
        lay.addWidget(self.title)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.legend)

    def show_scene(self, scene, extent=None) -> None:
        md = scene.data
        self.title.setText(f"{md.layer.title}, {md.place.name} ({md.period})")
        self.legend.set_legend(scene.classified, md.layer, note=md.note, period=md.period)
        self.layout().activate()  # the legend's height settles the canvas size before fitting the map
        self.canvas.set_scene(scene, fit=extent is None, extent=extent)
        i = self.layer.findData(md.layer.id)
        self.layer.blockSignals(True)
        self.layer.setCurrentIndex(max(i, 0))
        self.layer.blockSignals(False)


class CompareWindow(QMainWindow):
    def __init__(self, spec: MapSpec, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Compare side by side — {spec.place}")
        self.resize(1400, 850)
        self.specs = [spec, partner_spec(spec)]
        self.left, self.right = ComparePane(), ComparePane()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.left)
        split.addWidget(self.right)
        self.shared = QCheckBox("Same scale for both maps")
        self.shared.setChecked(True)
        self.note = QLabel()
        self.note.setStyleSheet("color:#555")
        self.export = QPushButton("Export comparison as HTML…")
        top = QHBoxLayout()
        top.addWidget(self.shared)
        top.addWidget(self.note, 1)
        top.addWidget(self.export)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.setCentralWidget(body)
        self._syncing = False
        self.left.canvas.view_changed.connect(lambda: self._sync(self.left.canvas, self.right.canvas))
        self.right.canvas.view_changed.connect(lambda: self._sync(self.right.canvas, self.left.canvas))
        self.left.layer.activated.connect(lambda i: self._set_layer(0, self.left.layer.itemData(i)))
        self.right.layer.activated.connect(lambda i: self._set_layer(1, self.right.layer.itemData(i)))
        self.shared.toggled.connect(lambda _b: self.reload())
        self.export.clicked.connect(self.export_html)
        self.loaded = False
        self.reload(first=True)

    def _sync(self, src: MapCanvas, dst: MapCanvas) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            dst.scale, dst.cx, dst.cy = src.scale, src.cx, src.cy
            dst._moved()
        finally:
            self._syncing = False

    def _set_layer(self, side: int, layer_id: str) -> None:
        try:
            self.specs[side] = viewstate.with_layer(self.specs[side], layer_id)
        except Exception as exc:  # a UserError: say so in the note line
            self.note.setText(str(exc))
            return
        self.reload()

    def reload(self, first: bool = False) -> None:
        left, right = self.specs
        shared = self.shared.isChecked()
        keep = None if first else self.left.canvas.extent()
        if first and left.extent is not None:
            keep = left.extent
        self.note.setText("Loading…")

        def done(result):
            a, b, note = result
            self.left.show_scene(a, keep)
            self.right.show_scene(b, keep if keep is not None else None)
            if keep is None:
                self._sync(self.left.canvas, self.right.canvas)
            self.note.setText(note or "Each map has its own breaks.")
            self.loaded = True

        def failed(exc):
            self.note.setText(str(exc))

        run_task(lambda _p: build_pair(left, right, shared), done, failed, channel=f"compare{id(self)}", owner=self)

    def export_html(self, path: str | None = None) -> None:
        try:
            from placeviz.export.html import export_html_compare
        except ImportError:
            self.note.setText("Exporting a comparison is not available in this build.")
            return
        path = path or QFileDialog.getSaveFileName(self, "Export comparison", "comparison.html",
                                                   "Web page (*.html)")[0]
        if not path:
            return
        ext = tuple(self.left.canvas.extent())
        specs = [s.with_(extent=ext) for s in self.specs]
        self.note.setText("Exporting…")
        run_task(lambda _p: export_html_compare(specs, path), lambda _r: self.note.setText(f"Saved {path}"),
                 lambda exc: self.note.setText(str(exc)), owner=self)
