"""The bundle's invariants, checked on the committed files alone (no ../shared needed)."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import rasterio

from placeviz.model.bundle import boundaries_dir, layers_dir
from placeviz.model.catalog import load_catalog
from placeviz.model.geography import BOUNDARY_COUNTS, BOUNDARY_SETS, CODE_PATTERNS, attributes, boundaries
from placeviz.model.mapdata import read_table

REQUIRED_LAYERS = ["imd2019", "imd2025", "imd2015", "life_expectancy_male", "life_expectancy_female",
                   "air_quality", "no2_2023", "pm25_2023", "insecure_work", "population"]


@pytest.mark.parametrize("name", BOUNDARY_SETS)
def test_boundary_counts_codes_crs_validity(name):
    g = boundaries(name)
    assert len(g) == BOUNDARY_COUNTS[name]
    assert g["code"].is_unique
    level = "la" if name.startswith("lad") else name[:4]
    assert g["code"].str.match(CODE_PATTERNS[level].pattern).all()
    assert g.crs.to_epsg() == 27700
    assert g.geometry.is_valid.all()
    assert not g.geometry.is_empty.any()
    # every area knows its local authority (three vintages) and region
    for col in ("lad19_code", "lad21_code", "lad24_code", "region_code", "lad_name"):
        assert g[col].notna().all(), col
    # England's extent in British National Grid metres
    xmin, ymin, xmax, ymax = g.total_bounds
    assert 80_000 < xmin < 140_000 and 0 < ymin < 20_000 and 640_000 < xmax < 660_000 and 640_000 < ymax < 660_000


def test_england_area_is_consistent_across_sets():
    areas = {name: boundaries(name).geometry.area.sum() / 1e6 for name in BOUNDARY_SETS}
    # England is about 130,300 km2; generalised sets agree within 1.5%
    for name, km2 in areas.items():
        assert 128_000 < km2 < 132_500, (name, km2)


def test_lsoas_nest_in_msoas():
    for small, big in (("lsoa11", "msoa11"), ("lsoa21", "msoa21")):
        a = attributes(small)
        assert set(a["msoa_code"]) == set(attributes(big)["code"])


def test_geometry_is_geoarrow_native():
    schema = pq.read_schema(boundaries_dir() / "lsoa11.parquet")
    meta = schema.field("geometry").metadata
    assert meta[b"ARROW:extension:name"] == b"geoarrow.multipolygon"


def test_catalog_has_required_layers_with_provenance():
    cat = load_catalog()
    for layer_id in REQUIRED_LAYERS:
        layer = cat.get(layer_id)
        assert layer.description and len(layer.description) > 80
        assert layer.dataset.publisher and layer.dataset.licence and layer.dataset.attribution
        assert layer.period and layer.unit and layer.theme in ("deprivation", "health", "environment", "work",
                                                                 "population")
    for layer in cat:
        assert "Open Government Licence" in layer.dataset.attribution or "OGL" in layer.dataset.licence \
            or "Open Government Licence" in layer.dataset.licence
        if layer.kind == "table":
            t = read_table(layer.table)
            assert layer.column in t.columns, (layer.id, layer.column)
            for col in (layer.rank_column, layer.decile_column, *layer.series.values()):
                if col:
                    assert col in t.columns, (layer.id, col)
    raw = json.loads((layers_dir() / "catalog.json").read_text())
    assert len(raw["layers"]) == len({x["id"] for x in raw["layers"]})


def test_caveats_reach_the_catalog():
    cat = load_catalog()
    assert any("run high" in c for c in cat.get("life_expectancy_male").caveats)
    assert any("proxy" in c.lower() for c in cat.get("insecure_work").caveats)
    assert any("no data" in c for c in cat.get("no2_2023").caveats)
    assert cat.get("air_quality").geography == "lad21"


def test_tables_cover_their_geography():
    t = read_table("imd2019_lsoa11.parquet")
    assert set(t.index) == set(attributes("lsoa11")["code"])
    assert t["imd_decile"].value_counts().between(3284, 3285).all()
    t25 = read_table("imd2025_lsoa21.parquet")
    assert set(t25.index) == set(attributes("lsoa21")["code"])
    assert sorted(t25["imd_rank"]) == list(range(1, 33_756))
    le = read_table("life_expectancy_msoa11.parquet")
    assert set(le.index) == set(attributes("msoa11")["code"])
    pop = read_table("population_lsoa11.parquet")
    assert 56_000_000 < pop["population"].sum() < 57_000_000  # England mid-2020: 56.55 million
    pop21 = read_table("population_lsoa21.parquet")
    assert abs(pop21["population"].sum() - pop["population"].sum()) < 1_000  # apportioned, rounding only


@pytest.mark.parametrize("key,valid", [("no2_2023", 7_365), ("pm25_2023", 7_637)])
def test_rasters(key, valid):
    with rasterio.open(layers_dir() / "rasters" / f"{key}.tif") as src:
        assert src.crs.to_epsg() == 27700
        assert src.res == (1000.0, 1000.0)
        assert tuple(src.bounds) == (320000.0, 335000.0, 410000.0, 424000.0)
        band = src.read(1, masked=True)
        assert int(band.count()) == valid
        # Liverpool city centre (335500, 390500) in the NO2 grid is 20.16 ug/m3 (SOURCE.md)
        if key == "no2_2023":
            row, col = src.index(335_500, 390_500)
            assert band[row, col] == pytest.approx(20.16102, abs=1e-4)


@pytest.mark.parametrize("key", ["no2_2023", "pm25_2023"])
def test_a_bundled_grids_numpy_file_is_its_geotiff_as_read(key):
    """Maps draw the bundled grids from their NumPy files (model.bundled_grid), without rasterio: the file
    must hold exactly what rasterio reads from the GeoTIFF beside it (tools/build_bundle.py --grids-only
    remakes it)."""
    from placeviz.model.bundled_grid import read_bundled_grid
    from placeviz.model.raster import read_grid

    tif = layers_dir() / "rasters" / f"{key}.tif"
    ours, theirs = read_bundled_grid(tif.with_suffix(".npz")), read_grid(tif)
    assert np.array_equal(ours.values, theirs.values, equal_nan=True) and ours.values.dtype == np.float64
    assert tuple(ours.transform) == tuple(theirs.transform) and ours.units == theirs.units == "ug m-3"
    assert ours.bounds == (320000.0, 335000.0, 410000.0, 424000.0) and ours.cell_words() == "1 km grid squares"


def test_a_missing_grid_file_is_a_sentence_that_says_how_to_remake_it(tmp_path):
    from placeviz.model.bundle import MissingBundleDataError
    from placeviz.model.bundled_grid import read_bundled_grid

    with pytest.raises(MissingBundleDataError, match=r"no2_2023\.npz .* missing .* --grids-only"):
        read_bundled_grid(tmp_path / "no2_2023.npz")


def test_zonal_means_only_inside_the_grid():
    t = read_table("air_grid_lsoa11.parquet")
    a = attributes("lsoa11").set_index("code")
    cm = a["lad21_code"].isin(["E08000012", "E08000011", "E08000014", "E08000013", "E08000015",
                              "E06000006", "E06000007", "E06000049", "E06000050"])
    inside = t.loc[cm[cm].index]
    assert inside["no2_2023"].notna().mean() > 0.99
    outside = t.loc[a.index[a["region_code"] == "E12000007"]]  # London: no grid
    assert outside["no2_2023"].isna().all()
    v = inside["no2_2023"].dropna()
    assert 3 < v.min() and v.max() < 24  # within the grid's range
    assert np.all(t["no2_2023_coverage"].between(0, 1))


def test_build_is_recorded_in_manifests():
    for folder in (boundaries_dir(), layers_dir()):
        text = (folder / "MANIFEST.txt").read_text()
        assert "sha256" in text


def test_population_lsoa21_apportionment_keeps_unchanged_areas():
    p11 = read_table("population_lsoa11.parquet")["population"]
    p21 = read_table("population_lsoa21.parquet")["population"]
    both = p11.index.intersection(p21.index)
    # most LSOAs did not change between 2011 and 2021 and keep their code and residents
    same = (p11.reindex(both) == p21.reindex(both)).mean()
    assert same > 0.9
    assert isinstance(p21, pd.Series)


def test_resources_ship_the_app_icon():
    from placeviz.model.bundle import resources_dir

    svg = (resources_dir() / "placeviz.svg").read_text()
    assert svg.startswith("<svg") and "<path" in svg


def test_a_missing_boundary_or_table_file_is_a_sentence_not_a_traceback(monkeypatch, tmp_path, capsys):
    """A bundle that lost a file (a half-copied install) says which file and how to get it back, from the
    command line too, where a missing boundary file was pyarrow's traceback."""
    from placeviz.cli import main
    from placeviz.model import bundle, geoarrow, geography, tables
    from placeviz.model.bundle import MissingBundleDataError, boundary_path, table_path
    from placeviz.render import geometry

    assert boundary_path("msoa11").is_file() and table_path("imd2019_lsoa11.parquet").is_file()
    with pytest.raises(MissingBundleDataError, match=r"^The table layers/tables/nothing\.parquet is missing .*"
                                                     r"'pip install \.'.*build_bundle\.py"):
        table_path("nothing.parquet")

    def forget() -> None:  # the sets read so far, so that they are read again (from wherever the bundle is)
        geography.attributes.cache_clear()
        geoarrow.boundary_parts.cache_clear()
        tables.read_table.cache_clear()
        geometry.clear_cache()

    monkeypatch.setattr(bundle, "boundaries_dir", lambda: tmp_path)
    forget()
    try:
        with pytest.raises(MissingBundleDataError, match=r"^The boundary file \S+/msoa11\.parquet is missing from "
                                                         r"placeviz's bundled data"):
            geoarrow.boundary_parts("msoa11")
        out = tmp_path / "le.png"
        assert main(["export", "png", "--place", "Knowsley", "--layer", "life_expectancy_male", "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("placeviz: The boundary file ") and "is missing from placeviz's bundled data" in err
        assert "Traceback" not in err
        assert not out.exists()
    finally:
        monkeypatch.undo()
        forget()
