"""Merging a duplicate customer into another, and undoing the merge.

``merge(session, actor, survivor_id, merged_id, choose=...)``:

* the survivor keeps, per field, the value the user chose (``choose`` maps a
  field, or ``cf.<key>`` for a custom field, to the id of the customer whose
  value wins); unchosen fields keep the survivor's value, or take the merged
  record's when the survivor has none; tags are united and notes kept from both;
* the merged-away customer's contacts, interactions, opportunities, orders,
  tickets, tasks and campaign memberships move to the survivor;
* the merged-away customer goes to the recycle bin;
* a ``MergeRecord`` remembers what changed, so that restoring the merged-away
  customer from the recycle bin (or :func:`undo`) puts everything back: the
  related records move back and the survivor's fields return to their old
  values, except fields someone changed after the merge.

Both are audited (``merge`` / ``unmerge``) and need the ``customers.merge``
permission (managers and administrators), within what the user may see.

The duplicate finder and ``crmdesk duplicates`` merge a whole group at once with
:func:`merge_group` (and :func:`undo_merges`), and name its customers with
:func:`candidates`: small frozen values, no ORM objects.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crmdesk.core import keys, search
from crmdesk.core.fields import fields_of
from crmdesk.core.lookup import fits_id, get_row
from crmdesk.core.matching import match_key
from crmdesk.core.models import (
    Attachment,
    CampaignMember,
    Contact,
    Customer,
    CustomFieldDef,
    CustomFieldValue,
    Delivery,
    DiaryNote,
    Interaction,
    Invoice,
    MergeRecord,
    Opportunity,
    Order,
    Payment,
    Quote,
    Task,
    Ticket,
    utcnow,
)
from crmdesk.core.models.base import touch
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import accounts, audit, custom_fields, sensitive
from crmdesk.core.services.contacts import contact_doc
from crmdesk.core.services.customers import SENSITIVE, customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.sales import opportunity_doc
from crmdesk.core.services.tasks import task_doc
from crmdesk.core.services.tickets import ticket_doc
from crmdesk.errors import KnownError, NotFound
from crmdesk.i18n import QT_TRANSLATE_NOOP

# tables whose rows belong to a customer and move with a merge
RELATED: dict[str, Any] = {
    "contacts": Contact, "interactions": Interaction, "opportunities": Opportunity,
    "orders": Order, "tickets": Ticket, "tasks": Task,
    "diary_notes": DiaryNote,  # their authors' notes follow the customer they are about
    "quotes": Quote, "invoices": Invoice, "payments": Payment,  # issue 16
    "deliveries": Delivery,  # issue 16: a note follows its order's customer
}


def _related() -> dict[str, Any]:
    """:data:`RELATED` and the tables of the file's designed record types that belong
    to customers (``rt_<key>``: their records move with their customer too)."""
    from crmdesk.core.record_types import runtime

    designed = {runtime.service(t.key).model.__tablename__: runtime.service(t.key).model
                for t in runtime.active_types() if t.belongs_to == "customer"}
    return {**RELATED, **designed}


_CF_COLUMNS = ("value_text", "value_number", "value_date", "value_enc", "value_bidx")


def merge_fields() -> list[str]:
    """The customer fields a merge chooses values for (sensitive ones included)."""
    return [spec.key for spec in fields_of("customer") if spec.editable]


def _columns_of(key: str) -> tuple[str, ...]:
    """The table columns behind a field (sensitive fields: ciphertext and blind index)."""
    spec = next(s for s in fields_of("customer") if s.key == key)
    return (f"{key}_enc", f"{key}_bidx") if spec.sensitive else (key,)


def _empty(value: Any) -> bool:
    return value is None or value == ""


# -- JSON that keeps dates and bytes ------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$b" in value:
            return base64.b64decode(value["$b"])
        if "$t" in value:
            return datetime.fromisoformat(value["$t"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        return {k: _decode(v) for k, v in value.items()}
    return value


def _dump(data: Mapping[str, Any]) -> str:
    return json.dumps(_encode(dict(data)), ensure_ascii=False, sort_keys=True)


def _load(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = _decode(json.loads(text))
    return loaded


# -- custom field values at the column level ------------------------------------

def _custom_rows(session: Session, customer_id: int) -> dict[int, CustomFieldValue]:
    defs = select(CustomFieldDef.id).where(CustomFieldDef.entity == "customer")
    return {row.def_id: row for row in session.execute(select(CustomFieldValue).where(
        CustomFieldValue.def_id.in_(defs), CustomFieldValue.entity_id == customer_id)).scalars()}


def _custom_state(row: CustomFieldValue | None) -> dict[str, Any] | None:
    return None if row is None else {c: getattr(row, c) for c in _CF_COLUMNS}


def _set_custom(session: Session, customer_id: int, def_id: int,
                state: Mapping[str, Any] | None) -> None:
    row = session.execute(select(CustomFieldValue).where(
        CustomFieldValue.def_id == def_id,
        CustomFieldValue.entity_id == customer_id)).scalar_one_or_none()
    if state is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = CustomFieldValue(def_id=def_id, entity_id=customer_id)
        session.add(row)
    for column in _CF_COLUMNS:
        setattr(row, column, state.get(column))


def _rebound(actor: Actor, purpose: str, blob: bytes, from_id: int, survivor: Customer) -> bytes:
    """A sensitive value of the merged customer, re-encrypted for the survivor's row and
    owner (a value is bound to its row: copied as it is, it would not decrypt)."""
    value = sensitive.decrypt(actor, purpose, blob, row_id=from_id)
    rebound, _index = sensitive.encrypt(actor, purpose, value, row_id=survivor.id,
                                        scope=keys.owner_scope(survivor.owner_id))
    assert rebound is not None
    return rebound


# -- merge ----------------------------------------------------------------------

@dataclass
class MergeResult:
    record: MergeRecord
    survivor: Customer
    moved: dict[str, int]  # table -> rows moved


def _different_customers() -> KnownError:
    return KnownError(QT_TRANSLATE_NOOP(
        "Errors", "Choose two different customers to merge: a customer cannot be merged "
                  "into itself."))


def merge(session: Session, actor: Actor, survivor_id: int, merged_id: int, *,
          choose: Mapping[str, int] | None = None) -> MergeResult:
    """Merge customer *merged_id* into *survivor_id* (see the module docstring)."""
    require(actor, "customers.merge")
    accounts.ensure_active(session, actor)
    if survivor_id == merged_id:
        raise _different_customers()
    survivor = customers.get(session, actor, survivor_id)
    merged = customers.get(session, actor, merged_id)
    choose = dict(choose or {})
    for key, chosen in choose.items():
        if chosen not in (survivor_id, merged_id):
            raise KnownError(QT_TRANSLATE_NOOP(
                "Errors", "The value of {field} must come from one of the two customers "
                          "being merged."), field=key)
    snapshot_before = customers.snapshot(survivor)
    snapshot_before.update(custom_fields.snapshot(session, "customer", survivor_id))

    # The survivor's new values, column by column.
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in merge_fields():
        columns = _columns_of(key)
        mine = {c: getattr(survivor, c) for c in columns}
        theirs = {c: getattr(merged, c) for c in columns}
        source = choose.get(key)
        if source == merged_id:
            new = theirs
        elif source == survivor_id:
            new = mine
        elif key == "tags" and merged.tags:
            united = dict.fromkeys([*(survivor.tags or "").split(","), *merged.tags.split(",")])
            new = {"tags": ",".join(t for t in united if t) or None}
        elif key == "notes" and merged.notes and survivor.notes and merged.notes not in (
                survivor.notes or ""):
            new = {"notes": f"{survivor.notes}\n{merged.notes}"}
        elif all(_empty(v) for v in mine.values()):
            new = theirs
        else:
            new = mine
        if new is theirs and key in SENSITIVE and theirs[f"{key}_enc"] is not None:
            new = dict(theirs)  # bound to the merged row: re-encrypted for the survivor's
            new[f"{key}_enc"] = _rebound(actor, SENSITIVE[key], theirs[f"{key}_enc"],
                                         merged_id, survivor)
        for column in columns:
            if new[column] != mine[column]:
                before[column] = mine[column]
                after[column] = new[column]

    # Custom fields: chosen ones, or the merged record's where the survivor has none.
    defs = {d.key: d for d in custom_fields.definitions(session, "customer", active_only=False)}
    mine_cf = _custom_rows(session, survivor_id)
    theirs_cf = _custom_rows(session, merged_id)
    for key, definition in defs.items():
        source = choose.get("cf." + key)
        mine_row, their_row = mine_cf.get(definition.id), theirs_cf.get(definition.id)
        take = (source == merged_id) or (source is None and mine_row is None
                                          and their_row is not None)
        if take and _custom_state(their_row) != _custom_state(mine_row):
            taken = _custom_state(their_row)
            if taken is not None and taken.get("value_enc") is not None:
                taken["value_enc"] = _rebound(actor, custom_fields.purpose(definition),
                                              taken["value_enc"], merged_id, survivor)
            before["cf." + key] = _custom_state(mine_row)
            after["cf." + key] = taken

    # Related records move to the survivor.
    moved: dict[str, list[int]] = {}
    for table, model in _related().items():
        ids = list(session.execute(select(model.id).where(model.customer_id == merged_id))
                   .scalars())
        if ids:
            session.execute(update(model).where(model.id.in_(ids)).values(
                customer_id=survivor_id))
            moved[table] = ids
    already = select(CampaignMember.campaign_id).where(
        CampaignMember.customer_id == survivor_id)
    member_ids = list(session.execute(select(CampaignMember.id).where(
        CampaignMember.customer_id == merged_id,
        CampaignMember.campaign_id.not_in(already))).scalars())
    if member_ids:
        session.execute(update(CampaignMember).where(CampaignMember.id.in_(member_ids))
                        .values(customer_id=survivor_id))
        moved["campaign_members"] = member_ids
    attachment_ids = _move_attachments(session, merged_id, survivor_id)
    if attachment_ids:
        moved["attachments"] = attachment_ids
    session.flush()

    customers.delete(session, actor, merged_id)

    for column, value in after.items():
        if column.startswith("cf."):
            _set_custom(session, survivor_id, defs[column[3:]].id, value)
        else:
            setattr(survivor, column, value)
    survivor.match_key = match_key(survivor.kind, survivor.name, survivor.company)
    survivor.updated_by_id = actor.user_id or None
    if after:
        touch(survivor)  # a new version even when only custom values were taken
    session.flush()
    if actor.keyring is not None and moved:  # moved records' values follow the survivor's owner
        keys.move_custom_values(session, actor.keyring, [survivor_id], survivor.owner_id)
    _refresh(session, actor, survivor, moved)

    record = MergeRecord(user_id=actor.user_id or None, survivor_id=survivor_id,
                         merged_id=merged_id,
                         survivor_before=_dump({"before": before, "after": after}),
                         moved=json.dumps(moved))
    session.add(record)
    session.flush()
    snapshot_after = customers.snapshot(survivor)
    snapshot_after.update(custom_fields.snapshot(session, "customer", survivor_id))
    old, new = audit.diff(snapshot_before, snapshot_after)
    counts = {table: len(ids) for table, ids in moved.items()}
    audit.record(session, actor, "merge", entity="customer", entity_id=survivor_id,
                 message=QT_TRANSLATE_NOOP("Audit", "Merged {merged} into {survivor} "
                                                    "(merge #{id})"),
                 params={"merged": customers.describe(merged),
                         "survivor": customers.describe(survivor), "id": record.id},
                 before=old, after={**new, "merged_id": merged_id, "moved": counts})
    return MergeResult(record, survivor, counts)


def _move_attachments(session: Session, from_id: int, to_id: int, *,
                      only: Sequence[int] | None = None) -> list[int]:
    """The files of customer *from_id* and of its records go with them to *to_id*: the
    customer's own (entity "customer") are re-attached to *to_id*, and every one of
    them is counted under *to_id* (``customer_id``: visibility and the customer's
    Files tab).  *only*: just these (an undo moves back what the merge moved)."""
    stmt = select(Attachment.id).where(Attachment.customer_id == from_id)
    if only is not None:
        stmt = stmt.where(Attachment.id.in_(list(only)))
    ids = list(session.execute(stmt).scalars())
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(update(Attachment).where(
            Attachment.id.in_(chunk), Attachment.entity == "customer",
            Attachment.record_id == from_id).values(record_id=to_id))
        session.execute(update(Attachment).where(Attachment.id.in_(chunk))
                        .values(customer_id=to_id))
    return ids


def _refresh(session: Session, actor: Actor, customer: Customer,
             moved: Mapping[str, list[int]]) -> None:
    """Search entries and derived fields after related records changed hands."""
    customers.after_write(session, actor, customer, creating=False)
    indexed: list[tuple[Any, str, Any]] = [(Contact, "contact", contact_doc),
                                           (Opportunity, "opportunity", opportunity_doc),
                                           (Ticket, "ticket", ticket_doc),
                                           (Task, "task", task_doc)]
    for model, kind, doc in indexed:
        ids = moved.get(model.__tablename__, [])
        for start in range(0, len(ids), 500):
            for obj in session.execute(select(model).where(
                    model.id.in_(ids[start:start + 500]))).scalars():
                owner = session.get(Customer, obj.customer_id)
                if obj.deleted_at is None and owner is not None and owner.deleted_at is None:
                    search.index(session, doc(obj, owner.name))
                else:
                    search.remove(session, kind, [obj.id])
    from crmdesk.core.record_types import runtime

    for typedef in runtime.active_types():  # designed records: their documents follow
        service = runtime.service(typedef.key)
        ids = moved.get(service.model.__tablename__, [])
        for start in range(0, len(ids), 500):
            for obj in session.execute(select(service.model).where(
                    service.model.id.in_(ids[start:start + 500]))).scalars():
                service.after_write(session, actor, obj, creating=False)
    interactions.refresh_customer(session, customer.id)


# -- a group of duplicates ------------------------------------------------------

#: customers named per query by :func:`candidates`
CANDIDATE_BATCH = 500


@dataclass(frozen=True)
class Candidate:
    """A customer of a duplicate group, as lists name it."""

    id: int
    code: str
    name: str


def candidates(session: Session, actor: Actor, ids: Sequence[int]) -> list[Candidate]:
    """Code and name of the customers *ids* the actor may see, in the order given
    (the others are left out)."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, Candidate] = {}
    for start in range(0, len(wanted), CANDIDATE_BATCH):
        for record in customers.records(session, actor, wanted[start:start + CANDIDATE_BATCH]):
            found[record.id] = Candidate(record.id, record.code or "", record.name or "")
    return [found[i] for i in wanted if i in found]


@dataclass(frozen=True)
class GroupMerge:
    """What :func:`merge_group` did: the survivor and one merge per merged customer."""

    survivor_id: int
    survivor_code: str
    #: ids of the merges, in the order they were made (undo with :func:`undo_merges`)
    merge_ids: tuple[int, ...]


def merge_group(session: Session, actor: Actor, survivor_id: int, merged_ids: Sequence[int],
                *, choose: Mapping[str, int] | None = None) -> GroupMerge:
    """Merge each of *merged_ids* into *survivor_id*, one after the other.

    *choose* maps a field (``cf.<key>`` for a custom field) to the customer of the
    group whose value survives; each merge gets the picks that name one of its
    two customers.  Either every customer is merged or, on an error, the caller's
    transaction is rolled back and nothing is.
    """
    require(actor, "customers.merge")
    others = list(merged_ids)
    if not others:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "Choose at least one customer to merge into the one that stays."))
    choose = dict(choose or {})
    group = {survivor_id, *others}
    for key, chosen in choose.items():
        if chosen not in group:
            raise KnownError(QT_TRANSLATE_NOOP(
                "Errors", "The value of {field} must come from one of the customers being "
                          "merged."), field=key)
    records = []
    for other in others:
        picks = {k: v for k, v in choose.items() if v in (survivor_id, other)}
        records.append(merge(session, actor, survivor_id, other, choose=picks).record.id)
    survivor = customers.get(session, actor, survivor_id)
    return GroupMerge(survivor_id, survivor.code or "", tuple(records))


def undo_merges(session: Session, actor: Actor, merge_ids: Sequence[int]) -> list[str]:
    """Undo merges, the newest first (a group's merges in reverse); returns the codes
    of the customers that are back."""
    return [undo(session, actor, merge_id).code or ""
            for merge_id in reversed(list(merge_ids))]


# -- undo -----------------------------------------------------------------------

def pending_merge(session: Session, merged_id: int) -> MergeRecord | None:
    """The merge that sent *merged_id* to the recycle bin, when not undone yet."""
    if not fits_id(merged_id):
        return None
    return session.execute(select(MergeRecord).where(
        MergeRecord.merged_id == merged_id, MergeRecord.undone_at.is_(None))
        .order_by(MergeRecord.id.desc()).limit(1)).scalar_one_or_none()


def undo(session: Session, actor: Actor, merge_id: int) -> Customer:
    """Undo a merge: the merged-away customer comes back with its related records."""
    require(actor, "customers.merge")
    accounts.ensure_active(session, actor)
    record = get_row(session, MergeRecord, merge_id)
    if record is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "Merge {id} does not exist."), id=merge_id)
    if record.undone_at is not None:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "Merge {id} was undone already."), id=merge_id)
    survivor = customers.get(session, actor, record.survivor_id, deleted=None)
    merged = customers.get(session, actor, record.merged_id, deleted=None)
    if survivor.deleted_at is not None:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "Restore customer {code} from the recycle bin first: the merge into it "
                      "can only be undone while it exists."), code=survivor.code)
    snapshot_before = customers.snapshot(survivor)
    snapshot_before.update(custom_fields.snapshot(session, "customer", survivor.id))

    changes = _load(record.survivor_before)
    before: dict[str, Any] = changes.get("before", {})
    after: dict[str, Any] = changes.get("after", {})
    defs = {d.key: d for d in custom_fields.definitions(session, "customer", active_only=False)}
    current_cf = _custom_rows(session, survivor.id)
    for column, old_value in before.items():
        if column.startswith("cf."):
            definition = defs.get(column[3:])
            if definition is None:
                continue
            if _custom_state(current_cf.get(definition.id)) == after.get(column):
                _set_custom(session, survivor.id, definition.id, old_value)
        elif getattr(survivor, column) == after.get(column):
            setattr(survivor, column, old_value)
    survivor.match_key = match_key(survivor.kind, survivor.name, survivor.company)
    survivor.updated_by_id = actor.user_id or None
    if before:
        touch(survivor)  # a new version even when only custom values went back

    moved: dict[str, list[int]] = json.loads(record.moved)
    back: dict[str, list[int]] = {}
    related = _related()
    for table, ids in moved.items():
        if table == "attachments":
            back_ids = _move_attachments(session, survivor.id, merged.id, only=ids)
            if back_ids:
                back[table] = back_ids
            continue
        model: Any = CampaignMember if table == "campaign_members" else related.get(table)
        if model is None:  # a designed type retired since: its records stay where they are
            continue
        still = list(session.execute(select(model.id).where(
            model.id.in_(ids), model.customer_id == survivor.id)).scalars())
        if still:
            session.execute(update(model).where(model.id.in_(still)).values(
                customer_id=merged.id))
            back[table] = still

    merged.deleted_at = None
    merged.deleted_by_id = None
    record.undone_at = utcnow()
    session.flush()
    if actor.keyring is not None and back:  # their values follow their customer's owner again
        keys.move_custom_values(session, actor.keyring, [merged.id], merged.owner_id)
    _refresh(session, actor, survivor, {})
    _refresh(session, actor, merged, back)
    snapshot_after = customers.snapshot(survivor)
    snapshot_after.update(custom_fields.snapshot(session, "customer", survivor.id))
    old, new = audit.diff(snapshot_before, snapshot_after)
    audit.record(session, actor, "unmerge", entity="customer", entity_id=survivor.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Undid merge #{id}: {merged} is back, "
                                                    "separate from {survivor}"),
                 params={"id": record.id, "merged": customers.describe(merged),
                         "survivor": customers.describe(survivor)},
                 before=old, after={**new, "restored_id": merged.id,
                                    "moved_back": {t: len(i) for t, i in back.items()}})
    audit.record(session, actor, "restore", entity="customer", entity_id=merged.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Restored {merged} (undo of merge #{id})"),
                 params={"merged": customers.describe(merged), "id": record.id})
    return merged
