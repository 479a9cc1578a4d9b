"""A layer imported from standard input reopens from a workspace: its values are embedded, and a raster's
grid (which came from a stream, so has no file of the user's) is kept for the session and copied beside the
workspace when it is saved. Before, the grid's temporary copy was deleted at once: the map could not be
drawn, now or after reopening."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from placeviz.imports import add_to_catalog, import_file
from placeviz.model.bundle import layers_dir
from placeviz.model.raster import read_grid
from placeviz.model.spec import Classification, MapSpec
from placeviz.workspace import Workspace, open_workspace, save_workspace

ROOT = Path(__file__).resolve().parents[1]
NO2 = layers_dir() / "rasters" / "no2_2023.tif"

REOPEN = """
import sys
from placeviz.render.scene import build_scene
from placeviz.workspace import open_workspace
ws = open_workspace(sys.argv[1])
scene = build_scene(ws.maps[0])
print(scene.grid is not None, int((scene.data.values == scene.data.values).sum()), "|".join(ws.warnings), sep=";")
"""


def _import_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return import_file("-")


def test_a_raster_from_stdin_draws_and_reopens_with_its_grid(tmp_path, monkeypatch, registered):
    result = _import_stdin(monkeypatch, NO2.read_bytes())
    assert result.ok and Path(result.layer.raster).is_file()  # the session keeps the grid it draws
    layer = add_to_catalog(result)
    registered.append(layer.id)
    spec = MapSpec(place="Liverpool", layer=layer.id, classification=Classification("quantiles", 5))
    saved = save_workspace(Workspace.capture(maps=[spec]), tmp_path / "air.placeviz")
    doc = json.loads(saved.read_text(encoding="utf-8"))
    # (by id: layers other tests imported in this process are in the catalog, and so in the workspace, too)
    rel = next(x["layer"]["raster"] for x in doc["imported"] if x["layer"]["id"] == layer.id)
    assert rel == "air.placeviz-grids/" + Path(rel).name and (tmp_path / rel).is_file()
    np.testing.assert_array_equal(read_grid(tmp_path / rel).values, read_grid(NO2).values)
    # a new session, elsewhere: the workspace and its folder moved together
    moved = tmp_path / "moved"
    moved.mkdir()
    (tmp_path / "air.placeviz").rename(moved / "air.placeviz")
    (tmp_path / "air.placeviz-grids").rename(moved / "air.placeviz-grids")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", REOPEN, str(moved / "air.placeviz")], capture_output=True,
                         text=True, env=env, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    has_grid, n_values, warnings = out.stdout.strip().split(";", 2)
    assert has_grid == "True" and int(n_values) > 200 and warnings == ""
    # without its folder it still opens, draws the areas' values and says why the grid is missing
    (moved / "air.placeviz-grids").rename(moved / "elsewhere")
    ws = open_workspace(moved / "air.placeviz", register=False)
    assert ws.imported[0].layer.raster is None
    assert "is not where the workspace expects it" in ws.warnings[0]


def test_a_table_from_stdin_leaves_no_file_behind(monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    from placeviz.model.geography import attributes

    codes = attributes("lad24")["code"].head(12)
    csv = "Area code,Rate\n" + "".join(f"{c},{i}.5\n" for i, c in enumerate(codes))
    result = _import_stdin(monkeypatch, csv.encode())
    assert result.ok and result.layer.raster is None
    assert not list(tmp_path.glob("placeviz-stdin-*"))


def test_a_raster_from_stdin_is_kept_for_the_process_only(tmp_path):
    """The grid piped in stays while the process runs (its map is drawn from it), and is gone when it ends:
    it was left in the temporary folder for good."""
    code = ("import io, sys, tempfile\nfrom pathlib import Path\nfrom placeviz.imports import import_file\n"
            "sys.stdin = io.TextIOWrapper(io.BytesIO(Path(sys.argv[1]).read_bytes()))\n"
            "r = import_file('-')\nprint(Path(r.layer.raster).is_file())\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code, str(NO2)], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.stdout.strip() == "True", out.stderr[-2000:]
    assert not list(tmp_path.glob("placeviz-stdin-*"))


def test_saving_again_does_not_copy_the_grid_again(tmp_path, registered):
    """Every Save copied each imported grid beside the workspace again (up to 512 MB, on the app's thread)."""
    from placeviz.imports import import_raster

    layer = add_to_catalog(import_raster(NO2, level="lsoa"))
    registered.append(layer.id)
    spec = MapSpec(place="Liverpool", layer=layer.id, classification=Classification("quantiles", 5))
    path = save_workspace(Workspace.capture(maps=[spec]), tmp_path / "air.placeviz")
    copy = next((tmp_path / "air.placeviz-grids").iterdir())
    first = copy.stat().st_ino
    save_workspace(Workspace.capture(maps=[spec]), path, force=True)
    assert copy.stat().st_ino == first  # the same file: not written again
