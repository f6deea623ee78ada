"""An order's form: its fields and its lines (product, quantity, price), what each line
can get from stock while it is entered (a backorder warning), the customer's credit
limit, and its delivery notes (issue 16: ``core/services/order_flow.py``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.presentation import money
from crmdesk.core.services import order_flow
from crmdesk.core.services.sales import orders
from crmdesk.core.session import Session
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views import billing
from crmdesk.ui.views.lines_form import LinesForm
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


class OrderForm(LinesForm):
    """An order: its fields, and its lines (``lines_form.py``); total = sum of lines."""

    service = orders
    AMOUNT, STOCK = 4, 5  # after product, description, quantity, unit price

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        self.shipped: dict[int, int] = {}
        self.invoiced_cents = 0
        self.order_number = ""
        super().__init__(workspace, "order", record_id, defaults=defaults, parent=parent)
        self._build_lines([self.tr("Product"), self.tr("Description"), self.tr("Quantity"),
                           self.tr("Unit price"), self.tr("Amount"), self.tr("In stock")])
        self.lines.setColumnWidth(1, 260)
        # what cannot be met from stock, and a credit limit gone over (warnings only)
        self.stock_warning = QLabel()
        self.stock_warning.setProperty("role", "warning")
        self.stock_warning.setStyleSheet(f"color: {theme.WARNING};")
        self.stock_warning.setWordWrap(True)
        self.stock_warning.hide()
        self.credit_warning = QLabel()
        self.credit_warning.setStyleSheet(f"color: {theme.WARNING};")
        self.credit_warning.setWordWrap(True)
        self.credit_warning.hide()
        self.stock: dict[int, order_flow.LineStock] = {}
        self.ship_button = QPushButton(icon("truck"), self.tr("New delivery note"))
        self.ship_button.setToolTip(self.tr("Plan or ship what is still open on this order"))
        self.ship_button.clicked.connect(self.new_delivery)
        self.reserve_button = QPushButton(icon("refresh-cw"), self.tr("Reserve again"))
        self.reserve_button.setToolTip(self.tr("Reserve what the lines still need from what "
                                               "is in stock now"))
        self.reserve_button.clicked.connect(self.reserve_again)
        self.deliveries_label = QLabel()
        self.deliveries_label.setWordWrap(True)
        add = QPushButton(icon("plus"), self.tr("Add line"))
        add.clicked.connect(lambda: self.add_line())
        remove = QPushButton(icon("x"), self.tr("Remove line"))
        remove.clicked.connect(self.remove_line)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Order lines")))
        bar.addStretch()
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addWidget(self.reserve_button)
        bar.addWidget(self.ship_button)
        self.invoice_button = billing.invoice_button(self, bar)  # ui/views/billing.py
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.lines)
        column.addWidget(self.line_error)
        column.addWidget(self.stock_warning)
        column.addWidget(self.credit_warning)
        column.addWidget(self.deliveries_label)
        column.addWidget(self.total, 0, Qt.AlignmentFlag.AlignRight)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, box, 1)
        self._load_lines()

    # -- lines ---------------------------------------------------------------------------
    def _load_lines(self) -> None:
        self._load_order_state()
        self._offer_statuses()
        super()._load_lines()

    def _update_total(self) -> None:
        total = 0
        self.lines.blockSignals(True)
        for row in range(self.lines.rowCount()):
            amount = self.line_amount(row)
            self.set_cell_text(row, self.AMOUNT,
                               money(amount, symbol=False) if amount is not None else "?")
            total += amount or 0
        self.lines.blockSignals(False)
        self.total.setText(self.tr("Total ¥{amount}").format(amount=money(total, symbol=False)))
        self.total_cents = total
        self._update_stock()
        self._update_credit()

    # -- stock and credit (warnings while the order is entered) ---------------------------
    def _edited(self, key: str) -> None:
        super()._edited(key)
        if key in ("warehouse_id", "customer_id", "status") and not self.loading and \
                hasattr(self, "stock_warning"):
            self._update_total()

    def _editor_value(self, key: str) -> Any:
        editor = self.editors.get(key)
        value = editor.value() if editor is not None else None
        return value if isinstance(value, int) and not isinstance(value, bool) \
            and value > 0 else None

    def _line_needs(self) -> dict[int, int]:
        """Units each product still needs from stock (ordered - shipped), as entered."""
        from crmdesk.core.validation import FieldProblem, clean_int

        needs: dict[int, int] = {}
        for row in range(self.lines.rowCount()):
            combo = self.lines.cellWidget(row, 0)
            product_id = combo.currentData() if isinstance(combo, QComboBox) else None
            if product_id is None:
                continue
            try:
                qty = clean_int(self._text(row, 2), min_value=1) or 0
            except FieldProblem:
                qty = 0
            needs[int(product_id)] = needs.get(int(product_id), 0) + qty
        for product_id, shipped in self.shipped.items():
            if product_id in needs:
                needs[product_id] = max(0, needs[product_id] - shipped)
        return needs

    def _update_stock(self) -> None:
        """Each line's "In stock" cell and the backorder warning: what the lines ask of
        each product against what this order can still count on in its warehouse."""
        if not hasattr(self, "stock_warning"):
            return
        needs = self._line_needs()
        actor, order_id = self.workspace.actor, self.record_id
        warehouse_id = self._editor_value("warehouse_id")
        try:
            self.stock = self.workspace.read(lambda s: order_flow.availability(
                s, actor, list(needs), warehouse_id, order_id)) if needs else {}
        except Exception:  # noqa: BLE001 - a warning only; never block the form
            self.stock = {}
        short: list[str] = []
        self.lines.blockSignals(True)
        for row in range(self.lines.rowCount()):
            combo = self.lines.cellWidget(row, 0)
            cell = self.lines.item(row, self.STOCK)
            product_id = combo.currentData() if isinstance(combo, QComboBox) else None
            level = self.stock.get(int(product_id)) if product_id is not None else None
            if cell is None:
                continue
            if level is None or not level.tracks_stock:
                cell.setText("" if level is None else self.tr("not stocked"))
                cell.setForeground(self.lines.palette().text())
                cell.setToolTip("")
                continue
            cell.setText(str(level.available))
            cell.setToolTip(self.tr("{on_hand} on hand, {reserved} reserved").format(
                on_hand=level.on_hand, reserved=level.reserved))
            wanted = needs.get(int(product_id or 0), 0)
            if wanted > max(level.available, 0):
                cell.setForeground(QColor(theme.ERROR))
                cell.setText(self.tr("{available} (short {missing})").format(
                    available=level.available, missing=wanted - max(level.available, 0)))
                name = combo.currentText() if isinstance(combo, QComboBox) else ""
                text = self.tr("{product}: {wanted} wanted, {available} available").format(
                    product=name, wanted=wanted, available=max(level.available, 0))
                if text not in short:
                    short.append(text)
            else:
                cell.setForeground(self.lines.palette().text())
        self.lines.blockSignals(False)
        if short and self._status() not in ("cancelled", "shipped", "completed"):
            self.stock_warning.setText(self.tr(
                "Backorder: not everything is in stock. {lines}. The order can still be "
                "saved: what is missing ships when goods arrive.").format(
                    lines="; ".join(short)))
            self.stock_warning.show()
        else:
            self.stock_warning.hide()

    def _populate(self, values: dict[str, Any]) -> None:
        super()._populate(values)
        self._offer_statuses()

    def _offer_statuses(self) -> None:
        """Partly shipped, shipped and completed follow from deliveries and payments:
        shown, but not offered (the current status stays selectable)."""
        from PySide6.QtGui import QStandardItemModel

        editor = self.editors.get("status")
        combo = getattr(editor, "combo", None)
        model = combo.model() if combo is not None else None
        if not isinstance(model, QStandardItemModel) or combo is None:
            return
        current = combo.currentData()
        for row in range(combo.count()):
            item = model.item(row)
            if item is not None:
                value = combo.itemData(row)
                item.setEnabled(value not in order_flow.DERIVED or value == current)

    def _status(self) -> str:
        editor = self.editors.get("status")
        return str(editor.value() or "") if editor is not None else ""

    def _update_credit(self) -> None:
        if not hasattr(self, "credit_warning"):
            return
        customer_id = self._editor_value("customer_id")
        total, order_id = getattr(self, "total_cents", 0), self.record_id
        check = None
        if customer_id is not None and self._status() not in ("cancelled", "completed"):
            uninvoiced = max(0, total - self.invoiced_cents)
            try:
                check = self.workspace.read(lambda s: order_flow.credit_check(
                    s, customer_id, uninvoiced, order_id=order_id))
            except Exception:  # noqa: BLE001 - a warning only
                check = None
        if check is not None and check.exceeded:
            self.credit_warning.setText(check.text())
            self.credit_warning.show()
        else:
            self.credit_warning.hide()

    # -- delivery notes ----------------------------------------------------------------
    def new_delivery(self) -> None:
        """A new delivery note of what is still open (the note's form ships it)."""
        if self.record_id is None or self.dirty:
            self.message.setText(self.tr("Save the order first: a delivery note ships the "
                                         "saved order."))
            self.message.show()
            return
        self.open_requested.emit("new", ("delivery", {"order_number": self.order_number}))

    def reserve_again(self) -> None:
        record_id, actor = self.record_id, self.workspace.actor
        if record_id is None:
            return

        def work(session: Session, _p: Any) -> list[str]:
            order = orders.get(session, actor, record_id)
            order_flow.reserve(session, actor, order)
            return order_flow.order_notices(session, order)

        (self.workspace.op(self, work, changes=("order",))
         .success(lambda _notes: self._load_lines()).failure(self._save_failed).run())

    def _load_order_state(self) -> None:
        """Shipped units per product, what is invoiced, the delivery notes: what the
        warnings and buttons need from the saved order."""
        self.shipped = {}
        self.invoiced_cents = 0
        record_id, actor = self.record_id, self.workspace.actor
        status = ""
        notes: list[str] = []
        if record_id is not None:
            from crmdesk.core.services.deliveries import deliveries

            def read(session: Session) -> tuple[str, str, list[Any], list[str]]:
                order = orders.get(session, actor, record_id, deleted=None)
                found = deliveries.notes_of_order(session, actor, record_id)
                return order.number, order.status, orders.lines(session, actor, record_id), \
                    found

            self.order_number, status, lines, notes = self.workspace.read(read)
            for line in lines:
                if line.product_id is not None:
                    self.shipped[int(line.product_id)] = \
                        self.shipped.get(int(line.product_id), 0) + line.shipped_qty
                self.invoiced_cents += line.invoiced_qty * line.unit_price_cents
        is_open = status in order_flow.OPEN
        self.ship_button.setVisible(record_id is not None)
        self.ship_button.setEnabled(is_open)
        self.reserve_button.setVisible(is_open)
        self.deliveries_label.setText(self.tr("Delivery notes: {notes}").format(
            notes=", ".join(notes)) if notes else "")
        self.deliveries_label.setVisible(bool(notes))

    def print_document(self) -> None:
        """Ctrl+P: the order as a document (reports/documents.py)."""
        billing.print_record(self, "order-document")
