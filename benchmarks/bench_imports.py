"""Timing of imports on England-sized inputs (not a test).

    python benchmarks/bench_imports.py

Measures: a CSV of every LSOA 2021 (33,755 rows, 4 columns), the same as XLSX, the LSOA 2011 -> 2021
conversion of every LSOA 2011, a layer for 1,000 user areas covering England (overlay and point), the
zonal mean of the bundled 1 km NO2 raster to LSOAs, a workspace save and open with that layer, and two
wide shapes (issue 13): a workbook shaped like ONS's small-area population estimates (3 sheets x 33,755
rows x 96 columns, read with --sheet 1 and with the sheet chosen) and a CSV with 150 value columns, each
with its peak memory (the process's, so far). Values are generated (seeded), not real statistics.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from placeviz.imports import (
    add_to_catalog,
    convert_lsoa11_to_lsoa21,
    import_raster,
    import_table,
    layer_for_areas,
)
from placeviz.model.bundle import layers_dir
from placeviz.model.geography import attributes, boundaries
from placeviz.workspace import ImportedLayer, Workspace, open_workspace, save_workspace


def timed(label: str, fn, repeat: int = 3):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    print(f"{label:<58} {best * 1000:9.0f} ms")
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _col(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def write_ons_shape(path: Path, a21, rng, sheets: int = 3, values: int = 92) -> None:
    """A workbook shaped like ONS's small-area population estimates, its XML written directly (openpyxl
    would take minutes): a title, a header, then one row per LSOA with its LA, names and 92 counts."""
    strings: dict[str, int] = {}

    def s(text: str) -> str:
        return str(strings.setdefault(text, len(strings)))

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    header = ["LAD 2021 Code", "LAD 2021 Name", "LSOA 2021 Code", "LSOA 2021 Name", "Total"] + [
        f"F{k}" for k in range(values - 1)]
    last = f"{_col(len(header) - 1)}{len(a21) + 3}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for k in range(1, sheets + 1):
            with z.open(f"xl/worksheets/sheet{k}.xml", "w", force_zip64=True) as f:
                f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><dimension ref="A1:{last}"/>'
                        f'<sheetData><row r="1"><c r="A1" t="s"><v>{s("Mid-2022 LSOA 2021 population")}</v></c>'
                        '</row><row r="3">'.encode()
                        + "".join(f'<c r="{_col(j)}3" t="s"><v>{s(h)}</v></c>' for j, h in enumerate(header)).encode()
                        + b"</row>")
                counts = rng.integers(0, 200, (len(a21), values))
                cols = [_col(j) for j in range(4 + values)]
                for i, (code, name, vals) in enumerate(zip(a21.code, a21.name, counts, strict=True), 4):
                    cells = [s("E06000001"), s("Hartlepool"), s(code), s(name)]
                    row = "".join(f'<c r="{cols[j]}{i}" t="s"><v>{v}</v></c>' for j, v in enumerate(cells))
                    row += "".join(f'<c r="{cols[j + 4]}{i}"><v>{v}</v></c>' for j, v in enumerate(vals.tolist()))
                    f.write(f'<row r="{i}">{row}</row>'.encode())
                f.write(b"</sheetData></worksheet>")
        sheet_ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   'xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="{sheet_ct}"/>'
                             for k in range(1, sheets + 1)) + "</Types>")
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets>'
                   + "".join(f'<sheet name="Mid-2022 LSOA 2021 {k}" sheetId="{k}" r:id="rId{k}"/>'
                             for k in range(1, sheets + 1)) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{k}" Type="{rel}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                             for k in range(1, sheets + 1))
                   + f'<Relationship Id="rId{sheets + 1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
                   "</Relationships>")
        from xml.sax.saxutils import escape

        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {ns}>'
                   + "".join(f"<si><t>{escape(t)}</t></si>" for t in strings) + "</sst>")


def main() -> None:
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        a21 = attributes("lsoa21")
        csv = d / "lsoa21.csv"
        vals = rng.gamma(4, 5, len(a21))
        csv.write_text("Table: test values\n\nLSOA code,LSOA name,Rate (%),Count\n" + "".join(
            f'{c},"{n}",{v:.1f}%,"{int(v * 123):,}"\n' for c, n, v in zip(a21.code, a21.name, vals, strict=True))
            + "\nNotes: test values\n")
        r = timed("CSV, 33,755 LSOA 2021 rows", lambda: import_table(csv))
        assert r.report.matched == len(a21)

        import openpyxl

        xlsx = d / "lsoa21.xlsx"
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append(["LSOA code", "Rate"])
        for c, v in zip(a21.code, vals, strict=True):
            ws.append([c, float(v)])
        wb.save(xlsx)
        timed("XLSX, 33,755 LSOA 2021 rows", lambda: import_table(xlsx), repeat=1)

        ons = d / "ons_small_area.xlsx"
        write_ons_shape(ons, a21, rng)
        print(f"(ONS-shaped workbook: 3 sheets x {len(a21):,} rows x 96 columns, {ons.stat().st_size / 1e6:.0f} MB)")
        r = timed("XLSX, ONS small-area shape, --sheet 1", lambda: import_table(ons, sheet=1), repeat=1)
        assert r.report.matched == len(a21)
        print(f"{'   peak memory so far':<58} {peak_mb():9.0f} MB")
        timed("XLSX, ONS small-area shape, sheet chosen (all 3 read)", lambda: import_table(ons), repeat=1)
        print(f"{'   peak memory so far':<58} {peak_mb():9.0f} MB")

        wide = d / "wide.csv"
        with open(wide, "w") as f:
            f.write("LSOA code,LSOA name," + ",".join(f"Indicator {k} rate" for k in range(150)) + "\n")
            for c, n, v in zip(a21.code, a21.name, rng.gamma(4, 5, (len(a21), 150)), strict=True):
                f.write(f'{c},"{n}",' + ",".join(f"{x:.4f}" for x in v) + "\n")
        print(f"(CSV: {len(a21):,} rows x 152 columns, {wide.stat().st_size / 1e6:.0f} MB)")
        r = timed("CSV, 150 value columns", lambda: import_table(wide), repeat=1)
        assert r.report.matched == len(a21)
        print(f"{'   peak memory so far':<58} {peak_mb():9.0f} MB")

        a11 = attributes("lsoa11")
        csv11 = d / "lsoa11.csv"
        csv11.write_text("lsoa11cd,rate\n" + "".join(f"{c},{v:.2f}\n" for c, v in zip(
            a11.code, rng.gamma(4, 5, len(a11)), strict=True)))
        r11 = import_table(csv11)
        c = timed("LSOA 2011 -> 2021 conversion, all England", lambda: convert_lsoa11_to_lsoa21(r11))
        assert len(c.frame) == len(a21)

        g = boundaries("msoa21")
        areas = g.dissolve(by=np.arange(len(g)) // 7).reset_index(drop=True)
        areas["code"] = [f"A{i}" for i in range(len(areas))]
        areas["name"] = areas["code"]
        print(f"({len(areas):,} user areas covering England)")
        timed("layer_for_areas, imd2019, overlay", lambda: layer_for_areas(areas, "imd2019"), repeat=1)
        timed("layer_for_areas, imd2019, point", lambda: layer_for_areas(areas, "imd2019", method="point"),
              repeat=1)
        timed("raster zonal mean, NO2 1 km -> LSOA 2011",
              lambda: import_raster(layers_dir() / "rasters" / "no2_2023.tif"))

        layer = add_to_catalog(c)
        wsp = Workspace(maps=[], imported=[ImportedLayer.from_result(c)])
        path = timed("save workspace with a 33,755-area layer", lambda: save_workspace(wsp, d / "w.placeviz"))
        print(f"{'   workspace size':<58} {path.stat().st_size / 1e6:9.2f} MB")
        timed("open workspace with a 33,755-area layer", lambda: open_workspace(path))
        assert layer.id


if __name__ == "__main__":
    main()
