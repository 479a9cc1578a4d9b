"""The Place profile panel never shows one place's figures while the map shows another."""

import pytest
from PyQt6.QtCore import Qt

pytest.importorskip("placeviz.analysis.profile")


def test_the_blank_profile_tab_says_how_to_see_it(make_window):
    w = make_window()
    w.profile_dock.raise_()
    text = w.profile.toPlainText()
    assert "Press Ctrl+P (Tools → Place profile) to see it." in text
    assert "choose another place and the profile changes with it" in text


def test_the_profile_follows_the_map_to_another_place(make_window, qtbot):
    from placeviz.analysis.profile import place_profile

    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Tools > Place profile
    qtbot.waitUntil(lambda: w.profile.toPlainText().startswith("Cheshire and Merseyside"), timeout=60_000)
    # the user moves the map to Wirral with the search box
    qtbot.mouseClick(w.search.edit, Qt.MouseButton.LeftButton)
    w.search.edit.setFocus()
    qtbot.keyClicks(w.search.edit, "Wirral")
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.profile.toPlainText().startswith("Wirral"), timeout=60_000)
    assert w.scene.data.place.name == "Wirral"
    residents = place_profile("Wirral", with_hotspots=False).figures["residents"].display()
    assert residents in w.profile.toPlainText()
    assert "Cheshire and Merseyside" not in w.profile.toPlainText().splitlines()[0]
