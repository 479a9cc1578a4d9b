"""The split view, driven as a user would, headless, on the real bundled data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PyQt6.QtCore import Qt

pytest.importorskip("pytestqt")

from placeviz.model.mapdata import read_table
from placeviz.model.spec import Classification, MapSpec


def _wait_loaded(qtbot, win, layer_id):
    qtbot.waitUntil(lambda: not win.busy and win.scenes[1] is not None
                    and win.scenes[1].data.layer.id == layer_id and win.pair is not None
                    and win.pair.classified[1] is win.scenes[1].classified, timeout=60_000)


def test_imd_editions_side_by_side_on_one_national_scale_with_linked_views(make_compare_window, qtbot):
    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"))
    assert [s.layer for s in w.specs] == ["imd2019", "imd2025"]  # the next edition is offered
    assert w.pair.shared and "national deciles" in w.pair.note
    legends = [p.legend.entries() for p in w.panes]
    t19 = read_table("imd2019_lsoa11.parquet")
    liv = w.scenes[0].data.frame.code
    assert legends[0][0].count == int((t19.imd_decile.reindex(liv) == 1).sum())
    assert sum(e.count for e in legends[1]) == len(w.scenes[1].data.frame) == 302
    # linked: moving the left map moves the right one; unlinked, it stays
    left, right = w.panes[0].canvas, w.panes[1].canvas
    left.pan_by(120, -40)
    left.zoom_by(1.5)
    assert (right.scale, right.cx, right.cy) == pytest.approx((left.scale, left.cx, left.cy))
    w.link.setChecked(False)
    before = (right.cx, right.cy)
    left.pan_by(200, 0)
    assert (right.cx, right.cy) == before and left.cx != right.cx
    # the comparison table: one row per place and layer, with the figures of compare_areas
    assert w.places_tab.table.rowCount() == 2
    assert w.places_tab.table.item(0, 2).text() == "42.4" and w.places_tab.table.item(0, 3).text() == "3 of 317 (official)"


def test_shared_scale_uses_pooled_breaks_and_can_be_turned_off(make_compare_window, qtbot):
    from placeviz.model.classify import pooled_bins

    cls = Classification("quantiles", 5, palette="YlOrRd", classes_from="place")  # each place's own breaks
    w = make_compare_window(MapSpec(place="Liverpool", level="msoa", layer="life_expectancy_male", classification=cls),
              right=MapSpec(place="Wirral", level="msoa", layer="life_expectancy_male", classification=cls))
    mds = [s.data for s in w.scenes]
    expected = pooled_bins([m.values for m in mds], cls)
    assert w.pair.shared and np.allclose(w.pair.bins, expected)
    for s in w.scenes:
        assert np.allclose(s.classified.bins, expected)
    assert "Shared scale" in w.panes[1].legend.note
    w.shared.setChecked(False)
    qtbot.waitUntil(lambda: not w.pair.shared, timeout=10_000)
    own = [np.asarray(s.classified.bins) for s in w.scenes]
    assert not np.allclose(own[0], own[1])
    assert "own breaks" in w.panes[0].legend.note


def test_ranking_table_and_bivariate_are_linked_to_the_map(make_compare_window, qtbot, tmp_path):
    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"))
    m = w.ranking_tab.ranking_model
    assert m.rowCount() == 298
    t19 = read_table("imd2019_lsoa11.parquet")
    worst = t19.imd_score.reindex(w.scenes[0].data.frame.code).idxmax()
    assert m.code_at(0) == worst and m.data(m.index(0, 0)) == "1"
    # a row selects its area on the map (and adds it to the comparison); an area clicked on the map
    # selects its row
    w.select_rank_rows([5])
    code = m.code_at(5)
    assert w.panes[0].canvas.scene.selection == (code,)
    qtbot.waitUntil(lambda: code in set(w.comparison.area_code), timeout=30_000)
    w.panes[0].canvas.clicked.emit(worst, False)
    assert [m.code_at(r) for r in w.selected_rows()] == [worst]
    # shift+click adds an area; both are then compared, and the comparison exports as CSV
    w.panes[0].canvas.clicked.emit(code, True)
    assert set(w.selection()) == {worst, code}
    qtbot.waitUntil(lambda: {worst, code} <= set(w.comparison.area_code), timeout=30_000)
    out = w.export_csv(str(tmp_path / "areas.csv"))
    import pandas as pd

    df = pd.read_csv(out)
    assert {worst, code, "E08000012"} <= set(df.area_code)
    r = df[(df.area_code == worst) & (df.layer == "imd2019")].iloc[0]
    assert r.value == pytest.approx(t19.imd_score[worst]) and r["rank"] == t19.imd_rank[worst]
    # sorting by the value column, largest first, puts the worst area on top too
    m.sort([k for k, _ in m.cols].index("value"), Qt.SortOrder.DescendingOrder)
    assert m.code_at(0) == worst
    m.sort(2, Qt.SortOrder.AscendingOrder)
    names = list(m.df.name)
    assert names == sorted(names)
    # the neighbourhood (MSOA) names have a column of their own, next to the ONS names
    assert m.cols[3] == ("neighbourhood", "Neighbourhood") and set(m.df.neighbourhood) >= {"Anfield West"}
    # two layers: the bivariate view, drawn on the left map, brushing the scatter selects areas
    w.set_spec(1, w.specs[1].with_(layer="life_expectancy_male"))
    qtbot.waitUntil(lambda: w.bivariate is not None and w.bivariate.layer_y.id == "life_expectancy_male",
                    timeout=60_000)
    assert w.bivariate.boundary_set == "msoa11" and w.bivariate_tab.draw_btn.isEnabled()
    w.bivariate_tab.draw_btn.setChecked(True)
    scene = w.panes[0].canvas.scene
    assert scene.classified.scheme == "bivariate" and len(scene.data.frame) == 61
    assert sum(e.count for e in scene.classified.legend) == 61
    picked = w.bivariate.codes_in_box(50, 100, 0, 76)
    w.bivariate_tab.scatter.brushed.emit(picked)
    assert set(w.panes[0].canvas.scene.selection) == set(picked) and len(picked) > 0
    # and back: an LSOA clicked on the (LSOA) left map lights the point of the MSOA that holds it
    w.bivariate_tab.draw_btn.setChecked(False)
    assert w.panes[0].canvas.scene.data.boundary_set == "lsoa11"
    lsoa = w.scenes[0].data.frame.code.iloc[0]
    from placeviz.model.geography import attributes

    msoa = attributes("lsoa11").set_index("code").msoa_code[lsoa]
    w.panes[0].canvas.clicked.emit(lsoa, False)
    assert w.bivariate_tab.scatter.selected == {msoa}
    # brushing an MSOA point outlines all its LSOAs on the LSOA map
    w.bivariate_tab.scatter.brushed.emit([msoa])
    lsoas = set(attributes("lsoa11").query("msoa_code == @msoa").code)
    assert set(w.panes[0].canvas.scene.selection) == lsoas and len(lsoas) > 1
    out = w.export_html(str(tmp_path / "pair.html"))
    assert out and "Liverpool" in (tmp_path / "pair.html").read_text(encoding="utf-8")


def test_opens_from_the_main_window_on_its_current_map(make_window, qtbot):
    main = make_window(MapSpec(place="Knowsley", layer="imd2019"))
    w = main.compare()  # Tools > Compare side by side
    qtbot.waitUntil(w.is_loaded, timeout=60_000)
    assert [s.data.place.name for s in w.scenes] == ["Knowsley", "Knowsley"]
    assert [s.data.layer.id for s in w.scenes] == ["imd2019", "imd2025"]
    assert main.compare_windows == [w]
    w.close()
    assert main.compare_windows == []


def test_two_layers_of_one_place_share_pooled_breaks_and_zoom_together(make_compare_window):
    from placeviz.model.classify import pooled_bins

    cls = Classification("quantiles", 5, palette="YlOrRd")
    w = make_compare_window(MapSpec(place="Liverpool", layer="life_expectancy_male", classification=cls),
                            MapSpec(place="Liverpool", layer="life_expectancy_female", classification=cls))
    left, right = (p.canvas.scene for p in w.panes)
    assert right.data.layer.id == "life_expectancy_female"
    bins = pooled_bins([left.data.values, right.data.values], cls)
    np.testing.assert_allclose(left.classified.bins, bins)
    np.testing.assert_allclose(right.classified.bins, bins)
    w.panes[0].canvas.zoom_by(2.0)
    a, b = w.panes[0].canvas, w.panes[1].canvas
    assert (b.scale, b.cx, b.cy) == pytest.approx((a.scale, a.cx, a.cy))


def test_imd_change_tab_summarises_and_maps_the_change(make_compare_window, qtbot):
    from placeviz.analysis.change import imd_change_2019_2025

    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"))
    qtbot.waitUntil(lambda: w.change is not None, timeout=60_000)
    expected = imd_change_2019_2025("Liverpool").summary.iloc[0]
    t = w.change_tab.table
    headers = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert t.rowCount() == 1 and t.item(0, 0).text() == "Liverpool"
    assert int(t.item(0, headers.index("Left")).text()) == expected.left_d1
    assert int(t.item(0, headers.index("Entered")).text()) == expected.entered_d1
    assert int(t.item(0, headers.index("Split (S)")).text()) == expected.split
    # the earlier edition counted on the areas compared, which its own map does not use: said in the heading
    assert "Most deprived 10% (2019, on 2021 areas)" in headers and "Areas (2021)" in headers
    w.map_change()
    _wait_loaded(qtbot, w, "imd_decile_change_2019_2025")
    scene = w.scenes[1]
    change = w.change.frame.set_index("code")["decile_change"]
    assert np.allclose(scene.data.frame.set_index("code")["value"].reindex(change.index), change)
    assert sum(e.count for e in w.panes[1].legend.entries()) == 302
    assert w.change is not None and w.change_tab.table.rowCount() == 1  # the summary stays
    # the comparison as a spec: reopened from it, the change (no longer readable off the two maps) comes back
    spec = w.comparison_spec()
    assert spec.change == ("2019-2025", "imd") and spec.right.layer == "imd_decile_change_2019_2025"
    w.tabs.setCurrentIndex(3)
    spec = w.comparison_spec()
    assert spec.mode == "change"
    again = make_compare_window(spec)
    qtbot.waitUntil(lambda: again.change is not None, timeout=60_000)
    assert again.change_tab.table.rowCount() == 1 and again.tabs.currentIndex() == 3
    assert again.scenes[1].data.layer.id == "imd_decile_change_2019_2025"
    _assert_same_comparison(again.comparison_spec(), spec)


def _assert_same_comparison(got, wanted):
    """The same ComparisonSpec, each map's extent to within a metre (a view is restored by fitting it)."""
    assert [p.with_(extent=None) for p in got.panes] == [p.with_(extent=None) for p in wanted.panes]
    for g, x in zip(got.panes, wanted.panes, strict=True):
        assert g.extent == pytest.approx(x.extent, abs=1.0)
    assert got.with_(panes=wanted.panes) == wanted


def test_a_comparison_survives_saving_the_workspace(make_window, qtbot, tmp_path):
    main = make_window(MapSpec(place="Liverpool", layer="imd2019"))
    w = main.compare()
    qtbot.waitUntil(w.is_loaded, timeout=60_000)
    # the user changes it: the right map to Wirral, the scale unshared, views unlinked, an area selected, the
    # left map zoomed in, the ranking shown
    w.panes[1].place.setText("Wirral")
    w.panes[1].place.returnPressed.emit()
    qtbot.waitUntil(lambda: w.scenes[1] is not None and w.scenes[1].data.place.name == "Wirral" and not w.busy,
                    timeout=60_000)
    w.shared.setChecked(False)
    w.link.setChecked(False)
    code = w.scenes[0].data.frame.code.iloc[10]
    w.panes[0].canvas.clicked.emit(code, False)
    w.panes[0].canvas.zoom_by(2.0)
    w.tabs.setCurrentIndex(1)
    wanted = w.comparison_spec()
    assert (wanted.right.place, wanted.shared_scale, wanted.linked, wanted.mode, wanted.selection) == (
        "Wirral", False, False, "ranking", (code,))
    path = tmp_path / "with a comparison.placeviz"
    main.save_workspace(str(path))
    assert main.last_error is None, main.last_error

    other = make_window()  # a new window (as after restarting placeviz) opens the workspace
    other.open_workspace(str(path))
    qtbot.waitUntil(lambda: len(other.compare_windows) == 1 and other.compare_windows[0].is_loaded(),
                    timeout=60_000)
    back = other.compare_windows[0]
    _assert_same_comparison(back.comparison_spec(), wanted)
    assert [(s.data.place.name, s.data.layer.id) for s in back.scenes] == [("Liverpool", "imd2019"),
                                                                             ("Wirral", "imd2025")]
    assert not back.shared.isChecked() and not back.link.isChecked() and back.tabs.currentIndex() == 1
    assert back.panes[0].canvas.scene.selection == (code,)
    assert [back.ranking_tab.ranking_model.code_at(r) for r in back.selected_rows()] == [code]
    # reopening the workspace in the first window replaces its comparison rather than adding one
    main.open_workspace(str(path))
    qtbot.waitUntil(lambda: len(main.compare_windows) == 1 and main.compare_windows[0] is not w, timeout=10_000)


def test_opens_from_a_spec_on_its_tab_with_the_bivariate_map_drawn(make_compare_window, qtbot):
    from placeviz.model.spec import ComparisonSpec

    spec = ComparisonSpec(panes=(MapSpec(place="Liverpool", layer="imd2019"),
                                 MapSpec(place="Liverpool", layer="life_expectancy_male",
                                         classification=Classification("quantiles", 5))),
                          mode="bivariate", bivariate_on_map=True, linked=False)
    w = make_compare_window(spec)
    qtbot.waitUntil(lambda: w.bivariate is not None
                    and w.panes[0].canvas.scene.classified.scheme == "bivariate", timeout=60_000)
    assert w.tabs.currentIndex() == 2 and w.bivariate_tab.draw_btn.isChecked() and not w.link.isChecked()
    assert sum(e.count for e in w.panes[0].canvas.scene.classified.legend) == 61  # Liverpool's MSOAs
    got = w.comparison_spec()
    assert got.with_(panes=spec.panes) == spec
    assert [p.with_(extent=None) for p in got.panes] == list(spec.panes)
