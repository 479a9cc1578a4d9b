"""Issue 11, "Where am I": LA outlines that line up with the neighbourhoods, towns and cities on the map."""

import geopandas as gpd
import shapely

from placeviz.model.bundle import boundaries_dir


def _outline_and_lsoas(la_set: str, lsoa_set: str, code_col: str, name: str):
    la = gpd.read_parquet(boundaries_dir() / f"{la_set}.parquet")
    lsoa = gpd.read_parquet(boundaries_dir() / f"{lsoa_set}.parquet")
    row = la[la.name == name].iloc[0]
    return row.geometry, shapely.union_all(lsoa[lsoa[code_col] == row.code].geometry.values)


def test_wirral_outline_is_the_union_of_its_lsoas():
    for la_set, lsoa_set, col in (("lad24", "lsoa21", "lad24_code"), ("lad21", "lsoa11", "lad21_code")):
        outline, union = _outline_and_lsoas(la_set, lsoa_set, col, "Wirral")
        assert union.area > 1e8  # Wirral is about 160 km²
        assert outline.symmetric_difference(union).area < 1.0  # square metres: the same shape


def test_every_la_outline_coincides_with_its_lsoas():
    la = gpd.read_parquet(boundaries_dir() / "lad24.parquet")
    lsoa = gpd.read_parquet(boundaries_dir() / "lsoa21.parquet")
    union = lsoa.dissolve("lad24_code").geometry.reindex(la.code)
    diff = shapely.area(shapely.symmetric_difference(la.geometry.values, union.values))
    # snapping the union to the bundle's 1 m grid moves a few vertices: a few hundred m² in Cornwall's 3,500 km²
    assert float((diff / la.geometry.area.values).max()) < 1e-6


def test_msoas_and_las_nest_exactly_in_each_other():
    """An LA outline drawn over an MSOA map follows the MSOAs' edges too: MSOAs are their LSOAs dissolved."""
    for msoa_set, lsoa_set, la_set, la_col in (("msoa21", "lsoa21", "lad24", "lad24_code"),
                                               ("msoa11", "lsoa11", "lad21", "lad21_code")):
        msoa = gpd.read_parquet(boundaries_dir() / f"{msoa_set}.parquet")
        lsoa = gpd.read_parquet(boundaries_dir() / f"{lsoa_set}.parquet")
        union = lsoa.dissolve("msoa_code").geometry.reindex(msoa.code)
        diff = shapely.area(shapely.symmetric_difference(msoa.geometry.values, union.values))
        # the dissolve snaps to the bundle's 1 m grid: a few hundred m² at most
        assert float(diff.max()) < 500 and float((diff / msoa.geometry.area.values).max()) < 1e-4
        la = gpd.read_parquet(boundaries_dir() / f"{la_set}.parquet")
        wirral = la[la.name == "Wirral"].iloc[0]
        of_msoas = shapely.union_all(msoa[msoa[la_col] == wirral.code].geometry.values)
        assert wirral.geometry.symmetric_difference(of_msoas).area < 1e-5 * wirral.geometry.area


# -- towns and cities on the map ----------------------------------------------------------------------------

BIG_CITIES = ("Birmingham", "Manchester", "Leeds", "Liverpool", "Bristol", "Newcastle upon Tyne", "Sheffield",
              "London")


def _page_labels(place: str, layer: str = "imd2019", size=(1600, 1200), dpi: float = 150):
    from PyQt6.QtGui import QImage, QPainter

    from placeviz.model.spec import MapSpec
    from placeviz.render.arrow_scene import scene_for
    from placeviz.render.layout import furniture_boxes, layout_for, paint_page
    from placeviz.render.pages import page_text

    spec = MapSpec(place=place, layer=layer)
    scene = scene_for(spec)
    img = QImage(*size, QImage.Format.Format_ARGB32)
    p = QPainter(img)
    text = page_text(scene, spec)
    lay = layout_for(p, text, size[0], size[1], dpi)
    labels = paint_page(p, scene, text, lay)
    p.end()
    return labels, lay, furniture_boxes(scene, lay)


def _no_overlaps(labels, lay, furniture):
    boxes = [lab.box for lab in labels]
    for i, a in enumerate(boxes):
        assert lay.map.qrect().contains(a), labels[i].name
        for f in furniture:
            assert not a.intersects(f), f"{labels[i].name} is on the scale bar or north arrow"
        for j in range(i + 1, len(boxes)):
            assert not a.intersects(boxes[j]), f"{labels[i].name} overlaps {labels[j].name}"


def test_england_map_names_its_big_cities_not_districts(qapp):
    labels, lay, furniture = _page_labels("England")
    names = {lab.name for lab in labels}
    assert set(BIG_CITIES) <= names
    assert not names & {"Allerdale", "Eden", "Craven"}  # no district names, least of all abolished ones
    assert {lab.kind for lab in labels} <= {"city", "town"}
    assert 20 <= len(labels) <= 60  # the big places, not a crowd
    _no_overlaps(labels, lay, furniture)


def test_cheshire_east_map_names_crewe_and_macclesfield(qapp):
    labels, lay, furniture = _page_labels("Cheshire East")
    names = {lab.name: lab.kind for lab in labels}
    assert names.get("Crewe") == "town" and names.get("Macclesfield") == "town"
    assert names.get("Cheshire East") == "la"  # the authority's own name, in its own style
    _no_overlaps(labels, lay, furniture)


def test_a_city_map_names_its_suburbs(qapp):
    labels, lay, furniture = _page_labels("Liverpool")
    kinds = [lab.kind for lab in labels]
    assert kinds.count("suburb") >= 10 and {"Anfield", "Toxteth"} & {lab.name for lab in labels}
    _no_overlaps(labels, lay, furniture)


def test_svg_carries_town_names_as_text(qapp, tmp_path):
    from placeviz.export.static import export_static
    from placeviz.model.spec import MapSpec

    svg = export_static(MapSpec(place="Cheshire East", layer="imd2019"), tmp_path / "ce.svg").read_text("utf-8")
    assert ">Crewe<" in svg and ">Macclesfield<" in svg
    svg = export_static(MapSpec(place="England", layer="imd2019"), tmp_path / "e.svg").read_text("utf-8")
    for city in BIG_CITIES:
        assert f">{city}<" in svg
    assert ">Allerdale<" not in svg


def test_cheshire_east_window_names_crewe_and_macclesfield(make_window):
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QImage, QPainter

    from placeviz.model.spec import MapSpec
    from placeviz.render.scene import paint_map, screen_furniture_boxes

    win = make_window(MapSpec(place="Cheshire East", layer="imd2019"))
    c = win.canvas
    img = QImage(c.width(), c.height(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    labels = paint_map(p, c.scene, QRectF(c.rect()), transform=c.transform(), parts=("labels",),
                       background=False, highlights=False, fast_labels=True)
    p.end()
    names = {lab.name for lab in labels}
    assert {"Crewe", "Macclesfield"} <= names
    furniture = screen_furniture_boxes(QRectF(c.rect()))
    boxes = [lab.box for lab in labels]
    for i, a in enumerate(boxes):
        assert not any(a.intersects(f) for f in furniture)
        assert not any(a.intersects(b) for b in boxes[i + 1:])


# -- the HTML page's names ----------------------------------------------------------------------------------

LABELS_JS = """(function(){
  var c = document.querySelector('.leaflet-container').getBoundingClientRect(), out = [];
  document.querySelectorAll('.pv-place, .pv-label').forEach(function (el) {
    if (getComputedStyle(el).visibility !== 'visible') return;
    var r = el.firstChild.getBoundingClientRect();
    out.push({name: el.textContent, place: el.classList.contains('pv-place'),
              box: [r.left - c.left, r.top - c.top, r.right - c.left, r.bottom - c.top]});
  });
  var ctrl = [];
  document.querySelectorAll('.leaflet-control').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width) ctrl.push([r.left - c.left, r.top - c.top, r.right - c.left, r.bottom - c.top]);
  });
  return {labels: out, controls: ctrl, size: [c.width, c.height]};
})()"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def _page_names(path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from browser import Browser, missing_reason

    if missing_reason():
        import pytest

        pytest.skip(missing_reason())
    with Browser() as b:
        b.open(path, wait_for="window.placeviz && window.placeviz.ready")
        got = b.eval(LABELS_JS)
        assert b.exceptions == []
    labels = got["labels"]
    for i, a in enumerate(labels):
        for o in labels[i + 1:]:
            assert not _overlap(a["box"], o["box"]), f"{a['name']} overlaps {o['name']}"
        for ctl in got["controls"]:
            assert not _overlap(a["box"], ctl), f"{a['name']} is on a map control"
    return labels


def test_html_page_names_big_cities_and_towns(tmp_path):
    from placeviz.export.html import export_html
    from placeviz.model.spec import MapSpec

    labels = _page_names(export_html(MapSpec(place="England", layer="imd2019"), tmp_path / "e.html"))
    names = {lab["name"] for lab in labels}
    assert set(BIG_CITIES) <= names
    assert all(lab["place"] for lab in labels)  # no district names on the England view
    labels = _page_names(export_html(MapSpec(place="Cheshire East", layer="imd2019"), tmp_path / "ce.html"))
    names = {lab["name"] for lab in labels}
    assert {"Crewe", "Macclesfield", "Cheshire East"} <= names


# -- honest coverage ----------------------------------------------------------------------------------------

def test_partial_layer_is_shaded_and_counted_only_where_it_has_data(qapp):
    import numpy as np
    from PyQt6.QtCore import QPointF, QRectF
    from PyQt6.QtGui import QColor, QImage, QPainter

    from placeviz.model.palettes import NODATA_COLOUR
    from placeviz.model.spec import Classification, MapSpec
    from placeviz.render.scene import CONTEXT_FILL, build_scene, extent_transform, paint_map

    scene = build_scene(MapSpec(place="England", layer="no2_2023", classification=Classification("quantiles", 7)))
    c = scene.classified
    covered = c.extra["covered"]
    n = int(covered.sum())
    assert 3000 < n < 5000 and len(covered) == 32844  # Cheshire and Merseyside and its edges
    assert sum(e.count for e in c.legend) == n  # the legend counts covered areas only
    nodata = [e for e in c.legend if e.nodata]
    assert nodata and nodata[0].count < 200
    assert f"cover {n:,} of the 32,844 areas" in c.note and "outside this layer's coverage" in c.note
    img = QImage(800, 900, QImage.Format.Format_ARGB32)
    rect = QRectF(0, 0, 800, 900)
    t = extent_transform(rect, scene.extent(), margin=0.02)
    p = QPainter(img)
    paint_map(p, scene, rect, transform=t, labels=False, highlights=False)
    p.end()
    # central Leicester (far from the grid) is drawn as context, not as grey "no data"
    px = t.map(QPointF(458_700, 304_300))
    colour = QColor(img.pixel(int(px.x()), int(px.y()))).name()
    assert colour != QColor(NODATA_COLOUR).name()
    assert np.abs(np.array(QColor(colour).getRgb()[:3]) - np.array(QColor(CONTEXT_FILL).getRgb()[:3])).max() < 40
