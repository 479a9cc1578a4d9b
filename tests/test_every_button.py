"""Every button and menu action of every window, pressed once as a user would, on the real bundled data.

Dialogs that would wait for the user (file pickers, questions, modal dialogs) answer "cancel" at once. After
each press nothing may have escaped as an exception (pytest-qt fails the test on one raised in a slot), and no
message, label or status line may show raw exception text or the sentence for an unexpected error: a user
only ever reads sentences about their own work."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTextBrowser,
)

pytest.importorskip("pytestqt")

from placeviz.gui.messages import UNEXPECTED
from placeviz.model.spec import Classification, MapSpec

#: what Python's own error text looks like, which no widget may show
RAW_ERROR_MARKS = ("Traceback", "positional argument", "has no attribute", "Error:", "Exception", "NoneType",
                   "KeyError", "TypeError", "ValueError", "object is not", "unexpected keyword")

#: actions that end the session rather than do something in it
ENDS_THE_SESSION = {"Quit"}


@pytest.fixture
def dialogs_cancel(monkeypatch):
    """Every dialog answers at once as a user pressing Cancel (or OK for a message) would."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    no = QMessageBox.StandardButton.No
    ok = QMessageBox.StandardButton.Ok
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: no))
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: ok))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Rejected)


def _texts_shown() -> list[str]:
    """The text of every message box, label, text panel and status line of the open windows."""
    out = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        if isinstance(top, QMessageBox):
            out.append(top.text())
        if isinstance(top, QMainWindow):
            out.append(top.statusBar().currentMessage())
        out += [w.text() for w in top.findChildren(QLabel) if w.isVisible()]
        out += [w.toPlainText() for w in top.findChildren(QTextBrowser) if w.isVisible()]
    return out


def _assert_only_sentences(what: str) -> None:
    for text in _texts_shown():
        assert UNEXPECTED not in text, f"{what}: an unexpected error reached the user: {text!r}"
        for mark in RAW_ERROR_MARKS:
            assert mark not in text, f"{what}: raw exception text {mark!r} on screen: {text!r}"


def _close_messages() -> None:
    for top in QApplication.topLevelWidgets():
        if isinstance(top, QMessageBox) and top.isVisible():
            top.close()


def _settle(qtbot, windows) -> None:
    """Let the work a press started finish (maps, tables, identify) before the next press."""
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not any(getattr(w, "busy", False) for w in windows), timeout=60_000)
    qtbot.wait(30)


def _press_every_button(qtbot, window, others=()) -> list[str]:
    """Click every enabled, visible push button of ``window`` once (looked up afresh: a press may add or
    remove buttons); returns their texts."""
    pressed = []
    while True:
        todo = [b for b in window.findChildren(QPushButton)
                if b.isVisible() and b.isEnabled() and b.text() not in pressed]
        if not todo:
            return pressed
        b = todo[0]
        pressed.append(b.text())
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
        _settle(qtbot, [window, *others])
        _assert_only_sentences(f"button {b.text()!r}")
        _close_messages()


def _menu_actions(window) -> list[QAction]:
    out = []

    def walk(menu):
        for a in menu.actions():
            if a.menu() is not None:
                walk(a.menu())
            elif not a.isSeparator():
                out.append(a)

    for a in window.menuBar().actions():
        if a.menu() is not None:
            walk(a.menu())
    return out


def test_every_button_of_the_compare_window_shows_sentences_only(make_compare_window, qtbot, dialogs_cancel):
    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"))  # beside IMD 2025: the change tab
    qtbot.waitUntil(lambda: w.change is not None, timeout=60_000)
    pressed = []
    for tab in range(w.tabs.count()):  # the buttons of every tab, each tab shown as a user would
        w.tabs.setCurrentIndex(tab)
        pressed += _press_every_button(qtbot, w)
    assert {"Swap sides", "Export HTML…", "Export CSV…", "Map the change on the right"} <= set(pressed)
    assert w.scenes[1].data.layer.id == "imd_decile_change_2019_2025"  # the change was mapped
    assert w.last_error is None


def test_two_layers_compare_window_buttons_draw_and_swap(make_compare_window, qtbot, dialogs_cancel):
    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"),
                            MapSpec(place="Liverpool", layer="life_expectancy_male",
                                    classification=Classification("quantiles", 5)))
    qtbot.waitUntil(lambda: w.bivariate is not None, timeout=60_000)
    w.tabs.setCurrentIndex(2)
    pressed = _press_every_button(qtbot, w)
    assert "Draw on the left map" in pressed
    assert w.last_error is None


def test_every_menu_action_and_button_of_the_main_window_shows_sentences_only(make_window, qtbot,
                                                                               dialogs_cancel):
    w = make_window(MapSpec(place="Liverpool", layer="imd2019"))
    triggered = []
    for action in _menu_actions(w):
        name = action.text().replace("&", "")
        if not action.isEnabled() or name in ENDS_THE_SESSION:
            continue
        triggered.append(name)
        action.trigger()
        _settle(qtbot, [w, *w.compare_windows])
        _assert_only_sentences(f"menu item {name!r}")
        _close_messages()
    assert {"Open workspace…", "Save workspace…", "Export HTML…", "Place profile", "About placeviz"} <= set(
        triggered)
    assert w.compare_windows, "the compare window opened from its menu"
    for comparison in w.compare_windows:
        qtbot.waitUntil(comparison.is_loaded, timeout=60_000)
        _press_every_button(qtbot, comparison)
    _press_every_button(qtbot, w, w.compare_windows)
    assert w.last_error is None


def test_every_dialog_button_closes_it_with_sentences_only(qtbot, dialogs_cancel):
    from placeviz.gui.panels import ProvenanceDialog

    for layer in ("imd2019", "life_expectancy_male", "no2_2023", "unemployment_la"):
        dialog = ProvenanceDialog(layer)
        qtbot.addWidget(dialog)
        dialog.show()
        _assert_only_sentences(f"About this data: {layer}")
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
        assert buttons
        for b in buttons:
            qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
