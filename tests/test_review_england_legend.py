"""With classes cut on England's values, the first class of a place's legend starts at England's lowest
value, not at the place's own (which made Cheshire East's air quality legend start '6.5 to 6.5 µg/m³')."""

import numpy as np

from placeviz.model.catalog import get_layer
from placeviz.model.classify import classify_map
from placeviz.model.mapdata import map_data
from placeviz.model.viewstate import default_classification


def _legend(place, layer_id, level="lsoa"):
    layer = get_layer(layer_id)
    md = map_data(place, level, layer, geometry=False)
    return md, classify_map(md, default_classification(layer))


def test_cheshire_east_air_quality_first_class_runs_from_englands_lowest():
    md, c = _legend("Cheshire East", "air_quality")
    assert c.extra.get("classes_from") == "england"
    lowest = float(np.nanmin(md.national["value"]))
    assert round(lowest, 1) == 4.2
    assert c.legend[0].label == "4.2 to 6.5 µg/m³"
    assert c.legend[0].lower == lowest


def test_no_england_wide_class_reads_from_a_value_to_itself():
    for place, layer_id in [("Cheshire East", "air_quality"), ("Knowsley", "life_expectancy_female"),
                            ("Liverpool", "insecure_work"), ("Knowsley", "le_la_male")]:
        _, c = _legend(place, layer_id)
        for e in c.legend:
            if " to " in e.label:
                a, b = e.label.split(" to ")
                assert a != b.split(" ")[0].rstrip("%"), (place, layer_id, e.label)


def test_ward_decile_legend_names_wards_at_both_ends():
    layer = get_layer("imd2025")
    md = map_data("Liverpool", "ward", layer, geometry=False)
    labels = [e.label for e in classify_map(md, default_classification(layer)).legend]
    assert labels[0] == "1 (most deprived 10% of wards)"
    assert labels[9] == "10 (least deprived 10% of wards)"
    lsoa = classify_map(map_data("Liverpool", "lsoa", layer, geometry=False), default_classification(layer))
    assert [e.label for e in lsoa.legend][9] == "10 (least deprived 10%)"


def test_a_grid_that_covers_part_of_england_does_not_claim_englands_values():
    """The 1 km grids cover Cheshire and Merseyside only: their 'England-wide' breaks come from the areas
    they cover, and the legend says so rather than 'breaks from England's values'."""
    from placeviz.render.scene import legend_lines

    md, c = _legend("Knowsley", "no2_2023")
    covered = int(np.isfinite(np.asarray(md.national["value"], dtype="float64")).sum())
    assert covered < len(md.national) / 5
    scheme = legend_lines(c, md.layer)["scheme"]
    assert scheme == "Quantiles, breaks from the values of every area it covers"
    assert "England" not in scheme
    _, full = _legend("Knowsley", "life_expectancy_female")
    assert legend_lines(full, get_layer("life_expectancy_female"))["scheme"] == \
        "Quantiles, breaks from England's values"
