"""The audit log: append-only, each entry chained to the previous one by a hash and,
since schema 0005, signed by the acting user's key.

* **Unsigned history** (``format`` NULL): entries written before the file's signed
  era began; hashed as before (SHA-256 over the fields and the previous hash).
* **The signed era** (``format`` 2) begins with the first signed entry: the first
  administrator's entry of a new database, or :func:`begin_signed_era` in a file
  from an older release.  A format-2 entry's hash also covers the database id, the
  signer's key id and that key's public key, and the signer's Ed25519 signature
  covers the hash.  Only :data:`UNSIGNED_ACTIONS` done by nobody (failed logins,
  lockouts, a restore, an automatic backup) may be unsigned there.
* Each key that signs must have been registered earlier in the chain
  (:data:`KEY_REGISTER`, naming the key and its fingerprint) by a registered key,
  or by itself for its user's first key.

Checking is in :mod:`crmdesk.core.services.audit_verify`; the witnesses outside the
file (backup manifests, this computer's record of the heads it saw) are gathered by
:mod:`crmdesk.witnesses` and handed in as plain values.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, event, false, func, or_, select
from sqlalchemy.orm import Session

from crmdesk.core.lookup import fits_id, fits_text, row_limit
from crmdesk.core.models import AuditEntry, Setting, UserKey, utcnow
from crmdesk.core.permissions import Actor, require
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage.backends import backend_of

if TYPE_CHECKING:
    from crmdesk.core.services.audit_verify import VerifyResult, Witnesses

log = logging.getLogger(__name__)

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
#: the database's random id (a "state" setting): in every signed entry's hash, in every
#: backup's manifest and in the witnesses this computer keeps
DATABASE_ID_KEY = "database.id"

FORMAT_SIGNED = 2
#: what a signature covers besides the entry's hash (so it means nothing elsewhere)
SIGNATURE_CONTEXT = b"crmdesk audit entry v2\x00"
#: a user's signing key enters the log: params ``key`` (user_keys.id) and ``fingerprint``
#: (``crypto.fingerprint`` of its Ed25519 public key)
KEY_REGISTER = "key_register"
#: the entry that starts the signed era of a file from an older release
SIGNED_ERA = "audit_signed"
#: what may stay unsigned in the signed era, and only when nobody logged in did it
#: (``user_id`` NULL): a wrong password, a lockout, a restore (the restoring
#: administrator's key may not exist in the restored file), an automatic backup
UNSIGNED_ACTIONS = frozenset({"login_failed", "lockout", "restore_db", "backup"})


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


def _time(at: datetime) -> str:
    return at.replace(tzinfo=None).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, entry_id: int, at: datetime, user_id: int | None, username: str,
               action: str, entity: str | None, entity_id: int | None, summary: str,
               before: str | None, after: str | None, message: str | None = None,
               params: str | None = None) -> str:
    """An unsigned (history) entry's hash.  The message and its parameters count when
    the entry has them (written since schema 0003); an older entry hashes exactly as
    it did."""
    fields: list[Any] = [prev_hash, entry_id, _time(at),
                         user_id, username, action, entity, entity_id, summary, before, after]
    if message is not None:
        fields += [message, params]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signed_entry_hash(database_id: str, prev_hash: str, entry_id: int, at: datetime,
                      user_id: int | None, username: str, action: str, entity: str | None,
                      entity_id: int | None, summary: str, before: str | None,
                      after: str | None, message: str | None, params: str | None,
                      signer_key_id: int | None, signer_public: bytes | None) -> str:
    """A format-2 entry's hash: every field, the database id, the signer's key id and
    that key's public key (so neither can be swapped without breaking the chain)."""
    fields: list[Any] = ["crmdesk-audit", FORMAT_SIGNED, database_id, prev_hash, entry_id,
                         _time(at), user_id, username, action, entity, entity_id, summary,
                         before, after, message, params, signer_key_id,
                         signer_public.hex() if signer_public is not None else None]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signed_bytes(digest: str) -> bytes:
    """What the signer signs for the entry whose hash is *digest*."""
    return SIGNATURE_CONTEXT + bytes.fromhex(digest)


def database_id(session: Session, *, create: bool = False) -> str | None:
    """The database's random id (``database.id``); made now when *create* and missing."""
    row = session.get(Setting, DATABASE_ID_KEY)
    if row is not None:
        try:
            found = json.loads(row.value)
        except ValueError:
            found = None
        if isinstance(found, str) and found:
            return found
    if not create:
        return None
    found = secrets.token_hex(16)
    if row is None:
        session.add(Setting(key=DATABASE_ID_KEY, value=json.dumps(found)))
    else:
        row.value = json.dumps(found)
    session.flush()
    return found


@dataclass(frozen=True)
class Head:
    """The newest entry of a log: its id and hash (id 0: an empty log)."""

    id: int
    hash: str


def head(session: Session) -> Head:
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return Head(int(last.id), str(last.hash)) if last else Head(0, GENESIS)


# ---------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Signer:
    key_id: int
    public: bytes
    sign: Callable[[bytes], bytes]


def _signer(session: Session, actor: Actor | None, *, check: bool = False) -> _Signer | None:
    """The actor's signing key, if the actor holds one that this database knows.

    *check* (for an entry written on someone's behalf, e.g. after a restore, where the
    key id may belong to another key in this file): sign a test and verify it with the
    stored public key first."""
    if actor is None or actor.keyring is None:
        return None
    keyring = actor.keyring
    key_id = keyring.signer_key_id
    if key_id is None or keyring.pair is None:
        return None
    key = session.get(UserKey, key_id)
    if key is None or key.user_id != actor.user_id:
        log.warning("the signing key %s of %s is not in this database", key_id,
                    actor.username)
        return None
    sign: Callable[[bytes], bytes] = keyring.sign
    if check:
        from crmdesk.storage import crypto

        probe = SIGNATURE_CONTEXT + b"probe"
        if not crypto.verify_signature(bytes(key.sign_public), sign(probe), probe):
            return None
    return _Signer(int(key_id), bytes(key.sign_public), sign)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One entry of :func:`record_many` (the arguments :func:`record` takes per entry)."""

    entity_id: int | None = None
    message: str | None = None
    params: Mapping[str, Any] | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


def record(session: Session, actor: Actor | None, action: str, *, entity: str | None = None,
           entity_id: int | None = None, message: str | None = None,
           params: Mapping[str, Any] | None = None, summary: str | None = None,
           before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None, username: str | None = None,
           signed_by: Actor | None = None) -> AuditEntry:
    """Append one entry.  *actor* None means the system (or a failed login: *username*).

    *message* is the English source text of a translatable message in the
    ``Audit`` context (mark it with ``QT_TRANSLATE_NOOP("Audit", ...)``) with
    ``{name}`` slots filled from *params*; see :mod:`crmdesk.core.audit_messages`
    for parameters that are themselves translated (record types, choices ...).
    The entry is shown in each reader's language.  (*summary*, a fixed text,
    is only for callers that have no message yet.)

    The entry is signed with the actor's key when the actor holds one (from then on
    the file is in its signed era); *signed_by* signs an entry written for nobody
    (*actor* None, e.g. a restore) with that user's key when this file knows it.
    """
    return _append(session, actor, action, entity, [Item(entity_id, message, params, before,
                                                          after)],
                   summary=summary, username=username, signed_by=signed_by)[0]


def record_many(session: Session, actor: Actor, action: str, entity: str,
                items: Sequence[Item]) -> list[AuditEntry]:
    """Append an entry per item, as :func:`record` does one by one (the same chain, the
    same hashes and signatures), reading the head and writing the entries once: for
    work on many records at a time (deleting a selection of ten thousand)."""
    return _append(session, actor, action, entity, items) if items else []


def _append(session: Session, actor: Actor | None, action: str, entity: str | None,
            items: Sequence[Item], *, summary: str | None = None, username: str | None = None,
            signed_by: Actor | None = None) -> list[AuditEntry]:
    from crmdesk.core import audit_messages

    backend_of(session).lock_audit_chain(session)
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash, AuditEntry.format)
        .order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_hash = last.hash if last else GENESIS
    entry_id = (last.id + 1) if last else 1
    signed_era = last is not None and last.format == FORMAT_SIGNED
    at = utcnow()
    name = actor.username if actor else (username or "system")
    user_id = actor.user_id if actor else None
    signer = (_signer(session, actor) if actor is not None
              else _signer(session, signed_by, check=True) if signed_by is not None else None)
    db_id = database_id(session, create=True)
    assert db_id is not None
    entries: list[AuditEntry] = []
    for item in items:
        message = item.message
        before_json, after_json = to_json(item.before), to_json(item.after)
        params_json = None
        if message is not None:
            params_json = to_json(dict(item.params or {}))
            text = audit_messages.english(message, item.params or {})
        else:
            text = summary or ""
        text = text[:500]
        fmt: int | None = None
        signature: bytes | None = None
        if signer is not None or signed_era:
            fmt = FORMAT_SIGNED
            digest = signed_entry_hash(
                db_id, prev_hash, entry_id, at, user_id, name, action, entity, item.entity_id,
                text, before_json, after_json, message, params_json,
                signer.key_id if signer else None, signer.public if signer else None)
            if signer is not None:
                signature = signer.sign(signed_bytes(digest))
            elif action not in UNSIGNED_ACTIONS or user_id is not None:
                log.warning("audit entry %s (%s by %s) written unsigned in the signed era: "
                            "the user holds no signing key", entry_id, action, name)
        else:
            digest = entry_hash(prev_hash, entry_id, at, user_id, name, action,
                                entity, item.entity_id, text, before_json, after_json, message,
                                params_json)
        entries.append(AuditEntry(
            id=entry_id, at=at, user_id=user_id, username=name, action=action, entity=entity,
            entity_id=item.entity_id, summary=text, message=message, params=params_json,
            before=before_json, after=after_json, prev_hash=prev_hash, hash=digest,
            format=fmt, signer_key_id=signer.key_id if signer else None, signature=signature))
        prev_hash, entry_id, signed_era = digest, entry_id + 1, fmt == FORMAT_SIGNED
    session.add_all(entries)
    head_row = session.get(Setting, HEAD_KEY)
    head_value = json.dumps({"id": entries[-1].id, "hash": entries[-1].hash})
    if head_row is None:
        session.add(Setting(key=HEAD_KEY, value=head_value))
    else:
        head_row.value = head_value
    session.flush()
    _note_for_commit(session, db_id, entries[0])
    return entries


def begin_signed_era(session: Session, actor: Actor) -> AuditEntry | None:
    """Start the signed era of a file from an older release: one entry, signed by
    *actor* (an administrator whose key exists and is registered), saying that the
    entries before it are unsigned history.  Nothing happens when the era has begun."""
    began = session.execute(select(AuditEntry.id).where(
        AuditEntry.format == FORMAT_SIGNED).limit(1)).first()
    if began is not None:
        return None
    from crmdesk.storage import crypto

    signer = _signer(session, actor)
    if signer is None:
        raise ValueError(f"{actor.username} holds no signing key of this database")
    older = int(session.execute(select(func.count(AuditEntry.id))).scalar_one())
    # the entry registers the signer's key too (its user's first key registers itself)
    return record(session, actor, SIGNED_ERA, entity="database",
                  message=QT_TRANSLATE_NOOP(
                      "Audit", "The audit log is signed from here on: the {count} entries "
                               "before this one are unsigned history"),
                  params={"count": older, "key": signer.key_id,
                          "fingerprint": crypto.fingerprint(signer.public)})


# ---------------------------------------------------------------------------
# Telling the program's witnesses what was committed
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Committed:
    """The audit head a transaction committed, for the witnesses outside the file."""

    database_id: str
    location: str  # the file's path, or the server URL without its password
    head: Head
    at: datetime
    #: restore entries this transaction wrote (a restored file starts a new history)
    restores: tuple[Head, ...] = ()
    #: the hash of the entry before the head (to find where two copies went apart)
    prev_hash: str = GENESIS


_COMMIT_KEY = "crmdesk.audit_committed"
_observers: list[Callable[[Committed], None]] = []


def add_commit_observer(fn: Callable[[Committed], None]) -> Callable[[], None]:
    """Call *fn* after each commit that wrote audit entries; returns the remover.

    The window and the command line use it to keep this computer's witnesses
    (``crmdesk.witnesses``); the domain itself writes no files of the computer."""
    _observers.append(fn)

    def remove() -> None:
        if fn in _observers:
            _observers.remove(fn)

    return remove


def _note_for_commit(session: Session, db_id: str, entry: AuditEntry) -> None:
    if not _observers:
        return
    noted = session.info.setdefault(_COMMIT_KEY, {"first": entry.id})
    noted["database_id"] = db_id


#: ``session.info`` key: where the database will be once committed (a copy written
#: under a temporary name, ``crmdesk migrate``), for the witnesses
LOCATION_KEY = "crmdesk.audit_location"


def _location(session: Session) -> str:
    if LOCATION_KEY in session.info:
        return str(session.info[LOCATION_KEY])
    bind = session.get_bind()
    url = bind.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database.removeprefix("file:").split("?", 1)[0]
    return url.render_as_string(hide_password=True)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """Read the head about to be committed (after a savepoint's rollback the entries
    noted may be gone: the head is read again, never remembered from ``record``)."""
    noted = session.info.get(_COMMIT_KEY)
    if not noted or not _observers:
        return
    session.flush()
    rows = session.execute(
        select(AuditEntry.id, AuditEntry.hash, AuditEntry.prev_hash, AuditEntry.at,
               AuditEntry.action)
        .where(AuditEntry.id >= noted["first"]).order_by(AuditEntry.id)).all()
    if not rows:
        session.info.pop(_COMMIT_KEY, None)
        return
    last = rows[-1]
    noted["committed"] = Committed(
        noted["database_id"], _location(session), Head(last.id, last.hash), last.at,
        tuple(Head(r.id, r.hash) for r in rows if r.action == "restore_db"), last.prev_hash)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    noted = session.info.pop(_COMMIT_KEY, None)
    committed = noted.get("committed") if noted else None
    if committed is None:
        return
    for fn in list(_observers):
        try:
            fn(committed)
        except Exception:  # noqa: BLE001 - a witness must never undo or break a commit
            log.exception("cannot record the audit head for %s", committed.location)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_COMMIT_KEY, None)


# ---------------------------------------------------------------------------
# Checking (see audit_verify)
# ---------------------------------------------------------------------------

def verify_chain(session: Session) -> VerifyResult:
    """Check the log by itself: chain, signatures, keys, recorded head."""
    from crmdesk.core.services import audit_verify

    return audit_verify.verify(session)


def verify(session: Session, witnesses: Witnesses | None = None) -> VerifyResult:
    """Check the log and compare it with *witnesses* from outside the file."""
    from crmdesk.core.services import audit_verify

    return audit_verify.verify(session, witnesses)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any],
                                                                      dict[str, Any]]:
    """The changed keys only, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


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
    if not all(fits_text(v) for v in (flt.username, flt.action, flt.entity, flt.text) if v):
        return stmt.where(false())  # no entry holds a NUL (PostgreSQL refuses one)
    if not (flt.entity_id is None or fits_id(flt.entity_id)):
        return stmt.where(false())
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
    limit, offset = row_limit(limit), row_limit(offset)
    stmt = stmt.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    return list(session.execute(stmt).scalars())


def count(session: Session, actor: Actor, flt: AuditFilter | None = None) -> int:
    require(actor, "audit.view")
    stmt = _filtered(select(func.count(AuditEntry.id)), flt or AuditFilter())
    return int(session.execute(stmt).scalar_one())


def _listing(session: Session, stmt: Select[AuditEntry], key: str,
             record_id: int) -> list[AuditEntry]:
    """The entries of *stmt* whose "after" data lists *record_id* under *key*."""
    found = []
    for entry in session.execute(stmt).scalars():
        try:
            listed = json.loads(entry.after or "{}").get(key)
        except (ValueError, AttributeError):
            continue
        if isinstance(listed, list) and record_id in listed:
            found.append(entry)
    return found


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """The history of one record, oldest first, with the mass updates that changed it.

    Not scoped: callers check first that the actor may see the record
    (``RecordService.history`` does).
    """
    stmt = (select(AuditEntry).where(AuditEntry.entity == entity,
                                     AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id))
    entries = list(session.execute(stmt).scalars())
    # An entry about many records at once (a mass update) has no entity_id and lists
    # them in after["ids"].  Only the entity_id IS NULL index is usable here (coalesce
    # keeps the planner off the entity and action indexes, which hold every entry of
    # the kind): those entries are the few without a record (logins, exports ...).
    many = select(AuditEntry).where(AuditEntry.entity_id.is_(None),
                                    func.coalesce(AuditEntry.entity, "") == entity,
                                    func.coalesce(AuditEntry.action, "") == "update",
                                    AuditEntry.after.is_not(None))
    entries += _listing(session, many, "ids", entity_id)
    if entity == "customer":  # a handover (an entry about its user) lists its customers
        handovers = select(AuditEntry).where(AuditEntry.action == "handover")
        entries += _listing(session, handovers, "customer_ids", entity_id)
    return sorted(entries, key=lambda e: e.id)
