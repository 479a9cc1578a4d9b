"""The place profile as a PDF briefing: pages, searchable text, figures as in the text format, sources, errors."""

import itertools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def liverpool(qapp, tmp_path_factory):
    from placeviz.analysis.narrative import so_what
    from placeviz.analysis.profile import place_profile
    from placeviz.export.static import export_profile_pdf

    prof = place_profile("Liverpool")
    sentences = so_what(prof)
    out = export_profile_pdf(prof, sentences, tmp_path_factory.mktemp("pdf") / "liverpool.pdf")
    return prof, sentences, out


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages(path) -> list[str]:
    import pypdf

    return [_words(p.extract_text()) for p in pypdf.PdfReader(str(path)).pages]


def test_pages_are_numbered_and_a4_portrait(liverpool):
    import pypdf

    _, _, out = liverpool
    reader = pypdf.PdfReader(str(out))
    pages = _pages(out)
    n = len(pages)
    assert 3 <= n <= 8  # page 1, the figures, the neighbourhoods and hot spots, the sources
    for i, text in enumerate(pages, 1):
        assert f"Page {i} of {n}" in text
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert w == pytest.approx(595.3, abs=1.5) and h == pytest.approx(841.9, abs=1.5)


def test_page_one_has_the_title_summary_and_the_deciles_map(liverpool):
    _, sentences, out = liverpool
    first = _pages(out)[0]
    assert first.startswith("Place profile: Liverpool")
    assert _words(sentences[0].text) in first
    assert "Index of Multiple Deprivation 2019" in first  # the map's legend
    assert "10 (least deprived 10%)" in first
    # page 1 is vector: the map is paths, not an embedded picture
    import pypdf

    assert len(pypdf.PdfReader(str(out)).pages[0].images) == 0


def test_key_figures_are_printed_as_in_the_text_format(liverpool):
    from placeviz.analysis.report import to_text

    prof, sentences, out = liverpool
    text = " ".join(_pages(out))
    plain = to_text(prof, sentences)
    share = prof.figure("imd2019.imd.decile1.resident_share").display()
    assert share == "48.4%" and share in plain
    residents = prof.figure("imd2019.imd.decile1.residents").display()
    assert f"{residents} ({share})" in plain and f"{residents} ({share})" in text
    for fid in ("le.male.gap", "le.female.gap", "work.insecure", "air.pm25", "imd2025.imd.decile1.resident_share"):
        assert prof.figure(fid).display() in text, fid
    assert "3rd of 317 (official)" in text
    # the five most deprived neighbourhoods of each edition, and the hot spot counts
    for n in prof.most_deprived["2019"] + prof.least_deprived["2025"]:
        assert n.code in text
    assert "Hot spot" in text and "Cold spot" in text
    # the domain chart: the place's share on each domain (IoD 2025), rounded, beside England's
    health = next(r for r in prof.domain_table("2025") if r["domain"] == "health")
    assert "Liverpool (IoD 2025) England (IoD 2025)" in text and f"{health['resident_share']:.0f}%" in text


def test_every_source_and_licence_is_in_the_pdf(liverpool):
    from placeviz.analysis.report import all_sources
    from placeviz.model.catalog import boundary_attribution

    prof, _, out = liverpool
    pages = _pages(out)
    text = " ".join(pages)
    assert "Open Government Licence" in text
    for s in [*all_sources(prof), boundary_attribution()]:
        assert _words(s) in text, s
    # each page's footer names a source, page 1's includes the map's boundaries
    assert all("Open Government Licence" in p for p in pages)
    assert _words(boundary_attribution()) in pages[0]


def test_caveats_sit_with_their_figures(liverpool):
    prof, _, out = liverpool
    text = " ".join(_pages(out))
    for topic, caveat in prof.caveats:
        assert _words(caveat) in text, topic


def test_cli_writes_the_pdf(tmp_path):
    out = tmp_path / "wirral.pdf"
    r = subprocess.run([sys.executable, "-m", "placeviz", "profile", "--place", "Wirral", "--no-hotspots",
                        "-o", str(out)], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 20_000
    pages = _pages(out)
    assert pages[0].startswith("Place profile: Wirral")
    assert "Hot spots and cold spots" not in " ".join(pages)  # --no-hotspots


def test_cli_bad_folder_gives_one_clear_sentence(tmp_path):
    out = tmp_path / "no such folder" / "x.pdf"
    r = subprocess.run([sys.executable, "-m", "placeviz", "profile", "--place", "Liverpool", "--format", "pdf",
                        "-o", str(out)], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 2
    msg = r.stderr.strip()
    assert msg.startswith("placeviz: ") and "does not exist" in msg and "Traceback" not in msg
    assert len(msg.splitlines()) == 1
    assert not out.exists()


def test_the_writer_itself_refuses_a_missing_folder(liverpool, tmp_path):
    from placeviz.export.static import export_profile_pdf
    from placeviz.model.errors import UserError

    prof, sentences, _ = liverpool
    with pytest.raises(UserError, match="does not exist"):
        export_profile_pdf(prof, sentences, tmp_path / "missing" / "p.pdf")


@pytest.mark.parametrize("place", ["Anfield (Liverpool ward)", "Kingsnorth Village & Bridgefield (Ashford ward)",
                                   "Isles of Scilly"])
def test_the_deciles_map_is_never_shorter_than_its_legend(monkeypatch, tmp_path, place):
    """Beside the map, the legend (with a ward's or an island's long note) must not run into the text below."""
    from PyQt6.QtCore import QRectF

    import placeviz.render.profile_document as doc_module
    from placeviz.analysis.narrative import so_what
    from placeviz.analysis.profile import place_profile
    from placeviz.export.static import export_profile_pdf

    seen = []
    original = doc_module._map_block

    def spy(doc, scene, height, legend, layers, caption=None):
        if legend.__qualname__.startswith("_decile_legend"):
            need = legend(doc.p, QRectF(0, 0, doc_module.MAP_LEGEND_PT * doc.k, doc.height), draw=False)
            seen.append((height, need))
        return original(doc, scene, height, legend, layers, caption)

    monkeypatch.setattr(doc_module, "_map_block", spy)
    profile = place_profile(place, with_hotspots=False)
    export_profile_pdf(profile, so_what(profile), tmp_path / "p.pdf")
    assert len(seen) == 1
    height, need = seen[0]
    assert need > 100 and height >= need


def test_the_domain_charts_key_says_a_long_wards_whole_name(qapp, tmp_path):
    """The key of "Which domains drive deprivation" was drawn in a fixed 200-point box: a long ward's name was
    cut mid-word ("...with Shackers") and its edition lost."""
    from placeviz.analysis.narrative import so_what
    from placeviz.analysis.profile import place_profile
    from placeviz.export.static import export_profile_pdf

    ward = "Cadeby, Carlton and Market Bosworth with Shackerstone (Hinckley and Bosworth ward)"
    prof = place_profile(ward, with_hotspots=False)
    out = export_profile_pdf(prof, so_what(prof), tmp_path / "ward.pdf")
    pages = _pages(out)
    number = next(i for i, p in enumerate(pages, 1) if "Which domains drive deprivation" in p)
    assert f"{ward} (IoD 2025)" in pages[number - 1]
    # the text is in the file either way: what shows is seen in the page's pixels (72 dpi: a pixel a point).
    # The key's row is the one whose swatch (the accent colour, 12 points wide) starts at the left margin;
    # its words must run well past the 200 points they were cut at.
    from PyQt6.QtGui import QColor, QImage

    subprocess.run(["pdftoppm", "-r", "72", "-f", str(number), "-l", str(number), "-png", str(out),
                    str(tmp_path / "page")], check=True)
    img = QImage(str(next(tmp_path.glob("page*.png"))))
    accent = QColor("#1f4e79")

    def is_accent(x, y):
        c = QColor(img.pixel(x, y))
        return abs(c.red() - accent.red()) + abs(c.green() - accent.green()) + abs(c.blue() - accent.blue()) < 40

    left = 40  # the page's margin, in points
    row = next(y for y in range(img.height()) if all(is_accent(x, y) for x in range(left + 2, left + 10))
               and not is_accent(left + 20, y))
    # the columns with ink in the key's line of text, from its words to England's tick: a name cut at 200
    # points left a gap of some 150 points before the tick, placed after the whole name's width
    ink = sorted({x for y in range(row - 3, row + 9) for x in range(left + 16, img.width())
                  if QColor(img.pixel(x, y)).lightness() < 128})
    assert max(b - a for a, b in itertools.pairwise(ink)) < 40, ink
