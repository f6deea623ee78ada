"""Checking the audit log: its chain, its signatures, and the witnesses outside the file.

What the file alone proves (:func:`verify` without witnesses):

* every entry links to the one before it and its hash fits its fields, so an edit,
  an insertion, a removal from the middle or a reordering breaks the chain;
* in the signed era, every entry is signed by the key it names, that key belongs to
  the user the entry names, and it was registered earlier in the log (by a registered
  key, or by itself for its user's first key) with the fingerprint of the public key
  the file holds now; recomputing the chain therefore breaks every later signature
  of someone else's key, and replacing a stored public key breaks its registration;
* the era, once begun, does not end: an entry marked as unsigned history after a
  signed one, a signing key that no entry registered, or signing keys with no signed
  entry at all, mean that signatures were stripped.

What it cannot prove: that nothing was cut off the end (a log with its last entries
removed and the recorded head fixed is a consistent shorter log), nor that a whole
file was not replaced by an older copy.  That is what the witnesses are for: heads
(entry id and hash) this computer saw when the program committed, and the heads in
backup manifests.  A witness that saw this very file disagrees: tampering, unless a
restore recorded after it explains it.  A witness of another copy of the database
(another path) disagrees: the copies diverged, which is reported as such.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core.models import AuditEntry, Setting, User, UserKey
from crmdesk.core.permissions import ADMIN
from crmdesk.core.services import audit
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage import crypto


@dataclass(frozen=True)
class SeenHead:
    """One head a witness outside the file saw: entry *entry_id* had *hash*."""

    entry_id: int
    hash: str
    at: datetime | None  # when the witness saw it
    source: str  # how messages name the witness (already in the reader's language)
    kind: str  # "local" (this computer) or "backup"
    #: the witness saw this very file (False: another copy of the same database)
    same_file: bool = True
    location: str = ""  # for another copy: where it is (a path, a database name)
    prev_hash: str | None = None  # the hash of the entry before it, when known


@dataclass(frozen=True)
class Witnesses:
    """Everything outside the file that vouches for its log."""

    heads: tuple[SeenHead, ...] = ()
    #: restore entries (id, hash) this computer saw the program write in this file
    restores: tuple[audit.Head, ...] = ()


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""  # in the reader's language
    witness: str = ""  # the witness that disagrees, when one does
    notes: list[str] = field(default_factory=list)  # restores, copies: not tampering
    signed_from: int | None = None  # the first entry of the signed era
    witnesses: int = 0  # heads of witnesses compared
    agreed: int = 0  # of which agree


def _t(text: str, **params: object) -> str:
    return render("Audit", text, **params)


def _date(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else "?"


@dataclass
class _Restore:
    id: int
    hash: str
    at: datetime
    signed: bool


@dataclass
class _Scan:
    checked: int = 0
    last: audit.Head = field(default_factory=lambda: audit.Head(0, audit.GENESIS))
    era: int | None = None
    hash_at: dict[int, str] = field(default_factory=dict)
    restores: list[_Restore] = field(default_factory=list)
    failure: tuple[int | None, str] | None = None


class _Broken(Exception):
    def __init__(self, entry_id: int | None, reason: str) -> None:
        super().__init__(reason)
        self.entry_id = entry_id
        self.reason = reason


def _registered_key(entry: AuditEntry) -> tuple[int | None, str | None]:
    """The key a ``key_register`` entry registers and the fingerprint it names."""
    params: dict[str, Any] = {}
    if entry.params:
        try:
            loaded = json.loads(entry.params)
            params = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            params = {}
    key_id = params.get("key", params.get("key_id"))
    if key_id is None and entry.entity == "user_key":
        key_id = entry.entity_id
    fingerprint = params.get("fingerprint")
    try:
        return (int(key_id) if key_id is not None else None,
                str(fingerprint) if fingerprint is not None else None)
    except (TypeError, ValueError):
        return None, None


def _same_fingerprint(named: str | None, public: bytes) -> bool:
    if named is None:
        return False
    want = named.replace(" ", "").replace(":", "").lower()
    full = hashlib.sha256(public).hexdigest()
    return len(want) >= 16 and full.startswith(want)


class _Checker:
    """One pass over the log, oldest first."""

    def __init__(self, session: Session, wanted: set[int]) -> None:
        self.session = session
        self.wanted = wanted
        self.keys = {k.id: k for k in session.execute(select(UserKey)).scalars()}
        self.names: dict[int, str] = {}
        self.admins: set[int] = set()
        for user_id, name, role in session.execute(select(User.id, User.username, User.role)):
            self.names[user_id] = name
            if role == ADMIN:
                self.admins.add(user_id)
        self.registered: dict[int, int] = {}  # key id -> entry that registered it
        #: first keys that signed before their own registration: key id -> first entry
        self.pending: dict[int, int] = {}
        self.users_with_key: set[int] = set()
        self.db_id = audit.database_id(session) or ""
        self.scan = _Scan()

    def owner(self, key: UserKey) -> str:
        return self.names.get(key.user_id, f"#{key.user_id}")

    def run(self) -> _Scan:
        prev = audit.GENESIS
        expected: int | None = None
        rows = self.session.execute(
            select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000)
        ).scalars()
        try:
            for entry in rows:
                self.scan.checked += 1
                if expected is not None and entry.id != expected:
                    raise _Broken(expected, _t(QT_TRANSLATE_NOOP(
                        "Audit", "entry {id} is missing (deleted)"), id=expected))
                if entry.prev_hash != prev:
                    raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                        "Audit", "its link to the previous entry does not match (entries "
                                 "were removed, inserted or reordered)")))
                self.entry(entry)
                prev = entry.hash
                expected = entry.id + 1
                self.scan.last = audit.Head(entry.id, entry.hash)
                if entry.id in self.wanted:
                    self.scan.hash_at[entry.id] = entry.hash
                self.session.expunge(entry)
            self.after()
        except _Broken as broken:
            self.scan.failure = (broken.entry_id, broken.reason)
        finally:  # stopped early: PostgreSQL's server-side cursor stays open otherwise
            rows.close()
        return self.scan

    # -- one entry ---------------------------------------------------------------
    def entry(self, entry: AuditEntry) -> None:
        if entry.format is None:
            if self.scan.era is not None:
                raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                    "Audit", "it is marked as unsigned history, but the log is signed from "
                             "entry {start} on: its signature was removed"),
                    start=self.scan.era))
            digest = audit.entry_hash(
                entry.prev_hash, entry.id, entry.at, entry.user_id, entry.username,
                entry.action, entry.entity, entry.entity_id, entry.summary, entry.before,
                entry.after, entry.message, entry.params)
            if digest != entry.hash or entry.signature is not None:
                raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                    "Audit", "its content was changed")))
            return
        if entry.format != audit.FORMAT_SIGNED:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "it has an unknown format ({format})"), format=entry.format))
        if self.scan.era is None:
            self.scan.era = entry.id
        key = self.keys.get(entry.signer_key_id) if entry.signer_key_id is not None else None
        if entry.signer_key_id is not None and key is None:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "it is signed with key {key}, which is not in the database"),
                key=entry.signer_key_id))
        public = bytes(key.sign_public) if key is not None else None
        digest = audit.signed_entry_hash(
            self.db_id, entry.prev_hash, entry.id, entry.at, entry.user_id, entry.username,
            entry.action, entry.entity, entry.entity_id, entry.summary, entry.before,
            entry.after, entry.message, entry.params, entry.signer_key_id, public)
        if digest != entry.hash:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "its content was changed (or its signer's public key, or the "
                         "database id)")))
        if key is None or public is None:
            if entry.signature is not None:
                raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                    "Audit", "it carries a signature but names no signer")))
            if entry.action not in audit.UNSIGNED_ACTIONS or entry.user_id is not None:
                raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                    "Audit", "it is not signed ({action} by {user}); in the signed log only "
                             "failed logins, lockouts, restores and automatic backups may "
                             "be unsigned"), action=entry.action, user=entry.username))
        else:
            self.signature(entry, key, public)
        if entry.action == audit.KEY_REGISTER or (
                entry.action == audit.SIGNED_ERA and _registered_key(entry)[0] is not None):
            self.registration(entry, key)
        if entry.action == "restore_db":
            self.scan.restores.append(_Restore(entry.id, entry.hash, entry.at,
                                               key is not None))

    def signature(self, entry: AuditEntry, key: UserKey, public: bytes) -> None:
        if not entry.signature or not crypto.verify_signature(
                public, bytes(entry.signature), audit.signed_bytes(entry.hash)):
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "its signature does not match: it was forged or re-signed, or the "
                         "public key of key {key} ({owner}) was replaced"),
                key=key.id, owner=self.owner(key)))
        if entry.user_id is not None and key.user_id != entry.user_id:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "it names {user} as its author but is signed with key {key} of "
                         "{owner}"), user=entry.username, key=key.id, owner=self.owner(key)))
        if entry.user_id is None and entry.action not in audit.UNSIGNED_ACTIONS:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "it names no user but is signed with key {key} of {owner}"),
                key=key.id, owner=self.owner(key)))
        if key.id in self.registered:
            self.other_signer(key)
            return
        if key.user_id in self.users_with_key:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "it is signed with key {key} of {owner}, which no earlier entry "
                         "registered"), key=key.id, owner=self.owner(key)))
        # a user's first key: it registers itself, at the latest before another key signs
        self.other_signer(key)
        self.pending.setdefault(key.id, entry.id)

    def other_signer(self, key: UserKey) -> None:
        """An entry signed by *key*: a first key still waiting for its registration
        must have got it before anyone else signs."""
        for waiting, first in self.pending.items():
            if waiting != key.id:
                raise _Broken(first, self.unregistered(self.keys[waiting]))

    def unregistered(self, key: UserKey) -> str:
        return _t(QT_TRANSLATE_NOOP(
            "Audit", "it is signed with key {key} of {owner}, which no earlier entry "
                     "registered"), key=key.id, owner=self.owner(key))

    def registration(self, entry: AuditEntry, signer: UserKey | None) -> None:
        key_id, fingerprint = _registered_key(entry)
        registered = self.keys.get(key_id) if key_id is not None else None
        if signer is None or registered is None:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "it registers key {key}, which is not in the database or not "
                         "signed"), key=key_id))
        if not _same_fingerprint(fingerprint, bytes(registered.sign_public)):
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "the public key of key {key} ({owner}) is not the one registered "
                         "here: it was replaced"), key=registered.id,
                owner=self.owner(registered)))
        if signer.id == registered.id and registered.id not in self.registered \
                and registered.id not in self.pending \
                and registered.user_id in self.users_with_key:
            raise _Broken(entry.id, self.unregistered(registered))
        if signer.id != registered.id and signer.user_id != registered.user_id \
                and signer.user_id not in self.admins:
            raise _Broken(entry.id, _t(QT_TRANSLATE_NOOP(
                "Audit", "it registers key {key} of {owner} with the key of {signer}, who is "
                         "not an administrator"), key=registered.id,
                owner=self.owner(registered), signer=self.owner(signer)))
        self.registered.setdefault(registered.id, entry.id)
        self.pending.pop(registered.id, None)
        self.users_with_key.add(registered.user_id)

    # -- the whole log -------------------------------------------------------------
    def after(self) -> None:
        last = self.scan.last
        head = self.session.get(Setting, audit.HEAD_KEY)
        if head is not None:
            try:
                recorded = json.loads(head.value)
                recorded_id = int(recorded.get("id", 0))
            except (ValueError, TypeError, AttributeError):
                recorded, recorded_id = {}, 0
            if last.id < recorded_id:
                raise _Broken(last.id + 1, _t(QT_TRANSLATE_NOOP(
                    "Audit", "entries from {id} on are missing (deleted)"), id=last.id + 1))
            if last.id == recorded_id and recorded.get("hash") != last.hash:
                raise _Broken(last.id, _t(QT_TRANSLATE_NOOP("Audit", "its content was changed")))
        if last.id == 0:
            users = int(self.session.execute(select(func.count(User.id))).scalar_one())
            if users:
                raise _Broken(None, _t(QT_TRANSLATE_NOOP(
                    "Audit", "the log is empty although the database has {n} users: it was "
                             "wiped"), n=users))
        for waiting, first in self.pending.items():
            raise _Broken(first, self.unregistered(self.keys[waiting]))
        unregistered = sorted(set(self.keys) - set(self.registered))
        if unregistered:
            key = self.keys[unregistered[0]]
            if self.scan.era is None:
                raise _Broken(None, _t(QT_TRANSLATE_NOOP(
                    "Audit", "the database has signing keys but the log has no signed entry: "
                             "its signatures were removed")))
            raise _Broken(None, _t(QT_TRANSLATE_NOOP(
                "Audit", "key {key} of {owner} was never registered in the log: entries were "
                         "removed or their signatures stripped"),
                key=key.id, owner=self.owner(key)))


def verify(session: Session, witnesses: Witnesses | None = None) -> VerifyResult:
    """Check the log (chain, signatures, keys, recorded head), then compare it with
    *witnesses*.  ``ok`` False names the entry and the reason (and the witness that
    disagrees); restores and diverged copies come back as ``notes``."""
    witnesses = witnesses or Witnesses()
    wanted = {w.entry_id for w in witnesses.heads}
    wanted |= {w.entry_id - 1 for w in witnesses.heads if w.prev_hash is not None}
    scan = _Checker(session, wanted).run()
    if scan.failure is not None:
        return VerifyResult(False, scan.checked, scan.failure[0], scan.failure[1],
                            signed_from=scan.era)
    result = VerifyResult(True, scan.checked, signed_from=scan.era)
    _compare(scan, witnesses, result)
    return result


def _shared_up_to(scan: _Scan, w: SeenHead) -> int | None:
    """Up to which entry the log and the one *w* saw are the same, when *w* tells."""
    if scan.hash_at.get(w.entry_id) == w.hash:
        return w.entry_id
    if w.prev_hash is not None and (
            scan.hash_at.get(w.entry_id - 1, audit.GENESIS if w.entry_id == 1 else None)
            == w.prev_hash):
        return w.entry_id - 1
    return None


def _compare(scan: _Scan, witnesses: Witnesses, result: VerifyResult) -> None:
    confirmed = {(h.id, h.hash) for h in witnesses.restores}
    superseded: dict[int, list[SeenHead]] = defaultdict(list)
    copies: dict[str, list[tuple[SeenHead, str | None]]] = defaultdict(list)
    shared_here = max((_shared_up_to(scan, w) or 0 for w in witnesses.heads if w.same_file),
                      default=0)
    # this file's own witnesses first, the earliest first: the first that disagrees
    # tells from where on the log is no longer what was seen
    heads = sorted(witnesses.heads, key=lambda w: (not w.same_file, w.kind != "local",
                                                   w.entry_id))
    for w in heads:
        result.witnesses += 1
        found = scan.hash_at.get(w.entry_id)
        if found == w.hash:
            result.agreed += 1
            if not w.same_file:
                copies[w.location].append((w, found))
            continue
        restore = _restore_after(scan.restores, w)
        if restore is not None and (restore.signed or (restore.id, restore.hash) in confirmed):
            superseded[restore.id].append(w)
            continue
        if not w.same_file:
            copies[w.location].append((w, found))
            continue
        if result.ok:
            _disagrees(scan, w, found, restore, shared_here, result)
    for restore_id, seen in sorted(superseded.items()):
        result.notes.append(_t(QT_TRANSLATE_NOOP(
            "Audit", "Entry {id} records a restore from a backup: {n} witness(es) from "
                     "before it (up to entry {top}) saw the history it replaced."),
            id=restore_id, n=len(seen), top=max(w.entry_id for w in seen)))
    for location, copy_seen in sorted(copies.items()):
        note = _copy_note(scan, location, copy_seen)
        if note:
            result.notes.append(note)


def _restore_after(restores: Iterable[_Restore], w: SeenHead) -> _Restore | None:
    """The newest restore in the file made after *w* saw a head it replaced."""
    for restore in sorted(restores, key=lambda r: r.id, reverse=True):
        if w.at is not None and restore.at > w.at and w.entry_id >= restore.id:
            return restore
    return None


def _disagrees(scan: _Scan, w: SeenHead, found: str | None, restore: _Restore | None,
               agreed_up_to: int, result: VerifyResult) -> None:
    result.ok = False
    result.witness = w.source
    if found is None:
        result.broken_id = scan.last.id + 1
        result.reason = _t(QT_TRANSLATE_NOOP(
            "Audit", "{witness} saw entry {id} in this log ({date}), but the log ends at entry "
                     "{last}: its last entries were removed, or an older copy was put in "
                     "its place without a restore"),
            witness=w.source, id=w.entry_id, date=_date(w.at), last=scan.last.id)
    else:
        result.broken_id = min(w.entry_id, agreed_up_to + 1) if agreed_up_to else w.entry_id
        result.reason = _t(QT_TRANSLATE_NOOP(
            "Audit", "{witness} saw a different entry {id} in this log ({date}): the log was "
                     "rewritten and its chain recomputed, or the file was replaced by another "
                     "copy"),
            witness=w.source, id=w.entry_id, date=_date(w.at))
        if agreed_up_to:
            result.reason += "; " + _t(QT_TRANSLATE_NOOP(
                "Audit", "the witnesses still agree up to entry {same}"), same=agreed_up_to)
    if restore is not None:
        result.reason += "; " + _t(QT_TRANSLATE_NOOP(
            "Audit", "entry {id} says the file was restored from a backup, but no witness "
                     "here recorded that restore and no known key signed it"), id=restore.id)


def _copy_note(scan: _Scan, location: str, seen: list[tuple[SeenHead, str | None]]) -> str:
    same = [shared for w, _ in seen if (shared := _shared_up_to(scan, w)) is not None]
    missing = [w.entry_id for w, found in seen if found is None]
    different = [w.entry_id for w, found in seen if found is not None and found != w.hash]
    if different:
        return _t(QT_TRANSLATE_NOOP(
            "Audit", "This file and the copy at {copy} are the same database but have "
                     "diverged: the same entries up to entry {same}, different from entry "
                     "{differ} on at the latest. Each copy has been used on its own since: this "
                     "is not tampering, but only one of them should be kept."),
            copy=location, same=max(same, default=0), differ=min(different))
    if missing:
        return _t(QT_TRANSLATE_NOOP(
            "Audit", "The copy at {copy} has entries up to {top}, this file up to {last}: "
                     "this file is an older copy of the same database (or the copy at {copy} "
                     "was used after this file was copied from it)."),
            copy=location, top=max(missing), last=scan.last.id)
    return ""
