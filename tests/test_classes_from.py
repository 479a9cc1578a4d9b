"""Colours that mean the same everywhere (England-wide classes by default, the place's own one choice away,
on the command line, in specs and the app) and classes that stay with their layer (17.6): natural breaks
chosen on one layer do not replace IMD's national deciles, "Reset to recommended" brings a layer's own
classes back, and the hint follows the palette when it is reversed."""

import argparse
from dataclasses import replace

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, Qt

from placeviz.api import Map
from placeviz.cli.mapargs import add_classification_options, classification
from placeviz.model.catalog import get_layer
from placeviz.model.classify import classify_map, compute_bins
from placeviz.model.mapdata import map_data, national_values
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification
from placeviz.render.scene import legend_lines

pytest.importorskip("pytestqt")


def test_classes_are_cut_on_englands_values_by_default():
    md = map_data("Cheshire and Merseyside", "lsoa", "air_quality", geometry=False)
    cls = default_classification(md.layer)
    assert cls.classes_from == "england"
    england = compute_bins(national_values(md.layer, md.boundary_set)["value"].to_numpy(), cls.scheme, cls.k)[0]
    own = compute_bins(md.values, cls.scheme, cls.k)[0]
    c = classify_map(md, cls)
    assert np.array_equal(c.bins, england) and not np.array_equal(england, own)
    assert "breaks from England's values" in legend_lines(c, md.layer)["scheme"]
    # the nine authorities' 7.0-8.0 spread no longer runs the whole palette: England's top class reaches 9.5
    assert england[-1] > 9 and own[-1] < 8.1
    place = classify_map(md, replace(cls, classes_from="place"))
    assert np.array_equal(place.bins, own) and "England" not in legend_lines(place, md.layer)["scheme"]


def test_cli_api_and_specs_carry_the_choice():
    p = argparse.ArgumentParser()
    add_classification_options(p)
    layer = get_layer("life_expectancy_male")
    assert classification(p.parse_args([]), layer).classes_from == "england"
    assert classification(p.parse_args(["--classes-from", "place"]), layer).classes_from == "place"
    with pytest.raises(SystemExit):
        p.parse_args(["--classes-from", "region"])
    assert Map("Liverpool", "life_expectancy_male", classes_from="place").spec.classification.classes_from == "place"
    spec = MapSpec(layer="air_quality", classification=default_classification(get_layer("air_quality")))
    assert MapSpec.from_dict(spec.to_dict()) == spec
    # a map saved before the choice existed was cut on its own place: it reopens as it was drawn
    old = spec.to_dict()
    del old["classification"]["classes_from"]
    assert MapSpec.from_dict(old).classification.classes_from == "place"


def _choose_layer(w, qtbot, layer_id):
    tree = w.layers.tree
    item = w.layers._items[layer_id]
    item.parent().setExpanded(True)
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    qtbot.waitUntil(lambda: w.scene is not None and w.scene.data.layer.id == layer_id and not w.busy,
                    timeout=60_000)


def test_each_layer_keeps_its_classes_and_the_hint_follows_the_palette(make_window, qtbot):
    w = make_window()
    panel = w.classification
    assert w.spec.classification.scheme == "national_deciles"
    _choose_layer(w, qtbot, "life_expectancy_male")
    assert not panel.reset.isEnabled()
    panel.scheme.setCurrentIndex(panel.scheme.findData("fisher_jenks"))
    assert w.spec.classification.scheme == "fisher_jenks" and panel.reset.isEnabled()
    # back to the IMD: its national deciles, not the natural breaks chosen for life expectancy
    _choose_layer(w, qtbot, "imd2019")
    assert w.spec.classification.scheme == "national_deciles"
    assert panel.scheme.currentData() == "national_deciles"
    # and life expectancy still has the user's natural breaks
    _choose_layer(w, qtbot, "life_expectancy_male")
    assert w.spec.classification.scheme == "fisher_jenks"
    qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    assert w.spec.classification == default_classification(get_layer("life_expectancy_male"))
    assert not panel.reset.isEnabled()
    # the hint follows the palette
    assert panel.worse.text().startswith("Darker/warmer colours: lower values, the worse end")
    qtbot.mouseClick(panel.reverse, Qt.MouseButton.LeftButton, pos=QPoint(5, panel.reverse.height() // 2))
    assert w.spec.classification.reverse
    assert panel.worse.text().startswith("Lighter/cooler colours: lower values, the worse end (colours reversed)")
    assert "Darker" not in panel.worse.text()
    # classes from the place only: the breaks are the place's own
    panel.classes_from.setCurrentIndex(panel.classes_from.findData("place"))
    assert w.spec.classification.classes_from == "place"
    assert np.array_equal(w.scene.classified.bins,
                          compute_bins(w.scene.data.values, w.spec.classification.scheme, w.spec.classification.k)[0])
    assert panel.classes_from.currentText() == "This place only"
