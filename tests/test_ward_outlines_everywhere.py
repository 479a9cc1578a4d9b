"""Ward outlines are part of the map (issue 11): switched on in the desktop app or with --wards, they are saved
with it and drawn in every export, the HTML page included, where the reader can switch them off."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from browser import Browser, missing_reason
from PIL import Image

from placeviz.cli import main
from placeviz.export.html import page_data
from placeviz.export.prepared import prepare
from placeviz.model.geography import boundaries
from placeviz.model.spec import WARD_OUTLINES_NOTE, MapSpec, SpecError
from placeviz.render.arrow_scene import scene_for
from placeviz.render.pages import page_text
from tests.test_export_html import _unzz, _varints, decode_arcs

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
    plain = page_data([[prepare(MapSpec(place="Liverpool", layer="imd2025"))]])
    assert "wardArcs" not in next(iter(plain["geoms"].values())) and "wards" not in plain["boundaries"]


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
