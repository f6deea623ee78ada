"""The designer of record types (administrators): define a type, add, rename, reorder,
retire and change fields without losing data, and move definitions between files as
JSON (:mod:`crmdesk.core.record_types.definitions` documents the format).

Each change writes the definition rows, alters the type's table by controlled DDL
(:mod:`crmdesk.core.record_types.tables`) and is audited, all in the caller's
transaction; then the file's types are registered again
(:func:`crmdesk.core.record_types.runtime.activate`), so the change shows at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from crmdesk.core.fields import ENTITY_LABELS
from crmdesk.core.models import RecordType, RecordTypeField
from crmdesk.core.permissions import Actor, require
from crmdesk.core.record_types import kinds, runtime, store, tables
from crmdesk.core.record_types.definitions import (
    CHOICE_KINDS,
    KINDS,
    SENSITIVE_KINDS,
    DefinitionError,
    FieldDef,
    TypeDef,
    choices_json,
    document,
    parse_choices,
    parse_document,
    parse_field,
    parse_sections,
    parse_type,
    problem,
    sections_json,
    statuses_json,
)
from crmdesk.core.services import accounts, audit
from crmdesk.core.validation import FieldProblem
from crmdesk.errors import FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: the record types of the program itself: a designed type cannot take their names
BUILT_IN = frozenset(("customer", "contact", "interaction", "opportunity", "product", "order",
                      "ticket", "task", "campaign", "user", "team", "stage", "status",
                      "attachment", "setting", "record", "types"))
#: how many values that do not convert a refusal lists (the count says the rest)
LISTED_VALUES = 20
BATCH = 2000


class KindChangeRefused(ValidationError):
    """Some stored values do not convert to the new kind: nothing was changed.

    ``values`` lists them (at most :data:`LISTED_VALUES`, distinct), ``count`` says
    how many records hold one."""

    def __init__(self, field: str, label: str, values: list[str], count: int,
                 kind: str) -> None:
        message = render("RecordTypes", QT_TRANSLATE_NOOP(
            "RecordTypes", "{label} cannot become {kind}: {count} records hold values that do "
                           "not convert ({values}). Correct those records first, or add a "
                           "new field."), label=label, kind=kind, count=count,
            values=", ".join(values))
        super().__init__([FieldError(field, label, message)])
        self.values = values
        self.count = count


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def list_types(session: Session, actor: Actor, *, retired: bool = True) -> list[TypeDef]:
    """Every designed type of the file (any logged-in user: the keys the record
    commands take)."""
    accounts.ensure_active(session, actor)
    return [t for t in store.load_all(session) if retired or not t.retired]


def get_type(session: Session, key: str) -> TypeDef:
    for typedef in store.load_all(session):
        if typedef.key == key:
            return typedef
    raise NotFound(QT_TRANSLATE_NOOP(
        "Errors", "There is no record type {key}: crmdesk types FILE lists them."), key=key)


def _row(session: Session, key: str) -> RecordType:
    row = store.type_row(session, key)
    if row is None:
        get_type(session, key)  # raises NotFound
        raise AssertionError(key)
    return row


def _field_row(session: Session, row: RecordType, key: str) -> RecordTypeField:
    found = store.field_row(session, row.id, key)
    if found is None:
        raise NotFound(QT_TRANSLATE_NOOP(
            "Errors", "Record type {type} has no field {key}."), type=row.key, key=key)
    return found


# ---------------------------------------------------------------------------
# Checks of a definition against the file
# ---------------------------------------------------------------------------

def _check_field(session: Session, field: FieldDef, where: str, *,
                 known_types: set[str]) -> None:
    if field.kind == "record" and field.target not in known_types:
        raise problem(f"{where}.target", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: there is no record type {target}."), target=field.target)
    for name, value in (("min", field.min), ("max", field.max)):
        if kinds.bound_problem(field, name, value):
            raise problem(f"{where}.{name}", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} {value} does not fit a field of kind {kind}."),
                value=value, kind=field.kind)
    if field.default not in (None, "") and not (
            (field.kind == "date" and field.default == "today")
            or (field.kind == "datetime" and field.default == "now")):
        if field.sensitive:
            raise problem(f"{where}.default", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: a sensitive field has no default."))
        try:
            value = kinds.clean(field, field.default)
            bad = kinds.range_problem(field, value)
            if bad is not None:
                raise bad
        except FieldProblem as exc:
            raise problem(f"{where}.default", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: {problem}"), problem=exc.render(field.key)) from None


def _known_types(session: Session, extra: Sequence[str] = ()) -> set[str]:
    return {t.key for t in store.load_all(session)} | set(extra)


def _bump(session: Session, actor: Actor, row: RecordType, message: str,
          params: Mapping[str, Any], *, before: Mapping[str, Any] | None = None,
          after: Mapping[str, Any] | None = None, action: str = "record_type_update") -> None:
    row.version = (row.version or 0) + 1
    row.updated_by_id = actor.user_id or None
    session.flush()
    audit.record(session, actor, action, entity="record_type", entity_id=row.id,
                 message=message, params={"type": row.key, **params},
                 before=before, after=after)
    runtime.activate(session)


def _designer(session: Session, actor: Actor) -> None:
    accounts.ensure_active(session, actor)
    require(actor, "settings.manage")


# ---------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------

def create_type(session: Session, actor: Actor, data: Mapping[str, Any] | TypeDef, *,
                also_known: Sequence[str] = ()) -> TypeDef:
    """Define a new type and create its table (*also_known*: types of the same import,
    which its reference fields may name)."""
    _designer(session, actor)
    typedef = data if isinstance(data, TypeDef) else parse_type(dict(data))
    if typedef.key in BUILT_IN or (typedef.key in ENTITY_LABELS
                                   and not runtime.is_designed(typedef.key)):
        raise problem("key", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} {key} is the name of a built-in record type: choose "
                           "another."), key=typedef.key)
    if store.type_row(session, typedef.key) is not None:
        raise problem("key", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} {key} exists already: choose another, or import to "
                           "update it."), key=typedef.key)
    name = tables.table_name(typedef.key)
    if tables.exists(session, name):
        raise problem("key", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} {key} cannot be used: the file has a table {table}."),
            key=typedef.key, table=name)
    known = _known_types(session, [typedef.key, *also_known])
    sections = list(typedef.sections)
    placed: list[FieldDef] = []
    for i, f in enumerate(typedef.fields):
        _check_field(session, f, f"fields[{i}]", known_types=known)
        if f.section and not any(s.key == f.section for s in sections):
            sections.append(parse_sections([f.section], "sections")[0])
        placed.append(replace(f, position=i + 1, column=tables.free_column(
            replace(typedef, fields=tuple(placed)), f.key)))
    position = (session.execute(select(func.max(RecordType.position))).scalar() or 0) + 1
    row = RecordType(key=typedef.key, name_zh=typedef.name_zh, name_en=typedef.name_en,
                     icon=typedef.icon, code_prefix=typedef.code_prefix,
                     belongs_to=typedef.belongs_to, sections=sections_json(sections),
                     statuses=statuses_json(typedef.statuses, typedef.transitions),
                     table_name=name, version=1, retired=typedef.retired, position=position,
                     created_by_id=actor.user_id or None)
    session.add(row)
    session.flush()
    for f in placed:
        session.add(RecordTypeField(type_id=row.id, position=f.position,
                                    column_name=f.column, created_by_id=actor.user_id or None,
                                    **store.field_values(f)))
    session.flush()
    created = replace(typedef, fields=tuple(placed), sections=tuple(sections), table=name,
                      id=row.id)
    tables.create(session, created)
    audit.record(session, actor, "record_type_create", entity="record_type", entity_id=row.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Record type {type} created"),
                 params={"type": row.key}, after=created.as_json())
    runtime.activate(session)
    return get_type(session, typedef.key)


def update_type(session: Session, actor: Actor, key: str, changes: Mapping[str, Any]
                ) -> TypeDef:
    """Change a type's names, icon, code prefix, sections (their order is the form's)
    or retire it (``retired``: hidden everywhere, its records kept)."""
    _designer(session, actor)
    row = _row(session, key)
    before = get_type(session, key).as_json()
    allowed = ("name_zh", "name_en", "icon", "code_prefix", "sections", "statuses",
               "transitions", "retired")
    for name in changes:
        if name not in allowed:
            raise problem(name, QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} cannot be changed here; these can: {known}."),
                known=", ".join(allowed))
    merged = {**before, **{k: v for k, v in changes.items()}}
    merged.pop("fields", None)
    checked = parse_type(merged)  # the same rules as a new type's
    row.name_zh, row.name_en = checked.name_zh, checked.name_en
    row.icon, row.code_prefix, row.retired = checked.icon, checked.code_prefix, checked.retired
    if "sections" in changes:
        row.sections = sections_json(checked.sections)
    if "statuses" in changes or "transitions" in changes:
        _change_statuses(session, row, get_type(session, key), checked)
    after = {k: v for k, v in checked.as_json().items() if k != "fields"}
    _bump(session, actor, row, QT_TRANSLATE_NOOP("Audit", "Record type {type} changed"), {},
          before={k: v for k, v in before.items() if k != "fields"}, after=after)
    return get_type(session, key)


def _change_statuses(session: Session, row: RecordType, old: TypeDef, new: TypeDef) -> None:
    """New statuses or moves: refused while records are in a status that goes; the
    table gets its status column the first time (its records start in the first)."""
    if old.has_status_column:
        keys = {st.key for st in new.statuses}
        model = tables.model_for(old)
        used = session.execute(select(model.status, func.count()).where(
            model.status.is_not(None)).group_by(model.status)).all()
        gone = [f"{status} ({count})" for status, count in used if status not in keys]
        if gone:
            raise problem("statuses", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: records are still in {statuses}; move them to "
                               "another status first."), statuses=", ".join(gone))
    elif new.statuses:
        tables.add_status(session, old, new.statuses[0].key)
    stored = statuses_json(new.statuses, new.transitions)
    row.statuses = stored if stored is not None or not old.has_status_column else \
        '{"statuses": [], "transitions": []}'


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------

def add_field(session: Session, actor: Actor, type_key: str, data: Mapping[str, Any] | FieldDef,
              *, also_known: Sequence[str] = ()) -> FieldDef:
    _designer(session, actor)
    row = _row(session, type_key)
    typedef = get_type(session, type_key)
    field = data if isinstance(data, FieldDef) else parse_field(dict(data), "field")
    if typedef.field(field.key) is not None:
        raise problem("field.key", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} {key} exists already in this type: choose another (a "
                           "retired field keeps its key)."), key=field.key)
    _check_field(session, field, "field", known_types=_known_types(session, also_known))
    position = max((f.position for f in typedef.fields), default=0) + 1
    field = replace(field, position=position, column=tables.free_column(typedef, field.key))
    if field.section and not any(s.key == field.section for s in typedef.sections):
        sections = [*typedef.sections, *parse_sections([field.section], "sections")]
        row.sections = sections_json(sections)
    session.add(RecordTypeField(type_id=row.id, position=position, column_name=field.column,
                                created_by_id=actor.user_id or None,
                                **store.field_values(field)))
    session.flush()
    tables.add_field(session, typedef, field)
    _bump(session, actor, row, QT_TRANSLATE_NOOP("Audit", "Record type {type}: field {field} "
                                                          "added"),
          {"field": field.key}, after=field.as_json())
    return field


def rename_field(session: Session, actor: Actor, type_key: str, field_key: str, *,
                 name_zh: str | None = None, name_en: str | None = None) -> FieldDef:
    """New names for a field: its key and column stay, and so does every value."""
    return update_field(session, actor, type_key, field_key,
                        {k: v for k, v in (("name_zh", name_zh), ("name_en", name_en))
                         if v is not None})


#: what :func:`update_field` changes (the kind has :func:`change_kind`)
FIELD_CHANGES = ("name_zh", "name_en", "required", "unique", "indexed", "in_list", "default",
                 "min", "max", "help_zh", "help_en", "choices", "section", "target",
                 "calendar", "remind_days_before")


def update_field(session: Session, actor: Actor, type_key: str, field_key: str,
                 changes: Mapping[str, Any]) -> FieldDef:
    """Change a field's names, rules, help, choices or section.  Refused (naming the
    values) when stored values would break it: a unique field with duplicates, a
    choice still in use removed, a range that values fall outside of."""
    _designer(session, actor)
    row = _row(session, type_key)
    typedef = get_type(session, type_key)
    field_row = _field_row(session, row, field_key)
    old = typedef.field(field_key)
    assert old is not None
    for name in changes:
        if name not in FIELD_CHANGES:
            raise problem(name, QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} cannot be changed here; these can: {known}."),
                known=", ".join(FIELD_CHANGES))
    if "target" in changes and changes["target"] != old.target:
        raise problem("target", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: a reference keeps its record type; add a new field."))
    merged = {**old.as_json(), **changes}
    new = replace(parse_field(merged, "field"), position=old.position, column=old.column)
    _check_field(session, new, "field", known_types=_known_types(session))
    service = runtime.service(type_key) if runtime.is_designed(type_key) else None
    if service is not None:
        _check_stored(session, service.model, old, new)
    if new.section and not any(s.key == new.section for s in typedef.sections):
        row.sections = sections_json([*typedef.sections,
                                      *parse_sections([new.section], "sections")])
    for column, value in store.field_values(new).items():
        setattr(field_row, column, value)
    session.flush()
    if new.has_index and not old.has_index:
        tables.add_index(session, typedef, new)
    elif old.has_index and not new.has_index and not new.sensitive:
        tables.drop_index(session, typedef, old.column)
    before, after = audit.diff(old.as_json(), new.as_json())
    _bump(session, actor, row, QT_TRANSLATE_NOOP("Audit", "Record type {type}: field {field} "
                                                          "changed"),
          {"field": field_key}, before=before, after=after)
    return new


def _check_stored(session: Session, model: Any, old: FieldDef, new: FieldDef) -> None:
    """Refuse a change that values already stored would break."""
    if new.sensitive:
        return
    column = getattr(model, old.key)
    label = new.name_zh if new.name_zh else new.key
    if new.unique and not old.unique:
        dupes = session.execute(
            select(column).where(column.is_not(None), model.deleted_at.is_(None))
            .group_by(column).having(func.count() > 1).limit(LISTED_VALUES)).scalars().all()
        if dupes:
            raise ValidationError([FieldError(new.key, label, render("RecordTypes",
                QT_TRANSLATE_NOOP("RecordTypes", "{label} cannot be unique: several records "
                                                 "hold {values}. Correct them first."),
                label=label, values=", ".join(kinds.as_text(old, v) for v in dupes)))])
    bad: list[str] = []
    count = 0
    if new.kind in CHOICE_KINDS or new.min != old.min or new.max != old.max:
        for (value,) in session.execute(select(column).where(column.is_not(None)).distinct()):
            try:
                converted = kinds.convert(old, new, value)
                problem_ = kinds.range_problem(new, converted)
                if problem_ is not None:
                    raise problem_
            except FieldProblem:
                count += 1
                if len(bad) < LISTED_VALUES:
                    bad.append(kinds.as_text(old, value))
    if bad:
        raise KindChangeRefused(new.key, label, bad, count, new.kind)


def reorder_fields(session: Session, actor: Actor, type_key: str,
                   keys: Sequence[str]) -> TypeDef:
    """Put the fields named first, in this order; the others follow as they were."""
    _designer(session, actor)
    row = _row(session, type_key)
    rows = {f.key: f for f in session.execute(select(RecordTypeField).where(
        RecordTypeField.type_id == row.id)).scalars()}
    for key in keys:
        if key not in rows:
            raise NotFound(QT_TRANSLATE_NOOP(
                "Errors", "Record type {type} has no field {key}."), type=type_key, key=key)
    rest = [k for k, _ in sorted(rows.items(), key=lambda kv: (kv[1].position, kv[1].id))
            if k not in keys]
    before = {k: rows[k].position for k in rows}
    for position, key in enumerate([*dict.fromkeys(keys), *rest], start=1):
        rows[key].position = position
    _bump(session, actor, row, QT_TRANSLATE_NOOP("Audit", "Record type {type}: fields "
                                                          "reordered"),
          {}, before=before, after={k: rows[k].position for k in rows})
    return get_type(session, type_key)


def retire_field(session: Session, actor: Actor, type_key: str, field_key: str, *,
                 retired: bool = True) -> FieldDef:
    """Hide a field everywhere (its values stay in its column), or bring it back."""
    _designer(session, actor)
    row = _row(session, type_key)
    field_row = _field_row(session, row, field_key)
    field_row.retired = retired
    _bump(session, actor, row, QT_TRANSLATE_NOOP("Audit", "Record type {type}: field {field} "
                                                          "retired") if retired else
          QT_TRANSLATE_NOOP("Audit", "Record type {type}: field {field} restored"),
          {"field": field_key}, after={"retired": retired})
    found = get_type(session, type_key).field(field_key)
    assert found is not None
    return found


def change_kind(session: Session, actor: Actor, type_key: str, field_key: str, kind: str,
                *, choices: Any = None, target: str | None = None) -> FieldDef:
    """Give a field another kind.  Every stored value (records in the recycle bin
    too) is converted first; when any does not convert, nothing changes and
    :class:`KindChangeRefused` lists them.  The values move to a new column."""
    _designer(session, actor)
    row = _row(session, type_key)
    typedef = get_type(session, type_key)
    field_row = _field_row(session, row, field_key)
    old = typedef.field(field_key)
    assert old is not None
    if kind not in KINDS:
        raise problem("kind", QT_TRANSLATE_NOOP("RecordTypes", "{where} must be one of: "
                                                               "{kinds}."),
                      kinds=", ".join(KINDS))
    new_choices = parse_choices(choices, "choices") if choices is not None else old.choices
    new = replace(old, kind=kind, choices=new_choices if kind in CHOICE_KINDS else (),
                  target=target if kind == "record" else None,
                  indexed=old.indexed and kind not in SENSITIVE_KINDS,
                  unique=old.unique and kind not in CHOICE_KINDS | {"bool", "longtext"})
    if kind == old.kind and new == old:
        return old
    if kind in CHOICE_KINDS and not new.choices:
        raise problem("choices", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: a choice field needs at least one choice."))
    if not kinds.convertible(old, new):
        raise problem("kind", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: a {old} field cannot become {new} (sensitive values and "
                           "references keep their kind); add a new field instead."),
            old=old.kind, new=kind)
    _check_field(session, new, "field", known_types=_known_types(session))
    model = tables.model_for(typedef)
    column = getattr(model, field_key)
    stored = session.execute(select(model.id, column).where(column.is_not(None))).all()
    converted: list[dict[str, Any]] = []
    bad: dict[str, None] = {}
    count = 0
    for record_id, value in stored:
        try:
            value_ = kinds.convert(old, new, value)
            problem_ = kinds.range_problem(new, value_)
            if problem_ is not None:
                raise problem_
        except FieldProblem:
            count += 1
            if len(bad) < LISTED_VALUES:
                bad[kinds.as_text(old, value)] = None
            continue
        converted.append({"row_id": record_id, "value": value_})
    if count:
        label = old.name_zh or old.key
        raise KindChangeRefused(field_key, label, list(bad), count, kind)
    new = replace(new, column=tables.free_column(typedef, field_key))
    tables.add_field(session, typedef, new)
    moved = replace(typedef, fields=tuple(new if f.key == field_key else f
                                          for f in typedef.fields))
    table = tables.build_table(_fresh_metadata(), moved)
    statement = table.update().where(table.c.id == bindparam("row_id")).values(
        {field_key: bindparam("value")})
    connection = session.connection()
    for start in range(0, len(converted), BATCH):
        connection.execute(statement, converted[start:start + BATCH])
    tables.drop_column(session, typedef, old.column)
    for name, value in store.field_values(new).items():
        setattr(field_row, name, value)
    field_row.column_name = new.column
    session.flush()
    for obj in list(session.identity_map.values()):  # nothing stale of the old shape
        if type(obj).__name__ == f"Record_{type_key}":
            session.expunge(obj)
    _bump(session, actor, row, QT_TRANSLATE_NOOP(
        "Audit", "Record type {type}: field {field} changed from {old} to {new}"),
        {"field": field_key, "old": old.kind, "new": kind},
        before={"kind": old.kind}, after={"kind": kind, "values": len(converted)})
    return new


def _fresh_metadata() -> Any:
    from sqlalchemy import MetaData

    from crmdesk.core.models.base import NAMING_CONVENTION

    return MetaData(naming_convention=NAMING_CONVENTION)


# ---------------------------------------------------------------------------
# Export and import of definitions
# ---------------------------------------------------------------------------

def export_definitions(session: Session, actor: Actor,
                       keys: Sequence[str] | None = None) -> dict[str, Any]:
    """The definitions (all, or those of *keys*) as the JSON document import reads."""
    _designer(session, actor)
    types = store.load_all(session)
    if keys:
        missing = [k for k in keys if not any(t.key == k for t in types)]
        if missing:
            get_type(session, missing[0])
        types = [t for t in types if t.key in keys]
    audit.record(session, actor, "export", entity="record_type",
                 message=QT_TRANSLATE_NOOP("Audit", "Record type definitions exported: "
                                                    "{types}"),
                 params={"types": ", ".join(t.key for t in types)})
    return document(types)


def import_definitions(session: Session, actor: Actor, raw: Any) -> list[tuple[str, str]]:
    """Create the types a document defines, or bring existing ones up to it: new fields
    added, names and rules updated, kinds changed (checked as :func:`change_kind`
    does).  Fields the document leaves out are kept.  Returns ``(type, what was
    done)`` pairs: "created" or "updated"."""
    _designer(session, actor)
    types = parse_document(raw)
    names = [t.key for t in types]
    done: list[tuple[str, str]] = []
    for typedef in types:
        if store.type_row(session, typedef.key) is None:
            create_type(session, actor, typedef, also_known=names)
            done.append((typedef.key, "created"))
            continue
        _update_from(session, actor, typedef, names)
        done.append((typedef.key, "updated"))
    return done


def _update_from(session: Session, actor: Actor, typedef: TypeDef,
                 names: Sequence[str]) -> None:
    current = get_type(session, typedef.key)
    if current.belongs_to != typedef.belongs_to:
        raise problem(f"{typedef.key}.belongs_to", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: the records of an existing type keep what they belong "
                           "to ({current})."), current=current.belongs_to)
    wanted = typedef.as_json()
    changes = {k: wanted.get(k) for k in ("name_zh", "name_en", "icon", "code_prefix",
                                          "statuses", "transitions")}
    changes["sections"] = wanted.get("sections", [s.as_json() for s in current.sections])
    changes["retired"] = typedef.retired
    update_type(session, actor, typedef.key, changes)
    for field in typedef.fields:
        have = get_type(session, typedef.key).field(field.key)
        if have is None:
            add_field(session, actor, typedef.key, field, also_known=names)
            continue
        if have.kind != field.kind or (field.kind == "record" and have.target != field.target):
            change_kind(session, actor, typedef.key, field.key, field.kind,
                        choices=[c.as_json() for c in field.choices] or None,
                        target=field.target)
        data = field.as_json()
        changes = {k: data.get(k) for k in FIELD_CHANGES if k != "target"}
        for flag in ("required", "unique", "indexed"):
            changes[flag] = bool(data.get(flag, False))
        changes["in_list"] = bool(data.get("in_list", True))
        if field.kind not in CHOICE_KINDS:
            changes.pop("choices")
        update_field(session, actor, typedef.key, field.key, changes)
        if have.retired != field.retired:
            retire_field(session, actor, typedef.key, field.key, retired=field.retired)
    reorder_fields(session, actor, typedef.key, [f.key for f in typedef.fields])


__all__ = ["DefinitionError", "KindChangeRefused", "add_field", "change_kind",
           "choices_json", "create_type", "export_definitions", "get_type",
           "import_definitions", "list_types", "rename_field", "reorder_fields",
           "retire_field", "update_field", "update_type"]
