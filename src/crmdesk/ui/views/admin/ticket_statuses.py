"""The ticket statuses tab and the transitions grid of the settings.

Statuses: add, rename, reorder, colour, category, default, retire and reinstate,
each button one audited change through ``core.services.ticket_flow`` (the same rules
as ``crmdesk status ...``).  Transitions: a grid with a row per status moved from and
a column per status moved to; each cell says who may make the move (nobody,
everyone, managers and administrators, administrators only), saved as soon as it is
changed.  A problem is shown under the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.permissions import ADMIN, MANAGER, STAFF
from crmdesk.core.services import ticket_flow
from crmdesk.core.services.ticket_flow import STATUS_CATEGORIES
from crmdesk.core.session import Session
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace

#: what a cell of the transitions grid may say, and the roles it stands for
ROLE_CHOICES: tuple[tuple[str, frozenset[str]], ...] = (
    ("nobody", frozenset()),
    ("everyone", frozenset({ADMIN, MANAGER, STAFF})),
    ("managers", frozenset({ADMIN, MANAGER})),
    ("admins", frozenset({ADMIN})),
)


class StatusDialog(QDialog):
    """The names (and, for a new status, key, category and colour) of a status."""

    def __init__(self, parent: QWidget, title: str, *, summary: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.key = QLineEdit()
        self.key.setPlaceholderText("on_site")
        self.name_zh = QLineEdit(summary.name_zh or "" if summary is not None else "")
        self.name_zh.setPlaceholderText(self.tr("e.g. 等待配件"))
        self.name = QLineEdit(summary.name if summary is not None else "")
        self.name.setPlaceholderText(self.tr("e.g. Waiting for parts"))
        self.category = QComboBox()
        for category in STATUS_CATEGORIES:
            self.category.addItem(ticket_flow.category_name(category), category)
        if summary is None:
            form.addRow(self.tr("Key:"), self.key)
        form.addRow(self.tr("Name (Chinese):"), self.name_zh)
        form.addRow(self.tr("Name (English):"), self.name)
        if summary is None:
            form.addRow(self.tr("Category:"), self.category)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class _Changes:
    """Runs one audited change and refreshes the editor (shared by both tabs)."""

    workspace: Workspace
    message: QLabel

    def _run(self, work: Callable[[Session], Any], after: Callable[[], None]) -> None:
        def done(_result: Any) -> None:
            self.message.clear()
            after()

        self.workspace.op(self, lambda s, _p: work(s),  # type: ignore[arg-type]
                          changes=("settings", "ticket")).success(done).failure(
            lambda exc: self.message.setText(str(exc))).run()


class StatusesEditor(QWidget, _Changes):
    """The statuses in display order with their names, category, colour and state."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.table = simple_table([self.tr("Key"), self.tr("Status"), self.tr("Name (Chinese)"),
                                   self.tr("Name (English)"), self.tr("Category"),
                                   self.tr("Colour"), self.tr("Default for new tickets"),
                                   self.tr("Retired"), self.tr("Tickets")])
        self.rows: list[ticket_flow.StatusSummary] = []
        self.on_change: Callable[[], None] | None = None
        buttons = QHBoxLayout()
        for name, text, slot in (
                ("plus", self.tr("Add status ..."), self.ask_add),
                ("pencil", self.tr("Rename ..."), self.ask_rename),
                ("chevron-up", self.tr("Move up"), lambda: self.move_selected(-1)),
                ("chevron-down", self.tr("Move down"), lambda: self.move_selected(1)),
                ("tag", self.tr("Category ..."), self.ask_category),
                ("pencil", self.tr("Colour ..."), self.ask_colour),
                ("star", self.tr("Default"), self.default_selected),
                ("archive", self.tr("Retire ..."), self.ask_retire),
                ("archive-restore", self.tr("Reinstate"), self.reinstate_selected)):
            buttons.addWidget(action_button(name, text, slot))
        buttons.addStretch()
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("Open and waiting tickets count as open; time in a waiting "
                              "status is the customer's. A retired status takes no new "
                              "tickets; the tickets in it keep it."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.fill()

    def fill(self, select: str | None = None) -> None:
        self.rows = self.workspace.read(ticket_flow.summaries)
        yes, no = self.tr("Yes"), self.tr("No")
        self.table.setRowCount(len(self.rows))
        for row, st in enumerate(self.rows):
            set_row(self.table, row, [st.key, st.shown, st.name_zh or "", st.name,
                                      ticket_flow.category_name(st.category), st.colour or "",
                                      yes if st.is_default else no, yes if st.retired else no,
                                      st.tickets], st.key)
            if st.colour:
                item = self.table.item(row, 5)
                if item is not None:
                    item.setBackground(QBrush(QColor(st.colour)))
            if st.key == select:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()

    def _refresh(self, select: str | None) -> Callable[[], None]:
        def after() -> None:
            self.fill(select)
            if self.on_change is not None:
                self.on_change()
        return after

    def selected(self) -> ticket_flow.StatusSummary | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- changes (one call each, also used by the tests) ------------------------------

    def add(self, key: str, name: str, name_zh: str, category: str) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.add_status(s, actor, key.strip(), name=name,
                                                   name_zh=name_zh, category=category),
                  self._refresh(key.strip()))

    def rename(self, key: str, name: str, name_zh: str) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.rename_status(s, actor, key, name=name,
                                                      name_zh=name_zh), self._refresh(key))

    def move_status(self, key: str, position: int) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.move_status(s, actor, key, position),
                  self._refresh(key))

    def set_category(self, key: str, category: str) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.set_category(s, actor, key, category),
                  self._refresh(key))

    def set_colour(self, key: str, colour: str | None) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.set_colour(s, actor, key, colour), self._refresh(key))

    def set_default(self, key: str) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.set_default(s, actor, key), self._refresh(key))

    def retire(self, key: str, move_to: str | None = None) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.retire_status(s, actor, key, move_to=move_to),
                  self._refresh(key))

    def reinstate(self, key: str) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.reinstate_status(s, actor, key), self._refresh(key))

    # -- buttons ----------------------------------------------------------------------

    def ask_add(self) -> None:
        dialog = StatusDialog(self, self.tr("Add status"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add(dialog.key.text(), dialog.name.text(), dialog.name_zh.text(),
                     str(dialog.category.currentData()))

    def ask_rename(self) -> None:
        st = self.selected()
        if st is None:
            return
        dialog = StatusDialog(self, self.tr("Rename status"), summary=st)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rename(st.key, dialog.name.text(), dialog.name_zh.text())

    def move_selected(self, step: int) -> None:
        st = self.selected()
        if st is None:
            return
        position = self.rows.index(st) + 1 + step
        if 1 <= position <= len(self.rows):
            self.move_status(st.key, position)

    def ask_category(self) -> None:
        st = self.selected()
        if st is None:
            return
        names = [ticket_flow.category_name(c) for c in STATUS_CATEGORIES]
        name, ok = QInputDialog.getItem(self, self.tr("Category"), self.tr("Category of {status}:")
                                        .format(status=st.shown), names,
                                        STATUS_CATEGORIES.index(st.category), False)
        if ok:
            self.set_category(st.key, STATUS_CATEGORIES[names.index(name)])

    def ask_colour(self) -> None:
        st = self.selected()
        if st is None:
            return
        colour = QColorDialog.getColor(QColor(st.colour or "#ffffff"), self,
                                       self.tr("Colour of {status}").format(status=st.shown))
        if colour.isValid():
            self.set_colour(st.key, colour.name())

    def default_selected(self) -> None:
        st = self.selected()
        if st is not None:
            self.set_default(st.key)

    def ask_retire(self) -> None:
        st = self.selected()
        if st is None:
            return
        move_to = None
        if st.tickets:
            targets = [r for r in self.rows if r.key != st.key and not r.retired]
            name, ok = QInputDialog.getItem(
                self, self.tr("Retire status"),
                self.tr("{n} tickets are in {status}. Move them to:").format(
                    n=st.tickets, status=st.shown), [r.shown for r in targets], 0, False)
            if not ok:
                return
            move_to = next((r.key for r in targets if r.shown == name), None)
        self.retire(st.key, move_to)

    def reinstate_selected(self) -> None:
        st = self.selected()
        if st is not None:
            self.reinstate(st.key)


class TransitionsGrid(QWidget, _Changes):
    """Rows: the status a ticket is in; columns: the status it moves to; each cell:
    who may make the move.  Retired statuses are left out."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.grid = QTableWidget()
        self.statuses: list[Any] = []
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("Each row is the status a ticket is in, each column the status "
                              "it may move to. A change is saved at once."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        self.fill()

    def choice_names(self) -> dict[str, str]:
        return {"nobody": self.tr("—"), "everyone": self.tr("Everyone"),
                "managers": self.tr("Managers"), "admins": self.tr("Administrators")}

    def fill(self) -> None:
        def load(s: Session) -> tuple[list[Any], dict[tuple[int, int], frozenset[str]]]:
            return (ticket_flow.all_statuses(s, include_retired=False),
                    ticket_flow.transitions(s))

        self.statuses, moves = self.workspace.read(load)
        names = [ticket_flow.shown(st) for st in self.statuses]
        labels = self.choice_names()
        self.grid.clear()
        self.grid.setRowCount(len(self.statuses))
        self.grid.setColumnCount(len(self.statuses))
        self.grid.setVerticalHeaderLabels(names)
        self.grid.setHorizontalHeaderLabels(names)
        for r, source in enumerate(self.statuses):
            for c, target in enumerate(self.statuses):
                if source.id == target.id:
                    continue
                combo = QComboBox()
                roles = moves.get((source.id, target.id), frozenset())
                current = 0
                for n, (key, chosen) in enumerate(ROLE_CHOICES):
                    combo.addItem(labels[key], key)
                    if chosen == roles:
                        current = n
                if roles and all(chosen != roles for _k, chosen in ROLE_CHOICES):
                    combo.addItem(ticket_flow.roles_text(roles), "custom")
                    current = combo.count() - 1
                combo.setCurrentIndex(current)
                combo.currentIndexChanged.connect(
                    lambda _i, a=source.key, b=target.key, w=combo: self._changed(a, b, w))
                self.grid.setCellWidget(r, c, combo)
        self.grid.resizeColumnsToContents()

    def cell(self, from_key: str, to_key: str) -> QComboBox | None:
        keys = [st.key for st in self.statuses]
        widget = self.grid.cellWidget(keys.index(from_key), keys.index(to_key))
        return widget if isinstance(widget, QComboBox) else None

    def _changed(self, from_key: str, to_key: str, combo: QComboBox) -> None:
        key = combo.currentData()
        roles = dict(ROLE_CHOICES).get(str(key))
        if roles is None:
            return
        self.set_move(from_key, to_key, roles)

    def set_move(self, from_key: str, to_key: str, roles: frozenset[str]) -> None:
        actor = self.workspace.actor
        self._run(lambda s: ticket_flow.set_transition(s, actor, from_key, to_key, roles),
                  lambda: None)
