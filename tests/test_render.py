"""The painter code shared by the screen and the exports: geometry, colours at known places, legend, raster."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from placeviz.model.classify import assign
from placeviz.model.geography import boundaries
from placeviz.model.palettes import NODATA_COLOUR
from placeviz.model.spec import Classification, MapSpec


@pytest.fixture(scope="module")
def qapp_module():
    from PyQt6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


@pytest.fixture(scope="module")
def cm_scene(qapp_module):
    from placeviz.render import build_scene

    return build_scene(MapSpec())


def _rgb(img, x, y):
    c = img.pixelColor(int(x), int(y))
    return (c.red(), c.green(), c.blue())


def _hex_rgb(h):
    return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))


def _render(scene, w=1000, h=900, labels=False):
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QColor, QImage, QPainter

    from placeviz.render import extent_transform, paint_map

    img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor("#ffffff"))
    t = extent_transform(QRectF(0, 0, w, h), scene.extent(), margin=0.02)
    p = QPainter(img)
    paint_map(p, scene, QRectF(0, 0, w, h), transform=t, labels=labels)
    p.end()
    return img, t


def test_geometry_matches_geopandas_bounds_and_codes(qapp_module):
    from placeviz.render import RenderGeometry

    geo = RenderGeometry.for_set("lsoa11")
    g = boundaries("lsoa11")
    assert len(geo) == 32_844
    assert list(geo.codes[:5]) == list(g["code"].iloc[:5])
    sample = np.random.default_rng(1).choice(len(g), 200, replace=False)
    np.testing.assert_allclose(geo.bounds[sample], g.geometry.iloc[sample].bounds.to_numpy())
    rows = geo.rows(["E01006799", "NOTACODE"])
    assert geo.codes[rows[0]] == "E01006799" and rows[1] == -1
    assert RenderGeometry.for_set("lsoa11") is geo  # cached


def test_hit_test_finds_the_area_at_its_representative_point(qapp_module):
    from placeviz.render import RenderGeometry

    geo = RenderGeometry.for_set("lsoa11")
    g = boundaries("lsoa11")
    for code in ("E01006799", "E01006739", "E01033757", "E01018446"):
        pt = g.loc[g["code"] == code].geometry.iloc[0].representative_point()
        assert geo.codes[geo.hit(pt.x, pt.y)] == code
    assert geo.hit(0.0, 0.0) == -1  # the sea off Cornwall's south-west, outside every LSOA


def test_pixels_at_areas_are_their_class_colours(cm_scene):
    from PyQt6.QtCore import QPointF

    img, t = _render(cm_scene)
    frame = cm_scene.data.frame
    g = boundaries("lsoa11").set_index("code")
    # the 25 largest areas: their representative point is well inside them at this scale
    areas = g.loc[frame["code"]].geometry.area.to_numpy()
    checked = 0
    for i in np.argsort(-areas)[:25]:
        code = frame["code"].iloc[i]
        pt = g.geometry.loc[code].representative_point()
        pos = t.map(QPointF(pt.x, pt.y))
        cls = cm_scene.classified.classes[i]
        want = cm_scene.classified.colours[cls] if cls >= 0 else NODATA_COLOUR
        got = _rgb(img, pos.x(), pos.y())
        assert max(abs(a - b) for a, b in zip(got, _hex_rgb(want), strict=True)) <= 2, (code, got, want)
        checked += 1
    assert checked == 25


def test_recolour_reuses_geometry_and_changes_pixels(cm_scene):
    from PyQt6.QtCore import QPointF

    from placeviz.render.scene import classify_scene_data

    new = cm_scene.recolour(classify_scene_data(cm_scene.data, Classification("quantiles", 4, palette="Greens")))
    assert new.geometry is cm_scene.geometry and new.geometry.paths is cm_scene.geometry.paths
    img, t = _render(new)
    g = boundaries("lsoa11").set_index("code")
    frame = new.data.frame
    i = int(np.argmax(g.loc[frame["code"]].geometry.area.to_numpy()))
    pt = g.geometry.loc[frame["code"].iloc[i]].representative_point()
    pos = t.map(QPointF(pt.x, pt.y))
    want = _hex_rgb(new.classified.colours[new.classified.classes[i]])
    assert max(abs(a - b) for a, b in zip(_rgb(img, pos.x(), pos.y()), want, strict=True)) <= 2
    assert len(new.classified.colours) == 4


def test_raster_cells_are_drawn_in_their_class_colours(qapp_module):
    from PyQt6.QtCore import QPointF

    from placeviz.render import build_scene

    spec = MapSpec(layer="no2_2023", classification=Classification("quantiles", 5, palette="YlOrRd"))
    scene = build_scene(spec)
    assert scene.grid is not None
    img, t = _render(scene, 1200, 1100)
    grid = scene.grid
    tr = grid.transform
    # cells under the 20 largest LSOAs' representative points
    g = boundaries("lsoa11").set_index("code")
    frame = scene.data.frame
    areas = g.loc[frame["code"]].geometry.area.to_numpy()
    ok = 0
    for i in np.argsort(-areas)[:20]:
        pt = g.geometry.loc[frame["code"].iloc[i]].representative_point()
        col, row = int((pt.x - tr.c) // tr.a), int((pt.y - tr.f) // tr.e)
        v = grid.values[row, col]
        if not np.isfinite(v):
            continue
        # the centre of that cell on screen
        cx, cy = tr.c + (col + 0.5) * tr.a, tr.f + (row + 0.5) * tr.e
        pos = t.map(QPointF(cx, cy))
        cls = assign(np.array([v]), scene.classified.bins)[0]
        want = np.array(_hex_rgb(scene.classified.colours[cls]), dtype=float)
        got = np.array(_rgb(img, pos.x(), pos.y()), dtype=float)
        # drawn at 92% opacity over the area fill, and thin area borders may cross the cell centre
        if np.abs(got - want).max() <= 30:
            ok += 1
    assert ok >= 15


def test_legend_paints_every_class_colour_and_measures_itself(cm_scene):
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QColor, QImage, QPainter

    from placeviz.render import legend_lines, paint_legend

    info = legend_lines(cm_scene.classified, cm_scene.layer)
    assert info["source"].startswith("Source: ")
    assert sum(e[2] for e in info["entries"]) == len(cm_scene.data.frame) == 1562
    h = paint_legend(None, QRectF(0, 0, 300, 2000), cm_scene.classified, cm_scene.layer, draw=False)
    img = QImage(320, int(h) + 20, QImage.Format.Format_ARGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    used = paint_legend(p, QRectF(10, 10, 300, h), cm_scene.classified, cm_scene.layer)
    p.end()
    assert abs(used - h) < 1
    arr = np.frombuffer(img.constBits().asstring(img.sizeInBytes()), dtype=np.uint8).reshape(img.height(), -1, 4)
    rgb = arr[:, : img.width(), [2, 1, 0]]  # ARGB32 is BGRA in memory
    for colour in cm_scene.classified.colours:
        n = int((np.abs(rgb.astype(int) - np.array(_hex_rgb(colour))).max(axis=2) <= 1).sum())
        assert n >= 100, colour


def test_no_data_areas_get_the_no_data_colour_and_legend_entry(qapp_module):
    from placeviz.render import build_scene

    # life expectancy is published for MSOAs; some have no figure
    scene = build_scene(MapSpec(layer="life_expectancy_male", level="msoa",
                                classification=Classification("quantiles", 5, palette="YlOrRd")))
    n_missing = int(scene.data.frame["value"].isna().sum())
    legend = scene.classified.legend
    if n_missing:
        assert legend[-1].nodata and legend[-1].count == n_missing
    assert sum(e.count for e in legend) == len(scene.data.frame)


def test_render_image_of_a_spec(qapp_module):
    from placeviz.render import render_image

    img = render_image(MapSpec(place="Halton"), 400, 300, legend=True)
    assert (img.width(), img.height()) == (400, 300)
    assert not img.isNull()


def test_area_id_image_for_england_and_its_colouring(qapp_module):
    from PyQt6.QtCore import QPointF, QRectF

    from placeviz.render import build_scene, extent_transform
    from placeviz.render.idbuffer import colour_ids, paint_area_ids, wants_id_image

    scene = build_scene(MapSpec(place="England"))
    w, h = 700, 800
    t = extent_transform(QRectF(0, 0, w, h), scene.extent(), 0.02)
    assert wants_id_image(scene, scene.rows, abs(t.m11()))
    ids = paint_area_ids(scene, w, h, t)
    assert ids.shape == (h, w) and ids.min() == -1
    # the largest LSOAs are many pixels wide: the pixel at their representative point is theirs
    g = boundaries("lsoa11")
    big = np.argsort(-g.geometry.area.to_numpy())[:15]
    img = colour_ids(ids, scene)
    for r in big:
        pt = g.geometry.iloc[r].representative_point()
        pos = t.map(QPointF(pt.x, pt.y))
        assert ids[int(pos.y()), int(pos.x())] == r
        i = int(np.flatnonzero(scene.rows == r)[0])
        want = _hex_rgb(scene.classified.colours[scene.classified.classes[i]])
        assert _rgb(img, pos.x(), pos.y()) == want
    # areas smaller than a pixel still hold pixels in the cities (smallest drawn last)
    assert len(np.unique(ids)) > 15_000


def test_the_screen_attribution_keeps_the_licence_when_narrow():
    """The canvas draws the print's boundaries attribution (one definition); where it does not fit, whole
    leading sentences go first, down to the licence's own words (its last two sentences)."""
    from placeviz.model.catalog import boundary_attribution, load_catalog
    from placeviz.render.scene import last_sentences

    text = boundary_attribution()
    licence = load_catalog().datasets["boundaries"].attribution
    assert text.endswith(licence) and "Open Government Licence v3.0" in licence and "Crown copyright" in licence
    assert last_sentences(text, lambda t: True) == text
    assert last_sentences(text, lambda t: len(t) <= len(licence)) == licence
    assert last_sentences(text, lambda t: False) == licence


def test_a_narrow_maps_attribution_wraps_beside_the_scale_bar_rather_than_losing_the_publisher(qapp_module):
    """A compare window's map (about 400 px wide) cut the licence's words at the left ('…en Government
    Licence v3.0'), losing the publisher's name. They now wrap onto lines right of the scale bar; a wide map
    keeps them on one line."""
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QColor, QImage, QPainter

    from placeviz.model.catalog import boundary_attribution
    from placeviz.render.scene import paint_attribution

    def dark_pixels(width: int) -> tuple[np.ndarray, np.ndarray]:
        image = QImage(width, 300, QImage.Format.Format_RGB32)
        image.fill(QColor("#ffffff"))
        p = QPainter(image)
        paint_attribution(p, QRectF(0, 0, width, 300), boundary_attribution(), clear_left=160)
        p.end()
        ptr = image.constBits()
        ptr.setsize(image.sizeInBytes())
        rgb = np.frombuffer(ptr, np.uint8).reshape(300, image.bytesPerLine() // 4, 4)[:, :width, :3]
        ys, xs = np.nonzero(rgb.max(axis=2) < 160)  # the text's ink
        return xs, ys

    xs, ys = dark_pixels(400)
    assert xs.min() >= 160  # nothing under the scale bar
    line = ys.max() - ys.min()
    wide_xs, wide_ys = dark_pixels(1400)
    assert wide_ys.max() - wide_ys.min() < 14 and wide_xs.max() > 1380  # one line, at the right, where there is room
    assert line > 2 * (wide_ys.max() - wide_ys.min())  # wrapped: several lines deep
