"""The compare window's Change tab reads as words: its summary line showed '<b>', '<br>' and '<i>' tags,
because its label shows text as text (no markup, as every label of the app)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from placeviz.analysis.change import imd_change_2019_2025
from placeviz.model.spec import MapSpec


def test_the_change_summary_has_no_markup_and_carries_the_figures(make_compare_window, qtbot):
    w = make_compare_window(MapSpec(place="Knowsley", layer="imd2019"))
    qtbot.waitUntil(lambda: w.change is not None, timeout=60_000)
    text = w.change_tab.text.text()
    assert "<" not in text and ">" not in text
    mv = imd_change_2019_2025("Knowsley").decile_movements()
    assert text.startswith("IMD 2019 → 2025, Knowsley: 100 neighbourhoods compared.")
    assert f"Entered the most deprived 10%: {mv['entered_most_deprived_10pc']}; left it: " \
           f"{mv['left_most_deprived_10pc']}." in text
    assert "\nIMD 2025 is on 2021 LSOAs" in text
