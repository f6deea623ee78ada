"""The form of a document with product lines (an order, a quote): one home for the line
table (product, description, quantity, unit price, then the document's own read-only
columns), adding and removing lines, a chosen product filling its name and price,
reading the lines for the service, and saving the fields and the changed lines in one
unit of work.  The order form (``order_form.py``) and the quote form (``billing.py``)
build on it; each fills its own columns in ``_update_total``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from crmdesk.core.presentation import money
from crmdesk.core.services.sales import LineInput, products
from crmdesk.core.session import Session
from crmdesk.errors import ValidationError
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate

#: the columns every line table starts with
PRODUCT, DESCRIPTION, QUANTITY, PRICE = range(4)


def line_cell(text: str, *, right: bool = False, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if not editable:
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class LinesForm(RecordForm):
    """A record form with a line table; *service* has ``create_with_lines``, ``update``,
    ``set_lines`` and ``lines`` (the order and quote services)."""

    service: Any = None

    def __init__(self, workspace: Workspace, entity: str, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        actor = workspace.actor
        self.product_rows = workspace.read(lambda s: products.records(
            s, actor, products.ids(s, actor)))
        self.lines_dirty = False
        super().__init__(workspace, entity, record_id, defaults=defaults, parent=parent)

    def _build_lines(self, headers: list[str], object_name: str = "") -> None:
        """The table (the first four columns editable, the rest read-only), the total
        and the label that shows what is wrong with a line."""
        self.lines = QTableWidget(0, len(headers))
        if object_name:
            self.lines.setObjectName(object_name)
        self.lines.setHorizontalHeaderLabels(headers)
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(PRODUCT, 220)
        self.lines.setColumnWidth(DESCRIPTION, 250)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.itemChanged.connect(self._line_edited)
        self.total = QLabel()
        self.total.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line_error = QLabel()
        self.line_error.setProperty("role", "error")
        self.line_error.setWordWrap(True)
        self.line_error.hide()

    # -- the lines ---------------------------------------------------------------------
    def _fill_lines(self, lines: list[Any]) -> None:
        """The saved lines (product_id, description, quantity, unit_price_cents)."""
        self.loading = True
        self.lines.blockSignals(True)
        self.lines.setRowCount(0)
        for line in lines:
            self.add_line(line.product_id, line.description, line.quantity,
                          line.unit_price_cents)
        self.lines.blockSignals(False)
        self.loading = False
        self.lines_dirty = False
        self._update_total()

    def saved_lines(self) -> list[Any]:
        record_id, actor = self.record_id, self.workspace.actor
        if record_id is None:
            return []
        return list(self.workspace.read(lambda s: self.service.lines(s, actor, record_id)))

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
        self.lines.setCellWidget(row, PRODUCT, combo)
        self.lines.setItem(row, DESCRIPTION, line_cell(description))
        self.lines.setItem(row, QUANTITY, line_cell(str(quantity), right=True))
        self.lines.setItem(row, PRICE, line_cell(
            money(unit_price_cents, symbol=False) if unit_price_cents is not None else "",
            right=True))
        for column in range(PRICE + 1, self.lines.columnCount()):
            self.lines.setItem(row, column, line_cell("", right=True, editable=False))
        self.lines.blockSignals(False)
        self._update_total()
        if not self.loading:
            self._mark_dirty()

    def _product(self, product_id: Any) -> Any:
        return next((p for p in self.product_rows if p.id == product_id), None)

    def product_of_row(self, row: int) -> Any:
        combo = self.lines.cellWidget(row, PRODUCT)
        return self._product(combo.currentData()) if isinstance(combo, QComboBox) else None

    def _product_chosen(self, combo: QComboBox) -> None:
        for row in range(self.lines.rowCount()):
            if self.lines.cellWidget(row, PRODUCT) is combo:
                product = self._product(combo.currentData())
                if product is not None:
                    self.lines.blockSignals(True)
                    description = self.lines.item(row, DESCRIPTION)
                    if description is not None and not description.text().strip():
                        description.setText(product.name)
                    price = self.lines.item(row, PRICE)
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
        self.lines_dirty = True
        if not self.dirty:
            self.dirty = True
            self.title_changed.emit(self.title())

    def _text(self, row: int, column: int) -> str:
        cell = self.lines.item(row, column)
        return cell.text().strip() if cell is not None else ""

    def line_amount(self, row: int) -> int | None:
        """Quantity x unit price as typed (None: one of them cannot be read)."""
        from crmdesk.core.validation import FieldProblem, clean_int, clean_money

        try:
            quantity = clean_int(self._text(row, QUANTITY), min_value=1) or 0
            price = clean_money(self._text(row, PRICE).replace(",", "")) or 0
        except FieldProblem:
            return None
        return quantity * price

    def set_cell_text(self, row: int, column: int, text: str) -> None:
        cell = self.lines.item(row, column)
        if cell is not None:
            cell.setText(text)

    def line_inputs(self) -> list[LineInput]:
        result = []
        for row in range(self.lines.rowCount()):
            combo = self.lines.cellWidget(row, PRODUCT)
            result.append(LineInput(
                description=self._text(row, DESCRIPTION) or None,
                quantity=self._text(row, QUANTITY) or "1",
                unit_price=self._text(row, PRICE).replace(",", "") or None,
                product_id=combo.currentData() if isinstance(combo, QComboBox) else None))
        return result

    def _update_total(self) -> None:
        """Each document fills its own columns and total."""

    # -- saving the fields and the lines together ---------------------------------------
    def save(self) -> None:
        if not all([self._validate_field(k) for k in self.editors]):
            self.message.setText(translate(  # the record form's own message
                "RecordForm", "Some fields need attention: see the messages in red."))
            self.message.show()
            return
        data, custom = self.values()
        lines = self.line_inputs()
        lines_changed = self.lines_dirty
        service, actor = self.service, self.workspace.actor
        record_id, version = self.record_id, self.version

        def work(session: Session, _p: Any) -> int:
            if record_id is None:
                return int(service.create_with_lines(session, actor, data, lines).id)
            service.update(session, actor, record_id, data, expected_version=version,
                           custom=custom)
            if lines_changed:
                service.set_lines(session, actor, record_id, lines)
            return record_id

        self.save_button.setEnabled(False)
        (self.workspace.op(self, work, changes=(self.entity,))
         .success(self._saved).failure(self._save_failed).run()
         .done.connect(lambda: self.save_button.setEnabled(True)))

    def _saved(self, record_id: int) -> None:
        self.line_error.hide()
        super()._saved(record_id)
        self._load_lines()
        self.dirty = False
        self.title_changed.emit(self.title())

    def _load_lines(self) -> None:
        self._fill_lines(self.saved_lines())

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and all(e.field.startswith("line")
                                                    for e in exc.errors):
            self.line_error.setText(exc.message)
            self.line_error.show()
            return
        super()._save_failed(exc)
