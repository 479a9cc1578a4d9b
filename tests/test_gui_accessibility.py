"""The desktop app without a mouse, with a screen reader, with large text and with a dark palette: on the real
bundled data, headless."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PyQt6 import sip
from PyQt6.QtCore import QPoint, Qt, QTimer
from PyQt6.QtGui import QColor, QFont, QImage, QPalette
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QAbstractButton, QApplication, QDockWidget, QLabel, QLineEdit

from placeviz.gui.accessibility import unnamed_focusable
from placeviz.model.catalog import get_layer
from placeviz.model.geography import boundaries
from placeviz.model.mapdata import read_table
from placeviz.model.spec import MapSpec

pytest.importorskip("pytestqt")

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _focused(win):
    return QApplication.focusWidget() or win


def _key(qtbot, win, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed as a user would: it goes to whatever has the keyboard focus."""
    qtbot.keyClick(_focused(win), key, modifier)


def _active(qtbot, win):
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5_000)


def _type_into_next_dialog(text: str, seen: list) -> None:
    """When a modal dialog opens (the export's file dialog), type ``text`` where its focus is and press Enter,
    as often as it takes: the dialog reads the folder in the background and may pop up completions."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not isinstance(dialog.focusWidget(), QLineEdit):  # not yet shown and focused
            QTimer.singleShot(50, poll)
            return
        seen.append(type(dialog).__name__)
        QTimer.singleShot(20_000, lambda: open_(dialog) and dialog.reject())  # fail the test, never hang
        enter(dialog, dialog.focusWidget())

    def open_(dialog) -> bool:
        return not sip.isdeleted(dialog) and dialog.isVisible()

    def enter(dialog, target):
        if not open_(dialog):
            return
        popup = QApplication.activePopupWidget()  # the file name's completions
        if popup is not None:
            QTest.keyClick(popup, Qt.Key.Key_Escape)  # closes the list, not the dialog
        if target.text() != text:
            QTest.keyClick(target, Qt.Key.Key_A, CTRL)
            QTest.keyClicks(target, text)
        QTest.keyClick(target, Qt.Key.Key_Return)
        QTimer.singleShot(500, lambda: enter(dialog, target))

    QTimer.singleShot(50, poll)


def _first_by_rank(win):
    frame = win.scene.data.frame
    order = frame.sort_values("rank", kind="stable")
    return list(order["code"].iloc[:2])


def test_keys_alone_take_a_user_from_start_to_an_identified_area_and_an_exported_png(make_window, qtbot, tmp_path):
    win = make_window()
    _active(qtbot, win)
    # Ctrl+F (the standard Find key) puts the keyboard in the place search
    _key(qtbot, win, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is win.search.edit
    # Tab walks search, layers, classification, then the map
    order = []
    for _ in range(30):
        _key(qtbot, win, Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
        if order[-1] is win.canvas:
            break
    assert order[-1] is win.canvas
    assert order.index(win.layers.tree) < order.index(win.classification.scheme) < len(order) - 1
    # on the map, ] steps to the most deprived area (national rank), identifies it and says it
    first, second = _first_by_rank(win)
    qtbot.keyClick(_focused(win), "]")
    qtbot.waitUntil(lambda: [a["code"] for a in win.identify.areas] == [first], timeout=20_000)
    imd = read_table("imd2019_lsoa11.parquet")
    layer = get_layer("imd2019")
    said = win.canvas.accessibleDescription()
    name = win.scene.data.frame.set_index("code").loc[first, "name"]
    assert name in said and first in said and layer.format_value(imd.loc[first, layer.column]) in said
    assert "Area 1 of 1,562" in said
    assert name in win.statusBar().currentMessage()
    assert layer.format_value(imd.loc[first, layer.column]) in win.identify.toPlainText()
    assert win.spec.selection == ()  # identified, not yet selected
    # Enter selects it; ] then Shift+Enter adds the next; [ goes back
    _key(qtbot, win, Qt.Key.Key_Return)
    assert win.spec.selection == (first,)
    qtbot.keyClick(_focused(win), "]")
    _key(qtbot, win, Qt.Key.Key_Return, SHIFT)
    assert win.spec.selection == (first, second)
    qtbot.keyClick(_focused(win), "[")
    assert win.canvas.area_cursor.code == first
    # the shortcut for Export image/PDF opens the file dialog; a file name typed there writes the PNG
    out = tmp_path / "keyboard map.png"
    seen = []
    _type_into_next_dialog(str(out), seen)
    _key(qtbot, win, Qt.Key.Key_E, CTRL | SHIFT)
    assert seen == ["QFileDialog"]
    # then its size and resolution: Enter takes the defaults
    qtbot.waitUntil(lambda: win.export_options_box is not None and win.export_options_box.isVisible(), timeout=20_000)
    box = win.export_options_box
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: out.is_file() and win.jobs_running == 0, timeout=60_000)
    image = QImage(str(out))
    assert not image.isNull() and image.width() > 800
    pixels = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert win.legend.entries()[0].colour.lower() in pixels  # the most deprived tenth is on the page
    assert str(out) in win.statusBar().currentMessage()  # and the user is told where it went,
    assert win.statusBar().accessibleDescription() == win.statusBar().currentMessage()  # screen readers too
    # back in the window (the system gives it the focus back as the dialog closes), the map still has the keys;
    # Tab from it reaches the legend, which shows that it has the keyboard
    _active(qtbot, win)
    assert QApplication.focusWidget() is win.canvas
    _key(qtbot, win, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is win.legend
    image = win.legend.grab().toImage()
    assert image.pixelColor(1, image.height() // 2) == win.legend.palette().highlight().color()


def test_map_keys_pan_zoom_and_step_through_every_area_in_rank_order(make_window, qtbot):
    win = make_window()
    c = win.canvas
    c.setFocus()
    x, s = c.cx, c.scale
    qtbot.keyClick(c, Qt.Key.Key_Left)
    assert c.cx < x
    qtbot.keyClick(c, Qt.Key.Key_Plus)
    assert c.scale == pytest.approx(s * 1.5)
    qtbot.keyClick(c, Qt.Key.Key_Minus)
    assert c.scale == pytest.approx(s)
    # [ from nowhere lands on the last area: ranks 1..n, the least deprived last
    qtbot.keyClick(c, "[")
    frame = win.scene.data.frame
    assert c.area_cursor.code == frame.loc[frame["rank"].idxmax(), "code"]
    assert "Area 1,562 of 1,562" in c.accessibleDescription()
    # N and P do the same as ] and [, every area comes once, in rank order
    codes = []
    for _ in range(len(frame)):
        qtbot.keyClick(c, "n")
        codes.append(c.area_cursor.code)
    assert len(set(codes)) == len(frame) == 1562
    ranks = frame.set_index("code").loc[codes, "rank"].to_numpy()
    assert (np.diff(ranks) >= 0).all()
    # the area stepped to is outlined, and brought into view
    assert c.scene.highlight == codes[-1]
    x0, y0, x1, y1 = c.extent()
    r = c.scene.geometry.index[codes[-1]]
    bx0, by0, bx1, by1 = c.scene.geometry.bounds[r]
    assert x0 <= (bx0 + bx1) / 2 <= x1 and y0 <= (by0 + by1) / 2 <= y1


def test_compare_window_maps_take_the_same_keys(make_compare_window, qtbot):
    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"))
    canvas = w.panes[0].canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, "]")
    frame = w.panes[0].canvas.scene.data.frame
    first = frame.loc[frame["rank"].idxmin(), "code"]
    assert canvas.area_cursor.code == first and first in canvas.accessibleDescription()
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert w.selection() == (first,)


def _walk_names(window) -> list[str]:
    return [f"{type(x).__name__} in {type(x.parentWidget()).__name__}" for x in unnamed_focusable(window)]


def test_every_focusable_widget_has_a_name_for_screen_readers(make_window, qtbot):
    win = make_window()
    assert _walk_names(win) == []
    for dock in (win.profile_dock, win.table_dock):
        dock.raise_()
        assert _walk_names(win) == []
    assert win.canvas.accessibleName() == "Map" and "Enter selects" in win.canvas.accessibleDescription()
    # every menu and every action in it has a mnemonic (Alt+letter), bar the panels' show/hide toggles
    toggles = {d.toggleViewAction() for d in win.findChildren(QDockWidget)}
    for menu in win.menuBar().actions():
        assert "&" in menu.text(), menu.text()
        for action in menu.menu().actions():
            if not action.isSeparator() and action not in toggles:
                assert "&" in action.text(), action.text()
    # the legend reads as text: every class with its count
    legend = win.legend.accessibleDescription()
    for e in win.legend.entries():
        assert f"{e.label}: {e.count:,} areas" in legend
    compare = win.compare()
    qtbot.waitUntil(compare.is_loaded, timeout=60_000)
    for i in range(compare.tabs.count()):
        compare.tabs.setCurrentIndex(i)
        assert _walk_names(compare) == [], compare.tabs.tabText(i)


def _clipped(win) -> list[str]:
    """Labels and buttons whose text does not fit in the room they were given."""
    out = []
    for w in win.findChildren(QLabel) + win.findChildren(QAbstractButton):
        if not w.isVisible() or not w.text():
            continue
        hint = w.minimumSizeHint()
        if isinstance(w, QLabel) and w.wordWrap():
            if w.height() < w.heightForWidth(w.width()):
                out.append(f"{w.text()[:40]!r}: {w.height()} px tall, needs {w.heightForWidth(w.width())}")
        elif w.width() < w.sizeHint().width() or w.height() < hint.height():
            out.append(f"{w.text()[:40]!r}: {w.width()}x{w.height()}, needs {w.sizeHint().width()}x{hint.height()}")
    return out


@pytest.fixture
def large_text():
    app = QApplication.instance()
    before = QFont(app.font())
    big = QFont(before)
    big.setPointSizeF(before.pointSizeF() * 1.5)
    app.setFont(big)
    yield big
    app.setFont(before)


def test_text_at_150_percent_in_a_1280_by_720_window_is_never_cut_off(large_text, make_window, qtbot, tmp_path):
    win = make_window(size=(1280, 720))
    qtbot.wait(100)
    assert win.font().pointSizeF() == pytest.approx(large_text.pointSizeF())
    assert (win.width(), win.height()) == (1280, 720)  # the window fits the screen at this size
    assert _clipped(win) == []
    # every class of the legend can be reached: its scroll area scrolls the whole legend into view
    legend, scroll = win.legend, win.legend_dock.widget()
    assert legend.height() >= legend.heightForWidth(legend.width())
    assert scroll.verticalScrollBar().maximum() >= legend.height() - scroll.viewport().height()
    win.snapshot(str(tmp_path / "large.png"))


def _luminance(c: QColor) -> float:
    def ch(v):
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def _best_contrast(image: QImage) -> float:
    """The contrast ratio between the most common colour of an image (its background) and its text's."""
    colours = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    names = [c.name() for c in colours]
    background = QColor(max(set(names), key=names.count))
    lb = _luminance(background)
    return max((max(lb, _luminance(c)) + 0.05) / (min(lb, _luminance(c)) + 0.05) for c in colours)


@pytest.fixture
def dark_palette():
    app = QApplication.instance()
    before = QPalette(app.palette())
    dark = QPalette(before)
    role = QPalette.ColorRole
    for r, colour in ((role.Window, "#000000"), (role.WindowText, "#ffffff"), (role.Base, "#0a0a0a"),
                      (role.AlternateBase, "#1a1a1a"), (role.Text, "#ffffff"), (role.Button, "#1a1a1a"),
                      (role.ButtonText, "#ffffff"), (role.Highlight, "#ffff00"), (role.HighlightedText, "#000000")):
        dark.setColor(r, QColor(colour))
    app.setPalette(dark)
    yield dark
    app.setPalette(before)


def test_a_dark_high_contrast_palette_keeps_the_panels_text_readable(dark_palette, make_window, qtbot, tmp_path):
    win = make_window()
    tree = win.layers.tree
    item = win.layers._items["life_expectancy_female"]  # a layer not chosen: drawn in the palette's text colours
    item.parent().setExpanded(True)
    tree.scrollToItem(item)
    qtbot.waitUntil(lambda: not tree.visualItemRect(item).isEmpty(), timeout=5_000)
    row = tree.viewport().grab(tree.visualItemRect(item)).toImage()
    assert _best_contrast(row) >= 7
    details = win.layers.details.grab().toImage()
    assert _best_contrast(details) >= 7
    # the identify panel's theme bands and secondary lines too
    win.apply_spec(win.spec.with_(selection=("E01006799",)))
    qtbot.waitUntil(lambda: len(win.identify.areas) == 1, timeout=20_000)
    table = win.identify.table
    band = table.item(0, 0)  # the first theme's heading row
    text = QColor(dark_palette.color(QPalette.ColorRole.Text))
    lb, lt = _luminance(band.background().color()), _luminance(text)
    assert (max(lb, lt) + 0.05) / (min(lb, lt) + 0.05) >= 7
    win.snapshot(str(tmp_path / "dark.png"))


def _point_in(code, set_name="lsoa11"):
    g = boundaries(set_name)
    p = g.loc[g["code"] == code].geometry.iloc[0].representative_point()
    return p.x, p.y


def test_the_table_lists_every_area_sorts_filters_and_follows_the_selection(make_window, qtbot):
    win = make_window()
    table = win.table
    frame = win.scene.data.frame
    win.show_table()  # View > Table of areas (Ctrl+T): filled when first shown
    assert QApplication.focusWidget() is table.view
    assert table.model.rowCount() == len(frame) == 1562
    assert set(table.model.codes) == set(frame["code"])
    # each row: name, code, value, rank and class as the legend says them
    i = table.model.codes.index("E01006799")
    name, code, value, rank, cls = table.model.cells[i]
    row = frame.set_index("code").loc["E01006799"]
    layer = get_layer("imd2019")
    assert name.startswith("Liverpool 051E") and code == "E01006799"
    assert value == layer.format_value(row["value"]) and rank == f"{int(row['rank']):,}"
    assert cls == win.legend.entries()[int(row["decile"]) - 1].label
    # sorted by value, highest first
    table.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    top = table.model.codes[table.proxy.mapToSource(table.proxy.index(0, 0)).row()]
    assert top == frame.loc[frame["value"].idxmax(), "code"]
    # the filter box: every Knowsley area, by the name of its local authority
    QTest.keyClicks(table.filter, "knowsley")
    assert table.proxy.rowCount() == int((frame["lad_name"] == "Knowsley").sum()) > 50
    assert table.count.text() == f"{table.proxy.rowCount():,} of 1,562 areas"
    # a row chosen with the keyboard selects its area on the map
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy.index(3, 0))
    chosen = table.model.codes[table.proxy.mapToSource(table.proxy.index(3, 0)).row()]
    qtbot.keyClick(table.view, Qt.Key.Key_Return)
    assert win.spec.selection == (chosen,)
    # a click on the map selects the area's row
    table.filter.clear()
    c = win.canvas
    c.zoom_to_extent((336_000, 380_000, 350_000, 395_000))
    pos = c.to_screen(*_point_in("E01006799"))
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=QPoint(round(pos.x()), round(pos.y())))
    assert win.spec.selection == ("E01006799",)
    assert table.selected_codes() == ["E01006799"]


def test_the_compare_window_fits_a_1280_px_screen_at_150_percent_text(large_text, make_compare_window, qtbot):
    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2019"))
    assert w.minimumSizeHint().width() <= 1280  # was 1,896: the layer boxes were as wide as the longest name
    box = w.panes[0].layer
    box.setCurrentIndex(box.findData("life_expectancy_male"))
    assert box.toolTip() == box.currentText()  # a name cut short in the box is whole in its tooltip


def test_the_maps_tooltip_greys_follow_the_tooltips_colours(make_window):
    """The hover tooltip's secondary text was a fixed #555/#666: grey on a dark tooltip."""
    from PyQt6.QtWidgets import QToolTip

    win = make_window()
    before = QToolTip.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.ToolTipBase, QColor("#101010"))
    dark.setColor(QPalette.ColorRole.ToolTipText, QColor("#ffffff"))
    QToolTip.setPalette(dark)
    try:
        html = win.canvas.tooltip_html(win.scene.data.frame["code"].iloc[0])
    finally:
        QToolTip.setPalette(before)
    assert "#555" not in html and "#666" not in html
    assert "color:#b7b7b7" in html  # white taken 30% towards the tooltip's near-black


def test_the_window_follows_a_palette_switched_while_it_runs(make_window, qtbot, tmp_path):
    """Dark mode switched on with the app open: the window's style and its secondary text follow at once, the
    profile staying where its reader was, and back again when it is switched off."""
    from placeviz.gui.theme import follow_palette, muted_text

    win = make_window()
    app = QApplication.instance()
    light = QPalette(app.palette())
    footnote, worse = win.identify.footnote, win.classification.worse
    assert footnote.styleSheet() == f"color:{muted_text(light)};"
    win.show_profile()
    qtbot.waitUntil(lambda: getattr(win, "profile_figures", None) is not None, timeout=60_000)
    bar = win.profile.verticalScrollBar()  # a reader half-way down the profile stays there
    bar.setValue(bar.maximum() // 2)
    at = bar.value()
    assert at > 0
    dark = QPalette(light)
    role = QPalette.ColorRole
    for r, colour in ((role.Window, "#000000"), (role.WindowText, "#ffffff"), (role.Base, "#0a0a0a"),
                      (role.Text, "#ffffff")):
        dark.setColor(r, QColor(colour))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: "QToolBar { background: #0a0a0a;" in win.styleSheet(), timeout=5_000)
        assert "color: #ffffff; padding: 5px 8px;" in win.styleSheet()  # the panels' title bars
        for label in (footnote, worse):
            assert label.styleSheet() == f"color:{muted_text(dark)};"
        grey = QColor(muted_text(dark))
        assert (_luminance(grey) + 0.05) / (_luminance(QColor("#000000")) + 0.05) >= 7
        # the rich text too, written before the switch: the profile panel's and the layer details' greys
        muted = follow_palette("color:#555", dark).split(":")[1]
        assert muted.lower() in win.profile.toHtml().lower()
        assert muted.lower() in win.layers.details.text().lower()
        assert bar.value() == at
    finally:
        app.setPalette(light)
    qtbot.waitUntil(lambda: footnote.styleSheet() == f"color:{muted_text(light)};", timeout=5_000)
    assert "QToolBar { background: #0a0a0a;" not in win.styleSheet()


def test_the_table_of_areas_shows_name_and_value_first_on_a_small_window(make_window, qtbot):
    """At 1024 x 700 the value was off the table's right edge behind the code, and names were cut to
    "Knowsley 005A, ..." at any size (from a new user's run)."""
    win = make_window(MapSpec(place="Knowsley", layer="imd2019"), size=(1024, 700))
    win.show_table()
    table = win.table
    qtbot.waitUntil(lambda: table.model.rowCount() > 50, timeout=10_000)
    view, header = table.view, table.view.horizontalHeader()
    assert [header.logicalIndex(i) for i in range(5)] == [0, 2, 3, 4, 1]  # name, value, rank, class, code
    value = header.sectionViewportPosition(2) + header.sectionSize(2)
    assert value <= view.viewport().width()
    fm = view.fontMetrics()
    longest = max(fm.horizontalAdvance(cells[0]) for cells in table.model.cells)
    assert view.columnWidth(0) >= min(longest, view.viewport().width() // 2)
