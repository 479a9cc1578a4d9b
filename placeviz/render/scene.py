"""What one map draws (MapScene) and the QPainter code that draws it, for the screen and for exports.

``build_scene(spec)`` gathers everything a map needs: the areas' values (a MapData whose frame has no
geometry: geometry lives in the cached ``RenderGeometry``), the classification, the local-authority
outlines and names, and the raster grid of a raster layer. ``paint_map`` draws a scene into any
QPaintDevice (a widget's pixmap, a QImage, an SVG or a PDF) for a given extent in British National Grid
metres; ``paint_legend`` draws its legend. ``recolour`` swaps the classification without touching geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from placeviz.model.bundle import layers_dir
from placeviz.model.bundled_grid import bundled_grid_path, read_bundled_grid
from placeviz.model.classify import assign, classify_map, scheme_label
from placeviz.model.palettes import NODATA_COLOUR
from placeviz.model.raster import read_grid
from placeviz.model.spec import ward_outlines_drawn
from placeviz.render.geometry import RenderGeometry
from placeviz.render.labels import paint_labels
from placeviz.render.selection_marks import numbered, paint_numbered_selection

#: map styling shared by the screen and the exports
BACKGROUND = "#eef2f5"  # sea and land outside England
CONTEXT_FILL = "#e2e2dc"  # local authorities around the place
CONTEXT_LINE = "#ffffff"
AREA_LINE = "#ffffff"
LA_LINE = "#2b2b2b"
HOVER_COLOUR = "#111111"
SELECT_OUTER = "#111111"
SELECT_INNER = "#ffd92f"
#: a printed line on a picture (not a PDF or an SVG) this wide or less, in pixels, but wider than one, is drawn
#: one pixel wide: Qt strokes lines of up to one pixel with its hairline stroker, and wider ones as shapes, several
#: times as slowly when translucent. A slide's 200 dpi map took 40 ms, most of it its neighbourhoods' borders at
#: 1.04 pixels; it takes 21 ms, and a twenty-fifth of a pixel is not to be seen (``benchmarks/bench_render.py``)
HAIRLINE_SNAP = 1.1
#: line widths in points on printed maps (``paint_map(line_unit=...)``): the screen's cosmetic pens are a
#: fixed number of pixels, which is a hairline at 300 dpi
PRINT_LINES_PT = {
    "context": 0.3,  # between neighbouring local authorities
    "edge": 0.15,  # between small areas (neighbourhoods)
    "big_edge": 0.25,  # between areas that are big on the page
    "grid_edge": 0.12,  # areas outlined over a raster grid
    "la": 0.6,  # local-authority outlines of a place
    "many_la": 0.3,  # local-authority outlines of a big place (England's 300)
    "ward": 0.4,  # ward outlines, when switched on
    "ward_halo": 1.0,  # the light line under the ward dashes
}
WARD_LINE = "#333333"
#: under the ward dashes: dark dashes read on light fills, the light halo on the darkest (decile 1's red)
WARD_HALO = "#ffffff"


@dataclass
class Outlines:
    """Local-authority outlines drawn over the map, with their names."""

    geometry: RenderGeometry
    rows: np.ndarray  # rows of geometry to outline (the place's LAs)
    names: list[str]


@dataclass
class MapScene:
    """Plain data for one map: values, classes, geometry rows, outlines, raster, selection, highlight."""

    data: object  # placeviz.model.mapdata.MapData (its frame may lack geometry)
    classified: object  # placeviz.model.classify.Classified
    geometry: RenderGeometry
    rows: np.ndarray  # geometry row of every frame row
    outlines: Outlines | None = None
    grid: object = None  # placeviz.model.raster.Grid for a raster layer
    selection: tuple[str, ...] = ()
    highlight: str | None = None  # area code under the mouse
    show_labels: bool = True
    show_context: bool = True
    wards: Outlines | None = None  # May 2024 ward outlines, when the user switches them on
    _class_rows: list | None = field(default=None, repr=False)
    _grid_image: object = field(default=None, repr=False)
    _fill_batches: list | None = field(default=None, repr=False)

    @property
    def layer(self):
        return self.data.layer

    @property
    def codes(self) -> np.ndarray:
        return self.data.frame["code"].to_numpy(dtype=object)

    def extent(self) -> tuple[float, float, float, float]:
        """The bounding box of the place's areas (xmin, ymin, xmax, ymax)."""
        return self.geometry.extent(self.rows[self.rows >= 0])

    def class_rows(self) -> list[np.ndarray]:
        """Geometry rows per class; the last entry holds the no-data rows."""
        if self._class_rows is None:
            cls = np.asarray(self.classified.classes)
            k = len(self.classified.colours)
            out = [self.rows[(cls == i) & (self.rows >= 0)] for i in range(k)]
            # no data, where the layer covers the area: outside a partial layer's coverage nothing is shaded
            covered = getattr(self.classified, "extra", {}).get("covered")
            inside = np.ones(len(cls), dtype=bool) if covered is None or len(covered) != len(cls) else covered
            out.append(self.rows[(cls < 0) & (self.rows >= 0) & inside])
            self._class_rows = out
        return self._class_rows

    def recolour(self, classified) -> MapScene:
        """The same map with another classification (layer values unchanged): geometry is reused."""
        return replace(self, classified=classified, _class_rows=None, _grid_image=None, _fill_batches=None)

    def fill_batches(self) -> list[list]:
        """Per class (no data last), the class's areas as a few batched paths (``RenderGeometry.batched_paths``)."""
        if self._fill_batches is None:
            self._fill_batches = [self.geometry.batched_paths(rows) for rows in self.class_rows()]
        return self._fill_batches

    def with_selection(self, selection=(), highlight=None) -> MapScene:
        return replace(self, selection=tuple(selection), highlight=highlight)

    def frame_row(self, code: str) -> int:
        """Row of the data frame for an area code, or -1."""
        hits = np.flatnonzero(self.codes == code)
        return int(hits[0]) if len(hits) else -1

    def grid_image(self):
        """The raster classified with the map's colours, as a QImage (no data transparent)."""
        if self.grid is None:
            return None
        if self._grid_image is None:
            self._grid_image = grid_to_image(self.grid, self.classified)
        return self._grid_image


# -- building scenes ------------------------------------------------------------------------------------

def light_map_data(place, level: str, layer, year: str | None = None):
    """``mapdata.map_data`` without reading geometry (the renderer has its own): fast to start."""
    # imported here, as in build_outlines: pandas (about 0.6 s) stays out of the England PNG path, whose
    # scene is placeviz.render.arrow_scene's (tests/test_static_speed.py)
    from placeviz.model.mapdata import map_data

    return map_data(place, level, layer, year, geometry=False)


def outline_set(boundary_set: str) -> str:
    """The local-authority boundary set that goes with a boundary set (2011-based or 2021-based)."""
    return "lad24" if boundary_set in ("lsoa21", "msoa21", "lad24") else "lad21"


def place_outline_set(place, boundary_set: str) -> str:
    """The outlines drawn over a map of ``place`` on ``boundary_set``: a ward's own, else the local authorities'."""
    return "ward24" if place.kind == "ward" else outline_set(boundary_set)


def build_outlines(place, boundary_set: str) -> Outlines:
    from placeviz.model.geography import attributes  # pandas: see light_map_data

    la_set = place_outline_set(place, boundary_set)
    geo = RenderGeometry.for_set(la_set)
    geo.ensure_paths()
    a = attributes(la_set)
    mask = place.mask(a)
    if place.kind == "la" and not mask.any():
        mask = a["code"].isin(place.codes).to_numpy()
    rows = np.flatnonzero(mask)
    return Outlines(geo, rows, [str(n) for n in a["name"].to_numpy()[rows]])


def ward_outlines(place) -> Outlines:
    """The May 2024 wards of ``place``, to draw over its map: each the union of the 2021 LSOAs the ONS
    best-fit lookup puts in it, the same outlines the ward level draws, so they follow the LSOA edges."""
    from placeviz.model.geography import attributes  # pandas: see light_map_data

    geo = RenderGeometry.for_set("ward24")
    a = attributes("ward24")
    rows = np.flatnonzero(place.mask(a))
    geo.ensure_paths(rows)
    return Outlines(geo, rows, [str(n) for n in a["name"].to_numpy()[rows]])


def with_ward_outlines(scene: MapScene, on: bool) -> MapScene:
    """The scene with its place's ward outlines switched on or off (``spec.ward_outlines_drawn``: never over the
    ward level)."""
    if not ward_outlines_drawn(on, scene.data.boundary_set):
        return replace(scene, wards=None)
    if scene.wards is not None:
        return scene
    return replace(scene, wards=ward_outlines(scene.data.place))


def grid_for_layer(layer):
    """The Grid of a layer that has one (bundled raster layers, read from their NumPy files, and the user's
    imported rasters, whose ``layer.raster`` is an absolute path, with rasterio), cached per path; None for a
    table layer."""
    if not layer.raster:
        return None
    path = layers_dir() / layer.raster  # an imported raster's absolute path stays as it is
    if str(path) not in _GRIDS:
        bundled = not Path(layer.raster).is_absolute()
        _GRIDS[str(path)] = read_bundled_grid(bundled_grid_path(path)) if bundled else read_grid(path)
    return _GRIDS[str(path)]


_GRIDS: dict = {}
_ROWS: dict = {}  # (boundary set, place, n) -> geometry rows of the place's areas, reused across layers


def classify_scene_data(md, classification, bins=None):
    return classify_map(md, classification, bins=bins)


def build_scene(spec, progress=None, md=None) -> MapScene:
    """Everything needed to draw ``spec`` (a MapSpec); ``md`` reuses already joined values."""
    if md is None:
        md = light_map_data(spec.place, spec.level, spec.layer, spec.year)
    classified = classify_scene_data(md, spec.classification)
    geo = RenderGeometry.for_set(md.boundary_set)
    codes = md.frame["code"].to_numpy(dtype=object)
    key = (md.boundary_set, md.place.name, len(codes))
    rows = _ROWS.get(key)
    if rows is None or not np.array_equal(geo.codes[rows[rows >= 0]], codes[rows >= 0]):
        rows = _ROWS[key] = geo.rows(codes)
    geo.ensure_paths(rows, progress)
    outlines = build_outlines(md.place, md.boundary_set)
    grid = grid_for_layer(md.layer)
    scene = MapScene(md, classified, geo, rows, outlines, grid, selection=tuple(spec.selection))
    return with_ward_outlines(scene, spec.wards)


# -- coordinates ----------------------------------------------------------------------------------------

def fit_extent(extent, width: float, height: float, margin: float = 0.04):
    """(scale px per metre, centre x, centre y) that fits ``extent`` in a width x height view."""
    xmin, ymin, xmax, ymax = (float(v) for v in extent)
    w = max(xmax - xmin, 1.0) * (1 + 2 * margin)
    h = max(ymax - ymin, 1.0) * (1 + 2 * margin)
    scale = min(float(width) / w, float(height) / h)
    return scale, (xmin + xmax) / 2, (ymin + ymax) / 2


def view_transform(target_rect, scale: float, cx: float, cy: float):
    """QTransform from BNG metres to device pixels: centre (cx, cy) at the rect's centre, north up."""
    c = target_rect.center()
    return QTransform(scale, 0, 0, -scale, c.x() - cx * scale, c.y() + cy * scale)


def extent_transform(target_rect, extent, margin: float = 0.0):
    scale, cx, cy = fit_extent(extent, target_rect.width(), target_rect.height(), margin)
    return view_transform(target_rect, scale, cx, cy)


# -- painting ---------------------------------------------------------------------------------------------

def _qcolor(c, alpha: int | None = None):
    q = QColor(c)
    if alpha is not None:
        q.setAlpha(alpha)
    return q


def _cosmetic_pen(colour, width: float, alpha: int | None = None):
    pen = QPen(_qcolor(colour, alpha))
    pen.setWidthF(width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _visible(bounds: np.ndarray, rows: np.ndarray, view) -> np.ndarray:
    """The rows whose bounding boxes meet the view box (xmin, ymin, xmax, ymax)."""
    if len(rows) == 0:
        return rows
    b = bounds[rows]
    ok = (b[:, 2] >= view[0]) & (b[:, 0] <= view[2]) & (b[:, 3] >= view[1]) & (b[:, 1] <= view[3])
    return rows[ok]


UNDER = frozenset({"context", "fills", "raster", "borders"})
OVER = frozenset({"outlines", "labels"})


def paint_map(painter, scene: MapScene, target_rect, extent=None, *, transform=None,
              background: bool = True, labels: bool | None = None, highlights: bool = True,
              parts=None, fast_labels: bool = False, batch_fills: bool = False,
              line_unit: float | None = None, avoid=None) -> list:
    """Draw ``scene`` into ``target_rect`` of the painter's device, fitting ``extent`` (BNG metres).

    Order: background, context (neighbouring local authorities), area fills by class (one brush per
    class), the raster grid for raster layers, thin area borders when areas are big enough on screen,
    local-authority outlines, selection and hover outlines, local-authority names.
    ``transform`` (a QTransform from metres to device pixels) overrides ``extent``. The screen draws
    the map once into a cached pixmap with ``highlights=False`` and ``paint_highlights`` over it.
    ``parts`` limits drawing to some of "context", "fills", "raster", "borders", "outlines", "labels"
    (``UNDER`` and ``OVER``: the screen caches them apart, so a recolour redraws only what is under).
    ``fast_labels`` draws names from cached pictures (the screen); exports keep them as vector text.
    ``batch_fills`` fills each class with a few batched paths (``MapScene.fill_batches``) instead of one path
    per area, with no culling: for exports of many areas, where building 33k area paths is the slow part.
    ``line_unit`` (device units per point) gives lines fixed widths in points for print, whatever the
    device's resolution (``PRINT_LINES_PT``); None keeps the screen's widths in device pixels.
    ``avoid``: device boxes (the page's scale bar and north arrow) that no name may cover; the screen's
    furniture (``screen_furniture_boxes``) by default when ``fast_labels``. Returns the labels drawn
    (``placeviz.render.labels.Label``: name, kind, box).
    """
    parts = UNDER | OVER if parts is None else frozenset(parts)
    if transform is None:
        transform = extent_transform(target_rect, extent or scene.extent(), margin=0.0)
    inv, _ = transform.inverted()
    view = inv.mapRect(QRectF(target_rect))
    vbox = (view.left(), view.top(), view.right(), view.bottom())
    scale = abs(transform.m11())

    pixels = isinstance(painter.device(), QImage)  # a PDF or an SVG keeps every width as it is (HAIRLINE_SNAP)

    def width(name: str, screen_px: float) -> float:  # a line's width in device units
        if line_unit is None:
            return screen_px
        w = PRINT_LINES_PT[name] * float(line_unit)
        return 1.0 if pixels and 1.0 < w <= HAIRLINE_SNAP else w

    opaque_lines = isinstance(painter.device(), QPagedPaintDevice)

    def line_pen(colour, w: float, alpha: int | None = None):
        return _cosmetic_pen(colour, w, None if opaque_lines else alpha)

    geo = scene.geometry
    batch_fills = batch_fills and scene.grid is None
    if not batch_fills and "fills" in parts:  # (a labels-only pass builds no area paths)
        geo.ensure_paths(scene.rows)
    paths = geo.paths

    painter.save()
    painter.setClipRect(QRectF(target_rect))
    if background:
        painter.fillRect(QRectF(target_rect), _qcolor(BACKGROUND))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    base = painter.worldTransform()
    painter.setWorldTransform(transform, True)

    # context: every local authority, pale, so the place sits in England
    if scene.show_context and scene.outlines is not None and "context" in parts:
        og = scene.outlines.geometry
        painter.setPen(line_pen(CONTEXT_LINE, width("context", 0.8)))
        painter.setBrush(QBrush(_qcolor(CONTEXT_FILL)))
        for r in _visible(og.bounds, np.arange(len(og)), vbox).tolist():
            painter.drawPath(og.paths[r])

    # fills, one brush per class; no pen (borders are drawn separately and only when they help)
    painter.setPen(Qt.PenStyle.NoPen)
    classified = scene.classified
    cols = [*classified.colours, None]
    cols[-1] = NODATA_COLOUR
    class_rows = scene.class_rows()
    grid_img = scene.grid_image()
    for colour, rows in zip(cols, class_rows, strict=True):
        if "fills" not in parts:
            break
        if grid_img is not None and colour != NODATA_COLOUR:
            continue  # a raster layer shows its cells, not area averages
        painter.setBrush(QBrush(_qcolor(colour)))
        if batch_fills:
            continue
        for r in _visible(geo.bounds, rows, vbox).tolist():
            painter.drawPath(paths[r])
    if batch_fills and "fills" in parts:
        for colour, batch in zip(cols, scene.fill_batches(), strict=True):
            painter.setBrush(QBrush(_qcolor(colour)))
            for path in batch:
                painter.drawPath(path)

    if grid_img is not None and "raster" in parts:
        xmin, ymin, xmax, ymax = scene.grid.bounds
        screen = transform.mapRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        painter.save()
        if scene.outlines is not None and scene.data.place.kind != "england" and len(scene.outlines.rows):
            clip = QPainterPath()
            clip.setFillRule(Qt.FillRule.WindingFill)
            for r in scene.outlines.rows.tolist():
                clip.addPath(scene.outlines.geometry.paths[r])
            painter.setClipPath(clip, Qt.ClipOperation.IntersectClip)  # the place only
        painter.setWorldTransform(base)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.setOpacity(0.92)
        painter.drawImage(screen, grid_img)
        painter.restore()

    shown = scene.rows[scene.rows >= 0]
    covered = getattr(scene.classified, "extra", {}).get("covered")
    if covered is not None and len(covered) == len(scene.rows):  # no borders outside a partial layer's coverage
        shown = scene.rows[(scene.rows >= 0) & covered]
    vis = _visible(geo.bounds, shown, vbox)
    # area borders: only when the average area is more than a few pixels across
    if len(vis) and "borders" in parts:
        b = geo.bounds[vis]
        typical = float(np.median(np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]))) * scale
        if typical > 7 or grid_img is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if grid_img is not None:
                painter.setPen(line_pen("#5a5a5a", width("grid_edge", 0.35), 140))
            elif typical < 25:
                painter.setPen(line_pen(AREA_LINE, width("edge", 0.5), 170))
            else:
                painter.setPen(line_pen(AREA_LINE, width("big_edge", 0.8), 170))
            geo.ensure_paths(vis)
            for r in vis.tolist():
                painter.drawPath(paths[r])

    painter.setBrush(Qt.BrushStyle.NoBrush)
    if scene.wards is not None and len(scene.wards.rows) and "outlines" in parts:  # thin dashes under the LAs'
        wg = scene.wards.geometry
        shown_wards = _visible(wg.bounds, scene.wards.rows, vbox).tolist()
        pen = _cosmetic_pen(WARD_LINE, width("ward", 1.1), 230)
        pen.setStyle(Qt.PenStyle.DashLine)
        for ward_pen in (line_pen(WARD_HALO, width("ward_halo", 2.6), 170), pen):
            painter.setPen(ward_pen)
            for r in shown_wards:
                painter.drawPath(wg.paths[r])

    # local-authority outlines
    if scene.outlines is not None and len(scene.outlines.rows) and "outlines" in parts:
        og = scene.outlines.geometry
        n_la = len(scene.outlines.rows)
        if n_la < 60:
            painter.setPen(line_pen(LA_LINE, width("la", 1.3), 230))
        else:
            painter.setPen(line_pen(LA_LINE, width("many_la", 0.7), 230))
        for r in _visible(og.bounds, scene.outlines.rows, vbox).tolist():
            painter.drawPath(og.paths[r])

    if highlights:
        paint_highlights(painter, scene)
    painter.restore()

    # names of towns, cities and local authorities, in device pixels, none overlapping another
    show = (scene.show_labels if labels is None else labels) and "labels" in parts
    if not show:
        return []
    if avoid is None:
        avoid = screen_furniture_boxes(QRectF(target_rect)) if fast_labels else ()
    painter.save()
    painter.setClipRect(QRectF(target_rect))
    drawn = paint_labels(painter, scene.outlines, transform, QRectF(target_rect), fast_labels, line_unit, avoid)
    painter.restore()
    return drawn


def screen_furniture_boxes(rect) -> list:
    """Where the canvas draws its scale bar and attribution (a band along the bottom) and its north arrow
    (top right), which map names keep clear of."""
    r = QRectF(rect)
    return [QRectF(r.left(), r.bottom() - 44, r.width(), 44), QRectF(r.right() - 56, r.top(), 56, 64)]


def paint_highlights(painter, scene: MapScene, transform=None) -> None:
    """Outline the selected areas (dark edge, yellow core) and the hovered area (white and black).

    ``transform`` maps metres to device pixels; None uses the painter's current world transform."""
    geo = scene.geometry
    painter.save()
    if transform is not None:
        painter.setWorldTransform(transform, True)
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if numbered(scene.selection):  # as the identify table's columns are
        paint_numbered_selection(painter, geo, scene.selection)
    elif scene.selection:
        sel = geo.rows(list(scene.selection))
        sel = sel[sel >= 0]
        geo.ensure_paths(sel)
        for pen in (_cosmetic_pen(SELECT_OUTER, 4.0), _cosmetic_pen(SELECT_INNER, 2.0)):
            painter.setPen(pen)
            for r in sel.tolist():
                painter.drawPath(geo.paths[r])
    if scene.highlight:
        hr = geo.index.get(scene.highlight, -1)
        if hr >= 0:
            geo.ensure_paths([hr])
            painter.setPen(_cosmetic_pen("#ffffff", 3.5))
            painter.drawPath(geo.paths[hr])
            painter.setPen(_cosmetic_pen(HOVER_COLOUR, 1.8))
            painter.drawPath(geo.paths[hr])
    painter.restore()


def grid_to_image(grid, classified):
    """A QImage of a Grid coloured by the classification's bins; NaN cells are transparent."""
    values = np.asarray(grid.values, dtype="float64")
    h, w = values.shape
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    bins = np.asarray(classified.bins, dtype="float64")
    if classified.scheme != "national_deciles" and len(bins) and len(classified.colours) == len(bins):
        cls = assign(values.ravel(), bins).reshape(h, w)
        lut = np.zeros((len(bins), 4), dtype=np.uint8)
        for i, c in enumerate(classified.colours):
            q = QColor(c)
            lut[i] = (q.red(), q.green(), q.blue(), 255)
        ok = cls >= 0
        rgba[ok] = lut[cls[ok]]
    img = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
    return img.copy()  # own the pixels


# -- legend ------------------------------------------------------------------------------------------------

def legend_lines(classified, layer, title: str | None = None, note: str | None = None,
                 period: str | None = None) -> dict:
    """The legend's text, as plain data (also handy for tests and non-Qt exports). ``period``: the layer's own
    when None; "" for none (a page that says it beside the map)."""
    unit = layer.unit_long or layer.unit
    scheme = scheme_label(classified)
    shown = layer.period if period is None else period
    subtitle = ", ".join(x for x in (shown, unit if unit not in ("", "score") else "") if x)
    return {
        "title": title or layer.title,
        "subtitle": subtitle,
        "scheme": scheme,
        "entries": [(e.colour, e.label, e.count, e.nodata) for e in classified.legend],
        "notes": [n for n in (classified.note, note) if n],
        "source": layer.source_line(),
    }


def paint_legend(painter, rect, classified, layer, title: str | None = None, note: str | None = None,
                 period: str | None = None, font=None, counts: bool = True, draw: bool = True,
                 source: bool = True) -> float:
    """Draw the legend inside ``rect``: title, period and unit, scheme, one row per class with its
    range and count of areas, "No data", any notes, and the layer's source line (unless ``source=False``).
    Returns the height used (call with ``draw=False`` to measure)."""
    info = legend_lines(classified, layer, title, note, period)
    base = QFont(font) if font is not None else QFont()
    if base.pointSizeF() <= 0:
        base.setPointSizeF(9)
    bold = QFont(base)
    bold.setBold(True)
    bold.setPointSizeF(base.pointSizeF() * 1.12)
    small = QFont(base)
    small.setPointSizeF(base.pointSizeF() * 0.86)
    x0, y = rect.left(), rect.top()
    width = rect.width()
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)

    device = painter.device() if painter is not None else None

    def metrics(f):  # measured at the device's resolution (a print page is not the screen's 96 dpi)
        return QFontMetricsF(f, device) if device is not None else QFontMetricsF(f)

    def text_block(text, f, colour="#1b1b1b", gap=3.0):
        nonlocal y
        fm = metrics(f)
        r = fm.boundingRect(QRectF(x0, y, width, 10_000), flags, text)
        if draw:
            painter.setFont(f)
            painter.setPen(QColor(colour))
            painter.drawText(QRectF(x0, y, width, r.height() + 2), flags, text)
        y += r.height() + gap

    if draw:
        painter.save()
    text_block(info["title"], bold, gap=2)
    if info["subtitle"]:
        text_block(info["subtitle"], base, "#444444", gap=1)
    text_block(info["scheme"] + (", count of areas" if counts else ""), small, "#666666", gap=6)
    fm = metrics(base)
    row_h = max(fm.height() + 4, 16.0)
    sw = max(22.0, fm.height() * 1.4)  # wider with the text on high-resolution print pages
    count_w = fm.horizontalAdvance("00,000") + 4 if counts else 0
    wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    for colour, label, count, _nodata in info["entries"]:
        # a label too long for one line wraps under itself (a cut label cannot be read); its row grows
        label_w = width - sw - 6 - count_w
        label_h = fm.boundingRect(QRectF(0, 0, label_w, 10_000), wrap, label).height()
        pad = (row_h - fm.height()) / 2
        h = max(row_h, label_h + 2 * pad)
        if draw:
            painter.setPen(QPen(QColor("#777777"), 0.6))
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(x0, y + 2, sw, row_h - 4))
            painter.setPen(QColor("#1b1b1b"))
            painter.setFont(base)
            painter.drawText(QRectF(x0 + sw + 6, y + pad, label_w, h - pad), wrap, label)
            if counts:
                painter.setPen(QColor("#555555"))
                painter.drawText(QRectF(x0 + width - count_w, y, count_w, row_h),
                                 int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), f"{count:,}")
        y += h
    y += 6
    for n in info["notes"]:
        it = QFont(small)
        it.setItalic(True)
        text_block(n, it, "#7a4b00", gap=4)
    if source:  # a print layout gives the sources in its footer instead
        text_block(info["source"], small, "#555555", gap=2)
    if draw:
        painter.restore()
    return y - rect.top()


# -- convenience ----------------------------------------------------------------------------------------

def render_scene_image(scene: MapScene, width: int, height: int, extent=None, legend: bool = False):
    """A QImage of the scene (optionally with the legend at the right)."""
    img = QImage(int(width), int(height), QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    map_w = width - 300 if legend else width
    ext = extent or scene.extent()
    paint_map(p, scene, QRectF(0, 0, map_w, height),
              transform=extent_transform(QRectF(0, 0, map_w, height), ext, margin=0.03))
    if legend:
        paint_legend(p, QRectF(map_w + 14, 14, 300 - 28, height - 28), scene.classified, scene.layer,
                     note=scene.data.note, period=scene.data.period)
    p.end()
    return img


def render_image(spec, width: int, height: int, legend: bool = False):
    """A QImage of a MapSpec (its extent if set, else its place), optionally with the legend."""
    scene = build_scene(spec)
    return render_scene_image(scene, width, height, spec.extent, legend=legend)


# -- map furniture: scale bar, north arrow, attribution ------------------------------------------------------

def nice_length(max_metres: float) -> float:
    """The longest 1, 2 or 5 x 10^n metres not over ``max_metres``."""
    if max_metres <= 0:
        return 0.0
    mag = 10 ** np.floor(np.log10(max_metres))
    for m in (5, 2, 1):
        if m * mag <= max_metres:
            return float(m * mag)
    return float(mag)


def scale_bar_label(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def paint_scale_bar(painter, x: float, y: float, pixels_per_metre: float, max_width: float = 140.0,
                    font=None) -> float:
    """A two-segment scale bar whose bottom-left corner is (x, y) in device pixels; returns the right edge of
    its box (``x`` when the map is too small for a bar), so that other furniture can keep clear of it."""
    metres = nice_length(max_width / max(pixels_per_metre, 1e-12))
    w = metres * pixels_per_metre
    if w < 10:
        return x
    f = QFont(font) if font is not None else QFont()
    f.setPointSizeF(max(f.pointSizeF(), 8) * 0.9)
    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing, False)
    painter.setFont(f)
    fm = painter.fontMetrics()
    label = scale_bar_label(metres)
    box = QRectF(x - 6, y - 8 - 6 - fm.height(), w + 12 + fm.horizontalAdvance(label) + 6, 8 + fm.height() + 12)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_qcolor("#ffffff", 200))
    painter.drawRect(box)
    painter.setPen(QPen(_qcolor("#222222"), 1))
    painter.setBrush(_qcolor("#222222"))
    painter.drawRect(QRectF(x, y - 6, w / 2, 5))
    painter.setBrush(_qcolor("#ffffff"))
    painter.drawRect(QRectF(x + w / 2, y - 6, w / 2, 5))
    painter.setPen(_qcolor("#222222"))
    painter.drawText(QRectF(x, y - 8 - fm.height(), w + 60, fm.height()),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), "0")
    painter.drawText(QRectF(x + w + 4, y - 8 - fm.height() / 2 - 2, fm.horizontalAdvance(label) + 4, fm.height()),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), label)
    painter.restore()
    return box.right()


def paint_north_arrow(painter, rect) -> None:
    """A simple north arrow filling ``rect`` (British National Grid north is up)."""
    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    cx, top, h = rect.center().x(), rect.top(), rect.height()
    w = rect.width()
    f = QFont()
    f.setBold(True)
    f.setPixelSize(max(int(h * 0.3), 8))
    painter.setFont(f)
    painter.setPen(_qcolor("#222222"))
    painter.drawText(QRectF(rect.left(), top, w, h * 0.32), int(Qt.AlignmentFlag.AlignCenter), "N")
    tip, base = QPointF(cx, top + h * 0.36), top + h
    left = QPolygonF([tip, QPointF(cx - w * 0.3, base), QPointF(cx, base - h * 0.16)])
    right = QPolygonF([tip, QPointF(cx + w * 0.3, base), QPointF(cx, base - h * 0.16)])
    painter.setBrush(_qcolor("#222222"))
    painter.drawPolygon(left)
    painter.setBrush(_qcolor("#ffffff"))
    painter.drawPolygon(right)
    painter.restore()


def last_sentences(text: str, fits, keep: int = 2) -> str:
    """The longest tail of whole sentences of ``text`` for which ``fits(tail)`` is true, and never fewer than
    the last ``keep``: the boundaries' attribution on a narrow screen keeps its last two sentences, the
    licence's own words (source and licence; OS copyright), and drops the name of the boundary files."""
    parts = text.split(". ")
    last = max(len(parts) - keep, 0)
    for i in range(last):
        tail = ". ".join(parts[i:])
        if fits(tail):
            return tail
    return ". ".join(parts[last:])


ATTRIBUTION_MOST_LINES = 5  # wrapped any deeper, the credit would cover too much of a narrow map


def paint_attribution(painter, rect, text: str, font=None, clear_left: float | None = None) -> None:
    """Small text in the bottom-right corner of ``rect`` on a pale band: as many of its last sentences as fit
    (``last_sentences``) on one line. On a map too narrow for the licence's own words on one line (a compare
    window's pane) they wrap, right of ``clear_left`` (the scale bar's edge), rather than lose the publisher;
    only where even that is too deep is the line cut at the left."""
    f = QFont(font) if font is not None else QFont()
    f.setPointSizeF(max(f.pointSizeF(), 8) * 0.78)
    painter.save()
    painter.setFont(f)
    fm = painter.fontMetrics()

    def fits(t: str) -> bool:
        return fm.horizontalAdvance(t) + 10 <= rect.width()

    text = last_sentences(text, fits)
    if not fits(text) and clear_left is not None:
        width = rect.right() - clear_left - 10
        flags = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap)
        need = fm.boundingRect(QRectF(0, 0, max(width, 1), 10_000).toRect(), flags, text)
        if width > 60 and need.height() <= ATTRIBUTION_MOST_LINES * fm.lineSpacing() + 1:
            r = QRectF(rect.right() - need.width() - 10, rect.bottom() - need.height() - 4,
                       need.width() + 10, need.height() + 4)
            painter.fillRect(r, _qcolor("#ffffff", 190))
            painter.setPen(_qcolor("#444444"))
            painter.drawText(r.adjusted(5, 2, -5, -2), flags, text)
            painter.restore()
            return
    w = min(fm.horizontalAdvance(text) + 10, rect.width())
    r = QRectF(rect.right() - w, rect.bottom() - fm.height() - 4, w, fm.height() + 4)
    painter.fillRect(r, _qcolor("#ffffff", 190))
    painter.setPen(_qcolor("#444444"))
    painter.drawText(r.adjusted(5, 0, -5, 0), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                     text if fits(text) else fm.elidedText(text, Qt.TextElideMode.ElideLeft, int(w - 10)))
    painter.restore()
