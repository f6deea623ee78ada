"""A datasheet as a printed list: the customer list (as filtered), or any record type.

The rows are exactly the datasheet's: ``RecordService.ids`` with the same
filters, quick filter and sort, so the user's scope applies.  Sensitive fields
are never printed in lists.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, Paragraph
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.fields import FieldSpec, entity_label, field_spec, fields_of
from crmdesk.core.permissions import Actor
from crmdesk.core.services.registry import SERVICES
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import formatting, layout
from crmdesk.reports.engine import (
    BuildProgress,
    Prepared,
    ReportError,
    ReportRequest,
    filter_text,
    scope_text,
)
from crmdesk.reports.layout import Col, ReportDocument

CHUNK = 2000
NUMERIC = ("money", "int")
CENTERED = ("bool", "intent_level")
NOWRAP = ("money", "int", "date", "datetime", "mobile", "phone", "bool")


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def prepare_customers(session: Session, actor: Actor, request: ReportRequest,
                      progress: BuildProgress) -> Prepared:
    """The customer list, as filtered in the datasheet."""
    return prepare(session, actor, replace(request, entity="customer"), progress)


def list_columns(entity: str, keys: list[str] | None) -> list[FieldSpec]:
    if not keys:
        return [s for s in fields_of(entity) if s.in_list and not s.sensitive]
    specs = []
    for key in keys:
        try:
            spec = field_spec(entity, key)
        except KeyError:
            raise ReportError(QT_TRANSLATE_NOOP(
                "Reports", "{entity} has no field {field}: check the column names."),
                entity=entity_label(entity), field=key) from None
        if not spec.sensitive:
            specs.append(spec)
    return specs


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    """Any record type's list (``request.entity``), as filtered in its datasheet."""
    entity = request.entity
    service = SERVICES.get(entity)
    if service is None:
        raise ReportError(QT_TRANSLATE_NOOP(
            "Reports", "There is no record type {entity}. Choose one of: {names}."),
            entity=entity, names=", ".join(SERVICES))
    specs = list_columns(entity, request.columns)
    try:
        ids = service.ids(session, actor, request.query)
    except KeyError as exc:
        raise ReportError(QT_TRANSLATE_NOOP(
            "Reports", "{entity} has no field {field}: check the filters."),
            entity=entity_label(entity), field=str(exc).strip("'")) from None
    reading = _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…"))
    rows: list[list[str]] = []
    named: set[int] = set(ids) if entity == "customer" else set()
    for start in range(0, len(ids), CHUNK):
        progress.report(2 + 26 * start / max(1, len(ids)), reading)
        for row in service.rows(session, actor, ids[start:start + CHUNK]):
            rows.append([formatting.field_value(spec, row) for spec in specs])
            if entity != "customer" and row.get("customer_id") is not None:
                named.add(int(row["customer_id"]))
    title = (_t(QT_TRANSLATE_NOOP("Reports", "Customer list")) if entity == "customer" else
             _t(QT_TRANSLATE_NOOP("Reports", "{entity} list"), entity=entity_label(entity)))
    conditions = [filter_text(session, entity, f, actor) for f in request.query.filters]
    facts = [(_t(QT_TRANSLATE_NOOP("Reports", "Records")), scope_text(actor)),
             (_t(QT_TRANSLATE_NOOP("Reports", "Filters")),
              "; ".join(conditions) or _t(QT_TRANSLATE_NOOP("Reports", "None")))]
    if request.query.text and request.query.text.strip():
        facts.append((_t(QT_TRANSLATE_NOOP("Reports", "Search")), request.query.text.strip()))
    sort = [(key, descending) for key, descending in request.query.sort
            if key != "id"]  # the datasheet's "newest first" needs no mention
    if sort:
        facts.append((_t(QT_TRANSLATE_NOOP("Reports", "Sorted by")), "、".join(
            _sort_text(entity, key, descending) for key, descending in sort)))
    facts.append((_t(QT_TRANSLATE_NOOP("Reports", "Count")), formatting.number(len(rows))))

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        cols = [Col(spec.translated,
                    "RIGHT" if spec.kind in NUMERIC else
                    "CENTER" if spec.kind == "bool" or spec.key in CENTERED else "LEFT",
                    wrap=spec.kind not in NOWRAP and spec.key not in ("code", "number"))
                for spec in specs]
        measured = layout.measure(rows, styles)
        widths = layout.fit_widths(cols, rows, width, styles, measured=measured)
        flow: list[Flowable] = [Paragraph(title, styles.title),
                                layout.facts(facts, width, styles, columns=2), layout.gap(4)]
        if not rows:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                "Reports", "No records match these filters.")), styles))
            return flow
        doc.repeat_header(layout.header_row(cols, widths, styles))
        flow += [layout.header_row(cols, widths, styles), NextPageTemplate("list")]
        flow += layout.list_rows(cols, rows, widths, styles, measured=measured,
                                 check=progress.check)
        return flow

    return Prepared(title, facts, story, customer_ids=named,
                    summary=QT_TRANSLATE_NOOP("Audit", "{entity}, {n} rows"),
                    summary_params={"entity": audit_messages.entity(entity), "n": len(rows)},
                    wide=len(specs) > 7, audit_facts=audit_messages.query_facts(request.query))


def _sort_text(entity: str, key: str, descending: bool) -> str:
    try:
        shown: Any = field_spec(entity, key).translated
    except KeyError:
        shown = key
    return f"{shown} {'↓' if descending else '↑'}"
