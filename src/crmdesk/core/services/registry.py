"""The record services by entity name (for generic screens: datasheets, recycle bin)."""

from __future__ import annotations

from typing import Any

from crmdesk.core.services.campaigns import campaigns
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.records import RecordService
from crmdesk.core.services.sales import opportunities, orders, products
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets

SERVICES: dict[str, RecordService[Any]] = {
    "customer": customers,
    "contact": contacts,
    "interaction": interactions,
    "opportunity": opportunities,
    "product": products,
    "order": orders,
    "ticket": tickets,
    "task": tasks,
    "campaign": campaigns,
}


def service_for(entity: str) -> RecordService[Any]:
    return SERVICES[entity]
