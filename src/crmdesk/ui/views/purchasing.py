"""Purchasing screens: the purchase order form (lines, Order, Receive..., Cancel order),
the Receive dialog, and the supplier form with the supplier's purchase history.

Everything goes through ``core/services/purchasing.py``; nothing here decides a rule.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import presentation
from crmdesk.core.presentation import money
from crmdesk.core.services.purchasing import PurchaseLineInput, purchase_orders, suppliers
from crmdesk.core.services.sales import products
from crmdesk.core.session import Session
from crmdesk.errors import ValidationError
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate

#: a line's id, kept on its description cell
LINE_ID = Qt.ItemDataRole.UserRole + 1


def make_form(workspace: Workspace, entity: str, record_id: int | None,
              defaults: dict[str, Any]) -> RecordForm:
    if entity == "purchase_order":
        return PurchaseOrderForm(workspace, record_id, defaults=defaults)
    return SupplierForm(workspace, record_id, defaults=defaults)


def _status_text(status: str | None) -> str:
    return presentation.choice_name("purchase_order_status", status) if status else ""


def _number_item(value: int | str) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _read_only(item: QTableWidgetItem) -> QTableWidgetItem:
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


# ---------------------------------------------------------------------------
# The purchase order form
# ---------------------------------------------------------------------------

class PurchaseOrderForm(RecordForm):
    """A purchase order: its fields, its lines (product, quantity, what was received, unit
    cost) and its steps: Order (draft -> ordered), Receive... and Cancel order."""

    # product, description, quantity, received, unit cost, amount
    COLUMNS = 6

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        actor = workspace.actor
        self.product_rows = [p for p in workspace.read(lambda s: products.records(
            s, actor, products.ids(s, actor))) if p.tracks_stock]
        self.status: str | None = None
        self.receive_dialog: ReceiveDialog | None = None
        super().__init__(workspace, "purchase_order", record_id, defaults=defaults,
                         parent=parent)
        self.lines = QTableWidget(0, self.COLUMNS)
        self.lines.setHorizontalHeaderLabels([
            self.tr("Product"), self.tr("Description"), self.tr("Quantity"),
            self.tr("Received"), self.tr("Unit cost"), self.tr("Amount")])
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(0, 220)
        self.lines.setColumnWidth(1, 220)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.itemChanged.connect(self._line_edited)
        self.total = QLabel()
        self.total.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.line_error = QLabel()
        self.line_error.setProperty("role", "error")
        self.line_error.setWordWrap(True)
        self.line_error.hide()
        self.status_label = QLabel()
        self.status_label.setStyleSheet("font-weight: 600;")
        self.add_button = QPushButton(icon("plus"), self.tr("Add line"))
        self.add_button.clicked.connect(lambda: self.add_line())
        self.remove_button = QPushButton(icon("x"), self.tr("Remove line"))
        self.remove_button.clicked.connect(self.remove_line)
        self.order_button = QPushButton(icon("circle-check"), self.tr("Mark as ordered"))
        self.order_button.setToolTip(self.tr("The order went to the supplier: goods can be "
                                             "received from now on"))
        self.order_button.clicked.connect(self.mark_ordered)
        self.receive_button = QPushButton(icon("package"), self.tr("Receive goods…"))
        self.receive_button.setToolTip(self.tr("Book what came in (all or part of it) into "
                                               "the warehouse"))
        self.receive_button.clicked.connect(self.receive)
        self.cancel_order_button = QPushButton(icon("circle-x"), self.tr("Cancel order"))
        self.cancel_order_button.clicked.connect(self.cancel_order)
        steps = QHBoxLayout()
        steps.addWidget(QLabel(self.tr("Status:")))
        steps.addWidget(self.status_label)
        steps.addStretch()
        steps.addWidget(self.order_button)
        steps.addWidget(self.receive_button)
        steps.addWidget(self.cancel_order_button)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Order lines")))
        bar.addStretch()
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(steps)
        column.addLayout(bar)
        column.addWidget(self.lines)
        column.addWidget(self.line_error)
        column.addWidget(self.total, 0, Qt.AlignmentFlag.AlignRight)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, box, 1)
        self._load_lines()

    # -- lines -------------------------------------------------------------------------
    def _load_lines(self) -> None:
        self.loading = True
        self.lines.blockSignals(True)
        self.lines.setRowCount(0)
        record_id = self.record_id
        if record_id is not None:
            actor = self.workspace.actor

            def read(s: Session) -> tuple[str, list[Any]]:
                return (purchase_orders.get(s, actor, record_id).status,
                        purchase_orders.lines(s, actor, record_id))

            self.status, lines = self.workspace.read(read)
            for line in lines:
                self.add_line(line.product_id, line.description, line.quantity,
                              line.unit_cost_cents, received=line.received_qty,
                              line_id=line.id)
        else:
            self.status = "draft"
        self.lines.blockSignals(False)
        self.loading = False
        self._update_total()
        self._update_steps()

    def add_line(self, product_id: int | None = None, description: str = "",
                 quantity: int = 1, unit_cost_cents: int | None = None, *,
                 received: int = 0, line_id: int | None = None) -> None:
        row = self.lines.rowCount()
        self.lines.blockSignals(True)
        self.lines.insertRow(row)
        combo = QComboBox()
        combo.addItem("", None)
        for product in self.product_rows:
            combo.addItem(f"{product.name} ({product.code})", product.id)
        index = combo.findData(product_id)
        if index < 0 and product_id is not None:  # no longer stocked or deleted
            combo.addItem(str(product_id), product_id)
            index = combo.count() - 1
        combo.setCurrentIndex(max(0, index))
        combo.setEnabled(not received)  # received goods keep their product
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._product_chosen(c))
        self.lines.setCellWidget(row, 0, combo)
        item = QTableWidgetItem(description)
        item.setData(LINE_ID, line_id)
        self.lines.setItem(row, 1, item)
        self.lines.setItem(row, 2, _number_item(quantity))
        self.lines.setItem(row, 3, _read_only(_number_item(received)))
        self.lines.setItem(row, 4, _number_item(
            money(unit_cost_cents, symbol=False) if unit_cost_cents is not None else ""))
        self.lines.setItem(row, 5, _read_only(_number_item("")))
        self.lines.blockSignals(False)
        self._update_total()
        if not self.loading:
            self._mark_dirty()

    def _product_chosen(self, combo: QComboBox) -> None:
        for row in range(self.lines.rowCount()):
            if self.lines.cellWidget(row, 0) is not combo:
                continue
            product = next((p for p in self.product_rows if p.id == combo.currentData()), None)
            if product is not None:
                self.lines.blockSignals(True)
                description = self.lines.item(row, 1)
                if description is not None and not description.text().strip():
                    description.setText(product.name)
                cost = self.lines.item(row, 4)
                if cost is not None and not cost.text().strip():
                    cost.setText(money(product.cost_cents or 0, symbol=False))
                self.lines.blockSignals(False)
        self._update_total()
        self._mark_dirty()

    def remove_line(self) -> None:
        row = self.lines.currentRow()
        if row >= 0:
            self.lines.removeRow(row)
            self._update_total()
            self._mark_dirty()

    def _line_edited(self, _item: QTableWidgetItem) -> None:
        self._update_total()
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            self.title_changed.emit(self.title())

    def _text(self, row: int, column: int) -> str:
        cell = self.lines.item(row, column)
        return cell.text().strip() if cell is not None else ""

    def line_inputs(self) -> list[PurchaseLineInput]:
        result = []
        for row in range(self.lines.rowCount()):
            combo = self.lines.cellWidget(row, 0)
            description = self.lines.item(row, 1)
            result.append(PurchaseLineInput(
                product_id=combo.currentData() if isinstance(combo, QComboBox) else None,
                quantity=self._text(row, 2) or "1",
                unit_cost=self._text(row, 4).replace(",", "") or None,
                description=self._text(row, 1) or None,
                line_id=description.data(LINE_ID) if description is not None else None))
        return result

    def _update_total(self) -> None:
        from crmdesk.core.validation import FieldProblem, clean_int, clean_money

        total = 0
        self.lines.blockSignals(True)
        for row in range(self.lines.rowCount()):
            try:
                qty = clean_int(self._text(row, 2), min_value=1) or 0
                cost = clean_money(self._text(row, 4).replace(",", "")) or 0
                amount: int | None = qty * cost
            except FieldProblem:
                amount = None
            cell = self.lines.item(row, 5)
            if cell is not None:
                cell.setText(money(amount, symbol=False) if amount is not None else "?")
            total += amount or 0
        self.lines.blockSignals(False)
        self.total.setText(self.tr("Total ¥{amount}").format(amount=money(total, symbol=False)))

    # -- steps ---------------------------------------------------------------------------
    def _update_steps(self) -> None:
        status = self.status or "draft"
        saved = self.record_id is not None
        manage = self.workspace.actor.can("purchasing.manage")
        self.status_label.setText(_status_text(status))
        open_ = status in ("draft", "ordered", "partial")
        self.order_button.setVisible(saved and status == "draft")
        self.receive_button.setVisible(saved and status in ("ordered", "partial"))
        self.cancel_order_button.setVisible(saved and status in ("draft", "ordered"))
        for button in (self.order_button, self.receive_button, self.cancel_order_button,
                       self.add_button, self.remove_button):
            button.setEnabled(manage)
        self.add_button.setEnabled(manage and open_)
        self.remove_button.setEnabled(manage and open_)
        self.lines.setEnabled(open_)
        self.save_button.setEnabled(manage)

    def _needs_saving(self) -> bool:
        if self.dirty or self.record_id is None:
            self.message.setText(self.tr("Save your changes first."))
            self.message.show()
            return True
        return False

    def mark_ordered(self) -> None:
        if self._needs_saving():
            return
        actor, record_id, version = self.workspace.actor, self.record_id, self.version
        assert record_id is not None

        def work(session: Session, _p: Any) -> None:
            purchase_orders.mark_ordered(session, actor, record_id, expected_version=version)

        (self.workspace.op(self, work, changes=("purchase_order",))
         .success(lambda _r: self.reload()).failure(lambda exc: show_error(self, exc)).run())

    def cancel_order(self) -> None:
        if self._needs_saving():
            return
        answer = QMessageBox.question(
            self, self.tr("Cancel order"),
            self.tr("Cancel {title}? Nothing more will be received on it.").format(
                title=self.record_title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, record_id, version = self.workspace.actor, self.record_id, self.version
        assert record_id is not None

        def work(session: Session, _p: Any) -> None:
            purchase_orders.cancel(session, actor, record_id, expected_version=version)

        (self.workspace.op(self, work, changes=("purchase_order",))
         .success(lambda _r: self.reload()).failure(lambda exc: show_error(self, exc)).run())

    def receive(self) -> None:
        """Open the Receive dialog (window-modal); a receipt reloads the form."""
        if self._needs_saving():
            return
        assert self.record_id is not None
        dialog = ReceiveDialog(self.workspace, self.record_id, self.version, self)
        dialog.accepted.connect(self.reload)
        self.receive_dialog = dialog
        dialog.open()

    # -- saving the order and its lines together ------------------------------------------
    def save(self) -> None:
        valid = all([self._validate_field(k) for k in self.editors])
        if not valid:
            self.message.setText(self.tr("Some fields need attention: see the messages in red."))
            self.message.show()
            return
        self.message.hide()
        data, custom = self.values()
        lines = self.line_inputs()
        actor, record_id, version = self.workspace.actor, self.record_id, self.version

        def work(session: Session, _p: Any) -> int:
            if record_id is None:
                return int(purchase_orders.create_with_lines(session, actor, data, lines).id)
            purchase_orders.update(session, actor, record_id, data, expected_version=version,
                                   custom=custom)
            if self.status not in ("received", "cancelled"):
                purchase_orders.set_lines(session, actor, record_id, lines)
            return record_id

        self.save_button.setEnabled(False)
        self.saving = True
        (self.workspace.op(self, work, changes=("purchase_order",))
         .success(self._saved).failure(self._save_failed).run()
         .done.connect(self._save_done))

    def _saved(self, record_id: int) -> None:
        self.line_error.hide()
        super()._saved(record_id)
        self._load_lines()
        self.dirty = False
        self.title_changed.emit(self.title())

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and all(e.field.startswith("line")
                                                    or e.field == "total_cents"
                                                    for e in exc.errors):
            self.saving = False
            self.line_error.setText(exc.message)
            self.line_error.show()
            return
        super()._save_failed(exc)


# ---------------------------------------------------------------------------
# Receiving
# ---------------------------------------------------------------------------

class ReceiveDialog(QDialog):
    """Receive goods on a purchase order: per open line the quantity that came in now
    (default: all that is still open), and the supplier's delivery note number."""

    def __init__(self, workspace: Workspace, order_id: int, version: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.order_id = order_id
        self.version = version
        self.receipt: Any = None
        actor = workspace.actor

        def read(s: Session) -> tuple[str, str, list[Any]]:
            order = purchase_orders.get(s, actor, order_id)
            rows = purchase_orders.rows(s, actor, [order_id])
            return (order.number, rows[0].get("warehouse_id:name", "") if rows else "",
                    [(line.id, line.description, line.quantity, line.received_qty,
                      line.unit_cost_cents)
                     for line in purchase_orders.open_lines(s, actor, order_id)])

        number, warehouse, self.open_lines = workspace.read(read)
        self.setWindowTitle(self.tr("Receive goods: {number}").format(number=number))
        self.resize(720, 380)
        intro = QLabel(self.tr("Enter what came in now; it is booked into {warehouse} at each "
                               "line's unit cost. Lines not delivered yet: enter 0.")
                       .format(warehouse=warehouse))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.open_lines), 5)
        self.table.setHorizontalHeaderLabels([
            self.tr("Product"), self.tr("Ordered"), self.tr("Received before"),
            self.tr("Still open"), self.tr("Receive now")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 240)
        for column in (1, 2, 3):  # the headers in full ("Received before")
            self.table.setColumnWidth(column, max(
                100, self.table.horizontalHeader().sectionSizeHint(column)))
        self.spins: dict[int, QSpinBox] = {}
        for row, (line_id, description, quantity, received, _cost) in enumerate(
                self.open_lines):
            self.table.setItem(row, 0, _read_only(QTableWidgetItem(description)))
            self.table.setItem(row, 1, _read_only(_number_item(quantity)))
            self.table.setItem(row, 2, _read_only(_number_item(received)))
            self.table.setItem(row, 3, _read_only(_number_item(quantity - received)))
            spin = QSpinBox()
            spin.setRange(0, quantity - received)
            spin.setValue(quantity - received)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.table.setCellWidget(row, 4, spin)
            self.spins[line_id] = spin
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("e.g. the supplier's delivery note number"))
        self.reference.setMaxLength(100)
        form = QFormLayout()
        form.addRow(self.tr("Reference"), self.reference)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(self.tr("Receive"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setIcon(icon("package"))
        self.buttons.accepted.connect(self.book)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def quantities(self) -> dict[int, int]:
        return {line_id: spin.value() for line_id, spin in self.spins.items() if spin.value()}

    def book(self) -> None:
        actor, order_id, version = self.workspace.actor, self.order_id, self.version
        quantities = self.quantities()
        reference = self.reference.text().strip() or None

        def work(session: Session, _p: Any) -> Any:
            return purchase_orders.receive(session, actor, order_id, quantities,
                                           reference=reference, expected_version=version)

        self.ok_button.setEnabled(False)
        (self.workspace.op(self, work, changes=("purchase_order", "product"))
         .success(self._booked).failure(self._failed).run()
         .done.connect(lambda: self.ok_button.setEnabled(True)))

    def _booked(self, receipt: Any) -> None:
        self.receipt = receipt
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from crmdesk.errors import KnownError

        if isinstance(exc, KnownError):
            self.error.setText(exc.message)
            self.error.show()
            return
        show_error(self, exc)


# ---------------------------------------------------------------------------
# The supplier form: its fields and its purchase history
# ---------------------------------------------------------------------------

class SupplierForm(RecordForm):
    """A supplier's fields, and below them what was bought from the supplier."""

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(workspace, "supplier", record_id, defaults=defaults, parent=parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.orders = QTableWidget(0, 6)
        self.orders.setHorizontalHeaderLabels([
            self.tr("PO number"), self.tr("Order date"), self.tr("Expected"),
            self.tr("Status"), self.tr("Total"), self.tr("Received")])
        self.orders.horizontalHeader().setStretchLastSection(True)
        self.orders.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.orders.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.orders.doubleClicked.connect(self._open_order)
        self.new_order = QPushButton(icon("plus"), self.tr("New purchase order"))
        self.new_order.clicked.connect(self._new_order)
        self.new_order.setEnabled(workspace.actor.can("purchasing.manage"))
        heading = QLabel(self.tr("Purchase history"))
        heading.setProperty("role", "section")
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addStretch()
        bar.addWidget(self.new_order)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.summary)
        column.addWidget(self.orders)
        self.history_box = box
        self.orders.setMinimumHeight(110)
        self.orders.setMaximumHeight(180)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, box)
        workspace.changed.connect(self._orders_changed)
        self._load_history()

    def _orders_changed(self, entity: str) -> None:
        if entity == "purchase_order" and not self.workspace.closed:
            self._load_history()

    def _load_history(self) -> None:
        self.orders.setRowCount(0)
        record_id = self.record_id
        self.history_box.setVisible(record_id is not None)
        if record_id is None:
            return
        actor = self.workspace.actor
        history = self.workspace.read(lambda s: suppliers.purchases(s, actor, record_id))
        self.summary.setText(self.tr(
            "Purchase orders: {n}; ordered ¥{ordered}, received ¥{received}; still open: "
            "{open}.").format(n=len(history.orders),
                            ordered=money(history.ordered_cents, symbol=False),
                            received=money(history.received_cents, symbol=False),
                            open=history.open_count))
        self.orders.setRowCount(len(history.orders))
        for row, order in enumerate(history.orders):
            number = QTableWidgetItem(order.number)
            number.setData(Qt.ItemDataRole.UserRole, order.id)
            self.orders.setItem(row, 0, number)
            self.orders.setItem(row, 1, QTableWidgetItem(presentation.date_text(
                order.order_date)))
            self.orders.setItem(row, 2, QTableWidgetItem(
                presentation.date_text(order.expected_date) if order.expected_date else ""))
            self.orders.setItem(row, 3, QTableWidgetItem(_status_text(order.status)))
            self.orders.setItem(row, 4, _number_item(money(order.total_cents, symbol=False)))
            self.orders.setItem(row, 5, _number_item(money(order.received_cents,
                                                           symbol=False)))

    def _saved(self, record_id: int) -> None:
        super()._saved(record_id)
        self._load_history()

    def _open_order(self) -> None:
        row = self.orders.currentRow()
        item = self.orders.item(row, 0) if row >= 0 else None
        if item is not None:
            self.open_requested.emit("record", ("purchase_order",
                                                int(item.data(Qt.ItemDataRole.UserRole))))

    def _new_order(self) -> None:
        if self.record_id is not None:
            self.open_requested.emit("new", ("purchase_order",
                                             {"supplier_id": self.record_id}))
