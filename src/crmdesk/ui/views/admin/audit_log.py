"""The audit log: who did what and when, filtered, with each entry's details and a chain check."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import entity_label
from crmdesk.core.presentation import datetime_text
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.registry import SERVICES
from crmdesk.ui.icons import icon
from crmdesk.ui.views.audit_labels import ACTIONS, action_label, entity_text, summary_text
from crmdesk.ui.views.customer_detail import describe_changes
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace

#: the record kinds the filter offers: the services registry's, plus user accounts
RECORD_KINDS: tuple[str, ...] = (*SERVICES, "user")


class AuditLogView(Document):
    key = "audit"
    PAGE = 500

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.entries: list[Any] = []
        self.who = QComboBox()
        self.who.addItem(self.tr("Anyone"), None)
        for user in workspace.read(lambda s: accounts.account_summaries(s, workspace.actor)):
            self.who.addItem(f"{user.display_name} ({user.username})", user.username)
        self.action = QComboBox()
        self.action.addItem(self.tr("Any action"), None)
        for key in ACTIONS:
            self.action.addItem(action_label(key), key)
        self.entity = QComboBox()
        self.entity.addItem(self.tr("Any record"), None)
        for key in RECORD_KINDS:  # every record service's kind (issue 16's too), and users
            self.entity.addItem(entity_label(key), key)
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.until = QDateEdit(QDate.currentDate())
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Text in the summary"))
        self.text.returnPressed.connect(self.refresh)
        search = action_button("search", self.tr("Search"), self.refresh)
        verify = action_button("shield", self.tr("Verify chain"), self.verify)
        filters = QHBoxLayout()
        for widget in (self.who, self.action, self.entity, QLabel(self.tr("From")), self.since,
                       QLabel(self.tr("to")), self.until, self.text, search):
            filters.addWidget(widget)
        filters.addStretch()
        filters.addWidget(verify)
        self.table = simple_table([self.tr("No."), self.tr("When"), self.tr("Who"), self.tr("Action"),
                             self.tr("Record"), self.tr("Summary")])
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([500, 180])
        self.result = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(self.tr("Audit log"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.result)
        layout.addWidget(splitter, 1)
        self.refresh()

    def title(self) -> str:
        return self.tr("Audit log")

    def icon(self) -> QIcon:
        return icon("scroll-text")

    def current_filter(self) -> audit.AuditFilter:
        first, last = self.since.date(), self.until.date()
        since = datetime(first.year(), first.month(), first.day()).astimezone()
        until = (datetime(last.year(), last.month(), last.day())
                 + timedelta(days=1)).astimezone()
        return audit.AuditFilter(username=self.who.currentData(),
                                 action=self.action.currentData(),
                                 entity=self.entity.currentData(), since=since, until=until,
                                 text=self.text.text().strip() or None)

    def refresh(self) -> None:
        actor, flt = self.workspace.actor, self.current_filter()
        self.entries, total = self.workspace.read(lambda s: (
            audit.entries(s, actor, flt, limit=self.PAGE), audit.count(s, actor, flt)))
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            record = f"{entity_label(e.entity)} #{e.entity_id}" \
                if e.entity in RECORD_KINDS and e.entity_id else entity_text(e.entity)
            set_row(self.table, row, [e.id, datetime_text(e.at), e.username,
                                       action_label(e.action), record, summary_text(e)],
                     e.id)
        self.table.resizeColumnsToContents()
        self.result.setText(self.tr("{shown} of {total} entries").format(
            shown=len(self.entries), total=total))

    def _show_detail(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.entries):
            self.detail.clear()
            return
        e = self.entries[row]
        lines = [summary_text(e), ""]
        changes = describe_changes(e.before, e.after)
        if changes:
            lines.append(changes)
            lines.append("")
        for name, raw in ((self.tr("Before"), e.before), (self.tr("After"), e.after)):
            if raw:
                lines.append(f"{name}: {json.dumps(json.loads(raw), ensure_ascii=False)}")
        lines.append(self.tr("Hash: {hash}").format(hash=e.hash))
        self.detail.setPlainText("\n".join(lines))

    def verify(self) -> None:
        from crmdesk import witnesses

        # the chain, the signatures, and every witness found (this computer, backups)
        result = witnesses.verify_file(self.workspace.db)
        notes = "".join("\n\n" + note for note in result.notes)
        if result.ok:
            QMessageBox.information(self, self.tr("Audit log"), self.tr(
                "The audit log is intact: {n} entries verified.").format(n=result.checked)
                + "\n" + self.tr("Witnesses outside the file: {agreed} of {n} heads agree.")
                .format(agreed=result.agreed, n=result.witnesses) + notes)
        elif result.broken_id is None:
            QMessageBox.warning(self, self.tr("Audit log"), self.tr(
                "The audit log has been tampered with: {reason}.").format(
                reason=result.reason) + notes)
        else:
            QMessageBox.warning(self, self.tr("Audit log"), self.tr(
                "The audit log has been tampered with at entry {id}: {reason}.").format(
                id=result.broken_id, reason=result.reason) + notes)
