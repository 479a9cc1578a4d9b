"""How the main window follows the user's palette and text size: its style sheet, and panels that scroll.

Fixed colours would break under a dark or high-contrast system palette (light grey panels under white
text). Every colour here is one of the palette's, or a mix of two of them, so text keeps the contrast the
user's palette gives it. The yellow note keeps its own colours: both its text and its background are set.
"""

from __future__ import annotations

from PyQt6.QtCore import QEvent, Qt
from PyQt6.QtGui import QColor, QFont, QPalette
from PyQt6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QTextBrowser, QWidget


def mix(a: QColor, b: QColor, t: float) -> str:
    """``a`` moved a fraction ``t`` towards ``b``, as #rrggbb."""
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t)).name()


def muted_text(palette: QPalette) -> str:
    """Secondary text: the text colour a little towards the background, still well above 4.5:1 contrast."""
    return mix(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window), 0.3)


class MutedLabel(QLabel):
    """A plain-text label in the palette's muted colour, which it keeps when the system palette changes while
    the app runs (dark mode switched on). The colour comes from the application's palette, not the label's
    own, which the colour set here has already changed."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._follow_palette()

    def _follow_palette(self) -> None:
        style = f"color:{muted_text(QApplication.palette(self))};"
        if self.styleSheet() != style:  # setting it changes the palette again: only when it differs
            self.setStyleSheet(style)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()


def window_style_sheet(window: QWidget) -> str:
    """The main window's style sheet for the application's palette and the window's font: taken from the
    application, since the window's own palette is already coloured by its previous style sheet."""
    return main_style(QApplication.palette(window), window.font())


def theme_band(palette: QPalette) -> str:
    """The background of a theme's heading row in a table: a shade off the base, whatever the palette."""
    return mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.1)


FIXED_GREYS = ("#555555", "#555", "#666666", "#666", "#777777", "#777", "#6a6a6a")
FIXED_BAND = "#eef2f5"


def follow_palette(html: str, palette: QPalette) -> str:
    """``html`` with its fixed greys (secondary text) and light band (theme rows) turned into the palette's
    muted text and a band a shade off the background, so that they stay readable on a dark palette."""
    role = QPalette.ColorRole
    band = theme_band(palette)
    muted = mix(palette.color(role.Text), palette.color(role.Base), 0.3)
    for grey in FIXED_GREYS:
        html = html.replace(f"color:{grey}", f"color:{muted}").replace(f"color: {grey}", f"color: {muted}")
    return html.replace(FIXED_BAND, band)


class PaletteHtml:
    """A mixin for a QTextBrowser (``setHtml``) or a rich-text QLabel (``setText``) whose text has fixed greys:
    they follow the palette when set, and again when the palette changes while the app runs (dark mode switched
    on), as ``MutedLabel`` does; a scrolled text stays where the reader was."""

    _raw_html: tuple[str, str] | None = None  # (the setter used, the text as given)

    def setHtml(self, html: str) -> None:
        self._follow("setHtml", html)

    def setText(self, text: str) -> None:
        self._follow("setText", text)

    def _follow(self, setter: str, text: str) -> None:
        self._raw_html = (setter, text)
        getattr(super(), setter)(follow_palette(text, QApplication.palette(self)))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._raw_html is not None:
            bar = self.verticalScrollBar() if hasattr(self, "verticalScrollBar") else None
            at = bar.value() if bar is not None else None
            self._follow(*self._raw_html)
            if bar is not None:
                bar.setValue(at)


class PaletteLabel(PaletteHtml, QLabel):
    """A rich-text label whose fixed greys follow the palette (``PaletteHtml``)."""


class PaletteBrowser(PaletteHtml, QTextBrowser):
    """A text browser whose fixed greys follow the palette (``PaletteHtml``)."""


def main_style(palette: QPalette, font: QFont) -> str:
    """The window's style sheet for ``palette``; the title's size follows the font (large text too)."""
    role = QPalette.ColorRole
    window, text = palette.color(role.Window), palette.color(role.WindowText)
    base = palette.color(role.Base)
    return f"""
QMainWindow {{ background: {mix(window, base, 0.4)}; }}
QDockWidget {{ font-weight: bold; }}
QDockWidget::title {{ background: {mix(window, text, 0.08)}; color: {text.name()}; padding: 5px 8px;
                     text-align: left; }}
QTreeWidget, QTextBrowser, QListWidget, QTableView {{ border: 1px solid {mix(window, text, 0.2)}; }}
QToolBar {{ background: {base.name()}; border-bottom: 1px solid {mix(window, text, 0.2)}; spacing: 6px;
           padding: 4px; }}
QLabel#note {{ background: #fff4d6; color: #5a4300; border: 1px solid #f0d58a; padding: 6px 10px; }}
QLabel#title {{ font-size: {max(font.pointSizeF(), 6) * 1.25:.1f}pt; font-weight: bold; color: {text.name()}; padding: 6px 10px 2px 10px; }}
QLabel#subtitle {{ color: {muted_text(palette)}; padding: 0px 10px 6px 10px; }}
QStatusBar QLabel {{ color: {text.name()}; padding: 0 6px; }}
"""


def scrolling(panel: QWidget) -> QScrollArea:
    """``panel`` in a scroll area that keeps its width: with large text, or on a small screen, a panel
    taller than its dock scrolls instead of squeezing its labels and buttons until their text is cut off."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the panel's own controls take the focus
    area.setWidget(panel)
    return area
