"""The HTML page's table view names each neighbourhood as the map's tooltip does (House of Commons Library
names, 'Stockbridge Village'), in a column of its own; it had only 'Knowsley 006A' and the code."""

from __future__ import annotations

import pytest
from browser import Browser, missing_reason

from placeviz.export.html import export_html
from placeviz.model.mapdata import map_data
from placeviz.model.spec import MapSpec

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")]


def test_the_table_view_has_a_neighbourhood_column(tmp_path):
    page = export_html(MapSpec(place="Knowsley", layer="imd2019"), tmp_path / "k.html")
    frame = map_data("Knowsley", "lsoa", "imd2019", geometry=False).frame.set_index("code")
    with Browser() as b:
        b.open(page)
        b.eval("document.getElementById('pv-table-toggle').click()")
        heads = b.eval("Array.from(document.querySelectorAll('#pv-tables thead th')).map(function(t){"
                       "return t.textContent.replace(/[▲▼]/g, '').trim();})")
        assert heads == ["Area", "Code", "IMD 2019", "National rank (1 = most deprived in England)", "Map class",
                         "Neighbourhood"]
        rows = b.eval("Array.from(document.querySelectorAll('#pv-tables tbody tr')).map(function(r){"
                      "return [r.children[1].textContent, r.children[5].textContent];})")
        assert len(rows) == len(frame) == 98
        by_code = dict(rows)
        assert by_code["E01006412"] == frame.at["E01006412", "neighbourhood"] == "Stockbridge Village"
        assert all(by_code[c] == frame.at[c, "neighbourhood"] for c in frame.index)
        assert b.exceptions == []
