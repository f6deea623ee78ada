"""The tabs a customer's story gets for the record types an administrator designed
whose records belong to customers (a tab per type: that customer's records)."""

from __future__ import annotations

from typing import Any

from crmdesk import resources
from crmdesk.core.filters import Filter
from crmdesk.core.record_types import active_types
from crmdesk.core.record_types.runtime import bilingual
from crmdesk.ui.icons import icon
from crmdesk.ui.views.datasheet import DatasheetView


def icon_name(name: str | None) -> str:
    """A designed type's icon when the icon set has it, else a list."""
    if name and (resources.icons_dir() / "lucide" / f"{name}.svg").exists():
        return name
    return "list"


def add_designed_tabs(detail: Any, workspace: Any, customer_id: int) -> list[DatasheetView]:
    """Add a tab per designed customer type to *detail* (a ``CustomerDetail``)."""
    views = []
    base = [Filter("customer_id", "eq", customer_id)]
    for typedef in active_types():
        if typedef.belongs_to != "customer":
            continue
        view = DatasheetView(workspace, typedef.key, base_filters=base, compact=True)
        view.open_requested.connect(detail.open_requested.emit)
        for col, spec in enumerate(view.all_specs):
            if spec.key == "customer_id":
                view.table.setColumnHidden(col, True)
        detail.tabs.addTab(view, icon(icon_name(typedef.icon)),
                           bilingual(typedef.name_zh, typedef.name_en))
        views.append(view)
    return views
