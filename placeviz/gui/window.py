"""The main window: a map of a place, the panels that change it, and the menus.

What reads or writes a file (the File menu's workspaces, imports and exports, and autosave and recovery)
is in :mod:`placeviz.gui.file_menu`, a mixin of this window; here are the layout, the state and the map.

The window holds one MapSpec (``self.spec``); every control edits it through ``placeviz.model.viewstate`` and
``apply_spec`` works out what must happen: a new place, level or layer loads data (in a worker thread),
a classification change only recolours the cached geometry, a selection change only redraws outlines.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QEvent, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QIcon, QKeySequence
from PyQt6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.accessibility import name_main_window
from placeviz.gui.canvas import MapCanvas
from placeviz.gui.dock_layout import DockLayout
from placeviz.gui.file_menu import FileMenu
from placeviz.gui.identify_panel import IdentifyPanel
from placeviz.gui.layer_list import LayersPanel
from placeviz.gui.messages import error_message
from placeviz.gui.panels import (
    ClassificationPanel,
    LegendWidget,
    LevelSelector,
    ProfilePanel,
    fill_year_combo,
)
from placeviz.gui.plain_text import message_box, plain_label
from placeviz.gui.present import copy_map, present, show_coincide
from placeviz.gui.profile_ahead import ProfileAhead, profile_contents
from placeviz.gui.search_box import PlaceSearch
from placeviz.gui.settings import save_window
from placeviz.gui.table_view import AreaTable
from placeviz.gui.theme import scrolling, window_style_sheet
from placeviz.gui.workers import run_task
from placeviz.model import viewstate
from placeviz.model.bundle import resources_dir
from placeviz.model.catalog import get_layer
from placeviz.model.classify import titled
from placeviz.model.errors import UserError
from placeviz.model.safe_files import write_via
from placeviz.model.spec import WARD_OUTLINES_NOTE, ComparisonSpec, MapSpec
from placeviz.model.version import __version__
from placeviz.render.geometry import RenderGeometry
from placeviz.render.png import png_bytes
from placeviz.render.scene import build_scene, classify_scene_data, light_map_data, with_ward_outlines

if TYPE_CHECKING:
    from placeviz.gui.compare_view import CompareWindow

# Start-up: what the first map needs is imported here. What only a menu or a button needs (the exports, the
# workspace, imports of the user's data, the compare window and the place profile) is imported where it is
# used, here and in file_menu.py: together they take about 100 ms to import (python -X importtime, pandas
# already loaded), on the GUI thread before the first map starts loading. Measured from start to the painted
# Cheshire and Merseyside map (offscreen, 5-6 runs alternating with the code before): 1.04 s against 0.89 s
# with them at the top here, 0.70 s against 0.70 s with them where they are used.

log = logging.getLogger(__name__)




def _with_year(spec: MapSpec, year) -> MapSpec:
    return spec.with_(year=year)


def _data_key(spec: MapSpec) -> tuple:
    """What a map's data depends on: an edit that changes it loads a new map."""
    return spec.place, spec.level, spec.layer, spec.year


class MainWindow(FileMenu, QMainWindow):
    """The map of a place and the panels that change it; the File menu's actions come from FileMenu."""

    map_ready = pyqtSignal()  # a newly loaded or recoloured map has been painted
    scene_loaded = pyqtSignal()

    def __init__(self, spec: MapSpec | None = None, load: bool = True):
        super().__init__()
        self.spec = spec or viewstate.DEFAULT_SPEC
        self.scene = None
        self.busy = False
        self.compare_windows: list[CompareWindow] = []  # open comparisons, saved with the workspace
        self._init_file_state()
        self._icons_later = False
        self._docks_sized = False
        self._pending_ready = False
        self.last_error: str | None = None
        self.remembered_on_close = True  # the app's window reopens as it closed; a snapshot's must not say so
        self.last_info: str | None = None
        self.identify_pending = False
        self._zoom_code_after_load = None
        self._say_after_load: str | None = None  # a sentence for the status bar once the next map has loaded
        self._asked_while_loading: list = []  # the user's edits made while a map loads: (viewstate fn, args, kw)
        self._loading_spec: MapSpec | None = None  # the map being loaded, while ``busy``
        self.profile_place: str | None = None  # the place the Place profile panel is for, once asked for
        self._profile_ahead: ProfileAhead | None = None  # the first profile worked out ahead (the app's window)
        self._load_started = time.perf_counter()
        self.setWindowTitle("placeviz — place-based inequality maps for England")
        icon = resources_dir() / "placeviz.svg"
        if icon.is_file():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(1440, 900)
        self.setStyleSheet(window_style_sheet(self))  # colours follow the palette (changeEvent: and its changes)
        self._build_widgets()
        self._build_menus()
        name_main_window(self)
        self._sync_controls()
        if load:
            self.load(self.spec, fit=self.spec.extent is None)

    # -- construction ---------------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.canvas = MapCanvas()
        self.title = plain_label()
        self.title.setObjectName("title")
        self.subtitle = plain_label()
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setWordWrap(True)
        self.title.setWordWrap(True)  # a long title, or large text, takes a second line rather than being cut
        for lab in (self.title, self.subtitle):
            lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = plain_label()
        self.note.setObjectName("note")
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note.setWordWrap(True)
        self.note.hide()
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.note)
        lay.addWidget(self.canvas, 1)
        self.setCentralWidget(centre)

        # toolbar: search, England, level, zoom
        tb = QToolBar("Place")
        tb.setObjectName("Place toolbar")  # saved with the panels' layout (gui/settings.py)
        tb.setMovable(False)
        self.addToolBar(tb)
        self.search = PlaceSearch()
        tb.addWidget(plain_label(" Place "))
        tb.addWidget(self.search)
        tb.addSeparator()
        tb.addWidget(plain_label(" Show "))
        self.level = LevelSelector()
        tb.addWidget(self.level)
        self.year = QComboBox()
        self.year.setToolTip("Year of a layer published as a yearly series")
        self.year_action = tb.addWidget(self.year)
        tb.addSeparator()
        self.zoom_place_btn = QPushButton("Zoom to place")
        self.zoom_place_btn.setToolTip("Fit the map to the place (Home)")
        self.zoom_eng_btn = QPushButton("Full England")
        tb.addWidget(self.zoom_place_btn)
        tb.addWidget(self.zoom_eng_btn)

        # docks
        self.layers = LayersPanel()
        self.classification = ClassificationPanel()
        self.legend = LegendWidget()
        self.identify = IdentifyPanel()
        self.layers_dock = self._dock("Layers", scrolling(self.layers), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.class_dock = self._dock("Classification", scrolling(self.classification),
                                     Qt.DockWidgetArea.LeftDockWidgetArea)
        legend_scroll = QScrollArea()
        legend_scroll.setWidgetResizable(True)
        legend_scroll.setWidget(self.legend)
        legend_scroll.setStyleSheet("QScrollArea { background: #ffffff; border: none; }")
        legend_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        legend_scroll.setMinimumWidth(310)
        self.identify.setMinimumWidth(310)
        self.layers.setMinimumWidth(290)
        self.legend_dock = self._dock("Legend", legend_scroll, Qt.DockWidgetArea.RightDockWidgetArea)
        self.identify_dock = self._dock("Identify", self.identify, Qt.DockWidgetArea.RightDockWidgetArea)
        self.profile = ProfilePanel()
        self.profile_dock = self._dock("Place profile", self.profile, Qt.DockWidgetArea.RightDockWidgetArea)
        self.table = AreaTable()
        self.table_dock = self._dock("Table", self.table, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.identify_dock, self.profile_dock)
        self.tabifyDockWidget(self.identify_dock, self.table_dock)
        self.identify_dock.raise_()
        self.resizeDocks([self.layers_dock, self.legend_dock], [330, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.layers_dock, self.class_dock], [520, 230], Qt.Orientation.Vertical)
        self.resizeDocks([self.legend_dock, self.identify_dock], [380, 420], Qt.Orientation.Vertical)
        self.dock_layout = DockLayout(self, self.layers_dock, self.class_dock, self.legend_dock, self.identify_dock,
                                      self.profile_dock, self.table_dock)  # one column of panels on small screens

        # status bar
        sb = self.statusBar()
        self.coords = plain_label("BNG E —  N —")
        self.scale_label = plain_label("")
        self.count_label = plain_label("")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        sb.addWidget(self.count_label, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.coords)
        sb.addPermanentWidget(self.scale_label)

        # wiring
        self.layers.layer_chosen.connect(  # each layer keeps the classes chosen for it
            lambda lid: self.guarded(viewstate.with_layer, lid, self.classification.chosen))
        self.classification.changed.connect(self._classification_changed)
        self.search.chosen.connect(self._search_chosen)
        self.level.level_chosen.connect(lambda lv: self.guarded(viewstate.with_level, lv))
        # through guarded, as every data edit: a year chosen while a place loads goes on from that place
        self.year.activated.connect(lambda i: self.guarded(_with_year, self.year.itemData(i)))
        self.zoom_place_btn.clicked.connect(self.canvas.zoom_to_scene)
        self.zoom_eng_btn.clicked.connect(self.canvas.zoom_england)
        self.canvas.clicked.connect(self._clicked)
        self.canvas.mouse_world.connect(self._mouse_world)
        self.canvas.view_changed.connect(self._view_changed)
        self.canvas.view_changed.connect(self._spec_changed)  # the view is autosaved too
        self.canvas.painted.connect(self._painted)
        self.canvas.cursor_moved.connect(self._cursor_moved)
        self._cursor_code = None
        self._cursor_identify = QTimer(self)
        self._cursor_identify.setSingleShot(True)
        self._cursor_identify.timeout.connect(lambda: self._identify([self._cursor_code]))
        self.table.area_chosen.connect(self._table_chosen)
        self.table_dock.visibilityChanged.connect(self.table.set_shown)

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        d = QDockWidget(title, self)
        d.setObjectName(title)
        d.setWidget(widget)
        d.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                      | QDockWidget.DockWidgetFeature.DockWidgetClosable
                      | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, d)
        return d

    def _action(self, menu, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        menu.addAction(a)
        return a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self._build_file_menu(mb)  # workspaces, your data, exports, quit: placeviz.gui.file_menu
        e = mb.addMenu("&Edit")
        self._action(e, "&Find a place…", self.focus_search, QKeySequence.StandardKey.Find,
                     "Type a place, area, ward, town or postcode")
        self._action(e, "Copy as &Python", self.copy_as_python, None,
                     "The Python (placeviz's API) that makes this map, for a notebook or a script")
        # its own shortcut, not Esc: Esc closes menus and dialogs, and must never drop a selection unseen
        self._action(e, "Clear &selection", self.clear_selection, "Ctrl+Shift+A",
                     "Unselect the areas selected on the map")
        self._action(e, "Copy &map", lambda: copy_map(self), "Ctrl+Alt+C",
                     "The map with its title, legend and sources, as a picture for an email or a slide")
        v = mb.addMenu("&View")
        self._action(v, "Zoom to &place", self.canvas.zoom_to_scene, "Home")
        self._action(v, "Full &England", self.canvas.zoom_england, "Ctrl+0")
        self._action(v, "Zoom &in", lambda: self.canvas.zoom_by(1.5), QKeySequence.StandardKey.ZoomIn)
        self._action(v, "Zoom &out", lambda: self.canvas.zoom_by(1 / 1.5), QKeySequence.StandardKey.ZoomOut)
        v.addSeparator()
        self._action(v, "&Present", lambda: present(self), "F5",
                     "The map full screen for a meeting room: arrow keys step through the layers, Esc leaves")
        self.wards_action = self._action(v, "&Ward outlines", self._show_wards, None,
                                         "Draw the place's May 2024 ward boundaries over the map")
        self.wards_action.setCheckable(True)
        v.addSeparator()
        self._action(v, "&Map", self.canvas.setFocus, "Ctrl+M", "Put the keyboard on the map")
        self._action(v, "&Table of areas", self.show_table, "Ctrl+T", "Every area of the map as a table")
        for d in (self.layers_dock, self.class_dock, self.legend_dock, self.identify_dock, self.profile_dock,
                  self.table_dock):
            v.addAction(d.toggleViewAction())
        t = mb.addMenu("&Tools")
        self._action(t, "Place &profile", self.show_profile, "Ctrl+P",
                     "Figures for the place: deprivation, life expectancy, air quality, work")
        self._action(t, "&Compare side by side…", self.compare, "Ctrl+Shift+C",
                     "This map beside another place, layer or edition, in a window of its own")
        self._action(t, "Where disadvantages &coincide", lambda: show_coincide(self), None,
                     "On how many of deprivation, life expectancy, air quality and insecure work each "
                     "neighbourhood is in England's worst fifth")
        h = mb.addMenu("&Help")
        self._action(h, "About this &layer…", self.layers.show_provenance, "F1")
        self._action(h, "&About placeviz", self.about)

    def copy_as_python(self) -> str:
        """Edit > Copy as Python: put on the clipboard the code that makes this map with placeviz's API."""
        code = viewstate.python_code(self.current_spec())
        QApplication.clipboard().setText(code)
        self.statusBar().showMessage("Copied the Python for this map: paste it into a notebook or script.", 6000)
        return code

    # -- spec changes ---------------------------------------------------------------------------------------
    def guarded(self, fn, *args, **kw) -> None:
        """Apply ``fn(spec, ...)``; a UserError becomes a message and the map stays as it was. While a map loads,
        an edit of the view that took is kept too, and the map arriving takes it up (``load``); an edit of the
        data goes on from the map loading, not the one on screen (a level chosen after a place keeps the place)."""
        loading = self._loading_spec if self.busy else None
        try:
            new = fn(self.spec, *args, **kw)
            if loading is not None and _data_key(new) != _data_key(self.spec):
                new = fn(loading, *args, **kw)
        except UserError as exc:
            self.show_error(exc)
            self._sync_controls()
            return
        self.apply_spec(new)
        if loading is not None and self.busy and self.spec is new:  # (a refused edit is not asked again)
            self._asked_while_loading.append((fn, args, kw))

    def apply_spec(self, new: MapSpec, fit: bool | None = None) -> None:
        old = self.spec
        data_changed = _data_key(new) != _data_key(old)
        if data_changed or self.scene is None:
            self.load(new, fit=fit if fit is not None else (new.place != old.place or new.level != old.level
                                                            or self.scene is None))
            return
        if new.classification != old.classification:
            try:
                bins = None
                recolour_only = (dataclasses.replace(new.classification, palette=old.classification.palette,
                                                     reverse=old.classification.reverse) == old.classification)
                if recolour_only and new.classification.scheme != "national_deciles":
                    bins = self.scene.classified.bins  # same breaks, new colours: no need to recompute
                classified = self._classify(self.scene.data, new.classification, bins)
                if bins is not None:
                    classified.note = self.scene.classified.note
            except UserError as exc:
                self.show_error(exc)
                self._sync_controls()
                return
            self.spec = new
            self.scene = self.scene.recolour(classified)
            self.canvas.recolour(self.scene.with_selection(new.selection, self.canvas.scene.highlight
                                                           if self.canvas.scene else None))
            self._pending_ready = True
            self._update_legend()
        if new.selection != old.selection:
            self.spec = new
            self.canvas.set_overlay(new.selection, self.canvas.scene.highlight if self.canvas.scene else None)
            self._identify()
            self.table.follow_selection(new.selection)
        self.spec = new
        self._sync_controls()
        self._spec_changed()

    @staticmethod
    def _classify(md, classification, bins=None):
        return classify_scene_data(md, classification, bins=bins)

    def _classification_changed(self, changes: dict) -> None:
        if "breaks_text" in changes:
            text = changes.pop("breaks_text")
            try:
                changes["breaks"] = viewstate.parse_breaks(text)
            except UserError as exc:
                self.show_error(exc)
                self._sync_controls()
                return
        self.guarded(viewstate.with_classification, **changes)

    def _search_chosen(self, hit) -> None:
        # lazy: pandas loads in the loading worker, beside the window's first paint, not before it
        from placeviz.model.geography import attributes, resolve_place

        if hit.place:
            self.guarded(viewstate.with_place, hit.place)
            return
        # an area: map its local authority if it is outside the place, then zoom to it and select it
        a = attributes(hit.boundary_set).set_index("code")
        row = a.loc[hit.code]
        place = resolve_place(self.spec.place)
        inside = bool(place.mask(a.loc[[hit.code]].reset_index(), hit.boundary_set)[0])  # (a ward's MSOAs: by census)
        # a postcode, town or ward is found as the neighbourhood (LSOA) it lies in: show neighbourhoods
        level = hit.kind if hit.kind in ("lsoa", "msoa") else "lsoa" if hit.kind in ("postcode", "town", "ward") \
            else self.spec.level
        new = self.spec.with_(level=level, selection=(hit.code,))
        name = hit.label.split("  (")[0]
        said = []
        if not inside:
            new = new.with_(place=resolve_place(row["lad21_code"]).name if "lad21_code" in row else row["lad_name"])
            said.append(f"{name} is in {new.place}, outside {place.name}: the map now shows {new.place}.")
        if hit.kind in ("town", "postcode"):  # a point: its figures are its neighbourhood's, not a town's
            where = "at its centre" if hit.kind == "town" else "it lies in"
            said.append(f"The neighbourhood selected, {row['name']}, is the one {where}: the figures shown are "
                        f"that neighbourhood's, not {name}'s as a whole.")
        if said:  # in place of the last search's message, which would otherwise stay up
            self.last_info = " ".join(said)
            self.statusBar().showMessage(self.last_info, 20_000)
            self._say_after_load = self.last_info  # the load's own messages must not hide it
        self._zoom_code_after_load = (hit.code, hit.boundary_set)
        if (new.place, new.level) != (self.spec.place, self.spec.level):
            self.apply_spec(new, fit=True)
        else:
            self.apply_spec(new)
            self._zoom_to_code(hit.code, hit.boundary_set)

    def _zoom_to_code(self, code: str, set_name: str | None = None) -> None:
        """Zoom to an area, found in the map's boundary set or else in its own (e.g. a 2021 LSOA)."""
        self._zoom_code_after_load = None
        if self.scene is None:
            return
        geo = self.scene.geometry
        r = geo.index.get(code, -1)
        if r < 0 and set_name:
            geo = RenderGeometry.for_set(set_name)
            r = geo.index.get(code, -1)
        if r >= 0:
            x0, y0, x1, y1 = geo.bounds[r]
            pad = max(x1 - x0, y1 - y0) * 1.5 + 300
            self.canvas.zoom_to_extent((x0 - pad, y0 - pad, x1 + pad, y1 + pad), margin=0.0)

    # -- loading ------------------------------------------------------------------------------------------
    def load(self, spec: MapSpec, fit: bool = True) -> None:
        """Load the data and geometry for ``spec`` in a worker thread; the map updates when ready, with the edits
        the user made meanwhile (view settings chosen on the map shown until then)."""
        self.busy = True
        self._asked_while_loading = []  # ``spec`` holds those made so far
        self._loading_spec = spec
        self._load_started = time.perf_counter()
        # the place is resolved in the worker (pandas loads there, beside the window's first paint); a name
        # that is no place fails there and reaches the user through ``failed``
        pname = spec.place
        big = pname.strip().lower() == "england" or spec.place != self.spec.place
        self.canvas.busy_text = f"Loading {pname}…" if big else None
        if big:
            self.canvas.update()
            self.statusBar().showMessage(self.canvas.busy_text)  # said by screen readers too
        self.progress.setValue(0)
        self.progress.show()

        def work(progress):
            md = light_map_data(spec.place, spec.level, spec.layer, spec.year)
            progress(0.2)
            scene = build_scene(spec, progress=lambda f: progress(0.2 + 0.7 * f), md=md)
            scene.outlines.geometry.label_points()
            progress(1.0)
            return scene

        def done(scene):
            nonlocal spec
            self.busy = False
            self.progress.hide()
            self.canvas.busy_text = None
            spec, scene = self._take_up_edits(spec, scene)
            self.spec = spec
            self.scene = scene
            keep = None if fit else self.canvas.extent()
            if spec.extent is not None and fit:
                keep = spec.extent
            self._update_legend()
            self._update_titles()
            self._sync_controls()
            self.table.set_scene(scene)
            self.table.follow_selection(spec.selection)
            self.centralWidget().layout().activate()  # the note line may take room from the canvas
            self.canvas.set_scene(scene.with_selection(spec.selection), fit=keep is None, extent=keep)
            self._pending_ready = True
            if self._zoom_code_after_load:
                self._zoom_to_code(*self._zoom_code_after_load)
            self._identify()
            if self.profile_place is not None and self.profile_place != spec.place:
                self.show_profile(raise_panel=False)  # never leave another place's figures on screen
            said, self._say_after_load = self._say_after_load, None
            if said:
                self.statusBar().showMessage(said, 20_000)
            elif big:
                self.statusBar().showMessage(f"Mapped {self.title.text()}", 8000)
            self.scene_loaded.emit()
            self._spec_changed()

        def failed(exc):
            self.busy = False
            self._asked_while_loading = []  # already applied to the map on screen
            self.progress.hide()
            self.canvas.busy_text = None
            self.canvas.update()
            self.show_error(exc)
            self._sync_controls()

        run_task(work, done, failed, lambda f: self.progress.setValue(int(f * 100)), channel="scene", owner=self)

    def _take_up_edits(self, spec: MapSpec, scene):
        """The loaded ``spec`` and ``scene`` with the edits made while they loaded, in order (the user's last word
        wins); one that no longer applies is said, as it would have been."""
        asked, self._asked_while_loading = self._asked_while_loading, []
        built = spec
        for fn, args, kw in asked:
            try:
                new = fn(spec, *args, **kw)
            except UserError as exc:
                self.show_error(exc)
                continue
            if _data_key(new) == _data_key(spec):
                spec = new  # (an edit of the data itself started a load of its own)
        if spec.classification != built.classification:
            try:
                scene = scene.recolour(self._classify(scene.data, spec.classification))
            except UserError as exc:
                self.show_error(exc)
                spec = spec.with_(classification=built.classification)
        return spec, with_ward_outlines(scene, spec.wards)

    def _painted(self) -> None:
        if self._pending_ready and not self.busy:
            self._pending_ready = False
            self.map_ready.emit()
            self._warm_hover_index()
            if not self._icons_later:
                self._icons_later = True
                QTimer.singleShot(400, self.classification.add_icons)

    def _warm_hover_index(self) -> None:
        """Build the map's hover index off the GUI thread once the map has painted: started before, it took
        the interpreter from the painting in turns (Qt's calls keep the GIL) and the map showed later."""
        geo = self.scene.geometry if self.scene is not None else None
        if geo is not None and geo._tree is None:
            run_task(lambda _p: geo.tree(), lambda _r: None, lambda _e: None, channel="index", owner=self)

    # -- views of the state --------------------------------------------------------------------------------
    def _sync_controls(self) -> None:
        try:
            layer = get_layer(self.spec.layer)
        except UserError:
            return
        self.layers.set_layer(layer.id)
        self.classification.set_state(self.spec.classification, layer)
        self.level.set_level(self.spec.level)
        fill_year_combo(self.year, layer, self.spec.year)
        self.year_action.setVisible(bool(layer.series))
        self.wards_action.setChecked(self.spec.wards)

    def _show_wards(self) -> None:
        """View > Ward outlines: on or off, keeping the view; part of the map, so exports and workspaces keep it."""
        on = self.wards_action.isChecked()
        self.spec = self.spec.with_(wards=on)
        if self.busy:  # the map being loaded takes it up when it arrives
            self._asked_while_loading.append((MapSpec.with_, (), {"wards": on}))
        if self.scene is None:
            return
        self.scene = with_ward_outlines(self.scene, self.spec.wards)
        self.canvas.set_scene(self.scene.with_selection(self.spec.selection), fit=False,
                              extent=self.canvas.extent())
        self._update_legend()
        self._spec_changed()

    def _update_legend(self) -> None:
        if self.scene is None:
            return
        md = self.scene.data
        # the legend says what the dashes are when ward outlines are on, as an export's does
        key = " ".join(x for x in (md.note, WARD_OUTLINES_NOTE if self.scene.wards is not None else "") if x)
        self.legend.set_legend(self.scene.classified, md.layer, note=key, period=md.period)
        notes = [n for n in (md.note, self.scene.classified.note) if n]
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        n = len(md.frame)
        nodata = int((self.scene.classified.classes < 0).sum())
        self.count_label.setText(viewstate.area_count_text(n, md.boundary_set, nodata))

    def _update_titles(self) -> None:
        md = self.scene.data
        self.title.setText(titled(self.spec.title or f"{md.layer.title}, {md.place.name}", self.scene.classified))
        layer = md.layer
        bits = [md.period, layer.unit_long or layer.unit, f"Source: {layer.dataset.publisher}"]
        self.subtitle.setText(" · ".join(b for b in bits if b and b != "score"))
        self.setWindowTitle(f"{md.layer.label}, {md.place.name} — placeviz")

    def _mouse_world(self, x: float, y: float) -> None:
        self.coords.setText(f"BNG E {x:,.0f}  N {y:,.0f}")

    def _view_changed(self) -> None:
        n = viewstate.scale_denominator(self.canvas.scale, self.logicalDpiX() or 96)
        self.scale_label.setText(f"Scale {viewstate.nice_scale(n)}")

    # -- selection and identify -------------------------------------------------------------------------------
    def _clicked(self, code, add: bool) -> None:
        sel = list(self.spec.selection)
        if code is None:
            new = () if not add else tuple(sel)
        elif add:
            new = tuple(c for c in sel if c != code) if code in sel else (*sel, code)
        else:
            new = (code,)
        if new != self.spec.selection:
            self.apply_spec(self.spec.with_(selection=new))

    def clear_selection(self) -> None:
        """Edit > Clear selection."""
        n = len(self.spec.selection)
        self.apply_spec(self.spec.with_(selection=()))
        if n:
            self.statusBar().showMessage(f"Cleared the selection of {n} area{'s' * (n != 1)}.", 6000)

    def _cursor_moved(self, code: str, sentence: str) -> None:
        """The keyboard cursor is on a new area (the canvas gives screen readers the whole ``sentence``): name it
        in the status bar and, once the keys pause (a held key repeats), show its figures."""
        self.statusBar().showMessage(self.canvas.area_cursor.headline())
        self._cursor_code = code
        self._cursor_identify.start(120)

    def _table_chosen(self, code: str, add: bool) -> None:
        self._clicked(code, add)
        self._zoom_to_code(code)

    def focus_search(self) -> None:
        """Edit > Find: the keyboard goes to the place search, its text selected to type over."""
        self.search.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.edit.selectAll()

    def show_table(self) -> None:
        """View > Table of areas: show the table and put the keyboard in it."""
        self.table_dock.show()
        self.table_dock.raise_()
        self.table.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _identify(self, codes: list[str] | None = None) -> None:
        """Show the figures of ``codes`` (the selection when None) in the identify panel."""
        if self.scene is None:
            return
        codes = list(self.spec.selection) if codes is None else codes
        if not codes:
            self.identify.show_result([], [])
            return
        md = self.scene.data
        self.identify.show_busy()
        self.identify_pending = True
        bset = md.boundary_set
        # the level drawn, not the one asked: an MSOA layer draws MSOAs on an LSOA map, and LSOA layers then
        # give each MSOA its LSOAs' figure; a ward is identified at the ward level, with the ward's own figures
        level = "msoa" if bset.startswith("msoa") else md.level if bset.startswith(("lsoa", "ward")) else "la"

        def done(res):
            self.identify_pending = False
            self.identify.show_result(*res)

        def failed(exc):
            self.identify_pending = False
            self.show_error(exc)

        run_task(lambda _p: viewstate.identify(codes, bset, level), done, failed, channel="identify", owner=self)
        self.identify_dock.raise_()

    # -- the other front ends ------------------------------------------------------------------------------
    def current_spec(self) -> MapSpec:
        """The spec with the extent now on screen (what you see is what you export)."""
        return self.spec.with_(extent=tuple(self.canvas.extent()))

    def compare(self) -> CompareWindow:
        """Tools > Compare side by side: this map beside its partner (the next IMD edition, or itself)."""
        from placeviz.gui.compare_view import comparison_for  # lazy: start-up

        return self.open_comparison(comparison_for(self.current_spec()))

    def open_comparison(self, spec: ComparisonSpec) -> CompareWindow:
        """Show a comparison in its own window, kept (and saved with the workspace) until it is closed."""
        from placeviz.gui.compare_view import CompareWindow  # lazy: start-up

        window = CompareWindow(spec, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)  # its maps and tables go with it
        self.compare_windows.append(window)
        window.closed.connect(self._comparison_closed)
        window.changed.connect(self._spec_changed)  # autosaved too
        window.show()
        self._spec_changed()
        return window

    def _comparison_closed(self, window) -> None:
        if window in self.compare_windows:
            self.compare_windows.remove(window)
            self._spec_changed()

    def comparison_specs(self) -> list[ComparisonSpec]:
        """The comparisons open, as shown (their maps' extents on screen)."""
        return [w.comparison_spec() for w in self.compare_windows]

    def prepare_profile_when_idle(self) -> None:
        """Work out the map's place profile once the first map has painted, so the panel answers at once."""
        self._profile_ahead = ProfileAhead(self)

    def show_profile(self, raise_panel: bool = True) -> None:
        """The place profile (placeviz.analysis.profile) in its panel: the so-what, the figures, sources.
        Once shown, it follows the map's place: each new place recomputes it."""
        place = self.spec.place
        self.profile_place = place
        if raise_panel:
            self.profile_dock.show()
            self.profile_dock.raise_()
        self.profile.show_working(place)
        ahead = self._profile_ahead
        if ahead is not None and ahead.answer(place, lambda r: self._show_profile(*r), self.show_error,
                                              channel="profile"):
            return
        run_task(lambda _p: profile_contents(place), lambda r: self._show_profile(*r), self.show_error,
                 channel="profile", owner=self)

    def _show_profile(self, prof, sentences=(), sources=()) -> None:
        self.profile_figures = prof
        self.profile.show_profile(prof, sentences, sources)

    def about(self) -> None:
        QMessageBox.about(self, "About placeviz",
                          f"<b>placeviz {__version__}</b><p>Place-based inequality maps for England, offline, "
                          "on bundled open data: deprivation, life expectancy, air quality and work at "
                          "neighbourhood level.</p><p>Every layer's source and licence: Help → About this layer.</p>")

    def show_info(self, text: str) -> None:
        """A message that does not block the window."""
        self.last_info = text
        box = message_box(QMessageBox.Icon.Information, "placeviz", text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.statusBar().showMessage(text, 10_000)

    def show_error(self, exc) -> None:
        """A message (never a traceback), shown without blocking; the map stays as it was."""
        text, details = error_message(exc, "Your map is unchanged.")
        icon = QMessageBox.Icon.Warning if isinstance(exc, UserError) else QMessageBox.Icon.Critical
        if details:
            log.error("Unexpected error: %s", details)
        self.last_error = text
        box = message_box(icon, "placeviz", text, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.statusBar().showMessage(text, 10_000)

    def closeEvent(self, e):
        if self.remembered_on_close:
            save_window(self)  # reopens as it was: size, panels, place, level and layer (gui/settings.py)
        super().closeEvent(e)

    def changeEvent(self, e):
        super().changeEvent(e)
        # the system palette or text size changed while the app runs (dark mode switched on): restyle
        if e.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            sheet = window_style_sheet(self)
            if self.styleSheet() != sheet:  # setting it changes the palette again: only when it differs
                self.setStyleSheet(sheet)

    def resizeEvent(self, e):
        self.dock_layout.fit_size(e.size())
        super().resizeEvent(e)

    def showEvent(self, e):
        super().showEvent(e)
        if not self._docks_sized and not self.dock_layout.compact:
            self._docks_sized = True
            self.resizeDocks([self.layers_dock, self.legend_dock], [320, 340], Qt.Orientation.Horizontal)
            self.resizeDocks([self.layers_dock, self.class_dock], [560, 240], Qt.Orientation.Vertical)
            self.resizeDocks([self.legend_dock, self.identify_dock], [400, 400], Qt.Orientation.Vertical)

    # -- snapshot ---------------------------------------------------------------------------------------------
    def snapshot(self, path: str) -> None:
        """A picture of the window, written whole or not at all."""
        picture = self.grab()

        png = Path(path).suffix.lower() == ".png"

        def save(tmp: Path) -> None:
            if png:
                tmp.write_bytes(png_bytes(picture.toImage()))
            elif not picture.save(str(tmp)):
                raise OSError(f"Qt could not write {Path(path).name}")

        write_via(path, save)

