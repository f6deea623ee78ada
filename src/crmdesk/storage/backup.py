"""Backups of a crmdesk database: online, compressed, optionally encrypted, verified.

For a one-PC business the backup is the whole disaster plan, so every step is
checked and nothing is ever half-written:

* **Making a backup** (:func:`create_backup`) copies the database with SQLite's
  online backup API inside one read transaction: a consistent snapshot, taken
  in steps while the program keeps working (in WAL mode a reader never blocks a
  writer).  The copy goes to a work file beside the database, is then
  compressed (zstd, in parallel chunks), optionally encrypted, and written to
  the backup folder under a temporary name, flushed to disk and renamed: the
  folder holds complete backups or none.  A manifest records the time, the
  program and schema versions, row counts and the SHA-256 of the database.
  By default the new backup is read back and verified.
* **Verifying** (:func:`verify_backup`) checks the file's checksum (and, when
  encrypted, its authentication), unpacks the database, compares its SHA-256
  with the manifest, opens it and runs ``PRAGMA integrity_check``, checks the
  schema version and the row counts.
* **Restoring** (:func:`restore_backup`, :func:`restore_into_open`) verifies
  first, into a temporary file beside the target; only a backup that passes
  everything goes on.  Then it refuses a file that another process has open,
  keeps a safety copy of the current file (``NAME.before-restore-TIME.crmdb``)
  and swaps the new file in with one atomic rename.  A refused backup leaves
  the current file exactly as it was.
* **Schedules and rotation**: :func:`backup_due` tells a scheduler whether a
  backup is due (every N hours while open, daily), :func:`backup_status` gives
  the age of the last good backup (for a warning), :func:`prune_backups` keeps
  the last N plus daily, weekly and monthly copies.

Long calls take ``progress(stage, done, total)`` (called from the calling
thread, e.g. a GUI worker) and ``cancel`` (a ``threading.Event``; setting it
stops the work at the next step with :class:`BackupCancelled`, leaving
nothing behind).

File format (``.crmbak``, format 1)
-----------------------------------
Integers are big-endian.  ::

    header    8 bytes   magic b"\\x89CRMBAK\\n"
              u16       format version (1)
              u32       P, length of the parameters
              P bytes   parameters, UTF-8 JSON:
                        {"compression": "zstd", "chunk_size": 4194304,
                         "file_id": 32 hex digits (random),
                         "encryption": null, or {"cipher": "AES-256-GCM",
                             "kdf": "scrypt:n=65536,r=8,p=1", "salt": base64 (16 bytes),
                             "check": base64 (32 bytes, tells a wrong password)}}
    records   u8 type, u32 length L, then L bytes:
              b"D"      a data chunk: the next chunk_size bytes of the database
                        file (the last chunk may be shorter), compressed as one
                        zstd frame (with its content checksum); when encrypted
                        that frame is sealed: 12-byte random nonce, then
                        AES-256-GCM ciphertext and tag, with associated data
                        b"crmdesk-backup-v1" + file_id (16 bytes) + u64 chunk
                        index + u8 final flag (1 for the last chunk, else 0),
                        so chunks cannot be reordered, dropped, moved between
                        files, or the backup truncated unnoticed
              b"L"      the last data chunk (same content rules); always present
              b"M"      the manifest, UTF-8 JSON, once, right after b"L":
                        {"format", "created_at" (UTC ISO 8601), "app_version",
                         "schema", "database": {"name", "id"}, "made_by", "reason",
                         "host", "page_size", "content_size", "content_sha256",
                         "chunks", "counts": {table: rows},
                         "summary": {"customers" (rows, the recycle bin included),
                                     "users"}, "encrypted"}
    footer    8 bytes   b"CRMBKEND"
              u64       offset of the b"M" record
              32 bytes  SHA-256 of every byte of the file before this field
              32 bytes  encrypted: HMAC-SHA256 of that digest under the MAC key;
                        otherwise zeros

The manifest is readable without the password (the restore wizard lists
encrypted backups); for encrypted backups the footer's HMAC authenticates it
together with the header.  Keys: one scrypt derivation (random salt, cost
stored in the header) of the password gives, as for user passwords in
:mod:`crmdesk.storage.crypto`, a verifier (stored as ``check``) and a key
from which HKDF-SHA256 derives the AES key and the MAC key.

A backup is a copy of the database file: ID numbers and bank accounts inside
it stay encrypted under the users' passwords whether or not the backup
itself is encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import socket
import sqlite3
import struct
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

from crmdesk import __version__
from crmdesk.core.errors import DatabaseInUseError, KnownError
from crmdesk.core.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.core.models import Base, Setting
from crmdesk.core.permissions import Actor, require
from crmdesk.storage import crypto, file_lock, migrations
from crmdesk.storage.backends import APPLICATION_ID
from crmdesk.storage.database import Database, open_database

log = logging.getLogger("crmdesk.backup")

SUFFIX = ".crmbak"
VERIFIED_SUFFIX = ".verified"
MAGIC = b"\x89CRMBAK\n"
END_MAGIC = b"CRMBKEND"
FORMAT = 1
CHUNK_SIZE = 4 << 20
ZSTD_LEVEL = 1
AAD_PREFIX = b"crmdesk-backup-v1"
FOOTER = struct.Struct(">8sQ32s32s")
RECORD = struct.Struct(">cI")
PAGES_PER_STEP = 4096
# Work files older than this are leftovers of a killed backup and are removed.
STALE_WORK_SECONDS = 6 * 3600
# Niceness added to compression threads (Linux), so the GUI thread is served first.
THREAD_NICENESS = 5

STATE_KEY = "backup.state"
DATABASE_ID_KEY = "database.id"

Progress = Callable[[str, int, int], None]

# Stages reported to ``progress`` and their labels (render("Backup", label)).
STAGES: dict[str, str] = {
    "copy": QT_TRANSLATE_NOOP("Backup", "Copying the database"),
    "compress": QT_TRANSLATE_NOOP("Backup", "Compressing and writing the backup"),
    "read": QT_TRANSLATE_NOOP("Backup", "Reading the backup"),
    "check": QT_TRANSLATE_NOOP("Backup", "Checking the database in the backup"),
    "swap": QT_TRANSLATE_NOOP("Backup", "Replacing the database file"),
}

# Why a backup was made (manifest "reason").
REASONS = ("manual", "interval", "daily", "close", "cli", "before-restore")


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

class BackupError(KnownError):
    """A backup or restore problem the user can act on (context "Backup")."""

    context = "Backup"


class BackupCancelled(BackupError):
    """The user cancelled; nothing was left behind and nothing was changed."""


class NotABackupError(BackupError):
    pass


class BackupDamagedError(BackupError):
    """Truncated, corrupt or tampered: refused."""


class PasswordRequiredError(BackupError):
    """The backup is encrypted and no password was given."""


class WrongPasswordError(BackupError):
    pass


class RestoreRefusedError(BackupError):
    """The target cannot be replaced now (open elsewhere ...); it was left as it was."""


def _cancelled() -> BackupCancelled:
    return BackupCancelled(QT_TRANSLATE_NOOP("Backup", "Cancelled: nothing was changed."))


def _damaged(path: Path, reason: str, **params: object) -> BackupDamagedError:
    return BackupDamagedError(
        QT_TRANSLATE_NOOP("Backup", "{name} is damaged or was altered ({reason}). It cannot be "
                                    "used; choose another backup."),
        name=path.name, reason=render("Backup", reason, **params))


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise _cancelled()


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def stage_label(stage: str) -> str:
    """The translated label of a progress stage."""
    return render("Backup", STAGES.get(stage, stage))


# ---------------------------------------------------------------------------
# The manifest
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Manifest:
    """What a backup holds (stored in the file, readable without the password)."""

    created_at: datetime
    app_version: str
    schema: str
    database_name: str
    database_id: str | None
    made_by: str
    reason: str
    host: str
    page_size: int
    content_size: int
    content_sha256: str
    chunks: int
    counts: dict[str, int]
    customers: int
    users: int
    encrypted: bool
    format: int = FORMAT

    def to_json(self) -> bytes:
        data = {
            "format": self.format, "created_at": self.created_at.astimezone(UTC).isoformat(),
            "app_version": self.app_version, "schema": self.schema,
            "database": {"name": self.database_name, "id": self.database_id},
            "made_by": self.made_by, "reason": self.reason, "host": self.host,
            "page_size": self.page_size, "content_size": self.content_size,
            "content_sha256": self.content_sha256, "chunks": self.chunks,
            "counts": self.counts,
            "summary": {"customers": self.customers, "users": self.users},
            "encrypted": self.encrypted,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("manifest is not an object")
        database = data["database"]
        summary = data["summary"]
        created = datetime.fromisoformat(str(data["created_at"]))
        if created.tzinfo is None:
            raise ValueError("created_at has no time zone")
        return cls(
            format=int(data["format"]), created_at=created, app_version=str(data["app_version"]),
            schema=str(data["schema"]), database_name=str(database["name"]),
            database_id=None if database.get("id") is None else str(database["id"]),
            made_by=str(data["made_by"]), reason=str(data["reason"]), host=str(data["host"]),
            page_size=int(data["page_size"]), content_size=int(data["content_size"]),
            content_sha256=str(data["content_sha256"]), chunks=int(data["chunks"]),
            counts={str(k): int(v) for k, v in dict(data["counts"]).items()},
            customers=int(summary["customers"]), users=int(summary["users"]),
            encrypted=bool(data["encrypted"]))


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Keys:
    aead: AESGCM
    mac: bytes


def _hkdf(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def _derive(password: str, salt: bytes, params: crypto.KdfParams) -> tuple[bytes, _Keys]:
    verifier, kek = crypto.derive_password_keys(password, salt, params)
    keys = _Keys(AESGCM(_hkdf(kek, b"crmdesk backup encryption v1")),
                 _hkdf(kek, b"crmdesk backup mac v1"))
    return verifier, keys


def _aad(file_id: bytes, index: int, final: bool) -> bytes:
    return AAD_PREFIX + file_id + struct.pack(">QB", index, 1 if final else 0)


# ---------------------------------------------------------------------------
# Writing a backup file
# ---------------------------------------------------------------------------

class _HashingWriter:
    """Writes to a file and hashes everything written."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.sha = hashlib.sha256()
        self.offset = 0

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.sha.update(data)
        self.offset += len(data)


_thread_state = threading.local()


def _compress(data: bytes) -> bytes:
    compressor = getattr(_thread_state, "compressor", None)
    if compressor is None:
        compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True)
        _thread_state.compressor = compressor
    result: bytes = compressor.compress(data)
    return result


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _background_priority() -> None:
    """Lower the priority of a compression thread a little, so that the window's own
    thread gets a core first (the backup takes a bit longer on a busy machine)."""
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(), -1)  # BELOW_NORMAL
        elif sys.platform.startswith("linux"):
            # On Linux each thread has its own nice value.
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(),
                           os.getpriority(os.PRIO_PROCESS, 0) + THREAD_NICENESS)
    except (OSError, AttributeError):
        pass


def _pack_file(source: Path, out: BinaryIO, manifest_fields: dict[str, Any], *,
               password: str | None, progress: Progress | None,
               cancel: threading.Event | None) -> tuple[Manifest, str]:
    """Write the backup of the database file *source* to *out*; returns (manifest, file sha)."""
    file_id = secrets.token_bytes(16)
    keys: _Keys | None = None
    encryption: dict[str, str] | None = None
    if password is not None:
        params = crypto.DEFAULT_KDF
        salt = crypto.new_salt()
        check, keys = _derive(password, salt, params)
        encryption = {"cipher": "AES-256-GCM", "kdf": params.encode(),
                      "salt": base64.b64encode(salt).decode("ascii"),
                      "check": base64.b64encode(check).decode("ascii")}
    header_params = json.dumps({"compression": "zstd", "chunk_size": CHUNK_SIZE,
                                "file_id": file_id.hex(), "encryption": encryption},
                               sort_keys=True).encode("utf-8")
    writer = _HashingWriter(out)
    writer.write(MAGIC + struct.pack(">HI", FORMAT, len(header_params)) + header_params)

    total = source.stat().st_size
    content_sha = hashlib.sha256()
    chunks = 0
    done = 0

    def seal(index: int, data: bytes, final: bool) -> bytes:
        packed = _compress(data)
        if keys is None:
            return packed
        nonce = os.urandom(crypto.NONCE_BYTES)
        return nonce + keys.aead.encrypt(nonce, packed, _aad(file_id, index, final))

    pending: deque[tuple[Future[bytes], bool]] = deque()
    depth = 2 * _workers()
    with source.open("rb") as fh, ThreadPoolExecutor(
            _workers(), thread_name_prefix="crmdesk-backup",
            initializer=_background_priority) as pool:
        data = fh.read(CHUNK_SIZE)
        index = 0
        while True:
            _check(cancel)
            if data:
                nxt = fh.read(CHUNK_SIZE)
                final = not nxt
                content_sha.update(data)
                pending.append((pool.submit(seal, index, data, final), final))
                index += 1
                done += len(data)
                data = nxt
            while pending and (len(pending) >= depth or not data):
                future, final = pending.popleft()
                body = future.result()
                writer.write(RECORD.pack(b"L" if final else b"D", len(body)) + body)
                chunks += 1
                _report(progress, "compress", done, total)
            if not data and not pending:
                break
    if chunks == 0:  # an SQLite file is never empty; guard the format anyway
        raise _damaged(source, QT_TRANSLATE_NOOP("Backup", "the database copy is empty"))

    manifest = Manifest(content_size=total, content_sha256=content_sha.hexdigest(),
                        chunks=chunks, encrypted=keys is not None, **manifest_fields)
    manifest_raw = manifest.to_json()
    manifest_offset = writer.offset
    writer.write(RECORD.pack(b"M", len(manifest_raw)) + manifest_raw)
    writer.write(END_MAGIC + struct.pack(">Q", manifest_offset))
    digest = writer.sha.digest()
    mac = hmac.new(keys.mac, digest, hashlib.sha256).digest() if keys else bytes(32)
    out.write(digest + mac)
    return manifest, digest.hex()


# ---------------------------------------------------------------------------
# Reading a backup file
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Layout:
    params: dict[str, Any]
    body_offset: int
    manifest_offset: int
    manifest: Manifest
    file_sha: bytes
    mac: bytes
    size: int


def _not_a_backup(path: Path) -> NotABackupError:
    return NotABackupError(
        QT_TRANSLATE_NOOP("Backup", "{name} is not a crmdesk backup. Choose a .crmbak file "
                                    "made by crmdesk."), name=path.name)


def _read_layout(path: Path, fh: BinaryIO) -> _Layout:
    """Header, manifest and footer (cheap: no pass over the data)."""
    size = os.fstat(fh.fileno()).st_size
    head = fh.read(len(MAGIC) + 6)
    if len(head) < len(MAGIC) or head[: len(MAGIC)] != MAGIC:
        raise _not_a_backup(path)
    if len(head) < len(MAGIC) + 6 or size < len(head) + FOOTER.size:
        raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "the file is incomplete"))
    version, params_len = struct.unpack(">HI", head[len(MAGIC):])
    if version != FORMAT:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "{name} was made by a newer crmdesk (backup format {version}). Install "
                      "the latest crmdesk to use it."), name=path.name, version=version)
    fh.seek(size - FOOTER.size)
    magic, manifest_offset, file_sha, mac = FOOTER.unpack(fh.read(FOOTER.size))
    if magic != END_MAGIC:
        raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "the file is incomplete"))
    body_offset = len(head) + params_len
    if not body_offset <= manifest_offset <= size - FOOTER.size - RECORD.size:
        raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its layout is broken"))
    try:
        fh.seek(len(head))
        params = json.loads(fh.read(params_len).decode("utf-8"))
        fh.seek(manifest_offset)
        kind, length = RECORD.unpack(fh.read(RECORD.size))
        if kind != b"M" or manifest_offset + RECORD.size + length != size - FOOTER.size:
            raise ValueError("no manifest record")
        manifest = Manifest.from_json(fh.read(length))
        if not isinstance(params, dict) or params.get("compression") != "zstd":
            raise ValueError("unknown parameters")
        if bool(params.get("encryption")) != manifest.encrypted:
            raise ValueError("encryption flags differ")
    except (ValueError, KeyError, TypeError, struct.error):
        raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its manifest cannot be read")) from None
    return _Layout(params, body_offset, manifest_offset, manifest, file_sha, mac, size)


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup, without checking the data (fast: for lists)."""
    try:
        with path.open("rb") as fh:
            return _read_layout(path, fh).manifest
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: OSError) -> BackupError:
    return BackupError(QT_TRANSLATE_NOOP("Backup", "{path} cannot be read: {reason}."),
                       path=str(path), reason=exc.strerror or str(exc))


def _keys_for(path: Path, params: dict[str, Any], password: str | None) -> tuple[_Keys, bytes]:
    enc = params["encryption"]
    if password is None:
        raise PasswordRequiredError(QT_TRANSLATE_NOOP(
            "Backup", "{name} is encrypted: enter the password it was made with."),
            name=path.name)
    try:
        salt = base64.b64decode(enc["salt"], validate=True)
        check = base64.b64decode(enc["check"], validate=True)
        kdf = crypto.KdfParams.decode(str(enc["kdf"]))
        file_id = bytes.fromhex(str(params["file_id"]))
        if enc.get("cipher") != "AES-256-GCM" or len(file_id) != 16 or \
                kdf.n > 2**20 or kdf.r > 32 or kdf.p > 16:  # no absurd cost from a file
            raise ValueError("unknown cipher")
    except (ValueError, KeyError, TypeError, crypto.CryptoError):
        raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its header cannot be read")) from None
    verifier, keys = _derive(password, salt, kdf)
    if not hmac.compare_digest(verifier, check):
        raise WrongPasswordError(QT_TRANSLATE_NOOP(
            "Backup", "The password for {name} is wrong. Enter the password given when the "
                      "backup was made."), name=path.name)
    return keys, file_id


def _unpack(path: Path, out: BinaryIO | None, *, password: str | None,
            progress: Progress | None, cancel: threading.Event | None) -> Manifest:
    """Check the whole backup file and write the database it holds to *out*."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    with fh:
        layout = _read_layout(path, fh)
        keys: _Keys | None = None
        file_id = b""
        if layout.params.get("encryption"):
            keys, file_id = _keys_for(path, layout.params, password)
        fh.seek(0)
        file_sha = hashlib.sha256()
        content_sha = hashlib.sha256()
        decompressor = zstandard.ZstdDecompressor()
        chunk_size = layout.params.get("chunk_size")
        if not isinstance(chunk_size, int) or not 4096 <= chunk_size <= 256 << 20:
            raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its header cannot be read"))

        def take(n: int) -> bytes:
            data = fh.read(n)
            if len(data) != n:
                raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "the file is incomplete"))
            file_sha.update(data)
            return data

        take(layout.body_offset)
        index = 0
        content = 0
        final = False
        while not final:
            _check(cancel)
            if fh.tell() >= layout.manifest_offset:
                raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its last part is missing"))
            kind, length = RECORD.unpack(take(RECORD.size))
            if kind not in (b"D", b"L") or fh.tell() + length > layout.manifest_offset:
                raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its layout is broken"))
            final = kind == b"L"
            body = take(length)
            if keys is not None:
                try:
                    body = keys.aead.decrypt(body[: crypto.NONCE_BYTES],
                                             body[crypto.NONCE_BYTES:],
                                             _aad(file_id, index, final))
                except (InvalidTag, ValueError):
                    raise _damaged(path, QT_TRANSLATE_NOOP(
                        "Backup", "part {n} fails its authentication"), n=index + 1) from None
            try:
                data = decompressor.decompress(body, max_output_size=chunk_size)
            except zstandard.ZstdError:
                raise _damaged(path, QT_TRANSLATE_NOOP(
                    "Backup", "part {n} cannot be decompressed"), n=index + 1) from None
            if len(data) > chunk_size or (not final and len(data) != chunk_size):
                raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its layout is broken"))
            content_sha.update(data)
            if out is not None:
                out.write(data)
            content += len(data)
            index += 1
            _report(progress, "read", fh.tell(), layout.size)
        if fh.tell() != layout.manifest_offset:
            raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its layout is broken"))
        take(layout.size - FOOTER.size - layout.manifest_offset + 16)  # manifest, end magic, offset
        if not hmac.compare_digest(file_sha.digest(), layout.file_sha):
            raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its checksum does not match"))
        if keys is not None:
            expected = hmac.new(keys.mac, layout.file_sha, hashlib.sha256).digest()
            if not hmac.compare_digest(expected, layout.mac):
                raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "it fails its authentication"))
        elif layout.mac != bytes(32):
            raise _damaged(path, QT_TRANSLATE_NOOP("Backup", "its checksum does not match"))
        manifest = layout.manifest
        if (content != manifest.content_size or index != manifest.chunks
                or content_sha.hexdigest() != manifest.content_sha256):
            raise _damaged(path, QT_TRANSLATE_NOOP(
                "Backup", "the database inside differs from its manifest"))
        return manifest


# ---------------------------------------------------------------------------
# Checking a database file (the copy inside a backup)
# ---------------------------------------------------------------------------

def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    counts = {}
    for table in Base.metadata.sorted_tables:
        if table.name in existing:
            counts[table.name] = int(conn.execute(
                f'SELECT count(*) FROM "{table.name}"').fetchone()[0])
    return counts


def _live_customers(conn: sqlite3.Connection) -> int:
    """Customers not in the recycle bin (a partial index answers: ~0.1 s per million)."""
    return int(conn.execute("SELECT count(*) FROM customers WHERE deleted_at IS NULL"
                            ).fetchone()[0])


def _summary(conn: sqlite3.Connection, counts: dict[str, int]) -> tuple[int, int]:
    """(customers, users) as the backups list shows them: the customers a user would
    count, without the recycle bin."""
    return _live_customers(conn), counts.get("users", 0)


@contextmanager
def _interruptible(conn: sqlite3.Connection, cancel: threading.Event | None) -> Iterator[None]:
    if cancel is None:
        yield
        return
    conn.set_progress_handler(lambda: 1 if cancel.is_set() else 0, 20_000)
    try:
        yield
    except sqlite3.OperationalError:
        if cancel.is_set():
            raise _cancelled() from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _check_database(backup: Path, db_file: Path, manifest: Manifest, *,
                    progress: Progress | None, cancel: threading.Event | None) -> None:
    """Open the unpacked copy: integrity, crmdesk file, schema version, row counts."""
    _report(progress, "check", 0, 1)
    _check(cancel)
    try:
        conn = sqlite3.connect(db_file, isolation_level=None)
    except sqlite3.Error as exc:
        raise _damaged(backup, QT_TRANSLATE_NOOP(
            "Backup", "the database inside cannot be opened: {detail}"), detail=str(exc)) from exc
    try:
        with _interruptible(conn, cancel):
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise _damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside fails its integrity check: {detail}"),
                    detail="; ".join(problems))
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise _damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the file inside is not a crmdesk database"))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            schema = str(row[0]) if row else ""
            if schema != manifest.schema:
                raise _damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside differs from its manifest"))
            if schema not in migrations.known_revisions():
                raise BackupError(QT_TRANSLATE_NOOP(
                    "Backup", "{name} was made by a newer crmdesk (schema {schema}). Install "
                              "the latest crmdesk to restore it."),
                    name=backup.name, schema=schema)
            counts = _table_counts(conn)
            # older backups counted the recycle bin among their customers
            customers_seen = (_live_customers(conn), counts.get("customers", 0))
            if counts != manifest.counts or manifest.users != counts.get("users", 0) \
                    or manifest.customers not in customers_seen:
                raise _damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside differs from its manifest"))
    except sqlite3.DatabaseError as exc:
        raise _damaged(backup, QT_TRANSLATE_NOOP(
            "Backup", "the database inside cannot be read: {detail}"), detail=str(exc)) from exc
    finally:
        conn.close()
    _report(progress, "check", 1, 1)


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyReport:
    path: Path
    manifest: Manifest
    size: int
    seconds: float


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + VERIFIED_SUFFIX)


def _write_sidecar(path: Path, ok: bool, problem: str = "") -> None:
    try:
        with path.open("rb") as fh:
            fh.seek(-FOOTER.size, os.SEEK_END)
            file_sha = FOOTER.unpack(fh.read(FOOTER.size))[2].hex()
    except (OSError, struct.error):
        file_sha = ""
    data = {"ok": ok, "verified_at": datetime.now(UTC).isoformat(), "file_sha256": file_sha,
            "problem": problem, "app_version": __version__}
    try:
        _write_atomic(_sidecar(path), json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        log.warning("cannot record the verification of %s: %s", path, exc)


def _read_sidecar(path: Path, file_sha: bytes) -> bool | None:
    """True/False: verified good/bad (for this very file); None: not verified."""
    try:
        data = json.loads(_sidecar(path).read_text("utf-8"))
        if data.get("file_sha256") != file_sha.hex():
            return None
        return bool(data["ok"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def verify_backup(path: Path, password: str | None = None, *,
                  progress: Progress | None = None,
                  cancel: threading.Event | None = None,
                  keep_as: Path | None = None) -> VerifyReport:
    """Check a backup completely; raise a :class:`BackupError` naming the problem.

    The database inside is unpacked to a temporary file (or to *keep_as*, which
    is written only if everything passes) and checked there; the result is
    recorded beside the backup (``NAME.crmbak.verified``) for backup lists.
    """
    started = time.perf_counter()
    path = Path(path)
    folder = keep_as.parent if keep_as is not None else Path(tempfile.gettempdir())
    tmp = _temp_path(folder, path.name, ".unpack")
    try:
        try:
            with tmp.open("wb") as out:
                manifest = _unpack(path, out, password=password, progress=progress,
                                   cancel=cancel)
                if keep_as is not None:
                    out.flush()
                    os.fsync(out.fileno())
        except OSError as exc:
            raise BackupError(QT_TRANSLATE_NOOP(
                "Backup", "Cannot unpack the backup into {folder}: {reason}. Make room there "
                          "and try again."), folder=str(folder),
                reason=exc.strerror or str(exc)) from exc
        _check_database(path, tmp, manifest, progress=progress, cancel=cancel)
        _remove_sidecars(tmp)
        if keep_as is not None:
            os.replace(tmp, keep_as)
    except BackupDamagedError as exc:
        _write_sidecar(path, False, exc.message)
        raise
    finally:
        _remove_with_sidecars(tmp)
    _write_sidecar(path, True)
    return VerifyReport(path, manifest, path.stat().st_size, time.perf_counter() - started)


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = _temp_path(path.parent, path.name, ".tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _temp_path(folder: Path, name: str, kind: str) -> Path:
    """A unique temporary name (dot-file; ``.crmdesk-tmp`` marks leftovers to clean)."""
    return folder / f".{name}.{secrets.token_hex(4)}{kind}.crmdesk-tmp"


def _remove_sidecars(db_file: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)


def _remove_with_sidecars(db_file: Path) -> None:
    db_file.unlink(missing_ok=True)
    _remove_sidecars(db_file)


def _clean_leftovers(folder: Path) -> None:
    """Remove temporary files of backups or restores killed long ago."""
    try:
        candidates = list(folder.glob(".*.crmdesk-tmp*"))
    except OSError:
        return
    now = time.time()
    for path in candidates:
        try:
            if now - path.stat().st_mtime > STALE_WORK_SECONDS:
                path.unlink()
                log.info("removed leftover %s", path)
        except OSError:
            pass


def _folder_error(folder: Path, exc: OSError) -> BackupError:
    return BackupError(QT_TRANSLATE_NOOP(
        "Backup", "Cannot write the backup to {folder}: {reason}. Check that the drive (USB "
                  "stick, network share) is connected and has room, or choose another folder."),
        folder=str(folder), reason=exc.strerror or str(exc))


# ---------------------------------------------------------------------------
# Settings kept in the database
# ---------------------------------------------------------------------------

def _raw_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return None
    try:
        return json.loads(row.value)
    except ValueError:
        return None


def _set_raw_setting(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()


def database_id(db: Database) -> str | None:
    """The random id that tells this database's backups apart (made on first use)."""
    with db.session() as s:
        found = _raw_setting(s, DATABASE_ID_KEY)
    if isinstance(found, str):
        return found
    if db.read_only:
        return None
    with db.transaction() as s:
        found = _raw_setting(s, DATABASE_ID_KEY)
        if not isinstance(found, str):
            found = secrets.token_hex(16)
            _set_raw_setting(s, DATABASE_ID_KEY, found)
    return found


def default_backup_folder(db: Database) -> Path | None:
    """Where backups go when ``backup.dir`` is empty: ``backups`` beside the database."""
    return db.path.resolve().parent / "backups" if db.path is not None else None


def backup_folder(db: Database) -> Path:
    """The configured backup folder (``backup.dir``), or ``backups`` beside the database."""
    from crmdesk.core.services import settings

    with db.session() as s:
        configured = str(settings.get(s, "backup.dir") or "").strip()
    if configured:
        return Path(os.path.expandvars(configured)).expanduser()
    default = default_backup_folder(db)
    if default is None:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "crmdesk backs up .crmdb files. Back up a database server with its own "
                      "tools (for PostgreSQL: pg_dump)."))
    return default


# Audited actions that change no business data: they do not make a backup due.
READ_ONLY_ACTIONS = ("login", "login_failed", "lockout", "reveal", "export", "backup")


def _changed_since(session: Session, entry: dict[str, Any] | None) -> bool:
    """Did anyone change data after the backup recorded in *entry* (None: never)?"""
    from sqlalchemy import select

    from crmdesk.core.models import AuditEntry

    if entry is None:
        return True
    since = int(entry.get("audit_head", 0))
    found = session.execute(select(AuditEntry.id).where(
        AuditEntry.id > since, AuditEntry.action.not_in(READ_ONLY_ACTIONS)).limit(1)).first()
    return found is not None


# ---------------------------------------------------------------------------
# Making a backup
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupInfo:
    """A backup just made."""

    path: Path
    manifest: Manifest
    size: int
    seconds: float
    verified: bool
    removed: list[Path] = field(default_factory=list)  # old backups removed by rotation


def _backup_name(folder: Path, db_name: str, when: datetime) -> Path:
    stem = Path(db_name).stem
    base = f"{stem}-{when.astimezone():%Y%m%d-%H%M%S}"
    candidate = folder / f"{base}{SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}{SUFFIX}"
        n += 1
    return candidate


def _work_folder(db_path: Path) -> Path:
    folder = db_path.resolve().parent
    if os.access(folder, os.W_OK):
        return folder
    return Path(tempfile.gettempdir())


def _snapshot(db: Database, work: Path, *, progress: Progress | None,
              cancel: threading.Event | None) -> tuple[str, dict[str, int], tuple[int, int], int]:
    """Copy the database into *work* (online backup API, one read transaction).

    Returns (schema revision, row counts, (customers, users), page size), all
    read in the same snapshot as the copy.
    """
    assert db.path is not None
    uri = f"{db.path.resolve().as_uri()}{'?mode=ro' if db.read_only else ''}"
    source = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None,
                             check_same_thread=False)
    try:
        source.execute("PRAGMA busy_timeout=30000")
        with _interruptible(source, cancel):
            source.execute("BEGIN")
            row = source.execute("SELECT version_num FROM alembic_version").fetchone()
            schema = str(row[0]) if row else ""
            counts = _table_counts(source)
            summary = _summary(source, counts)
            page_size = int(source.execute("PRAGMA page_size").fetchone()[0])
        dest = sqlite3.connect(work, isolation_level=None)
        try:
            dest.execute("PRAGMA journal_mode=OFF")
            dest.execute("PRAGMA synchronous=OFF")

            def step(status: int, remaining: int, total: int) -> None:
                _check(cancel)
                _report(progress, "copy", total - remaining, total)

            source.backup(dest, pages=PAGES_PER_STEP, progress=step)
        finally:
            dest.close()
        source.execute("COMMIT")
    except sqlite3.Error as exc:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "The database could not be copied: {reason}."), reason=str(exc)) from exc
    finally:
        source.close()
    return schema, counts, summary, page_size


def create_backup(db: Database, actor: Actor | None, *, folder: Path | None = None,
                  password: str | None = None, reason: str = "manual",
                  scheduled: bool = False, verify: bool = True, rotate: bool | None = None,
                  progress: Progress | None = None,
                  cancel: threading.Event | None = None) -> BackupInfo:
    """Back up the open database *db* into *folder* (default: the configured one).

    A manual backup needs the ``backup.run`` permission; *scheduled* backups
    (made by the program per the settings) are allowed for every logged-in
    user.  *password* encrypts the backup.  *verify* reads the new file back
    and checks it completely.  *rotate* (default: for scheduled backups and
    the configured folder) removes old backups per the ``backup.keep_*``
    settings.  The result is audited and recorded for :func:`backup_status`.
    """
    if actor is not None and not scheduled:
        require(actor, "backup.run")
    if reason not in REASONS:
        raise ValueError(reason)
    if db.path is None:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "crmdesk backs up .crmdb files. Back up a database server with its own "
                      "tools (for PostgreSQL: pg_dump)."))
    if password is not None and not password:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "The backup password is empty: enter a password, or make the backup "
                      "without encryption."))
    configured = backup_folder(db)
    target_folder = Path(folder).expanduser() if folder is not None else configured
    if rotate is None:
        rotate = scheduled or target_folder.resolve() == configured.resolve()
    started = time.perf_counter()
    try:
        info = _create(db, actor, target_folder, password=password, reason=reason,
                       verify=verify, progress=progress, cancel=cancel, started=started)
    except BackupCancelled:
        raise
    except KnownError as exc:
        _record_failure(db, exc.message)
        raise
    if rotate:
        info = BackupInfo(info.path, info.manifest, info.size, info.seconds, info.verified,
                          prune_backups(target_folder, db, keep=Keep.from_db(db)))
    return info


def _create(db: Database, actor: Actor | None, folder: Path, *, password: str | None,
            reason: str, verify: bool, progress: Progress | None,
            cancel: threading.Event | None, started: float) -> BackupInfo:
    assert db.path is not None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _folder_error(folder, exc) from exc
    db_id = database_id(db)
    work_folder = _work_folder(db.path)
    _clean_leftovers(work_folder)
    _clean_leftovers(folder)
    work = _temp_path(work_folder, db.path.name, ".work")
    created_at = datetime.now(UTC)
    final = _backup_name(folder, db.path.name, created_at)
    tmp = _temp_path(folder, final.name, ".part")
    try:
        try:
            schema, counts, (customers, users), page_size = _snapshot(
                db, work, progress=progress, cancel=cancel)
        except OSError as exc:
            raise BackupError(QT_TRANSLATE_NOOP(
                "Backup", "The database could not be copied: {reason}."),
                reason=exc.strerror or str(exc)) from exc
        fields: dict[str, Any] = {
            "created_at": created_at, "app_version": __version__, "schema": schema,
            "database_name": db.path.name, "database_id": db_id,
            "made_by": actor.username if actor else "system", "reason": reason,
            "host": socket.gethostname(), "page_size": page_size, "counts": counts,
            "customers": customers, "users": users,
        }
        try:
            with tmp.open("wb") as out:
                manifest, file_sha = _pack_file(work, out, fields, password=password,
                                                 progress=progress, cancel=cancel)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, final)
            _fsync_dir(folder)
        except OSError as exc:
            raise _folder_error(folder, exc) from exc
    finally:
        _remove_with_sidecars(work)
        tmp.unlink(missing_ok=True)
    size = final.stat().st_size
    verified = False
    if verify:
        try:
            verify_backup(final, password, progress=progress, cancel=cancel)
            verified = True
        except BackupCancelled:
            log.info("verification of %s cancelled; the backup is kept unverified", final)
    _record_success(db, actor, final, manifest, file_sha, size, verified)
    log.info("backup %s (%d bytes, %s, verified=%s) in %.1f s", final, size, reason, verified,
             time.perf_counter() - started)
    return BackupInfo(final, manifest, size, time.perf_counter() - started, verified)


def _record_success(db: Database, actor: Actor | None, path: Path, manifest: Manifest,
                    file_sha: str, size: int, verified: bool) -> None:
    if db.read_only:
        return
    from crmdesk.core.services import audit

    entry = {"at": manifest.created_at.isoformat(), "path": str(path), "file_sha256": file_sha,
             "size": size, "verified": verified, "reason": manifest.reason}
    with db.transaction() as s:
        record = audit.record(
            s, actor, "backup", entity="database",
            summary=f"backup {path.name} ({manifest.reason}, {size} bytes"
                    f"{', encrypted' if manifest.encrypted else ''}"
                    f"{', verified' if verified else ''})",
            after={"path": str(path), "customers": manifest.customers,
                   "content_sha256": manifest.content_sha256})
        state = _raw_setting(s, STATE_KEY)
        state = state if isinstance(state, dict) else {}
        entry["audit_head"] = record.id
        state["last"] = entry
        if verified:
            state["last_good"] = entry
        state["failed"] = None
        _set_raw_setting(s, STATE_KEY, state)


def _record_failure(db: Database, message: str) -> None:
    if db.read_only or db.closed:
        return
    try:
        with db.transaction() as s:
            state = _raw_setting(s, STATE_KEY)
            state = state if isinstance(state, dict) else {}
            state["failed"] = {"at": datetime.now(UTC).isoformat(), "message": message}
            _set_raw_setting(s, STATE_KEY, state)
    except Exception:  # noqa: BLE001 - the original error matters more
        log.exception("cannot record the failed backup")


# ---------------------------------------------------------------------------
# Status and schedules
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupStatus:
    """What the status bar says about backups."""

    last_at: datetime | None  # last backup written (verified or not)
    last_good_at: datetime | None  # last verified backup
    last_good_path: Path | None
    changed_since_good: bool  # the database changed after the last good backup
    failed_at: datetime | None  # the last attempt failed (after last_at)
    failure: str
    warn_after_hours: int
    now: datetime

    @property
    def age_hours(self) -> float | None:
        if self.last_good_at is None:
            return None
        return (self.now - self.last_good_at).total_seconds() / 3600

    @property
    def warn(self) -> bool:
        """True when the data is not protected: changes newer than the allowed age."""
        if self.failed_at is not None:
            return True
        if not self.changed_since_good:
            return False
        age = self.age_hours
        return age is None or age > self.warn_after_hours

    @property
    def message(self) -> str:
        """A short translated line for the status bar."""
        if self.failed_at is not None:
            return render("Backup", QT_TRANSLATE_NOOP(
                "Backup", "The last backup failed ({at}): {reason}"),
                at=_local(self.failed_at), reason=self.failure)
        if self.last_good_at is None:
            return render("Backup", QT_TRANSLATE_NOOP("Backup", "No backup yet"))
        age = self.age_hours or 0.0
        if age < 1:
            text = QT_TRANSLATE_NOOP("Backup", "Last backup: {minutes} min ago")
            return render("Backup", text, minutes=int(age * 60))
        if age < 48:
            return render("Backup", QT_TRANSLATE_NOOP("Backup", "Last backup: {hours} h ago"),
                          hours=int(age))
        return render("Backup", QT_TRANSLATE_NOOP("Backup", "Last backup: {days} days ago"),
                      days=int(age // 24))


def _local(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def _parse_time(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def backup_status(db: Database, now: datetime | None = None) -> BackupStatus:
    """The age of the last good backup and whether to warn (cheap: two small reads)."""
    from crmdesk.core.services import settings

    now = now or datetime.now(UTC)
    with db.session() as s:
        state = _state(s)
        last, good, failed = state.get("last"), state.get("last_good"), state.get("failed")
        changed = _changed_since(s, good)
        warn_after = int(settings.get(s, "backup.warn_after_hours"))
    last_at = _parse_time(last["at"]) if last else None
    failed_at = _parse_time(failed.get("at")) if failed else None
    if failed_at is not None and last_at is not None and failed_at < last_at:
        failed_at = None
    return BackupStatus(
        last_at=last_at, last_good_at=_parse_time(good["at"]) if good else None,
        last_good_path=Path(str(good["path"])) if good else None,
        changed_since_good=changed,
        failed_at=failed_at, failure=str(failed.get("message", "")) if failed else "",
        warn_after_hours=warn_after, now=now)


def backup_due(db: Database, now: datetime | None = None) -> str | None:
    """Is an automatic backup due now?  Returns the reason ("interval", "daily") or None.

    Due when the database changed since the last backup and either
    ``backup.every_hours`` have passed since it, or ``backup.daily`` is on and
    there is none from today.  Never for a file opened read-only.
    """
    from crmdesk.core.services import settings

    if db.read_only or db.path is None:
        return None
    now = now or datetime.now(UTC)
    with db.session() as s:
        last = _state(s).get("last")
        changed = _changed_since(s, last)
        every = int(settings.get(s, "backup.every_hours"))
        daily = bool(settings.get(s, "backup.daily"))
    if not changed:
        return None  # nothing changed since the last backup
    last_at = _parse_time(last["at"]) if last else None
    if every and (last_at is None or now - last_at >= timedelta(hours=every)):
        return "interval"
    if daily and (last_at is None or last_at.astimezone().date() < now.astimezone().date()):
        return "daily"
    return None


def backup_on_close(db: Database) -> bool:
    """Should the program back up as it closes this file (``backup.on_close``, and changes)?"""
    from crmdesk.core.services import settings

    if db.read_only or db.path is None:
        return False
    with db.session() as s:
        if not bool(settings.get(s, "backup.on_close")):
            return False
        return _changed_since(s, _state(s).get("last"))


def _state(session: Session) -> dict[str, Any]:
    """The recorded backup state: {"last", "last_good", "failed"}, each a dict or absent."""
    state = _raw_setting(session, STATE_KEY)
    if not isinstance(state, dict):
        return {}
    return {k: v for k, v in state.items() if isinstance(v, dict)}


# ---------------------------------------------------------------------------
# Listing and rotation
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupEntry:
    """One file in a backup folder."""

    path: Path
    size: int
    manifest: Manifest | None  # None: unreadable (see problem)
    problem: str
    verified: bool | None  # True verified good, False found damaged, None not verified

    @property
    def created_at(self) -> datetime:
        if self.manifest is not None:
            return self.manifest.created_at
        return datetime.fromtimestamp(self.path.stat().st_mtime, UTC)


def list_backups(folder: Path, db: Database | None = None, *,
                 database_name: str | None = None) -> list[BackupEntry]:
    """The backups in *folder*, newest first (only those of *db* when given).

    Reads each file's manifest and footer only, so it is fast even on a slow
    USB stick; ``verified`` comes from the last verification of that very file.
    """
    db_id = database_id(db) if db is not None and not db.read_only else None
    if db is not None and db.path is not None:
        database_name = db.path.name
    entries = []
    try:
        paths = sorted(Path(folder).glob(f"*{SUFFIX}"))
    except OSError:
        return []
    for path in paths:
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                layout = _read_layout(path, fh)
            manifest: Manifest | None = layout.manifest
            problem = ""
            verified = _read_sidecar(path, layout.file_sha)
        except (OSError, BackupError) as exc:
            manifest, verified = None, False
            problem = exc.message if isinstance(exc, KnownError) else str(exc)
            size = path.stat().st_size if path.exists() else 0
        if manifest is not None and not _belongs(manifest, db_id, database_name):
            continue
        if manifest is None and database_name and not path.name.startswith(
                Path(database_name).stem + "-"):
            continue
        entries.append(BackupEntry(path, size, manifest, problem, verified))
    entries.sort(key=lambda e: e.created_at, reverse=True)
    return entries


def _belongs(manifest: Manifest, db_id: str | None, name: str | None) -> bool:
    if db_id is not None and manifest.database_id is not None:
        return manifest.database_id == db_id
    return name is None or manifest.database_name == name


@dataclass(frozen=True)
class Keep:
    """How many backups rotation keeps."""

    last: int = 10
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    @classmethod
    def from_db(cls, db: Database) -> Keep:
        from crmdesk.core.services import settings

        with db.session() as s:
            return cls(*(int(settings.get(s, f"backup.keep_{k}"))
                         for k in ("last", "daily", "weekly", "monthly")))


def backups_to_keep(entries: list[BackupEntry], keep: Keep) -> set[Path]:
    """The backups rotation keeps: the newest *last*, plus the newest of each of the
    newest *daily* days, *weekly* ISO weeks and *monthly* months; and always the
    newest verified one and every file it cannot read."""
    good = sorted((e for e in entries if e.manifest is not None),
                  key=lambda e: e.created_at, reverse=True)
    kept = {e.path for e in good[: keep.last]}
    kept |= {e.path for e in entries if e.manifest is None}

    def newest_per(period: Callable[[date], object], count: int) -> None:
        seen: list[object] = []
        for e in good:
            key = period(e.created_at.astimezone().date())
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            kept.add(e.path)

    newest_per(lambda d: d, keep.daily)
    newest_per(lambda d: d.isocalendar()[:2], keep.weekly)
    newest_per(lambda d: (d.year, d.month), keep.monthly)
    verified = next((e for e in good if e.verified), None)
    if verified is not None:
        kept.add(verified.path)
    return kept


def prune_backups(folder: Path, db: Database, *, keep: Keep) -> list[Path]:
    """Delete this database's old backups in *folder* per *keep*; returns those removed."""
    entries = list_backups(folder, db)
    kept = backups_to_keep(entries, keep)
    removed = []
    for e in entries:
        if e.path in kept:
            continue
        try:
            e.path.unlink()
            _sidecar(e.path).unlink(missing_ok=True)
            removed.append(e.path)
        except OSError as exc:
            log.warning("cannot remove old backup %s: %s", e.path, exc)
    return removed


# ---------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    target: Path
    manifest: Manifest
    safety_copy: Path | None  # the previous file, kept
    seconds: float


def _in_use_refusal(target: Path, exc: DatabaseInUseError | None) -> RestoreRefusedError:
    holder = getattr(exc, "holder", None)
    if isinstance(holder, file_lock.Holder) and holder.pid:
        return RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "{name} is open in crmdesk for {who}. Close it there, then restore "
                      "again; nothing was changed."), name=target.name, who=holder.who)
    return RestoreRefusedError(QT_TRANSLATE_NOOP(
        "Backup", "{name} is open in another crmdesk window or program. Close it there, then "
                  "restore again; nothing was changed."), name=target.name)


def safety_copy_path(target: Path, when: datetime | None = None) -> Path:
    """Where a restore keeps the current file: ``NAME.before-restore-TIME.crmdb`` beside it."""
    stamp = (when or datetime.now()).astimezone().strftime("%Y%m%d-%H%M%S")
    copy = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
    n = 2
    while copy.exists():
        copy = target.with_name(f"{target.stem}.before-restore-{stamp}-{n}{target.suffix}")
        n += 1
    return copy


def _safety_copy(target: Path) -> Path:
    """Copy the current file (made complete first) beside itself; returns the copy."""
    try:
        conn = sqlite3.connect(target, timeout=5, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:  # damaged: copy its files as they are
        log.warning("checkpoint of %s before restore failed: %s", target, exc)
    copy = safety_copy_path(target)
    for suffix in ("", "-wal"):
        source = Path(f"{target}{suffix}")
        if suffix and (not source.exists() or source.stat().st_size == 0):
            continue
        dest = Path(f"{copy}{suffix}")
        tmp = _temp_path(target.parent, dest.name, ".copy")
        try:
            with source.open("rb") as src, tmp.open("wb") as out:
                while block := src.read(8 << 20):
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)
    return copy


def _swap_in(new_file: Path, target: Path, progress: Progress | None) -> Path | None:
    """Replace *target* by *new_file* (same folder), keeping a safety copy.

    The caller holds the exclusive lock.  The old WAL goes before the rename
    (an old WAL beside a new file would be replayed into it); the rename is
    atomic, so a crash leaves the old file or the new one.
    """
    _report(progress, "swap", 0, 1)
    safety = _safety_copy(target) if target.exists() else None
    _remove_sidecars(target)
    _remove_sidecars(new_file)
    os.replace(new_file, target)
    _fsync_dir(target.parent)
    _report(progress, "swap", 1, 1)
    return safety


def _audit_restore(db: Database, actor: Actor | None, backup: Path, manifest: Manifest,
                   safety: Path | None) -> None:
    from crmdesk.core.services import audit

    with db.transaction() as s:
        audit.record(s, None, "restore_db", entity="database",
                     username=actor.username if actor else "system",
                     summary=f"restored {backup.name} made "
                             f"{manifest.created_at.isoformat(timespec='seconds')}"
                             + (f"; previous file kept as {safety.name}" if safety else ""),
                     after={"backup": str(backup), "content_sha256": manifest.content_sha256,
                            "safety_copy": str(safety) if safety else None})


def _audit_restored_file(target: Path, actor: Actor | None, backup: Path, manifest: Manifest,
                         safety: Path | None) -> None:
    db = open_database(target, shared=True)
    try:
        _audit_restore(db, actor, backup, manifest, safety)
    finally:
        db.close()


def _prepare(backup: Path, target: Path, password: str | None, progress: Progress | None,
             cancel: threading.Event | None) -> tuple[Path, Manifest]:
    """Verify *backup* into a temporary file beside *target*."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _folder_error(target.parent, exc) from exc
    _clean_leftovers(target.parent)
    tmp = _temp_path(target.parent, target.name, ".restore")
    report = verify_backup(backup, password, progress=progress, cancel=cancel, keep_as=tmp)
    return tmp, report.manifest


@dataclass(frozen=True)
class PreparedRestore:
    """A backup verified into a temporary file beside the database it is to replace.

    Made by :func:`prepare_restore` (e.g. at a restore wizard's "check" step) and
    handed to :func:`restore_into_open`, which then swaps it in without
    unpacking and checking the backup a second time.  :meth:`discard` removes
    the file when the restore does not go ahead.
    """

    backup: Path
    target: Path
    file: Path
    manifest: Manifest

    def discard(self) -> None:
        _remove_with_sidecars(self.file)


def prepare_restore(db: Database, backup: Path, actor: Actor, *, password: str | None = None,
                    progress: Progress | None = None,
                    cancel: threading.Event | None = None) -> PreparedRestore:
    """Verify *backup* completely for a restore over the open *db*; changes nothing.

    Raises the :class:`BackupError` that names the problem (damaged, truncated,
    altered, wrong password ...); on success the checked database waits in a
    temporary file beside *db* for :func:`restore_into_open`.
    """
    require(actor, "backup.restore")
    if db.path is None:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "crmdesk backs up .crmdb files. Back up a database server with its own "
                      "tools (for PostgreSQL: pg_dump)."))
    target = db.path.resolve()
    tmp, manifest = _prepare(Path(backup), target, password, progress, cancel)
    return PreparedRestore(Path(backup), target, tmp, manifest)


def restore_backup(backup: Path, target: Path, *, password: str | None = None,
                   actor: Actor | None = None, login: Callable[[], Actor] | None = None,
                   progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> RestoreResult:
    """Replace the database file *target* by the database in *backup*.

    Replacing an existing file needs an *actor* with ``backup.restore``, or a
    *login* function returning one: it is called only once the backup passed
    verification (logging in writes to the file, and a refused backup must
    leave the file exactly as it was).  A damaged file that nobody can log in
    to may be replaced without.  The backup is verified completely before
    anything is touched; a file open in any process (this one included: use
    :func:`restore_into_open`) is refused.
    """
    started = time.perf_counter()
    backup, target = Path(backup), Path(target).expanduser()
    needs_login = actor is None and target.exists() and _healthy(target)
    if actor is not None:
        require(actor, "backup.restore")
    elif needs_login and login is None:
        raise RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "Log in as an administrator of {name} to replace it with a backup."),
            name=target.name)
    if file_lock.held_here(target):
        raise RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "{name} is open in this window: restore it from the window's menu, "
                      "or close it first."), name=target.name)
    if target.exists():
        busy = _probe(target)
        if busy is not None:
            raise _in_use_refusal(target, busy)
    tmp, manifest = _prepare(backup, target, password, progress, cancel)
    try:
        _check(cancel)
        if needs_login and login is not None:
            actor = login()
            require(actor, "backup.restore")
        try:
            hold = file_lock.acquire(target, file_lock.EXCLUSIVE)
        except DatabaseInUseError as exc:
            raise _in_use_refusal(target, exc) from exc
        with hold:
            safety = _swap_in(tmp, target, progress)
    finally:
        _remove_with_sidecars(tmp)
    _audit_restored_file(target, actor, backup, manifest, safety)
    return RestoreResult(target, manifest, safety, time.perf_counter() - started)


def _healthy(target: Path) -> bool:
    """Can *target* be opened as a crmdesk database (so that someone can log in)?"""
    from crmdesk.core.errors import DatabaseFileError
    from crmdesk.storage.database import check_file

    try:
        check_file(target)
    except DatabaseInUseError:
        return True
    except DatabaseFileError:
        return False
    return True


def _probe(target: Path) -> DatabaseInUseError | None:
    try:
        file_lock.acquire(target, file_lock.EXCLUSIVE).release()
    except DatabaseInUseError as exc:
        return exc
    return None


def restore_into_open(db: Database, backup: Path, actor: Actor, *,
                      password: str | None = None, progress: Progress | None = None,
                      cancel: threading.Event | None = None,
                      prepared: PreparedRestore | None = None) -> tuple[Database, RestoreResult]:
    """Restore *backup* over the file this program has open as *db*.

    Verifies first (while *db* stays usable), unless *prepared* (from
    :func:`prepare_restore` for this backup and file) holds the checked
    database already; refuses when another process has the file open; then
    closes *db*, swaps the file and opens it again.  Returns the new
    :class:`Database` (use it instead of *db*, which is closed) and the
    result.  On failure after closing, the old file is opened again and
    returned through the exception's ``database`` attribute.
    """
    require(actor, "backup.restore")
    if db.path is None:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "crmdesk backs up .crmdb files. Back up a database server with its own "
                      "tools (for PostgreSQL: pg_dump)."))
    started = time.perf_counter()
    target = db.path.resolve()
    read_only, shared = db.read_only, db.shared
    if prepared is not None:
        if (prepared.target != target or Path(prepared.backup) != Path(backup)
                or not prepared.file.exists()
                or prepared.file.stat().st_size != prepared.manifest.content_size):
            prepared.discard()
            raise ValueError("the prepared restore is not for this backup and database")
        tmp, manifest = prepared.file, prepared.manifest
    else:
        tmp, manifest = _prepare(Path(backup), target, password, progress, cancel)
    try:
        _check(cancel)
        try:
            hold = file_lock.acquire(target, file_lock.EXCLUSIVE)
        except DatabaseInUseError as exc:
            raise _in_use_refusal(target, exc) from exc
        with hold:
            db.close()
            try:
                safety = _swap_in(tmp, target, progress)
            except BaseException as exc:
                reopened = open_database(target, read_only=read_only, shared=shared)
                exc.database = reopened  # type: ignore[attr-defined]
                raise
    finally:
        _remove_with_sidecars(tmp)
    reopened = open_database(target, read_only=read_only, shared=shared)
    try:
        if read_only:
            _audit_restored_file(target, actor, Path(backup), manifest, safety)
        else:
            _audit_restore(reopened, actor, Path(backup), manifest, safety)
    except BaseException:
        reopened.close()
        raise
    return reopened, RestoreResult(target, manifest, safety, time.perf_counter() - started)


def size_text(size: int) -> str:
    """A file size for people: 1.2 MB."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def describe(entry: BackupEntry) -> dict[str, Any]:
    """One backup as plain values for lists (the CLI and the restore wizard)."""
    m = entry.manifest
    return {
        "path": entry.path, "name": entry.path.name, "size": entry.size,
        "created": _local(m.created_at) if m else "",
        "customers": m.customers if m else None, "users": m.users if m else None,
        "encrypted": m.encrypted if m else None, "reason": m.reason if m else "",
        "verified": entry.verified, "problem": entry.problem,
    }
