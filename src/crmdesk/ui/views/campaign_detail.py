"""A marketing campaign: its details and its members (customers), with their responses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.presentation import datetime_text
from crmdesk.core.services.campaigns import CampaignHeading, MemberRow, campaigns
from crmdesk.core.session import Session
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.widgets.changes import on_changes
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


class CampaignDetail(Document):
    def __init__(self, workspace: Workspace, campaign_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.campaign_id = campaign_id
        self.key = f"campaign:{campaign_id}"
        self.name = ""
        self.members: list[MemberRow] = []
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.stats = QLabel()
        self.stats.setProperty("role", "subtitle")
        self.details = RecordForm(workspace, "campaign", campaign_id, embedded=True)
        self.details.saved.connect(lambda _id: self.refresh())
        self.table = QTableWidget()
        self.table.setColumnCount(5)
        self.table.setHorizontalHeaderLabels([self.tr("Customer"), self.tr("Code"),
                                              self.tr("Status"), self.tr("Added"),
                                              self.tr("Responded")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_customer)
        self.status = QComboBox()
        for key in CHOICES["member_status"]:
            self.status.addItem(choice_label("member_status", key), key)
        set_status = QPushButton(icon("check"), self.tr("Set status"))
        set_status.clicked.connect(self.set_status)
        remove = QPushButton(icon("x"), self.tr("Remove from campaign"))
        remove.clicked.connect(self.remove)
        hint = QLabel(self.tr("Add members from a customer datasheet: select or filter "
                              "customers, then right-click > Add to campaign."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status)
        buttons.addWidget(set_status)
        buttons.addWidget(remove)
        buttons.addStretch()
        members = QWidget()
        box = QVBoxLayout(members)
        box.addLayout(buttons)
        box.addWidget(self.table, 1)
        box.addWidget(hint)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.details, icon("file-text"), self.tr("Details"))
        self.tabs.addTab(members, icon("users"), self.tr("Members"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.stats)
        layout.addWidget(self.tabs, 1)
        on_changes(workspace, self, ("campaign", "customer"), self.refresh)
        self.refresh()

    def new_kind(self) -> str | None:
        return "campaign"

    def title(self) -> str:
        return self.name

    def icon(self) -> QIcon:
        return icon("megaphone")

    def can_close(self) -> bool:
        return self.details.can_close()

    def save(self) -> None:
        self.details.save()

    def refresh(self) -> None:
        actor = self.workspace.actor

        def load(s: Session) -> tuple[CampaignHeading, list[MemberRow], dict[str, int]]:
            campaign = campaigns.heading(s, actor, self.campaign_id)
            return (campaign, campaigns.members(s, actor, self.campaign_id),
                    campaigns.stats(s, actor, self.campaign_id))

        campaign, self.members, stats = self.workspace.read(load)
        self.name = campaign.name
        self.heading.setText(f"{campaign.name}  ·  {campaign.code}")
        total = sum(stats.values())
        parts = [self.tr("{n} members").format(n=total)]
        parts += [f"{choice_label('member_status', k)} {n}" for k, n in sorted(stats.items())]
        if total:
            converted = stats.get("converted", 0)
            parts.append(self.tr("conversion {rate:.1f}%").format(rate=100 * converted / total))
        self.stats.setText("  ·  ".join(parts))
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            values = [member.name, member.code, choice_label("member_status", member.status),
                      datetime_text(member.added_at), datetime_text(member.responded_at)]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, member.customer_id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.title_changed.emit(self.title())
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        return self.tr("{n} members").format(n=len(self.members))

    def selected_customers(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.members[r].customer_id for r in rows if r < len(self.members)]

    def _open_customer(self, index: Any) -> None:
        if 0 <= index.row() < len(self.members):
            self.open_requested.emit("record", ("customer",
                                                self.members[index.row()].customer_id))

    def set_status(self) -> None:
        chosen, status = self.selected_customers(), self.status.currentData()
        actor, campaign_id = self.workspace.actor, self.campaign_id

        def work(session: Session, _p: Any) -> None:
            for customer_id in chosen:
                campaigns.set_member_status(session, actor, campaign_id, customer_id, status)

        if chosen:
            self.workspace.op(self, work, changes=("campaign",)).run()

    def remove(self) -> None:
        chosen, actor, campaign_id = self.selected_customers(), self.workspace.actor, \
            self.campaign_id

        def work(session: Session, _p: Any) -> None:
            for customer_id in chosen:
                campaigns.remove_member(session, actor, campaign_id, customer_id)

        if chosen:
            self.workspace.op(self, work, changes=("campaign",)).run()


class AddToCampaignDialog(QDialog):
    """Choose the campaign that the selected (or all filtered) customers join."""

    def __init__(self, workspace: Workspace, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add to campaign"))
        self.setMinimumWidth(420)
        self.list = QListWidget()
        actor = workspace.actor
        rows = workspace.read(lambda s: campaigns.joinable(s, actor))
        for campaign in rows:
            item = QListWidgetItem(icon("megaphone"), f"{campaign.name}  ·  {campaign.code}  ·  "
                                   f"{choice_label('campaign_status', campaign.status)}")
            item.setData(Qt.ItemDataRole.UserRole, campaign.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        text = QLabel(self.tr("Add {n} customers to:").format(n=f"{count:,}"))
        empty = QLabel(self.tr("There is no planned or running campaign: create one under "
                               "Marketing > Campaigns first."))
        empty.setWordWrap(True)
        empty.setVisible(self.list.count() == 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.list.count() > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(empty)
        layout.addWidget(buttons)

    def campaign_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None
