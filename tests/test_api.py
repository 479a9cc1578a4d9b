"""The Python API (``import placeviz as pv``) on the real bundled data."""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys

import numpy as np
import pytest

import placeviz as pv
from placeviz import api
from placeviz.imports import remove_from_catalog
from placeviz.model.errors import UserError
from placeviz.workspace import open_workspace

LIVERPOOL_LSOAS = 298


def test_import_placeviz_loads_no_pandas_geopandas_or_qt():
    code = ("import sys, placeviz; heavy = sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pandas', 'geopandas', 'PyQt6', 'folium'}); print(placeviz.__version__, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"{pv.__version__} []"


def test_layers_and_places_are_tables_with_sources():
    layers = pv.layers()
    assert {"id", "title", "period", "geography", "source", "licence"} <= set(layers.columns)
    assert layers.set_index("id").loc["life_expectancy_male", "licence"]
    places = pv.places()
    assert set(places.columns) == {"name", "kind", "code"}
    assert places.set_index("name").loc["Wirral", "code"] == "E08000015"
    icb = places.set_index("name").loc["NHS Cheshire and Merseyside"]
    assert icb["code"] == "E54000008" and icb["kind"] == "integrated care board"
    answer = pv.find("L4 0TH")[0]
    assert "Anfield West" in answer.text() and answer.zoom == ("lsoa21", "E01006542")


def test_data_is_a_geodataframe_of_liverpool_with_its_sources():
    gdf = pv.data("Liverpool", "imd2019")
    assert len(gdf) == LIVERPOOL_LSOAS and gdf.crs.to_epsg() == 27700
    assert list(gdf.columns) == ["code", "name", "neighbourhood", "local_authority", "region", "value", "rank",
                                 "decile", "geometry"]
    # every LSOA carries its MSOA's House of Commons Library name, credited under its own licence
    assert gdf.set_index("code").at["E01006542", "neighbourhood"] == "Anfield West"
    assert "Open Parliament Licence" in gdf.attrs["names_attribution"]
    assert gdf["code"].str.startswith("E01").all() and (gdf["local_authority"] == "Liverpool").all()
    # the brief's figure: most of Liverpool's neighbourhoods are in England's most deprived fifth
    assert 0.55 < (gdf["decile"] <= 2).mean() < 0.70
    assert gdf.attrs["period"] and "Open Government Licence" in gdf.attrs["licence"]
    assert gdf.attrs["source"] == "Ministry of Housing, Communities and Local Government (MHCLG)"


def test_map_uses_the_desktop_apps_classes_and_writes_files(tmp_path):
    m = pv.Map(place="Liverpool", layer="life_expectancy_male", level="msoa")
    c = m.spec.classification
    assert (c.scheme, c.palette) == ("quantiles", "YlOrRd")
    classes = m.classes
    assert classes["count"].sum() == len(m.data) == 61
    assert list(classes.loc[~classes["no_data"], "colour"]) == list(m.classified.colours)
    png = m.to_png(tmp_path / "m.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = m.to_html(tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and "Life expectancy" in page
    with pytest.raises(UserError, match="no national deciles"):
        pv.Map(place="Liverpool", layer="population", scheme="national_deciles")


def test_repr_html_is_the_offline_page_in_a_sandboxed_frame():
    m = pv.Map(place="Knowsley", layer="imd2019")
    frame = m._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "&lt;script" in frame and "https://" not in frame.split("srcdoc=")[1].split("Content-Security")[0]


def test_to_folium_is_a_real_folium_map_with_every_area_and_the_legend(tmp_path):
    import folium

    fmap = pv.Map(place="Liverpool", layer="imd2019").to_folium()
    assert isinstance(fmap, folium.Map)
    folium.Marker([53.43, -2.96], tooltip="Anfield").add_to(fmap)  # an analyst's own layer
    out = tmp_path / "m.html"
    fmap.save(out)
    text = out.read_text(encoding="utf-8")
    layer = next(c for c in fmap._children.values() if isinstance(c, folium.GeoJson))
    assert len(layer.data["features"]) == LIVERPOOL_LSOAS
    assert {f["properties"]["colour"] for f in layer.data["features"]} <= set(
        pv.Map(place="Liverpool", layer="imd2019").classified.colours) | {"#d9d9d9"}
    assert "placeviz-legend" in text and "Ministry of Housing" in text and "Crown copyright" in text


def test_profile_compare_and_read(tmp_path):
    p = pv.profile("Knowsley", hotspots=False)
    d = p.to_dict()
    assert p.figures["residents"] == d["figures"]["residents"]["value"] > 150_000
    assert "Knowsley" in p.to_text() and p.to_html().startswith("<!DOCTYPE html>")
    t = pv.compare(["Liverpool", "Wirral"], ["imd2019"])
    assert list(t["place"]) == ["Liverpool", "Wirral"] and any(c.startswith("imd2019_") for c in t.columns)
    gdf = pv.data("Knowsley", "imd2019")
    csv = tmp_path / "scores.csv"
    gdf[["code"]].assign(score=range(len(gdf))).to_csv(csv, index=False)
    mine = pv.read(csv, name="My score")
    try:
        assert mine.report.ok
        m = pv.Map(place="Knowsley", layer=mine)
        assert m.data["value"].notna().sum() == len(gdf)
    finally:  # the catalog is the process's: a later test (test_bundle) checks every layer's licence
        remove_from_catalog(mine.id)


def test_a_map_made_in_python_opens_as_a_workspace(tmp_path):
    m = pv.Map(place="Wirral", layer="no2_2023", k=6)
    path = m.save_workspace(tmp_path / "wirral")
    ws = open_workspace(path)
    assert ws.maps == [m.spec]


def test_docstring_examples_run():
    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


@pytest.mark.slow
def test_quickstart_notebook_runs_on_a_real_kernel():
    from pathlib import Path

    import nbformat
    from nbclient import NotebookClient

    path = Path(__file__).resolve().parents[1] / "docs" / "examples" / "quickstart.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert f"{LIVERPOOL_LSOAS} neighbourhoods" in text and "EPSG:27700" in text
    assert re.search(r"\d+% of Liverpool's neighbourhoods are in England's most deprived fifth", text)
    assert "liverpool_le.png" in text and "folium" in text


@pytest.mark.parametrize("spec", [
    pv.Map(place="Liverpool", layer="imd2019").spec,
    pv.Map(place="Wirral", layer="life_expectancy_female", level="msoa", scheme="fisher_jenks", k=4,
           palette="viridis", reverse=True, title="Women's lives").spec,
    pv.Map(place="Halton", layer="imd2019", breaks=[10, 20, 40]).spec,
    pv.Map(place="England", layer="unemployment_la", level="la", year="2016").spec,
    # the place's own classes and the ward outlines were left out: the pasted code made another map
    pv.Map(place="Knowsley", layer="life_expectancy_male", scheme="fisher_jenks", k=4, classes_from="place").spec,
    pv.Map(place="Liverpool", layer="imd2025", wards=True).spec,
])
def test_copy_as_python_makes_the_same_map(spec):
    from placeviz.model.viewstate import python_code

    code = python_code(spec)
    scope: dict = {}
    exec(code, scope)  # the text the app puts on the clipboard, run as an analyst would
    assert scope["m"].spec == spec


def test_a_map_given_another_spec_is_the_new_maps_everywhere(tmp_path):
    """``m.spec = m.spec.with_(place="Halton")`` titled the PNG Halton while data and the CSV stayed Knowsley's:
    what the first spec had worked out was kept."""
    m = pv.Map(place="Knowsley", layer="imd2019")
    assert set(m.data["local_authority"]) == {"Knowsley"}
    m.spec = m.spec.with_(place="Halton")
    assert set(m.data["local_authority"]) == {"Halton"} and m.classes["count"].sum() == len(m.data)
    m.to_csv(tmp_path / "h.csv")
    assert "Place: Halton" in (tmp_path / "h.csv.txt").read_text(encoding="utf-8")
    with pytest.raises(UserError, match="A map's spec is a MapSpec, not str"):
        m.spec = "Halton"


def test_a_brief_and_a_deck_for_a_meeting_from_python(tmp_path, qapp):
    """pv.brief and pv.slides write what `placeviz brief` and `placeviz slides` write, for places named as the
    rest of the API takes them (any case), and a bad request is the commands' sentence."""
    from pptx import Presentation

    from placeviz.analysis.profile import place_profile

    pdf = pv.brief(["knowsley", "Halton"], tmp_path / "pair.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Pages:           1" in info and "Knowsley" in text and "Halton" in text
    assert place_profile("Halton", with_hotspots=False).figure("residents").display() in text

    deck = Presentation(str(pv.slides("knowsley", tmp_path / "deck.pptx", compare="halton")))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == "Knowsley: the place in figures" and "Knowsley and Halton: the headline figures" in titles
    with pytest.raises(UserError, match=r"written to a \.pptx file"):
        pv.slides("Knowsley", tmp_path / "deck.ppt")


def test_an_analysts_slips_get_sentences_not_tracebacks(tmp_path):
    """Each of these ended in a KeyError, TypeError or ValueError from deep inside (from a hostile run)."""
    m = pv.Map(place="Halton", layer="imd2019", breaks=np.array([10, 20, 40]))  # an array: "truth value of..."
    assert m.spec.classification.breaks == (10.0, 20.0, 40.0)
    slips = [
        (lambda: pv.data("Knowsley", "imd2019", level="LSOA"), r"Unknown geography level 'LSOA': use one of lsoa"),
        (lambda: pv.Map("Halton", "imd2019", breaks=[None]), r"Class breaks are numbers, such as \[10, 20, 40\]"),
        (lambda: m.to_png(None), r"Give the file to write as a path .*, not None"),
        (lambda: pv.slides("Knowsley", None), r"Give the file to write as a path"),
        (lambda: pv.brief(None, tmp_path / "b.pdf"), r"Unknown place 'None'"),
        (lambda: pv.profile("Knowsley", seed="x"), r"seed is a whole number, such as 12345, not 'x'"),
        (lambda: m.to_csv(tmp_path / "x.xlsx"), r"x\.xlsx does not end \.csv, but a CSV table is written there"),
        (lambda: m.to_gpkg(tmp_path / "x.shp"), r"x\.shp does not end \.gpkg, but a GeoPackage"),
        (lambda: m.to_html(tmp_path / "x.png"), r"x\.png does not end \.html, but a web page"),
        (lambda: pv.compare(["Liverpool"], []), r"Choose at least one place and one layer"),
        (lambda: pv.compare(["Liverpool"], ["air_quality:1999"]), r"has no figures for 1999: the years available"),
    ]
    for call, said in slips:
        with pytest.raises(UserError, match=said):
            call()
    assert not list(tmp_path.iterdir())


def test_compare_takes_one_place_as_text_and_a_layers_year(qapp):
    """A single string was read a letter at a time ("Unknown place 'L'"), and no year could be chosen."""
    one = pv.compare("Liverpool", "air_quality:2019")
    assert list(one["place"]) == ["Liverpool"]
    years = pv.compare(["Liverpool"], [("air_quality", "2015"), "air_quality:2021"])
    assert {"air_quality_2015_value", "air_quality_2021_value"} <= set(years.columns)
    assert years["air_quality_2015_value"].item() != years["air_quality_2021_value"].item()
    # a tuple of layers is layers, as before (a pair was read as a layer and its year)
    two = pv.compare(["Liverpool", "Wirral"], ("imd2019", "imd2025"))
    assert {"imd2019_2019_value", "imd2025_2025_value"} <= set(two.columns) and len(two) == 2
    # and says where its figures come from, and that two editions' scores do not compare (it said nothing)
    assert "Ministry of Housing" in two.attrs["sources"]["imd2025_2025"]
    assert any(c.startswith("Scores from different editions") for c in two.attrs["caveats"])


def test_to_folium_takes_the_callers_tiles_and_location(qapp):
    """tiles=None (no basemap) or a location of one's own clashed with placeviz's own: "got multiple values"."""
    fmap = pv.Map(place="Halton", layer="imd2019").to_folium(tiles=None, location=[53.35, -2.7], zoom_start=11)
    page = fmap.get_root().render()
    assert "[53.35, -2.7]" in page and "fitBounds" not in page  # opens where asked, not fitted to Halton
    assert not any(type(c).__name__ == "TileLayer" for c in fmap._children.values())
    assert "fitBounds" in pv.Map(place="Halton", layer="imd2019").to_folium().get_root().render()


def test_read_takes_the_import_commands_options_and_refuses_others(tmp_path):
    """A misspelt option was dropped (the wrong column imported), to_lsoa21 was ignored, and
    higher_is_worse="no" was kept as a true string (from a hostile run)."""
    table = pv.data("Halton", "imd2019")[["code", "value"]].rename(columns={"value": "referrals"})
    table.insert(1, "population", 1000)
    table.to_csv(tmp_path / "h.csv", index=False)
    moved = pv.read(tmp_path / "h.csv", value_column="referrals", to_lsoa21=True)
    try:
        assert moved.layer.geography == "lsoa21" and "referrals" in moved.layer.title
    finally:  # the catalog is the process's: a later test (test_bundle) checks every layer's licence
        remove_from_catalog(moved.id)
    with pytest.raises(UserError, match=r"Unknown option of placeviz.read 'value_colum'\. Did you mean 'value_column'"):
        pv.read(tmp_path / "h.csv", value_colum="referrals")
    with pytest.raises(UserError, match=r"higher_is_worse is True or False, not 'no'"):
        pv.read(tmp_path / "h.csv", value_column="referrals", higher_is_worse="no")
    # an AttributeError or TypeError from inside, each (from a hostile run)
    with pytest.raises(UserError, match=r"name is text, such as 'value', not 123"):
        pv.read(tmp_path / "h.csv", name=123)
    with pytest.raises(UserError, match=r"where is a dict of column and value"):
        pv.read(tmp_path / "h.csv", where="name=1")
    with pytest.raises(UserError, match=r"Give the file to read as a path"):
        pv.read(None)


def test_a_maps_choices_are_taken_as_meant_or_refused():
    """reverse="no" reversed the palette; a year given as a number came back as the number; a map of the
    user's own breaks said k=10 of its 4 classes."""
    with pytest.raises(UserError, match=r"reverse is True or False, not 'no'"):
        pv.Map("Halton", "imd2019", reverse="no")
    assert pv.data("Halton", "air_quality", year=2019).attrs["period"] == "2019"
    m = pv.Map("Halton", "air_quality", year=2019)
    assert m.spec.year == "2019" and m.spec == pv.Map("Halton", "air_quality", year="2019").spec
    assert "breaks=[10.0, 20.0, 40.0]" in repr(pv.Map("Halton", "imd2019", breaks=[10, 20, 40]))


def test_the_layer_table_does_not_grow_as_derived_layers_are_used():
    """pv.layers() had 40 rows in a new process and 42 once the overlap had been mapped (from a hostile run)."""
    before = list(pv.layers()["id"])
    pv.Map("Knowsley", "overlap")
    pv.data("Knowsley", "overlap-tenth")
    assert list(pv.layers()["id"]) == before and "imd2025" in before
