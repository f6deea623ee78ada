"""Small read-only tables and their buttons, as the administration screens use them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTableWidget, QTableWidgetItem

from crmdesk.ui.icons import icon


def simple_table(headers: list[str]) -> QTableWidget:
    """Whole rows selected one at a time, not editable, alternating colours."""
    table = QTableWidget()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def set_row(table: QTableWidget, row: int, values: list[Any], data: Any = None) -> None:
    """Fill *row* with *values* as text; *data* goes on the first cell (``UserRole``)."""
    for col, value in enumerate(values):
        item = QTableWidgetItem("" if value is None else str(value))
        if col == 0 and data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data)
        table.setItem(row, col, item)


def action_button(name: str, text: str, slot: Any) -> QPushButton:
    """A push button with icon *name* that calls *slot* when clicked."""
    button = QPushButton(icon(name), text)
    button.clicked.connect(slot)
    return button
