"""The so-what: sentences follow the numbers, name their figures, and are left out when data are missing."""

import dataclasses
import re

import pytest

from placeviz.analysis.narrative import MAX_SENTENCES, fraction_words, share_of, so_what, times_words
from placeviz.analysis.profile import place_profile


@pytest.fixture(scope="module")
def liverpool():
    return place_profile("Liverpool")


@pytest.fixture(scope="module")
def wokingham():
    return place_profile("Wokingham")


def by_topic(sentences):
    return {s.topic: s.text for s in sentences}


@pytest.mark.parametrize("pct, words", [
    (48.4, "almost half"), (50.0, "about half"), (9.9, "about one in ten"), (0, "none"), (100, "all"),
    (36.9, "more than a third"), (62.0, "just over six in ten"), (23.3, "almost a quarter"),
    (1.9, "almost one in fifty"), (2.0, "about one in fifty"), (0.4, "fewer than one in a hundred"), (98.0, "almost all"),
    (66.0, "about two thirds"), (27.7, "almost three in ten"),
])
def test_fraction_words(pct, words):
    assert fraction_words(pct) == words


def test_share_and_times_words():
    assert share_of(48.4, "residents") == "almost half of residents (48.4%)"
    assert share_of(9.9, "residents") == "about one in ten residents (9.9%)"
    assert share_of(0, "residents") == "none of the residents"
    assert times_words(4.9) == "almost five times"
    assert times_words(2.35) == "more than twice"
    assert times_words(3.05) == "about three times"
    assert times_words(1.2) is None


def test_liverpool_sentences(liverpool):
    s = so_what(liverpool)
    assert 4 <= len(s) <= MAX_SENTENCES
    t = by_topic(s)
    assert t["deprivation"].startswith("In Liverpool, almost half of residents (48.4%) live in the 145 neighbourhoods")
    assert "IoD 2025 the share fell to 37.1%" in t["deprivation"]
    assert "3rd most deprived of 317" in t["rank"] and "9th most deprived of 296" in t["rank"]
    # official OHID figures first (issue 12): le_birth 2022-24, Liverpool 76.1/80.3, England 79.5/83.3
    assert t["life expectancy"] == ("Men in Liverpool can expect to live 76.1 years, 3.4 fewer than England's 79.5, "
                                    "and women 80.3, 3.0 fewer than England's 83.3 (2022-24, OHID).")
    assert "wider gaps than across England" in t["life expectancy gap"]
    assert "higher than England's" in t["air quality"] and "above the 10.3 across Cheshire" in t["air quality"]
    assert "a larger share than across England" in t["insecure work"]
    assert "health and disability" in t["domains"]


def test_sentences_change_direction_when_the_data_do(liverpool, wokingham):
    a, b = by_topic(so_what(liverpool)), by_topic(so_what(wokingham))
    assert "most deprived of" in a["rank"] and "least deprived of" in b["rank"]
    assert "fewer than England's" in a["life expectancy"] and "more than England's" in b["life expectancy"]
    assert "larger share" in a["insecure work"] and "smaller share" in b["insecure work"]
    assert "driven most by" in a["domains"] and b["domains"].startswith("On no domain")
    assert b["deprivation"].startswith("In Wokingham, no residents live")
    # the words agree with the figures they cite, for both places
    for p in (liverpool, wokingham):
        t = by_topic(so_what(p))
        more = p.value("le.official.male") > p.value("le.official.male.england")
        assert ("more than England's" in t["life expectancy"]) == more
        wider = p.value("le.male.gap") > p.value("le.male.gap.england")
        assert ("wider" in t["life expectancy gap"]) == (wider and p.value("le.female.gap") > p.value(
            "le.female.gap.england"))


def test_rising_and_falling_between_editions(liverpool):
    cumberland = place_profile("Cumberland", with_hotspots=False)
    assert cumberland.value("imd2025.imd.decile1.resident_share") > cumberland.value(
        "imd2019.imd.decile1.resident_share")
    assert "the share rose to 10.2%" in by_topic(so_what(cumberland))["deprivation"]
    assert "would be the 101st most deprived of 317" in by_topic(so_what(cumberland))["rank"]
    assert "the share fell to" in by_topic(so_what(liverpool))["deprivation"]


def test_swapped_figures_flip_the_words(liverpool):
    """Give Liverpool England's life expectancy and England Liverpool's: the sentence must say 'more'."""
    p = dataclasses.replace(liverpool, figures=dict(liverpool.figures))
    for sex in ("male", "female"):
        here, eng = p.figures[f"le.official.{sex}"], p.figures[f"le.official.{sex}.england"]
        p.figures[here.id] = dataclasses.replace(here, value=eng.value)
        p.figures[eng.id] = dataclasses.replace(eng, value=here.value)
    text = by_topic(so_what(p))["life expectancy"]
    assert "79.5 years, 3.4 more than England's 76.1, and women 83.3, 3.0 more than England's 80.3" in text
    pm = p.figures["air.pm25"]
    p.figures["air.pm25"] = dataclasses.replace(pm, value=p.value("air.pm25.england"))
    assert "the same as England's" in by_topic(so_what(p))["air quality"]


def test_every_sentence_is_traceable(liverpool):
    for s in so_what(liverpool):
        d = s.to_dict(liverpool)
        assert d["figures"] and d["layers"] and d["sources"]
        assert all(f["value"] is not None for f in d["figures"])
        ids = {f["id"] for f in d["figures"]}
        assert ids == set(s.figure_ids)
        for f in d["figures"]:
            assert set(f["layers"]) <= set(d["layers"])
        assert all(src.startswith("Source:") for src in d["sources"])


def test_numbers_in_sentences_come_from_figures(liverpool):
    """Each decimal number a sentence prints is a figure's value or the difference of two of them."""
    for s in so_what(liverpool):
        values = [liverpool.value(i) for i in s.figure_ids]
        allowed = {f"{v:.1f}" for v in values} | {f"{v:.0f}" for v in values} | {f"{v:.2f}" for v in values}
        allowed |= {f"{abs(round(a, 1) - round(b, 1)):.1f}" for a in values for b in values}
        for number in re.findall(r"(?<![A-Za-z\d.])\d+\.\d+", s.text):
            if s.topic == "hot spots":
                continue
            assert number in allowed, (s.topic, number)


def test_missing_data_means_no_sentence():
    scilly = place_profile("Isles of Scilly")
    topics = {s.topic for s in so_what(scilly)}
    assert "air quality" not in topics  # no PM2.5 for the Isles of Scilly in the Health Index
    assert "life expectancy gap" not in topics and "hot spots" not in topics
    assert {"deprivation", "rank", "life expectancy"} <= topics


def test_england_has_its_own_wording():
    s = so_what(place_profile("England", with_hotspots=False))
    assert 4 <= len(s) <= MAX_SENTENCES
    t = by_topic(s)
    assert t["deprivation"].startswith("Across England, about one in ten residents (9.9%)")
    assert "rank" not in t and "against" not in t["deprivation"]


def test_regions_read_naturally():
    s = by_topic(so_what(place_profile("North West", with_hotspots=False)))
    assert s["deprivation"].startswith("In the North West, ")
    assert "the North West would be the" in s["rank"]  # a region is ranked as if it were an authority
    assert "Across the North West's neighbourhoods" in s["insecure work"]
    assert by_topic(so_what(place_profile("London", with_hotspots=False)))["deprivation"].startswith("In London, ")


def test_reversed_life_expectancy_gap_is_not_called_narrower():
    """In Hart the least deprived fifth of MSOAs live *less* long than the most deprived fifth (both sexes), and in
    Tower Hamlets women do: a gap the other way round is stated as such, never as a 'narrower gap'."""
    for name in ("Hart", "Tower Hamlets"):
        p = place_profile(name, with_hotspots=False)
        gaps = {sex: round(p.value(f"le.{sex}.gap"), 1) for sex in ("male", "female")}
        assert min(gaps.values()) < 0, (name, gaps)  # the data really are reversed
        text = by_topic(so_what(p))["life expectancy gap"]
        assert "narrower" not in text and "wider" not in text, text
        assert f"{-gaps['female']:.1f} years less" in text
        eng = [f"{p.value(f'le.{sex}.gap.england'):.1f}" for sex in ("male", "female")]
        assert f"across England, the least deprived fifth live {eng[0]} and {eng[1]} years longer" in text


def test_hot_spots_no_more_than_chance_are_not_called_clustered(liverpool):
    """Hart flags 5 of 57 neighbourhoods, about the one in ten chance alone flags; Liverpool about half of its."""
    hart = place_profile("Hart")
    flagged = hart.value("hotspots.hot") + hart.value("hotspots.cold")
    assert flagged <= 0.15 * hart.value("hotspots.tested")
    text = by_topic(so_what(hart))["hot spots"]
    assert "little clustering" in text and "is clustered" not in text
    assert f"the {round(0.1 * hart.value('hotspots.tested'))} of its 57 neighbourhoods that chance" in text
    assert "is clustered" in by_topic(so_what(liverpool))["hot spots"]


def test_chance_share_of_hot_and_cold_spots_is_one_in_ten():
    """Shuffle Liverpool's scores (no spatial pattern left): about one in ten neighbourhoods is still flagged,
    which is what the caveat and the so-what take as chance (one in twenty in each direction)."""
    import numpy as np

    from placeviz.analysis import hotspots as hs
    from placeviz.analysis.contiguity import queen_neighbours
    from placeviz.analysis.gi_star import gi_star
    from placeviz.model.mapdata import map_data

    frame = map_data("Liverpool", "lsoa", "imd2019").frame
    nb = queen_neighbours(frame.geometry.values)
    rng = np.random.default_rng(7)
    shares = []
    for i in range(4):
        y = rng.permutation(frame["value"].to_numpy(dtype="float64"))
        g = gi_star(y, nb, permutations=999, seed=i)
        shares.append(float((g.p < hs.ALPHA).mean()))
    share = float(np.mean(shares))
    assert abs(share - hs.CHANCE_SHARE) < abs(share - hs.ALPHA)
    assert "one in ten" in hs.MULTIPLE_TESTING_CAVEAT


def test_ons_style_names_and_lists_with_commas_read_naturally():
    """'Kingston upon Hull, City of' reads 'the City of Kingston upon Hull' mid-sentence; a list of domains
    whose names hold commas and 'and' is separated by semicolons."""
    from placeviz.analysis.narrative import _list_words

    hull = place_profile("Kingston upon Hull, City of", with_hotspots=False)
    texts = [s.text for s in so_what(hull)]
    assert texts[0].startswith("In the City of Kingston upon Hull, ")
    assert not any("Hull, City of" in t for t in texts)
    assert by_topic(so_what(place_profile("City of London", with_hotspots=False)))["rank"].startswith(
        "On average deprivation score, the City of London ")
    assert _list_words(["crime", "education, skills and training", "health and disability"]) == (
        "crime; education, skills and training; and health and disability")
    assert _list_words(["income", "employment", "crime"]) == "income, employment and crime"
    assert fraction_words(3.1) == "almost one in thirty"


def test_a_difference_in_the_last_digit_is_close_not_a_finding():
    """St. Helens: 22.2% of jobs in insecure-work sectors against England's 22.1%, PM2.5 7.5 against 7.4."""
    p = place_profile("St Helens", with_hotspots=False)
    here, eng = p.figure("work.insecure").value, p.figure("work.insecure.england").value
    assert abs(here - eng) < 1.0
    text = " ".join(s.text for s in so_what(p))
    assert "close to the share across England" in text
    assert "a larger share than across England" not in text
    if abs(p.figure("air.pm25").value - p.figure("air.pm25.england").value) < 0.2:
        assert "close to England's" in text


def test_a_clear_difference_is_still_told(liverpool):
    text = " ".join(s.text for s in so_what(liverpool))
    # Liverpool 27.7% of jobs against England's 22.1%: a real difference keeps its direction
    assert "a larger share than across England" in text


def test_insecure_work_says_it_is_an_average_of_shares_and_where_a_share_was_capped(liverpool):
    """Issue 12: 27.7% is a residents-weighted average of MSOA shares, not a share of Liverpool's jobs; MSOA
    E02001364 (Liverpool 018) has sector shares adding to 106.3% in the OCSI file, capped at 100."""
    s = by_topic(so_what(liverpool))["insecure work"]
    assert "27.7%" in s and "not a share of all jobs" in s and "other services" in s
    assert "27.7% of the jobs located in Liverpool" not in s
    assert any("E02001364" in n and "106.3%" in n and "capped at 100%" in n for n in liverpool.notes)


def test_life_expectancy_caveats_give_each_sexs_own_figures_and_the_assumed_licence():
    from placeviz.model.catalog import get_layer, load_catalog

    assert "women" in get_layer("life_expectancy_female").caveats[0]
    assert "men in" in get_layer("life_expectancy_male").caveats[0]
    assert "assumed" in load_catalog().datasets["le_msoa"].licence
