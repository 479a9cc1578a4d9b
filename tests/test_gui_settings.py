"""What the app remembers between sessions, in a settings folder of the test's own (conftest's settings_dir):
File > Open recent, and the window reopening where it was."""

import pytest
from PyQt6.QtCore import QPoint, QSettings, Qt

from placeviz.gui.plain_text import plain_tip
from placeviz.gui.settings import RECENT_LIMIT, last_spec, recent_files, remember_file, restore_window
from placeviz.model.spec import MapSpec


def _recent_actions(w, qtbot):
    """Open File > Open recent as a user does (the menu fills itself as it opens)."""
    menu = w.recent_menu
    menu.popup(w.mapToGlobal(QPoint(40, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=5_000)
    return [a for a in menu.actions() if not a.isSeparator()]


def test_settings_are_in_the_tests_own_folder(settings_dir):
    remember_file(settings_dir / "x.placeviz")
    path = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "placeviz", "placeviz").fileName()
    assert path.startswith(str(settings_dir))


def test_open_recent_lists_workspaces_and_greys_one_that_is_gone(make_window, qtbot, tmp_path):
    w = make_window()
    assert [a.text() for a in _recent_actions(w, qtbot)] == ["No workspaces opened or saved yet"]
    w.recent_menu.hide()
    gone, wirral = tmp_path / "gone.placeviz", tmp_path / "wirral.placeviz"
    w.save_workspace(str(gone))
    w.search.search_now("Wirral")
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.place.name == "Wirral", timeout=60_000)
    w.save_workspace(str(wirral))
    w.search.england.click()
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.place.name == "England", timeout=60_000)
    gone.unlink()
    actions = _recent_actions(w, qtbot)
    assert [a.text() for a in actions] == ["&1 wirral.placeviz", "&2 gone.placeviz — moved or deleted",
                                           "Remove missing files", "Clear the list"]
    assert actions[0].isEnabled() and not actions[1].isEnabled()
    assert actions[1].statusTip() == f"{gone} is no longer there: it was moved, renamed or deleted."
    assert actions[1].toolTip() == plain_tip(actions[1].statusTip())  # a path is text, never markup
    menu = w.recent_menu
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(actions[0]).center())
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.place.name == "Wirral", timeout=60_000)
    assert w.last_error is None
    # "Remove missing files" leaves the one that is there
    actions = _recent_actions(w, qtbot)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(actions[2]).center())
    assert recent_files() == [str(wirral)]


def test_the_recent_list_keeps_the_last_eight_newest_first(tmp_path):
    for i in range(RECENT_LIMIT + 3):
        remember_file(tmp_path / f"w{i}.placeviz")
    remember_file(tmp_path / "w5.placeviz")  # opened again: first, once
    files = [f.rsplit("/", 1)[-1] for f in recent_files()]
    assert files == ["w5.placeviz", "w10.placeviz", "w9.placeviz", "w8.placeviz", "w7.placeviz", "w6.placeviz",
                     "w4.placeviz", "w3.placeviz"]


def test_the_window_reopens_with_its_size_panels_place_and_layer(make_window, qtbot):
    assert last_spec(MapSpec()) == MapSpec()  # nothing remembered yet: the usual first map
    w = make_window(size=(1300, 820))
    w.search.search_now("Knowsley")
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.place.name == "Knowsley", timeout=60_000)
    w.layers.filter.setFocus()
    qtbot.keyClicks(w.layers.filter, "insecure")
    item = w.layers.tree.findItems("Jobs in sectors with much insecure work",
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    qtbot.mouseClick(w.layers.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=w.layers.tree.visualItemRect(item).center())
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.layer.id == "insecure_work", timeout=60_000)
    w.class_dock.toggleViewAction().trigger()  # View > Classification: the user hides that panel
    assert w.class_dock.isHidden()
    w.close()

    again = make_window(last_spec(MapSpec()), size=(1440, 900))
    assert restore_window(again)
    qtbot.waitUntil(lambda: again.size().width() == 1300 and again.size().height() == 820, timeout=5_000)
    assert again.spec.place == "Knowsley" and again.spec.layer == "insecure_work"
    assert again.scene.data.place.name == "Knowsley"
    assert again.class_dock.isHidden() and not again.legend_dock.isHidden()


def test_the_window_reopens_with_the_users_classes_selection_and_ward_outlines(make_window, qtbot):
    """Closing kept only the place, level and layer: the map reopened in the layer's default classes, with
    nothing selected (from a new user's run)."""
    from placeviz.model.spec import Classification

    spec = MapSpec(place="Knowsley", layer="imd2019", classification=Classification("quantiles", 4),
                   selection=("E01006416",), wards=True)
    w = make_window(spec)
    w.close()
    again = last_spec(MapSpec())
    assert again == spec
    reopened = make_window(again)
    assert reopened.spec.classification.scheme == "quantiles" and reopened.spec.selection == ("E01006416",)


@pytest.mark.parametrize("layer, saved", [
    ("air_quality", {"place": "Wirral", "level": "lsoa", "layer": "air_quality", "year": "1999"}),  # not a year of it
    ("imd2019", {"place": "Wirral", "level": "lsoa", "layer": "imd2019", "selection": "E01006412"}),  # not a list
    ("imd2019", ["not", "a", "map"]),
    # a title of the wrong type failed the window's first load, and every start after it (from a review)
    ("imd2019", {"place": "Wirral", "level": "lsoa", "layer": "imd2019", "title": 5}),
])
def test_a_saved_map_that_no_longer_reads_reopens_on_its_place_and_layer(settings_dir, layer, saved):
    """A saved year the layer no longer has opened the window on no map at all; a selection saved as text
    became a selection of single letters (from a review)."""
    import json

    s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "placeviz", "placeviz")
    for key, value in (("place", "Wirral"), ("level", "lsoa"), ("layer", layer), ("spec", json.dumps(saved))):
        s.setValue(f"map/{key}", value)
    s.sync()
    spec = last_spec(MapSpec())
    assert (spec.place, spec.layer, spec.year, spec.selection, spec.title) == ("Wirral", layer, None, (), None)


def test_a_layer_that_is_gone_reopens_on_the_usual_map(settings_dir):
    s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "placeviz", "placeviz")
    s.setValue("map/place", "Wirral")
    s.setValue("map/level", "lsoa")
    s.setValue("map/layer", "imported_my_rates")  # an import of an earlier session
    s.sync()
    assert last_spec(MapSpec()) == MapSpec()


def test_placeviz_alone_reopens_as_it_was_and_a_map_on_the_command_line_wins():
    import argparse

    from placeviz.cli import gui

    parser = argparse.ArgumentParser()
    gui.add_arguments(parser)
    assert gui.reopens_as_it_was(parser.parse_args([]))
    for asked in (["--place", "Wirral"], ["--layer", "pm25_2023"], ["--level", "msoa"], ["--snapshot", "x.png"]):
        assert not gui.reopens_as_it_was(parser.parse_args(asked)), asked


def test_the_app_reopens_on_where_disadvantages_coincide(tmp_path):
    """The overlap layer joins the catalog only once asked for: in a fresh app the last map of it fell back to
    the default place, level and layer. A process of its own, so no earlier test has registered it."""
    import subprocess
    import sys

    code = f"""
from PyQt6.QtCore import QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path)!r})
from placeviz.gui.settings import last_spec, settings
from placeviz.model.spec import MapSpec
s = settings()
s.setValue("map/place", "Liverpool"); s.setValue("map/level", "lsoa"); s.setValue("map/layer", "overlap")
spec = last_spec(MapSpec())
print(spec.place, spec.level, spec.layer)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["Liverpool", "lsoa", "overlap"], out.stderr[-2000:]


def test_a_snapshot_leaves_the_window_the_user_closed_as_it_was(tmp_path):
    """`placeviz gui --snapshot` (a script's or CI's picture) no longer saves its own window as the one to
    reopen: the next start of the app opened on the snapshot's place and size instead of the user's. Saving
    it was also about 15 ms of every snapshot's exit."""
    import os
    import subprocess
    import sys

    config = tmp_path / "config"
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "QT_QPA_PLATFORM": "offscreen"}
    ini = config / "placeviz" / "placeviz.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[map]\nplace=Wirral\nlevel=lsoa\nlayer=imd2019\n")
    out = subprocess.run([sys.executable, "-m", "placeviz", "gui", "--snapshot", str(tmp_path / "s.png"), "--place",
                          "Knowsley", "--size", "900x600"], env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    assert (tmp_path / "s.png").stat().st_size > 10_000
    s = QSettings(str(ini), QSettings.Format.IniFormat)
    assert s.value("map/place") == "Wirral"  # what the user last closed the app on
    assert s.value("window/size") is None
