"""The status bar counts the map's areas in words that fit: one local authority, wards at ward level."""

from PyQt6.QtCore import QSize

from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import area_count_text


def test_area_count_words():
    assert area_count_text(1, "lad21") == "1 local authority"
    assert area_count_text(9, "lad21") == "9 local authorities"
    assert area_count_text(298, "lsoa11") == "298 LSOAs (2011)"
    assert area_count_text(1, "msoa11", 1) == "1 MSOA (2011), 1 without data"
    assert area_count_text(25, "ward24") == "25 wards (2024)"


def test_the_window_counts_liverpools_wards_as_wards(make_window, qtbot):
    w = make_window(MapSpec(place="Liverpool", level="ward", layer="imd2025",
                            classification=MapSpec().classification), size=(1400, 900))
    qtbot.waitUntil(lambda: w.size() == QSize(1400, 900) and w.canvas.picture_is_current(), timeout=20_000)
    n = len(w.scene.data.frame)
    assert w.scene.data.boundary_set == "ward24"
    # every ward drawn has a figure: Waterfront North, which no LSOA is fitted to, has no area to draw
    assert n == 63 and w.count_label.text() == "63 wards (2024)"


def test_the_window_says_one_local_authority(make_window, qtbot):
    w = make_window(MapSpec(place="Cheshire East", layer="air_quality",
                            classification=MapSpec().classification.__class__("quantiles", 5, palette="YlOrRd")))
    qtbot.waitUntil(lambda: w.canvas.picture_is_current(), timeout=20_000)
    assert w.count_label.text() == "1 local authority"
