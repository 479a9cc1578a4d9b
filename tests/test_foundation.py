"""Places, joining and aggregation, classification and the CLI, checked against published figures."""

import itertools
import json

import numpy as np
import pandas as pd
import pytest

from placeviz.cli import main
from placeviz.model.catalog import UnknownLayerError, load_catalog
from placeviz.model.classify import classify, classify_map, compute_bins
from placeviz.model.geography import UnknownPlaceError, attributes, list_places, resolve_place
from placeviz.model.mapdata import aggregate, map_data, national_values, read_table
from placeviz.model.spec import Classification, MapSpec, SpecError

CM_LAS = {"Cheshire East", "Cheshire West and Chester", "Halton", "Knowsley", "Liverpool", "Sefton",
          "St. Helens", "Warrington", "Wirral"}


def test_places_listed():
    places = list_places()
    kinds = pd.Series([p.kind for p in places]).value_counts()
    # Cheshire and Merseyside, 28 counties (22 shire, 6 metropolitan, Greater London), 7 more combined
    # authorities and 42 ICBs
    assert kinds["england"] == 1 and kinds["region"] == 9 and kinds["group"] == 78
    assert kinds["la"] >= 309
    names = {p.name for p in places}
    assert CM_LAS <= names


@pytest.mark.parametrize("text", ["St Helens", "st. helens", "ST HELENS", "E08000013", " St.Helens "])
def test_place_names_forgive_case_and_punctuation(text):
    assert resolve_place(text).codes == ("E08000013",)


def test_cheshire_and_merseyside_has_1562_lsoas():
    for text in ("Cheshire and Merseyside", "cheshire & merseyside"):
        md = map_data(text, "lsoa", "imd2019")
        assert len(md.frame) == 1562
        assert set(md.frame["lad_name"]) == CM_LAS
    lcr = map_data("Liverpool City Region", "la", "imd2019")
    assert len(lcr.frame) == 6


def test_unknown_place_suggests_nearest():
    with pytest.raises(UnknownPlaceError) as err:
        resolve_place("Liverpol")
    assert "Liverpool" in str(err.value)


def test_unknown_layer_suggests_nearest():
    with pytest.raises(UnknownLayerError) as err:
        load_catalog().get("imd2091")
    assert "imd2019" in str(err.value) or "imd2015" in str(err.value)


def test_rank_one_is_tendring_018a():
    t = read_table("imd2019_lsoa11.parquet")
    top = t.index[t["imd_rank"] == 1]
    assert list(top) == ["E01021988"]
    assert attributes("lsoa11").set_index("code").loc["E01021988", "name"] == "Tendring 018A"
    md = map_data("Tendring", "lsoa", "imd2019")
    row = md.frame.set_index("code").loc["E01021988"]
    assert row["rank"] == 1 and row["decile"] == 1 and row["value"] == pytest.approx(92.735)


def test_population_weighted_mean_reproduces_file10():
    """IMD 2019 LSOA scores averaged to LADs with the mid-2015 denominators give File 10's average score."""
    t = read_table("imd2019_lsoa11.parquet")
    f10 = read_table("imd2019_file10_lad19.parquet")
    mean = aggregate(t["imd_score"], t["pop_mid2015"], t["lad19_code"])
    assert len(mean) == 317
    diff = (mean - f10["imd_average_score"].reindex(mean.index)).abs()
    assert diff.max() < 0.001
    # Blackpool has the highest average score in 2019 (File 10 rank 1)
    assert mean.idxmax() == "E06000009"


def test_la_level_map_uses_population_weighted_means():
    md = map_data("Liverpool", "la", "imd2019")
    assert md.boundary_set == "lad21" and len(md.frame) == 1
    # Liverpool's LAD is unchanged since 2019, so its mean equals File 10 (42.5, rank 3)
    f10 = read_table("imd2019_file10_lad19.parquet")
    assert md.frame["value"].iloc[0] == pytest.approx(f10.loc["E08000012", "imd_average_score"], abs=1e-3)
    assert md.frame["rank"].iloc[0] == 3


def test_msoa_aggregation_matches_direct_computation():
    md = map_data("Knowsley", "msoa", "imd2019")
    assert md.boundary_set == "msoa11"
    t = read_table("imd2019_lsoa11.parquet")
    a = attributes("lsoa11").set_index("code")
    code = md.frame["code"].iloc[0]
    members = a.index[a["msoa_code"] == code]
    w = t.loc[members, "pop_mid2015"]
    expected = (t.loc[members, "imd_score"] * w).sum() / w.sum()
    assert md.frame["value"].iloc[0] == pytest.approx(expected)


def test_coarser_layer_is_drawn_at_its_own_level_with_a_note():
    md = map_data("Liverpool", "lsoa", "air_quality")
    assert md.boundary_set == "lad21" and len(md.frame) == 1
    assert "local authorities only" in md.note
    assert md.frame["value"].iloc[0] == pytest.approx(
        read_table("health_index_lad21.parquet").loc["E08000012", "air_pollution_2021"])
    le = map_data("Liverpool", "lsoa", "life_expectancy_female")
    assert le.boundary_set == "msoa11" and le.note


def test_series_year():
    md = map_data("Knowsley", "la", "unemployment_la", year="2015")
    assert md.frame["value"].iloc[0] == pytest.approx(6.1, abs=0.05)  # SOURCE.md: Knowsley 6.1% in 2015


def test_imd2025_on_2021_lsoas():
    md = map_data("Liverpool", "lsoa", "imd2025")
    assert md.boundary_set == "lsoa21"
    assert len(md.frame) == 302
    assert (md.frame["decile"] == 1).mean() == pytest.approx(0.368, abs=0.001)


def test_raster_layer_zonal_means_at_lsoa_and_no_data_outside():
    md = map_data("Liverpool", "lsoa", "no2_2023")
    assert md.frame["value"].notna().mean() > 0.99
    far = map_data("Cornwall", "lsoa", "no2_2023")
    assert far.frame["value"].isna().all() and "no data" in far.note


def test_population_sums_up():
    md = map_data("England", "la", "population")
    assert md.frame["value"].sum() == read_table("population_lsoa11.parquet")["population"].sum()


def test_national_deciles_legend_counts_sum_to_areas():
    md = map_data("Cheshire and Merseyside", "lsoa", "imd2019")
    c = classify_map(md, Classification())
    assert sum(e.count for e in c.legend) == 1562
    liverpool = md.frame["lad_name"] == "Liverpool"
    assert (md.frame.loc[liverpool, "decile"] == 1).mean() == pytest.approx(0.487, abs=0.001)
    assert c.legend[0].label.startswith("1 (most deprived")
    # decile 1 gets the palette's "worse" (red) end of RdYlBu
    assert c.colours[0] == "#a50026"


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval", "fisher_jenks", "std_mean"])
def test_schemes_give_counts_that_sum_and_no_data_entry(scheme):
    md = map_data("Liverpool", "lsoa", "life_expectancy_male")  # drawn on MSOAs, 4 suppressed
    c = classify_map(md, Classification(scheme=scheme, k=5, palette="YlOrRd"))
    assert sum(e.count for e in c.legend) == len(md.frame)
    assert c.legend[-1].nodata and c.legend[-1].count == int(md.frame["value"].isna().sum()) > 0
    # life expectancy: lower is worse, so the lowest class gets the dark end of YlOrRd
    assert c.colours[0] == "#bd0026"


def test_user_breaks_and_bins_convention():
    v = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], dtype=float)
    bins, _ = compute_bins(v, "user", 3, [3, 7])
    assert list(bins) == [3, 7, 10]
    c = classify(v, Classification(scheme="user", k=3, breaks=(3, 7)))
    assert list(c.counts) == [3, 4, 3]


def test_deciles_require_a_decile_layer():
    md = map_data("Liverpool", "lsoa", "life_expectancy_male")
    with pytest.raises(Exception, match="no national deciles"):
        classify_map(md, Classification(scheme="national_deciles"))


def test_mapspec_round_trip_and_refusals():
    spec = MapSpec(place="Wirral", layer="imd2025",
                   classification=Classification("quantiles", 7, palette="viridis", reverse=True),
                   selection=("E01007124",))
    assert MapSpec.from_json(spec.to_json()) == spec
    newer = spec.to_dict() | {"version": 99}
    with pytest.raises(SpecError, match="newer placeviz"):
        MapSpec.from_dict(newer)
    with pytest.raises(SpecError):
        MapSpec.from_json("{not json")
    with pytest.raises(SpecError):
        MapSpec(level="postcode")  # (wards became a level in issue 11)


def test_national_values_cached_and_complete():
    n1 = national_values(load_catalog().get("imd2019"), "msoa11")
    n2 = national_values(load_catalog().get("imd2019"), "msoa11")
    assert n1 is n2 and len(n1) == 6791 and n1["value"].notna().all()
    assert n1["rank"].min() == 1 and n1["decile"].max() == 10


@pytest.mark.parametrize(("layer_id", "level"), [("imd2025", "lsoa"), ("life_expectancy_female", "msoa"),
                                                   ("imd2019", "la"), ("no2_2023", "lsoa"), ("imd2025", "ward")])
def test_map_values_are_each_areas_own(layer_id, level):
    """map_data takes England's values by row (national_values keeps the set's order): each area of
    Knowsley still carries the value England's table gives its code."""
    md = map_data("Knowsley", level, layer_id, geometry=False)
    national = national_values(md.layer, md.boundary_set)
    assert list(national.index) == list(attributes(md.boundary_set)["code"])
    by_code = national.reindex(md.frame["code"].to_numpy())
    assert len(md.frame) > 0 and md.frame["value"].notna().sum() > 0
    np.testing.assert_array_equal(md.frame["value"].to_numpy(dtype="float64"), by_code["value"].to_numpy())


def test_cli_version_layers_places(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert "placeviz 0.1.0" in capsys.readouterr().out
    assert main(["layers"]) == 0
    out = capsys.readouterr().out
    for layer_id in ("imd2019", "imd2025", "imd2015", "life_expectancy_male", "air_quality", "no2_2023",
                     "insecure_work", "population"):
        assert f"\n{layer_id} " in out
    assert "Ministry of Housing, Communities and Local Government" in out
    assert main(["places"]) == 0
    out = capsys.readouterr().out
    assert "Cheshire and Merseyside" in out and "St. Helens" in out


def test_cli_unknown_layer_is_a_clear_error(capsys):
    assert main(["layers", "--details", "imd2091"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("placeviz: Unknown layer") and "Traceback" not in err


def test_catalog_json_is_valid_json():
    from placeviz.model.bundle import layers_dir

    data = json.loads((layers_dir() / "catalog.json").read_text())
    assert {"datasets", "layers"} <= set(data)


def test_decile_legend_names_the_areas_ranked():
    lsoa = classify_map(map_data("Liverpool", "lsoa", "imd2019"), Classification())
    assert lsoa.legend[0].label == "1 (most deprived 10%)"
    la = classify_map(map_data("North West", "la", "imd2019"), Classification())
    assert la.legend[0].label == "1 (most deprived 10% of LAs)"
    # Liverpool and Knowsley are among the 31 most deprived local authorities by average score
    top = map_data("North West", "la", "imd2019").frame.query("decile == 1")["name"]
    assert {"Liverpool", "Knowsley"} <= set(top)


def test_source_line_names_the_period_without_nested_brackets():
    cat = load_catalog()
    line = cat.get("imd2019").source_line()
    assert "(2019, most indicators 2015/16)" in line and "((" not in line and "))" not in line
    assert line.count("(") == line.count(")")
    assert "(2016-2020)" in cat.get("life_expectancy_male").source_line()
    for layer in cat:
        assert "))" not in layer.source_line(), layer.id
        assert layer.period.split(" (")[0] in layer.source_line(), layer.id  # the period is always named
        assert layer.source_line().count(f"{layer.period} ({layer.period})") == 0, layer.id
    assert "1 km grid, 2023. " in cat.get("no2_2023").source_line()


def test_a_former_local_authority_on_a_later_la_set_names_its_successor():
    """Allerdale (to 2023) has no 2024 local authority: IMD 2025 by LA says to choose Cumberland."""
    from placeviz.model.mapdata import LayerDataError

    with pytest.raises(LayerDataError, match=r"Allerdale is not one of .*2024.* lies in Cumberland"):
        map_data("Allerdale", "la", "imd2025")
    assert len(map_data("Allerdale", "lsoa", "imd2025").frame) > 50  # its neighbourhoods still map
    assert set(map_data("Cumberland", "la", "imd2025").frame["name"]) == {"Cumberland"}


def test_imd2025_by_local_authority_is_the_published_file10():
    """IMD 2025 by 2024 LA: File 10's average score and rank (Liverpool 37.11, 9th), as the profile says."""
    f10 = read_table("imd2025_file10_lad24.parquet")
    md = map_data("England", "la", "imd2025")
    assert md.boundary_set == "lad24" and len(md.frame) == 296
    f = md.frame.set_index("code")
    assert (f["value"] - f10["imd_average_score"].reindex(f.index)).abs().max() < 1e-9
    assert (f["rank"] == f10["imd_rank_of_average_score"].reindex(f.index)).all()
    assert f.loc["E08000012", "rank"] == 9 and f.loc["E06000009", "rank"] == 1
    assert f.loc["E08000012", "decile"] == 1 and min(f["decile"].value_counts()) >= 29
    from placeviz.analysis.profile import place_profile

    assert place_profile("Liverpool", with_hotspots=False).value("imd2025.la_rank") == 9


def test_whole_number_classes_are_labelled_by_the_whole_numbers_they_hold():
    """A decile-change map splits whole deciles at -1.5, -0.5, 0.5, 1.5: its legend names -1, 0, 1, not
    '-1.5 to -0.5'; classes of counts (residents) no longer share their end values."""
    from placeviz.analysis.change import DECILE_CHANGE_BREAKS, change_layer

    lay = change_layer("imd_decile_change_2019_2025")
    md = map_data("Liverpool", "lsoa", lay)
    leg = classify_map(md, Classification("user", 5, DECILE_CHANGE_BREAKS, "RdBu")).legend
    v = md.frame["value"].dropna()
    assert [e.label for e in leg if not e.nodata] == [
        f"{int(v.min())} to -2 deciles", "-1 decile", "0 deciles", "1 decile", f"2 to {int(v.max())} deciles"]
    assert [e.count for e in leg if not e.nodata] == [
        int((v <= -2).sum()), int((v == -1).sum()), int((v == 0).sum()), int((v == 1).sum()), int((v >= 2).sum())]
    pop = classify_map(map_data("Liverpool", "lsoa", "population"), Classification("quantiles", 5)).legend
    ends = [tuple(int(x.replace(",", "")) for x in e.label.split(" people")[0].split(" to ")) for e in pop]
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(ends))


def test_zonal_mean_checks_crs_without_proj_for_the_bundle():
    from placeviz.model.bundle import layers_dir
    from placeviz.model.geography import boundaries
    from placeviz.model.raster import _epsg, read_grid

    grid = read_grid(layers_dir() / "rasters" / "no2_2023.tif")
    assert _epsg(boundaries("lsoa11").crs) == 27700 == _epsg(grid.crs)
    assert _epsg(boundaries("lsoa11").to_crs("EPSG:4326").crs) == 4326
