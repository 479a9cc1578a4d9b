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

The window is built from a ``placeviz.model.spec.ComparisonSpec`` (the maps, shared scale, linked views, the
tab shown, the selection, the IMD change mapped) and ``comparison_spec()`` gives back the one on screen, which
is what a workspace saves. One side is ``compare_pane.MapPane``; the tabs are ``compare_tabs``.

All the numbers come from plain-Python functions (``placeviz.analysis``), tested without Qt; these modules
only lay them out.
"""


from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np
from PyQt6 import sip
from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from placeviz.analysis.bivariate import BoundaryYearsError, bivariate_map, translate_codes
from placeviz.analysis.change import (
    DECILE_CHANGE_BREAKS,
    change_layer,
    change_layer_id,
    edition_pair,
    imd_change,
)
from placeviz.analysis.compare import (
    classify_pair,
    compare_areas,
    ranking_table,
    same_area_note,
    write_csv,
)
from placeviz.export.html import export_html_compare
from placeviz.export.outputs import check_output
from placeviz.gui.accessibility import name_compare_window
from placeviz.gui.compare_pane import MapPane, bivariate_title
from placeviz.gui.compare_tabs import (
    BivariateTab,
    ChangeTab,
    PlacesTab,
    RankingTab,
    bivariate_classified,
    bivariate_map_data,
)
from placeviz.gui.file_menu import ask_slides_path
from placeviz.gui.messages import error_message
from placeviz.gui.plain_text import message_box, plain_label
from placeviz.gui.workers import run_task
from placeviz.model import viewstate
from placeviz.model.catalog import get_layer, load_catalog
from placeviz.model.errors import UserError
from placeviz.model.geography import resolve_place
from placeviz.model.spec import COMPARE_MODES, LEVEL_NAMES, LEVELS, Classification, ComparisonSpec, MapSpec
from placeviz.render.scene import build_scene, light_map_data

NEXT_EDITION = {"imd2015": "imd2019", "imd2019": "imd2025"}


def guarded(method):
    """A slot that shows any error as a message instead of letting it end the app."""

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
    a, b = specs[0], specs[1]
    if a.place != b.place:
        return None
    return edition_pair(a.layer, b.layer) or edition_pair(b.layer, a.layer)


def partner_spec(spec: MapSpec) -> MapSpec:
    """The map first shown beside ``spec``: the next IMD edition for an IMD layer (2015 -> 2019 -> 2025,
    domains too), otherwise the same map, for the user to change its place or layer."""
    cat = load_catalog()
    layer = spec.layer
    for old, new in NEXT_EDITION.items():
        if layer == old or layer.startswith(old + "_"):
            candidate = new + layer[len(old):]
            if candidate in cat:
                return spec.with_(layer=candidate, selection=())
    return spec.with_(selection=())


def comparison_for(spec: MapSpec, right: MapSpec | None = None) -> ComparisonSpec:
    """The comparison first shown for a map (Tools > Compare side by side): the map, and beside it ``right``
    or its partner (``partner_spec``); both fitted to their place, nothing selected."""
    left = spec.with_(selection=(), extent=None)
    return ComparisonSpec(panes=(left, (right or partner_spec(left)).with_(extent=None)))


def is_change_layer(layer_id: str) -> bool:
    return "_change_" in layer_id


# -- the window -------------------------------------------------------------------------------------------

#: what the compare window suggests when both maps show one area (``analysis.compare.same_area_note``)
SAME_AREA_INSTEAD = ("Choose a layer for neighbourhoods (such as Index of Multiple Deprivation 2025) above the "
                     "maps.")

class CompareWindow(QMainWindow):
    """Two maps side by side with a shared scale and linked views, and the comparison tables, built from a
    ComparisonSpec (``comparison_spec()`` gives back the one on screen)."""

    ready = pyqtSignal()  # both maps loaded, classified and shown
    changed = pyqtSignal()  # what comparison_spec() returns has changed (a map, the scale, the tab...)
    closed = pyqtSignal(object)  # this window, closed by the user

    def __init__(self, spec: ComparisonSpec | None = None, parent=None, load: bool = True):
        super().__init__(parent)
        spec = spec or ComparisonSpec()
        if not isinstance(spec, ComparisonSpec):
            raise TypeError("CompareWindow takes a ComparisonSpec (comparison_for(map_spec) makes one for a map).")
        self.specs: list[MapSpec] = [p.with_(selection=(), extent=None) for p in spec.panes[:2]]
        self.more_panes = spec.panes[2:]  # kept for comparison_spec(): this window shows two maps
        self.extents_to_restore: list = [p.extent for p in spec.panes[:2]]
        self.scenes: list = [None, None]
        self.pair = None
        self.bivariate = None
        self.ranking = None
        self.slides_saved: str | None = None  # the deck this window's Slides… button last saved
        self.comparison = None
        self.change = None
        self.change_key: tuple[str, str] | None = spec.change  # the (period, domain) summarised
        self.last_error: str | None = None
        self._selected: tuple[str, ...] = spec.selection
        self._loading = [False, False]
        self._fit = [True, True]
        self._syncing = False
        self.setWindowTitle("Compare side by side — placeviz")
        self.resize(1500, 950)
        self._build(spec)
        for i in (0, 1):
            self.panes[i].set_spec(self.specs[i])
        self._connect()
        name_compare_window(self)
        if load:
            self.load()

    # -- construction ------------------------------------------------------------------------------------
    def _build(self, spec: ComparisonSpec) -> None:
        tb = QToolBar("Compare")
        tb.setMovable(False)
        self.addToolBar(tb)
        tb.addWidget(plain_label(" Show "))
        self.level = QComboBox()
        for lv in LEVELS:
            self.level.addItem(LEVEL_NAMES[lv], lv)
        self.level.setCurrentIndex(LEVELS.index(self.specs[0].level))
        tb.addWidget(self.level)
        tb.addSeparator()
        self.link = QCheckBox("Link views")
        self.link.setChecked(spec.linked)
        self.link.setToolTip("Pan and zoom both maps together; for two different places, zoom only, each "
                             "map staying on its own place")
        self.shared = QCheckBox("Shared scale")
        self.shared.setChecked(spec.shared_scale)
        self.shared.setToolTip("One set of class breaks across both maps, so a colour means the same value")
        tb.addWidget(self.link)
        tb.addWidget(self.shared)
        tb.addSeparator()
        self.swap_btn = QPushButton("Swap sides")
        self.export_btn = QPushButton("Export HTML…")
        self.export_btn.setToolTip("Both maps in one web page that works offline, views synchronised")
        self.slides_btn = QPushButton("Slides…")
        self.slides_btn.setToolTip("An editable PowerPoint deck of the left place, beside the right one when it is "
                                   "another place")
        tb.addWidget(self.swap_btn)
        tb.addWidget(self.export_btn)
        tb.addWidget(self.slides_btn)
        self.note = plain_label()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background:#fff4d6;color:#5a4300;border:1px solid #f0d58a;padding:6px 10px;")

        self.panes = [MapPane("left"), MapPane("right")]
        maps = QSplitter(Qt.Orientation.Horizontal)
        for pane in self.panes:
            maps.addWidget(pane)
        self.places_tab = PlacesTab()
        self.ranking_tab = RankingTab()
        self.bivariate_tab = BivariateTab()
        self.bivariate_tab.draw_btn.setChecked(spec.bivariate_on_map)
        self.change_tab = ChangeTab()
        self.tabs = QTabWidget()  # in the order of COMPARE_MODES
        self.tabs.addTab(self.places_tab, "Comparison")
        self.tabs.addTab(self.ranking_tab, "Ranking")
        self.tabs.addTab(self.bivariate_tab, "Two layers (bivariate)")
        self.tabs.addTab(self.change_tab, "Change")
        self.tabs.setCurrentIndex(COMPARE_MODES.index(spec.mode))
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
        close = QAction("Close", self)  # Esc or Ctrl+W close this window, as they do a dialog
        close.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")])
        close.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        close.triggered.connect(lambda _checked=False: self.close())
        self.addAction(close)

    def _connect(self) -> None:
        for i, pane in enumerate(self.panes):
            pane.spec_edited.connect(lambda change, i=i: self._edited(i, change))
            pane.canvas.view_changed.connect(lambda i=i: self._sync_view(i))
            pane.canvas.view_changed.connect(self.changed.emit)  # the extents are part of comparison_spec()
            pane.canvas.clicked.connect(lambda code, add, i=i: self._clicked(i, code, add))
        self.level.activated.connect(self._level_chosen)
        self.shared.toggled.connect(lambda _on: self._recolour())
        self.link.toggled.connect(lambda on: on and self._sync_view(0))
        # clicked(bool) passes 'checked': each slot is called without it
        self.swap_btn.clicked.connect(lambda: self.swap())
        self.export_btn.clicked.connect(lambda: self.export_html())
        self.slides_btn.clicked.connect(lambda: self.export_slides())
        self.places_tab.csv_btn.clicked.connect(lambda: self.export_csv())
        self.ranking_tab.rows_selected.connect(self._rank_rows_selected)
        self.bivariate_tab.scatter.brushed.connect(self._brushed)
        self.bivariate_tab.draw_btn.toggled.connect(lambda _on: self._show_bivariate_on_map())
        self.change_tab.map_btn.clicked.connect(lambda: self.map_change())
        self.bivariate_tab.change_btn.clicked.connect(
            lambda: self.tabs.setCurrentIndex(COMPARE_MODES.index("change")))
        for signal in (self.shared.toggled, self.link.toggled, self.tabs.currentChanged,
                       self.bivariate_tab.draw_btn.toggled):
            signal.connect(lambda *_a: self.changed.emit())

    # -- the state ----------------------------------------------------------------------------------------
    def comparison_spec(self) -> ComparisonSpec:
        """What this window shows, as a ComparisonSpec: each map with the extent now on screen."""
        panes = []
        for i, s in enumerate(self.specs):
            c = self.panes[i].canvas
            extent = tuple(c.extent()) if c.scene is not None else self.extents_to_restore[i]
            panes.append(s.with_(extent=extent))
        return ComparisonSpec(panes=(*panes, *self.more_panes), shared_scale=self.shared.isChecked(),
                              linked=self.link.isChecked(), mode=COMPARE_MODES[self.tabs.currentIndex()],
                              selection=self.selection(), bivariate_on_map=self.bivariate_tab.draw_btn.isChecked(),
                              change=self._change_period())

    def _change_period(self) -> tuple[str, str] | None:
        """The IMD change (period, domain) summarised: read off the two maps when they are consecutive
        editions, else the one whose change map is shown (its editions are no longer on screen)."""
        if any(is_change_layer(s.layer) for s in self.specs):
            return self.change_key
        return imd_period(self.specs)

    def closeEvent(self, e):
        super().closeEvent(e)
        if e.isAccepted():
            self.closed.emit(self)

    # -- loading -------------------------------------------------------------------------------------------
    def load(self, sides=(0, 1)) -> None:
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
        if self.last_error and self.statusBar().currentMessage() == self.last_error:
            self.statusBar().clearMessage()  # a refused place, put right: its sentence no longer applies
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

    def is_loaded(self) -> bool:
        """Both maps loaded and classified, and the tables under them filled."""
        return self.pair is not None and not self.busy and self.ranking is not None

    # -- classes, legends, titles --------------------------------------------------------------------------
    @guarded
    def _recolour(self) -> None:
        if any(s is None for s in self.scenes):
            return
        try:
            self.pair = classify_pair([s.data for s in self.scenes], [s.classification for s in self.specs],
                                      shared=self.shared.isChecked())
        except UserError as exc:
            self.show_error(exc)
            return
        restoring = any(e is not None for e in self.extents_to_restore)
        for i in (0, 1):
            scene = self.scenes[i].recolour(self.pair.classified[i])
            self.scenes[i] = scene
            canvas = self.panes[i].canvas
            if i == 0 and self.bivariate_tab.draw_btn.isChecked() and self.bivariate is not None:
                continue  # the left map shows the bivariate colours
            if canvas.scene is None or self._fit[i]:
                extent, self.extents_to_restore[i] = self.extents_to_restore[i], None  # a saved view, once
                canvas.set_scene(scene, fit=extent is None, extent=extent)
                self._fit[i] = False
            else:
                canvas.set_scene(scene, fit=False, extent=None)
            self._update_legend(i)
        if self.link.isChecked() and not restoring:
            self._sync_view(0)
        if restoring and self.selection():
            self.select(self.selection())
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
            self.panes[i].title.setText(f"{md.layer.title}, {md.place.name} · {md.period}")
        if self.bivariate_tab.draw_btn.isChecked() and self.bivariate is not None:
            self.panes[0].title.setText(bivariate_title(self.bivariate))
        # a ward beside its council, on a council layer
        same = same_area_note([s.data for s in self.scenes], "Both maps show", SAME_AREA_INSTEAD)
        notes = [same] if same else []
        notes += [self.pair.note] if self.pair else []
        notes += [n for n in dict.fromkeys(s.data.note for s in self.scenes) if n]
        self.note.setText("  ".join(notes))

    # -- edits ------------------------------------------------------------------------------------------------
    @guarded
    def _edited(self, i: int, change) -> None:
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
        layer = get_layer(spec.layer)
        if spec.classification.scheme == "national_deciles" and not layer.has_deciles:
            spec = spec.with_(classification=viewstate.default_classification(layer))
        self.specs[i] = spec
        self.panes[i].set_spec(spec)
        self.load((i,))
        self.changed.emit()

    @guarded
    def _level_chosen(self, index: int) -> None:
        level = self.level.itemData(index)
        self.specs = [s.with_(level=level, selection=()) for s in self.specs]
        self.load()
        self.changed.emit()

    @guarded
    def swap(self) -> None:
        self.specs = self.specs[::-1]
        self.scenes = self.scenes[::-1]
        for i in (0, 1):
            self.panes[i].set_spec(self.specs[i])
        self._recolour()
        self._load_tables()
        self.changed.emit()

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
            b.scale = a.scale
            if self.specs[0].place == self.specs[1].place:  # two places: one scale, each map on its own place
                b.cx, b.cy = a.cx, a.cy
                b.fitted = a.fitted  # a resize refits both alike, or neither
            elif a.fitted is None:  # the user's own view of one: a resize keeps both as they are
                b.fitted = None
            # else each keeps its own place's extent: a resize refits each to its own place (given the other's
            # extent, the left map moved to the right one's place at the next resize)
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

    def select(self, codes, source: int | str | None = None) -> None:
        """Outline ``codes`` on both maps (where they are shown), their rows and their scatter points."""
        codes = tuple(codes)
        for pane in self.panes:
            c = pane.canvas
            if c.scene is not None:  # an MSOA brushed in the scatter outlines its LSOAs, and so on
                mapped = translate_codes(codes, c.scene.data.boundary_set) if codes else []
                shown = tuple(x for x in mapped if c.scene.geometry.index.get(x, -1) >= 0)
                c.set_overlay(shown, c.scene.highlight)
        changed = codes != self._selected
        self._selected = codes
        b = self.bivariate
        self.bivariate_tab.scatter.set_selected(b.codes_for(codes) if b is not None and codes else codes)
        if source != "table":
            self.ranking_tab.show_selected(codes)
        if changed:
            self.changed.emit()

    def selection(self) -> tuple[str, ...]:
        """The areas selected (on either map, in the ranking table or the scatter plot)."""
        return self._selected

    def selected_rows(self) -> list[int]:
        return self.ranking_tab.selected_rows()

    def select_rank_rows(self, rows) -> None:
        """Select rows of the ranking table, as a user clicking them would."""
        self.ranking_tab.select_rows(rows)

    @guarded
    def _rank_rows_selected(self, codes) -> None:
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
        specs = list(self.specs)
        places = list(dict.fromkeys(s.place for s in specs))
        layers = list(dict.fromkeys(s.layer for s in specs))
        years = {s.layer: s.year for s in specs if s.year}
        selected = self.selection()
        period = self._change_period()

        def work(_p):
            comp = compare_areas(list(dict.fromkeys(places + list(selected))), layers, years)
            rank = ranking_table(specs[0].place, specs[0].layer, specs[0].level, specs[0].year)
            biv, why, boundary_years = None, None, False
            if specs[0].layer != specs[1].layer:
                try:
                    biv = bivariate_map(specs[0].place, specs[0].layer, specs[1].layer, specs[0].level,
                                        specs[0].year, specs[1].year, geometry=False)
                except BoundaryYearsError as exc:  # the Change tab compares such editions area by area
                    why, boundary_years = str(exc), True
                except UserError as exc:
                    why = str(exc)
            else:
                why = "Choose a different layer on the right to see the two layers together."
            change = imd_change(period[0], specs[0].place, period[1]) if period is not None else None
            return comp, rank, (biv, why, boundary_years), change

        run_task(work, self._tables_ready, self.show_error, channel=f"compare-tables-{id(self)}", owner=self)

    @guarded
    def _tables_ready(self, result) -> None:
        comp, rank, (biv, why, boundary_years), change = result
        self.comparison = comp
        showing_change = any(is_change_layer(s.layer) for s in self.specs)
        if change is not None or not showing_change:  # keep the summary while its change map is shown
            self._show_change(change)
        self.places_tab.show_comparison(comp)
        self._show_ranking(rank)
        self.bivariate = biv
        self.bivariate_tab.show_bivariate(biv, why, offer_change=boundary_years)
        if self.bivariate_tab.draw_btn.isChecked():
            self._show_bivariate_on_map()

    def _load_comparison(self) -> None:
        """Recompute the comparison table with the selected areas added to the two places."""
        specs = list(self.specs)
        areas = list(dict.fromkeys([s.place for s in specs] + list(self.selection())))
        layers = list(dict.fromkeys(s.layer for s in specs))
        years = {s.layer: s.year for s in specs if s.year}

        def done(df):
            self.comparison = df
            self.places_tab.show_comparison(df)

        run_task(lambda _p: compare_areas(areas, layers, years), done, self.show_error,
                 channel=f"compare-areas-{id(self)}", owner=self)

    def export_csv(self, path: str | None = None) -> str | None:
        """Write the comparison table (one row per area and layer) as CSV."""
        if self.comparison is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the comparison as CSV", "comparison.csv",
                                                  "CSV (*.csv)")
            if not path:
                return None
        try:
            check_output(path)  # never over a file the user imported
            write_csv(self.comparison, path)
        except UserError as exc:
            self.show_error(exc)
            return None
        self.statusBar().showMessage(f"Saved {path}", 6000)
        return path

    def _show_ranking(self, df) -> None:
        self.ranking = df
        layer = get_layer(self.specs[0].layer)
        self.ranking_tab.show_ranking(df, layer)
        self.tabs.setTabText(COMPARE_MODES.index("ranking"), f"Ranking: {layer.label}, {self.specs[0].place}")
        if self.selection():
            self.select(self.selection())

    def _show_change(self, change) -> None:
        self.change = change
        self.change_key = (change.period, change.domain) if change is not None else None
        self.change_tab.show_change(change)

    @guarded
    def map_change(self) -> None:
        """Show the decile change of the two IMD editions on the right map."""
        if self.change is None:
            return
        layer = change_layer(change_layer_id(self.change.period, self.change.domain))
        self.shared.setChecked(False)
        self.set_spec(1, self.specs[0].with_(layer=layer.id, year=None, classification=Classification(
            "user", 5, DECILE_CHANGE_BREAKS, "RdBu")))

    # -- bivariate on the map ------------------------------------------------------------------------------
    @guarded
    def _show_bivariate_on_map(self) -> None:
        canvas = self.panes[0].canvas
        b = self.bivariate
        if not self.bivariate_tab.draw_btn.isChecked() or b is None:
            self.panes[0].show_bivariate_legend(None)
            if self.scenes[0] is not None:
                canvas.set_scene(self.scenes[0].with_selection(self.selection()), fit=False)
                self._update_legend(0)
                self._update_titles()
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
        self.panes[0].show_bivariate_legend(b)  # a 3 x 3 grid naming both layers, not nine cut rows
        if self.scenes[0] is not None:
            self._update_titles()

    # -- export ---------------------------------------------------------------------------------------------
    def export_html(self, path: str | None = None) -> str | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the comparison as HTML", "comparison.html",
                                                  "Web page (*.html)")
            if not path:
                return None
        try:
            specs = [s.with_(extent=tuple(self.panes[i].canvas.extent())) for i, s in enumerate(self.specs)]
            shared = True if self.pair is not None and self.pair.shared else None
            export_html_compare(specs, path, shared_bins=shared)
        except UserError as exc:
            self.show_error(exc)
            return None
        self.statusBar().showMessage(f"Saved {path}", 6000)
        return path

    def export_slides(self, path: str | None = None) -> None:
        """The deck of the left place (``placeviz slides``), with the right one beside it when it is another
        place. Made through the main window's File > Slide deck when there is one: its progress bar shows it,
        and its status bar says "Saved" (or the error) even if this window is closed meanwhile."""
        place, other = self.specs[0].place, self.specs[1].place
        try:
            same = resolve_place(place) == resolve_place(other)  # "knowsley" and "Knowsley" alike
        except UserError as exc:
            self.show_error(exc)
            return
        compare = None if same else other
        path = path or ask_slides_path(self, place, compare)
        if not path:
            return
        self.slides_btn.setEnabled(False)  # one deck at a time from this window
        self.statusBar().showMessage("Making the slide deck…")

        def ready() -> bool:  # this window is still open (its deck is reported either way)
            if sip.isdeleted(self):
                return False
            self.slides_btn.setEnabled(True)
            return True

        def done(out):
            if ready():
                self.slides_saved = str(out)
                self.statusBar().showMessage(f"Saved {out}", 6000)

        def failed(exc) -> bool:
            if ready():
                self.statusBar().clearMessage()
            return False  # the main window shows the error

        main = self.parent()
        if hasattr(main, "export_slides"):
            main.export_slides(path, place=place, compare=compare, on_result=done, on_error=failed)
            return
        from placeviz.export.slides import export_slides  # lazy: python-pptx loads when a deck is made

        def failed_here(exc):  # a compare window of its own (no main window): it says so itself
            failed(exc)
            self.show_error(exc)

        run_task(lambda _p: export_slides(place, path, compare=compare), done, failed_here, owner=self)

    def show_error(self, exc) -> None:
        text, details = error_message(exc, "The maps are unchanged.")
        self.last_error = text
        box = message_box(QMessageBox.Icon.Warning, "placeviz", text, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.statusBar().showMessage(text, 10_000)
