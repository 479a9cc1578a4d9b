"""An editable slide deck (PowerPoint .pptx, 16:9) of a place for a meeting, with python-pptx.

    export_slides("Knowsley", "knowsley.pptx")
    export_slides("Knowsley", "pair.pptx", compare="Halton", template="council.pptx")

Slides: a title; one per theme (deprivation, health, air, work, where they coincide), each with its map, the
headline figure against England, whether it is official or computed by placeviz, and a "so what" line; with
``compare``, the two places' maps side by side at one scale and their figures side by side; the change from
IoD 2019 to IoD 2025; the sources and caveats. Each slide's caveats are also in its speaker notes.

Titles, figures and sentences are text a council can edit and restyle; maps are high-resolution pictures
(``placeviz.render.slide_maps``). The deck uses the template's "Title Slide" and "Title Only" layouts (or those
shaped like them), so a council's own template (``template``, .pptx or .potx) restyles it; the template's own
slides are left out. No Qt here: the pictures come from ``render``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from placeviz.analysis.change import DECILE_CHANGE_BREAKS, change_layer_id, imd_change, place_change_map_data
from placeviz.analysis.headlines import Headline, england_beside, headlines, meeting_sentences, none_counted
from placeviz.analysis.narrative import coincide_sentence
from placeviz.analysis.overlap import INDICATORS, overlap_layer, parse_layer_id
from placeviz.analysis.profile import COMPARE_EDITIONS_CAVEAT, PlaceProfile, place_profile
from placeviz.export.outputs import check_output
from placeviz.model.catalog import boundary_attribution, get_layer
from placeviz.model.errors import UserError
from placeviz.model.geography import resolve_place
from placeviz.model.mapdata import target_set
from placeviz.model.read_ahead import reading_ahead
from placeviz.model.safe_files import check_target, write_via
from placeviz.model.spec import Classification, MapSpec
from placeviz.model.viewstate import default_classification
from placeviz.render.geometry import map_readers
from placeviz.render.layout import source_lines, today_text
from placeviz.render.scene import place_outline_set
from placeviz.render.slide_maps import SlidePictures


class SlidesError(UserError, ValueError):
    pass


@dataclass
class Theme:
    """One theme slide: its title, map, headline figure, so-what line and caveats."""

    key: str  # the headline theme: deprivation, health, air, work, coincide
    title: str
    sentence_topic: str
    caveat_topic: str
    map_layer: str


THEMES = (
    Theme("deprivation", "Deprivation", "deprivation", "Deprivation", "imd2025"),
    Theme("health", "Health: life expectancy", "life expectancy", "Life expectancy", "life_expectancy_female"),
    Theme("air", "Air quality", "air quality", "Air quality", "air_quality"),
    Theme("work", "Work", "insecure work", "Insecure work", "insecure_work"),
    Theme("coincide", "Where disadvantages coincide", "", "Where disadvantages coincide", "overlap"),
)
#: the name of the text box that holds a slide's title where the template's layout has no title placeholder
TITLE_BOX = "placeviz title"
ACCENT = {"official": (0x1F, 0x5F, 0x2A), "computed": (0x7A, 0x4B, 0x00)}


@dataclass
class SlideText:
    """What one slide says, besides its picture."""

    title: str
    figure: Headline | None = None
    sentence: str = ""
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _spec(place: str, layer_id: str, classification: Classification | None = None) -> MapSpec:
    layer = overlap_layer(layer_id) if layer_id.startswith("overlap") else get_layer(layer_id)
    return MapSpec(place=place, level="lsoa", layer=layer.id,
                   classification=classification or default_classification(layer))


def _air_layer(p: PlaceProfile) -> str:
    """The 1 km NO2 grid where it covers the place (it shows neighbourhoods), else the local-authority PM2.5."""
    return "no2_2023" if p.figure("air.grid.no2_2023") is not None else "air_quality"


def _caveats(p: PlaceProfile, topic: str) -> list[str]:
    return [c for t, c in p.caveats if t == topic]


def theme_slides(p: PlaceProfile) -> list[tuple[SlideText, MapSpec]]:
    """The five theme slides of a place: text, and the map to draw."""
    by_theme = {h.theme: h for h in headlines(p)}
    by_topic = {s.topic: s.text for s in meeting_sentences(p)}
    coincide = coincide_sentence(p)
    out = []
    for t in THEMES:
        sentence = coincide.text if t.key == "coincide" and coincide is not None else by_topic.get(t.sentence_topic, "")
        layer = _air_layer(p) if t.key == "air" else t.map_layer
        notes = _caveats(p, t.caveat_topic)
        if layer == "no2_2023":
            notes = [*notes, get_layer(layer).description]
        out.append((SlideText(f"{t.title} in {p.name}", by_theme.get(t.key), sentence, _map_lines(p, layer),
                              notes=notes), _spec(p.name, layer)))
    return out


def _map_lines(p: PlaceProfile, layer_id: str) -> list[str]:
    """What the map beside the figure shows, where it is another measure: the NO2 grid beside the PM2.5
    headline (a reader took the big PM2.5 figure for the map's)."""
    if layer_id != "no2_2023":
        return []
    return ["The map shows another pollutant, nitrogen dioxide (NO2, 2023, modelled on a 1 km grid), which "
            "shows differences between neighbourhoods that the local-authority PM2.5 figure cannot."]


def deck_boundary_sets(places) -> list[str]:
    """The boundary sets a deck of ``places`` (Places) may draw, in the order it draws them, with their
    outlines: the theme layers' (the 1 km NO2 grid's too, which only some places show). The overlap and change
    maps draw 2021 or 2011 neighbourhoods, which are among them; their layers are not made here, as the
    overlap's would first count England's neighbourhoods."""
    out = []
    for layer_id in [t.map_layer for t in THEMES if not t.map_layer.startswith("overlap")] + ["no2_2023"]:
        drawn = target_set(get_layer(layer_id), "lsoa")[0]
        out += [s for s in (drawn, *(place_outline_set(p, drawn) for p in places)) if s not in out]
    return out


def change_slide(p: PlaceProfile) -> tuple[SlideText, MapSpec, object]:
    """IoD 2019 -> 2025: decile moves of the place's neighbourhoods, and its residents in the most deprived 10%;
    the map to draw, and its data (the place's change alone: ``place_change_map_data``)."""
    ch = imd_change("2019-2025", p.place)
    m = ch.decile_movements()
    before, after = p.figure("imd2019.imd.decile1.resident_share"), p.figure("imd2025.imd.decile1.resident_share")
    lines = [f"Neighbourhoods compared: {m['compared']:,} (not compared: {m['not_compared']:,})",
             f"Left England's most deprived 10%: {m['left_most_deprived_10pc']:,}",
             f"Entered it: {m['entered_most_deprived_10pc']:,}",
             f"Moved to a less deprived decile: {m['less_deprived_decile']:,}; to a more deprived one: "
             f"{m['more_deprived_decile']:,}; same decile: {m['same_decile']:,}"]
    if before is not None and after is not None:
        lines.append(f"Residents in the most deprived 10%: {before.display()} (IoD 2019) and {after.display()} "
                     "(IoD 2025)")
    sentence = (f"Between the 2019 and 2025 indices, {m['left_most_deprived_10pc']:,} of {p.name}'s neighbourhoods "
                f"left England's most deprived 10% and {m['entered_most_deprived_10pc']:,} entered it: positions "
                "relative to the rest of England, computed by placeviz from the official deciles.")
    # the layer is named, not looked up: the catalog would work out England's change to make it
    spec = MapSpec(place=p.name, level="lsoa", layer=change_layer_id("2019-2025"),
                   classification=Classification("user", 5, DECILE_CHANGE_BREAKS, "RdBu"))
    return SlideText(f"Change in {p.name}, IoD 2019 to IoD 2025", None, sentence, lines,
                     [*ch.caveats, COMPARE_EDITIONS_CAVEAT]), spec, place_change_map_data(ch)


# -- the deck -------------------------------------------------------------------------------------------------


#: placeholder types (python-pptx's PP_PLACEHOLDER): a title, a centred title, a subtitle, and the footers a
#: "title only" layout may also carry (date, footer, slide number)
_TITLE, _CENTRE_TITLE, _SUBTITLE, _FOOTERS = 1, 3, 4, (13, 15, 16)


def _layout(prs, name: str):
    """The template's layout called ``name`` (in any case: "Title only"); failing that, one shaped like it (a
    title alone, or a title with a subtitle), then the first with a title."""
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        if layout.name.strip().lower() == name.lower():
            return layout
    wanted = {_TITLE, _CENTRE_TITLE, _SUBTITLE} if name == "Title Slide" else {_TITLE}

    def kinds(layout) -> set:
        return {ph.placeholder_format.type for ph in layout.placeholders} - set(_FOOTERS)

    for layout in layouts:  # e.g. a template in another language
        k = kinds(layout)
        if (k == {_TITLE} and wanted == {_TITLE}) or (wanted != {_TITLE} and _SUBTITLE in k and k <= wanted):
            return layout
    for layout in layouts:
        if kinds(layout) & {_TITLE, _CENTRE_TITLE}:
            return layout
    return layouts[0]


#: PowerPoint's sections (an extension of the presentation part): they list slides by id
_SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


def _presentation(template: Path | None):
    """python-pptx's presentation of the template (a .potx too, opened as the deck it starts), without the
    template's own slides (sample or guidance slides would open the deck): its layouts, masters and size
    are what it gives."""
    from pptx import Presentation  # lazy: only this command needs python-pptx

    if template is None:
        return Presentation()
    data = template.read_bytes()
    if template.suffix.lower() == ".potx":  # the same package as a .pptx, but for its main part's type
        data = _as_presentation(data)
    prs = Presentation(io.BytesIO(data))
    # python-pptx has no call to remove a slide: the list of slides, what else names them (custom shows, the
    # sections), and their links go, so that no part of them is saved and the deck's slides take fresh names
    root = prs.part._element
    for named in root.xpath("./p:custShowLst | ./p:extLst/p:ext[@uri='" + _SECTIONS_EXT + "']"):
        named.getparent().remove(named)
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        prs.part.rels.pop(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


def _as_presentation(potx: bytes) -> bytes:
    """A .potx template's bytes as a .pptx's: its content types say "presentation" for "template"."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(potx)) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.template.main+xml", b"presentationml.presentation.main+xml")
            w.writestr(item, data)
    return out.getvalue()


def _style_pt(prs, style: str, default: float) -> float:
    """The template's text size for its master's ``style`` ("titleStyle", "bodyStyle"), ``default`` where it does
    not say."""
    sizes = prs.slide_master.element.xpath(f"./p:txStyles/p:{style}/a:lvl1pPr/a:defRPr/@sz")
    return int(sizes[0]) / 100 if sizes else default


def _fit_text(shape, size_pt: float, fixed: bool = False) -> None:
    """A placeholder's words in its box: a long place name's title ran off the slide's top or under the map at
    the template's size (44 pt in many), and a 4:3 template's subtitle off its foot. The size is made smaller
    where the words would need more lines than the box holds (in steps of 2 pt, to 14 pt), and PowerPoint is told
    to shrink them further if they are edited. ``fixed``: set ``size_pt`` even where it fits (placeviz's own
    title size), else the template's is left to it."""
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    width, height = shape.width / 12700, shape.height / 12700  # EMU to points
    texts = [p.text for p in shape.text_frame.paragraphs]
    fitted = size_pt
    while fitted > 14 and sum(_lines(t, fitted, width) for t in texts) * fitted * 1.2 > height:
        fitted -= 2
    if fixed or fitted != size_pt:
        for para in shape.text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(fitted)
    shape.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE


def _lines(text: str, size_pt: float, width_pt: float) -> int:
    """How many lines ``text`` wraps to at ``size_pt`` in a box ``width_pt`` wide, taking a character as 0.55
    of the size (a little wider than Calibri's or Arial's average, so the estimate errs to fewer words a line)."""
    per_line = max(1, int(width_pt / (0.55 * size_pt)))
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
        while used > per_line:  # a word longer than a line breaks inside it
            lines, used = lines + 1, used - per_line
    return lines


class _Deck:
    """A python-pptx presentation with placeviz's slides added to it."""

    def __init__(self, template: Path | None):
        from pptx.util import Emu

        self.prs = _presentation(template)
        self.own_template = template is None
        if self.own_template:  # the built-in template is 4:3: make it 16:9
            self.prs.slide_width, self.prs.slide_height = Emu(12_192_000), Emu(6_858_000)
        self.w, self.h = self.prs.slide_width, self.prs.slide_height
        #: the deck is laid out for a 13.33 inch wide slide: a narrower one (4:3) scales its type as its places
        self.scale = min(1.0, self.w / Emu(12_192_000))

    def inches(self, v: float):
        """Horizontal positions are laid out for a 13.33 inch wide slide and scaled to the template's width."""
        from pptx.util import Emu

        return Emu(int(v / 13.333 * self.w))

    @property
    def height_units(self) -> float:
        """The slide's height in the units of ``inches`` (7.5 on a 16:9 slide, 10 on a 4:3 one)."""
        return self.h / self.w * 13.333

    def slide(self, title: str, layout: str = "Title Only"):
        s = self.prs.slides.add_slide(_layout(self.prs, layout))
        if s.shapes.title is None:  # a template without a title placeholder: the title in a box of its own
            box = self.text(s, 0.4, 0.2, 12.5, 1.0, [(title, 32, True, None, False)])
            box.name = TITLE_BOX
            _fit_text(box, 32 * self.scale, fixed=True)
        else:
            s.shapes.title.text = title
            if self.own_template and layout == "Title Only":  # the 4:3 layout's title, widened to 16:9
                t = s.shapes.title
                t.left, t.top, t.width, t.height = self.inches(0.4), self.inches(0.2), self.inches(12.5), self.inches(1.0)
            elif self.own_template and layout == "Title Slide":  # its title and subtitle, centred on 16:9
                self._widen_title_slide(s)
            own = self.own_template and layout == "Title Only"
            _fit_text(s.shapes.title, 32.0 if own else _style_pt(self.prs, "titleStyle", 44.0), fixed=own)
        return s

    def _title_box(self, slide) -> tuple[float, float] | None:
        """The top and bottom of the slide's title, in the units of ``inches``."""
        title = slide.shapes.title or next((sh for sh in slide.shapes if sh.name == TITLE_BOX), None)
        if title is None:
            return None
        return title.top / self.w * 13.333, (title.top + title.height) / self.w * 13.333

    def below_title(self, slide, top: float) -> float:
        """``top`` (in the units of ``inches``), or lower where the template's title box, at the slide's head,
        reaches further down (a title at the foot or the side leaves the content where it is)."""
        box = self._title_box(slide)
        if box is None or box[1] > 0.4 * self.height_units:
            return top
        return max(top, box[1] + 0.1)

    def room(self, slide, top: float) -> float:
        """The height free from ``top`` down: to the slide's foot, or to a title at the foot of the slide."""
        foot = self.height_units - 0.15
        box = self._title_box(slide)
        if box is not None and box[0] > top:
            foot = min(foot, box[0] - 0.1)
        return foot - top

    def _widen_title_slide(self, s) -> None:
        """The 4:3 title slide's placeholders keep their 4:3 places, in the left part of a 16:9 slide, and
        the subtitle ran off its foot: span the wide slide instead, the subtitle under the title."""
        title, rest = s.shapes.title, [ph for ph in s.placeholders if ph.placeholder_format.idx != 0]
        title.left, title.top, title.width, title.height = (self.inches(0.9), self.inches(1.4), self.inches(11.5),
                                                            self.inches(1.4))
        for ph in rest:
            ph.left, ph.top, ph.width, ph.height = self.inches(0.9), self.inches(3.0), self.inches(11.5), \
                self.inches(3.6)

    def subtitle(self, slide, text: str) -> None:
        """The title slide's subtitle: in its subtitle (or other text) placeholder, whatever its index in the
        template, else in a text box under the title."""
        spare = [ph for ph in slide.placeholders
                 if ph.placeholder_format.type not in (_TITLE, _CENTRE_TITLE, *_FOOTERS)]
        if spare:
            spare[0].text = text
            _fit_text(spare[0], _style_pt(self.prs, "bodyStyle", 24.0) * 0.75)  # a subtitle: smaller than body text
        else:
            self.text(slide, 0.9, 4.4, 11.5, 1.6, [(line, 18, False, None, False) for line in text.split("\n")])

    def text(self, slide, x, y, w, h, paragraphs):
        """A text box of (text, size pt, bold, colour rgb or None, italic) paragraphs."""
        from pptx.dml.color import RGBColor
        from pptx.enum.text import MSO_AUTO_SIZE
        from pptx.util import Pt

        box = slide.shapes.add_textbox(self.inches(x), self.inches(y), self.inches(w), self.inches(h))
        tf = box.text_frame
        tf.word_wrap = True
        for i, (text, size, bold, colour, italic) in enumerate(paragraphs):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            run = para.add_run()
            run.text = text
            run.font.size, run.font.bold, run.font.italic = Pt(size * self.scale), bold, italic
            if colour is not None:
                run.font.color.rgb = RGBColor(*colour)
            para.space_after = Pt(size * self.scale * 0.45)
        tf.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # what does not fit shrinks (a long sentence on a 4:3 slide)
        return box

    def picture(self, slide, png: bytes, x, y, w, alt: str):
        """A picture with ``alt`` as its alternative text (python-pptx would leave 'image.png' for a screen
        reader to say)."""
        pic = slide.shapes.add_picture(io.BytesIO(png), self.inches(x), self.inches(y), width=self.inches(w))
        pic._element.nvPicPr.cNvPr.set("descr", alt)
        return pic

    def notes(self, slide, lines):
        if lines:
            slide.notes_slide.notes_text_frame.text = "Caveats:\n" + "\n".join(f"- {c}" for c in lines)


def _figure_paragraphs(h: Headline | None, sentence: str) -> list:
    out = []
    if h is not None:
        colour = ACCENT["official" if h.official else "computed"]
        out += [(h.value, 36, True, None, False), (h.title, 14, True, None, False),
                (h.england, 18, False, (0x55, 0x55, 0x55), False)]
        if h.detail:
            out.append((h.detail, 12, False, (0x55, 0x55, 0x55), False))
        out.append((h.status, 12, False, colour, True))
    if sentence:
        out.append((f"So what: {sentence}", 13, False, None, False))
    return out


def _theme_slide(deck: _Deck, text: SlideText, spec: MapSpec, png: bytes, layer_title: str) -> None:
    s = deck.slide(text.title)
    top = deck.below_title(s, 1.35)
    room = deck.room(s, top)
    width = min(8.6, room * 8.6 / 5.6)  # the picture is 8.6 x 5.6: narrower where a tall title leaves less room
    deck.picture(s, png, 0.35, top, width, alt=f"Map of {layer_title}, {spec.place}.")
    deck.text(s, 9.15, top, 3.85, room, _figure_paragraphs(text.figure, text.sentence)
              + [(line, 13, False, None, False) for line in text.lines])
    deck.notes(s, text.notes)


def pair_specs(a: PlaceProfile, b: PlaceProfile) -> list[MapSpec]:
    """The two maps of where disadvantages coincide, drawn side by side with one classification."""
    layer = overlap_layer("overlap")
    cls = default_classification(layer)
    return [MapSpec(place=p.name, level="lsoa", layer=layer.id, classification=cls) for p in (a, b)]


def _compare_slides(deck: _Deck, a: PlaceProfile, b: PlaceProfile, png: bytes, scale: str) -> None:
    """``scale``: "at one scale", or "each at its own scale" when one place would be a speck at the other's."""
    from pptx.util import Pt

    layer = overlap_layer("overlap")
    s = deck.slide(f"{a.name} and {b.name}: where disadvantages coincide, {scale}")
    top = deck.below_title(s, 1.3)
    width = min(12.3, (deck.room(s, top) - 1.05) * 12.3 / 5.0)  # the picture is 12.3 x 5.0, a line under it
    deck.picture(s, png, 0.5, top, width,
                 alt=f"Maps of {layer.title}, {a.name} and {b.name} side by side {scale}.")
    lines = []
    for p in (a, b):
        allf, share, most = (p.figure(i) for i in ("overlap.all", "overlap.all.share", "overlap.most"))
        if none_counted(p) is not None:
            lines.append((none_counted(p), 14, False, None, False))
        elif allf is not None and share is not None and most is not None:
            lines.append((f"{p.name}: {allf.display()} neighbourhoods in England's worst fifth on all four "
                          f"({share.display()}), {most.display()} on at least three.", 14, False, None, False))
    deck.text(s, 0.5, top + width * 5.0 / 12.3 + 0.05, 12.3, 1.0, lines)
    deck.notes(s, _caveats(a, "Where disadvantages coincide"))
    # the headline figures side by side, as an editable table
    s = deck.slide(f"{a.name} and {b.name}: the headline figures")
    ha, hb = headlines(a), {h.theme: h for h in headlines(b)}
    rows = [("", a.name, b.name, "England", "Whose figure")]
    for h in ha:
        o = hb.get(h.theme)
        rows.append((h.title, h.value, o.value if o is not None else "no data", england_beside(h, o, b.name),
                     h.status if o is None or o.status == h.status else f"{h.status}; {b.name}: {o.status}"))
    shape = s.shapes.add_table(len(rows), 5, deck.inches(0.5), deck.inches(deck.below_title(s, 1.4)), deck.inches(12.3),
                               deck.inches(0.6 * len(rows)))
    widths = (3.6, 1.9, 1.9, 1.9, 3.0)
    for j, wd in enumerate(widths):
        shape.table.columns[j].width = deck.inches(wd)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = shape.table.cell(i, j)
            cell.text = value
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt((14 if j in (1, 2, 3) else 12) * deck.scale)
                    run.font.bold = i == 0 or j in (1, 2)
    deck.notes(s, [c for _, c in a.caveats])


def _two_columns(deck: _Deck, title: str, items: list[str], notes: list[str]) -> None:
    """A slide of short paragraphs in two columns, split where the text is half told."""
    s = deck.slide(title)
    total, run, split = sum(map(len, items)), 0, len(items)
    for i, x in enumerate(items):
        run += len(x)
        if run >= total / 2:
            split = i + 1
            break
    top = deck.below_title(s, 1.3)
    for col, part in enumerate((items[:split], items[split:])):
        deck.text(s, 0.4 + col * 6.4, top, 6.2, deck.room(s, top) - 0.15, [(x, 10, False, None, False)
                                                                            for x in part])
    deck.notes(s, notes)


def _sources_slides(deck: _Deck, profiles: list[PlaceProfile], layers: list[str]) -> None:
    lines = [*source_lines([get_layer(x) for x in dict.fromkeys(layers)]), boundary_attribution()]
    caveats = list(dict.fromkeys(f"{t}: {c}" for p in profiles for t, c in p.caveats))
    _two_columns(deck, "Sources", lines, caveats)
    _two_columns(deck, "Caveats", caveats, caveats)


def _used_layers(p: PlaceProfile, specs: list[MapSpec]) -> list[str]:
    out: list[str] = []
    for h in headlines(p):
        for i in h.figure_ids:
            out += [x for x in p.figures[i].layers if x not in out]
    for spec in specs:
        overlap = parse_layer_id(spec.layer)
        if overlap is not None:  # the indicators it counts, as its id names them
            out += [INDICATORS[k].layer for k in overlap[0] if INDICATORS[k].layer not in out]
        elif spec.layer.startswith("imd_") and "_change_" in spec.layer:
            out += [x for x in ("imd2019", "imd2025") if x not in out]
        elif spec.layer not in out:
            out.append(spec.layer)
    return out


def _open_deck(template: Path | None) -> _Deck:
    try:
        return _Deck(template)
    except Exception:  # python-pptx's own errors for a damaged or foreign file: one sentence
        raise SlidesError(f"The template {template.name} could not be read as a PowerPoint deck: save it again "
                          "as .pptx, or leave out --template.") from None


def export_slides(place: str, path, *, compare: str | None = None, template=None) -> Path:
    """Write the deck of ``place`` (and ``compare`` beside it) to ``path`` (.pptx); returns the path."""
    path = Path(path)
    check_output(path)
    if path.suffix.lower() != ".pptx":
        raise SlidesError(f"A slide deck is written to a .pptx file, not {path.name}.")
    check_target(path)
    template = Path(template) if template else None
    if template is not None and (not template.is_file() or template.suffix.lower() not in (".pptx", ".potx")):
        raise SlidesError(f"The template {template} is not a PowerPoint file (.pptx or .potx) that exists.")
    if template is not None and template.resolve() == path.resolve():
        raise SlidesError(f"The deck would be written over its template, {template.name}: give the deck another "
                          "file name.")
    places = [resolve_place(place)] + ([resolve_place(compare)] if compare else [])
    with reading_ahead(map_readers(deck_boundary_sets(places))):  # the maps' boundaries, as the figures are made
        a = place_profile(place, with_hotspots=False)
        b = place_profile(compare, with_hotspots=False) if compare else None
    if b is not None and b.name == a.name:
        raise SlidesError(f"Both places are {a.name}: name another place to compare with.")
    deck = _open_deck(template)  # a template that cannot be read is told before any map is drawn
    with SlidePictures() as pictures:
        # every picture first: their PNGs compress on a second core while the deck is put together
        themes = [(text, spec, pictures.map(spec)) for text, spec in theme_slides(a)]
        pair, scale = pictures.pair(pair_specs(a, b)) if b is not None else (None, "")
        change_text, change_spec, change_md = change_slide(a)
        change = pictures.map(change_spec, change_md)
        subtitle = f"{a.place.description[0].upper()}{a.place.description[1:]} · {a.figure('residents').display()} " \
                   f"residents (mid-2020)" + (f" · compared with {b.name}" if b else "") + f" · {today_text()}"
        s = deck.slide(f"{a.name}: the place in figures", "Title Slide")
        deck.subtitle(s, subtitle + "\nMade with placeviz from open data; computed figures are marked.")
        deck.notes(s, ["Every figure is marked official (as its publisher gives it) or computed by placeviz."])
        for text, spec, png in themes:
            _theme_slide(deck, text, spec, png.result(), get_layer(spec.layer).title)
        if b is not None:
            _compare_slides(deck, a, b, pair.result(), scale)
        _theme_slide(deck, change_text, change_spec, change.result(), change_md.layer.title)
    specs = [spec for _, spec, _ in themes] + [change_spec]
    layers = _used_layers(a, specs)
    if b is not None:
        layers += [x for x in _used_layers(b, []) if x not in layers]
    _sources_slides(deck, [a] + ([b] if b else []), layers)
    write_via(path, lambda tmp: deck.prs.save(str(tmp)))
    return path
