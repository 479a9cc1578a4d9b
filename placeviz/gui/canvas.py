"""The map canvas: pan, zoom, hover and click over a MapScene, fast.

The map is drawn once into a pixmap for a view (scale and centre). While the user drags or wheels, each
frame only moves or scales that pixmap (a few milliseconds), and the map is redrawn properly when the
motion pauses. Hover and selection outlines are painted over the pixmap, so moving the mouse never
redraws the map. Which area is under the mouse comes from a spatial index (shapely STRtree).
"""

from __future__ import annotations

import time
from html import escape

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap, QTransform
from PyQt6.QtWidgets import QSizePolicy, QToolTip, QWidget

from placeviz.gui.accessibility import RepaintOnFocus
from placeviz.gui.keyboard import NEXT_KEYS, PREVIOUS_KEYS, AreaCursor
from placeviz.gui.theme import mix
from placeviz.model.catalog import boundary_attribution
from placeviz.model.viewstate import tooltip_fields
from placeviz.render.idbuffer import colour_ids, paint_area_ids, wants_id_image
from placeviz.render.scene import (
    BACKGROUND,
    OVER,
    UNDER,
    MapScene,
    _visible,
    fit_extent,
    paint_attribution,
    paint_highlights,
    paint_map,
    paint_north_arrow,
    paint_scale_bar,
    view_transform,
)

ENGLAND_EXTENT = (82_000.0, 5_000.0, 656_000.0, 658_000.0)
MIN_SCALE = 1 / 5000.0  # px per metre: about all of England and its seas in 400 px
MAX_SCALE = 1 / 1.5  # one pixel per 1.5 m



def paint_banner(p: QPainter, text: str, width: float, y: float) -> None:
    """``text`` in white on a dark rounded band centred across ``width`` at ``y``, in the painter's font: a
    message over a map (loading, a note, the keys of Present)."""
    fm = p.fontMetrics()
    w = fm.horizontalAdvance(text) + 28
    r = QRectF((width - w) / 2, y, w, fm.height() + 14)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(30, 30, 30, 210))
    p.drawRoundedRect(r, 8, 8)
    p.setPen(QColor("#ffffff"))
    p.drawText(r, int(Qt.AlignmentFlag.AlignCenter), text)

class MapCanvas(RepaintOnFocus, QWidget):
    hovered = pyqtSignal(object)  # area code or None
    clicked = pyqtSignal(object, bool)  # area code or None, add to selection
    mouse_world = pyqtSignal(float, float)  # BNG easting, northing under the mouse
    view_changed = pyqtSignal()
    painted = pyqtSignal()  # the map (not just a moved pixmap) has been drawn
    cursor_moved = pyqtSignal(object, str)  # the keyboard cursor's area code, and the area in a sentence

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.scene: MapScene | None = None
        self.scale = 1 / 1000.0
        self.cx, self.cy = 350_000.0, 350_000.0
        self._version = 0
        self._cache: QPixmap | None = None
        self._cache_key = None
        self._cache_view = None
        self._over: QPixmap | None = None
        self._over_key = None
        self._over_version = 0
        self._ids = None
        self._ids_key = None
        self._ids_rows = None
        self._ctx: QPixmap | None = None
        self.lod = "vector"  # or "ids": how the last map was drawn
        self._attribution: str | None = None
        self._allowed: np.ndarray | None = None
        self._frame_index: np.ndarray | None = None
        self._press = None
        self._dragging = False
        self._last_mouse = None
        self.busy_text: str | None = None
        self.empty_text = "Loading the map…"
        self.last_render_ms = 0.0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self._rerender)
        # the extent (and margin) last fitted: kept fitted when the window resizes, until the user pans or zooms
        self.fitted: tuple | None = None
        self.area_cursor = AreaCursor()

    # -- scene and view ----------------------------------------------------------------------------------
    def set_scene(self, scene: MapScene | None, fit: bool = True, extent=None) -> None:
        old = self.scene
        self.scene = scene
        self._version += 1
        same_outlines = (old is not None and scene is not None and old.outlines is not None
                         and scene.outlines is not None
                         and old.outlines.geometry is scene.outlines.geometry
                         and np.array_equal(old.outlines.rows, scene.outlines.rows)
                         and old.wards is scene.wards)
        if not same_outlines:
            self._over_version += 1
        if scene is not None:
            n = len(scene.geometry)
            self._allowed = np.zeros(n, dtype=bool)
            ok = scene.rows >= 0
            self._allowed[scene.rows[ok]] = True
            self._frame_index = np.full(n, -1, dtype=np.int64)
            self._frame_index[scene.rows[ok]] = np.flatnonzero(ok)
        if old is None or scene is None or old.data is not scene.data:
            self.area_cursor.set_scene(scene)
            if extent is not None:
                self.zoom_to_extent(extent, margin=0.0)
            elif fit:
                self.zoom_to_extent(scene.extent())
        self.update()

    def recolour(self, scene: MapScene) -> None:
        """Same areas, new colours: keep the view, redraw the map."""
        self.scene = scene
        self._version += 1
        self._cache_key = None
        self.update()

    def set_overlay(self, selection=(), highlight=None) -> None:
        """Change selection/hover outlines only (no map redraw)."""
        if self.scene is not None:
            self.scene = self.scene.with_selection(selection, highlight)
            self.update()

    def zoom_to_extent(self, extent, margin: float = 0.04) -> None:
        self.fitted = (tuple(extent), margin)
        self._fit()
        self.view_changed.emit()
        self.update()

    def _fit(self) -> None:
        extent, margin = self.fitted
        w, h = max(self.width(), 50), max(self.height(), 50)
        self.scale, self.cx, self.cy = fit_extent(extent, w, h, margin)
        self.scale = min(max(self.scale, MIN_SCALE), MAX_SCALE)

    def zoom_to_scene(self) -> None:
        if self.scene is not None:
            self.zoom_to_extent(self.scene.extent())

    def zoom_england(self) -> None:
        self.zoom_to_extent(ENGLAND_EXTENT, margin=0.0)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        new = min(max(self.scale * factor, MIN_SCALE), MAX_SCALE)
        if anchor is not None:  # keep the point under the anchor where it is
            wx, wy = self.to_world(anchor)
            self.cx = wx - (anchor.x() - self.width() / 2) / new
            self.cy = wy + (anchor.y() - self.height() / 2) / new
        self.scale = new
        self._moved()

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        self.cx -= dx_px / self.scale
        self.cy += dy_px / self.scale
        self._moved()

    def extent(self) -> tuple[float, float, float, float]:
        """What the canvas shows now (xmin, ymin, xmax, ymax) in BNG metres."""
        hw, hh = self.width() / 2 / self.scale, self.height() / 2 / self.scale
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)

    def transform(self):
        return view_transform(QRectF(self.rect()), self.scale, self.cx, self.cy)

    def to_world(self, pos: QPointF) -> tuple[float, float]:
        x = self.cx + (pos.x() - self.width() / 2) / self.scale
        y = self.cy - (pos.y() - self.height() / 2) / self.scale
        return x, y

    def to_screen(self, x: float, y: float) -> QPointF:
        return QPointF(self.width() / 2 + (x - self.cx) * self.scale, self.height() / 2 - (y - self.cy) * self.scale)

    def _moved(self) -> None:
        self.fitted = None  # the user chose this view: a resize keeps its centre and scale
        self.view_changed.emit()
        self.update()
        self._settle.start(140)

    # -- lookups ----------------------------------------------------------------------------------------
    def area_at(self, x: float, y: float) -> str | None:
        """The code of the shown area containing BNG point (x, y), or None."""
        if self.scene is None:
            return None
        r = self.scene.geometry.hit(x, y, self._allowed)
        return None if r < 0 else str(self.scene.geometry.codes[r])

    def frame_row_for(self, code: str) -> int:
        if self.scene is None:
            return -1
        r = self.scene.geometry.index.get(code, -1)
        return -1 if r < 0 else int(self._frame_index[r])

    # -- painting ---------------------------------------------------------------------------------------
    def has_picture(self) -> bool:
        """True once the map has been drawn (its picture is cached for the next paint)."""
        return self._cache is not None

    def picture_is_current(self) -> bool:
        """True when the picture shown was drawn for the view now set; False while a drag moves the old one
        (it is redrawn when the motion pauses)."""
        return self._cache is not None and self._cache_view == self._view()

    def map_image(self):
        """The map under the outlines as last drawn (a QImage), or None before it is drawn."""
        return self._cache.toImage() if self._cache is not None else None

    def _view(self):
        return (self.scale, self.cx, self.cy)

    def _render_layer(self, parts, background: bool) -> QPixmap:
        dpr = self.devicePixelRatioF()
        pm = QPixmap(int(self.width() * dpr), int(self.height() * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(QColor(BACKGROUND) if background else QColor(0, 0, 0, 0))
        p = QPainter(pm)
        paint_map(p, self.scene, QRectF(self.rect()), transform=self.transform(), highlights=False,
                  background=background, parts=parts, fast_labels=True)
        p.end()
        return pm

    def _render_under(self) -> QPixmap:
        """The map under the outlines: vector paths, or (many tiny areas) the coloured area-id image."""
        sc = self.scene
        shown = sc.rows[sc.rows >= 0]
        vis = _visible(sc.geometry.bounds, shown, self.extent())
        if not wants_id_image(sc, vis, self.scale):
            self.lod = "vector"
            return self._render_layer(UNDER, True)
        self.lod = "ids"
        dpr = self.devicePixelRatioF()
        w, h = int(self.width() * dpr), int(self.height() * dpr)
        key = (id(sc.geometry), w, h, self._view())
        if self._ids_key != key or self._ids_rows is not sc.rows:
            tr = self.transform() * QTransform.fromScale(dpr, dpr)
            self._ids = paint_area_ids(sc, w, h, tr, vis)
            self._ctx = self._render_layer({"context"}, True)
            self._ids_key, self._ids_rows = key, sc.rows
        fills = colour_ids(self._ids, sc)
        fills.setDevicePixelRatio(dpr)
        pm = QPixmap(self._ctx)
        p = QPainter(pm)
        p.drawImage(0, 0, fills)
        p.end()
        return pm

    def _ensure_cache(self) -> bool:
        """Redraw what changed: the map under the outlines (colours), the outlines and names, or both."""
        dims = (self.width(), self.height(), self.devicePixelRatioF())
        need_under = self._cache_key != (self._version, *dims)
        need_over = self._over_key != (self._over_version, *dims)
        if (need_under or need_over) and self._cache_view != self._view():
            need_under = need_over = True
        if not (need_under or need_over):
            return False
        t = time.perf_counter()
        if need_under:
            self._cache = self._render_under()
            self._cache_key = (self._version, *dims)
        if need_over:
            self._over = self._render_layer(OVER, False)
            self._over_key = (self._over_version, *dims)
        self._cache_view = self._view()
        self.last_render_ms = (time.perf_counter() - t) * 1000
        return True

    def _rerender(self) -> None:
        if self.scene is not None and self._cache_view != self._view():
            self._cache_key = self._over_key = None
            self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(BACKGROUND))
        if self.scene is None:
            self._paint_message(p, self.busy_text or self.empty_text)
            p.end()
            return
        fresh = self._ensure_cache()
        if self._cache_view == self._view():
            p.drawPixmap(0, 0, self._cache)
            p.drawPixmap(0, 0, self._over)
        else:  # moving: show the last map moved/scaled to the new view until the motion settles
            s0, x0, y0 = self._cache_view
            f = self.scale / s0
            w, h = self.width(), self.height()
            # the cached pixmap's centre (world x0, y0) lands here:
            c = self.to_screen(x0, y0)
            target = QRectF(c.x() - w / 2 * f, c.y() - h / 2 * f, w * f, h * f)
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, bool(f < 1.0))
            p.drawPixmap(target, self._cache, QRectF(self._cache.rect()))
            p.drawPixmap(target, self._over, QRectF(self._over.rect()))
            if not self._settle.isActive() and not self._dragging:
                self._settle.start(140)
        paint_highlights(p, self.scene, self.transform())
        self._paint_furniture(p)
        if self.busy_text:
            self._paint_banner(p, self.busy_text)
        if self.hasFocus():
            self._paint_focus_frame(p)
        p.end()
        if fresh:
            self.painted.emit()

    def _paint_furniture(self, p: QPainter) -> None:
        """Scale bar (bottom left), north arrow (top right) and the boundaries' attribution (bottom right)."""
        scale_bar_right = paint_scale_bar(p, 14, self.height() - 14, self.scale, font=self.font())
        paint_north_arrow(p, QRectF(self.width() - 38, 12, 22, 40))
        if self._attribution is None:
            self._attribution = boundary_attribution()
        paint_attribution(p, QRectF(self.rect()), self._attribution, self.font(), clear_left=scale_bar_right)

    def _paint_focus_frame(self, p: QPainter) -> None:
        """A frame in the palette's highlight colour: the keyboard is on the map (arrows, +/-, [ and ])."""
        p.setPen(QPen(self.palette().highlight().color(), 3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))

    def _paint_message(self, p: QPainter, text: str) -> None:
        f = QFont(self.font())
        f.setPointSizeF(max(f.pointSizeF(), 9) * 1.3)
        p.setFont(f)
        p.setPen(QColor("#555555"))
        p.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), text)

    def _paint_banner(self, p: QPainter, text: str) -> None:
        p.setFont(QFont(self.font()))
        paint_banner(p, text, self.width(), 12)

    def resizeEvent(self, event):  # refit a fitted view, else keep centre and scale; the cache keys hold the size
        if self.fitted is not None:
            self._fit()
        self.view_changed.emit()
        super().resizeEvent(event)

    # -- mouse and keys ---------------------------------------------------------------------------------
    def mousePressEvent(self, e):
        if e.button() == Qt.MouseButton.LeftButton:
            self._press = e.position()
            self._last_mouse = e.position()
            self._dragging = False

    def mouseMoveEvent(self, e):
        pos = e.position()
        x, y = self.to_world(pos)
        self.mouse_world.emit(x, y)
        if self._press is not None and e.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragging and (pos - self._press).manhattanLength() > 4:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                QToolTip.hideText()
            if self._dragging:
                d = pos - self._last_mouse
                self._last_mouse = pos
                self.pan_by(d.x(), d.y())
                return
        self._hover(pos, e.globalPosition().toPoint())

    def _hover(self, pos: QPointF, global_pos) -> None:
        if self.scene is None:
            return
        code = self.area_at(*self.to_world(pos))
        if code != self.scene.highlight:
            self.scene = self.scene.with_selection(self.scene.selection, code)
            self.update()
            self.hovered.emit(code)
            if code is None:
                QToolTip.hideText()
        if code is not None:
            html = self.tooltip_html(code, self.to_world(pos))
            if html:
                QToolTip.showText(global_pos, html, self)

    def cell_value(self, x: float, y: float) -> float | None:
        """The raster cell's value under BNG point (x, y) for a raster layer, else None."""
        grid = None if self.scene is None else self.scene.grid
        if grid is None:
            return None
        t = grid.transform
        col, row = int((x - t.c) // t.a), int((y - t.f) // t.e)
        h, w = grid.values.shape
        if 0 <= row < h and 0 <= col < w:
            v = float(grid.values[row, col])
            return v if v == v else None
        return None

    def tooltip_html(self, code: str, xy=None) -> str:
        i = self.frame_row_for(code)
        if i < 0:
            return ""
        md = self.scene.data
        row = md.frame.iloc[i]
        fields = tooltip_fields(row, md.layer, md.n_ranked if "rank" in md.frame else None)
        if xy is not None and self.scene.grid is not None:
            v = self.cell_value(*xy)
            fields[2] = (f"{md.layer.label} (area mean)", fields[2][1])
            cell = f"{self.scene.grid.cell_size_words()} cell".strip().capitalize()
            fields.insert(3, (f"{cell} under the pointer", md.layer.format_value(v)))
        tip = QToolTip.palette()  # secondary text in the tooltip's own colours, a dark palette's too
        grey = mix(tip.color(QPalette.ColorRole.ToolTipText), tip.color(QPalette.ColorRole.ToolTipBase), 0.3)
        head = f"<b>{escape(fields[0][1])}</b> <span style='color:{grey}'>{escape(fields[1][1])}</span>"
        rest = "".join(f"<tr><td style='color:{grey};padding-right:8px'>{escape(k)}</td><td><b>{escape(v)}</b></td></tr>"
                       for k, v in fields[2:])
        return f"{head}<table>{rest}</table>"

    def mouseReleaseEvent(self, e):
        if e.button() != Qt.MouseButton.LeftButton:
            return
        was_drag = self._dragging
        self._press = None
        self._dragging = False
        self.unsetCursor()
        if was_drag:
            self._settle.start(10)
            return
        code = self.area_at(*self.to_world(e.position()))
        add = bool(e.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier))
        self.clicked.emit(code, add)

    def leaveEvent(self, e):
        if self.scene is not None and self.scene.highlight:
            self.scene = self.scene.with_selection(self.scene.selection, None)
            self.hovered.emit(None)
            self.update()

    def mouseDoubleClickEvent(self, e):
        if e.button() == Qt.MouseButton.LeftButton:
            self.zoom_by(2.0, e.position())

    def wheelEvent(self, e):
        steps = e.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25 ** steps, e.position())

    def keyPressEvent(self, e):
        k = e.key()
        step = 0.25
        if k == Qt.Key.Key_Left:
            self.pan_by(self.width() * step, 0)
        elif k == Qt.Key.Key_Right:
            self.pan_by(-self.width() * step, 0)
        elif k == Qt.Key.Key_Up:
            self.pan_by(0, self.height() * step)
        elif k == Qt.Key.Key_Down:
            self.pan_by(0, -self.height() * step)
        elif k in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.5)
        elif k in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / 1.5)
        elif k == Qt.Key.Key_Home:
            self.zoom_to_scene()
        elif e.text().upper() in NEXT_KEYS + PREVIOUS_KEYS and e.text():
            self.step_cursor(1 if e.text().upper() in NEXT_KEYS else -1)
        elif k in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.area_cursor.code is not None:
            self.clicked.emit(self.area_cursor.code, bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        else:
            super().keyPressEvent(e)

    def step_cursor(self, by: int) -> str | None:
        """Move the keyboard cursor to the next (``by`` = 1) or previous (-1) area: outline it, bring it into
        view, and say it (the canvas's accessible description, and ``cursor_moved`` for the window)."""
        if self.scene is None:
            return None
        code = self.area_cursor.step(by)
        if code is None:
            return None
        self.scene = self.scene.with_selection(self.scene.selection, code)
        r = self.scene.geometry.index.get(code, -1)
        if r >= 0:
            self._bring_into_view(self.scene.geometry.bounds[r])
        self.update()
        sentence = self.area_cursor.sentence()
        self.setAccessibleDescription(sentence)  # Qt tells screen readers the description changed
        self.cursor_moved.emit(code, sentence)
        return code

    def _bring_into_view(self, bounds) -> None:
        """Centre the map on an area that is not wholly on screen; zoom out if it is bigger than the view."""
        x0, y0, x1, y1 = bounds
        ex0, ey0, ex1, ey1 = self.extent()
        if x0 >= ex0 and y0 >= ey0 and x1 <= ex1 and y1 <= ey1:
            return
        if (x1 - x0) > (ex1 - ex0) * 0.8 or (y1 - y0) > (ey1 - ey0) * 0.8:
            self.zoom_to_extent((x0, y0, x1, y1), margin=0.2)
            return
        self.cx, self.cy = (x0 + x1) / 2, (y0 + y1) / 2
        self._moved()
