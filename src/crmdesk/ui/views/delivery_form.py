"""A delivery note's form: its fields, the order lines it ships (quantities editable while
it is planned), and Ship / Cancel note (``core/services/deliveries.py``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services.deliveries import deliveries
from crmdesk.core.session import Session
from crmdesk.errors import ValidationError
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


class DeliveryForm(RecordForm):
    """A delivery note; a new one starts with everything still open on its order."""

    QTY = 4  # the editable column: this note's quantity

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        self.status = "planned"
        self.line_ids: list[int] = []
        super().__init__(workspace, "delivery", record_id, defaults=defaults, parent=parent)
        self.lines = QTableWidget(0, 6)
        self.lines.setHorizontalHeaderLabels([
            self.tr("Product"), self.tr("Description"), self.tr("Ordered"),
            self.tr("Shipped before"), self.tr("This note"), self.tr("Can ship")])
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setColumnWidth(1, 260)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.itemChanged.connect(self._line_edited)
        self.line_error = QLabel()
        self.line_error.setProperty("role", "error")
        self.line_error.setWordWrap(True)
        self.line_error.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.ship_button = QPushButton(icon("truck", theme.ON_ACCENT), self.tr("Ship now"))
        self.ship_button.setProperty("primary", True)
        self.ship_button.setToolTip(self.tr("Issue the goods from the warehouse and mark the "
                                            "note shipped"))
        self.ship_button.clicked.connect(self.ship)
        self.cancel_note = QPushButton(icon("circle-x"), self.tr("Cancel note"))
        self.cancel_note.clicked.connect(self.cancel_delivery)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("What this note ships")))
        bar.addStretch()
        bar.addWidget(self.cancel_note)
        bar.addWidget(self.ship_button)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.lines)
        column.addWidget(self.line_error)
        column.addWidget(self.hint)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, box, 1)
        self._load_lines()

    def icon(self) -> QIcon:
        return icon("truck")

    def _update_heading(self) -> None:
        super()._update_heading()
        customer = getattr(self, "customer_name", "")
        if self.record_id is not None and customer:
            self.subheading.setText(self.tr("Delivery note for {customer} · {status}").format(
                customer=customer, status=deliveries.status_text(self.status)))

    # -- loading ---------------------------------------------------------------------------
    def _fetch(self, session: Session, opening: bool) -> dict[str, Any]:
        values = super()._fetch(session, opening)
        assert self.record_id is not None
        obj = deliveries.get(session, self.workspace.actor, self.record_id)
        values["order_number"] = deliveries.snapshot(obj).get("order_number")
        values["__status"] = obj.status
        values["__customer"] = deliveries.rows(session, self.workspace.actor, [obj.id])[0].get(
            "customer_id:name", "")
        return values

    def _populate(self, values: dict[str, Any]) -> None:
        super()._populate(values)
        self.status = str(values.get("__status") or "planned")
        self.customer_name = str(values.get("__customer") or "")
        self._update_heading()
        order = self.editors.get("order_number")
        if order is not None:
            order.widget.setEnabled(self.record_id is None)
        status = self.editors.get("status")
        if status is not None:  # changed with Ship / Cancel note
            status.widget.setEnabled(False)
        self._update_buttons()

    def _load_lines(self) -> None:
        self.lines.blockSignals(True)
        self.lines.setRowCount(0)
        self.line_ids = []
        record_id, actor = self.record_id, self.workspace.actor
        rows = self.workspace.read(lambda s: deliveries.line_rows(s, actor, record_id)) \
            if record_id is not None else []
        status = self.status
        for data in rows:
            row = self.lines.rowCount()
            self.lines.insertRow(row)
            self.line_ids.append(int(data["order_line_id"]))
            cells = [data["product_code"] or "", data["description"], data["ordered"],
                     data["shipped"], data["quantity"], data["can_ship"]]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if col != self.QTY or status != "planned":
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.lines.setItem(row, col, item)
        self.lines.blockSignals(False)
        self.lines_dirty = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        if not hasattr(self, "ship_button"):
            return
        planned = self.record_id is not None and self.status == "planned"
        self.ship_button.setEnabled(planned)
        self.cancel_note.setEnabled(planned)
        if self.record_id is None:
            self.hint.setText(self.tr("Save to make the note: it lists everything still open "
                                      "on the order, then change the quantities and ship."))
        elif self.status == "planned":
            self.hint.setText(self.tr("Shipping issues the goods from the note's warehouse; "
                                      "what the order reserved there is used first."))
        else:
            self.hint.setText(self.tr("This note is {status}: it no longer changes.").format(
                status=deliveries.status_text(self.status)))

    def _line_edited(self, _item: QTableWidgetItem) -> None:
        self.lines_dirty = True
        if not self.dirty:
            self.dirty = True
            self.title_changed.emit(self.title())

    def quantities(self) -> dict[int, Any]:
        """The quantities typed per order line (text that is not a whole number is kept
        as it is: the service names the line)."""
        result: dict[int, Any] = {}
        for row, line_id in enumerate(self.line_ids):
            cell = self.lines.item(row, self.QTY)
            text = cell.text().strip() if cell is not None else ""
            result[line_id] = int(text) if text.isdigit() else (text or 0)
        return result

    # -- saving, shipping, cancelling --------------------------------------------------------
    def save(self) -> None:
        if self.record_id is None or not getattr(self, "lines_dirty", False):
            super().save()
            return
        valid = all([self._validate_field(k) for k in self.editors])
        if not valid:
            self.message.setText(self.tr("Some fields need attention: see the messages in red."))
            self.message.show()
            return
        data, custom = self.values()
        quantities = self.quantities()
        actor, record_id, version = self.workspace.actor, self.record_id, self.version

        def work(session: Session, _p: Any) -> int:
            deliveries.update(session, actor, record_id, data, expected_version=version,
                              custom=custom)
            deliveries.set_lines(session, actor, record_id, quantities)
            return record_id

        self.save_button.setEnabled(False)
        (self.workspace.op(self, work, changes=("delivery",))
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

    def ship(self) -> None:
        """Ship the saved note (unsaved changes: save first)."""
        if self.record_id is None:
            return
        if self.dirty:
            self.message.setText(self.tr("Save your changes first, then ship."))
            self.message.show()
            return
        actor, record_id, version = self.workspace.actor, self.record_id, self.version

        def work(session: Session, _p: Any) -> int:
            deliveries.ship(session, actor, record_id, expected_version=version)
            return record_id

        self.message.hide()
        self.ship_button.setEnabled(False)
        (self.workspace.op(self, work, changes=("delivery", "order"))
         .success(self._done).failure(self._action_failed).run())

    def cancel_delivery(self) -> None:
        if self.record_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Cancel note"), self.tr(
            "Cancel delivery note {number}? Its quantities go back to the order.").format(
                number=self.record_title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, record_id = self.workspace.actor, self.record_id

        def work(session: Session, _p: Any) -> int:
            deliveries.cancel(session, actor, record_id)
            return record_id

        (self.workspace.op(self, work, changes=("delivery",))
         .success(self._done).failure(self._action_failed).run())

    def _done(self, _record_id: int) -> None:
        self.reload()

    def print_document(self) -> None:
        """Ctrl+P: the delivery note as a document (reports/documents.py)."""
        from crmdesk.ui.views.billing import print_record

        print_record(self, "delivery-document")

    def _action_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        if isinstance(exc, ValidationError):
            self._save_failed(exc)
            return
        self.message.setText(str(exc))
        self.message.show()
