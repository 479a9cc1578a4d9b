"""The place search in the toolbar: it always answers what was typed.

As the user types, a list opens under the box with the places, towns, wards, neighbourhood names, area codes
and postcodes that match (``viewstate.search``); when nothing matches, the names spelt most like the text
("Did you mean Knowsley?", ``viewstate.search_suggestions``), or a plain "No match" sentence. Enter takes the
highlighted row, and always the answer for the text now in the box, never a list left over from fewer letters.
"""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QRect, QSize, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QWidget

from placeviz.model.viewstate import SearchHit, search, search_suggestions

HIT_ROLE = Qt.ItemDataRole.UserRole


def no_match_text(text: str) -> str:
    return (f"No place, town, ward, neighbourhood or postcode matches “{text.strip()}”. "
            "Try the start of a name, a postcode (L4 0TH) or an area code (E01006512).")


class PlaceSearch(QWidget):
    """Type to find a place, a local authority, a town, a ward, a neighbourhood or a postcode; England is one
    click away."""

    chosen = pyqtSignal(object)  # a viewstate.SearchHit

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find a place, town, ward, neighbourhood, postcode or area code…")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(220)
        self.england = QPushButton("England")
        self.england.setToolTip("Map all of England")
        self.results = QListWidget()
        self.results.setWindowFlags(Qt.WindowType.ToolTip)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setMouseTracking(True)
        self.results.setWordWrap(True)
        self.results.itemClicked.connect(self._pick)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.england)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._search)
        self.edit.textEdited.connect(lambda _t: self._timer.start(120))
        self.edit.returnPressed.connect(self._enter)
        self.edit.installEventFilter(self)
        self.england.clicked.connect(self._england)
        self.hits: list[SearchHit] = []  # what the list offers, suggestions included
        self.answer = ""  # the list's first line as a sentence: what a user reads when nothing matched
        self.answered_text: str | None = None  # the text the list answers

    def _england(self) -> None:
        self.results.hide()
        self.chosen.emit(SearchHit("England", "england", "England"))

    def search_now(self, text: str) -> list:
        self.edit.setText(text)
        self._search()
        return self.hits

    def _search(self) -> None:
        self._timer.stop()
        text = self.edit.text()
        self.answered_text = text
        self.results.clear()
        self.hits = search(text) if text.strip() else []
        self.answer = ""
        if text.strip() and not self.hits:
            self.hits = search_suggestions(text)
            self.answer = (f"No match for “{text.strip()}”. Did you mean:" if self.hits else no_match_text(text))
            self._add_note(self.answer)
        for h in self.hits:
            it = QListWidgetItem(h.label)
            it.setData(HIT_ROLE, h)
            it.setToolTip(h.label)
            self.results.addItem(it)
        self._show_list(bool(text.strip()))

    def _add_note(self, text: str) -> None:
        """A line of the list that answers but cannot be chosen."""
        note = QListWidgetItem(text)
        # its wrapped height, for the list's width: the list sizes itself on its rows
        fm = self.results.fontMetrics()
        box = fm.boundingRect(QRect(0, 0, self._list_width() - 16, 10_000), Qt.TextFlag.TextWordWrap, text)
        note.setSizeHint(QSize(self._list_width() - 4, box.height() + 8))
        note.setFlags(Qt.ItemFlag.NoItemFlags)
        note.setForeground(QColor("#5a4300"))
        note.setBackground(QColor("#fff4d6"))
        self.results.addItem(note)

    def _show_list(self, any_text: bool) -> None:
        if not (any_text and self.edit.hasFocus() and self.results.count()):
            self.results.hide()
            return
        pos = self.edit.mapToGlobal(self.edit.rect().bottomLeft())
        rows = sum(self.results.sizeHintForRow(i) for i in range(self.results.count()))
        self.results.setGeometry(pos.x(), pos.y() + 2, self._list_width(), min(rows + 8, 380))
        self.results.setCurrentRow(self._first_choice())
        self.results.show()

    def _list_width(self) -> int:
        return max(self.edit.width(), 460)

    def _first_choice(self) -> int:
        for i in range(self.results.count()):
            if self.results.item(i).data(HIT_ROLE) is not None:
                return i
        return -1

    def _enter(self) -> None:
        if self.answered_text != self.edit.text():  # typed faster than the list: answer the text as it is now
            self._search()
        item = self.results.currentItem()
        hit = item.data(HIT_ROLE) if item is not None else None
        if hit is None and self.results.count() and self._first_choice() >= 0:
            hit = self.results.item(self._first_choice()).data(HIT_ROLE)
        if hit is not None:
            self._emit(hit)
        elif self.edit.text().strip():
            self._show_list(True)  # "No match …" stays in view

    def _pick(self, item) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self._emit(hit)

    def _emit(self, hit) -> None:
        self.results.hide()
        self.edit.setText(hit.label.split("  (")[0])
        self.answered_text = self.edit.text()
        self.chosen.emit(hit)

    def _move(self, step: int) -> None:
        row = self.results.currentRow()
        for _ in range(self.results.count()):
            row = min(max(row + step, 0), self.results.count() - 1)
            if self.results.item(row).data(HIT_ROLE) is not None:
                self.results.setCurrentRow(row)
                return

    def eventFilter(self, obj, ev):
        if obj is self.edit and ev.type() == QEvent.Type.KeyPress and self.results.isVisible():
            if ev.key() == Qt.Key.Key_Down:
                self._move(1)
                return True
            if ev.key() == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if ev.key() == Qt.Key.Key_Escape:
                self.results.hide()
                return True
        if obj is self.edit and ev.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(150, self.results.hide)
        return False
