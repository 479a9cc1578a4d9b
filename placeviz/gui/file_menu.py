"""The main window's File menu and what stands behind it: workspaces, the user's own files, and exports.

:class:`FileMenu` is a mixin of :class:`placeviz.gui.window.MainWindow`. It opens, saves, autosaves and
recovers workspaces, imports the user's tables and rasters, and exports the map, using what the window
provides: ``spec``, ``current_spec()``, ``comparison_specs()``, ``open_comparison()``,
``compare_windows``, ``load()``, ``guarded()``, ``layers``, ``progress``, ``scene``, ``show_info()`` and
``show_error()``. The window lays out the map and keeps it up to date; this module is everything that
reads or writes a file.

Start-up: the exporters, the workspace and the importers are imported where they are used, not at the top
(each such line says ``lazy: start-up``): the note at the top of window.py has the measurements.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QKeySequence
from PyQt6.QtWidgets import QDialog, QFileDialog, QMessageBox

from placeviz.gui.plain_text import message_box
from placeviz.gui.settings import fill_recent_menu, remember_file
from placeviz.gui.workers import run_task
from placeviz.model import viewstate
from placeviz.model.errors import UserError
from placeviz.model.names import normalise
from placeviz.model.spec import MapSpec

if TYPE_CHECKING:
    from placeviz.gui.import_dialog import ImportDialog
    from placeviz.imports import ImportResult
    from placeviz.workspace import Autosaver, Workspace

log = logging.getLogger(__name__)



def file_name(*words: str, ext: str) -> str:
    """A suggested file name from words: 'knowsley_and_halton_slides.pptx'."""
    return normalise(" ".join(words)).replace(" ", "_") + ext


def ask_slides_path(parent, place: str, compare: str | None = None) -> str | None:
    """Where to save the deck of ``place`` (beside ``compare``), asked; None when the user cancels."""
    name = f"{place} and {compare}" if compare else place
    path, _ = QFileDialog.getSaveFileName(parent, "Slide deck", file_name(name, "slides", ext=".pptx"),
                                          "PowerPoint deck (*.pptx)")
    return path or None

class FileMenu:
    """The File menu's actions, and autosave and recovery, for the MainWindow that inherits them."""

    def _init_file_state(self) -> None:
        """What the file actions remember; set before the widgets, whose signals start the autosave timer."""
        self._workspace: Workspace | None = None  # the workspace opened or saved last
        self.pending_import: ImportResult | None = None  # a checked file waiting for "Add to the map"
        self.import_report_box: ImportDialog | None = None  # its report and naming step, while it is open
        self._autosaver: Autosaver | None = None
        self._autosave_timer: QTimer | None = None
        self._autosave_delay = 3000
        self.recovery_prompt: QMessageBox | None = None  # "Restore ...?", while it is open
        self.jobs_running = 0  # exports and imports in the background
        self.export_options_box: QDialog | None = None  # an export's size and resolution, while open
        self.export_done_box: QMessageBox | None = None  # "Saved …: Open file, Show in folder", while open

    def _build_file_menu(self, menubar) -> None:
        f = menubar.addMenu("&File")
        self._action(f, "&Open workspace…", self.open_workspace, QKeySequence.StandardKey.Open)
        self.recent_menu = f.addMenu("Open &recent")  # filled as it opens: a file may have gone meanwhile
        self.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(self.recent_menu, self.open_workspace))
        self._action(f, "&Save workspace…", self.save_workspace, QKeySequence.StandardKey.Save)
        f.addSeparator()
        self._action(f, "&Import your data…", self.import_data, "Ctrl+I",
                     "A table (CSV, XLSX) of values by area code, or a raster (GeoTIFF), checked before it is added")
        f.addSeparator()
        self._action(f, "Export &HTML…", self.export_html, "Ctrl+E", "A web page of this map that works offline")
        self._action(f, "Export &image/PDF…", self.export_static, "Ctrl+Shift+E",
                     "PNG, SVG or PDF with title, legend, scale bar and north arrow")
        self._action(f, "&Brief (one page)…", self.export_brief, "Ctrl+B",
                     "One A4 page of the place for a meeting: headline figures, a map and the so what")
        self._action(f, "Slide &deck (PowerPoint)…", self.export_slides, "Ctrl+Shift+B",
                     "An editable 16:9 deck of the place: a slide per theme with its map, the figures against "
                     "England and the so what, the change since 2019, sources and caveats")
        f.addSeparator()
        self._action(f, "&Quit", self.close, QKeySequence.StandardKey.Quit)

    # -- workspaces -------------------------------------------------------------------------------------------
    def open_workspace(self, path: str | None = None) -> None:
        path = path or QFileDialog.getOpenFileName(self, "Open workspace", "", "placeviz workspace (*.placeviz *.json)")[0]
        if not path:
            return
        from placeviz.workspace import open_workspace  # lazy: start-up

        try:
            ws = open_workspace(path)
        except UserError as exc:
            self.show_error(exc)  # nothing on screen changes
            return
        self._use_workspace(ws)
        remember_file(path)

    def _use_workspace(self, ws: Workspace) -> None:
        """Show a workspace opened or recovered: its active map here, each of its comparisons in a window."""
        self.layers.populate()
        if ws.warnings:
            self.show_info("\n".join(ws.warnings))
        if ws.maps:
            active = ws.maps[min(max(ws.active, 0), len(ws.maps) - 1)]
            self.load(active, fit=True)  # fits the saved extent when it has one, else the place
        for window in list(self.compare_windows):
            window.close()
        for comparison in ws.comparisons:
            self.open_comparison(comparison.spec)
        self._workspace = ws

    def _workspace_now(self, path: str | None = None, spec: MapSpec | None = None) -> Workspace:
        """The app's state as a Workspace: this map, the comparisons open, and the areas and title of the
        workspace opened."""
        from placeviz.workspace import Comparison, Workspace  # lazy: start-up

        old = self._workspace
        # the workspace's other maps stay as they were opened; the one on screen takes its current state
        on_screen = spec if spec is not None else self.current_spec()
        maps, active = [on_screen], 0
        if old is not None and old.maps:
            active = min(max(old.active, 0), len(old.maps) - 1)
            maps = [*old.maps[:active], on_screen, *old.maps[active + 1:]]
        return Workspace.capture(maps=maps, active=active,
                                 comparisons=[Comparison(c) for c in self.comparison_specs()],
                                 areas=list(old.areas) if old else [], title=old.title if old else "",
                                 path=path or (old.path if old is not None else None))

    def save_workspace(self, path: str | None = None) -> None:
        path = path or QFileDialog.getSaveFileName(self, "Save workspace", self._suggested_name(".placeviz"),
                                                   "placeviz workspace (*.placeviz)")[0]
        if not path:
            return
        from placeviz.workspace import save_workspace  # lazy: start-up

        try:
            ws = self._workspace_now(path)
            saved = save_workspace(ws, path)  # refuses to replace a file it cannot read
        except UserError as exc:
            self.show_error(exc)
            return
        self._workspace = ws
        remember_file(saved)
        self.statusBar().showMessage(f"Saved {saved}", 6000)

    # -- autosave and recovery ---------------------------------------------------------------------------------
    def enable_autosave(self, directory=None, delay_ms: int = 3000) -> None:
        """Autosave the workspace a few seconds after each change; a clean exit removes the autosave."""
        from placeviz.workspace import Autosaver  # lazy: start-up

        self._autosaver = Autosaver(directory)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.timeout.connect(self._autosave)
        self._autosave_delay = delay_ms

    @property
    def autosave_path(self):
        """Where this window autosaves (None until enable_autosave)."""
        return self._autosaver.path if self._autosaver is not None else None

    def _spec_changed(self) -> None:
        """Something the workspace holds changed: autosave once the changes pause (the window calls this)."""
        if self._autosave_timer is not None:
            self._autosave_timer.start(self._autosave_delay)

    def autosave_now(self):
        """Save the whole workspace (every map, comparison, imported layer, the title) to the autosave file
        now, on this thread: the last resort calls it after an error, when a worker may not run again.
        Returns the path, or None when autosave is off."""
        if self._autosaver is None:
            return None
        try:
            ws = self._workspace_now()
        except Exception:  # the canvas may be what failed: the map as last applied
            ws = self._workspace_now(spec=self.spec)
        self.last_autosave = self._autosaver.save(ws)
        return self.last_autosave

    def _autosave(self) -> None:
        saver = self._autosaver
        if saver is None or self.scene is None:
            return
        try:
            ws = self._workspace_now()
        except Exception as exc:  # autosave must never interrupt work: log and carry on
            log.warning("Autosave skipped: %s", exc)
            return

        def failed(exc):
            log.warning("Autosave failed: %s", exc)

        run_task(lambda _p: saver.save(ws), lambda p: setattr(self, "last_autosave", p), failed, owner=self,
                 channel="autosave")

    def offer_recovery(self, directory=None) -> list:
        """If an earlier session ended without closing, offer to restore what it had (non-blocking)."""
        from placeviz.workspace import discard_recovery, find_recoverable  # lazy: start-up

        found = find_recoverable(directory)
        if not found:
            return []
        info = found[0]
        box = message_box(QMessageBox.Icon.Question, "placeviz",
                          f"placeviz did not close properly last time. Restore {info.describe()}?",
                          QMessageBox.StandardButton.NoButton, self)
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)

        def chosen(button):
            role = box.buttonRole(button)
            if button is restore:
                self.restore_recovery(info)
            elif role == QMessageBox.ButtonRole.DestructiveRole:
                discard_recovery(info)

        box.buttonClicked.connect(chosen)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.recovery_prompt = box
        box.finished.connect(lambda _r: setattr(self, "recovery_prompt", None))
        return found

    def restore_recovery(self, info) -> None:
        from placeviz.workspace import discard_recovery, recover  # lazy: start-up

        try:
            ws = recover(info)
        except UserError as exc:
            self.show_error(exc)
            return
        self._use_workspace(ws)
        discard_recovery(info)  # this session autosaves it from now on

    def closeEvent(self, e):
        """A clean close: the autosave is not needed to recover anything, so it goes."""
        if self._autosaver is not None:
            self._autosave_timer.stop()
            self._autosaver.discard()
        super().closeEvent(e)

    # -- the user's own data ----------------------------------------------------------------------------------
    def import_data(self, path: str | None = None, options: dict | None = None) -> None:
        """Read and check a file in the background, show its report, and add it to the map if the user agrees.
        ``options`` (the importer's) come from the picker when a file holds several things to choose from."""
        path = path or QFileDialog.getOpenFileName(
            self, "Import your data", "",
            "Tables and rasters (*.csv *.tsv *.txt *.xlsx *.tif *.tiff);;All files (*)")[0]
        if not path:
            return
        from placeviz.imports import ImportResult, import_file  # lazy: start-up

        self.pending_import = None

        def done(result):
            if not isinstance(result, ImportResult):  # an AreasImport
                self.show_info("That file holds boundaries, not values: import a table of values by area code "
                               "(CSV or XLSX) or a raster (GeoTIFF).")
                return
            self.pending_import = result
            self._show_import_report(result)

        self._background("Checking your file", lambda: import_file(path, **(options or {})),
                         lambda _r: "Checked your file", on_result=done,
                         on_error=lambda exc: self._pick_one_to_import(path, exc, options or {}))

    def _pick_one_to_import(self, path: str, exc: Exception, options: dict) -> bool:
        """A file holding several indicators or boundary layers: ask which, then import that one. False when
        the error offers no choice (it is shown as it is)."""
        choices = getattr(exc, "choices", None)
        if not choices:
            return False
        from pathlib import Path

        from placeviz.gui.import_picker import ChoicePicker, with_choice  # lazy, as the importers: start-up

        picker = ChoicePicker(Path(path).name, choices, getattr(exc, "labels", None), self)
        picker.accepted.connect(lambda: self.import_data(path, with_choice(options, picker.chosen())))
        picker.finished.connect(lambda _r: setattr(self, "import_picker", None))
        self.import_picker = picker
        picker.open()
        return True

    def _show_import_report(self, result) -> None:
        """What the check found, and the step to name the layer, its units and source (gui/import_dialog.py)."""
        from placeviz.gui.import_dialog import ImportDialog  # lazy: start-up

        box = ImportDialog(result, self)
        box.add_requested.connect(lambda choices: self.add_import(**choices))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.import_report_box = box
        box.finished.connect(lambda _r: setattr(self, "import_report_box", None))

    def add_import(self, title: str = "", unit: str = "", publisher: str = "", licence: str = "",
                   to_lsoa21: bool = False) -> None:
        """Add the last checked import to the catalog, named as the user described it, and map it."""
        result = self.pending_import
        if result is None:
            return
        from placeviz.imports import add_to_catalog, convert_lsoa11_to_lsoa21, described  # lazy: start-up

        try:
            if to_lsoa21:
                result = self.pending_import = convert_lsoa11_to_lsoa21(result)
            result.layer = described(result.layer, title, unit, publisher, licence)
            layer = add_to_catalog(result)
        except UserError as exc:
            self.show_error(exc)
            return
        self.layers.populate()
        self.guarded(viewstate.with_layer, layer.id)

    # -- exports ----------------------------------------------------------------------------------------------
    def export_html(self, path: str | None = None) -> None:
        path = path or QFileDialog.getSaveFileName(self, "Export HTML", self._suggested_name(".html"),
                                                   "Web page (*.html)")[0]
        if path:
            from placeviz.export.html import export_html  # lazy: start-up (see the note at the top)

            spec = self.current_spec()
            self._background("Exporting the web page", lambda: export_html(spec, path), lambda _r: f"Saved {path}",
                             on_result=self._exported)

    def export_static(self, path: str | None = None) -> None:
        """File > Export image/PDF: the file, then its size and resolution (gui/export_dialogs.py)."""
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Export image or PDF", self._suggested_name(".png"),
                                                  "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)")
        if path:
            from placeviz.gui.export_dialogs import ExportOptionsDialog  # lazy: start-up

            spec = self.current_spec()  # the view as it was when the user asked
            box = ExportOptionsDialog(path, self)
            box.export_requested.connect(lambda options: self._export_static(spec, path, options))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            box.open()
            self.export_options_box = box
            box.finished.connect(lambda _r: setattr(self, "export_options_box", None))

    def _export_static(self, spec: MapSpec, path: str, options: dict) -> None:
        from placeviz.export.static import export_static  # lazy: start-up

        fmt = path.rsplit(".", 1)[-1].lower() if "." in path else "png"
        self._background("Exporting", lambda: export_static(spec, path, fmt, **options), lambda _r: f"Saved {path}",
                         on_result=self._exported)

    def _exported(self, path) -> None:
        """Say where the export went, with "Open file" and "Show in folder"."""
        from placeviz.gui.export_dialogs import offer_to_open  # lazy: start-up

        self.export_done_box = offer_to_open(self, path)
        self.export_done_box.finished.connect(lambda _r: setattr(self, "export_done_box", None))

    def export_brief(self, path: str | None = None) -> None:
        """File > Brief: the place's one-page brief (``placeviz brief``), PDF or PNG."""
        place = self.spec.place
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Brief", file_name(place, "brief", ext=".pdf"),
                                                  "PDF document (*.pdf);;PNG image (*.png)")
        if path:
            from placeviz.export.brief import export_brief  # lazy: start-up

            self._background("Making the brief", lambda: export_brief([place], path), lambda _r: f"Saved {path}")

    def export_slides(self, path: str | None = None, place: str | None = None, compare: str | None = None,
                      on_result=None, on_error=None) -> None:
        """File > Slide deck: the editable deck (``placeviz slides``) of ``place`` (the map's), beside
        ``compare`` when given (the compare window's Slides…). In the app, with the analysis and England's tables
        already loaded, a council's deck takes about half a second."""
        place = place or self.spec.place
        path = path or ask_slides_path(self, place, compare)
        if path:
            from placeviz.export.slides import export_slides  # lazy: start-up

            self._background("Making the slide deck", lambda: export_slides(place, path, compare=compare),
                             lambda _r: f"Saved {path}", on_result=on_result, on_error=on_error)

    def _suggested_name(self, ext: str) -> str:
        return file_name(self.spec.layer, self.spec.place, ext=ext)

    def _background(self, what: str, fn, done_message, on_result=None, on_error=None) -> None:
        """Run an export (or other slow job) in a worker thread with a busy indicator; ``on_error(exc)`` may
        handle a failure itself (returning True) instead of showing it."""
        self.progress.setRange(0, 0)
        self.progress.show()
        self.statusBar().showMessage(f"{what}…")
        self.jobs_running += 1

        def finish():
            self.jobs_running -= 1
            if not self.jobs_running:
                self.progress.setRange(0, 100)
                self.progress.hide()

        def done(result):
            finish()
            self.last_info = done_message(result)
            self.statusBar().showMessage(self.last_info, 8000)
            if on_result is not None:
                on_result(result)

        def failed(exc):
            finish()
            self.statusBar().clearMessage()
            if on_error is None or not on_error(exc):
                self.show_error(exc)

        run_task(lambda _p: fn(), done, failed, owner=self)
