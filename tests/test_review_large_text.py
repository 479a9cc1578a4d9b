"""Large text (the application font at 150%): the map's title grows with it. It was pinned at 15 px by the
window's style, so at 150% it came out smaller than the subtitle under it."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PyQt6.QtWidgets import QApplication

from placeviz.model.catalog import get_layer
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification


@pytest.fixture
def large_text():
    app = QApplication.instance()
    before = app.font()
    big = app.font()
    big.setPointSizeF(before.pointSizeF() * 1.5)
    app.setFont(big)
    yield big
    app.setFont(before)


def _pixel_size(label) -> float:
    return label.fontInfo().pixelSize()


def test_the_title_grows_with_the_application_font(large_text, make_window, qtbot):
    layer = get_layer("life_expectancy_male")
    w = make_window(MapSpec(place="Liverpool", layer=layer.id, classification=default_classification(layer)),
                    size=(1280, 720))
    assert w.title.fontInfo().bold()
    assert _pixel_size(w.title) > 1.15 * _pixel_size(w.subtitle)
    assert _pixel_size(w.subtitle) >= 0.95 * w.fontInfo().pixelSize()


def test_at_the_usual_size_the_title_is_still_larger_and_bold(make_window, qtbot):
    w = make_window()
    assert w.title.fontInfo().bold() and _pixel_size(w.title) > 1.15 * _pixel_size(w.subtitle)


def test_reset_to_recommended_is_not_cut_at_150_percent(large_text, make_window, qtbot):
    layer = get_layer("life_expectancy_male")
    w = make_window(MapSpec(place="Liverpool", layer=layer.id, classification=default_classification(layer)),
                    size=(1280, 720))
    button = w.classification.reset
    qtbot.waitUntil(lambda: button.isVisible(), timeout=5_000)
    assert button.text() == "Reset to recommended"
    assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()) + 12
