"""Printable PDF reports (reportlab), Qt-free.

Build one with :func:`build_report` (any thread; it opens its own sessions)::

    from crmdesk.reports import ReportRequest, build_report
    build_report(db, actor, ReportRequest("customer-list", query=ListQuery(...)), "out.pdf",
                 progress=lambda percent, what: ..., cancel=threading.Event())

Reports: see :data:`REPORTS`.  The CJK font for reports and screen:
:func:`crmdesk.reports.fonts.cjk_font_path`.
"""

from crmdesk.reports.engine import (
    REPORTS,
    CancelFlag,
    Progress,
    ReportCancelled,
    ReportError,
    ReportRequest,
    ReportResult,
    build_report,
    report_title,
)

__all__ = ["REPORTS", "CancelFlag", "Progress", "ReportCancelled", "ReportError",
           "ReportRequest", "ReportResult", "build_report", "report_title"]
