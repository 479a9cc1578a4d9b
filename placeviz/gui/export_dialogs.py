"""The export's two steps around the file: its size and resolution before, and "Open file" after.

``ExportOptionsDialog`` asks for the picture's size in pixels, or a paper size (A4, A3) and orientation, and
the resolution in dots per inch (what ``export.static.export_static`` takes). ``offer_to_open`` says where
the file went, with buttons to open it or show its folder through the desktop (``QDesktopServices``, reached
through ``open_url`` so that tests can stand in for the desktop).
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt, QUrl, pyqtSignal
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
)

from placeviz.gui.plain_text import message_box, plain_label
from placeviz.gui.theme import MutedLabel

PIXELS = "pixels"


def open_url(url: QUrl) -> bool:
    """Hand a file or folder to the desktop (its default app, its file manager)."""
    return QDesktopServices.openUrl(url)


class ExportOptionsDialog(QDialog):
    """Size (pixels, or paper and orientation) and resolution of an image or PDF export."""

    export_requested = pyqtSignal(dict)  # width, height, dpi, paper, orientation

    def __init__(self, path: str, parent=None):
        super().__init__(parent)
        self.path = str(path)
        fmt = Path(self.path).suffix.lower().lstrip(".") or "png"
        self.setWindowTitle(f"Export {Path(self.path).name}")
        self.size_kind = QComboBox()
        if fmt != "pdf":  # a PDF is a page of paper
            self.size_kind.addItem("Size in pixels", PIXELS)
        self.size_kind.addItem("A4 paper", "A4")
        self.size_kind.addItem("A3 paper", "A3")
        self.orientation = QComboBox()
        self.orientation.addItem("Landscape", "landscape")
        self.orientation.addItem("Portrait", "portrait")
        self.width_px = QSpinBox()
        self.height_px = QSpinBox()
        for spin, value in ((self.width_px, 1600), (self.height_px, 1200)):
            spin.setRange(200, 8000)
            spin.setSingleStep(100)
            spin.setValue(value)
            spin.setSuffix(" px")
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 600)
        self.dpi.setSingleStep(50)
        self.dpi.setValue(300 if fmt == "pdf" else 150)
        self.dpi.setSuffix(" dpi")
        self.dpi.setToolTip("Dots per inch: 150 for a screen or slides, 300 for print")
        form = QFormLayout()
        form.addRow("Size", self.size_kind)
        form.addRow("Width", self.width_px)
        form.addRow("Height", self.height_px)
        form.addRow("Orientation", self.orientation)
        form.addRow("Resolution", self.dpi)
        self.note = MutedLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.export = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export.clicked.connect(self._export)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(f"Export to {self.path}"))
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addWidget(buttons)
        self.size_kind.currentIndexChanged.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        paper = self.size_kind.currentData() != PIXELS
        self.width_px.setEnabled(not paper)
        self.height_px.setEnabled(not paper)
        self.orientation.setEnabled(paper)
        self.note.setText("On paper the resolution sets the image's detail and the size of its text."
                          if paper else "The resolution sets the size of text on the picture and its DPI.")

    def options(self) -> dict:
        paper = self.size_kind.currentData()
        if paper == PIXELS:
            return {"width": self.width_px.value(), "height": self.height_px.value(), "dpi": float(self.dpi.value())}
        return {"paper": paper, "orientation": self.orientation.currentData(), "dpi": float(self.dpi.value())}

    def _export(self) -> None:
        self.export_requested.emit(self.options())
        self.accept()


def offer_to_open(parent, path) -> QMessageBox:
    """A message (not blocking) saying where the export went, with "Open file" and "Show in folder"."""
    path = Path(path)
    box = message_box(QMessageBox.Icon.Information, "placeviz", f"Saved {path.name} in {path.parent}.",
                      QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton("Open file", QMessageBox.ButtonRole.ActionRole)
    show_folder = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)

    def clicked(button) -> None:
        if button is open_file:
            open_url(QUrl.fromLocalFile(str(path)))
        elif button is show_folder:
            open_url(QUrl.fromLocalFile(str(path.parent)))

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box
