"""Issue 13 in the importer: files that hung it, crashed it, were misdiagnosed or were slow.

Every file is generated here (openpyxl writes the workbooks; the damaged ones are edited inside the zip).
What could hang or eat memory runs in a child process with a timeout and a memory limit.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from placeviz.imports import ImportFileError, import_file, import_table
from placeviz.model.geography import attributes

ROOT = Path(__file__).resolve().parents[1]
LAS = ["E06000001", "E06000002", "E06000003", "E06000004", "E06000005"]


def _workbook(path: Path, rows: list[list], title: str = "Data", more=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    if more:
        more(wb, ws)
    wb.save(path)
    return path


def _table_rows() -> list[list]:
    return [["Area code", "Rate"]] + [[c, 1.5 + i] for i, c in enumerate(LAS)]


def _limit_memory(gb: float):
    def limit():
        lim = int(gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
    return limit


def _run(args: list[str], timeout: float = 60, memory_gb: float = 3, stdin: bytes | None = None):
    """``placeviz import ...`` in a child process that is stopped after ``timeout`` seconds or past
    ``memory_gb`` of address space: (exit code, stdout, stderr), or None if it had to be stopped."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    try:
        p = subprocess.run([sys.executable, "-m", "placeviz", "import", *args], capture_output=True, env=env,
                           timeout=timeout, preexec_fn=_limit_memory(memory_gb), input=stdin)
    except subprocess.TimeoutExpired:
        return None
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def _edit_member(src: Path, dst: Path, member: str, edit) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, edit(data) if info.filename == member else data)
    return dst


def _ole(names: list[str]) -> bytes:
    """A compound (OLE) file's header and directory entries, enough to sniff (names are UTF-16)."""
    out = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    for n in names:
        e = n.encode("utf-16-le") + b"\x00\x00"
        out += e + b"\x00" * (128 - len(e))
    return bytes(out)


# ------------------------------------------------------------------ 1. a stray cell far from the table


def test_stray_cell_at_xfd1048576_does_not_hang(tmp_path):
    path = _workbook(tmp_path / "stray.xlsx", _table_rows(),
                     more=lambda wb, ws: ws.cell(row=1_048_576, column=16_384, value="x"))
    got = _run([str(path)], timeout=30)
    assert got is not None, "the import hung (stopped after 30 s or past 3 GB)"
    rc, out, err = got
    assert rc == 0, err
    assert "5 of 5 rows matched" in out and "Stopped reading sheet 'Data' after row 6" in out


def test_stray_cells_far_right_and_below_are_left_out(tmp_path):
    def stray(wb, ws):
        ws.cell(row=3, column=16_000, value=7)  # on a data row, far to the right
        ws.cell(row=50_000, column=1, value="E06000009")  # far below the table

    result = import_table(_workbook(tmp_path / "stray2.xlsx", _table_rows(), more=stray))
    rep = result.report
    assert rep.matched == 5 and rep.columns == ["Area code", "Rate"]
    assert any("more than 256 empty columns" in n for n in rep.notes)
    assert any("Stopped reading" in n for n in rep.notes)


# ------------------------------------------------------------------ 2. damaged and disguised workbooks


@pytest.mark.parametrize("damage", [
    lambda b: b.replace(b"</row>", b"</rw>", 1),  # a broken tag
    lambda b: b[: len(b) // 2],  # cut short
])
def test_corrupt_sheet_xml_is_one_sentence(tmp_path, capsys, damage):
    from placeviz.cli import main

    good = _workbook(tmp_path / "good.xlsx", _table_rows())
    bad = _edit_member(good, tmp_path / "bad.xlsx", "xl/worksheets/sheet1.xml", damage)
    rc = main(["import", str(bad)])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err
    assert "sheet 'Data' of bad.xlsx is damaged" in err and "save it again" in err


def test_password_protected_workbook_is_named_so(tmp_path):
    path = tmp_path / "protected.xlsx"
    path.write_bytes(_ole(["Root Entry", "EncryptionInfo", "EncryptedPackage"]))
    with pytest.raises(ImportFileError, match=r"protected by a password.*remove the password"):
        import_file(path)


def test_xls_renamed_xlsx_says_what_it_is(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(_ole(["Root Entry", "Workbook"]))
    with pytest.raises(ImportFileError, match=r"old Excel 97-2003 workbook \(\.xls\) despite its \.xlsx ending"):
        import_file(path)


def test_xlsx_renamed_csv_reads_as_a_workbook(tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes(_workbook(tmp_path / "t.xlsx", _table_rows()).read_bytes())
    result = import_file(path)
    assert result.report.matched == 5 and result.report.value_column == "Rate"


def test_csv_renamed_xlsx_reads_as_text(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_text("code,rate\n" + "".join(f"{c},{i}\n" for i, c in enumerate(LAS)))
    result = import_file(path)
    assert result.report.matched == 5
    assert any("text table despite its .xlsx ending" in n for n in result.report.notes)


# ------------------------------------------------------------------ 3. periods and formulas


def test_nomis_workbook_period_is_the_data_date_not_the_download_date(tmp_path):
    rows = [["Annual Population Survey"],
            ["ONS Crown Copyright Reserved [from Nomis on 6 December 2026]"],
            ["Date :", "Jan 2023-Dec 2023"], [],
            ["local authority", "mnemonic", "% employees"]] + [[c, c, 4.5] for c in LAS]
    result = import_table(_workbook(tmp_path / "nomis.xlsx", rows))
    assert result.layer.period == "Jan 2023-Dec 2023"


def test_ons_workbook_release_date_is_not_the_period(tmp_path):
    rows = [["Released 26 September 2024"], ["Population estimates for mid-2022"], [],
            ["LA code", "Population"]] + [[c, 1000] for c in LAS]
    result = import_table(_workbook(tmp_path / "ons.xlsx", rows))
    assert result.layer.period == "2022"


def test_multi_year_sheet_labels_each_column_with_its_own_year(tmp_path):
    rows = [["Population estimates, mid-2021 edition"], [],
            ["LA code", "2019", "2020", "2021"]] + [[c, 1, 2, 3] for c in LAS]
    path = _workbook(tmp_path / "years.xlsx", rows)
    assert import_table(path, value_column="2020").layer.period == "2020"
    assert import_table(path, value_column="2021").layer.period == "2021"


def test_formula_column_without_cached_values_is_said_not_replaced(tmp_path):
    # openpyxl saves formulas without their values, as a workbook written by a program and never opened
    rows = [["Area code", "Rate", "Count"]] + [[c, f"=C{i + 2}/10", 10 + i] for i, c in enumerate(LAS)]
    path = _workbook(tmp_path / "formulas.xlsx", rows)
    with pytest.raises(ImportFileError, match=r"Column 'Rate' of formulas.xlsx holds formulas that were never "
                                              r"calculated.*save it"):
        import_table(path)
    with pytest.raises(ImportFileError, match="never calculated"):
        import_table(path, value_column="Rate")
    named = import_table(path, value_column="Count")  # the user chose the other column: read, with a warning
    assert named.report.value_column == "Count"
    assert any("never calculated" in w for w in named.report.warnings)


# ------------------------------------------------------------------ 4. a very large GeoTIFF


def test_large_geotiff_is_read_averaged_within_a_few_hundred_mb(tmp_path):
    rasterio = pytest.importorskip("rasterio")
    import numpy as np
    from rasterio.transform import from_origin

    path = tmp_path / "big.tif"
    n = 20_000  # 10 m cells over 200 km: 400 M cells, 1.6 GB as float32; sparse, so the file is tiny
    with rasterio.open(path, "w", driver="GTiff", width=n, height=n, count=1, dtype="float32", crs="EPSG:27700",
                       transform=from_origin(330_000, 400_000, 10, 10), nodata=-9999, tiled=True,
                       blockxsize=512, blockysize=512, compress="deflate", sparse_ok=True) as dst:
        yy, xx = np.mgrid[0:2048, 0:2048]
        dst.write((xx * 0.01 + yy * 0.02).astype("float32"), 1, window=rasterio.windows.Window(0, 0, 2048, 2048))
    assert path.stat().st_size < 5_000_000
    script = ("import resource, sys\nfrom placeviz.imports import import_raster\n"
              f"r = import_raster({str(path)!r})\n"
              # VmHWM is this program's own peak; ru_maxrss would keep the forking pytest's size across exec
              "hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM')]\n"
              "peak = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "print(r.report.with_value, peak // 1024)\n"
              "print(*r.report.notes, sep='\\n')\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300,
                       preexec_fn=_limit_memory(6))
    assert p.returncode == 0, (p.stdout[-500:], p.stderr[-2000:])
    first, *notes = p.stdout.splitlines()
    with_value, peak_mb = map(int, first.split())
    assert with_value > 100  # the LSOAs under the written block
    assert peak_mb < 900, f"peak {peak_mb} MB"
    assert any("averaged 10x10 on reading" in n for n in notes)


# ------------------------------------------------------------------ 5. devices and standard input


def test_device_file_is_refused_before_reading():
    got = _run(["/dev/zero"], timeout=30)
    assert got is not None, "reading /dev/zero did not stop"
    rc, _out, err = got
    assert rc == 2 and "not a regular file" in err and "placeviz import -" in err


def test_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = _run([str(fifo)], timeout=30)  # opening a pipe nobody writes to would wait for ever
    assert got is not None, "the import waited on the pipe"
    rc, _out, err = got
    assert rc == 2 and "not a regular file" in err


def test_stdin_keeps_every_byte(tmp_path):
    # well over 8 KB, with the header in the first bytes: nothing sniffed may be lost
    a = attributes("lsoa21")
    text = "LSOA code,Rate\n" + "".join(f"{c},{i % 97}.5\n" for i, c in enumerate(a.code[:2000]))
    assert len(text) > 20_000
    got = _run(["-"], stdin=text.encode(), timeout=60)
    assert got is not None
    rc, out, err = got
    assert rc == 0, err
    assert "2,000 of 2,000 rows matched" in out
    xlsx = _workbook(tmp_path / "t.xlsx", _table_rows())
    rc, out, err = _run(["-"], stdin=xlsx.read_bytes(), timeout=60)
    assert rc == 0 and "5 of 5 rows matched" in out, err


# ------------------------------------------------------------------ 6. big workbooks and wide CSVs


def test_only_the_chosen_sheet_is_parsed(tmp_path, monkeypatch):
    from placeviz.imports import workbook

    def more(wb, ws):
        for k in range(3):
            s = wb.create_sheet(f"Other {k}")
            for r in _table_rows():
                s.append(r)

    path = _workbook(tmp_path / "sheets.xlsx", _table_rows(), more=more)
    read = []
    real = workbook.Workbook.read
    monkeypatch.setattr(workbook.Workbook, "read", lambda self, name: read.append(name) or real(self, name))
    assert import_table(path, sheet=2).report.sheet == "Other 0"
    assert read == ["Other 0"]


def test_wide_workbook_and_csv_read_in_linear_time(tmp_path):
    """A slice of the ONS small-area shape (96 columns) and of a 150-column CSV: the cost per cell stays
    small (the full sizes are in benchmarks/bench_imports.py)."""
    a = attributes("lsoa21")
    n = 3000
    codes, names = list(a.code[:n]), list(a.name[:n])
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Mid-2022 LSOA 2021")
    ws.append(["LAD 2021 Code", "LAD 2021 Name", "LSOA 2021 Code", "LSOA 2021 Name", "Total"]
              + [f"F{k}" for k in range(91)])
    for i, (c, nm) in enumerate(zip(codes, names, strict=True)):
        ws.append(["E06000001", "Hartlepool", c, nm] + [(i * 7 + k) % 200 for k in range(92)])
    wb.save(tmp_path / "wide.xlsx")
    with open(tmp_path / "wide.csv", "w") as f:
        f.write("LSOA code,LSOA name," + ",".join(f"Indicator {k} rate" for k in range(150)) + "\n")
        for i, (c, nm) in enumerate(zip(codes, names, strict=True)):
            f.write(f'{c},"{nm}",' + ",".join(f"{((i + k) % 977) / 7:.4f}" for k in range(150)) + "\n")
    for name, cells in (("wide.xlsx", n * 96), ("wide.csv", n * 152)):
        t = time.perf_counter()
        result = import_table(tmp_path / name)
        seconds = time.perf_counter() - t
        assert result.report.matched == n
        # about 1 µs a cell on a quiet machine; the bound allows a busy CI runner (it was 10-30 µs before)
        assert seconds / cells < 8e-6, f"{name}: {seconds:.2f} s for {cells:,} cells"


def test_rows_with_no_code_are_not_one_duplicated_code(tmp_path):
    """Rows with a blank code (a merged cell's rows below its first) were reported as one code appearing more
    than once: "the first row of each is used:  (lines 3, 5, 7, 9)" (from a hostile run)."""
    from placeviz.imports import import_table
    from placeviz.model.geography import attributes

    codes = list(attributes("lsoa21")["code"][:4])
    csv = tmp_path / "blank.csv"
    csv.write_text("code,value\n" + "".join(f"{c},{i}\n,{50 + i}\n" for i, c in enumerate(codes)), encoding="utf-8")
    report = import_table(csv).report
    assert report.duplicates == [] and "more than once" not in report.text()
    assert sum(1 for _, code, why in report.unmatched if code == "" and why == "no code") >= 3
