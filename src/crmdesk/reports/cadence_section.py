"""The follow-up report's list of one owner's customers past their cadence (their last
contact is older than their intent level's or status's cadence; see
:mod:`crmdesk.core.services.cadence`)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from crmdesk.core.fields import choice_label, field_spec
from crmdesk.core.services.cadence import PastCadence
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import formatting, layout
from crmdesk.reports.layout import Col, Styles


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def flowables(past: PastCadence, width: float, styles: Styles) -> list[Flowable]:
    """A heading with the count, then the customers longest over first (or "None.")."""
    flow: list[Flowable] = list(layout.heading(_t(QT_TRANSLATE_NOOP(
        "Reports", "Customers past their cadence ({n})"), n=formatting.number(past.total)),
        styles, level=2))
    if not past.rows:
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
        return flow
    cols = [Col(field_spec("customer", "code").translated, wrap=False),
            Col(field_spec("customer", "name").translated),
            Col(field_spec("customer", "intent_level").translated, wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Last contact")), wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Cadence")), "RIGHT", wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Days over")), "RIGHT", wrap=False)]
    flow.append(layout.table(cols, [
        [r.code, r.name, choice_label("intent_level", r.intent_level) if r.intent_level else "",
         formatting.day(r.last_contact) if r.last_contact else _t(QT_TRANSLATE_NOOP(
             "Reports", "never")),
         formatting.days(r.cadence_days), formatting.number(r.days_over)]
        for r in past.rows], width, styles))
    if past.total > len(past.rows):
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Showing {shown} of {total}."), shown=len(past.rows),
            total=past.total), styles))
    return flow
