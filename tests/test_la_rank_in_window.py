"""The map window's local-authority rank on IMD layers follows the one rule of model.ranks: the published
File 10 rank where there is one (Cheshire East 216th of 317, IoD 2019), labelled official; a computed rank
says so and among which set. Before, the window ranked among the 309 authorities of 2021 (214th) unlabelled."""

import pytest
from PyQt6.QtCore import QPoint, Qt

from placeviz.model.geography import boundaries, resolve_place
from placeviz.model.mapdata import map_data
from placeviz.model.ranks import imd_place_rank
from placeviz.model.spec import MapSpec

pytest.importorskip("pytestqt")


def _point_in(code, set_name):
    g = boundaries(set_name)
    p = g.loc[g["code"] == code].geometry.iloc[0].representative_point()
    return p.x, p.y


def test_map_tables_rank_local_authorities_as_the_profile_does():
    md = map_data("Cheshire and Merseyside", "la", "imd2019", geometry=False)
    row = md.frame.set_index("code").loc["E06000049"]
    official = imd_place_rank(resolve_place("Cheshire East"), "2019")
    assert (official.rank, official.n, official.basis) == (216, 317, "official")
    assert (row["rank"], row["rank_of"], row["rank_basis"]) == (216, 317, "official")
    assert row["value"] == pytest.approx(official.score)
    # Buckinghamshire (2020) is not a File 10 authority: computed among File 10's 317, and said so
    bucks = map_data("England", "la", "imd2019", geometry=False).frame.set_index("code").loc["E06000060"]
    assert (bucks["rank_of"], bucks["rank_basis"]) == (317, "computed")
    assert bucks["rank"] == imd_place_rank(resolve_place("Buckinghamshire"), "2019").rank


def test_window_identify_and_hover_say_216th_of_317_official(make_window, qtbot):
    w = make_window(MapSpec(place="Cheshire East", level="la", layer="imd2019"))
    c = w.canvas
    pos = c.to_screen(*_point_in("E06000049", w.scene.data.boundary_set))
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(pos.x()), round(pos.y())))
    qtbot.waitUntil(lambda: len(w.identify.areas) == 1, timeout=20_000)
    t = w.identify.table  # the rank sits in the IMD 2019 figure's tooltip, beside its source
    row = next(r for r in range(t.rowCount()) if t.item(r, 0) and t.item(r, 0).text() == "IMD 2019")
    assert "216th of 317 local authorities (official, IoD 2019 File 10)" in t.item(row, 1).toolTip()
    assert "216th of 317 local authorities (official" in c.tooltip_html("E06000049")
