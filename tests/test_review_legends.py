"""Legends a place lead reads: what the classes of a count are, in words (not 'User-defined breaks' for
classes nobody defined), what the count is out of, and each indicator with its period (not '2025, 2016-2020,
2021, 2018, indicators of 4: IMD 2025, life expectancy, ...')."""

from placeviz.analysis.overlap import overlap_layer
from placeviz.export.html import page_html
from placeviz.model.classify import classify_map
from placeviz.model.mapdata import map_data
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification
from placeviz.render.scene import legend_lines


def _overlap_legend():
    layer = overlap_layer("overlap")
    md = map_data("Knowsley", "lsoa", layer, geometry=False)
    return legend_lines(classify_map(md, default_classification(layer)), layer)


def test_overlap_legend_says_one_class_per_count_and_out_of_how_many():
    info = _overlap_legend()
    assert info["scheme"] == "One class for each count"
    assert info["subtitle"] == ("IMD 2025, life expectancy 2016-2020, air quality (PM2.5) 2021, insecure work 2018, "
                                "count of these 4 indicators")
    assert [e[1] for e in info["entries"]][:5] == ["0 indicators", "1 indicator", "2 indicators", "3 indicators",
                                                  "4 indicators"]


def test_a_users_own_breaks_on_the_count_are_still_user_defined():
    layer = overlap_layer("overlap")
    md = map_data("Knowsley", "lsoa", layer, geometry=False)
    cls = default_classification(layer)
    mine = type(cls)("user", 3, (2.0, 3.5), cls.palette)  # not at half-way points: the user's own
    assert legend_lines(classify_map(md, mine), layer)["scheme"] == "User-defined breaks"


def test_the_html_page_names_the_count_classes_too():
    html = page_html([MapSpec(place="Knowsley", layer="overlap", classification=default_classification(
        overlap_layer("overlap")))])
    assert "One class for each count" in html and "User-defined breaks" not in html


def test_the_decile_change_map_does_not_say_user_defined():
    """The change slide and the compare window map decile moves with classes placeviz sets at the half
    deciles: they are whole-number classes, which nobody defined."""
    from placeviz.analysis.change import DECILE_CHANGE_BREAKS, imd_change
    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import Classification

    imd_change("2019-2025", "Knowsley")
    layer = get_layer("imd_decile_change_2019_2025")
    md = map_data("Knowsley", "lsoa", layer, geometry=False)
    info = legend_lines(classify_map(md, Classification("user", 5, DECILE_CHANGE_BREAKS, "RdBu")), layer)
    assert info["scheme"] == "Whole-number classes"
    assert [e[1] for e in info["entries"]][:5] == ["-2 deciles", "-1 decile", "0 deciles", "1 decile", "2 to 4 deciles"]


def test_a_count_maps_subtitle_says_what_its_legend_says():
    """The overlap map's subtitle said 'classes: user-defined breaks' under a legend saying 'One class for
    each count': the page's words for the classes are the legend's."""
    import placeviz.analysis.overlap  # noqa: F401  (registers the derived layer)
    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import default_classification
    from placeviz.render.pages import page_text
    from placeviz.render.scene import build_scene

    spec = MapSpec(place="Halton", layer="overlap", classification=default_classification(get_layer("overlap")))
    subtitle = page_text(build_scene(spec), spec).subtitle
    assert subtitle.endswith("classes: one class for each count")
    assert "user-defined" not in subtitle
