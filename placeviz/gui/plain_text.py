"""Labels and message boxes that show text as text.

Qt guesses that a string holding '<b>' or '<img>' is HTML and renders it (Qt.TextFormat.AutoText). Titles,
notes and messages here carry text from the user's files (a column header, a file name), so every widget that
shows such text is made plain: a header '<b>Rate</b>' reads as written, and markup cannot reach the screen.
"""

from __future__ import annotations

from html import escape

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def message_box(icon: QMessageBox.Icon, title: str, text: str,
                buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
                parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def plain_tip(text: str) -> str:
    """``text`` as a tooltip shows it as written: Qt has no plain-text tooltip, and took an imported layer's
    title '<img src=x>' for markup; escaped, with its line breaks kept, and marked as rich text so Qt does not
    guess."""
    return "<qt>" + escape(text).replace("\n", "<br>") + "</qt>"
