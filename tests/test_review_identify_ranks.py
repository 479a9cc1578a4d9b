"""Identify, comparing two areas: a layer published as a national rank says so. The 2019 domains are ranks
(572 beside 1,800 reads as 'more education deprivation' unless the row says rank, 1 = most deprived)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from placeviz.model.catalog import get_layer
from placeviz.model.mapdata import read_table
from placeviz.model.spec import MapSpec


def _rows(table) -> dict[str, int]:
    return {table.item(r, 0).text(): r for r in range(table.rowCount()) if table.item(r, 0) is not None}


def test_rank_layers_are_named_as_ranks_in_the_comparison(make_window, qtbot):
    first, second = "E01006412", "E01006450"  # two Knowsley neighbourhoods
    w = make_window(MapSpec(place="Knowsley", layer="imd2019", selection=(first, second)))
    qtbot.waitUntil(lambda: len(w.identify.areas) == 2, timeout=20_000)
    t = w.identify.table
    rows = _rows(t)
    layer = get_layer("imd2019_education")
    label = "Education, skills and training 2019 (rank)"
    assert label in rows and layer.label not in rows
    r = rows[label]
    ranks = read_table("imd2019_lsoa11.parquet")["education_rank"]
    assert t.item(r, 1).text() == f"{round(ranks[first]):,}" and t.item(r, 2).text() == f"{round(ranks[second]):,}"
    assert "national rank (1 = most deprived)" in t.item(r, 0).toolTip()
    # scores and shares keep their names
    assert "Education, skills and training 2025" in rows and "Income 2019" in rows and "IMD 2019" in rows
