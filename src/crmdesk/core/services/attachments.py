"""Attachments: files (contracts, scans, photos) kept with a record, inside the database.

Every call first checks that the actor may see the record (its service's ``get``), so an
attachment is exactly as visible as its record, whatever customer it was added under.

* :func:`add` / :func:`add_file` - at most ``attachments.max_mb`` (an administrator's
  setting); audited.
* :func:`listing` - name, size, type, date and who, live or in the recycle bin.
* :func:`open_bytes` and :func:`save` - the file's content, checked against its SHA-256;
  counted by the anti-scraping guard (the record's customer, as opening the record) and
  audited.  :func:`save` writes the target atomically (``storage.files``).
* :func:`delete` to the recycle bin (anyone who sees the record), :func:`restore` and
  :func:`purge` (``recycle.manage``, as for records).  A record purged for good takes its
  attachments with it (``core.models.attachments``).

Attachments are stored in clear in this version (see ``docs/architecture.md``).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.lookup import get_row
from crmdesk.core.models import Attachment, AttachmentData, utcnow
from crmdesk.core.models.attachments import CHUNK_SIZE, ENTITY_TABLES
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import accounts, audit, settings
from crmdesk.errors import KnownError, NotFound
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage.files import atomic_file

LIMIT_SETTING = "attachments.max_mb"
MB = 1024 * 1024

#: the audit entries (action -> message); each names the record the file belongs to
ADDED = QT_TRANSLATE_NOOP("Audit", "Attached {file} ({size})")
OPENED = QT_TRANSLATE_NOOP("Audit", "Opened the attachment {file}")
SAVED = QT_TRANSLATE_NOOP("Audit", "Saved the attachment {file} as {path}")
DELETED = QT_TRANSLATE_NOOP("Audit", "Deleted the attachment {file}")
RESTORED = QT_TRANSLATE_NOOP("Audit", "Restored the attachment {file}")
PURGED = QT_TRANSLATE_NOOP("Audit", "Purged the attachment {file}")

#: what a file's first bytes say it is, before its name's extension is asked
_SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"),
               (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
               (b"GIF89a", "image/gif"))


class AttachmentTooLarge(KnownError):
    """A file over the administrator's limit (``attachments.max_mb``)."""


class AttachmentDamaged(KnownError):
    """The stored bytes no longer match the SHA-256 taken when the file was added."""


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    entity: str
    record_id: int
    customer_id: int | None
    file_name: str
    mime_type: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str
    deleted_at: datetime | None
    deleted_by: str

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.mime_type == "application/pdf"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def max_bytes(session: Session) -> int:
    """The largest file that may be attached, in bytes."""
    return int(settings.get(session, LIMIT_SETTING)) * MB


def clean_name(name: str) -> str:
    """A file name safe to store and to offer when saving: the last part of a path, no
    control characters, at most 255 characters (the extension kept)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base)
                   if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not base:
        base = "attachment"
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:254 - len(ext)] + dot + ext) if dot and len(ext) < 20 else base[:255]
    return base


def guess_mime(name: str, head: bytes) -> str:
    """The file's media type: from its first bytes, else its name's extension."""
    for signature, mime in _SIGNATURES:
        if head.startswith(signature):
            return mime
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / MB:.1f}"


def _too_large(session: Session, name: str, size: int | None) -> AttachmentTooLarge:
    limit = int(settings.get(session, LIMIT_SETTING))
    if size is None:
        return AttachmentTooLarge(QT_TRANSLATE_NOOP(
            "Errors", "{name} is larger than the limit for attachments ({limit} MB). An "
                      "administrator can raise the limit (setting attachments.max_mb)."),
            name=name, limit=limit)
    return AttachmentTooLarge(QT_TRANSLATE_NOOP(
        "Errors", "{name} is {size} MB, larger than the limit for attachments ({limit} MB). "
                  "An administrator can raise the limit (setting attachments.max_mb)."),
        name=name, size=_mb(size), limit=limit)


def _check_entity(entity: str) -> None:
    if entity not in ENTITY_TABLES:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "{entity} records take no attachments."),
                         entity=entity)


def _record(session: Session, actor: Actor, entity: str, record_id: int) -> Any:
    """The live record, if the actor may see it (else NotFound, as for the record)."""
    from crmdesk.core.services.registry import service_for

    _check_entity(entity)
    return service_for(entity).get(session, actor, record_id)


def _customer_of(entity: str, record: Any) -> int | None:
    if entity == "customer":
        return int(record.id)
    value = getattr(record, "customer_id", None)
    return int(value) if value is not None else None


def _not_found(attachment_id: int) -> NotFound:
    return NotFound(QT_TRANSLATE_NOOP(
        "Errors", "Attachment {id} does not exist, was deleted, or is not yours to see."),
        id=attachment_id)


def _attachment(session: Session, actor: Actor, attachment_id: int, *,
                deleted: bool = False) -> Attachment:
    """The attachment (live, or in the recycle bin with *deleted*) of a record the actor
    may see; NotFound otherwise, without saying which."""
    row = get_row(session, Attachment, attachment_id)
    if row is None or (row.deleted_at is not None) != deleted:
        raise _not_found(attachment_id)
    try:
        _record(session, actor, row.entity, row.record_id)
    except NotFound:
        raise _not_found(attachment_id) from None
    return row


def _info(row: Attachment, names: dict[int, str]) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id, entity=row.entity, record_id=row.record_id, customer_id=row.customer_id,
        file_name=row.file_name, mime_type=row.mime_type, size=row.size, sha256=row.sha256,
        created_at=row.created_at, created_by=names.get(row.created_by_id or 0, ""),
        deleted_at=row.deleted_at, deleted_by=names.get(row.deleted_by_id or 0, ""))


def _audit(session: Session, actor: Actor, action: str, row: Attachment, message: str,
           **params: Any) -> None:
    audit.record(session, actor, action, entity=row.entity, entity_id=row.record_id,
                 message=message, params={"file": row.file_name, "attachment": row.id,
                                          **params})


# ---------------------------------------------------------------------------
# Adding
# ---------------------------------------------------------------------------

def add(session: Session, actor: Actor, entity: str, record_id: int, name: str,
        source: bytes | BinaryIO) -> AttachmentInfo:
    """Attach *source* (bytes, or a binary stream read to its end) to the record under
    the file name *name*.  Refused (nothing stored) over the size limit."""
    accounts.ensure_active(session, actor)
    record = _record(session, actor, entity, record_id)
    name = clean_name(name)
    limit = max_bytes(session)
    if isinstance(source, bytes | bytearray | memoryview) and len(source) > limit:
        raise _too_large(session, name, len(source))
    row = Attachment(entity=entity, record_id=record_id,
                     customer_id=_customer_of(entity, record), file_name=name,
                     mime_type="application/octet-stream", size=0, sha256="",
                     created_by_id=actor.user_id or None)
    session.add(row)
    session.flush()
    digest = hashlib.sha256()
    size = 0
    head = b""
    for number, chunk in enumerate(_chunks(source)):
        size += len(chunk)
        if size > limit:  # a stream longer than it said: undo what was stored
            session.execute(delete(AttachmentData).where(
                AttachmentData.attachment_id == row.id))
            session.delete(row)
            session.flush()
            raise _too_large(session, name, None)
        if number == 0:
            head = chunk[:16]
        digest.update(chunk)
        session.execute(insert(AttachmentData),
                        [{"attachment_id": row.id, "chunk": number, "data": chunk}])
    row.size = size
    row.sha256 = digest.hexdigest()
    row.mime_type = guess_mime(name, head)
    session.flush()
    _audit(session, actor, "attachment_add", row, ADDED, size=audit_messages.size(size),
           sha256=row.sha256)
    return _info(row, accounts.user_names(session))


def _chunks(source: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        for start in range(0, len(data), CHUNK_SIZE):
            yield data[start:start + CHUNK_SIZE]
        return
    while True:
        chunk = source.read(CHUNK_SIZE)
        if not chunk:
            return
        yield bytes(chunk)


def add_file(session: Session, actor: Actor, entity: str, record_id: int, path: str | Path,
             *, name: str | None = None) -> AttachmentInfo:
    """Attach the file at *path* (its size is checked before anything is read)."""
    path = Path(path)
    if path.is_dir():
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "{path} is a folder: choose a file."),
                         path=str(path))
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes(session):
                _record(session, actor, entity, record_id)  # a stranger's record: NotFound
                raise _too_large(session, clean_name(name or path.name), size)
            return add(session, actor, entity, record_id, name or path.name, stream)
    except OSError as exc:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "Cannot read {path}: {reason}."),
                         path=str(path), reason=exc.strerror or str(exc)) from exc


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def listing(session: Session, actor: Actor, entity: str, record_id: int, *,
            deleted: bool = False) -> list[AttachmentInfo]:
    """The record's attachments, newest first (*deleted*: those in the recycle bin)."""
    _record(session, actor, entity, record_id)
    state = Attachment.deleted_at.is_not(None) if deleted else Attachment.deleted_at.is_(None)
    rows = session.execute(select(Attachment).where(
        Attachment.entity == entity, Attachment.record_id == record_id, state)
        .order_by(Attachment.created_at.desc(), Attachment.id.desc())).scalars().all()
    names = accounts.user_names(session) if rows else {}
    return [_info(row, names) for row in rows]


def count(session: Session, actor: Actor, entity: str, record_id: int) -> int:
    """How many live attachments the record has."""
    _record(session, actor, entity, record_id)
    return int(session.execute(select(func.count(Attachment.id)).where(
        Attachment.entity == entity, Attachment.record_id == record_id,
        Attachment.deleted_at.is_(None))).scalar_one())


def info(session: Session, actor: Actor, attachment_id: int) -> AttachmentInfo:
    """One live attachment's description (nothing read, nothing counted)."""
    return _info(_attachment(session, actor, attachment_id), accounts.user_names(session))


def _stored_chunks(session: Session, row: Attachment) -> Iterator[bytes]:
    """The stored bytes, a chunk at a time (one primary-key lookup each: memory stays at
    one chunk on SQLite and PostgreSQL alike); the SHA-256 is checked at the end."""
    digest = hashlib.sha256()
    size = 0
    number = 0
    while size < row.size:
        chunk = session.execute(select(AttachmentData.data).where(
            AttachmentData.attachment_id == row.id,
            AttachmentData.chunk == number)).scalar_one_or_none()
        if chunk is None:
            break
        chunk = bytes(chunk)
        digest.update(chunk)
        size += len(chunk)
        number += 1
        yield chunk
    if size != row.size or digest.hexdigest() != row.sha256:
        raise AttachmentDamaged(QT_TRANSLATE_NOOP(
            "Errors", "The attachment {file} is damaged: its content no longer matches what "
                      "was stored. Restore it from a backup."), file=row.file_name)


def _opening(session: Session, actor: Actor, attachment_id: int) -> Attachment:
    """The attachment, once its record's customer is counted by the guard."""
    row = _attachment(session, actor, attachment_id)
    accounts.record_read(session, actor, row.entity, [row.record_id], kind="open")
    return row


def open_bytes(session: Session, actor: Actor,
               attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    """The file's content to show (counted as opening its record; audited)."""
    row = _opening(session, actor, attachment_id)
    data = b"".join(_stored_chunks(session, row))
    _audit(session, actor, "attachment_open", row, OPENED)
    return _info(row, accounts.user_names(session)), data


def save(session: Session, actor: Actor, attachment_id: int,
         target: str | Path) -> Path:
    """Write the file to *target* (a folder: the attachment's name in it), atomically;
    counted as opening its record and audited.  Returns the path written."""
    row = _opening(session, actor, attachment_id)
    path = Path(target)
    if path.is_dir():
        path = path / row.file_name
    _audit(session, actor, "attachment_save", row, SAVED, path=str(path))
    try:
        with atomic_file(path) as stream:
            for chunk in _stored_chunks(session, row):
                stream.write(chunk)
    except OSError as exc:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "Cannot write {path}: {reason}."),
                         path=str(path), reason=exc.strerror or str(exc)) from exc
    return path


# ---------------------------------------------------------------------------
# The recycle bin
# ---------------------------------------------------------------------------

def delete_attachment(session: Session, actor: Actor, attachment_id: int) -> None:
    """Move an attachment to the recycle bin (whoever may see its record)."""
    accounts.ensure_active(session, actor)
    row = _attachment(session, actor, attachment_id)
    row.deleted_at = utcnow()
    row.deleted_by_id = actor.user_id or None
    session.flush()
    _audit(session, actor, "attachment_delete", row, DELETED)


def deleted(session: Session, actor: Actor, limit: int = 1000) -> list[AttachmentInfo]:
    """The attachments in the recycle bin (administrators), newest deletion first, each
    described by its file name; those of a record that is itself deleted are left out
    (they come back with it)."""
    require(actor, "recycle.manage")
    names = accounts.user_names(session)
    rows = session.execute(select(Attachment).where(Attachment.deleted_at.is_not(None))
                           .order_by(Attachment.deleted_at.desc(), Attachment.id.desc())
                           .limit(limit)).scalars()
    found = []
    for row in rows:
        try:
            _record(session, actor, row.entity, row.record_id)
        except (NotFound, KnownError):
            continue
        found.append(_info(row, names))
    return found


def restore(session: Session, actor: Actor, attachment_id: int) -> None:
    """Bring an attachment back from the recycle bin (administrators)."""
    require(actor, "recycle.manage")
    row = _attachment(session, actor, attachment_id, deleted=True)
    row.deleted_at = None
    row.deleted_by_id = None
    session.flush()
    _audit(session, actor, "attachment_restore", row, RESTORED)


def purge(session: Session, actor: Actor, attachment_id: int) -> None:
    """Delete an attachment in the recycle bin for good (administrators)."""
    require(actor, "recycle.manage")
    row = _attachment(session, actor, attachment_id, deleted=True)
    _audit(session, actor, "attachment_purge", row, PURGED)
    session.execute(delete(AttachmentData).where(AttachmentData.attachment_id == row.id))
    session.delete(row)
    session.flush()
