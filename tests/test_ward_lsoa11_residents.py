"""A 2011 LSOA's ward by real residents, and a ward's residents from its own 2021 LSOAs.

A 2011 LSOA takes the ward holding most of the Census 2021 usual residents of the 2021 LSOAs it shares ground
with (``model.lsoa11_ward``); a ward's profile counts the residents of its own 2021 LSOAs; a ward holding most of
no 2011 LSOA is counted in the set of wards it is ranked among."""

import pandas as pd
import pytest

from placeviz.analysis.profile import place_profile
from placeviz.analysis.report import residents_line
from placeviz.cli import main
from placeviz.model.geography import attributes, lsoa_lookup, resolve_place, ward_shared_lsoa11
from placeviz.model.lsoa11_ward import lsoa11_wards
from placeviz.model.mapdata import population
from placeviz.model.ranks import census2021_residents, group_scores, imd_place_rank, percentile_among

KINGSNORTH = "Kingsnorth Village & Bridgefield (Ashford ward)"
#: the wards that lost every tie on ward code order when 2011 LSOAs were split equally among their 2021 parts
TIE_LOSERS = {"E05011990": "Clowne West", "E05015542": "Slough Central", "E05015129": "Stratford Clopton"}


def _rows():
    lookup = lsoa_lookup()
    ward21 = attributes("lsoa21").set_index("code")["ward24_code"]
    return lookup["lsoa11_code"], lookup["lsoa21_code"].map(ward21), lookup["lsoa21_code"]


def test_the_bundled_2011_wards_follow_census_2021_residents_and_four_wards_hold_none():
    codes11, wards21, codes21 = _rows()
    wards = lsoa11_wards(codes11, wards21, codes21.map(census2021_residents()))
    bundled = attributes("lsoa11").set_index("code")["ward24_code"]
    assert wards.index.equals(bundled.index) and (wards == bundled).all()
    held_none = set(attributes("ward24")["code"]) - set(bundled)
    assert held_none == {"E05011759", "E05015118", "E05015129", "E05015142"}  # one new: Wellesbourne East & Rural
    assert held_none.isdisjoint({"E05011990", "E05015542"})  # Clowne West and Slough Central hold theirs now


def test_a_tie_goes_to_a_ward_that_would_otherwise_hold_no_2011_lsoa():
    """The mid-2020 figures split equally among 2021 parts tie 130 of the 188 2011 LSOAs spread over wards:
    by ward code order three wards held none; by the stated rule each holds one."""
    codes11, wards21, codes21 = _rows()
    split = codes21.map(population("lsoa21"))
    by_rule = lsoa11_wards(codes11, wards21, split)
    held = pd.DataFrame({"lsoa11": codes11, "ward": wards21, "residents": split})
    held = held.groupby(["lsoa11", "ward"], as_index=False)["residents"].sum()
    by_code = held.sort_values(["lsoa11", "residents", "ward"], ascending=[True, False, True]).drop_duplicates("lsoa11")
    for code in TIE_LOSERS:
        assert code not in set(by_code["ward"])
        assert code in set(by_rule)
    # only the ties are settled differently: three 2011 LSOAs, one for each of those wards
    changed = by_rule.reindex(by_code["lsoa11"]).to_numpy() != by_code["ward"].to_numpy()
    assert set(by_code.loc[changed, "lsoa11"].map(by_rule)) == set(TIE_LOSERS)
    assert int(changed.sum()) == 3


def test_a_wards_residents_are_those_of_its_own_2021_lsoas_and_the_profile_says_so(capsys):
    place = resolve_place(KINGSNORTH)
    mine21 = attributes("lsoa21").set_index("code")
    mine21 = mine21.index[mine21["ward24_code"] == place.codes[0]]
    wider = population("lsoa11").reindex(sorted(ward_shared_lsoa11(place.codes[0]))).sum()
    p = place_profile(place)
    residents = p.figures["residents"]
    assert residents.value == population("lsoa21").reindex(mine21).sum() == 1_502
    assert wider == 4_507  # the 2011 LSOA it shares ground with, which reaches beyond the ward
    assert "2021 neighbourhoods (LSOAs) the ONS best-fit lookup puts in the ward" in residents.note
    assert residents_line(p) == "Residents: 1,502 (mid-2020), in 1 neighbourhood (2021 LSOAs)."
    # a ward that holds 2011 LSOAs too: Anfield's nine 2021 LSOAs
    anfield = place_profile(resolve_place("Anfield (Liverpool ward)"))
    assert residents_line(anfield) == "Residents: 13,192 (mid-2020), in 9 neighbourhoods (2021 LSOAs)."
    # any other place is still counted from its 2011 LSOAs
    assert residents_line(place_profile(resolve_place("Knowsley"))).endswith("(2011 LSOAs).")
    assert main(["profile", "--place", KINGSNORTH, "--format", "text"]) == 0
    assert "Residents: 1,502 (mid-2020), in 1 neighbourhood (2021 LSOAs)." in capsys.readouterr().out


def test_a_ward_holding_most_of_no_2011_lsoa_is_counted_in_the_wards_it_is_ranked_among():
    r = imd_place_rank(resolve_place(KINGSNORTH), "2019")
    ranked = group_scores("2019", "wards")
    assert resolve_place(KINGSNORTH).codes[0] not in ranked.index
    assert (len(ranked), r.n) == (6_780, 6_781)
    assert r.rank == 1 + int((ranked > r.score).sum())
    expected = 100.0 * ((ranked < r.score).sum() + 0.5 * ((ranked == r.score).sum() + 1)) / 6_781
    assert percentile_among(r) == pytest.approx(expected, abs=1e-12)
    assert "ranked among England's 6,781 wards" in r.note
    # a ward in the ranked set is counted once, as before
    anfield = imd_place_rank(resolve_place("Anfield (Liverpool ward)"), "2019")
    assert anfield.n == 6_780
