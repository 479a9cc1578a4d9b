"""The Qt paint devices of the print exports: a PNG image, an SVG (QSvgGenerator) and a PDF (QPdfWriter).

Each ``paint_*`` function opens the device at a path, hands a QPainter on it to a ``paint`` callable and
closes it, whatever happens; a device Qt cannot open is a ``PaintDeviceError`` saying so. What to paint
(a map page, an atlas, maps side by side, a profile) is the caller's: ``placeviz.render.pages``,
``placeviz.render.compare_page`` and ``placeviz.render.profile_document``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PyQt6.QtCore import QMarginsF, QRect, QSize, QSizeF
from PyQt6.QtGui import QColor, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PyQt6.QtSvg import QSvgGenerator

from placeviz.model.errors import UserError
from placeviz.render.png import png_bytes


class PaintDeviceError(UserError, OSError):
    """A file Qt could not open or save, with what to check."""


@dataclass
class PageSize:
    width: int  # device units (pixels at ``dpi``)
    height: int
    dpi: float
    paper: str | None
    orientation: str


_APP = None


def ensure_qt():
    """A QGuiApplication (fonts need one); headless where there is no display."""
    global _APP
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = _APP = QGuiApplication(["placeviz"])
    return app


def _cannot_write(path: Path) -> PaintDeviceError:
    return PaintDeviceError(f"Could not write {path}: check the folder exists and you may write to it.")


def page_image(size: PageSize) -> QImage:
    """A white page image at the page's pixel size, its DPI recorded for printing."""
    img = QImage(size.width, size.height, QImage.Format.Format_ARGB32_Premultiplied)
    dpm = round(size.dpi / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    img.fill(QColor("#ffffff"))
    return img


@contextmanager
def painting(device, path: Path):
    """A QPainter on ``device`` (ended afterwards, whatever happens); a device Qt cannot open is a clear error."""
    p = QPainter()
    if not p.begin(device):
        raise _cannot_write(path)
    try:
        yield p
    finally:
        p.end()


def svg_device(path: Path, size: PageSize, title: str, description: str = "Made with placeviz") -> QSvgGenerator:
    """An SVG generator the size of the page: vector paths and text, and the map's ``<title>`` and ``<desc>``
    (what a screen reader says for the picture)."""
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(size.width, size.height))
    gen.setViewBox(QRect(0, 0, size.width, size.height))
    gen.setResolution(round(size.dpi))
    gen.setTitle(title)
    gen.setDescription(description)
    return gen


def pdf_device(path: Path, size: PageSize, title: str) -> QPdfWriter:
    """A PDF writer on A4/A3 in the page's orientation, or on the page's own size when no paper is named."""
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


def paint_png(path: Path, size: PageSize, paint: Callable[[QPainter, PageSize], None],
              text: dict[str, str] | None = None) -> None:
    """One page painted by ``paint(painter, size)`` on a white image, saved as PNG (``render.png``) with
    ``text`` (key: value) in its metadata."""
    img = page_image(size)
    with painting(img, path) as p:
        paint(p, size)
    try:
        path.write_bytes(png_bytes(img, text))
    except OSError:
        raise _cannot_write(path) from None


def paint_svg(path: Path, size: PageSize, title: str, paint: Callable[[QPainter, PageSize], None],
              description: str = "Made with placeviz") -> None:
    """One page painted by ``paint(painter, size)`` into an SVG file."""
    with painting(svg_device(path, size, title, description), path) as p:
        paint(p, size)


def paint_pdf(path: Path, size: PageSize, title: str,
              paint: Callable[[QPainter, PageSize, Callable[[], bool]], None]) -> None:
    """Pages painted by ``paint(painter, device size, new_page)`` into a PDF; ``new_page()`` starts the next."""
    writer = pdf_device(path, size, title)
    with painting(writer, path) as p:
        paint(p, PageSize(writer.width(), writer.height(), size.dpi, size.paper, size.orientation), writer.newPage)
