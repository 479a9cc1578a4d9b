"""Map pages and atlases: the words around a map (``page_text``), an atlas's pages (an overview, then one page
per local authority with its key figures) and the painting of pages with one painter (``draw_pages``).

A page is the layout of ``placeviz.render.layout`` (title, subtitle, map with scale bar and north arrow,
legend, caveats, sources and licences, date) around ``placeviz.render.scene.paint_map``.
"""

from __future__ import annotations

from PyQt6.QtGui import QPainter

from placeviz.model.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES, boundary_attribution, get_layer
from placeviz.model.classify import map_caveats, scheme_label, titled
from placeviz.model.spec import WARD_OUTLINES_NOTE
from placeviz.render.arrow_scene import scene_for
from placeviz.render.devices import PageSize, ensure_qt, page_image
from placeviz.render.layout import PageText, layout_for, legend_fits, paint_page, source_lines, today_text

LEVEL_WORDS = {"lsoa": "Neighbourhoods", "msoa": "Middle layer super output areas", "ward": "Wards", "la": "Local authorities"}


def areas_words(md, sets: str | None = None) -> str:
    """What a map's areas are, for a subtitle: 'Neighbourhoods (LSOA 2011)'; ``sets`` names the boundary
    sets when a page shows several maps."""
    drawn = GEOGRAPHY_LEVEL.get(md.boundary_set, md.level)  # the level drawn, which may not be the one asked
    if drawn == "la" and md.boundary_set.startswith("lad"):
        return f"Local authorities (20{md.boundary_set[3:]} boundaries)"
    return f"{LEVEL_WORDS.get(drawn, drawn)} ({sets or GEOGRAPHY_NAMES.get(md.boundary_set, md.boundary_set)})"


def page_text(scene, spec, subtitle: str | None = None) -> PageText:
    md = scene.data
    layer = md.layer
    title = titled(spec.title or f"{layer.title}, {md.place.name}", scene.classified)
    if subtitle is None:
        scheme = scheme_label(scene.classified)  # the legend's words: 'One class for each count'
        areas = areas_words(md)
        if scene.grid is not None:  # a raster layer shows its grid squares; the legend counts areas
            areas = f"{scene.grid.cell_words()[0].upper()}{scene.grid.cell_words()[1:]}, with " \
                    f"{areas[0].lower() + areas[1:]} outlined"
        subtitle = f"{areas}, {md.period}; classes: {scheme[0].lower() + scheme[1:]}"
    notes = [WARD_OUTLINES_NOTE] if scene.wards is not None else []
    return PageText(title=title, subtitle=subtitle, sources=source_lines([layer]),
                    attribution=boundary_attribution(), caveats=map_caveats(layer, md.boundary_set, scene.classified.scheme),
                    notes=notes, date_text=today_text())


def page_fits(scene, text, size: PageSize) -> bool:
    """Whether a map page of ``size`` holds ``scene``'s legend above its sources (``layout.legend_fits``)."""
    ensure_qt()
    probe = page_image(PageSize(8, 8, size.dpi, None, size.orientation))  # the page's dpi: its text's metrics
    p = QPainter(probe)
    try:
        return legend_fits(p, scene, text, layout_for(p, text, size.width, size.height, size.dpi, scene))
    finally:
        p.end()


def draw_pages(painter, pages, size: PageSize, new_page=None) -> None:
    """Draw (scene, spec, text) pages with one painter; ``new_page`` starts each page after the first."""
    for i, (scene, spec, text) in enumerate(pages):
        if i and new_page is not None:
            new_page()
        lay = layout_for(painter, text, size.width, size.height, size.dpi, scene)
        paint_page(painter, scene, text, lay, extent=spec.extent)


def map_pages(specs, subtitle: str | None = None) -> list:
    """One (scene, spec, text) page per map."""
    pages = []
    for s in specs:
        scene = scene_for(s)
        pages.append((scene, s, page_text(scene, s, subtitle)))
    return pages


# -- atlas ------------------------------------------------------------------------------------------------------------

def atlas_areas(scene) -> list[tuple[str, str]]:
    """(code, name) of each local authority of the overview's place, in name order."""
    o = scene.outlines
    if o is None or len(o.rows) == 0:
        return []
    codes = [str(c) for c in o.geometry.codes[o.rows]]
    return sorted(zip(codes, o.names, strict=True), key=lambda t: t[1])


def area_profile(code: str, name: str) -> tuple[list[tuple[str, str]], list[str], str, list[str]]:
    """(figures, sentences, heading, layer ids they rest on) for an atlas page: the key figures and so-what
    sentences of the place's profile (``placeviz.analysis.profile``)."""
    # imported here: the analysis imports pandas, which the England PNG path (a map page, no atlas) never
    # needs and which would add about 0.6 s to it (tests/test_static_speed.py)
    from placeviz.analysis.narrative import so_what
    from placeviz.analysis.profile import place_profile

    prof = place_profile(code, with_hotspots=False)
    figs: list[tuple[str, str]] = []
    ids: list[str] = []

    def add(label, fid, england=None, suffix=""):
        f = prof.figure(fid)
        if f is None:
            return
        ids.append(fid)
        e = prof.figure(england) if england else None
        if e is not None:
            label += f"; England {e.display()}"
        figs.append((label, f.display() + suffix))

    # each label says whether its figure is official (as published) or computed (by placeviz, from official
    # figures: the heading says so)
    add("Residents (mid-2020, computed)", "residents")
    for ed in ("2019", "2025"):
        add(f"Residents in England's most deprived 10% of neighbourhoods (IoD {ed}, computed)",
            f"imd{ed}.imd.decile1.resident_share", f"imd{ed}.imd.decile1.resident_share.england")
    add("Neighbourhoods in the most deprived 10% (IoD 2019, computed)", "imd2019.imd.decile1.areas")
    r19 = prof.ranks.get("2019")
    if r19 is not None:  # official or computed, and among which set: model.ranks' one rule
        add(f"Average IMD score (IoD 2019, {r19.basis})", "imd2019.average_score")
        add(f"Rank of {r19.n:,} {r19.among} (IoD 2019, {r19.basis}; 1st = most deprived)", "imd2019.la_rank")
    if prof.figure("le.official.male") is not None:  # official OHID figures first (issue 12)
        add("Life expectancy, men (OHID, official)", "le.official.male", "le.official.male.england")
        add("Life expectancy, women (OHID, official)", "le.official.female", "le.official.female.england")
    else:
        add("Life expectancy, men (computed)", "le.male", "le.male.england")
        add("Life expectancy, women (computed)", "le.female", "le.female.england")
    sentences = so_what(prof)[:4]
    used = [lid for fid in ids for lid in prof.figures[fid].layers]
    used += [lid for s in sentences for f in s.figure_ids for lid in prof.figures[f].layers]
    return figs, [s.text for s in sentences], f"{name}: key figures (computed by placeviz unless official)", \
        list(dict.fromkeys(used))


def _add_profile(text: PageText, place: str, name: str) -> None:
    """Put a place's key figures and sentences on a page, and their sources in its footer."""
    text.figures, text.sentences, text.figures_title, used = area_profile(place, name)
    if used:
        text.sources = list(dict.fromkeys(text.sources + source_lines([get_layer(x) for x in used])))


def atlas_pages(spec, overview, subtitle=None) -> list:
    """The pages of an atlas: the overview, then each local authority of the place (``atlas_areas``: two or
    more, which the caller checks)."""
    pages = [(overview, spec, page_text(overview, spec, subtitle))]
    areas = atlas_areas(overview)
    n = len(areas) + 1
    first = pages[0][2]
    first.page_label = f"Page 1 of {n}"
    first.notes.append(f"Pages 2 to {n}: one page for each of its {len(areas)} local authorities.")
    place = overview.data.place
    if place.kind != "england":  # the place's own figures (England's would compare England with itself)
        _add_profile(first, place.name, place.name)
    else:
        first.figures, first.figures_title = [], ""
    for i, (code, name) in enumerate(areas, start=2):
        s = spec.with_(place=code, extent=None, selection=(), title=None)
        scene = scene_for(s)
        t = page_text(scene, s, subtitle)
        t.title = f"{name}: {scene.layer.title}"
        _add_profile(t, code, name)
        t.page_label = f"Page {i} of {n}"
        pages.append((scene, s, t))
    return pages
