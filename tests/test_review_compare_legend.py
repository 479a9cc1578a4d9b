"""Two places on one scale (placeviz compare ... -o x.png): the one legend beside the maps covers both maps.
It was the first map's: Halton's grey, unpublished MSOA had no 'No data' entry beside Knowsley's legend."""

from placeviz.model.catalog import get_layer
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification
from placeviz.render.compare_page import compare_scenes, shared_legend


def _scenes(*places):
    layer = get_layer("life_expectancy_female")
    specs = [MapSpec(place=p, layer=layer.id, classification=default_classification(layer)) for p in places]
    return compare_scenes(specs, shared_bins=True)


def test_the_shared_legend_has_no_data_when_any_map_has_it():
    cs = _scenes("Knowsley", "Halton")
    assert cs.shared
    knowsley, halton = cs.scenes
    assert not any(e.nodata for e in knowsley.classified.legend)
    halton_nodata = [e for e in halton.classified.legend if e.nodata]
    assert len(halton_nodata) == 1
    legend = shared_legend(cs.scenes).legend
    assert [e.label for e in legend if e.nodata] == [halton_nodata[0].label]
    classes = [e for e in legend if not e.nodata]
    assert [e.upper for e in classes] == [e.upper for e in knowsley.classified.legend]
    # the first class starts at the lower of the two maps' lowest values
    assert classes[0].lower == min(knowsley.classified.legend[0].lower, halton.classified.legend[0].lower)


def test_the_order_of_the_places_does_not_change_the_legend():
    a = shared_legend(_scenes("Knowsley", "Halton").scenes).legend
    b = shared_legend(_scenes("Halton", "Knowsley").scenes).legend
    assert [e.label for e in a] == [e.label for e in b]
