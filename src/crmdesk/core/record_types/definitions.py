"""A record type's definition as plain, frozen data, and its JSON form.

The same JSON describes a type in ``crmdesk types export``/``import``, in the
designer and in templates (``resources/templates/``)::

    {"format": "crmdesk.record_types/1",
     "types": [{"key": "visit", "name_zh": "来店登记", "name_en": "Showroom visit",
                "icon": "car", "code_prefix": "V", "belongs_to": "customer",
                "sections": [{"key": "main", "name_zh": "基本信息", "name_en": "Main"}],
                "fields": [{"key": "arrived_at", "name_zh": "到店时间",
                            "name_en": "Arrived at", "kind": "datetime",
                            "required": true, "default": "now", "section": "main"}]}]}

Every key but ``key``, ``name_zh`` and ``kind`` (fields) or ``key`` and ``name_zh``
(types) may be left out; see :data:`FIELD_KEYS` and :data:`TYPE_KEYS`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

FORMAT = "crmdesk.record_types/1"

#: the kinds a field can have
KINDS = ("text", "longtext", "number", "money", "date", "datetime", "choice", "multichoice",
         "bool", "phone", "email", "customer", "contact", "product", "user", "record",
         "secret", "id_number")
#: kinds whose values are stored encrypted (with a blind index for exact lookup)
SENSITIVE_KINDS = frozenset(("secret", "id_number"))
#: kinds that refer to another record
REFERENCE_KINDS = frozenset(("customer", "contact", "product", "user", "record"))
CHOICE_KINDS = frozenset(("choice", "multichoice"))
BELONGS_TO = ("customer", "owner")

TYPE_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,15}$")
FIELD_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")

#: keys a field cannot take: the columns every record-type table has
RESERVED_FIELDS = frozenset((
    "id", "code", "customer_id", "owner_id", "created_at", "updated_at", "created_by_id",
    "updated_by_id", "deleted_at", "deleted_by_id", "version", "status", "customer"))

TYPE_KEYS = ("key", "name_zh", "name_en", "icon", "code_prefix", "belongs_to", "sections",
             "statuses", "transitions", "retired", "fields")
ROLES = ("staff", "manager", "admin")
FIELD_KEYS = ("key", "name_zh", "name_en", "kind", "required", "unique", "indexed", "in_list",
              "default", "min", "max", "help_zh", "help_en", "choices", "target", "section",
              "retired", "calendar", "remind_days_before")
#: kinds that are dates: shown in the calendar (``calendar``, default true) and able to
#: remind their record's holder (``remind_days_before``)
DATE_KINDS = frozenset(("date", "datetime"))
#: the most days before its date a field can remind
MAX_REMIND_DAYS = 365


@dataclass(frozen=True)
class Choice:
    key: str
    name_zh: str
    name_en: str

    def as_json(self) -> dict[str, str]:
        return {"key": self.key, "name_zh": self.name_zh, "name_en": self.name_en}


@dataclass(frozen=True)
class Section:
    key: str
    name_zh: str
    name_en: str

    def as_json(self) -> dict[str, str]:
        return {"key": self.key, "name_zh": self.name_zh, "name_en": self.name_en}


@dataclass(frozen=True)
class Status:
    """A state a record of the type is in; a closed one ends its work."""

    key: str
    name_zh: str
    name_en: str
    closed: bool = False

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "name_zh": self.name_zh,
                                "name_en": self.name_en}
        if self.closed:
            data["closed"] = True
        return data


@dataclass(frozen=True)
class Transition:
    """An allowed move between two statuses, for the roles named."""

    source: str
    target: str
    roles: tuple[str, ...] = ROLES

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.source, "to": self.target}
        if tuple(self.roles) != ROLES:
            data["roles"] = list(self.roles)
        return data


@dataclass(frozen=True)
class FieldDef:
    key: str
    name_zh: str
    name_en: str
    kind: str
    required: bool = False
    unique: bool = False
    indexed: bool = False
    in_list: bool = True
    default: str | None = None
    min: str | None = None
    max: str | None = None
    help_zh: str | None = None
    help_en: str | None = None
    choices: tuple[Choice, ...] = ()
    target: str | None = None
    section: str | None = None
    position: int = 0
    retired: bool = False
    column: str = ""  # the column in the type's table ("" until it is made)
    #: a date field shown in the calendar (date kinds only)
    calendar: bool = True
    #: a date field reminds its record's holder this many days before (None: never)
    remind_days_before: int | None = None

    @property
    def sensitive(self) -> bool:
        return self.kind in SENSITIVE_KINDS

    @property
    def in_calendar(self) -> bool:
        return self.kind in DATE_KINDS and self.calendar

    @property
    def reminds(self) -> bool:
        return self.kind in DATE_KINDS and self.remind_days_before is not None

    @property
    def has_index(self) -> bool:
        """An index on the column: asked for, unique, or a date the calendar and the
        reminders read by range."""
        return self.indexed or self.unique or self.in_calendar or self.reminds

    def options(self) -> dict[str, Any]:
        """The date options that differ from the defaults (stored as JSON)."""
        data: dict[str, Any] = {}
        if self.kind in DATE_KINDS:
            if not self.calendar:
                data["calendar"] = False
            if self.remind_days_before is not None:
                data["remind_days_before"] = self.remind_days_before
        return data

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "name_zh": self.name_zh,
                                "name_en": self.name_en, "kind": self.kind}
        for name in ("required", "unique", "indexed", "retired"):
            if getattr(self, name):
                data[name] = True
        if not self.in_list:
            data["in_list"] = False
        for name in ("default", "min", "max", "help_zh", "help_en", "target", "section"):
            if getattr(self, name) not in (None, ""):
                data[name] = getattr(self, name)
        if self.choices:
            data["choices"] = [c.as_json() for c in self.choices]
        data.update(self.options())
        return data


@dataclass(frozen=True)
class TypeDef:
    key: str
    name_zh: str
    name_en: str
    belongs_to: str = "owner"
    icon: str | None = None
    code_prefix: str | None = None
    sections: tuple[Section, ...] = ()
    fields: tuple[FieldDef, ...] = ()
    #: the statuses in order (the first is where a new record starts); none: no status
    statuses: tuple[Status, ...] = ()
    #: the moves allowed between statuses (none listed: every move, for everyone)
    transitions: tuple[Transition, ...] = ()
    retired: bool = False
    version: int = 1
    position: int = 0
    table: str = ""
    id: int | None = field(default=None, compare=False)
    #: the table has a status column (statuses were defined once, maybe since removed)
    has_status_column: bool = False

    def status(self, key: str | None) -> Status | None:
        return next((st for st in self.statuses if st.key == key), None)

    def moves_from(self, key: str | None, role: str) -> list[Status]:
        """The statuses a record in status *key* may move to, for *role*."""
        if not self.transitions:
            return [st for st in self.statuses if st.key != key]
        allowed = {t.target for t in self.transitions if t.source == key and role in t.roles}
        return [st for st in self.statuses if st.key in allowed]

    def field(self, key: str) -> FieldDef | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None

    @property
    def live_fields(self) -> tuple[FieldDef, ...]:
        """The fields forms and lists show: not retired, in section then field order."""
        order = {s.key: i for i, s in enumerate(self.sections)}
        live = [f for f in self.fields if not f.retired]
        return tuple(sorted(live, key=lambda f: (order.get(f.section or "", len(order)),
                                                 f.position)))

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "name_zh": self.name_zh,
                                "name_en": self.name_en, "belongs_to": self.belongs_to}
        if self.icon:
            data["icon"] = self.icon
        if self.code_prefix:
            data["code_prefix"] = self.code_prefix
        if self.sections:
            data["sections"] = [s.as_json() for s in self.sections]
        if self.statuses:
            data["statuses"] = [s.as_json() for s in self.statuses]
        if self.transitions:
            data["transitions"] = [t.as_json() for t in self.transitions]
        if self.retired:
            data["retired"] = True
        data["fields"] = [f.as_json() for f in sorted(self.fields, key=lambda f: f.position)]
        return data


# ---------------------------------------------------------------------------
# Reading the JSON form (checked: every problem named with where it is)
# ---------------------------------------------------------------------------

class DefinitionError(ValidationError):
    """A definition that cannot be used, naming the place and the fix."""


def problem(where: str, text: str, **params: object) -> DefinitionError:
    return DefinitionError([FieldError(where, where, render("RecordTypes", text, where=where,
                                                            **params))])


def _text(data: Mapping[str, Any], name: str, where: str, *, required: bool = False,
          max_len: int = 100) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise problem(f"{where}.{name}", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} is missing: fill it in."))
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise problem(f"{where}.{name}", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be text."))
    text = str(value).strip()
    if len(text) > max_len:
        raise problem(f"{where}.{name}", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} is too long: at most {max} characters."), max=max_len)
    return text


def _flag(data: Mapping[str, Any], name: str, where: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise problem(f"{where}.{name}", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be true or false."))
    return value


def _unknown(data: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for name in data:
        if name not in allowed:
            raise problem(f"{where}.{name}", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} is not a known setting; known: {known}."),
                known=", ".join(allowed))


def parse_choices(raw: Any, where: str) -> tuple[Choice, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise problem(where, QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be a list of choices."))
    found: list[Choice] = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if isinstance(item, str):
            item = {"key": item, "name_zh": item, "name_en": item}
        if not isinstance(item, dict):
            raise problem(at, QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} must be text or {{\"key\", \"name_zh\", \"name_en\"}}."))
        _unknown(item, ("key", "name_zh", "name_en"), at)
        key = _text(item, "key", at, required=True, max_len=40)
        assert key is not None
        if "," in key:
            raise problem(f"{at}.key", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} cannot contain a comma."))
        name_zh = _text(item, "name_zh", at) or key
        name_en = _text(item, "name_en", at) or name_zh
        if any(c.key == key for c in found):
            raise problem(f"{at}.key", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: the choice {key} is listed twice."), key=key)
        found.append(Choice(key, name_zh, name_en))
    return tuple(found)


def parse_field(data: Any, where: str, *, position: int = 0) -> FieldDef:
    if not isinstance(data, dict):
        raise problem(where, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be an object."))
    _unknown(data, FIELD_KEYS, where)
    key = _text(data, "key", where, required=True, max_len=30)
    assert key is not None
    if not FIELD_KEY_RE.match(key) or key in RESERVED_FIELDS:
        raise problem(f"{where}.key", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} {key} cannot be used: use lower-case letters, digits and "
                           "_, starting with a letter (not {reserved})."),
            key=key, reserved=", ".join(sorted(RESERVED_FIELDS)))
    name_zh = _text(data, "name_zh", where, required=True)
    assert name_zh is not None
    kind = _text(data, "kind", where, required=True, max_len=20)
    if kind not in KINDS:
        raise problem(f"{where}.kind", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be one of: {kinds}."), kinds=", ".join(KINDS))
    choices = parse_choices(data.get("choices"), f"{where}.choices")
    if kind in CHOICE_KINDS and not choices:
        raise problem(f"{where}.choices", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: a choice field needs at least one choice."))
    target = _text(data, "target", where, max_len=16)
    if kind == "record" and not target:
        raise problem(f"{where}.target", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: name the record type this field refers to."))
    calendar, remind = _date_options(data, where, str(kind))
    unique = _flag(data, "unique", where)
    if unique and (kind in CHOICE_KINDS or kind in ("bool", "longtext")):
        raise problem(f"{where}.unique", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: a field of this kind cannot be unique."))
    return FieldDef(
        key=key, name_zh=name_zh, name_en=_text(data, "name_en", where) or name_zh, kind=kind,
        required=_flag(data, "required", where), unique=unique,
        indexed=_flag(data, "indexed", where) and kind not in SENSITIVE_KINDS,
        in_list=_flag(data, "in_list", where, default=kind not in ("longtext", "secret",
                                                                    "id_number")),
        default=_text(data, "default", where, max_len=400),
        min=_text(data, "min", where, max_len=40), max=_text(data, "max", where, max_len=40),
        help_zh=_text(data, "help_zh", where, max_len=400),
        help_en=_text(data, "help_en", where, max_len=400),
        choices=choices, target=target if kind == "record" else None,
        section=_text(data, "section", where, max_len=30), position=position,
        retired=_flag(data, "retired", where), calendar=calendar, remind_days_before=remind)


def _date_options(data: Mapping[str, Any], where: str, kind: str) -> tuple[bool, int | None]:
    """``calendar`` (true or false, default true) and ``remind_days_before`` (0 to 365,
    absent: none) of a date or date-time field; refused on other kinds."""
    calendar = data.get("calendar")
    remind = data.get("remind_days_before")
    if kind not in DATE_KINDS:
        for name, value in (("calendar", calendar), ("remind_days_before", remind)):
            if value is not None:
                raise problem(f"{where}.{name}", QT_TRANSLATE_NOOP(
                    "RecordTypes", "{where}: only date and date-time fields have this "
                                   "setting; remove it or make the field a date."))
        return True, None
    if calendar is None:
        calendar = True
    if not isinstance(calendar, bool):
        raise problem(f"{where}.calendar", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be true or false."))
    if remind is not None and (isinstance(remind, bool) or not isinstance(remind, int)
                               or not 0 <= remind <= MAX_REMIND_DAYS):
        raise problem(f"{where}.remind_days_before", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be a whole number of days from 0 to {max}, e.g. "
                           "30."), max=MAX_REMIND_DAYS)
    return calendar, remind


def parse_sections(raw: Any, where: str) -> tuple[Section, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise problem(where, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be a list."))
    found: list[Section] = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if isinstance(item, str):
            item = {"key": item, "name_zh": item}
        if not isinstance(item, dict):
            raise problem(at, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be an object."))
        _unknown(item, ("key", "name_zh", "name_en"), at)
        key = _text(item, "key", at, required=True, max_len=30)
        assert key is not None
        name_zh = _text(item, "name_zh", at) or key
        found.append(Section(key, name_zh, _text(item, "name_en", at) or name_zh))
    return tuple(found)


def parse_statuses(raw: Any, where: str) -> tuple[Status, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise problem(where, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be a list."))
    found: list[Status] = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if isinstance(item, str):
            item = {"key": item}
        if not isinstance(item, dict):
            raise problem(at, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be an object."))
        _unknown(item, ("key", "name_zh", "name_en", "closed"), at)
        key = _text(item, "key", at, required=True, max_len=40)
        assert key is not None
        if any(st.key == key for st in found):
            raise problem(f"{at}.key", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: the status {key} is listed twice."), key=key)
        name_zh = _text(item, "name_zh", at) or key
        found.append(Status(key, name_zh, _text(item, "name_en", at) or name_zh,
                            _flag(item, "closed", at)))
    return tuple(found)


def parse_transitions(raw: Any, where: str, statuses: tuple[Status, ...]
                      ) -> tuple[Transition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise problem(where, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be a list."))
    keys = {st.key for st in statuses}
    found: list[Transition] = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise problem(at, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be an object."))
        _unknown(item, ("from", "to", "roles"), at)
        ends = []
        for end in ("from", "to"):
            value = _text(item, end, at, required=True, max_len=40)
            if value not in keys:
                raise problem(f"{at}.{end}", QT_TRANSLATE_NOOP(
                    "RecordTypes", "{where}: there is no status {key}."), key=value)
            ends.append(str(value))
        roles = item.get("roles", list(ROLES))
        if not isinstance(roles, list) or any(r not in ROLES for r in roles):
            raise problem(f"{at}.roles", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} must list roles among: {known}."),
                known=", ".join(ROLES))
        found.append(Transition(ends[0], ends[1], tuple(r for r in ROLES if r in roles)))
    return tuple(found)


def parse_type(data: Any, where: str = "type") -> TypeDef:
    if not isinstance(data, dict):
        raise problem(where, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be an object."))
    _unknown(data, TYPE_KEYS, where)
    key = _text(data, "key", where, required=True, max_len=16)
    assert key is not None
    if not TYPE_KEY_RE.match(key):
        raise problem(f"{where}.key", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} {key} cannot be used: 2 to 16 lower-case letters, digits "
                           "and _, starting with a letter, e.g. visit."), key=key)
    name_zh = _text(data, "name_zh", where, required=True)
    assert name_zh is not None
    belongs_to = _text(data, "belongs_to", where, max_len=10) or "owner"
    if belongs_to not in BELONGS_TO:
        raise problem(f"{where}.belongs_to", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be customer or owner."))
    prefix = _text(data, "code_prefix", where, max_len=8)
    if prefix is not None and not PREFIX_RE.match(prefix):
        raise problem(f"{where}.code_prefix", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be 1 to 8 capital letters or digits, starting with a "
                           "letter, e.g. V."))
    raw_fields = data.get("fields") or []
    if not isinstance(raw_fields, list):
        raise problem(f"{where}.fields", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be a list."))
    fields = tuple(parse_field(f, f"{where}.fields[{i}]", position=i + 1)
                   for i, f in enumerate(raw_fields))
    seen: set[str] = set()
    for i, f in enumerate(fields):
        if f.key in seen:
            raise problem(f"{where}.fields[{i}].key", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: the field {key} is listed twice."), key=f.key)
        seen.add(f.key)
    sections = parse_sections(data.get("sections"), f"{where}.sections")
    statuses = parse_statuses(data.get("statuses"), f"{where}.statuses")
    transitions = parse_transitions(data.get("transitions"), f"{where}.transitions", statuses)
    return TypeDef(key=key, name_zh=name_zh, name_en=_text(data, "name_en", where) or name_zh,
                   belongs_to=belongs_to, icon=_text(data, "icon", where, max_len=40),
                   code_prefix=prefix, sections=sections, fields=fields, statuses=statuses,
                   transitions=transitions, retired=_flag(data, "retired", where))


def parse_document(raw: Any) -> list[TypeDef]:
    """The types of an export file (``{"format", "types"}``), or of one type's object."""
    if isinstance(raw, dict) and "types" in raw:
        if raw.get("format", FORMAT) != FORMAT:
            raise problem("format", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} {value} is not known: this version reads {known}."),
                value=raw.get("format"), known=FORMAT)
        types = raw["types"]
        if not isinstance(types, list):
            raise problem("types", QT_TRANSLATE_NOOP("RecordTypes", "{where} must be a list."))
        return [parse_type(t, f"types[{i}]") for i, t in enumerate(types)]
    return [parse_type(raw)]


def document(types: Sequence[TypeDef]) -> dict[str, Any]:
    return {"format": FORMAT, "types": [t.as_json() for t in types]}


def choices_json(choices: Sequence[Choice]) -> str | None:
    return json.dumps([c.as_json() for c in choices], ensure_ascii=False) if choices else None


def statuses_json(statuses: Sequence[Status], transitions: Sequence[Transition]
                  ) -> str | None:
    if not statuses:
        return None
    return json.dumps({"statuses": [st.as_json() for st in statuses],
                       "transitions": [t.as_json() for t in transitions]}, ensure_ascii=False)


def sections_json(sections: Sequence[Section]) -> str | None:
    return json.dumps([s.as_json() for s in sections], ensure_ascii=False) if sections else None
