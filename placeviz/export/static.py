"""Print-quality maps: PNG, SVG and PDF pages drawn by the same painter code as the desktop canvas.

    export_static(spec, "wirral.pdf", paper="A4", orientation="portrait")
    export_static(spec, "england.png")                      # 1600 x 1200 pixels at 150 dpi
    export_static(spec, "atlas.pdf", atlas=True)            # overview, then one page per local authority
    export_static_compare([spec_a, spec_b], "pair.png", shared_bins=True)
    export_profile_pdf(profile, sentences, "wirral_profile.pdf")

This module chooses the format, checks the options, works out the page size and has ``placeviz.render``
paint the pages into the file: the pages themselves are ``placeviz.render.pages`` (a map, an atlas),
``placeviz.render.compare_page`` and ``placeviz.render.profile_document``, the files
``placeviz.render.devices``. SVG and PDF are vector: paths and text, no embedded picture of the map.

Speed: a map of all England's 32,844 neighbourhoods on a bundled layer is built without pandas or shapely
(``placeviz.render.arrow_scene``), so a whole ``placeviz export png`` process needs little more than Python,
numpy, pyarrow and Qt.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from placeviz.export.doc_metadata import describe, mark_pdf_language, mark_svg_language
from placeviz.export.outputs import check_output
from placeviz.model.errors import UserError
from placeviz.model.safe_files import check_target, write_via
from placeviz.model.spec import MapSpec
from placeviz.render.arrow_scene import scene_for
from placeviz.render.devices import PageSize, PaintDeviceError, ensure_qt, paint_pdf, paint_png, paint_svg
from placeviz.render.layout import paper_size_px
from placeviz.render.pages import atlas_areas, atlas_pages, draw_pages, map_pages, page_fits

FORMATS = ("png", "svg", "pdf")
MAX_PIXELS = 12_000  # per side: bigger images run out of memory long before they are useful
MIN_PIXELS = 200
PROFILE_DPI = 300


class StaticExportError(UserError, ValueError):
    """An image or PDF export that cannot be made as asked, with what to change."""


# -- arguments ------------------------------------------------------------------------------------------------

def infer_format(path: Path, fmt: str | None) -> str:
    if fmt:
        f = str(fmt).lower().lstrip(".")
    else:
        f = path.suffix.lower().lstrip(".")
        if not f:
            raise StaticExportError(f"Say which format to write: {path.name} has no .png, .svg or .pdf ending.")
    if f not in FORMATS:
        raise StaticExportError(f"Cannot write {f!r} images: use png, svg or pdf.")
    ending = path.suffix.lower().lstrip(".")
    if fmt and ending and ending != f:  # PNG bytes in a .pdf or .jpg file would not open as what it says
        raise StaticExportError(f"{path.name} ends .{ending} but the format asked for is {f.upper()}: name the file "
                                f".{f}, or export {ending if ending in FORMATS else 'png, svg or pdf'} instead.")
    return f


def _check_pixels(size: PageSize) -> None:
    """A paper size at a high resolution can pass every single check and still make a gigapixel image."""
    if max(size.width, size.height) > MAX_PIXELS:
        longest = max(size.width, size.height)
        best = int(size.dpi * MAX_PIXELS / longest)
        raise StaticExportError(f"{size.paper or 'The page'} at {size.dpi:g} dpi would be {size.width:,} x "
                                f"{size.height:,} pixels; the most is {MAX_PIXELS:,} a side: use {best} dpi or less.")


#: the smallest page maps side by side fit on, in points (an 800 x 600 image at 150 dpi is 384 x 288): a 600 x
#: 400 image at 150 dpi put the sources over the maps. A single map's page is measured instead (``_check_fits``).
MIN_PAGE_PT = (360, 250)


def _too_small(size: PageSize, need_w: int, need_h: int, best: int | None = None) -> StaticExportError:
    """The sentence for a page in pixels too small at its resolution, naming a size in pixels that fits and the
    resolution (``best``, else worked out in proportion) that makes the same pixels fit."""
    w_in, h_in = size.width / size.dpi, size.height / size.dpi
    if best is None:
        best = int(size.dpi * min(size.width / need_w, size.height / need_h))
    instead = f", or a resolution of {best} dpi or less for this size" if best >= 36 else ""
    return StaticExportError(
        f"A {size.width:,} x {size.height:,} pixel page at {size.dpi:g} dpi is {w_in:.1f} x {h_in:.1f} inches, "
        f"too small for a map with its legend and sources: make it at least {need_w:,} x {need_h:,} pixels{instead}.")


def _check_page(size: PageSize) -> None:
    """A page of maps side by side, given in pixels, must be big enough at its resolution for the text around
    them."""
    w_pt, h_pt = size.width / size.dpi * 72, size.height / size.dpi * 72
    need_w, need_h = MIN_PAGE_PT if w_pt >= h_pt else MIN_PAGE_PT[::-1]
    if w_pt < need_w or h_pt < need_h:
        raise _too_small(size, math.ceil(need_w * size.dpi / 72), math.ceil(need_h * size.dpi / 72))


def _check_fits(scene, text, size: PageSize) -> None:
    """A map's page given in pixels must hold its legend above its sources (``render.pages.page_fits``), measured
    with its own title, legend and notes; the sentence names the pixels, grown in its shape, that do."""
    if page_fits(scene, text, size):
        return
    grow = 1.05
    while grow < 8 and not page_fits(scene, text, PageSize(math.ceil(size.width * grow), math.ceil(
            size.height * grow), size.dpi, None, size.orientation)):
        grow += 0.05
    # the resolution at which these pixels fit, tried too: type is measured on the device, so it is not quite
    # in proportion
    best = int(size.dpi / grow)
    while best >= 36 and not page_fits(scene, text, PageSize(size.width, size.height, best, None, size.orientation)):
        best -= 1
    raise _too_small(size, math.ceil(size.width * grow), math.ceil(size.height * grow), best)


def _check_size_kind(fmt: str, width, height, paper) -> None:
    """A page is paper or pixels: pixels given with paper, or for a PDF, were passed over without a word."""
    pixels = " and ".join(n for n, v in (("width", width), ("height", height)) if v is not None)
    if pixels and fmt == "pdf":
        raise StaticExportError(f"A PDF is a paper page: give its paper ('A4' or 'A3') and orientation, not its "
                                f"{pixels}, which are pixels for PNG and SVG.")
    if pixels and paper is not None:
        raise StaticExportError(f"Give the picture's size as paper ({paper}) or as its {pixels} in pixels, not "
                                "both.")


def _check_options(width, height, dpi, paper, orientation) -> None:
    for name, v in (("width", width), ("height", height)):
        if not isinstance(v, (int, np.integer)) or not MIN_PIXELS <= int(v) <= MAX_PIXELS:
            raise StaticExportError(f"The image {name} must be a whole number of pixels from {MIN_PIXELS} to "
                                    f"{MAX_PIXELS:,}, not {v!r}.")
    if not isinstance(dpi, (int, float, np.integer, np.floating)) or not 36 <= float(dpi) <= 1200:
        raise StaticExportError(f"The resolution must be between 36 and 1200 dots per inch, not {dpi!r}.")
    if paper is not None and str(paper).upper() not in ("A4", "A3"):
        raise StaticExportError(f"Paper size {paper!r} is not available: use A4 or A3.")
    if orientation not in ("portrait", "landscape"):
        raise StaticExportError(f"Orientation must be portrait or landscape, not {orientation!r}.")


def _check_breaks(shared_bins) -> None:
    if shared_bins is None or isinstance(shared_bins, bool):
        return
    bins = np.asarray(shared_bins, dtype="float64")
    if bins.ndim != 1 or len(bins) < 1 or not np.all(np.isfinite(bins)) or np.any(np.diff(bins) <= 0):
        raise StaticExportError("Shared breaks must be a list of increasing numbers.")


def page_size(fmt: str, width, height, dpi, paper, orientation) -> PageSize:
    if fmt == "pdf" and paper is None:
        paper = "A4"
    if paper is not None:
        w, h = paper_size_px(str(paper).upper(), orientation, dpi)
        return PageSize(w, h, float(dpi), str(paper).upper(), orientation)
    return PageSize(int(width), int(height), float(dpi), None, orientation)


def _write(fmt: str, path: Path, size: PageSize, title: str, paint, png_text: dict | None = None,
           description: str = "Made with placeviz") -> None:
    """Have ``paint(painter, size, new_page)`` paint the file; one page unless it is a PDF. An SVG and a PDF
    say their language (``doc_metadata``), and an SVG what it shows in its ``<desc>`` (``description``).

    Qt paints into a temporary file beside ``path``, which replaces it only when whole: a failure half-way
    (a full disk) leaves any previous file as it was."""
    def write(tmp: Path) -> None:
        try:
            if fmt == "png":
                paint_png(tmp, size, lambda p, s: paint(p, s, None), png_text)
            elif fmt == "svg":
                paint_svg(tmp, size, title, lambda p, s: paint(p, s, None), description)
                mark_svg_language(tmp)
            else:
                paint_pdf(tmp, size, title, paint)
                mark_pdf_language(tmp)
        except PaintDeviceError:  # Qt names the temporary file: name the user's
            raise StaticExportError(f"Could not write {path.name}: check the folder exists, that you may write "
                                    "to it and that the disk has space.") from None
        if not _complete(tmp, fmt):
            raise StaticExportError(f"Could not write {path.name}: the file came out incomplete (is the disk "
                                    "full?); any previous file is unchanged.")

    write_via(path, write)


#: how a whole file ends: Qt's SVG and PDF writers say nothing when the disk fills, they just stop writing
_ENDINGS = {"svg": b"</svg>", "pdf": b"%%EOF"}


def _complete(path: Path, fmt: str) -> bool:
    """Whether an SVG or PDF file ends as a whole one does (a PNG that could not be written is an error already)."""
    end = _ENDINGS.get(fmt)
    if end is None:
        return True
    with open(path, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 64))
        return end in f.read()


# -- the exports -------------------------------------------------------------------------------------------------

def default_pixels(width: int | None, height: int | None) -> tuple:
    """The image's pixels: 1600 x 1200 when neither side is given; one side given alone keeps that page's 4:3
    (a width of 2400 alone made a 2400 x 1200 strip). A side that is not a positive whole number is left for
    ``_check_options`` to refuse."""
    if width is None and height is None:
        return 1600, 1200
    if height is None and isinstance(width, (int, np.integer)) and width > 0:
        return width, round(width * 3 / 4)
    if width is None and isinstance(height, (int, np.integer)) and height > 0:
        return round(height * 4 / 3), height
    return (1600 if width is None else width), (1200 if height is None else height)


def export_static(spec_or_specs, path, fmt: str | None = None, *, width: int | None = None, height: int | None = None,
                  dpi: float = 150, paper: str | None = None, orientation: str = "landscape",
                  atlas: bool = False, subtitle: str | None = None, basemap: bool = False) -> Path:
    """Write a map (a MapSpec, or several: one PDF page each) as PNG, SVG or PDF; returns the path.

    ``width``/``height`` are pixels (PNG, SVG) when no ``paper`` (A4, A3) is given (``default_pixels``: 1600 x
    1200, or one side alone at 4:3); ``dpi`` sets the PNG's
    resolution (and its DPI metadata) and the size of text. A PDF without ``paper`` is A4. ``atlas`` (PDF):
    an overview page of the place, then one page per local authority with its map and key figures.
    """
    path = Path(path)
    check_output(path)  # first: whatever else is wrong, never a word about writing over data
    fmt = infer_format(path, fmt)
    specs = [spec_or_specs] if isinstance(spec_or_specs, MapSpec) else list(spec_or_specs)
    if not specs or not all(isinstance(s, MapSpec) for s in specs):
        raise StaticExportError("Nothing to export: give a map description (MapSpec).")
    if basemap:
        raise StaticExportError("A web basemap is for HTML exports only: leave out --basemap for png, svg or pdf.")
    if atlas and fmt != "pdf":
        raise StaticExportError("An atlas has several pages, so it is written as PDF: use a .pdf file name.")
    if len(specs) > 1 and fmt != "pdf":
        raise StaticExportError(f"A {fmt.upper()} holds one map: export each layer to its own file, or use PDF.")
    _check_size_kind(fmt, width, height, paper)
    width, height = default_pixels(width, height)
    _check_options(width, height, dpi, paper, orientation)
    check_target(path)
    size = page_size(fmt, width, height, dpi, paper, orientation)
    if fmt == "png":
        _check_pixels(size)
    ensure_qt()
    if atlas:
        pages = []
        for s in specs:
            overview = scene_for(s)
            if len(atlas_areas(overview)) < 2:
                place = overview.data.place
                what = "lies in one local authority" if place.kind == "ward" else "is a single local authority"
                raise StaticExportError(f"{place.name} {what}, so an atlas (a page for each local authority) "
                                        "would have one page: export a PDF without --atlas, or choose a bigger place.")
            pages += atlas_pages(s, overview, subtitle)
    else:
        pages = map_pages(specs, subtitle)
    scene, _spec, text = pages[0]
    if size.paper is None:
        _check_fits(scene, text, size)
    about = describe(text.title, text.subtitle, text.footer_lines(), place=scene.data.place.name,
                     layer=scene.layer.title)
    # a PNG carries its title, description and sources as text too, readable without OCR
    _write(fmt, path, size, text.title, lambda p, s, new_page: draw_pages(p, pages, s, new_page),
           {"Title": text.title, "Description": about, "Source": " ".join(text.footer_lines())}, about)
    return path


def export_static_compare(specs, path, shared_bins=None, *, title: str | None = None, fmt: str | None = None,
                          width: int | None = None, height: int | None = None, dpi: float = 150,
                          paper: str | None = None, orientation: str = "landscape",
                          subtitle: str | None = None) -> Path:
    """Two or more maps side by side on one page (PNG, SVG or PDF), under one title, each with its caption,
    scale bar and north arrow; one legend at the right saying "one scale for both maps" when ``shared_bins``
    (True: pooled breaks or national deciles; or a sequence of breaks), else a legend under each map; the
    sources and licences in the footer. Returns the path.

    Without ``paper`` a PDF is A4 landscape (A3 for three maps or more) and a PNG or SVG that page's size in
    pixels at ``dpi``, unless ``width`` or ``height`` (pixels; one alone keeps 4:3) is given."""
    # imported here: comparing classes imports pandas (placeviz.analysis.compare), which would add about
    # 0.6 s to the England PNG path (tests/test_static_speed.py)
    from placeviz.render.compare_page import compare_scenes, compare_text, paint_compare

    path = Path(path)
    check_output(path)  # first: whatever else is wrong, never a word about writing over data
    fmt = infer_format(path, fmt)
    specs = list(specs)
    if len(specs) < 2 or not all(isinstance(s, MapSpec) for s in specs):
        raise StaticExportError("A comparison needs two or more maps (MapSpec) to put side by side.")
    if len(specs) > 4:
        raise StaticExportError(f"{len(specs)} maps are too many for one page: compare up to four at a time.")
    _check_size_kind(fmt, width, height, paper)
    if paper is None and width is None and height is None:
        paper = "A4" if len(specs) <= 2 else "A3"
    # one side alone keeps 4:3, as for a single map (it turned the page into A4 without a word)
    width, height = default_pixels(width, height)
    _check_options(width, height, dpi, paper, orientation)
    check_target(path)
    _check_breaks(shared_bins)
    size = page_size(fmt, width, height, dpi, paper, orientation)
    if size.paper is None:
        _check_page(size)
    ensure_qt()
    cs = compare_scenes(specs, shared_bins)
    text = compare_text(cs, title, subtitle)
    # the PNG keeps its title and its sources and licences as text, readable without OCR
    _write(fmt, path, size, text.title, lambda p, s, _new_page: paint_compare(p, cs, text, s, specs),
           {"Title": text.title, "Source": " ".join(text.footer_lines())},
           describe(text.title, text.subtitle, text.footer_lines()))
    return path


def export_profile_pdf(profile, sentences, path, *, dpi: float = PROFILE_DPI) -> Path:
    """Write a place profile (``placeviz.analysis.profile.place_profile``) and its so-what sentences
    (``placeviz.analysis.narrative.so_what``) as an A4 portrait PDF briefing; returns the path.

    Page 1: title, date, the summary and the IMD 2019 map in national deciles with its legend; then the
    figures in tables with their caveats, the most and least deprived neighbourhoods, the hot spot map, how
    the figures were made and every source. Each page's footer names the sources and licences of what it
    shows, and its page number. Vector throughout: text stays searchable.
    """
    # imported here: a profile's tables import pandas (placeviz.analysis), which would add about 0.6 s to
    # the England PNG path (tests/test_static_speed.py)
    from placeviz.render.profile_document import paint_profile

    path = Path(path)
    check_output(path)  # first: whatever else is wrong, never a word about writing over data
    if path.suffix.lower() != ".pdf":
        raise StaticExportError(f"A PDF profile is written to a .pdf file, not {path.name}.")
    check_target(path)
    ensure_qt()
    _write("pdf", path, PageSize(0, 0, dpi, "A4", "portrait"), f"Place profile: {profile.name}",
           lambda p, s, new_page: paint_profile(p, s, new_page, profile, sentences))
    return path
