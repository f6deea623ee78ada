"""A service ticket's form: its fields, the history of changes and the comments."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.presentation import datetime_text
from crmdesk.core.services import accounts
from crmdesk.core.services.tickets import statuses, tickets
from crmdesk.core.session import Session
from crmdesk.ui.icons import icon
from crmdesk.ui.lookups import status_name
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.workspace import Workspace


class TicketForm(RecordForm):
    """A service ticket: its fields, its history of changes and comments."""

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(workspace, "ticket", record_id, defaults=defaults, parent=parent)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("Write a comment (what was done, what the "
                                                "customer said) ..."))
        self.comment.setFixedHeight(60)
        add = QPushButton(icon("message-square-text"), self.tr("Add comment"))
        add.clicked.connect(self.add_comment)
        row = QHBoxLayout()
        row.addWidget(self.comment, 1)
        row.addWidget(add)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("History and comments")))
        column.addWidget(self.history, 1)
        column.addLayout(row)
        box.setVisible(record_id is not None)
        self.history_box = box
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, box, 1)
        self._load_history()

    def _load_history(self) -> None:
        self.history.clear()
        record_id = self.record_id
        if record_id is None:
            return
        actor = self.workspace.actor

        def load(s: Session) -> tuple[list[Any], dict[int, str], dict[str, str]]:
            names = accounts.user_names(s)
            status_names = {str(st.id): status_name(st.key, st.name) for st in statuses(s)}
            return tickets.events(s, actor, record_id), names, status_names

        events, names, status_names = self.workspace.read(load)
        for event in reversed(events):
            who = names.get(event.user_id or 0, "")
            when = datetime_text(event.at)
            if event.kind == "comment":
                text = f"{when}  {who}\n{event.comment}"
                item_icon = "message-square-text"
            elif event.kind == "created":
                text = f"{when}  {who}\n" + self.tr("Ticket opened")
                item_icon = "plus"
            else:
                label = self._field_label(event.field or "")
                old, new = event.old_value, event.new_value
                if event.field == "status_id":
                    old, new = status_names.get(old or "", old), status_names.get(new or "", new)
                elif event.field == "assignee_id":
                    old = names.get(int(old), old) if old and old.isdigit() else old
                    new = names.get(int(new), new) if new and new.isdigit() else new
                text = f"{when}  {who}\n{label}: {old or '-'} → {new or '-'}"
                item_icon = "history"
            self.history.addItem(QListWidgetItem(icon(item_icon), text))

    def _field_label(self, key: str) -> str:
        spec = self.service.spec(key)
        return spec.translated if spec else key

    def add_comment(self) -> None:
        text = self.comment.toPlainText().strip()
        if not text or self.record_id is None:
            return
        actor, record_id = self.workspace.actor, self.record_id

        def done(_r: Any) -> None:
            self.comment.clear()
            self._load_history()

        self.workspace.op(self, lambda s, _p: tickets.comment(s, actor, record_id, text),
                          changes=("ticket",)).success(done).run()

    def _saved(self, record_id: int) -> None:
        super()._saved(record_id)
        self.history_box.setVisible(True)
        self._load_history()
