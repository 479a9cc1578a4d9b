"""The desktop app offers a picker when a file holds several indicators (a Fingertips download) or several
boundary layers, and imports the one chosen; before, it showed a sentence naming a command-line option."""

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDialogButtonBox

from placeviz.gui.import_picker import import_options, with_choice
from tests.test_imports_misread import _fingertips, _ft_value

pytest.importorskip("pytestqt")


def test_choosing_one_indicator_of_a_fingertips_download(make_window, qtbot, tmp_path):
    path, las = _fingertips(tmp_path / "fingertips.csv")
    w = make_window()
    w.import_data(str(path))
    qtbot.waitUntil(lambda: getattr(w, "import_picker", None) is not None, timeout=30_000)
    picker = w.import_picker
    items = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert items == ["90366 (Life expectancy at birth)", "93999 (Employment rate, 16-64)"]
    question = picker.question.text()
    assert "2 different 'Indicator ID' values" in question and "--where" not in question
    item = picker.list.item(1)
    qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=picker.list.visualItemRect(item).center())
    ok = picker.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Import this one"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.pending_import is not None, timeout=30_000)
    result = w.pending_import
    assert result.ok and result.layer.title == "Employment rate, 16-64"
    assert result.frame["value"].reindex(las).round(2).tolist() == [
        round(_ft_value(1, k + 1, 2020, 2), 2) for k in range(10)]
    w.import_report_box.close()


def test_choices_become_the_importers_options():
    assert import_options("boundary_layer", "areas.gpkg:wards") == {"boundary_layer": "areas.gpkg:wards"}
    first = import_options("Indicator ID", "90366")
    assert with_choice(first, import_options("Sex", "Male")) == {"where": {"Indicator ID": "90366", "Sex": "Male"}}
