"""Places people name (issue 11): counties, combined authorities and ICBs as places, abolished districts with
their successors, and suggestions that start the way the name typed does."""

from __future__ import annotations

import pytest

from placeviz.cli import main
from placeviz.model.geography import UnknownPlaceError, list_places, resolve_place
from placeviz.model.mapdata import map_data
from placeviz.model.viewstate import search

CM_ICB = {"E06000049", "E06000050", "E06000006", "E08000011", "E08000012", "E08000014", "E08000013",
          "E06000007", "E08000015"}
MERSEYSIDE = {"E08000011", "E08000012", "E08000014", "E08000013", "E08000015"}  # no Halton
LCR = MERSEYSIDE | {"E06000006"}


def test_places_command_lists_counties_combined_authorities_and_icbs(capsys):
    assert main(["places"]) == 0
    out = capsys.readouterr().out
    for name in ("Merseyside", "Greater Manchester", "Liverpool City Region", "NHS Cheshire and Merseyside",
                 "Lancashire", "West Midlands Combined Authority", "Allerdale (now Cumberland)"):
        assert name in out, name
    assert main(["places", "--kind", "icb"]) == 0
    icbs = capsys.readouterr().out.strip().splitlines()[2:]
    assert len(icbs) == 42 and all(x.startswith("NHS ") for x in icbs)


@pytest.mark.parametrize(("text", "members", "kind"), [
    ("Merseyside", MERSEYSIDE, "metropolitan county"),
    ("Liverpool City Region", LCR, "combined authority"),
    ("E47000004", LCR, "combined authority"),
    ("NHS Cheshire and Merseyside", CM_ICB, "integrated care board"),
    ("NHS Cheshire and Merseyside ICB", CM_ICB, "integrated care board"),
    ("E54000008", CM_ICB, None),
    ("QYG", CM_ICB, "integrated care board"),  # its NHS (ODS) code
])
def test_higher_places_resolve_to_their_local_authorities(text, members, kind):
    p = resolve_place(text)
    assert set(p.codes) == members
    if kind:
        assert p.group_type == kind
    md = map_data(text, "la", "imd2025", geometry=False)
    assert set(md.frame["code"]) == members


def test_greater_manchester_is_one_place_of_ten_districts():
    gm = resolve_place("Greater Manchester")
    assert len(gm.codes) == 10 and gm.group_type == "metropolitan county and combined authority"
    assert resolve_place("Lancashire").code == "E10000017" and len(resolve_place("Lancashire").codes) == 12
    assert resolve_place("West Midlands").kind == "region"  # the region keeps its name
    assert len(resolve_place("West Midlands Combined Authority").codes) == 7


def test_cli_maps_an_icb(tmp_path):
    out = tmp_path / "icb.csv"
    assert main(["export", "csv", "--place", "NHS Cheshire and Merseyside", "--layer", "imd2025",
                 "-o", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 1 + 1601  # the ICB's 1,601 LSOAs (2021)


def test_abolished_districts_are_listed_with_their_successor():
    allerdale = resolve_place("Allerdale")
    assert allerdale.successor == "Cumberland" and allerdale.listed_name == "Allerdale (now Cumberland)"
    assert resolve_place("Liverpool").successor == ""
    assert any(h.label.startswith("Allerdale (now Cumberland)") for h in search("Allerd"))
    assert sum(1 for p in list_places() if p.successor) >= 20


def test_an_abolished_district_is_found_by_the_name_the_list_gives_it():
    """`placeviz places` lists "Barrow-in-Furness (now Westmorland and Furness)", which --place refused."""
    former = [p for p in list_places() if p.successor]
    assert all(resolve_place(p.listed_name) == p for p in former)
    assert resolve_place("barrow-in-furness (now westmorland and furness)").name == "Barrow-in-Furness"


@pytest.mark.parametrize(("typed", "wanted", "never"), [
    ("Chester", "Cheshire West and Chester", "Winchester"),
    ("NHS Cheshire", "NHS Cheshire and Merseyside", "NHS Devon"),
    ("Liverpol", "Liverpool", None),
])
def test_unknown_names_suggest_places_that_start_the_same(typed, wanted, never):
    with pytest.raises(UnknownPlaceError) as err:
        resolve_place(typed)
    text = str(err.value)
    assert repr(wanted) in text
    if never:
        assert never not in text
