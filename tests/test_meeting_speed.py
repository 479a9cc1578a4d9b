"""The meeting commands do only the work their pages show (issues 16 and 18): the deck's change slide works out
its place's change, not England's, and a grid is read without loading what reads rasters from the cloud.
Outcomes on the real bundled data."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from placeviz.analysis.change import imd_change
from placeviz.export.slides import export_slides
from placeviz.model.catalog import load_catalog
from placeviz.model.mapdata import map_data

ROOT = Path(__file__).resolve().parents[1]
CHANGE = "imd_decile_change_2019_2025"


def test_one_places_change_map_is_englands_change_for_that_place(registered):
    from placeviz.analysis.change import place_change_map_data

    cat = load_catalog()
    cat.remove(CHANGE)
    md = place_change_map_data(imd_change("2019-2025", "Knowsley"))
    assert CHANGE not in cat  # England's change was not worked out for it
    registered.append(CHANGE)
    england = map_data("Knowsley", "lsoa", CHANGE, geometry=False)  # the catalog's layer, from England's change
    assert md.frame["code"].tolist() == england.frame["code"].tolist()
    assert len(md.frame) == 100  # Knowsley's 2021 neighbourhoods
    np.testing.assert_array_equal(md.values, england.values)
    assert int((md.values > 0).sum()) == int((england.values > 0).sum()) > 0  # moved to less deprived deciles
    for field in ("id", "title", "unit", "unit_long", "description", "caveats", "nodata_label", "period"):
        assert getattr(md.layer, field) == getattr(england.layer, field), field


def test_the_deck_does_not_work_out_englands_change(tmp_path, registered):
    load_catalog().remove(CHANGE)
    export_slides("Knowsley", tmp_path / "d.pptx")
    assert CHANGE not in load_catalog()
    from pptx import Presentation

    change = list(Presentation(str(tmp_path / "d.pptx")).slides)[6]
    assert change.shapes.title.text == "Change in Knowsley, IoD 2019 to IoD 2025"
    pictures = [s for s in change.shapes if s.shape_type == 13]
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == "Map of Change in IMD decile, 2019 to 2025, Knowsley."


def test_a_grid_is_read_without_boto3():
    code = ("import json, sys\n"
            "import numpy as np\n"
            "from placeviz.model.raster import read_grid\n"
            "g = read_grid('layers/rasters/no2_2023.tif')\n"
            "print(json.dumps({'boto3': 'boto3' in sys.modules, 'shape': g.values.shape,\n"
            "                  'cells': int(np.isfinite(g.values).sum()), 'words': g.cell_words()}))\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["boto3"] is False
    assert got["shape"] == [89, 90] and got["words"] == "1 km grid squares"
    assert got["cells"] == 7365

