"""Workspaces: round trips, atomic saves that survive a crash, refusal of damaged or newer files, checksums,
and crash recovery."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from placeviz.imports import add_to_catalog, import_table, read_boundaries, remove_from_catalog
from placeviz.model.catalog import load_catalog
from placeviz.model.mapdata import map_data
from placeviz.model.spec import Classification, ComparisonSpec, MapSpec
from placeviz.workspace import (
    VERSION,
    Autosaver,
    Comparison,
    ImportedLayer,
    SavedAreas,
    Workspace,
    WorkspaceError,
    find_recoverable,
    open_workspace,
    recover,
    save_workspace,
)

NOMIS = Path(__file__).parent / "data" / "nomis_aps_nonpermanent_lad.csv"


@pytest.fixture
def imported(tmp_path):
    """An imported Nomis layer (from a copy of the fixture, so tests may change the source file)."""
    src = tmp_path / "aps.csv"
    src.write_bytes(NOMIS.read_bytes())
    result = import_table(src, name="Non-permanent employment (test values)")
    add_to_catalog(result)
    yield result
    remove_from_catalog(result.layer.id)


@pytest.fixture
def workspace(imported, tmp_path):
    from placeviz.model.geography import boundaries

    g = boundaries("msoa11")
    g = g[g.lad21_code == "E08000012"].head(5)[["code", "name", "geometry"]]
    p = tmp_path / "wards.gpkg"
    g.to_file(p, driver="GPKG")
    areas = read_boundaries(p)
    lid = imported.layer.id
    return Workspace(
        maps=[MapSpec(place="Liverpool City Region", level="la", layer=lid,
                      classification=Classification("quantiles", 5, palette="viridis")),
              MapSpec(place="Liverpool", level="lsoa", layer="imd2019", selection=("E01006512",),
                      extent=(330000.0, 380000.0, 345000.0, 395000.0))],
        comparisons=[Comparison(ComparisonSpec(panes=(MapSpec(layer="imd2019"), MapSpec(layer=lid, level="la")),
                                               shared_scale=False, linked=True, mode="places"))],
        imported=[ImportedLayer.from_result(imported)],
        areas=[SavedAreas("my wards", areas.areas, areas.source_path, areas.source_sha256, layer_id="imd2019")],
        active=1, title="Insecure work in the city region",
    )


def test_round_trip(workspace, tmp_path, imported):
    path = save_workspace(workspace, tmp_path / "mine")
    assert path.suffix == ".placeviz" and workspace.path == str(path)
    lid = imported.layer.id
    remove_from_catalog(lid)  # a fresh session: the imported layer comes back from the workspace
    assert lid not in load_catalog()
    ws = open_workspace(path)
    assert ws.maps == workspace.maps
    assert [c.to_dict() for c in ws.comparisons] == [c.to_dict() for c in workspace.comparisons]
    assert ws.active == 1 and ws.title == workspace.title and ws.warnings == []
    assert ws.imported[0].layer == imported.layer
    pd.testing.assert_frame_equal(ws.imported[0].frame, imported.frame, check_names=False)
    assert int(ws.imported[0].frame["value"].isna().sum()) == imported.report.no_data
    assert ws.imported[0].source_sha256 == imported.source_sha256
    # the map the workspace names draws the same values as before
    md = map_data(ws.maps[0].place, ws.maps[0].level, ws.maps[0].layer)
    expect = imported.frame["value"].reindex(md.frame["code"]).to_numpy()
    np.testing.assert_array_equal(md.frame["value"].to_numpy(), expect)
    a0, a1 = workspace.areas[0].areas, ws.areas[0].areas
    assert list(a1["code"]) == list(a0["code"]) and a1.crs.to_epsg() == 27700
    assert all(x.equals_exact(y, 0) for x, y in zip(a0.geometry, a1.geometry, strict=True))
    # saving again gives the same content apart from the time stamp
    again = save_workspace(ws, tmp_path / "again.placeviz")
    d1, d2 = json.loads(path.read_text()), json.loads(again.read_text())
    d1.pop("saved_at"), d2.pop("saved_at")
    assert d1 == d2


def test_comparisons_of_workspaces_saved_before_comparison_specs_still_open(tmp_path):
    """A workspace from before ComparisonSpec: a comparison was a left and a right map with untyped options."""
    old = {"format": "placeviz-workspace", "version": 1, "saved_at": "2026-11-30T10:00:00Z", "placeviz": "0.1.0",
           "title": "", "active": 0, "maps": [MapSpec(place="Liverpool").to_dict()],
           "comparisons": [{"left": MapSpec(place="Liverpool", layer="imd2019").to_dict(),
                            "right": MapSpec(place="Liverpool", layer="imd2025").to_dict(),
                            "options": {"shared_scale": False, "linked": True, "mode": "side_by_side"}},
                           {"left": MapSpec(place="Wirral").to_dict(), "right": MapSpec(place="Sefton").to_dict()}],
           "imported": [], "areas": []}
    path = tmp_path / "old.placeviz"
    path.write_text(json.dumps(old), encoding="utf-8")
    ws = open_workspace(path)
    assert [c.spec for c in ws.comparisons] == [
        ComparisonSpec(panes=(MapSpec(place="Liverpool", layer="imd2019"), MapSpec(place="Liverpool", layer="imd2025")),
                       shared_scale=False, linked=True, mode="places"),
        ComparisonSpec(panes=(MapSpec(place="Wirral"), MapSpec(place="Sefton")))]
    # saved again, each comparison keeps its left and right maps for older placeviz versions to read
    doc = json.loads(save_workspace(ws, tmp_path / "new.placeviz").read_text(encoding="utf-8"))
    first = doc["comparisons"][0]
    assert first["left"]["layer"] == "imd2019" and first["right"]["layer"] == "imd2025"
    assert ComparisonSpec.from_dict(first["comparison"]) == ws.comparisons[0].spec


def test_a_damaged_comparison_is_refused_with_a_sentence(workspace, tmp_path):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["comparisons"][0]["comparison"]["mode"] = "sideways"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(WorkspaceError, match="Unknown comparison view 'sideways'"):
        open_workspace(path)


def test_file_is_plain_json_with_checksums(workspace, tmp_path):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "placeviz-workspace" and doc["version"] == VERSION
    imp = doc["imported"][0]
    assert len(imp["data_sha256"]) == 64 and len(imp["source"]["sha256"]) == 64
    assert imp["layer"]["theme"] == "imported"
    assert None in imp["data"]["values"]  # no data stays no data (not NaN, which is not JSON)


def _crash(*args, **kwargs):
    raise RuntimeError("simulated crash while saving")


def test_crash_during_save_leaves_previous_file_intact(workspace, tmp_path, monkeypatch):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    before = path.read_bytes()
    workspace.maps.append(MapSpec(layer="imd2025"))
    monkeypatch.setattr(os, "replace", _crash)
    with pytest.raises(RuntimeError):
        save_workspace(workspace, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # no stray temp files
    monkeypatch.undo()
    assert len(open_workspace(path).maps) == 2


def test_disk_error_during_write_is_a_clear_message(workspace, tmp_path, monkeypatch):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    before = path.read_bytes()

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WorkspaceError, match="previous file is unchanged"):
        save_workspace(workspace, path)
    assert path.read_bytes() == before


def test_crash_in_a_real_process_mid_write(workspace, tmp_path):
    """A process killed during the write (os._exit before the rename) leaves the old file whole."""
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    before = path.read_bytes()
    code = f"""
import os, placeviz.workspace as w
real = os.replace
def die(*a, **k):
    os._exit(9)
os.replace = die
w.atomic_write({str(path)!r}, b'{{"format": "placeviz-workspace", "version": 1, "maps": [')
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert proc.returncode == 9
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage,words", [
    (lambda b: b[: len(b) // 2], "truncated"),
    (lambda b: b[:200] + b"\x00garbage}" + b[200:], "corrupted"),
    (lambda b: b"", "empty"),
    (lambda b: b"\xff\xfe\x00junk", "not a placeviz workspace"),
    (lambda b: b'{"format": "something-else", "version": 1}', "not a placeviz workspace"),
    (lambda b: b.replace(f'"version": {VERSION},'.encode(), f'"version": {VERSION + 1},'.encode(), 1),
     "newer placeviz"),
    (lambda b: b.replace(f'"version": {VERSION},'.encode(), b'"version": "one",', 1), "no valid format version"),
])
def test_damaged_and_newer_files_are_refused_and_left_alone(workspace, tmp_path, damage, words):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    bad = damage(path.read_bytes())
    path.write_bytes(bad)
    with pytest.raises(WorkspaceError, match=words):
        open_workspace(path)
    assert path.read_bytes() == bad
    with pytest.raises(WorkspaceError, match="will not overwrite"):
        save_workspace(workspace, path)
    assert path.read_bytes() == bad
    save_workspace(workspace, path, force=True)  # only when the user says so
    assert open_workspace(path).title == workspace.title


def test_checksum_mismatch_of_imported_data_is_detected(workspace, tmp_path):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    doc = json.loads(path.read_text())
    values = doc["imported"][0]["data"]["values"]
    i = next(k for k, v in enumerate(values) if v is not None)
    values[i] = values[i] + 1.0
    path.write_text(json.dumps(doc))
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="do not match their checksum"):
        open_workspace(path)
    assert path.read_bytes() == before


def test_checksum_mismatch_of_areas_is_detected(workspace, tmp_path):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    doc = json.loads(path.read_text())
    doc["areas"][0]["data"]["codes"][0] = "E02999999"
    path.write_text(json.dumps(doc))
    with pytest.raises(WorkspaceError, match="checksum"):
        open_workspace(path)


def test_changed_source_file_is_reported(workspace, tmp_path, imported):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    Path(imported.source_path).write_text("changed since\n")
    ws = open_workspace(path)
    assert any("has changed since" in w for w in ws.warnings)
    # the values are the ones imported, not re-read
    pd.testing.assert_frame_equal(ws.imported[0].frame, imported.frame, check_names=False)


def test_bad_map_in_workspace_is_a_clear_message(workspace, tmp_path):
    path = save_workspace(workspace, tmp_path / "w.placeviz")
    doc = json.loads(path.read_text())
    doc["maps"][0]["level"] = "street"
    path.write_text(json.dumps(doc))
    with pytest.raises(WorkspaceError, match="Unknown geography level"):
        open_workspace(path)


def test_missing_layer_is_a_warning(tmp_path):
    ws = Workspace(maps=[MapSpec(layer="imported_gone")])
    path = save_workspace(ws, tmp_path / "w.placeviz")
    got = open_workspace(path)
    assert got.maps[0].layer == "imported_gone"
    assert any("imported_gone" in w for w in got.warnings)


def test_missing_and_folder_paths(tmp_path):
    with pytest.raises(WorkspaceError, match="does not exist"):
        open_workspace(tmp_path / "nope.placeviz")
    with pytest.raises(WorkspaceError, match="folder"):
        open_workspace(tmp_path)
    with pytest.raises(WorkspaceError, match="does not exist"):
        save_workspace(Workspace(), tmp_path / "no" / "such" / "dir" / "w.placeviz")


# ----------------------------------------------------------------------------------------- recovery


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_autosave_of_a_crashed_session_is_offered_and_recovered(workspace, tmp_path, imported):
    rec = tmp_path / "recovery"
    saved = save_workspace(workspace, tmp_path / "w.placeviz")
    workspace.maps.append(MapSpec(place="Wirral", layer="life_expectancy_female", level="msoa"))
    crashed = Autosaver(rec, pid=_dead_pid())
    crashed.save(workspace)
    live = Autosaver(rec)  # this process: still running, so not offered
    live.save(Workspace(maps=[MapSpec()]))
    found = find_recoverable(rec)
    assert [f.pid for f in found] == [crashed.pid]
    info = found[0]
    assert info.maps == 3 and info.original == str(saved)
    assert "unsaved changes to w.placeviz" in info.describe()
    ws = recover(info)
    assert ws.maps == workspace.maps and ws.path == str(saved)
    assert ws.warnings[0].startswith("Recovered")
    # the saved workspace is untouched until the user saves the recovered work
    assert len(open_workspace(saved).maps) == 2
    from placeviz.workspace import discard_recovery

    discard_recovery(info)
    assert find_recoverable(rec) == []
    live.discard()
    assert not live.path.exists()


def test_recovery_dir_from_environment(monkeypatch, tmp_path):
    from placeviz.workspace import recovery_dir

    monkeypatch.setenv("PLACEVIZ_RECOVERY_DIR", str(tmp_path / "r"))
    assert recovery_dir() == tmp_path / "r"
    assert find_recoverable() == []


def test_damaged_autosave_is_skipped_not_deleted(tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    bad = rec / f"autosave-{_dead_pid()}.placeviz"
    bad.write_bytes(b'{"format": "placeviz-workspace", "vers')
    assert find_recoverable(rec) == []
    assert bad.exists()


def test_capture_collects_this_sessions_imports(imported, tmp_path):
    ws = Workspace.capture(maps=[MapSpec(layer=imported.layer.id, level="la")], title="t")
    ids = [x.layer.id for x in ws.imported]
    assert imported.layer.id in ids
    mine = ws.imported[ids.index(imported.layer.id)]
    assert mine.source_sha256 == imported.source_sha256 and mine.source_path == imported.source_path
    path = save_workspace(ws, tmp_path / "c.placeviz")
    remove_from_catalog(imported.layer.id)
    assert imported.layer.id not in [x.layer.id for x in Workspace.capture().imported]
    reopened = open_workspace(path)
    # reopened imports count as this session's imports again, so the next save keeps them
    assert imported.layer.id in [x.layer.id for x in Workspace.capture().imported]
    assert reopened.imported[ids.index(imported.layer.id)].source_sha256 == imported.source_sha256


def test_a_workspace_layer_with_a_bundled_id_never_stands_in_for_it(imported, tmp_path):
    """A workspace carrying its own layer under a bundled id ('imd2019', other values) opened under MHCLG's
    name with only a generic warning (issue 13): it now opens under an id of its own, with its maps."""
    from dataclasses import replace

    own = ImportedLayer.from_result(imported)
    own = replace(own, layer=replace(own.layer, id="imd2019"))
    ws = Workspace(maps=[MapSpec(place="Liverpool City Region", level="la", layer="imd2019",
                                 classification=Classification("quantiles", 5, palette="viridis"))],
                   imported=[own])
    opened = open_workspace(save_workspace(ws, tmp_path / "disguised"))
    new_id = opened.maps[0].layer
    try:
        assert new_id != "imd2019" and new_id.startswith("imported_")
        cat = load_catalog()
        assert cat.get("imd2019").dataset.publisher.startswith("Ministry of Housing")
        assert cat.get(new_id).title == imported.layer.title
        assert any(f"opens as {new_id!r}" in w for w in opened.warnings)
        theirs = map_data("Liverpool City Region", "la", new_id).frame.set_index("code")["value"]
        ours = map_data("Liverpool City Region", "la", imported.layer.id).frame.set_index("code")["value"]
        pd.testing.assert_series_equal(theirs, ours, check_names=False)
    finally:
        remove_from_catalog(new_id)


def test_saving_over_a_workspace_placeviz_read_or_wrote_does_not_read_it_again(workspace, tmp_path, monkeypatch):
    """The file being replaced is read only to refuse one placeviz cannot read: not when this process has just
    read or written it, unchanged; a file changed since is still read (and refused when damaged)."""
    from placeviz.workspace import files

    path = save_workspace(workspace, tmp_path / "w.placeviz")
    other = save_workspace(workspace, tmp_path / "other.placeviz")
    opened = open_workspace(other)
    reads = []
    real = files.read_workspace_dict
    monkeypatch.setattr(files, "read_workspace_dict", lambda p: reads.append(Path(p).name) or real(p))
    save_workspace(workspace, path)  # written by this process
    save_workspace(opened, other)  # read by this process
    assert reads == []
    other.write_bytes(other.read_bytes()[:-40])  # changed (here truncated) by someone else
    with pytest.raises(WorkspaceError, match="will not overwrite"):
        save_workspace(opened, other)
    assert reads == ["other.placeviz"]
    assert open_workspace(path).maps == workspace.maps
