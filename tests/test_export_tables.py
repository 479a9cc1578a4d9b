"""CSV and GeoPackage exports: the same rows, values, classes and colours as the map; read back."""

from __future__ import annotations

import csv

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from placeviz.export.tables import COLUMNS, export_csv, export_gpkg
from placeviz.model.classify import classify_map
from placeviz.model.errors import UserError
from placeviz.model.mapdata import map_data
from placeviz.model.spec import Classification, MapSpec

LE = MapSpec(place="Cheshire and Merseyside", level="msoa", layer="life_expectancy_male",
             classification=Classification("quantiles", 5, palette="YlOrRd"))


def test_csv_rows_match_the_map(tmp_path):
    spec = MapSpec(place="Cheshire and Merseyside", layer="imd2019")
    out = export_csv(spec, tmp_path / "cm.csv")
    with open(out, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == COLUMNS  # one plain header row, nothing above it
    df = pd.read_csv(out, dtype={"code": str})
    md = map_data("Cheshire and Merseyside", "lsoa", "imd2019")
    c = classify_map(md, spec.classification)
    assert len(df) == len(md.frame) == 1562
    assert df["code"].tolist() == md.frame["code"].tolist()
    assert np.allclose(df["value"], md.frame["value"], rtol=0, atol=1e-9)
    assert df["rank"].tolist() == md.frame["rank"].astype(int).tolist()
    assert df["decile"].tolist() == md.frame["decile"].astype(int).tolist()
    assert (df["class"] == df["decile"]).all()  # national deciles: class = decile
    assert df["colour"].tolist() == c.area_colours()
    assert df.loc[df["class"] == 1, "class_label"].unique().tolist() == [c.legend[0].label]
    assert set(df["layer"]) == {"imd2019"} and set(df["unit"]) == {"score"}
    side = (tmp_path / "cm.csv.txt").read_text(encoding="utf-8")
    assert md.layer.source_line() in side and "Open Government Licence" in side
    assert md.layer.caveats[0] in side and "Crown copyright" in side


def test_csv_no_data_and_several_layers(tmp_path):
    specs = [LE, MapSpec(place="Cheshire and Merseyside", level="msoa", layer="imd2019",
                         classification=Classification("quantiles", 4, palette="Blues"))]
    out = export_csv(specs, tmp_path / "two.csv")
    df = pd.read_csv(out, dtype={"code": str})
    assert df["layer"].value_counts().to_dict() == {"life_expectancy_male": 323, "imd2019": 323}
    le = df[df.layer == "life_expectancy_male"]
    md = map_data("Cheshire and Merseyside", "msoa", "life_expectancy_male")
    c = classify_map(md, LE.classification)
    assert le["class"].isna().sum() == int((c.classes < 0).sum())
    assert (le.loc[le["class"].isna(), "class_label"] == "No data").all()
    assert sorted(le["class"].dropna().unique().astype(int).tolist()) == list(range(1, c.k + 1))
    assert set(le["period"]) == {"2016-2020"}


def test_csv_text_cannot_become_a_formula(tmp_path):
    md = map_data("Halton", "lsoa", "imd2019")
    frame = md.frame.copy()
    frame.loc[0, "name"] = "=HYPERLINK(\"http://x\")"
    frame.loc[1, "name"] = "@SUM(A1)"
    md.frame = frame
    out = export_csv(MapSpec(place="Halton"), tmp_path / "h.csv", mapdata=md)
    df = pd.read_csv(out, dtype={"code": str})
    assert df["name"][0] == "'=HYPERLINK(\"http://x\")" and df["name"][1] == "'@SUM(A1)"
    assert df["name"][2] == md.frame["name"][2]


def test_gpkg_reads_back_in_british_national_grid(tmp_path):
    specs = [LE, MapSpec(place="Cheshire and Merseyside", layer="imd2019")]
    out = export_gpkg(specs, tmp_path / "cm.gpkg")
    layers = dict(pyogrio.list_layers(out))
    # the two map layers, and QGIS's table of their styles (no geometry)
    assert layers == {"life_expectancy_male": "MultiPolygon", "imd2019": "MultiPolygon", "layer_styles": None}
    g = gpd.read_file(out, layer="imd2019")
    assert g.crs.to_epsg() == 27700
    md = map_data("Cheshire and Merseyside", "lsoa", "imd2019")
    assert g["code"].tolist() == md.frame["code"].tolist()
    assert np.allclose(g["value"], md.frame["value"])
    assert g["decile"].tolist() == md.frame["decile"].tolist()
    assert g.geometry.geom_equals(md.frame.geometry).all()  # full fidelity, not the page's 5 m grid
    assert g["colour"].tolist() == classify_map(md, Classification()).area_colours()
    le = gpd.read_file(out, layer="life_expectancy_male")
    assert len(le) == 323 and le["value"].isna().sum() == le["class"].isna().sum()
    meta = pyogrio.read_info(out, layer="imd2019")["layer_metadata"]
    assert "Open Government Licence" in meta["LICENCE"] and meta["PERIOD"].startswith("2019")
    # writing again replaces the layer of that name (not appending to it) and keeps the others
    export_gpkg(MapSpec(place="Halton"), out)
    assert [n for n, _ in pyogrio.list_layers(out)] == ["life_expectancy_male", "imd2019", "layer_styles"]
    assert len(gpd.read_file(out, layer="imd2019")) == len(map_data("Halton", "lsoa", "imd2019").frame)


def test_a_layer_written_into_the_users_geopackage_keeps_their_own_layers(tmp_path, capsys):
    """Writing a map into an analyst's GeoPackage replaced the whole file: their own layers were gone."""
    import sqlite3

    from placeviz.cli import main

    out = tmp_path / "council.gpkg"
    own = map_data("Knowsley", "lsoa", "imd2019").frame[["code", "value", "geometry"]]
    own.to_file(out, layer="care_homes")
    own.head(3).to_file(out, layer="our_schools")
    assert main(["export", "gpkg", "--place", "Knowsley", "--layer", "imd2025", "-o", str(out)]) == 0
    assert "its other layers are kept: care_homes, our_schools." in capsys.readouterr().out
    layers = [n for n, _ in pyogrio.list_layers(out)]
    assert layers[:3] == ["care_homes", "our_schools", "imd2025"]
    assert len(gpd.read_file(out, layer="our_schools")) == 3 and len(gpd.read_file(out, layer="care_homes")) == len(own)
    with sqlite3.connect(out) as db:  # the style is the new layer's alone
        assert db.execute("SELECT f_table_name FROM layer_styles").fetchall() == [("imd2025",)]
    text = tmp_path / "notes.gpkg"
    text.write_text("not a GeoPackage", encoding="utf-8")
    with pytest.raises(UserError, match=r"notes\.gpkg is there already and is not a GeoPackage"):
        export_gpkg(MapSpec(place="Halton"), text)
    assert text.read_text(encoding="utf-8") == "not a GeoPackage"


def test_table_errors(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        export_csv(MapSpec(place="Halton"), tmp_path / "no" / "x.csv")
    with pytest.raises(UserError, match="once"):
        export_gpkg([MapSpec(place="Halton"), MapSpec(place="Halton")], tmp_path / "x.gpkg")


def test_cli_csv_and_gpkg(tmp_path, capsys):
    from placeviz.cli import main

    assert main(["export", "csv", "--place", "Knowsley", "--layer", "imd2019_income", "-o",
                 str(tmp_path / "k.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "k.csv")) == len(map_data("Knowsley", "lsoa", "imd2019_income").frame)
    assert main(["export", "gpkg", "--place", "Knowsley", "--layer", "imd2019", "--level", "la", "-o",
                 str(tmp_path / "k.gpkg")]) == 0
    g = gpd.read_file(tmp_path / "k.gpkg", layer="imd2019")
    assert len(g) == 1 and g["local_authority"][0] == "Knowsley" and g.crs.to_epsg() == 27700
    assert "EPSG:27700" in capsys.readouterr().out


def test_geopackage_opens_styled_in_qgis(tmp_path):
    """The GeoPackage carries each layer's default style (QGIS's layer_styles table): a categorised
    renderer on `class` whose categories, labels and colours are the map's legend."""
    import sqlite3
    import xml.etree.ElementTree as ET

    import pyogrio

    from placeviz.cli import main
    from placeviz.export.prepared import prepare
    from placeviz.model.spec import Classification, MapSpec

    out = tmp_path / "m.gpkg"
    assert main(["export", "gpkg", "--place", "Wirral", "--layer", "imd2019", "--layer", "life_expectancy_male",
                 "--level", "msoa", "--k", "6", "--scheme", "quantiles", "-o", str(out)]) == 0
    with sqlite3.connect(out) as db:
        rows = db.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles "
                          "ORDER BY f_table_name").fetchall()
        registered = db.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchone()
    assert registered == ("attributes",)
    assert [r[0] for r in rows] == ["imd2019", "life_expectancy_male"] and all(r[2] == 1 for r in rows)
    for table, geom_col, _, qml in rows:
        spec = MapSpec(place="Wirral", level="msoa", layer=table,
                       classification=Classification("quantiles", 6,
                                                     palette="RdYlBu" if table == "imd2019" else "YlOrRd"))
        legend = prepare(spec).classified.legend
        renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
        assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "class"
        cats = renderer.find("categories").findall("category")
        classes = [e for e in legend if not e.nodata]
        assert len(classes) == 6 and [c.get("value") for c in cats[:6]] == [str(i) for i in range(1, 7)]
        assert [c.get("label") for c in cats[:6]] == [e.label for e in classes]
        colours = {s.get("name"): s.find(".//Option[@name='color']").get("value")
                   for s in renderer.find("symbols").findall("symbol")}
        for cat, entry in zip(cats, classes, strict=False):
            rgb = tuple(int(entry.colour[i:i + 2], 16) for i in (1, 3, 5))
            assert colours[cat.get("symbol")] == ",".join(map(str, rgb)) + ",255"
        assert geom_col == pyogrio.read_info(out, layer=table)["geometry_name"] or geom_col == "geom"
    # the data layers are still read as before
    assert len(pyogrio.read_dataframe(out, layer="life_expectancy_male")) > 30


@pytest.mark.parametrize("fmt, name, said", [
    ("csv", "x.xlsx", r"x\.xlsx does not end \.csv, but a CSV table is written there: name it x\.csv\."),
    ("gpkg", "x.shp", r"x\.shp does not end \.gpkg, but a GeoPackage is written there"),
    ("html", "x.png", r"x\.png does not end \.html, but a web page is written there"),
])
def test_the_command_writes_no_format_under_another_ones_ending(tmp_path, capsys, fmt, name, said):
    """`placeviz export csv -o x.xlsx` wrote CSV text into x.xlsx and said it had (from a review)."""
    import re

    from placeviz.cli import main

    assert main(["export", fmt, "--place", "Knowsley", "--level", "la", "--layer", "imd2019", "-o",
                 str(tmp_path / name)]) == 2
    assert re.search(said, capsys.readouterr().err) and not (tmp_path / name).exists()


def test_a_geopackage_open_in_another_program_is_not_replaced_under_it(tmp_path):
    """QGIS editing a GeoPackage keeps its changes in a -wal file beside it: replacing the file under it left
    'database disk image is malformed' once QGIS closed it (from a review)."""
    import sqlite3

    out = tmp_path / "council.gpkg"
    export_gpkg(MapSpec(place="Halton"), out)
    editor = sqlite3.connect(out)  # as QGIS holds it while editing: write-ahead log, a change committed
    try:
        editor.execute("PRAGMA journal_mode=WAL")
        editor.execute("CREATE TABLE notes (x)")
        editor.execute("INSERT INTO notes VALUES (1)")
        editor.commit()
        with pytest.raises(UserError, match=r"council\.gpkg is open in another program .*: close it there"):
            export_gpkg(MapSpec(place="Knowsley", layer="imd2025"), out)
        assert editor.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert editor.execute("SELECT x FROM notes").fetchall() == [(1,)]
    finally:
        editor.close()
    export_gpkg(MapSpec(place="Knowsley", layer="imd2025"), out)  # closed there: the layer is added
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT x FROM notes").fetchall() == [(1,)]
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_csv_export_does_not_write_its_sources_over_a_file_of_the_users(tmp_path):
    """The sources go in <name>.csv.txt: a file of the user's of that name was replaced (from a hostile run);
    placeviz's own note from an earlier export is replaced as before."""
    out = tmp_path / "keep.csv"
    mine = tmp_path / "keep.csv.txt"
    mine.write_text("code,value\nE01006412,3\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"keep\.csv\.txt is there already and is not placeviz's note"):
        export_csv(MapSpec(place="Halton"), out)
    assert mine.read_text(encoding="utf-8") == "code,value\nE01006412,3\n" and not out.exists()
    mine.unlink()
    export_csv(MapSpec(place="Halton"), out)
    export_csv(MapSpec(place="Knowsley"), out)  # again: its own note is replaced
    assert "Place: Knowsley" in mine.read_text(encoding="utf-8")
    # the comparison's writer keeps the same rule, and each takes the other's note as placeviz's (from a review)
    from placeviz.cli import main

    ours = tmp_path / "ch.csv"
    (tmp_path / "ch.csv.txt").write_text("my notes\n", encoding="utf-8")
    assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", str(ours)]) == 2
    assert (tmp_path / "ch.csv.txt").read_text(encoding="utf-8") == "my notes\n"
    (tmp_path / "ch.csv.txt").unlink()
    assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", str(ours)]) == 0
    export_csv(MapSpec(place="Halton"), ours)
