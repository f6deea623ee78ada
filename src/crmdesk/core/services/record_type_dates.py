"""The date fields of designed record types in the calendar and the reminders.

Each date or date-time field of a designed type (``core/record_types/``) is a kind of
its own in both, named ``TYPE.FIELD`` (``policy.end_date``):

* **calendar**: a field with ``calendar`` (the default) puts each live record on its
  date (all day) or at its time, for the record's holder: the owner of an owner type's
  record, the owner of the customer of a customer type's record (both are who the
  record's scope shows it to, with their manager and the administrators).  A move
  changes the field through the type's :class:`RecordTypeService` (validated,
  version-checked, audited), as a form does.
* **reminders**: a field with ``remind_days_before`` N reminds the holder N days before
  its date (09:00 local for a date, the same time of day for a date-time), until 7 days
  after it (:data:`GRACE_DAYS`: a date long past, an expired policy of years ago,
  reminds no more); records in a closed status do not remind.  Snoozing and dismissing
  work as for the other kinds (``reminder_states``, whose 16-character kind holds
  :func:`state_kind`).

Both read one statement per (type, field), through the index every such field has
(``FieldDef.has_index``: the date column) and the owner or customer index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Date, Integer, String, cast, literal, null, or_, select
from sqlalchemy.orm import Session

from crmdesk.core.models import Customer, UTCDateTime
from crmdesk.core.permissions import Actor
from crmdesk.core.record_types import runtime
from crmdesk.core.record_types.definitions import FieldDef, TypeDef
from crmdesk.core.record_types.service import RecordTypeService

if TYPE_CHECKING:
    from crmdesk.core.services.calendar import CalendarItem

#: a reminder keeps showing this many days after its date
GRACE_DAYS = 7
#: at most this many items of one field in a calendar range
LIMIT = 20000
#: colours of the designed kinds in the calendar, by the type's place among the types
PALETTE = ("#0e7490", "#b45309", "#be185d", "#4d7c0f", "#6d28d9", "#9a3412", "#0369a1",
           "#a16207")


@dataclass(frozen=True)
class DateField:
    typedef: TypeDef
    field: FieldDef

    @property
    def kind(self) -> str:
        return kind_of(self.typedef.key, self.field.key)

    @property
    def service(self) -> RecordTypeService:
        return runtime.service(self.typedef.key)


def kind_of(type_key: str, field_key: str) -> str:
    return f"{type_key}.{field_key}"


def is_designed_kind(kind: str) -> bool:
    return "." in kind


def date_fields(*, reminding: bool = False) -> list[DateField]:
    """The live date fields of the file's types: those in the calendar, or (with
    *reminding*) those that remind."""
    found = []
    for typedef in runtime.active_types():
        for field in typedef.live_fields:
            if (field.reminds if reminding else field.in_calendar):
                found.append(DateField(typedef, field))
    return found


def find(kind: str) -> DateField | None:
    """The field a designed kind names (None: no such live date field)."""
    type_key, _dot, field_key = kind.partition(".")
    if not runtime.is_designed(type_key):
        return None
    typedef = runtime.service(type_key).typedef
    field = typedef.field(field_key)
    if field is None or field.retired or field.kind not in ("date", "datetime"):
        return None
    return DateField(typedef, field)


def kind_text(kind: str) -> str:
    """``保单 · 终保日期`` / ``Policy · End date``: the type's and the field's names."""
    found = find(kind)
    if found is None:
        return kind
    return (f"{runtime.bilingual(found.typedef.name_zh, found.typedef.name_en)} · "
            f"{runtime.bilingual(found.field.name_zh, found.field.name_en)}")


def colour(kind: str) -> str:
    """A designed kind's colour in the calendar: one per type, stable while the types
    keep their order."""
    keys = [t.key for t in runtime.active_types()]
    type_key = kind.partition(".")[0]
    index = keys.index(type_key) if type_key in keys else len(keys)
    return PALETTE[index % len(PALETTE)]


def state_kind(kind: str) -> str:
    """The kind a user's snooze or dismissal of a designed reminder is kept under
    (``reminder_states.kind`` holds 16 characters): a digest of ``TYPE.FIELD``."""
    if not is_designed_kind(kind):
        return kind
    return "rt:" + hashlib.sha1(kind.encode()).hexdigest()[:13]


# ---------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------

def _holder(found: DateField) -> tuple[Any, Any, list[Any]]:
    """(person column, customer id column, extra conditions) of a field's records."""
    m = found.service.model
    if found.typedef.belongs_to == "customer":
        return Customer.owner_id, m.customer_id, [Customer.deleted_at.is_(None)]
    return m.owner_id, cast(null(), Integer), []


def _title_column(found: DateField) -> Any:
    title = found.service.title_field()
    return getattr(found.service.model, title.key) if title is not None else \
        cast(null(), String)


def _closed(found: DateField) -> set[str]:
    return {st.key for st in found.typedef.statuses if st.closed}


def calendar_items(session: Session, whose: Callable[[Any], Any], first: date, last: date,
                   begin: datetime, end: datetime,
                   kinds: Sequence[str] | None = None) -> list[CalendarItem]:
    """The designed types' dated records of *first*..*last* (local days; *begin*..*end*
    the same as moments) whose holder *whose* accepts."""
    from crmdesk.core.services.calendar import CalendarItem

    items: list[CalendarItem] = []
    for found in date_fields():
        if kinds is not None and found.kind not in kinds:
            continue
        m = found.service.model
        column = getattr(m, found.field.key)
        person, customer, extra = _holder(found)
        status = m.status if found.typedef.has_status_column else cast(null(), String)
        stmt = select(m.id, m.code, _title_column(found).label("title"), column.label("day"),
                      person.label("person"), m.version, customer.label("customer"),
                      status.label("status"))
        if found.typedef.belongs_to == "customer":
            stmt = stmt.join(Customer, Customer.id == m.customer_id)
        if found.field.kind == "datetime":
            stmt = stmt.where(column >= begin, column < end)
        else:
            stmt = stmt.where(column >= first, column <= last)
        stmt = stmt.where(whose(person), m.deleted_at.is_(None), *extra).order_by(
            column, m.id).limit(LIMIT)
        closed = _closed(found)
        name = runtime.bilingual(found.field.name_zh, found.field.name_en)
        for record_id, code, title, when, who, version, cid, state in session.execute(stmt):
            shown = f"{title or code or record_id} · {name}"
            items.append(CalendarItem(found.kind, int(record_id), when, None,
                                      str(code or record_id), shown, who, int(version),
                                      cid, bool(state in closed)))
    return items


def move(session: Session, actor: Actor, kind: str, record_id: int,
         new_when: datetime | date, expected_version: int | None) -> int:
    """Move a designed date to another day (a date-time keeps its time of day unless
    given one) through the type's service; returns the record's new version."""
    found = find(kind)
    if found is None:
        raise ValueError(f"unknown calendar kind {kind}")
    service = found.service
    obj = service.get(session, actor, record_id)
    service.check_version(obj, expected_version)
    value: date | datetime
    if found.field.kind == "datetime":
        if isinstance(new_when, datetime):
            value = new_when if new_when.tzinfo else new_when.astimezone()
        else:
            current = getattr(obj, found.field.key)
            clock = current.astimezone().time() if current is not None else time(9, 0)
            value = datetime.combine(new_when, clock).astimezone()
    else:
        value = new_when.astimezone().date() if isinstance(new_when, datetime) else new_when
    updated = service.update(session, actor, record_id, {found.field.key: value},
                             expected_version=expected_version)
    return int(updated.version)


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------

def reminder_selects(actor: Actor, now: datetime, due_only: bool, state_for: Any,
                     live: Any, only: tuple[str, int] | None) -> list[Any]:
    """The designed fields' part of the reminders' UNION ALL (the columns of
    ``reminders._selects``): the field's value is what a state is about (``remind_at``
    for a date-time, ``due_date`` for a date); :func:`fires_at` adds the days before."""
    today = now.astimezone().date()
    selects = []
    for found in date_fields(reminding=True):
        if only is not None and only[0] != found.kind:
            continue
        m = found.service.model
        field = found.field
        days = timedelta(days=field.remind_days_before or 0)
        column = getattr(m, field.key)
        person, customer, extra = _holder(found)
        if field.kind == "datetime":
            state, on = state_for(state_kind(found.kind), actor, m.id, column,
                                  lambda s: s.remind_at)
            moments = (column, cast(null(), Date))
            window = [column >= now - timedelta(days=GRACE_DAYS)]
            fires: ColumnElement[bool] = column <= now + days
        else:
            state, on = state_for(state_kind(found.kind), actor, m.id, column,
                                  lambda s: s.due_date)
            moments = (cast(null(), UTCDateTime), column)
            window = [column >= today - timedelta(days=GRACE_DAYS)]
            last_day = today if now.astimezone().time() >= time(9, 0) else \
                today - timedelta(days=1)
            fires = column <= last_day + days
        title = _title_column(found)
        stmt = (select(cast(literal(found.kind), String(64)).label("kind"),
                       m.id.label("ref_id"), moments[0].label("remind_at"),
                       moments[1].label("due_date"), cast(m.code, String(64)).label("code"),
                       cast(title, String(400)).label("title"),
                       customer.label("customer_id"),
                       state.snoozed_until.label("snoozed_until"))
                .select_from(m))
        if found.typedef.belongs_to == "customer":
            stmt = stmt.join(Customer, Customer.id == m.customer_id)
        stmt = stmt.outerjoin(state, on).where(
            person == actor.user_id, m.deleted_at.is_(None), column.is_not(None), *window,
            *extra, *live(state, fires))
        closed = _closed(found)
        if closed:
            stmt = stmt.where(or_(m.status.is_(None), m.status.not_in(sorted(closed))))
        if only is not None:
            stmt = stmt.where(m.id == only[1])
        selects.append(stmt)
    return selects


def fires_at(kind: str, at: datetime) -> datetime:
    """When a designed reminder fires: its date's moment, the field's days before."""
    found = find(kind)
    days = found.field.remind_days_before if found is not None else 0
    return at - timedelta(days=days or 0)


def reminder_title(kind: str, title: str, code: str) -> str:
    """``PA123 · 终保日期``: the record and the date it reminds of."""
    found = find(kind)
    if found is None:
        return title or code
    return f"{title or code} · {runtime.bilingual(found.field.name_zh, found.field.name_en)}"

