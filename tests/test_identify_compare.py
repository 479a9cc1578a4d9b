"""Identify, comparing areas: shift-click a second area and read a compact table (indicator | 1 | 2 |
difference) headed by the areas, sources in tooltips, the two areas numbered and drawn distinctly on the map,
the table widened in a window of its own; an MSOA shows its LSOAs' figures summarised, never "no data".
Driven with mouse clicks on the real bundled data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtGui import QColor

pytest.importorskip("pytestqt")

from placeviz.model.catalog import get_layer
from placeviz.model.geography import attributes, boundaries
from placeviz.model.mapdata import read_table
from placeviz.model.spec import Classification, MapSpec

PUBLISHER = "Ministry of Housing, Communities and Local Government"


def _click(qtbot, canvas, code, set_name, shift=False):
    g = boundaries(set_name)
    p = g.loc[g["code"] == code].geometry.iloc[0].representative_point()
    pos = canvas.to_screen(p.x, p.y)
    mod = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, mod, QPoint(round(pos.x()), round(pos.y())))


def _cells(table, row):
    return [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]


def _row_of(table, label):
    for r in range(table.rowCount()):
        if table.item(r, 0) is not None and table.item(r, 0).text() == label:
            return r
    raise AssertionError(f"no row {label!r}")


def _pixels_near(image, colour: str, tolerance: int = 12) -> int:
    """How many pixels of ``image`` are within ``tolerance`` of ``colour`` on every channel."""
    want = QColor(colour)
    ptr = image.convertToFormat(image.Format.Format_RGB32)
    arr = np.frombuffer(ptr.constBits().asstring(ptr.sizeInBytes()), dtype=np.uint8).reshape(
        ptr.height(), ptr.bytesPerLine() // 4, 4)[:, :ptr.width()]
    b, g, r = arr[..., 0].astype(int), arr[..., 1].astype(int), arr[..., 2].astype(int)
    return int(((abs(r - want.red()) <= tolerance) & (abs(g - want.green()) <= tolerance)
                & (abs(b - want.blue()) <= tolerance)).sum())


def test_two_areas_compare_in_a_compact_numbered_table(make_window, qtbot):
    from placeviz.render.selection_marks import numbered_style

    w = make_window(MapSpec(place="Liverpool", layer="imd2019"))
    c = w.canvas
    first, second = "E01006799", "E01006739"
    c.zoom_to_extent((336_000, 380_000, 350_000, 395_000))
    second_colour = numbered_style(1)[0]
    blue_before = _pixels_near(c.grab().toImage(), second_colour)
    _click(qtbot, c, first, "lsoa11")
    _click(qtbot, c, second, "lsoa11", shift=True)
    qtbot.waitUntil(lambda: len(w.identify.areas) == 2, timeout=20_000)
    t = w.identify.table
    names = {a["code"]: a["name"] for a in w.identify.areas}
    headers = [t.horizontalHeaderItem(i).text() for i in range(t.columnCount())]
    assert headers[0] == "Indicator" and headers[3] == "Difference" and len(headers) == 4
    assert headers[1].startswith(names[first]) and headers[2].startswith(names[second])
    assert not t.horizontalHeaderItem(1).icon().isNull() and not t.horizontalHeaderItem(2).icon().isNull()
    heading = w.identify.heading.text()
    assert f"1 {names[first]}" in heading and f"2 {names[second]}" in heading
    # the figures, and their difference (2 - 1), straight from the bundled table
    imd = read_table("imd2019_lsoa11.parquet")
    layer = get_layer("imd2019")
    a, b = imd.loc[first, layer.column], imd.loc[second, layer.column]
    row = _row_of(t, "IMD 2019")
    cells = _cells(t, row)
    assert cells[1] == layer.format_value(a) and cells[2] == layer.format_value(b)
    assert cells[3] == ("+" if b > a else "−") + layer.format_value(abs(b - a))
    # sources in tooltips, not in the cells: one line per indicator
    everything = "\n".join("\t".join(_cells(t, r)) for r in range(t.rowCount()))
    assert PUBLISHER not in everything and "rank " not in everything  # "rank 264 of ..." is in tooltips
    assert PUBLISHER in t.item(row, 0).toolTip() and PUBLISHER in t.item(row, 1).toolTip()
    assert "rank" in t.item(row, 1).toolTip() and "decile" in t.item(row, 1).toolTip()
    assert t.rowHeight(row) < 2.2 * t.fontMetrics().height()  # compact rows
    # on the map: area 2 drawn in its own colour (dashed core and badge), which was nowhere before
    qtbot.waitUntil(lambda: _pixels_near(c.grab().toImage(), second_colour) > blue_before + 100, timeout=5_000)


def test_the_comparison_opens_in_a_window_of_its_own_and_docks_back(make_window, qtbot):
    w = make_window(MapSpec(place="Liverpool", layer="imd2019", selection=("E01006799", "E01006739")))
    qtbot.waitUntil(lambda: len(w.identify.areas) == 2, timeout=20_000)
    panel = w.identify
    assert not w.identify_dock.isFloating()
    qtbot.mouseClick(panel.detach_btn, Qt.MouseButton.LeftButton)
    assert w.identify_dock.isFloating() and w.identify_dock.width() >= 760
    t = panel.table
    qtbot.waitUntil(lambda: t.columnWidth(0) > 250, timeout=5_000)  # indicator names whole, or nearly
    assert sum(t.columnWidth(c) for c in range(t.columnCount())) <= t.viewport().width()  # no column cut
    assert panel.detach_btn.text() == "Dock in the main window"
    qtbot.mouseClick(panel.detach_btn, Qt.MouseButton.LeftButton)
    assert not w.identify_dock.isFloating() and panel.detach_btn.text() == "Open in a window"


def test_an_msoa_shows_its_lsoas_summarised_for_lsoa_layers(make_window, qtbot):
    w = make_window(MapSpec(place="Liverpool", layer="life_expectancy_male",
                            classification=Classification("quantiles", 5)))
    assert w.scene.data.boundary_set == "msoa11"
    msoa = "E02001347"
    _click(qtbot, w.canvas, msoa, "msoa11")
    qtbot.waitUntil(lambda: len(w.identify.areas) == 1, timeout=20_000)
    t = w.identify.table
    lsoas = attributes("lsoa11")
    members = lsoas.loc[lsoas["msoa_code"] == msoa, "code"]
    imd = read_table("imd2019_lsoa11.parquet")
    layer = get_layer("imd2019")
    values = imd.loc[members, layer.column]
    weights = imd.loc[members, layer.weight].astype(float)
    mean = float((values * weights).sum() / weights.sum())
    cell = _cells(t, _row_of(t, "IMD 2019"))[1]
    assert cell == f"{layer.format_value(mean)} ({layer.format_value(values.min())}–{layer.format_value(values.max())})"
    assert f"({len(members)} LSOAs)" in w.identify.heading.text()
    assert f"mean of {len(members)} LSOAs" in t.item(_row_of(t, "IMD 2019"), 1).toolTip()
    assert "population-weighted mean" in t.item(_row_of(t, "IMD 2019"), 1).toolTip()
    pop = read_table("population_lsoa11.parquet").loc[members, "population"].sum()
    assert _cells(t, _row_of(t, "Residents"))[1].startswith(get_layer("population").format_value(pop))
    assert "sum of" in t.item(_row_of(t, "Residents"), 1).toolTip()
    no_data = [r for r in range(t.rowCount()) if t.item(r, 1) is not None and t.item(r, 1).text() == "no data"]
    assert not no_data, [t.item(r, 0).text() for r in no_data]
    assert "combines its LSOAs as the map does" in w.identify.footnote.text()


@pytest.mark.parametrize("size", [(1024, 700), (1400, 900), (1920, 1080)])
def test_one_areas_figures_are_whole_beside_the_tables_scroll_bar(make_window, qtbot, size):
    """The columns were sized before the table's scroll bar showed, and not again: every figure lost its end
    to it ("60." for 60.3, "1,54" for a rank of 1,545), at every window size (from a new user's run)."""
    w = make_window(MapSpec(place="Knowsley", layer="imd2019", selection=("E01006416",)), size=size)
    qtbot.waitUntil(lambda: len(w.identify.areas) == 1 and w.identify.table.rowCount() > 5, timeout=20_000)
    t = w.identify.table
    qtbot.waitUntil(lambda: t.verticalScrollBar().isVisible() or
                    t.verticalHeader().length() <= t.viewport().height(), timeout=5_000)
    qtbot.wait(20)
    assert sum(t.columnWidth(c) for c in range(t.columnCount())) <= t.viewport().width()
    fm = t.fontMetrics()
    for r in range(t.rowCount()):
        item = t.item(r, 1)
        if item is not None and item.text():
            assert fm.horizontalAdvance(item.text()) <= t.columnWidth(1), item.text()
