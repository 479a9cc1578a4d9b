"""The Layers panel: every layer by theme, a filter box to find one, and the chosen layer's description.

Every theme opens expanded, so that each one's layers are in view on the first look (insecure work is no
longer hidden in a closed Work group); the fourteen domains of deprivation wait in two closed groups, one per
edition, so that the other themes are not pushed far down. A click on a group's name opens or closes it.
Typing in the filter box keeps the layers whose title and theme have every word typed ("insecure",
"crime 2025"), or else whose description or source has them ("ONS").
Each row's tooltip has the layer's full name, its period and geography, and its source.
"""

from __future__ import annotations

from html import escape

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor, QFont, QFontMetrics
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from placeviz.gui.panels import ProvenanceDialog
from placeviz.gui.plain_text import plain_label
from placeviz.gui.theme import PaletteLabel, mix
from placeviz.model.catalog import THEME_TITLES, get_layer, load_catalog
from placeviz.model.names import normalise

SUBLINE_ROLE = Qt.ItemDataRole.UserRole + 1
DESCRIPTION_CHARS = 180  # the rest is in the row's tooltip and behind "About this data…"
#: the seven domains of an English indices of deprivation edition, grouped under their edition in the list
IMD_DOMAINS = frozenset({"income", "employment", "education", "health", "crime", "barriers", "living"})
DOMAIN_GROUPS = {"imd2019": "Domains of deprivation 2019", "imd2025": "Domains of deprivation 2025"}


class LayerItemDelegate(QStyledItemDelegate):
    """Layer rows in two lines: the title, then period and geography in small grey type."""

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        if index.data(SUBLINE_ROLE):
            size.setHeight(int(option.fontMetrics.height() * 2.3) + 4)
        return size

    def paint(self, painter, option, index):
        sub = index.data(SUBLINE_ROLE)
        if not sub:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        title = option.text
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        r = option.rect.adjusted(4, 2, -4, -2)
        fm = option.fontMetrics
        painter.save()
        painter.setFont(option.font)
        text = option.palette.text().color()  # the palette's, so that a dark palette stays readable
        painter.setPen(option.palette.highlightedText().color() if selected else text)
        painter.drawText(r.x(), r.y() + fm.ascent(), fm.elidedText(title, Qt.TextElideMode.ElideRight, r.width()))
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() * 0.85, 6))
        painter.setFont(small)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else QColor(mix(text, option.palette.base().color(), 0.3)))
        sfm = QFontMetrics(small)
        painter.drawText(r.x(), r.y() + fm.height() + sfm.ascent() + 1,
                         sfm.elidedText(sub, Qt.TextElideMode.ElideRight, r.width()))
        painter.restore()


def domain_group(layer_id: str) -> str | None:
    """The group of a domain of deprivation ("imd2025_crime" is in "Domains of deprivation 2025"), else None."""
    edition, _, domain = layer_id.partition("_")
    return DOMAIN_GROUPS.get(edition) if domain in IMD_DOMAINS else None


def layer_tooltip(layer) -> str:
    """A layer row's tooltip: the full name (rows may cut it), period and geography, source, description."""
    d = layer.dataset
    return (f"<b>{escape(layer.title)}</b><br>{escape(layer.period)} · {escape(layer.geography_name)}<br>"
            f"Source: {escape(d.publisher)}, {escape(d.title)}<br><br>{escape(layer.description)}")


def layer_words(layer, theme_title: str) -> str:
    """What the filter box searches in: title, description, theme, publisher and dataset, normalised."""
    d = layer.dataset
    return " " + normalise(" ".join((layer.title, layer.description, theme_title, d.publisher, d.title,
                                     layer.period)))


def matches(words: str, query: str) -> bool:
    """Every word typed starts a word of the layer's text ("insecure", "air 2023", "life women")."""
    return all(f" {w}" in words for w in normalise(query).split())


class LayersPanel(QWidget):
    """The catalog grouped by theme, with a filter; the chosen layer's description and, one click away, its
    provenance."""

    layer_chosen = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter layers, e.g. insecure, air, 2025…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Keep the layers whose name, description, theme or publisher has every word typed")
        self.no_match = plain_label()
        self.no_match.setWordWrap(True)
        self.no_match.setStyleSheet("color:#5a4300; background:#fff4d6; padding:4px;")
        self.no_match.hide()
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(LayerItemDelegate(self.tree))
        self.tree.setMinimumHeight(140)
        self.details = PaletteLabel()  # rich text on purpose: every value in it is escaped
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setStyleSheet("QLabel { padding: 2px; }")
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.about = QPushButton("About this data…")
        self.about.setToolTip("Publisher, licence, caveats and how the figures were made")
        self.about.clicked.connect(self.show_provenance)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter)
        lay.addWidget(self.no_match)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.details)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.about)
        lay.addLayout(row)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._words: dict[str, str] = {}  # a layer's title, description, theme and source, for the filter
        self._titles: dict[str, str] = {}  # its title and theme: what the filter tries first
        self._texts = self._words
        self.current: str | None = None
        self.populate()
        self.tree.currentItemChanged.connect(self._changed)
        self.tree.itemClicked.connect(self._clicked)
        self.filter.textChanged.connect(self.apply_filter)

    def populate(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        self._words.clear()
        self._titles.clear()
        for theme, layers in load_catalog().by_theme().items():
            title = THEME_TITLES.get(theme, theme.title())
            top = self._group(self.tree.invisibleRootItem(), title, len(layers))
            subgroups: dict[str, QTreeWidgetItem] = {}
            for layer in layers:
                parent = top
                group = domain_group(layer.id)
                if group:
                    n = sum(domain_group(x.id) == group for x in layers)
                    parent = subgroups.get(group) or subgroups.setdefault(group, self._group(top, group, n))
                it = QTreeWidgetItem([layer.title])
                it.setData(0, Qt.ItemDataRole.UserRole, layer.id)
                it.setData(0, SUBLINE_ROLE, f"{layer.period} · {layer.geography_name}")
                it.setToolTip(0, layer_tooltip(layer))
                parent.addChild(it)
                self._items[layer.id] = it
                self._words[layer.id] = layer_words(layer, title)
                self._titles[layer.id] = " " + normalise(f"{layer.title} {title}")
            top.setExpanded(True)  # every theme in view on the first look; the domains one click away
        self.tree.blockSignals(False)
        self.apply_filter(self.filter.text())

    @staticmethod
    def _group(parent, title: str, n: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        f = item.font(0)
        f.setBold(True)
        item.setFont(0, f)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setToolTip(0, f"{title}: {n} layer{'s' * (n != 1)}. Click to open or close.")
        parent.addChild(item)
        return item

    def apply_filter(self, text: str) -> None:
        """Show the layers matching ``text`` (all when it is empty), their groups opened."""
        # names first: "crime 2025" is the crime domain, not every index whose description mentions crime
        self._texts = self._titles if any(matches(t, text) for t in self._titles.values()) else self._words
        shown = self._filter(self.tree.invisibleRootItem(), text)
        self.no_match.setText(f"No layer matches “{text.strip()}”. Try one word, e.g. deprivation, life, air, "
                              "jobs." if not shown else "")
        self.no_match.setVisible(not shown)

    def _filter(self, group: QTreeWidgetItem, text: str) -> int:
        """Hide what does not match under ``group``; the number of layers left in view."""
        shown = 0
        for i in range(group.childCount()):
            it = group.child(i)
            layer_id = it.data(0, Qt.ItemDataRole.UserRole)
            n = int(matches(self._texts[layer_id], text)) if layer_id else self._filter(it, text)
            if n and text.strip() and not layer_id:
                it.setExpanded(True)
            it.setHidden(not n)
            shown += n
        return shown

    def visible_layers(self) -> list[str]:
        """The titles of the layers a user can see in the list now (groups open, filter applied)."""
        out: list[str] = []

        def walk(group):
            for i in range(group.childCount()):
                it = group.child(i)
                if it.isHidden():
                    continue
                if it.data(0, Qt.ItemDataRole.UserRole):
                    out.append(it.text(0))
                elif it.isExpanded():
                    walk(it)

        walk(self.tree.invisibleRootItem())
        return out

    def resizeEvent(self, e):
        self.details.setVisible(e.size().height() >= 460)  # a short panel gives the list the room
        super().resizeEvent(e)

    def set_layer(self, layer_id: str) -> None:
        self.current = layer_id
        it = self._items.get(layer_id)
        if it is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(it)
            parent = it.parent()
            while parent is not None:
                parent.setExpanded(True)
                parent = parent.parent()
            self.tree.blockSignals(False)
        self._show_details(layer_id)

    def _show_details(self, layer_id: str) -> None:
        layer = get_layer(layer_id)
        desc = layer.description
        if len(desc) > DESCRIPTION_CHARS:
            desc = desc[:DESCRIPTION_CHARS - 3].rsplit(" ", 1)[0] + "…"
        self.details.setText(  # its grey follows the palette, also one switched while the app runs
            f"<b>{escape(layer.title)}</b><br><span style='color:#555'>{escape(layer.period)} · "
            f"{escape(layer.geography_name)} · {escape(layer.unit_long or layer.unit)}</span><br>{escape(desc)}")

    def _clicked(self, item, _column) -> None:
        if not item.data(0, Qt.ItemDataRole.UserRole):  # a theme's name: open or close it
            item.setExpanded(not item.isExpanded())

    def _changed(self, item, _prev) -> None:
        if item is None:
            return
        layer_id = item.data(0, Qt.ItemDataRole.UserRole)
        if layer_id and layer_id != self.current:
            self.layer_chosen.emit(layer_id)

    def show_provenance(self) -> None:
        if self.current:
            ProvenanceDialog(self.current, self).exec()
