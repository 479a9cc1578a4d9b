
"""The identify table says when two areas take the figure of the same larger area, from the code of the area
each figure belongs to (IdentifyRow.figure_of), not from the wording of the note beside it."""

from placeviz.gui.identify_panel import IdentifyPanel
from placeviz.gui.plain_text import plain_tip
from placeviz.model.geography import attributes
from placeviz.model.viewstate import identify

SAME = "Both areas take the figure of the same larger area"


def _two_lsoas_of_one_msoa():
    a = attributes("lsoa11").set_index("code")
    one = a.loc["E01006412"]  # Knowsley 006A
    sibling = a.index[(a["msoa_code"] == one["msoa_code"]) & (a.index != "E01006412")][0]
    return ["E01006412", sibling], one["msoa_code"], one["lad21_code"]


def test_rows_name_the_area_whose_figure_each_shows():
    codes, msoa, la = _two_lsoas_of_one_msoa()
    _, rows = identify(codes, "lsoa11", "lsoa")
    by = {r.layer_id: r for r in rows}
    assert by["life_expectancy_male"].figure_of == [msoa, msoa]
    assert by["air_quality"].figure_of == [la, la]
    assert by["imd2019"].figure_of == ["", ""]  # their own


def test_the_difference_says_when_both_take_one_larger_areas_figure(qtbot):
    codes, _, _ = _two_lsoas_of_one_msoa()
    panel = IdentifyPanel()
    qtbot.addWidget(panel)
    panel.show_result(*identify(codes, "lsoa11", "lsoa"))
    t = panel.table
    tips = {t.item(r, 0).text(): t.item(r, 3).toolTip() for r in range(t.rowCount())
            if t.item(r, 0) is not None and t.item(r, 3) is not None}
    same = {name for name, tip in tips.items() if tip == plain_tip(SAME)}
    assert any("life expectancy" in name.lower() for name in same)
    assert any("pm2.5" in name.lower() or "air" in name.lower() for name in same)
    assert not any("imd" in name.lower() or "index of multiple" in name.lower() for name in same)
    assert len(same) < len(tips)


def test_an_imported_layers_title_in_a_tooltip_is_text_not_markup(tmp_path, qtbot):
    """Qt took an imported layer's title '<b>BOLD</b><img src=x>' in the identify tooltips for markup: a bold
    word and a broken image showed, and '&amp;' read as '&' (from a hostile run)."""
    from PyQt6.QtGui import QTextDocument

    from placeviz.imports import add_to_catalog, import_table, remove_from_catalog

    codes = list(attributes("lsoa11").query("lad_name == 'Knowsley'")["code"][:3])
    csv = tmp_path / "x.csv"
    csv.write_text("code,<b>BOLD</b><img src=x> &amp; rates\n" + "".join(f"{c},{i}\n" for i, c in enumerate(codes)),
                   encoding="utf-8")
    layer = add_to_catalog(import_table(csv))
    try:
        panel = IdentifyPanel()
        qtbot.addWidget(panel)
        panel.show_result(*identify(codes[:1], "lsoa11", "lsoa"))
        t = panel.table
        tips = [t.item(r, c).toolTip() for r in range(t.rowCount()) for c in (0, 1) if t.item(r, c) is not None]
        shown = []
        for tip in tips:  # as Qt shows a tooltip: rich text, here marked so
            doc = QTextDocument()
            doc.setHtml(tip)
            shown.append(doc.toPlainText())
        assert any("<b>BOLD</b><img src=x> &amp; rates" in s for s in shown), shown[:3]
    finally:
        remove_from_catalog(layer.id)
