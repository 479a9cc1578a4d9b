"""The side-by-side window as a place lead meets it: opened from Tools (Ctrl+Shift+C), closed with Esc or
Ctrl+W, two places zoomed together but each kept on its own place, and the two layers' bivariate tab read
the right way up, with nothing cut and no colour codes; two IMD editions lead to the change, not a dead end.
Driven with keys and mouse clicks on the real bundled data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PyQt6.QtCore import QPoint, QRect, Qt
from PyQt6.QtGui import QKeySequence
from PyQt6.QtWidgets import QApplication

pytest.importorskip("pytestqt")

from placeviz.model.spec import Classification, ComparisonSpec, MapSpec


def _menu(window, title):
    for a in window.menuBar().actions():
        if a.text().replace("&", "") == title:
            return {b.text().replace("&", ""): b for b in a.menu().actions() if not b.isSeparator()}
    raise AssertionError(f"no {title} menu")


def _extent(scene):
    geo = scene.geometry
    return geo.extent(geo.rows(list(scene.data.frame.code)))


def _activate(qtbot, window):
    """Make ``window`` the active one, as a click on its title bar would: its shortcuts then work."""
    window.raise_()
    window.activateWindow()
    QApplication.setActiveWindow(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def _point(widget_point):
    return QPoint(round(widget_point.x()), round(widget_point.y()))


def test_tools_menu_opens_it_with_ctrl_shift_c_and_esc_or_ctrl_w_close_it(make_window, qtbot):
    w = make_window(MapSpec(place="Liverpool", layer="imd2019"))
    tools, view = _menu(w, "Tools"), _menu(w, "View")
    assert "Compare side by side…" in tools and "Compare side by side…" not in view
    assert tools["Compare side by side…"].shortcut() == QKeySequence("Ctrl+Shift+C")
    shortcuts = [s.toString() for a in w.findChildren(type(tools["Compare side by side…"]))
                 for s in a.shortcuts() if not s.isEmpty()]
    assert shortcuts.count("Ctrl+Shift+C") == 1  # no other action claims it

    for close_key in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                      (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
        _activate(qtbot, w)
        qtbot.keyClick(w.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: len(w.compare_windows) == 1, timeout=5_000)
        comparison = w.compare_windows[0]
        qtbot.waitUntil(comparison.is_loaded, timeout=60_000)
        assert comparison.isVisible() and [s.layer for s in comparison.specs] == ["imd2019", "imd2025"]
        _activate(qtbot, comparison)
        qtbot.keyClick(comparison.panes[0].canvas, *close_key)
        qtbot.waitUntil(lambda: not w.compare_windows, timeout=5_000)
        assert not comparison.isVisible()


def test_linked_views_of_two_places_share_the_zoom_but_each_keeps_its_place(make_compare_window, qtbot):
    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"), MapSpec(place="Wirral", layer="imd2019"))
    assert w.link.isChecked()
    left, right = w.panes[0].canvas, w.panes[1].canvas
    liverpool, wirral = (_extent(s) for s in w.scenes)  # (xmin, ymin, xmax, ymax) of each place's areas

    def inside(canvas, b):
        return b[0] <= canvas.cx <= b[2] and b[1] <= canvas.cy <= b[3]

    assert inside(left, liverpool) and inside(right, wirral)  # not Liverpool's map panned to Wirral
    assert right.scale == pytest.approx(left.scale)
    centre = (right.cx, right.cy)
    qtbot.keyClick(left, Qt.Key.Key_Plus)  # zoom in on the left: the right zooms as much, on Wirral
    qtbot.keyClick(left, Qt.Key.Key_Right)  # pan the left: the right stays where it was
    assert right.scale == pytest.approx(left.scale) and left.scale > 0
    assert (right.cx, right.cy) == pytest.approx(centre) and inside(right, wirral)
    # one place on both sides: the views move together, centre too
    w.panes[1].place.setText("Liverpool")
    qtbot.keyClick(w.panes[1].place, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not w.busy and w.scenes[1].data.place.name == "Liverpool", timeout=60_000)
    qtbot.keyClick(left, Qt.Key.Key_Left)
    assert (right.scale, right.cx, right.cy) == pytest.approx((left.scale, left.cx, left.cy))


def test_a_resize_keeps_each_of_two_linked_places_on_its_own_map(make_compare_window, qtbot):
    """Knowsley on the left and Halton typed on the right: at the next resize (a message in the status bar
    was enough) the left map refitted to Halton's extent, and stayed there."""
    w = make_compare_window(MapSpec(place="Knowsley", layer="imd2019"), MapSpec(place="Knowsley", layer="imd2019"))
    w.panes[1].place.setText("Halton")
    qtbot.keyClick(w.panes[1].place, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not w.busy and w.scenes[1].data.place.name == "Halton", timeout=60_000)
    left, right = w.panes[0].canvas, w.panes[1].canvas
    knowsley, halton = (_extent(s) for s in w.scenes)
    for size in ((1300, 850), (1400, 900)):
        w.resize(*size)
        qtbot.wait(50)
        assert knowsley[0] <= left.cx <= knowsley[2] and knowsley[1] <= left.cy <= knowsley[3]
        assert halton[0] <= right.cx <= halton[2] and halton[1] <= right.cy <= halton[3]


@pytest.mark.parametrize("typed, said", [
    ("L36 9YU", "Map its ward ('Roby (Knowsley ward)') or its local authority ('Knowsley'), or search for 'L36 9YU' "
                "in the main window's place box"),
    ("Anfeld", "Did you mean 'Ashfield'? The place box lists them as you type."),
    ("King's Lynn", "search for \"King's Lynn\" in the main window's place box for the neighbourhoods"),
])
def test_the_compare_windows_place_box_speaks_of_the_apps_controls(make_compare_window, qtbot, monkeypatch, typed,
                                                                    said):
    """Its messages gave the command line's advice: "(--place 'Roby (Knowsley ward)')", "run 'placeviz find
    L36 9YU'", "Run 'placeviz places'" (from a new user's run)."""
    from PyQt6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    w = make_compare_window(MapSpec(place="Knowsley", layer="imd2019"), MapSpec(place="Halton", layer="imd2019"))
    w.panes[1].place.setText(typed)
    qtbot.keyClick(w.panes[1].place, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(w.last_error), timeout=10_000)
    assert said in w.last_error
    assert "--place" not in w.last_error and "'placeviz" not in w.last_error
    # put right, the map loads and the sentence leaves the status bar (it stayed there ten seconds)
    assert w.statusBar().currentMessage() == w.last_error
    w.panes[1].place.setText("Liverpool")
    qtbot.keyClick(w.panes[1].place, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not w.busy and w.scenes[1].data.place.name == "Liverpool", timeout=60_000)
    assert w.statusBar().currentMessage() == ""


def test_bivariate_tab_reads_the_right_way_up_with_a_grid_legend_naming_both(make_compare_window, qtbot):
    from placeviz.gui.compare_charts import scatter_axis_label

    spec = ComparisonSpec(panes=(MapSpec(place="Liverpool", layer="imd2019"),
                                 MapSpec(place="Liverpool", layer="life_expectancy_male",
                                         classification=Classification("quantiles", 5))), mode="bivariate")
    w = make_compare_window(spec)
    qtbot.waitUntil(lambda: w.bivariate is not None, timeout=60_000)
    tab = w.bivariate_tab
    scatter = tab.scatter
    data = scatter.data
    longest, shortest = data.loc[data.y.idxmax()], data.loc[data.y.idxmin()]
    # longer lives higher up, more deprivation further right, as on any chart
    assert scatter.to_screen(longest.x, longest.y).y() < scatter.to_screen(shortest.x, shortest.y).y()
    most, least = data.loc[data.x.idxmax()], data.loc[data.x.idxmin()]
    assert scatter.to_screen(most.x, most.y).x() > scatter.to_screen(least.x, least.y).x()
    # clicking the topmost point picks the area with the longest lives
    qtbot.mouseClick(scatter, Qt.MouseButton.LeftButton, pos=_point(scatter.to_screen(longest.x, longest.y)))
    assert w.selection() == (longest.code,)
    # both axis labels fit whole in the room they have (two lines up the side, under the plot)
    r = scatter._plot_rect()
    fm = scatter.fontMetrics()
    wrap = int(Qt.TextFlag.TextWordWrap)
    up = fm.boundingRect(QRect(0, 0, int(r.height()), 1000), wrap, scatter_axis_label(w.bivariate.layer_y))
    assert up.height() <= scatter.LEFT - 4 and up.width() <= r.height()
    across = fm.boundingRect(QRect(0, 0, int(r.width() - 160), 1000), wrap, scatter_axis_label(w.bivariate.layer_x))
    assert across.height() <= 40
    # the explanation is words: no colour codes
    assert "#" not in tab.text.text() and "grey" in tab.text.text()
    # drawn on the left map: a 3 x 3 legend titled with both layers, not nine cut rows
    qtbot.mouseClick(tab.draw_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panes[0].canvas.scene.classified.scheme == "bivariate", timeout=20_000)
    pane = w.panes[0]
    assert pane.bivariate_legend.isVisible() and not pane.legend.isVisible()
    for label in (pane.bivariate_title.text(), pane.title.text()):
        assert "IMD 2019" in label and "Life expectancy (men)" in label and "<" not in label
    assert "#" not in pane.bivariate_text.text()
    grid = pane.bivariate_legend.grab().toImage()
    assert grid.width() >= 230 and grid.height() >= 230
    qtbot.mouseClick(tab.draw_btn, Qt.MouseButton.LeftButton)  # off again: the layer's own legend
    assert pane.legend.isVisible() and not pane.bivariate_legend.isVisible()
    assert pane.title.text().startswith("Index of Multiple Deprivation 2019, Liverpool")


def test_two_imd_editions_say_the_boundary_years_are_the_cause_and_lead_to_the_change(make_compare_window,
                                                                                    qtbot):
    spec = ComparisonSpec(panes=(MapSpec(place="Liverpool", layer="imd2019"),
                                 MapSpec(place="Liverpool", layer="imd2025")), mode="bivariate")
    w = make_compare_window(spec)
    tab = w.bivariate_tab
    qtbot.waitUntil(lambda: tab.change_btn.isVisible(), timeout=30_000)
    text = tab.text.text()
    assert "LSOA 2011" in text and "LSOA 2021" in text and "boundary years" in text
    assert "Fewer than three" not in text and not tab.draw_btn.isVisible()
    qtbot.mouseClick(tab.change_btn, Qt.MouseButton.LeftButton)
    assert w.tabs.currentWidget() is w.change_tab
    assert w.change_tab.table.rowCount() == 1 and w.change_tab.map_btn.isEnabled()
