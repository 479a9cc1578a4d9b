"""The desktop app's process: the QApplication, one main window, a last resort for errors nothing else
caught, and a snapshot mode for scripts and CI."""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from pathlib import Path

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import QApplication, QMessageBox

from placeviz.gui.messages import error_message
from placeviz.gui.plain_text import message_box
from placeviz.gui.settings import last_spec, restore_window
from placeviz.gui.window import MainWindow
from placeviz.gui.workers import wait_for_all
from placeviz.model.errors import UserError
from placeviz.model.spec import MapSpec

log = logging.getLogger(__name__)

#: how long a snapshot may wait for its map before giving up
SNAPSHOT_TIMEOUT_MS = 120_000


def run_app(spec: MapSpec, snapshot: Path | None = None, size: tuple[int, int] = (1440, 900),
            restore: bool = False) -> int:
    """Open the window on ``spec`` and run until it closes (exit status), or, with ``snapshot``, save a
    picture of the window once its map and identify panel are drawn, then exit. With ``restore`` (no map
    asked for), the window reopens as it was last closed: size, panels, place, level and layer."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("placeviz")
    app.setOrganizationName("placeviz")
    restore = restore and snapshot is None
    win = MainWindow(last_spec(spec) if restore else spec)
    if restore:
        restore_window(win)
    status = {"code": 0}
    if snapshot is not None:
        win.remembered_on_close = False  # a script's picture is not where the user left the app
        win.resize(*size)
        _save_when_drawn(app, win, snapshot, status)
    else:
        win.enable_autosave()
        win.prepare_profile_when_idle()
        QTimer.singleShot(800, win.offer_recovery)
        install_last_resort(win)
    win.show()
    try:
        rc = app.exec()
    finally:
        if isinstance(sys.excepthook, LastResort):
            sys.excepthook = sys.__excepthook__
    wait_for_all(10_000)
    return status["code"] or rc


# -- the last resort ----------------------------------------------------------------------------------------------

class LastResort:
    """``sys.excepthook`` for the desktop app: an error no one caught (in an action, or in a Qt slot, which
    PyQt hands to ``sys.excepthook`` when one is set instead of aborting the process) is shown as a sentence,
    the work is autosaved, and the app keeps running.

    A UserError shows its own sentence; anything else a plain sentence, with the traceback under "Show
    Details...". One message box at a time: an error that repeats (a paint event, say) does not stack them.
    """

    def __init__(self, window: MainWindow, autosave_every_s: float = 5.0):
        self.window = window
        self.box: QMessageBox | None = None  # the message open now
        self.last_text: str | None = None  # what the user was last told
        self.last_autosave: Path | None = None
        self._autosaved_at = float("-inf")
        self._autosave_every_s = autosave_every_s
        self._busy = False

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or self._busy or threading.current_thread() is not \
                threading.main_thread():  # widgets belong to the GUI thread: elsewhere, the terminal only
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._busy = True
        try:
            self.handle(exc, "".join(traceback.format_exception(exc_type, exc, tb)))
        except Exception:  # the hook itself must never raise: the error goes to the terminal instead
            sys.__excepthook__(exc_type, exc, tb)
        finally:
            self._busy = False

    def handle(self, exc: BaseException, tb_text: str) -> None:
        log.error("Unhandled error in the desktop app:\n%s", tb_text)
        saved = self.autosave()
        after = ("Your work was autosaved; you can carry on." if saved else
                 "You can carry on; save your work (File, Save workspace) to be sure of it.")
        text, details = error_message(exc, after)
        if details:  # the traceback as the hook received it
            details = tb_text
        icon = QMessageBox.Icon.Warning if isinstance(exc, UserError) else QMessageBox.Icon.Critical
        self.last_text = text
        win = self.window
        win.last_error = text
        win.statusBar().showMessage(text, 10_000)
        if self.box is not None:  # already telling the user: say the latest, do not stack boxes
            self.box.setText(text)
            self.box.setIcon(icon)
            self.box.setDetailedText(details)
            return
        box = message_box(icon, "placeviz", text, QMessageBox.StandardButton.Ok, win)  # text from data as text
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.finished.connect(lambda _r: setattr(self, "box", None))
        box.open()
        self.box = box

    def autosave(self) -> Path | None:
        """Save the window's work to its autosave file now (the file a crash would leave for recovery); the
        path, or None when autosave is off (snapshots, tests) or failed. At most every few seconds."""
        win = self.window
        path = win.autosave_path
        if path is None:
            return None
        if time.monotonic() - self._autosaved_at < self._autosave_every_s:
            return self.last_autosave
        try:
            self.last_autosave = win.autosave_now()
        except Exception as exc:  # an autosave that fails must not hide the error being reported
            log.warning("Autosave after an error failed: %s", exc)
            return None
        self._autosaved_at = time.monotonic()
        return self.last_autosave


def install_last_resort(window: MainWindow) -> LastResort:
    """Make ``LastResort(window)`` the process's ``sys.excepthook``; returns it."""
    hook = LastResort(window)
    sys.excepthook = hook
    return hook


def _save_when_drawn(app: QApplication, win: MainWindow, out: Path, status: dict) -> None:
    def save():
        try:  # whole or not at all: a failure leaves any previous picture as it was
            win.snapshot(str(out))
        except UserError:
            print(f"placeviz: could not write the snapshot to {out}.", file=sys.stderr)
            status["code"] = 2
        app.quit()

    def ready():
        if win.identify_pending:  # the identify panel is part of the picture: wait for it
            QTimer.singleShot(50, ready)
            return
        QTimer.singleShot(60, save)  # let the panels settle after the map's first paint

    def failed_load():
        if win.last_error and win.scene is None:
            print(f"placeviz: {win.last_error}", file=sys.stderr)
            status["code"] = 2
            app.quit()

    def timed_out():
        print("placeviz: timed out drawing the map.", file=sys.stderr)
        status["code"] = 2
        app.quit()

    win.map_ready.connect(ready)
    watch = QTimer(win)
    watch.timeout.connect(failed_load)
    watch.start(200)
    QTimer.singleShot(SNAPSHOT_TIMEOUT_MS, timed_out)
