"""Neighbourhood names (House of Commons Library MSOA names, Open Parliament Licence): bundled for every
MSOA and LSOA of 2011 and 2021, and shown, with their credit, wherever areas are listed (issue 11)."""

from __future__ import annotations

import pandas as pd
import pytest

from placeviz.analysis.compare import ranking_table
from placeviz.analysis.compare_tables import periods_table
from placeviz.analysis.profile import place_profile
from placeviz.analysis.report import all_sources
from placeviz.cli import main
from placeviz.export.tables import export_csv
from placeviz.model.catalog import load_catalog, names_attribution
from placeviz.model.geography import attributes, neighbourhood_names
from placeviz.model.mapdata import map_data
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import identify, search, tooltip_fields

OPL = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
ANFIELD_WEST = "E02001364"  # Liverpool 018: the MSOA of L4 0TH (Anfield stadium), per the raw SOURCE.md
ANFIELD_WEST_LSOA = "E01006542"  # Liverpool 018A


@pytest.mark.parametrize("set_name", ["msoa11", "msoa21", "lsoa11", "lsoa21"])
def test_every_small_area_has_its_msoas_name(set_name):
    a = attributes(set_name)
    assert a["neighbourhood"].notna().all() and (a["neighbourhood"].str.strip() != "").all()
    if set_name.startswith("lsoa"):  # an LSOA takes its MSOA's name
        msoa = attributes("msoa" + set_name[-2:]).set_index("code")["neighbourhood"]
        assert (a["neighbourhood"].to_numpy() == msoa.reindex(a["msoa_code"]).to_numpy()).all()
    assert neighbourhood_names(set_name).index.is_unique
    assert neighbourhood_names("lad24").empty


def test_the_names_are_the_librarys_for_each_census():
    m11, m21 = neighbourhood_names("msoa11"), neighbourhood_names("msoa21")
    assert m11[ANFIELD_WEST] == m21[ANFIELD_WEST] == "Anfield West"
    assert m11["E02001370"] == "Everton East" and m11["E02003826"] == "Crewe North East"
    assert len(m11) == 6_791 and len(m21) == 6_856
    # the Library's own count for Liverpool's 2021 MSOAs, and names are distinct there
    liverpool = attributes("msoa21").query("lad_name == 'Liverpool'")
    assert len(liverpool) == 61 and liverpool["neighbourhood"].is_unique


def test_the_catalog_credits_the_names_under_their_own_licence():
    d = load_catalog().datasets["msoa_names"]
    assert d.publisher == "House of Commons Library" and d.licence == "Open Parliament Licence v3.0"
    assert d.attribution == OPL and "Crown" not in d.attribution
    assert OPL in names_attribution() and "House of Commons Library" in names_attribution()


def test_tooltip_names_the_neighbourhood_and_credits_it():
    md = map_data("Liverpool", "lsoa", "imd2019", geometry=False)
    row = md.frame.set_index("code", drop=False).loc[ANFIELD_WEST_LSOA]
    fields = dict(tooltip_fields(row, md.layer, md.n_ranked))
    assert fields["Area"] == "Liverpool 018A, in Anfield West"
    assert OPL in fields["Neighbourhood name"]
    la = map_data("Cheshire and Merseyside", "la", "imd2019", geometry=False).frame.iloc[0]
    la_fields = dict(tooltip_fields(la, md.layer))
    assert "Neighbourhood name" not in la_fields  # local authorities have no neighbourhood name


def test_identify_names_the_neighbourhood():
    areas, _ = identify([ANFIELD_WEST_LSOA, ANFIELD_WEST], "lsoa11", "lsoa")
    assert [a["neighbourhood"] for a in areas] == ["Anfield West"]  # an MSOA code is not an LSOA of the map
    areas, _ = identify([ANFIELD_WEST], "msoa21", "msoa")
    assert areas[0]["name"] == "Liverpool 018" and areas[0]["neighbourhood"] == "Anfield West"


def test_search_finds_a_neighbourhood_by_name():
    hits = search("Anfield")
    msoas = [h.code for h in hits if h.kind == "msoa"]
    assert set(msoas) == {"E02001361", "E02001364", "E02001365"}  # Anfield North, West, East
    areas = [h for h in hits if h.kind in ("msoa", "lsoa")]
    assert areas[0].kind == "msoa"  # the neighbourhoods before their LSOAs (after the Anfield ward)
    lsoas = [h for h in hits if h.kind == "lsoa"]
    assert lsoas and all(h.la_name == "Liverpool" for h in lsoas)
    assert any(h.label.startswith("Liverpool 018A, in Anfield West  (E01006542") for h in lsoas)
    # a word inside a name starts a match too, and a name's start still finds LSOAs by their ONS name
    assert any("Anfield" in h.label for h in search("west anfield") + search("anfield w"))
    assert search("Liverpool 018A")[0].code == ANFIELD_WEST_LSOA


def test_csv_export_carries_the_names_and_their_licence(tmp_path):
    out = export_csv(MapSpec(place="Liverpool", layer="imd2019"), tmp_path / "liv.csv")
    df = pd.read_csv(out, dtype={"code": str})
    assert list(df.columns[:4]) == ["code", "name", "neighbourhood", "local_authority"]
    assert df.set_index("code").at[ANFIELD_WEST_LSOA, "neighbourhood"] == "Anfield West"
    assert df["neighbourhood"].notna().all()
    assert OPL in (tmp_path / "liv.csv.txt").read_text(encoding="utf-8")
    la = pd.read_csv(export_csv(MapSpec(place="Liverpool City Region", level="la", layer="imd2019"),
                                tmp_path / "la.csv"))
    assert "neighbourhood" in la.columns and la["neighbourhood"].isna().all()  # empty for local authorities
    assert OPL not in (tmp_path / "la.csv.txt").read_text(encoding="utf-8")


def test_cli_csv_export_at_msoa_level_has_2021_names(tmp_path):
    out = tmp_path / "m.csv"
    assert main(["export", "csv", "--place", "Liverpool", "--level", "msoa", "--layer", "imd2025",
                 "-o", str(out)]) == 0
    df = pd.read_csv(out, dtype={"code": str}).set_index("code")
    assert len(df) == 61 and df.at[ANFIELD_WEST, "neighbourhood"] == "Anfield West"


def test_ranking_and_comparison_tables_carry_the_names(tmp_path):
    rt = ranking_table("Liverpool", "imd2019")
    assert list(rt.columns[:5]) == ["place_rank", "code", "name", "neighbourhood", "lad_name"]
    assert rt.set_index("code").at[ANFIELD_WEST_LSOA, "neighbourhood"] == "Anfield West"
    cat = load_catalog()
    for pair in (("imd2019", "imd2025"), ("imd2019", "life_expectancy_male")):
        table = periods_table("Liverpool", [(cat.get(x), None) for x in pair], "lsoa" if pair[1] == "imd2025"
                              else "msoa")[0]
        assert list(table.columns[:3]) == ["code", "name", "neighbourhood"]
        assert table["neighbourhood"].astype(bool).all()
    out = tmp_path / "rank.csv"
    assert main(["compare", "--place", "Knowsley", "--layer", "imd2019", "-o", str(out)]) == 0
    df = pd.read_csv(out)
    assert list(df.columns[1:4]) == ["code", "name", "neighbourhood"] and df["neighbourhood"].notna().all()
    assert OPL in (tmp_path / "rank.csv.txt").read_text(encoding="utf-8")


def test_profile_lists_neighbourhoods_by_name():
    p = place_profile("Knowsley", with_hotspots=False)
    for edition in ("2019", "2025"):
        first = p.most_deprived[edition][0]
        assert first.neighbourhood and first.label == f"{first.name}, in {first.neighbourhood}"
        assert first.to_dict()["neighbourhood"] == first.neighbourhood
    assert any(OPL in s for s in all_sources(p))


def test_html_page_names_neighbourhoods_once_each_with_their_credit():
    from placeviz.export.html import page_html

    text = page_html(MapSpec(place="Liverpool", layer="imd2019"))
    assert "Anfield West" in text and text.count('"Anfield West"') == 1  # stored once, indexed per area
    assert OPL in text and "pv-tip-hood" in text
    la = page_html(MapSpec(place="Liverpool City Region", level="la", layer="imd2019"))
    assert OPL not in la
