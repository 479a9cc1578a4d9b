"""Importing the user's own boundaries and rasters: reprojection, layers for their areas, zonal statistics."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from placeviz.imports import (
    ImportFileError,
    add_to_catalog,
    import_file,
    import_raster,
    layer_for_areas,
    read_boundaries,
    remove_from_catalog,
)
from placeviz.model.bundle import layers_dir
from placeviz.model.geography import boundaries
from placeviz.model.mapdata import map_data, population, read_table

NO2 = layers_dir() / "rasters" / "no2_2023.tif"


@pytest.fixture(scope="module")
def liverpool_msoas():
    """Liverpool's MSOAs (2011) rebuilt by dissolving their LSOAs: 'wards' whose true values mapdata knows."""
    g = boundaries("lsoa11")
    g = g[g.lad21_code == "E08000012"].dissolve("msoa_code").reset_index()[["msoa_code", "geometry"]]
    g = g.rename(columns={"msoa_code": "ward_id"})
    g["ward_name"] = "Ward " + g["ward_id"].str[-3:]
    return g


def _expected_msoa(layer_id: str):
    md = map_data("Liverpool", "msoa", layer_id)
    return md.frame.set_index("code")["value"]


@pytest.mark.parametrize("fmt", ["geojson_wgs84", "gpkg_bng", "shp_zip_webmercator", "shp_folder_wgs84"])
def test_boundaries_any_format_and_crs_reprojected(tmp_path, liverpool_msoas, fmt):
    g = liverpool_msoas
    if fmt == "geojson_wgs84":
        p = tmp_path / "wards.geojson"
        g.to_crs(4326).to_file(p, driver="GeoJSON")
    elif fmt == "gpkg_bng":
        p = tmp_path / "wards.gpkg"
        g.to_file(p, driver="GPKG")
    elif fmt == "shp_zip_webmercator":
        folder = tmp_path / "shp"
        folder.mkdir()
        g.to_crs(3857).to_file(folder / "wards.shp")
        p = tmp_path / "wards.zip"
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            for f in folder.iterdir():
                z.write(f, f"export/{f.name}")
    else:
        p = tmp_path / "wards_folder"
        p.mkdir()
        g.to_crs(4326).to_file(p / "wards.shp")
    got = import_file(p)
    areas = got.areas
    assert areas.crs.to_epsg() == 27700
    assert len(areas) == len(g) == got.report.matched
    assert list(areas["code"]) == list(g["ward_id"])
    assert list(areas["name"]) == list(g["ward_name"])
    # reprojection round trip: the areas land where they were, to well under a metre of area error per km2
    np.testing.assert_allclose(areas.geometry.area.to_numpy(), g.geometry.area.to_numpy(), rtol=2e-3)
    c1 = areas.geometry.centroid
    c0 = g.geometry.centroid
    assert float(np.max(np.hypot(c1.x.to_numpy() - c0.x.to_numpy(), c1.y.to_numpy() - c0.y.to_numpy()))) < 5.0
    assert "reprojected to British National Grid" in got.report.text()


@pytest.mark.parametrize("method", ["overlay", "point"])
def test_layer_for_areas_equals_population_weighted_aggregation(tmp_path, liverpool_msoas, method):
    p = tmp_path / "wards.geojson"
    liverpool_msoas.to_crs(4326).to_file(p, driver="GeoJSON")
    areas = read_boundaries(p).areas
    out = layer_for_areas(areas, "imd2019", method=method)
    expected = _expected_msoa("imd2019").reindex(out["code"]).to_numpy()
    tol = 1e-9 if method == "point" else 1e-3  # overlay: reprojection leaves slivers along shared edges
    np.testing.assert_allclose(out["value"].to_numpy(), expected, atol=tol)
    assert (out["coverage"] > 0.99).all()
    assert out.attrs["source_set"] == "lsoa11"


def test_layer_for_areas_sums_counts_and_handles_msoa_layers(liverpool_msoas):
    out = layer_for_areas(liverpool_msoas, "population", method="point")
    pop = population("lsoa11")
    lsoa = boundaries("lsoa11")
    assert out["value"].sum() == pytest.approx(pop.reindex(lsoa.loc[lsoa.lad21_code == "E08000012", "code"]).sum())
    # a layer published for MSOAs: each user area takes the MSOAs it overlaps
    m = boundaries("msoa11")
    m = m[m.lad21_code == "E08000012"][["code", "name", "geometry"]]
    le = layer_for_areas(m, "life_expectancy_male", method="point")
    assert le.attrs["source_set"] == "msoa11"
    np.testing.assert_allclose(le["value"].to_numpy(),
                               read_table("life_expectancy_msoa11.parquet")["le_male"].reindex(le["code"]).to_numpy())


def test_layer_for_areas_split_area_is_shared_by_land_area(liverpool_msoas):
    """One MSOA cut in two halves: each half gets the area-weighted share of the same LSOAs."""
    import geopandas as gpd
    from shapely.geometry import box

    m = liverpool_msoas.iloc[[0]]
    minx, miny, maxx, maxy = m.total_bounds
    mid = (minx + maxx) / 2
    halves = gpd.GeoDataFrame({"code": ["west", "east"], "name": ["W", "E"]},
                              geometry=[m.geometry.iloc[0].intersection(box(minx - 1, miny - 1, mid, maxy + 1)),
                                        m.geometry.iloc[0].intersection(box(mid, miny - 1, maxx + 1, maxy + 1))],
                              crs="EPSG:27700")
    out = layer_for_areas(halves, "population")
    whole = layer_for_areas(m, "population", method="point")
    assert out["value"].sum() == pytest.approx(whole["value"].iloc[0], rel=1e-6)
    assert (out["value"] > 0).all()


def test_layer_for_areas_outside_data_gets_no_value():
    import geopandas as gpd
    from shapely.geometry import box

    # a square in Liverpool and one in the Irish Sea
    areas = gpd.GeoDataFrame({"code": ["land", "sea"], "name": ["a", "b"]},
                             geometry=[box(335000, 390000, 337000, 392000), box(250000, 400000, 252000, 402000)],
                             crs="EPSG:27700")
    out = layer_for_areas(areas, "imd2019")
    assert np.isfinite(out["value"].iloc[0]) and np.isnan(out["value"].iloc[1])
    assert out["coverage"].iloc[1] == 0


def test_imported_layer_reaches_user_areas(tmp_path, liverpool_msoas):
    """An imported table is a layer like any other: user areas can receive it too."""
    lsoa = boundaries("lsoa11")
    codes = lsoa.loc[lsoa.lad21_code == "E08000012", "code"]
    p = tmp_path / "rate.csv"
    p.write_text("lsoa11cd,rate\n" + "".join(f"{c},{i % 10}\n" for i, c in enumerate(codes)))
    r = import_file(p)
    layer = add_to_catalog(r)
    try:
        out = layer_for_areas(liverpool_msoas, layer.id, method="point")
        np.testing.assert_allclose(out["value"].to_numpy(),
                                   _expected_msoa(layer.id).reindex(out["ward_id"]).to_numpy())
    finally:
        remove_from_catalog(layer.id)


# ----------------------------------------------------------------------------------------- rasters


def test_raster_zonal_mean_matches_bundled_summary():
    r = import_raster(NO2, level="lsoa", vintage=2011, name="NO2 (mine)")
    t = read_table("air_grid_lsoa11.parquet")["no2_2023"]
    got = r.frame["value"]
    np.testing.assert_allclose(got.to_numpy(), t.reindex(got.index).to_numpy(), equal_nan=True)
    assert int(got.notna().sum()) == int(t.notna().sum())
    assert r.layer.geography == "lsoa11" and r.layer.theme == "imported"
    assert r.report.with_value == int(t.notna().sum())


def test_raster_in_another_crs_is_reprojected(tmp_path):
    import rasterio
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    dst = tmp_path / "no2_wgs84.tif"
    with rasterio.open(NO2) as src:
        transform, w, h = calculate_default_transform(src.crs, "EPSG:4326", src.width, src.height, *src.bounds)
        meta = src.meta.copy()
        meta.update(crs="EPSG:4326", transform=transform, width=w, height=h, nodata=-9999.0, dtype="float32")
        data = np.full((h, w), -9999.0, dtype="float32")
        reproject(rasterio.band(src, 1), data, src_transform=src.transform, src_crs=src.crs, dst_transform=transform,
                  dst_crs="EPSG:4326", dst_nodata=-9999.0, resampling=Resampling.nearest)
        with rasterio.open(dst, "w", **meta) as out:
            out.write(data, 1)
    r = import_raster(dst, level="la")
    assert r.layer.geography == "lad21"
    ref = import_raster(NO2, level="la").frame["value"]
    both = r.frame["value"].dropna().index.intersection(ref.dropna().index)
    assert len(both) >= 5  # the Liverpool City Region authorities at least
    np.testing.assert_allclose(r.frame.loc[both, "value"], ref[both], rtol=0.05)


def test_raster_layer_maps_and_nodata_respected(tmp_path):
    import rasterio

    with rasterio.open(NO2) as src:
        data = src.read(1).astype("float32")
        meta = src.meta.copy()
    nodata = -1.0
    data[data == -9999.0] = nodata
    data[:, : data.shape[1] // 2] = nodata  # and the west half
    meta.update(nodata=nodata, dtype="float32")
    p = tmp_path / "half.tif"
    with rasterio.open(p, "w", **meta) as out:
        out.write(data, 1)
    r = import_raster(p, level="lsoa")
    full = import_raster(NO2, level="lsoa").frame["value"]
    assert r.report.with_value < int(full.notna().sum())
    assert (r.frame["value"].dropna() >= 0).all()  # the -1 cells never enter a mean
    layer = add_to_catalog(r)
    try:
        md = map_data("Cheshire and Merseyside", "lsoa", layer.id)
        shown = md.frame.set_index("code")["value"]
        assert shown.notna().sum() == r.frame["value"].reindex(shown.index).notna().sum() > 100
        np.testing.assert_allclose(shown.dropna(), r.frame["value"].reindex(shown.dropna().index))
    finally:
        remove_from_catalog(layer.id)


def test_cli_boundaries_with_layer(tmp_path, capsys, liverpool_msoas):
    from placeviz.cli import main

    p = tmp_path / "wards.gpkg"
    liverpool_msoas.to_file(p, driver="GPKG")
    out = tmp_path / "wards_imd.csv"
    assert main(["import", str(p), "--layer", "imd2019", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"{len(liverpool_msoas)} areas read" in text
    import pandas as pd

    df = pd.read_csv(out)
    np.testing.assert_allclose(df["value"].to_numpy(), _expected_msoa("imd2019").reindex(df["code"]).to_numpy(),
                               atol=1e-3)


def test_raster_cli(capsys):
    from placeviz.cli import main

    assert main(["import", str(NO2), "--level", "msoa"]) == 0
    assert "MSOA 2011" in capsys.readouterr().out


def test_unknown_method_and_empty_areas():
    import geopandas as gpd

    with pytest.raises(ImportFileError, match="Unknown method"):
        layer_for_areas(gpd.GeoDataFrame(geometry=[], crs="EPSG:27700"), "imd2019", method="nearest")
    with pytest.raises(ImportFileError, match="no areas"):
        layer_for_areas(gpd.GeoDataFrame(geometry=[], crs="EPSG:27700"), "imd2019")


def test_directory_of_one_shapefile_is_found(tmp_path, liverpool_msoas):
    d = tmp_path / "deep" / "inner"
    d.mkdir(parents=True)
    liverpool_msoas.head(3).to_file(d / "a.shp")
    got = read_boundaries(tmp_path / "deep")
    assert len(got.areas) == 3
    assert Path(got.source_path).name == "deep"


def test_imported_raster_layer_points_at_its_grid():
    from placeviz.model.raster import read_grid

    r = import_raster(NO2, level="lsoa")
    assert Path(r.layer.raster) == NO2.resolve() and r.layer.kind == "table"
    grid = read_grid(r.layer.raster)
    assert grid.crs.to_epsg() == 27700 and np.isfinite(grid.values).sum() > 1000


def test_folder_of_several_boundary_files_names_each_by_its_path(tmp_path, liverpool_msoas):
    """Two 'wards.shp' in different subfolders: the message must tell them apart."""
    for sub in ("2019", "2023"):
        (tmp_path / "wards" / sub).mkdir(parents=True)
        liverpool_msoas.head(2).to_file(tmp_path / "wards" / sub / "wards.shp")
    with pytest.raises(ImportFileError, match=r"2 boundary files \(2019/wards\.shp, 2023/wards\.shp\)"):
        read_boundaries(tmp_path / "wards")
