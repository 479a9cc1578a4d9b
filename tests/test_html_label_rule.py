"""The HTML page names towns by the rule the screen and print use (model.places), passed to its script from
Python rather than typed again in it: the page's scale is in CSS pixels, three quarters of a point."""

import json

from placeviz.export.html import export_html, page_data
from placeviz.export.prepared import prepare
from placeviz.model.places import BIG_TOWN, NAMED_FROM, SUBURBS_BELOW
from placeviz.model.spec import MapSpec

CHESHIRE_EAST = MapSpec(place="Cheshire East", layer="imd2019")


def test_the_page_carries_the_rule_of_the_printed_maps():
    rule = page_data([[prepare(CHESHIRE_EAST)]])["labelRule"]
    assert rule == {"namedFrom": [[300.0, 150_000], [112.5, 60_000], [37.5, 15_000]], "bigTown": 40_000,
                    "suburbsBelow": 45.0}
    assert [p for _, p in rule["namedFrom"]] == [p for _, p in NAMED_FROM]
    assert rule["bigTown"] == BIG_TOWN and rule["suburbsBelow"] == SUBURBS_BELOW * 0.75


def test_the_page_names_towns_by_the_rule_it_is_given(tmp_path):
    from test_where_am_i import _page_names

    path = export_html(CHESHIRE_EAST, tmp_path / "ce.html")
    named = {lab["name"] for lab in _page_names(path)}
    assert {"Crewe", "Macclesfield"} <= named
    # the same page told to name no town whatever its size: its script follows what Python says
    html = path.read_text(encoding="utf-8")
    rule = json.dumps(page_data([[prepare(CHESHIRE_EAST)]])["labelRule"], separators=(",", ":"))
    assert rule in html
    none = {"namedFrom": [[0, 10**9]], "bigTown": 10**9, "suburbsBelow": 0}
    path.write_text(html.replace(rule, json.dumps(none, separators=(",", ":"))), encoding="utf-8")
    named = {lab["name"] for lab in _page_names(path)}
    assert not {"Crewe", "Macclesfield"} & named and "Cheshire East" in named
