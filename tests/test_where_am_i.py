"""Issue 11, "Where am I": LA outlines that line up with the neighbourhoods, towns and cities on the map."""

import geopandas as gpd
import shapely

from placeviz.model.bundle import boundaries_dir


def _outline_and_lsoas(la_set: str, lsoa_set: str, code_col: str, name: str):
    la = gpd.read_parquet(boundaries_dir() / f"{la_set}.parquet")
    lsoa = gpd.read_parquet(boundaries_dir() / f"{lsoa_set}.parquet")
    row = la[la.name == name].iloc[0]
    return row.geometry, shapely.union_all(lsoa[lsoa[code_col] == row.code].geometry.values)


def test_wirral_outline_is_the_union_of_its_lsoas():
    for la_set, lsoa_set, col in (("lad24", "lsoa21", "lad24_code"), ("lad21", "lsoa11", "lad21_code")):
        outline, union = _outline_and_lsoas(la_set, lsoa_set, col, "Wirral")
        assert union.area > 1e8  # Wirral is about 160 km²
        assert outline.symmetric_difference(union).area < 1.0  # square metres: the same shape


def test_every_la_outline_coincides_with_its_lsoas():
    la = gpd.read_parquet(boundaries_dir() / "lad24.parquet")
    lsoa = gpd.read_parquet(boundaries_dir() / "lsoa21.parquet")
    union = lsoa.dissolve("lad24_code").geometry.reindex(la.code)
    diff = shapely.area(shapely.symmetric_difference(la.geometry.values, union.values))
    # snapping the union to the bundle's 1 m grid moves a few vertices: a few hundred m² in Cornwall's 3,500 km²
    assert float((diff / la.geometry.area.values).max()) < 1e-6
