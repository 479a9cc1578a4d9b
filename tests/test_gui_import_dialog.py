"""Importing your own table in the app: the check's report, then a step to name the layer, its units, its
source and licence, and to convert LSOA 2011 data to 2021 areas."""

import getpass

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, Qt

pytest.importorskip("placeviz.imports")


def _csv(w, tmp_path):
    codes = w.scene.data.frame["code"].iloc[:300].tolist()  # LSOA 2011 codes of Cheshire and Merseyside
    values = [round(i * 0.37 % 50, 2) for i in range(len(codes))]
    path = tmp_path / "smoking_rate.csv"
    path.write_text("LSOA code,smoking_rate\n" + "".join(f"{c},{v}\n" for c, v in zip(codes, values, strict=True)),
                    encoding="utf-8")
    return path, codes, values


def _dialog(w, qtbot, path):
    w.import_data(str(path))
    qtbot.waitUntil(lambda: w.import_report_box is not None and w.import_report_box.isVisible(), timeout=60_000)
    return w.import_report_box


def _retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_the_import_asks_for_name_units_and_source_and_the_map_says_them(make_window, qtbot, tmp_path):
    w = make_window()
    path, codes, values = _csv(w, tmp_path)
    box = _dialog(w, qtbot, path)
    assert box.summary.text() == ("smoking_rate.csv: 300 of 300 rows matched LSOA 2011 areas "
                                  "(300 with a value, 0 suppressed or blank).")
    # prefilled sensibly: a readable name, and the source without anyone's login name
    assert box.name.text() == "Smoking rate"
    assert box.publisher.text() == "your own data"
    assert box.convert.isVisibleTo(box) and box.convert.text() == "Convert to LSOA 2021"
    _retype(qtbot, box.name, "Adults who smoke, 2024")
    _retype(qtbot, box.unit, "%")
    _retype(qtbot, box.publisher, "Liverpool public health team")
    _retype(qtbot, box.licence, "Open Government Licence v3.0")
    qtbot.mouseClick(box.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.layer.title == "Adults who smoke, 2024", timeout=60_000)
    assert w.title.text() == "Adults who smoke, 2024, Cheshire and Merseyside"
    assert "Source: Liverpool public health team" in w.subtitle.text()
    layer = w.scene.data.layer
    assert layer.unit == "%" and layer.dataset.licence == "Open Government Licence v3.0"
    assert layer.source_line().startswith("Source: Liverpool public health team, smoking_rate.csv (as supplied).")
    from placeviz.gui.panels import provenance_html

    assert "<td><b>Licence</b></td><td>Open Government Licence v3.0</td>" in provenance_html(layer)
    assert "Adults who smoke, 2024" in w.layers.visible_layers()
    frame = w.scene.data.frame.set_index("code")
    np.testing.assert_allclose(frame.loc[codes, "value"].to_numpy(), values)


def test_left_as_offered_the_source_is_your_own_data_without_the_login_name(make_window, qtbot, tmp_path):
    w = make_window()
    path, _codes, _values = _csv(w, tmp_path)
    box = _dialog(w, qtbot, path)
    qtbot.mouseClick(box.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.layer.title == "Smoking rate", timeout=60_000)
    line = w.scene.data.layer.source_line()
    assert line.startswith("Source: your own data, smoking_rate.csv (as supplied).")
    assert f"{getpass.getuser()} (your own data)" not in line


def test_convert_to_lsoa_2021_maps_the_values_on_2021_areas(make_window, qtbot, tmp_path):
    w = make_window()
    path, _codes, _values = _csv(w, tmp_path)
    box = _dialog(w, qtbot, path)
    qtbot.mouseClick(box.convert, Qt.MouseButton.LeftButton, pos=QPoint(8, box.convert.height() // 2))
    assert box.convert.isChecked()
    qtbot.mouseClick(box.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.layer.title == "Smoking rate", timeout=60_000)
    assert w.scene.data.layer.geography == "lsoa21" and w.scene.data.boundary_set == "lsoa21"
    assert "Converted from LSOA 2011 to 2021" in " ".join(w.scene.data.layer.caveats)
    with_values = int(w.scene.data.frame["value"].notna().sum())
    assert 290 <= with_values <= 320  # 300 areas of 2011, a few split or merged by 2021


def test_an_empty_name_cannot_be_added(make_window, qtbot, tmp_path):
    w = make_window()
    path, _codes, _values = _csv(w, tmp_path)
    box = _dialog(w, qtbot, path)
    _retype(qtbot, box.name, " ")
    assert not box.add.isEnabled()
    qtbot.keyClicks(box.name, "Smokers")
    assert box.add.isEnabled()
