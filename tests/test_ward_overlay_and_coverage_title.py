"""Ward outlines the user can switch on (View > Ward outlines) and a map title that says a partial layer's
coverage where the legend does."""

import numpy as np
import pytest

from placeviz.model.classify import classify_map
from placeviz.model.geography import attributes, resolve_place
from placeviz.model.mapdata import map_data
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification
from placeviz.render.pages import page_text

pytest.importorskip("pytestqt")


def _pixels(widget):
    img = widget.grab().toImage()
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    return np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine())[:, : img.width() * 4].copy()


def test_view_menu_switches_ward_outlines_on_and_off(make_window, qtbot):
    w = make_window(MapSpec(place="Liverpool"))
    action = w.wards_action
    assert action.isCheckable() and not action.isChecked()
    assert action in w.menuBar().actions()[2].menu().actions()  # under View
    before = _pixels(w.canvas)
    action.trigger()
    wards = attributes("ward24")
    liverpool = set(wards.loc[resolve_place("Liverpool").mask(wards), "code"])
    assert len(liverpool) == 63  # Liverpool's 2023 wards, but Waterfront North, which no LSOA is fitted to
    assert set(w.scene.wards.geometry.codes[w.scene.wards.rows]) == liverpool
    qtbot.waitUntil(lambda: (_pixels(w.canvas) != before).any(axis=1).sum() > 50, timeout=10_000)
    assert w.spec.wards  # part of the map: exports and the saved workspace keep them
    assert "Dashed lines: wards (May 2024)" in w.legend.note  # the legend says what the dashes are
    assert "Dashed lines: wards (May 2024)" in w.legend.accessibleDescription()
    # the outlines stay on through a change of layer, and go when switched off
    w.layers.layer_chosen.emit("imd2025")
    qtbot.waitUntil(lambda: w.scene.data.layer.id == "imd2025" and not w.busy, timeout=60_000)
    assert w.scene.wards is not None and len(w.scene.wards.rows) == 63
    action.trigger()
    assert w.scene.wards is None and w.canvas.scene.wards is None and not w.spec.wards
    assert "Dashed lines" not in (w.legend.note or "")
    # a map saved with them opens with them, and the menu says so
    w2 = make_window(MapSpec(place="Liverpool", wards=True))
    assert w2.wards_action.isChecked() and w2.scene.wards is not None and len(w2.scene.wards.rows) == 63


def test_ward_outlines_switched_on_while_a_map_loads_stay_on(make_window, qtbot):
    """The map that arrives takes up the user's last word: it was built from the spec of before the switch."""
    from placeviz.model.viewstate import with_place

    w = make_window(MapSpec(place="Liverpool"))
    w.load(with_place(w.spec, "Wirral"))
    assert w.busy
    w.wards_action.trigger()
    qtbot.waitUntil(lambda: not w.busy, timeout=60_000)
    assert w.spec.place == "Wirral" and w.spec.wards and w.wards_action.isChecked()
    assert w.scene.wards is not None and len(w.scene.wards.rows) > 10
    assert "Dashed lines: wards (May 2024)" in w.legend.note


def test_title_says_a_partial_layers_coverage_where_the_legend_does(make_window, qtbot):
    md = map_data("England", "lsoa", "no2_2023", geometry=False)
    c = classify_map(md, default_classification(md.layer))
    n = int(np.count_nonzero(c.extra["covered"]))
    assert f"{n:,} of the 32,844 areas" in c.note
    w = make_window(MapSpec(place="England", layer="no2_2023", classification=default_classification(md.layer)))
    assert w.title.text() == f"{md.layer.title}, England (covers {n:,} of 32,844 neighbourhoods)"
    assert page_text(w.scene, w.spec).title == w.title.text()  # and so do the PNG, SVG and PDF pages
    # a layer that covers the whole map keeps its plain title
    w2 = make_window(MapSpec(place="Liverpool"))
    assert "covers" not in w2.title.text()


def test_any_view_setting_chosen_while_a_map_loads_is_kept_on_the_map_that_arrives(make_window, qtbot):
    """Only ward outlines were taken up: a palette chosen while Wirral loaded was shown on Liverpool, then lost
    when Wirral arrived, its panel reset without a word. Every edit made meanwhile now reaches the new map."""
    from placeviz.model.viewstate import with_place

    w = make_window(MapSpec(place="Liverpool"))
    w.load(with_place(w.spec, "Wirral"))
    assert w.busy
    w._classification_changed({"palette": "viridis"})
    w._classification_changed({"reverse": True})
    w.wards_action.trigger()
    qtbot.waitUntil(lambda: not w.busy, timeout=60_000)
    cls = w.spec.classification
    assert w.spec.place == "Wirral" and (cls.palette, cls.reverse, w.spec.wards) == ("viridis", True, True)
    assert w.scene.classified.colours == w._classify(w.scene.data, cls).colours  # drawn in them, not only said
    assert w.classification.palette.currentData() == "viridis" and w.scene.wards is not None


def test_an_edit_of_the_data_while_a_map_loads_goes_on_from_that_map_and_a_refused_one_is_said_once(
        make_window, qtbot, monkeypatch):
    """A level chosen while Wirral loaded was made from Liverpool, the map on screen, so Liverpool at MSOA
    arrived and Wirral was lost; and a class count refused while it loaded was refused again when it arrived,
    in a second message."""
    from placeviz.model import viewstate

    w = make_window(MapSpec(place="Liverpool"))
    said = []
    monkeypatch.setattr(w, "show_error", lambda exc: said.append(str(exc)))
    w.guarded(viewstate.with_place, "Wirral")
    assert w.busy
    w.guarded(viewstate.with_classification, scheme="quantiles", k=99)
    w.guarded(viewstate.with_level, "msoa")
    qtbot.waitUntil(lambda: not w.busy, timeout=60_000)
    assert (w.spec.place, w.spec.level) == ("Wirral", "msoa") and w.scene.data.place.name == "Wirral"
    assert len(said) == 1 and "between 2 and 12" in said[0]


def test_a_year_chosen_while_a_map_loads_goes_on_from_that_map(make_window, qtbot):
    """The year box built on the map on screen: a year chosen while Wirral loaded brought back Liverpool in that
    year, and Wirral was lost (from a review)."""
    from placeviz.model import viewstate

    w = make_window(viewstate.with_layer(MapSpec(place="Liverpool", level="la"), "air_quality"))
    w.guarded(viewstate.with_place, "Wirral")
    assert w.busy
    i = w.year.findData("2019")
    assert i >= 0
    w.year.setCurrentIndex(i)
    w.year.activated.emit(i)
    qtbot.waitUntil(lambda: not w.busy, timeout=60_000)
    assert (w.spec.place, w.spec.year) == ("Wirral", "2019") and w.scene.data.place.name == "Wirral"
