"""The dashboard's figures and charts, computed in the worker thread (touches no widget).

Everything comes from :mod:`crmdesk.core.analytics`, scoped to what the user may
see (staff their own, a manager the team, an admin everything).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crmdesk.core import analytics
from crmdesk.core.analytics import (
    Criteria,
    ForecastRow,
    KeyFigure,
    SalesRow,
    SegmentRow,
    StageRow,
    TicketCountRow,
)
from crmdesk.core.analytics.receivables import AgingRow, aging
from crmdesk.core.session import Session
from crmdesk.jobs import Job


@dataclass
class DashboardData:
    criteria: Criteria
    figures: list[KeyFigure] = field(default_factory=list)
    months: list[SalesRow] = field(default_factory=list)
    industries: list[SalesRow] = field(default_factory=list)
    regions: list[SalesRow] = field(default_factory=list)
    funnel: list[StageRow] = field(default_factory=list)
    forecast: list[ForecastRow] = field(default_factory=list)
    segments: list[SegmentRow] = field(default_factory=list)
    statuses: list[TicketCountRow] = field(default_factory=list)
    #: issue 16: receivables per customer on the day (core/analytics/receivables.py), sales
    #: by channel
    receivables: list[AgingRow] = field(default_factory=list)
    channels: list[SalesRow] = field(default_factory=list)

    def figure(self, key: str) -> KeyFigure:
        return next(f for f in self.figures if f.key == key)


def compute(session: Session, actor: Any, criteria: Criteria,
            job: Job | None = None) -> DashboardData:
    """Every figure and chart of the dashboard (touches no widget)."""
    data = DashboardData(criteria)
    steps: list[Callable[[], None]] = [
        lambda: setattr(data, "figures", analytics.key_figures(session, actor, criteria)),
        lambda: setattr(data, "months", analytics.sales_by(session, actor, criteria, "month")),
        lambda: setattr(data, "industries",
                        analytics.sales_by(session, actor, criteria, "industry")),
        lambda: setattr(data, "regions", analytics.sales_by(session, actor, criteria,
                                                            "province")),
        lambda: setattr(data, "funnel", analytics.funnel(session, actor, criteria)),
        lambda: setattr(data, "forecast", analytics.forecast(session, actor, criteria)),
        lambda: setattr(data, "segments", analytics.rfm(session, actor, criteria).segments),
        lambda: setattr(data, "statuses",
                        analytics.service_stats(session, actor, criteria).by_status),
        lambda: setattr(data, "receivables", aging(session, actor, criteria)),
        lambda: setattr(data, "channels", analytics.sales_by(session, actor, criteria,
                                                             "channel")),
    ]
    for done, step in enumerate(steps):
        if job is not None:
            job.check()
            job.report("", done, len(steps))
        step()
    return data
