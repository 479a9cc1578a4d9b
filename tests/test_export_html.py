"""HTML export without a browser: topology, encoding, size, provenance, escaping, the CLI."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
import shapely

from placeviz.export import html as H
from placeviz.export.topology import build_topology, encode_polygons
from placeviz.model.classify import classify_map
from placeviz.model.errors import UserError
from placeviz.model.geography import boundaries, resolve_place
from placeviz.model.mapdata import map_data
from placeviz.model.spec import Classification, MapSpec

EVIL = ['<script>alert(1)</script>', '"onmouseover=alert(1) x="', '</script><script>alert(2)</script>',
        "a\u2028b\u2029c & <!-- -->"]


# ---------------------------------------------------------------- an independent decoder (mirrors the page)

def _varints(s: str) -> list[int]:
    out, v, m = [], 0, 1
    for b in base64.b64decode(s):
        v += (b & 127) * m
        if b < 128:
            out.append(v)
            v, m = 0, 1
        else:
            m *= 128
    return out


def _unzz(z: int) -> int:
    return -(z + 1) // 2 if z % 2 else z // 2


def decode_arcs(g: dict) -> list:
    """The page's arcs as lists of (x, y) in metres, as its script decodes them."""
    raw, arcs, i, px, py = _varints(g["arcs"]), [], 0, 0, 0
    q, (ox, oy) = g["quantum"], g["origin"]
    while i < len(raw):
        cnt = raw[i]
        i += 1
        pts, x, y = [], 0, 0
        for j in range(cnt):
            dx, dy = _unzz(raw[i]), _unzz(raw[i + 1])
            i += 2
            if j == 0:
                px, py = px + dx, py + dy
                x, y = px, py
            else:
                x, y = x + dx, y + dy
            pts.append((ox + x * q, oy + y * q))
        arcs.append(pts)
    return arcs


def decode_features(g: dict) -> list:
    arcs = decode_arcs(g)
    shape = iter(_varints(g["shape"]))
    refs = iter(np.cumsum([_unzz(z) for z in _varints(g["refs"])]).tolist())
    feats = []
    for _ in range(g["n"]):
        polys = []
        for _ in range(next(shape)):
            rings = []
            for _ in range(next(shape)):
                ring = []
                for k in range(next(shape)):
                    ref = next(refs)
                    a = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                    ring.extend(a if k == 0 else a[1:])
                rings.append(ring)
            polys.append(shapely.Polygon(rings[0], rings[1:]))
        feats.append(shapely.MultiPolygon(polys))
    return feats


def page_json(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="placeviz-data">(.*?)</script>', text, re.S)
    assert m, "the data block is missing"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def cm():
    return map_data("Cheshire and Merseyside", "lsoa", "imd2019")


# ---------------------------------------------------------------- topology

def test_topology_rebuilds_every_area_within_10_m(cm):
    geoms = cm.frame.geometry.values
    topo = build_topology(geoms)
    shape, refs = encode_polygons(topo)
    g = {"arcs": topo.encode_arcs(), "shape": shape, "refs": refs, "n": len(geoms),
         "quantum": topo.quantum, "origin": list(topo.origin)}
    rebuilt = decode_features(g)
    assert len(rebuilt) == len(geoms) == 1562
    dist = shapely.hausdorff_distance(np.asarray(rebuilt, dtype=object), geoms)
    assert dist.max() <= 10.0
    assert dist.max() <= topo.quantum * np.sqrt(2) / 2 + 1e-9
    rel = np.abs(shapely.area(np.asarray(rebuilt, dtype=object)) - shapely.area(geoms)) / shapely.area(geoms)
    assert np.median(rel) < 0.005 and rel.max() < 0.05
    # shared borders once: each arc is used by at most two areas, and most interior arcs by exactly two
    used = np.bincount(np.abs(np.array([x if x >= 0 else ~x for polys in topo.polygons for poly in polys
                                         for ring in poly for x in ring])), minlength=topo.n_arcs)
    assert used.max() == 2 and (used == 2).sum() > 0.8 * topo.n_arcs
    n_in = len(shapely.get_coordinates(geoms))
    assert len(topo.arc_xy) < 0.8 * n_in  # shared borders stored once (arc end points repeat)


def test_topology_keeps_holes_and_enclaves():
    # a square with a square hole, and the enclave that fills it: the enclave's ring is the hole's ring
    outer = shapely.Polygon([(0, 0), (1000, 0), (1000, 1000), (0, 1000)],
                            [[(300, 300), (300, 700), (700, 700), (700, 300)]])
    inner = shapely.Polygon([(300, 300), (700, 300), (700, 700), (300, 700)])
    topo = build_topology([shapely.MultiPolygon([outer]), shapely.MultiPolygon([inner])], quantum=5)
    assert topo.n_arcs == 2  # the outer ring, and the shared hole/enclave ring stored once
    hole_ref = topo.polygons[0][0][1][0]
    enclave_ref = topo.polygons[1][0][0][0]
    assert hole_ref == ~enclave_ref  # the same arc, walked in opposite directions
    assert shapely.Polygon(topo.ring_coords(topo.polygons[1][0][0])).area == pytest.approx(160000)


# ---------------------------------------------------------------- the page's data

def test_page_is_small_self_contained_and_carries_provenance(tmp_path, cm):
    out = H.export_html(MapSpec(place="Cheshire and Merseyside", layer="imd2019"), tmp_path / "cm.html",
                        mapdata=cm)
    text = out.read_text(encoding="utf-8")
    assert out.stat().st_size <= 400_000
    # nothing is fetched: no src/href attribute, no url() in styles, and a CSP that forbids the network
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text, re.I)
    assert not re.search(r"url\((?!#)", text)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "connect-src &#x27;none&#x27;" in csp
    assert "L.version" not in text or "1.9" in text
    data = page_json(text)
    ly = data["panes"][0]["layers"][0]
    c = classify_map(cm, Classification())
    assert [e["label"] for e in ly["legend"]] == [e.label for e in c.legend]
    assert [e["count"] for e in ly["legend"]] == [e.count for e in c.legend]
    assert ly["colours"] == list(c.colours)
    assert "Open Government Licence" in ly["licence"] and ly["period"].startswith("2019")
    assert ly["sourceLine"] == cm.layer.source_line() and ly["caveats"] == list(cm.layer.caveats)
    assert "Crown copyright" in data["boundaries"]["attribution"]
    # values at display precision, ranks and classes decode to the frame's
    vals = [None if z == 0 else _unzz(z - 1) / 10 for z in _varints(ly["values"])]
    want = cm.frame["value"].to_numpy()
    got = np.array([np.nan if v is None else v for v in vals])
    assert np.allclose(got, want, atol=0.051, rtol=0, equal_nan=True)
    ranks = [_unzz(z - 1) for z in _varints(ly["rank"])]
    assert ranks == cm.frame["rank"].astype(int).tolist()
    assert [k - 1 for k in _varints(ly["classes"])] == c.classes.tolist()
    geom = data["geoms"][ly["geom"]]
    codes = np.cumsum([_unzz(z) for z in _varints(geom["codes"]["nums"])])
    assert [geom["codes"]["prefix"] + f"{n:06d}" for n in codes] == cm.frame["code"].tolist()
    assert {lb[0] for lb in geom["labels"]} == set(cm.frame["lad_name"])  # every LA labelled
    assert len(_varints(geom["laArcs"])) > 100


def test_same_spec_same_classes_as_the_canvas(tmp_path):
    spec = MapSpec(place="Wirral", layer="imd2019_income",
                   classification=Classification("fisher_jenks", 6, palette="viridis", reverse=True),
                   title="Income, Wirral")
    out = H.export_html(spec, tmp_path / "w.html")
    ly = page_json(out.read_text(encoding="utf-8"))["panes"][0]["layers"][0]
    c = classify_map(map_data("Wirral", "lsoa", "imd2019_income"), spec.classification)
    assert ly["colours"] == list(c.colours) and len(ly["colours"]) == 6
    assert [e["label"] for e in ly["legend"]] == [e.label for e in c.legend]
    assert "<title>Income, Wirral</title>" in out.read_text(encoding="utf-8")


def test_layers_on_the_same_areas_share_one_geometry(tmp_path):
    specs = [MapSpec(place="Liverpool", layer="imd2019"), MapSpec(place="Liverpool", layer="imd2019_health"),
             MapSpec(place="Liverpool", layer="life_expectancy_male", level="msoa",
                     classification=Classification("quantiles", 5, palette="YlOrRd"))]
    out = H.export_html(specs, tmp_path / "l.html")
    data = page_json(out.read_text(encoding="utf-8"))
    layers = data["panes"][0]["layers"]
    assert [x["id"] for x in layers] == ["imd2019", "imd2019_health", "life_expectancy_male"]
    assert layers[0]["geom"] == layers[1]["geom"] != layers[2]["geom"]
    assert len(data["geoms"]) == 2
    assert data["geoms"][layers[2]["geom"]]["n"] == 61  # Liverpool's MSOAs


def test_compare_page_with_one_shared_scale(tmp_path):
    cls = Classification("quantiles", 5, palette="YlOrRd", classes_from="place")
    specs = [MapSpec(place="Liverpool", layer="life_expectancy_male", level="msoa", classification=cls),
             MapSpec(place="Wirral", layer="life_expectancy_male", level="msoa", classification=cls)]
    out = H.export_html_compare(specs, tmp_path / "c.html", shared_bins=True)
    data = page_json(out.read_text(encoding="utf-8"))
    a, b = (p["layers"][0] for p in data["panes"])
    def uppers(ly):  # the first class starts at each map's own minimum; the breaks are shared
        return [e["label"].split(" to ")[1] for e in ly["legend"] if not e["nodata"]]

    assert uppers(a) == uppers(b) and a["colours"] == b["colours"]
    assert "shared" in a["schemeLabel"]
    own = H.export_html_compare(specs, tmp_path / "c2.html")
    a2, b2 = (p["layers"][0] for p in page_json(own.read_text(encoding="utf-8"))["panes"])
    assert uppers(a2) != uppers(b2)


# ---------------------------------------------------------------- safety

def evil_mapdata(place="Knowsley"):
    md = map_data(place, "lsoa", "imd2019")
    frame = md.frame.copy()
    for i, s in enumerate(EVIL):
        frame.loc[i, "name"] = s
        frame.loc[i, "lad_name"] = s
    md.frame = frame
    return md


def test_strings_from_data_and_user_are_escaped(tmp_path):
    md = evil_mapdata()
    title = '</script><script>alert("t")</script> "onmouseover=x <b>&amp;'
    out = H.export_html(MapSpec(place="Knowsley", title=title), tmp_path / "evil.html", mapdata=md)
    text = out.read_text(encoding="utf-8")
    for s in [*EVIL, title]:
        assert s not in text
    assert text.count("<script") == 3  # the data block, Leaflet, the page's own script
    assert text.count("</script>") == 3
    assert "\u2028" not in text and "\u2029" not in text
    data = page_json(text)
    assert data["title"] == title
    names = data["geoms"]["g0"]["names"]
    lad_names = data["geoms"]["g0"]["ladNames"]
    for s in EVIL:
        assert s in names and s in lad_names
    assert f"<title>{H.html.escape(title, quote=True)}</title>" in text


def test_script_json_cannot_close_a_script():
    s = H.script_json({"a": "</script><!--<script>\u2028&"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><!--<script>\u2028&"}


# ---------------------------------------------------------------- errors and the command line

def test_clear_errors(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        H.export_html(MapSpec(place="Wirral"), tmp_path / "nope" / "x.html")
    with pytest.raises(UserError, match="folder"):
        H.export_html(MapSpec(place="Wirral"), tmp_path)
    with pytest.raises(UserError):
        H.export_html([], tmp_path / "x.html")


def test_cli_export_html(tmp_path, capsys):
    from placeviz.cli import main

    out = tmp_path / "m.html"
    rc = main(["export", "html", "--place", "Halton", "--layer", "imd2019", "--layer", "imd2019_crime",
               "--title", "Halton <deprivation>", "-o", str(out)])
    assert rc == 0 and out.exists()
    assert "Wrote" in capsys.readouterr().out
    data = page_json(out.read_text(encoding="utf-8"))
    assert data["title"] == "Halton <deprivation>"
    assert [x["id"] for x in data["panes"][0]["layers"]] == ["imd2019", "imd2019_crime"]
    rc = main(["export", "html", "--place", "Halton", "--layer", "life_expectancy_male", "--level", "msoa",
               "--scheme", "equal_interval", "--k", "4", "--palette", "Blues", "-o", str(out)])
    ly = page_json(out.read_text(encoding="utf-8"))["panes"][0]["layers"][0]
    assert rc == 0 and len(ly["colours"]) == 4 and "Equal interval" in ly["schemeLabel"]
    assert main(["export", "html", "--place", "Atlantis", "--layer", "imd2019", "-o", str(out)]) == 2
    assert "Atlantis" in capsys.readouterr().err
    assert main(["export", "html", "--place", "Halton", "--layer", "life_expectancy_male",
                 "--scheme", "national_deciles", "-o", str(out)]) == 2
    assert "no national deciles" in capsys.readouterr().err
    rc = main(["export", "html", "--place", "Halton", "--layer", "imd2019", "--breaks", "10,20,40",
               "-o", str(out)])
    ly = page_json(out.read_text(encoding="utf-8"))["panes"][0]["layers"][0]
    assert rc == 0 and [e["label"] for e in ly["legend"]][1].startswith("10.0 to 20.0")


def test_cli_images_go_to_the_static_exporter(tmp_path, monkeypatch):
    import sys
    import types

    from placeviz.cli import main

    calls = []
    fake = types.ModuleType("placeviz.export.static")
    fake.export_static = lambda spec, path, fmt, **kw: calls.append((spec, path, fmt, kw))
    monkeypatch.setitem(sys.modules, "placeviz.export.static", fake)
    rc = main(["export", "pdf", "--place", "Wirral", "--layer", "imd2019", "--paper", "A3", "--orientation",
               "landscape", "--dpi", "150", "--atlas", "-o", str(tmp_path / "w.pdf")])
    assert rc == 0 and len(calls) == 1
    spec, path, fmt, kw = calls[0]
    assert fmt == "pdf" and spec.place == "Wirral" and spec.layer == "imd2019" and path == tmp_path / "w.pdf"
    assert kw == {"paper": "A3", "orientation": "landscape", "dpi": 150, "atlas": True}


def test_la_labels_and_outlines_for_england_regions(tmp_path):
    md = map_data("North East", "msoa", "life_expectancy_female")
    out = H.export_html(MapSpec(place="North East", level="msoa", layer="life_expectancy_female",
                                classification=Classification("quantiles", 5, palette="YlOrRd")),
                        tmp_path / "ne.html", mapdata=md)
    g = page_json(out.read_text(encoding="utf-8"))["geoms"]["g0"]
    assert len(g["labels"]) == md.frame["lad_name"].nunique() == len(g["ladNames"])
    place = resolve_place("North East")
    lads = boundaries("lad21")[place.mask(boundaries("lad21"))]
    for name, x, y, _ in g["labels"]:  # each label point lies in its LA
        geom = lads.loc[lads["name"] == name].geometry
        if len(geom):
            assert geom.iloc[0].contains(shapely.Point(x, y)) or geom.iloc[0].distance(shapely.Point(x, y)) < 1


def test_layer_drawn_at_its_own_level_says_so(tmp_path):
    spec = MapSpec(place="Cheshire and Merseyside", level="lsoa", layer="air_quality",
                   classification=Classification("quantiles", 5, palette="YlOrRd"))
    data = page_json(H.export_html(spec, tmp_path / "aq.html").read_text(encoding="utf-8"))
    ly = data["panes"][0]["layers"][0]
    assert data["geoms"][ly["geom"]]["n"] == 9  # the nine local authorities, not 1,562 LSOAs
    assert "local authorities" in ly["subtitle"] and "neighbourhoods" not in ly["subtitle"]
    assert any("local authorities only" in n for n in ly["notes"])


def test_place_without_data_gets_a_no_data_legend(tmp_path):
    spec = MapSpec(place="Northumberland", layer="no2_2023", classification=Classification("quantiles", 5))
    data = page_json(H.export_html(spec, tmp_path / "no2.html").read_text(encoding="utf-8"))
    ly = data["panes"][0]["layers"][0]
    n = data["geoms"][ly["geom"]]["n"]
    assert ly["legend"] == [{"label": "No data", "colour": ly["nodataColour"], "count": n, "nodata": True}]
    assert ly["schemeLabel"] == "No area has a value here" and set(_varints(ly["classes"])) == {0}
    assert any("has no data" in x for x in ly["notes"])


def test_cli_atlas_without_layer_maps_imd2019_as_the_readme_shows(tmp_path, monkeypatch, capsys):
    """README: `placeviz export pdf --place "Cheshire and Merseyside" --atlas -o atlas.pdf` (no --layer)."""
    import sys
    import types

    from placeviz.cli import main

    calls = []
    fake = types.ModuleType("placeviz.export.static")
    fake.export_static = lambda spec, path, fmt, **kw: calls.append((spec, path, fmt, kw))
    monkeypatch.setitem(sys.modules, "placeviz.export.static", fake)
    rc = main(["export", "pdf", "--place", "Cheshire and Merseyside", "--atlas", "-o", str(tmp_path / "a.pdf")])
    assert rc == 0 and len(calls) == 1
    spec, _, fmt, kw = calls[0]
    assert fmt == "pdf" and spec.layer == "imd2019" and spec.place == "Cheshire and Merseyside" and kw == {"atlas": True}
    # a map that is not an atlas still needs its layer named, in one sentence
    assert main(["export", "html", "--place", "Halton", "-o", str(tmp_path / "m.html")]) == 2
    err = capsys.readouterr().err
    assert "--layer" in err and "Traceback" not in err and not (tmp_path / "m.html").exists()


def test_cli_year_for_a_layer_with_one_period_says_so(tmp_path, capsys):
    from placeviz.cli import main

    out = tmp_path / "m.html"
    assert main(["export", "html", "--place", "Halton", "--layer", "imd2019", "--year", "2017", "-o",
                 str(out)]) == 2
    err = capsys.readouterr().err
    assert "one period only" in err and "none" not in err
    assert main(["export", "csv", "--place", "Halton", "--layer", "unemployment_la", "--year", "1999", "-o",
                 str(tmp_path / "u.csv")]) == 2
    assert "2015, 2016" in capsys.readouterr().err


def test_cli_k_with_national_deciles_is_not_silently_ignored(tmp_path, capsys):
    from placeviz.cli import main

    out = tmp_path / "m.html"
    assert main(["export", "html", "--place", "Halton", "--layer", "imd2019", "--k", "5", "-o", str(out)]) == 2
    assert "scheme quantiles" in capsys.readouterr().err and not out.exists()
    assert main(["export", "html", "--place", "Halton", "--layer", "imd2019", "--k", "5", "--scheme", "quantiles",
                 "-o", str(out)]) == 0
    assert len(page_json(out.read_text(encoding="utf-8"))["panes"][0]["layers"][0]["colours"]) == 5
    assert main(["export", "csv", "--place", "Halton", "--layer", "imd2019", "--k", "10", "-o",
                 str(tmp_path / "d.csv")]) == 0


def test_one_scale_for_two_measures_is_refused(tmp_path, capsys):
    """Life expectancy and IMD scores on one set of breaks: the life expectancy legend read "22.1 to 22.1 years"
    (IMD scores as years) and the map was one colour (from a planner's run)."""
    from placeviz.cli import main

    out = tmp_path / "mix.html"
    assert main(["export", "html", "--place", "Knowsley", "--layer", "life_expectancy_male", "--layer", "imd2019",
                 "--compare", "--shared-scale", "-o", str(out)]) == 2
    assert "One scale needs one measure: Life expectancy (men) and IMD 2019" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", "html", "--place", "Knowsley", "--layer", "imd2019", "--layer", "imd2025", "--compare",
                 "--shared-scale", "-o", str(out)]) == 0
    # compare, which shares a scale unless told not to, gives two measures each their own (it was refused, naming
    # an option compare does not have)
    two = tmp_path / "two.html"
    assert main(["compare", "--place", "Liverpool", "--layer", "life_expectancy_male", "--layer", "imd2019",
                 "--level", "msoa", "-o", str(two)]) == 0
