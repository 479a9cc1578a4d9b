"""Generate the binary and archive members of the malformed-input corpus (they are not committed).

    python tests/malformed/make_corpus.py DEST

Writes into DEST: random binary junk, an old-format Excel header, a damaged XLSX, a shapefile without its
.prj (as a folder and as a zip) and one without its .dbf, a raster without a CRS, a text file named .tif,
a zip-bomb-like archive (50 MB of zeros packed into ~50 KB), a zip whose member would unpack outside its
folder, and a workbook with no area codes. The text members of the corpus live next to this script.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import numpy as np


def _square_areas():
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"ward_id": ["W1", "W2"], "ward_name": ["North", "South"]},
                            geometry=[box(334000, 390000, 336000, 392000), box(334000, 388000, 336000, 390000)],
                            crs="EPSG:27700")


def make(dest: str | Path) -> dict[str, Path]:
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    rng = np.random.default_rng(7)

    p = dest / "binary_junk.csv"
    p.write_bytes(rng.integers(0, 256, 4096, dtype=np.uint8).tobytes())
    out["binary_junk"] = p

    p = dest / "old_excel.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    out["old_excel"] = p

    p = dest / "damaged.xlsx"
    p.write_bytes(b"PK\x03\x04" + rng.integers(0, 256, 2000, dtype=np.uint8).tobytes())
    out["damaged_xlsx"] = p

    # a shapefile without its .prj: as a folder, and zipped
    g = _square_areas()
    folder = dest / "shapefile_no_prj"
    folder.mkdir(exist_ok=True)
    g.to_file(folder / "wards.shp")
    (folder / "wards.prj").unlink()
    out["shp_no_prj_folder"] = folder
    p = dest / "shapefile_no_prj.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.iterdir()):
            z.write(f, f"wards/{f.name}")
    out["shp_no_prj_zip"] = p

    folder = dest / "shapefile_no_dbf"
    folder.mkdir(exist_ok=True)
    g.to_file(folder / "wards.shp")
    (folder / "wards.dbf").unlink()
    out["shp_no_dbf"] = folder / "wards.shp"

    # a raster without a CRS
    import rasterio
    from rasterio.transform import from_origin

    p = dest / "raster_no_crs.tif"
    with rasterio.open(p, "w", driver="GTiff", width=20, height=20, count=1, dtype="float32",
                       transform=from_origin(330000, 400000, 1000, 1000)) as dst:
        dst.write(np.full((1, 20, 20), 12.5, dtype="float32"))
    out["raster_no_crs"] = p

    p = dest / "not_a_raster.tif"
    p.write_text("this is not an image\n")
    out["not_a_raster"] = p

    # zip-bomb-like: one member of 50 MB of zeros, packed about a thousand times smaller
    p = dest / "zip_bomb.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z, z.open("data.csv", "w") as f:
        chunk = bytes(1 << 20)
        for _ in range(50):
            f.write(chunk)
    out["zip_bomb"] = p

    # a zip whose member would land outside the folder it is unpacked into
    p = dest / "path_traversal.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("../evil.shp", b"x" * 100)
    out["path_traversal"] = p

    # a workbook that is fine as a workbook but holds no area codes
    import openpyxl

    p = dest / "no_codes.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Area", "Rate"])
    for i in range(10):
        ws.append([f"Somewhere {i}", i * 1.5])
    wb.save(p)
    out["xlsx_no_codes"] = p
    return out


if __name__ == "__main__":
    made = make(sys.argv[1] if len(sys.argv) > 1 else "malformed_generated")
    for k, v in made.items():
        print(f"{k}: {v}")
