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

    return _with_saved_views(window, [
        (translate("Navigation", "Customers"), [
            NavEntry("customers", translate("Navigation", "Customers"), "building-2", sheet("customer")),
            NavEntry("contacts", translate("Navigation", "Contacts"), "contact-round", sheet("contact")),
            NavEntry("interactions", translate("Navigation", "Interactions"), "message-square-text",
                     sheet("interaction")),
            NavEntry("duplicates", duplicate_finder.nav_text(), "git-merge", doc("duplicates"),
                     "customers.merge"),
            NavEntry("handover", translate("Navigation", "Hand over customers"), "handshake",
                     lambda: _handover(window), "customers.reassign"),
        ]),
        (translate("Navigation", "Sales"), [
            NavEntry("pipeline", translate("Navigation", "Pipeline board"), "kanban", doc("pipeline")),
            NavEntry("opportunities", translate("Navigation", "Opportunities"), "target", sheet("opportunity")),
            NavEntry("quotes", translate("Navigation", "Quotes"), "file-plus", sheet("quote")),
            NavEntry("orders", translate("Navigation", "Orders"), "shopping-cart", sheet("order")),
            NavEntry("deliveries", translate("Navigation", "Delivery notes"), "truck",
                     sheet("delivery")),
            NavEntry("delivery_plan", translate("Navigation", "Delivery plan"), "calendar-range",
                     doc("delivery_plan")),
            NavEntry("products", translate("Navigation", "Products"), "package", sheet("product")),
        ]),
        (translate("Navigation", "Finance"), [
            NavEntry("invoices", translate("Navigation", "Invoices"), "receipt", sheet("invoice")),
            NavEntry("payments", translate("Navigation", "Payments"), "wallet", sheet("payment")),
        ]),
        (translate("Navigation", "Stock"), [
            NavEntry("stock", translate("Navigation", "Stock levels"), "package", doc("stock")),
            NavEntry("stock_movements", translate("Navigation", "Stock movements"), "history",
                     sheet("stock_movement")),
            NavEntry("warehouses", translate("Navigation", "Warehouses"), "house",
                     sheet("warehouse")),
        ]),
        (translate("Navigation", "Purchasing"), [
            NavEntry("purchase_orders", translate("Navigation", "Purchase orders"),
                     "file-text", sheet("purchase_order")),
            NavEntry("suppliers", translate("Navigation", "Suppliers"), "briefcase-business",
                     sheet("supplier")),
        ]),
        (translate("Navigation", "Service"), [
            NavEntry("tickets", translate("Navigation", "Service tickets"), "life-buoy", sheet("ticket")),
            NavEntry("knowledge", translate("Navigation", "Knowledge base"), "file-text", doc("knowledge")),
            NavEntry("sla", translate("Navigation", "Service levels"), "triangle-alert", doc("sla")),
        ]),
        (translate("Navigation", "Tasks"), [
            NavEntry("today", translate("Navigation", "Today"), "sun", doc("today")),
            NavEntry("calendar", translate("Navigation", "Calendar"), "calendar", doc("calendar")),
            NavEntry("tasks", translate("Navigation", "Tasks"), "square-check-big", sheet("task")),
            NavEntry("reminders", translate("Navigation", "Reminders"), "clock", doc("reminders")),
            NavEntry("diary", translate("Navigation", "Diary"), "pencil", doc("diary")),
            NavEntry("work_plans", translate("Navigation", "Work plans"), "list-todo",
                     doc("work_plans")),
        ]),
        (translate("Navigation", "Marketing"), [
            NavEntry("campaigns", translate("Navigation", "Campaigns"), "megaphone", sheet("campaign")),
        ]),
        *designed_groups(sheet),
        reports_navigation.group(window),
        (translate("Navigation", "Administration"), [
            NavEntry("users", translate("Navigation", "Users and teams"), "user-cog", doc("users"), "users.manage"),
            NavEntry("audit", translate("Navigation", "Audit log"), "scroll-text", doc("audit"), "audit.view"),
            NavEntry("recycle", translate("Navigation", "Recycle bin"), "trash-2", doc("recycle"), "recycle.manage"),
            NavEntry("settings", translate("Navigation", "Settings"), "settings", doc("settings"), "settings.manage"),
            NavEntry("record_types", translate("Navigation", "Record types"), "database",
                     doc("record_types"), "settings.manage"),
            NavEntry("templates", translate("Navigation", "Apply a template…"), "folder-cog",
                     lambda: _templates(window), "settings.manage"),
        ]),
    ])


def _templates(window: MainWindow) -> None:
    from crmdesk.ui.dialogs.templates import open_dialog

    open_dialog(window)


def _handover(window: MainWindow) -> None:
    from crmdesk.ui.dialogs.handover import open_handover

    open_handover(window, window.workspace)


def designed_groups(sheet: Any) -> list[tuple[str, list[NavEntry]]]:
    """The datasheets of the record types an administrator designed (one group)."""
    from crmdesk.core.record_types import active_types
    from crmdesk.core.record_types.runtime import bilingual
    from crmdesk.ui.main_window import NavEntry
    from crmdesk.ui.views.record_type_tabs import icon_name

    entries = []
    for typedef in active_types():
        entries.append(NavEntry(f"rt:{typedef.key}", bilingual(typedef.name_zh, typedef.name_en),
                                icon_name(typedef.icon), sheet(typedef.key)))
    return [(translate("Navigation", "Records"), entries)] if entries else []


#: the navigation entry of each record type's datasheet
SHEET_ENTRIES = {"customers": "customer", "contacts": "contact", "interactions": "interaction",
                 "opportunities": "opportunity", "orders": "order", "products": "product",
                 "tickets": "ticket", "tasks": "task", "campaigns": "campaign",
                 "suppliers": "supplier", "purchase_orders": "purchase_order",
                 "deliveries": "delivery", "quotes": "quote", "invoices": "invoice",
                 "payments": "payment", "stock_movements": "stock_movement",
                 "warehouses": "warehouse"}


def _with_saved_views(window: MainWindow, groups: list[tuple[str, list[NavEntry]]]
                      ) -> list[tuple[str, list[NavEntry]]]:
    """Each record type's saved views (the user's own and those shared with the team),
    listed right after its datasheet."""
    from crmdesk.core.services import saved_views
    from crmdesk.ui.main_window import NavEntry
    from crmdesk.ui.views import datasheet_views

    workspace = window.workspace
    assert workspace is not None
    actor = workspace.actor
    views = workspace.read(lambda s: saved_views.list_views(s, actor))
    if not views:
        return groups

    def opener(entity: str, view_id: int) -> Any:
        return lambda: window.open_document("view", (entity, view_id))

    result = []
    for group, entries in groups:
        listed: list[NavEntry] = []
        for entry in entries:
            listed.append(entry)
            entity = SHEET_ENTRIES.get(entry.key)
            for view in (v for v in views if entity is not None and v.entity == entity):
                text = view.name if view.mine else translate(
                    "Navigation", "{name} (from {owner})").format(name=view.name,
                                                                 owner=view.owner_name)
                listed.append(NavEntry(f"view:{view.id}", "  " + text, "star",
                                       opener(view.entity, view.id),
                                       menu=datasheet_views.view_menu(window, view)))
        result.append((group, listed))
    return result


def rebuild(window: MainWindow) -> None:
    """Build the navigation pane again (a view was saved, renamed or deleted)."""
    window._build_navigation()
    current = window.current_document()
    window._follow_in_navigation(current)


def make_document(window: MainWindow, kind: str, argument: Any) -> Document | None:
    workspace = window.workspace
    assert workspace is not None
    if kind == "datasheet":
        from crmdesk.ui.views.datasheet import DatasheetView

        return DatasheetView(workspace, str(argument))
    if kind == "view":  # a saved view (crmdesk.core.services.saved_views)
        from crmdesk.errors import KnownError
        from crmdesk.ui.errors import show_error
        from crmdesk.ui.views.datasheet import DatasheetView

        entity, view_id = argument
        try:
            return DatasheetView(workspace, str(entity), view_id=int(view_id))
        except KnownError as exc:  # deleted or unshared meanwhile; a field retired
            show_error(window, exc)
            return None
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
    if kind == "reminders":
        from crmdesk.ui.views.reminders import RemindersView

        return RemindersView(workspace)
    if kind == "diary":
        from crmdesk.ui.views.diary import DiaryView

        return DiaryView(workspace)
    if kind == "stock":
        from crmdesk.ui.views.stock import StockView

        return StockView(workspace)
    if kind == "delivery_plan":
        from crmdesk.ui.views.delivery_plan import DeliveryPlanView

        return DeliveryPlanView(workspace)
    if kind == "calendar":
        from crmdesk.ui.views.calendar import CalendarView

        return CalendarView(workspace)
    if kind == "sla":
        from crmdesk.ui.views.sla import SlaTicketsView

        return SlaTicketsView(workspace)
    if kind == "knowledge":
        from crmdesk.ui.views.knowledge import KnowledgeView

        return KnowledgeView(workspace)
    if kind == "work_plans":
        from crmdesk.ui.views.work_plans import WorkPlansView

        return WorkPlansView(workspace)
    if kind in ("dashboard", "reports", "drill", "receivables"):
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
    if kind == "record_types":
        from crmdesk.ui.views.admin.record_types import RecordTypesView

        return RecordTypesView(workspace)
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
    if entity == "task":
        from crmdesk.ui.views.task_form import TaskForm

        return TaskForm(workspace, record_id, defaults=defaults)
    if entity == "delivery":
        from crmdesk.ui.views.delivery_form import DeliveryForm

        return DeliveryForm(workspace, record_id, defaults=defaults)
    if entity in ("quote", "invoice", "payment"):
        from crmdesk.ui.views import billing

        return billing.make_form(workspace, entity, record_id, defaults)
    if entity in ("stock_movement", "stock_level") and record_id is not None:
        from crmdesk.ui.views.stock import LedgerForm  # the ledger: shown, never edited

        return LedgerForm(workspace, entity, record_id, defaults=defaults)
    if entity in ("purchase_order", "supplier"):
        from crmdesk.ui.views import purchasing

        return purchasing.make_form(workspace, entity, record_id, defaults)
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
