"""IMD change 2015 -> 2019 and 2019 -> 2025, checked against direct computations on the bundled tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from placeviz.analysis.change import (
    ChangeError,
    change_layer,
    decile_of_rank,
    imd_change,
    imd_change_2015_2019,
    imd_change_2019_2025,
)
from placeviz.model.bundle import boundaries_dir, layers_dir
from placeviz.model.mapdata import map_data

LIVERPOOL = "E08000012"


def _attrs(set_name: str) -> pd.DataFrame:
    path = boundaries_dir() / f"{set_name}.parquet"
    cols = [c for c in pq.read_schema(path).names if c != "geometry"]
    return pq.read_table(path, columns=cols).to_pandas().set_index("code")


def _table(name: str) -> pd.DataFrame:
    return pd.read_parquet(layers_dir() / "tables" / name)


@pytest.fixture(scope="module")
def lookup():
    return _table("lookup_lsoa11_lsoa21.parquet")


@pytest.fixture(scope="module")
def liverpool_2015_2019():
    return imd_change_2015_2019("Liverpool")


def test_liverpool_decile_1_movements_2015_2019_match_direct_computation(liverpool_2015_2019):
    t15 = _table("imd2015_lsoa11.parquet").set_index("code")
    t19 = _table("imd2019_lsoa11.parquet").set_index("code")
    a = _attrs("lsoa11")
    liv = a.index[a.lad21_code == LIVERPOOL]
    d15, d19 = t15.imd_decile[liv], t19.imd_decile[liv]
    entered = int(((d19 == 1) & (d15 != 1)).sum())
    left = int(((d15 == 1) & (d19 != 1)).sum())
    s = liverpool_2015_2019.summary.set_index("lad_code").loc[LIVERPOOL]
    assert s.areas == len(liv) == 298
    assert (s.entered_d1, s.left_d1) == (entered, left)
    assert (s.d1_2015, s.d1_2019) == ((d15 == 1).sum(), (d19 == 1).sum())
    assert s.net_d1 == (d19 == 1).sum() - (d15 == 1).sum()
    assert s.more_deprived_decile == int((d19 < d15).sum()) and s.less_deprived_decile == int((d19 > d15).sum())
    assert entered > 0 and left > 0  # both directions happen in Liverpool: the check is not vacuous
    mv = liverpool_2015_2019.decile_movements()
    assert mv["entered_most_deprived_10pc"] == entered and mv["left_most_deprived_10pc"] == left


def test_per_area_changes_2015_2019(liverpool_2015_2019):
    f = liverpool_2015_2019.frame.set_index("code")
    t15 = _table("imd2015_lsoa11.parquet").set_index("code")
    t19 = _table("imd2019_lsoa11.parquet").set_index("code")
    code = "E01006514"
    assert f.loc[code, "score_change"] == pytest.approx(t19.imd_score[code] - t15.imd_score[code])
    assert f.loc[code, "rank_change"] == t19.imd_rank[code] - t15.imd_rank[code]
    assert f.loc[code, "decile_change"] == t19.imd_decile[code] - t15.imd_decile[code]
    assert "not comparable" in liverpool_2015_2019.method


def test_decile_of_rank_reproduces_published_deciles():
    t19 = _table("imd2019_lsoa11.parquet")
    assert np.array_equal(decile_of_rank(t19.imd_rank, len(t19)), t19.imd_decile.to_numpy(dtype=float))
    t25 = _table("imd2025_lsoa21.parquet")
    assert np.array_equal(decile_of_rank(t25.imd_rank, len(t25)), t25.imd_decile.to_numpy(dtype=float))


@pytest.fixture(scope="module")
def england_2019_2025():
    return imd_change_2019_2025("England")


def test_no_2021_lsoa_is_dropped(england_2019_2025):
    f = england_2019_2025.frame
    assert len(f) == 33_755 and f.code.is_unique
    assert f.change_code.isin(list("USMX")).all()


def test_split_lsoas_are_flagged_and_compared_with_their_parent(england_2019_2025, lookup):
    f = england_2019_2025.frame.set_index("code")
    t19 = _table("imd2019_lsoa11.parquet").set_index("code")
    t25 = _table("imd2025_lsoa21.parquet").set_index("code")
    splits = lookup[lookup.change_code == "S"]
    # every part of a split: flagged S, compared with the one parent's published 2019 decile
    parts = f.loc[splits.lsoa21_code]
    assert (parts.change_code == "S").all() and parts.flag.str.startswith("split").all()
    parent = splits.set_index("lsoa21_code").lsoa11_code
    assert np.array_equal(parts.decile_2019.to_numpy(), t19.imd_decile[parent[parts.index]].to_numpy(float))
    code = splits.lsoa21_code.iloc[0]
    assert parent[code] in f.loc[code, "flag"]
    assert f.loc[code, "decile_change"] == t25.imd_decile[code] - t19.imd_decile[parent[code]]


def test_merged_lsoas_are_flagged_with_an_estimated_2019_decile(england_2019_2025, lookup):
    f = england_2019_2025.frame.set_index("code")
    t19 = _table("imd2019_lsoa11.parquet").set_index("code")
    merged = lookup[lookup.change_code == "M"]
    code = merged.lsoa21_code.iloc[0]
    pars = merged.lsoa11_code[merged.lsoa21_code == code]
    assert len(pars) >= 2
    score = (t19.imd_score[pars] * t19.pop_mid2015[pars]).sum() / t19.pop_mid2015[pars].sum()
    rank = 1 + (t19.imd_score > score).sum()
    r = f.loc[code]
    assert r.change_code == "M" and r.estimated and "merged" in r.flag and "estimated" in r.flag
    assert r.rank_2019 == rank and r.decile_2019 == np.ceil(rank * 10 / len(t19))
    assert set(r.lsoa11_codes.split()) == set(pars)
    assert (f[f.change_code == "M"].estimated).all() and f.estimated.sum() == merged.lsoa21_code.nunique()


def test_irregular_changes_are_kept_flagged_but_not_compared(england_2019_2025, lookup):
    f = england_2019_2025.frame.set_index("code")
    x = lookup[lookup.change_code == "X"].lsoa21_code.unique()
    assert len(x) > 0
    rows = f.loc[x]
    assert (~rows.compared).all() and rows.decile_change.isna().all() and rows.decile_2025.notna().all()
    assert rows.flag.str.contains("not compared").all()
    assert england_2019_2025.decile_movements()["not_compared"] == len(x)


def test_liverpool_2019_2025_summary_counts(lookup):
    ch = imd_change_2019_2025("Liverpool")
    f = ch.frame
    a = _attrs("lsoa21")
    assert set(f.code) == set(a.index[a.lad24_code == LIVERPOOL])
    s = ch.summary.set_index("lad_code").loc[LIVERPOOL]
    assert s.split == int(f.code.isin(lookup[lookup.change_code == "S"].lsoa21_code).sum())
    comp = f[f.compared]
    assert s.left_d1 == int(((comp.decile_2019 == 1) & (comp.decile_2025 != 1)).sum())
    assert s.compared + s.not_compared_irregular == s.areas


def test_change_layer_draws_through_the_normal_map_pipeline(liverpool_2015_2019):
    layer = change_layer("imd_decile_change_2015_2019")
    assert "not comparable" in layer.description and layer.higher_is_worse is False
    md = map_data("Liverpool", "lsoa", layer.id)
    got = md.frame.set_index("code")["value"]
    want = liverpool_2015_2019.frame.set_index("code")["decile_change"]
    assert got.reindex(want.index).equals(want.astype("float64"))


def test_unknown_period_is_a_user_error():
    with pytest.raises(ChangeError, match="2015-2019 or 2019-2025"):
        imd_change("2010-2019")


def test_irregular_areas_are_named_in_the_map_legend(lookup):
    from placeviz.model.classify import classify_map
    from placeviz.model.spec import Classification

    layer = change_layer("imd_decile_change_2019_2025")
    x = set(lookup[lookup.change_code == "X"].lsoa21_code)
    md = map_data("Northumberland", "lsoa", layer.id)
    n_x = int(md.frame.code.isin(x).sum())
    assert n_x > 0
    c = classify_map(md, Classification("user", 5, (-1.5, -0.5, 0.5, 1.5), "RdBu"))
    nodata = [e for e in c.legend if e.nodata]
    assert len(nodata) == 1 and "irregular" in nodata[0].label and nodata[0].count == n_x


def test_edition_pairs():
    from placeviz.analysis.change import edition_pair

    assert edition_pair("imd2019", "imd2025") == ("2019-2025", "imd")
    assert edition_pair("imd2015", "imd2019") == ("2015-2019", "imd")
    assert edition_pair("imd2019_income", "imd2025_income") == ("2019-2025", "income")
    assert edition_pair("imd2025", "imd2019") is None  # earlier edition first
    assert edition_pair("imd2019_idaci", "imd2025_idaci") is None  # not published in 2025
    assert edition_pair("imd2019_income", "imd2025_health") is None
    assert edition_pair("imd2015", "imd2025") is None


def test_domain_without_2019_scores_compares_merged_areas_only_on_a_shared_decile(lookup):
    ch = imd_change_2019_2025("England", "health")
    f = ch.frame.set_index("code")
    t19 = _table("imd2019_lsoa11.parquet").set_index("code")
    t25 = _table("imd2025_lsoa21.parquet").set_index("code")
    merged = lookup[lookup.change_code == "M"]
    parents_deciles = merged.assign(d=merged.lsoa11_code.map(t19.health_decile)).groupby("lsoa21_code").d
    same = parents_deciles.nunique() == 1
    assert same.any() and (~same).any()  # both cases occur in England
    for code in (same[same].index[0], same[~same].index[0]):
        r = f.loc[code]
        assert r.change_code == "M" and not r.estimated and np.isnan(r.rank_2019)
        if same[code]:
            d = parents_deciles.first()[code]
            assert r.compared and r.decile_2019 == d
            assert r.decile_change == t25.health_decile[code] - d and "same 2019 decile" in r.flag
        else:
            assert not r.compared and np.isnan(r.decile_change) and "different 2019 deciles" in r.flag
    u = f[f.change_code == "U"].index[:50]
    assert np.array_equal(f.loc[u, "decile_2019"].to_numpy(), t19.health_decile[u].to_numpy(float))
    assert ch.decile_movements()["not_compared"] == int((~same).sum()) + lookup[lookup.change_code == "X"].lsoa21_code.nunique()
    assert "not bundled" in ch.method and "health" in ch.method
    layer = change_layer("health_decile_change_2019_2025")
    assert "merged across deciles" in layer.nodata_label


def test_places_without_merged_or_split_areas(lookup):
    # Knowsley: every 2021 LSOA is unchanged or split, none merged; the City of London: tiny
    for place in ("Knowsley", "City of London"):
        ch = imd_change_2019_2025(place)
        assert len(ch.frame) > 0 and ch.frame.compared.all()
        assert not (ch.frame.change_code == "M").any()


def test_change_layer_reopens_by_id_in_a_new_session():
    """A workspace or spec naming a change layer works without first running the comparison."""
    from placeviz.model.catalog import load_catalog
    from placeviz.model.mapdata import map_data

    cat = load_catalog()
    cat.remove("imd_decile_change_2019_2025")
    md = map_data("Liverpool", "lsoa", "imd_decile_change_2019_2025")
    assert md.boundary_set == "lsoa21" and len(md.frame) == 302
    # 37 of Liverpool's 2021 LSOAs left the most deprived tenth and none entered: so more moved up than down
    assert (md.frame["value"] > 0).sum() > (md.frame["value"] < 0).sum()
