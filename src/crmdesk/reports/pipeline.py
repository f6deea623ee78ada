"""Pipeline and forecast: the funnel by stage, the weighted forecast by expected close
month, lead conversion by source and intent level, and the largest open opportunities."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from crmdesk.core import analytics
from crmdesk.core.fields import field_spec
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import opportunities
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import charts, figures, formatting, layout
from crmdesk.reports.engine import BuildProgress, Prepared, ReportRequest, criteria_facts
from crmdesk.reports.layout import Col, ReportDocument

LARGEST = 30


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    criteria = request.criteria
    key_figures = analytics.key_figures(session, actor, criteria)
    stages = analytics.funnel(session, actor, criteria)
    progress.report(8, _t(QT_TRANSLATE_NOOP("Reports", "Computing the figures…")))
    months = analytics.forecast(session, actor, criteria)
    forecast_table = analytics.table(session, actor, "forecast", criteria)
    funnel_table = analytics.table(session, actor, "funnel", criteria)
    by_source = analytics.table(session, actor, "conversion-source", criteria)
    by_intent = analytics.table(session, actor, "conversion-intent", criteria)
    progress.report(18, _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
    open_keys = [s.key for s in stages if s.is_open]
    largest_query = ListQuery(filters=[*analytics.opportunity_filters(criteria),
                                       Filter("stage", "in", open_keys)],
                              sort=[("amount_cents", True)])
    ids = opportunities.ids(session, actor, largest_query)
    largest = opportunities.rows(session, actor, ids[:LARGEST])
    open_count = sum(s.count for s in stages if s.is_open)
    title = _t(QT_TRANSLATE_NOOP("Reports", "Pipeline and forecast"))
    facts = criteria_facts(session, actor, criteria)

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            *layout.opening(title, facts, width, styles),
            layout.figure_cards([
                (_t(QT_TRANSLATE_NOOP("Reports", "Open opportunities")),
                 formatting.number(open_count)),
                *figures.cards(key_figures, ["pipeline", "weighted", "win_rate"])],
                width, styles, per_row=4)]
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Funnel by stage")), styles)
        flow.append(charts.hbar_chart(
            [f"{s.label} ({s.probability}%)" for s in stages],
            [float(s.amount_cents) for s in stages], width, None, figures.money_axis,
            empty=figures.no_data(), bar_height=18))
        flow.append(layout.gap(2))
        flow.append(figures.analysis_table(doc, funnel_table))
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Weighted amount: the amount times the stage's win probability. "
                       "Opportunities are counted when their expected close date is in the "
                       "period.")), styles))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP(
            "Reports", "Forecast by expected close month")), styles)
        dated = [m for m in months if m.key is not None]
        flow.append(charts.bar_chart(
            [m.label for m in dated],
            [(_t(QT_TRANSLATE_NOOP("Reports", "Won")), figures.values(dated, "won_cents")),
             (_t(QT_TRANSLATE_NOOP("Reports", "Weighted open")),
              figures.values(dated, "weighted_cents"))],
            width, 62 * mm, figures.money_axis, empty=figures.no_data()))
        flow.append(layout.gap(2))
        flow.append(figures.analysis_table(doc, forecast_table))
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Forecast: the amount already won plus the weighted open amount.")),
            styles))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Lead conversion")), styles)
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Customers created in the period, and how many of them have placed "
                       "an order (not cancelled).")), styles))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "By lead source")), styles,
                               level=2)
        flow.append(figures.analysis_table(doc, by_source))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "By intent level")), styles,
                               level=2)
        flow.append(figures.analysis_table(doc, by_intent))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP(
            "Reports", "Largest open opportunities")), styles)
        if not largest:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
        else:
            keys = ["code", "title", "customer_id", "stage", "amount_cents", "expected_close",
                    "owner_id"]
            specs = [field_spec("opportunity", k) for k in keys]
            cols = [Col(s.translated, "RIGHT" if s.kind == "money" else "LEFT",
                        wrap=s.kind not in ("money", "date") and s.key != "code")
                    for s in specs]
            flow.append(layout.table(cols, [[formatting.field_value(s, r) for s in specs]
                                            for r in largest], width, styles))
            if len(ids) > len(largest):
                flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                    "Reports", "Showing {shown} of {total}."), shown=len(largest),
                    total=len(ids)), styles))
        return flow

    return Prepared(title, facts, story,
                    customer_ids={int(r["customer_id"]) for r in largest},
                    summary=QT_TRANSLATE_NOOP("Audit", "{stages} stages, {months} months"),
                    summary_params={"stages": len(stages), "months": len(months)})
