"""Sales analysis: sales by month, industry, region and salesperson, customer value
(RFM segments, ABC tiers) and the top customers."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from crmdesk.core import analytics
from crmdesk.core.permissions import Actor
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import charts, figures, formatting, layout
from crmdesk.reports.engine import BuildProgress, Prepared, ReportRequest, criteria_facts
from crmdesk.reports.layout import Col, ReportDocument

TOP = 20
CHART_GROUPS = 12


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    criteria = request.criteria
    key_figures = analytics.key_figures(session, actor, criteria)
    progress.report(6, _t(QT_TRANSLATE_NOOP("Reports", "Computing the figures…")))
    months = analytics.sales_by(session, actor, criteria, "month")
    industries = analytics.sales_by(session, actor, criteria, "industry")
    regions = analytics.sales_by(session, actor, criteria, "province")
    tables = {name: analytics.table(session, actor, name, criteria)
              for name in ("sales-month", "sales-industry", "sales-region", "sales-owner")}
    progress.report(14, _t(QT_TRANSLATE_NOOP("Reports", "Computing the figures…")))
    rfm = analytics.rfm(session, actor, criteria)
    abc = analytics.abc(session, actor, criteria)
    segments_table = analytics.table(session, actor, "rfm-segments", criteria)
    tiers_table = analytics.table(session, actor, "abc-tiers", criteria)
    segment_of = {v.customer_id: v.segment for v in rfm.customers}
    top = abc.customers[:TOP]
    buyers = len(abc.customers)
    title = _t(QT_TRANSLATE_NOOP("Reports", "Sales analysis"))
    facts = criteria_facts(session, actor, criteria)

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            *layout.opening(title, facts, width, styles),
            layout.figure_cards([
                *figures.cards(key_figures, ["sales", "orders", "average_order"]),
                (_t(QT_TRANSLATE_NOOP("Reports", "Buying customers")),
                 formatting.number(buyers))], width, styles, per_row=4)]
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Sales by month")), styles)
        flow.append(charts.bar_chart([m.label for m in months],
                                     [(_t(QT_TRANSLATE_NOOP("Reports", "Sales")),
                                       figures.values(months, "total_cents"))],
                                     width, 58 * mm, figures.money_axis,
                                     empty=figures.no_data(), value_labels=len(months) <= 12))
        flow.append(layout.gap(2))
        flow.append(figures.analysis_table(doc, tables["sales-month"]))
        for heading, rows, table_name in (
                (_t(QT_TRANSLATE_NOOP("Reports", "Sales by industry")), industries,
                 "sales-industry"),
                (_t(QT_TRANSLATE_NOOP("Reports", "Sales by region")), regions, "sales-region")):
            flow += layout.heading(heading, styles)
            shown = rows[:CHART_GROUPS]
            flow.append(charts.hbar_chart([r.label for r in shown],
                                          figures.values(shown, "total_cents"), width, None,
                                          figures.money_axis, empty=figures.no_data()))
            if len(rows) > len(shown):
                flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                    "Reports", "The chart shows the largest {n}; the table shows all."),
                    n=len(shown)), styles))
            flow.append(layout.gap(2))
            flow.append(figures.analysis_table(doc, tables[table_name]))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Sales by salesperson")),
                               styles)
        flow.append(figures.analysis_table(doc, tables["sales-owner"]))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Customer value (RFM)")),
                               styles)
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Customers who bought in the period, by recency (days since the last "
                       "order, on {day}), frequency (orders) and monetary value (sales), each "
                       "compared with the average: {r} days, {f} orders, {m}."),
            day=formatting.day(rfm.as_of), r=formatting.number(rfm.average_recency_days, 1),
            f=formatting.number(rfm.average_frequency, 1),
            m=formatting.money(rfm.average_monetary_cents)), styles))
        counts = [s.customers for s in rfm.segments]
        total = sum(counts) or 1
        flow.append(charts.pie_chart(
            [s.label for s in rfm.segments], [float(c) for c in counts], width, 52 * mm,
            lambda i: f"{rfm.segments[i].label}  {formatting.number(counts[i])} "
                      f"({formatting.percent(counts[i] / total)})",
            empty=figures.no_data()))
        flow.append(figures.analysis_table(doc, segments_table))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Value tiers (ABC)")), styles)
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Customers ranked by sales: A until 70 % of sales is reached, B until "
                       "90 %, C the rest.")), styles))
        flow.append(figures.analysis_table(doc, tiers_table))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Top {n} customers"), n=TOP),
                               styles)
        if not top:
            flow.append(layout.note(figures.no_data(), styles))
        else:
            cols = [Col(_t(QT_TRANSLATE_NOOP("Reports", "Code")), wrap=False),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Customer"))),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Orders")), "RIGHT", wrap=False),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Sales")), "RIGHT", wrap=False),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Share")), "RIGHT", wrap=False),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Tier")), "CENTER", wrap=False),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Segment")))]
            segment_label = {s.key: s.label for s in rfm.segments}
            flow.append(layout.table(cols, [
                [v.code, v.name, formatting.number(v.frequency), formatting.money(
                    v.monetary_cents), formatting.percent(v.share), v.tier,
                 segment_label.get(segment_of.get(v.customer_id, ""), "")] for v in top],
                width, styles))
        return flow

    return Prepared(title, facts, story, customer_ids={v.customer_id for v in top},
                    summary=QT_TRANSLATE_NOOP("Audit", "{n} buying customers"),
                    summary_params={"n": buyers})
