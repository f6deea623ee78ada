"""Definitions read from and written to ``record_types`` / ``record_type_fields``.

A field's ``choices`` column holds its choices (a JSON list) for choice kinds, and for
date kinds its date options when they differ from the defaults (a JSON object:
``{"calendar": false, "remind_days_before": 30}``): the column is unused by other
kinds, so the options needed no change of schema.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core.models import RecordType, RecordTypeField
from crmdesk.core.record_types.definitions import (
    DATE_KINDS,
    Choice,
    FieldDef,
    Section,
    Status,
    Transition,
    TypeDef,
    choices_json,
)


def _choices(raw: str | None) -> tuple[Choice, ...]:
    if not raw or raw.lstrip().startswith("{"):
        return ()
    return tuple(Choice(str(c["key"]), str(c.get("name_zh") or c["key"]),
                        str(c.get("name_en") or c.get("name_zh") or c["key"]))
                 for c in json.loads(raw))


def _sections(raw: str | None) -> tuple[Section, ...]:
    if not raw:
        return ()
    return tuple(Section(str(s["key"]), str(s.get("name_zh") or s["key"]),
                         str(s.get("name_en") or s.get("name_zh") or s["key"]))
                 for s in json.loads(raw))


def _statuses(raw: str | None) -> tuple[tuple[Status, ...], tuple[Transition, ...]]:
    if not raw:
        return (), ()
    data = json.loads(raw)
    statuses = tuple(Status(str(st["key"]), str(st.get("name_zh") or st["key"]),
                            str(st.get("name_en") or st.get("name_zh") or st["key"]),
                            bool(st.get("closed", False))) for st in data.get("statuses", []))
    transitions = tuple(Transition(str(t["from"]), str(t["to"]),
                                   tuple(t.get("roles", ("staff", "manager", "admin"))))
                        for t in data.get("transitions", []))
    return statuses, transitions


def _options(raw: str | None) -> dict[str, Any]:
    """The date options kept in the ``choices`` column (see the module docstring)."""
    if not raw or not raw.lstrip().startswith("{"):
        return {}
    data = json.loads(raw)
    remind = data.get("remind_days_before")
    return {"calendar": bool(data.get("calendar", True)),
            "remind_days_before": int(remind) if remind is not None else None}


def field_def(row: RecordTypeField) -> FieldDef:
    options = _options(row.choices) if row.kind in DATE_KINDS else {}
    return FieldDef(calendar=bool(options.get("calendar", True)),
                    remind_days_before=options.get("remind_days_before"),
                    key=row.key, name_zh=row.name_zh, name_en=row.name_en, kind=row.kind,
                    required=bool(row.required), unique=bool(row.unique),
                    indexed=bool(row.indexed), in_list=bool(row.in_list),
                    default=row.default_value, min=row.min_value, max=row.max_value,
                    help_zh=row.help_zh, help_en=row.help_en, choices=_choices(row.choices),
                    target=row.target, section=row.section, position=row.position,
                    retired=bool(row.retired), column=row.column_name)


def type_def(row: RecordType, fields: list[RecordTypeField]) -> TypeDef:
    statuses, transitions = _statuses(row.statuses)
    return TypeDef(statuses=statuses, transitions=transitions,
                   key=row.key, name_zh=row.name_zh, name_en=row.name_en,
                   belongs_to=row.belongs_to, icon=row.icon, code_prefix=row.code_prefix,
                   sections=_sections(row.sections),
                   fields=tuple(field_def(f) for f in sorted(
                       fields, key=lambda f: (f.position, f.id))),
                   retired=bool(row.retired), version=row.version, position=row.position,
                   table=row.table_name, id=row.id,
                   has_status_column=row.statuses is not None)


def load_all(session: Session) -> list[TypeDef]:
    """Every type of this file (retired ones too), in their order."""
    rows = list(session.execute(select(RecordType).order_by(
        RecordType.position, RecordType.id)).scalars())
    if not rows:
        return []
    by_type: dict[int, list[RecordTypeField]] = {}
    for f in session.execute(select(RecordTypeField)).scalars():
        by_type.setdefault(f.type_id, []).append(f)
    return [type_def(r, by_type.get(r.id, [])) for r in rows]


def type_row(session: Session, key: str) -> RecordType | None:
    return session.execute(select(RecordType).where(RecordType.key == key)).scalar_one_or_none()


def field_row(session: Session, type_id: int, key: str) -> RecordTypeField | None:
    return session.execute(select(RecordTypeField).where(
        RecordTypeField.type_id == type_id, RecordTypeField.key == key)).scalar_one_or_none()


def field_values(field: FieldDef) -> dict[str, Any]:
    """The ``record_type_fields`` columns of *field* (but type_id, position, column)."""
    return {"key": field.key, "name_zh": field.name_zh, "name_en": field.name_en,
            "kind": field.kind, "required": field.required, "unique": field.unique,
            "indexed": field.indexed, "in_list": field.in_list,
            "default_value": field.default, "min_value": field.min, "max_value": field.max,
            "help_zh": field.help_zh, "help_en": field.help_en,
            "choices": choices_json(field.choices) if field.choices else (
                json.dumps(field.options()) if field.options() else None),
            "target": field.target,
            "section": field.section, "retired": field.retired}
