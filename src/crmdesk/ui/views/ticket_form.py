"""A service ticket's form: its fields, the history of changes and the comments.

The status list offers only the ticket's own status and the moves the user's role
may make from it (``ticket_flow``); a move saved with a comment written in the
comment box keeps the comment in the history with the move.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.presentation import datetime_text
from crmdesk.core.services.tickets import tickets
from crmdesk.ui.icons import icon
from crmdesk.ui.lookups import status_name
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.views.sla import SlaLine
from crmdesk.ui.widgets.field_editors import ComboEditor
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
        column.addWidget(self.history, 1)
        column.addLayout(row)
        self.history_box = box
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        self.sla_line = SlaLine(workspace)  # service levels: time left, at risk, breached
        layout.insertWidget(layout.indexOf(self.subheading) + 1, self.sla_line)
        from crmdesk.ui.views.ticket_context import TicketContextPanel

        self.context_panel = TicketContextPanel(self)  # articles; order, opportunity, product
        # under the fields, one panel at a time: the fields keep their room
        self.panels = QTabWidget()
        self.panels.setDocumentMode(True)
        self.panels.addTab(box, icon("message-square-text"), self.tr("History and comments"))
        self.panels.addTab(self.context_panel, icon("file-text"),
                           self.tr("Articles and links"))
        if self.attachments is not None:
            layout.removeWidget(self.attachments)
            self.panels.addTab(self.attachments, icon("file-plus"), self.tr("Attachments"))
        self.panels.setVisible(record_id is not None)
        layout.insertWidget(layout.count() - 1, self.panels, 1)
        self._load_history()

    def _populate(self, values: dict[str, Any]) -> None:
        super()._populate(values)
        self._offer_allowed_statuses()

    def _offer_allowed_statuses(self) -> None:
        """The status list: the ticket's status and the moves this user may make."""
        editor = self.editors.get("status_id")
        if not isinstance(editor, ComboEditor):
            return
        actor, record_id = self.workspace.actor, self.record_id
        allowed = self.workspace.read(
            lambda s: [(st.id, status_name(st.key, st.name, st.name_zh))
                       for st in tickets.allowed_statuses(s, actor, record_id)])
        was_loading, self.loading = self.loading, True
        editor.set_items(allowed)
        self.loading = was_loading

    def update_options(self) -> dict[str, Any] | None:
        """A comment written in the box goes into the history with a change of status."""
        editor = self.editors.get("status_id")
        comment = self.comment.toPlainText().strip()
        if editor is None or "status_id" not in self.edited or not comment:
            return {}
        self._moved_with_comment = True
        return {"move_comment": comment}

    def _load_history(self) -> None:
        self.history.clear()
        self.sla_line.load(self.record_id)
        record_id = self.record_id
        if record_id is None:
            return
        actor = self.workspace.actor
        entries = self.workspace.read(lambda s: tickets.timeline(s, actor, record_id))
        for entry in reversed(entries):
            head = f"{datetime_text(entry.at)}  {entry.user}"
            if entry.kind == "comment":
                text = f"{head}\n{entry.comment}"
                item_icon = "message-square-text"
            elif entry.kind == "created":
                text = f"{head}\n" + self.tr("Ticket opened")
                item_icon = "plus"
            else:
                label = self._field_label(entry.field or "")
                text = f"{head}\n{label}: {entry.old or '-'} → {entry.new or '-'}"
                if entry.comment:
                    text += f"\n{entry.comment}"
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

    def values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """A new ticket whose assignee the user left as is goes through the assignment
        rules (``ticket_assignment``; no rule: the user who opens it)."""
        data, custom = super().values()
        if self.record_id is None and "assignee_id" not in self.edited:
            data["assignee_id"] = None
        return data, custom

    def _saved(self, record_id: int) -> None:
        moved = "status_id" in self.edited  # closing offers to record satisfaction
        if getattr(self, "_moved_with_comment", False):
            self.comment.clear()
            self._moved_with_comment = False
        super()._saved(record_id)
        self.panels.setVisible(True)
        self._load_history()
        if moved:
            from crmdesk.ui.dialogs.satisfaction import offer

            self.satisfaction_dialog = offer(self, self.workspace, record_id, self.title())
        self.context_panel.refresh()

    def print_document(self) -> None:
        """Ctrl+P: the ticket with its details and history (reports/ticket_card.py)."""
        from crmdesk.ui.views.ticket_context import print_ticket

        print_ticket(self)
