"""Reports: a 10,000-customer list as PDF (target < 15 s) against a raw baseline, the
analysis reports, and the dashboard's figures on the same file."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from tests.benchmarks import BenchContext, Result, timed

LIST_SQL = """
SELECT c.code, c.name, c.kind, c.mobile, c.email, c.company, c.province, c.city, c.industry,
       c.source, c.intent_level, c.status, u.display_name, c.created_at
FROM customers c LEFT JOIN users u ON u.id = c.owner_id
WHERE c.deleted_at IS NULL ORDER BY c.id
"""


def raw_list_pdf(db_path: Path, out: Path) -> int:
    """The baseline: fetch the same rows with sqlite3 and lay them out as bare reportlab
    tables (plain strings, equal columns, no wrapping, no header or footer)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from crmdesk.reports import fonts

    font = fonts.register()
    con = sqlite3.connect(db_path)
    rows = [["" if v is None else str(v) for v in row] for row in con.execute(LIST_SQL)]
    con.close()
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=40, rightMargin=40,
                            initialFontName=font)
    style = TableStyle([("FONT", (0, 0), (-1, -1), font, 7)])
    width = (doc.width) / 14
    story = []
    for start in range(0, len(rows), 60):
        table = Table(rows[start:start + 60], colWidths=[width] * 14)
        table.setStyle(style)
        story.append(table)
    doc.build(story)
    return len(rows)


def run(ctx: BenchContext) -> list[Result]:
    from crmdesk.core import analytics
    from crmdesk.core.analytics import Criteria
    from crmdesk.core.demo import DEFAULT_PASSWORD
    from crmdesk.core.services import accounts
    from crmdesk.reports import ReportRequest, build_report
    from crmdesk.storage.database import open_database

    n = ctx.scale(10_000)
    path = ctx.demo_file(n)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(path)
        try:
            with db.transaction() as s:
                admin = accounts.login(s, "admin", DEFAULT_PASSWORD)
            build_report(db, admin, ReportRequest("customer-card", customer="C000001"),
                         folder / "warm.pdf")  # font and imports loaded once, as in the app
            seconds, result = timed(lambda: build_report(
                db, admin, ReportRequest("customer-list"), folder / "list.pdf"))
            baseline, rows = timed(lambda: raw_list_pdf(path, folder / "raw.pdf"))
            note = f"{rows:,} customers, {result.pages} pages"
            results.append(Result(f"customer-list report, {n:,} customers", seconds, "s",
                                  target=15.0, note=note))
            results.append(Result("customer-list report vs raw", seconds, "s",
                                  "sqlite3 + bare reportlab tables", baseline, target=2.5,
                                  note=note))
            for name in ("sales", "pipeline", "service", "follow-up"):
                seconds, result = timed(lambda name=name: build_report(
                    db, admin, ReportRequest(name), folder / f"{name}.pdf"))
                results.append(Result(f"{name} report, {n:,} customers", seconds, "s",
                                      target=5.0, note=f"{result.pages} pages"))
            with db.session() as s:
                started = time.perf_counter()
                criteria = Criteria()
                analytics.key_figures(s, admin, criteria)
                analytics.sales_by(s, admin, criteria, "month")
                analytics.sales_by(s, admin, criteria, "industry")
                analytics.funnel(s, admin, criteria)
                analytics.rfm(s, admin, criteria)
                dashboard = time.perf_counter() - started
            results.append(Result(f"dashboard figures, {n:,} customers", dashboard, "s",
                                  target=2.0, note="key figures, 2 sales charts, funnel, RFM"))
        finally:
            db.close()
    return results
