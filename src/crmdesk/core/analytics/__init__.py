"""Figures for managers: segmentation, sales, pipeline forecast, conversion, follow-up, service.

Every figure is an aggregate over the records the actor may see: each query is
built on a record service's ``list_select`` (which applies the role's scope, hides
deleted records and applies datasheet filters), never on raw tables.  The filters
behind a figure are returned with it as a :class:`Drill` (entity + ``ListQuery``),
so a dashboard can open the datasheet of exactly the records a bar or slice
counts; the figure and the datasheet are computed from the same filters.

Conventions:

* Money is integer cents; cancelled and deleted orders are not sales.
* A :class:`Criteria` period is a range of local calendar days (inclusive).  It
  applies to the order date (sales, RFM, ABC), the expected close date
  (funnel, forecast), the creation time (leads, tickets) and the due time
  (tasks).  ``owner_id`` narrows to one user: the order's salesperson, the
  opportunity's owner, the customer's owner, the task's or ticket's assignee.
* ``as_of`` is the day figures are judged on: recency by default on the end of
  the period (or today when that is earlier), overdue tasks and follow-ups by
  default today.

The modules: :mod:`.criteria` (criteria, drill-through, shared filters and
labels), :mod:`.sales`, :mod:`.customer_value` (RFM, ABC), :mod:`.pipeline`
(funnel, forecast, lead conversion), :mod:`.follow_up`, :mod:`.tickets` (service),
:mod:`.kpi` (key figures); :mod:`.tables` is the one table builder, and each
module declares its analyses as data (``TABLES``), gathered by name in
:mod:`.catalogue`.  Everything callers use is importable from this package.
"""

from crmdesk.core.analytics.catalogue import ANALYSES, export_table, table
from crmdesk.core.analytics.criteria import (
    CONTEXT,
    NO_CLOSE_DATE,
    NOT_SET,
    Criteria,
    Drill,
    local_day_start,
    month_bounds,
    months_between,
    stage_label,
    ticket_status_label,
)
from crmdesk.core.analytics.customer_value import (
    ABC_LABELS,
    ABC_LIMITS,
    RFM_SEGMENTS,
    SEGMENT_BY_KEY,
    ABCResult,
    CustomerValue,
    RFMResult,
    Segment,
    SegmentRow,
    TierRow,
    abc,
    rfm,
    segment_for,
)
from crmdesk.core.analytics.follow_up import ComplianceRow, follow_up_compliance
from crmdesk.core.analytics.kpi import KeyFigure, key_figures
from crmdesk.core.analytics.pipeline import (
    CONVERSION_DIMENSIONS,
    ConversionRow,
    ForecastRow,
    StageRow,
    conversion_by,
    forecast,
    funnel,
    lead_filters,
    opportunity_filters,
)
from crmdesk.core.analytics.sales import SALES_DIMENSIONS, SalesRow, sales_by, sales_filters
from crmdesk.core.analytics.tables import Analysis, Cell, Column, Table, cell
from crmdesk.core.analytics.tickets import (
    ResolutionRow,
    ServiceStats,
    TicketCountRow,
    service_stats,
    ticket_filters,
)

__all__ = [
    "ABC_LABELS", "ABC_LIMITS", "ANALYSES", "CONTEXT", "CONVERSION_DIMENSIONS", "NOT_SET",
    "NO_CLOSE_DATE", "RFM_SEGMENTS", "SALES_DIMENSIONS", "SEGMENT_BY_KEY", "ABCResult",
    "Analysis", "Cell", "Column", "ComplianceRow", "ConversionRow", "Criteria",
    "CustomerValue", "Drill", "ForecastRow", "KeyFigure", "RFMResult", "ResolutionRow",
    "SalesRow", "Segment", "SegmentRow", "ServiceStats", "StageRow", "Table",
    "TicketCountRow", "TierRow", "abc", "cell", "conversion_by", "export_table", "forecast",
    "follow_up_compliance", "funnel", "key_figures", "lead_filters", "local_day_start",
    "month_bounds", "months_between", "opportunity_filters", "rfm", "sales_by",
    "sales_filters", "segment_for", "service_stats", "stage_label", "table",
    "ticket_filters", "ticket_status_label",
]
