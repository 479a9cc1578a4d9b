"""Bivariate choropleth: honest joins, tertiles, the 3 x 3 colours, the legend and the linked scatter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from bundle_files import attrs as _attrs
from bundle_files import table as _table

from placeviz.analysis.bivariate import (
    STEVENS_PINK_BLUE,
    BivariateError,
    bivariate_map,
    joint_set,
)
from placeviz.model.bundle import layers_dir
from placeviz.model.catalog import get_layer


@pytest.fixture(scope="module")
def liverpool():
    return bivariate_map("Liverpool", "imd2019", "life_expectancy_male")


def test_matrix_has_nine_distinct_hex_colours():
    flat = [c for row in STEVENS_PINK_BLUE for c in row]
    assert len(set(flat)) == 9 and all(len(c) == 7 and c.startswith("#") for c in flat)
    int(flat[0][1:], 16)  # valid hex


def test_coarser_geography_is_used_and_named(liverpool):
    assert liverpool.boundary_set == "msoa11"
    assert "MSOA" in liverpool.note and "population-weighted" in liverpool.note
    assert "MSOA 2011" in liverpool.legend_description()


def test_imd_is_population_weighted_up_to_msoas(liverpool):
    t = _table("imd2019_lsoa11.parquet")
    a = _attrs("lsoa11").reindex(t.index)
    liv = a.lad21_code == "E08000012"
    w = t.pop_mid2015[liv]
    direct = (t.imd_score[liv] * w).groupby(a.msoa_code[liv]).sum() / w.groupby(a.msoa_code[liv]).sum()
    got = liverpool.frame.set_index("code")["x"]
    assert len(got) == direct.size == 61
    assert np.allclose(got.reindex(direct.index).to_numpy(), direct.to_numpy())
    le = _table("life_expectancy_msoa11.parquet").le_male
    assert np.allclose(liverpool.frame.set_index("code")["y"], le.reindex(got.index), equal_nan=True)


def test_tertiles_and_classes(liverpool):
    f = liverpool.frame
    both = f.x.notna() & f.y.notna()
    assert np.allclose(liverpool.breaks_x, np.percentile(f.x[both], [100 / 3, 200 / 3, 100]))
    assert np.allclose(liverpool.breaks_y, np.percentile(f.y[both], [100 / 3, 200 / 3, 100]))
    # x (IMD): class 2 = highest scores; y (life expectancy, lower is worse): class 2 = shortest lives
    fb = f[both]
    assert fb.loc[fb.x.idxmax(), "x_class"] == 2 and fb.loc[fb.x.idxmin(), "x_class"] == 0
    assert fb.loc[fb.y.idxmin(), "y_class"] == 2 and fb.loc[fb.y.idxmax(), "y_class"] == 0
    for k in range(3):  # thirds: each class holds about a third of the areas with both values
        assert abs((fb.x_class == k).sum() - both.sum() / 3) <= 1
    worst = fb[(fb.x_class == 2) & (fb.y_class == 2)]
    assert (worst.colour == STEVENS_PINK_BLUE[2][2]).all() and len(worst) > 0
    assert (f.loc[~both, "x_class"] == -1).all() and (f.loc[~both, "colour"] == "#d9d9d9").all()
    cells = liverpool.legend()
    assert len(cells) == 9 and sum(c.count for c in cells) == both.sum()
    # deprivation and short lives go together in Liverpool
    assert liverpool.spearman < -0.5


def test_scatter_and_brushing(liverpool):
    s = liverpool.scatter_data()
    assert list(s.columns[:3]) == ["x", "y", "code"]
    f = liverpool.frame
    assert len(s) == int((f.x.notna() & f.y.notna()).sum())
    picked = liverpool.codes_in_box(50, 100, 0, 76)
    expected = set(s.code[(s.x >= 50) & (s.y <= 76)])
    assert set(picked) == expected and len(picked) > 0
    rows = liverpool.rows_for_codes(picked)
    assert set(f.code.iloc[rows]) == expected


def test_different_vintages_join_at_local_authority_level():
    b = bivariate_map("Cheshire and Merseyside", "imd2025", "life_expectancy_female")
    assert b.boundary_set == "lad24" and len(b.frame) == 9
    assert "local-authority level" in b.note
    s, note = joint_set(get_layer("imd2019"), get_layer("imd2019_income"), "lsoa")
    assert s == "lsoa11" and note == ""


def test_england_scope_uses_national_tertiles():
    b = bivariate_map("Liverpool", "imd2019", "imd2019_income", scope="england")
    t = _table("imd2019_lsoa11.parquet")
    assert np.allclose(b.breaks_x, np.percentile(t.imd_score, [100 / 3, 200 / 3, 100]))
    # Liverpool is deprived: far more than a third of its LSOAs are in England's worst third
    assert (b.frame.x_class == 2).mean() > 0.6


def test_bad_requests_are_user_errors():
    with pytest.raises(BivariateError, match="two different layers"):
        bivariate_map("Liverpool", "imd2019", "imd2019")
    with pytest.raises(BivariateError, match="scope"):
        bivariate_map("Liverpool", "imd2019", "imd2015", scope="region")


def test_without_geometry_gives_the_same_classes(liverpool):
    plain = bivariate_map("Liverpool", "imd2019", "life_expectancy_male", geometry=False)
    assert "geometry" not in plain.frame.columns
    cols = ["code", "x", "y", "x_class", "y_class", "colour"]
    assert plain.frame[cols].equals(liverpool.frame[cols])


def test_codes_translate_between_geographies(liverpool):
    a = _attrs("lsoa11")
    lsoa = "E01006512"
    msoa = a.loc[lsoa, "msoa_code"]
    assert liverpool.codes_for([lsoa]) == [msoa]
    members = liverpool.member_codes([msoa], "lsoa11")
    assert set(members) == set(a.index[a.msoa_code == msoa]) and lsoa in members
    assert liverpool.member_codes(["E08000012"], "msoa11") == sorted(liverpool.frame.code)  # Liverpool's 61
    assert liverpool.codes_for([]) == []


def test_lsoa_codes_cross_the_2011_2021_boundary_change():
    from placeviz.analysis.bivariate import translate_codes

    lk = pd.read_parquet(layers_dir() / "tables" / "lookup_lsoa11_lsoa21.parquet")
    split = lk[lk.change_code == "S"].lsoa11_code.iloc[0]
    parts = set(lk.lsoa21_code[lk.lsoa11_code == split])
    assert len(parts) >= 2 and set(translate_codes([split], "lsoa21")) == parts
    merged = lk[lk.change_code == "M"].lsoa21_code.iloc[0]
    assert set(translate_codes([merged], "lsoa11")) == set(lk.lsoa11_code[lk.lsoa21_code == merged])
    same = lk[lk.change_code == "U"].lsoa11_code.iloc[0]
    assert translate_codes([same], "lsoa21") == [same]
