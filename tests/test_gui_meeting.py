"""The app in a meeting: File > Brief, Edit > Copy map and View > Present."""

import subprocess

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from placeviz.gui.present import layer_ids, present
from placeviz.model.spec import Classification, MapSpec

pytest.importorskip("pytestqt")

KNOWSLEY = MapSpec(place="Knowsley", layer="imd2019", classification=Classification("national_deciles", 10))


def test_file_brief_writes_the_places_page(make_window, qtbot, tmp_path):
    w = make_window(KNOWSLEY)
    out = tmp_path / "brief.pdf"
    w.export_brief(str(out))
    qtbot.waitUntil(lambda: w.jobs_running == 0, timeout=60_000)
    assert w.last_error is None, w.last_error
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert text.startswith("Knowsley") and "52.0%" in text


def test_copy_map_puts_the_page_on_the_clipboard(make_window):
    w = make_window(KNOWSLEY)
    copy = next(a for m in w.menuBar().actions() for a in m.menu().actions() if a.text() == "Copy &map")
    copy.trigger()
    img = QApplication.clipboard().image()
    assert (img.width(), img.height()) == (1600, 1200)
    # the page, not a blank: its legend's darkest decile colour is on it
    colours = {img.pixelColor(x, y).name() for x in range(0, 1600, 8) for y in range(0, 1200, 8)}
    assert len(colours) > 20


def test_present_steps_through_layers_and_esc_leaves(make_window, qtbot):
    w = make_window(KNOWSLEY)
    view = present(w, full_screen=False)
    qtbot.waitExposed(view)
    assert view.spec.layer == "imd2019"
    first = view.image()
    assert first.width() >= 400
    ids = layer_ids()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.spec.layer == ids[ids.index("imd2019") + 1]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.spec.layer == ids[ids.index("imd2019") - 1]
    shown = view.spec.layer
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    qtbot.waitUntil(lambda: w.spec.layer == shown, timeout=30_000)  # the window keeps the layer shown last


def test_tools_menu_maps_where_disadvantages_coincide(make_window, qtbot):
    w = make_window(KNOWSLEY)
    action = next(a for m in w.menuBar().actions() for a in m.menu().actions()
                  if a.text() == "Where disadvantages &coincide")
    action.trigger()
    qtbot.waitUntil(lambda: w.scene is not None and w.scene.layer.id == "overlap", timeout=60_000)
    assert "overlap" in w.layers._items  # listed in the layer panel
    labels = [e.label for e in w.scene.classified.legend]
    assert labels == ["0 indicators", "1 indicator", "2 indicators", "3 indicators", "4 indicators"]
    assert [e.count for e in w.scene.classified.legend] == [0, 25, 19, 46, 10]
    assert "published for bigger areas only" in w.note.text()
