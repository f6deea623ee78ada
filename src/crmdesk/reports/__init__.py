"""Printable PDF reports (reportlab), Qt-free.

Build one with :func:`build_report` (a long job: any thread, it opens its own
sessions; progress and cancel through a :class:`crmdesk.jobs.Job`)::

    from crmdesk.reports import ReportRequest, build_report
    build_report(db, actor, ReportRequest("customer-list", query=ListQuery(...)), "out.pdf",
                 job=Job(lambda what, percent, _total: ...))

Reports: see :data:`REPORTS`.  The CJK font for reports and screen:
:func:`crmdesk.reports.fonts.cjk_font_path`.
"""

from crmdesk.reports.engine import (
    REPORTS,
    ReportError,
    ReportRequest,
    ReportResult,
    build_report,
    report_title,
)

__all__ = ["REPORTS", "ReportError", "ReportRequest", "ReportResult", "build_report",
           "report_title"]
