"""The print layout's arithmetic: paper sizes, scale bars with round lengths, page boxes, footer text."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math

import pytest

from placeviz.render import layout as L


def test_paper_sizes():
    assert L.paper_size_mm("A4", "portrait") == (210.0, 297.0)
    assert L.paper_size_mm("a4", "landscape") == (297.0, 210.0)
    assert L.paper_size_mm("A3", "landscape") == (420.0, 297.0)
    assert L.paper_size_px("A4", "landscape", 150) == (1754, 1240)
    assert L.paper_size_px("A3", "portrait", 300) == (3508, 4961)
    with pytest.raises(ValueError):
        L.paper_size_mm("Letter")
    with pytest.raises(ValueError):
        L.paper_size_mm("A4", "diagonal")


@pytest.mark.parametrize("max_m, want", [
    (137_000, 100_000), (99_999, 50_000), (50_000, 50_000), (23_400, 20_000), (9_000, 5_000),
    (1_999, 1_000), (730, 500), (0.3, 0.2),
])
def test_nice_scale_length(max_m, want):
    assert math.isclose(L.nice_scale_length(max_m), want)


def test_nice_scale_length_is_round_and_never_longer_than_allowed():
    for i in range(1, 400):
        m = 1.37 ** (i / 7) * 13
        n = L.nice_scale_length(m)
        assert n <= m * (1 + 1e-9)
        lead = n / 10 ** math.floor(math.log10(n))
        assert round(lead, 9) in (1.0, 2.0, 5.0)
        assert n > m / 2.5  # never needlessly short
    assert L.nice_scale_length(0) == 0.0
    assert L.nice_scale_length(float("nan")) == 0.0


def test_format_distance():
    assert L.format_distance(500) == "500 m"
    assert L.format_distance(1000) == "1 km"
    assert L.format_distance(2500) == "2.5 km"
    assert L.format_distance(100_000) == "100 km"


def test_scale_bar_width_matches_its_length():
    ppm = 1600 / 650_000  # England across 1600 px
    bar = L.scale_bar(ppm, 300)
    assert bar.metres == 100_000
    assert math.isclose(bar.width, 100_000 * ppm)
    assert bar.width <= 300
    assert bar.labels[0] == (0.0, "0")
    assert bar.labels[-1][1] == "100 km"
    assert [t for _, t in bar.labels] == ["0", "50", "100 km"]
    five = L.scale_bar(1 / 100, 80)  # 80 px at 100 m per px: 8 km -> 5 km in five 1 km blocks
    assert five.metres == 5000 and five.segments == 5
    assert [t for _, t in five.labels] == ["0", "5 km"]
    assert L.scale_bar(0, 100) is None


def _boxes_overlap(a, b) -> bool:
    return a.x < b.right - 1e-6 and b.x < a.right - 1e-6 and a.y < b.bottom - 1e-6 and b.y < a.bottom - 1e-6


@pytest.mark.parametrize("w, h, dpi", [(1600, 1200, 150), (1754, 1240, 150), (1240, 1754, 150),
                                       (4961, 3508, 300), (800, 600, 96)])
def test_layout_boxes_fit_the_page_and_do_not_overlap(w, h, dpi):
    lay = L.compute_layout(w, h, dpi, header_pt=40, footer_pt=45)
    boxes = [lay.header, lay.map, lay.panel, lay.footer]
    for b in boxes:
        assert b.x >= 0 and b.y >= 0 and b.right <= w + 1e-6 and b.bottom <= h + 1e-6
        assert b.w > 0 and b.h >= 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not _boxes_overlap(a, b), (a, b)
    assert lay.header.bottom <= lay.map.y and lay.map.bottom <= lay.footer.y
    assert lay.map.w * lay.map.h > 0.35 * w * h  # the map is the largest thing on the page
    if lay.portrait:
        assert lay.panel.y >= lay.map.bottom  # legend under the map
    else:
        assert lay.panel.x >= lay.map.right  # legend beside the map
    assert math.isclose(lay.k, dpi / 72)


def test_text_sizes_are_the_same_in_points_at_any_resolution():
    a = L.compute_layout(1754, 1240, 150, 40, 40)
    b = L.compute_layout(3508, 2480, 300, 40, 40)  # the same A4 page at twice the resolution
    assert math.isclose(a.base_pt, b.base_pt)
    assert math.isclose(b.map.w / a.map.w, 2.0, rel_tol=1e-6)
    assert math.isclose(b.header.h / a.header.h, 2.0, rel_tol=1e-6)


def test_source_lines_and_attribution():
    from placeviz.model.catalog import boundary_attribution, get_layer, load_catalog

    lines = L.source_lines([get_layer("imd2019"), get_layer("imd2019_income"), get_layer("life_expectancy_male")])
    assert len(lines) == 2  # the two IoD 2019 layers share one source line
    assert lines[0].startswith("Source: Ministry of Housing")
    d = load_catalog().datasets["boundaries"]
    att = boundary_attribution()
    assert d.attribution in att and d.publisher in att
    text = L.PageText(title="t", sources=[*lines, lines[0]], attribution=att)
    assert text.footer_lines() == [*lines, att]


def test_today_text():
    from datetime import date

    assert L.today_text(date(2026, 3, 5)) == "5 March 2026"


def test_wrapped_text_is_drawn_within_its_width():
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QColor, QFontMetricsF, QImage, QPainter
    from PyQt6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    img = QImage(800, 400, QImage.Format.Format_RGB32)
    img.setDotsPerMeterX(round(150 / 0.0254))
    img.setDotsPerMeterY(round(150 / 0.0254))
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    f = L.font(9)
    text = "Contains OS data © Crown copyright and database right. " * 6
    one_line = QFontMetricsF(f, img).height()
    bottom = L.draw_wrapped(p, text, f, 20, 10, 300)
    p.end()
    assert bottom - 10 > 4 * one_line  # wrapped onto several lines
    # nothing drawn right of the 300 px column
    for x in range(330, 800, 7):
        for y in range(10, int(bottom)):
            assert img.pixelColor(x, y) == QColor("#ffffff")
    assert QRectF(20, 10, 300, bottom - 10).height() > 0


@pytest.mark.parametrize("width", [800, 1000])
def test_a_portrait_pages_panel_holds_its_legend(qapp, width):
    """An 800 or 1000 x 1200 image of England's IMD deciles drew its ten classes over the sources: the map
    now gives the panel under it the height its legend needs."""
    from PyQt6.QtGui import QImage, QPainter

    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import default_classification
    from placeviz.render.arrow_scene import scene_for
    from placeviz.render.pages import page_text

    spec = MapSpec(place="England", level="lsoa", layer="imd2025",
                   classification=default_classification(get_layer("imd2025")))
    scene = scene_for(spec)
    img = QImage(width, 1200, QImage.Format.Format_RGB32)
    img.setDotsPerMeterX(round(150 / 0.0254))
    img.setDotsPerMeterY(round(150 / 0.0254))
    p = QPainter(img)
    try:
        text = page_text(scene, spec)
        plain = L.layout_for(p, text, width, 1200, 150)
        lay = L.layout_for(p, text, width, 1200, 150, scene)
        need = L._panel_legend(p, scene, text, L._panel_columns(lay)[0], lay, draw=False)
    finally:
        p.end()
    assert lay.portrait and need > plain.panel.h  # the page as it was laid out before
    assert need <= lay.panel.h and lay.panel.bottom <= lay.footer.y and lay.map.h >= 0.4 * (lay.footer.y - lay.map.y)


def test_a_small_page_is_refused_with_the_size_or_resolution_that_fits(tmp_path, capsys, qapp):
    """A 600 x 400 image at 150 dpi (4 x 2.7 inches) put the sources over the map and cut the legend short,
    and --dpi 600 on the default 1600 x 1200 pixels was unreadable: both are refused, saying what fits, and what
    is said fits: its legend stays above the sources, measured on the page as laid out."""
    from placeviz.cli import main
    from placeviz.model.spec import MapSpec
    from placeviz.render.devices import PageSize
    from placeviz.render.pages import map_pages, page_fits

    out = tmp_path / "small.png"
    assert main(["export", "png", "--place", "Liverpool", "--layer", "imd2025", "--width", "600", "--height", "400",
                 "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "600 x 400 pixel page at 150 dpi is 4.0 x 2.7 inches, too small" in err and not out.exists()
    assert "at least 781 x 521 pixels, or a resolution of 105 dpi or less" in err
    (scene, _spec, text), = map_pages([MapSpec(place="Liverpool", layer="imd2025")])
    assert not page_fits(scene, text, PageSize(600, 400, 150, None, "landscape"))
    assert page_fits(scene, text, PageSize(781, 521, 150, None, "landscape"))
    assert page_fits(scene, text, PageSize(600, 400, 105, None, "landscape"))
    assert main(["export", "png", "--place", "Liverpool", "--layer", "imd2025", "--width", "600", "--height", "400",
                 "--dpi", "105", "-o", str(out)]) == 0 and out.exists()
    assert main(["export", "png", "--place", "Liverpool", "--layer", "imd2025", "--dpi", "600", "-o", str(out)]) == 2
    assert "too small for a map with its legend and sources: make it at least" in capsys.readouterr().err


def test_a_long_legend_on_a_small_page_is_set_smaller_to_stay_above_the_sources(qapp):
    """England's slope index of inequality at 800 x 600: a three-line title and the note on a layer published
    for local authorities ran the legend into the sources."""
    from PyQt6.QtGui import QImage, QPainter

    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import default_classification
    from placeviz.render.arrow_scene import scene_for
    from placeviz.render.pages import page_text

    spec = MapSpec(place="England", level="lsoa", layer="sii_la_male",
                   classification=default_classification(get_layer("sii_la_male")))
    scene = scene_for(spec)
    img = QImage(800, 600, QImage.Format.Format_RGB32)
    img.setDotsPerMeterX(round(150 / 0.0254))
    img.setDotsPerMeterY(round(150 / 0.0254))
    p = QPainter(img)
    try:
        text = page_text(scene, spec)
        lay = L.layout_for(p, text, 800, 600, 150, scene)
        box = L._panel_columns(lay)[0]
        full = L._panel_legend(p, scene, text, box, lay, draw=False)
        pt = L.legend_pt(p, scene, text, box, lay)
        fitted = L._panel_legend(p, scene, text, box, lay, draw=False, size_pt=pt)
    finally:
        p.end()
    assert full > box.h and pt < lay.base_pt and fitted <= box.h and box.bottom <= lay.footer.y
