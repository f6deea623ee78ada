"""Mass update: set one field on many records in one audited step.

The records are the ones a user selected (ids) or every record a datasheet's query
shows; either way only those the actor may see (and so edit) are touched, and every
one goes through the same rules as the form: :meth:`RecordService.clean` of the
field against the record (the field's validation, who may be chosen as owner, the
record rules, ``guarded_fields`` needing their permission), then
:meth:`RecordService.apply` and :meth:`RecordService.after_write` (the search index).
Each changed record gets a new version (optimistic locking: an open form then sees
that someone else saved it).

Audit: one entry for the whole step, naming the field, the new value, how many
records changed and were refused, with the ids and old values of the changed ones in
its "before" data.  Not an entry per record: each entry is hash-chained (and signed)
in turn, which at 10,000 records would add ten thousand chained rows and most of the
time; the record's own version, ``updated_at`` and ``updated_by`` say it changed, and
the one entry says how (see ``docs/architecture.md``, "Mass update").

Refused records are counted by reason (not visible, or the message of the rule that
refused them), never silently skipped; nothing is written when the field itself may
not be set by this actor (a guarded field, a field that is not editable).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.fields import FieldSpec, fields_of
from crmdesk.core.filters import Filter, ListQuery
from crmdesk.core.lookup import fits_id
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import RecordService, plain
from crmdesk.core.services.registry import service_for
from crmdesk.core.validation import validate
from crmdesk.errors import FieldError, KnownError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: records loaded, cleaned and written per step
CHUNK = 500

MESSAGE = QT_TRANSLATE_NOOP("Audit", "Set {field} to \u201c{value}\u201d on {count} records "
                                     "({refused} refused)")
NOT_VISIBLE = QT_TRANSLATE_NOOP("MassUpdate", "not found, deleted, or not yours to see")

Progress = Callable[[int, int], None]


@dataclass
class MassUpdateResult:
    #: records asked for (selected ids, or the rows of the query)
    requested: int = 0
    changed: int = 0
    #: already had the value
    unchanged: int = 0
    #: reason -> how many records it refused
    refused: Counter[str] = field(default_factory=Counter)

    @property
    def refused_count(self) -> int:
        return sum(self.refused.values())


def settable_fields(entity: str) -> list[FieldSpec]:
    """The fields a mass update may set: editable, not sensitive (no custom fields)."""
    return [s for s in fields_of(entity) if s.editable and not s.sensitive]


def check_field(actor: Actor, entity: str, key: str) -> FieldSpec:
    """The field *key* of *entity*, if the actor may set it on many records at once:
    ValidationError naming the fields otherwise; PermissionDenied for a guarded field
    (the owner of customers, for staff)."""
    service = service_for(entity)
    spec = next((s for s in settable_fields(entity) if s.key == key), None)
    if spec is None:
        known = service.spec(key)
        label = known.translated if known is not None else key
        raise ValidationError([FieldError(key, label, render(
            "MassUpdate", QT_TRANSLATE_NOOP(
                "MassUpdate", "{label} cannot be set on many records at once; fields that "
                              "can: {fields}."),
            label=label, fields=", ".join(s.key for s in settable_fields(entity))))])
    permission = service.guarded_fields.get(key)
    if permission is not None:
        require(actor, permission)
    return spec


def target_ids(session: Session, actor: Actor, entity: str, *,
               ids: Sequence[int] | None = None,
               query: ListQuery | None = None) -> tuple[list[int], int]:
    """The visible records to update (display order for a query) and how many were
    asked for: *ids* (selected rows) or every record *query* shows.

    :func:`run` uses it for selected ids only: a whole list is walked in chunks
    (:func:`query_chunks`), never read as one list of ids."""
    service = service_for(entity)
    if ids is not None:
        wanted = list(dict.fromkeys(int(i) for i in ids))
        if not wanted:
            return [], 0
        fitting = [i for i in wanted if fits_id(i)]  # a larger number names no record
        visible = service.ids(session, actor, ListQuery(filters=[Filter("id", "in", fitting)])
                              ) if fitting else []
        return visible, len(wanted)
    found = service.ids(session, actor, query or ListQuery())
    return found, len(found)


def count(session: Session, actor: Actor, entity: str, *, ids: Sequence[int] | None = None,
          query: ListQuery | None = None) -> int:
    """How many records a mass update would touch (what the user is told first).

    For a whole list, counted in SQL: the ids of ten million records are not read
    only to be counted."""
    if ids is None:
        return service_for(entity).count(session, actor, query or ListQuery())
    return len(target_ids(session, actor, entity, ids=ids, query=query)[0])


def query_chunks(session: Session, actor: Actor, entity: str, query: ListQuery,
                 size: int | None = None) -> tuple[int, Iterator[list[int]]]:
    """How many records *query* shows to the actor, and their ids in chunks of *size*
    in id order (*size*: :data:`CHUNK`), each read when the one before has been used: ``id > last`` in the
    list's own conditions (filters, quick filter, the actor's scope; live records),
    up to the highest id counted, so at no time are more than *size* ids in memory.

    A chunk's records may be changed before the next is read: the next starts after
    the last id, so a change that takes a record out of the list (the field the list
    is filtered on) neither skips nor repeats one."""
    size = size or CHUNK
    service = service_for(entity)
    m = service.model
    live = ListQuery(filters=list(query.filters), text=query.text)  # no sort, not the bin
    # the conditions built once: a quick filter's matches are read once, not per chunk
    shown = service.list_select(session, actor, live)
    total, top = session.execute(service.list_select(
        session, actor, live, [func.count(m.id), func.max(m.id)])).one()

    def walk() -> Iterator[list[int]]:
        last = 0
        while top is not None and last < top:
            chunk = [int(i) for i in session.execute(
                shown.where(m.id > last, m.id <= top).order_by(m.id.asc()).limit(size)
            ).scalars()]
            if not chunk:
                return
            yield chunk
            last = chunk[-1]

    return int(total or 0), walk()


def _value_param(session: Session, service: RecordService[Any], spec: FieldSpec,
                 value: Any) -> Any:
    """The new value for the audit entry, as people read it (a choice in the reader's
    language, a reference by name, money in yuan)."""
    from crmdesk.core import presentation
    from crmdesk.core.services.records import _RefNames

    if value is None:
        return ""
    if spec.kind == "choice" and spec.choices:
        return audit_messages.choice(spec.choices, value)
    if spec.kind in ("user", "customer", "contact", "product", "status", "stage", "supplier",
                     "warehouse"):
        names = _RefNames(session)
        if spec.kind in ("customer", "contact", "product", "supplier", "warehouse"):
            names.want(spec.kind, [value])
        return names.name(spec.kind, value) or str(value)
    if spec.kind == "money":
        return presentation.money(value, symbol=False)
    return str(plain(value))


def run(session: Session, actor: Actor, entity: str, key: str, value: Any, *,
        ids: Sequence[int] | None = None, query: ListQuery | None = None,
        progress: Progress | None = None) -> MassUpdateResult:
    """Set field *key* to *value* (as a form would receive it) on the records.

    ValidationError (naming the field) when the value is invalid for the field
    itself; a record the rules refuse is counted in the result, the others change.

    Selected *ids* are taken in the order given; a *query* (a whole list) is walked
    in id order, :data:`CHUNK` records at a time (:func:`query_chunks`): its total for
    *progress* is counted in SQL and its ids are never read as one list.  *progress*
    (done, total) is called after each chunk; an exception it raises (the window's
    Cancel) ends the update there, and the caller's transaction rolls back.
    """
    accounts.ensure_active(session, actor)
    service = service_for(entity)
    spec = check_field(actor, entity, key)
    validate(entity, {key: value}, partial=True)  # the value itself: refused up front
    chunks: Iterator[list[int]] | list[list[int]]
    if ids is not None:
        wanted, requested = target_ids(session, actor, entity, ids=ids)
        total = len(wanted)
        chunks = [wanted[start:start + CHUNK] for start in range(0, total, CHUNK)]
    else:
        total, chunks = query_chunks(session, actor, entity, query or ListQuery())
        requested = total
    result = MassUpdateResult(requested=requested)
    if requested > total:
        result.refused[render("MassUpdate", NOT_VISIBLE)] = requested - total
    new_value: Any = None
    old_values: dict[str, Any] = {}
    done = 0
    for chunk in chunks:
        objs = service.records(session, actor, chunk)
        missing = len(chunk) - len(objs)  # deleted since they were counted
        if missing:
            result.refused[render("MassUpdate", NOT_VISIBLE)] += missing
        changed = []
        for obj in objs:
            try:
                cleaned = service.clean(session, actor, {key: value}, obj)
            except ValidationError as exc:
                result.refused[exc.errors[0].message if exc.errors else exc.message] += 1
                continue
            except KnownError as exc:  # a permission the record's rules need
                result.refused[exc.message] += 1
                continue
            before = getattr(obj, key, None)
            service.apply(session, actor, obj, cleaned)
            if getattr(obj, key, None) == before:
                result.unchanged += 1
                continue
            new_value = getattr(obj, key, None)
            obj.updated_by_id = actor.user_id or None
            old_values[str(obj.id)] = plain(before)
            changed.append(obj)
        session.flush()  # one UPDATE per record, each bumping its version
        for obj in changed:
            service.after_write(session, actor, obj, creating=False)
            if key in service.KEY_HOLDERS:
                service.follow_keys(session, actor, obj, {key: old_values[str(obj.id)]})
        result.changed += len(changed)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    if result.changed:
        audit.record(session, actor, "update", entity=entity, message=MESSAGE, params={
            "field": audit_messages.field(entity, key),
            "value": _value_param(session, service, spec, new_value),
            "count": result.changed, "refused": result.refused_count},
            before={"field": key, "values": old_values},
            after={"field": key, "value": plain(new_value), "ids": sorted(
                int(i) for i in old_values)})
    return result
