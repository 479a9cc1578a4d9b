"""ComparisonSpec: the maps shown together and how, as a value that round-trips through JSON (no Qt)."""

import json

import pytest

from placeviz.analysis.change import change_layer_id, edition_pair
from placeviz.model.catalog import get_layer, load_catalog
from placeviz.model.geography import resolve_place
from placeviz.model.spec import (
    COMPARE_MODES,
    COMPARISON_VERSION,
    Classification,
    ComparisonSpec,
    MapSpec,
    SpecError,
)


def _liverpool_change() -> ComparisonSpec:
    """Liverpool's IMD 2019 beside its decile change 2019-2025, as the compare window leaves it after
    'Map the change on the right'."""
    period, domain = edition_pair("imd2019", "imd2025")
    change = change_layer_id(period, domain)
    return ComparisonSpec(
        panes=(MapSpec(place=resolve_place("liverpool").name, layer="imd2019",
                       extent=(333_000.0, 383_000.0, 346_000.0, 398_000.0)),
               MapSpec(place="Liverpool", layer=change,
                       classification=Classification("user", 5, (-2.5, -0.5, 0.5, 2.5, 9.0), "RdBu"))),
        shared_scale=False, linked=True, mode="change", selection=("E01006512", "E01033750"),
        change=(period, domain))


def test_round_trips_through_json_on_real_layers():
    spec = _liverpool_change()
    assert spec.change == ("2019-2025", "imd")
    assert get_layer(spec.right.layer).id == "imd_decile_change_2019_2025"  # a layer a new session resolves
    text = spec.to_json()
    assert json.loads(text)["version"] == COMPARISON_VERSION
    back = ComparisonSpec.from_json(text)
    assert back == spec
    assert back.left.extent == (333_000.0, 383_000.0, 346_000.0, 398_000.0)
    assert back.right.classification.breaks == (-2.5, -0.5, 0.5, 2.5, 9.0)


def test_every_mode_and_more_than_two_maps():
    places = ["Liverpool", "Wirral", "Knowsley"]
    layers = [x.id for x in load_catalog() if x.theme == "deprivation"][:3]
    panes = tuple(MapSpec(place=p, layer=lid) for p, lid in zip(places, layers, strict=True))
    for mode in COMPARE_MODES:
        spec = ComparisonSpec(panes=panes, mode=mode)
        assert ComparisonSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
        assert spec.left == panes[0] and spec.right == panes[1] and len(spec.panes) == 3


def test_defaults_compare_the_two_latest_imd_editions():
    spec = ComparisonSpec()
    assert [p.layer for p in spec.panes] == ["imd2019", "imd2025"]
    assert spec.shared_scale and spec.linked and spec.mode == "places" and spec.change is None
    assert ComparisonSpec.from_dict({"panes": [p.to_dict() for p in spec.panes]}) == spec  # version optional


@pytest.mark.parametrize("change, words", [
    ({"panes": [MapSpec().to_dict()]}, "at least two maps, not 1"),
    ({"mode": "sideways"}, "Unknown comparison view 'sideways'"),
    ({"shared_scale": "yes"}, "'shared_scale' must be true or false"),
    ({"selection": "E01006512"}, "selection must be a list of area codes"),
    ({"selection": [1, 2]}, "selection must be a list of area codes"),
    ({"change": ["2019-2030", "imd"]}, "change must be a period"),
    ({"zoom": 3}, "Unknown comparison settings: zoom"),
    ({"version": 2}, "saved by a newer placeviz \\(format 2\\)"),
    ({"version": "1"}, "newer placeviz"),
    ({"panes": "two maps"}, "needs its maps as a list"),
    ({"panes": [{"level": "street"}, {}]}, "Unknown geography level 'street'"),
])
def test_bad_input_is_a_sentence(change, words):
    d = {**ComparisonSpec().to_dict(), **change}
    with pytest.raises(SpecError, match=words):
        ComparisonSpec.from_dict(d)


def test_not_json_and_not_an_object():
    with pytest.raises(SpecError, match="not valid JSON"):
        ComparisonSpec.from_json("{panes: ")
    with pytest.raises(SpecError, match="must be a JSON object"):
        ComparisonSpec.from_dict(["a", "b"])
    with pytest.raises(SpecError, match="must be a map description"):
        ComparisonSpec(panes=(MapSpec(), {"place": "Wirral"}))


def test_is_frozen_and_edited_by_copy():
    spec = ComparisonSpec()
    with pytest.raises(AttributeError):
        spec.mode = "ranking"
    other = spec.with_(mode="ranking", linked=False)
    assert (spec.mode, other.mode, other.linked) == ("places", "ranking", False)
