"""The desktop app's process: the QApplication, one main window, and a snapshot mode for scripts and CI."""

from __future__ import annotations

import sys
from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication

from placeviz.gui.window import MainWindow
from placeviz.gui.workers import wait_for_all
from placeviz.model.spec import MapSpec

#: how long a snapshot may wait for its map before giving up
SNAPSHOT_TIMEOUT_MS = 120_000


def run_app(spec: MapSpec, snapshot: Path | None = None, size: tuple[int, int] = (1440, 900)) -> int:
    """Open the window on ``spec`` and run until it closes (exit status), or, with ``snapshot``, save a
    picture of the window once its map and identify panel are drawn, then exit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("placeviz")
    app.setOrganizationName("placeviz")
    win = MainWindow(spec)
    status = {"code": 0}
    if snapshot is not None:
        win.resize(*size)
        _save_when_drawn(app, win, snapshot, status)
    else:
        win.enable_autosave()
        QTimer.singleShot(800, win.offer_recovery)
    win.show()
    rc = app.exec()
    wait_for_all(10_000)
    return status["code"] or rc


def _save_when_drawn(app: QApplication, win: MainWindow, out: Path, status: dict) -> None:
    def save():
        if not win.grab().save(str(out)):
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
