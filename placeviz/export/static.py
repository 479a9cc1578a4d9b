"""Print-quality maps: PNG, SVG and PDF pages drawn by the same painter code as the desktop canvas.

    export_static(spec, "wirral.pdf", paper="A4", orientation="portrait")
    export_static(spec, "england.png")                      # 1600 x 1200 pixels at 150 dpi
    export_static(spec, "atlas.pdf", atlas=True)            # overview, then one page per local authority

A page is the layout of ``placeviz.render.layout`` (title, subtitle, map with scale bar and north arrow,
legend, caveats, sources and licences, date) around ``placeviz.render.scene.paint_map``. SVG and PDF are
vector: paths and text, no embedded picture of the map.

Speed: a map of all England's 32,844 neighbourhoods on a bundled layer is built without pandas or shapely
(the layer's table and the boundaries' GeoArrow geometry are read with pyarrow straight into numpy), so a
whole ``placeviz export png`` process needs little more than Python, numpy, pyarrow and Qt.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from placeviz.model.errors import UserError

FORMATS = ("png", "svg", "pdf")
MAX_PIXELS = 12_000  # per side: bigger images run out of memory long before they are useful
MIN_PIXELS = 200


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
    return f


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


# -- Qt --------------------------------------------------------------------------------------------------------

_APP = None


def ensure_qt():
    """A QGuiApplication (fonts need one); headless where there is no display."""
    global _APP
    from PyQt6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = _APP = QGuiApplication(["placeviz"])
    return app


# -- scenes ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LightPlace:
    name: str
    kind: str
    codes: tuple[str, ...] = ()


class Column:
    """A numpy column with the one pandas method the classifier uses on a frame's columns."""

    def __init__(self, values: np.ndarray):
        self.values = values

    def to_numpy(self, dtype=None, **_):
        return self.values if dtype is None else self.values.astype(dtype)

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class LightMapData:
    """What a page needs of a MapData, for the pandas-free path."""

    place: LightPlace
    layer: object
    level: str
    boundary_set: str
    values: np.ndarray
    codes: np.ndarray
    year: str | None = None
    note: str | None = None
    frame: dict = field(default_factory=dict)

    @property
    def period(self) -> str:
        return self.year or self.layer.period


def light_scene(spec):
    """A MapScene for all of England on a bundled layer at its own geography, built with pyarrow and numpy
    only (no pandas, no shapely). None when the spec needs the general path (``build_scene``)."""
    from placeviz.model.catalog import GEOGRAPHY_LEVEL, load_catalog
    from placeviz.model.names import normalise

    if normalise(spec.place) != "england" or spec.year:
        return None
    cat = load_catalog()
    layer = cat.get(spec.layer)
    if (layer.kind != "table" or layer.id in cat.frames or not layer.table
            or GEOGRAPHY_LEVEL.get(layer.geography) != spec.level
            or layer.geography not in ("lsoa11", "lsoa21", "msoa11", "msoa21", "lad19", "lad21", "lad24")):
        return None
    import pyarrow.parquet as pq

    from placeviz.model.bundle import layers_dir
    from placeviz.model.classify import classify_map
    from placeviz.render.geometry import RenderGeometry, arrow_values
    from placeviz.render.scene import MapScene, Outlines, outline_set

    geo = RenderGeometry.for_set(layer.geography)
    columns = ["code", layer.column] + ([layer.decile_column] if layer.decile_column else [])
    table = pq.ParquetFile(layers_dir() / "tables" / layer.table).read(columns=columns, use_pandas_metadata=False)
    where = {c: i for i, c in enumerate(table.column("code").to_pylist())}
    at = np.fromiter((where.get(c, -1) for c in geo.codes), dtype=np.int64, count=len(geo.codes))

    def column(name):  # the table's column in boundary order; NaN where an area has no row or no value
        v = arrow_values(table.column(name)).astype(np.float64)
        out = np.full(len(at), np.nan)
        out[at >= 0] = v[at[at >= 0]]
        return out

    values = column(layer.column)
    md = LightMapData(LightPlace("England", "england"), layer, spec.level, layer.geography, values, geo.codes)
    md.frame = {"code": Column(geo.codes), "value": Column(values)}
    if layer.decile_column:
        md.frame["decile"] = Column(column(layer.decile_column))
    classified = classify_map(md, spec.classification)  # exactly as build_scene classifies
    la = RenderGeometry.for_set(outline_set(layer.geography))
    la.ensure_paths()
    outlines = Outlines(la, np.arange(len(la)), [str(n) for n in la.names])
    return MapScene(md, classified, geo, np.arange(len(geo)), outlines, None, selection=tuple(spec.selection))


def scene_for(spec):
    """The MapScene of a spec: the pandas-free path where it applies, else the renderer's ``build_scene``."""
    scene = light_scene(spec)
    if scene is None:
        from placeviz.render.scene import build_scene

        scene = build_scene(spec)
    return scene


# -- page text -----------------------------------------------------------------------------------------------------

LEVEL_WORDS = {"lsoa": "Neighbourhoods", "msoa": "Middle layer super output areas", "la": "Local authorities"}


def page_text(scene, spec, subtitle: str | None = None):
    from placeviz.model.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES
    from placeviz.render.layout import PageText, boundaries_attribution, source_lines, today_text
    from placeviz.render.scene import SCHEME_LABELS

    md = scene.data
    layer = md.layer
    title = spec.title or f"{layer.title}, {md.place.name}"
    if subtitle is None:
        scheme = SCHEME_LABELS.get(scene.classified.scheme, scene.classified.scheme)
        if scene.classified.scheme == "national_deciles":
            scheme = "national deciles"
        drawn = GEOGRAPHY_LEVEL.get(md.boundary_set, md.level)  # the level drawn, which may not be the one asked
        areas = f"{LEVEL_WORDS.get(drawn, drawn)} ({GEOGRAPHY_NAMES.get(md.boundary_set, md.boundary_set)})"
        if drawn == "la" and md.boundary_set.startswith("lad"):
            areas = f"Local authorities (20{md.boundary_set[3:]} boundaries)"
        if scene.grid is not None:  # a raster layer shows its grid squares; the legend counts areas
            areas = f"1 km grid squares, with {areas[0].lower() + areas[1:]} outlined"
        subtitle = f"{areas}, {md.period}; classes: {scheme[0].lower() + scheme[1:]}"
    return PageText(title=title, subtitle=subtitle, sources=source_lines([layer]),
                    attribution=boundaries_attribution(), caveats=list(layer.caveats), date_text=today_text())


# -- devices --------------------------------------------------------------------------------------------------------

@dataclass
class PageSize:
    width: int  # device units (pixels at ``dpi``)
    height: int
    dpi: float
    paper: str | None
    orientation: str


def page_size(fmt: str, width, height, dpi, paper, orientation) -> PageSize:
    from placeviz.render.layout import paper_size_px

    if fmt == "pdf" and paper is None:
        paper = "A4"
    if paper is not None:
        w, h = paper_size_px(str(paper).upper(), orientation, dpi)
        return PageSize(w, h, float(dpi), str(paper).upper(), orientation)
    return PageSize(int(width), int(height), float(dpi), None, orientation)


def _draw_pages(painter, pages, size: PageSize, new_page=None) -> None:
    """Draw (scene, spec, text) pages with one painter; ``new_page`` starts each page after the first."""
    from placeviz.render.layout import layout_for, paint_page

    for i, (scene, spec, text) in enumerate(pages):
        if i and new_page is not None:
            new_page()
        lay = layout_for(painter, text, size.width, size.height, size.dpi)
        paint_page(painter, scene, text, lay, extent=spec.extent)


def _page_image(size: PageSize):
    """A white page image at the page's pixel size, its DPI recorded for printing."""
    from PyQt6.QtGui import QColor, QImage

    img = QImage(size.width, size.height, QImage.Format.Format_ARGB32_Premultiplied)
    dpm = round(size.dpi / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    img.fill(QColor("#ffffff"))
    return img


@contextmanager
def _painting(device, path: Path):
    """A QPainter on ``device`` (ended afterwards, whatever happens); a device Qt cannot open is a clear error."""
    from PyQt6.QtGui import QPainter

    p = QPainter()
    if not p.begin(device):
        raise StaticExportError(f"Could not write {path}: check the folder exists and you may write to it.")
    try:
        yield p
    finally:
        p.end()


def write_png(pages, path: Path, size: PageSize) -> None:
    from PyQt6.QtGui import QImage

    img = _page_image(size)
    with _painting(img, path) as p:
        _draw_pages(p, pages[:1], size)
    out = img.convertToFormat(QImage.Format.Format_RGB32)
    if not out.save(str(path), "PNG"):
        raise StaticExportError(f"Could not write {path}: check the folder exists and you may write to it.")


def _svg_device(path: Path, size: PageSize, title: str):
    """An SVG generator the size of the page: vector paths and text."""
    from PyQt6.QtCore import QRect, QSize
    from PyQt6.QtSvg import QSvgGenerator

    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(size.width, size.height))
    gen.setViewBox(QRect(0, 0, size.width, size.height))
    gen.setResolution(round(size.dpi))
    gen.setTitle(title)
    gen.setDescription("Made with placeviz")
    return gen


def _pdf_device(path: Path, size: PageSize, title: str):
    """A PDF writer on A4/A3 in the page's orientation, or on the page's own size when no paper is named."""
    from PyQt6.QtCore import QMarginsF, QSizeF
    from PyQt6.QtGui import QPageLayout, QPageSize, QPdfWriter

    writer = QPdfWriter(str(path))
    if size.paper is not None:
        ps = QPageSize(QPageSize.PageSizeId.A4 if size.paper == "A4" else QPageSize.PageSizeId.A3)
        orient = (QPageLayout.Orientation.Landscape if size.orientation == "landscape"
                  else QPageLayout.Orientation.Portrait)
    else:
        ps = QPageSize(QSizeF(size.width / size.dpi * 72, size.height / size.dpi * 72), QPageSize.Unit.Point)
        orient = QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(ps, orient, QMarginsF(0, 0, 0, 0)))
    writer.setResolution(round(size.dpi))
    writer.setTitle(title)
    writer.setCreator("placeviz")
    return writer


def write_svg(pages, path: Path, size: PageSize, title: str) -> None:
    with _painting(_svg_device(path, size, title), path) as p:
        _draw_pages(p, pages[:1], size)


def write_pdf(pages, path: Path, size: PageSize, title: str) -> None:
    writer = _pdf_device(path, size, title)
    with _painting(writer, path) as p:
        dev = PageSize(writer.width(), writer.height(), size.dpi, size.paper, size.orientation)
        _draw_pages(p, pages, dev, new_page=writer.newPage)


# -- atlas ------------------------------------------------------------------------------------------------------------

def atlas_areas(scene) -> list[tuple[str, str]]:
    """(code, name) of each local authority of the overview's place, in name order."""
    o = scene.outlines
    if o is None or len(o.rows) == 0:
        return []
    codes = [str(c) for c in o.geometry.codes[o.rows]]
    return sorted(zip(codes, o.names, strict=True), key=lambda t: t[1])


def _pct(v) -> str:
    return "no data" if v is None or v != v else f"{v:.1f}%"


def area_profile(code: str, name: str, scene) -> tuple[list[tuple[str, str]], list[str], str, list[str]]:
    """(figures, sentences, heading, layer ids they rest on) for an atlas page: from
    ``placeviz.analysis.profile`` where it is available, else key figures of the page's own map data."""
    try:
        from placeviz.analysis.narrative import so_what
        from placeviz.analysis.profile import place_profile
    except ImportError:
        place_profile = None
    if place_profile is not None:
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

        add("Residents (mid-2020)", "residents")
        for ed in ("2019", "2025"):
            add(f"Residents in England's most deprived 10% of neighbourhoods (IoD {ed})",
                f"imd{ed}.imd.decile1.resident_share", f"imd{ed}.imd.decile1.resident_share.england")
        add("Neighbourhoods in the most deprived 10% (IoD 2019)", "imd2019.imd.decile1.areas")
        add("Average IMD score (IoD 2019)", "imd2019.average_score")
        count = prof.figure("imd2019.la_count")
        add("Rank of 317 local authorities (IoD 2019; 1st = most deprived)" if count is None
            or count.display() == "317" else f"Rank of {count.display()} local authorities (IoD 2019)",
            "imd2019.la_rank")
        add("Life expectancy, men", "le.male", "le.male.england")
        add("Life expectancy, women", "le.female", "le.female.england")
        sentences = so_what(prof)[:4]
        used = [lid for fid in ids for lid in prof.figures[fid].layers]
        used += [lid for s in sentences for f in s.figure_ids for lid in prof.figures[f].layers]
        return figs, [s.text for s in sentences], f"{name}: key figures", list(dict.fromkeys(used))
    # fallback: figures of the page's own map
    md = scene.data
    frame = md.frame
    values = np.asarray(frame["value"].to_numpy(), dtype="float64")
    figs = [("Neighbourhoods mapped", f"{len(values):,}")]
    if "decile" in frame:
        d = np.asarray(frame["decile"].to_numpy(), dtype="float64")
        figs.append(("Share in the most deprived 10% in England", _pct(100 * np.mean(d[np.isfinite(d)] == 1))))
    if np.isfinite(values).any():
        figs.append((f"Average {md.layer.label}", md.layer.format_value(float(np.nanmean(values)))))
    return figs, [], f"{name}: key figures", []


def _add_profile(text, place: str, name: str, scene) -> None:
    """Put a place's key figures and sentences on a page, and their sources in its footer."""
    text.figures, text.sentences, text.figures_title, used = area_profile(place, name, scene)
    if used:
        from placeviz.model.catalog import get_layer
        from placeviz.render.layout import source_lines

        text.sources = list(dict.fromkeys(text.sources + source_lines([get_layer(x) for x in used])))


def atlas_pages(spec, overview, subtitle=None) -> list:
    """The pages of an atlas: the overview, then each local authority of the place."""
    from placeviz.render.layout import PageText

    pages = [(overview, spec, page_text(overview, spec, subtitle))]
    areas = atlas_areas(overview)
    if len(areas) < 2:
        raise StaticExportError(f"{overview.data.place.name} is a single local authority, so an atlas would have "
                                "one page: export a PDF without --atlas, or choose a bigger place.")
    n = len(areas) + 1
    first = pages[0][2]
    first.page_label = f"Page 1 of {n}"
    first.notes.append(f"Pages 2 to {n}: one page for each of its {len(areas)} local authorities.")
    place = overview.data.place
    if place.kind != "england":  # the place's own figures (England's would compare England with itself)
        _add_profile(first, place.name, place.name, overview)
    else:
        first.figures, first.figures_title = [], ""
    for i, (code, name) in enumerate(areas, start=2):
        s = spec.with_(place=code, extent=None, selection=(), title=None)
        scene = scene_for(s)
        t: PageText = page_text(scene, s, subtitle)
        t.title = f"{name}: {scene.layer.title}"
        _add_profile(t, code, name, scene)
        t.page_label = f"Page {i} of {n}"
        pages.append((scene, s, t))
    return pages


# -- the export ---------------------------------------------------------------------------------------------------------

def export_static(spec_or_specs, path, fmt: str | None = None, *, width: int = 1600, height: int = 1200,
                  dpi: float = 150, paper: str | None = None, orientation: str = "landscape",
                  atlas: bool = False, subtitle: str | None = None, basemap: bool = False) -> Path:
    """Write a map (a MapSpec, or several: one PDF page each) as PNG, SVG or PDF; returns the path.

    ``width``/``height`` are pixels (PNG, SVG) when no ``paper`` (A4, A3) is given; ``dpi`` sets the PNG's
    resolution (and its DPI metadata) and the size of text. A PDF without ``paper`` is A4. ``atlas`` (PDF):
    an overview page of the place, then one page per local authority with its map and key figures.
    """
    from placeviz.model.spec import MapSpec

    path = Path(path)
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
    _check_options(width, height, dpi, paper, orientation)
    if not path.parent.exists():
        raise StaticExportError(f"The folder {path.parent} does not exist: create it or choose another.")
    size = page_size(fmt, width, height, dpi, paper, orientation)
    ensure_qt()
    if atlas:
        pages = []
        for s in specs:
            pages += atlas_pages(s, scene_for(s), subtitle)
    else:
        pages = []
        for s in specs:
            scene = scene_for(s)
            pages.append((scene, s, page_text(scene, s, subtitle)))
    title = pages[0][2].title
    if fmt == "png":
        write_png(pages, path, size)
    elif fmt == "svg":
        write_svg(pages, path, size, title)
    else:
        write_pdf(pages, path, size, title)
    return path


# -- profile PDF ----------------------------------------------------------------------------------------------------
#
# A place profile as an A4 portrait briefing: page 1 carries the title, the date, the plain-English summary and
# the place's IMD 2019 map in national deciles; the pages after it carry the figures in tables (deprivation,
# domains against England, life expectancy, air quality, insecure work), each with its caveats, the five most
# and least deprived neighbourhoods, the hot spot map, how the figures were made and every source. Each page's
# footer gives the sources and licences of what is on that page, and its page number.

PROFILE_DPI = 300
ACCENT = "#1f4e79"  # section headings and table header rule
TABLE_HEAD = "#eef1f5"
TABLE_RULE = "#dcdcdc"


@dataclass
class Block:
    """Something that flows down a profile page: its height (device units) at the page's text width, how to
    draw it at (x, y), the layers its figures come from (for the page's footer) and whether it holds a map."""

    height: float
    draw: object  # callable(painter, x, y, width)
    layers: tuple[str, ...] = ()
    has_map: bool = False
    keep_with_next: bool = False
    space_after: float = 0.0


class ProfileDocument:
    """Builds the blocks of a profile PDF with one painter (for text measurements) and lays them out on pages."""

    def __init__(self, painter, width: float, height: float, dpi: float):
        from placeviz.render.layout import units_per_point

        self.p = painter
        self.k = units_per_point(dpi)
        self.width, self.height = width, height
        self.margin = 40 * self.k
        self.text_w = width - 2 * self.margin
        self.base = 9.0  # body text in points

    # -- text --------------------------------------------------------------------------------------------
    def font(self, scale: float = 1.0, bold: bool = False, italic: bool = False):
        from placeviz.render.layout import font

        return font(self.base * scale, bold, italic)

    def th(self, text: str, f, width: float) -> float:
        from placeviz.render.layout import text_height

        return text_height(self.p, text, f, width)

    def paragraph(self, text: str, scale: float = 1.0, colour: str = "#1b1b1b", italic: bool = False,
                  bold: bool = False, layers=(), space_after: float = 4.0, indent: float = 0.0,
                  keep_with_next: bool = False) -> Block:
        from placeviz.render.layout import draw_wrapped

        f = self.font(scale, bold, italic)
        ind = indent * self.k
        h = self.th(text, f, self.text_w - ind)

        def draw(p, x, y, w):
            draw_wrapped(p, text, f, x + ind, y, w - ind, colour)

        return Block(h, draw, tuple(layers), space_after=space_after * self.k, keep_with_next=keep_with_next)

    def heading(self, text: str, level: int = 1) -> Block:
        from PyQt6.QtCore import QPointF
        from PyQt6.QtGui import QColor, QPen

        from placeviz.render.layout import draw_wrapped

        f = self.font(1.35 if level == 1 else 1.1, bold=True)
        h = self.th(text, f, self.text_w)
        rule = level == 1
        k = self.k

        def draw(p, x, y, w):
            draw_wrapped(p, text, f, x, y, w, ACCENT if level == 1 else "#1b1b1b")
            if rule:
                pen = QPen(QColor(ACCENT))
                pen.setWidthF(0.8 * k)
                p.setPen(pen)
                p.drawLine(QPointF(x, y + h + 2 * k), QPointF(x + w, y + h + 2 * k))

        return Block(h + (5 if rule else 2) * k, draw, keep_with_next=True, space_after=3 * k)

    def numbered(self, items: list[str], layers=()) -> list[Block]:
        """A numbered list: one block per item, so a long list can break between items."""
        from PyQt6.QtCore import QRectF, Qt
        from PyQt6.QtGui import QColor

        from placeviz.render.layout import draw_wrapped

        f = self.font(0.95)
        fb = self.font(0.95, bold=True)
        ind = 14 * self.k
        out = []
        for i, text in enumerate(items, 1):
            h = self.th(text, f, self.text_w - ind)

            def draw(p, x, y, w, text=text, i=i, h=h):
                p.setFont(fb)
                p.setPen(QColor(ACCENT))
                p.drawText(QRectF(x, y, ind, h), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), f"{i}.")
                draw_wrapped(p, text, f, x + ind, y, w - ind)

            out.append(Block(h, draw, tuple(layers), space_after=4 * self.k))
        return out

    def table(self, headers, rows, widths, align=None, layers=(), muted_rows=(), scale: float = 0.9) -> Block:
        """A table: ``widths`` are shares of the text width; the first column wraps, the others are right-aligned
        unless ``align`` says 'l'. Rows whose index is in ``muted_rows`` are grey and italic (England's rows)."""
        from PyQt6.QtCore import QPointF, QRectF, Qt
        from PyQt6.QtGui import QColor, QPen

        k = self.k
        f, fb, fi = self.font(scale), self.font(scale * 0.95, bold=True), self.font(scale, italic=True)
        align = align or ["l"] + ["r"] * (len(headers) - 1)
        pad_x, pad_y = 4 * k, 2.6 * k
        total = sum(widths)
        cols = [w / total * self.text_w for w in widths]

        def row_h(cells, fnt):
            return max(self.th(str(c), fnt, cw - 2 * pad_x) for c, cw in zip(cells, cols, strict=True)) + 2 * pad_y

        head_h = row_h(headers, fb)
        heights = [row_h(r, fi if i in muted_rows else f) for i, r in enumerate(rows)]

        def draw(p, x, y, w):
            flags_l = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
            flags_r = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
            p.save()
            p.fillRect(QRectF(x, y, w, head_h), QColor(TABLE_HEAD))

            def cells(values, fnt, colour, yy, hh):
                p.setFont(fnt)
                p.setPen(QColor(colour))
                cx = x
                for v, cw, a in zip(values, cols, align, strict=True):
                    p.drawText(QRectF(cx + pad_x, yy + pad_y, cw - 2 * pad_x, hh), flags_l if a == "l" else flags_r,
                               str(v))
                    cx += cw

            cells(headers, fb, "#1b1b1b", y, head_h)
            yy = y + head_h
            pen = QPen(QColor(ACCENT))
            pen.setWidthF(0.7 * k)
            p.setPen(pen)
            p.drawLine(QPointF(x, yy), QPointF(x + w, yy))
            for i, (r, hh) in enumerate(zip(rows, heights, strict=True)):
                muted = i in muted_rows
                cells(r, fi if muted else f, "#5a5a5a" if muted else "#1b1b1b", yy, hh)
                yy += hh
                pen = QPen(QColor(TABLE_RULE))
                pen.setWidthF(0.4 * k)
                p.setPen(pen)
                p.drawLine(QPointF(x, yy), QPointF(x + w, yy))
            p.restore()

        return Block(head_h + sum(heights), draw, tuple(layers), space_after=5 * self.k)

    def bars(self, rows, here_label: str, england_label: str, layers=()) -> Block:
        """A bar chart of shares (0-100%): per row (label, here, England), a coloured bar for the place and a
        grey tick for England, with the value printed at the bar's end."""
        from PyQt6.QtCore import QPointF, QRectF, Qt
        from PyQt6.QtGui import QColor, QFontMetricsF, QPen

        k = self.k
        f = self.font(0.85)
        fm = QFontMetricsF(f, self.p.device())
        label_w = max(fm.horizontalAdvance(r[0]) for r in rows) + 8 * k
        row_h = max(fm.height() + 5 * k, 14 * k)
        key_h = fm.height() + 6 * k
        axis_h = fm.height() + 4 * k
        h = key_h + row_h * len(rows) + axis_h

        def draw(p, x, y, w):
            chart_x = x + label_w
            chart_w = w - label_w - 40 * k
            p.save()
            p.setFont(f)
            # key
            p.fillRect(QRectF(x, y + 2 * k, 12 * k, fm.height() - 4 * k), QColor(ACCENT))
            p.setPen(QColor("#1b1b1b"))
            p.drawText(QRectF(x + 16 * k, y, 200 * k, fm.height()), int(Qt.AlignmentFlag.AlignVCenter), here_label)
            kx = x + 16 * k + fm.horizontalAdvance(here_label) + 16 * k
            pen = QPen(QColor("#1b1b1b"))
            pen.setWidthF(1.6 * k)
            p.setPen(pen)
            p.drawLine(QPointF(kx + 6 * k, y + 1 * k), QPointF(kx + 6 * k, y + fm.height() - 1 * k))
            p.setPen(QColor("#1b1b1b"))
            p.drawText(QRectF(kx + 14 * k, y, 200 * k, fm.height()), int(Qt.AlignmentFlag.AlignVCenter),
                       england_label)
            yy = y + key_h
            # gridlines at 0, 25, 50, 75, 100%
            grid = QPen(QColor("#e4e4e4"))
            grid.setWidthF(0.5 * k)
            for t in (0, 25, 50, 75, 100):
                gx = chart_x + chart_w * t / 100
                p.setPen(grid)
                p.drawLine(QPointF(gx, yy), QPointF(gx, yy + row_h * len(rows)))
                p.setPen(QColor("#666666"))
                p.drawText(QRectF(gx - 20 * k, yy + row_h * len(rows) + 2 * k, 40 * k, fm.height()),
                           int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"{t}%")
            for label, here, england in rows:
                p.setPen(QColor("#1b1b1b"))
                p.drawText(QRectF(x, yy, label_w - 6 * k, row_h),
                           int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), label)
                if here is not None:
                    bw = chart_w * max(0.0, min(float(here), 100.0)) / 100
                    p.fillRect(QRectF(chart_x, yy + 3 * k, bw, row_h - 6 * k), QColor(ACCENT))
                    p.setPen(QColor("#1b1b1b"))
                    p.drawText(QRectF(chart_x + bw + 3 * k, yy, 40 * k, row_h), int(Qt.AlignmentFlag.AlignVCenter),
                               f"{here:.0f}%")
                if england is not None:
                    ex = chart_x + chart_w * max(0.0, min(float(england), 100.0)) / 100
                    halo = QPen(QColor("#ffffff"))
                    halo.setWidthF(3.2 * k)
                    p.setPen(halo)
                    p.drawLine(QPointF(ex, yy + 1 * k), QPointF(ex, yy + row_h - 1 * k))
                    pen = QPen(QColor("#1b1b1b"))
                    pen.setWidthF(1.6 * k)
                    p.setPen(pen)
                    p.drawLine(QPointF(ex, yy + 1 * k), QPointF(ex, yy + row_h - 1 * k))
                yy += row_h
            p.restore()

        return Block(h, draw, tuple(layers), space_after=6 * k)

    def caveats(self, texts, layers=()) -> list[Block]:
        from placeviz.render.layout import CAVEAT_INK

        return [self.paragraph(f"Caveat: {t}", 0.82, CAVEAT_INK, italic=True, layers=layers, space_after=2.5)
                for t in texts]

    def spacer(self, pt: float) -> Block:
        return Block(0, lambda *a: None, space_after=pt * self.k)


def _figure_layers(profile, ids) -> tuple[str, ...]:
    out: list[str] = []
    for i in ids:
        f = profile.figures.get(i)
        if f is not None:
            out += [x for x in f.layers if x not in out]
    return tuple(out)


def _profile_map_spec(profile):
    from placeviz.model.spec import Classification, MapSpec

    place = profile.place
    where = place.codes[0] if place.kind == "la" and len(place.codes) == 1 else place.name
    return MapSpec(place=where, level="lsoa", layer="imd2019", classification=Classification("national_deciles", 10))


def hotspot_scene(profile):
    """A MapScene of the profile's hot spots: each neighbourhood coloured by its class (hot spot, cold spot, ...),
    with the place's local authorities outlined. None when the profile has no hot spots."""
    from types import SimpleNamespace

    from placeviz.analysis.hotspots import SPOT_CLASSES, SPOT_COLOURS
    from placeviz.model.catalog import get_layer
    from placeviz.render.geometry import RenderGeometry
    from placeviz.render.scene import MapScene, build_outlines

    h = profile.hotspots
    if h is None or len(h.frame) == 0:
        return None
    f = h.frame
    geo = RenderGeometry.for_set(h.boundary_set)
    rows = geo.rows(f["code"].to_numpy(dtype=object))
    geo.ensure_paths(rows[rows >= 0])
    order = {s: i for i, s in enumerate(SPOT_CLASSES)}
    classes = np.array([order[s] for s in f["spot"]], dtype=np.int64)
    classified = SimpleNamespace(classes=classes, colours=[SPOT_COLOURS[s] for s in SPOT_CLASSES],
                                 scheme="hotspots", bins=[], legend=[], note=None)
    layer = get_layer(h.layer_id)
    data = SimpleNamespace(place=profile.place, layer=layer, note=None, period=layer.period,
                           frame={"code": Column(f["code"].to_numpy(dtype=object))})
    return MapScene(data, classified, geo, rows, build_outlines(profile.place, h.boundary_set), None)


def _map_block(doc: ProfileDocument, scene, height: float, legend, layers, caption: str | None = None) -> Block:
    """A framed map (scale bar, north arrow) on the left and its legend on the right; ``legend(p, rect)``."""
    from placeviz.render.layout import Box, PageLayout, paint_framed_map, paint_map_furniture

    k = doc.k
    legend_w = 165 * k
    gap = 12 * k

    def draw(p, x, y, w):
        box = Box(x, y, w - legend_w - gap, height)
        lay = PageLayout(Box(0, 0, doc.width, doc.height), box, box, box, box, k, doc.base, True)
        p.save()
        paint_framed_map(p, scene, lay)
        p.restore()
        paint_map_furniture(p, scene, lay)
        legend(p, Box(box.right + gap, y, legend_w, height).qrect())

    return Block(height, draw, tuple(layers), has_map=True, space_after=6 * k)


def _hotspot_legend(doc: ProfileDocument, hotspots):
    def legend(p, rect):
        from PyQt6.QtCore import QRectF, Qt
        from PyQt6.QtGui import QColor, QPen

        from placeviz.render.layout import draw_wrapped

        k = doc.k
        y = draw_wrapped(p, "Deprivation hot spots", doc.font(1.0, bold=True), rect.x(), rect.y(), rect.width())
        y = draw_wrapped(p, f"IMD 2019 score, {hotspots.method_title}, p < {hotspots.alpha:g}; count of "
                         "neighbourhoods", doc.font(0.8), rect.x(), y + 1 * k, rect.width(), "#555555") + 5 * k
        f = doc.font(0.9)
        row = 13 * k
        for label, colour, count in hotspots.legend():
            p.setPen(QPen(QColor("#777777"), 0.5 * k))
            p.setBrush(QColor(colour))
            p.drawRect(QRectF(rect.x(), y + 2 * k, 18 * k, row - 4 * k))
            p.setFont(f)
            p.setPen(QColor("#1b1b1b"))
            p.drawText(QRectF(rect.x() + 24 * k, y, rect.width() - 60 * k, row),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label)
            p.drawText(QRectF(rect.right() - 40 * k, y, 40 * k, row),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), f"{count:,}")
            y += row
        y += 6 * k
        draw_wrapped(p, "Hot spot: a neighbourhood that, with its neighbours, is significantly more deprived than "
                     f"{hotspots.place_name} as a whole; cold spot: significantly less deprived.", doc.font(0.8),
                     rect.x(), y, rect.width(), "#555555")

    return legend


def _decile_legend(doc: ProfileDocument, scene):
    def legend(p, rect):
        from placeviz.render.scene import paint_legend

        md = scene.data
        paint_legend(p, rect, scene.classified, scene.layer, title=scene.layer.title, note=md.note,
                     period=md.period, font=doc.font(0.8), counts=True, source=False)

    return legend


def profile_blocks(doc: ProfileDocument, profile, sentences, first_page_room) -> tuple[list, list]:
    """(page-1 blocks, blocks of the pages after it). ``first_page_room(blocks)``: the height left on page 1
    under those blocks, for the map."""
    from placeviz.analysis.profile import EDITIONS
    from placeviz.analysis.report import SECTION_FIGURES, deprivation_rows, domain_rows, residents_line
    from placeviz.render.layout import today_text
    from placeviz.render.scene import build_scene

    k = doc.k
    name = profile.name
    first: list[Block] = []
    first.append(doc.paragraph(f"Place profile: {name}", 2.3, bold=True, space_after=3))
    first.append(doc.paragraph(f"{profile.place.description[0].upper()}{profile.place.description[1:]}  ·  "
                               f"{today_text()}", 1.1, "#555555", space_after=2))
    first.append(doc.paragraph(residents_line(profile), 1.0, "#555555", layers=_figure_layers(
        profile, ["residents", "lsoa11.count"]), space_after=10))
    first.append(doc.heading("So what"))
    used = [fid for s in sentences for fid in s.figure_ids]
    first += doc.numbered([s.text for s in sentences], _figure_layers(profile, used)) or [
        doc.paragraph("There are no figures to describe for this place.")]
    first.append(doc.spacer(4))
    # the IMD 2019 map fills what is left of page 1 (or opens page 2 when the summary leaves too little room)
    spec = _profile_map_spec(profile)
    scene = scene_for(spec) if profile.is_england else build_scene(spec)
    map_head = doc.heading("Deprivation by neighbourhood: IMD 2019, national deciles", level=2)
    room = first_page_room([*first, map_head, Block(0, None, ("imd2019",), has_map=True)])
    min_map = 200 * k
    map_h = room - 8 * k if room - 8 * k >= min_map else 380 * k
    map_blocks = [map_head, _map_block(doc, scene, map_h, _decile_legend(doc, scene), ("imd2019",))]
    rest: list[Block] = []
    if room - 8 * k >= min_map:
        first += map_blocks
    else:
        rest += map_blocks

    caveats: dict[str, list[str]] = {}
    for topic, text in profile.caveats:
        caveats.setdefault(topic, []).append(text)
    shown_topics: set[str] = set()

    def topic_caveats(topic, layers):
        shown_topics.add(topic)
        return doc.caveats(caveats.get(topic, []), layers)

    # deprivation
    dep_ids = [i for i in profile.figures if i.startswith(("imd2019.", "imd2025.")) or i in ("residents",)]
    dep_layers = _figure_layers(profile, dep_ids) or ("imd2019", "imd2025")
    rows = deprivation_rows(profile)
    rest.append(doc.heading("Deprivation"))
    rest.append(doc.table(("", "IoD 2019", "IoD 2025"), rows, (3.2, 1.2, 1.2), layers=dep_layers,
                          muted_rows={i for i, r in enumerate(rows) if r[0].startswith("  ")}))
    rest += topic_caveats("Deprivation", dep_layers)
    # domains
    drows = domain_rows(profile)
    if drows:
        dom_layers = tuple(dict.fromkeys(r["layer"] for e in EDITIONS for r in profile.domain_table(e)))
        rest.append(doc.spacer(6))
        rest.append(doc.heading("Which domains drive deprivation"))
        rest.append(doc.paragraph("Share of residents living in England's most deprived 20% of neighbourhoods on "
                                  "each domain of the indices, here and across England.", 0.9, "#444444",
                                  space_after=4, keep_with_next=True))
        edition = "2025" if profile.domain_table("2025") else "2019"
        chart = [(r["title"][0].upper() + r["title"][1:], r["resident_share"], r["england_resident_share"])
                 for r in profile.domain_table(edition)]
        rest.append(doc.bars(chart, f"{name} (IoD {edition})", f"England (IoD {edition})", dom_layers))
        rest.append(doc.table(("Domain", "Here 2019", "England 2019", "Here 2025", "England 2025"), drows,
                              (2.6, 1, 1, 1, 1), layers=dom_layers))
    # life expectancy, air quality, insecure work (the text format's sections), hot spots come later
    topics = {"Life expectancy (2016-2020, MSOAs)": "Life expectancy", "Air quality": "Air quality",
              "Insecure work": "Insecure work"}
    for section, topic in topics.items():
        figs = [profile.figures[i] for i in SECTION_FIGURES[section] if i in profile.figures]
        if not figs:
            continue
        lay = _figure_layers(profile, [f.id for f in figs])
        rest.append(doc.spacer(6))
        rest.append(doc.heading(section))
        rows = [(f.label, f.display()) for f in figs]
        rest.append(doc.table(("", "Value"), rows, (4.4, 1.0), layers=lay,
                              muted_rows={i for i, f in enumerate(figs) if "england" in f.id or "cheshire" in f.id}))
        rest += topic_caveats(topic, lay)
    # neighbourhoods
    nb_first = True
    for edition in EDITIONS:
        label = EDITIONS[edition]["label"]
        for which, words in (("most_deprived", "Most deprived"), ("least_deprived", "Least deprived")):
            items = getattr(profile, which).get(edition, [])
            if not items:
                continue
            if nb_first:
                rest.append(doc.spacer(6))
                rest.append(doc.heading("The most and least deprived neighbourhoods"))
                rest.append(doc.paragraph("Rank among England's neighbourhoods (1 = most deprived) and national "
                                          "decile (1 = most deprived 10%).", 0.9, "#444444", space_after=4,
                                          keep_with_next=True))
                nb_first = False
            rest.append(doc.heading(f"{words} five ({label})", level=2))
            rows = [(n.name, n.code, n.lad_name, f"{n.rank:,}", str(n.decile), f"{n.score:.1f}") for n in items]
            rest.append(doc.table(("Neighbourhood", "Code", "Local authority", "Rank", "Decile", "Score"), rows,
                                  (1.5, 1.3, 1.9, 0.9, 0.7, 0.7), align=["l", "l", "l", "r", "r", "r"],
                                  layers=(EDITIONS[edition]["layer"],)))
    # hot spots
    hs = hotspot_scene(profile)
    if hs is not None:
        h = profile.hotspots
        rest.append(doc.spacer(6))
        rest.append(doc.heading("Hot spots and cold spots"))
        rest.append(doc.paragraph(h.description(), 0.9, "#444444", layers=(h.layer_id,), space_after=5,
                                  keep_with_next=True))
        hs_h = min(360 * k, max(240 * k, doc.text_w * 0.62))
        rest.append(_map_block(doc, hs, hs_h, _hotspot_legend(doc, h), (h.layer_id,)))
        for n in h.notes:
            rest.append(doc.paragraph(n, 0.82, "#444444", space_after=2.5))
        rest += topic_caveats("Hot spots", (h.layer_id,))
    other = [(t, c) for t, c in profile.caveats if t not in shown_topics]
    if other:
        rest.append(doc.spacer(6))
        rest.append(doc.heading("Other caveats"))
        rest += doc.caveats([f"{t}: {c}" for t, c in other])
    if profile.notes:
        rest.append(doc.spacer(6))
        rest.append(doc.heading("How the figures were made"))
        rest += [doc.paragraph(f"• {n}", 0.85, space_after=2.5) for n in dict.fromkeys(profile.notes)]
    return first, rest


def _page_footer_lines(layers, has_map: bool) -> list[str]:
    from placeviz.model.catalog import get_layer
    from placeviz.render.layout import boundaries_attribution, source_lines

    lines = source_lines([get_layer(x) for x in dict.fromkeys(layers)])
    if has_map:
        lines.append(boundaries_attribution())
    return lines


def export_profile_pdf(profile, sentences, path, *, dpi: float = PROFILE_DPI) -> Path:
    """Write a place profile (``placeviz.analysis.profile.place_profile``) and its so-what sentences
    (``placeviz.analysis.narrative.so_what``) as an A4 portrait PDF briefing; returns the path.

    Page 1: title, date, the summary and the IMD 2019 map in national deciles with its legend; then the
    figures in tables with their caveats, the most and least deprived neighbourhoods, the hot spot map, how
    the figures were made and every source. Each page's footer names the sources and licences of what it
    shows, and its page number. Vector throughout: text stays searchable.
    """
    from PyQt6.QtCore import QPointF, QRectF, Qt
    from PyQt6.QtGui import QColor, QPainter, QPen

    from placeviz.render.layout import MUTED, RULE, draw_wrapped, today_text

    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise StaticExportError(f"A PDF profile is written to a .pdf file, not {path.name}.")
    if not path.parent.exists():
        raise StaticExportError(f"The folder {path.parent} does not exist: create it or choose another.")
    ensure_qt()
    writer = _pdf_device(path, PageSize(0, 0, dpi, "A4", "portrait"), f"Place profile: {profile.name}")
    p = QPainter()
    if not p.begin(writer):
        raise StaticExportError(f"Could not write {path}: check the folder exists and you may write to it.")
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        doc = ProfileDocument(p, writer.width(), writer.height(), dpi)
        k = doc.k
        foot_font = doc.font(0.7)
        run_font = doc.font(0.8)
        run_h = doc.th("Place profile", run_font, doc.text_w) + 8 * k  # running header of pages 2+

        def footer_h(layers, has_map) -> float:
            h = 6 * k
            for line in _page_footer_lines(layers, has_map):
                h += doc.th(line, foot_font, doc.text_w) + 1.2 * k
            return h + doc.th("Page 1 of 1", foot_font, doc.text_w)

        def room(blocks, top) -> float:
            layers = [x for b in blocks for x in b.layers]
            used = sum(b.height + b.space_after for b in blocks)
            return doc.height - doc.margin - footer_h(layers, any(b.has_map for b in blocks)) - top - used

        first, rest = profile_blocks(doc, profile, sentences, lambda blocks: room(blocks, doc.margin))
        # pages: page 1 as built; the rest flowed onto pages, keeping headings with what follows them
        pages = [first]
        top = doc.margin + run_h
        current: list[Block] = []
        i = 0
        while i < len(rest):
            group = [rest[i]]
            while group[-1].keep_with_next and i + len(group) < len(rest):
                group.append(rest[i + len(group)])
            if current and room(current + group, top) < 0:
                pages.append(current)
                current = []
            current += group
            i += len(group)
        if current:
            pages.append(current)
        # the last page (or a page of its own) lists every source
        from placeviz.analysis.report import all_sources
        from placeviz.render.layout import boundaries_attribution

        src = [doc.spacer(6), doc.heading("Sources and licences")]
        src += [doc.paragraph(s, 0.8, "#333333", space_after=2.5) for s in [*all_sources(profile),
                                                                            boundaries_attribution()]]
        if room(pages[-1] + src, top) >= 0 and len(pages) > 1:
            pages[-1] += src
        else:
            pages.append(src[1:])
        n = len(pages)
        title = f"Place profile: {profile.name}"
        for pi, blocks in enumerate(pages):
            if pi:
                writer.newPage()
            p.fillRect(QRectF(0, 0, doc.width, doc.height), QColor("#ffffff"))
            x, y = doc.margin, doc.margin
            if pi:  # running header
                draw_wrapped(p, title, run_font, x, y, doc.text_w, MUTED)
                p.setFont(run_font)
                p.drawText(QRectF(x, y, doc.text_w, run_h), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                           today_text())
                pen = QPen(QColor(RULE))
                pen.setWidthF(0.6 * k)
                p.setPen(pen)
                p.drawLine(QPointF(x, y + run_h - 4 * k), QPointF(x + doc.text_w, y + run_h - 4 * k))
                y += run_h
            for b in blocks:
                b.draw(p, x, y, doc.text_w)
                y += b.height + b.space_after
            # footer: the sources of this page, then the page number
            layers = [x for b in blocks for x in b.layers]
            lines = _page_footer_lines(layers, any(b.has_map for b in blocks))
            fy = doc.height - doc.margin - footer_h(layers, any(b.has_map for b in blocks))
            pen = QPen(QColor(RULE))
            pen.setWidthF(0.6 * k)
            p.setPen(pen)
            p.drawLine(QPointF(x, fy), QPointF(x + doc.text_w, fy))
            fy += 4 * k
            for line in lines:
                fy = draw_wrapped(p, line, foot_font, x, fy, doc.text_w, MUTED) + 1.2 * k
            p.setFont(foot_font)
            p.setPen(QColor(MUTED))
            lh = doc.th("Page 1", foot_font, doc.text_w) + 1
            p.drawText(QRectF(x, fy, doc.text_w, lh), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                       f"{title}. Made with placeviz on {today_text()}.")
            p.drawText(QRectF(x, fy, doc.text_w, lh), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                       f"Page {pi + 1} of {n}")
    finally:
        p.end()
    return path


# -- maps side by side ----------------------------------------------------------------------------------------------

@dataclass
class CompareScenes:
    scenes: list  # one MapScene per spec, classified for the comparison
    shared: bool  # one scale (and one legend) for every map
    note: str | None  # what the legend says about the scale


def compare_scenes(specs, shared_bins=None) -> CompareScenes:
    """The scenes of maps to show side by side. ``shared_bins``: None or False, each map keeps its own classes;
    True, one scale across the maps (national deciles where they all have them, else pooled breaks:
    ``placeviz.analysis.compare.classify_pair``); a sequence of breaks, those breaks on every map."""
    from placeviz.model.classify import classify_map

    scenes = [scene_for(s) for s in specs]
    n = len(scenes)
    both = "both maps" if n == 2 else f"all {n} maps"
    if shared_bins is None or shared_bins is False:
        return CompareScenes(scenes, False, None)
    if shared_bins is True:
        from placeviz.analysis.compare import classify_pair

        pair = classify_pair([sc.data for sc in scenes], [s.classification for s in specs], True)
        scenes = [sc.recolour(c) for sc, c in zip(scenes, pair.classified, strict=True)]
        if not pair.shared:
            return CompareScenes(scenes, False, pair.note)
        how = pair.note.split(":", 1)[1].strip() if ":" in pair.note else pair.note
        return CompareScenes(scenes, True, f"One scale for {both}: {how[0].lower() + how[1:]}")
    bins = np.asarray(shared_bins, dtype="float64")
    if bins.ndim != 1 or len(bins) < 1 or not np.all(np.isfinite(bins)) or np.any(np.diff(bins) <= 0):
        raise StaticExportError("Shared breaks must be a list of increasing numbers.")
    cls = specs[0].classification
    scenes = [sc.recolour(classify_map(sc.data, cls if cls.scheme != "national_deciles" else
                                       cls.__class__("quantiles", len(bins)), bins=bins)) for sc in scenes]
    for sc in scenes:
        sc.classified.shared = True
    return CompareScenes(scenes, True, f"One scale for {both}: the same breaks on each map, so a colour means "
                                       "the same value on each.")


def _caption(scene, all_scenes) -> str:
    """What one map of a comparison shows: its place, and its layer and period where the maps differ in them."""
    md = scene.data
    places = {s.data.place.name for s in all_scenes}
    layers = {(s.layer.id, s.data.period) for s in all_scenes}
    parts = []
    if len(places) > 1 or len(layers) == 1:
        parts.append(md.place.name)
    if len(layers) > 1:
        parts.append(scene.layer.title if md.period in scene.layer.title or md.period[:4] in scene.layer.title
                     else f"{scene.layer.title} ({md.period})")
    return ": ".join(parts)


def compare_text(cs: CompareScenes, title: str | None = None, subtitle: str | None = None):
    from placeviz.render.layout import PageText, boundaries_attribution, source_lines, today_text

    scenes = cs.scenes
    layers = list({sc.layer.id: sc.layer for sc in scenes}.values())
    if title is None:
        if len(layers) == 1:
            title = f"{layers[0].title}: {' and '.join(sc.data.place.name for sc in scenes)}"
        else:
            title = f"{' and '.join(x.label for x in layers)}: {scenes[0].data.place.name}"
    if subtitle is None:
        scale = cs.note or ("Each map has its own scale: the same colour can mean different values."
                            if not cs.shared else "")
        from placeviz.model.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES

        md = scenes[0].data
        drawn = GEOGRAPHY_LEVEL.get(md.boundary_set, md.level)
        sets = " and ".join(dict.fromkeys(GEOGRAPHY_NAMES.get(sc.data.boundary_set, sc.data.boundary_set)
                                          for sc in scenes))
        areas = f"{LEVEL_WORDS.get(drawn, drawn)} ({sets})"
        if drawn == "la" and md.boundary_set.startswith("lad"):
            areas = f"Local authorities (20{md.boundary_set[3:]} boundaries)"
        periods = " and ".join(dict.fromkeys(sc.data.period for sc in scenes))
        subtitle = f"{areas}, {periods}. {scale}".strip()
    caveats = list(dict.fromkeys(c for x in layers for c in x.caveats))
    notes = list(dict.fromkeys(sc.data.note for sc in scenes if sc.data.note))
    return PageText(title=title, subtitle=subtitle, sources=source_lines(layers), attribution=boundaries_attribution(),
                    caveats=caveats, notes=notes, date_text=today_text())


def paint_compare(painter, cs: CompareScenes, text, size: PageSize, specs=None) -> list:
    """Draw maps side by side on one page: header, one framed map per scene (caption, scale bar, north arrow),
    a shared legend at the right (one scale) or a legend under each map, caveats, and the footer with every
    source. Returns the (map Box, QTransform metres -> device) of each map."""
    from PyQt6.QtGui import QColor, QPainter

    from placeviz.render.layout import (
        CAVEAT_INK,
        Box,
        PageLayout,
        draw_wrapped,
        font,
        layout_for,
        map_transform,
        paint_footer,
        paint_framed_map,
        paint_header,
        paint_map_furniture,
        text_height,
    )
    from placeviz.render.scene import paint_legend

    scenes = cs.scenes
    n = len(scenes)
    lay = layout_for(painter, text, size.width, size.height, size.dpi)
    k, base = lay.k, lay.base_pt
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(lay.page.qrect(), QColor("#ffffff"))
    # the body between header and footer
    top = lay.header.bottom + base * 1.2 * k
    bottom = lay.footer.y - base * 1.2 * k
    left, right = lay.header.x, lay.header.right
    gap = base * 1.6 * k
    legend_font = font(base * 0.9)
    cap_font = font(base * 1.15, bold=True)
    caveat_font = font(base * 0.78, italic=True)
    caveats = text.caveats + text.notes
    cav_h = sum(text_height(painter, c, caveat_font, right - left) + base * 0.3 * k for c in caveats)
    cav_h = min(cav_h, (bottom - top) * 0.18)
    maps_bottom = bottom - (cav_h + base * 0.6 * k if caveats else 0)
    if cs.shared:
        panel_w = min(max((right - left) * 0.22, 175 * k), 240 * k)
        col_area = right - left - panel_w - gap
    else:
        panel_w = 0
        col_area = right - left
    col_w = (col_area - gap * (n - 1)) / n
    legend_h = 0.0
    if not cs.shared:  # room under each map for the tallest legend
        legend_h = max(paint_legend(painter, Box(0, 0, col_w, 1e6).qrect(), sc.classified, sc.layer,
                                    title=sc.layer.title, note=sc.data.note, period=sc.data.period,
                                    font=legend_font, counts=True, draw=False, source=False) for sc in scenes)
        legend_h = min(legend_h, (maps_bottom - top) * 0.45)
    boxes = []
    for i, sc in enumerate(scenes):
        x = left + i * (col_w + gap)
        cap_h = text_height(painter, _caption(sc, scenes), cap_font, col_w)
        map_top = top + cap_h + base * 0.4 * k
        map_h = maps_bottom - map_top - (legend_h + base * 0.8 * k if legend_h else 0)
        boxes.append(Box(x, map_top, col_w, map_h))
    extents = common_scale_extents([(specs[i].extent if specs is not None else None) or sc.extent()
                                    for i, sc in enumerate(scenes)], boxes)
    out = []
    for sc, box, ext in zip(scenes, boxes, extents, strict=True):
        painter.save()
        paint_framed_map(painter, sc, PageLayout(lay.page, lay.header, box, box, lay.footer, k, base, lay.portrait),
                         ext)
        painter.restore()
        out.append((box, map_transform(sc, box, ext)))
    # white everywhere but the maps (QSvgGenerator ignores clipping), then the furniture and words over it
    from PyQt6.QtCore import Qt
    from PyQt6.QtGui import QPainterPath

    mask = QPainterPath()
    mask.setFillRule(Qt.FillRule.OddEvenFill)
    mask.addRect(lay.page.qrect())
    for b in boxes:
        mask.addRect(b.qrect())
    painter.fillPath(mask, QColor("#ffffff"))
    for sc, box, ext in zip(scenes, boxes, extents, strict=True):
        paint_map_furniture(painter, sc, PageLayout(lay.page, lay.header, box, box, lay.footer, k, base,
                                                    lay.portrait), ext)
    paint_header(painter, text, lay)
    for i, sc in enumerate(scenes):  # captions and own legends again, over the white
        box = out[i][0]
        draw_wrapped(painter, _caption(sc, scenes), cap_font, box.x, top, box.w)
        if not cs.shared:
            paint_legend(painter, Box(box.x, box.bottom + base * 0.8 * k, box.w, legend_h).qrect(), sc.classified,
                         sc.layer, title=sc.layer.title, note=sc.data.note, period=sc.data.period,
                         font=legend_font, counts=True, source=False)
    if cs.shared:
        sc = scenes[0]
        px = right - panel_w
        paint_legend(painter, Box(px, top, panel_w, maps_bottom - top).qrect(), sc.classified, sc.layer,
                     title=sc.layer.title, note=cs.note, period=sc.data.period, font=legend_font, counts=False,
                     source=False)
    y = maps_bottom + base * 0.6 * k
    for c in caveats:
        y2 = draw_wrapped(painter, c, caveat_font, left, y, right - left, CAVEAT_INK, bottom)
        if y2 == y:
            break
        y = y2 + base * 0.3 * k
    paint_footer(painter, text, lay)
    return out


MAX_COMMON_SCALE_RATIO = 4.0


def common_scale_extents(extents, boxes, margin: float = 0.025) -> list:
    """Extents that draw every map at one scale (the largest that fits them all), each centred on its own
    area, so areas are the same size on the page; the maps' own extents when one would shrink to less than
    a quarter of its own fit (England beside a town)."""
    fits = []
    for (x0, y0, x1, y1), b in zip(extents, boxes, strict=True):
        fits.append(min(b.w / (max(x1 - x0, 1.0) * (1 + 2 * margin)), b.h / (max(y1 - y0, 1.0) * (1 + 2 * margin))))
    common = min(fits)
    if max(fits) / common > MAX_COMMON_SCALE_RATIO:
        return list(extents)
    out = []
    for (x0, y0, x1, y1), b in zip(extents, boxes, strict=True):
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hw, hh = b.w / common / (1 + 2 * margin) / 2, b.h / common / (1 + 2 * margin) / 2
        out.append((cx - hw, cy - hh, cx + hw, cy + hh))
    return out


def export_static_compare(specs, path, shared_bins=None, *, title: str | None = None, fmt: str | None = None,
                          width: int | None = None, height: int | None = None, dpi: float = 150,
                          paper: str | None = None, orientation: str = "landscape",
                          subtitle: str | None = None) -> Path:
    """Two or more maps side by side on one page (PNG, SVG or PDF), under one title, each with its caption,
    scale bar and north arrow; one legend at the right saying "one scale for both maps" when ``shared_bins``
    (True: pooled breaks or national deciles; or a sequence of breaks), else a legend under each map; the
    sources and licences in the footer. Returns the path.

    Without ``paper`` a PDF is A4 landscape (A3 for three maps or more) and a PNG or SVG that page's size in
    pixels at ``dpi``, unless ``width`` and ``height`` (pixels) are given."""
    from placeviz.model.spec import MapSpec

    path = Path(path)
    fmt = infer_format(path, fmt)
    specs = list(specs)
    if len(specs) < 2 or not all(isinstance(s, MapSpec) for s in specs):
        raise StaticExportError("A comparison needs two or more maps (MapSpec) to put side by side.")
    if len(specs) > 4:
        raise StaticExportError(f"{len(specs)} maps are too many for one page: compare up to four at a time.")
    auto = paper is None and (width is None or height is None)
    if auto:
        paper = "A4" if len(specs) <= 2 else "A3"
    _check_options(width or 1600, height or 1200, dpi, paper, orientation)
    if not path.parent.exists():
        raise StaticExportError(f"The folder {path.parent} does not exist: create it or choose another.")
    size = page_size(fmt, width, height, dpi, paper, orientation)
    ensure_qt()
    cs = compare_scenes(specs, shared_bins)
    text = compare_text(cs, title, subtitle)
    page = [(cs, specs, text)]
    if fmt == "png":
        _write_compare_png(page, path, size)
    elif fmt == "svg":
        _write_compare_vector(page, path, size, text.title, svg=True)
    else:
        _write_compare_vector(page, path, size, text.title, svg=False)
    return path


def _write_compare_png(page, path: Path, size: PageSize) -> None:
    from PyQt6.QtGui import QImage

    cs, specs, text = page[0]
    img = _page_image(size)
    with _painting(img, path) as p:
        paint_compare(p, cs, text, size, specs)
    out = img.convertToFormat(QImage.Format.Format_RGB32)
    out.setText("Title", text.title)
    out.setText("Source", " ".join(text.footer_lines()))  # the sources and licences, readable without OCR
    if not out.save(str(path), "PNG"):
        raise StaticExportError(f"Could not write {path}: check the folder exists and you may write to it.")


def _write_compare_vector(page, path: Path, size: PageSize, title: str, svg: bool) -> None:
    cs, specs, text = page[0]
    dev = _svg_device(path, size, title) if svg else _pdf_device(path, size, title)
    with _painting(dev, path) as p:
        dsize = size if svg else PageSize(dev.width(), dev.height(), size.dpi, size.paper, size.orientation)
        paint_compare(p, cs, text, dsize, specs)
