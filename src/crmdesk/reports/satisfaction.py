"""The customer satisfaction (CSAT) section of the service report."""

from __future__ import annotations

from reportlab.platypus import Flowable

from crmdesk.core import analytics
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import figures, layout
from crmdesk.reports.layout import ReportDocument


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def csat_section(doc: ReportDocument, table: analytics.Table) -> list[Flowable]:
    """CSAT (share of scores 4-5) and the average score: overall, per month, team and
    person (the ``csat`` analysis over the report's period)."""
    styles = doc.styles
    flow = layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Customer satisfaction")), styles)
    if not table.rows or not table.rows[0][2]:
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "No satisfaction scores were taken in this period.")), styles))
        return flow
    flow.append(figures.analysis_table(doc, table))
    flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
        "Reports", "CSAT: the share of scores of 4 or 5 (out of 5) among the scores taken in "
                   "the period; per person: the ticket's assignee when it was scored.")),
        styles))
    return flow
