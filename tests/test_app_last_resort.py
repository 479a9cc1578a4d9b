"""Issue 13: an error nothing caught in the desktop app is a message, the work is autosaved, the app keeps running
(PyQt aborts the process on an exception in a slot unless ``sys.excepthook`` is set)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
import textwrap

import pytest
from PyQt6.QtCore import QTimer

from placeviz.model.errors import UserError
from placeviz.model.spec import MapSpec

pytest.importorskip("pytestqt")

SPEC = MapSpec(place="Liverpool", level="la", layer="imd2019")


@pytest.fixture
def last_resort(make_window, tmp_path):
    """A window autosaving into tmp_path with the app's last resort installed; sys.excepthook restored after."""
    from placeviz.gui.app import install_last_resort

    before = sys.excepthook
    win = make_window(SPEC)
    win.enable_autosave(tmp_path)
    hook = install_last_resort(win)
    yield win, hook
    sys.excepthook = before


def _fire(fn):
    """Run ``fn`` as a Qt slot, from the event loop, as a menu action or a button does."""
    QTimer.singleShot(0, fn)


@pytest.mark.qt_no_exception_capture
def test_a_user_error_in_a_slot_is_its_sentence_and_the_app_runs_on(last_resort, qtbot, tmp_path):
    win, hook = last_resort

    def action():
        raise UserError("That file cannot be read: save it as CSV and try again.")

    _fire(action)
    qtbot.waitUntil(lambda: hook.box is not None, timeout=5000)
    assert hook.box.text() == "That file cannot be read: save it as CSV and try again."
    assert hook.box.detailedText() == ""  # no traceback for the user's own mistake
    assert win.last_error == hook.box.text() and win.isVisible()
    saved = tmp_path / f"autosave-{os.getpid()}.placeviz"
    assert hook.last_autosave == saved and saved.is_file()
    from placeviz.workspace import open_workspace

    assert open_workspace(saved).maps[0].place == "Liverpool"  # the work is there to recover
    win.guarded(lambda s: s.with_(layer="imd2019_income"))  # and the window still works
    qtbot.waitUntil(lambda: win.scene is not None and win.scene.data.layer.id == "imd2019_income", timeout=20_000)


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_is_a_plain_sentence_with_details(last_resort, qtbot):
    win, hook = last_resort

    def action():
        {}["secret internal key"]

    _fire(action)
    qtbot.waitUntil(lambda: hook.box is not None, timeout=5000)
    text = hook.box.text()
    assert text.startswith("Something went wrong and placeviz could not finish that.")
    assert "autosaved" in text and "secret internal key" not in text and "KeyError" not in text
    assert "Traceback" in hook.box.detailedText() and "secret internal key" in hook.box.detailedText()
    _fire(action)  # again: one box, not a pile of them
    qtbot.wait(50)
    assert len([w for w in win.findChildren(type(hook.box)) if w.isVisible()]) == 1


SCRIPT = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication
    from placeviz.gui.window import MainWindow
    app = QApplication([])
    win = MainWindow(load=False)
    win.enable_autosave(sys.argv[1])
    if sys.argv[2] == "hook":
        from placeviz.gui.app import install_last_resort
        hook = install_last_resort(win)
    def boom():
        raise RuntimeError("boom")
    def done():
        print("still running:", win.last_error)
        app.quit()
    QTimer.singleShot(0, boom)
    QTimer.singleShot(300, done)
    sys.exit(app.exec())
""")


def test_a_slot_that_raises_does_not_abort_the_app(tmp_path):
    """In a process of its own, as the app runs: without the hook PyQt aborts (SIGABRT, unsaved work gone)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = [sys.executable, "-c", SCRIPT, str(tmp_path)]
    bare = subprocess.run([*run, "bare"], capture_output=True, text=True, timeout=120, env=env)
    assert bare.returncode != 0 and "still running" not in bare.stdout  # what the issue saw
    hooked = subprocess.run([*run, "hook"], capture_output=True, text=True, timeout=120, env=env)
    assert hooked.returncode == 0, hooked.stderr
    assert "still running: Something went wrong" in hooked.stdout
    assert list(tmp_path.glob("autosave-*.placeviz"))  # the work was saved for recovery


SNAPSHOT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from placeviz.gui.app import run_app
    from placeviz.model.spec import MapSpec

    write_bytes = Path.write_bytes

    def half_then_full(self, data):  # a disk that fills half-way through the picture
        if self.suffix != ".png":
            return write_bytes(self, data)
        write_bytes(self, data[:len(data) // 2])
        raise OSError(28, "No space left on device")

    Path.write_bytes = half_then_full
    sys.exit(run_app(MapSpec(place="Liverpool", level="la", layer="imd2019"), Path(sys.argv[1]), (800, 600)))
""")


def test_a_snapshot_that_fails_half_way_keeps_the_previous_picture(tmp_path):
    out = tmp_path / "snap.png"
    out.write_bytes(b"the previous picture")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c", SNAPSHOT, str(out)], capture_output=True, text=True, timeout=120,
                       env=env)
    assert out.read_bytes() == b"the previous picture" and [p.name for p in tmp_path.iterdir()] == ["snap.png"]
    assert r.returncode == 2 and "could not write the snapshot" in r.stderr


def test_an_error_outside_the_gui_thread_only_reaches_the_terminal(last_resort, capsys):
    """Widgets may only be touched from the GUI thread: the hook called from another thread just reports."""
    import threading

    _win, hook = last_resort

    def other():
        try:
            raise RuntimeError("in a thread")
        except RuntimeError:
            hook(*sys.exc_info())

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert hook.box is None and "in a thread" in capsys.readouterr().err


def test_the_compare_window_tells_an_unexpected_error_as_a_plain_sentence(make_compare_window):
    """The same rule in the compare window's own messages: no raw exception text, the traceback in details."""
    w = make_compare_window(SPEC)
    try:
        {}["secret internal key"]
    except KeyError as exc:
        w.show_error(exc)
    assert w.last_error == "Something went wrong and placeviz could not finish that. The maps are unchanged."
    from PyQt6.QtWidgets import QMessageBox

    shown = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert len(shown) == 1 and "secret internal key" in shown[0].detailedText()
    w.show_error(UserError("Choose a layer first."))
    assert w.last_error == "Choose a layer first."


def test_the_last_resorts_sentence_is_shown_as_text(last_resort, qtbot):
    """A sentence quoting a file's column ('<b>Rate</b>') was shown as markup by the last resort's own box."""
    from PyQt6.QtCore import Qt

    _win, hook = last_resort

    def action():
        raise UserError("The column <b>Rate</b> holds no numbers.")

    _fire(action)
    qtbot.waitUntil(lambda: hook.box is not None, timeout=5000)
    assert hook.box.textFormat() == Qt.TextFormat.PlainText
    assert hook.box.text() == "The column <b>Rate</b> holds no numbers."
