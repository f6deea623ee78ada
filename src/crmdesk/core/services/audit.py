"""The audit log: append-only, each entry chained to the previous one by a hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from crmdesk.core.models import AuditEntry, Setting, utcnow
from crmdesk.core.permissions import Actor, require
from crmdesk.storage.backends import backend_of

GENESIS = "0" * 64
HEAD_KEY = "audit.head"


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "<binary>"
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value)!r}")


def to_json(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)


def entry_hash(prev_hash: str, entry_id: int, at: datetime, user_id: int | None, username: str,
               action: str, entity: str | None, entity_id: int | None, summary: str,
               before: str | None, after: str | None, message: str | None = None,
               params: str | None = None) -> str:
    """The entry's hash.  The message and its parameters count when the entry has
    them (written since schema 0003); an older entry hashes exactly as it did."""
    fields: list[Any] = [prev_hash, entry_id,
                         at.replace(tzinfo=None).isoformat(timespec="microseconds"),
                         user_id, username, action, entity, entity_id, summary, before, after]
    if message is not None:
        fields += [message, params]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(session: Session, actor: Actor | None, action: str, *, entity: str | None = None,
           entity_id: int | None = None, message: str | None = None,
           params: Mapping[str, Any] | None = None, summary: str | None = None,
           before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None, username: str | None = None) -> AuditEntry:
    """Append one entry.  *actor* None means the system (or a failed login: *username*).

    *message* is the English source text of a translatable message in the
    ``Audit`` context (mark it with ``QT_TRANSLATE_NOOP("Audit", ...)``) with
    ``{name}`` slots filled from *params*; see :mod:`crmdesk.core.audit_messages`
    for parameters that are themselves translated (record types, choices ...).
    The entry is shown in each reader's language.  (*summary*, a fixed text,
    is only for callers that have no message yet.)
    """
    from crmdesk.core import audit_messages

    backend_of(session).lock_audit_chain(session)
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_hash = last.hash if last else GENESIS
    entry_id = (last.id + 1) if last else 1
    at = utcnow()
    name = actor.username if actor else (username or "system")
    before_json, after_json = to_json(before), to_json(after)
    params_json = None
    if message is not None:
        params_json = to_json(dict(params or {}))
        text = audit_messages.english(message, params or {})
    else:
        text = summary or ""
    text = text[:500]
    digest = entry_hash(prev_hash, entry_id, at, actor.user_id if actor else None, name, action,
                        entity, entity_id, text, before_json, after_json, message, params_json)
    entry = AuditEntry(id=entry_id, at=at, user_id=actor.user_id if actor else None,
                       username=name, action=action, entity=entity, entity_id=entity_id,
                       summary=text, message=message, params=params_json,
                       before=before_json, after=after_json, prev_hash=prev_hash, hash=digest)
    session.add(entry)
    head = session.get(Setting, HEAD_KEY)
    head_value = json.dumps({"id": entry_id, "hash": digest})
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=head_value))
    else:
        head.value = head_value
    session.flush()
    return entry


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any],
                                                                      dict[str, Any]]:
    """The changed keys only, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def verify_chain(session: Session) -> VerifyResult:
    """Recompute every hash; report the first entry that does not fit the chain."""
    prev = GENESIS
    expected_id: int | None = None
    checked = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    last_id = 0
    for entry in rows:
        checked += 1
        if expected_id is not None and entry.id != expected_id:
            return VerifyResult(False, checked, expected_id,
                                f"entry {expected_id} is missing (deleted)")
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.id,
                                "its link to the previous entry does not match")
        digest = entry_hash(entry.prev_hash, entry.id, entry.at, entry.user_id, entry.username,
                            entry.action, entry.entity, entry.entity_id, entry.summary,
                            entry.before, entry.after, entry.message, entry.params)
        if digest != entry.hash:
            return VerifyResult(False, checked, entry.id, "its content was changed")
        prev = entry.hash
        expected_id = entry.id + 1
        last_id = entry.id
        session.expunge(entry)
    head = session.get(Setting, HEAD_KEY)
    if head is not None:
        recorded = json.loads(head.value)
        if last_id < int(recorded.get("id", 0)):
            return VerifyResult(False, checked, last_id + 1,
                                f"entries from {last_id + 1} on are missing (deleted)")
        if last_id == recorded.get("id") and recorded.get("hash") != prev:
            return VerifyResult(False, checked, last_id, "its content was changed")
    return VerifyResult(True, checked)


@dataclass
class AuditFilter:
    username: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None


def _filtered(stmt: Select[Any], flt: AuditFilter) -> Select[Any]:
    if flt.username:
        stmt = stmt.where(AuditEntry.username == flt.username)
    if flt.action:
        stmt = stmt.where(AuditEntry.action == flt.action)
    if flt.entity:
        stmt = stmt.where(AuditEntry.entity == flt.entity)
    if flt.entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == flt.entity_id)
    if flt.since:
        stmt = stmt.where(AuditEntry.at >= flt.since)
    if flt.until:
        stmt = stmt.where(AuditEntry.at < flt.until)
    if flt.text:
        stmt = stmt.where(or_(AuditEntry.summary.contains(flt.text, autoescape=True),
                              AuditEntry.params.contains(flt.text, autoescape=True)))
    return stmt


def entries(session: Session, actor: Actor, flt: AuditFilter | None = None, *,
            limit: int = 500, offset: int = 0) -> list[AuditEntry]:
    """Newest first.  Admins only."""
    require(actor, "audit.view")
    stmt = _filtered(select(AuditEntry), flt or AuditFilter())
    stmt = stmt.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    return list(session.execute(stmt).scalars())


def count(session: Session, actor: Actor, flt: AuditFilter | None = None) -> int:
    require(actor, "audit.view")
    stmt = _filtered(select(func.count(AuditEntry.id)), flt or AuditFilter())
    return int(session.execute(stmt).scalar_one())


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """The history of one record, oldest first.

    Not scoped: callers check first that the actor may see the record
    (``RecordService.history`` does).
    """
    stmt = (select(AuditEntry).where(AuditEntry.entity == entity,
                                     AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id))
    return list(session.execute(stmt).scalars())
