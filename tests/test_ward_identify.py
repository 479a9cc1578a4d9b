"""Clicking a ward on the ward-level map identifies the ward's own figures (Anfield: IMD 2025 56.8, 77th of
6,784 wards, as the map, ``find`` and the profile give it), not those of the local authority it lies in."""

import pytest
from PyQt6.QtCore import QPoint, Qt

from placeviz.model.geography import boundaries, resolve_place
from placeviz.model.ranks import imd_place_rank
from placeviz.model.spec import MapSpec

pytest.importorskip("pytestqt")

ANFIELD = "E05015279"


def test_clicking_a_ward_identifies_its_own_figures(make_window, qtbot):
    w = make_window(MapSpec(place="Liverpool", level="ward", layer="imd2025"))
    assert w.scene.data.boundary_set == "ward24"
    g = boundaries("ward24")
    p = g.loc[g["code"] == ANFIELD].geometry.iloc[0].representative_point()
    pos = w.canvas.to_screen(p.x, p.y)
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(pos.x()), round(pos.y())))
    qtbot.waitUntil(lambda: len(w.identify.areas) == 1 and not w.identify_pending, timeout=20_000)
    assert w.identify.areas[0]["code"] == ANFIELD
    t = w.identify.table
    row = next(r for r in range(t.rowCount()) if t.item(r, 0) and t.item(r, 0).text() == "IMD 2025")
    r = imd_place_rank(resolve_place("Anfield (Liverpool ward)"), "2025")
    assert t.item(row, 1).text() == f"{r.score:.1f}" == "56.8"  # Liverpool's own average would read 36.9
    assert f"rank {r.rank} of 6,784" in t.item(row, 1).toolTip()
    # IMD 2019 is on 2011 LSOAs, which the ward level is not made from: no Liverpool figure passed off as Anfield's
    assert not any(t.item(r_, 0) and t.item(r_, 0).text() == "IMD 2019" for r_ in range(t.rowCount()))
