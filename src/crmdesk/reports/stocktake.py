"""The stocktake sheet of a warehouse on paper: every stocked product with its location
and the quantity expected, and empty boxes to write the counts in (the same sheet as
a workbook: ``exchange/stocktake_sheet.py``)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph
from sqlalchemy.orm import Session

from crmdesk.core.permissions import Actor
from crmdesk.core.services import stocktake
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import layout
from crmdesk.reports.engine import BuildProgress, Prepared, ReportRequest
from crmdesk.reports.layout import Col, ReportDocument


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    """``request.record``: the warehouse's code, name or id (None: the default one)."""
    warehouse = stocktake.find_warehouse(session, request.record)
    lines = stocktake.sheet(session, warehouse.id)
    progress.report(10, _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
    title = _t(QT_TRANSLATE_NOOP("Reports", "Stocktake sheet"))
    facts = [(_t(QT_TRANSLATE_NOOP("Reports", "Warehouse")),
              f"{warehouse.code} {warehouse.name}"),
             (_t(QT_TRANSLATE_NOOP("Reports", "Products")), str(len(lines)))]
    rows = [[line.code, line.name, line.unit or "", line.location or "", str(line.expected),
             "", ""] for line in lines]

    def story(doc: ReportDocument) -> list[Flowable]:
        styles, width = doc.styles, doc.content_width
        cols = [Col(_t(QT_TRANSLATE_NOOP("Reports", "Product code")), wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Product"))),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Unit")), wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Location")), wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Expected")), "RIGHT", wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Counted")), "RIGHT", wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Notes")))]
        blank = "\u3000" * 6  # room to write in
        shown = [[*r[:5], blank, blank] for r in rows]
        flow: list[Flowable] = [*layout.opening(title, facts, width, styles)]
        if shown:
            flow.append(layout.table(cols, shown, width, styles))
        else:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                "Reports", "No product is kept in stock.")), styles))
        flow += [layout.gap(10), Paragraph(_t(QT_TRANSLATE_NOOP(
            "Reports", "Counted by: ____________________   Checked by: ____________________   "
                       "Date: ____________")), styles.body)]
        return flow

    return Prepared(title, facts, story, audit_entity="warehouse", audit_id=warehouse.id,
                    summary=QT_TRANSLATE_NOOP("Audit", "{number}"),
                    summary_params={"number": warehouse.code})
