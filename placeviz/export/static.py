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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from placeviz.errors import UserError

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
    from placeviz.catalog import GEOGRAPHY_LEVEL, load_catalog
    from placeviz.names import normalise

    if normalise(spec.place) != "england" or spec.year:
        return None
    cat = load_catalog()
    layer = cat.get(spec.layer)
    if (layer.kind != "table" or layer.id in cat.frames or not layer.table
            or GEOGRAPHY_LEVEL.get(layer.geography) != spec.level
            or layer.geography not in ("lsoa11", "lsoa21", "msoa11", "msoa21", "lad19", "lad21", "lad24")):
        return None
    import pyarrow.parquet as pq

    from placeviz.bundle import layers_dir
    from placeviz.classify import classify_map
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
    from placeviz.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES
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


def write_png(pages, path: Path, size: PageSize) -> None:
    from PyQt6.QtGui import QColor, QImage, QPainter

    img = QImage(size.width, size.height, QImage.Format.Format_ARGB32_Premultiplied)
    dpm = round(size.dpi / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    try:
        _draw_pages(p, pages[:1], size)
    finally:
        p.end()
    out = img.convertToFormat(QImage.Format.Format_RGB32)
    if not out.save(str(path), "PNG"):
        raise StaticExportError(f"Could not write {path}: check the folder exists and you may write to it.")


def write_svg(pages, path: Path, size: PageSize, title: str) -> None:
    from PyQt6.QtCore import QRect, QSize
    from PyQt6.QtGui import QPainter
    from PyQt6.QtSvg import QSvgGenerator

    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(size.width, size.height))
    gen.setViewBox(QRect(0, 0, size.width, size.height))
    gen.setResolution(round(size.dpi))
    gen.setTitle(title)
    gen.setDescription("Made with placeviz")
    p = QPainter()
    if not p.begin(gen):
        raise StaticExportError(f"Could not write {path}: check the folder exists and you may write to it.")
    try:
        _draw_pages(p, pages[:1], size)
    finally:
        p.end()


def write_pdf(pages, path: Path, size: PageSize, title: str) -> None:
    from PyQt6.QtCore import QMarginsF, QSizeF
    from PyQt6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

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
    p = QPainter()
    if not p.begin(writer):
        raise StaticExportError(f"Could not write {path}: check the folder exists and you may write to it.")
    try:
        dev = PageSize(writer.width(), writer.height(), size.dpi, size.paper, size.orientation)
        _draw_pages(p, pages, dev, new_page=writer.newPage)
    finally:
        p.end()


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
        from placeviz.catalog import get_layer
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
    from placeviz.spec import MapSpec

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
