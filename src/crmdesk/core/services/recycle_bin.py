"""The recycle bin: deleted records of every kind and deleted attachments, restored or
purged by an admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import accounts, attachments
from crmdesk.core.services.records import ListQuery
from crmdesk.core.services.registry import SERVICES, service_for

#: the recycle bin's name for deleted attachments (files), beside the record types
ATTACHMENT = "attachment"


@dataclass
class BinEntry:
    entity: str
    id: int
    description: str
    deleted_at: datetime | None
    deleted_by: str

def entries(session: Session, actor: Actor, *, entity: str | None = None,
            limit: int = 1000) -> list[BinEntry]:
    """Deleted records the actor may see, newest deletion first."""
    names = accounts.user_names(session)
    result: list[BinEntry] = []
    for name, service in SERVICES.items():
        if entity is not None and name != entity:
            continue
        model = service.model
        if not hasattr(model, "deleted_at"):  # never deleted (the stock ledger)
            continue
        ids = list(session.execute(
            service.list_select(session, actor, ListQuery(deleted=True))
            .order_by(model.deleted_at.desc()).limit(limit)).scalars())
        for obj in service.records(session, actor, ids):
            result.append(BinEntry(name, obj.id, service.describe(obj), obj.deleted_at,
                                   names.get(obj.deleted_by_id or 0, "")))
    if entity in (None, ATTACHMENT) and actor.can("recycle.manage"):
        result.extend(_attachments(session, actor, limit))
    result.sort(key=lambda e: e.deleted_at or datetime.min, reverse=True)
    return result[:limit]

def _attachments(session: Session, actor: Actor, limit: int) -> list[BinEntry]:
    """Deleted files of live records, described as "file name (record)"."""
    entries_ = []
    for info in attachments.deleted(session, actor, limit):
        service = service_for(info.entity)
        record = session.get(service.model, info.record_id)
        owner = service.describe(record) if record is not None else ""
        entries_.append(BinEntry(ATTACHMENT, info.id, f"{info.file_name} ({owner})",
                                 info.deleted_at, info.deleted_by))
    return entries_

def restore(session: Session, actor: Actor, entity: str, record_id: int) -> None:
    if entity == ATTACHMENT:
        attachments.restore(session, actor, record_id)
        return
    service_for(entity).restore(session, actor, record_id)

def purge(session: Session, actor: Actor, entity: str, record_id: int) -> None:
    if entity == ATTACHMENT:
        attachments.purge(session, actor, record_id)
        return
    service = service_for(entity)
    service.get(session, actor, record_id, deleted=True)  # only what is in the bin
    service.purge(session, actor, record_id)

def empty(session: Session, actor: Actor) -> int:
    """Purge everything in the bin (admins); returns how many records went."""
    require(actor, "recycle.manage")
    count = 0
    for entry in entries(session, actor, limit=10**9):
        purge(session, actor, entry.entity, entry.id)
        count += 1
    return count
