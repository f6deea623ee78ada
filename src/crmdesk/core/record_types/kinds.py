"""What each field kind of a designed record type means: its column type, the
field kind the generic machinery (validation, filters, presentation) knows it by,
its range rules, and how a stored value converts to another kind."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Integer, LargeBinary, Text
from sqlalchemy.types import TypeEngine

from crmdesk.core import presentation
from crmdesk.core.models.base import UTCDateTime
from crmdesk.core.record_types.definitions import (
    CHOICE_KINDS,
    SENSITIVE_KINDS,
    Choice,
    FieldDef,
    Status,
)
from crmdesk.core.validation import (
    FieldProblem,
    clean_bool,
    clean_date,
    clean_datetime,
    clean_email,
    clean_id_number,
    clean_int,
    clean_money,
    clean_phone,
    clean_text,
    parse_amount,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: the field kind of :mod:`crmdesk.core.fields` each designer kind is shown as
SPEC_KIND = {
    "text": "text", "longtext": "longtext", "number": "int", "money": "money",
    "date": "date", "datetime": "datetime", "choice": "choice", "multichoice": "tags",
    "bool": "bool", "phone": "phone", "email": "email", "customer": "customer",
    "contact": "contact", "product": "product", "user": "user", "record": "record",
    "secret": "text", "id_number": "id_number",
}

#: the longest text of a kind (text: unless the field's max says less)
MAX_LEN = {"text": 200, "longtext": 4000, "secret": 200, "multichoice": 1000}


def column_type(kind: str) -> TypeEngine[Any]:
    if kind in ("number", "money"):
        return BigInteger()
    if kind == "date":
        return Date()
    if kind == "datetime":
        return UTCDateTime()
    if kind == "bool":
        return Boolean()
    if kind in ("customer", "contact", "product", "user", "record"):
        return Integer()
    if kind in SENSITIVE_KINDS:
        return LargeBinary()
    return Text()


def max_len(field: FieldDef) -> int | None:
    if field.kind == "text" and field.max:
        try:
            return max(1, min(int(field.max), 4000))
        except ValueError:
            return MAX_LEN["text"]
    return MAX_LEN.get(field.kind)


def choice_name(choice: Choice) -> str:
    return choice.name_zh if presentation.reads_chinese() else choice.name_en


def status_name(status: Status) -> str:
    return status.name_zh if presentation.reads_chinese() else status.name_en


def choice_key(choices: tuple[Choice, ...], text: Any) -> str | None:
    """The key of the choice named *text* (its key or either name, case ignored)."""
    wanted = " ".join(str(text).split()).casefold()
    for c in choices:
        if wanted in (c.key.casefold(), c.name_zh.casefold(), c.name_en.casefold()):
            return c.key
    return None


def _not_a_choice(choices: tuple[Choice, ...]) -> FieldProblem:
    return FieldProblem(QT_TRANSLATE_NOOP("Validation", "{label} must be one of: {choices}."),
                        choices=", ".join(choice_name(c) for c in choices))


def clean(field: FieldDef, raw: Any) -> Any:
    """One value of *field* cleaned as a form or an import cleans it (None: empty);
    FieldProblem when it does not fit the kind.  Sensitive kinds give plain text."""
    kind = field.kind
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return False if kind == "bool" and raw is not None else None
    if kind in ("text", "longtext", "secret"):
        return clean_text(raw, max_len(field))
    if kind == "id_number":
        return clean_id_number(raw)
    if kind == "number":
        return clean_int(raw)
    if kind == "money":
        return clean_money(raw, min_value=None)
    if kind == "date":
        return clean_date(raw)
    if kind == "datetime":
        return clean_datetime(raw)
    if kind == "bool":
        return clean_bool(raw)
    if kind == "phone":
        return clean_phone(raw)
    if kind == "email":
        return clean_email(raw)
    if kind == "choice":
        key = choice_key(field.choices, raw)
        if key is None:
            raise _not_a_choice(field.choices)
        return key
    if kind == "multichoice":
        parts = raw if isinstance(raw, list | tuple | set) else \
            str(raw).replace("，", ",").replace("、", ",").replace(";", ",").split(",")
        keys: dict[str, None] = {}
        for part in parts:
            if not str(part).strip():
                continue
            key = choice_key(field.choices, part)
            if key is None:
                raise _not_a_choice(field.choices)
            keys[key] = None
        return ",".join(keys) or None
    # references: an id
    return clean_int(raw, min_value=1)


def range_problem(field: FieldDef, value: Any) -> FieldProblem | None:
    """*value* (cleaned) outside the field's min/max."""
    if value is None or (field.min is None and field.max is None):
        return None
    low, high = bound(field, field.min), bound(field, field.max)
    if field.kind in ("text", "longtext"):
        return None  # max is the length (clean_text checks it)
    if isinstance(value, datetime):
        value = value.astimezone().date()
    if low is not None and value < low:
        return FieldProblem(QT_TRANSLATE_NOOP("Validation", "{label} must be at least {min}."),
                            min=field.min)
    if high is not None and value > high:
        return FieldProblem(QT_TRANSLATE_NOOP("Validation", "{label} must be at most {max}."),
                            max=field.max)
    return None


def bound(field: FieldDef, text: str | None) -> Any:
    """A min or max as a value comparable with the field's values (None: none)."""
    if text is None or text == "":
        return None
    try:
        if field.kind == "number":
            return int(Decimal(text))
        if field.kind == "money":
            return int(parse_amount(text) * 100)
        if field.kind in ("date", "datetime"):
            return date.fromisoformat(text)
    except (InvalidOperation, ValueError):
        return None
    return None


def bound_problem(field: FieldDef, name: str, text: str | None) -> bool:
    """Whether a min/max given for *field* cannot be read for its kind."""
    if text is None or text == "" or field.kind in ("text", "longtext"):
        if field.kind in ("text", "longtext") and text:
            return not text.isdigit()
        return False
    if field.kind not in ("number", "money", "date", "datetime"):
        return True
    return bound(field, text) is None


def as_text(field: FieldDef, value: Any) -> str:
    """A stored value as someone would type it again (for a change of kind and for
    the list of values that do not convert)."""
    if value is None:
        return ""
    kind = field.kind
    if kind == "money":
        return str(presentation.yuan(int(value)))
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "datetime" and isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if kind in CHOICE_KINDS:
        names = {c.key: choice_name(c) for c in field.choices}
        return ",".join(names.get(k, k) for k in str(value).split(","))
    return str(value)


def convertible(old: FieldDef, new: FieldDef) -> bool:
    """Whether a change from *old*'s kind to *new*'s can be tried value by value."""
    if old.kind == new.kind:
        return True
    if old.kind in SENSITIVE_KINDS or new.kind in SENSITIVE_KINDS:
        return False  # values under keys: add a new field instead
    refs = ("customer", "contact", "product", "user", "record")
    return old.kind not in refs and new.kind not in refs


def convert(old: FieldDef, new: FieldDef, value: Any) -> Any:
    """*value* of *old* as a value of *new* (FieldProblem when it does not convert)."""
    if value is None:
        return None
    if old.kind == "datetime" and new.kind == "date" and isinstance(value, datetime):
        return value.astimezone().date()
    if old.kind in CHOICE_KINDS and new.kind in CHOICE_KINDS:
        text: Any = str(value)
    else:
        text = as_text(old, value)
    return clean(new, text)
