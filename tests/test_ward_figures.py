"""A ward's figures, one rule everywhere: a ward compares as a whole place (its code, its local authority and
region, population-weighted over its best-fit LSOAs), and its IMD score and rank are model.ranks' on the map's
ward level, in ``find``, in comparisons and in the profile."""

import numpy as np
import pandas as pd
import pytest

from placeviz.cli import main
from placeviz.model.catalog import load_catalog
from placeviz.model.geography import attributes, lsoa_lookup, resolve_place
from placeviz.model.mapdata import MIN_WEIGHT_SHARE, map_data, population
from placeviz.model.ranks import census2021_residents, imd_place_rank
from placeviz.model.tables import read_table

ANFIELD = "E05015279"
WARD = "Anfield (Liverpool ward)"


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    ok = values.notna() & weights.notna()
    return float(np.average(values[ok], weights=weights[ok]))


def test_a_ward_compares_as_a_whole_place_with_its_code_council_and_region(tmp_path):
    out = tmp_path / "c.csv"
    assert main(["compare", "--place", WARD, "--place", "Liverpool", "--layer", "life_expectancy_male",
                 "--layer", "population", "--layer", "imd2025_income", "-o", str(out)]) == 0
    row = pd.read_csv(out).set_index("place").loc[WARD]
    assert (row["code"], row["kind"]) == (ANFIELD, "ward")
    lsoa11, lsoa21 = attributes("lsoa11").set_index("code"), attributes("lsoa21").set_index("code")
    in11, in21 = lsoa11.index[lsoa11["ward24_code"] == ANFIELD], lsoa21.index[lsoa21["ward24_code"] == ANFIELD]
    # life expectancy is published for MSOAs: each of the ward's LSOAs takes its MSOA's value, weighted by residents
    le = load_catalog().get("life_expectancy_male")
    msoa_values = read_table(le.table)[le.column].astype("float64")
    lsoa_values = pd.Series(msoa_values.reindex(lsoa11.loc[in11, "msoa_code"]).to_numpy(), index=in11)
    expected_le = _weighted(lsoa_values, population("lsoa11").reindex(in11))
    assert row["life_expectancy_male_2016-2020_value"] == pytest.approx(expected_le, abs=1e-4)
    assert row["life_expectancy_male_2016-2020_value"] == pytest.approx(76.184, abs=1e-3)
    # residents are a count: the sum over the ward's LSOAs
    assert row["population_2020_value"] == population("lsoa11").reindex(in11).sum() == 13_192
    # a 2021-LSOA layer: the population-weighted mean of its 2021 LSOAs, ranked among every ward made so
    inc = load_catalog().get("imd2025_income")
    t = read_table(inc.table)[inc.column].astype("float64")
    pop21 = population("lsoa21")
    expected_inc = _weighted(t.reindex(in21), pop21.reindex(in21))
    assert row["imd2025_income_2025_value"] == pytest.approx(expected_inc, abs=1e-4)
    wards = (t * pop21.reindex(t.index)).groupby(lsoa21["ward24_code"].reindex(t.index)).sum() / \
        pop21.reindex(t.index).groupby(lsoa21["ward24_code"].reindex(t.index)).sum()
    assert row["imd2025_income_2025_rank"] == 1 + int((wards > wards[ANFIELD] + 1e-9).sum())
    assert row["imd2025_income_2025_n_ranked"] == 6_784
    assert "wards in England" in row["imd2025_income_2025_ranked_among"]
    # its local authority and region, with their figures to set it against
    for layer in ("life_expectancy_male_2016-2020", "imd2025_income_2025"):
        assert row[f"{layer}_la_value"] == pytest.approx(pd.read_csv(out).set_index("place").at[
            "Liverpool", f"{layer}_value"], abs=1e-3)
        assert np.isfinite(row[f"{layer}_region_value"]) and np.isfinite(row[f"{layer}_diff_england"])
    notes = " ".join(str(row[c]) for c in row.index if c.endswith("_note"))
    assert "is not one of them" not in notes and "best-fit lookup" in notes and "its MSOA's value" in notes


def test_a_wards_imd_score_and_rank_are_the_same_in_find_the_ward_map_compare_and_profile(tmp_path, capsys):
    r = imd_place_rank(resolve_place(WARD), "2025")
    # the one rule: Census 2021 residents, as every computed IoD 2025 figure
    t = read_table("imd2025_lsoa21.parquet")
    a = attributes("lsoa21").set_index("code").reindex(t.index)
    assert r.score == pytest.approx(_weighted(t["imd_score"][a["ward24_code"] == ANFIELD],
                                              census2021_residents().reindex(t.index)[a["ward24_code"] == ANFIELD]))
    assert (round(r.score, 1), r.rank, r.n) == (56.8, 77, 6_784)
    out = tmp_path / "wards.csv"
    assert main(["export", "csv", "--place", "Liverpool", "--level", "ward", "--layer", "imd2025",
                 "-o", str(out)]) == 0
    ward_csv = pd.read_csv(out, dtype={"code": str}).set_index("code").loc[ANFIELD]
    assert ward_csv["value"] == pytest.approx(r.score, abs=1e-6) and ward_csv["rank"] == r.rank == 77
    side = (tmp_path / "wards.csv.txt").read_text(encoding="utf-8")
    assert "Census 2021 usual residents" in side and "6,784 wards" in side
    capsys.readouterr()
    assert main(["find", WARD]) == 0
    found = capsys.readouterr().out
    assert "56.8, decile 1 of 10 (1 = most deprived), rank among wards 77 of 6,784" in found
    assert "weighted with Census 2021 residents" in found
    assert main(["profile", "--place", WARD, "--format", "text"]) == 0
    assert "77th most deprived of 6,784 (IoD 2025" in capsys.readouterr().out
    cmp_out = tmp_path / "c.csv"
    assert main(["compare", "--place", WARD, "--place", "Liverpool", "--layer", "imd2025", "-o", str(cmp_out)]) == 0
    row = pd.read_csv(cmp_out).set_index("place").loc[WARD]
    assert row["imd2025_2025_value"] == pytest.approx(r.score, abs=1e-3) and row["imd2025_2025_rank"] == 77


def test_a_2011_lsoa_is_in_the_ward_holding_most_of_its_census_2021_residents():
    lookup = lsoa_lookup()
    residents = census2021_residents().reindex(lookup["lsoa21_code"]).to_numpy()
    ward21 = attributes("lsoa21").set_index("code")["ward24_code"]
    held = pd.DataFrame({"lsoa11": lookup["lsoa11_code"].to_numpy(), "residents": residents,
                         "ward": ward21.reindex(lookup["lsoa21_code"]).to_numpy()})
    held = held.groupby(["lsoa11", "ward"], as_index=False)["residents"].sum()
    held = held.sort_values(["lsoa11", "residents"], ascending=[True, False])
    spread = held[held["lsoa11"].duplicated(keep=False)].groupby("lsoa11")["residents"]
    assert spread.ngroups == 188
    assert (spread.nth(0).to_numpy() > spread.nth(1).to_numpy()).all()  # real residents: not one tie
    bundled = attributes("lsoa11").set_index("code")["ward24_code"]
    assert (held.drop_duplicates("lsoa11").set_index("lsoa11")["ward"].reindex(bundled.index) == bundled).all()
    # E01023964 (Stratford-on-Avon) was split equally between two wards and went to the lower ward code; more of
    # its 2021 parts' residents live in Stratford Avenue (E05011071) than in Stratford Clopton
    assert bundled["E01023508"] == "E05015629" and bundled["E01023964"] == "E05011071"


KINGSNORTH = "Kingsnorth Village & Bridgefield (Ashford ward)"
NO_2011_LSOA = (KINGSNORTH, "Long Marston (Stratford-on-Avon ward)", "Stratford Clopton (Stratford-on-Avon ward)",
                "Wellesbourne East & Rural (Stratford-on-Avon ward)")


def test_a_ward_no_2011_lsoa_lies_mostly_in_maps_on_2011_areas_as_the_lsoas_it_shares_ground_with(capsys):
    lsoa11, lsoa21, lookup = attributes("lsoa11"), attributes("lsoa21"), lsoa_lookup()
    # four wards, and only these, hold most of no 2011 LSOA
    assert ({resolve_place(name).codes[0] for name in NO_2011_LSOA}
            == set(attributes("ward24")["code"]) - set(lsoa11["ward24_code"]))
    for name in NO_2011_LSOA:
        code = resolve_place(name).codes[0]
        mine21 = set(lsoa21.loc[lsoa21["ward24_code"] == code, "code"])
        shared = set(lookup.loc[lookup["lsoa21_code"].isin(mine21), "lsoa11_code"])
        md = map_data(name, "lsoa", "imd2019", geometry=False)
        assert set(md.frame["code"]) == shared and md.frame["value"].notna().all()
        assert "shares ground with its 2021 ones" in md.note
        assert "share" not in map_data(name, "lsoa", "imd2025", geometry=False).note
    # Kingsnorth Village & Bridgefield: its one 2021 LSOA shares ground with one 2011 LSOA, which reaches beyond it
    md = map_data(KINGSNORTH, "lsoa", "imd2019", geometry=False)
    assert len(md.frame) == 1 and "shown as the 2011 LSOA that shares ground with its 2021 ones" in md.note
    t = read_table("imd2019_lsoa11.parquet").reindex(md.frame["code"])
    r = imd_place_rank(resolve_place(KINGSNORTH), "2019")
    assert r.score == pytest.approx(_weighted(t["imd_score"], t["pop_mid2015"].astype("float64")), abs=1e-9)
    assert main(["profile", "--place", KINGSNORTH, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "has no neighbourhoods" not in text
    assert "No 2011 neighbourhood (LSOA) lies mostly in Kingsnorth Village & Bridgefield (Ashford ward)" in text
    assert f"{r.rank:,}th of 6,781 wards (computed)" in text and r.rank == 3_765
    assert f"{6_781 + 1 - r.rank:,}th least deprived of 6,781 wards in England (IoD 2019" in text


def test_a_ward_no_2011_lsoa_lies_mostly_in_compares_on_2011_layers_and_says_how(tmp_path):
    out = tmp_path / "c.csv"
    assert main(["compare", "--place", KINGSNORTH, "--place", "Ashford", "--layer", "imd2019", "--layer",
                 "imd2019_income", "-o", str(out)]) == 0
    row = pd.read_csv(out).set_index("place").loc[KINGSNORTH]
    shared = map_data(KINGSNORTH, "lsoa", "imd2019", geometry=False).frame["code"]
    assert row["imd2019_2019_value"] == pytest.approx(imd_place_rank(resolve_place(KINGSNORTH), "2019").score,
                                                      abs=1e-3)
    inc = load_catalog().get("imd2019_income")
    t = read_table(inc.table)
    expected = _weighted(t[inc.column].astype("float64").reindex(shared),
                         t[inc.weight].astype("float64").reindex(shared))
    assert row["imd2019_income_2019_value"] == pytest.approx(expected, abs=1e-4)
    for layer in ("imd2019_2019", "imd2019_income_2019"):
        assert "shown as the 2011 LSOA that shares ground" in row[f"{layer}_note"]
        assert row[f"{layer}_n_ranked"] == 6_781 and np.isfinite(row[f"{layer}_rank"])


def test_a_ward_on_a_council_layer_names_the_council_whose_value_it_takes():
    from placeviz.analysis.compare import compare_areas

    rows = compare_areas(["Aspatria (Cumberland ward)"], ["life_expectancy_la"])
    note = rows["note"].iloc[0]
    assert "this is the value of Allerdale (E07000026), the local authority that contains Aspatria" in note


def test_a_ward_on_a_layer_covering_part_of_england_is_ranked_among_the_wards_it_covers():
    """The 1 km NO2 grid covers Cheshire and Merseyside's wards only: Anfield is ranked among those 648, and says
    so, not among "England's wards"."""
    from placeviz.analysis.compare import compare_areas

    row = compare_areas([WARD], ["no2_2023"]).iloc[0]
    # a ward has a value where its LSOAs with one hold at least MIN_WEIGHT_SHARE of its residents
    lsoa11 = attributes("lsoa11").set_index("code")
    has = read_table("air_grid_lsoa11.parquet")["no2_2023"].reindex(lsoa11.index).notna()
    pop = population("lsoa11").reindex(lsoa11.index)
    share = pop[has].groupby(lsoa11["ward24_code"][has]).sum() / pop.groupby(lsoa11["ward24_code"]).sum()
    assert row["n_ranked"] == int((share >= MIN_WEIGHT_SHARE).sum()) == 648
    assert row["ranked_among"] == ("648 wards with a value (May 2024, each made the same way; the layer covers "
                                   "part of England)")
    assert "ranked among the 648 wards with a value" in row["note"] and "England's wards" not in row["note"]
    # a layer on 2011 LSOAs reaches 6,780 wards (4 hold no 2011 LSOA): all of England's, said so
    full = compare_areas([WARD], ["imd2019_income"]).iloc[0]
    assert full["ranked_among"] == "6,780 wards in England (May 2024, each made the same way)"
    assert "ranked among England's wards" in full["note"]


def test_a_wards_msoas_are_those_of_the_same_census_as_the_map():
    """A 2011 MSOA map of a ward shows the 2011 MSOAs holding its 2011 LSOAs, not also the 2021 MSOA one of its
    2021 LSOAs lies in (Houghton, Sunderland: E02001820 holds none of its 2011 LSOAs)."""
    ward = resolve_place("Houghton (Sunderland ward)")
    lsoa11, lsoa21 = attributes("lsoa11"), attributes("lsoa21")
    for msoa_set, lsoas in (("msoa11", lsoa11), ("msoa21", lsoa21)):
        expected = set(lsoas.loc[lsoas["ward24_code"] == ward.codes[0], "msoa_code"])
        a = attributes(msoa_set)
        assert set(a.loc[ward.mask(a, msoa_set), "code"]) == expected
    assert "E02001820" not in set(map_data(ward, "msoa", "life_expectancy_male", geometry=False).frame["code"])
