"""The settings window's "Stock" tab: whether stock may go below zero
(``stock.allow_negative``) and the default warehouse (``stock.default_warehouse``, by
code; see ``core/services/stock.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from crmdesk.core.settings import BY_KEY


class StockSettingsEditor(QWidget):
    """Editors of the stock settings; :meth:`changes` gives setting key -> value."""

    def __init__(self, values: Mapping[str, Any], warehouses: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_negative = QCheckBox(BY_KEY["stock.allow_negative"].translated)
        self.allow_negative.setObjectName("stock_allow_negative")
        self.allow_negative.setChecked(bool(values.get("stock.allow_negative")))
        self.default_warehouse = QComboBox()
        self.default_warehouse.setObjectName("stock_default_warehouse")
        self.default_warehouse.addItem(self.tr("The first active warehouse"), "")
        for code, name in warehouses:
            self.default_warehouse.addItem(f"{name} ({code})", code)
        current = str(values.get("stock.default_warehouse") or "")
        self.default_warehouse.setCurrentIndex(max(self.default_warehouse.findData(current), 0))
        form = QFormLayout()
        form.addRow("", self.allow_negative)
        form.addRow(BY_KEY["stock.default_warehouse"].translated + ":", self.default_warehouse)
        note = QLabel(self.tr(
            "Without negative stock, an issue, a transfer or an adjustment that would leave "
            "less available than nothing is refused, naming what is available. Stock goes "
            "to the default warehouse when a movement names none."))
        note.setWordWrap(True)
        note.setProperty("role", "subtitle")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def changes(self) -> dict[str, Any]:
        return {"stock.allow_negative": self.allow_negative.isChecked(),
                "stock.default_warehouse": str(self.default_warehouse.currentData() or "")}


def stock_tab(workspace: Any, values: Mapping[str, Any]) -> StockSettingsEditor:
    """The tab, with the live active warehouses to choose from."""
    from crmdesk.core.services.warehouses import active_warehouses

    return StockSettingsEditor(values, workspace.read(active_warehouses))
