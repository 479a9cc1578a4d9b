"""The app in a meeting: File > Brief, File > Slide deck, the compare window's slides, Edit > Copy map and
View > Present."""

import subprocess

import pytest
from pptx import Presentation
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from placeviz.gui.compare_view import comparison_for
from placeviz.gui.present import layer_ids, present
from placeviz.model import viewstate
from placeviz.model.mapdata import map_data
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


def _titles(path) -> list[str]:
    return [s.shapes.title.text for s in Presentation(str(path)).slides]


def test_file_slide_deck_writes_the_places_deck(make_window, qtbot, tmp_path):
    w = make_window(KNOWSLEY)
    action = next(a for m in w.menuBar().actions() for a in m.menu().actions() if a.text() == "Slide &deck (PowerPoint)…")
    assert action.shortcut().toString() == "Ctrl+Shift+B"
    out = tmp_path / "deck.pptx"
    w.export_slides(str(out))
    qtbot.waitUntil(lambda: w.jobs_running == 0, timeout=60_000)
    assert w.last_error is None, w.last_error
    assert w.last_info == f"Saved {out}"
    titles = _titles(out)
    assert titles[:2] == ["Knowsley: the place in figures", "Deprivation in Knowsley"]
    assert not any(" and " in t and "Halton" in t for t in titles)


def test_the_compare_windows_slides_put_the_right_place_beside_the_left(make_compare_window, qtbot, tmp_path):
    halton = KNOWSLEY.with_(place="Halton")
    c = make_compare_window(KNOWSLEY, halton)
    out = tmp_path / "pair.pptx"
    c.export_slides(str(out))
    assert not c.slides_btn.isEnabled()  # one deck at a time, and the window says it is being made
    assert c.statusBar().currentMessage() == "Making the slide deck…"
    qtbot.waitUntil(lambda: c.slides_saved is not None or c.last_error is not None, timeout=60_000)
    assert c.last_error is None, c.last_error
    assert c.slides_btn.isEnabled() and c.statusBar().currentMessage() == f"Saved {out}"
    assert "Knowsley and Halton: the headline figures" in _titles(out)


def test_slides_from_a_comparison_the_app_opened_report_in_the_main_window(make_window, qtbot, tmp_path):
    """Through the main window's progress bar and status bar, which outlive the compare window."""
    w = make_window(KNOWSLEY)
    c = w.open_comparison(comparison_for(KNOWSLEY, KNOWSLEY.with_(place="halton")))  # as typed, in lower case
    qtbot.waitUntil(c.is_loaded, timeout=60_000)
    out = tmp_path / "pair.pptx"
    c.export_slides(str(out))
    c.close()  # closed while the deck is made: the main window still says where it went
    qtbot.waitUntil(lambda: w.jobs_running == 0, timeout=60_000)
    assert w.last_error is None, w.last_error
    assert w.last_info == f"Saved {out}"
    assert "Knowsley and Halton: the headline figures" in _titles(out)


def test_the_compare_windows_slides_refuse_a_bad_name_with_a_sentence(make_compare_window, qtbot, tmp_path):
    c = make_compare_window(KNOWSLEY, KNOWSLEY.with_(layer="imd2025"))  # one place, two layers: its own deck
    (tmp_path / "notes.txt").write_text("mine")
    c.export_slides(str(tmp_path / "notes.txt"))
    qtbot.waitUntil(lambda: c.last_error is not None, timeout=60_000)
    assert "A slide deck is written to a .pptx file, not notes.txt." in c.last_error
    assert (tmp_path / "notes.txt").read_text() == "mine"


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
    # the layer before, or the one before that where it would show one area (a layer another test imported)
    i = ids.index("imd2019")
    before = [x for x in (ids[(i - k) % len(ids)] for k in range(1, len(ids)))
              if len(map_data("Knowsley", viewstate.with_layer(KNOWSLEY, x).level, x, geometry=False).frame) > 1]
    assert before and view.spec.layer == before[0]
    shown = view.spec.layer
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    qtbot.waitUntil(lambda: w.spec.layer == shown, timeout=30_000)  # the window keeps the layer shown last


def test_present_on_a_ward_skips_layers_of_one_colour_and_says_its_keys(make_window, qtbot):
    """On a ward, a council-wide layer filled the screen with one colour, and nothing said which keys step
    through the layers or leave (from a new user's run)."""
    from placeviz.gui.present import KEYS_HINT
    from placeviz.model.catalog import get_layer

    w = make_window(MapSpec(place="Anfield (Liverpool ward)", layer="imd2019"))
    view = present(w, full_screen=False)
    qtbot.waitExposed(view)
    assert view.hint and KEYS_HINT.startswith("→ next layer")
    seen = []
    for _ in range(12):
        qtbot.keyClick(view, Qt.Key.Key_Left)
        seen.append(view.spec.layer)
    assert all(get_layer(x).level != "la" for x in seen), seen  # the council-wide layers are passed over
    assert len(set(seen)) > 5
    # the hint is drawn: white text on a dark box at the foot of the view
    img = view.grab().toImage()
    foot = [img.pixelColor(x, int(view._map_bottom) - 40) for x in range(0, img.width(), 2)]  # the map's foot
    assert sum(c.red() < 90 and c.green() < 90 and c.blue() < 90 for c in foot) > 60  # a box 120 px wide
    view._hide_hint()
    assert not view.hint
    view.close()


def test_present_on_a_place_of_one_neighbourhood_says_there_is_no_other_map(make_window, qtbot):
    """On the Isles of Scilly (one neighbourhood) every layer but the one shown is a single colour: the arrow
    did nothing and said nothing (from a review)."""
    from placeviz.gui.present import NOTHING_ELSE

    w = make_window(MapSpec(place="Isles of Scilly", layer="imd2019"))
    view = present(w, full_screen=False)
    qtbot.waitExposed(view)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.spec.layer == "imd2019" and view.hint == NOTHING_ELSE
    # the second press knows it at once: every other layer's page was built again (0.9 s on the app's thread)
    import time

    t = time.perf_counter()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.hint == NOTHING_ELSE and time.perf_counter() - t < 0.2
    # said over the foot of the map, not over the sources under it
    img = view.grab().toImage()
    row = int(view._map_bottom) + 8  # just under the map: the page's white, or its sources in dark grey
    assert sum(img.pixelColor(x, row).red() < 60 for x in range(0, img.width(), 2)) < 40
    view.close()


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
