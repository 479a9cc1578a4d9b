"""Issue 13, rasters that used to be refused or misread: a rotated grid is resampled north-up, and integer
fill values without a nodata tag are recognised, reported, and can be overridden. Files are made here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from placeviz.imports import import_raster
from placeviz.model.bundle import layers_dir

PM25 = layers_dir() / "rasters" / "pm25_2023.tif"


def _write(path: Path, values: np.ndarray, transform, crs="EPSG:27700", nodata=None) -> Path:
    import rasterio

    with rasterio.open(path, "w", driver="GTiff", width=values.shape[1], height=values.shape[0], count=1,
                       dtype=values.dtype, crs=crs, transform=transform, nodata=nodata) as dst:
        dst.write(values, 1)
    return path


def _rotated_copy(path: Path, degrees: float, cell: float) -> Path:
    """The bundled PM2.5 grid sampled onto a grid of ``cell`` metres turned by ``degrees`` about its centre:
    the same ground values, written with a geotransform that has rotation terms."""
    import rasterio
    from affine import Affine
    from rasterio.warp import Resampling, reproject

    with rasterio.open(PM25) as src:
        values = src.read(1, masked=True).astype("float64").filled(np.nan)
        t, crs = src.transform, src.crs
    cx, cy = t @ (src.width / 2, src.height / 2)
    n = int(130_000 / cell)  # wide enough to hold the whole grid at any angle
    rotated = (Affine.translation(cx, cy) @ Affine.rotation(degrees)
               @ Affine.translation(-n * cell / 2, n * cell / 2) @ Affine.scale(cell, -cell))
    out = np.full((n, n), -9999.0, dtype="float32")
    reproject(values, out, src_transform=t, src_crs=crs, src_nodata=np.nan, dst_transform=rotated, dst_crs=crs,
              dst_nodata=-9999, resampling=Resampling.nearest)
    return _write(path, out, rotated, crs=crs, nodata=-9999)


def test_a_rotated_grid_gives_the_north_up_grids_zonal_means(tmp_path):
    """A real grid turned by 15°: its MSOA means match the north-up original's to within 2.5% everywhere
    (0.5% at the median); read as north-up, as placeviz once did, they would be kilometres out."""
    p = _rotated_copy(tmp_path / "rotated.tif", 15, 500)
    north_up = import_raster(PM25, level="msoa").frame["value"].dropna()
    got = import_raster(p, level="msoa")
    turned = got.frame["value"].dropna()
    assert abs(len(turned) - len(north_up)) <= 2 and len(north_up) > 700
    both = north_up.index.intersection(turned.index)
    assert len(both) >= len(north_up) - 2
    rel = ((turned[both] - north_up[both]) / north_up[both]).abs()
    assert rel.median() < 0.005 and rel.max() < 0.025
    assert "The grid was rotated by 15.0°; placeviz resampled it north-up" in got.report.text()


def test_a_rotated_grid_is_drawn_north_up_over_the_same_ground(tmp_path):
    from placeviz.model.raster import read_grid

    grid = read_grid(_rotated_copy(tmp_path / "turned.tif", -30, 1000))
    assert grid.transform.b == 0 and grid.transform.d == 0 and grid.transform.e < 0
    # the valid cells cover the original's extent (320-410 km east, 335-424 km north), give or take a cell
    rows, cols = np.nonzero(np.isfinite(grid.values))
    t = grid.transform
    xs, ys = t.c + (cols + 0.5) * t.a, t.f + (rows + 0.5) * t.e
    assert 319_000 < xs.min() < 322_000 and 408_000 < xs.max() < 411_000
    assert 334_000 < ys.min() < 337_000 and 422_000 < ys.max() < 425_000


# ----------------------------------------------------------------------------------------- integer fill values


def _pm25_as(dtype: str, scale: float = 100, cell_factor: int = 1) -> tuple[np.ndarray, object]:
    """The bundled PM2.5 grid as integers (hundredths of µg/m³), its no-data cells 0 for now, optionally cut
    into ``cell_factor`` x ``cell_factor`` finer cells."""
    import rasterio

    with rasterio.open(PM25) as src:
        values = src.read(1, masked=True)
        t = src.transform
    ints = np.round(values.filled(0).astype("float64") * scale).astype(dtype)
    if cell_factor > 1:
        ints = np.repeat(np.repeat(ints, cell_factor, axis=0), cell_factor, axis=1)
        t = t * t.scale(1 / cell_factor)
    return ints, t


def _with_fill(tmp_path: Path, dtype: str, fill, tagged: bool, cell_factor: int = 1) -> Path:
    ints, t = _pm25_as(dtype, cell_factor=cell_factor)
    ints[ints == 0] = fill
    f = cell_factor
    ints[10 * f:30 * f, 20 * f:50 * f] = fill  # 600 cells (at 1 km) of fill over Greater Manchester's west
    name = f"{dtype}_{fill}_{'tagged' if tagged else 'untagged'}_{f}.tif"
    return _write(tmp_path / name, ints, t, nodata=fill if tagged else None)


@pytest.mark.parametrize(("dtype", "fill"), [("int16", -9999), ("int32", -999), ("int16", -32768), ("int16", -32767),
                                             ("uint16", 65535), ("float32", -9999)])
def test_an_untagged_fill_value_is_no_data_and_the_report_says_so(tmp_path, dtype, fill):
    """-9999 or the type's extreme number, with no nodata tag: the same zonal means as the tagged file, and a
    sentence with the count and how to override."""
    tagged = import_raster(_with_fill(tmp_path, dtype, fill, True), level="msoa")
    untagged = import_raster(_with_fill(tmp_path, dtype, fill, False), level="msoa")
    pd.testing.assert_series_equal(untagged.frame["value"], tagged.frame["value"])
    assert untagged.frame["value"].dropna().between(400, 1500).all()  # 4 to 15 µg/m³, in hundredths
    text = untagged.report.text()
    ints, _ = _pm25_as(dtype)
    count = int(((ints == 0) | np.pad(np.ones((20, 30), bool), ((10, 59), (20, 40)))).sum())
    assert f"{count:,} cells hold {fill:g}, which the file does not tag as nodata" in text
    assert "--no-nodata-guess" in text and "--nodata VALUE" in text
    assert "nodata" not in tagged.report.text().replace("nodata)", "")


def test_the_guess_can_be_turned_off_and_a_fill_named(tmp_path, capsys):
    from placeviz.cli import main
    from placeviz.imports import import_file

    p = _with_fill(tmp_path, "int16", -9999, False)
    kept = import_file(p, level="msoa", guess_nodata=False)
    assert kept.frame["value"].min() < 0  # -9999 averaged in, as the user asked
    assert "fill value" not in kept.report.text() and kept.options["guess_nodata"] is False
    # 0 is never guessed (it is a real value in many layers), but can be named
    zeros, t = _pm25_as("uint16")
    zeros[10:30, 20:50] = 0
    z = _write(tmp_path / "zeros.tif", zeros, t)
    assert import_raster(z, level="msoa").frame["value"].min() < 100
    named = import_file(z, level="msoa", nodata=0)
    assert named.frame["value"].dropna().between(400, 1500).all() and named.options["nodata"] == 0
    assert "the nodata value you chose" in named.report.text()
    # the map draws the areas' values, which follow the choice, not the grid read without it
    assert named.layer.raster is None and kept.layer.raster is None
    assert import_raster(p, level="msoa").layer.raster == str(p.resolve())
    from placeviz import api

    assert api.read(z, level="msoa", nodata=0).result.frame["value"].dropna().between(400, 1500).all()
    assert main(["import", str(p), "--level", "msoa", "--no-nodata-guess"]) == 0
    assert "fill value" not in capsys.readouterr().out
    assert main(["import", str(z), "--level", "msoa", "--nodata", "0"]) == 0
    assert "the nodata value you chose" in capsys.readouterr().out


def test_real_values_are_never_taken_for_fills(tmp_path):
    """Heights below sea level, a few -999 readings, a type's extreme number amid values near it: all kept."""
    ints, t = _pm25_as("int16")
    below = ints.astype("int16") - 1200  # -1200 .. +300, no fill
    below[0:2, 0:2] = -999  # four cells only
    r = import_raster(_write(tmp_path / "below.tif", below, t), level="msoa")
    assert "fill value" not in r.report.text() and "nodata" not in r.report.text()
    tight, _ = _pm25_as("uint8", scale=20)  # 100 .. 300 would overflow: scale 20 gives about 100 .. 250
    tight[0:10, 0:10] = 255
    r = import_raster(_write(tmp_path / "tight.tif", tight, t), level="msoa")
    assert "fill value" not in r.report.text()


def test_a_fill_value_stays_out_of_the_averages_of_a_grid_read_coarser(tmp_path):
    """A grid of 50 m cells is read averaged to 100 m: the fill is found first, so no average blends it in."""
    tagged = import_raster(_with_fill(tmp_path, "int16", -9999, True, cell_factor=20), level="msoa")
    untagged = import_raster(_with_fill(tmp_path, "int16", -9999, False, cell_factor=20), level="msoa")
    assert "averaged" in untagged.report.text()
    pd.testing.assert_series_equal(untagged.frame["value"], tagged.frame["value"], rtol=1e-9)
    assert "About " in untagged.report.text() and "cells hold -9999" in untagged.report.text()


def test_an_ascii_grid_without_a_nodata_line_has_its_fill_found(tmp_path, capsys):
    """The same class in another format: an Esri ASCII grid with -9999 cells and no NODATA_value line."""
    from placeviz.cli import main

    ints, t = _pm25_as("int32")
    ints[10:30, 20:50] = -9999
    p = tmp_path / "pm25.asc"
    header = f"ncols {ints.shape[1]}\nnrows {ints.shape[0]}\nxllcorner {t.c:.0f}\nyllcorner {t.f + t.e * ints.shape[0]:.0f}\n"
    p.write_text(header + f"cellsize {t.a:.0f}\n" + "\n".join(" ".join(map(str, r)) for r in ints) + "\n")
    import rasterio

    p.with_suffix(".prj").write_text(rasterio.crs.CRS.from_epsg(27700).to_wkt())
    r = import_raster(p, level="msoa")
    assert r.frame["value"].dropna().between(400, 1500).all()
    assert f"{int((ints == -9999).sum()):,} cells hold -9999, which the file" in r.report.text()
    assert main(["import", str(p), "--level", "msoa"]) == 0
    assert "cells hold -9999, which the file does not tag as nodata" in capsys.readouterr().out


def test_a_named_nodata_and_the_files_own_both_stay_out_of_a_grid_read_coarser(tmp_path):
    """A 50 m grid tagged -9999 that also holds a block of 0 the user names as no data: neither reaches a mean
    (the warped view that keeps the named value out of GDAL's averages still honours the file's own mask)."""
    ints, t = _pm25_as("int16", cell_factor=20)
    ints[ints == 0] = -9999
    ints[200:600, 400:1000] = 0
    p = _write(tmp_path / "two.tif", ints, t, nodata=-9999)
    r = import_raster(p, level="msoa", nodata=0)
    assert "averaged" in r.report.text() and "the nodata value you chose" in r.report.text()
    assert r.frame["value"].dropna().between(400, 1500).all() and r.report.with_value > 600


def test_a_grids_subtitle_names_its_own_cell_size(tmp_path):
    """A map of a user's 250 m grid said '1 km grid squares' in its subtitle, whatever the cells."""
    from affine import Affine

    from placeviz.model.raster import read_grid

    assert read_grid(PM25).cell_words() == "1 km grid squares"
    fine = _write(tmp_path / "fine.tif", np.ones((40, 40), dtype="float32"),
                  Affine(250, 0, 340_000, 0, -250, 400_000))
    assert read_grid(fine).cell_words() == "250 m grid squares"
    # and the page's subtitle takes the grid's own words
    from dataclasses import replace

    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import default_classification
    from placeviz.render.pages import page_text
    from placeviz.render.scene import build_scene

    spec = MapSpec(place="Liverpool", layer="pm25_2023", classification=default_classification(get_layer("pm25_2023")))
    scene = build_scene(spec)
    assert page_text(scene, spec).subtitle.startswith("1 km grid squares, with")
    assert page_text(replace(scene, grid=read_grid(fine)), spec).subtitle.startswith("250 m grid squares, with")
