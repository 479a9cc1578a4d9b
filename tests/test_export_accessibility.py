"""Exported SVG and PDF files say what they are to a screen reader: the SVG keeps its words as text and has
a <title> and a <desc> (title, place, layer, sources) and a language; a PDF (map, comparison or profile)
has its title and its language (/Lang in the catalog, dc:language in its XMP), and stays a valid PDF."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pypdf
import pytest

from placeviz.export.doc_metadata import mark_pdf_language, mark_svg_language
from placeviz.export.static import export_profile_pdf, export_static, export_static_compare
from placeviz.model.catalog import load_catalog
from placeviz.model.spec import MapSpec

SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE = "Index of Multiple Deprivation 2019, Knowsley"


def _pdf_language(path) -> tuple[str, list, str]:
    reader = pypdf.PdfReader(str(path), strict=True)
    assert len(reader.pages) >= 1
    return reader.trailer["/Root"]["/Lang"], reader.xmp_metadata.dc_language, reader.metadata.title


def test_svg_has_title_desc_language_and_text_as_text(tmp_path):
    path = export_static(MapSpec(place="Knowsley", layer="imd2019"), tmp_path / "k.svg")
    root = ET.parse(path).getroot()
    assert root.get(XML_LANG) == "en-GB"
    assert root.find(f"{SVG}title").text == TITLE
    desc = root.find(f"{SVG}desc").text
    layer = load_catalog().get("imd2019")
    assert "Place: Knowsley." in desc and f"Layer: {layer.title}." in desc
    assert layer.source_line().rstrip(".") in desc and "Open Government Licence" in desc
    assert "computed by placeviz" in desc
    words = [t.text.strip() for t in root.iter(f"{SVG}text") if t.text]
    assert TITLE in words and "Liverpool" in words  # the title and a town's name are text, not outlines
    assert len(words) > 20


def test_compare_svg_describes_both_places(tmp_path):
    specs = [MapSpec(place="Liverpool", layer="imd2019"), MapSpec(place="Wirral", layer="imd2019")]
    path = export_static_compare(specs, tmp_path / "c.svg", shared_bins=True)
    root = ET.parse(path).getroot()
    assert root.get(XML_LANG) == "en-GB"
    title = root.find(f"{SVG}title").text
    assert "Liverpool" in title and "Wirral" in title
    assert title in root.find(f"{SVG}desc").text and "Source:" in root.find(f"{SVG}desc").text


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_map_pdf_has_title_and_language(tmp_path):
    path = export_static(MapSpec(place="Knowsley", layer="imd2019"), tmp_path / "k.pdf")
    assert _pdf_language(path) == ("en-GB", ["en-GB"], TITLE)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert f"Title:           {TITLE}" in info and "Creator:         placeviz" in info and "Pages:           1" in info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert TITLE in text  # the page itself still reads as before


def test_atlas_and_profile_pdfs_have_title_and_language(tmp_path):
    atlas = export_static(MapSpec(place="Liverpool City Region", layer="imd2019"), tmp_path / "a.pdf", atlas=True)
    lang, xmp, title = _pdf_language(atlas)
    assert (lang, xmp) == ("en-GB", ["en-GB"]) and "Liverpool City Region" in title
    assert len(pypdf.PdfReader(str(atlas)).pages) == 7  # the overview and its six local authorities
    from placeviz.analysis.narrative import so_what
    from placeviz.analysis.profile import place_profile

    profile = place_profile("Knowsley", with_hotspots=False)
    path = export_profile_pdf(profile, so_what(profile), tmp_path / "p.pdf")
    assert _pdf_language(path) == ("en-GB", ["en-GB"], "Place profile: Knowsley")


def test_language_is_added_once_and_other_files_are_left_alone(tmp_path):
    path = export_static(MapSpec(place="Halton", layer="imd2019"), tmp_path / "h.pdf")
    before = path.read_bytes()
    assert mark_pdf_language(path) is False  # already there
    assert path.read_bytes() == before
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(b"%PDF-1.7\nnot laid out as Qt writes it\n")
    assert mark_pdf_language(odd) is False
    assert odd.read_bytes() == b"%PDF-1.7\nnot laid out as Qt writes it\n"
    svg = tmp_path / "x.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" xml:lang="cy"><title>t</title></svg>', encoding="utf-8")
    assert mark_svg_language(svg) is True
    assert ET.parse(svg).getroot().get(XML_LANG) == "cy"  # a language already named is kept


def test_map_png_carries_its_title_description_and_sources_as_text(tmp_path):
    from PyQt6.QtGui import QImage

    path = export_static(MapSpec(place="Knowsley", layer="imd2019"), tmp_path / "k.png", width=800, height=600)
    img = QImage(str(path))
    assert not img.isNull() and (img.width(), img.height()) == (800, 600)
    assert img.text("Title") == TITLE
    assert "Place: Knowsley." in img.text("Description")
    assert load_catalog().get("imd2019").source_line().rstrip(".") in img.text("Source")


def test_svg_title_and_desc_keep_hostile_text_as_text(tmp_path):
    title = 'A <b>&amp; "x" </desc><script>alert(1)</script>'
    root = ET.parse(export_static(MapSpec(place="Knowsley", title=title), tmp_path / "e.svg")).getroot()
    assert root.find(f"{SVG}title").text == title
    assert root.find(f"{SVG}desc").text.startswith(title)
    assert root.find(f".//{SVG}script") is None
