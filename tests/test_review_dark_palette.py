"""A dark (high-contrast) system palette: the main window's style paints light backgrounds (panels, dock
titles, the layer list), so its text must be dark there too. With the palette's light text the panel titles,
form labels and theme headings were white on near-white."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QPalette
from PyQt6.QtWidgets import QApplication, QLabel

from placeviz.model.spec import MapSpec


def _luminance(c: QColor) -> float:
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def dark_palette():
    app = QApplication.instance()
    before = app.palette()
    p = QPalette(before)
    for role, colour in [(QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#f0f0f0"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#f0f0f0"),
                         (QPalette.ColorRole.Button, "#3a3a3a"), (QPalette.ColorRole.ButtonText, "#f0f0f0")]:
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            p.setColor(group, role, QColor(colour))
    app.setPalette(p)
    yield
    app.setPalette(before)


def test_text_stays_readable_on_the_windows_light_panels(dark_palette, make_window, qtbot):
    w = make_window(MapSpec(place="Knowsley", layer="imd2019"))
    panel, white = QColor("#f6f7f9"), QColor("#ffffff")
    labels = [lab for lab in w.findChildren(QLabel) if lab.isVisible() and lab.text() and not lab.styleSheet()]
    assert len(labels) > 5
    for lab in labels:  # the form labels (Scheme, Classes...), the toolbar's Place and Show
        assert contrast(lab.palette().color(lab.foregroundRole()), panel) >= 4.5, lab.text()
    tree = w.layers.tree  # the theme headings and layer names on the list's white
    assert contrast(tree.palette().color(QPalette.ColorRole.Text), white) >= 4.5
    dock = w.layers_dock  # the dock titles
    assert contrast(dock.palette().color(QPalette.ColorRole.WindowText), QColor("#e9edf1")) >= 4.5


def test_the_identify_tables_theme_rows_are_readable(dark_palette, make_window, qtbot):
    w = make_window(MapSpec(place="Knowsley", layer="imd2019", selection=("E01006412", "E01006450")))
    qtbot.waitUntil(lambda: len(w.identify.areas) == 2, timeout=20_000)
    t = w.identify.table
    theme = t.item(0, 0)
    assert theme.text() == "Deprivation"
    brush = theme.foreground()  # no brush of its own: the table's palette text
    ink = brush.color() if brush.style() != Qt.BrushStyle.NoBrush else t.palette().color(QPalette.ColorRole.Text)
    assert contrast(ink, theme.background().color()) >= 4.5
