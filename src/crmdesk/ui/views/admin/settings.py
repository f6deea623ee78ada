"""Database settings (administrators): company, security, lists, pipeline stages,
ticket statuses and custom fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import entity_label
from crmdesk.core.services import custom_fields
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services import stages as stage_config
from crmdesk.core.services.custom_fields import CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_KINDS
from crmdesk.core.session import Session
from crmdesk.core.settings import BY_KEY
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.admin.assignment_rules import AssignmentRulesEditor
from crmdesk.ui.views.admin.billing_settings import BillingSettingsEditor
from crmdesk.ui.views.admin.cadence import CadenceEditor
from crmdesk.ui.views.admin.service_levels import ServiceLevelsEditor
from crmdesk.ui.views.admin.stages import StagesEditor
from crmdesk.ui.views.admin.ticket_statuses import StatusesEditor, TransitionsGrid
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace


class SettingsView(Document):
    """Database settings (admins): company, security, lists, stages, statuses, custom fields."""

    key = "settings"
    #: numbers on the General tab (the largest attachment, in MB)
    GENERAL_INT_KEYS = ("attachments.max_mb",)
    INT_KEYS = ("security.lockout_threshold", "security.lockout_minutes",
                "security.scrape_limit", "security.scrape_limit_manager",
                "security.scrape_limit_admin", "security.scrape_window_minutes")
    #: the anti-scraping guard counts each role unless turned off here
    GUARD_SWITCHES = ("security.scrape_count_staff", "security.scrape_count_manager",
                      "security.scrape_count_admin")

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        values = workspace.read(db_settings.all_values)
        self.editors: dict[str, Any] = {}
        tabs = QTabWidget()

        general = QWidget()
        form = QFormLayout(general)
        self.editors["company_name"] = QLineEdit(values["company_name"])
        form.addRow(BY_KEY["company_name"].translated + ":", self.editors["company_name"])
        for key in self.GENERAL_INT_KEYS:
            self._number_row(form, key, values)
        tabs.addTab(general, icon("house"), self.tr("General"))

        security = QWidget()
        form = QFormLayout(security)
        for key in self.INT_KEYS:
            self._number_row(form, key, values)
        for key in self.GUARD_SWITCHES:
            check = QCheckBox(BY_KEY[key].translated)
            check.setChecked(bool(values[key]))
            self.editors[key] = check
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

        self.billing = BillingSettingsEditor(values)  # company details, VAT (issue 16)
        tabs.addTab(self.billing, icon("receipt"), self.tr("Invoicing"))

        from crmdesk.ui.views.admin.stock_settings import stock_tab

        self.stock = stock_tab(workspace, values)  # negative stock, default warehouse
        tabs.addTab(self.stock, icon("package"), self.tr("Stock"))

        from crmdesk.ui.views.admin.accounting_settings import AccountingSettingsEditor

        self.accounting = AccountingSettingsEditor(values)  # account codes of the export
        tabs.addTab(self.accounting, icon("wallet"), self.tr("Accounting"))

        self.cadence = CadenceEditor(values)  # follow-up cadence by intent level and status
        tabs.addTab(self.cadence, icon("clock"), self.tr("Follow-up cadence"))

        self.stages = StagesEditor(workspace)
        tabs.addTab(self.stages, icon("kanban"), self.tr("Pipeline stages"))

        self.ticket_statuses = StatusesEditor(workspace)
        tabs.addTab(self.ticket_statuses, icon("life-buoy"), self.tr("Ticket statuses"))
        self.transitions = TransitionsGrid(workspace)
        self.ticket_statuses.on_change = self.transitions.fill
        tabs.addTab(self.transitions, icon("git-merge"), self.tr("Ticket transitions"))
        self.service_levels = ServiceLevelsEditor(workspace)
        tabs.addTab(self.service_levels, icon("clock"), self.tr("Service levels"))
        self.assignment = AssignmentRulesEditor(workspace)  # admin/assignment_rules.py
        tabs.addTab(self.assignment, icon("users"), self.tr("Ticket assignment"))
        tabs.addTab(self._custom_fields_tab(), icon("columns-3"), self.tr("Custom fields"))

        save = QPushButton(icon("save", theme.ON_ACCENT), self.tr("Save settings"))
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

    def _custom_fields_tab(self) -> QWidget:
        box = QWidget()
        self.cf_table = simple_table([self.tr("Record type"), self.tr("Key"), self.tr("Label"),
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
        add = action_button("plus", self.tr("Add field"), self.add_custom_field)
        toggle = action_button("pencil", self.tr("Switch on / off"), self.toggle_custom_field)
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
            set_row(self.cf_table, row, [entity_label(d.entity), d.key, d.label, d.kind,
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

    def _number_row(self, form: QFormLayout, key: str, values: dict[str, Any]) -> None:
        """A spin box for the whole-number setting *key*, within its allowed range."""
        spin = QSpinBox()
        spec = BY_KEY[key]
        spin.setRange(spec.minimum or 0, spec.maximum or 10**7)
        spin.setValue(int(values[key]))
        self.editors[key] = spin
        form.addRow(spec.translated + ":", spin)

    def save(self) -> None:
        actor = self.workspace.actor
        changes: dict[str, Any] = {"company_name": self.editors["company_name"].text()}
        for key in (*self.GENERAL_INT_KEYS, *self.INT_KEYS):
            changes[key] = self.editors[key].value()
        for key in self.GUARD_SWITCHES:
            changes[key] = self.editors[key].isChecked()
        changes.update(self.cadence.changes())
        changes.update(self.stock.changes())
        changes.update(self.billing.changes())
        changes.update(self.accounting.changes())
        for key in ("lists.industry", "lists.source"):
            changes[key] = [line.strip() for line in
                            self.editors[key].toPlainText().splitlines() if line.strip()]
        probabilities = self.stages.probabilities()

        def work(session: Session, _p: Any) -> None:
            for key, value in changes.items():
                db_settings.set_value(session, actor, key, value)
            current = {st.key: st.probability for st in stage_config.all_stages(session)}
            for key, value in probabilities.items():
                if current.get(key) != value:
                    stage_config.set_probability(session, actor, key, value)

        def saved(_r: Any) -> None:
            self.message.setText(self.tr("Settings saved."))
            self.stages.fill()

        self.workspace.op(self, work, changes=("settings", "opportunity")).success(saved).failure(
            lambda exc: self.message.setText(str(exc))).run()
