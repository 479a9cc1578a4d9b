"""The app's window works out its place profile once the first map has painted, so the Place profile panel
answers at once the first time; another place is never shown from that work."""

import pytest
from PyQt6.QtCore import Qt

pytest.importorskip("placeviz.analysis.profile")


def _window_with_profile_ahead(make_window, qtbot):
    w = make_window(show=False, wait=False)
    w.prepare_profile_when_idle()
    w.show()
    qtbot.waitUntil(lambda: w._profile_ahead.result is not None, timeout=60_000)
    return w


def test_the_first_profile_is_shown_at_once_when_asked(make_window, qtbot):
    from placeviz.analysis.profile import place_profile

    w = _window_with_profile_ahead(make_window, qtbot)
    assert w.profile_place is None  # worked out ahead, not shown until asked
    w.show_profile()  # no events processed: the answer is there already
    assert w.profile_figures is not None
    assert w.profile_figures.place.name == "Cheshire and Merseyside"
    text = w.profile.toPlainText()
    assert text.startswith("Cheshire and Merseyside")
    direct = place_profile("Cheshire and Merseyside", with_hotspots=False)
    assert w.profile_figures.value("residents") == direct.value("residents")
    assert direct.figures["residents"].display() in text


def test_another_place_is_computed_for_itself(make_window, qtbot):
    w = _window_with_profile_ahead(make_window, qtbot)
    qtbot.mouseClick(w.search.edit, Qt.MouseButton.LeftButton)
    w.search.edit.setFocus()
    qtbot.keyClicks(w.search.edit, "Wirral")
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.scene is not None and w.scene.data.place.name == "Wirral", timeout=60_000)
    w.show_profile()
    assert getattr(w, "profile_figures", None) is None  # not Cheshire and Merseyside's figures from the work ahead
    qtbot.waitUntil(lambda: getattr(w, "profile_figures", None) is not None, timeout=60_000)
    assert w.profile_figures.place.name == "Wirral"
    assert w.profile.toPlainText().startswith("Wirral")


def test_the_work_ahead_is_not_handed_over_after_the_place_changed(make_window, qtbot):
    """Asked while the work ahead runs, then the map moves on: the panel ends on the new place's figures."""
    w = make_window(show=False, wait=False)
    w.prepare_profile_when_idle()
    w.show()
    qtbot.waitUntil(lambda: w._profile_ahead.place is not None, timeout=60_000)  # started
    w.show_profile()
    w.apply_spec(w.spec.with_(place="Halton"))
    qtbot.waitUntil(lambda: getattr(w, "profile_figures", None) is not None and w.profile_figures.place.name == "Halton",
                    timeout=60_000)
    qtbot.wait(300)
    from placeviz.gui.workers import wait_for_all

    wait_for_all()
    qtbot.wait(100)
    assert w.profile_figures.place.name == "Halton"
    assert w.profile.toPlainText().startswith("Halton")
