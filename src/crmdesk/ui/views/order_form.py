"""An order's form: its fields and its lines (product, quantity, price)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.presentation import money
from crmdesk.core.services.sales import LineInput, orders, products
from crmdesk.core.session import Session
from crmdesk.errors import ValidationError
from crmdesk.ui.icons import icon
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


class OrderForm(RecordForm):
    """An order: its fields, and its lines (product, quantity, price); total = sum of lines."""

    COLUMNS = 5  # product, description, quantity, unit price, amount

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        self.product_rows = workspace.read(lambda s: products.records(
            s, workspace.actor, products.ids(s, workspace.actor)))
        super().__init__(workspace, "order", record_id, defaults=defaults, parent=parent)
        self.lines = QTableWidget(0, self.COLUMNS)
        self.lines.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Description"),
                                              self.tr("Quantity"), self.tr("Unit price"),
                                              self.tr("Amount")])
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(0, 220)
        self.lines.setColumnWidth(1, 260)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.itemChanged.connect(self._line_edited)
        self.total = QLabel()
        self.total.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.line_error = QLabel()
        self.line_error.setProperty("role", "error")
        self.line_error.setWordWrap(True)
        self.line_error.hide()
        add = QPushButton(icon("plus"), self.tr("Add line"))
        add.clicked.connect(lambda: self.add_line())
        remove = QPushButton(icon("x"), self.tr("Remove line"))
        remove.clicked.connect(self.remove_line)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Order lines")))
        bar.addStretch()
        bar.addWidget(add)
        bar.addWidget(remove)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.lines)
        column.addWidget(self.line_error)
        column.addWidget(self.total, 0, Qt.AlignmentFlag.AlignRight)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, box, 1)
        self._load_lines()

    # -- lines ---------------------------------------------------------------------------
    def _load_lines(self) -> None:
        self.loading = True
        self.lines.blockSignals(True)
        self.lines.setRowCount(0)
        record_id = self.record_id
        if record_id is not None:
            actor = self.workspace.actor
            for line in self.workspace.read(lambda s: orders.lines(s, actor, record_id)):
                self.add_line(line.product_id, line.description, line.quantity,
                              line.unit_price_cents)
        self.lines.blockSignals(False)
        self.loading = False
        self._update_total()

    def add_line(self, product_id: int | None = None, description: str = "",
                 quantity: int = 1, unit_price_cents: int | None = None) -> None:
        row = self.lines.rowCount()
        self.lines.blockSignals(True)
        self.lines.insertRow(row)
        combo = QComboBox()
        combo.addItem("", None)
        for product in self.product_rows:
            combo.addItem(f"{product.name} ({product.code})", product.id)
        combo.setCurrentIndex(max(0, combo.findData(product_id)))
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._product_chosen(c))
        self.lines.setCellWidget(row, 0, combo)
        self.lines.setItem(row, 1, QTableWidgetItem(description))
        self.lines.setItem(row, 2, QTableWidgetItem(str(quantity)))
        self.lines.setItem(row, 3, QTableWidgetItem(
            money(unit_price_cents, symbol=False) if unit_price_cents is not None else ""))
        amount = QTableWidgetItem()
        amount.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.lines.setItem(row, 4, amount)
        for col in (2, 3, 4):
            cell = self.lines.item(row, col)
            if cell is not None:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.lines.blockSignals(False)
        self._update_total()
        if not self.loading:
            self._mark_dirty()

    def _product_chosen(self, combo: QComboBox) -> None:
        for row in range(self.lines.rowCount()):
            if self.lines.cellWidget(row, 0) is combo:
                product = next((p for p in self.product_rows if p.id == combo.currentData()),
                               None)
                if product is not None:
                    self.lines.blockSignals(True)
                    description = self.lines.item(row, 1)
                    if description is not None and not description.text().strip():
                        description.setText(product.name)
                    price = self.lines.item(row, 3)
                    if price is not None:
                        price.setText(money(product.price_cents, symbol=False))
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

    def line_inputs(self) -> list[LineInput]:
        result = []
        for row in range(self.lines.rowCount()):
            combo = self.lines.cellWidget(row, 0)
            cells = [self.lines.item(row, c) for c in (1, 2, 3)]
            texts = [c.text().strip() if c is not None else "" for c in cells]
            product_id = combo.currentData() if isinstance(combo, QComboBox) else None
            result.append(LineInput(description=texts[0] or None, quantity=texts[1] or "1",
                                    unit_price=texts[2].replace(",", "") or None,
                                    product_id=product_id))
        return result

    def _update_total(self) -> None:
        from crmdesk.core.validation import FieldProblem, clean_int, clean_money

        total = 0
        self.lines.blockSignals(True)
        for row in range(self.lines.rowCount()):
            try:
                qty = clean_int(self._text(row, 2), min_value=1) or 0
                price = clean_money(self._text(row, 3).replace(",", "")) or 0
                amount: int | None = qty * price
            except FieldProblem:
                amount = None
            cell = self.lines.item(row, 4)
            if cell is not None:
                cell.setText(money(amount, symbol=False) if amount is not None else "?")
            total += amount or 0
        self.lines.blockSignals(False)
        self.total.setText(self.tr("Total ¥{amount}").format(amount=money(total, symbol=False)))

    def _text(self, row: int, column: int) -> str:
        cell = self.lines.item(row, column)
        return cell.text().strip() if cell is not None else ""

    # -- saving the order and its lines together ------------------------------------------
    def save(self) -> None:
        valid = all([self._validate_field(k) for k in self.editors])
        if not valid:
            self.message.setText(self.tr("Some fields need attention: see the messages in red."))
            self.message.show()
            return
        data, custom = self.values()
        lines = self.line_inputs()
        actor, record_id, version = self.workspace.actor, self.record_id, self.version

        def work(session: Session, _p: Any) -> int:
            if record_id is None:
                return int(orders.create_with_lines(session, actor, data, lines).id)
            orders.update(session, actor, record_id, data, expected_version=version,
                          custom=custom)
            orders.set_lines(session, actor, record_id, lines)
            return record_id

        self.save_button.setEnabled(False)
        (self.workspace.op(self, work, changes=("order",))
         .success(self._saved).failure(self._save_failed).run()
         .done.connect(lambda: self.save_button.setEnabled(True)))

    def _saved(self, record_id: int) -> None:
        self.line_error.hide()
        super()._saved(record_id)
        self._load_lines()
        self.dirty = False
        self.title_changed.emit(self.title())

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and all(e.field.startswith("line")
                                                    for e in exc.errors):
            self.line_error.setText(exc.message)
            self.line_error.show()
            return
        super()._save_failed(exc)
