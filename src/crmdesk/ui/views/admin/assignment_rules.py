"""The "Ticket assignment" tab of the settings: the assignment rules in order, and
the score at or below which a satisfaction makes a follow-up task.

Each button is one audited change through ``core.services.ticket_assignment`` (the
same rules as ``crmdesk ticket rules ...``); a problem is shown under the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import settings as db_settings
from crmdesk.core.services import ticket_assignment
from crmdesk.core.session import Session
from crmdesk.core.settings import BY_KEY
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace

LOW_SCORE = "service.low_score"


class RuleDialog(QDialog):
    """A new rule: its conditions (each may be "any") and its target."""

    def __init__(self, parent: QWidget, choices: dict[str, list[tuple[Any, str]]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add assignment rule"))
        form = QFormLayout(self)
        anything = self.tr("(any)")

        def combo(items: list[tuple[Any, str]], empty: str | None) -> QComboBox:
            box = QComboBox()
            if empty is not None:
                box.addItem(empty, None)
            for value, text in items:
                box.addItem(text, value)
            return box

        self.kind = combo(choices["kind"], anything)
        self.product = combo(choices["product"], anything)
        self.level = combo(choices["level"], anything)
        self.customer = QLineEdit()
        self.customer.setPlaceholderText(self.tr("Code or name; empty: any customer"))
        self.to_user = QRadioButton(self.tr("A user:"))
        self.to_team = QRadioButton(self.tr("A team, in turn:"))
        self.to_team.setChecked(True)
        self.user = combo(choices["user"], None)
        self.team = combo(choices["team"], None)
        form.addRow(self.tr("Ticket type:"), self.kind)
        form.addRow(self.tr("Product:"), self.product)
        form.addRow(self.tr("Customer:"), self.customer)
        form.addRow(self.tr("Customer level:"), self.level)
        form.addRow(QLabel(self.tr("Give the ticket to:")))
        form.addRow(self.to_team, self.team)
        form.addRow(self.to_user, self.user)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        team = self.to_team.isChecked()
        return {"kind": self.kind.currentData(), "product_id": self.product.currentData(),
                "level": self.level.currentData(),
                "customer": self.customer.text().strip() or None,
                "team_id": self.team.currentData() if team else None,
                "user_id": None if team else self.user.currentData()}


class AssignmentRulesEditor(QWidget):
    """The rules in order: the first active rule that matches a new ticket wins."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.table = simple_table([self.tr("No."), self.tr("When the ticket has"),
                                   self.tr("Give it to"), self.tr("Active")])
        self.rows: list[ticket_assignment.RuleSummary] = []
        buttons = QHBoxLayout()
        for name, text, slot in (
                ("plus", self.tr("Add rule ..."), self.ask_add),
                ("chevron-up", self.tr("Move up"), lambda: self.move_selected(-1)),
                ("chevron-down", self.tr("Move down"), lambda: self.move_selected(1)),
                ("pencil", self.tr("Switch on / off"), self.toggle_selected),
                ("trash-2", self.tr("Remove"), self.remove_selected)):
            buttons.addWidget(action_button(name, text, slot))
        buttons.addStretch()
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("A new ticket without an assignee goes to the first active rule "
                              "that matches it; a team's tickets go to its active members in "
                              "turn. No rule matches: the ticket stays with whoever opened it."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.low_score = QSpinBox()
        spec = BY_KEY[LOW_SCORE]
        self.low_score.setRange(spec.minimum or 1, spec.maximum or 4)
        self.low_score.setValue(int(workspace.read(lambda s: db_settings.get(s, LOW_SCORE))))
        low = QHBoxLayout()
        low.addWidget(QLabel(spec.translated + ":"))
        low.addWidget(self.low_score)
        low.addWidget(action_button("save", self.tr("Save"), self.save_low_score))
        low.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addLayout(low)
        self.fill()

    def fill(self, select: int | None = None) -> None:
        self.rows = self.workspace.read(ticket_assignment.summaries)
        yes, no = self.tr("Yes"), self.tr("No")
        self.table.setRowCount(len(self.rows))
        for row, rule in enumerate(self.rows):
            set_row(self.table, row, [rule.position, rule.conditions, rule.target,
                                      yes if rule.active else no], rule.id)
            if rule.position == select:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()

    def selected(self) -> ticket_assignment.RuleSummary | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _run(self, work: Callable[[Session], Any], select: int | None = None) -> None:
        def done(_result: Any) -> None:
            self.message.clear()
            self.fill(select)

        self.workspace.op(self, lambda s, _p: work(s),
                          changes=("settings",)).success(done).failure(
            lambda exc: self.message.setText(str(exc))).run()

    # -- changes (one call each, also used by the tests) ------------------------------

    def add(self, *, customer: str | None = None, **values: Any) -> None:
        """A new rule; *customer* by code or name (refused, named, when unknown)."""
        actor = self.workspace.actor

        def work(s: Session) -> Any:
            if customer:
                values["customer_id"] = ticket_assignment.find_customer(s, customer)
            return ticket_assignment.add_rule(s, actor, **values)

        self._run(work)

    def move_rule(self, position: int, new_position: int) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_assignment.move_rule(s, actor, position, new_position),
                  new_position)

    def set_active(self, position: int, active: bool) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_assignment.set_active(s, actor, position, active), position)

    def remove(self, position: int) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_assignment.remove_rule(s, actor, position))

    def save_low_score(self) -> None:
        actor, value = self.workspace.actor, self.low_score.value()
        self._run(lambda s: db_settings.set_value(s, actor, LOW_SCORE, value))

    # -- buttons ----------------------------------------------------------------------

    def ask_add(self) -> None:
        dialog = RuleDialog(self, self.workspace.read(ticket_assignment.choices))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add(**dialog.values())

    def move_selected(self, step: int) -> None:
        rule = self.selected()
        if rule is not None and 1 <= rule.position + step <= len(self.rows):
            self.move_rule(rule.position, rule.position + step)

    def toggle_selected(self) -> None:
        rule = self.selected()
        if rule is not None:
            self.set_active(rule.position, not rule.active)

    def remove_selected(self) -> None:
        rule = self.selected()
        if rule is not None:
            self.remove(rule.position)
