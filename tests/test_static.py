"""Print-quality exports (PNG, SVG, PDF, atlas): page count, text, vector content, pixel colours at known areas."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from pixels import hex_rgb, read_pixels

from placeviz.model.catalog import get_layer, load_catalog
from placeviz.model.geography import CHESHIRE_AND_MERSEYSIDE, attributes, boundaries
from placeviz.model.spec import Classification, MapSpec


def _pdf_text(path) -> list[str]:
    import pypdf

    return [re.sub(r"\s+", " ", p.extract_text()) for p in pypdf.PdfReader(str(path)).pages]


_pixels = read_pixels
_hex = hex_rgb


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- PDF --------------------------------------------------------------------------------------------------------

def test_atlas_pdf_has_an_overview_and_one_page_per_local_authority(qapp, tmp_path):
    from placeviz.export.static import export_static

    out = export_static(MapSpec(place="Cheshire and Merseyside", layer="imd2019"), tmp_path / "atlas.pdf",
                        atlas=True)
    pages = _pdf_text(out)
    las = attributes("lad21").set_index("code").loc[list(CHESHIRE_AND_MERSEYSIDE), "name"]
    assert len(pages) == 1 + len(las) == 10
    assert "Index of Multiple Deprivation 2019, Cheshire and Merseyside" in pages[0]
    boundaries_attr = _words(load_catalog().datasets["boundaries"].attribution)
    layer_source = _words(get_layer("imd2019").source_line())
    for text in pages:
        assert boundaries_attr in text
        assert layer_source in text
    # each local authority has its own page, in name order, with its own key figures
    titles = [p.split(":")[0] for p in pages[1:]]
    assert titles == sorted(las.tolist())
    liverpool = pages[1 + titles.index("Liverpool")]
    assert "Liverpool: key figures" in liverpool
    assert "Page" in liverpool and "of 10" in liverpool


def test_atlas_figures_are_the_profile_figures(qapp, tmp_path):
    from placeviz.analysis.profile import place_profile
    from placeviz.export.static import export_static

    out = export_static(MapSpec(place="Liverpool City Region", layer="imd2019"), tmp_path / "lcr.pdf", atlas=True)
    pages = _pdf_text(out)
    assert len(pages) == 7  # overview + Halton, Knowsley, Liverpool, Sefton, St. Helens, Wirral
    knowsley = next(p for p in pages if p.startswith("Knowsley:"))
    prof = place_profile("Knowsley", with_hotspots=False)
    assert prof.figures["residents"].display() in knowsley
    assert prof.figures["imd2019.imd.decile1.resident_share"].display() in knowsley
    assert prof.figures["imd2019.average_score"].display() in knowsley
    # the official (OHID) life expectancy is the key figure now (issue 12), and its source joins the footer
    assert prof.figures["le.official.male"].display() in knowsley
    assert _words(get_layer("le_la_male").source_line()) in knowsley


def test_pdf_page_sizes_and_title(qapp, tmp_path):
    import pypdf

    from placeviz.export.static import export_static

    spec = MapSpec(place="Wirral", layer="imd2019_income", title="Income deprivation in Wirral")
    a4 = export_static(spec, tmp_path / "a4.pdf")
    a3 = export_static(spec, tmp_path / "a3.pdf", paper="A3", orientation="portrait")
    box4 = pypdf.PdfReader(str(a4)).pages[0].mediabox
    box3 = pypdf.PdfReader(str(a3)).pages[0].mediabox
    assert (round(float(box4.width)), round(float(box4.height))) == (842, 595)  # A4 landscape, points
    assert (round(float(box3.width)), round(float(box3.height))) == (842, 1191)  # A3 portrait
    text = _pdf_text(a3)[0]
    assert "Income deprivation in Wirral" in text
    assert "Contains OS data" in text
    assert len(_pdf_text(a4)) == 1


def test_pdf_is_vector_not_a_picture(qapp, tmp_path):
    import pypdf

    from placeviz.export.static import export_static

    out = export_static(MapSpec(place="Halton", layer="imd2019"), tmp_path / "halton.pdf")
    page = pypdf.PdfReader(str(out)).pages[0]
    xobjects = page["/Resources"].get("/XObject") or {}
    images = [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"]
    assert images == []
    content = page.get_contents().get_data()
    assert content.count(b" l\n") + content.count(b" l ") > 1000  # line segments of the area outlines


# -- SVG --------------------------------------------------------------------------------------------------------

def test_svg_has_paths_and_text_not_an_image(qapp, tmp_path):
    from placeviz.export.static import export_static

    out = export_static(MapSpec(place="Liverpool", layer="imd2019"), tmp_path / "liverpool.svg")
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    tags = [e.tag.replace(ns, "") for e in root.iter()]
    assert tags.count("path") > 300  # Liverpool's 298 neighbourhoods at least
    assert "image" not in tags
    text = " ".join("".join(e.itertext()) for e in root.iter(f"{ns}text"))
    assert "Liverpool" in text and "Index of Multiple Deprivation" in text
    assert "Contains OS data" in _words(text)
    # the legend's class colours are fills in the SVG
    from placeviz.render.arrow_scene import scene_for

    scene = scene_for(MapSpec(place="Liverpool", layer="imd2019"))
    svg = out.read_text(encoding="utf-8").lower()
    for c in scene.classified.colours:
        assert c.lower() in svg


# -- PNG --------------------------------------------------------------------------------------------------------

def test_png_size_dpi_and_paper(qapp, tmp_path):
    from placeviz.export.static import export_static

    spec = MapSpec(place="Sefton", layer="imd2019")
    img, _ = _pixels(export_static(spec, tmp_path / "a.png", width=1200, height=900, dpi=200))
    assert (img.width(), img.height()) == (1200, 900)
    assert round(img.dotsPerMeterX() * 0.0254) == 200
    img, _ = _pixels(export_static(spec, tmp_path / "b.png", paper="A4", orientation="portrait", dpi=100))
    assert (img.width(), img.height()) == (827, 1169)  # 210 x 297 mm at 100 dpi


def test_england_png_class_colours_in_proportion_to_area(qapp, tmp_path):
    from placeviz.export.static import export_static
    from placeviz.render.arrow_scene import scene_for

    spec = MapSpec(place="England", layer="imd2019")
    img, a = _pixels(export_static(spec, tmp_path / "england.png"))
    assert (img.width(), img.height()) == (1600, 1200)
    scene = scene_for(spec)
    counts = np.array([(a == _hex(c)).sum() for c in scene.classified.colours], dtype=float)
    assert (counts > 0).all()
    got = counts / counts.sum()
    # expected: each decile's share of England's land area, from the boundaries' own geometry
    g = boundaries("lsoa11")
    decile = dict(zip(scene.geometry.codes, scene.classified.classes, strict=True))
    cls = np.array([decile[c] for c in g["code"]])
    area = g.geometry.area.to_numpy()
    expected = np.array([area[cls == i].sum() for i in range(10)])
    expected /= expected.sum()
    assert np.abs(got - expected).max() < 0.035
    assert np.corrcoef(got, expected)[0, 1] > 0.95


def test_png_pixel_at_an_area_interior_has_its_class_colour(qapp, tmp_path):
    from PyQt6.QtCore import QPointF
    from PyQt6.QtGui import QImage, QPainter

    from placeviz.export.static import export_static
    from placeviz.render.arrow_scene import scene_for
    from placeviz.render.layout import layout_for, map_transform
    from placeviz.render.pages import page_text

    spec = MapSpec(place="Cheshire and Merseyside", layer="imd2019")
    out = export_static(spec, tmp_path / "cm.png", width=1600, height=1200, dpi=150)
    _img, a = _pixels(out)
    scene = scene_for(spec)
    # the page's map transform, worked out the way the export does
    probe = QImage(1600, 1200, QImage.Format.Format_RGB32)
    probe.setDotsPerMeterX(round(150 / 0.0254))
    probe.setDotsPerMeterY(round(150 / 0.0254))
    p = QPainter(probe)
    lay = layout_for(p, page_text(scene, spec), 1600, 1200, 150)
    p.end()
    t = map_transform(scene, lay.map)
    g = boundaries("lsoa11")
    g = g[g["code"].isin(scene.geometry.codes[scene.rows])]
    g = g.assign(area=g.geometry.area).sort_values("area", ascending=False).head(30)
    # away from the local authorities' name labels, which are drawn over the map
    import shapely

    labels = scene.outlines.geometry.label_points()[scene.outlines.rows]
    near = shapely.MultiPoint(labels).buffer(4000)
    g = g[~g.geometry.intersects(near)]
    decile = dict(zip(scene.geometry.codes[scene.rows], scene.classified.classes, strict=True))
    checked = 0
    for code, geom in zip(g["code"], g.geometry, strict=True):
        pt = geom.buffer(-600).representative_point() if not geom.buffer(-600).is_empty else None
        if pt is None:
            continue
        q = t.map(QPointF(pt.x, pt.y))
        want = _hex(scene.classified.colours[decile[code]])
        assert a[int(q.y()), int(q.x())] == want, code
        checked += 1
    assert checked >= 8


def test_light_scene_matches_the_general_scene(qapp):
    from placeviz.render.arrow_scene import light_scene
    from placeviz.render.scene import build_scene

    for spec in (MapSpec(place="England", layer="imd2019"),
                 MapSpec(place="England", level="msoa", layer="life_expectancy_female",
                         classification=Classification("equal_interval", 6, palette="viridis", reverse=True)),
                 MapSpec(place="England", level="msoa", layer="life_expectancy_male",
                         classification=Classification("quantiles", 5, palette="YlOrRd"))):
        fast = light_scene(spec)
        slow = build_scene(spec)
        assert fast is not None
        order = np.argsort(slow.rows)
        assert list(fast.geometry.codes[fast.rows]) == list(slow.geometry.codes[slow.rows[order]])
        assert np.array_equal(fast.classified.classes, slow.classified.classes[order])
        assert fast.classified.colours == slow.classified.colours
        assert [(e.label, e.count) for e in fast.classified.legend] == [
            (e.label, e.count) for e in slow.classified.legend]
    assert light_scene(MapSpec(place="Liverpool", layer="imd2019")) is None  # the general path


def test_england_png_is_made_without_pandas():
    import subprocess
    import sys

    code = ("import sys; from placeviz.model.spec import MapSpec; from placeviz.export.static import export_static; "
            "export_static(MapSpec(place='England', layer='imd2019'), sys.argv[1]); "
            "print(sorted(m for m in ('pandas', 'geopandas', 'shapely', 'affine') if m in sys.modules))")
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, "-c", code, os.path.join(d, "e.png")], capture_output=True, text=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == "[]"
        assert os.path.getsize(os.path.join(d, "e.png")) > 100_000


def test_a_bundled_grids_map_is_drawn_without_rasterio():
    """The bundled NO2 grid is drawn from its NumPy file: rasterio's import and GDAL's start were 0.1 s of the
    first map of it; the map still shows its grid squares (the 1 km cells' colours) over Knowsley."""
    import subprocess
    import sys
    import tempfile

    code = ("import sys; from placeviz.cli import main; "
            "assert main(['export', 'png', '--place', 'Knowsley', '--layer', 'no2_2023', '-o', sys.argv[1]]) == 0; "
            "print('rasterio' in sys.modules)")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "no2.png")
        r = subprocess.run([sys.executable, "-c", code, out], capture_output=True, text=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stdout.split()[-1] == "False"
        with Image.open(out) as im:
            assert "1 km grid squares" in im.info["Description"]


# -- errors -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, kwargs, words", [
    ("map.gif", {}, "png, svg or pdf"),
    ("map", {}, "no .png"),
    ("map.png", {"atlas": True}, "PDF"),
    ("map.png", {"width": 50}, "width"),
    ("map.png", {"dpi": 5000}, "dots per inch"),
    ("map.pdf", {"paper": "A5"}, "A4 or A3"),
    ("map.pdf", {"orientation": "sideways"}, "portrait or landscape"),
    ("map.svg", {"basemap": True}, "HTML"),
])
def test_bad_options_get_a_clear_message(tmp_path, name, kwargs, words):
    from placeviz.export.static import export_static
    from placeviz.model.errors import UserError

    with pytest.raises(UserError, match=words):
        export_static(MapSpec(place="Halton"), tmp_path / name, **kwargs)


def test_atlas_of_one_local_authority_is_refused(qapp, tmp_path):
    from placeviz.export.static import export_static
    from placeviz.model.errors import UserError

    with pytest.raises(UserError, match="single local authority"):
        export_static(MapSpec(place="Halton"), tmp_path / "a.pdf", atlas=True)
    assert not (tmp_path / "a.pdf").exists()


def test_missing_folder_is_a_user_error(tmp_path):
    from placeviz.export.static import export_static
    from placeviz.model.errors import UserError

    with pytest.raises(UserError, match="does not exist"):
        export_static(MapSpec(place="Halton"), tmp_path / "nope" / "a.png")


def test_cli_writes_png_and_pdf(qapp, tmp_path):
    from placeviz.cli import main

    out = tmp_path / "sefton.png"
    assert main(["export", "png", "--place", "Sefton", "--layer", "imd2019", "--width", "800", "--height", "600",
                 "-o", str(out)]) == 0
    img, _ = _pixels(out)
    assert (img.width(), img.height()) == (800, 600)
    assert main(["export", "png", "--place", "Sefton", "--layer", "imd2019", "--atlas", "-o", str(out)]) == 2
