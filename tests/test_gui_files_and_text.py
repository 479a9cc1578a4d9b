"""The desktop app keeps every map of a workspace, shows text from files as text, and hands a map to Python."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QLabel

from placeviz.imports import add_to_catalog, import_file
from placeviz.model.mapdata import map_data
from placeviz.model.spec import Classification, MapSpec
from placeviz.model.viewstate import with_layer
from placeviz.workspace import Workspace, open_workspace, save_workspace


def _action(win, text: str):
    return next(a for a in win.findChildren(type(win.menuBar().actions()[0])) if a.text() == text)


def test_copy_as_python_puts_code_that_makes_the_same_map_on_the_clipboard(make_window):
    spec = MapSpec(place="Halton", layer="life_expectancy_female", level="msoa",
                   classification=Classification("equal_interval", 4, palette="viridis", reverse=True))
    win = make_window(spec)
    _action(win, "Copy as &Python").trigger()
    code = QApplication.clipboard().text()
    assert code.startswith("import placeviz as pv")
    scope: dict = {}
    exec(code, scope)
    assert scope["m"].spec == win.current_spec().with_(extent=None)


def test_saving_a_workspace_of_three_maps_keeps_all_three(make_window, qtbot, tmp_path):
    """Save after opening a workspace with three maps wrote only the map on screen."""
    maps = [with_layer(MapSpec(place=place), layer).with_(level=level) for place, layer, level in (
        ("Halton", "imd2019", "lsoa"), ("Wirral", "life_expectancy_male", "msoa"), ("Knowsley", "no2_2023", "lsoa"))]
    first = save_workspace(Workspace.capture(maps=maps, active=1, title="Three maps"), tmp_path / "three")
    win = make_window()
    win.open_workspace(str(first))
    qtbot.waitUntil(lambda: win.current_spec().place == "Wirral" and not win.busy, timeout=60_000)
    win.save_workspace(str(tmp_path / "again.placeviz"))
    ws = open_workspace(tmp_path / "again.placeviz")
    assert len(ws.maps) == 3 and ws.active == 1 and ws.title == "Three maps"
    assert ws.maps[0] == maps[0] and ws.maps[2] == maps[2]
    assert (ws.maps[1].place, ws.maps[1].layer) == ("Wirral", "life_expectancy_male")
    # what the last resort saves after an error is the whole workspace too, not the map on screen alone
    win.enable_autosave(tmp_path / "autosave")
    rescued = open_workspace(win.autosave_now())
    assert len(rescued.maps) == 3 and rescued.title == "Three maps"


def test_a_header_holding_markup_is_shown_as_text(make_window, qtbot, tmp_path):
    """A CSV header holding HTML was rendered as rich text in the map's title."""
    header = "<b>Bold</b> <img src='x'> rate"
    codes = map_data("Halton", "lsoa", "imd2019").frame["code"]
    csv = tmp_path / "marked.csv"
    csv.write_text("code," + header + "\n" + "".join(f"{c},{i}\n" for i, c in enumerate(codes)), encoding="utf-8")
    layer = add_to_catalog(import_file(csv))
    win = make_window(MapSpec(place="Halton", layer=layer.id, classification=Classification("quantiles", 5)))
    shown = [w for w in win.findChildren(QLabel) if "<b>Bold</b>" in w.text()]
    assert shown, "the layer's title is on screen"
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in shown)
