"""Stock (Stock > Stock levels): what each warehouse holds, what is low, new movements
and the stocktake.

The table lists stock per product and warehouse (on hand, reserved, available,
average cost, value; ``core/services/warehouses.levels``); products below their
low-stock level are marked and listed under it.  "New movement…" opens
:class:`MovementDialog` (receipt, issue, transfer, adjustment: it shows what is
available as you choose); "Stocktake" prints the sheet (PDF) or saves it to fill in
(xlsx) and imports the filled-in sheet (each difference becomes an adjustment).
Double-click opens the product.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import catalogues, presentation
from crmdesk.core.fields import choice_label
from crmdesk.core.services import stock, warehouses
from crmdesk.core.services.warehouses import LevelRow
from crmdesk.errors import KnownError
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.workspace import Workspace

ROLE_ROW = Qt.ItemDataRole.UserRole
#: the stock changes a screen listens for
STOCK_ENTITIES = ("stock_movement", "stock_level", "warehouse", "product", "delivery",
                  "purchase_order", "order")


def _number(value: int) -> QTableWidgetItem:
    item = QTableWidgetItem(f"{value:,}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _money(cents: int) -> QTableWidgetItem:
    item = QTableWidgetItem(presentation.money(cents))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class StockView(Document):
    key = "stock"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.rows: list[LevelRow] = []
        self.low: list[warehouses.LowStock] = []
        self.warehouse = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Product code, name or category"))
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(lambda _t: self.refresh())
        self.all_levels = QCheckBox(self.tr("Show empty levels"))
        self.all_levels.toggled.connect(lambda _c: self.refresh())
        self.warehouse.currentIndexChanged.connect(lambda _i: self.refresh())
        may_manage = workspace.actor.can("stock.manage")
        self.new_button = QPushButton(icon("plus"), self.tr("New movement…"))
        self.new_button.setToolTip(self.tr("Receive, issue, transfer or adjust stock"))
        self.new_button.clicked.connect(lambda: self.new_movement())
        self.new_button.setEnabled(workspace.actor.can("stock.ship"))
        self.stocktake_button = QToolButton()
        self.stocktake_button.setText(self.tr("Stocktake"))
        self.stocktake_button.setIcon(icon("list-todo"))
        self.stocktake_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.stocktake_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.stocktake_button)
        menu.addAction(icon("printer"), self.tr("Print the sheet (PDF)…"),
                       lambda: self.ask_sheet(".pdf"))
        menu.addAction(icon("download"), self.tr("Save the sheet to fill in (Excel)…"),
                       lambda: self.ask_sheet(".xlsx"))
        import_action = menu.addAction(icon("upload"), self.tr("Import the counts…"),
                                       self.ask_import)
        import_action.setEnabled(may_manage)
        self.stocktake_button.setMenu(menu)
        self.locations_button = QPushButton(icon("map-pin"), self.tr("Locations…"))
        self.locations_button.setToolTip(self.tr(
            "The chosen warehouse's locations (bins, shelves); put the chosen product in one"))
        self.locations_button.clicked.connect(lambda: self.show_locations())
        self.locations_button.setEnabled(may_manage)
        refresh = QPushButton(icon("refresh-cw"), "")
        refresh.setToolTip(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        heading = QLabel(self.tr("Stock levels"))
        heading.setProperty("role", "title")
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addStretch(1)
        bar.addWidget(self.warehouse)
        bar.addWidget(self.text)
        bar.addWidget(self.all_levels)
        bar.addWidget(self.new_button)
        bar.addWidget(self.stocktake_button)
        bar.addWidget(self.locations_button)
        bar.addWidget(refresh)
        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels([
            self.tr("Product code"), self.tr("Product"), self.tr("Warehouse"),
            self.tr("Location"), self.tr("On hand"), self.tr("Reserved"), self.tr("Available"),
            self.tr("Average cost"), self.tr("Value")])
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setVisible(False)
        for col, width in enumerate((100, 200, 120, 80, 80, 80, 80, 100, 110)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._open)
        self.total = QLabel()
        self.low_label = QLabel()
        self.low_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setProperty("role", "subtitle")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.low_label)
        workspace.changed.connect(self._changed)
        self._fill_warehouses()
        self.refresh()

    # -- Document --------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Stock levels")

    def icon(self) -> QIcon:
        return icon("package")

    def status_text(self) -> str:
        return self.tr("{n} stock levels").format(n=len(self.rows))

    def new_kind(self) -> str | None:
        return "stock_movement"

    def new_record(self) -> None:
        self.new_movement()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1100, 700)

    # -- data ------------------------------------------------------------------------
    def _fill_warehouses(self) -> None:
        current = self.warehouse.currentData()
        self.warehouse.blockSignals(True)
        self.warehouse.clear()
        self.warehouse.addItem(self.tr("All warehouses"), None)
        for wid, name in self.workspace.read(lambda s: catalogues.choices(s, "warehouse")):
            self.warehouse.addItem(name, wid)
        index = self.warehouse.findData(current)
        self.warehouse.setCurrentIndex(max(index, 0))
        self.warehouse.blockSignals(False)

    def _changed(self, entity: str) -> None:
        if entity == "warehouse":
            self._fill_warehouses()
        if entity in STOCK_ENTITIES:
            self.refresh()

    def refresh(self) -> None:
        actor = self.workspace.actor
        warehouse_id = self.warehouse.currentData()
        text = self.text.text().strip() or None
        nonzero = not self.all_levels.isChecked()

        def read(s: Any) -> tuple[list[LevelRow], list[warehouses.LowStock]]:
            return (warehouses.levels(s, actor, warehouse_id=warehouse_id, text=text,
                                      nonzero=nonzero), warehouses.low_stock(s))

        self.rows, self.low = self.workspace.read(read)
        low_ids = {r.product_id for r in self.low}
        self.table.setRowCount(len(self.rows))
        warn = QBrush(QColor(theme.WARNING))
        for n, row in enumerate(self.rows):
            cells = [QTableWidgetItem(row.product_code), QTableWidgetItem(row.product_name),
                     QTableWidgetItem(f"{row.warehouse_code} {row.warehouse_name}"),
                     QTableWidgetItem(row.location or ""), _number(row.on_hand),
                     _number(row.reserved), _number(row.available), _money(row.cost_cents),
                     _money(row.value_cents)]
            cells[0].setData(ROLE_ROW, row.product_id)
            for col, cell in enumerate(cells):
                self.table.setItem(n, col, cell)
            if row.product_id in low_ids:
                cells[6].setForeground(warn)
                cells[6].setToolTip(self.tr("Below the low-stock level ({level})").format(
                    level=row.low_stock_level))
        self.total.setText(self.tr("Total value: {value}").format(
            value=presentation.money(sum(r.value_cents for r in self.rows))))
        if self.low:
            self.low_label.setText(self.tr("Low stock: {items}").format(items=", ".join(
                self.tr("{code} {name} ({available} available, level {level})").format(
                    code=r.code, name=r.name, available=r.available, level=r.low_stock_level)
                for r in self.low)))
        else:
            self.low_label.setText(self.tr("No product is below its low-stock level."))
        self.status_changed.emit(self.status_text())

    def _open(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_requested.emit("record", ("product", int(item.data(ROLE_ROW))))

    # -- movements -------------------------------------------------------------------
    def new_movement(self, product_id: int | None = None) -> MovementDialog:
        if product_id is None:
            item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 \
                else None
            product_id = int(item.data(ROLE_ROW)) if item is not None else None
        dialog = MovementDialog(self.workspace, self, product_id=product_id,
                                warehouse_id=self.warehouse.currentData())
        dialog.posted.connect(lambda number: self.message.setText(
            self.tr("Posted stock movement {number}.").format(number=number)))
        dialog.open()
        return dialog

    def show_locations(self) -> LocationsDialog:
        """The locations of the chosen row's warehouse (else the chosen warehouse)."""
        row = self.table.currentRow()
        level = self.rows[row] if 0 <= row < len(self.rows) else None
        warehouse_id = level.warehouse_id if level is not None else self.chosen_warehouse()
        dialog = LocationsDialog(self.workspace, warehouse_id, self,
                                 product_id=level.product_id if level is not None else None)
        dialog.open()
        return dialog

    # -- stocktake -------------------------------------------------------------------
    def chosen_warehouse(self) -> int:
        chosen = self.warehouse.currentData()
        if chosen is not None:
            return int(chosen)
        return int(self.workspace.read(stock.default_warehouse_id))

    def ask_sheet(self, suffix: str) -> None:
        name = "stocktake" + suffix
        kinds = self.tr("PDF (*.pdf)") if suffix == ".pdf" else self.tr(
            "Excel workbook (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Stocktake sheet"), name, kinds)
        if path:
            self.save_sheet(path)

    def save_sheet(self, path: str) -> None:
        """Write the chosen warehouse's stocktake sheet (.pdf or .xlsx) in the background."""
        actor = self.workspace.actor
        warehouse_id = self.chosen_warehouse()

        def write(db: Any, _job: Any) -> None:
            from crmdesk.core.services import stocktake

            if path.lower().endswith(".pdf"):
                from crmdesk.reports.engine import ReportRequest, build_report

                build_report(db, actor, ReportRequest("stocktake", record=warehouse_id), path)
                return
            from crmdesk.exchange.stocktake_sheet import write_xlsx

            with db.session() as s:
                warehouse = stocktake.find_warehouse(s, warehouse_id, actor)
                write_xlsx(path, warehouse.code, warehouse.name,
                           stocktake.sheet(s, warehouse.id))

        (self.workspace.job(self, write, label=self.tr("Writing the stocktake sheet…"))
         .success(lambda _r: self.message.setText(self.tr("Wrote {file}.").format(
             file=Path(path).name)))
         .failure(self._failed).run())

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import the counts"), "",
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.import_sheet(path)

    def import_sheet(self, path: str) -> None:
        """Post the differences of a filled-in sheet as adjustments."""
        from crmdesk.exchange.stocktake_sheet import import_counts

        actor = self.workspace.actor

        def done(result: Any) -> None:
            code, found = result
            self.message.setText(self.tr(
                "Stocktake of {warehouse}: {n} differences posted as adjustments.").format(
                warehouse=code, n=len(found)))

        (self.workspace.op(self, lambda s, _job: import_counts(s, actor, path),
                           changes=("stock_movement", "stock_level"))
         .success(done).failure(self._failed).run())

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.message.setText(exc.message)
            return
        from crmdesk.ui.errors import show_error

        show_error(self, exc)


class MovementDialog(QDialog):
    """A new stock movement: receipt, issue, transfer or adjustment (posted on OK)."""

    posted = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 product_id: int | None = None, warehouse_id: int | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("New stock movement"))
        actor = workspace.actor
        self.kind = QComboBox()
        for key in stock.KINDS:
            if key == "issue" or actor.can("stock.manage"):
                self.kind.addItem(choice_label("movement_kind", key), key)
        from crmdesk.core.services.sales import products

        def read(s: Any) -> tuple[list[tuple[int, str]], list[tuple[int, str]], int]:
            stocked = [(p.id, f"{p.name} ({p.code})")
                       for p in products.records(s, actor, products.ids(s, actor))
                       if p.tracks_stock]
            return stocked, catalogues.choices(s, "warehouse"), stock.default_warehouse_id(s, actor)

        product_items, warehouse_items, default = workspace.read(read)
        self.product = QComboBox()
        for pid, text in product_items:
            self.product.addItem(text, pid)
        self.warehouse = QComboBox()
        self.target = QComboBox()
        for wid, text in warehouse_items:
            self.warehouse.addItem(text, wid)
            self.target.addItem(text, wid)
        if product_id is not None and self.product.findData(product_id) >= 0:
            self.product.setCurrentIndex(self.product.findData(product_id))
        start = warehouse_id if warehouse_id is not None else default
        if self.warehouse.findData(start) >= 0:
            self.warehouse.setCurrentIndex(self.warehouse.findData(start))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 1_000_000_000)
        self.quantity.setValue(1)
        self.cost = QLineEdit()
        self.cost.setPlaceholderText(self.tr("e.g. 12.50 (empty: the average cost)"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.available = QLabel()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.ERROR}")
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Product"), self.product)
        form.addRow(self.tr("Warehouse"), self.warehouse)
        form.addRow(self.tr("To warehouse"), self.target)
        form.addRow(self.tr("Quantity"), self.quantity)
        form.addRow(self.tr("Unit cost"), self.cost)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Reference"), self.reference)
        form.addRow("", self.available)
        self.form = form
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Post"))
        self.buttons.accepted.connect(self.post)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for combo in (self.kind, self.product, self.warehouse):
            combo.currentIndexChanged.connect(lambda _i: self.update_fields())
        self.update_fields()

    def update_fields(self) -> None:
        kind = self.kind.currentData()
        adjustment = kind == "adjustment"
        self.quantity.setMinimum(-1_000_000_000 if adjustment else 1)
        self.form.setRowVisible(self.target, kind == "transfer")
        self.form.setRowVisible(self.cost, kind == "receipt")
        self.quantity.setToolTip(self.tr("Negative takes stock off") if adjustment else "")
        product_id, warehouse_id = self.product.currentData(), self.warehouse.currentData()
        if product_id is None or warehouse_id is None:
            self.available.setText("")
            return
        have = self.workspace.read(lambda s: stock.availability(s, product_id, warehouse_id))
        self.available.setText(self.tr(
            "On hand {on_hand}, reserved {reserved}, available {available}").format(
            on_hand=have.on_hand, reserved=have.reserved, available=have.available))

    def values(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        data: dict[str, Any] = {
            "kind": kind, "product_id": self.product.currentData(),
            "warehouse_id": self.warehouse.currentData(), "quantity": self.quantity.value(),
            "reason": self.reason.text(), "reference": self.reference.text()}
        if kind == "transfer":
            data["counterpart_id"] = self.target.currentData()
        if kind == "receipt" and self.cost.text().strip():
            data["unit_cost_cents"] = self.cost.text().strip()
        return data

    def post(self) -> None:
        from crmdesk.core.services.warehouses import stock_movements

        actor = self.workspace.actor
        data = self.values()
        self.buttons.setEnabled(False)

        def done(number: str) -> None:
            self.buttons.setEnabled(True)
            self.posted.emit(number)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            if isinstance(exc, KnownError):
                self.error.setText(exc.message)
                return
            from crmdesk.ui.errors import show_error

            show_error(self, exc)

        (self.workspace.op(self, lambda s, _job: stock_movements.create(s, actor, data).number,
                           changes=("stock_movement", "stock_level"))
         .success(done).failure(failed).run())


class LedgerForm(RecordForm):
    """An existing stock movement or level: shown, never edited (a correction is a new
    movement: Stock > Stock levels > New movement…)."""

    def _fetch(self, session: Any, opening: bool) -> dict[str, Any]:
        assert self.record_id is not None
        obj = self.service.get(session, self.workspace.actor, self.record_id)
        values: dict[str, Any] = {spec.key: getattr(obj, spec.key, None)
                                  for spec in self.specs}
        values["__version"] = None  # never changes: no "changed elsewhere"
        values["__title"] = self.service.describe(obj)
        return values

    def current_version(self) -> int | None:
        return None

    def load(self) -> None:
        super().load()
        for editor in self.editors.values():
            editor.set_read_only(True)
        self.save_button.hide()
        self.subheading.setText(self.tr(
            "The stock ledger is never edited: a correction is a new movement (Stock > "
            "Stock levels > New movement…)."))


class LocationsDialog(QDialog):
    """A warehouse's locations: add one; put the chosen product in the chosen one."""

    def __init__(self, workspace: Workspace, warehouse_id: int, parent: QWidget | None = None,
                 *, product_id: int | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.warehouse_id, self.product_id = workspace, warehouse_id, product_id
        self.setWindowTitle(self.tr("Warehouse locations"))
        self.list = QTableWidget(0, 2)
        self.list.setHorizontalHeaderLabels([self.tr("Location"), self.tr("Name")])
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("e.g. A-01-03"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Name (optional)"))
        add = QPushButton(icon("plus"), self.tr("Add"))
        add.clicked.connect(self.add)
        self.put = QPushButton(icon("map-pin"), self.tr("Keep the product here"))
        self.put.setEnabled(product_id is not None)
        self.put.clicked.connect(self.put_product)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.code)
        row.addWidget(self.name)
        row.addWidget(add)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.put)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        found = self.workspace.read(lambda s: [(loc.id, loc.code, loc.name or "")
                                               for loc in warehouses.locations(
                                                   s, self.warehouse_id)])
        self.list.setRowCount(len(found))
        for n, (location_id, code, name) in enumerate(found):
            item = QTableWidgetItem(code)
            item.setData(ROLE_ROW, location_id)
            self.list.setItem(n, 0, item)
            self.list.setItem(n, 1, QTableWidgetItem(name))

    def _run(self, work: Any, done: str) -> None:
        def ok(_result: Any) -> None:
            self.message.setText(done)
            self.refresh()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KnownError):
                self.message.setText(exc.message)
                return
            from crmdesk.ui.errors import show_error

            show_error(self, exc)

        (self.workspace.op(self, work, changes=("warehouse", "stock_level"))
         .success(ok).failure(failed).run())

    def add(self) -> None:
        actor, code, name = self.workspace.actor, self.code.text(), self.name.text()
        self._run(lambda s, _job: warehouses.add_location(s, actor, self.warehouse_id, code,
                                                          name),
                  self.tr("Added location {code}.").format(code=code.strip()))
        self.code.clear()
        self.name.clear()

    def put_product(self) -> None:
        item = self.list.item(self.list.currentRow(), 0) if self.list.currentRow() >= 0 \
            else None
        if item is None or self.product_id is None:
            self.message.setText(self.tr("Choose a location in the list first."))
            return
        actor, product_id, location_id = self.workspace.actor, self.product_id, \
            int(item.data(ROLE_ROW))
        self._run(lambda s, _job: warehouses.set_location(s, actor, product_id,
                                                          self.warehouse_id, location_id),
                  self.tr("The product is kept at {code}.").format(code=item.text()))
