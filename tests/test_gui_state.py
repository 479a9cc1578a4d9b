"""The app's state logic, without Qt: spec edits, search, identify and tooltips on the real data."""

import math

import pytest

from placeviz.model import viewstate
from placeviz.model.catalog import get_layer
from placeviz.model.errors import UserError
from placeviz.model.mapdata import read_table
from placeviz.model.spec import Classification, MapSpec


def test_switching_to_a_layer_without_deciles_picks_its_own_scheme():
    spec = viewstate.with_layer(MapSpec(), "life_expectancy_female")
    assert spec.layer == "life_expectancy_female"
    assert spec.classification.scheme == get_layer("life_expectancy_female").default_scheme != "national_deciles"
    back = viewstate.with_layer(spec, "imd2019")
    assert back.classification.scheme == "national_deciles"


def test_a_users_own_scheme_stays_with_its_layer():
    spec = MapSpec(classification=Classification("fisher_jenks", 6, palette="viridis"))
    chosen: dict = {}
    viewstate.remember_classes(chosen, spec.layer, spec.classification)
    new = viewstate.with_layer(spec, "imd2019_income", chosen)
    assert new.classification == viewstate.default_classification(get_layer("imd2019_income"))
    assert viewstate.with_layer(new, "imd2019", chosen).classification == spec.classification


def test_year_is_kept_only_when_the_new_layer_has_it():
    spec = MapSpec(layer="air_quality", year="2018", classification=Classification("quantiles", 5))
    assert viewstate.with_layer(spec, "unemployment_la").year == "2018"
    assert viewstate.with_layer(spec, "imd2019").year is None


def test_parse_breaks():
    assert viewstate.parse_breaks("30, 10;20") == (10.0, 20.0, 30.0)
    with pytest.raises(UserError, match="'abc' is not a number"):
        viewstate.parse_breaks("10, abc")
    with pytest.raises(UserError):
        viewstate.parse_breaks("  ")


def test_bad_k_is_a_user_error():
    with pytest.raises(UserError, match="between 2 and 12"):
        viewstate.with_classification(MapSpec(), scheme="quantiles", k=40)


def test_search_places_and_areas():
    hits = viewstate.search("wirr")
    assert hits[0].place == "Wirral" and hits[0].kind == "la"
    hits = viewstate.search("Liverpool 051E")
    assert any(h.code == "E01006799" for h in hits)
    assert viewstate.search("")[0].place == "England"
    assert viewstate.search("E08000012")[0].place == "Liverpool"


def test_identify_gives_real_values_and_parent_areas():
    areas, rows = viewstate.identify(["E01006799", "E01006412"], "lsoa11", "lsoa")
    assert [a["name"] for a in areas] == ["Liverpool 051E", "Knowsley 006A"]
    by = {r.layer_id: r for r in rows}
    imd = read_table("imd2019_lsoa11.parquet")
    layer = get_layer("imd2019")
    assert by["imd2019"].raw == pytest.approx([imd.loc["E01006799", layer.column], imd.loc["E01006412", layer.column]])
    assert by["imd2019"].extras[1].startswith(f"rank {int(imd.loc['E01006412', layer.rank_column]):,} of 32,844")
    # life expectancy is for MSOAs: the panel says which one
    assert by["life_expectancy_male"].extras[0].startswith("for its MSOA E02")
    assert by["air_quality"].extras[0] == "for its local authority E08000012"
    assert all(r.source.startswith("Source: ") for r in rows)


def test_tooltip_fields():
    import pandas as pd

    row = pd.Series({"code": "E01006412", "name": "Knowsley 006A", "lad_name": "Knowsley", "value": 70.402,
                     "rank": 264.0, "decile": 1.0})
    fields = dict(viewstate.tooltip_fields(row, get_layer("imd2019"), 32_844))
    assert fields["Code"] == "E01006412" and fields["Local authority"] == "Knowsley"
    assert fields["National rank"].startswith("264 of 32,844")
    assert fields["National decile"] == "1 of 10"


def test_scale():
    # 100 m per pixel on a 96 dpi screen is about 1:378,000
    n = viewstate.scale_denominator(1 / 100, 96)
    assert math.isclose(n, 100 * 96 / 0.0254, rel_tol=1e-9)
    assert viewstate.nice_scale(n) == "1:380,000"


def test_identify_across_the_2011_2021_lsoa_change():
    # E01033754 (2011) was split into E01034407 and E01034408 in 2021: no single 2025 value
    _, rows = viewstate.identify(["E01033754"], "lsoa11", "lsoa")
    by = {r.layer_id: r for r in rows}
    assert by["imd2025"].values == ["no data"]
    assert "became 2 LSOAs in 2021 (E01034407, E01034408)" in by["imd2025"].extras[0]
    # and a 2021 part reports the 2019 value of the 2011 LSOA it came from
    _, rows = viewstate.identify(["E01034407"], "lsoa21", "lsoa")
    by = {r.layer_id: r for r in rows}
    imd = read_table("imd2019_lsoa11.parquet")
    assert by["imd2019"].raw == pytest.approx([imd.loc["E01033754", get_layer("imd2019").column]])
    assert by["imd2019"].extras[0].startswith("for its 2011 LSOA E01033754")


def test_gui_command_builds_and_checks_its_spec():
    import argparse

    from placeviz.cli import gui as command

    p = argparse.ArgumentParser()
    command.add_arguments(p)
    spec = command.build_spec(p.parse_args(["--place", "knowsley", "--layer", "life_expectancy_female",
                                            "--level", "msoa", "--k", "6", "--palette", "viridis", "--reverse"]))
    assert (spec.place, spec.layer, spec.level) == ("Knowsley", "life_expectancy_female", "msoa")
    c = spec.classification
    assert (c.scheme, c.k, c.palette, c.reverse) == ("quantiles", 6, "viridis", True)
    spec = command.build_spec(p.parse_args(["--breaks", "20,40"]))
    assert spec.classification.scheme == "user" and spec.classification.breaks == (20.0, 40.0)
    for bad, msg in ((["--layer", "population", "--scheme", "national_deciles"], "has no national deciles"),
                     (["--year", "2016"], "is for one period only"),
                     (["--place", "Atlantis"], "Unknown place"),
                     (["--palette", "Rainbow"], "Unknown palette")):
        with pytest.raises(UserError, match=msg):
            command.build_spec(p.parse_args(bad))
