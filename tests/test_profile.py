"""Profile figures for real places equal an independent computation from the bundled tables.

The expected values here are computed with pandas straight from layers/tables/*.parquet and the boundaries'
attribute columns, not through placeviz.model.mapdata or placeviz.analysis.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from placeviz.analysis.profile import ProfileError, place_profile
from placeviz.model.catalog import load_catalog
from placeviz.model.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "layers" / "tables"
CM = ["E06000049", "E06000050", "E06000006", "E08000011", "E08000012", "E08000014", "E08000013",
      "E06000007", "E08000015"]
PLACES = {"Liverpool": ["E08000012"], "Cheshire East": ["E06000049"], "Cheshire and Merseyside": CM,
          "England": None}


def attrs(name):
    path = ROOT / "boundaries" / f"{name}.parquet"
    cols = [c for c in pq.read_schema(path).names if c != "geometry"]
    return pq.read_table(path, columns=cols).to_pandas().set_index("code")


def table(name):
    return pd.read_parquet(TABLES / name).set_index("code")


@pytest.fixture(scope="module")
def raw():
    return {
        "l11": attrs("lsoa11"), "l21": attrs("lsoa21"), "m11": attrs("msoa11"),
        "i19": table("imd2019_lsoa11.parquet"), "i25": table("imd2025_lsoa21.parquet"),
        "p11": table("population_lsoa11.parquet")["population"].astype(float),
        # IoD 2025 figures are weighted with Census 2021 usual residents (raw/population_lsoa21, TS021)
        "p21": table("census2021_residents_lsoa21.parquet")["residents"].astype(float),
        "f19": table("imd2019_file10_lad19.parquet"), "f25": table("imd2025_file10_lad24.parquet"),
        "le": table("life_expectancy_msoa11.parquet"), "hi": table("health_index_lad21.parquet"),
        "jobs": table("jobs_sectors_msoa11.parquet"), "grid": table("air_grid_lsoa11.parquet"),
    }


@pytest.fixture(scope="module")
def profiles():
    return {name: place_profile(name, with_hotspots=False) for name in PLACES}


def members(a, las):
    return a.index if las is None else a.index[a["lad21_code"].isin(las)]


def wmean(v, w):
    ok = v.notna() & w.notna()
    return float((v[ok] * w[ok]).sum() / w[ok].sum())


@pytest.mark.parametrize("name", PLACES)
def test_residents_and_deprived_shares(name, raw, profiles):
    p, las = profiles[name], PLACES[name]
    l11 = members(raw["l11"], las)
    assert p.value("residents") == pytest.approx(raw["p11"].reindex(l11).sum())
    for edition, t, pop, codes in (("2019", raw["i19"], raw["p11"], l11),
                                   ("2025", raw["i25"], raw["p21"], members(raw["l21"], las))):
        here = t.reindex(codes)
        assert p.value(f"imd{edition}.lsoas") == len(codes)
        for tag, upto in (("decile1", 1), ("decile1_2", 2)):
            inside = here.index[here.imd_decile <= upto]
            base = f"imd{edition}.imd.{tag}"
            assert p.value(base + ".areas") == len(inside)
            assert p.value(base + ".area_share") == pytest.approx(100 * len(inside) / len(codes))
            assert p.value(base + ".residents") == pytest.approx(pop.reindex(inside).sum())
            assert p.value(base + ".resident_share") == pytest.approx(
                100 * pop.reindex(inside).sum() / pop.reindex(codes).sum())
            national = t.index[t.imd_decile <= upto]
            assert p.value(base + ".resident_share.england") == pytest.approx(
                100 * pop.reindex(national).sum() / pop.reindex(t.index).sum())


def test_known_facts_from_the_data():
    liverpool = place_profile("Liverpool", with_hotspots=False)
    knowsley = place_profile("Knowsley", with_hotspots=False)
    assert round(liverpool.value("imd2019.imd.decile1.area_share"), 1) == 48.7
    assert round(knowsley.value("imd2019.imd.decile1.area_share"), 1) == 46.9
    assert round(liverpool.value("imd2025.imd.decile1.area_share"), 1) == 36.8
    assert liverpool.value("imd2019.la_rank") == 3 and knowsley.value("imd2019.la_rank") == 2


def test_decile_one_share_of_areas_matches_file10_for_every_la_in_cheshire_and_merseyside(raw):
    for code in CM:
        p = place_profile(code, with_hotspots=False)
        assert p.value("imd2019.imd.decile1.area_share") / 100 == pytest.approx(
            raw["f19"].at[code, "imd_proportion_most_deprived_10pc"], abs=6e-5)
        assert p.value("imd2025.imd.decile1.area_share") / 100 == pytest.approx(
            raw["f25"].at[code, "imd_proportion_most_deprived_10pc"], abs=6e-5)


@pytest.mark.parametrize("name", ["Liverpool", "Cheshire East"])
def test_la_rank_is_the_official_file10_rank(name, raw, profiles):
    p, code = profiles[name], PLACES[name][0]
    assert p.rank_official == {"2019": True, "2025": True}
    assert p.value("imd2019.la_rank") == raw["f19"].at[code, "imd_rank_of_average_score"]
    assert p.value("imd2019.average_score") == pytest.approx(raw["f19"].at[code, "imd_average_score"])
    assert p.value("imd2025.la_rank") == raw["f25"].at[code, "imd_rank_of_average_score"]
    assert p.value("imd2019.la_count") == 317 and p.value("imd2025.la_count") == 296


def test_group_rank_is_where_its_average_would_rank(raw, profiles):
    p = place_profile("Liverpool City Region", with_hotspots=False)
    assert p.rank_official == {"2019": False, "2025": False}
    lcr = ["E06000006", "E08000011", "E08000012", "E08000013", "E08000014", "E08000015"]
    here = raw["i19"].reindex(members(raw["l11"], lcr))
    score = (here.imd_score * here.pop_mid2015).sum() / here.pop_mid2015.sum()
    assert p.value("imd2019.average_score") == pytest.approx(score)
    assert p.value("imd2019.la_rank") == 1 + (raw["f19"].imd_average_score > score).sum()
    here25 = raw["i25"].reindex(members(raw["l21"], lcr))
    score25 = wmean(here25.imd_score, raw["p21"].reindex(here25.index))
    assert p.value("imd2025.average_score") == pytest.approx(score25)
    assert p.value("imd2025.la_rank") == 1 + (raw["f25"].imd_average_score > score25).sum()
    assert p.ranks["2025"].basis == "computed" and p.to_dict()["ranks"]["2025"]["n"] == 296
    # the method reproduces File 10 for a single authority
    lpool = raw["i19"].reindex(members(raw["l11"], ["E08000012"]))
    assert (lpool.imd_score * lpool.pop_mid2015).sum() / lpool.pop_mid2015.sum() == pytest.approx(
        raw["f19"].at["E08000012", "imd_average_score"], abs=5e-4)
    assert "imd2019.la_rank" not in profiles["England"].figures


def test_cheshire_and_merseyside_leads_with_its_official_icb_summary(raw, profiles):
    """Issue 12: C&M is NHS Cheshire and Merseyside (E54000008), 25.531 and 10th of 42 ICBs in the official IoD
    2025 ICB summary, not a computed 25.747 'would be 71st of 296 local authorities'."""
    p = profiles["Cheshire and Merseyside"]
    assert p.rank_official == {"2019": False, "2025": True}
    icb = table("imd2025_file10_icb24.parquet")
    assert icb.at["E54000008", "imd_average_score"] == 25.531  # imd2025_england_icb24.csv
    assert p.value("imd2025.average_score") == 25.531
    assert p.value("imd2025.icb_rank") == 10 and p.value("imd2025.icb_count") == 42 == len(icb)
    assert "imd2025.la_rank" not in p.figures
    r = p.to_dict()["ranks"]["2025"]
    assert (r["basis"], r["among"], r["official_code"]) == ("official", "ICBs", "E54000008")
    from placeviz.analysis.narrative import so_what

    first = so_what(p)[0].text
    assert first.startswith("NHS Cheshire and Merseyside ICB is the 10th most deprived of England's 42 "
                            "Integrated Care Boards"), first
    assert "71st" not in " ".join(s.text for s in so_what(p))
    # IoD 2019 has no ICB summary: its rank is computed among the 317 local authorities and says so
    here = raw["i19"].reindex(members(raw["l11"], CM))
    score = (here.imd_score * here.pop_mid2015).sum() / here.pop_mid2015.sum()
    assert p.value("imd2019.la_rank") == 1 + (raw["f19"].imd_average_score > score).sum()


def test_rank_of_a_place_that_was_several_authorities_in_2019_is_computed(raw):
    p = place_profile("Cumberland", with_hotspots=False)  # a 2023 authority: File 10 2025 only
    assert p.rank_official == {"2019": False, "2025": True}
    assert p.value("imd2025.la_rank") == raw["f25"].at["E06000063", "imd_rank_of_average_score"]


@pytest.mark.parametrize("name", ["Liverpool", "Cheshire and Merseyside"])
def test_domain_profile(name, raw, profiles):
    p = profiles[name]
    codes = members(raw["l21"], PLACES[name])
    here, pop = raw["i25"].reindex(codes), raw["p21"]
    rows = {r["domain"]: r for r in p.domain_table("2025")}
    assert len(rows) == 8
    for d in ("income", "employment", "education", "health", "crime", "barriers", "living"):
        inside = here.index[here[f"{d}_decile"] <= 2]
        assert rows[d]["areas"] == len(inside)
        assert rows[d]["resident_share"] == pytest.approx(100 * pop.reindex(inside).sum() / pop.reindex(codes).sum())
        nat = raw["i25"].index[raw["i25"][f"{d}_decile"] <= 2]
        assert rows[d]["england_resident_share"] == pytest.approx(100 * pop.reindex(nat).sum() / pop.sum())
    drivers = [r["domain"] for r in p.domain_drivers("2025")]
    assert "health" in drivers and "barriers" not in drivers  # true of Liverpool and of C&M in the data


def _expected_fifths_gap(le, pop, score):
    df = pd.DataFrame({"le": le, "pop": pop, "score": score}).rename_axis(None)
    df = df.assign(code=df.index).sort_values(["score", "code"], ascending=[False, True])
    df["fifth"] = np.arange(len(df)) * 5 // len(df) + 1
    ok = df["le"].notna()
    def mean(f):
        d = df[ok & (df.fifth == f)]
        return (d["le"] * d["pop"]).sum() / d["pop"].sum()
    return mean(1), mean(5)


@pytest.mark.parametrize("name", PLACES)
def test_life_expectancy_and_gap_between_fifths(name, raw, profiles):
    p = profiles[name]
    m = members(raw["m11"], PLACES[name])
    msoa_pop = raw["p11"].groupby(raw["l11"]["msoa_code"].reindex(raw["p11"].index)).sum()
    i19 = raw["i19"]
    lsoa_msoa = raw["l11"]["msoa_code"].reindex(i19.index)
    score = (i19.imd_score * i19.pop_mid2015).groupby(lsoa_msoa).sum() / i19.pop_mid2015.groupby(lsoa_msoa).sum()
    for sex in ("male", "female"):
        le = raw["le"][f"le_{sex}"]
        assert p.value(f"le.{sex}") == pytest.approx(wmean(le.reindex(m), msoa_pop.reindex(m)))
        assert p.value(f"le.{sex}.england") == pytest.approx(wmean(le, msoa_pop.reindex(le.index)))
        worst, best = _expected_fifths_gap(le.reindex(m), msoa_pop.reindex(m), score.reindex(m))
        assert p.value(f"le.{sex}.most_deprived_fifth") == pytest.approx(worst)
        assert p.value(f"le.{sex}.least_deprived_fifth") == pytest.approx(best)
        assert p.value(f"le.{sex}.gap") == pytest.approx(best - worst)
    assert any("Levels run high" in text for _, text in p.caveats)
    if name == "Liverpool":  # the catalog caveat quotes this level
        assert round(p.value("le.male"), 1) == 78.2


@pytest.mark.parametrize("name", PLACES)
def test_air_quality_and_insecure_work(name, raw, profiles):
    p, las = profiles[name], PLACES[name]
    l11 = members(raw["l11"], las)
    la_pop = raw["p11"].groupby(raw["l11"]["lad21_code"].reindex(raw["p11"].index)).sum()
    pm = raw["hi"]["air_pollution_2021"]
    here_pop = raw["p11"].reindex(l11).groupby(raw["l11"].loc[l11, "lad21_code"]).sum()
    assert p.value("air.pm25") == pytest.approx(wmean(pm.reindex(here_pop.index), here_pop))
    assert p.value("air.pm25.england") == pytest.approx(wmean(pm.reindex(la_pop.index), la_pop))
    if las and len(las) == 1:
        assert p.value("air.pm25") == pytest.approx(pm[las[0]])
    if name == "England":
        assert "air.grid.no2_2023" not in p.figures
    else:
        grid = raw["grid"]["no2_2023"]
        assert p.value("air.grid.no2_2023") == pytest.approx(wmean(grid.reindex(l11), raw["p11"].reindex(l11)))
    m = members(raw["m11"], las)
    msoa_pop = raw["p11"].groupby(raw["l11"]["msoa_code"].reindex(raw["p11"].index)).sum()
    jobs = raw["jobs"]["jobs_at_risk_sectors_pct"]
    assert p.value("work.insecure") == pytest.approx(wmean(jobs.reindex(m), msoa_pop.reindex(m)))
    assert p.value("work.insecure.england") == pytest.approx(wmean(jobs, msoa_pop.reindex(jobs.index)))
    topics = {t for t, _ in p.caveats}
    assert {"Air quality", "Insecure work"} <= topics


def test_no_grid_average_outside_the_grid():
    p = place_profile("Wokingham", with_hotspots=False)
    assert "air.grid.no2_2023" not in p.figures and p.value("air.pm25") is not None


@pytest.mark.parametrize("name", ["Liverpool", "Cheshire and Merseyside"])
def test_most_and_least_deprived_neighbourhoods(name, raw, profiles):
    p = profiles[name]
    for edition, t, a in (("2019", raw["i19"], raw["l11"]), ("2025", raw["i25"], raw["l21"])):
        here = t.reindex(members(a, PLACES[name])).sort_values("imd_rank")
        assert [n.code for n in p.most_deprived[edition]] == list(here.index[:5])
        assert [n.code for n in p.least_deprived[edition]] == list(here.index[::-1][:5])
        first = p.most_deprived[edition][0]
        assert first.name == a.at[first.code, "name"] and first.rank == here.imd_rank.iloc[0]


def test_every_figure_names_known_layers(profiles):
    cat = load_catalog()
    for p in profiles.values():
        for f in p.figures.values():
            assert f.layers and all(x in cat for x in f.layers), f.id


def test_a_place_with_too_few_msoas_has_no_gap_but_still_a_profile():
    p = place_profile("City of London", with_hotspots=False)
    assert p.figure("le.male.gap") is None and p.figure("le.male") is not None
    assert any("Too few MSOAs" in n for n in p.notes)


def test_unknown_place_is_a_user_error():
    with pytest.raises(UserError, match="Unknown place"):
        place_profile("Atlantis", with_hotspots=False)
    assert issubclass(ProfileError, UserError)


def test_official_life_expectancy_by_sex_leads_for_liverpool():
    """Issue 12: OHID's LE at birth by LA and sex, latest verified period 2022-24 (fingertips_90366: Liverpool
    76.1 men, 80.3 women; England 79.5, 83.3); 2023-25 is unverified and only in the series."""
    p = place_profile("Liverpool", with_hotspots=False)
    assert p.value("le.official.male") == 76.1 and p.value("le.official.male.england") == 79.5
    assert p.value("le.official.female") == 80.3 and p.value("le.official.female.england") == 83.3
    assert p.value("hle.official.male") == 55.8 and p.value("le.sii.official.male") == 10.7
    d = p.to_dict()["official_life_expectancy"]["E08000012"]
    for sex in ("male", "female"):
        le = d[sex]["le"]
        assert le["period"] == "2022-24" and le["source"].startswith("OHID Fingertips")
        assert [s["period"] for s in le["series"] if not s["verified"]] == ["2023-25"]
        assert le["series"][0] == {"period": "2015-17", "value": 76.0 if sex == "male" else 80.2, "verified": True}
    from placeviz.analysis.narrative import so_what

    text = " ".join(s.text for s in so_what(p))
    assert "can expect to live 76.1 years, 3.4 fewer than England's 79.5" in text
    assert "le_la_male" in p.figures["le.official.male"].layers


def test_cheshire_and_merseyside_life_expectancy_is_said_per_authority():
    """No official figure for C&M as a whole is bundled: the profile says how many of its 9 authorities are below
    England (2022-24: 7 of 9 for men and for women; Cheshire East and Cheshire West and Chester are above)."""
    p = place_profile("Cheshire and Merseyside", with_hotspots=False)
    assert p.value("le.official.male.las_below_england") == 7 and p.value("le.official.male.las") == 9
    assert p.value("le.official.female.las_below_england") == 7
    assert p.value("le.official.male.lowest") == 76.1 and p.figures["le.official.male.lowest"].note == "Liverpool"
    assert p.value("le.official.female.highest") == 83.8
    from placeviz.analysis.narrative import so_what

    le = next(s.text for s in so_what(p) if s.topic == "life expectancy")
    assert le.startswith("In 7 of Cheshire and Merseyside's 9 local authorities, men and women can expect "
                         "shorter lives than across England") and "no official figure" in le


def test_iod2025_weights_are_census_2021_residents_and_say_so(raw):
    """Issue 12: IoD 2025 shares and computed averages weight each 2021 LSOA by its Census 2021 usual residents
    (TS021: England 56,490,108; Liverpool 486,097), not equal splits of 2011 populations, and say so."""
    w = raw["p21"]
    assert w.sum() == 56_490_108 and len(w) == 33_755
    p = place_profile("Liverpool", with_hotspots=False)
    here = raw["i25"].index[raw["l21"].reindex(raw["i25"].index)["lad24_code"] == "E08000012"]
    assert w.reindex(here).sum() == 486_097
    share = 100 * w.reindex(here)[raw["i25"].loc[here, "imd_decile"] == 1].sum() / w.reindex(here).sum()
    assert p.value("imd2025.imd.decile1.resident_share") == pytest.approx(share)
    assert "Census 2021" in p.figures["imd2025.imd.decile1.resident_share"].note


def test_brief_figures_reproduced():
    """Issue 12's brief: 62% of Liverpool's residents live in England's most deprived 20% (IoD 2019)."""
    p = place_profile("Liverpool", with_hotspots=False)
    assert round(p.value("imd2019.imd.decile1_2.resident_share")) == 62


def test_computed_slope_index_drops_suppressed_areas_and_says_how_it_differs(raw):
    """Issue 12: a computed gap uses a stated standard method (SII over deciles), drops suppressed areas first and
    says how it differs from OHID's; a local authority's sentence quotes OHID's SII (Liverpool men 10.7, 2022-24)."""
    from placeviz.analysis.profile import msoa_imd2019_scores, slope_index

    le = pd.Series([70.0 + i for i in range(20)], index=[f"E02{i:06d}" for i in range(20)])
    pop = pd.Series(1000.0, index=le.index)
    scores = pd.Series([100.0 - i for i in range(20)], index=le.index)  # most deprived first: LE rises by 1 a step
    assert slope_index(le, pop, scores) == pytest.approx(20.0, rel=0.06)  # ~20 years from one end to the other
    le_gap = le.copy()
    le_gap.iloc[5] = np.nan  # a suppressed area is dropped, not read as 0
    assert np.isfinite(slope_index(le_gap, pop, scores))
    p = place_profile("Liverpool", with_hotspots=False)
    f = p.figures["le.male.sii"]
    assert "suppressed" in f.note and "differs from OHID" in f.note and 0 < f.value < 20
    t = raw["le"]
    codes = members(raw["m11"], ["E08000012"])
    assert f.value == pytest.approx(slope_index(t["le_male"].reindex(codes),
                                                raw["p11"].groupby(raw["l11"]["msoa_code"]).sum().reindex(codes),
                                                msoa_imd2019_scores().reindex(codes)))
    from placeviz.analysis.narrative import so_what

    gap = next(s.text for s in so_what(p) if s.topic == "life expectancy gap")
    assert "OHID's slope index of inequality is 10.7 years for men and 8.1 for women " \
           "(England 10.4 and 8.0; 2022-24, OHID)" in gap
    cm = next(s.text for s in so_what(place_profile("Cheshire and Merseyside", with_hotspots=False))
              if s.topic == "life expectancy gap")
    assert "computed across deciles of MSOAs (not OHID's method)" in cm
