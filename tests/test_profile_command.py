"""`placeviz profile` through placeviz.cli.main: text, json, html and pdf."""

import json
from html.parser import HTMLParser

import pytest

from placeviz.analysis.profile import place_profile
from placeviz.analysis.report import to_html
from placeviz.cli import main
from placeviz.model.geography import Place


def test_text_to_stdout(capsys):
    assert main(["profile", "--place", "Liverpool", "--no-hotspots"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Place profile: Liverpool (local authority)")
    assert "So what" in out and "1. In Liverpool, almost half of residents (48.4%)" in out
    assert "145 (48.7%)" in out and "111 (36.8%)" in out  # neighbourhoods in decile 1, 2019 and 2025
    assert "3rd of 317 (official)" in out
    assert "E01006547  Liverpool 019C" in out  # the most deprived neighbourhood in IoD 2019
    assert "Levels run high" in out and "Open Government Licence" in out


def test_json_carries_figures_sentences_and_hotspots(tmp_path):
    out = tmp_path / "liverpool.json"
    assert main(["profile", "--place", "Liverpool", "--format", "json", "-o", str(out)]) == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["place"] == {"name": "Liverpool", "kind": "la", "codes": ["E08000012"]}
    assert d["figures"]["imd2019.imd.decile1.areas"]["value"] == 145
    assert d["figures"]["residents"]["value"] == 500474
    assert 4 <= len(d["so_what"]) <= 8
    for s in d["so_what"]:
        assert s["text"] and s["figures"] and s["layers"] and s["sources"]
        for f in s["figures"]:
            assert f["value"] == d["figures"][f["id"]]["value"]
    first = d["so_what"][0]
    assert {"imd2019", "population"} <= set(first["layers"])
    assert any("English indices of deprivation 2019" in x for x in first["sources"])
    hs = d["hotspots"]
    assert len(hs["areas"]) == 298 and hs["method"] == "Getis-Ord Gi*"
    assert sum(a["spot"] == "hot spot" for a in hs["areas"]) == d["figures"]["hotspots.hot"]["value"] > 0
    assert d["most_deprived"]["2019"][0]["code"] == "E01006547"


def test_format_is_guessed_from_the_extension(tmp_path):
    out = tmp_path / "cheshire.html"
    assert main(["profile", "--place", "Cheshire East", "--no-hotspots", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_offline_and_escaped(tmp_path):
    out = tmp_path / "kl.html"
    assert main(["profile", "--place", "King's Lynn and West Norfolk", "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "King&#x27;s Lynn and West Norfolk" in page and "King's Lynn" not in page
    parser = _Collect()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not any(v and v.startswith(("http:", "https:", "//")) for _, a in parser.tags for v in a.values())
    text = "".join(parser.text)
    assert "So what" in text and "Caveats" in text and "Sources" in text
    # the hot spot map is inline SVG: one path per class present, hot spots in red
    paths = [a for t, a in parser.tags if t == "path"]
    fills = {a["fill"] for a in paths}
    assert "svg" in tags and "#b2182b" in fills and "#2166ac" in fills
    assert all(a["d"].startswith("M") and a["d"].endswith("Z") for a in paths)
    assert "Hot spot: " in text and "Cold spot: " in text  # legend with counts


def test_html_escapes_a_hostile_place_name():
    p = place_profile(Place("<script>alert('x')</script> & Co", "la", ("E08000012",)), with_hotspots=False)
    page = to_html(p)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page


def test_pdf_needs_a_file_name(capsys):
    assert main(["profile", "--place", "Liverpool", "--format", "pdf"]) == 2
    assert "needs a file name" in capsys.readouterr().err


def test_user_errors_exit_2(tmp_path, capsys):
    assert main(["profile", "--place", "Atlantis"]) == 2
    assert "Unknown place 'Atlantis'" in capsys.readouterr().err
    assert main(["profile", "--place", "Liverpool", "-o", str(tmp_path / "no" / "such" / "p.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["profile", "--place", "Liverpool", "--format", "docx"])


def test_one_neighbourhood_is_singular_in_text_and_html(capsys):
    """The Isles of Scilly are one 2011 LSOA: 'in 1 neighbourhood', not 'in 1 neighbourhoods'."""
    assert main(["profile", "--place", "Isles of Scilly", "--no-hotspots"]) == 0
    out = capsys.readouterr().out
    assert "in 1 neighbourhood (2011 LSOAs)" in out and " 1 neighbourhoods" not in out
    page = to_html(place_profile("Isles of Scilly", with_hotspots=False))
    assert "in 1 neighbourhood (2011 LSOAs)" in page
    assert main(["profile", "--place", "Halton", "--no-hotspots"]) == 0
    assert "in 79 neighbourhoods (2011 LSOAs)" in capsys.readouterr().out
