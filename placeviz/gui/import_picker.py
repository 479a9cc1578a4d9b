"""Choosing one of the things a file holds (indicators of a Fingertips download, measures of a Nomis table,
layers of a GeoPackage, boundary files in a folder), when the importer refuses to mix them: the error's
``choices`` become a list to pick from, and the import runs again with the one chosen."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QVBoxLayout

from placeviz.gui.plain_text import plain_label


def import_options(option: str, value: str) -> dict:
    """The importer's options for one choice: a boundary file or layer, or one value of a column (``where``)."""
    if option == "boundary_layer":
        return {"boundary_layer": value}
    return {"where": {option: value}}


def with_choice(options: dict, chosen: dict) -> dict:
    """The options of the last try with one more choice (a file may ask for an indicator, then a sex)."""
    out = {**options, **chosen}
    if "where" in options and "where" in chosen:
        out["where"] = {**options["where"], **chosen["where"]}
    return out


def choice_question(file_name: str, option: str, n: int) -> str:
    """What the picker asks, in the app's words (the importer's own sentence names command-line options)."""
    if option == "boundary_layer":
        return f"{file_name} holds {n:,} sets of boundaries. placeviz reads one at a time: choose one."
    return (f"{file_name} holds {n:,} different {option!r} values: mapped together they would be mixed, so "
            "placeviz maps one at a time. Choose the one to map.")


class ChoicePicker(QDialog):
    """A list of the choices a file offers; ``chosen()`` gives the import options of the selected one."""

    def __init__(self, file_name: str, choices: dict[str, list[str]], labels: dict[str, str] | None = None,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle("Choose what to import")
        self.option, self.values = next(iter(choices.items()))
        self.list = QListWidget()
        self.list.addItems([str((labels or {}).get(v, v)) for v in self.values])
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.question = question = plain_label(choice_question(file_name, self.option, len(self.values)))
        question.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import this one")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(question)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        self.resize(460, 360)

    def chosen(self) -> dict:
        return import_options(self.option, str(self.values[max(self.list.currentRow(), 0)]))
