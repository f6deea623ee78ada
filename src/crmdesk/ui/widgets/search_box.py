"""The search box across the top: results drop down as you type (Ctrl+F)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from crmdesk.core.fields import entity_label
from crmdesk.core.search import Hit
from crmdesk.core.validation import display_phone
from crmdesk.ui.icons import icon
from crmdesk.ui.views.record_form import ENTITY_ICONS

translate = QCoreApplication.translate


def hit_subtitle(hit: Hit) -> str:
    text = hit.subtitle or ""
    if text.isdigit() and len(text) == 11 and text.startswith("1"):
        return display_phone("+86" + text)
    return text


class SearchPopup(QFrame):
    chosen = Signal(object)

    def __init__(self, anchor: QLineEdit) -> None:
        super().__init__(anchor.window(), Qt.WindowType.ToolTip)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.anchor = anchor
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemClicked.connect(self._clicked)
        self.empty = QLabel()
        self.empty.setProperty("role", "hint")
        self.empty.setContentsMargins(8, 6, 8, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)

    def show_hits(self, hits: list[Hit], query: str) -> None:
        self.list.clear()
        for hit in hits:
            sub = hit_subtitle(hit)
            code = f"  {hit.code}" if hit.code else ""
            item = QListWidgetItem(icon(ENTITY_ICONS.get(hit.kind, "file-text")),
                                   f"{hit.title}{code}   ·   {entity_label(hit.kind)}"
                                   + (f"   ·   {sub}" if sub else ""))
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.list.addItem(item)
        self.list.setVisible(bool(hits))
        self.empty.setVisible(not hits)
        self.empty.setText(translate("SearchBox", "Nothing found for \u201c{q}\u201d").format(
            q=query))
        if hits:
            self.list.setCurrentRow(0)
        rows = min(len(hits), 12)
        width = max(self.anchor.width(), 460)
        self.resize(width, (rows * 24 + 8) if hits else 34)
        self.move(self.anchor.mapTo(self.anchor.window(), QPoint(0, self.anchor.height() + 2))
                  + self.anchor.window().mapToGlobal(QPoint(0, 0)))
        self.show()
        self.raise_()

    def move_selection(self, step: int) -> None:
        if self.list.count():
            row = (self.list.currentRow() + step) % self.list.count()
            self.list.setCurrentRow(row)

    def current_hit(self) -> Hit | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _clicked(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        self.hide()


class SearchBox(QLineEdit):
    """Type to search customers, contacts, opportunities and tickets; Enter opens."""

    opened = Signal(object)  # Hit

    def __init__(self, search: Callable[[str], list[Hit]]) -> None:
        super().__init__()
        self.search_fn = search
        self.setPlaceholderText(translate("SearchBox", "Search customers, contacts, deals, "
                                                       "tickets (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.setMinimumWidth(380)
        self.popup = SearchPopup(self)
        self.popup.chosen.connect(self._open)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.run_search)
        self.textEdited.connect(lambda _t: self.timer.start())
        self.last_hits: list[Hit] = []
        self.installEventFilter(self)

    def run_search(self) -> None:
        text = self.text().strip()
        if not text:
            self.popup.hide()
            self.last_hits = []
            return
        self.last_hits = self.search_fn(text)
        self.popup.show_hits(self.last_hits, text)

    def _open(self, hit: Hit) -> None:
        self.popup.hide()
        self.opened.emit(hit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down:
                self.popup.move_selection(1)
                return True
            if key == Qt.Key.Key_Up:
                self.popup.move_selection(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive():
                    self.timer.stop()
                    self.run_search()
                hit = self.popup.current_hit()
                if hit is not None:
                    self._open(hit)
                return True
            if key == Qt.Key.Key_Escape:
                self.popup.hide()
                return True
        if watched is self and event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(150, self.popup.hide)
        return super().eventFilter(watched, event)
