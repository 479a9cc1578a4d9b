"""What screen readers and keyboard users get from the windows: names, descriptions, tab order, announcements.

Qt tells assistive technology (AT-SPI on Linux, UI Automation on Windows, VoiceOver on macOS) a widget's
accessible name and description, and announces a change of either; PyQt6 does not wrap QAccessible, so
everything here goes through ``setAccessibleName`` and ``setAccessibleDescription``.
"""

from __future__ import annotations

from itertools import pairwise

from PyQt6.QtCore import QObject, Qt, pyqtSlot
from PyQt6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QTabBar, QWidget

from placeviz.render.scene import legend_lines

CANVAS_HELP = ("Arrow keys pan, plus and minus zoom, Home fits the place. ] or N moves to the next area and "
               "[ or P to the previous one, in order of rank; Enter selects the area, Shift+Enter adds it.")


def own_name(widget: QWidget) -> str:
    """What a screen reader names a widget by: its accessible name, else its own text, else its buddy label's."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    if isinstance(widget, QAbstractButton | QLabel) and widget.text().replace("&", "").strip():
        return widget.text().replace("&", "").strip()
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox | QComboBox):  # the editor inside: read out as its box
        return own_name(parent)
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text().replace("&", "").strip():
            return label.text().replace("&", "").strip()
    return ""


def unnamed_focusable(root: QWidget) -> list[QWidget]:
    """The visible widgets under ``root`` that take the keyboard focus but have no name to be read out."""
    return [w for w in root.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and not own_name(w)]


def legend_text(classified, layer, note: str | None = None, period: str | None = None) -> str:
    """The legend in words, for the legend widget's accessible description: title, scheme, each class."""
    lines = legend_lines(classified, layer, note=note, period=period)
    entries = [f"{label}: {count:,} areas" for _colour, label, count, _nodata in lines["entries"]]
    parts = [lines["title"], lines["subtitle"], lines["scheme"], *entries, *lines["notes"], lines["source"]]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def name(widget: QWidget, text: str, description: str | None = None) -> None:
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)


def announce(widget: QWidget, text: str) -> None:
    """Say ``text`` through ``widget``: screen readers are told its description changed."""
    if text and widget.accessibleDescription() != text:
        widget.setAccessibleDescription(text)


class RepaintOnFocus:
    """For a widget that draws its own focus frame (the map, the legend): repaint when the keyboard arrives
    or leaves, so the frame shows where the keyboard is."""

    def focusInEvent(self, e):
        super().focusInEvent(e)
        self.update()

    def focusOutEvent(self, e):
        super().focusOutEvent(e)
        self.update()


class StatusAnnouncer(QObject):
    """Says each status-bar message through the status bar's description. A child of the status bar, so Qt
    disconnects it when the bar goes: a plain lambda would be called on a deleted bar as the window closes."""

    def __init__(self, bar: QWidget):
        super().__init__(bar)
        self.bar = bar
        bar.messageChanged.connect(self.say)

    @pyqtSlot(str)
    def say(self, text: str) -> None:
        announce(self.bar, text)


def name_main_window(win) -> None:
    """Names and descriptions for the main window's controls, its tab order, and its status announced."""
    name(win.search.edit, "Find a place", "A place, local authority, neighbourhood (LSOA), ward, town or "
         "postcode; Enter maps the first match (Ctrl+F comes here)")
    name(win.search.england, "Map all of England")
    name(win.level, "Geography level")
    name(win.year, "Year")
    name(win.zoom_place_btn, "Zoom to place")
    name(win.zoom_eng_btn, "Full England")
    name(win.layers.filter, "Filter layers", "Type part of a layer's name, theme or source to list only those")
    name(win.layers.tree, "Layers", "The layers by theme; choosing one maps it")
    name(win.layers.about, "About this data", "Publisher, licence and caveats of the layer shown")
    c = win.classification
    name(c.scheme, "Classification scheme")
    name(c.k, "Number of classes")
    name(c.palette, "Palette", c.palette.toolTip())
    name(c.reverse, "Reverse colours")
    name(c.breaks, "Your own class breaks", c.breaks.toolTip())
    name(c.apply_breaks, "Apply your own breaks")
    name(c.classes_from, "Classes from", c.classes_from.toolTip())
    name(win.canvas, "Map", CANVAS_HELP)
    name(win.legend, "Legend")
    win.legend.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so that a screen reader's user reaches its text
    name(win.identify, "Identify", "The figures of the selected areas for every layer")
    name(win.profile, "Place profile")
    name(win.table, "Table of areas")
    name(win.progress, "Working")
    name(win.statusBar(), "Status")
    StatusAnnouncer(win.statusBar())
    name(win.legend_dock.widget(), "Legend")
    name_panel_tabs(win)
    order = [win.search.edit, win.search.england, win.level, win.year, win.zoom_place_btn, win.zoom_eng_btn,
             win.layers.filter, win.layers.tree, win.layers.about, c.scheme, c.k, c.palette, c.reverse, c.breaks,
             c.apply_breaks, c.classes_from, c.reset,
             win.canvas, win.legend, win.identify, win.profile, win.table.filter, win.table.view]
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)


def name_panel_tabs(win) -> None:
    """Name the tab bars of docked panels sharing a place; the window makes new ones whenever panels move."""
    # the main window's own children: searching all its widgets took 10 ms of the first paint, and a QTabWidget's
    # bar inside a panel (named with its panel) is not one of these
    for bar in win.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        name(bar, "Panels", "Switch between the panels docked here")


def name_map_pane(pane) -> None:
    """Names for one side of the compare window: its pickers, map and legend."""
    side = {"left": "Left", "right": "Right"}.get(pane.side, str(pane.side).title())
    name(pane.place, f"{side} map: place")
    name(pane.layer, f"{side} map: layer")
    name(pane.year, f"{side} map: year")
    name(pane.canvas, f"{side} map", CANVAS_HELP)
    name(pane.legend, f"{side} map: legend")
    name(pane.legend_scroll, f"{side} map: legend")


def name_compare_window(cw) -> None:
    """Names for the compare window's controls, both map panes and its tabs."""
    name(cw.level, "Geography level of both maps")
    name(cw.tabs, "Comparison views", "Comparison, ranking, two layers (bivariate) and change")
    name(cw.tabs.tabBar(), "Comparison views")
    name(cw.places_tab.table, "Comparison table", "The places of both maps on both layers")
    name(cw.ranking_tab, "Ranking table")
    name(cw.change_tab.table, "Change table")
    name(cw.bivariate_tab.scatter, "Scatter plot of the two layers")
    for pane in cw.panes:
        name_map_pane(pane)
