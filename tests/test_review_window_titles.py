"""The map's title above the canvas is read whole, place name included, even when it is long and the window
is small (a 1024 x 768 screen)."""

from PyQt6.QtCore import QRect, QSize, Qt

from placeviz.analysis.overlap import overlap_layer
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification


def _shows_all_of_it(label) -> bool:
    fm, box, text = label.fontMetrics(), label.contentsRect(), label.text()
    if label.wordWrap():
        need = fm.boundingRect(QRect(0, 0, box.width(), 100_000), int(Qt.TextFlag.TextWordWrap), text)
        return need.height() <= box.height()
    return fm.horizontalAdvance(text) <= box.width()


def test_a_long_title_wraps_and_keeps_the_place_name_at_1024_by_768(make_window, qtbot):
    layer = overlap_layer("overlap")
    spec = MapSpec(place="Knowsley", layer="overlap", classification=default_classification(layer))
    w = make_window(spec, size=(1024, 768))
    qtbot.waitUntil(lambda: w.size() == QSize(1024, 768) and w.canvas.picture_is_current(), timeout=20_000)
    assert w.title.text().endswith(", Knowsley")
    qtbot.waitUntil(lambda: _shows_all_of_it(w.title), timeout=5_000)
    assert _shows_all_of_it(w.subtitle)
