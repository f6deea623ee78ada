"""Hand over a user's customers: choose who receives them and, if wanted, which
(the ``list`` command's filters, one a line), see the counts, confirm.

Every rule (who may, whom to, what moves) is :mod:`crmdesk.core.services.handover`'s.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.filters import Filter, split_filter
from crmdesk.core.services import accounts, handover
from crmdesk.core.services.accounts import AccountSummary
from crmdesk.core.services.handover import HandoverCounts
from crmdesk.core.session import Session
from crmdesk.errors import KnownError
from crmdesk.ui.widgets.buttons import dialog_buttons
from crmdesk.ui.workspace import Workspace


class HandoverDialog(QDialog):
    """Give *source*'s customers (with their open work) to another active user."""

    def __init__(self, workspace: Workspace, source: AccountSummary | None = None,
                 parent: QWidget | None = None) -> None:
        """*source* None: the dialog offers whose customers (Tasks > Hand over customers,
        where a manager reaches it: their team's members who own customers)."""
        super().__init__(parent)
        self.workspace = workspace
        self.source = source
        self.counts: HandoverCounts | None = None
        self.result_counts: HandoverCounts | None = None
        self.setWindowTitle(self.tr("Hand over customers of {name}").format(
            name=source.display_name or source.username) if source is not None
            else self.tr("Hand over customers"))
        self.setMinimumWidth(480)
        actor = workspace.actor
        people = workspace.read(lambda s: accounts.assignable_summaries(s, actor))
        self.source_box = QComboBox()
        if source is None:
            for login, name, owned in workspace.read(lambda s: handover.sources(s, actor)):
                self.source_box.addItem(self.tr("{name} ({login}): {n} customers").format(
                    name=name, login=login, n=owned), login)
        self.target = QComboBox()
        for person in people:
            if source is None or person.id != source.id:
                self.target.addItem(f"{person.display_name} ({person.username})",
                                    person.username)
        self.filters = QPlainTextEdit()
        self.filters.setPlaceholderText(self.tr(
            "All customers; or one filter a line, e.g. city=上海市 or status=潜在客户"))
        self.filters.setMaximumHeight(72)
        self.counts_label = QLabel(self.tr("Choose who receives them, then Show counts."))
        self.counts_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.preview_button = QPushButton(self.tr("Show counts"))
        self.preview_button.clicked.connect(self.preview)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("From"), QLabel(f"{source.display_name} ({source.username})")
                    if source is not None else self.source_box)
        form.addRow(self.tr("To"), self.target)
        form.addRow(self.tr("Only customers"), self.filters)
        self.buttons = dialog_buttons(self, self.submit, ok_text=self.tr("Hand over"),
                                      ok_icon="handshake")
        self.ok = self.buttons.buttons()[0]
        self.ok.setEnabled(False)
        self.target.currentIndexChanged.connect(lambda _i: self._stale())
        self.source_box.currentIndexChanged.connect(lambda _i: self._stale())
        self.filters.textChanged.connect(self._stale)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _stale(self) -> None:
        self.counts = None
        self.ok.setEnabled(False)

    def source_login(self) -> str:
        if self.source is not None:
            return self.source.username
        return str(self.source_box.currentData() or "")

    def filter_list(self) -> list[Filter]:
        return [split_filter(line.strip()) for line in self.filters.toPlainText().splitlines()
                if line.strip()]

    def _show_error(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.message.setText(exc.message)
        self.message.show()

    def counts_text(self, counts: HandoverCounts) -> str:
        return self.tr("{customers} customers, {opportunities} open opportunities, {tickets} "
                       "open tickets and {tasks} open tasks will go to {name}.").format(
            customers=counts.customers, opportunities=counts.opportunities,
            tickets=counts.tickets, tasks=counts.tasks, name=counts.to_user)

    def preview(self) -> None:
        self.message.hide()
        actor, source, target = self.workspace.actor, self.source_login(), \
            self.target.currentData()
        try:
            flts = self.filter_list()
        except KnownError as exc:
            self._show_error(exc)
            return

        def work(s: Session, _job: Any) -> HandoverCounts:
            return handover.preview(s, actor, source, target, flts)

        def done(counts: HandoverCounts) -> None:
            self.counts = counts
            self.counts_label.setText(self.counts_text(counts))
            self.ok.setEnabled(counts.customers > 0)

        self.workspace.op(self, work, write=False).success(done).failure(
            self._show_error).run()

    def submit(self) -> None:
        counts = self.counts
        if counts is None:
            self.preview()
            return
        answer = QMessageBox.question(
            self, self.windowTitle(), self.counts_text(counts) + "\n" + self.tr("Hand them over?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, source, target = self.workspace.actor, counts.from_user, counts.to_user
        flts = self.filter_list()

        def work(s: Session, job: Any) -> HandoverCounts:
            return handover.run(s, actor, source, target, flts, job)

        def done(result: HandoverCounts) -> None:
            self.result_counts = result
            self.accept()

        self.workspace.op(self, work, label=self.tr("Handing over customers"),
                          cancellable=True,
                          changes=("customer", "opportunity", "ticket", "task", "user")
                          ).success(done).failure(self._show_error).run()


def open_handover(parent: QWidget, workspace: Workspace | None) -> None:
    """The navigation pane's Hand over customers: the dialog, whose customers chosen in it."""
    if workspace is not None:
        HandoverDialog(workspace, None, parent).exec()


def owned_customers(workspace: Workspace, user_id: int) -> int:
    return workspace.read(lambda s: handover.owned_count(s, user_id))


def offer_before_disable(workspace: Workspace, user: AccountSummary,
                         parent: QWidget | None) -> bool:
    """Before disabling *user*: if they still own customers, offer the handover.
    Returns whether to go on disabling (Cancel, or a handover cancelled: no)."""
    owned = owned_customers(workspace, user.id)
    if owned == 0:
        return True

    answer = QMessageBox.question(
        parent, QCoreApplication.translate("HandoverDialog", "Disable user"),
        QCoreApplication.translate(
            "HandoverDialog",
            "{name} still owns {n} customers. Hand them over to another user first?\n"
            "Yes: choose who receives them. No: disable anyway (the customers keep "
            "their owner).").format(name=user.display_name or user.username, n=owned),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel)
    if answer == QMessageBox.StandardButton.Yes:
        return HandoverDialog(workspace, user, parent).exec() == QDialog.DialogCode.Accepted
    return answer == QMessageBox.StandardButton.No
