"""Ward outlines are part of the map (issue 11): switched on in the desktop app or with --wards, they are saved
with it and drawn in every export, the HTML page included, where the reader can switch them off."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from browser import Browser, missing_reason
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image

from placeviz.cli import main
from placeviz.export.html import page_data
from placeviz.export.prepared import prepare
from placeviz.model.geography import boundaries
from placeviz.model.spec import WARD_OUTLINES_NOTE, MapSpec, SpecError
from placeviz.render.arrow_scene import scene_for
from placeviz.render.pages import page_text
from placeviz.render.scene import with_ward_outlines
from tests.test_export_html import _unzz, _varints, decode_arcs, page_json

LIVERPOOL = "E08000012"


def test_a_map_keeps_its_ward_outlines_when_saved_and_read_back():
    spec = MapSpec(place="Liverpool", layer="imd2025", wards=True)
    assert MapSpec.from_dict(spec.to_dict()) == spec and MapSpec.from_dict(MapSpec().to_dict()).wards is False
    with pytest.raises(SpecError, match="'wards' must be true or false"):
        MapSpec.from_dict({**spec.to_dict(), "wards": "yes"})


def test_a_png_with_wards_draws_them_and_says_what_the_dashes_are(qapp, tmp_path):
    spec = MapSpec(place="Liverpool", layer="imd2025", wards=True)
    scene = scene_for(spec)
    assert len(scene.wards.rows) == 63  # Liverpool's wards with an area
    assert WARD_OUTLINES_NOTE in page_text(scene, spec).notes
    assert WARD_OUTLINES_NOTE not in page_text(scene_for(spec.with_(wards=False)), spec).notes
    paths = {}
    for flag in ([], ["--wards"]):
        out = tmp_path / f"map{len(flag)}.png"
        assert main(["export", "png", "--place", "Liverpool", "--layer", "imd2025", *flag, "-o", str(out)]) == 0
        paths[bool(flag)] = np.asarray(Image.open(out).convert("RGB"), dtype=np.int16)
    changed = np.abs(paths[True] - paths[False]).sum(axis=2) > 60
    assert changed.sum() > 3_000  # the dashes along some 150 km of ward boundaries


def test_a_ward_level_map_draws_no_dashes_over_its_own_wards(qapp):
    """Over the ward level the areas are the wards: no dashed repeat of them, and no legend note about dashes
    (the page already drew none; the PNG, PDF and desktop did)."""
    spec = MapSpec(place="Liverpool", layer="imd2025", level="ward", wards=True)
    scene = scene_for(spec)
    assert scene.wards is None
    assert WARD_OUTLINES_NOTE not in page_text(scene, spec).notes
    assert with_ward_outlines(scene, True).wards is None  # View > Ward outlines at the ward level
    assert len(with_ward_outlines(scene_for(spec.with_(level="lsoa")), True).wards.rows) == 63


def _arc_lengths(g: dict, ids) -> float:
    arcs = decode_arcs(g)
    return float(sum(shapely.LineString(arcs[i]).length for i in ids))


def test_the_pages_ward_lines_are_the_boundaries_between_wards_inside_the_council():
    data = page_data([[prepare(MapSpec(place="Liverpool", layer="imd2025", wards=True))]])
    (g,) = data["geoms"].values()
    ids = np.cumsum([_unzz(z) for z in _varints(g["wardArcs"])])
    wards = boundaries("ward24")
    wards = wards[wards["lad24_code"] == LIVERPOOL]
    council = boundaries("lad24").set_index("code").at[LIVERPOOL, "geometry"]
    inner = (float(wards.geometry.length.sum()) - council.length) / 2  # every inner edge counted twice
    assert _arc_lengths(g, ids) == pytest.approx(inner, rel=0.02)
    assert data["boundaries"]["wards"] == WARD_OUTLINES_NOTE
    assert "wardLines" not in g  # the LSOAs' own topology: no second copy of the lines
    plain = page_data([[prepare(MapSpec(place="Liverpool", layer="imd2025"))]])
    assert "wardArcs" not in next(iter(plain["geoms"].values())) and "wards" not in plain["boundaries"]


def _liverpool_inner_ward_length() -> float:
    wards = boundaries("ward24")
    wards = wards[wards["lad24_code"] == LIVERPOOL]
    council = boundaries("lad24").set_index("code").at[LIVERPOOL, "geometry"]
    return (float(wards.geometry.length.sum()) - council.length) / 2  # every inner edge counted twice


@pytest.mark.parametrize("level, layer", [("msoa", "imd2025"), ("la", "imd2025"), ("la", "life_expectancy_la"),
                                          ("lsoa", "imd2019")])  # 2011 LSOAs are not what wards are made of
def test_a_page_not_on_2021_lsoas_draws_the_ward_lines_the_png_draws(tmp_path, level, layer):
    out = tmp_path / "wards.html"
    assert main(["export", "html", "--place", "Liverpool", "--layer", layer, "--level", level, "--wards",
                 "-o", str(out)]) == 0
    data = page_json(out.read_text(encoding="utf-8"))
    (g,) = data["geoms"].values()
    assert "wardArcs" not in g  # these areas are not made of wards: the wards' own lines instead
    lines = decode_arcs(g["wardLines"])
    assert len(lines) > 100
    length = sum(shapely.LineString(a).length for a in lines)
    assert length == pytest.approx(_liverpool_inner_ward_length(), rel=0.02)  # 189 km inside Liverpool
    council = boundaries("lad24").set_index("code").at[LIVERPOOL, "geometry"]
    assert council.buffer(10).contains(shapely.MultiLineString(lines))  # none outside the place
    assert data["boundaries"]["wards"] == WARD_OUTLINES_NOTE


def test_a_ward_places_page_outlines_the_ward_where_the_areas_reach_beyond_it():
    """On its own LSOAs a ward has no ward lines inside it, and the page says nothing of them; its MSOAs reach
    beyond it, so that page outlines the ward itself, as the PNG does; a ward-level page's areas are the wards."""
    spec = MapSpec(place="Anfield (Liverpool ward)", layer="imd2025", wards=True)
    data = page_data([[prepare(spec)]])
    (g,) = data["geoms"].values()
    assert "wardArcs" not in g and "wardLines" not in g and "wards" not in data["boundaries"]
    data = page_data([[prepare(spec.with_(level="msoa"))]])
    (g,) = data["geoms"].values()
    outline = boundaries("ward24").set_index("code").at["E05015279", "geometry"].boundary
    assert sum(shapely.LineString(a).length for a in decode_arcs(g["wardLines"])) == pytest.approx(
        outline.length, rel=0.02)
    assert data["boundaries"]["wards"] == WARD_OUTLINES_NOTE
    data = page_data([[prepare(MapSpec(place="Liverpool", layer="imd2025", level="ward", wards=True))]])
    (g,) = data["geoms"].values()
    assert "wardArcs" not in g and "wardLines" not in g and "wards" not in data["boundaries"]


def _contrast(rgb, colour) -> np.ndarray:
    """WCAG contrast ratio of each pixel with a colour (1 = none, 21 = black on white)."""
    def luminance(c):
        c = np.asarray(c, dtype=float) / 255
        return np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4) @ [0.2126, 0.7152, 0.0722]

    a, b = luminance(rgb), luminance(colour)
    return (np.maximum(a, b) + 0.05) / (np.minimum(a, b) + 0.05)


def _lines_standing_out_on(colour: str, off: np.ndarray, on: np.ndarray) -> int:
    """How many pixels of the lines switched on, inside areas of ``colour``, differ from it by a contrast
    ratio of 3 or more (WCAG's for graphics)."""
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    filled = np.abs(off - rgb).sum(axis=2) <= 6
    share = np.zeros(filled.shape)
    share[3:-3, 3:-3] = sliding_window_view(filled, (7, 7)).mean(axis=(2, 3))
    line = (np.abs(on - off).sum(axis=2) > 60) & (share >= 0.6)  # drawn, with mostly that fill around
    return int((_contrast(on[line], rgb) >= 3).sum())


def _pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)


def test_the_pngs_ward_lines_stand_out_on_the_most_deprived_red(qapp, tmp_path):
    spec = MapSpec(place="Liverpool", layer="imd2025")
    red = scene_for(spec).classified.legend[0].colour  # decile 1, the darkest fill
    paths = {}
    for flag in ([], ["--wards"]):
        paths[bool(flag)] = tmp_path / f"map{len(flag)}.png"
        assert main(["export", "png", "--place", "Liverpool", "--layer", "imd2025", *flag,
                     "-o", str(paths[bool(flag)])]) == 0
    # dark dashes alone: none; on a light halo, some 1,100 pixels (of 3,100 drawn over that red)
    assert _lines_standing_out_on(red, _pixels(paths[False]), _pixels(paths[True])) > 500


@pytest.mark.browser
@pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")
def test_the_reader_can_switch_the_pages_ward_outlines_off_and_on(tmp_path):
    out = tmp_path / "wards.html"
    assert main(["export", "html", "--place", "Liverpool", "--layer", "imd2025", "--wards", "-o", str(out)]) == 0
    with Browser() as b:
        b.open(out)
        assert b.eval("document.querySelector('label.pv-wards').textContent") == " Ward outlines (May 2024, dashed)"
        assert b.eval("document.getElementById('pv-wards').checked") is True
        on = b.screenshot(tmp_path / "on.png")
        b.eval("document.getElementById('pv-wards').click()")
        b.wait("!document.getElementById('pv-wards').checked")
        off = b.screenshot(tmp_path / "off.png")
        b.eval("document.getElementById('pv-wards').click()")
        again = b.screenshot(tmp_path / "again.png")
        assert b.eval("window.placeviz.errors.length") == 0

    def pixels(p):
        return np.asarray(Image.open(p).convert("RGB"), dtype=np.int16)

    assert (np.abs(pixels(on) - pixels(off)).sum(axis=2) > 60).sum() > 2_000
    assert (np.abs(pixels(on) - pixels(again)).sum(axis=2) > 60).sum() < 50


def test_a_notebook_map_can_ask_for_ward_outlines(qapp, tmp_path):
    from placeviz.api import Map

    m = Map("Liverpool", "imd2025", wards=True)
    assert m.spec.wards and scene_for(m.spec).wards is not None
    svg = m.to_svg(tmp_path / "m.svg").read_text(encoding="utf-8")
    assert WARD_OUTLINES_NOTE.split(",")[0] in svg  # "Dashed lines: wards (May 2024)" under the legend


@pytest.mark.browser
@pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")
def test_an_msoa_page_shows_its_ward_lines_on_the_red_and_a_ward_place_offers_none(tmp_path):
    msoa, ward = tmp_path / "msoa.html", tmp_path / "anfield.html"
    assert main(["export", "html", "--place", "Liverpool", "--layer", "imd2025", "--level", "msoa", "--wards",
                 "-o", str(msoa)]) == 0
    assert main(["export", "html", "--place", "Anfield (Liverpool ward)", "--layer", "imd2025", "--wards",
                 "-o", str(ward)]) == 0
    red = page_json(msoa.read_text(encoding="utf-8"))["panes"][0]["layers"][0]["legend"][0]["colour"]
    with Browser() as b:
        b.open(msoa)
        assert b.eval("document.getElementById('pv-wards').checked") is True
        assert "Dashed lines: wards" in b.eval("document.getElementById('pv-side').textContent")
        on = _pixels(b.screenshot(tmp_path / "on.png"))
        b.eval("document.getElementById('pv-wards').click()")
        b.wait("!document.getElementById('pv-wards').checked")
        off = _pixels(b.screenshot(tmp_path / "off.png"))
        assert b.eval("window.placeviz.errors.length") == 0
        b.open(ward)
        assert b.eval("document.getElementById('pv-wards') === null")
        assert "Dashed lines" not in b.eval("document.getElementById('pv-side').textContent")
        assert b.eval("window.placeviz.errors.length") == 0
    assert (np.abs(on - off).sum(axis=2) > 60).sum() > 2_000  # the ward lines drawn, and taken away
    assert _lines_standing_out_on(red, off, on) > 500  # a light halo under the dashes on decile 1's red


def test_ward_outlines_asked_of_a_table_get_a_sentence(tmp_path, capsys):
    for argv in (["export", "csv", "--place", "Liverpool", "--layer", "imd2025", "--wards"],
                 ["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "imd2025", "--wards"]):
        out = tmp_path / "t.csv"
        assert main([*argv, "-o", str(out)]) != 0
        assert "--wards draws ward outlines on a map (html, png, svg or pdf)" in capsys.readouterr().err
        assert not out.exists()
