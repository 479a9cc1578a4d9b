"""`placeviz brief`: one A4 landscape page whose figures are the profile's own, nothing under 9 pt."""

import html
import re
import subprocess

import pytest

from placeviz.analysis.headlines import headlines
from placeviz.analysis.profile import place_profile
from placeviz.cli import main


def _pdf_text(path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def _pdfinfo(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def knowsley_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("brief") / "b.pdf"
    assert main(["brief", "--place", "Knowsley", "-o", str(out)]) == 0
    return out


def test_one_a4_landscape_page(knowsley_pdf):
    info = _pdfinfo(knowsley_pdf)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "842 x 595 pts (A4)" in info


def test_text_carries_the_headline_figures_as_the_profile_computes_them(knowsley_pdf):
    text = _pdf_text(knowsley_pdf)
    prof = place_profile("Knowsley", with_hotspots=False)
    assert text.startswith("Knowsley")
    assert f"{prof.figure('residents').display()} residents" in text
    for fid in ("imd2025.imd.decile1_2.resident_share", "imd2025.imd.decile1_2.resident_share.england",
                "air.pm25", "air.pm25.england", "work.insecure", "work.insecure.england", "le.sii.official.male"):
        assert prof.figure(fid).display() in text, fid
    men, women = prof.figure("le.official.male"), prof.figure("le.official.female")
    assert f"{men.value:.1f} / {women.value:.1f} years" == "77.2 / 80.3 years"
    assert "77.2 / 80.3 years" in text and "England 79.5 / 83.3 years" in text
    assert "10 (10.0%)" in text  # neighbourhoods in England's worst fifth on all four
    for h in headlines(prof):
        assert h.value in text and h.status in text
    assert "Official: OHID" in text and "Computed by placeviz" in text
    assert "So what" in text and "Where disadvantages coincide" in text
    assert "Open Government Licence" in text and "Crown copyright" in text


def test_the_so_what_speaks_of_the_headlines_measure(knowsley_pdf):
    """The headline counts residents in England's most deprived 20% on IoD 2025: the deprivation sentence says
    the same share of the same index (it spoke of the most deprived 10% on IoD 2019, 45.7%)."""
    text = _pdf_text(knowsley_pdf)
    assert ("In Knowsley, just over half of residents (52.0%) live in the 54 neighbourhoods among the most "
            "deprived 20% in England (IoD 2025), more than twice the share across England (20.2%).") in text
    assert "45.7%" not in text and "IoD 2019" not in text and "10%" not in text


def test_the_decks_deprivation_slide_speaks_of_its_figures_measure(tmp_path):
    from pptx import Presentation

    assert main(["slides", "--place", "Knowsley", "-o", str(tmp_path / "d.pptx")]) == 0
    slide = list(Presentation(str(tmp_path / "d.pptx")).slides)[1]
    text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "Residents in England's most deprived 20% of neighbourhoods" in text and "52.0%" in text
    assert "So what: In Knowsley, just over half of residents (52.0%) live in the 54 neighbourhoods among the " \
           "most deprived 20% in England (IoD 2025)" in text
    assert "IoD 2019" not in text


def test_nothing_under_nine_points(knowsley_pdf, tmp_path):
    bbox = tmp_path / "b.html"
    subprocess.run(["pdftotext", "-bbox", str(knowsley_pdf), str(bbox)], check=True)
    heights = [float(y1) - float(y0) for y0, y1 in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"',
                                                             bbox.read_text(encoding="utf-8"))]
    assert len(heights) > 300
    # a word's box is about 1.16 em high in DejaVu Sans: 9 pt text gives 10.4 pt boxes
    assert min(heights) >= 10.4


def test_two_places_side_by_side(tmp_path):
    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", "Knowsley", "--place", "Halton", "-o", str(out)]) == 0
    assert re.search(r"^Pages:\s+1$", _pdfinfo(out), re.M)
    text = _pdf_text(out)
    assert text.startswith("Knowsley and Halton")
    halton = place_profile("Halton", with_hotspots=False)
    for fid in ("imd2025.imd.decile1_2.resident_share", "air.pm25", "work.insecure"):
        assert halton.figure(fid).display() in text
    assert "one scale" in text


def test_png(tmp_path):
    from PyQt6.QtGui import QImage

    out = tmp_path / "b.png"
    assert main(["brief", "--place", "Halton", "-o", str(out)]) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1754, 1240)  # A4 landscape at 150 dpi


def test_bad_requests_get_a_sentence(tmp_path, capsys):
    assert main(["brief", "--place", "Knowsley", "-o", str(tmp_path / "b.txt")]) == 2
    assert "a .pdf or .png file" in capsys.readouterr().err
    assert main(["brief", "--place", "Knowsley", "--place", "knowsley", "-o", str(tmp_path / "b.pdf")]) == 2
    assert "two different places" in capsys.readouterr().err
    assert main(["brief", "--place", "Nowhereshire", "-o", str(tmp_path / "b.pdf")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("placeviz: ")


def test_a_brief_png_says_what_it_is_and_its_sources(tmp_path):
    """The brief's PNG carried only a title, where every other PNG says what it shows and its sources."""
    from PyQt6.QtGui import QImage

    from placeviz.cli import main

    out = tmp_path / "b.png"
    assert main(["brief", "--place", "Knowsley", "-o", str(out)]) == 0
    image = QImage(str(out))
    assert image.text("Title") == "Brief: Knowsley"
    assert "headline figures against England" in image.text("Description")
    assert "MHCLG" in image.text("Source") and "MHCLG" in image.text("Description")


def _word_boxes(pdf, tmp_path) -> list[tuple[str, float, float, float, float]]:
    out = tmp_path / (pdf.stem + ".html")
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out)], check=True)
    pat = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in
            re.findall(pat, out.read_text(encoding="utf-8"))]


def _overlapping_words(boxes) -> list:
    """Pairs of words whose boxes overlap by more than a third of the smaller one: text drawn over text."""
    found = []
    for i, (w1, x0, y0, x1, y1) in enumerate(boxes):
        for w2, a0, b0, a1, b1 in boxes[i + 1:]:
            ix, iy = min(x1, a1) - max(x0, a0), min(y1, b1) - max(y0, b0)
            if ix > 0 and iy > 0 and ix * iy > min((x1 - x0) * (y1 - y0), (a1 - a0) * (b1 - b0)) / 3:
                found.append((w1, w2))
    return found


def test_a_ward_brief_keeps_its_legend_clear_of_its_text(tmp_path):
    """A ward's wide, short map once left its legend running over the paragraph under it."""
    out = tmp_path / "anfield.pdf"
    assert main(["brief", "--place", "Anfield (Liverpool ward)", "-o", str(out)]) == 0
    boxes = _word_boxes(out, tmp_path)
    assert len(boxes) > 300 and _overlapping_words(boxes) == []
    assert "So what 1." in _pdf_text(out)


def test_a_ward_beside_its_council_says_each_map_has_its_own_scale_and_each_england(tmp_path):
    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", "Anfield (Liverpool ward)", "--place", "Liverpool", "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "Where disadvantages coincide (each at its own scale)" in text
    # life expectancy is an MSOA estimate for the ward and the official figure for Liverpool: two Englands
    boxes = _word_boxes(out, tmp_path)
    left = min(x0 for w, x0, y0, _, _ in boxes if w == "England" and y0 < 120)  # the table's England column
    right = min(x0 for w, x0, _, _, _ in boxes if w == "Where")  # the maps' column
    column = sorted((y0, x0, w) for w, x0, y0, _, _ in boxes if left - 1 <= x0 < right - 5)
    # "(Liverpool's:" is wider than the column: it breaks before its ending, with a hyphen
    assert "81.9 / 85.7 years (Liver- pool's: 79.5 / 83.3 years)" in " ".join(w for _, _, w in column)
    assert "So what" not in text or re.search(r"So what (Anfield \(Liverpool ward\) )?1\. ", text)
    assert _overlapping_words(_word_boxes(out, tmp_path)) == []
    knowsley = tmp_path / "kh.pdf"
    assert main(["brief", "--place", "Knowsley", "--place", "Halton", "-o", str(knowsley)]) == 0
    assert "Where disadvantages coincide (at one scale)" in _pdf_text(knowsley)


def test_a_long_legend_label_wraps_instead_of_being_cut(tmp_path):
    """Liverpool has neighbourhoods no indicator set can count: the legend's 'Not counted' entry is longer
    than its column, and wraps under itself rather than ending in an ellipsis."""
    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", "Liverpool", "--place", "Anfield (Liverpool ward)", "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "Not counted: an indicator has no value" in text and "…" not in text
    assert _overlapping_words(_word_boxes(out, tmp_path)) == []


def test_england_has_a_brief_and_stands_beside_a_place(tmp_path):
    """England's own profile has no "England" beside its figures: its headlines leave that column empty (it
    failed with a KeyError on the life expectancy headline), and beside a place the England column is England's."""
    eng = headlines(place_profile("England", with_hotspots=False))
    assert [h.theme for h in eng] == ["deprivation", "health", "air", "work", "coincide"]
    assert all(h.england == "" for h in eng)
    assert main(["brief", "--place", "England", "-o", str(tmp_path / "e.pdf")]) == 0
    assert main(["brief", "--place", "Knowsley", "--place", "England", "-o", str(tmp_path / "ke.pdf")]) == 0
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "ke.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "79.5 / 83.3" in text and "England's:" not in text
    # beside a place whose England figure is made another way, both are given, each said whose; with no row for
    # the second place (the Isles of Scilly have no air quality), England's own
    from placeviz.analysis.headlines import england_beside

    ward = {h.theme: h for h in headlines(place_profile("Anfield (Liverpool ward)", with_hotspots=False))}
    scilly = {h.theme: h for h in headlines(place_profile("Isles of Scilly", with_hotspots=False))}
    by = {h.theme: h for h in eng}
    assert england_beside(by["health"], ward["health"], "Anfield") == "79.5 / 83.3 years (Anfield's: 81.9 / 85.7 years)"
    assert england_beside(ward["health"], by["health"], "England") == "81.9 / 85.7 years (England's: 79.5 / 83.3 years)"
    assert england_beside(by["air"], scilly.get("air"), "Isles of Scilly") == "7.4 µg/m³"


@pytest.mark.parametrize("place", ["Knowsley", "Liverpool", "Manchester"])
def test_a_councils_brief_has_its_three_so_what_sentences_and_says_the_indicators_years(tmp_path, place):
    """The issue's three strongest sentences: the legend's five lines of years gave way to the caption's one,
    and Knowsley, Liverpool and Manchester lost their third sentence to them."""
    from placeviz.render.brief import brief_for

    out = tmp_path / "b.pdf"
    assert main(["brief", "--place", place, "-o", str(out)]) == 0
    text = _pdf_text(out)
    for s in brief_for(place).sentences[:3]:
        assert " ".join(s.text.split()[:8]) in text
    assert "Indicators: IMD 2025, life expectancy 2016-2020, air quality (PM2.5) 2021, insecure work 2018." in text


@pytest.mark.parametrize("places", [["Knowsley", "Halton"], ["City of London"]])
def test_a_brief_says_its_maps_indicators_and_years_with_two_places_or_no_coincide_sentence(tmp_path, places):
    """The indicators' years left the legend for the one-place caption, which a two-place brief does not have
    and a place with no coincide sentence (City of London) did not build: those maps no longer said which
    four indicators, of which years, they count."""
    out = tmp_path / "b.pdf"
    assert main(["brief", *[x for p in places for x in ("--place", p)], "-o", str(out)]) == 0
    assert "Indicators: IMD 2025, life expectancy 2016-2020, air quality (PM2.5) 2021, insecure work 2018." in \
        _pdf_text(out)


def test_a_former_authoritys_life_expectancy_says_its_own_years(tmp_path):
    """Allerdale's last official life expectancy is for 2019-21 (it was abolished in 2023): its card said
    "Official: OHID, 2022-24", the catalog's latest period, beside 2019-21's figures; beside Knowsley each
    place's years are said."""
    prof = place_profile("Allerdale", with_hotspots=False)
    health = {h.theme: h for h in headlines(prof)}["health"]
    period = prof.official_le["E07000026"]["male"]["le"]["period"]
    assert period == "2019-21" and health.status == "Official: OHID, 2019-21"
    assert health.value == f"{prof.figure('le.official.male').value:.1f} / {prof.figure('le.official.female').value:.1f} years"
    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", "Allerdale", "--place", "Knowsley", "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "Official: OHID, 2019-21 (Allerdale) Official: OHID, 2022-24 (Knowsley)" in text  # a line each


def test_the_sources_line_names_each_publisher_by_its_short_name(knowsley_pdf):
    """Defra's NO2 grid was credited to "Department for Environment", its name cut at the comma."""
    text = _pdf_text(knowsley_pdf)
    line = text[text.index("Sources:"):]
    assert "Defra: NO2 2023 (1 km)" in line and "Department for Environment" not in line
    assert "MHCLG: IMD 2025" in line and "OHID: Life expectancy" in line


def test_a_regions_and_englands_brief_map_name_their_great_cities(tmp_path, monkeypatch):
    """On a brief's small map, names are at least 9 pt and so large: Liverpool's name, placed first, covered
    Manchester's dot, and the North West's map had no Manchester; England's had neither London nor
    Birmingham. A name may now cover only the dot of a place less than half its size."""
    from placeviz.render import labels

    chosen = []
    real = labels.choose_labels

    def recording(*args, **kwargs):
        out = real(*args, **kwargs)
        chosen.append({lab.name for lab, _, _ in out})
        return out

    monkeypatch.setattr(labels, "choose_labels", recording)
    for place, cities in (("North West", {"Manchester", "Liverpool"}), ("England", {"London", "Birmingham"})):
        chosen.clear()
        assert main(["brief", "--place", place, "-o", str(tmp_path / "b.png")]) == 0
        assert chosen and cities <= chosen[-1], (place, chosen)



@pytest.mark.parametrize("a, b", [("Nottinghamshire", "Derbyshire"), ("Buckinghamshire", "NHS Northamptonshire"),
                                  ("NHS Bath and North East Somerset, Swindon and Wiltshire",
                                   "NHS Bristol, North Somerset and South Gloucestershire")])
def test_two_long_names_head_their_columns_whole_or_broken_with_a_hyphen(tmp_path, a, b):
    """A fifth of England's place names hold a word wider than a figure column at 10.5 pt (Nottinghamshire
    was drawn "Nottinghan", cut by Derbyshire's column): the head shrinks, then breaks the word before its
    ending, and no word of the table's head row runs into the next column."""
    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", a, "--place", b, "-o", str(out)]) == 0
    words = _word_boxes(out, tmp_path)
    england = next(w for w in words if w[0] == "England" and w[1] < 421)  # the table's head, left half
    head = sorted((x0, x1, w) for w, x0, y0, x1, _ in words if abs(y0 - england[2]) < 1 and x0 < 421)
    assert len(head) >= 3
    b_head = max(h for h in head if h[2] in (b.split()[0], b.split()[0].removesuffix("shire") + "-")
                 and h[0] < england[1])  # B's first word: the last such word before England's
    for x0, x1, word in head:
        nxt = england[1] if x0 >= b_head[0] else b_head[0]
        assert x0 >= nxt or x1 <= nxt, f"{word!r} runs into the next column"
    # the table, from its head row down, in the left half: the title holds the names whole
    left = [w for w, x0, y0, _, _ in words if x0 < 421 and y0 >= england[2] - 1]
    for name in (a, b):
        for word in name.split():  # every word is there, whole or broken before its ending
            head, ending = re.match(r"(.*?)(shire,?)?$", word).groups()
            assert word in left or (ending and f"{head}-" in left and ending in left), word


def test_two_counties_keep_a_so_what_sentence_each(tmp_path):
    """Nottinghamshire's strongest sentence runs to five lines: with a line of each place's name over its
    sentences, one of each did not fit and the brief had none. Each sentence says whose it is."""
    from placeviz.render.brief import brief_for

    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", "Nottinghamshire", "--place", "Derbyshire", "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "So what" in text
    for place in ("Nottinghamshire", "Derbyshire"):
        first = brief_for(place).sentences[0].text
        assert " ".join(first.split()[:8]) in text, place


@pytest.mark.parametrize("a, b", [
    ("NHS Buckinghamshire, Oxfordshire and Berkshire West", "Oxford"),
    ("Flackwell Heath, Little Marlow and Marlow South East (Buckinghamshire ward)",
     "NHS Bath and North East Somerset, Swindon and Wiltshire"),
    ("Cadeby, Carlton and Market Bosworth with Shackerstone (Hinckley and Bosworth ward)",
     "Mudeford, Stanpit & West Highcliffe (Bournemouth, Christchurch and Poole ward)"),
    ("Castle Vale (Birmingham ward)", "Birmingham")])
def test_a_two_place_table_stays_in_its_half_and_above_the_sources(tmp_path, a, b):
    """Rows whose figures the two places make differently named both places in full under their title, and
    ran the table over the sources; "(Birmingham's:" was cut at the page's middle. Where the full lines do
    not fit, each row says only official or computed; a word wider than its column breaks with a hyphen."""
    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", a, "--place", b, "-o", str(out)]) == 0
    boxes = _word_boxes(out, tmp_path)
    sources = next(y0 for w, x0, y0, _, _ in boxes if w == "Sources:")
    top = next(y0 for w, x0, y0, _, _ in boxes if w == "England" and x0 < 421)  # the table's head row
    table = [(w, x1, y1) for w, x0, y0, x1, y1 in boxes if x0 < 421 and top - 1 < y0 < sources - 1]
    assert table and max(y1 for _, _, y1 in table) < sources
    assert [w for w, x1, _ in table if x1 > 421.5] == []  # the maps' half begins at 437 pt
    assert _overlapping_words(boxes) == []
    text = _pdf_text(out)
    assert "Official" in text and "Computed by placeviz" in text


def test_a_long_name_in_a_figure_cell_keeps_its_ending_whole(tmp_path):
    """The England column broke "(Buckinghamshire's:" as "(Buckingha-mshire's:": where the head before the
    ending did not fit, the whole word was cut between letters (from a review)."""
    out = tmp_path / "pair.pdf"
    assert main(["brief", "--place", "Nottinghamshire", "--place", "Buckinghamshire", "-o", str(out)]) == 0
    words = [w for w, *_ in _word_boxes(out, tmp_path)]
    assert not any(w.startswith("mshire") or w.endswith("gha-") for w in words), words
    assert any(w.startswith("(Buck") and w.endswith("-") for w in words)  # it is broken, at a syllable
