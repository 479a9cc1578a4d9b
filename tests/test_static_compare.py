"""Maps side by side on one page: size, a shared legend or one each, class colours, pixels at known areas."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import subprocess
import sys

import numpy as np
import pytest
from pixels import hex_rgb, read_pixels

from placeviz.model.spec import Classification, MapSpec

DECILES = Classification("national_deciles", 10)


_pixels = read_pixels
_hex = hex_rgb


def _layout(specs, shared_bins, size):
    """The map boxes and transforms of a comparison page, drawn again onto a scratch image of the same size."""
    from PyQt6.QtGui import QImage, QPainter

    from placeviz.render.compare_page import compare_scenes, compare_text, paint_compare

    cs = compare_scenes(specs, shared_bins)
    img = QImage(size.width, size.height, QImage.Format.Format_ARGB32_Premultiplied)
    img.setDotsPerMeterX(round(size.dpi / 0.0254))  # as the export does: text, and so the boxes, the same size
    img.setDotsPerMeterY(round(size.dpi / 0.0254))
    p = QPainter(img)
    frames = paint_compare(p, cs, compare_text(cs), size, specs)
    p.end()
    return cs, frames


def _inside_points(scene, transform, n=8):
    """Device points well inside the scene's biggest areas, with each area's class colour."""
    from PyQt6.QtCore import QPointF
    from shapely.ops import polylabel

    from placeviz.model.geography import boundaries
    from placeviz.model.palettes import NODATA_COLOUR

    md = scene.data
    g = boundaries(md.boundary_set).set_index("code").loc[md.frame["code"].to_numpy()]
    classes = np.asarray(scene.classified.classes)
    order = np.argsort(-g.geometry.area.to_numpy())[:n]
    label = scene.outlines.geometry.label_points()[scene.outlines.rows]
    out = []
    for i in order.tolist():
        poly = g.geometry.iloc[i]
        poly = max(getattr(poly, "geoms", [poly]), key=lambda x: x.area)
        pt = polylabel(poly, tolerance=10)
        if np.min(np.hypot(label[:, 0] - pt.x, label[:, 1] - pt.y)) < 1500:  # under a local-authority name
            continue
        colour = scene.classified.colours[classes[i]] if classes[i] >= 0 else NODATA_COLOUR
        d = transform.map(QPointF(pt.x, pt.y))
        out.append((round(d.x()), round(d.y()), colour, md.frame["code"].iloc[i]))
    return out


def test_two_places_on_one_scale(qapp, tmp_path):
    from placeviz.export.static import export_static_compare, page_size

    specs = [MapSpec(place="Liverpool", layer="imd2019", classification=DECILES),
             MapSpec(place="Manchester", layer="imd2019", classification=DECILES)]
    out = export_static_compare(specs, tmp_path / "two.png", shared_bins=True)
    img, a = _pixels(out)
    assert (img.width(), img.height()) == (1754, 1240)  # A4 landscape at 150 dpi
    size = page_size("png", None, None, 150, "A4", "landscape")
    cs, frames = _layout(specs, True, size)
    assert cs.shared and "one scale for both maps" in cs.note.lower()
    assert len(frames) == 2
    left, right = frames[0][0], frames[1][0]
    assert left.right < right.x  # side by side
    # both maps' class colours: each map box holds the colours of the classes its areas fall in
    for (box, _), sc in zip(frames, cs.scenes, strict=True):
        part = a[int(box.y) + 2:int(box.bottom) - 2, int(box.x) + 2:int(box.right) - 2]
        present = set(np.unique(part).tolist())
        classes = np.asarray(sc.classified.classes)
        for c in set(classes[classes >= 0].tolist()):
            if np.count_nonzero(classes == c) >= 3:
                assert _hex(sc.classified.colours[c]) in present, (sc.data.place.name, c)
    # a pixel inside known areas of each map has its class colour
    for (box, transform), sc in zip(frames, cs.scenes, strict=True):
        pts = _inside_points(sc, transform)
        assert len(pts) >= 4
        for x, y, colour, code in pts:
            assert box.x < x < box.right and box.y < y < box.bottom
            assert a[y, x] == _hex(colour), (sc.data.place.name, code)
    # one scale: the same areas of England are the same size on both maps
    assert abs(frames[0][1].m11()) == pytest.approx(abs(frames[1][1].m11()), rel=1e-6)


def test_own_scales_give_each_map_its_legend(qapp, tmp_path):
    from placeviz.export.static import export_static_compare
    from placeviz.render.compare_page import compare_scenes

    q = Classification("quantiles", 5, classes_from="place")  # each place's own breaks
    specs = [MapSpec(place="Liverpool", level="msoa", layer="life_expectancy_male", classification=q),
             MapSpec(place="Wirral", level="msoa", layer="life_expectancy_male", classification=q)]
    cs = compare_scenes(specs, None)
    assert not cs.shared
    assert not np.array_equal(cs.scenes[0].classified.bins, cs.scenes[1].classified.bins)
    out = export_static_compare(specs, tmp_path / "own.pdf")
    import pypdf

    text = re.sub(r"\s+", " ", pypdf.PdfReader(str(out)).pages[0].extract_text())
    assert text.count("Life expectancy at birth, men") >= 3  # the title and two legends
    assert "its own scale" in text
    assert "Open Government Licence" in text
    # each legend lists its own classes
    for sc in cs.scenes:
        assert sc.classified.legend[0].label in text


def test_shared_pooled_breaks_are_the_same_on_both_maps(qapp, tmp_path):
    from placeviz.analysis.compare import shared_breaks
    from placeviz.export.static import export_static_compare
    from placeviz.render.compare_page import compare_scenes

    cls = Classification("quantiles", 5)
    specs = [MapSpec(place="Liverpool", level="msoa", layer="life_expectancy_male", classification=cls),
             MapSpec(place="Wirral", level="msoa", layer="life_expectancy_male", classification=cls)]
    cs = compare_scenes(specs, True)
    pooled = shared_breaks([sc.data for sc in compare_scenes(specs, None).scenes], cls)
    for sc in cs.scenes:
        np.testing.assert_allclose(sc.classified.bins, pooled)
    out = export_static_compare(specs, tmp_path / "shared.svg", shared_bins=True)
    body = out.read_text(encoding="utf-8")
    assert body.count("<path") > 100 and "one scale for both maps" in body.lower()


def test_compare_command_png_uses_the_print_layout(tmp_path):
    out = tmp_path / "c.png"
    r = subprocess.run([sys.executable, "-m", "placeviz", "compare", "--place", "Liverpool", "--place", "Manchester",
                        "--layer", "imd2019", "-o", str(out)], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    from PyQt6.QtGui import QImage

    img = QImage(str(out))
    assert (img.width(), img.height()) == (1754, 1240)


def test_clear_errors(qapp, tmp_path):
    from placeviz.export.static import export_static_compare
    from placeviz.model.errors import UserError

    one = [MapSpec(place="Liverpool", layer="imd2019")]
    with pytest.raises(UserError, match="two or more maps"):
        export_static_compare(one, tmp_path / "x.png")
    with pytest.raises(UserError, match="does not exist"):
        export_static_compare(one * 2, tmp_path / "nope" / "x.png")
    with pytest.raises(UserError, match="png, svg or pdf"):
        export_static_compare(one * 2, tmp_path / "x.gif")
