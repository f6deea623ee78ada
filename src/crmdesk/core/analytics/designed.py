"""Analyses a template declares (:class:`crmdesk.core.templates.AnalysisDef`), built
generically over a designed record type: counts, sums and shares grouped by a field or a
period, ratios of two sums (of two types), and lists of records due within a window.

The rows are read through the type's ``list_select`` (the actor's scope: staff their own
records, managers their team's, administrators all; no deleted records), so a figure
covers exactly what its reader may see; they are grouped here, in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core import presentation
from crmdesk.core.analytics.criteria import NOT_SET, Criteria, translated
from crmdesk.core.analytics.tables import Column, Table
from crmdesk.core.models import Customer, Order, Product, User
from crmdesk.core.permissions import Actor
from crmdesk.core.record_types import kinds, runtime
from crmdesk.core.record_types.definitions import FieldDef, TypeDef
from crmdesk.core.services.records import ListQuery
from crmdesk.core.templates import PERIODS, AnalysisDef, Measure
from crmdesk.i18n import QT_TRANSLATE_NOOP

TOTAL = QT_TRANSLATE_NOOP("Analytics", "Total")
YES = QT_TRANSLATE_NOOP("Analytics", "Yes")
NO = QT_TRANSLATE_NOOP("Analytics", "No")
GROUP = QT_TRANSLATE_NOOP("Analytics", "Group")
PERIOD_HEADERS = {"day": QT_TRANSLATE_NOOP("Analytics", "Day"),
                  "week": QT_TRANSLATE_NOOP("Analytics", "Week"),
                  "month": QT_TRANSLATE_NOOP("Analytics", "Month"),
                  "year": QT_TRANSLATE_NOOP("Analytics", "Year")}
BUILT_IN_COLUMNS = {"code": QT_TRANSLATE_NOOP("Field", "Code"),
                    "customer_id": QT_TRANSLATE_NOOP("Field", "Customer"),
                    "owner_id": QT_TRANSLATE_NOOP("Field", "Owner"),
                    "status": QT_TRANSLATE_NOOP("Field", "Status"),
                    "created_at": QT_TRANSLATE_NOOP("Field", "Created")}


def _typedef(session: Session, key: str) -> TypeDef:
    if not runtime.is_designed(key):
        runtime.activate(session)
    if not runtime.is_designed(key):
        from crmdesk.errors import NotFound

        raise NotFound(QT_TRANSLATE_NOOP(
            "Errors", "There is no record type {key}: crmdesk types FILE lists them."), key=key)
    return runtime.service(key).typedef


def _kind(typedef: TypeDef, key: str) -> str:
    if key == "created_at":
        return "datetime"
    found = typedef.field(key)
    return found.kind if found is not None else "text"


def _local_day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone().date()
    return value if isinstance(value, date) else None


def _period(day: date | None, period: str) -> str | None:
    if day is None:
        return None
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


def _rows(session: Session, actor: Actor, typedef: TypeDef, keys: Sequence[str],
          date_key: str, criteria: Criteria, *, person: str | None = None,
          window: tuple[int, int] | None = None,
          where: Sequence[tuple[str, Sequence[str]]] = ()) -> list[dict[str, Any]]:
    """The visible live records of *typedef* in the period, as dicts of *keys*."""
    service = runtime.service(typedef.key)
    m = service.model
    wanted = list(dict.fromkeys(["id", *keys, date_key,
                                 "customer_id" if typedef.belongs_to == "customer"
                                 else "owner_id"]))
    stmt = service.list_select(session, actor, ListQuery(), [getattr(m, k) for k in wanted])
    column = getattr(m, date_key)
    first, last = criteria.start, criteria.end
    if window is not None:
        today = criteria.overdue_day()
        first, last = today + timedelta(days=window[0]), today + timedelta(days=window[1])
    if _kind(typedef, date_key) == "date":
        if first is not None:
            stmt = stmt.where(column >= first)
        if last is not None:
            stmt = stmt.where(column <= last)
    else:
        from crmdesk.core.analytics.criteria import local_day_start

        if first is not None:
            stmt = stmt.where(column >= local_day_start(first))
        if last is not None:
            stmt = stmt.where(column < local_day_start(last + timedelta(days=1)))
    if person is not None and criteria.owner_id is not None:
        stmt = stmt.where(getattr(m, person) == criteria.owner_id)
    for name, values in where:
        stmt = stmt.where(getattr(m, name).in_(list(values)))
    return [dict(zip(wanted, row, strict=True)) for row in session.execute(stmt)]


def _linked_customers(session: Session, types: Sequence[str],
                      customer_ids: set[int]) -> dict[int, date]:
    """Of *customer_ids*, those holding a live record of one of *types* (``order``: a
    live order that is not cancelled), with the day of their latest such record (its
    creation; an order's date)."""
    found: dict[int, date] = {}
    ids = sorted(customer_ids)
    for type_key in types:
        if type_key == "order":
            model: Any = Order
            when: Any = Order.order_date
            extra = [Order.status != "cancelled"]
        else:
            model = runtime.service(type_key).model
            when = model.created_at
            extra = []
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for customer_id, latest in session.execute(select(
                    model.customer_id, func.max(when)).where(
                    model.customer_id.in_(chunk), model.deleted_at.is_(None), *extra
            ).group_by(model.customer_id)):
                day = _local_day(latest) if not isinstance(latest, str) else \
                    date.fromisoformat(latest[:10])
                if day is not None and (customer_id not in found or found[customer_id] < day):
                    found[customer_id] = day
    return found


def _truthy(value: Any) -> bool:
    return value not in (None, "", False, 0)


class _Labels:
    """Display text of a grouped value (users and products by name)."""

    def __init__(self, session: Session, typedef: TypeDef) -> None:
        self.session = session
        self.typedef = typedef
        self.cache: dict[tuple[str, Any], str] = {}

    def __call__(self, key: str, value: Any) -> str:
        if value is None or value == "":
            return translated(NOT_SET)
        cached = self.cache.get((key, value))
        if cached is not None:
            return cached
        field = self.typedef.field(key)
        text: str
        if key in ("owner_id",) or (field is not None and field.kind == "user"):
            user = self.session.get(User, value)
            text = user.display_name or user.username if user is not None else f"#{value}"
        elif field is not None and field.kind == "product":
            product = self.session.get(Product, value)
            text = product.name if product is not None else f"#{value}"
        elif key == "customer_id" or (field is not None and field.kind == "customer"):
            customer = self.session.get(Customer, value)
            text = customer.name if customer is not None else f"#{value}"
        elif key == "status":
            status = self.typedef.status(value)
            text = kinds.status_name(status) if status is not None else str(value)
        elif field is not None and field.kind == "bool":
            text = translated(YES if value else NO)
        elif field is not None and field.kind == "record" and field.target:
            service = runtime.service(field.target)
            found = service.model
            record = self.session.get(found, value)
            text = service.describe(record) if record is not None else f"#{value}"
        elif field is not None:
            text = kinds.as_text(field, value)
        else:
            text = str(value)
        self.cache[(key, value)] = text
        return text


def _column_kind(measure: Measure, typedef: TypeDef) -> str:
    if measure.op in ("share", "ratio"):
        return "percent"
    if measure.op == "count":
        return "int"
    return "money" if _kind(typedef, measure.field or "") == "money" else "int"


def build(session: Session, actor: Actor, analysis: AnalysisDef, criteria: Criteria) -> Table:
    """*analysis* as a table, over what *actor* may see."""
    typedef = _typedef(session, analysis.type)
    chinese = presentation.reads_chinese()
    if analysis.is_list:
        return _list(session, actor, analysis, typedef, criteria, chinese)
    group = analysis.group
    own = [m for m in analysis.measures if m.type is None]
    keys = [k for k in ([group] if group not in (None, *PERIODS) else [])]
    keys += [m.field for m in own if m.field and m.op != "ratio"]
    rows = _rows(session, actor, typedef, [k for k in keys if k], analysis.date, criteria,
                 person=analysis.person, where=analysis.where)
    linked_types = {t for m in own for t in m.linked}
    linked: dict[int, date] = {}
    if linked_types:
        linked = _linked_customers(session, sorted(linked_types),
                                   {int(r["customer_id"]) for r in rows if r.get("customer_id")})

    def group_of(row: Mapping[str, Any], date_key: str) -> Any:
        if group is None:
            return ""
        if group in PERIODS:
            return _period(_local_day(row.get(date_key)), group)
        return row.get(group)

    def condition(m: Measure) -> Callable[[Mapping[str, Any]], bool]:
        if m.linked:  # a record of those types made on or after this one's day
            def became(r: Mapping[str, Any]) -> bool:
                latest = linked.get(r.get("customer_id") or 0)
                day = _local_day(r.get(analysis.date))
                return latest is not None and (day is None or latest >= day)
            return became
        if m.field is not None:
            key = m.field
            return lambda r: _truthy(r.get(key))
        return lambda r: True

    figures: dict[Any, dict[str, float]] = {}
    counts: dict[Any, int] = {}
    for row in rows:
        g = group_of(row, analysis.date)
        counts[g] = counts.get(g, 0) + 1
        figure = figures.setdefault(g, {})
        for m in own:
            if m.op == "sum":
                figure[m.key] = figure.get(m.key, 0) + int(row.get(m.field or "") or 0)
            elif m.op in ("count", "share"):
                figure[m.key] = figure.get(m.key, 0) + (1 if condition(m)(row) else 0)
    for m in analysis.measures:
        if m.type is None:
            continue
        other = _typedef(session, m.type)
        date_key = m.date or "created_at"
        fields_ = [m.field] if m.field else []
        for row in _rows(session, actor, other, fields_, date_key, criteria):
            g = group_of(row, date_key)
            if m.op == "sum":
                value = int(row.get(m.field or "") or 0)
            else:
                value = 1 if (m.field is None or _truthy(row.get(m.field))) else 0
            counts.setdefault(g, 0)
            figure = figures.setdefault(g, {})
            figure[m.key] = figure.get(m.key, 0) + value
    groups = list(figures)
    labels = _Labels(session, typedef)
    if group in PERIODS:
        groups.sort(key=lambda g: (g is None, g or ""))
    elif group is not None:
        field = typedef.field(group)
        if field is not None and field.choices:
            order = {c.key: i for i, c in enumerate(field.choices)}
            groups.sort(key=lambda g: (order.get(g, len(order)), str(g)))
        else:
            first = analysis.measures[0].key
            groups.sort(key=lambda g: (-figures[g].get(first, 0), labels(group, g)))
    if group is None:
        header = translated(GROUP)
    elif group in PERIODS:
        header = translated(PERIOD_HEADERS[group])
    else:
        field = typedef.field(group)
        header = (field.name_zh if chinese else field.name_en) if field is not None else group
    columns = [Column("group", header, "text")]
    columns += [Column(m.key, m.name_zh if chinese else m.name_en, _column_kind(
        m, _typedef(session, m.type) if m.type else typedef)) for m in analysis.measures]
    table = Table(analysis.key, columns)

    def values(figure: Mapping[str, float], count: int) -> list[Any]:
        out: dict[str, Any] = {}
        for m in analysis.measures:
            if m.op == "share":
                out[m.key] = figure.get(m.key, 0) / count if count else None
            elif m.op == "ratio":
                a, b = m.ratio or ("", "")
                top, bottom = figure.get(a, 0), figure.get(b, 0)
                out[m.key] = top / bottom if bottom else None
            else:
                out[m.key] = int(figure.get(m.key, 0))
        return [out[m.key] for m in analysis.measures]

    for g in groups:
        label = g if group in PERIODS and g is not None else (
            labels(group, g) if group is not None else translated(TOTAL))
        if group in PERIODS and g is None:
            label = translated(NOT_SET)
        table.add([label, *values(figures[g], counts.get(g, 0))])
    if analysis.total and group is not None and groups:
        total: dict[str, float] = {}
        for figure in figures.values():
            for k, v in figure.items():
                total[k] = total.get(k, 0) + v
        table.add([translated(TOTAL), *values(total, sum(counts.values()))])
    return table


def _list(session: Session, actor: Actor, analysis: AnalysisDef, typedef: TypeDef,
          criteria: Criteria, chinese: bool) -> Table:
    keys = [k for k in analysis.columns]
    rows = _rows(session, actor, typedef, keys, analysis.date, criteria,
                 person=analysis.person, window=analysis.window, where=analysis.where)
    rows.sort(key=lambda r: (r.get(analysis.date) is None, r.get(analysis.date) or date.min,
                             r["id"]))
    labels = _Labels(session, typedef)
    columns = []
    for key in keys:
        field: FieldDef | None = typedef.field(key)
        if field is None:
            columns.append(Column(key, presentation_label(key), "date" if key == "created_at"
                                  else "text"))
            continue
        kind = {"money": "money", "number": "int", "date": "date"}.get(field.kind, "text")
        columns.append(Column(key, field.name_zh if chinese else field.name_en, kind))
    table = Table(analysis.key, columns)
    for row in rows:
        values: list[Any] = []
        for key, column in zip(keys, columns, strict=True):
            value = row.get(key)
            if column.kind in ("money", "int", "date") or key == "code":
                values.append(value)
            else:
                values.append(labels(key, value) if value is not None else "")
        table.add(values)
        if row.get("customer_id"):
            table.customer_ids.append(int(row["customer_id"]))
    return table


def presentation_label(key: str) -> str:
    from crmdesk.i18n import render

    return render("Field", BUILT_IN_COLUMNS.get(key, key))
