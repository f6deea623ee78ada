"""The navigation pane's "Reports" group and the documents it opens.

``ui/navigation.py`` asks this module for its group and for the documents of
kind ``dashboard``, ``reports`` and ``drill`` (the datasheet behind a figure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from crmdesk.core.analytics import Drill
from crmdesk.ui.views.document import Document

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow, NavEntry

translate = QCoreApplication.translate

KINDS = ("dashboard", "reports", "drill", "receivables")


def group(window: MainWindow) -> tuple[str, list[NavEntry]]:
    from crmdesk.ui.main_window import NavEntry

    def opener(kind: str) -> Callable[[], None]:
        def open_document() -> None:
            window.open_document(kind)
        return open_document

    return (translate("ReportsNavigation", "Reports"), [
        NavEntry("dashboard", translate("ReportsNavigation", "Dashboard"), "layout-dashboard",
                 opener("dashboard")),
        NavEntry("reports", translate("ReportsView", "Reports"), "file-chart-column",
                 opener("reports")),
        NavEntry("receivables", translate("ReportsNavigation", "Receivables"), "wallet",
                 opener("receivables")),
    ])


def make_document(window: MainWindow, kind: str, argument: Any) -> Document | None:
    workspace = window.workspace
    assert workspace is not None
    if kind == "dashboard":
        from crmdesk.ui.views.dashboard import Dashboard

        return Dashboard(workspace)
    if kind == "reports":
        from crmdesk.ui.views.reports import ReportsView

        return ReportsView(workspace)
    if kind == "receivables":
        from crmdesk.ui.views.receivables import ReceivablesView

        return ReceivablesView(workspace)
    if kind == "drill":
        drill, title = argument
        return drill_datasheet(window, drill, str(title))
    return None


def drill_datasheet(window: MainWindow, drill: Drill, title: str) -> Document:
    """A datasheet of the records behind a figure: the drill's filters as its fixed filters,
    its quick filter and sort as the user's (they may change them)."""
    from crmdesk.ui.views.datasheet import DatasheetView

    workspace = window.workspace
    assert workspace is not None
    query = drill.query
    view = DatasheetView(workspace, drill.entity, base_filters=list(query.filters), title=title)
    if query.text or query.sort:
        model = view.model
        if query.text:
            view.quick.blockSignals(True)
            view.quick.setText(query.text)
            view.quick.blockSignals(False)
            model.text = query.text.strip()
        if query.sort:
            key, descending = query.sort[0]
            model.sort_key, model.sort_desc = key, descending
        model.reload()
    return view
