"""Timing of imports on England-sized inputs (not a test).

    python benchmarks/bench_imports.py

Measures: a CSV of every LSOA 2021 (33,755 rows, 4 columns), the same as XLSX, the LSOA 2011 -> 2021
conversion of every LSOA 2011, a layer for 1,000 user areas covering England (overlay and point), the
zonal mean of the bundled 1 km NO2 raster to LSOAs, and a workspace save and open with that layer.
Values are generated (seeded), not real statistics.
"""

from __future__ import annotations

import sys
import tempfile
import time
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
