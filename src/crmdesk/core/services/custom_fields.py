"""Custom fields: definitions per record type (admins) and their values per record."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, keys
from crmdesk.core.fields import FieldSpec
from crmdesk.core.models import CustomFieldDef, CustomFieldValue
from crmdesk.core.models.custom_fields import (  # re-exported for the window
    CUSTOM_FIELD_ENTITIES as CUSTOM_FIELD_ENTITIES,
)
from crmdesk.core.models.custom_fields import CUSTOM_FIELD_KINDS as CUSTOM_FIELD_KINDS
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import audit, sensitive
from crmdesk.core.validation import (
    FieldProblem,
    clean_date,
    clean_number,
    clean_text,
    required_problem,
)
from crmdesk.errors import FieldError, KnownError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def purpose(definition: CustomFieldDef) -> str:
    return f"custom.{definition.entity}.{definition.key}"


def definitions(session: Session, entity: str, *, active_only: bool = True) -> list[CustomFieldDef]:
    stmt = select(CustomFieldDef).where(CustomFieldDef.entity == entity)
    if active_only:
        stmt = stmt.where(CustomFieldDef.active.is_(True))
    return list(session.execute(stmt.order_by(CustomFieldDef.position, CustomFieldDef.id))
                .scalars())


def _problem(field_key: str, label: str, text: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field_key, label, render("Validation", text, label=label,
                                                      **params))])


def create_definition(session: Session, actor: Actor, entity: str, key: str, label: str,
                      kind: str, *, choices: Sequence[str] | None = None,
                      required: bool = False, is_sensitive: bool = False,
                      position: int | None = None) -> CustomFieldDef:
    require(actor, "settings.manage")
    key_label = render("Field", QT_TRANSLATE_NOOP("Field", "Field key"))
    if entity not in CUSTOM_FIELD_ENTITIES:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "Custom fields are not available for {e}."),
                         e=entity)
    if not KEY_RE.match(key or ""):
        raise _problem("key", key_label, QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: use lower-case letters, digits and _, "
                          "starting with a letter, e.g. vip_level."))
    if kind not in CUSTOM_FIELD_KINDS:
        raise _problem("kind", render("Field", QT_TRANSLATE_NOOP("Field", "Field type")),
                       QT_TRANSLATE_NOOP("Validation", "{label} must be one of: {choices}."),
                       choices=", ".join(CUSTOM_FIELD_KINDS))
    if not (label or "").strip():
        raise _problem("label", render("Field", QT_TRANSLATE_NOOP("Field", "Label")),
                       QT_TRANSLATE_NOOP("Validation", "{label} is required: please fill it in."))
    cleaned_choices = [c.strip() for c in (choices or []) if c and c.strip()]
    if kind == "choice" and not cleaned_choices:
        raise _problem("choices", render("Field", QT_TRANSLATE_NOOP("Field", "Choices")),
                       QT_TRANSLATE_NOOP("Validation", "{label}: enter at least one choice."))
    if session.execute(select(CustomFieldDef.id).where(
            CustomFieldDef.entity == entity, CustomFieldDef.key == key)).first():
        raise _problem("key", key_label, QT_TRANSLATE_NOOP(
            "Validation", "{label} {key} exists already: choose another."), key=key)
    if position is None:
        position = len(definitions(session, entity, active_only=False)) + 1
    definition = CustomFieldDef(entity=entity, key=key, label=label.strip(), kind=kind,
                                choices=json.dumps(cleaned_choices, ensure_ascii=False)
                                if kind == "choice" else None,
                                required=required, sensitive=is_sensitive, position=position,
                                created_by_id=actor.user_id or None)
    session.add(definition)
    session.flush()
    audit.record(session, actor, "custom_field_create", entity="custom_field",
                 entity_id=definition.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Custom field {label} of {entity}"),
                 params={"label": label, "entity": audit_messages.entity(entity)},
                 after={"label": label, "kind": kind, "required": required,
                        "sensitive": is_sensitive, "choices": cleaned_choices})
    return definition


def set_active(session: Session, actor: Actor, definition_id: int, active: bool) -> None:
    require(actor, "settings.manage")
    definition = session.get(CustomFieldDef, definition_id)
    if definition is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "Custom field {id} does not exist."),
                       id=definition_id)
    definition.active = active
    session.flush()
    audit.record(session, actor, "custom_field_update", entity="custom_field",
                 entity_id=definition_id,
                 message=QT_TRANSLATE_NOOP("Audit", "Enabled custom field {label} of {entity}")
                 if active else QT_TRANSLATE_NOOP("Audit",
                                                  "Disabled custom field {label} of {entity}"),
                 params={"label": definition.label,
                         "entity": audit_messages.entity(definition.entity)})


def choices_of(definition: CustomFieldDef) -> list[str]:
    return list(json.loads(definition.choices)) if definition.choices else []


@dataclass(frozen=True)
class DefinitionSummary:
    """A custom field's definition as screens and imports use it (no ORM object)."""

    id: int
    entity: str
    key: str
    label: str
    kind: str
    choices: tuple[str, ...]
    required: bool
    sensitive: bool
    active: bool


def definition_summaries(session: Session, entity: str, *,
                         active_only: bool = True) -> list[DefinitionSummary]:
    """The definitions :func:`definitions` returns, as frozen summaries."""
    return [DefinitionSummary(d.id, d.entity, d.key, d.label, d.kind, tuple(choices_of(d)),
                              bool(d.required), bool(d.sensitive), bool(d.active))
            for d in definitions(session, entity, active_only=active_only)]


def clean_one(definition: CustomFieldDef, raw: Any) -> Any:
    if definition.kind == "text":
        return clean_text(raw, 1000)
    if definition.kind == "number":
        return clean_number(raw)
    if definition.kind == "date":
        return clean_date(raw)
    value = clean_text(raw, 200)
    if value is not None and value not in choices_of(definition):
        raise FieldProblem(QT_TRANSLATE_NOOP("Validation", "{label} must be one of: {choices}."),
                           choices=", ".join(choices_of(definition)))
    return value


def clean_values(session: Session, actor: Actor, entity: str, raw: Mapping[str, Any], *,
                 creating: bool, defs: Sequence[CustomFieldDef] | None = None
                 ) -> dict[int, tuple[CustomFieldDef, Any]]:
    """Validate custom values given by key; required ones are checked on create.

    *defs*: the active definitions of *entity*, when the caller has them already
    (an import checks thousands of rows against the same ones).
    """
    if entity not in CUSTOM_FIELD_ENTITIES:
        return {}
    if defs is None:
        defs = definitions(session, entity)
    if not defs:
        return {}
    errors: list[FieldError] = []
    cleaned: dict[int, tuple[CustomFieldDef, Any]] = {}
    for definition in defs:
        present = definition.key in raw
        if not present and not (creating and definition.required):
            continue
        try:
            value = clean_one(definition, raw.get(definition.key))
            if definition.required and value is None:
                raise required_problem()
        except FieldProblem as problem:
            errors.append(FieldError("cf." + definition.key, definition.label,
                                     problem.render(definition.label)))
            continue
        cleaned[definition.id] = (definition, value)
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_values(session: Session, actor: Actor, entity: str, entity_id: int,
                cleaned: Mapping[int, tuple[CustomFieldDef, Any]]) -> None:
    scope = None
    for def_id, (definition, value) in cleaned.items():
        row = session.execute(select(CustomFieldValue).where(
            CustomFieldValue.def_id == def_id,
            CustomFieldValue.entity_id == entity_id)).scalar_one_or_none()
        if value is None:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = CustomFieldValue(def_id=def_id, entity_id=entity_id)
            session.add(row)
        if definition.sensitive and scope is None:
            scope = keys.custom_scope(session, entity, entity_id)
        for column, stored in stored_columns(actor, definition, value, entity_id=entity_id,
                                             scope=scope or keys.SHARED).items():
            setattr(row, column, stored)
    session.flush()


def stored_columns(actor: Actor, definition: CustomFieldDef, value: Any, *, entity_id: int,
                   scope: str) -> dict[str, Any]:
    """The ``custom_field_values`` columns holding a cleaned, non-empty *value* of record
    *entity_id*: a sensitive one encrypted under *scope* (``keys.custom_scope``)."""
    columns: dict[str, Any] = {"value_text": None, "value_number": None, "value_date": None,
                               "value_enc": None, "value_bidx": None}
    if definition.sensitive:
        text = value.isoformat() if isinstance(value, date) else str(value)
        columns["value_enc"], columns["value_bidx"] = sensitive.encrypt(
            actor, purpose(definition), text, scope=scope, row_id=entity_id)
    elif definition.kind == "date":
        columns["value_date"] = value
    elif definition.kind == "number":
        columns["value_text"] = str(value)
        columns["value_number"] = float(value)
    else:
        columns["value_text"] = value
    return columns


def _value_of(definition: CustomFieldDef, row: CustomFieldValue) -> Any:
    if definition.kind == "date":
        return row.value_date
    if definition.kind == "number":
        return Decimal(row.value_text) if row.value_text is not None else None
    return row.value_text


def values(session: Session, actor: Actor, entity: str, entity_id: int) -> dict[str, Any]:
    """Values by key for display; sensitive ones masked."""
    result: dict[str, Any] = {}
    for definition, row in _rows(session, entity, entity_id):
        if definition.sensitive:
            result[definition.key] = sensitive.masked(actor, purpose(definition), row.value_enc,
                                                      row_id=entity_id)
        else:
            result[definition.key] = _value_of(definition, row)
    return result


def reveal(session: Session, actor: Actor, entity: str, entity_id: int, key: str) -> str | None:
    for definition, row in _rows(session, entity, entity_id):
        if definition.key == key and definition.sensitive:
            return sensitive.reveal(session, actor, entity, entity_id, f"cf.{key}",
                                    purpose(definition), row.value_enc)
    return None


def _rows(session: Session, entity: str,
          entity_id: int) -> list[tuple[CustomFieldDef, CustomFieldValue]]:
    stmt = (select(CustomFieldDef, CustomFieldValue)
            .join(CustomFieldValue, CustomFieldValue.def_id == CustomFieldDef.id)
            .where(CustomFieldDef.entity == entity, CustomFieldValue.entity_id == entity_id))
    return [(d, v) for d, v in session.execute(stmt)]


def snapshot(session: Session, entity: str, entity_id: int) -> dict[str, Any]:
    """For the audit log: ``cf.key`` -> value (sensitive: ``<set>``)."""
    result: dict[str, Any] = {}
    for definition, row in _rows(session, entity, entity_id):
        value = "<set>" if definition.sensitive else _value_of(definition, row)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        result["cf." + definition.key] = value
    return result


def delete_values(session: Session, entity: str, entity_ids: Sequence[int]) -> None:
    if not entity_ids:
        return
    def_ids = select(CustomFieldDef.id).where(CustomFieldDef.entity == entity)
    session.execute(delete(CustomFieldValue).where(CustomFieldValue.def_id.in_(def_ids),
                                                   CustomFieldValue.entity_id.in_(entity_ids)))


# ---------------------------------------------------------------------------
# Datasheet columns
# ---------------------------------------------------------------------------

def list_specs(session: Session, entity: str) -> list[FieldSpec]:
    """The datasheet columns of *entity*'s custom fields (``cf.KEY``; the sensitive ones
    are left out, as sensitive fields are).  Shown, not sorted or filtered on."""
    if entity not in CUSTOM_FIELD_ENTITIES:
        return []
    return [FieldSpec("cf." + d.key, d.label, "date" if d.kind == "date" else "text",
                      editable=True, width=110)
            for d in definitions(session, entity) if not d.sensitive]


def page_values(session: Session, entity: str,
                entity_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The non-sensitive custom values of a page of records: {id: {"cf.KEY": value}}."""
    if entity not in CUSTOM_FIELD_ENTITIES or not entity_ids:
        return {}
    result: dict[int, dict[str, Any]] = {}
    stmt = (select(CustomFieldDef, CustomFieldValue)
            .join(CustomFieldValue, CustomFieldValue.def_id == CustomFieldDef.id)
            .where(CustomFieldDef.entity == entity, CustomFieldDef.active.is_(True),
                   CustomFieldDef.sensitive.is_(False),
                   CustomFieldValue.entity_id.in_(list(entity_ids))))
    for definition, row in session.execute(stmt):
        result.setdefault(row.entity_id, {})["cf." + definition.key] = _value_of(definition,
                                                                                 row)
    return result
