"""The backup container (``.crmbak``): manifest, compression, chunked AES-GCM, checksums.

This module knows bytes only: it packs a database file into a backup file
(:func:`pack_file`) and unpacks and checks one (:func:`unpack`), reads a
manifest cheaply (:func:`read_manifest`) and defines the errors every backup
step raises.  Copying a live database, verifying the database inside and
swapping files are in :mod:`crmdesk.storage.backup_copy`; when and why
backups are made, who may make them and what is recorded is decided by
the backup service (``core/services/backups.py``).

Long calls take a :class:`crmdesk.jobs.Job`: its progress is reported from the
calling thread (e.g. a GUI worker) with the stage's label (:data:`STAGES`), and
cancelling it stops the work at the next step with :class:`crmdesk.jobs.Cancelled`,
leaving nothing behind.

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
                             "kdf": "scrypt:n=131072,r=8,p=1", "salt": base64 (16 bytes),
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
                                     "users"}, "encrypted",
                         "audit_head": {"id", "hash"} (the audit log's newest entry
                         when the copy began; absent in older backups)}
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
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import struct
import sys
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage import crypto
from crmdesk.storage.files import forget_cached

SUFFIX = ".crmbak"
MAGIC = b"\x89CRMBAK\n"
END_MAGIC = b"CRMBKEND"
FORMAT = 1
CHUNK_SIZE = 4 << 20
#: a backup read is dropped from the system's cache every this many bytes
FORGET_EVERY = 64 << 20
#: zstd's fast level -3: about 40 % less CPU than level 1 for archives about 25 % larger
#: (a million customers: 1.1 GB of database in about 590 MB instead of 470 MB); a
#: backup is CPU-bound on an office PC, and still half the size of the database
ZSTD_LEVEL = -3
AAD_PREFIX = b"crmdesk-backup-v1"
FOOTER = struct.Struct(">8sQ32s32s")
RECORD = struct.Struct(">cI")
# Niceness added to compression threads (Linux), so the GUI thread is served first.
THREAD_NICENESS = 5

# Stages reported to the job, as their labels (render("Backup", label)).
STAGES: dict[str, str] = {
    "copy": QT_TRANSLATE_NOOP("Backup", "Copying the database"),
    "compress": QT_TRANSLATE_NOOP("Backup", "Compressing and writing the backup"),
    "read": QT_TRANSLATE_NOOP("Backup", "Reading the backup"),
    "check": QT_TRANSLATE_NOOP("Backup", "Checking the database in the backup"),
    "swap": QT_TRANSLATE_NOOP("Backup", "Replacing the database file"),
}


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

class BackupError(KnownError):
    """A backup or restore problem the user can act on (context "Backup")."""

    context = "Backup"


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


def cancelled() -> Cancelled:
    """A cancelled backup step: nothing was left behind and nothing was changed."""
    return Cancelled(QT_TRANSLATE_NOOP("Backup", "Cancelled: nothing was changed."), "Backup")


def damaged(path: Path, reason: str, **params: object) -> BackupDamagedError:
    return BackupDamagedError(
        QT_TRANSLATE_NOOP("Backup", "{name} is damaged or was altered ({reason}). It cannot be "
                                    "used; choose another backup."),
        name=path.name, reason=render("Backup", reason, **params))


def check_cancel(job: Job | None) -> None:
    if job is not None and job.cancelled:
        raise cancelled()


def report(job: Job | None, stage: str, done: int, total: int) -> None:
    """Report *stage* (a key of :data:`STAGES`) to *job* under its label."""
    if job is not None:
        job.report(stage_label(stage), done, total)


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
    #: the database's audit head when the copy began ({"id", "hash"}): a witness
    #: outside the file that its log had at least this entry (None: older backups)
    audit_head: dict[str, Any] | None = None

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
        if self.audit_head is not None:
            data["audit_head"] = self.audit_head
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
            encrypted=bool(data["encrypted"]), audit_head=_audit_head(data.get("audit_head")))


def _audit_head(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    try:
        return {"id": int(value["id"]), "hash": str(value["hash"])}
    except (KeyError, TypeError, ValueError):
        return None


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


def _decompressor() -> zstandard.ZstdDecompressor:
    decompressor = getattr(_thread_state, "decompressor", None)
    if decompressor is None:
        decompressor = zstandard.ZstdDecompressor()
        _thread_state.decompressor = decompressor
    return decompressor


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


def file_chunks(source: Path) -> Iterator[bytes]:
    """The bytes of *source* in chunks of :data:`CHUNK_SIZE`."""
    chunk_size = CHUNK_SIZE
    with source.open("rb") as fh:
        while data := fh.read(chunk_size):
            yield data


def pack_file(source: Path, out: BinaryIO, manifest_fields: dict[str, Any], *,
              password: str | None, job: Job | None) -> tuple[Manifest, str]:
    """Write the backup of the database file *source* to *out*; returns (manifest, file sha)."""
    return pack(file_chunks(source), source.stat().st_size, out, manifest_fields,
                password=password, job=job, name=source)


def pack(chunks: Iterator[bytes], total: int, out: BinaryIO, manifest_fields: dict[str, Any],
         *, password: str | None, job: Job | None,
         name: Path = Path("database")) -> tuple[Manifest, str]:
    """Write a backup of the database whose bytes *chunks* yields (*total* bytes, in
    chunks of :data:`CHUNK_SIZE`) to *out*; returns (manifest, file sha).

    The calling thread reads the chunks, hashes them and writes the records in
    order; compression (and encryption) runs in a small pool of threads, so
    reading, hashing and compressing overlap on the cores there are.
    """
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

    content_sha = hashlib.sha256()
    chunks_written = 0
    done = 0

    def seal(index: int, data: bytes, final: bool) -> bytes:
        packed = _compress(data)
        if keys is None:
            return packed
        nonce = os.urandom(crypto.NONCE_BYTES)
        return nonce + keys.aead.encrypt(nonce, packed, _aad(file_id, index, final))

    pending: deque[tuple[Future[bytes], bool]] = deque()
    depth = 2 * _workers()
    source = iter(chunks)
    with ThreadPoolExecutor(_workers(), thread_name_prefix="crmdesk-backup",
                            initializer=_background_priority) as pool:
        try:
            data = next(source, b"")
            index = 0
            while True:
                check_cancel(job)
                if data:
                    nxt = next(source, b"")
                    final = not nxt
                    if len(data) != CHUNK_SIZE and not final:
                        raise ValueError("chunks must be CHUNK_SIZE bytes but the last")
                    pending.append((pool.submit(seal, index, data, final), final))
                    content_sha.update(data)  # while the pool compresses
                    index += 1
                    done += len(data)
                    data = nxt
                while pending and (len(pending) >= depth or not data):
                    future, final = pending.popleft()
                    body = future.result()
                    writer.write(RECORD.pack(b"L" if final else b"D", len(body)) + body)
                    chunks_written += 1
                    report(job, "compress", done, total)
                if not data and not pending:
                    break
        finally:
            for future, _final in pending:
                future.cancel()
    if chunks_written == 0:  # an SQLite file is never empty; guard the format anyway
        raise damaged(name, QT_TRANSLATE_NOOP("Backup", "the database copy is empty"))
    if done != total:
        raise ValueError(f"{done} bytes packed, {total} expected")

    manifest = Manifest(content_size=total, content_sha256=content_sha.hexdigest(),
                        chunks=chunks_written, encrypted=keys is not None, **manifest_fields)
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
class Layout:
    params: dict[str, Any]
    body_offset: int
    manifest_offset: int
    manifest: Manifest
    file_sha: bytes
    mac: bytes
    size: int


def not_a_backup(path: Path) -> NotABackupError:
    return NotABackupError(
        QT_TRANSLATE_NOOP("Backup", "{name} is not a crmdesk backup. Choose a .crmbak file "
                                    "made by crmdesk."), name=path.name)


def read_layout(path: Path, fh: BinaryIO) -> Layout:
    """Header, manifest and footer (cheap: no pass over the data)."""
    size = os.fstat(fh.fileno()).st_size
    head = fh.read(len(MAGIC) + 6)
    if len(head) < len(MAGIC) or head[: len(MAGIC)] != MAGIC:
        raise not_a_backup(path)
    if len(head) < len(MAGIC) + 6 or size < len(head) + FOOTER.size:
        raise damaged(path, QT_TRANSLATE_NOOP("Backup", "the file is incomplete"))
    version, params_len = struct.unpack(">HI", head[len(MAGIC):])
    if version != FORMAT:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "{name} was made by a newer crmdesk (backup format {version}). Install "
                      "the latest crmdesk to use it."), name=path.name, version=version)
    fh.seek(size - FOOTER.size)
    magic, manifest_offset, file_sha, mac = FOOTER.unpack(fh.read(FOOTER.size))
    if magic != END_MAGIC:
        raise damaged(path, QT_TRANSLATE_NOOP("Backup", "the file is incomplete"))
    body_offset = len(head) + params_len
    if not body_offset <= manifest_offset <= size - FOOTER.size - RECORD.size:
        raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its layout is broken"))
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
        raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its manifest cannot be read")) from None
    return Layout(params, body_offset, manifest_offset, manifest, file_sha, mac, size)


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup, without checking the data (fast: for lists)."""
    try:
        with path.open("rb") as fh:
            return read_layout(path, fh).manifest
    except OSError as exc:
        raise unreadable(path, exc) from exc


def unreadable(path: Path, exc: OSError) -> BackupError:
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
        raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its header cannot be read")) from None
    verifier, keys = _derive(password, salt, kdf)
    if not hmac.compare_digest(verifier, check):
        raise WrongPasswordError(QT_TRANSLATE_NOOP(
            "Backup", "The password for {name} is wrong. Enter the password given when the "
                      "backup was made."), name=path.name)
    return keys, file_id


def unpack(path: Path, out: BinaryIO | None, *, password: str | None,
            job: Job | None) -> Manifest:
    """Check the whole backup file and write the database it holds to *out*."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise unreadable(path, exc) from exc
    with fh:
        layout = read_layout(path, fh)
        keys: _Keys | None = None
        file_id = b""
        if layout.params.get("encryption"):
            keys, file_id = _keys_for(path, layout.params, password)
        fh.seek(0)
        file_sha = hashlib.sha256()
        content_sha = hashlib.sha256()
        chunk_size = layout.params.get("chunk_size")
        if not isinstance(chunk_size, int) or not 4096 <= chunk_size <= 256 << 20:
            raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its header cannot be read"))

        forgotten = 0  # the file is read once: what is read leaves the system's cache

        def take(n: int) -> bytes:
            nonlocal forgotten
            data = fh.read(n)
            if len(data) != n:
                raise damaged(path, QT_TRANSLATE_NOOP("Backup", "the file is incomplete"))
            file_sha.update(data)
            at = fh.tell()
            if at - forgotten >= FORGET_EVERY:
                forget_cached(fh.fileno(), forgotten, at - forgotten)
                forgotten = at
            return data

        def open_part(index: int, body: bytes, final: bool) -> bytes:
            """Decrypt and decompress one part (in a pool thread)."""
            if keys is not None:
                try:
                    body = keys.aead.decrypt(body[: crypto.NONCE_BYTES],
                                             body[crypto.NONCE_BYTES:],
                                             _aad(file_id, index, final))
                except (InvalidTag, ValueError):
                    raise damaged(path, QT_TRANSLATE_NOOP(
                        "Backup", "part {n} fails its authentication"), n=index + 1) from None
            try:
                data: bytes = _decompressor().decompress(body, max_output_size=chunk_size)
            except zstandard.ZstdError:
                raise damaged(path, QT_TRANSLATE_NOOP(
                    "Backup", "part {n} cannot be decompressed"), n=index + 1) from None
            if len(data) > chunk_size or (not final and len(data) != chunk_size):
                raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its layout is broken"))
            return data

        # Parts are opened in a pool while this thread reads and hashes the file; they
        # are taken back in order, so the first damaged part is the one reported.
        pending: deque[Future[bytes]] = deque()
        depth = 2 * _workers()
        content = 0

        def drain(keep: int) -> None:
            nonlocal content
            while len(pending) > keep:
                data = pending.popleft().result()
                content_sha.update(data)
                if out is not None:
                    out.write(data)
                content += len(data)

        index = 0
        final = False
        with ThreadPoolExecutor(_workers(), thread_name_prefix="crmdesk-verify",
                                initializer=_background_priority) as pool:
            try:
                try:
                    take(layout.body_offset)
                    while not final:
                        check_cancel(job)
                        if fh.tell() >= layout.manifest_offset:
                            raise damaged(path, QT_TRANSLATE_NOOP(
                                "Backup", "its last part is missing"))
                        kind, length = RECORD.unpack(take(RECORD.size))
                        if kind not in (b"D", b"L") or \
                                fh.tell() + length > layout.manifest_offset:
                            raise damaged(path, QT_TRANSLATE_NOOP(
                                "Backup", "its layout is broken"))
                        final = kind == b"L"
                        pending.append(pool.submit(open_part, index, take(length), final))
                        index += 1
                        drain(depth - 1)
                        report(job, "read", fh.tell(), layout.size)
                except BackupDamagedError:
                    drain(0)  # a damaged earlier part is reported first
                    raise
                drain(0)
            finally:
                for future in pending:
                    future.cancel()
        if fh.tell() != layout.manifest_offset:
            raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its layout is broken"))
        take(layout.size - FOOTER.size - layout.manifest_offset + 16)  # manifest, end magic, offset
        forget_cached(fh.fileno(), forgotten)  # the rest
        if not hmac.compare_digest(file_sha.digest(), layout.file_sha):
            raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its checksum does not match"))
        if keys is not None:
            expected = hmac.new(keys.mac, layout.file_sha, hashlib.sha256).digest()
            if not hmac.compare_digest(expected, layout.mac):
                raise damaged(path, QT_TRANSLATE_NOOP("Backup", "it fails its authentication"))
        elif layout.mac != bytes(32):
            raise damaged(path, QT_TRANSLATE_NOOP("Backup", "its checksum does not match"))
        manifest = layout.manifest
        if (content != manifest.content_size or index != manifest.chunks
                or content_sha.hexdigest() != manifest.content_sha256):
            raise damaged(path, QT_TRANSLATE_NOOP(
                "Backup", "the database inside differs from its manifest"))
        return manifest

