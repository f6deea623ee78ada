"""Administration: users and teams, the audit log, the recycle bin, settings."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crmdesk.core.fields import choice_label, entity_label
from crmdesk.core.models import User, utcnow
from crmdesk.core.models.custom_fields import CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_KINDS
from crmdesk.core.services import accounts, audit, custom_fields, recycle_bin
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services.sales import set_stage_probability, stages
from crmdesk.core.services.service import save_status, statuses
from crmdesk.core.settings import BY_KEY
from crmdesk.ui.icons import icon
from crmdesk.ui.lookups import stage_name, status_name
from crmdesk.ui.views.audit_labels import ACTIONS, action_label, entity_text, summary_text
from crmdesk.ui.views.customer_detail import describe_changes
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.field_editors import format_datetime
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _set_row(table: QTableWidget, row: int, values: list[Any], data: Any = None) -> None:
    for col, value in enumerate(values):
        item = QTableWidgetItem("" if value is None else str(value))
        if col == 0 and data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data)
        table.setItem(row, col, item)


def _button(name: str, text: str, slot: Any) -> QPushButton:
    button = QPushButton(icon(name), text)
    button.clicked.connect(slot)
    return button


# ---------------------------------------------------------------------------
# Users and teams
# ---------------------------------------------------------------------------

class UsersView(Document):
    key = "users"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.users: list[User] = []
        self.table = _table([self.tr("User name"), self.tr("Name"), self.tr("Role"),
                             self.tr("Team"), self.tr("State"), self.tr("Last login")])
        self.table.doubleClicked.connect(lambda _i: self.edit_user())
        buttons = QHBoxLayout()
        buttons.addWidget(_button("user-plus", self.tr("New user ..."), self.new_user))
        buttons.addWidget(_button("pencil", self.tr("Edit ..."), self.edit_user))
        buttons.addWidget(_button("key-round", self.tr("Reset password ..."), self.reset))
        buttons.addWidget(_button("lock", self.tr("Unlock"), self.unlock))
        buttons.addWidget(_button("refresh-cw", self.tr("Unfreeze"), self.unfreeze))
        self.toggle = _button("x", self.tr("Disable"), self.toggle_disabled)
        buttons.addWidget(self.toggle)
        buttons.addStretch()
        buttons.addWidget(_button("users", self.tr("New team ..."), self.new_team))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(self.tr("Users and teams"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        workspace.changed.connect(lambda e: self.refresh() if e == "user" else None)
        self.refresh()

    def title(self) -> str:
        return self.tr("Users and teams")

    def icon(self) -> QIcon:
        return icon("user-cog")

    def refresh(self) -> None:
        actor = self.workspace.actor

        def load(s: Session) -> tuple[list[User], dict[int, str]]:
            return accounts.list_users(s, actor), {t.id: t.name for t in accounts.list_teams(s)}

        self.users, teams = self.workspace.read(load)
        now = utcnow()
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            if user.disabled:
                state = self.tr("Disabled")
            elif user.frozen_at:
                state = self.tr("Frozen since {at}").format(at=format_datetime(user.frozen_at))
            elif user.locked_until and user.locked_until > now:
                state = self.tr("Locked until {at}").format(
                    at=format_datetime(user.locked_until))
            else:
                state = self.tr("Active")
            _set_row(self.table, row, [user.username, user.display_name,
                                       choice_label("role", user.role),
                                       teams.get(user.team_id or 0, ""), state,
                                       format_datetime(user.last_login_at)], user.id)
            state_item = self.table.item(row, 4)
            if state_item is not None and (user.frozen_at or user.disabled):
                state_item.setForeground(QBrush(QColor("#c42b1c")))
        self.table.resizeColumnsToContents()
        self.status_changed.emit(self.tr("{n} users").format(n=len(self.users)))

    def status_text(self) -> str:
        return self.tr("{n} users").format(n=len(self.users))

    def selected(self) -> User | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _selection_changed(self) -> None:
        user = self.selected()
        self.toggle.setText(self.tr("Enable") if user and user.disabled else self.tr("Disable"))

    def new_user(self) -> None:
        from crmdesk.ui.dialogs.users import UserDialog

        UserDialog(self.workspace, None, self).exec()

    def edit_user(self) -> None:
        from crmdesk.ui.dialogs.users import UserDialog

        user = self.selected()
        if user is not None:
            UserDialog(self.workspace, user, self).exec()

    def reset(self) -> None:
        from crmdesk.ui.dialogs.users import ResetPasswordDialog

        user = self.selected()
        if user is not None:
            ResetPasswordDialog(self.workspace, user, self).exec()

    def new_team(self) -> None:
        from crmdesk.ui.dialogs.users import TeamDialog

        TeamDialog(self.workspace, self).exec()

    def _act(self, fn: Any) -> None:
        user = self.selected()
        if user is None:
            return
        actor, user_id = self.workspace.actor, user.id
        self.workspace.op(self, lambda s, _p: fn(s, actor, user_id), changes=("user",)).run()

    def unlock(self) -> None:
        self._act(accounts.unlock)

    def unfreeze(self) -> None:
        self._act(accounts.unfreeze)

    def toggle_disabled(self) -> None:
        user = self.selected()
        if user is not None:
            disabled = not user.disabled
            self._act(lambda s, a, uid: accounts.set_disabled(s, a, uid, disabled))


# ---------------------------------------------------------------------------
# The audit log
# ---------------------------------------------------------------------------

class AuditLogView(Document):
    key = "audit"
    PAGE = 500

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.entries: list[Any] = []
        self.who = QComboBox()
        self.who.addItem(self.tr("Anyone"), None)
        for user in workspace.read(lambda s: accounts.list_users(s, workspace.actor)):
            self.who.addItem(f"{user.display_name} ({user.username})", user.username)
        self.action = QComboBox()
        self.action.addItem(self.tr("Any action"), None)
        for key in ACTIONS:
            self.action.addItem(action_label(key), key)
        self.entity = QComboBox()
        self.entity.addItem(self.tr("Any record"), None)
        for key in ("customer", "contact", "interaction", "opportunity", "product", "order",
                    "ticket", "task", "campaign", "user"):
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
        search = _button("search", self.tr("Search"), self.refresh)
        verify = _button("shield", self.tr("Verify chain"), self.verify)
        filters = QHBoxLayout()
        for widget in (self.who, self.action, self.entity, QLabel(self.tr("From")), self.since,
                       QLabel(self.tr("to")), self.until, self.text, search):
            filters.addWidget(widget)
        filters.addStretch()
        filters.addWidget(verify)
        self.table = _table([self.tr("No."), self.tr("When"), self.tr("Who"), self.tr("Action"),
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
            record = f"{entity_label(e.entity)} #{e.entity_id}" if e.entity and e.entity in (
                "customer", "contact", "interaction", "opportunity", "product", "order",
                "ticket", "task", "campaign", "user") and e.entity_id else entity_text(e.entity)
            _set_row(self.table, row, [e.id, format_datetime(e.at), e.username,
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
        result = self.workspace.read(audit.verify_chain)
        if result.ok:
            QMessageBox.information(self, self.tr("Audit log"), self.tr(
                "The audit log is intact: {n} entries verified.").format(n=result.checked))
        else:
            QMessageBox.warning(self, self.tr("Audit log"), self.tr(
                "The audit log has been tampered with at entry {id}: {reason}.").format(
                id=result.broken_id, reason=result.reason))


# ---------------------------------------------------------------------------
# The recycle bin
# ---------------------------------------------------------------------------

class RecycleBinView(Document):
    key = "recycle"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.entries: list[recycle_bin.BinEntry] = []
        self.table = _table([self.tr("Type"), self.tr("Record"), self.tr("Deleted"),
                             self.tr("Deleted by")])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        buttons = QHBoxLayout()
        buttons.addWidget(_button("undo-2", self.tr("Restore"), self.restore))
        buttons.addWidget(_button("trash-2", self.tr("Delete for good ..."), self.purge))
        buttons.addStretch()
        buttons.addWidget(_button("refresh-cw", self.tr("Refresh"), self.refresh))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(self.tr("Recycle bin"))
        title.setProperty("role", "title")
        hint = QLabel(self.tr("Deleted records stay here until an administrator deletes them "
                              "for good. Restoring a merged-away customer undoes the merge."))
        hint.setProperty("role", "hint")
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        workspace.changed.connect(lambda _e: self.refresh())
        self.refresh()

    def title(self) -> str:
        return self.tr("Recycle bin")

    def icon(self) -> QIcon:
        return icon("trash-2")

    def refresh(self) -> None:
        actor = self.workspace.actor
        self.entries = self.workspace.read(lambda s: recycle_bin.entries(s, actor))
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            _set_row(self.table, row, [entity_label(e.entity), e.description,
                                       format_datetime(e.deleted_at), e.deleted_by], row)
        self.table.resizeColumnsToContents()
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        return self.tr("{n} deleted records").format(n=len(self.entries))

    def selected(self) -> list[recycle_bin.BinEntry]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.entries[r] for r in rows if r < len(self.entries)]

    def restore(self) -> None:
        chosen, actor = self.selected(), self.workspace.actor
        if not chosen:
            return

        def work(session: Session, _p: Any) -> None:
            for e in chosen:
                recycle_bin.restore(session, actor, e.entity, e.id)

        self.workspace.op(self, work, changes=tuple({e.entity for e in chosen})).run()

    def purge(self) -> None:
        chosen, actor = self.selected(), self.workspace.actor
        if not chosen:
            return
        answer = QMessageBox.warning(
            self, self.tr("Delete for good"),
            self.tr("Delete {n} record(s) for good, with everything that belongs to them? "
                    "This cannot be undone.").format(n=len(chosen)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(session: Session, _p: Any) -> None:
            for e in chosen:
                recycle_bin.purge(session, actor, e.entity, e.id)

        self.workspace.op(self, work, changes=("recycle",)).run()


# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------

class SettingsView(Document):
    """Database settings (admins): company, security, lists, stages, statuses, custom fields."""

    key = "settings"
    INT_KEYS = ("security.lockout_threshold", "security.lockout_minutes",
                "security.scrape_limit", "security.scrape_window_minutes")

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        values = workspace.read(db_settings.all_values)
        self.editors: dict[str, Any] = {}
        tabs = QTabWidget()

        general = QWidget()
        form = QFormLayout(general)
        self.editors["company_name"] = QLineEdit(values["company_name"])
        form.addRow(BY_KEY["company_name"].translated + ":", self.editors["company_name"])
        tabs.addTab(general, icon("house"), self.tr("General"))

        security = QWidget()
        form = QFormLayout(security)
        for key in self.INT_KEYS:
            spin = QSpinBox()
            spec = BY_KEY[key]
            spin.setRange(spec.minimum or 0, spec.maximum or 10**7)
            spin.setValue(int(values[key]))
            self.editors[key] = spin
            form.addRow(spec.translated + ":", spin)
        check = QCheckBox(BY_KEY["security.scrape_guard_managers"].translated)
        check.setChecked(bool(values["security.scrape_guard_managers"]))
        self.editors["security.scrape_guard_managers"] = check
        form.addRow("", check)
        tabs.addTab(security, icon("shield"), self.tr("Security"))

        lists = QWidget()
        form = QFormLayout(lists)
        for key in ("lists.industry", "lists.source"):
            edit = QPlainTextEdit("\n".join(values[key]))
            edit.setFixedHeight(150)
            self.editors[key] = edit
            form.addRow(BY_KEY[key].translated + ":", edit)
        form.addRow("", QLabel(self.tr("One entry per line.")))
        tabs.addTab(lists, icon("list-todo"), self.tr("Lists"))

        self.stage_table = QTableWidget()
        self.stage_table.setColumnCount(2)
        self.stage_table.setHorizontalHeaderLabels([self.tr("Stage"), self.tr("Probability %")])
        self.stage_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.stage_spins: dict[str, QSpinBox] = {}
        stage_rows = workspace.read(stages)
        self.stage_table.setRowCount(len(stage_rows))
        for row, st in enumerate(stage_rows):
            self.stage_table.setItem(row, 0, QTableWidgetItem(stage_name(st.key, st.name)))
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setValue(st.probability)
            self.stage_spins[st.key] = spin
            self.stage_table.setCellWidget(row, 1, spin)
        tabs.addTab(self.stage_table, icon("kanban"), self.tr("Pipeline stages"))

        tabs.addTab(self._statuses_tab(), icon("life-buoy"), self.tr("Ticket statuses"))
        tabs.addTab(self._custom_fields_tab(), icon("columns-3"), self.tr("Custom fields"))

        save = QPushButton(icon("save", "#ffffff"), self.tr("Save settings"))
        save.setProperty("primary", True)
        save.clicked.connect(self.save)
        self.message = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(self.tr("Settings"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        layout.addWidget(tabs, 1)
        layout.addLayout(bottom)
        self.tabs = tabs

    def title(self) -> str:
        return self.tr("Settings")

    def icon(self) -> QIcon:
        return icon("settings")

    def _statuses_tab(self) -> QWidget:
        box = QWidget()
        self.status_table = _table([self.tr("Key"), self.tr("Name"), self.tr("Closes the ticket"),
                                    self.tr("Default for new tickets"), self.tr("In use")])
        add = _button("plus", self.tr("Add status ..."), self.add_status)
        toggle = _button("pencil", self.tr("Switch on / off"), self.toggle_status)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(toggle)
        buttons.addStretch()
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.status_table)
        self._fill_statuses()
        return box

    def _fill_statuses(self) -> None:
        rows = self.workspace.read(statuses)
        yes, no = self.tr("Yes"), self.tr("No")
        self.status_table.setRowCount(len(rows))
        for row, st in enumerate(rows):
            _set_row(self.status_table, row, [st.key, status_name(st.key, st.name),
                                              yes if st.is_closed else no,
                                              yes if st.is_default else no,
                                              yes if st.active else no], st.key)
        self.status_rows = rows

    def add_status(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add status"), self.tr("Status name:"))
        if not ok or not name.strip():
            return
        closed = QMessageBox.question(self, self.tr("Add status"), self.tr(
            "Does this status close the ticket (solved or given up)?")) == \
            QMessageBox.StandardButton.Yes
        actor = self.workspace.actor
        key = "custom_" + uuid.uuid4().hex[:8]
        self.workspace.op(self, lambda s, _p: save_status(s, actor, key=key, name=name.strip(),
                                                          is_closed=closed),
                          changes=("ticket",)).success(lambda _r: self._fill_statuses()).run()

    def toggle_status(self) -> None:
        row = self.status_table.currentRow()
        if not 0 <= row < len(self.status_rows):
            return
        st, actor = self.status_rows[row], self.workspace.actor
        key, name, closed, default, active = (st.key, st.name, st.is_closed, st.is_default,
                                              not st.active)
        self.workspace.op(self, lambda s, _p: save_status(
            s, actor, key=key, name=name, is_closed=closed, is_default=default, active=active),
            changes=("ticket",)).success(lambda _r: self._fill_statuses()).run()

    def _custom_fields_tab(self) -> QWidget:
        box = QWidget()
        self.cf_table = _table([self.tr("Record type"), self.tr("Key"), self.tr("Label"),
                                self.tr("Type"), self.tr("Required"), self.tr("Sensitive"),
                                self.tr("In use")])
        self.cf_entity = QComboBox()
        for entity in CUSTOM_FIELD_ENTITIES:
            self.cf_entity.addItem(entity_label(entity), entity)
        self.cf_key = QLineEdit()
        self.cf_key.setPlaceholderText("vip_level")
        self.cf_label = QLineEdit()
        self.cf_label.setPlaceholderText(self.tr("e.g. 会员等级"))
        self.cf_kind = QComboBox()
        kind_names = {"text": self.tr("Text"), "number": self.tr("Number"),
                      "date": self.tr("Date"), "choice": self.tr("Choice")}
        for kind in CUSTOM_FIELD_KINDS:
            self.cf_kind.addItem(kind_names[kind], kind)
        self.cf_choices = QLineEdit()
        self.cf_choices.setPlaceholderText(self.tr("Choices, separated by commas"))
        self.cf_required = QCheckBox(self.tr("Required"))
        self.cf_sensitive = QCheckBox(self.tr("Sensitive (encrypted, shown masked)"))
        add = _button("plus", self.tr("Add field"), self.add_custom_field)
        toggle = _button("pencil", self.tr("Switch on / off"), self.toggle_custom_field)
        form = QFormLayout()
        form.addRow(self.tr("Record type:"), self.cf_entity)
        form.addRow(self.tr("Key:"), self.cf_key)
        form.addRow(self.tr("Label:"), self.cf_label)
        form.addRow(self.tr("Type:"), self.cf_kind)
        form.addRow(self.tr("Choices:"), self.cf_choices)
        form.addRow("", self.cf_required)
        form.addRow("", self.cf_sensitive)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(toggle)
        buttons.addStretch()
        self.cf_message = QLabel()
        self.cf_message.setProperty("role", "error")
        layout = QVBoxLayout(box)
        layout.addWidget(self.cf_table, 1)
        layout.addLayout(form)
        layout.addWidget(self.cf_message)
        layout.addLayout(buttons)
        self._fill_custom_fields()
        return box

    def _fill_custom_fields(self) -> None:
        def load(s: Session) -> list[Any]:
            found: list[Any] = []
            for entity in CUSTOM_FIELD_ENTITIES:
                found += custom_fields.definitions(s, entity, active_only=False)
            return found

        rows = self.workspace.read(load)
        self.cf_rows = rows
        yes, no = self.tr("Yes"), self.tr("No")
        self.cf_table.setRowCount(len(rows))
        for row, d in enumerate(rows):
            _set_row(self.cf_table, row, [entity_label(d.entity), d.key, d.label, d.kind,
                                          yes if d.required else no, yes if d.sensitive else no,
                                          yes if d.active else no], d.id)
        self.cf_table.resizeColumnsToContents()

    def add_custom_field(self) -> None:
        actor = self.workspace.actor
        entity, key, label = (self.cf_entity.currentData(), self.cf_key.text().strip(),
                              self.cf_label.text().strip())
        kind = self.cf_kind.currentData()
        choices = [c.strip() for c in self.cf_choices.text().replace("，", ",").split(",")]
        required, sensitive = self.cf_required.isChecked(), self.cf_sensitive.isChecked()

        def failed(exc: BaseException) -> None:
            self.cf_message.setText(str(exc))

        def done(_r: Any) -> None:
            self.cf_message.clear()
            self.cf_key.clear()
            self.cf_label.clear()
            self.cf_choices.clear()
            self._fill_custom_fields()

        self.workspace.op(self, lambda s, _p: custom_fields.create_definition(
            s, actor, entity, key, label, kind, choices=choices, required=required,
            is_sensitive=sensitive), changes=(entity,)).success(done).failure(failed).run()

    def toggle_custom_field(self) -> None:
        row = self.cf_table.currentRow()
        if not 0 <= row < len(self.cf_rows):
            return
        definition, actor = self.cf_rows[row], self.workspace.actor
        active = not definition.active
        self.workspace.op(self, lambda s, _p: custom_fields.set_active(s, actor, definition.id,
                                                                       active)).success(
            lambda _r: self._fill_custom_fields()).run()

    def save(self) -> None:
        actor = self.workspace.actor
        changes: dict[str, Any] = {"company_name": self.editors["company_name"].text()}
        for key in self.INT_KEYS:
            changes[key] = self.editors[key].value()
        changes["security.scrape_guard_managers"] = \
            self.editors["security.scrape_guard_managers"].isChecked()
        for key in ("lists.industry", "lists.source"):
            changes[key] = [line.strip() for line in
                            self.editors[key].toPlainText().splitlines() if line.strip()]
        probabilities = {key: spin.value() for key, spin in self.stage_spins.items()}

        def work(session: Session, _p: Any) -> None:
            for key, value in changes.items():
                db_settings.set_value(session, actor, key, value)
            current = {st.key: st.probability for st in stages(session)}
            for key, value in probabilities.items():
                if current.get(key) != value:
                    set_stage_probability(session, actor, key, value)

        self.workspace.op(self, work, changes=("settings", "opportunity")).success(
            lambda _r: self.message.setText(self.tr("Settings saved."))).run()
