"""The toolbar's place search, typed into as a user does: it always answers, and Enter takes what it shows."""

import pytest
from PyQt6.QtCore import Qt

pytestmark = pytest.mark.usefixtures("qtbot")


def _typed(w, qtbot, text: str):
    """Type ``text`` into the search box with real key presses and wait for the list under it."""
    box = w.search
    qtbot.mouseClick(box.edit, Qt.MouseButton.LeftButton)
    box.edit.setFocus()
    qtbot.waitUntil(box.edit.hasFocus, timeout=5_000)
    box.edit.selectAll()
    qtbot.keyClicks(box.edit, text)
    qtbot.waitUntil(lambda: box.results.isVisible() and box.answered_text == text, timeout=10_000)
    return [box.results.item(i).text() for i in range(box.results.count())]


def _wait_place(w, qtbot, name: str) -> None:
    qtbot.waitUntil(lambda: not w.busy and w.scene is not None and w.scene.data.place.name == name,
                    timeout=60_000)


def test_a_misspelt_name_is_answered_with_did_you_mean_and_down_enter_takes_it(make_window, qtbot):
    w = make_window()
    rows = _typed(w, qtbot, "Knowsly")
    assert rows[0] == "No match for “Knowsly”. Did you mean:"
    assert rows[1] == "Knowsley  (local authority)"
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    _wait_place(w, qtbot, "Knowsley")
    assert w.windowTitle().endswith("Knowsley — placeviz")


def test_nothing_like_it_says_no_match_and_keeps_the_map(make_window, qtbot):
    w = make_window()
    rows = _typed(w, qtbot, "Qzxqv")
    assert rows == ["No place, town, ward, neighbourhood or postcode matches “Qzxqv”. Try the start of a name, "
                    "a postcode (L4 0TH) or an area code (E01006512)."]
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    assert w.search.results.isVisible()  # the sentence stays in view
    assert w.spec.place == "Cheshire and Merseyside"


def test_liverpool_enter_maps_the_council_not_the_city_region(make_window, qtbot):
    w = make_window()
    assert _typed(w, qtbot, "Liverpool C")[0] == "Liverpool City Region  (combined authority)"
    # two letters rubbed out and Enter at once, before the list has caught up with the typing
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    _wait_place(w, qtbot, "Liverpool")
    assert len(w.scene.data.frame) == 298  # Liverpool's LSOAs (2011), not the city region's 1,000 or so


def test_towns_wards_neighbourhoods_and_postcodes_are_listed_as_you_type(make_window, qtbot):
    w = make_window()
    assert _typed(w, qtbot, "Southport")[0].startswith("Southport  (town in Sefton")
    assert _typed(w, qtbot, "Anfield")[0] == "Anfield (Liverpool ward)  (E05015279, ward May 2024)"
    rows = _typed(w, qtbot, "L4 0TH")
    assert rows == ["L4 0TH  (postcode: Liverpool 018A, in Anfield West, Liverpool)"]
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    _wait_place(w, qtbot, "Cheshire and Merseyside")  # inside the place: the place stays, the area is selected
    qtbot.waitUntil(lambda: bool(w.spec.selection), timeout=20_000)
    assert w.spec.level == "lsoa"


def test_an_area_outside_the_place_says_the_map_moved_to_its_council(make_window, qtbot):
    from placeviz.model.spec import MapSpec

    w = make_window(MapSpec(place="Wirral"))
    rows = _typed(w, qtbot, "E01006512")
    assert rows[0].startswith("Liverpool 031A")
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    _wait_place(w, qtbot, "Liverpool")
    assert w.spec.selection == ("E01006512",)
    message = w.statusBar().currentMessage()
    assert message == "Liverpool 031A, in Edge Hill is in Liverpool, outside Wirral: the map now shows Liverpool."
