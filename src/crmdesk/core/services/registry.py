"""The record services by entity name (for generic screens: datasheets, recycle bin)."""

from __future__ import annotations

from typing import Any

from crmdesk.core.services.campaigns import campaigns
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.deliveries import deliveries
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.invoices import invoices
from crmdesk.core.services.payments import payments
from crmdesk.core.services.purchasing import purchase_orders, suppliers
from crmdesk.core.services.quotes import quotes
from crmdesk.core.services.records import RecordService
from crmdesk.core.services.sales import opportunities, orders, products
from crmdesk.core.services.stock_levels import stock_levels
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.core.services.warehouses import stock_movements, warehouses

SERVICES: dict[str, RecordService[Any]] = {
    "customer": customers,
    "contact": contacts,
    "interaction": interactions,
    "opportunity": opportunities,
    "product": products,
    "order": orders,
    "delivery": deliveries,
    "ticket": tickets,
    "task": tasks,
    "campaign": campaigns,
    "warehouse": warehouses,
    "stock_movement": stock_movements,
    "stock_level": stock_levels,
    "supplier": suppliers,
    "purchase_order": purchase_orders,
    "quote": quotes,
    "invoice": invoices,
    "payment": payments,
}


def service_for(entity: str) -> RecordService[Any]:
    return SERVICES[entity]
