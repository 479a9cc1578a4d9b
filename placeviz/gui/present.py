"""Showing the map in a meeting: Tools > Where disadvantages coincide (the map a meeting starts from), View > Present (the map full screen, with its title, legend and sources; the
arrow keys step through the layers, Esc leaves) and Edit > Copy map (the same page as a picture on the
clipboard, for an email or a slide).

Both draw the print page of ``placeviz.render.pages`` (title, map with scale bar and north arrow, legend,
caveats, sources and licences), so what is shown is what an export would print.
"""

from __future__ import annotations

from PyQt6.QtCore import QEvent, Qt, QTimer
from PyQt6.QtGui import QColor, QImage, QPainter
from PyQt6.QtWidgets import QApplication, QWidget

from placeviz.gui.canvas import paint_banner
from placeviz.model import viewstate
from placeviz.model.catalog import load_catalog
from placeviz.model.errors import UserError
from placeviz.model.spec import MapSpec
from placeviz.render.layout import layout_for, paint_page
from placeviz.render.pages import map_pages

#: the resolution the page is laid out at on a screen: text sized for a room, not a desk
SCREEN_DPI = 110.0
#: the copied picture: 1600 x 1200 at 150 dpi, as `placeviz export png` writes by default
COPY_SIZE, COPY_DPI = (1600, 1200), 150.0


def paint_map_page(painter: QPainter, spec: MapSpec, width: int, height: int, dpi: float, page=None):
    """The print page of ``spec`` (a map with everything around it; ``page``, its ``map_pages`` entry where
    already made) on any painter; returns the page's layout."""
    painter.fillRect(0, 0, width, height, QColor("#ffffff"))
    scene, s, text = page or map_pages([spec])[0]
    lay = layout_for(painter, text, width, height, dpi, scene)
    paint_page(painter, scene, text, lay, extent=s.extent)
    return lay


def map_page_image(spec: MapSpec, size=COPY_SIZE, dpi: float = COPY_DPI) -> QImage:
    img = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    dpm = round(dpi / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    p = QPainter(img)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_map_page(p, spec, size[0], size[1], dpi)
    finally:
        p.end()
    return img


def copy_map(window) -> QImage:
    """Edit > Copy map: the current map's page (title, legend, sources) as a picture on the clipboard."""
    img = map_page_image(window.current_spec())
    QApplication.clipboard().setImage(img)
    window.statusBar().showMessage("Copied the map with its title, legend and sources: paste it into an email "
                                   "or a slide.", 6000)
    return img


def layer_ids() -> list[str]:
    """The layers the arrow keys step through: the catalog's, theme by theme, as the layer panel lists them."""
    return [layer.id for layers in load_catalog().by_theme().values() for layer in layers]


#: said over the foot of the view for its first seconds
KEYS_HINT = "→ next layer   ← previous layer   Esc leaves"
HINT_MS = 6000
#: said when no other layer would show the place as more than one area
NOTHING_ELSE = "No other layer shows this place as more than one area.   Esc leaves"

_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space,
         Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp)


class PresentView(QWidget):
    """The current map full screen. Right/Down: next layer; Left/Up: previous; Esc: leave."""

    def __init__(self, spec: MapSpec, on_close=None):
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("placeviz: present")
        self.spec = spec
        self._on_close = on_close
        self._image: QImage | None = None
        self.hint: str | None = KEYS_HINT  # said over the foot of the map for HINT_MS
        self._alone: tuple | None = None  # (place, level) that no other layer shows as more than one area
        self._map_bottom: float | None = None  # the foot of the map on the page drawn last, for the hint
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.timeout.connect(self._hide_hint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def step(self, by: int) -> None:
        """Show the next (``by`` = 1) or previous (-1) layer that can be drawn for this place."""
        if self._alone == (self.spec.place, self.spec.level):  # found before: no other layer to step to
            self.say(NOTHING_ELSE)
            return
        from placeviz.model.mapdata import map_data  # lazy: pandas, which the app's first paint goes without

        ids = layer_ids()
        i = ids.index(self.spec.layer) if self.spec.layer in ids else -1
        for k in range(1, len(ids)):
            candidate = ids[(i + by * k) % len(ids)]
            try:
                spec = viewstate.with_layer(self.spec, candidate)
                # one area in one colour (a ward or council on a council-wide layer) is nothing to see: counted
                # without boundaries first, as a place of one neighbourhood tries every layer (0.9 s of pages)
                if len(map_data(spec.place, spec.level, spec.layer, spec.year, geometry=False).frame) < 2:
                    continue
                page = map_pages([spec])[0]
            except UserError:
                continue  # a layer this place has no data for: go on to the next
            self._image = self._draw(spec, page)
            self.spec = spec
            self.update()
            return
        self._alone = (self.spec.place, self.spec.level)
        self.say(NOTHING_ELSE)  # a place of one neighbourhood: every other layer would be one colour

    def say(self, text: str) -> None:
        """``text`` over the foot of the view for HINT_MS."""
        self.hint = text
        self.update()
        self._hint_timer.start(HINT_MS)

    def _draw(self, spec: MapSpec, page=None) -> QImage:
        ratio = self.devicePixelRatioF() or 1.0
        w, h = max(self.width(), 400), max(self.height(), 300)
        img = QImage(round(w * ratio), round(h * ratio), QImage.Format.Format_RGB32)
        img.setDevicePixelRatio(ratio)
        p = QPainter(img)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._map_bottom = paint_map_page(p, spec, w, h, SCREEN_DPI, page).map.bottom
        finally:
            p.end()
        return img

    def image(self) -> QImage:
        if self._image is None or self._image.deviceIndependentSize().toSize() != self.size():
            self._image = self._draw(self.spec)
        return self._image

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.drawImage(0, 0, self.image())
        if self.hint:
            self._paint_hint(p, self.hint)
        p.end()

    def _paint_hint(self, p: QPainter, text: str) -> None:
        """Which keys do what (nothing said it before), or why a key did nothing, over the foot of the map:
        over the page's foot it hid the sources."""
        bottom = self._map_bottom if self._map_bottom is not None else self.height()
        paint_banner(p, text, self.width(), bottom - p.fontMetrics().height() - 38)

    def showEvent(self, e) -> None:
        super().showEvent(e)
        self._hint_timer.start(HINT_MS)

    def _hide_hint(self) -> None:
        self.hint = None
        self.update()

    def event(self, e) -> bool:
        # the main window's shortcuts (Esc clears its selection) must not take this view's keys
        if e.type() == QEvent.Type.ShortcutOverride and e.key() in _KEYS:
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e) -> None:
        if e.key() == Qt.Key.Key_Escape:
            self.close()
        elif e.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.step(1)
        elif e.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.step(-1)
        else:
            super().keyPressEvent(e)

    def closeEvent(self, e) -> None:
        if self._on_close is not None:
            self._on_close(self.spec)
        super().closeEvent(e)


def present(window, full_screen: bool = True) -> PresentView:
    """View > Present: the window's map full screen; leaving it keeps the layer last shown."""
    view = PresentView(window.current_spec(), on_close=lambda spec: window.guarded(viewstate.with_layer, spec.layer))
    window.present_view = view
    if full_screen:
        view.showFullScreen()
    else:
        view.resize(1280, 800)
        view.show()
    view.setFocus()
    return view


def show_coincide(window) -> None:
    """Tools > Where disadvantages coincide: make the derived layer (``analysis.overlap``; pandas loads now, not
    at start-up), list it in the layer panel under Deprivation and map it."""
    from placeviz.analysis.overlap import overlap_layer  # lazy: start-up

    try:
        layer = overlap_layer("overlap")
    except UserError as exc:
        window.show_error(exc)
        return
    window.layers.populate()
    window.guarded(viewstate.with_layer, layer.id)
