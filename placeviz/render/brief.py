"""The one-page brief: a place (or two side by side) on one A4 landscape page for a meeting.

A brief has the place's name and residents; three to five headline figures, each against England and
marked official or computed by placeviz (``analysis.headlines``); one map of where disadvantages coincide
(``analysis.overlap``) with towns, a scale bar and a north arrow; the three strongest "so what" sentences;
and one compact line of sources. Nothing is smaller than 9 pt, so it reads printed and from across a table.
Two places: their figures in one table beside England's, their maps side by side at one scale, and the two
strongest sentences of each.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from placeviz.analysis.headlines import (
    Headline,
    compact_sources,
    england_beside,
    headlines,
    none_counted,
    strongest_sentences,
)
from placeviz.analysis.narrative import Sentence, coincide_sentence
from placeviz.analysis.overlap import DEFAULT_INDICATORS, INDICATORS, overlap_layer
from placeviz.analysis.profile import PlaceProfile, place_profile
from placeviz.model.geography import resolve_place
from placeviz.model.names import split_ward_text
from placeviz.model.read_ahead import reading_ahead
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification
from placeviz.render.arrow_scene import scene_for
from placeviz.render.devices import PageSize
from placeviz.render.geometry import map_readers
from placeviz.render.layout import (
    INK,
    MUTED,
    RULE,
    Box,
    break_long_words,
    draw_wrapped,
    font,
    narrowest_pieces,
    text_height,
    today_text,
    units_per_point,
)
from placeviz.render.meeting_map import MIN_PT, one_scale_extents, paint_map_box, scale_words
from placeviz.render.scene import paint_legend, place_outline_set

OFFICIAL_INK = "#1f5f2a"
COMPUTED_INK = "#7a4b00"
CARD_FILL = "#f3f4f6"


@dataclass
class Brief:
    """What one place's brief shows."""

    profile: PlaceProfile
    headlines: list[Headline]
    sentences: list[Sentence]
    coincide: Sentence | None
    map_spec: MapSpec

    @property
    def name(self) -> str:
        return self.profile.name

    def residents_line(self) -> str:
        r = self.profile.figure("residents")
        who = self.profile.place.description
        return f"{who[0].upper()}{who[1:]} · {r.display()} residents (mid-2020)" if r is not None else who

    def layers(self) -> list[str]:
        """Every layer the page's figures, sentences and map rest on."""
        ids = [i for h in self.headlines for i in h.figure_ids] + [i for s in self.sentences for i in s.figure_ids]
        ids += list(self.coincide.figure_ids) if self.coincide is not None else []
        out: list[str] = []
        for i in ids:
            out += [x for x in self.profile.figures[i].layers if x not in out]
        return out + [INDICATORS[k].layer for k in DEFAULT_INDICATORS if INDICATORS[k].layer not in out]


def brief_for(place, n_sentences: int = 3) -> Brief:
    """The content of a place's brief, from its profile (``analysis.profile``)."""
    layer = overlap_layer("overlap")  # England's count, which the profile's paragraph on it uses too
    drawn = layer.geography
    outlines = place_outline_set(resolve_place(place), drawn)
    with reading_ahead(map_readers([drawn, outlines])):  # the map's boundaries, as the figures are made
        prof = place_profile(place, with_hotspots=False)
    spec = MapSpec(place=prof.name, level="lsoa", layer=layer.id, classification=default_classification(layer))
    return Brief(prof, headlines(prof), strongest_sentences(prof, n_sentences), coincide_sentence(prof), spec)


def brief_sources(briefs: list[Brief]) -> str:
    layers: list[str] = []
    for b in briefs:
        layers += [x for x in b.layers() if x not in layers]
    return compact_sources(layers)


# -- painting ---------------------------------------------------------------------------------------------------

class _Page:
    """Points to device units, and text in points, on one painter."""

    def __init__(self, painter: QPainter, size: PageSize):
        self.p = painter
        self.k = units_per_point(size.dpi)
        self.w, self.h = size.width, size.height
        self.margin = 26 * self.k

    def pt(self, v: float) -> float:
        return v * self.k

    def text(self, text, pt, x, y, w, colour=INK, bold=False, italic=False) -> float:
        return draw_wrapped(self.p, text, font(max(pt, MIN_PT), bold, italic), x, y, w, colour)

    def height(self, text, pt, w, bold=False, italic=False) -> float:
        return text_height(self.p, text, font(max(pt, MIN_PT), bold, italic), w)

    def rule(self, x, y, w):
        pen = QPen(QColor(RULE))
        pen.setWidthF(0.8 * self.k)
        self.p.setPen(pen)
        self.p.drawLine(int(x), int(y), int(x + w), int(y))


def _header(page: _Page, title: str, subtitle: str) -> float:
    x, w = page.margin, page.w - 2 * page.margin
    y = page.text(title, 24, x, page.margin, w, bold=True)
    y = page.text(subtitle, 12, x, y + page.pt(2), w, MUTED)
    page.rule(x, y + page.pt(6), w)
    return y + page.pt(14)


def _footer_height(page: _Page, sources: str) -> float:
    w = page.w - 2 * page.margin
    return page.height(sources, MIN_PT, w) + page.height("Made", MIN_PT, w) + page.pt(10)


def _footer(page: _Page, sources: str) -> None:
    x, w = page.margin, page.w - 2 * page.margin
    y = page.h - page.margin - _footer_height(page, sources)
    page.rule(x, y, w)
    y = page.text(sources, MIN_PT, x, y + page.pt(5), w, MUTED)
    page.text(f"Made with placeviz on {today_text()}. Green marks are official figures as published; amber marks "
              "are computed by placeviz from official data.", MIN_PT, x, y + page.pt(2), w, MUTED)


def _status_colour(h: Headline) -> str:
    return OFFICIAL_INK if h.official else COMPUTED_INK


def _card_height(page: _Page, h: Headline, w: float, scale: float) -> float:
    pad = page.pt(7 * scale)
    inner = w - 2 * pad
    england = page.height(h.england, 11 * scale, inner) if not _england_fits(page, h, inner, scale) else 0
    return (2 * pad + page.height(h.title, 10.5 * scale, inner, bold=True) + page.height(h.value, 20 * scale, inner, bold=True)
            + england + (page.height(h.detail, MIN_PT, inner) if h.detail else 0)
            + page.height(h.status, MIN_PT, inner, italic=True) + page.pt(4))


def _england_fits(page: _Page, h: Headline, inner: float, scale: float) -> bool:
    """Whether England's figure fits on the value's line, at its right."""
    value_w = QFontMetricsF(font(20 * scale, bold=True), page.p.device()).horizontalAdvance(h.value)
    eng_w = QFontMetricsF(font(max(11 * scale, MIN_PT)), page.p.device()).horizontalAdvance(h.england)
    return value_w + eng_w + page.pt(12) <= inner


def _card(page: _Page, h: Headline, x: float, y: float, w: float, scale: float) -> float:
    pad = page.pt(7 * scale)
    height = _card_height(page, h, w, scale)
    page.p.setPen(Qt.PenStyle.NoPen)
    page.p.setBrush(QColor(CARD_FILL))
    page.p.drawRect(QRectF(x, y, w, height))
    page.p.setBrush(QColor(_status_colour(h)))
    page.p.drawRect(QRectF(x, y, page.pt(3), height))
    inner = w - 2 * pad
    yy = page.text(h.title, 10.5 * scale, x + pad, y + pad, inner, bold=True)
    value_font_h = page.height(h.value, 20 * scale, inner, bold=True)
    page.text(h.value, 20 * scale, x + pad, yy, inner, bold=True)
    if _england_fits(page, h, inner, scale):  # England's figure on the value's line, at its right
        page.p.setFont(font(max(11 * scale, MIN_PT)))
        page.p.setPen(QColor(MUTED))
        page.p.drawText(QRectF(x + pad, yy, inner, value_font_h), int(Qt.AlignmentFlag.AlignRight |
                                                                      Qt.AlignmentFlag.AlignVCenter), h.england)
        yy += value_font_h
    else:  # else on a line of its own under it
        yy = page.text(h.england, 11 * scale, x + pad, yy + value_font_h, inner, MUTED)
    if h.detail:
        yy = page.text(h.detail, MIN_PT, x + pad, yy, inner, MUTED)
    page.text(h.status, MIN_PT, x + pad, yy + page.pt(2), inner, _status_colour(h), italic=True)
    return y + height


def _cards(page: _Page, items: list[Headline], x: float, y: float, w: float, bottom: float) -> None:
    gap = page.pt(6)
    scale = 1.0
    while scale > 0.7:
        total = sum(_card_height(page, h, w, scale) for h in items) + gap * (len(items) - 1)
        if y + total <= bottom:
            break
        scale -= 0.05
    for h in items:
        y = _card(page, h, x, y, w, scale) + gap


#: the scale bar's figures are 0.8 of this: 9.2 pt
FURNITURE_BASE_PT = 11.5


def _legend(page: _Page, scene, rect: QRectF, counts: bool = True, draw: bool = True) -> float:
    # 10.5 pt: the legend's smallest line is 0.86 of it, still above 9 pt. No period line: the four indicators'
    # years took five lines there; the caption under the map says them across the column, and the room goes
    # to the third "so what" sentence
    return paint_legend(page.p, rect, scene.classified, scene.layer, title="Indicators in England's worst fifth",
                        note=None, period="", font=font(10.5), counts=counts, source=False, draw=draw)


def _indicators(scene) -> str:
    """The indicators' years, said across a column by the map rather than five lines down its narrow legend."""
    return f"Indicators: {scene.layer.period}."


def _sentences(page: _Page, items: list[str], x: float, y: float, w: float, pt: float, first: int = 1) -> float:
    for i, text in enumerate(items, first):
        page.text(f"{i}.", pt, x, y, page.pt(14), bold=True)
        y = page.text(text, pt, x + page.pt(14), y, w - page.pt(14)) + page.pt(5)
    return y


def _sentences_height(page: _Page, items: list[str], w: float, pt: float) -> float:
    return sum(page.height(t, pt, w - page.pt(14)) + page.pt(5) for t in items)


def paint_brief(painter: QPainter, size: PageSize, briefs: list[Brief]) -> None:
    """Paint the brief of one place, or of two side by side, on one page."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(0, 0, size.width, size.height), QColor("#ffffff"))
    page = _Page(painter, size)
    sources = brief_sources(briefs)
    if len(briefs) == 1:
        _paint_one(page, briefs[0], sources)
    else:
        _paint_two(page, briefs[0], briefs[1], sources)


def _paint_one(page: _Page, b: Brief, sources: str) -> None:
    top = _header(page, b.name, f"{b.residents_line()} · {today_text()}")
    bottom = page.h - page.margin - _footer_height(page, sources) - page.pt(8)
    x0, inner = page.margin, page.w - 2 * page.margin
    gap = page.pt(16)
    left_w = inner * 0.38
    _cards(page, b.headlines, x0, top, left_w, bottom)
    # the right column: the map of where disadvantages coincide, its paragraph, then the so-what
    x, w = x0 + left_w + gap, inner - left_w - gap
    y = page.text("Where disadvantages coincide", 13, x, top, w, bold=True)
    texts = [s.text for s in b.sentences]
    scene = scene_for(b.map_spec)
    # the indicators' years, across the column here rather than five lines down the narrow legend
    caption = " ".join(x for x in (b.coincide.text if b.coincide is not None else "", _indicators(scene)) if x)
    legend_w = page.pt(150)
    # the map takes the height the text leaves, never less than its legend beside it needs: when the legend
    # needs more, the weakest sentences give way (the profile has them all)
    least = max(_legend(page, scene, QRectF(0, 0, legend_w, page.h), draw=False), page.pt(150))
    fixed = page.height(caption, 9.5, w) + page.pt(8) + page.height("So what", 13, w, bold=True) + page.pt(3)
    room = bottom - y - page.pt(4) - fixed
    while len(texts) > 1 and room - _sentences_height(page, texts, w, 10) < least:
        texts.pop()
    map_h = max(room - _sentences_height(page, texts, w, 10), least)
    paint_map_box(page.p, scene, Box(x, y + page.pt(4), w - legend_w - page.pt(8), map_h), page.k, FURNITURE_BASE_PT)
    _legend(page, scene, QRectF(x + w - legend_w, y + page.pt(4), legend_w, map_h))
    y += page.pt(4) + map_h + page.pt(4)
    if caption:
        y = page.text(caption, 9.5, x, y, w, MUTED) + page.pt(4)
    y = page.text("So what", 13, x, y, w, bold=True) + page.pt(3)
    _sentences(page, texts, x, y, w, 10)
    _footer(page, sources)


def _head_names(a: Brief, b: Brief) -> list[str]:
    """The table's heads: a ward without its authority ("Castle Vale", not "Castle Vale (Birmingham ward)"),
    which the page's title says, where the two heads stay different: a long ward's name took ten lines."""
    short = [split_ward_text(br.name)[0] if br.profile.place.kind == "ward" else br.name for br in (a, b)]
    return short if short[0] != short[1] else [a.name, b.name]


def _fits_widest(page: _Page, texts: list[str], pt: float, width: float) -> bool:
    fm = QFontMetricsF(font(pt, bold=True), page.p.device())
    return all(fm.horizontalAdvance(piece) <= width for t in texts for piece in narrowest_pieces(t))


#: the ways a two-place table's heads are tried, in order: (share of the half the label column takes, how a name
#: wider than its column may break): a name's own ending before wider figure columns, and wider columns before a
#: break between letters ("Buckingh-amshire")
_HEAD_TRIES = ((0.46, None), (0.46, "endings"), (0.4, None), (0.4, "endings"), (0.46, "letters"), (0.4, "letters"))


def _table_columns(page: _Page, names: list[str], w: float) -> tuple[float, list[str], float, float]:
    """The head's size in points, the places' names as the heads draw them, and the widths of the label column
    and of each figure column. Every word of a name is to fit its column (``_HEAD_TRIES``), each way tried with
    the head shrinking from 10.5 pt to 9 pt."""
    pad = page.pt(5)  # the 4 pt between columns, and a point so that a word that only just fits is not clipped
    for share, broken in _HEAD_TRIES:
        label_w = w * share
        col_w = (w - label_w) / 3
        for pt in (10.5, 10, 9.5, MIN_PT):
            heads = [n if broken is None else break_long_words(page.p, n, font(pt, bold=True), col_w - pad,
                                                               letters=broken == "letters") for n in names]
            if _fits_widest(page, heads, pt, col_w - pad):
                return pt, heads, label_w, col_w
    return MIN_PT, heads, label_w, col_w  # the last tried: each word broken as it must be


#: how fully a row says whose its figures are: as the profile says it, then "Official" or "Computed by
#: placeviz" for each place, then that mark under each figure, when the table would not fit the page otherwise
_FULL, _SHORT, _UNDER = 0, 1, 2


def _short_status(h: Headline) -> str:
    return "Official" if h.official else "Computed by placeviz"


def _row_status(h: Headline, other: Headline | None, names: tuple[str, str], how: int) -> list[tuple[str, str]]:
    """The lines under a row's title saying whose its figures are, each in its colour (official or computed)."""
    said = h.status if how == _FULL else _short_status(h)
    if other is None or other.status == h.status:
        return [(said, _status_colour(h))]
    if how == _UNDER:  # each figure says it under itself
        return []
    return [(f"{x.status if how == _FULL else _short_status(x)} ({name})", _status_colour(x))
            for x, name in zip((h, other), names, strict=True)]


def _table(page: _Page, a: Brief, b: Brief, x: float, y: float, w: float, bottom: float) -> float:
    """Rows: each headline; columns: what it is (and whose figure), place A, place B, England. Where it would
    pass ``bottom`` with each row's sources in full (two places whose figures are made differently, with long
    names), each says only official or computed."""
    bh = {h.theme: h for h in b.headlines}
    short = _head_names(a, b)  # as the statuses name the places too
    head_pt, names, label_w, col_w = _table_columns(page, short, w)
    heads = ["", *names, "England"]
    xs = [x, x + label_w, x + label_w + col_w, x + label_w + 2 * col_w]
    ws = [label_w - page.pt(6), col_w - page.pt(4), col_w - page.pt(4), col_w - page.pt(4)]
    row_h = max(page.height(t, head_pt, ws[i], bold=True) for i, t in enumerate(heads))
    for i, t in enumerate(heads):
        page.text(t, head_pt, xs[i], y, ws[i], bold=True)
    y += row_h + page.pt(3)
    page.rule(x, y, w)
    y += page.pt(4)
    rows = []
    for h in a.headlines:
        other = bh.get(h.theme)
        cells = [h.value, other.value if other is not None else "no data", england_beside(h, other, b.name)]
        cells = [break_long_words(page.p, c, font(11, bold=i < 2), ws[i + 1]) for i, c in enumerate(cells)]
        rows.append((h, other, cells))
    for how in (_FULL, _SHORT, _UNDER):
        heights = [_row_height(page, h, other, cells, short, how, ws) for h, other, cells in rows]
        if y + sum(heights) + page.pt(6) * len(rows) <= bottom:
            break
    for (h, other, cells), height in zip(rows, heights, strict=True):
        _row(page, h, other, cells, short, how, xs, ws, y)
        y += height + page.pt(4)
        page.rule(x, y - page.pt(2), w)
        y += page.pt(2)
    return y


def _marks_under(h: Headline, other: Headline | None, how: int) -> list[tuple[str, str] | None]:
    """What each figure cell says under its figure: official or computed, where its row does not say it."""
    if how != _UNDER or other is None or other.status == h.status:
        return [None, None, None]
    return [(_short_status(x), _status_colour(x)) for x in (h, other)] + [None]


def _row_height(page: _Page, h: Headline, other, cells: list[str], names, how: int, ws: list[float]) -> float:
    left = page.height(h.title, 10, ws[0], bold=True) + sum(
        page.height(t, MIN_PT, ws[0], italic=True) for t, _ in _row_status(h, other, names, how))
    right = max(page.height(c, 11, ws[i + 1], bold=i < 2) + (page.height(m[0], MIN_PT, ws[i + 1], italic=True)
                                                            if m else 0)
                for i, (c, m) in enumerate(zip(cells, _marks_under(h, other, how), strict=True)))
    return max(left, right)


def _row(page: _Page, h: Headline, other, cells: list[str], names, how: int, xs: list[float], ws: list[float],
         y: float) -> None:
    yy = page.text(h.title, 10, xs[0], y, ws[0], bold=True)
    for text, colour in _row_status(h, other, names, how):
        yy = page.text(text, MIN_PT, xs[0], yy, ws[0], colour, italic=True)
    for i, (c, mark) in enumerate(zip(cells, _marks_under(h, other, how), strict=True)):
        yy = page.text(c, 11, xs[i + 1], y, ws[i + 1], INK if i < 2 else MUTED, bold=i < 2)
        if mark:
            page.text(mark[0], MIN_PT, xs[i + 1], yy, ws[i + 1], mark[1], italic=True)


#: said under the table when a long table leaves no room for a "so what" sentence of each place
NO_ROOM_FOR_SENTENCES = ("What the figures mean did not fit on this page: each place's profile says it (placeviz "
                         "profile, or Profile in the app).")


def _names_itself(b: Brief, texts: list[str]) -> bool:
    """Whether each sentence says whose it is ("In Knowsley, ..."), so that no line of the place's name need
    head them: the room it took is a sentence's, where two long sentences only just miss."""
    return all(b.name in t for t in texts)


def _place_sentences_height(page: _Page, b: Brief, n: int, w: float) -> float:
    texts = [s.text for s in b.sentences[:n]]
    if not texts:
        return 0.0
    name_h = 0.0 if _names_itself(b, texts) else page.height(b.name, 10, w, bold=True) + page.pt(2)
    return name_h + _sentences_height(page, texts, w, 9.5)


def _coincide_counts(b: Brief) -> str:
    """'Knowsley: 10 neighbourhoods in England's worst fifth on all four, 56 on at least three.'"""
    allf, most = b.profile.figure("overlap.all"), b.profile.figure("overlap.most")
    if none_counted(b.profile) is not None:
        return none_counted(b.profile)
    if allf is None or most is None:
        return ""
    return (f"{b.name}: {allf.display()} neighbourhoods in England's worst fifth on all four, {most.display()} on "
            "at least three.")


def _paint_two(page: _Page, a: Brief, b: Brief, sources: str) -> None:
    top = _header(page, f"{a.name} and {b.name}", f"{a.residents_line()}  |  {b.residents_line()} · {today_text()}")
    bottom = page.h - page.margin - _footer_height(page, sources) - page.pt(8)
    x0, inner = page.margin, page.w - 2 * page.margin
    gap = page.pt(16)
    left_w = inner * 0.5
    y_left = _table(page, a, b, x0, top, left_w, bottom)
    # the strongest sentences of each place, under the table: as many as fit, the same number for each
    heading_h = page.pt(4) + page.height("So what", 13, left_w, bold=True) + page.pt(3)
    n = max(len(a.sentences), len(b.sentences))
    while n > 0 and y_left + heading_h + sum(_place_sentences_height(page, br, n, left_w) for br in (a, b)) > bottom:
        n -= 1  # what does not fit is left to the profile, never shrunk below 9 pt
    if n:  # no heading over nothing
        y_left = page.text("So what", 13, x0, y_left + page.pt(4), left_w, bold=True) + page.pt(3)
    elif y_left + page.pt(4) + page.height(NO_ROOM_FOR_SENTENCES, MIN_PT, left_w) <= bottom:
        page.text(NO_ROOM_FOR_SENTENCES, MIN_PT, x0, y_left + page.pt(4), left_w, MUTED)
    for i, br in enumerate((a, b)):
        texts = [s.text for s in br.sentences[:n]]
        if texts and not _names_itself(br, texts):
            y_left = page.text(br.name, 10, x0, y_left, left_w, bold=True) + page.pt(2)
        y_left = _sentences(page, texts, x0, y_left, left_w, 9.5, first=1 + i * n)
    # the two maps at one scale, one legend under them
    x, w = x0 + left_w + gap, inner - left_w - gap
    scenes = [scene_for(br.map_spec) for br in (a, b)]
    map_w = (w - page.pt(10)) / 2
    legend_h = _legend(page, scenes[0], QRectF(x, top, w * 0.5, page.h), counts=False, draw=False)
    counts = " ".join([*(_coincide_counts(br) for br in (a, b)), _indicators(scenes[0])])
    below = max(legend_h, page.height(counts, MIN_PT, w * 0.5 - page.pt(8)))
    caption_h = max(page.height(br.name, 10.5, map_w, bold=True) for br in (a, b))

    def map_height(heading: str) -> float:
        y_maps = top + page.height(heading, 13, w, bold=True) + page.pt(4)
        return max(bottom - y_maps - below - caption_h - page.pt(10), page.pt(120))

    # the heading says whether the maps share a scale, which depends on the maps' height, which depends on
    # how many lines the heading takes: tried with one wording, kept when it says what the maps then do
    words = scale_words(scenes, map_w, bottom - top)
    for _ in range(2):
        heading = f"Where disadvantages coincide ({words})"
        map_h = map_height(heading)
        if scale_words(scenes, map_w, map_h) == words:
            break
        words = scale_words(scenes, map_w, map_h)
    y = page.text(heading, 13, x, top, w, bold=True) + page.pt(4)
    extents = one_scale_extents(scenes, map_w, map_h)
    for i, (br, sc) in enumerate(zip((a, b), scenes, strict=True)):
        mx = x + i * (map_w + page.pt(10))
        page.text(br.name, 10.5, mx, y, map_w, bold=True)
        paint_map_box(page.p, sc, Box(mx, y + caption_h + page.pt(2), map_w, map_h), page.k, FURNITURE_BASE_PT,
                      extents[i])
    y += caption_h + page.pt(2) + map_h + page.pt(8)
    # one legend: the classes are the same counts on both maps (its counts would be one place's: left out)
    _legend(page, scenes[0], QRectF(x, y, w * 0.5, legend_h), counts=False)
    page.text(counts, MIN_PT, x + w * 0.5 + page.pt(8), y, w * 0.5 - page.pt(8), MUTED)
    _footer(page, sources)
