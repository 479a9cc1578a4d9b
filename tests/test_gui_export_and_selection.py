"""Small things a desktop app is expected to have: the export's size and resolution, "Open file" and "Show in
folder" after it, and a selection that Esc does not drop unseen (Edit > Clear selection does)."""

import pytest
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtGui import QImage
from PyQt6.QtWidgets import QApplication, QMessageBox

from placeviz.gui import export_dialogs

pytest.importorskip("placeviz.export.static")


@pytest.fixture
def desktop(monkeypatch):
    """What the app handed to the desktop to open (nothing is opened for real)."""
    opened: list[str] = []
    monkeypatch.setattr(export_dialogs, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    return opened


def _type_number(qtbot, spin, value: int) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), str(value))
    assert spin.value() == value


def _button(box, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def _options(w, qtbot, path):
    w.export_static(str(path))
    qtbot.waitUntil(lambda: w.export_options_box is not None and w.export_options_box.isVisible(), timeout=5_000)
    return w.export_options_box


def _done(w, qtbot):
    qtbot.waitUntil(lambda: w.jobs_running == 0 and w.export_done_box is not None, timeout=120_000)
    assert w.last_error is None, w.last_error
    return w.export_done_box


def test_export_png_at_the_size_and_resolution_chosen_then_show_it_in_its_folder(make_window, qtbot, tmp_path,
                                                                                 desktop):
    w = make_window()
    out = tmp_path / "wirral.png"
    box = _options(w, qtbot, out)
    assert box.size_kind.currentText() == "Size in pixels" and box.width_px.value() == 1600
    _type_number(qtbot, box.width_px, 1000)
    _type_number(qtbot, box.height_px, 700)
    _type_number(qtbot, box.dpi, 200)
    qtbot.mouseClick(box.export, Qt.MouseButton.LeftButton)
    done = _done(w, qtbot)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    assert round(image.dotsPerMeterX() * 0.0254) == 200
    assert done.text() == f"Saved wirral.png in {tmp_path}."
    qtbot.mouseClick(_button(done, "Show in folder"), Qt.MouseButton.LeftButton)
    assert desktop == [str(tmp_path)]


def test_a_pdf_is_offered_paper_only_and_its_page_is_the_paper_chosen(make_window, qtbot, tmp_path, desktop):
    """The PDF's options offered "Size in pixels", then wrote A4 whatever pixels were typed."""
    import subprocess

    w = make_window()
    out = tmp_path / "page.pdf"
    box = _options(w, qtbot, out)
    kinds = [box.size_kind.itemText(i) for i in range(box.size_kind.count())]
    assert kinds == ["A4 paper", "A3 paper"] and not box.width_px.isEnabled()
    box.size_kind.setCurrentIndex(1)
    assert box.options() == {"paper": "A3", "orientation": "landscape", "dpi": 300.0}
    qtbot.mouseClick(box.export, Qt.MouseButton.LeftButton)
    _done(w, qtbot)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "1191 x 842 pts (A3)" in info


def test_export_on_a4_paper_and_open_the_file(make_window, qtbot, tmp_path, desktop):
    from placeviz.render.layout import paper_size_px

    w = make_window()
    out = tmp_path / "page.png"
    box = _options(w, qtbot, out)
    box.size_kind.setFocus()
    qtbot.keyClick(box.size_kind, Qt.Key.Key_Down)  # "A4 paper"
    assert box.size_kind.currentText() == "A4 paper" and not box.width_px.isEnabled()
    box.orientation.setFocus()
    qtbot.keyClick(box.orientation, Qt.Key.Key_Down)  # "Portrait"
    _type_number(qtbot, box.dpi, 100)
    qtbot.mouseClick(box.export, Qt.MouseButton.LeftButton)
    done = _done(w, qtbot)
    image = QImage(str(out))
    assert (image.width(), image.height()) == paper_size_px("A4", "portrait", 100) == (827, 1169)
    qtbot.mouseClick(_button(done, "Open file"), Qt.MouseButton.LeftButton)
    assert desktop == [str(out)]


def test_cancel_exports_nothing(make_window, qtbot, tmp_path):
    w = make_window()
    out = tmp_path / "never.png"
    box = _options(w, qtbot, out)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc closes the dialog, as it should
    qtbot.waitUntil(lambda: w.export_options_box is None, timeout=5_000)
    assert w.jobs_running == 0 and not out.exists()


def test_esc_keeps_the_selection_and_edit_clear_selection_clears_it(make_window, qtbot):
    w = make_window()
    middle = QPoint(w.canvas.width() // 2, w.canvas.height() // 2)
    code = w.canvas.area_at(*w.canvas.to_world(middle.toPointF()))
    assert code is not None  # the middle of the map is in an area of the place
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=middle)
    assert w.spec.selection == (code,)
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert w.spec.selection == (code,)
    edit = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Edit")
    clear = next(a for a in edit.actions() if a.text() == "Clear &selection")
    assert clear.shortcut().toString() == "Ctrl+Shift+A"
    qtbot.keyClick(w.canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.spec.selection == ()
    assert w.statusBar().currentMessage() == "Cleared the selection of 1 area."
    assert not any(isinstance(x, QMessageBox) and x.isVisible() for x in QApplication.topLevelWidgets())
