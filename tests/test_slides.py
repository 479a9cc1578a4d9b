"""`placeviz slides`: an editable 16:9 deck whose text carries the profile's figures."""

import zipfile

import pytest
from pptx import Presentation
from pptx.util import Emu

from placeviz.analysis.headlines import headlines
from placeviz.analysis.profile import place_profile
from placeviz.cli import main


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides") / "d.pptx"
    assert main(["slides", "--place", "Knowsley", "--compare", "Halton", "-o", str(out)]) == 0
    return Presentation(str(out))


def _text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [c.text for row in shape.table.rows for c in row.cells]
    return " ".join(" ".join(parts).split())


def test_sixteen_by_nine_with_the_slides_asked_for(deck):
    assert (deck.slide_width, deck.slide_height) == (Emu(12_192_000), Emu(6_858_000))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == [
        "Knowsley: the place in figures",
        "Deprivation in Knowsley", "Health: life expectancy in Knowsley", "Air quality in Knowsley",
        "Work in Knowsley", "Where disadvantages coincide in Knowsley",
        "Knowsley and Halton: where disadvantages coincide, at one scale", "Knowsley and Halton: the headline figures",
        "Change in Knowsley, IoD 2019 to IoD 2025", "Sources", "Caveats",
    ]


def test_maps_are_pictures_and_words_are_text(deck):
    slides = list(deck.slides)
    for s in slides[1:7] + slides[8:9]:  # the theme slides, the side-by-side maps and the change
        pics = [sh for sh in s.shapes if sh.shape_type == 13]
        assert len(pics) == 1
        assert pics[0].image.size[0] >= 1700  # high resolution: 200 dpi
    theme = _text(slides[1])
    assert "52.0%" in theme and "England 20.2%" in theme and "So what:" in theme


def test_text_carries_the_profiles_figures(deck):
    knowsley = place_profile("Knowsley", with_hotspots=False)
    halton = place_profile("Halton", with_hotspots=False)
    slides = list(deck.slides)
    themes = " ".join(_text(s) for s in slides[1:6])
    for h in headlines(knowsley):
        assert h.value in themes and h.england in themes and h.status in themes, h.title
    table = _text(slides[7])
    for h in headlines(halton):
        assert h.value in table
    assert knowsley.figure("imd2019.imd.decile1.resident_share").display() in _text(slides[8])
    assert "10 neighbourhoods in England's worst fifth on all four" in _text(slides[6])


def test_the_air_slide_says_its_map_is_another_pollutant_than_its_figure(deck):
    """The big figure is PM2.5 for the council, the map beside it NO2 on a 1 km grid: a reader took the one for
    the other (from a new user's run)."""
    air = _text(list(deck.slides)[3])
    assert "8.0 µg/m³" in air and "Fine particle air pollution (PM2.5)" in air
    assert "The map shows another pollutant, nitrogen dioxide (NO2, 2023" in air
    assert "another pollutant" not in " ".join(_text(s) for i, s in enumerate(deck.slides) if i != 3)


def test_every_slide_has_its_caveats_in_the_notes(deck):
    for s in deck.slides:
        assert s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip(), s.shapes.title.text
    notes = list(deck.slides)[2].notes_slide.notes_text_frame.text
    assert notes.startswith("Caveats:") and "Levels run high" in notes


def test_a_councils_template_restyles_the_deck(tmp_path, deck):
    template = tmp_path / "council.pptx"
    prs = Presentation()
    prs.slide_layouts.get_by_name("Title Only").placeholders[0].text_frame.text = "x"
    prs.save(str(template))
    out = tmp_path / "styled.pptx"
    assert main(["slides", "--place", "Halton", "--template", str(template), "-o", str(out)]) == 0
    styled = Presentation(str(out))
    assert styled.slide_width == prs.slide_width  # the template's own size is kept
    assert [s.slide_layout.name for s in styled.slides][:2] == ["Title Slide", "Title Only"]


def test_bad_requests_get_a_sentence(tmp_path, capsys):
    assert main(["slides", "--place", "Knowsley", "-o", str(tmp_path / "d.pdf")]) == 2
    assert "a .pptx file" in capsys.readouterr().err
    bad = tmp_path / "t.pptx"
    bad.write_text("not a deck", encoding="utf-8")
    assert main(["slides", "--place", "Knowsley", "--template", str(bad), "-o", str(tmp_path / "d.pptx")]) == 2
    err = capsys.readouterr().err
    assert "could not be read as a PowerPoint deck" in err and "Traceback" not in err
    assert not (tmp_path / "d.pptx").exists()


def test_the_title_slide_is_centred_on_the_wide_slide_and_fits_it(deck):
    """The built-in layout is 4:3: its title and subtitle, left where they were, sat in the left part of
    the 16:9 slide and the subtitle ran off its foot."""
    first = deck.slides[0]
    for shape in first.placeholders:
        centre = shape.left + shape.width / 2
        assert abs(centre - deck.slide_width / 2) < deck.slide_width * 0.02, shape.name
        assert shape.width >= deck.slide_width * 0.8, shape.name
        assert shape.top + shape.height <= deck.slide_height, shape.name


def test_the_decks_maps_have_words_for_a_screen_reader(deck):
    """python-pptx leaves each picture's alternative text as 'image.png'."""
    pics = [sh for slide in deck.slides for sh in slide.shapes
            if sh.shape_type == 13]  # a picture
    alts = [p._element.nvPicPr.cNvPr.get("descr") for p in pics]
    assert pics and all(a.startswith("Map") and "image" not in a for a in alts)
    assert any("Knowsley and Halton" in a for a in alts)


def test_a_place_with_no_neighbourhood_counted_says_so_in_the_deck_and_the_brief(tmp_path):
    """The Isles of Scilly have no air-quality value, so none of their neighbourhoods is counted for where
    disadvantages coincide: the comparison says so (it stopped the deck with a Python error, and the brief
    printed counts of 0 as if they had been counted)."""
    import subprocess

    assert main(["slides", "--place", "Knowsley", "--compare", "Isles of Scilly", "-o", str(tmp_path / "d.pptx")]) == 0
    pair = next(s for s in Presentation(str(tmp_path / "d.pptx")).slides
                if s.shapes.title.text.endswith("where disadvantages coincide, at one scale"))
    text = " ".join(sh.text_frame.text for sh in pair.shapes if sh.has_text_frame)
    assert "Isles of Scilly: none of its neighbourhoods is counted, as one of the four indicators has no value " \
           "there." in text
    assert "Knowsley: 10 neighbourhoods in England's worst fifth on all four (10.0%), 56 on at least three." in text
    assert main(["brief", "--place", "Knowsley", "--place", "Isles of Scilly", "-o", str(tmp_path / "b.pdf")]) == 0
    brief = " ".join(subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert "Isles of Scilly: none of its neighbourhoods is counted" in brief
    assert "Isles of Scilly: 0 neighbourhoods" not in brief


def test_a_ward_beside_its_council_is_drawn_each_at_its_own_scale_and_says_so():
    """At Liverpool's scale Anfield ward would be a speck: the maps keep their own scales, and the slide's
    title and the picture's words say so instead of claiming one scale."""
    from placeviz.analysis.profile import place_profile
    from placeviz.export.slides import pair_specs
    from placeviz.render.slide_maps import SlidePictures

    ward, council = (place_profile(p, with_hotspots=False) for p in ("Anfield (Liverpool ward)", "Liverpool"))
    with SlidePictures() as pictures:
        assert pictures.pair(pair_specs(ward, council))[1] == "each at its own scale"
        pair = [place_profile(p, with_hotspots=False) for p in ("Knowsley", "Halton")]
        assert pictures.pair(pair_specs(*pair))[1] == "at one scale"


def test_the_decks_headline_table_gives_each_places_england_where_their_figures_differ_in_kind(tmp_path):
    """A ward's life expectancy is an MSOA estimate, Wirral's the official figure: each beside its England."""
    out = tmp_path / "d.pptx"
    assert main(["slides", "--place", "Anfield (Liverpool ward)", "--compare", "Wirral", "-o", str(out)]) == 0
    table = next(sh.table for s in Presentation(str(out)).slides for sh in s.shapes if sh.has_table)
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    life = next(v for k, v in rows.items() if k.startswith("Life expectancy"))
    assert life[3] == "81.9 / 85.7 years (Wirral's: 79.5 / 83.3 years)"


def test_a_place_beside_england_gets_its_deck(tmp_path):
    """England has no "England" beside its own figures: the deck's headline table gave a KeyError."""
    out = tmp_path / "ke.pptx"
    assert main(["slides", "--place", "Knowsley", "--compare", "England", "-o", str(out)]) == 0
    slides = list(Presentation(str(out)).slides)
    table = next(_text(s) for s in slides if s.shapes.title.text == "Knowsley and England: the headline figures")
    assert "77.2 / 80.3 years" in table and "79.5 / 83.3 years" in table and "England's:" not in table


def test_maps_of_one_place_share_their_backdrop_and_come_out_the_same(qapp):
    """The neighbouring local authorities behind a slide's map are painted once for the deck's maps of one
    place at one extent (a council's six maps, the air grid's and the change map's among them, on two: 2011-based
    and 2021-based outlines; a ward's on its own outline, at fewer extents than maps), and each map comes out
    pixel for pixel as if painted alone."""
    from placeviz.export.slides import change_slide, theme_slides
    from placeviz.render.slide_maps import SlidePictures, map_image

    for place in ("Knowsley", "Everton East"):
        p = place_profile(place, with_hotspots=False)
        pictures = SlidePictures()
        _, change_spec, change_md = change_slide(p)
        scenes = [pictures.scene(spec) for _, spec in theme_slides(p)] + [pictures.scene(change_spec, change_md)]
        backdrops = {}
        for scene in scenes:
            assert map_image(scene, backdrops=backdrops) == map_image(scene), (place, scene.layer.id)
        assert any(scene.grid is not None for scene in scenes), place  # the air slide draws the NO2 grid
        sets = sorted({key[0] for key in backdrops})
        assert sets == (["lad21", "lad24"] if place == "Knowsley" else ["ward24"]), place
        assert len(backdrops) < len(scenes) == 6


def test_the_deck_reads_its_boundaries_while_it_works_out_its_figures(qapp):
    """The boundary sets the deck reads ahead, on a second thread while the profiles are computed, are those its
    maps draw, a council's and a ward's (which is drawn with its own outline); a set that cannot be read is
    left for the drawing to report."""
    from placeviz.export.slides import change_slide, deck_boundary_sets, theme_slides
    from placeviz.model.geography import resolve_place
    from placeviz.model.read_ahead import reading_ahead
    from placeviz.render.geometry import RenderGeometry, clear_cache, map_readers
    from placeviz.render.slide_maps import SlidePictures

    for place in ("Knowsley", "Everton East (Liverpool ward)"):
        p = place_profile(place, with_hotspots=False)
        pictures = SlidePictures()
        _, change_spec, change_md = change_slide(p)
        scenes = [pictures.scene(spec) for _, spec in theme_slides(p)] + [pictures.scene(change_spec, change_md)]
        drawn = {s.data.boundary_set for s in scenes} | {s.outlines.geometry.set_name for s in scenes}
        assert drawn <= set(deck_boundary_sets([resolve_place(place)])), place
    assert set(deck_boundary_sets([resolve_place("Knowsley")])) == {"lsoa21", "lsoa11", "msoa11", "lad24", "lad21"}

    clear_cache()
    assert not RenderGeometry.is_cached("lsoa21")
    with reading_ahead(map_readers(["no_such_set", "lsoa21"])):
        pass
    assert RenderGeometry.is_cached("lsoa21") and not RenderGeometry.is_cached("no_such_set")
    with pytest.raises(OSError, match=r"no_such_set\.parquet is missing from placeviz's bundled data"):
        RenderGeometry.for_set("no_such_set")


def test_a_templates_own_slides_names_and_kind_are_taken_as_a_council_makes_them(tmp_path, capsys):
    """A template with slides of its own (guidance, samples), layouts named in another case ("Title only"), a
    subtitle placeholder numbered other than 1, saved as a .potx: the deck has its own slides only, on the
    template's title-only layout, with the subtitle in its placeholder. These started the deck with the
    template's slides, put every slide on the title slide's layout, or stopped with a KeyError traceback."""
    prs = Presentation()
    for name in ("Title Slide", "Title Only"):
        prs.slide_layouts.get_by_name(name).name = name.lower()
    title_slide = prs.slide_layouts.get_by_name("title slide")
    subtitle = next(ph for ph in title_slide.placeholders if ph.placeholder_format.idx == 1)
    subtitle._element.nvSpPr.nvPr.ph.set("idx", "13")
    for text in ("How to use this template", "Our values"):
        prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = text
    pptx = tmp_path / "council.pptx"
    prs.save(str(pptx))
    potx = tmp_path / "council.potx"
    with zipfile.ZipFile(pptx) as z, zipfile.ZipFile(potx, "w") as w:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            w.writestr(item, data)
    for template in (pptx, potx):
        out = tmp_path / f"from_{template.suffix[1:]}.pptx"
        assert main(["slides", "--place", "Halton", "--template", str(template), "-o", str(out)]) == 0, template
        deck = Presentation(str(out))
        titles = [s.shapes.title.text for s in deck.slides]
        assert titles[0] == "Halton: the place in figures" and "How to use this template" not in titles
        assert [s.slide_layout.name for s in deck.slides][:3] == ["title slide", "title only", "title only"]
        assert "Local authority · " in _text(deck.slides[0]) and "residents (mid-2020)" in _text(deck.slides[0])
    # the deck is never written over its template
    before = pptx.read_bytes()
    assert main(["slides", "--place", "Halton", "--template", str(pptx), "-o", str(pptx)]) == 2
    assert "would be written over its template, council.pptx" in capsys.readouterr().err
    assert pptx.read_bytes() == before


def test_titles_fit_and_nothing_is_drawn_under_them(tmp_path):
    """A council template whose titles are 44 pt in a box reaching 1.5 inches down had the maps and tables
    over the titles' second lines; two long ICB names ran the built-in deck's title off the slide's top."""
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    title = prs.slide_layouts.get_by_name("Title Only").placeholders[0]
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.33), Inches(1.2)
    template = tmp_path / "tall_titles.pptx"
    prs.save(str(template))
    out = tmp_path / "t.pptx"
    assert main(["slides", "--place", "Knowsley", "--compare", "Halton", "--template", str(template),
                 "-o", str(out)]) == 0
    deck = Presentation(str(out))
    for s in list(deck.slides)[1:]:
        bottom = s.shapes.title.top + s.shapes.title.height
        others = [sh for sh in s.shapes if sh.shape_id != s.shapes.title.shape_id]
        assert others and all(sh.top >= bottom for sh in others), s.shapes.title.text
        assert all(sh.top + sh.height <= deck.slide_height for sh in others if sh.shape_type == 13), s.shapes.title.text

    out = tmp_path / "icb.pptx"
    assert main(["slides", "--place", "NHS Cheshire and Merseyside", "--compare", "NHS Lancashire and South Cumbria",
                 "-o", str(out)]) == 0
    deck = Presentation(str(out))
    sizes = {s.shapes.title.text: s.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt for s in deck.slides
             if s.slide_layout.name == "Title Only"}
    long_title = ("NHS Cheshire and Merseyside and NHS Lancashire and South Cumbria: where disadvantages coincide, "
                  "at one scale")
    assert sizes[long_title] < 32 and sizes["Sources"] == 32


def _shapes_fit(deck) -> bool:
    return all(sh.width > 0 and sh.height > 0 and sh.top >= 0 and sh.top + sh.height <= deck.slide_height
               for s in deck.slides for sh in s.shapes if sh.shape_type == 13)  # pictures


def test_templates_with_custom_shows_a_title_at_the_foot_or_no_title(tmp_path):
    """Three templates a review made: one whose slides a custom show and PowerPoint's sections also name
    (their parts stayed in the deck under the names the new slides took: a damaged file); one with its title
    at the slide's foot (the maps were given negative sizes and vanished); one with no title placeholder at all
    (every slide lost its title). And a 4:3 one, whose text is scaled with its places."""
    from lxml import etree
    from pptx.util import Inches

    P = "http://schemas.openxmlformats.org/presentationml/2006/main"
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    shows = Presentation()  # 4:3, as python-pptx's own
    for text in ("Guidance for authors", "Sample slide"):
        shows.slides.add_slide(shows.slide_layouts[5]).shapes.title.text = text
    pres = shows.part._element
    rids = [s.rId for s in shows.slides._sldIdLst]
    pres.find(f"{{{P}}}notesSz").addnext(etree.fromstring(
        f'<p:custShowLst xmlns:p="{P}" xmlns:r="{R}"><p:custShow name="Short" id="0"><p:sldLst>'
        + "".join(f'<p:sld r:id="{r}"/>' for r in rids) + "</p:sldLst></p:custShow></p:custShowLst>"))
    pres.append(etree.fromstring(
        f'<p:extLst xmlns:p="{P}"><p:ext uri="{{521415D9-36F7-43E2-AB2F-B90AF26B5E84}}"><p14:sectionLst '
        'xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p14:section name="Guidance" '
        'id="{11111111-2222-3333-4444-555555555555}"><p14:sldIdLst>'
        + "".join(f'<p14:sldId id="{s.slide_id}"/>' for s in shows.slides)
        + "</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>"))
    foot = Presentation()
    foot.slide_width, foot.slide_height = Inches(13.333), Inches(7.5)
    title = foot.slide_layouts.get_by_name("Title Only").placeholders[0]
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(6.3), Inches(12.3), Inches(1.0)
    bare = Presentation()
    for layout in bare.slide_layouts:
        for ph in list(layout.placeholders):
            if ph.placeholder_format.type in (1, 3):
                ph._element.getparent().remove(ph._element)
    decks = {}
    for name, template in (("shows", shows), ("foot", foot), ("bare", bare)):
        path, out = tmp_path / f"{name}.pptx", tmp_path / f"deck_{name}.pptx"
        template.save(str(path))
        assert main(["slides", "--place", "Halton", "--template", str(path), "-o", str(out)]) == 0, name
        with zipfile.ZipFile(out) as z:
            names = z.namelist()
            assert len(names) == len(set(names)), name
            assert not any(b"Guidance for authors" in z.read(n) for n in names if n.endswith(".xml")), name
        decks[name] = Presentation(str(out))
        assert _shapes_fit(decks[name]), name
    assert b"custShowLst" not in decks["shows"].part.blob
    # the foot's title stays below every picture
    for s in decks["foot"].slides:
        if s.shapes.title is not None and s.slide_layout.name == "Title Only":
            assert all(sh.top + sh.height <= s.shapes.title.top for sh in s.shapes if sh.shape_type == 13)
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.name == "placeviz title") for s in decks["bare"].slides]
    assert titles[0] == "Halton: the place in figures" and "Sources" in titles
    # 4:3: the figure's 36 pt are 27 pt on a slide 0.75 as wide
    figure = next(r.font.size.pt for s in decks["shows"].slides for sh in s.shapes if sh.has_text_frame
                  for p in sh.text_frame.paragraphs for r in p.runs if r.text.endswith("%") and r.font.size)
    assert figure == 27
