"""The exported HTML page for everyone: an accessibility audit (axe-core) in headless Chromium, the map used
with the keyboard alone (real key events), each area read out through a live region, and the map as a
table that lists every area.
"""

from __future__ import annotations

import pytest
from browser import Browser, axe_missing_reason, missing_reason

from placeviz.cli import main as cli_main
from placeviz.export.html import export_html
from placeviz.model.classify import classify_map
from placeviz.model.mapdata import map_data
from placeviz.model.spec import Classification, MapSpec

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")]
needs_axe = pytest.mark.skipif(axe_missing_reason() is not None, reason=axe_missing_reason() or "")

CM = "Cheshire and Merseyside"


def _serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def cm_page(tmp_path_factory):
    """C&M with two layers, so that the layer switcher is on the page."""
    path = tmp_path_factory.mktemp("a11y") / "cm.html"
    export_html([MapSpec(place=CM, layer="imd2019"), MapSpec(place=CM, layer="imd2019_health")], path)
    return path


@pytest.fixture(scope="module")
def england_page(tmp_path_factory):
    return export_html(MapSpec(place="England", layer="imd2019"), tmp_path_factory.mktemp("a11y") / "eng.html")


@pytest.fixture(scope="module")
def compare_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("a11y") / "c.html"
    assert cli_main(["compare", "--place", "Liverpool", "--place", "Manchester", "--layer", "imd2019",
                     "-o", str(path)]) == 0
    return path


def _focused(b: Browser) -> str:
    return b.eval("(function(){var e=document.activeElement; return e.id || e.className || e.tagName;})()")


@needs_axe
def test_axe_finds_nothing_serious_on_the_cm_page_as_map_and_as_table(cm_page):
    with Browser() as b:
        b.open(cm_page)
        found = b.axe()
        assert _serious(found) == [], found
        b.eval("document.getElementById('pv-table-toggle').click()")
        assert b.eval("document.querySelectorAll('#pv-tables tbody tr').length") == 1562
        found = b.axe()
        assert _serious(found) == [], found
        # the page's frame: a language, a title, and header, main and complementary landmarks
        assert b.eval("document.documentElement.lang") == "en"
        assert b.eval("document.title") == "Index of Multiple Deprivation 2019, Cheshire and Merseyside"
        assert b.eval("[document.querySelectorAll('header').length, document.querySelectorAll('main').length,"
                      " document.querySelectorAll('aside[aria-label]').length]") == [1, 1, 1]
        assert b.exceptions == []


@needs_axe
def test_axe_finds_nothing_serious_on_the_england_page(england_page):
    with Browser() as b:
        b.open(england_page)
        found = b.axe()
        assert _serious(found) == [], found
        assert b.exceptions == []


@needs_axe
def test_axe_finds_nothing_serious_on_a_comparison_page(compare_page):
    with Browser() as b:
        b.open(compare_page)
        assert b.eval("placeviz.maps.length") == 2
        # the keyboard steps through the second map's areas too, saying which map it is on
        b.eval("document.getElementById('pv-map-1').focus()")
        b.press("n")
        assert b.eval("placeviz.announced").startswith(
            "Area 1 of 282 on the map of Index of Multiple Deprivation 2019, Manchester: ")
        found = b.axe()
        assert _serious(found) == [], found
        b.eval("placeviz.showTable(true)")
        found = b.axe()
        assert _serious(found) == [], found
        assert b.exceptions == []


def test_keyboard_alone_switches_layer_zooms_and_reads_out_each_area(cm_page):
    md = map_data(CM, "lsoa", "imd2019")
    frame = md.frame
    by_name = sorted(range(len(frame)), key=lambda i: (frame["name"].iat[i], frame["code"].iat[i]))
    with Browser() as b:
        b.open(cm_page)
        # Tab from the top of the page reaches the map within a few presses
        for _ in range(6):
            b.press("Tab")
            if _focused(b) == "pv-map-0":
                break
        assert _focused(b) == "pv-map-0"
        assert b.eval("document.activeElement.getAttribute('aria-label')").startswith("Map: ")
        # N steps to the first area in name order and the live region says its name, value and rank
        b.press("n")
        first = by_name[0]
        said = b.eval("document.getElementById('pv-announce').textContent")
        assert said.startswith(f"Area 1 of 1,562: {frame['name'].iat[first]}. ")
        assert f"{md.layer.label}: {md.layer.format_value(frame['value'].iat[first])}" in said
        assert f"National rank {int(frame['rank'].iat[first]):,} of {md.n_ranked:,}" in said
        assert b.eval("document.getElementById('pv-announce').getAttribute('aria-live')") == "polite"
        b.press("n")
        b.press("]")
        third = by_name[2]
        said = b.eval("document.getElementById('pv-announce').textContent")
        assert said.startswith(f"Area 3 of 1,562: {frame['name'].iat[third]}. ")
        assert b.eval("placeviz.lastTooltip.code") == frame["code"].iat[third]
        b.press("p")
        assert b.eval("placeviz.announced").startswith(f"Area 2 of 1,562: {frame['name'].iat[by_name[1]]}. ")
        # the stepped-to area is in view
        inside = b.eval("(function(){var p=placeviz.panes[0], l=p.current.layers[placeviz.lastTooltip.index];"
                        " return p.map.getBounds().contains(l.getBounds().getCenter());})()")
        assert inside
        # + zooms in and an arrow key moves the map (Leaflet's own keys, with the focus on the map)
        z0 = b.eval("placeviz.maps[0].getZoom()")
        b.press("+")
        b.wait(f"placeviz.maps[0].getZoom() > {z0}", timeout=5)
        c0 = b.eval("placeviz.maps[0].getCenter().lng")
        b.press("ArrowRight")
        b.wait(f"placeviz.maps[0].getCenter().lng > {c0}", timeout=5)
        # Escape hides the figures
        b.press("Escape")
        assert b.eval("getComputedStyle(document.querySelector('.pv-tooltip')).display") == "none"
        # the layer: focus its radio buttons, and the down arrow picks the next layer
        b.eval("document.querySelector('input[name=pv-layer]').focus()")
        b.press("ArrowDown")
        health = map_data(CM, "lsoa", "imd2019_health")
        assert b.eval("document.querySelector('#pv-legend-0 .pv-legend-title').textContent") == health.layer.title
        fills = b.eval("placeviz.panes[0].current.layers.map(function(l){return l.options.fillColor;})")
        assert fills == classify_map(health, Classification()).area_colours()
        # back on the map, the next area is read out with the new layer's figures
        b.eval("document.getElementById('pv-map-0').focus()")
        b.press("n")
        said = b.eval("placeviz.announced")
        i = b.eval("placeviz.lastTooltip.index")
        assert health.layer.format_value(health.frame["value"].iat[i]) in said
        assert b.exceptions == []


def test_the_table_lists_every_area_sorts_by_any_column_and_is_one_key_away(cm_page):
    md = map_data(CM, "lsoa", "imd2019")
    frame = md.frame
    classes = classify_map(md, Classification())
    with Browser() as b:
        b.open(cm_page)
        b.eval("document.getElementById('pv-map-0').focus()")
        b.press("t")  # T on the map shows the table and moves the focus to it
        assert b.eval("document.getElementById('pv-tables').hidden") is False
        assert b.eval("document.getElementById('pv-maps').hidden") is True
        assert _focused(b) == "pv-tables"
        assert b.eval("document.getElementById('pv-table-toggle').textContent") == "Show as map"
        assert b.eval("document.getElementById('pv-table-toggle').getAttribute('aria-expanded')") == "true"
        rows = b.eval("[].map.call(document.querySelectorAll('#pv-tables tbody tr'), function (tr) {"
                      " return [].map.call(tr.children, function (c) { return c.textContent; }); })")
        assert len(rows) == len(frame) == b.eval("placeviz.featureCount") == 1562
        assert b.eval("[].map.call(document.querySelectorAll('#pv-tables thead th'), function (t) {"
                      " return t.textContent; })") == ["Area", "Code", md.layer.label,
                                                      "National rank (1 = most deprived in England)", "Map class",
                                                      "Neighbourhood"]
        caption = b.eval("document.querySelector('#pv-tables caption').textContent")
        assert caption.startswith(f"{md.layer.title} \u00b7 1,562 areas. Map classes: National deciles. ")
        assert md.layer.source_line() in caption  # where the figures come from, as on the map
        by_code = {r[1]: r for r in rows}
        assert set(by_code) == set(frame["code"])
        for i in (0, 100, 1561):
            code = frame["code"].iat[i]
            c = classes.classes[i]
            assert by_code[code] == [frame["name"].iat[i], code, md.layer.format_value(frame["value"].iat[i]),
                                     f"{int(frame['rank'].iat[i]):,}", classes.legend[c].label,
                                     frame["neighbourhood"].iat[i]]
        # sorted by name to start with; Enter on the value column's header sorts by value, again reverses it
        by_name = sorted(range(len(frame)), key=lambda i: (frame["name"].iat[i], frame["code"].iat[i]))
        assert [r[1] for r in rows[:20]] == [frame["code"].iat[i] for i in by_name[:20]]
        b.eval("document.querySelectorAll('#pv-tables thead button')[2].focus()")
        b.press("Enter")
        assert b.eval("document.querySelectorAll('#pv-tables thead th')[2].getAttribute('aria-sort')") == "ascending"
        first = b.eval("document.querySelector('#pv-tables tbody tr').children[2].textContent")
        assert first == md.layer.format_value(frame["value"].min())
        b.press("Enter")
        assert b.eval("document.querySelectorAll('#pv-tables thead th')[2].getAttribute('aria-sort')") == "descending"
        first = b.eval("document.querySelector('#pv-tables tbody tr').children[2].textContent")
        assert first == md.layer.format_value(frame["value"].max())
        # the area names are one Tab stop: down twice and Enter shows the third area (by value) on the map
        rows = b.eval("[].map.call(document.querySelectorAll('#pv-tables tbody th'), function (t) {"
                      " return [t.textContent, t.tabIndex]; })")
        assert [r[1] for r in rows].count(0) == 1 and rows[0][1] == 0
        b.eval("document.querySelector('#pv-tables tbody th[tabindex=\"0\"]').focus()")
        b.press("ArrowDown")
        b.press("ArrowDown")
        b.press("Enter")
        assert b.eval("document.getElementById('pv-maps').hidden") is False
        assert _focused(b) == "pv-map-0"
        pos = by_name.index(frame["name"].tolist().index(rows[2][0]))
        assert b.eval("placeviz.announced").startswith(f"Area {pos + 1} of 1,562: {rows[2][0]}. ")
        b.press("n")  # and the keyboard goes on from there, in name order
        assert b.eval("placeviz.announced").startswith(f"Area {pos + 2} of 1,562: {frame['name'].iat[by_name[pos + 1]]}. ")
        # the table again, and back to the map: it is drawn, the chosen area in view
        b.eval("document.getElementById('pv-table-toggle').click()")
        b.eval("document.getElementById('pv-table-toggle').click()")
        assert b.eval("document.getElementById('pv-maps').hidden") is False
        assert b.eval("(function(){var l=placeviz.panes[0].current.layers[placeviz.lastTooltip.index];"
                      " return !!(l._parts && l._parts.length);})()")
        assert b.eval("placeviz.countDrawn()") > 0
        assert b.exceptions == []


def test_england_table_has_one_row_per_area(england_page):
    with Browser() as b:
        b.open(england_page)
        b.eval("placeviz.showTable(true)")
        assert b.eval("document.querySelectorAll('#pv-tables tbody tr').length") == 32844
        assert b.eval("placeviz.featureCount") == 32844
        assert b.exceptions == []
    assert england_page.stat().st_size <= 4_000_000


def test_table_rows_stay_text(tmp_path, knowsley_with_hostile_names):
    evil, md = knowsley_with_hostile_names
    path = export_html(MapSpec(place="Knowsley"), tmp_path / "evil.html", mapdata=md)
    with Browser() as b:
        b.open(path)
        b.eval("placeviz.showTable(true)")
        names = b.eval("[].map.call(document.querySelectorAll('#pv-tables tbody th'), function (t) {"
                       " return t.textContent; })")
        assert all(s in names for s in evil)
        assert len(names) == len(md.frame)
        assert b.eval("document.querySelectorAll('img').length") == 0
        assert b.eval("document.scripts.length") == 3
        b.eval("document.getElementById('pv-map-0') && placeviz.showTable(false)")
        b.eval("document.getElementById('pv-map-0').focus()")
        b.press("n")  # the first in name order is one of the hostile names (they start with < or ")
        assert any(b.eval("placeviz.announced").startswith(f"Area 1 of {len(md.frame)}: {s}") for s in evil)
        assert b.eval("document.querySelectorAll('img').length") == 0
        assert [e for e in b._events if e.get("method") == "Page.javascriptDialogOpening"] == []
        assert b.exceptions == []


def test_table_ranks_a_layer_without_a_national_rank_within_the_map_and_says_so(tmp_path):
    spec = MapSpec(place="Wirral", level="msoa", layer="life_expectancy_female",
                   classification=Classification("quantiles", 5, palette="YlOrRd"))
    md = map_data("Wirral", "msoa", "life_expectancy_female")
    path = export_html(spec, tmp_path / "le.html", mapdata=md)
    # the page holds values at display precision, so equal shown values share a rank (1 = highest)
    shown = md.frame["value"].round(int(md.layer.decimals))
    want = dict(zip(md.frame["code"], shown.rank(method="min", ascending=False).astype(int), strict=True))
    with Browser() as b:
        b.open(path)
        b.eval("placeviz.showTable(true)")
        head = b.eval("document.querySelectorAll('#pv-tables thead th')[3].textContent")
        assert head == "Rank in this map (1 = highest; computed by placeviz)"
        rows = b.eval("[].map.call(document.querySelectorAll('#pv-tables tbody tr'), function (tr) {"
                      " return [tr.children[1].textContent, tr.children[3].textContent]; })")
        assert len(rows) == len(md.frame) == 42
        assert {code: int(r) for code, r in rows} == want
        assert b.exceptions == []


@needs_axe
def test_the_profile_page_passes_axe_with_one_main_landmark(tmp_path):
    from placeviz.analysis.profile import place_profile
    from placeviz.analysis.report import to_html

    path = tmp_path / "profile.html"
    path.write_text(to_html(place_profile("Knowsley", with_hotspots=False)), encoding="utf-8")
    with Browser() as b:
        b.open(path, wait_for="document.readyState === 'complete'")
        found = b.axe()
        assert _serious(found) == [], found
        assert not {"landmark-one-main", "region", "empty-table-header"} & {v["id"] for v in found}
        assert b.eval("document.querySelectorAll('main h1').length") == 1


def test_maps_do_not_slide_or_fade_for_who_asks_for_less_motion(cm_page):
    with Browser() as b:
        b.page("Emulation.setEmulatedMedia", features=[{"name": "prefers-reduced-motion", "value": "reduce"}])
        b.open(cm_page)
        assert b.eval("[placeviz.maps[0].options.zoomAnimation, placeviz.maps[0].options.fadeAnimation]") == [
            False, False]
    with Browser() as b:
        b.open(cm_page)
        assert b.eval("placeviz.maps[0].options.zoomAnimation") is True
