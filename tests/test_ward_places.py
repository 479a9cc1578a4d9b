"""Wards as places (issue 11): "Anfield (Liverpool ward)" maps, profiles and compares like a local authority,
as the 2021 LSOAs the ONS best-fit lookup puts in it (2011 LSOAs through the 2021 ones they became)."""

import numpy as np
import pandas as pd
import pytest

from placeviz.cli import main
from placeviz.model.geography import UnknownPlaceError, attributes, lsoa_lookup, resolve_place
from placeviz.model.ranks import census2021_residents, imd_place_rank
from placeviz.model.tables import read_table

ANFIELD = "E05015279"


@pytest.mark.parametrize("text", ["Anfield (Liverpool ward)", "anfield, liverpool", ANFIELD, "Anfield",
                                  "Anfield (Liverpool)"])
def test_a_ward_is_a_place_by_its_label_its_code_or_its_unique_name(text):
    p = resolve_place(text)
    assert (p.name, p.kind, p.codes, p.la_code) == ("Anfield (Liverpool ward)", "ward", (ANFIELD,), "E08000012")
    assert resolve_place("Halton").kind == "la"  # a local authority's name keeps meaning the authority


def test_ward_names_that_are_not_one_place_say_what_to_type():
    with pytest.raises(UnknownPlaceError, match=r"13 wards are called Abbey: say which, as 'Abbey \(Barking"):
        resolve_place("Abbey")
    assert resolve_place("Abbey (Derby ward)").la_code == "E06000015"
    with pytest.raises(UnknownPlaceError, match=r"Did you mean 'Everton East \(Liverpool ward\)'"):
        resolve_place("Everton (Liverpool ward)")
    with pytest.raises(UnknownPlaceError, match=r"Waterfront North \(Liverpool ward\) has no neighbourhood \(LSOA\) "
                                                r"of its own.*Map Liverpool"):
        resolve_place("Waterfront North")


def test_a_ward_selects_its_best_fit_lsoas_of_either_census(tmp_path):
    lsoa21, lsoa11 = attributes("lsoa21"), attributes("lsoa11")
    for layer, lsoas in (("imd2025", lsoa21), ("imd2019", lsoa11)):
        out = tmp_path / f"{layer}.csv"
        assert main(["export", "csv", "--place", "Anfield (Liverpool ward)", "--layer", layer, "-o", str(out)]) == 0
        df = pd.read_csv(out, dtype={"code": str})
        assert set(df["code"]) == set(lsoas.loc[lsoas["ward24_code"] == ANFIELD, "code"]) and len(df) == 9
        assert (df["local_authority"] == "Liverpool").all()
        side = (tmp_path / f"{layer}.csv.txt").read_text(encoding="utf-8")
        assert "best-fit lookup puts in it" in side  # how the ward's area is made, with the figures
    # a 2011 LSOA takes the ward holding most of its residents: all of them, when it became one 2021 LSOA
    pairs = lsoa_lookup()
    l11 = lsoa11.set_index("code")["ward24_code"]
    split = pairs.groupby("lsoa11_code")["lsoa21_code"].transform("count") == 1
    one = pairs[split.to_numpy()]
    assert (one["lsoa21_code"].map(lsoa21.set_index("code")["ward24_code"]).to_numpy()
            == l11.reindex(one["lsoa11_code"]).to_numpy()).all()


def test_a_ward_is_ranked_among_wards_by_its_residents_average_score():
    t = read_table("imd2025_lsoa21.parquet")
    a = attributes("lsoa21").set_index("code").reindex(t.index)
    w = census2021_residents().reindex(t.index)
    scores = (t["imd_score"] * w).groupby(a["ward24_code"]).sum() / w.groupby(a["ward24_code"]).sum()
    r = imd_place_rank(resolve_place("Anfield (Liverpool ward)"), "2025")
    assert (r.basis, r.among, r.n) == ("computed", "wards", 6_784)
    assert r.score == pytest.approx(float(scores[ANFIELD]), abs=1e-9)
    assert r.rank == 1 + int((scores > scores[ANFIELD]).sum())
    assert "ranked among England's 6,784 wards" in r.note


def test_a_wards_profile_ranks_it_among_wards_and_names_its_councils_air(capsys):
    assert main(["profile", "--place", "Anfield (Liverpool ward)", "--format", "text"]) == 0
    text = capsys.readouterr().out
    r = imd_place_rank(resolve_place("Anfield"), "2025")
    assert f"{r.rank}th most deprived of 6,784 (IoD 2025" in text
    assert "Residents: 13,192 (mid-2020), in 9 neighbourhoods" in text
    # PM2.5 is published for local authorities: the ward's sentence says whose figure it is
    assert "averages 7.7 µg/m³ across Liverpool, the local authority Anfield (Liverpool ward) lies in" in text


def test_places_lists_wards_when_asked(capsys):
    assert main(["places", "--kind", "ward"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2 + 6_784
    assert any(r.startswith("Anfield (Liverpool ward)") and r.endswith(ANFIELD) for r in rows)
    assert main(["places"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("And 6,784 wards, as 'Anfield (Liverpool ward)': "
                                                     "placeviz places --kind ward")


def test_a_wards_map_outlines_the_ward_itself(tmp_path):
    from placeviz.model.spec import MapSpec
    from placeviz.render.scene import build_scene

    scene = build_scene(MapSpec(place="Anfield (Liverpool ward)", layer="imd2025"))
    codes = scene.outlines.geometry.codes[scene.outlines.rows]
    assert list(codes) == [ANFIELD] and scene.outlines.names == ["Anfield"]
    assert len(scene.data.frame) == 9 and np.isfinite(scene.data.frame["value"]).all()


def test_choosing_a_ward_in_the_search_box_maps_the_ward(make_window, qtbot):
    pytest.importorskip("pytestqt")
    from PyQt6.QtCore import Qt

    from tests.test_gui_search_box import _typed, _wait_place

    w = make_window()
    rows = _typed(w, qtbot, "Anfield (L")
    assert rows[0] == "Anfield (Liverpool ward)  (E05015279, ward May 2024)"
    qtbot.keyClick(w.search.edit, Qt.Key.Key_Return)
    _wait_place(w, qtbot, "Anfield (Liverpool ward)")
    assert len(w.scene.data.frame) == 9 and "best-fit lookup puts in it" in w.scene.data.note
    assert w.windowTitle().endswith("Anfield (Liverpool ward) — placeviz")


def test_a_ward_maps_caveat_says_its_deciles_rank_wards():
    from placeviz.model.spec import MapSpec
    from placeviz.render.pages import page_text
    from placeviz.render.scene import build_scene

    spec = MapSpec(place="Liverpool", level="ward", layer="imd2025")
    text = page_text(build_scene(spec), spec)
    assert "Deciles are national: decile 1 is the most deprived 10% of wards in England." in text.caveats
    assert not any("10% of neighbourhoods" in c for c in text.caveats)
    spec = MapSpec(place="Liverpool", layer="imd2025")
    assert "Deciles are national: decile 1 is the most deprived 10% of neighbourhoods in England." in \
        page_text(build_scene(spec), spec).caveats


def test_a_picture_in_other_classes_than_national_deciles_leaves_out_the_deciles_caveat(tmp_path):
    """A legend of quantiles under "Deciles are national: decile 1 is ..." read as though its classes were
    deciles: the PDF page and the comparison page of such classes leave that caveat out and keep the others."""
    from placeviz.cli import main
    from tests.test_brief import _pdf_text

    for scheme, said in (("quantiles", False), ("national_deciles", True)):
        out = tmp_path / f"{scheme}.pdf"
        assert main(["export", "pdf", "--place", "Knowsley", "--layer", "imd2025", "--scheme", scheme,
                     "-o", str(out)]) == 0
        text = _pdf_text(out)
        assert ("Deciles are national" in text) is said and "Scores from different editions" in text
    from placeviz.model.spec import Classification, MapSpec
    from placeviz.render.compare_page import compare_scenes, compare_text

    cs = compare_scenes([MapSpec(place=p, layer="imd2025", classification=Classification(scheme="equal_interval"))
                         for p in ("Knowsley", "Halton")], shared_bins=True)
    caveats = compare_text(cs).caveats
    assert caveats and not any(c.startswith("Deciles are national") for c in caveats)


def test_the_page_table_and_notebook_frame_say_the_same_caveat_as_the_png(tmp_path):
    """Not only the PNG and PDF: the web page, the CSV's notes and a notebook frame of a ward map say its
    deciles rank wards."""
    from placeviz.api import Map
    from placeviz.cli import main
    from tests.test_export_html import page_json

    said = "Deciles are national: decile 1 is the most deprived 10% of wards in England."
    assert main(["export", "csv", "--place", "Liverpool", "--layer", "imd2025", "--level", "ward",
                 "-o", str(tmp_path / "w.csv")]) == 0
    assert f"Caveat: {said}" in (tmp_path / "w.csv.txt").read_text(encoding="utf-8")
    assert main(["export", "html", "--place", "Liverpool", "--layer", "imd2025", "--level", "ward",
                 "-o", str(tmp_path / "w.html")]) == 0
    data = page_json((tmp_path / "w.html").read_text(encoding="utf-8"))
    assert said in data["panes"][0]["layers"][0]["caveats"]
    assert said in Map(place="Liverpool", layer="imd2025", level="ward").data.attrs["caveats"]


def test_a_ward_beside_its_council_on_a_council_layer_in_the_compare_window_says_so(make_compare_window, tmp_path):
    """The command line refuses it; the window, whose maps are already drawn, says why both are the council, in
    the layer list's words, and so does the page its Export HTML writes."""
    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import default_classification

    air = MapSpec(place="Liverpool", layer="air_quality", level="la",
                  classification=default_classification(get_layer("air_quality")))
    w = make_compare_window(air.with_(place="Anfield (Liverpool ward)"), air)
    assert w.note.text().startswith("Both maps show the same area (Liverpool): ")
    assert "Choose a layer for neighbourhoods (such as Index of Multiple Deprivation 2025)" in w.note.text()
    page = w.export_html(str(tmp_path / "pair.html"))
    html = (tmp_path / "pair.html").read_text(encoding="utf-8")
    assert page and "Both maps show the same area (Liverpool): Air pollution (PM2.5) is published for areas bigger " \
        "than a ward." in html


def test_an_atlas_of_a_ward_says_it_lies_in_one_local_authority(qapp, tmp_path):
    from placeviz.export.static import export_static
    from placeviz.model.errors import UserError
    from placeviz.model.spec import MapSpec

    with pytest.raises(UserError, match=r"Anfield \(Liverpool ward\) lies in one local authority, so an atlas"):
        export_static(MapSpec(place="Anfield (Liverpool ward)"), tmp_path / "a.pdf", atlas=True)
    assert not (tmp_path / "a.pdf").exists()


def test_two_wards_side_by_side_in_the_compare_window(make_compare_window, qtbot):
    from placeviz.model.spec import MapSpec

    w = make_compare_window(MapSpec(place="Liverpool", layer="imd2025"), MapSpec(place="Wirral", layer="imd2025"))
    pane = w.panes[1]
    assert "Anfield (Liverpool ward)" in pane.place.completer().model().stringList()
    pane.place.setText("Everton East (Liverpool ward)")
    pane.place.returnPressed.emit()
    qtbot.waitUntil(lambda: w.scenes[1] is not None and not w.busy
                    and w.scenes[1].data.place.name == "Everton East (Liverpool ward)", timeout=60_000)
    lsoas = attributes("lsoa21")
    assert set(w.scenes[1].data.frame["code"]) == set(lsoas.loc[lsoas["ward24_code"] == "E05015297", "code"])


def test_a_towns_name_means_the_town_even_where_one_ward_has_it():
    with pytest.raises(UnknownPlaceError, match=r"^Gillingham is a town.*--place 'Medway'.*A ward has the name "
                                                r"too: --place 'Gillingham \(Dorset ward\)'\.$"):
        resolve_place("Gillingham")
    assert resolve_place("Gillingham (Dorset ward)").kind == "ward"


def test_a_wards_map_says_what_it_shows_at_each_level():
    from placeviz.model.mapdata import map_data

    ward = "Anfield (Liverpool ward)"
    assert "2021 LSOA counts wholly in the ward" in map_data(ward, "lsoa", "imd2025", geometry=False).note
    assert "2011 neighbourhoods (LSOAs) most of whose residents live in" in \
        map_data(ward, "lsoa", "imd2019", geometry=False).note
    long_marston = map_data("Long Marston (Stratford-on-Avon ward)", "lsoa", "imd2019", geometry=False).note
    assert "No 2011 neighbourhood (LSOA) lies mostly in Long Marston (Stratford-on-Avon ward)" in long_marston
    msoa = map_data(ward, "msoa", "imd2019", geometry=False)
    assert "MSOAs that hold its neighbourhoods, which reach beyond the ward" in msoa.note and len(msoa.frame) >= 3
    la = map_data(ward, "la", "life_expectancy_la", geometry=False)
    assert list(la.frame["name"]) == ["Liverpool"]
    assert "This map shows Liverpool, the local authority Anfield (Liverpool ward) lies in" in la.note


def test_a_ward_of_a_new_council_maps_the_old_district_it_was_in(tmp_path):
    """Cumberland (2023) was Allerdale, Carlisle and Copeland: a ward in it is in one of them on 2019 and 2021
    boundaries, the one its neighbourhoods were in."""
    lsoas = attributes("lsoa21")
    code = resolve_place("Yewdale (Cumberland ward)").codes[0]
    want = set(lsoas.loc[lsoas["ward24_code"] == code, "lad21_code"])
    out = tmp_path / "y.csv"
    assert main(["export", "csv", "--place", "Yewdale (Cumberland ward)", "--layer", "imd2019", "--level", "la",
                 "-o", str(out)]) == 0
    assert set(pd.read_csv(out)["code"]) == want and len(want) == 1


def test_a_map_with_ward_outlines_is_saved_as_a_format_an_older_placeviz_refuses_politely(monkeypatch):
    from placeviz.model import spec as spec_module
    from placeviz.model.spec import MapSpec, SpecError

    plain, wards = MapSpec(place="Liverpool").to_dict(), MapSpec(place="Liverpool", wards=True).to_dict()
    assert "wards" not in plain and plain["version"] == 1
    assert wards["wards"] is True and wards["version"] == 2
    monkeypatch.setattr(spec_module, "SPEC_VERSION", 1)  # as the release before ward outlines reads them
    assert MapSpec.from_dict(plain) == MapSpec(place="Liverpool")
    with pytest.raises(SpecError, match="saved by a newer placeviz"):
        MapSpec.from_dict(wards)


def test_england_with_ward_outlines_draws_every_wards(qapp):
    from placeviz.model.spec import MapSpec
    from placeviz.render.arrow_scene import scene_for

    scene = scene_for(MapSpec(place="England", layer="imd2025", wards=True))
    assert len(scene.wards.rows) == 6_784


def test_a_ward_beside_its_council_on_a_council_layer_is_refused_with_a_sentence(tmp_path, capsys):
    out = tmp_path / "x.png"
    assert main(["compare", "--place", "Anfield (Liverpool ward)", "--place", "Liverpool", "--layer", "air_quality",
                 "--level", "la", "-o", str(out)]) != 0
    assert "Every map would show the same area (Liverpool)" in capsys.readouterr().err and not out.exists()
    assert main(["compare", "--place", "Anfield (Liverpool ward)", "--place", "Everton East", "--layer", "imd2025",
                 "-o", str(out)]) == 0 and out.exists()
