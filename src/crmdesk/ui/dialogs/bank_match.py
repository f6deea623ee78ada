"""Bank statement: import a statement file and accept or reject the proposed matches.

Each proposal (``core/services/bank.proposals``) is a row with a tick: confident ones
(score 60 or more) come ticked; the incoming lines no open invoice matches follow,
without a tick (booked by hand as a payment, or set aside).  "Book ticked" books every
ticked proposal as a payment (the payments service allocates it); "Set aside" takes the
chosen line out of matching (bank fees, interest: not a customer's payment).  Unticking is rejecting: the
line stays for later.  Needs ``accounting.export``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import accounts, bank
from crmdesk.core.services.bank import Proposal
from crmdesk.errors import KnownError
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.workspace import Workspace

#: an incoming line no open invoice matches: id, date, amount, counterparty, reference
Leftover = tuple[int, date, int, str, str]
Loaded = tuple[list[Proposal], list[Leftover]]


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    yuan, fen = divmod(abs(cents), 100)
    return f"{sign}{yuan:,}.{fen:02d}"


class BankMatchDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.proposals: list[Proposal] = []
        self.leftovers: list[Leftover] = []
        self.unmatched = 0
        self.setWindowTitle(self.tr("Bank statement"))
        self.import_button = QPushButton(icon("upload"), self.tr("Import statement…"))
        self.import_button.clicked.connect(self.ask_import)
        self.book_button = QPushButton(icon("check"), self.tr("Book ticked"))
        self.book_button.setDefault(True)
        self.book_button.clicked.connect(self.book_ticked)
        self.aside_button = QPushButton(icon("x"), self.tr("Set aside"))
        self.aside_button.setToolTip(self.tr("Not a customer's payment (fees, interest …): "
                                             "take the chosen line out of matching"))
        self.aside_button.clicked.connect(self.set_aside)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.grid = QTableWidget(0, 9)
        self.grid.setHorizontalHeaderLabels([
            self.tr("Book"), self.tr("Date"), self.tr("Amount"), self.tr("Counterparty"),
            self.tr("Reference"), self.tr("Customer"), self.tr("Invoices"),
            self.tr("Open"), self.tr("Why")])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.message = QLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.aside_button)
        buttons.addStretch(1)
        buttons.addWidget(self.book_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr(
            "Proposed matches of incoming lines with open invoices. Ticked lines are booked "
            "as payments; untick what is wrong.")))
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reload()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1000, 520)

    # -- reading -----------------------------------------------------------------------------
    @staticmethod
    def load(session: Any, actor: Any) -> Loaded:
        """The proposals and the waiting lines without one; the customers proposed count
        for the anti-scraping guard (they are shown by name)."""
        found = bank.proposals(session, actor)
        accounts.record_access(session, actor, "export", [p.customer_id for p in found])
        proposed = {p.line_id for p in found}
        return found, [(x.id, x.booked_on, x.amount_cents, x.counterparty or "",
                        x.reference or "") for x in bank.lines(session, actor)
                       if x.id not in proposed]

    def reload(self) -> None:
        actor = self.workspace.actor
        self.workspace.op(self, lambda s, _j: self.load(s, actor)).success(self.fill).failure(
            self._failed).run()

    def fill(self, result: Loaded) -> None:
        self.proposals, self.leftovers = result
        self.unmatched = len(self.proposals) + len(self.leftovers)
        reasons = {"number": self.tr("invoice number"), "amount": self.tr("amount"),
                   "name": self.tr("name"), "customer": self.tr("oldest invoices first")}
        self.grid.setRowCount(len(self.proposals) + len(self.leftovers))
        for r, p in enumerate(self.proposals):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked if p.confident
                               else Qt.CheckState.Unchecked)
            self.grid.setItem(r, 0, tick)
            why = ", ".join(reasons.get(x, x) for x in p.reasons)
            for c, text in enumerate((p.booked_on.isoformat(), _money(p.amount_cents),
                                      p.counterparty, p.reference,
                                      f"{p.customer_code} {p.customer}",
                                      ", ".join(p.invoice_numbers), _money(p.open_cents),
                                      f"{why} ({p.score})"), start=1):
                item = QTableWidgetItem(text)
                if c in (2, 7):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.grid.setItem(r, c, item)
        nothing = self.tr("No open invoice matches: record it under Payments, or set it "
                          "aside")
        for r, (_id, day, amount, counterparty, reference) in enumerate(
                self.leftovers, start=len(self.proposals)):
            self.grid.setItem(r, 0, QTableWidgetItem())  # no tick: nothing to book
            for c, text in enumerate((day.isoformat(), _money(amount), counterparty,
                                      reference, "", "", "", nothing), start=1):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.grid.setItem(r, c, item)
        self.message.setText(self.tr(
            "{lines} incoming lines wait for matching; {proposals} have a proposal.").format(
            lines=self.unmatched, proposals=len(self.proposals)))

    def ticked(self) -> list[Proposal]:
        return [p for r, p in enumerate(self.proposals)
                if (item := self.grid.item(r, 0)) is not None
                and item.checkState() == Qt.CheckState.Checked]

    def set_ticked(self, row: int, ticked: bool) -> None:
        item = self.grid.item(row, 0)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    # -- actions -------------------------------------------------------------------------------
    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a bank statement"), "",
                                              self.tr("CSV or Excel (*.csv *.txt *.xlsx *.xls)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        from crmdesk.exchange.bank import read_statement

        actor = self.workspace.actor
        try:
            lines = read_statement(path)
        except KnownError as exc:
            self.message.setText(str(exc))
            return

        def work(session: Any, _job: Any) -> tuple[Any, Loaded]:
            result = bank.import_lines(session, actor, lines, source=Path(path).name)
            return result, self.load(session, actor)

        def done(result: tuple[Any, Loaded]) -> None:
            imported, loaded = result
            self.fill(loaded)
            self.message.setText(self.tr(
                "Imported {added} bank lines; {skipped} were there already.").format(
                added=imported.added, skipped=imported.skipped) + " " + self.message.text())

        self.workspace.op(self, work).success(done).failure(self._failed).run()

    def book_ticked(self) -> None:
        chosen = self.ticked()
        if not chosen:
            self.message.setText(self.tr("Tick the lines to book first."))
            return
        actor = self.workspace.actor

        def work(session: Any, _job: Any) -> tuple[list[str], Loaded]:
            numbers = [bank.accept_proposal(session, actor, p).number for p in chosen]
            return numbers, self.load(session, actor)

        def done(result: tuple[list[str], Loaded]) -> None:
            numbers, loaded = result
            self.fill(loaded)
            self.message.setText(self.tr("Booked {n} payments: {numbers}.").format(
                n=len(numbers), numbers=", ".join(numbers)))

        self.workspace.op(self, work, changes=("payment", "invoice")).success(done).failure(
            self._failed).run()

    def set_aside(self) -> None:
        row = self.grid.currentRow()
        if row < 0 or row >= len(self.proposals) + len(self.leftovers):
            self.message.setText(self.tr("Choose a line first."))
            return
        line_id = self.proposals[row].line_id if row < len(self.proposals) \
            else self.leftovers[row - len(self.proposals)][0]
        actor = self.workspace.actor

        def work(session: Any, _job: Any) -> Loaded:
            bank.set_ignored(session, actor, line_id)
            return self.load(session, actor)

        self.workspace.op(self, work).success(self.fill).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if self.workspace.handle_session_error(exc, self):
            return
        if isinstance(exc, KnownError):
            self.message.setText(str(exc))
        else:
            show_error(self, exc)
