"""A dark (high-contrast) system palette: every label, the layer list and the dock titles stay readable on the
background they are actually drawn on. Once the window's style painted light panels under the palette's light
text: panel titles, form labels and theme headings were white on near-white."""

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


def _drawn_contrast(widget) -> float:
    """The contrast between a widget's most common colour as drawn (its background) and its strongest other."""
    image = widget.grab().toImage()
    colours = [image.pixelColor(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)]
    names = [c.name() for c in colours]
    background = QColor(max(set(names), key=names.count))
    return max(contrast(background, c) for c in colours)


def test_text_stays_readable_on_the_windows_panels(dark_palette, make_window, qtbot):
    w = make_window(MapSpec(place="Knowsley", layer="imd2019"))
    labels = [lab for lab in w.findChildren(QLabel) if lab.isVisible() and lab.text().strip()
              and lab.width() > 4 and lab.height() > 4]
    assert len(labels) > 5
    for lab in labels:  # the form labels (Scheme, Classes...), the toolbar's Place and Show, titles, notes
        assert _drawn_contrast(lab) >= 4.5, lab.text()
    tree = w.layers.tree  # the theme headings and layer names on the list's own background
    assert contrast(tree.palette().color(QPalette.ColorRole.Text), tree.palette().color(QPalette.ColorRole.Base)) >= 4.5
    dock = w.layers_dock  # the dock titles
    assert _drawn_contrast(dock) >= 4.5


def test_the_identify_tables_theme_rows_are_readable(dark_palette, make_window, qtbot):
    w = make_window(MapSpec(place="Knowsley", layer="imd2019", selection=("E01006412", "E01006450")))
    qtbot.waitUntil(lambda: len(w.identify.areas) == 2, timeout=20_000)
    t = w.identify.table
    theme = t.item(0, 0)
    assert theme.text() == "Deprivation"
    brush = theme.foreground()  # no brush of its own: the table's palette text
    ink = brush.color() if brush.style() != Qt.BrushStyle.NoBrush else t.palette().color(QPalette.ColorRole.Text)
    assert contrast(ink, theme.background().color()) >= 4.5


def test_a_layers_about_this_data_notes_are_readable_on_a_dark_palette(dark_palette, qtbot):
    """The dialog's notes on a dataset were #555 on the palette's near-black base (2.3:1)."""
    import re

    from PyQt6.QtWidgets import QTextBrowser

    from placeviz.gui.panels import ProvenanceDialog

    box = ProvenanceDialog("imd2025")
    qtbot.addWidget(box)
    text = box.findChild(QTextBrowser)
    base = text.palette().color(QPalette.ColorRole.Base)
    colours = set(re.findall(r"color:(#[0-9a-fA-F]{6})", text.toHtml()))
    assert colours and "MHCLG" in text.toPlainText()
    for colour in colours:
        assert contrast(QColor(colour), base) >= 4.5, colour
