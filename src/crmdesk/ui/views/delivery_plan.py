"""The delivery plan (Sales > Delivery plan): what ships when, by day.

Planned delivery notes by their planned date and open orders' delivery dates not yet
on a note (``core/services/deliveries.plan``); overdue ones first, in red.  Double-click
opens the note or the order; "Ship" opens the chosen note (or makes one for an order).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import catalogues, presentation
from crmdesk.core.services import deliveries as flow
from crmdesk.core.services.deliveries import PlanRow
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.workspace import Workspace

#: the days shown when the plan opens
DEFAULT_DAYS = 14
ROLE_ROW = Qt.ItemDataRole.UserRole


class DeliveryPlanView(Document):
    key = "delivery_plan"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.rows: list[PlanRow] = []
        today = QDate.currentDate()
        self.first = QDateEdit(today)
        self.last = QDateEdit(today.addDays(DEFAULT_DAYS))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.warehouse = QComboBox()
        self.warehouse.addItem(self.tr("All warehouses"), None)
        for wid, name in workspace.read(lambda s: catalogues.choices(s, "warehouse")):
            self.warehouse.addItem(name, wid)
        self.warehouse.currentIndexChanged.connect(lambda _i: self.refresh())
        self.ship_button = QPushButton(icon("truck"), self.tr("Ship…"))
        self.ship_button.setToolTip(self.tr("Open the chosen delivery note to ship it, or make "
                                            "a note for the chosen order"))
        self.ship_button.clicked.connect(self.ship_selected)
        refresh = QPushButton(icon("refresh-cw"), "")
        refresh.setToolTip(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        heading = QLabel(self.tr("Delivery plan"))
        heading.setProperty("role", "title")
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.first)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.last)
        bar.addWidget(self.warehouse)
        bar.addWidget(self.ship_button)
        bar.addWidget(refresh)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Date"), self.tr("Number"), self.tr("Order"),
                                   self.tr("Customer"), self.tr("Warehouse"),
                                   self.tr("Items"), self.tr("Units")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        for col, width in enumerate((170, 110, 110, 200, 100, 380)):
            self.tree.setColumnWidth(col, width)
        self.tree.itemDoubleClicked.connect(self._open)
        self.message = QLabel()
        self.message.setProperty("role", "subtitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.tree, 1)
        workspace.changed.connect(self._changed)
        self.refresh()

    def _changed(self, entity: str) -> None:
        if entity in ("delivery", "order"):
            self.refresh()

    def title(self) -> str:
        return self.tr("Delivery plan")

    def icon(self) -> QIcon:
        return icon("calendar-range")

    def status_text(self) -> str:
        return self.tr("{n} to ship").format(n=len(self.rows))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1100, 700)

    def span(self) -> tuple[date, date]:
        first = self.first.date().toPython()
        last = self.last.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        return first, max(first, last)

    def refresh(self) -> None:
        first, last = self.span()
        actor = self.workspace.actor
        warehouse_id = self.warehouse.currentData()
        self.rows = self.workspace.read(lambda s: flow.plan(s, actor, first, last,
                                                            warehouse_id=warehouse_id))
        self.tree.clear()
        heads: dict[Any, QTreeWidgetItem] = {}
        for row in self.rows:
            key = "overdue" if row.overdue else row.day
            head = heads.get(key)
            if head is None:
                text = self.tr("Overdue") if row.overdue else (
                    presentation.date_text(row.day) if row.day else self.tr("No date"))
                head = QTreeWidgetItem(self.tree, [text])
                head.setFirstColumnSpanned(True)
                if row.overdue:
                    head.setForeground(0, QBrush(QColor(theme.ERROR)))
                heads[key] = head
            kind = self.tr("Delivery note") if row.kind == "delivery" else \
                self.tr("Order (no note yet)")
            item = QTreeWidgetItem(head, [
                presentation.date_text(row.day) if row.overdue and row.day else kind,
                row.number,
                row.order_number, row.customer_name, row.warehouse_name, row.items,
                str(row.units)])
            item.setToolTip(1, kind)
            item.setData(0, ROLE_ROW, row)
            if row.kind == "order":
                item.setForeground(1, QBrush(QColor(theme.WARNING)))
            if row.overdue:
                item.setForeground(0, QBrush(QColor(theme.ERROR)))
        self.tree.expandAll()
        self.message.setText(self.tr("Planned delivery notes and open orders' delivery dates "
                                     "without a note (orange)."))
        self.status_changed.emit(self.status_text())

    def selected(self) -> PlanRow | None:
        item = self.tree.currentItem()
        row = item.data(0, ROLE_ROW) if item is not None else None
        return row if isinstance(row, PlanRow) else None

    def _open(self, item: QTreeWidgetItem, _column: int) -> None:
        row = item.data(0, ROLE_ROW)
        if isinstance(row, PlanRow):
            self.open_requested.emit("record", row.record)

    def ship_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.message.setText(self.tr("Choose a delivery note or an order first."))
            return
        if row.kind == "delivery":
            self.open_requested.emit("record", row.record)
        else:
            self.open_requested.emit("new", ("delivery", {"order_number": row.order_number}))

