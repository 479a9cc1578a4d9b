"""The main window on a 1024 x 768 screen: the panels fold into one column and the map stays usable."""

from PyQt6.QtCore import QSize, Qt


def _inside(inner, outer) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _settle(qtbot, w, size) -> None:
    qtbot.waitUntil(lambda: w.size() == QSize(*size) and w.canvas.picture_is_current(), timeout=20_000)


def test_at_1024_by_768_the_map_is_wide_and_shows_the_whole_place(make_window, qtbot, tmp_path):
    w = make_window(size=(1024, 768))
    _settle(qtbot, w, (1024, 768))
    assert w.canvas.width() >= 550
    assert _inside(w.scene.extent(), w.canvas.extent())
    # the legend is on screen beside the map, the other panels one tab away
    assert not w.legend.visibleRegion().isEmpty()
    assert w.legend.entries()[0].label.startswith("1 (most deprived 10%)")
    assert set(w.tabifiedDockWidgets(w.layers_dock)) == {w.identify_dock, w.profile_dock, w.table_dock}
    assert w.tabifiedDockWidgets(w.legend_dock) == [w.class_dock]
    w.snapshot(str(tmp_path / "small.png"))
    assert (tmp_path / "small.png").stat().st_size > 50_000


def test_shrinking_the_window_refits_the_map_and_growing_it_brings_back_two_columns(make_window, qtbot):
    w = make_window(size=(1440, 900))
    assert w.dockWidgetArea(w.layers_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    w.resize(1024, 768)
    _settle(qtbot, w, (1024, 768))
    assert w.canvas.width() >= 550
    assert _inside(w.scene.extent(), w.canvas.extent())  # not clipped until Home is pressed
    assert w.dockWidgetArea(w.layers_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    w.resize(1440, 900)
    _settle(qtbot, w, (1440, 900))
    assert w.dockWidgetArea(w.layers_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert w.dockWidgetArea(w.legend_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert _inside(w.scene.extent(), w.canvas.extent())


def test_a_view_the_user_moved_keeps_its_centre_and_scale_when_the_window_resizes(make_window, qtbot):
    w = make_window(size=(1440, 900))
    w.canvas.setFocus()
    qtbot.keyClick(w.canvas, Qt.Key.Key_Plus)  # the user zooms in
    qtbot.keyClick(w.canvas, Qt.Key.Key_Left)
    scale, centre = w.canvas.scale, (w.canvas.cx, w.canvas.cy)
    w.resize(1024, 768)
    _settle(qtbot, w, (1024, 768))
    assert (w.canvas.scale, (w.canvas.cx, w.canvas.cy)) == (scale, centre)
    qtbot.keyClick(w.canvas, Qt.Key.Key_Home)  # Home fits the place again, and resizes keep it fitted
    w.resize(1200, 800)
    _settle(qtbot, w, (1200, 800))
    assert _inside(w.scene.extent(), w.canvas.extent())
