"""The statistics of an applied template (``dealership``, ``insurance``): every analysis
the template declared, as a table, over the report's period and the reader's scope."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from crmdesk.core import analytics, presentation
from crmdesk.core.analytics.criteria import translated
from crmdesk.core.analytics.designed import TOTAL
from crmdesk.core.permissions import Actor
from crmdesk.core.services import templates
from crmdesk.core.templates import PERIODS, AnalysisDef
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import charts, figures, layout
from crmdesk.reports.engine import (
    BuildProgress,
    Prepared,
    ReportError,
    ReportRequest,
    criteria_facts,
    report_title,
)
from crmdesk.reports.layout import ReportDocument

#: rows a list analysis prints at most
LIST_ROWS = 500
#: groups of a field a chart shows (the table shows all)
CHART_GROUPS = 12


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    declared = templates.analyses_of(session, request.name)
    if not declared:
        raise ReportError(QT_TRANSLATE_NOOP(
            "Reports", "The template {template} has not been applied to this file: apply it "
                       "first (crmdesk template apply FILE {template} --user NAME)."),
            template=request.name)
    chinese = presentation.reads_chinese()
    tables: list[tuple[str, analytics.Table, AnalysisDef]] = []
    named: set[int] = set()
    for n, analysis in enumerate(declared):
        progress.report(5 + 25 * n / len(declared),
                        _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
        table = analytics.table(session, actor, analysis.key, request.criteria)
        if analysis.is_list:
            table.rows = table.rows[:LIST_ROWS]
            named.update(table.customer_ids[:LIST_ROWS])
        tables.append((analysis.name(chinese), table, analysis))
    title = report_title(request.name, session)
    facts = criteria_facts(session, actor, request.criteria)

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        flow: list[Flowable] = layout.opening(title, facts, doc.content_width, styles)
        for name, table, analysis in tables:
            flow += layout.heading(name, styles)
            if not table.rows:
                flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
                continue
            drawing = _chart(table, analysis, doc.content_width)
            if drawing is not None:
                flow += [drawing, layout.gap(2)]
            flow.append(figures.analysis_table(doc, table))
            flow.append(layout.gap())
        return flow

    return Prepared(title, facts, story, customer_ids=named,
                    summary=QT_TRANSLATE_NOOP("Audit", "{n} analyses"),
                    summary_params={"n": len(tables)})


def _chart(table: analytics.Table, analysis: AnalysisDef, width: float) -> Flowable | None:
    """The first measure as bars: a column per period, or the largest groups of a field
    (the total row left out); none for lists, single rows and shares."""
    if analysis.is_list or analysis.group is None or len(table.columns) < 2:
        return None
    column = table.columns[1]
    if column.kind not in ("int", "money"):
        return None
    total = translated(TOTAL)
    rows = [r for r in table.rows if r[0] != total]
    axis = figures.money_axis if column.kind == "money" else figures.count_axis
    values = [float(r[1] or 0) for r in rows]
    if analysis.group in PERIODS:
        return charts.bar_chart([str(r[0]) for r in rows], [(column.translated, values)],
                                width, 50 * mm, axis, empty=figures.no_data(),
                                value_labels=len(rows) <= 12)
    shown = rows[:CHART_GROUPS]
    return charts.hbar_chart([str(r[0]) for r in shown], values[:CHART_GROUPS], width, None,
                             axis, empty=figures.no_data())
