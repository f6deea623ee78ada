"""The forms of quotes, invoices and payments (issue 16), the order form's Issue invoice
button, and printing a business document with Ctrl+P (``reports/documents.py``).

* :class:`QuoteForm`: the quote's fields and lines (product, description, quantity,
  unit price; VAT rate from the product or the default), Make order;
* :class:`InvoiceForm`: the invoice as issued (lines read-only), its payments, Record
  payment (:class:`PaymentDialog`), Use credit, Void;
* :class:`PaymentForm`: a payment and the invoices it paid; a new one is allocated to
  the customer's open invoices, oldest due first;
* :func:`print_record`: the print preview of a form's document (the delivery note form
  and the order form call it too).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import CHOICES, choice_label, entity_label
from crmdesk.core.presentation import money
from crmdesk.core.services import vat
from crmdesk.core.services.invoices import invoices
from crmdesk.core.services.payments import payments
from crmdesk.core.services.quotes import quotes
from crmdesk.core.session import Session
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.views.lines_form import LinesForm
from crmdesk.ui.views.lines_form import line_cell as _cell
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


def make_form(workspace: Workspace, entity: str, record_id: int | None,
              defaults: dict[str, Any]) -> RecordForm:
    if entity == "quote":
        return QuoteForm(workspace, record_id, defaults=defaults)
    if entity == "invoice":
        return InvoiceForm(workspace, record_id, defaults=defaults)
    return PaymentForm(workspace, record_id, defaults=defaults)


def print_record(form: RecordForm, report: str) -> None:
    """Ctrl+P on a document's form: its PDF in the print preview (print, Save as PDF)."""
    from crmdesk.reports import ReportRequest
    from crmdesk.ui.dialogs.print_preview import preview_report

    if form.record_id is None:
        form.message.setText(translate("Billing", "Save the {entity} before printing it.")
                             .format(entity=entity_label(form.entity)))
        form.message.show()
        return
    preview_report(form.workspace, form, ReportRequest(report, record=form.record_id))


def _box(*widgets: Any) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        if isinstance(widget, QHBoxLayout):
            column.addLayout(widget)
        else:
            column.addWidget(widget)
    return box


def _insert(form: RecordForm, widget: QWidget, stretch: int = 1) -> None:
    """Under the fields, above the attachments."""
    layout = form.layout()
    assert isinstance(layout, QVBoxLayout)
    at = layout.indexOf(form.attachments) if form.attachments is not None else -1
    layout.insertWidget(at if at >= 0 else layout.count() - 1, widget, stretch)


# ---------------------------------------------------------------------------
# Quotes
# ---------------------------------------------------------------------------

class QuoteForm(LinesForm):
    """A quote: its fields and lines (``lines_form.py``), each line's VAT rate (the
    product's, else the default); Make order turns it into an order in one step."""

    service = quotes
    RATE, AMOUNT = 4, 5

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        self.default_rate = workspace.read(vat.default_rate)
        self.status = "draft"
        super().__init__(workspace, "quote", record_id,
                         defaults={"quote_date": date.today(), "status": "draft",
                                   **(defaults or {})}, parent=parent)
        self._build_lines([self.tr("Product"), self.tr("Description"), self.tr("Quantity"),
                           self.tr("Unit price"), self.tr("VAT rate"), self.tr("Amount")],
                          "quoteLines")
        self.add_button = QPushButton(icon("plus"), self.tr("Add line"))
        self.add_button.clicked.connect(lambda: self.add_line())
        self.remove_button = QPushButton(icon("x"), self.tr("Remove line"))
        self.remove_button.clicked.connect(self.remove_line)
        self.order_button = QPushButton(icon("shopping-cart"), self.tr("Make order"))
        self.order_button.setObjectName("makeOrder")
        self.order_button.setToolTip(self.tr("Turn this quote into an order (its lines "
                                             "and customer); the quote is accepted"))
        self.order_button.clicked.connect(self.make_order)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Quote lines")))
        bar.addStretch()
        for button in (self.add_button, self.remove_button, self.order_button):
            bar.addWidget(button)
        _insert(self, _box(bar, self.lines, self.line_error, self.total))
        self._load_lines()

    def icon(self) -> QIcon:
        return icon("file-plus")

    def _fetch(self, session: Session, opening: bool) -> dict[str, Any]:
        values = super()._fetch(session, opening)
        assert self.record_id is not None
        values["__status"] = quotes.get(session, self.workspace.actor, self.record_id).status
        return values

    def _populate(self, values: dict[str, Any]) -> None:
        super()._populate(values)
        self.status = str(values.get("__status") or "draft")
        if hasattr(self, "order_button"):
            self._update_buttons()

    def _update_buttons(self) -> None:
        is_open = self.status in ("draft", "sent")
        for button in (self.add_button, self.remove_button):
            button.setEnabled(is_open)
        self.order_button.setEnabled(is_open and self.record_id is not None)
        self.lines.setEditTriggers(  # an accepted (or closed) quote's lines stay as they are
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed if is_open
            else QAbstractItemView.EditTrigger.NoEditTriggers)
        for row in range(self.lines.rowCount()):
            combo = self.lines.cellWidget(row, 0)
            if combo is not None:
                combo.setEnabled(is_open)

    def _load_lines(self) -> None:
        super()._load_lines()
        self._update_buttons()

    def _update_total(self) -> None:
        net = tax = 0
        self.lines.blockSignals(True)
        for row in range(self.lines.rowCount()):
            product = self.product_of_row(row)
            rate = product.vat_rate if product is not None and product.vat_rate is not None \
                else self.default_rate
            amount = self.line_amount(row)
            self.set_cell_text(row, self.RATE, vat.bp_text(rate))
            self.set_cell_text(row, self.AMOUNT,
                               money(amount, symbol=False) if amount is not None else "?")
            net += amount or 0
            tax += vat.tax(amount or 0, rate)
        self.lines.blockSignals(False)
        self.total.setText(self.tr("Net ¥{net} · VAT ¥{tax} · Total ¥{total}").format(
            net=money(net, symbol=False), tax=money(tax, symbol=False),
            total=money(net + tax, symbol=False)))

    def make_order(self) -> None:
        """The quote becomes an order (saved first); the order opens."""
        record_id, actor = self.record_id, self.workspace.actor
        if record_id is None or self.dirty:
            self.message.setText(self.tr("Save the quote first: the order is made from the "
                                         "saved quote."))
            self.message.show()
            return

        def work(session: Session, _p: Any) -> int:
            return int(quotes.to_order(session, actor, record_id).id)

        def done(order_id: int) -> None:
            self._populate(self.workspace.read(lambda s: self._fetch(s, opening=False)))
            self.open_requested.emit("record", ("order", order_id))

        (self.workspace.op(self, work, changes=("quote", "order"))
         .success(done).failure(lambda exc: show_error(self, exc)).run())

    def print_document(self) -> None:
        print_record(self, "quote-document")


# ---------------------------------------------------------------------------
# Invoices
# ---------------------------------------------------------------------------

class InvoiceForm(RecordForm):
    """An invoice as issued: what it bills (read-only), its payments; Record payment,
    Use credit, Void; due date, salesperson and notes may change."""

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        self.state: dict[str, Any] = {}
        super().__init__(workspace, "invoice", record_id, defaults=defaults, parent=parent)
        self.summary = QLabel()
        self.summary.setObjectName("invoiceSummary")
        self.summary.setWordWrap(True)
        self.lines = QTableWidget(0, 6)
        self.lines.setHorizontalHeaderLabels([
            self.tr("Description"), self.tr("Quantity"), self.tr("Unit price"),
            self.tr("Net"), self.tr("VAT rate"), self.tr("VAT")])
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(0, 280)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.paid = QLabel()
        self.paid.setObjectName("invoicePayments")
        self.paid.setWordWrap(True)
        self.pay_button = QPushButton(icon("wallet"), self.tr("Record payment…"))
        self.pay_button.setObjectName("recordPayment")
        self.pay_button.clicked.connect(self.record_payment)
        self.credit_button = QPushButton(icon("refresh-cw"), self.tr("Use credit"))
        self.credit_button.setToolTip(self.tr("Pay this invoice from the customer's "
                                              "unallocated payments"))
        self.credit_button.clicked.connect(self.use_credit)
        self.void_button = QPushButton(icon("circle-x"), self.tr("Void…"))
        self.void_button.clicked.connect(self.void)
        self.void_button.setVisible(workspace.actor.can("invoices.void"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Invoice lines")))
        bar.addStretch()
        for button in (self.pay_button, self.credit_button, self.void_button):
            bar.addWidget(button)
        _insert(self, _box(self.summary, bar, self.lines, self.paid))
        if record_id is None:
            self.summary.setText(self.tr(
                "An invoice is issued from an order's delivered lines: open the order and "
                "click Issue invoice."))
            self.save_button.setEnabled(False)
            for button in (self.pay_button, self.credit_button, self.void_button):
                button.hide()
        self._load_state()

    def icon(self) -> QIcon:
        return icon("receipt")

    def _load_state(self) -> None:
        record_id, actor = self.record_id, self.workspace.actor
        if record_id is None:
            return

        def read(session: Session) -> dict[str, Any]:
            invoice = invoices.get(session, actor, record_id, deleted=None)
            row = invoices.rows(session, actor, [record_id])[0]
            return {"invoice": row, "status": invoice.status,
                    "open": invoice.total_cents - invoice.paid_cents,
                    "lines": invoices.lines(session, actor, record_id),
                    "payments": [(p.number, amount) for p, amount in
                                 payments.of_invoice(session, actor, record_id)],
                    "credit": payments.credit(session, actor, invoice.customer_id)}

        self.state = self.workspace.read(read)
        row = self.state["invoice"]
        self.summary.setText(self.tr(
            "{number} · {customer} · order {order} · issued {date} · {status}\n"
            "Net ¥{net} · VAT ¥{tax} · Total ¥{total} · paid ¥{paid}").format(
            number=row["number"], customer=row.get("customer_id:name", ""),
            order=row.get("order_number") or "–", date=row["issue_date"].isoformat(),
            status=choice_label("invoice_status", row["status"]),
            net=money(row["net_cents"], symbol=False), tax=money(row["tax_cents"], symbol=False),
            total=money(row["total_cents"], symbol=False),
            paid=money(row["paid_cents"], symbol=False)))
        self.lines.setRowCount(0)
        for line in self.state["lines"]:
            r = self.lines.rowCount()
            self.lines.insertRow(r)
            for col, (text, right) in enumerate((
                    (line.description, False), (str(line.quantity), True),
                    (money(line.unit_price_cents, symbol=False), True),
                    (money(line.net_cents, symbol=False), True),
                    (vat.bp_text(line.vat_rate), True),
                    (money(line.tax_cents, symbol=False), True))):
                self.lines.setItem(r, col, _cell(text, right=right, editable=False))
        paid = self.state["payments"]
        self.paid.setText(self.tr("Payments: {payments}").format(payments=", ".join(
            f"{number} ¥{money(amount, symbol=False)}" for number, amount in paid))
            if paid else self.tr("No payment yet."))
        is_open = self.state["status"] in ("issued", "partial")
        self.pay_button.setEnabled(is_open)
        self.credit_button.setEnabled(is_open and self.state["credit"] > 0)
        self.void_button.setEnabled(self.state["status"] != "void")
        self.save_button.setEnabled(self.state["status"] != "void")

    def _saved(self, record_id: int) -> None:
        super()._saved(record_id)
        self._load_state()

    def refresh(self) -> None:
        self._load_state()

    def record_payment(self) -> None:
        if self.record_id is None:
            return
        row = self.state["invoice"]
        dialog = PaymentDialog(self, row["customer_id"], self.state["open"], row["number"])
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        data, invoice_id, actor = dialog.data(), self.record_id, self.workspace.actor

        def work(session: Session, _p: Any) -> str:
            return payments.create(session, actor, data, invoice_ids=[invoice_id]).number

        (self.workspace.op(self, work, changes=("payment", "invoice", "order"))
         .success(lambda _n: self._load_state())
         .failure(lambda exc: show_error(self, exc)).run())

    def use_credit(self) -> None:
        invoice_id, actor = self.record_id, self.workspace.actor
        if invoice_id is None:
            return
        customer_id = self.state["invoice"]["customer_id"]

        def work(session: Session, _p: Any) -> int:
            return len(payments.use_credit(session, actor, customer_id, [invoice_id]))

        (self.workspace.op(self, work, changes=("payment", "invoice", "order"))
         .success(lambda _n: self._load_state())
         .failure(lambda exc: show_error(self, exc)).run())

    def void(self) -> None:
        invoice_id, actor = self.record_id, self.workspace.actor
        if invoice_id is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Void invoice"), self.tr(
            "Why is {number} voided? (kept with the invoice; its lines can be invoiced "
            "again)").format(number=self.state["invoice"]["number"]))
        if not ok:
            return

        def work(session: Session, _p: Any) -> None:
            invoices.void(session, actor, invoice_id, reason)

        (self.workspace.op(self, work, changes=("invoice", "payment", "order"))
         .success(lambda _r: self._load_state())
         .failure(lambda exc: show_error(self, exc)).run())

    def print_document(self) -> None:
        print_record(self, "invoice-document")


class PaymentDialog(QDialog):
    """Record a payment for an invoice: amount (the open amount), day, method, reference."""

    def __init__(self, parent: QWidget, customer_id: int, open_cents: int,
                 invoice_number: str) -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("Record payment for {number}").format(
            number=invoice_number))
        self.amount = QLineEdit(money(max(open_cents, 0), symbol=False).replace(",", ""))
        self.amount.setObjectName("paymentAmount")
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.method = QComboBox()
        for key in CHOICES["payment_method"]:
            self.method.addItem(choice_label("payment_method", key), key)
        self.reference = QLineEdit()
        form = QFormLayout(self)
        form.addRow(self.tr("Amount (¥):"), self.amount)
        form.addRow(self.tr("Received on:"), self.day)
        form.addRow(self.tr("Method:"), self.method)
        form.addRow(self.tr("Reference:"), self.reference)
        note = QLabel(self.tr("More than is open stays as the customer's credit."))
        note.setProperty("role", "subtitle")
        form.addRow("", note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def data(self) -> dict[str, Any]:
        return {"customer_id": self.customer_id, "amount_cents": self.amount.text().strip(),
                "received_on": self.day.date().toPython(),
                "method": self.method.currentData(),
                "reference": self.reference.text().strip() or None}


# ---------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------

class PaymentForm(RecordForm):
    """A payment and where its money went; a new one pays the customer's open invoices,
    oldest due first (the rest is credit, Allocate credit uses it later)."""

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(workspace, "payment", record_id,
                         defaults={"received_on": date.today(), "method": "transfer",
                                   **(defaults or {})}, parent=parent)
        self.allocated = QLabel()
        self.allocated.setObjectName("paymentAllocations")
        self.allocated.setWordWrap(True)
        self.allocate_button = QPushButton(icon("refresh-cw"), self.tr("Allocate credit"))
        self.allocate_button.setToolTip(self.tr("Pay the customer's open invoices from what "
                                                "this payment still holds"))
        self.allocate_button.clicked.connect(self.allocate)
        bar = QHBoxLayout()
        bar.addWidget(self.allocated, 1)
        bar.addWidget(self.allocate_button)
        _insert(self, _box(bar), 0)
        self._load_allocations()

    def icon(self) -> QIcon:
        return icon("wallet")

    def _load_allocations(self) -> None:
        record_id, actor = self.record_id, self.workspace.actor
        if record_id is None:
            self.allocated.setText(self.tr("Saved, it pays the customer's open invoices, "
                                           "oldest due first; the rest is credit."))
            self.allocate_button.hide()
            return

        def read(session: Session) -> tuple[list[Any], int]:
            payment = payments.get(session, actor, record_id, deleted=None)
            return payments.allocations(session, actor, record_id), payment.unallocated_cents

        made, left = self.workspace.read(read)
        text = self.tr("Paid: {invoices}").format(invoices=", ".join(
            f"{a.invoice_number} ¥{money(a.amount_cents, symbol=False)}" for a in made)) \
            if made else self.tr("Pays no invoice yet.")
        if left:
            text += " · " + self.tr("Credit left ¥{amount}").format(
                amount=money(left, symbol=False))
        self.allocated.setText(text)
        self.allocate_button.setVisible(True)
        self.allocate_button.setEnabled(left > 0)

    def _saved(self, record_id: int) -> None:
        super()._saved(record_id)
        self._load_allocations()

    def refresh(self) -> None:
        self._load_allocations()

    def allocate(self) -> None:
        record_id, actor = self.record_id, self.workspace.actor
        if record_id is None:
            return

        def work(session: Session, _p: Any) -> int:
            return len(payments.allocate(session, actor, record_id))

        (self.workspace.op(self, work, changes=("payment", "invoice", "order"))
         .success(lambda _n: self._load_allocations())
         .failure(lambda exc: show_error(self, exc)).run())


# ---------------------------------------------------------------------------
# The order form's Issue invoice
# ---------------------------------------------------------------------------

def invoice_button(form: RecordForm, bar: QHBoxLayout) -> QPushButton:
    """Issue invoice on an order's form: invoices what was delivered and not yet invoiced,
    then opens the invoice."""
    button = QPushButton(icon("receipt"), translate("Billing", "Issue invoice"))
    button.setObjectName("issueInvoice")
    button.setToolTip(translate("Billing", "Invoice what was delivered and not invoiced yet"))

    def issue() -> None:
        order_id, actor = form.record_id, form.workspace.actor
        if order_id is None or form.dirty:
            form.message.setText(translate("Billing", "Save the order first: the invoice "
                                                      "bills what the saved order delivered."))
            form.message.show()
            return

        def work(session: Session, _p: Any) -> int:
            return int(invoices.issue(session, actor, order_id).id)

        (form.workspace.op(form, work, changes=("invoice", "order"))
         .success(lambda invoice_id: form.open_requested.emit("record",
                                                              ("invoice", invoice_id)))
         .failure(lambda exc: show_error(form, exc)).run())

    button.clicked.connect(issue)
    button.setVisible(form.workspace.actor.can("invoices.issue"))
    bar.addWidget(button)
    return button
