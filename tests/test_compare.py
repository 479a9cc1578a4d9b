"""Area comparisons and ranking tables, checked against figures computed here straight from the bundle."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from bundle_files import attrs as _attrs
from bundle_files import table as _table

from placeviz.analysis.compare import CompareError, compare_areas, ranking_table, resolve_area


def _wmean(v: pd.Series, w: pd.Series, g: pd.Series) -> pd.Series:
    ok = v.notna()
    return (v[ok] * w[ok]).groupby(g[ok]).sum() / w[ok].groupby(g[ok]).sum()


@pytest.fixture(scope="module")
def imd_by_la():
    t = _table("imd2019_lsoa11.parquet")
    a = _attrs("lsoa11").reindex(t.index)
    la = _wmean(t.imd_score, t.pop_mid2015, a.lad21_code)
    region = _wmean(t.imd_score, t.pop_mid2015, a.region_code)
    england = float((t.imd_score * t.pop_mid2015).sum() / t.pop_mid2015.sum())
    return la, region, england


def test_two_local_authorities_give_the_official_file10_score_and_rank(imd_by_la):
    la, region, england = imd_by_la
    f10 = _table("imd2019_file10_lad19.parquet")
    df = compare_areas(["Liverpool", "Manchester"], ["imd2019"]).set_index("area_name")
    assert list(df.index) == ["Liverpool", "Manchester"]
    lad = _attrs("lad21")
    for name, code in (("Liverpool", "E08000012"), ("Manchester", "E08000003")):
        r = df.loc[name]
        assert r.area_code == code
        # the official File 10 average score and rank among the 317 LAs of 2019, as the profile gives them
        assert r.value == pytest.approx(f10.loc[code, "imd_average_score"], abs=1e-9)
        assert r.value == pytest.approx(la[code], abs=5e-4)  # File 10 is the same mean, rounded to 3 dp
        assert r["rank"] == f10.loc[code, "imd_rank_of_average_score"] and r.n_ranked == len(f10) == 317
        assert r.rank_basis == "official" and "File 10" in r.ranked_among and "Official" in r.note
        s = f10.imd_average_score
        assert r.percentile == pytest.approx(100 * ((s < r.value).sum() + 0.5) / len(s))
        reg = lad.loc[code, "region_code"]
        assert r.region_value == pytest.approx(region[reg], rel=1e-9)
        assert r.diff_region == pytest.approx(r.value - region[reg], rel=1e-9)
        assert r.england_value == pytest.approx(england, rel=1e-9)
        assert r.diff_england == pytest.approx(r.value - england, rel=1e-9)
    assert df.loc["Liverpool", "rank"] == 3 and df.loc["Manchester", "rank"] == 6  # File 10, IoD 2019
    # Liverpool is more deprived than Manchester on average score (both among the most deprived)
    assert df.loc["Liverpool", "value"] > df.loc["Manchester", "value"] > england


def test_compare_and_profile_give_one_rank_saying_official_or_computed():
    """Issue 12: Cheshire East was 216th of 317 in the profile and 214th of 309 in compare; now both say 216th of
    317 (official, IoD 2019 File 10) and 212th of 296 (official, IoD 2025); a group's rank says computed."""
    from placeviz.analysis.profile import place_profile

    for place, edition, layer, want in (("Cheshire East", "2019", "imd2019", (216, 317, "official")),
                                        ("Cheshire East", "2025", "imd2025", (212, 296, "official")),
                                        ("Liverpool City Region", "2019", "imd2019", (None, 317, "computed"))):
        p = place_profile(place, with_hotspots=False).ranks[edition]
        r = compare_areas([place], [layer]).iloc[0]
        assert (p.rank, p.n, p.basis) == (int(r["rank"]), r.n_ranked, r.rank_basis)
        assert p.score == pytest.approx(r.value)
        if want[0] is not None:
            assert p.rank == want[0]
        assert (p.n, p.basis) == want[1:]
        assert r.rank_basis in r.note.lower() or r.rank_basis.capitalize() in r.note


def test_england_beside_ohids_figures_is_ohids_own_as_in_the_profile():
    """England's slope index beside Knowsley's was 8.75, a mean of local authorities' slope indices, against
    OHID's 10.4 in the profile and the brief; England's life expectancy 79.39 against 79.5. Now England's figure
    is OHID's own and says so, and a region's or group's, still a mean, says it is computed."""
    from placeviz.analysis.profile import place_profile

    prof = place_profile("Knowsley", with_hotspots=False)
    layers = {"le_la_male": "le.official.male", "hle_la_male": "hle.official.male",
              "sii_la_female": "le.sii.official.female"}
    rows = compare_areas(["Knowsley", "England", "North West", "Cheshire and Merseyside"], list(layers))
    for layer, fid in layers.items():
        got = rows[rows.layer == layer].set_index("area_name")
        england = prof.figure(fid + ".england").value
        assert got.loc["Knowsley", "england_value"] == pytest.approx(england)
        assert got.loc["Knowsley", "diff_england"] == pytest.approx(prof.figure(fid).value - england)
        assert got.loc["England", "value"] == pytest.approx(england)
        assert "is OHID's own figure (official)" in got.loc["England", "note"]
        assert "Cheshire and Merseyside's is the population-weighted mean" in got.loc["Cheshire and Merseyside",
                                                                                      "note"]
        assert "the region's is the population-weighted mean" in got.loc["North West", "note"]
    # a layer with no published England figure keeps the mean of its areas, and England's own row says so
    imd = compare_areas(["Knowsley"], ["imd2025"]).iloc[0]
    assert "OHID" not in imd.note and np.isfinite(imd.england_value)
    england = compare_areas(["England"], ["imd2025"]).iloc[0]
    assert england.value == pytest.approx(imd.england_value)
    assert "England's IMD 2025 is the population-weighted mean of its areas' figures, computed by placeviz" in \
        england.note


def test_a_council_and_a_region_beside_a_ward_are_the_figures_of_their_own_rows():
    """Liverpool's IMD 2025 score was 37.11 (File 10's) in its own row and 36.90 (a mean of its neighbourhoods)
    beside Anfield in the same table; the North West's 27.0723 and 27.0763 (from a planner's run)."""
    rows = compare_areas(["Liverpool", "North West", "Anfield (Liverpool ward)", "E01006512"], ["imd2025", "imd2019"])
    for layer in ("imd2025", "imd2019"):
        got = rows[rows.layer == layer].set_index("area_name")
        for area in ("Anfield (Liverpool ward)", "Liverpool 031A"):
            assert got.loc[area, "la_value"] == got.loc["Liverpool", "value"]
            assert got.loc[area, "region_value"] == got.loc["North West", "value"]
            assert got.loc[area, "diff_la"] == pytest.approx(got.loc[area, "value"] - got.loc["Liverpool", "value"])
        assert got.loc["Liverpool", "region_value"] == got.loc["North West", "value"]


def test_an_lsoas_rank_is_the_published_one_and_says_so():
    r = compare_areas(["E01006512"], ["imd2019"]).iloc[0]
    assert r.rank_basis == "official" and r.ranked_among == "32,844 LSOAs in England (LSOA 2011)"
    r = compare_areas(["E01006512"], ["life_expectancy_male"]).iloc[0]
    assert r.rank_basis == "computed"


def test_lsoa_comparison_uses_published_rank_and_its_la():
    t = _table("imd2019_lsoa11.parquet")
    a = _attrs("lsoa11").reindex(t.index)
    code = "E01006512"
    df = compare_areas([code], ["imd2019"])
    r = df.iloc[0]
    assert r.value == pytest.approx(t.loc[code, "imd_score"])
    assert r["rank"] == t.loc[code, "imd_rank"] and r.decile == t.loc[code, "imd_decile"]
    la_code = a.loc[code, "lad21_code"]
    in_la = a.lad21_code == la_code
    la_mean = (t.imd_score[in_la] * t.pop_mid2015[in_la]).sum() / t.pop_mid2015[in_la].sum()
    # the authority's official average score (File 10), as its own row gives it: the same mean, published to 3 dp
    assert r.la_value == 42.412 and abs(r.la_value - la_mean) < 0.001
    assert r.diff_la == pytest.approx(t.loc[code, "imd_score"] - r.la_value)
    below = (t.imd_score < t.loc[code, "imd_score"]).sum() + 0.5 * (t.imd_score == t.loc[code, "imd_score"]).sum()
    assert r.percentile == pytest.approx(100 * below / len(t))


def test_msoa_layer_for_an_lsoa_takes_the_containing_msoa_and_says_so():
    le = _table("life_expectancy_msoa11.parquet")
    code = "E01006512"
    msoa = _attrs("lsoa11").loc[code, "msoa_code"]
    r = compare_areas([code], ["life_expectancy_male"]).iloc[0]
    assert r.value == pytest.approx(le.loc[msoa, "le_male"])
    assert msoa in r.note and "MSOA" in r.note
    # lower life expectancy is worse: rank 1 is the shortest-lived MSOA
    assert r["rank"] == int((le.le_male < le.loc[msoa, "le_male"]).sum()) + 1


def test_whole_places_and_regions():
    df = compare_areas(["England", "North West", "Liverpool City Region"], ["imd2019"]).set_index("area_kind")
    t = _table("imd2019_lsoa11.parquet")
    a = _attrs("lsoa11").reindex(t.index)
    lcr = a.lad21_code.isin(["E06000006", "E08000011", "E08000012", "E08000014", "E08000013", "E08000015"])
    expected = (t.imd_score[lcr] * t.pop_mid2015[lcr]).sum() / t.pop_mid2015[lcr].sum()
    assert df.loc["group", "value"] == pytest.approx(expected)
    assert df.loc["england", "value"] == pytest.approx((t.imd_score * t.pop_mid2015).sum() / t.pop_mid2015.sum())
    assert df.loc["region", "n_ranked"] == 9
    assert np.isnan(df.loc["england", "diff_england"])


def test_boundary_changed_lsoa_is_explained_not_guessed():
    # E01006513 was split in 2021 (change code S), so IMD 2025 has no area with that code
    r = compare_areas(["E01006513"], ["imd2025"]).iloc[0]
    assert np.isnan(r.value) and "2021" in r.note


def test_unknown_area_is_a_clear_error():
    with pytest.raises(CompareError, match="Did you mean"):
        resolve_area("Liverpol")


def test_ranking_table_sorts_and_ranks_within_the_place():
    t = _table("imd2019_lsoa11.parquet")
    a = _attrs("lsoa11").reindex(t.index)
    liv = t[a.lad21_code == "E08000012"]
    rt = ranking_table("Liverpool", "imd2019")
    assert len(rt) == len(liv)
    assert rt.iloc[0].code == liv.imd_score.idxmax() and rt.iloc[0].place_rank == 1
    assert rt.iloc[0]["rank"] == liv.imd_rank.min()
    by_name = ranking_table("Liverpool", "imd2019", sort_by="name", descending=True)
    assert list(by_name.name) == sorted(liv.index.map(a.name), reverse=True)
    with pytest.raises(CompareError, match="Cannot sort by"):
        ranking_table("Liverpool", "imd2019", sort_by="colour")


def test_region_percentile_counts_the_other_regions_only(imd_by_la):
    """Each region's percentile is the share of the nine regions below it, ties half: (below + 0.5) / 9."""
    _, region, _ = imd_by_la
    names = ["North West", "North East", "London", "South East", "East Midlands"]
    df = compare_areas(names, ["imd2019"]).set_index("area_name")
    for name in names:
        code = df.loc[name, "area_code"]
        below = int((region < region[code]).sum())
        assert df.loc[name, "percentile"] == pytest.approx(100 * (below + 0.5) / 9), name
        assert df.loc[name, "rank"] == 9 - below


def test_local_authority_comparison_uses_the_maps_la_set():
    """IMD 2025's LA map is on the 296 LAs of 2024: Liverpool compares as 9th of 296 (File 10), as the map."""
    from placeviz.model.mapdata import map_data

    df = compare_areas(["Liverpool", "Wirral"], ["imd2025"]).set_index("area_name")
    f10 = _table("imd2025_file10_lad24.parquet")
    assert df.loc["Liverpool", "n_ranked"] == 296 and df.loc["Liverpool", "rank"] == 9
    assert df.loc["Wirral", "value"] == pytest.approx(f10.loc["E08000015", "imd_average_score"])
    md = map_data("Liverpool", "la", "imd2025")
    assert df.loc["Liverpool", "value"] == pytest.approx(md.frame["value"].iloc[0])
    # IMD 2019: the official File 10 rank among the 317 LAs of 2019, as the profile gives it (issue 12)
    assert compare_areas(["Liverpool"], ["imd2019"])["n_ranked"].iloc[0] == 317


def test_ranking_table_reads_the_same_areas_and_messages_as_the_map():
    """The ranking table is map_data without geometry: same values, and the same sentence for an LA that no
    longer exists on the layer's LA set."""
    from placeviz.model.mapdata import LayerDataError, map_data

    t = ranking_table("Knowsley", "imd2019_income").set_index("code")
    md = map_data("Knowsley", "lsoa", "imd2019_income").frame.set_index("code")
    assert len(t) == len(md) and (t["value"] - md["value"].reindex(t.index)).abs().max() == 0
    with pytest.raises(LayerDataError, match="Cumberland"):
        ranking_table("Allerdale", "imd2025", level="la")
