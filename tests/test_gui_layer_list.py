"""The Layers panel as a user finds a layer in it: the first look, the filter box, clicks on themes, tooltips."""

from PyQt6.QtCore import Qt

from placeviz.model.catalog import THEME_TITLES, load_catalog


def _row(panel, title: str):
    found = panel.tree.findItems(title, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert found, title
    return found[0]


def _click(qtbot, panel, item) -> None:
    panel.tree.scrollToItem(item)
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_first_look_shows_every_theme_open_with_insecure_work_in_view(make_window):
    w = make_window()
    panel = w.layers
    tops = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    assert [t.text(0) for t in tops] == [THEME_TITLES[t] for t in load_catalog().by_theme()]
    assert all(t.isExpanded() for t in tops)
    shown = panel.visible_layers()
    assert "Jobs in sectors with much insecure work" in shown
    assert "Air pollution (fine particulate matter, PM2.5)" in shown
    # the fourteen domains wait one click away, in a group per edition
    assert "Crime deprivation 2019" not in shown
    assert not _row(panel, "Domains of deprivation 2019").isExpanded()
    every = [x for layers in load_catalog().by_theme().values() for x in layers]
    domains = {f"{d} deprivation {y}" for y in (2019, 2025) for d in (
        "Income", "Employment", "Education, skills and training", "Health deprivation and disability", "Crime",
        "Barriers to housing and services", "Living environment")}
    assert set(shown) == {x.title for x in every} - domains and len(shown) == len(every) - 14


def test_typing_in_the_filter_keeps_the_matching_layers_and_a_click_maps_one(make_window, qtbot):
    w = make_window()
    panel = w.layers
    qtbot.keyClicks(panel.filter, "insecure")
    assert panel.visible_layers() == ["Jobs in sectors with much insecure work"]
    _click(qtbot, panel, _row(panel, "Jobs in sectors with much insecure work"))
    qtbot.waitUntil(lambda: not w.busy and w.scene.data.layer.id == "insecure_work", timeout=60_000)
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "crime 2025")  # a domain: its closed group opens to show it
    assert panel.visible_layers() == ["Crime deprivation 2025"]
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "zebra crossings")
    assert panel.visible_layers() == []
    assert panel.no_match.isVisible()
    assert panel.no_match.text().startswith("No layer matches “zebra crossings”.")
    panel.filter.clear()
    assert not panel.no_match.isVisible() and "Residents" in panel.visible_layers()


def test_a_click_on_a_themes_name_opens_and_closes_it(make_window, qtbot):
    w = make_window()
    panel = w.layers
    work = _row(panel, "Work")
    _click(qtbot, panel, work)
    assert not work.isExpanded() and "Jobs in retail" not in panel.visible_layers()
    _click(qtbot, panel, work)
    assert work.isExpanded() and "Jobs in retail" in panel.visible_layers()
    domains = _row(panel, "Domains of deprivation 2025")
    _click(qtbot, panel, domains)
    assert "Income deprivation 2025" in panel.visible_layers()
    assert w.spec.layer == "imd2019"  # opening a group maps nothing


def test_a_long_name_cut_in_the_row_is_whole_in_its_tooltip_with_its_source(make_window):
    w = make_window()
    layer = next(x for x in load_catalog().by_theme()["health"] if x.id == "sii_la_female")
    tip = _row(w.layers, layer.title).toolTip(0)
    assert tip.startswith(f"<b>{layer.title}</b>")
    assert f"Source: {layer.dataset.publisher}, {layer.dataset.title}" in tip
