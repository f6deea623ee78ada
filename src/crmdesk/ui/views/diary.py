"""The diary: one's own dated notes (diary and memo), listed by date, with an editor.

Everything shown comes from :mod:`crmdesk.core.services.diary`, which scopes every read
to the logged-in author; this view adds no rule of its own.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import diary
from crmdesk.core.services.diary import NoteSummary
from crmdesk.core.session import Session
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import on_changes
from crmdesk.ui.workspace import Workspace


class DiaryView(Document):
    """List of the user's notes (newest first) on the left, the note's editor on the right."""

    key = "diary"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.notes: list[NoteSummary] = []
        self.current: NoteSummary | None = None
        self.customer_id: int | None = None
        heading = QLabel(self.tr("Diary and memo"))
        heading.setProperty("role", "title")
        hint = QLabel(self.tr("Only you see your notes. A note linked to a customer also "
                              "shows on that customer's timeline, to you and administrators."))
        hint.setProperty("role", "subtitle")
        hint.setWordWrap(True)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search your notes (words, pinyin) ..."))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("All notes"), None)
        for kind in diary.KINDS:
            self.kind_filter.addItem(diary.kind_text(kind), kind)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setHeaderLabels([self.tr("Date"), self.tr("Kind"), self.tr("Title"),
                                   self.tr("Customer")])
        self.list.setColumnWidth(0, 100)
        self.list.setColumnWidth(1, 60)
        self.list.setColumnWidth(2, 220)
        self.list.currentItemChanged.connect(lambda item, _prev: self._show(item))

        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.kind_edit = QComboBox()
        for kind in diary.KINDS:
            self.kind_edit.addItem(diary.kind_text(kind), kind)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(diary.TITLE_LENGTH)
        self.title_edit.setPlaceholderText(self.tr("Default: the start of the text"))
        self.body_edit = QPlainTextEdit()
        self.customer_label = QLabel()
        self.customer_search = QLineEdit()
        self.customer_search.setPlaceholderText(self.tr("Customer name, code or pinyin"))
        self.customer_search.setMinimumWidth(180)
        self.customer_search.returnPressed.connect(self.pick_customer)
        find = QPushButton(icon("search"), self.tr("Link ..."))
        find.clicked.connect(self.pick_customer)
        unlink = QPushButton(icon("x"), self.tr("Unlink"))
        unlink.clicked.connect(lambda: self.set_customer(None, ""))
        customer_row = QHBoxLayout()
        customer_row.addWidget(self.customer_label, 1)
        customer_row.addWidget(self.customer_search)
        customer_row.addWidget(find)
        customer_row.addWidget(unlink)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.date_edit)
        form.addRow(self.tr("Kind"), self.kind_edit)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Text"), self.body_edit)
        form.addRow(self.tr("Customer"), customer_row)
        self.new_button = QPushButton(icon("plus"), self.tr("New note"))
        self.new_button.clicked.connect(self.new_note)
        self.delete_button = QPushButton(icon("trash-2"), self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_note)
        self.save_button = QPushButton(icon("save"), self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(form, 1)
        editor_layout.addWidget(self.error)
        editor_layout.addLayout(buttons)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.kind_filter)
        left_layout.addLayout(top)
        left_layout.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setSizes([420, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        on_changes(workspace, self, ("diary",), self.refresh)
        self.new_note()
        self.refresh()

    def title(self) -> str:
        return self.tr("Diary")

    def icon(self) -> QIcon:
        return icon("pencil")

    def find_in_document(self) -> bool:
        self.search_box.setFocus()
        self.search_box.selectAll()
        return True

    def status_text(self) -> str:
        return self.tr("{n} notes").format(n=len(self.notes))

    # -- list --------------------------------------------------------------------
    def refresh(self) -> None:
        actor = self.workspace.actor
        text, kind = self.search_box.text(), self.kind_filter.currentData()
        self.notes = self.workspace.read(
            lambda s: diary.list_notes(s, actor, text=text or None, kind=kind))
        keep = self.current.id if self.current else None
        self.list.blockSignals(True)
        self.list.clear()
        for note in self.notes:
            item = QTreeWidgetItem([note.note_date.isoformat(), note.kind_text, note.title,
                                    note.customer])
            item.setData(0, Qt.ItemDataRole.UserRole, note.id)
            self.list.addTopLevelItem(item)
            if note.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.status_changed.emit(self.status_text())

    def _show(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        note_id = item.data(0, Qt.ItemDataRole.UserRole)
        note = next((n for n in self.notes if n.id == note_id), None)
        if note is None:
            return
        self.current = note
        self.date_edit.setDate(QDate(note.note_date.year, note.note_date.month,
                                     note.note_date.day))
        self.kind_edit.setCurrentIndex(max(0, self.kind_edit.findData(note.kind)))
        self.title_edit.setText(note.title)
        self.body_edit.setPlainText(note.body)
        self.set_customer(note.customer_id, note.customer)
        self.error.clear()
        self.delete_button.setEnabled(True)

    # -- editing -----------------------------------------------------------------
    def new_note(self) -> None:
        self.current = None
        self.list.setCurrentItem(None)  # type: ignore[call-overload]
        self.date_edit.setDate(QDate.currentDate())
        self.kind_edit.setCurrentIndex(0)
        self.title_edit.clear()
        self.body_edit.clear()
        self.set_customer(None, "")
        self.error.clear()
        self.delete_button.setEnabled(False)
        self.body_edit.setFocus()

    def set_customer(self, customer_id: int | None, text: str) -> None:
        self.customer_id = customer_id
        self.customer_label.setText(text or self.tr("(none)"))

    def pick_customer(self) -> None:
        """Customers matching the typed words, in a menu under the field: one click links."""
        words = self.customer_search.text().strip()
        if not words:
            self.customer_search.setFocus()
            return
        actor = self.workspace.actor
        choices = self.workspace.read(lambda s: diary.customer_choices(s, actor, words))
        if len(choices) == 1:
            self.link_customer(*choices[0])
            return
        menu = QMenu(self)
        if not choices:
            menu.addAction(self.tr("No customer of yours matches")).setEnabled(False)
        for customer_id, text in choices:
            menu.addAction(text, partial(self.link_customer, customer_id, text))
        self.choices_menu = menu  # kept for tests
        menu.popup(self.customer_search.mapToGlobal(self.customer_search.rect().bottomLeft()))

    def link_customer(self, customer_id: int, text: str) -> None:
        self.set_customer(customer_id, text)
        self.customer_search.clear()

    def values(self) -> dict[str, Any]:
        day = self.date_edit.date()
        return {"note_date": date(day.year(), day.month(), day.day()),
                "kind": self.kind_edit.currentData(), "title": self.title_edit.text(),
                "body": self.body_edit.toPlainText(), "customer_id": self.customer_id}

    def save(self) -> None:
        actor, values, current = self.workspace.actor, self.values(), self.current

        def work(s: Session, _job: Any) -> int:
            if current is None:
                return diary.create(s, actor, values).id
            return diary.update(s, actor, current.id, values,
                                expected_version=current.version).id

        def done(note_id: int) -> None:
            self.error.clear()
            self.current = None
            self.refresh()
            for row in range(self.list.topLevelItemCount()):
                item = self.list.topLevelItem(row)
                if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == note_id:
                    self.list.setCurrentItem(item)

        self.workspace.op(self, work, changes=("diary",)).success(done).failure(
            self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(str(getattr(exc, "message", exc)))

    def delete_note(self) -> None:
        current = self.current
        if current is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete note"),
            self.tr("Delete the note {title}?").format(title=current.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor = self.workspace.actor
        self.workspace.op(self, lambda s, _j: diary.delete(s, actor, current.id),
                          changes=("diary",)).success(lambda _r: self.new_note()).failure(
            self._failed).run()

    def delete_selected(self) -> None:
        self.delete_note()


def add_timeline_notes(workspace: Workspace, timeline: Any, customer_id: int) -> int:
    """Append the diary notes linked to a customer to its timeline (a ``QListWidget``):
    the logged-in user's own, and for an administrator every author's (the service
    decides).  Returns how many were added."""
    from html import escape

    from PySide6.QtCore import QCoreApplication, QSize
    from PySide6.QtWidgets import QListWidgetItem

    from crmdesk.ui import theme

    actor = workspace.actor
    notes = workspace.read(lambda s: diary.for_customer(s, actor, customer_id))
    for note in notes:
        byline = f"{note.note_date.isoformat()} · {escape(note.kind_text)}"
        if note.author_id != actor.user_id:
            byline += " · " + escape(QCoreApplication.translate("DiaryView", "by {name}").format(name=note.author))
        parts = [f"<b>{escape(note.title)}</b>",
                 f"<span style='color:{theme.TEXT_MUTED}'>{byline}</span>"]
        if note.body and note.body != note.title:
            parts.append(escape(note.body).replace("\n", "<br>"))
        label = QLabel("<br>".join(parts))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setContentsMargins(4, 4, 4, 4)
        label.setProperty("diary_note", note.id)
        item = QListWidgetItem(icon("pencil", theme.ACCENT), "")
        item.setToolTip(QCoreApplication.translate(
            "DiaryView", "Diary note: only its author and administrators see it here"))
        item.setSizeHint(label.sizeHint().expandedTo(label.minimumSizeHint()) + QSize(0, 8))
        timeline.addItem(item)
        timeline.setItemWidget(item, label)
    return len(notes)
