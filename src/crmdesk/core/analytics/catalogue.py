"""The analyses by name (what ``crmdesk analytics FILE NAME`` prints) and handing one out."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.analytics import (
    customer_value,
    designed,
    follow_up,
    kpi,
    pipeline,
    products,
    receivables,
    sales,
)
from crmdesk.core.analytics import knowledge as articles
from crmdesk.core.analytics import satisfaction as csat
from crmdesk.core.analytics import service_levels as sla
from crmdesk.core.analytics import tickets as service
from crmdesk.core.analytics.criteria import Criteria
from crmdesk.core.analytics.tables import Analysis, Table
from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts, audit, templates
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: name -> analysis, in the order the command line lists them
ANALYSES: dict[str, Analysis] = {a.name: a for a in (
    *kpi.TABLES, *customer_value.TABLES, *sales.TABLES, *pipeline.TABLES,
    *follow_up.TABLES, *service.TABLES, *csat.TABLES, *sla.TABLES,
    *articles.TABLES, *receivables.TABLES, *products.TABLES)}


def table(session: Session, actor: Actor, name: str, criteria: Criteria) -> Table:
    """One analysis as a table: a built-in one, or one a template applied to this file
    declared (raises KeyError for an unknown name)."""
    if name not in ANALYSES:
        return designed.build(session, actor, templates.declared_analyses(session)[name],
                              criteria)
    return ANALYSES[name].build(session, actor, criteria)


def description(name: str) -> dict[str, object] | str:
    """An analysis's name as an audit parameter (a template's: its key)."""
    if name in ANALYSES:
        return audit_messages.translated("Analytics", ANALYSES[name].description)
    return name


def export_table(session: Session, actor: Actor, name: str, criteria: Criteria) -> Table:
    """An analysis handed out (printed, saved): audited, and the customers it names count
    for the anti-scraping guard as exported (needs a write session)."""
    accounts.ensure_active(session, actor)
    result = table(session, actor, name, criteria)
    accounts.record_access(session, actor, "export", result.customer_ids)
    audit.record(session, actor, "analytics",
                 message=QT_TRANSLATE_NOOP("Audit", "{analysis}: {n} rows"),
                 params={"analysis": description(name),
                         "n": len(result.rows)},
                 after={"analysis": name, "start": criteria.start, "end": criteria.end,
                        "owner_id": criteria.owner_id, "customers": len(result.customer_ids)})
    return result
