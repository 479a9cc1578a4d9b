"""The main window's style sheet, with its colours taken from the palette.

Fixed colours would break under a dark or high-contrast system palette (light grey panels under white
text). Every colour here is one of the palette's, or a mix of two of them, so text keeps the contrast the
user's palette gives it. The yellow note keeps its own colours: both its text and its background are set.
"""

from __future__ import annotations

from PyQt6.QtGui import QColor, QFont, QPalette


def mix(a: QColor, b: QColor, t: float) -> str:
    """``a`` moved a fraction ``t`` towards ``b``, as #rrggbb."""
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t)).name()


def muted_text(palette: QPalette) -> str:
    """Secondary text: the text colour a little towards the background, still well above 4.5:1 contrast."""
    return mix(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window), 0.3)


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
