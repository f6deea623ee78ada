"""Witnesses of audit logs outside the database file.

A log can be cut short, or the whole file replaced by an older copy, without
breaking its chain or any signature: only someone who saw a later head can tell.
Two kinds of witness do:

* **this computer**: after every commit that wrote audit entries (in the window and
  the command line alike, through :func:`install`), the new head (entry id, hash,
  time) is kept per database id and per file in ``audit-witnesses.json`` in the
  configuration folder (``CRMDESK_HOME`` redirects it).  A few heads per file are
  kept, the newest ones and older ones ever more sparsely, so that the point where
  two copies went apart can be found; restores the program made are kept too.
* **backups**: every backup's manifest carries the head when it was made
  (``Manifest.audit_head``); :func:`collect` reads the manifests only.

:func:`verify_file` hands them to :func:`crmdesk.core.services.audit.verify`.
The file is best effort: a witness that cannot be written is logged, never an error.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crmdesk import config
from crmdesk.core.services import audit, backups
from crmdesk.core.services.audit_verify import SeenHead, VerifyResult, Witnesses
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage import backup_copy, backup_format, files
from crmdesk.storage.database import Database

log = logging.getLogger(__name__)

STATE_FILE = "audit-witnesses.json"
#: heads kept per file: the newest KEEP_RECENT, then one per power-of-two distance
KEEP_RECENT = 8
MAX_RESTORES = 10
#: the file stays small: the databases and copies seen least recently are forgotten
MAX_DATABASES = 50
MAX_FILES = 8


def state_path() -> Path:
    return config.config_dir() / STATE_FILE


def location_of(path: str | Path) -> str:
    """How a file is named in the witness file (absolute, case-folded where the
    file system ignores case)."""
    text = str(path)
    if "://" in text:
        return text
    return os.path.normcase(str(Path(text).expanduser().resolve()))


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": 1, "databases": {}}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {"version": 1, "databases": {}}
    if not isinstance(data, dict) or not isinstance(data.get("databases"), dict):
        return {"version": 1, "databases": {}}
    return data


def _thin(heads: list[list[Any]]) -> list[list[Any]]:
    """Keep the newest heads, and older ones the more sparsely the older they are."""
    heads = sorted({int(h[0]): h for h in heads}.values(), key=lambda h: int(h[0]))
    if len(heads) <= KEEP_RECENT:
        return heads
    newest = int(heads[-1][0])
    kept = heads[-KEEP_RECENT:]
    buckets: dict[int, list[Any]] = {}
    for head in heads[:-KEEP_RECENT]:
        bucket = int(math.log2(newest - int(head[0]) + 1))
        buckets.setdefault(bucket, head)  # the oldest of each bucket: it stays put
    return sorted(list(buckets.values()) + kept, key=lambda h: int(h[0]))


def remember(committed: audit.Committed) -> None:
    """Keep the head a commit wrote (called by the program after each such commit)."""
    path = state_path()
    data = _load(path)
    database = data["databases"].setdefault(committed.database_id, {})
    entry = database.setdefault(location_of(committed.location), {"heads": [], "restores": []})
    when = committed.at.astimezone(UTC).isoformat()
    entry["heads"] = _thin([*entry.get("heads", []),
                            [committed.head.id, committed.head.hash, when,
                             committed.prev_hash]])
    if committed.restores:
        entry["restores"] = [*entry.get("restores", []),
                             *([r.id, r.hash, when] for r in committed.restores)][-MAX_RESTORES:]
    database.pop(location_of(committed.location))
    database[location_of(committed.location)] = entry  # the most recent last
    _forget_oldest(database, MAX_FILES)
    data["databases"].pop(committed.database_id)
    data["databases"][committed.database_id] = database
    _forget_oldest(data["databases"], MAX_DATABASES)
    files.atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _forget_oldest(items: dict[str, Any], keep: int) -> None:
    """Drop the first (least recently updated) entries beyond *keep*."""
    for key in list(items)[:-keep] if len(items) > keep else []:
        del items[key]


def install() -> Callable[[], None]:
    """Keep this computer's witnesses from now on; returns the function that stops it."""
    return audit.add_commit_observer(remember)


def _time(text: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _local(database_id: str, location: str) -> tuple[list[SeenHead], list[audit.Head]]:
    data = _load(state_path())
    database = data["databases"].get(database_id)
    heads: list[SeenHead] = []
    restores: list[audit.Head] = []
    if not isinstance(database, dict):
        return heads, restores
    for where, entry in database.items():
        if not isinstance(entry, dict):
            continue
        same = where == location
        source = render("Audit", QT_TRANSLATE_NOOP("Audit", "This computer")) if same else \
            render("Audit", QT_TRANSLATE_NOOP("Audit", "This computer (the copy at {path})"),
                   path=where)
        for item in entry.get("heads", []):
            try:
                heads.append(SeenHead(int(item[0]), str(item[1]), _time(item[2]), source,
                                      "local", same, where,
                                      str(item[3]) if len(item) > 3 else None))
            except (IndexError, TypeError, ValueError):
                continue
        if same:
            for item in entry.get("restores", []):
                try:
                    restores.append(audit.Head(int(item[0]), str(item[1])))
                except (IndexError, TypeError, ValueError):
                    continue
    return heads, restores


def _manifests(paths: Iterable[Path], database_id: str) -> list[tuple[Path, backup_format.Manifest]]:
    found: dict[Path, backup_format.Manifest] = {}
    for path in paths:
        path = Path(path).expanduser()
        if path.is_dir():
            for entry in backup_copy.scan_folder(path, database_id=database_id):
                if entry.manifest is not None and entry.manifest.database_id == database_id:
                    found[entry.path.resolve()] = entry.manifest
        elif path.is_file():
            try:
                with path.open("rb") as fh:
                    manifest = backup_format.read_layout(path, fh).manifest
            except (OSError, backup_format.BackupError) as exc:
                log.warning("cannot read the manifest of %s: %s", path, exc)
                continue
            if manifest.database_id == database_id:
                found[path.resolve()] = manifest
    return sorted(found.items())


def collect(db: Database, database_id: str | None, *,
            backup_paths: Sequence[Path] = ()) -> Witnesses:
    """Every witness of *db*'s log found here: this computer's record, the manifests of
    the backups in *backup_paths* (files or folders), in the configured backup folder
    and in ``backups`` beside the file."""
    if database_id is None:
        return Witnesses()
    location = location_of(db.path if db.path is not None else db.display_name)
    heads, restores = _local(database_id, location)
    folders: list[Path] = list(backup_paths)
    if db.path is not None:
        try:
            folders.append(backups.backup_folder(db))
        except Exception as exc:  # noqa: BLE001 - an unusable setting: the others still count
            log.warning("backup folder of %s: %s", db.display_name, exc)
        default = backups.default_backup_folder(db)
        if default is not None:
            folders.append(default)
    name = db.path.name if db.path is not None else ""
    for path, manifest in _manifests(folders, database_id):
        head = manifest.audit_head
        if head is None:
            continue
        same = manifest.database_name == name
        source = render("Audit", QT_TRANSLATE_NOOP("Audit", "Backup {file}"), file=path.name)
        heads.append(SeenHead(int(head["id"]), str(head["hash"]), manifest.created_at, source,
                              "backup", same, "" if same else manifest.database_name))
    return Witnesses(tuple(heads), tuple(restores))


def verify_file(db: Database, *, backup_paths: Sequence[Path] = ()) -> VerifyResult:
    """Check *db*'s audit log and compare it with every witness found here."""
    with db.session() as s:
        database_id = audit.database_id(s)
    witnesses = collect(db, database_id, backup_paths=backup_paths)
    with db.session() as s:
        return audit.verify(s, witnesses)
