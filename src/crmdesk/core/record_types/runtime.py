"""Making a file's designed types known to the generic machinery, by their key.

The datasheets, forms, filters, the recycle bin, export, import and ``crmdesk
list|show|add|edit|delete`` find a record type by name in
``services.registry.SERVICES`` and its fields in ``fields.FIELDS``.  The designed
types differ from file to file, so :func:`activate` (run at each login, and after
each change of a definition) registers those of the file at hand there, and removes
those of a file opened before.  Labels are registered in the language at hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crmdesk.core import fields, presentation
from crmdesk.core.fields import FieldSpec
from crmdesk.core.models.attachments import ENTITY_TABLES
from crmdesk.core.record_types import kinds, store, tables
from crmdesk.core.record_types.definitions import TypeDef
from crmdesk.core.record_types.service import RecordTypeService, service_for_type
from crmdesk.i18n import QT_TRANSLATE_NOOP

_ACTIVE: dict[str, TypeDef] = {}


@dataclass(frozen=True)
class DesignedFieldSpec(FieldSpec):
    """A designed field: named by the administrator in Chinese and English."""

    label_zh: str = ""
    help: str = ""
    help_zh: str = ""

    @property
    def translated(self) -> str:
        return self.label_zh if self.label_zh and presentation.reads_chinese() else self.label

    @property
    def help_text(self) -> str:
        return self.help_zh if self.help_zh and presentation.reads_chinese() else self.help


def choices_key(type_key: str, field_key: str) -> str:
    return f"rt.{type_key}.{field_key}"


def section_key(type_key: str, section: str) -> str:
    return f"rt.{type_key}.{section}"


def bilingual(zh: str, en: str) -> str:
    return zh if presentation.reads_chinese() else en


def specs_for(typedef: TypeDef) -> list[FieldSpec]:
    """The field declarations of *typedef* as the generic machinery reads them."""
    specs: list[FieldSpec] = []
    if typedef.code_prefix:
        specs.append(FieldSpec("code", QT_TRANSLATE_NOOP("Field", "Code"), editable=False,
                               width=90))
    if typedef.belongs_to == "customer":
        specs.append(FieldSpec("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"),
                               "customer", required=True, width=160))
    if typedef.statuses:
        specs.append(FieldSpec("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice",
                               choices=choices_key(typedef.key, "status"), width=90))
    for f in typedef.live_fields:
        choice_kinds = f.kind in ("choice", "multichoice")
        specs.append(DesignedFieldSpec(
            key=f.key, label=f.name_en, label_zh=f.name_zh, kind=kinds.SPEC_KIND[f.kind],
            required=f.required, max_len=kinds.max_len(f),
            choices=choices_key(typedef.key, f.key) if choice_kinds else None,
            sensitive=f.sensitive, in_list=f.in_list and not f.sensitive,
            width=160 if f.kind in ("longtext", "customer", "record") else 110,
            section=section_key(typedef.key, f.section) if f.section else "",
            help=f.help_en or f.help_zh or "", help_zh=f.help_zh or f.help_en or ""))
    if typedef.belongs_to == "owner":
        specs.append(FieldSpec("owner_id", QT_TRANSLATE_NOOP("Field", "Owner"), "user",
                               width=80))
    specs.append(FieldSpec("created_at", QT_TRANSLATE_NOOP("Field", "Created"), "datetime",
                           editable=False, width=130))
    return specs


def _unregister() -> None:
    from crmdesk.core.services.registry import SERVICES

    for key in list(_ACTIVE):
        ENTITY_TABLES.pop(key, None)
        SERVICES.pop(key, None)
        fields.FIELDS.pop(key, None)
        fields.ENTITY_LABELS.pop(key, None)
    prefix = "rt."
    for table in (fields.CHOICES, fields.CHOICE_ALIASES, fields.SECTIONS):
        for name in [k for k in table if k.startswith(prefix)]:
            table.pop(name, None)
    _ACTIVE.clear()


def _register(typedef: TypeDef) -> None:
    from crmdesk.core.services.registry import SERVICES

    service = service_for_type(typedef, tables.model_for(typedef))
    SERVICES[typedef.key] = service
    ENTITY_TABLES[typedef.key] = service.model.__tablename__  # records take attachments
    fields.FIELDS[typedef.key] = specs_for(typedef)
    fields.ENTITY_LABELS[typedef.key] = bilingual(typedef.name_zh, typedef.name_en)
    for section in typedef.sections:
        fields.SECTIONS[section_key(typedef.key, section.key)] = bilingual(section.name_zh,
                                                                         section.name_en)
    if typedef.statuses:
        name = choices_key(typedef.key, "status")
        fields.CHOICES[name] = {st.key: kinds.status_name(st) for st in typedef.statuses}
        fields.CHOICE_ALIASES[name] = {**{st.name_zh: st.key for st in typedef.statuses},
                                       **{st.name_en: st.key for st in typedef.statuses}}
    for f in typedef.fields:
        if f.section and section_key(typedef.key, f.section) not in fields.SECTIONS:
            fields.SECTIONS[section_key(typedef.key, f.section)] = f.section
        if f.kind in ("choice", "multichoice"):
            name = choices_key(typedef.key, f.key)
            fields.CHOICES[name] = {c.key: kinds.choice_name(c) for c in f.choices}
            aliases: dict[str, str] = {}
            for c in f.choices:
                aliases[c.name_zh] = c.key
                aliases[c.name_en] = c.key
            fields.CHOICE_ALIASES[name] = aliases
    _ACTIVE[typedef.key] = typedef


def activate(session: Session) -> list[TypeDef]:
    """Register the live types of this session's file (and only those); returns them."""
    from crmdesk.core.services import records

    types = [t for t in store.load_all(session) if not t.retired]
    _unregister()
    for typedef in types:
        _register(typedef)
    records._reference_fields.cache_clear()
    presentation._closed_names.cache_clear()
    return types


def deactivate() -> None:
    """Forget every registered type (a file was closed)."""
    from crmdesk.core.services import records

    _unregister()
    records._reference_fields.cache_clear()
    presentation._closed_names.cache_clear()


def active_types() -> list[TypeDef]:
    return list(_ACTIVE.values())


def is_designed(entity: str) -> bool:
    return entity in _ACTIVE


def service(entity: str) -> RecordTypeService:
    from crmdesk.core.services.registry import SERVICES

    found: Any = SERVICES[entity]
    assert isinstance(found, RecordTypeService)
    return found


def reference_target(entity: str, key: str) -> str:
    """The record type a "record" field of a designed type refers to."""
    field = _ACTIVE[entity].field(key)
    assert field is not None and field.target is not None
    return field.target
