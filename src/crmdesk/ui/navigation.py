"""What the navigation pane offers, per role, and how each document is made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from crmdesk.ui.views.document import Document
from crmdesk.ui.views.record_form import RecordForm

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow, NavEntry

translate = QCoreApplication.translate


def groups(window: MainWindow) -> list[tuple[str, list[NavEntry]]]:
    from crmdesk.ui.main_window import NavEntry

    def sheet(entity: str) -> Any:
        return lambda: window.open_document("datasheet", entity)

    def doc(kind: str) -> Any:
        return lambda: window.open_document(kind)

    from crmdesk.ui.dialogs import duplicate_finder
    from crmdesk.ui.views import reports_navigation

    return [
        (translate("Navigation", "Customers"), [
            NavEntry("customers", translate("Navigation", "Customers"), "building-2", sheet("customer")),
            NavEntry("contacts", translate("Navigation", "Contacts"), "contact-round", sheet("contact")),
            NavEntry("interactions", translate("Navigation", "Interactions"), "message-square-text",
                     sheet("interaction")),
            NavEntry("duplicates", duplicate_finder.nav_text(), "git-merge", doc("duplicates"),
                     "customers.merge"),
        ]),
        (translate("Navigation", "Sales"), [
            NavEntry("pipeline", translate("Navigation", "Pipeline board"), "kanban", doc("pipeline")),
            NavEntry("opportunities", translate("Navigation", "Opportunities"), "target", sheet("opportunity")),
            NavEntry("orders", translate("Navigation", "Orders"), "shopping-cart", sheet("order")),
            NavEntry("products", translate("Navigation", "Products"), "package", sheet("product")),
        ]),
        (translate("Navigation", "Service"), [
            NavEntry("tickets", translate("Navigation", "Service tickets"), "life-buoy", sheet("ticket")),
        ]),
        (translate("Navigation", "Tasks"), [
            NavEntry("today", translate("Navigation", "Today"), "sun", doc("today")),
            NavEntry("tasks", translate("Navigation", "Tasks"), "square-check-big", sheet("task")),
        ]),
        (translate("Navigation", "Marketing"), [
            NavEntry("campaigns", translate("Navigation", "Campaigns"), "megaphone", sheet("campaign")),
        ]),
        reports_navigation.group(window),
        (translate("Navigation", "Administration"), [
            NavEntry("users", translate("Navigation", "Users and teams"), "user-cog", doc("users"), "users.manage"),
            NavEntry("audit", translate("Navigation", "Audit log"), "scroll-text", doc("audit"), "audit.view"),
            NavEntry("recycle", translate("Navigation", "Recycle bin"), "trash-2", doc("recycle"), "recycle.manage"),
            NavEntry("settings", translate("Navigation", "Settings"), "settings", doc("settings"), "settings.manage"),
        ]),
    ]


def make_document(window: MainWindow, kind: str, argument: Any) -> Document | None:
    workspace = window.workspace
    assert workspace is not None
    if kind == "datasheet":
        from crmdesk.ui.views.datasheet import DatasheetView

        return DatasheetView(workspace, str(argument))
    if kind == "record":
        entity, record_id = argument
        if not _may_open(window, entity, int(record_id)):
            return None
        if entity == "customer":
            from crmdesk.ui.views.customer_detail import CustomerDetail

            return CustomerDetail(workspace, int(record_id))
        if entity == "campaign":
            from crmdesk.ui.views.campaign_detail import CampaignDetail

            return CampaignDetail(workspace, int(record_id))
        return _form(workspace, entity, int(record_id), {})
    if kind == "new":
        entity, defaults = argument
        form = _form(workspace, entity, None, defaults or {})
        if entity == "customer":
            # once saved, a new customer continues in its story view
            form.saved.connect(lambda cid, f=form: _continue_as_story(window, f, cid))
        return form
    if kind == "pipeline":
        from crmdesk.ui.views.pipeline import PipelineBoard

        return PipelineBoard(workspace)
    if kind == "today":
        from crmdesk.ui.views.today import TodayPanel

        return TodayPanel(workspace)
    if kind in ("dashboard", "reports", "drill"):
        from crmdesk.ui.views import reports_navigation

        return reports_navigation.make_document(window, kind, argument)
    if kind == "duplicates":
        from crmdesk.ui.dialogs.duplicate_finder import DuplicateFinder

        return DuplicateFinder(workspace)
    if kind == "users":
        from crmdesk.ui.views.admin import UsersView

        return UsersView(workspace)
    if kind == "audit":
        from crmdesk.ui.views.admin import AuditLogView

        return AuditLogView(workspace)
    if kind == "recycle":
        from crmdesk.ui.views.admin import RecycleBinView

        return RecycleBinView(workspace)
    if kind == "settings":
        from crmdesk.ui.views.admin import SettingsView

        return SettingsView(workspace)
    return None


def _form(workspace: Any, entity: str, record_id: int | None,
          defaults: dict[str, Any]) -> RecordForm:
    """The form for one record (or a new one): orders and tickets have richer forms."""
    if entity == "order":
        from crmdesk.ui.views.order_form import OrderForm

        return OrderForm(workspace, record_id, defaults=defaults)
    if entity == "ticket":
        from crmdesk.ui.views.ticket_form import TicketForm

        return TicketForm(workspace, record_id, defaults=defaults)
    return RecordForm(workspace, entity, record_id, defaults=defaults)


def _may_open(window: MainWindow, entity: str, record_id: int) -> bool:
    """Check before building a tab: the record exists and the user may see it."""
    from crmdesk.core.services.registry import service_for
    from crmdesk.errors import KnownError
    from crmdesk.ui.errors import show_error

    workspace = window.workspace
    assert workspace is not None
    try:
        workspace.read(lambda s: service_for(entity).get(s, workspace.actor, record_id))
    except KnownError as exc:
        show_error(window, exc)
        return False
    return True


def _continue_as_story(window: MainWindow, form: Document, customer_id: int) -> None:
    index = window.tabs.indexOf(form)
    window.open_document("record", ("customer", customer_id))
    if index >= 0:
        window.tabs.removeTab(index)
        form.deleteLater()
