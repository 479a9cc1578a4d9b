"""The step between checking the user's file and mapping it: what the check found, and what to call the layer.

The check's summary comes first (the full report one click away); then the layer's name, units, source and
licence, prefilled with what the file gives ("Rate per 1000", its unit, "your own data"), so that legends and
exports say what the figures are and where they come from; and, for LSOA 2011 data, the offer to convert them
to LSOA 2021 areas (``imports.convert_lsoa11_to_lsoa21``).
"""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from placeviz.gui.plain_text import plain_label
from placeviz.imports import OWN_DATA, ImportResult, suggested_title


class ImportDialog(QDialog):
    """Name, units, source and licence of the layer an import becomes; "Add to the map" or "Cancel"."""

    add_requested = pyqtSignal(dict)  # title, unit, publisher, licence, to_lsoa21

    def __init__(self, result: ImportResult, parent=None):
        super().__init__(parent)
        self.result = result
        report = result.report
        self.setWindowTitle("Import your data")
        self.summary = plain_label(report.summary())
        self.summary.setWordWrap(True)
        self.report = QTextBrowser()
        self.report.setPlainText(report.text())
        self.report.hide()
        self.show_report = QPushButton("Show the full report")
        self.show_report.setCheckable(True)
        self.show_report.toggled.connect(self._toggle_report)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.show_report)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.report, 1)
        self.name = QLineEdit()
        self.unit = QLineEdit()
        self.publisher = QLineEdit()
        self.licence = QLineEdit()
        self.convert = QCheckBox("Convert to LSOA 2021")
        self.buttons = QDialogButtonBox()
        self.add = None
        if result.ok and result.layer is not None:
            self._describe_step(lay)
        self.buttons.addButton("Close" if self.add is None else "Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        lay.addStretch(1)  # room for the report when it is shown
        lay.addWidget(self.buttons)
        self.resize(560, 380)

    def _describe_step(self, lay) -> None:
        layer = self.result.layer
        report = self.result.report
        self.name.setText(suggested_title(layer.title))
        self.name.setPlaceholderText("What the figures are, e.g. Smoking prevalence 2024")
        self.unit.setText(layer.unit)
        self.unit.setPlaceholderText("e.g. %, per 1,000 people, £")
        self.publisher.setText(OWN_DATA if layer.dataset.publisher == OWN_DATA else layer.dataset.publisher)
        self.publisher.setToolTip("Who published the figures: shown under the legend and on every export")
        self.licence.setPlaceholderText("Optional, e.g. Open Government Licence v3.0")
        form = QFormLayout()
        form.addRow(plain_label("Describe the layer: legends and exports show these."))
        form.addRow("Name", self.name)
        form.addRow("Units", self.unit)
        form.addRow("Source", self.publisher)
        form.addRow("Licence", self.licence)
        if report.boundary_set == "lsoa11" and report.conversion:
            self.convert.setToolTip(report.conversion)
            why = plain_label("Your areas are LSOA 2011. Converting maps them on 2021 areas through the ONS lookup "
                              "(split areas share the value, merged areas are population-weighted).")
            why.setWordWrap(True)
            form.addRow(self.convert)
            form.addRow(why)
        lay.addLayout(form)
        self.add = self.buttons.addButton("Add to the map", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add.setDefault(True)
        self.add.clicked.connect(self._add)
        self.name.textChanged.connect(lambda t: self.add.setEnabled(bool(t.strip())))

    def detailedText(self) -> str:
        """The full report, as the check wrote it."""
        return self.report.toPlainText()

    def choices(self) -> dict:
        return {"title": self.name.text().strip(), "unit": self.unit.text().strip(),
                "publisher": self.publisher.text().strip(), "licence": self.licence.text().strip(),
                "to_lsoa21": self.convert.isChecked()}

    def _toggle_report(self, shown: bool) -> None:
        self.report.setVisible(shown)
        self.layout().setStretch(self.layout().count() - 2, 0 if shown else 1)  # the report takes the room
        self.show_report.setText("Hide the full report" if shown else "Show the full report")

    def _add(self) -> None:
        self.add_requested.emit(self.choices())
        self.accept()
