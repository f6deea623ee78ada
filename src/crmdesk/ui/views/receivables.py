"""Receivables (Reports > Receivables): aging of open invoices per customer or per owner
on a chosen day, the customer's statement of account, and the accountant's tools.

The table is the ``receivables`` (or ``receivables-owner``) analysis; the customers it
names count for the anti-scraping guard when shown (one write unit of work, as an
export does).  Buttons: Statement… (the chosen customer's statement as PDF), Bank
statement… (import and match, :mod:`crmdesk.ui.dialogs.bank_match`), Export for the
accountant… and Opening balances… (those three need ``accounting.export``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
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

from crmdesk.core import analytics
from crmdesk.core.analytics import Criteria
from crmdesk.core.analytics import receivables as aging
from crmdesk.core.permissions import can
from crmdesk.core.services import accounts
from crmdesk.errors import KnownError
from crmdesk.ui import theme
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.workspace import Workspace

ROLE_CUSTOMER = Qt.ItemDataRole.UserRole


def money_text(cents: int | None) -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    yuan, fen = divmod(abs(int(cents)), 100)
    return f"{sign}{yuan:,}.{fen:02d}"


class ReceivablesView(Document):
    key = "receivables"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.table_data: analytics.Table | None = None
        self.total: aging.AgingRow | None = None
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Per customer"), "receivables")
        self.mode.addItem(self.tr("Per owner"), "receivables-owner")
        self.mode.currentIndexChanged.connect(lambda _i: self.refresh())
        self.statement_button = QPushButton(icon("file-text"), self.tr("Statement…"))
        self.statement_button.setToolTip(self.tr("The chosen customer's statement of account "
                                                 "as a PDF file"))
        self.statement_button.clicked.connect(self.ask_statement)
        self.bank_button = QPushButton(icon("upload"), self.tr("Bank statement…"))
        self.bank_button.setToolTip(self.tr("Import a bank statement and book the payments "
                                            "it matches"))
        self.bank_button.clicked.connect(self.open_bank)
        self.export_button = QPushButton(icon("file-down"),
                                         self.tr("Export for the accountant…"))
        self.export_button.setToolTip(self.tr("Invoices, payments and the journal as an "
                                              "Excel workbook (or CSV)"))
        self.export_button.clicked.connect(self.ask_export)
        self.opening_button = QPushButton(icon("file-plus"), self.tr("Opening balances…"))
        self.opening_button.setToolTip(self.tr("Import what customers owed before crmdesk "
                                               "(customer code, amount, date, due date)"))
        self.opening_button.clicked.connect(self.ask_opening)
        allowed = can(workspace.actor, "accounting.export")
        for button in (self.bank_button, self.export_button, self.opening_button):
            button.setVisible(allowed)
        refresh = QPushButton(icon("refresh-cw"), "")
        refresh.setToolTip(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        heading = QLabel(self.tr("Receivables"))
        heading.setProperty("role", "title")
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("On")))
        bar.addWidget(self.as_of)
        bar.addWidget(self.mode)
        bar.addWidget(refresh)
        tools = QHBoxLayout()
        for button in (self.statement_button, self.bank_button, self.export_button,
                       self.opening_button):
            tools.addWidget(button)
        tools.addStretch(1)
        self.summary = QLabel()
        self.summary.setProperty("role", "subtitle")
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.grid.cellDoubleClicked.connect(self._open_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addLayout(tools)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        workspace.changed.connect(self._changed)
        self.refresh()

    # -- Document ------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Receivables")

    def icon(self) -> QIcon:
        return icon("wallet")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1200, 700)

    def status_text(self) -> str:
        rows = len(self.table_data.rows) if self.table_data else 0
        return self.tr("{n} rows").format(n=rows)

    def _changed(self, entity: str) -> None:
        if entity in ("invoice", "payment", "customer"):
            self.refresh()

    def day(self) -> date:
        value = self.as_of.date().toPython()
        assert isinstance(value, date)
        return value

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the table (the customers it names count for the guard) and show it."""
        actor = self.workspace.actor
        name = str(self.mode.currentData())
        criteria = Criteria(as_of=self.day())

        def work(session: Any, _job: Any) -> tuple[analytics.Table, aging.AgingRow]:
            table = analytics.table(session, actor, name, criteria)
            accounts.record_access(session, actor, "export", table.customer_ids)
            return table, aging.totals(aging.aging(session, actor, criteria))

        self.workspace.op(self, work).success(self._show).failure(self._failed).run()

    def _show(self, result: tuple[analytics.Table, aging.AgingRow]) -> None:
        self.table_data, self.total = result
        table = self.table_data
        assert table is not None
        columns = table.columns
        self.grid.clear()
        self.grid.setColumnCount(len(columns))
        self.grid.setHorizontalHeaderLabels([c.translated for c in columns])
        self.grid.setRowCount(len(table.rows))
        overdue = {"d1_30", "d31_60", "d61_90", "over_90"}
        for r, row in enumerate(table.rows):
            for c, (column, value) in enumerate(zip(columns, row, strict=True)):
                text = money_text(value) if column.kind == "money" else (
                    "" if value is None else str(value))
                item = QTableWidgetItem(text)
                if column.kind in ("money", "int"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if column.key in overdue and value:
                    item.setForeground(QBrush(QColor(theme.ERROR)))
                if c == 0 and table.customer_ids:
                    item.setData(ROLE_CUSTOMER, table.customer_ids[r])
                self.grid.setItem(r, c, item)
        total = self.total
        if total is not None:
            bold = QFont()
            bold.setBold(True)
            self.summary.setText(self.tr(
                "Open {open}, of which overdue {overdue}; customers' credit {credit}; "
                "balance {balance}.").format(
                open=money_text(total.open_cents), overdue=money_text(total.overdue_cents),
                credit=money_text(total.credit_cents), balance=money_text(total.balance_cents)))
            self.summary.setFont(bold)
        self.status_changed.emit(self.status_text())

    def selected_customer(self) -> int | None:
        row = self.grid.currentRow()
        item = self.grid.item(row, 0) if row >= 0 else None
        value = item.data(ROLE_CUSTOMER) if item is not None else None
        return int(value) if value is not None else None

    def _open_row(self, row: int, _column: int) -> None:
        item = self.grid.item(row, 0)
        value = item.data(ROLE_CUSTOMER) if item is not None else None
        if value is not None:
            self.open_requested.emit("record", ("customer", int(value)))

    # -- the statement -----------------------------------------------------------------------
    def ask_statement(self) -> None:
        customer_id = self.selected_customer()
        if customer_id is None:
            self.message.setText(self.tr("Choose a customer in the list (per customer) "
                                         "first."))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the statement"),
                                              "statement.pdf", self.tr("PDF (*.pdf)"))
        if path:
            self.save_statement(customer_id, path)

    def save_statement(self, customer_id: int, path: str) -> None:
        """Write the statement of *customer_id* up to the chosen day (in the background)."""
        from crmdesk.reports.receivables import write_statement

        actor = self.workspace.actor
        day = self.day()

        def done(result: Any) -> None:
            self.message.setText(self.tr("Wrote {file}.").format(file=Path(path).name))

        self.workspace.job(self, lambda db, _job: write_statement(
            db, actor, customer_id, path, end=day),
            label=self.tr("Writing the statement…")).success(done).failure(
            lambda exc: self._failed(exc)).run()

    # -- the accountant ----------------------------------------------------------------------
    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export for the accountant"), "accounting.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV journal (*.csv)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str, start: date | None = None, end: date | None = None) -> None:
        from crmdesk.exchange import accounting as writer

        actor = self.workspace.actor

        def done(handoff: Any) -> None:
            self.message.setText(self.tr(
                "Wrote {file}: {invoices} invoices, {payments} payments, {lines} journal "
                "lines.").format(file=Path(path).name, invoices=len(handoff.invoices),
                                 payments=len(handoff.payments), lines=len(handoff.journal)))

        self.workspace.job(self, lambda db, _job: writer.export(db, actor, path, start=start,
                                                               end=end),
                           label=self.tr("Exporting…")).success(done).failure(
            lambda exc: self._failed(exc)).run()

    def ask_opening(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import opening balances"), "",
            self.tr("CSV or Excel (*.csv *.xlsx *.xls)"))
        if path:
            self.import_opening(path)

    def import_opening(self, path: str) -> None:
        from crmdesk.core.services import opening_balances
        from crmdesk.exchange.bank import read_opening_balances

        actor = self.workspace.actor
        try:
            rows = read_opening_balances(path)
        except KnownError as exc:
            self._failed(exc)
            return

        def done(result: Any) -> None:
            self.message.setText(self.tr(
                "Imported {added} opening balances ({total}); {skipped} were there "
                "already.").format(added=result.added, total=money_text(result.total_cents),
                                   skipped=result.skipped))
            self.refresh()

        self.workspace.op(self, lambda s, _j: opening_balances.import_balances(
            s, actor, rows, source=Path(path).name), changes=("invoice",)).success(
            done).failure(lambda exc: self._failed(exc)).run()

    def open_bank(self) -> None:
        from crmdesk.ui.dialogs.bank_match import BankMatchDialog

        dialog = BankMatchDialog(self.workspace, self)
        dialog.exec()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if self.workspace.handle_session_error(exc, self):
            return
        self.message.setText(str(exc))
        if not isinstance(exc, KnownError):
            show_error(self, exc)


def draw_receivables(panel: Any, rows: list[aging.AgingRow]) -> None:
    """The dashboard's "Receivables by age": open money per aging bucket, each bar drilling
    to the customers with money in it."""
    from crmdesk.core.analytics.criteria import customers_drill, translated
    from crmdesk.ui.views.dashboard_charts import Element

    total = aging.totals(rows)
    labels = [translated(header) for _key, header, _f, _l in aging.BUCKETS]
    elements = []
    for (key, _header, _f, _l), label in zip(aging.BUCKETS, labels, strict=True):
        ids = [r.customer_id for r in rows if r.buckets[key] > 0 and r.customer_id]
        text = QCoreApplication.translate("ReceivablesView", "{amount} · {n} customers").format(
            amount=money_text(total.buckets[key]), n=len(ids))
        elements.append(Element(label, text, customers_drill(ids) if ids else None))
    panel.hint.setText(QCoreApplication.translate(
        "ReceivablesView", "Overdue {amount}").format(amount=money_text(total.overdue_cents))
        if total.overdue_cents else "")
    panel.show_bars(labels, [(QCoreApplication.translate("ReceivablesView", "Open"),
                              [total.buckets[k] / 100 for k in aging.BUCKET_KEYS], elements)],
                    empty_text=QCoreApplication.translate("ReceivablesView",
                                                          "No open invoices."))
