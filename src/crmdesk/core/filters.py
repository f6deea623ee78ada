"""Filters and sorts of record lists, as people write them: one parser for everyone.

The command line (``--filter created_at>=2026-01-01``, ``--sort -created_at``), the
window's datasheet filters, exports and reports all turn text into typed
:class:`Filter` conditions here, and the record services run every filter through
:func:`typed_filter` again before building SQL, so whoever calls a service gets the
same rules:

* only declared fields (the entity's :mod:`crmdesk.core.fields`, plus ``id``, a few
  system timestamps, and ``customer.FIELD`` on records of a customer) may be
  filtered or sorted; sensitive (encrypted) fields never;
* a value is read as people write it: a date (``2026-01-01``; on a timestamp field
  the whole local day), a date and time, money in yuan, yes/no in any of
  yes/no/true/false/是/否/1/0, a choice by key or any label the program shows, a
  user by login or display name, a customer or product by code or exact name, a
  ticket status or pipeline stage by its (admin-editable) name;
* a value that cannot match is a :class:`ValidationError` naming the field and
  what to write, never a silently empty list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, or_, select

from crmdesk.core.fields import FieldSpec, entity_label, fields_of
from crmdesk.core.lookup import fits_id, fits_text
from crmdesk.core.presentation import choice_from_text, choice_names, stage_name, status_name
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crmdesk.core.permissions import Actor

#: every operator a Filter may carry (see RecordService.filter_condition)
OPS = ("eq", "ne", "in", "notin", "contains", "startswith", "gt", "ge", "lt", "le", "null",
       "notnull")
#: operators as written on the command line, longest first
SYMBOLS = ((">=", "ge"), ("<=", "le"), ("!=", "ne"), ("~", "contains"), (">", "gt"),
           ("<", "lt"), ("=", "eq"))
_SYNTAX = re.compile(r"\s*([^\s=!<>~]+)\s*(>=|<=|!=|~|>|<|=)(.*)", re.DOTALL)

TEXT_KINDS = ("text", "longtext", "suggest", "email", "mobile", "phone", "tags")
#: kinds compared only for (in)equality: a user is not "greater" than another
EQUALITY_KINDS = ("bool", "choice", "user", "customer", "product", "contact", "status",
                  "stage", "supplier", "warehouse")
REFERENCE_KINDS = ("user", "customer", "product", "contact", "status", "supplier", "warehouse")
#: digits of the largest number a filter accepts (money in cents, ids)
MAX_DIGITS = 18

_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)

#: filterable columns that are not form fields: the record number and system timestamps
EXTRA_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "ticket": (FieldSpec("resolved_at", QT_TRANSLATE_NOOP("Field", "Resolved at"),
                         "datetime", editable=False, in_list=False),),
    "opportunity": (FieldSpec("closed_at", QT_TRANSLATE_NOOP("Field", "Closed at"),
                              "datetime", editable=False, in_list=False),),
}
ID_FIELD = FieldSpec("id", QT_TRANSLATE_NOOP("Field", "Record number"), "int",
                     editable=False, in_list=False)
#: record types whose records belong to a customer (``customer.FIELD`` filters)
OF_A_CUSTOMER = ("contact", "interaction", "opportunity", "order", "ticket", "task")


@dataclass
class Filter:
    """One column condition of a datasheet filter.

    *value* is typed (a date, an id, cents ...) or text as a person typed it, which
    the services read with :func:`typed_filter`.
    """

    field: str
    op: str = "eq"
    value: Any = None


@dataclass
class ListQuery:
    filters: list[Filter] = field(default_factory=list)
    text: str | None = None  # the quick filter
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)
    deleted: bool = False  # True: the recycle bin instead of live records


def _t(text: str, **params: object) -> str:
    return render("Filters", text, **params)


def _error(key: str, label: str, text: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(key, label, _t(text, label=label, **params))])


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------

def filterable_fields(entity: str) -> list[FieldSpec]:
    """The fields a list of *entity* can be filtered and sorted by (no sensitive ones)."""
    return [*(s for s in fields_of(entity) if not s.sensitive), *EXTRA_FIELDS.get(entity, ()),
            ID_FIELD]


def _field_names(entity: str) -> str:
    keys = [s.key for s in filterable_fields(entity)]
    if entity in OF_A_CUSTOMER:
        keys.append("customer.FIELD")
    return ", ".join(keys)


def field_label(entity: str, key: str) -> str:
    """The field's name as the user reads it (``客户 · 城市`` for ``customer.city``)."""
    try:
        spec = filter_field(entity, key)
    except ValidationError:
        return key
    if key.startswith("customer."):
        return f"{entity_label('customer')} · {spec.translated}"
    return spec.translated


def filter_field(entity: str, key: str, *, related: bool = True) -> FieldSpec:
    """The declaration of a field *entity* lists may be filtered by, or ValidationError.

    ``customer.FIELD`` names a field of the record's customer (with *related*).
    """
    owner, name = entity, key
    if related and key.startswith("customer.") and entity in OF_A_CUSTOMER:
        owner, name = "customer", key.removeprefix("customer.")
    for spec in fields_of(owner):
        if spec.key == name:
            if spec.sensitive:
                raise _error(key, spec.translated, QT_TRANSLATE_NOOP(
                    "Filters", "{label} is stored encrypted: it cannot be used to filter, "
                               "sort or list records."))
            return spec
    for spec in (*EXTRA_FIELDS.get(owner, ()), ID_FIELD):
        if spec.key == name:
            return spec
    raise _error(key, key, QT_TRANSLATE_NOOP(
        "Filters", "{entity} records have no field {label} to filter or sort by; choose "
                   "from: {fields}."), entity=entity_label(entity), fields=_field_names(entity))


def sort_field(entity: str, key: str) -> FieldSpec:
    """The declaration of a field *entity* lists may be sorted by, or ValidationError."""
    if key.startswith("customer."):
        raise _error(key, key, QT_TRANSLATE_NOOP(
            "Filters", "{entity} records cannot be sorted by {label}; choose from: {fields}."),
            entity=entity_label(entity),
            fields=", ".join(s.key for s in filterable_fields(entity)))
    return filter_field(entity, key, related=False)


def parse_sort(entity: str, texts: str | Iterable[str] | None) -> list[tuple[str, bool]]:
    """``-created_at,name`` (or a list of such): [(field, descending)], fields checked."""
    if texts is None:
        return []
    parts = texts.split(",") if isinstance(texts, str) else [
        p for text in texts for p in text.split(",")]
    result = []
    for part in parts:
        key = part.strip()
        descending = key.startswith("-")
        key = key.lstrip("-+").strip()
        if key:
            sort_field(entity, key)
            result.append((key, descending))
    return result


def list_column_keys(session: Session | None, entity: str, texts: str | Sequence[str] | None,
                     *, sensitive: bool = False) -> list[str] | None:
    """Column keys for a list or an export (``cf.KEY`` for custom fields), checked.

    None stays None (the default columns) and ``all`` stays ``["all"]``; a sensitive
    field needs *sensitive* (the caller checks the permission).
    """
    if texts is None:
        return None
    raw = texts.split(",") if isinstance(texts, str) else list(texts)
    keys = [k.strip() for k in raw if k.strip()]
    if not keys:
        return None
    if keys == ["all"]:
        return keys
    custom: set[str] = set()
    if session is not None and any(k.startswith("cf.") for k in keys):
        from crmdesk.core.models.custom_fields import CUSTOM_FIELD_ENTITIES
        from crmdesk.core.services import custom_fields

        if entity in CUSTOM_FIELD_ENTITIES:
            custom = {"cf." + d.key for d in custom_fields.definitions(session, entity)}
    specs = {s.key: s for s in fields_of(entity)}
    for key in keys:
        spec = specs.get(key)
        if key in custom:
            continue
        if spec is None:
            shown = [*specs, *sorted(custom)]
            raise _error(key, key, QT_TRANSLATE_NOOP(
                "Filters", "{entity} records have no column {label}; choose from: {fields}."),
                entity=entity_label(entity), fields=", ".join(shown))
        if spec.sensitive and not sensitive:
            raise _error(key, spec.translated, QT_TRANSLATE_NOOP(
                "Filters", "{label} is sensitive: it is listed only in an export by an "
                           "administrator who asks for it (--sensitive)."))
    return keys


# ---------------------------------------------------------------------------
# Text to filters
# ---------------------------------------------------------------------------

def split_filter(text: str) -> Filter:
    """``FIELD OP VALUE`` (OP one of = != ~ > >= < <=) to a Filter with the value as
    text; an empty value means "is empty" (``=``) or "is not empty" (``!=``)."""
    m = _SYNTAX.fullmatch(text)
    if m is None:
        raise _error("", text, QT_TRANSLATE_NOOP(
            "Filters", "Filter {label} is not valid: write FIELD=VALUE (or ~ != > >= < <=), "
                       "e.g. city=北京市 or created_at>=2026-01-01."))
    key, symbol, value = m.group(1), m.group(2), m.group(3).strip()
    op = dict(SYMBOLS)[symbol]
    if not value and op in ("eq", "ne"):
        return Filter(key, "null" if op == "eq" else "notnull")
    return Filter(key, op, value)


def parse_filters(session: Session, actor: Actor, entity: str,
                  texts: Iterable[str] | None) -> list[Filter]:
    """Filters as typed on the command line, typed and checked (ValidationError)."""
    return [typed_filter(session, actor, entity, split_filter(text)) for text in texts or ()]


def typed_filters(session: Session, actor: Actor, entity: str,
                  filters: Iterable[Filter]) -> list[Filter]:
    return [typed_filter(session, actor, entity, flt) for flt in filters]


def typed_filter(session: Session, actor: Actor, entity: str, flt: Filter) -> Filter:
    """*flt* with its field checked and its value typed (text read as people write it).

    Raises ValidationError naming the field and what to write.  A reference written
    as a name that several records share becomes an ``in`` (``notin``) condition.
    """
    if flt.op not in OPS:
        raise ValueError(f"unknown filter operator {flt.op}")
    spec = filter_field(entity, flt.field)
    # messages name the field as shown and as written (the command line uses the key)
    label = f"{field_label(entity, flt.field)} ({flt.field})"
    op, value = flt.op, flt.value
    items = value if isinstance(value, list | tuple | set | frozenset) else [value]
    if any(isinstance(v, str) and not fits_text(v) for v in items):  # PostgreSQL refuses
        raise _error(flt.field, label, QT_TRANSLATE_NOOP(
            "Filters", "{label}: the value holds a NUL character, which no record holds; "
                       "remove it."))
    if op in ("null", "notnull"):
        return Filter(flt.field, op)
    if op in ("contains", "startswith"):
        if spec.kind not in (*TEXT_KINDS, "stage"):
            raise _error(flt.field, label, QT_TRANSLATE_NOOP(
                "Filters", "{label}: ~ (contains) works on text fields; use = instead."))
        if not isinstance(value, str) or not value.strip():
            raise _error(flt.field, label, QT_TRANSLATE_NOOP(
                "Filters", "{label}: write the text to look for."))
        return Filter(flt.field, op, value.strip())
    if op in ("gt", "ge", "lt", "le") and spec.kind in EQUALITY_KINDS:
        raise _error(flt.field, label, QT_TRANSLATE_NOOP(
            "Filters", "{label} can only be compared with = or !=."))
    if op in ("in", "notin"):
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise _error(flt.field, label, QT_TRANSLATE_NOOP(
                "Filters", "{label}: {value} is not a valid value to filter by."),
                value=_short(value))
        values: list[Any] = []
        for item in value:
            if item is None:
                values.append(None)
            else:
                values.extend(_typed_values(session, actor, spec, label, flt.field, item))
        return Filter(flt.field, op, values)
    if value is None or (isinstance(value, str) and not value.strip()):
        if op == "eq":
            return Filter(flt.field, "null")
        if op == "ne":
            return Filter(flt.field, "notnull")
        raise _error(flt.field, label, QT_TRANSLATE_NOOP(
            "Filters", "{label}: write a value to compare with."))
    found = _typed_values(session, actor, spec, label, flt.field, value)
    if len(found) == 1:
        return Filter(flt.field, op, found[0])
    return Filter(flt.field, "in" if op == "eq" else "notin", found)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _typed_values(session: Session, actor: Actor, spec: FieldSpec, label: str, key: str,
                  value: Any) -> list[Any]:
    """The typed value(s) *value* stands for (several: a name shared by records)."""
    if isinstance(value, str):
        return _from_text(session, actor, spec, label, key, value.strip())
    if _type_fits(spec.kind, value):
        return [_utc(value) if isinstance(value, datetime) else value]
    raise _error(key, label, QT_TRANSLATE_NOOP(
        "Filters", "{label}: {value} is not a valid value to filter by."), value=_short(value))


def _type_fits(kind: str, value: Any) -> bool:
    if kind in ("date", "datetime"):
        return isinstance(value, date)
    if kind == "bool":
        return isinstance(value, bool | int)
    if kind in ("int", "money", *REFERENCE_KINDS):
        return isinstance(value, int | Decimal) and not isinstance(value, bool)
    return isinstance(value, str | int | float | Decimal | date)


def _utc(value: datetime) -> datetime:
    """An instant in UTC (naive: UTC already), kept inside the calendar."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        return _EARLIEST if value.year < 5000 else _LATEST


def day_start(day: date) -> datetime:
    """Midnight at the start of local *day*, in UTC (the calendar's ends clamp)."""
    try:
        return datetime.combine(day, time.min).astimezone().astimezone(UTC)
    except (OverflowError, ValueError, OSError):
        return _EARLIEST if day.year < 5000 else _LATEST


def day_end(day: date) -> datetime:
    """Midnight at the end of local *day* (the start of the next), in UTC."""
    try:
        return day_start(day + timedelta(days=1))
    except OverflowError:
        return _LATEST


def _from_text(session: Session, actor: Actor, spec: FieldSpec, label: str, key: str,
               text: str) -> list[Any]:
    kind = spec.kind
    if kind in ("mobile", "phone"):
        from crmdesk.core.validation import FieldProblem, clean_phone

        try:
            return [clean_phone(text, mobile=kind == "mobile") or text]
        except FieldProblem:
            return [text]
    if kind in TEXT_KINDS:
        return [text]
    if kind == "date":
        return [_date(text, key, label)]
    if kind == "datetime":
        return [_datetime(text, key, label)]
    if kind in ("money", "int"):
        return [_number(text, key, label, money=kind == "money")]
    if kind == "vat_rate":  # "13" or "13%" -> 1300 (basis points)
        from crmdesk.core.validation import FieldProblem, clean_vat_rate

        try:
            return [clean_vat_rate(text)]
        except FieldProblem as problem:
            raise ValidationError([FieldError(key, label, problem.render(label))]) from None
    if kind == "bool":
        return [bool_from_text(text, key, label)]
    if kind == "choice":
        assert spec.choices is not None
        choice = choice_from_text(spec.choices, text)
        if choice is None:
            raise _error(key, label, QT_TRANSLATE_NOOP(
                "Filters", "{label}: {value} is not one of the choices; write one of: "
                           "{choices}."), value=_short(text),
                choices=", ".join(choice_names(spec.choices)))
        return [choice]
    if kind == "stage":
        return [_stage(session, text, key, label)]
    if kind == "status":
        return _status(session, text, key, label)
    if kind in REFERENCE_KINDS:
        return _references(session, actor, kind, text, key, label)
    return [text]


def _date(text: str, key: str, label: str) -> date:
    from crmdesk.core.validation import FieldProblem, clean_date

    try:
        day = clean_date(text)
    except FieldProblem as problem:
        if "min" in problem.params:  # a real date outside the calendar the program keeps
            raise ValidationError([FieldError(key, label, problem.render(label))]) from None
        day = None
    if day is None:
        raise _error(key, label, QT_TRANSLATE_NOOP(
            "Filters", "{label}: {value} is not a date; write YYYY-MM-DD, e.g. 2026-01-01."),
            value=_short(text))
    return day


def _datetime(text: str, key: str, label: str) -> date | datetime:
    """A date alone (the whole local day) or a date and time (that instant, in UTC)."""
    from crmdesk.core.validation import FieldProblem, clean_date, clean_datetime

    try:
        if re.search(r"\d[T ]\d|:", text):  # with a time (and maybe an offset)
            moment = datetime.fromisoformat(text.replace("/", "-"))
            cleaned = clean_datetime(moment)
            assert cleaned is not None
            return _utc(cleaned)
        day = clean_date(text)
        assert day is not None
        return day
    except FieldProblem as problem:
        if "min" in problem.params:  # a real date outside the calendar the program keeps
            raise ValidationError([FieldError(key, label, problem.render(label))]) from None
    except ValueError:
        pass
    raise _error(key, label, QT_TRANSLATE_NOOP(
        "Filters", "{label}: {value} is not a date; write YYYY-MM-DD or YYYY-MM-DD HH:MM, "
                   "e.g. 2026-01-01 or 2026-01-01 14:30."), value=_short(text))


def _number(text: str, key: str, label: str, *, money: bool) -> int:
    """Money in yuan (to cents) or a whole number (validation bounds both before any
    arithmetic); at most MAX_DIGITS digits, what the database's integers hold."""
    from crmdesk.core.validation import FieldProblem, clean_int, clean_money

    try:
        number = clean_money(text, min_value=None) if money else clean_int(text)
    except FieldProblem as problem:
        raise ValidationError([FieldError(key, label, problem.render(label))]) from None
    if number is None or abs(number) >= 10**MAX_DIGITS:
        raise _error(key, label, QT_TRANSLATE_NOOP(
            "Filters", "{label}: {value} is not a number this field can hold; write digits, "
                       "e.g. 1000.50."), value=_short(text))
    return number


_YES = ("yes", "true", "1", "是", "y", "对")
_NO = ("no", "false", "0", "否", "n", "不是")


def bool_from_text(text: str, key: str = "", label: str = "") -> bool:
    """yes/no/true/false/是/否/1/0 (any case; also the words shown in the current
    language) to a bool, or ValidationError listing the words."""
    wanted = text.strip().casefold()
    yes = {*_YES, render("Exchange", "Yes").casefold()}  # the words exports write
    no = {*_NO, render("Exchange", "No").casefold()}
    if wanted in yes:
        return True
    if wanted in no:
        return False
    raise _error(key, label or key, QT_TRANSLATE_NOOP(
        "Filters", "{label}: write yes or no (also true/false, 是/否, 1/0), not {value}."),
        value=_short(text))


def _stage(session: Session, text: str, key: str, label: str) -> str:
    from crmdesk.core.models import OpportunityStage

    stages = list(session.execute(select(OpportunityStage.key, OpportunityStage.name,
                                         OpportunityStage.name_zh)
                                  .order_by(OpportunityStage.position)))
    wanted = text.casefold()
    for stage_key, name, name_zh in stages:
        if wanted in (stage_key.casefold(), name.casefold(), (name_zh or "").casefold(),
                      render("Choice", name).casefold()):
            return str(stage_key)
    builtin = choice_from_text("stage", text)
    if builtin is not None and any(k == builtin for k, _, _ in stages):
        return builtin
    raise _error(key, label, QT_TRANSLATE_NOOP(
        "Filters", "{label}: there is no stage {value}; write one of: {choices}."),
        value=_short(text), choices=", ".join(stage_name(k, n, z) for k, n, z in stages))


def _status(session: Session, text: str, key: str, label: str) -> list[int]:
    from crmdesk.core.models import TicketStatus

    statuses = list(session.execute(select(TicketStatus.id, TicketStatus.key, TicketStatus.name,
                                           TicketStatus.name_zh)
                                    .order_by(TicketStatus.position)))
    wanted = text.casefold()
    found = [sid for sid, skey, name, name_zh in statuses
             if wanted in (skey.casefold(), name.casefold(), render("Choice", name).casefold(),
                           (name_zh or "").casefold())]
    if not found:
        builtin = choice_from_text("ticket_status", text)
        found = [sid for sid, skey, _, _ in statuses if skey == builtin]
    if not found and text.isdigit() and len(text) <= MAX_DIGITS:
        found = [sid for sid, _, _, _ in statuses if sid == int(text)]
    if not found:
        raise _error(key, label, QT_TRANSLATE_NOOP(
            "Filters", "{label}: there is no status {value}; write one of: {choices}."),
            value=_short(text), choices=", ".join(status_name(k, n, z)
                                                  for _, k, n, z in statuses))
    return [int(i) for i in found]


def _references(session: Session, actor: Actor, kind: str, text: str, key: str,
                label: str) -> list[int]:
    """Ids of the users, customers, products or contacts written as *text*."""
    from crmdesk.core.models import Contact, Customer, Product, User
    from crmdesk.core.services.registry import service_for

    number = int(text) if text.isdigit() and len(text) <= MAX_DIGITS else None
    number = number if fits_id(number) else None  # beyond any id: names no record
    found: list[int]
    if kind == "user":
        found = list(session.execute(select(User.id).where(or_(
            func.lower(User.username) == text.lower(), User.display_name == text))).scalars())
        if not found and number is not None and session.get(User, number) is not None:
            found = [number]
        if not found:
            raise _error(key, label, QT_TRANSLATE_NOOP(
                "Filters", "{label}: there is no user {value}; write a login name or a "
                           "display name, e.g. {example}."), value=_short(text),
                example=_example_user(session))
        return found
    if kind in ("supplier", "warehouse"):  # catalogue records: everyone sees them
        from crmdesk.core import catalogues

        found = catalogues.lookup(session, kind, text)
        if not found:
            raise _error(key, label, {
                "supplier": QT_TRANSLATE_NOOP(
                    "Filters", "{label}: there is no supplier {value}; write a supplier code "
                               "or the exact name, e.g. SUP0001."),
                "warehouse": QT_TRANSLATE_NOOP(
                    "Filters", "{label}: there is no warehouse {value}; write a warehouse "
                               "code or the exact name, e.g. WH0001."),
            }[kind], value=_short(text))
        return found
    model: Any = {"customer": Customer, "product": Product, "contact": Contact}[kind]
    service = service_for(kind)
    visible = select(model.id).where(service.scope(actor), model.deleted_at.is_(None))
    names = [model.name == text]
    if kind in ("customer", "product"):
        names.append(func.upper(model.code) == text.upper())
    if number is not None:
        names.append(model.id == number)
    found = list(session.execute(visible.where(or_(*names))).scalars())
    if not found:
        hint = {
            "customer": QT_TRANSLATE_NOOP(
                "Filters", "{label}: there is no customer {value} that you can see; write a "
                           "customer code or the exact name, e.g. C000001."),
            "product": QT_TRANSLATE_NOOP(
                "Filters", "{label}: there is no product {value}; write a product code or "
                           "the exact name."),
            "contact": QT_TRANSLATE_NOOP(
                "Filters", "{label}: there is no contact {value} that you can see; write "
                           "the contact's exact name."),
        }[kind]
        raise _error(key, label, hint, value=_short(text))
    return found


def _example_user(session: Session) -> str:
    from crmdesk.core.models import User

    name = session.execute(select(User.username).where(User.disabled.is_(False))
                           .order_by(User.id).limit(1)).scalar_one_or_none()
    return str(name or "admin")


@dataclass(frozen=True)
class QuickMatch:
    """A quick filter's condition, and whether it should lead its list query: the
    matches listed by id, few enough that the list starts from them (SQLite), the
    scope then checked on each (``Actor.scope_leads``)."""

    condition: ColumnElement[bool]
    leads: bool = False
