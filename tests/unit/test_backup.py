"""Backups: made online, verified, refused when damaged, restored exactly; schedules and rotation."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crmdesk.core.services import accounts, audit, settings
from crmdesk.core.services import backups as backup
from crmdesk.core.services.backups import (
    BackupDamagedError,
    BackupEntry,
    BackupError,
    Keep,
    Manifest,
    NotABackupError,
    PasswordRequiredError,
    RestoreRefusedError,
    WrongPasswordError,
)
from crmdesk.core.services.customers import customers
from crmdesk.errors import PermissionDenied
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage import backup_copy, backup_format, backup_snapshot
from crmdesk.storage.database import Database, open_database
from tests.child_process import held_open
from tests.conftest import PASSWORD, Users, _build_template

pytestmark = [
    pytest.mark.usefixtures("small_chunks"),
    pytest.mark.sqlite_only("backs up, damages and restores the .crmdb file beside its lock; "
                            "a server's backups: tests/unit/test_server_backups.py"),
]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several chunks even for a small test database (reordering, dropping ...)."""
    monkeypatch.setattr(backup_format, "CHUNK_SIZE", 64 * 1024)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> dict[str, Any]:
    """Every row of every table (the audit head is compared separately)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_tri%' AND name NOT LIKE 'search_short%'")]
        result = {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                  for t in tables if t != "audit_log"}
        result["settings"] = [r for r in result["settings"] if r[0] != audit.HEAD_KEY]
        result["audit_log"] = conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
        return result
    finally:
        conn.close()


def add_customers(db: Database, actor: Any, *names: str) -> list[int]:
    with db.transaction() as s:
        return [customers.create(s, actor, {"name": n, "mobile": "13812345678"}).id
                for n in names]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "usb"


def make(db: Database, actor: Any, folder: Path, **kw: Any) -> backup.BackupInfo:
    return backup.create_backup(db, actor, folder=folder, **kw)


# ---------------------------------------------------------------------------
# Backup, change, restore
# ---------------------------------------------------------------------------

def test_backup_change_restore_gives_the_data_at_backup_time(db: Database, users: Users,
                                                             folder: Path) -> None:
    add_customers(db, users.staff1, "张三丰", "李四", "王五")
    backup.database_id(db)  # the only write a backup makes before its snapshot
    assert db.path is not None
    before = dump(db.path)
    info = make(db, users.admin, folder)
    assert info.verified and info.path.parent == folder and info.path.suffix == ".crmbak"
    assert info.manifest.customers == 3 and info.manifest.users == 6
    assert info.manifest.counts["customers"] == 3
    assert info.manifest.made_by == "admin" and not info.manifest.encrypted

    # change everything a user could change
    ids = add_customers(db, users.staff1, "赵六")
    with db.transaction() as s:
        customers.update(s, users.staff1, ids[0], {"name": "赵六改"})
        customers.delete(s, users.staff1, ids[0])
        settings.set_value(s, users.admin, "company_name", "新公司")
        accounts.create_team(s, users.admin, "新团队")
    assert dump(db.path) != before

    restored, result = backup.restore_into_open(db, info.path, users.admin)
    try:
        assert db.closed and not restored.closed
        assert result.safety_copy is not None and result.safety_copy.exists()
        after = dump(db.path)
        audit_after = after.pop("audit_log")
        audit_before = before.pop("audit_log")
        assert after == before
        # the audit log is the one at backup time plus the restore itself
        assert audit_after[:-1] == audit_before
        assert "restore_db" in audit_after[-1]  # the action column
        with restored.session() as s:
            assert audit.verify_chain(s).ok
        # the safety copy holds the data from just before the restore
        copy = dump(result.safety_copy)
        assert any(r[2] == "新团队" or "新团队" in r for r in copy["teams"])
    finally:
        restored.close()


def test_restore_to_a_new_file_is_byte_exact(db: Database, users: Users, folder: Path,
                                            tmp_path: Path) -> None:
    add_customers(db, users.staff1, "客户甲")
    info = make(db, users.admin, folder, verify=False)
    unpacked = tmp_path / "unpacked.crmdb"
    report = backup.verify_backup(info.path, keep_as=unpacked)
    assert digest(unpacked) == report.manifest.content_sha256
    target = tmp_path / "restored" / "shop.crmdb"
    result = backup.restore_backup(info.path, target)
    assert result.safety_copy is None
    restored = open_database(target)
    with restored.session() as s:
        assert [c.name for c in customers.records(s, users.admin, customers.ids(s, users.admin))]\
            == ["客户甲"]
    restored.close()


def test_encrypted_backup_round_trip_and_wrong_password(db: Database, users: Users,
                                                        folder: Path, tmp_path: Path) -> None:
    add_customers(db, users.staff1, "加密客户")
    info = make(db, users.admin, folder, password="正确的密码123")
    assert info.verified and info.manifest.encrypted
    raw = info.path.read_bytes()
    assert "加密客户".encode() not in raw
    # the manifest is readable without the password (for the restore wizard's list)
    assert backup.read_manifest(info.path).customers == 1
    with pytest.raises(PasswordRequiredError):
        backup.verify_backup(info.path)
    with pytest.raises(WrongPasswordError, match="wrong"):
        backup.verify_backup(info.path, "错误的密码")
    target = tmp_path / "target.crmdb"
    target.write_bytes(Path(db.path or "").read_bytes())
    before = digest(target)
    with pytest.raises(WrongPasswordError):
        backup.restore_backup(info.path, target, password="nope", actor=users.admin)
    assert digest(target) == before
    assert list(tmp_path.glob(".*crmdesk-tmp*")) == []
    backup.restore_backup(info.path, target, password="正确的密码123", actor=users.admin)
    assert digest(target) != before


def test_empty_password_is_refused(db: Database, users: Users, folder: Path) -> None:
    with pytest.raises(BackupError, match="password is empty"):
        make(db, users.admin, folder, password="")


# ---------------------------------------------------------------------------
# Damaged, truncated, tampered
# ---------------------------------------------------------------------------

def _positions(path: Path) -> dict[str, int]:
    data = path.read_bytes()
    params_len = struct.unpack(">I", data[10:14])[0]
    body = 14 + params_len
    manifest_at = struct.unpack(">Q", data[-72:-64])[0]
    return {"magic": 0, "format version": 9, "parameters": 20, "record type": body,
            "record length": body + 2, "first chunk": body + 40,
            "middle": (body + manifest_at) // 2, "last chunk": manifest_at - 3,
            "manifest": manifest_at + 30, "manifest end": len(data) - 81,
            "end magic": len(data) - 80, "manifest offset": len(data) - 70,
            "checksum": len(data) - 50, "mac": len(data) - 10, "last byte": len(data) - 1}


@pytest.mark.parametrize("password", [None, "密码password"])
def test_one_flipped_byte_anywhere_is_refused_and_the_target_left_alone(
        db: Database, users: Users, folder: Path, tmp_path: Path, password: str | None) -> None:
    add_customers(db, users.staff1, *[f"客户{i}" for i in range(40)])
    info = make(db, users.admin, folder, password=password, verify=False)
    assert info.manifest.chunks >= 3
    target = tmp_path / "current.crmdb"
    target.write_bytes(Path(db.path or "").read_bytes())
    before = digest(target)
    good = info.path.read_bytes()
    for where, offset in _positions(info.path).items():
        bad = bytearray(good)
        bad[offset] ^= 0x01
        info.path.write_bytes(bytes(bad))
        with pytest.raises(BackupError) as refused:
            backup.verify_backup(info.path, password)
        assert not isinstance(refused.value, Cancelled), where
        with pytest.raises(BackupError):
            backup.restore_backup(info.path, target, password=password, actor=users.admin)
        assert digest(target) == before, where
    leftovers = [p.name for p in tmp_path.iterdir() if not p.name.startswith("test.crmdb")]
    assert sorted(leftovers) == ["current.crmdb", "usb"]  # no temp file, no safety copy
    info.path.write_bytes(good)
    backup.verify_backup(info.path, password)


def test_truncated_reordered_and_foreign_files_are_refused(db: Database, users: Users,
                                                           folder: Path, tmp_path: Path) -> None:
    add_customers(db, users.staff1, *[f"客户{i}" for i in range(40)])
    info = make(db, users.admin, folder, password="pw-pw-pw", verify=False)
    good = info.path.read_bytes()
    for cut in (len(good) - 1, len(good) - 80, len(good) // 2, 20, 5):
        info.path.write_bytes(good[:cut])
        with pytest.raises((BackupDamagedError, NotABackupError)):
            backup.verify_backup(info.path, "pw-pw-pw")
    # swap the first two chunk records (same lengths are not needed: offsets move)
    params_len = struct.unpack(">I", good[10:14])[0]
    body = 14 + params_len
    first_len = struct.unpack(">I", good[body + 1: body + 5])[0]
    second = body + 5 + first_len
    second_len = struct.unpack(">I", good[second + 1: second + 5])[0]
    swapped = (good[:body] + good[second: second + 5 + second_len] + good[body:second]
               + good[second + 5 + second_len:])
    info.path.write_bytes(swapped)
    with pytest.raises(BackupDamagedError, match="authentication"):
        backup.verify_backup(info.path, "pw-pw-pw")
    text_file = tmp_path / "notes.crmbak"
    text_file.write_text("这不是备份文件\n" * 20, encoding="utf-8")
    with pytest.raises(NotABackupError):
        backup.verify_backup(text_file)
    info.path.write_bytes(good)
    assert backup.verify_backup(info.path, "pw-pw-pw").manifest.customers == 40


def test_corrupt_database_inside_a_well_formed_backup_is_refused(
        db: Database, users: Users, folder: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A backup written faithfully of a database that was already damaged."""
    info = make(db, users.admin, folder, verify=False)
    unpacked = tmp_path / "inside.crmdb"
    backup.verify_backup(info.path, keep_as=unpacked)
    conn = sqlite3.connect(unpacked)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='users'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(unpacked.read_bytes())
    data[(root - 1) * page + 3: (root - 1) * page + 5] = b"\x7f\xff"  # absurd cell count
    unpacked.write_bytes(bytes(data))
    fields = {k: getattr(info.manifest, k) for k in (
        "created_at", "app_version", "schema", "database_name", "database_id", "made_by",
        "reason", "host", "page_size", "counts", "customers", "users")}
    forged = folder / "forged.crmbak"
    with forged.open("wb") as out:
        backup_format.pack_file(unpacked, out, fields, password=None, job=None)
    with pytest.raises(BackupDamagedError, match="integrity|cannot be read|differs"):
        backup.verify_backup(forged)
    entry = next(e for e in backup.list_backups(folder) if e.path == forged)
    assert entry.verified is False


# ---------------------------------------------------------------------------
# Online, cancellable, permissions
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("direct", [True, False], ids=["direct", "work-file"])
def test_backup_is_a_consistent_snapshot_while_someone_writes(
        db: Database, users: Users, folder: Path, direct: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_snapshot, "DIRECT", direct)
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        while not stop.is_set():
            written.extend(add_customers(db, users.staff1, "并发客户"))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        info = make(db, users.admin, folder, verify=True)
    finally:
        stop.set()
        thread.join()
    # the full verification compares the manifest's counts (taken in the same
    # snapshot) with the database in the backup: they agree although customers were
    # added during the backup
    assert info.verified
    backup.verify_backup(info.path)
    assert 5 <= info.manifest.counts["customers"] <= len(written)


@pytest.mark.parametrize("direct", [True, False], ids=["direct", "work-file"])
def test_cancel_leaves_nothing_behind(db: Database, users: Users, folder: Path, direct: bool,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert db.path is not None
    monkeypatch.setattr(backup_snapshot, "DIRECT", direct)
    for stage in ("compress", "read", "check") if direct else ("copy", "compress", "read",
                                                               "check"):
        job = Job()
        job.progress = lambda label, done, total, stage=stage, job=job: (
            job.cancel() if label == backup.stage_label(stage) else None)
        with pytest.raises(Cancelled, match="nothing was changed"):
            info = make(db, users.admin, folder, job=job)
            # cancelling the verification keeps the (complete) backup, unverified
            assert stage in ("read", "check") and not info.verified
            info.path.unlink()
            backup_copy.sidecar(info.path).unlink(missing_ok=True)
            raise Cancelled()
        assert [p.name for p in folder.iterdir()] == [], stage
        assert sorted(p.name for p in db.path.parent.iterdir()) == \
            ["test.crmdb", "test.crmdb-shm", "test.crmdb-wal", "test.crmdb.lock", "usb"]


def test_permissions(db: Database, users: Users, folder: Path, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        make(db, users.staff1, folder)
    # automatic backups run for whoever is logged in
    info = make(db, users.staff1, folder, scheduled=True, reason="interval")
    make(db, users.manager, folder)
    target = tmp_path / "other.crmdb"
    target.write_bytes(Path(db.path or "").read_bytes())
    with pytest.raises(PermissionDenied):
        backup.restore_backup(info.path, target, actor=users.manager)
    with pytest.raises(RestoreRefusedError, match="administrator"):
        backup.restore_backup(info.path, target)


def test_restore_refuses_a_file_open_elsewhere(db: Database, users: Users, folder: Path,
                                               tmp_path: Path) -> None:
    info = make(db, users.admin, folder)
    target = tmp_path / "open.crmdb"
    target.write_bytes(Path(db.path or "").read_bytes())
    before = digest(target)
    for mode in ("rw", "ro"):
        with held_open(target, mode):
            with pytest.raises(RestoreRefusedError, match="Close it there") as refused:
                backup.restore_backup(info.path, target, actor=users.admin)
            if mode == "rw":
                assert "wang" in refused.value.message
            assert digest(target) == before
    # and the file this process has open goes through restore_into_open only
    with pytest.raises(RestoreRefusedError, match="open in this window"):
        assert db.path is not None
        backup.restore_backup(info.path, db.path, actor=users.admin)


def test_restore_into_open_refuses_when_another_process_has_it(db: Database, users: Users,
                                                               folder: Path) -> None:
    info = make(db, users.admin, folder)
    assert db.path is not None
    with held_open(db.path, "shared"):
        with pytest.raises(RestoreRefusedError):
            backup.restore_into_open(db, info.path, users.admin)
    assert not db.closed
    with db.session() as s:
        assert customers.count(s, users.admin) == 0


def test_prepared_restore_checks_once_and_changes_nothing_until_swapped(
        db: Database, users: Users, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert db.path is not None
    add_customers(db, users.staff1, "客户甲")
    info = make(db, users.admin, folder, password="pw123456")
    add_customers(db, users.staff1, "客户乙")
    before = digest(db.path)
    with pytest.raises(PermissionDenied):
        backup.prepare_restore(db, info.path, users.manager, password="pw123456")
    with pytest.raises(WrongPasswordError):
        backup.prepare_restore(db, info.path, users.admin, password="wrong")
    prepared = backup.prepare_restore(db, info.path, users.admin, password="pw123456")
    assert prepared.file.exists() and prepared.file.parent == db.path.resolve().parent
    assert digest(db.path) == before and not db.closed  # checked, nothing touched
    # the swap does not unpack or check the backup again
    calls: list[str] = []
    monkeypatch.setattr(backup, "verify_backup", lambda *a, **k: calls.append("verify"))
    restored, result = backup.restore_into_open(db, info.path, users.admin, prepared=prepared)
    try:
        assert calls == [] and not prepared.file.exists()
        assert result.safety_copy is not None and result.safety_copy.exists()
        with restored.session() as s:
            names = [customers.get(s, users.admin, i).name for i in customers.ids(s, users.admin)]
        assert names == ["客户甲"]
    finally:
        restored.close()


def test_a_discarded_prepared_restore_leaves_no_file(db: Database, users: Users,
                                                     folder: Path) -> None:
    info = make(db, users.admin, folder)
    prepared = backup.prepare_restore(db, info.path, users.admin)
    prepared.discard()
    assert not prepared.file.exists()
    with pytest.raises(ValueError):  # a prepared restore is for its own backup and file only
        other = make(db, users.admin, folder)
        backup.restore_into_open(db, other.path, users.admin,
                                 prepared=backup.prepare_restore(db, info.path, users.admin))
    assert not db.closed


def test_damaged_current_file_can_be_replaced_without_login(db: Database, users: Users,
                                                            folder: Path, tmp_path: Path) -> None:
    info = make(db, users.admin, folder)
    target = tmp_path / "broken.crmdb"
    data = Path(db.path or "").read_bytes()
    target.write_bytes(data[: len(data) // 3])
    result = backup.restore_backup(info.path, target)
    assert result.safety_copy is not None
    assert result.safety_copy.stat().st_size == len(data) // 3
    open_database(target).close()


# ---------------------------------------------------------------------------
# Lists, rotation, schedules
# ---------------------------------------------------------------------------

def test_list_shows_this_databases_backups_newest_first(db: Database, users: Users,
                                                        folder: Path, tmp_path: Path) -> None:
    first = make(db, users.admin, folder)
    second = make(db, users.admin, folder, verify=False, password="pw123456")
    # another database with the same file name, backed up to the same folder
    other_path = tmp_path / "other" / "test.crmdb"
    other_path.parent.mkdir()
    _build_template(other_path)
    other = open_database(other_path)
    make(other, None, folder, scheduled=True, reason="daily")
    entries = backup.list_backups(folder, db)
    assert [e.path for e in entries] == [second.path, first.path]
    assert [e.verified for e in entries] == [None, True]
    assert entries[0].manifest is not None and entries[0].manifest.encrypted
    row = backup.describe(entries[1])
    assert row["customers"] == 0 and row["users"] == 6 and row["verified"] is True
    assert len(backup.list_backups(folder, other)) == 1
    other.close()


def test_the_customer_count_leaves_out_the_recycle_bin(db: Database, users: Users,
                                                       folder: Path) -> None:
    kept, binned = add_customers(db, users.staff1, "留下的客户", "删除的客户")
    with db.transaction() as s:
        customers.delete(s, users.staff1, binned)
    info = make(db, users.admin, folder)  # verified: the manifest matches the file inside
    assert info.verified and info.manifest.customers == 1
    assert info.manifest.counts["customers"] == 2  # the table itself, recycle bin included
    assert backup.describe(backup.list_backups(folder, db)[0])["customers"] == 1


def _entry(when: datetime, verified: bool | None = True) -> BackupEntry:
    manifest = Manifest(created_at=when, app_version="x", schema="s", database_name="a.crmdb",
                        database_id="id", made_by="admin", reason="manual", host="h",
                        page_size=4096, content_size=1, content_sha256="0", chunks=1,
                        counts={}, customers=0, users=0, encrypted=False)
    return BackupEntry(Path(f"/b/{when:%Y%m%d-%H%M}.crmbak"), 1, manifest, "", verified)


def test_rotation_keeps_last_daily_weekly_monthly() -> None:
    now = datetime(2024, 6, 30, 18, 0).astimezone()
    # four backups a day for 120 days
    entries = [_entry(now - timedelta(hours=6 * i)) for i in range(4 * 120)]
    kept = backup.backups_to_keep(entries, Keep(last=3, daily=5, weekly=3, monthly=4))
    kept_times = sorted((e.created_at for e in entries if e.path in kept), reverse=True)
    # the 3 newest, then one per day for 5 days, per week for 3 weeks, per month for 4
    assert kept_times[:3] == [now, now - timedelta(hours=6), now - timedelta(hours=12)]
    days = {t.date() for t in kept_times}
    assert {now.date() - timedelta(days=d) for d in range(5)} <= days
    months = {(t.year, t.month) for t in kept_times}
    assert months == {(2024, 6), (2024, 5), (2024, 4), (2024, 3)}
    assert len(kept) <= 3 + 5 + 3 + 4
    # the newest verified backup is never removed
    unverified = [_entry(now - timedelta(hours=i), verified=None) for i in range(10)]
    old_good = _entry(now - timedelta(days=400))
    kept = backup.backups_to_keep([*unverified, old_good], Keep(1, 0, 0, 0))
    assert old_good.path in kept and len(kept) == 2


def test_prune_removes_old_backups_of_this_database_only(db: Database, users: Users,
                                                         folder: Path) -> None:
    made = [make(db, users.admin, folder, verify=i == 0) for i in range(4)]
    stranger = folder / "someone-else.crmbak"
    stranger.write_bytes(b"not ours")
    removed = backup.prune_backups(folder, db, keep=Keep(last=2, daily=0, weekly=0, monthly=0))
    assert sorted(removed) == sorted([made[1].path])
    assert made[0].path.exists()  # the newest verified one
    assert stranger.exists()
    assert not backup_copy.sidecar(made[1].path).exists()


def test_scheduled_backups_rotate_per_settings(db: Database, users: Users, folder: Path) -> None:
    with db.transaction() as s:
        settings.set_value(s, users.admin, "backup.dir", str(folder))
        settings.set_value(s, users.admin, "backup.keep_last", 2)
        for key in ("daily", "weekly", "monthly"):
            settings.set_value(s, users.admin, f"backup.keep_{key}", 0)
    infos = [backup.create_backup(db, users.staff1, scheduled=True, reason="interval")
             for _ in range(4)]
    assert infos[-1].removed
    assert len(backup.list_backups(folder, db)) == 2


def test_due_status_and_warning(db: Database, users: Users, folder: Path) -> None:
    now = datetime.now(UTC)
    with db.transaction() as s:
        settings.set_value(s, users.admin, "backup.dir", str(folder))
        settings.set_value(s, users.admin, "backup.every_hours", 4)
        settings.set_value(s, users.admin, "backup.warn_after_hours", 24)
    status = backup.backup_status(db, now)
    assert status.last_good_at is None and status.warn and "No backup" in status.message
    assert backup.backup_due(db, now) == "interval"
    assert backup.backup_on_close(db)

    info = backup.create_backup(db, users.admin, scheduled=True, reason="interval")
    made = info.manifest.created_at
    assert backup.backup_due(db, made + timedelta(hours=5)) is None  # nothing changed
    assert not backup.backup_on_close(db)
    status = backup.backup_status(db, made + timedelta(hours=30))
    assert not status.warn and status.last_good_path == info.path  # old, but unchanged
    with db.transaction() as s:  # logging in (audited) changes no data
        accounts.login(s, "staff2", PASSWORD)
    assert backup.backup_due(db, made + timedelta(hours=5)) is None
    assert not backup.backup_on_close(db)

    add_customers(db, users.staff1, "新客户")
    hour_later = made + timedelta(hours=1)
    next_day = hour_later.astimezone().date() > made.astimezone().date()  # run near midnight
    assert backup.backup_due(db, hour_later) == ("daily" if next_day else None)
    assert backup.backup_due(db, made + timedelta(hours=4, minutes=1)) == "interval"
    assert backup.backup_on_close(db)
    assert not backup.backup_status(db, made + timedelta(hours=23)).warn
    late = backup.backup_status(db, made + timedelta(hours=30))
    assert late.warn and "30 h ago" in late.message

    with db.transaction() as s:
        settings.set_value(s, users.admin, "backup.every_hours", 0)
    assert backup.backup_due(db, made + timedelta(hours=2)) in (None, "daily")
    assert backup.backup_due(db, made + timedelta(days=1)) == "daily"

    # a failed backup shows until the next one succeeds
    with db.transaction() as s:
        settings.set_value(s, users.admin, "backup.dir", str(folder / "file.txt" / "sub"))
    folder.joinpath("file.txt").write_text("x")
    with pytest.raises(BackupError, match="Cannot write the backup"):
        backup.create_backup(db, users.admin, scheduled=True, reason="interval")
    failed = backup.backup_status(db)
    assert failed.warn and "failed" in failed.message


def test_read_only_window_never_schedules_backups(db_path: Path) -> None:
    ro = open_database(db_path, read_only=True)
    try:
        assert backup.backup_due(ro) is None and not backup.backup_on_close(ro)
    finally:
        ro.close()


def test_backup_of_a_read_only_window(db_path: Path, tmp_path: Path) -> None:
    ro = open_database(db_path, read_only=True)
    try:
        with ro.session() as s:
            actor = accounts.actor_for(s, 1, None)
            made = audit.database_id(s)  # made with the first audit entry, read-only here
        info = backup.create_backup(ro, actor, folder=tmp_path / "b")
        assert made and info.verified and info.manifest.database_id == made
    finally:
        ro.close()


# ---------------------------------------------------------------------------
# The snapshot: the file itself when proved safe, else a copy; the check after
# ---------------------------------------------------------------------------

def _count_copies(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    copies: list[Path] = []
    original = backup_snapshot._copy

    def spy(source: sqlite3.Connection, work: Path, job: Job | None) -> None:
        copies.append(work)
        original(source, work, job)

    monkeypatch.setattr(backup_snapshot, "_copy", spy)
    return copies


def test_a_file_that_alone_is_not_the_snapshot_is_copied_first(
        db: Database, users: Users, folder: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert db.path is not None
    copies = _count_copies(monkeypatch)
    make(db, users.admin, folder, verify=True)
    assert copies == []  # nobody reading an older state: the file itself is read
    # Someone reads an older state: SQLite cannot move the newest changes from the
    # write-ahead log into the file, so the file alone lacks them.
    reader = sqlite3.connect(db.path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM customers").fetchone()
    added = add_customers(db, users.staff1, "读者之后的客户")
    try:
        info = make(db, users.admin, folder, verify=True)
    finally:
        reader.close()
    assert len(copies) == 1 and info.verified
    assert not copies[0].exists()  # the work file is gone
    restored = tmp_path / "restored.crmdb"
    backup.restore_backup(info.path, restored)
    conn = sqlite3.connect(restored)
    try:
        assert conn.execute("SELECT count(*) FROM customers WHERE id = ?",
                            (added[0],)).fetchone()[0] == 1
    finally:
        conn.close()


def test_the_direct_backup_holds_the_same_database_as_a_copy(
        db: Database, users: Users, folder: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert db.path is not None
    add_customers(db, users.staff1, "甲", "乙")
    copies = _count_copies(monkeypatch)
    # a read-only window: the two backups record nothing, so they hold the same state
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    conn.close()
    ro = open_database(db.path, read_only=True)
    try:
        direct = make(ro, users.admin, folder / "direct", verify=True)
        monkeypatch.setattr(backup_snapshot, "DIRECT", False)
        copied = make(ro, users.admin, folder / "copied", verify=True)
    finally:
        ro.close()
    assert len(copies) == 1 and direct.verified and copied.verified
    a, b = tmp_path / "a.crmdb", tmp_path / "b.crmdb"
    backup.verify_backup(direct.path, keep_as=a)  # the full check: integrity, counts
    backup.verify_backup(copied.path, keep_as=b)
    assert dump(a) == dump(b)


def test_the_check_after_a_backup_finds_a_damaged_database(db_path: Path, folder: Path) -> None:
    """A database damaged before the backup: the backup is written faithfully, and the
    check right after it says so (and so do the list and the status)."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with db_path.open("r+b") as fh:  # a wrong free-page count in the header
        fh.seek(36)
        fh.write(struct.pack(">I", 9999))
    damaged_db = open_database(db_path)
    try:
        with damaged_db.session() as s:
            actor = accounts.actor_for(s, 1, None)
        with pytest.raises(BackupDamagedError, match="integrity"):
            backup.create_backup(damaged_db, actor, folder=folder)
        [entry] = backup.list_backups(folder)
        assert entry.verified is False
        assert backup.backup_status(damaged_db).failed_at is not None
    finally:
        damaged_db.close()


def test_the_lock_page_of_a_big_file_is_packed_as_zeros(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite never stores data in the page holding the lock byte (at 1 GiB); it is not
    read (other programs' locks cover it on Windows) and is packed as zeros."""
    assert db.path is not None
    monkeypatch.setattr(backup_snapshot, "PENDING_BYTE", 3 * 4096)
    with backup_snapshot.take_snapshot(db, db.path.with_name("unused.work"),
                                       tables=["users"], job=None) as snap:
        assert snap.direct
        packed = b"".join(snap.chunks(None))
        size, page = snap.size, snap.page_size
    expected = bytearray(db.path.read_bytes()[:size])
    expected[3 * 4096: 3 * 4096 + page] = bytes(page)
    assert len(packed) == size and packed == bytes(expected)


@pytest.mark.skipif(not hasattr(os, "posix_fadvise") or not Path("/proc/self/fd").is_dir(),
                    reason="the system cannot be told to drop a file from its memory")
def test_a_new_backup_is_read_back_from_the_drive_not_the_memory(
        db: Database, users: Users, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once flushed, the new file is dropped from the system's cache, and the read-back
    drops what it read as it goes: the check reads the drive (where the system can be
    told so), and a backup of a big database does not push the database's own pages out
    of the memory its check reads them from."""
    from crmdesk.storage import files

    forgotten: list[tuple[str, int, int]] = []

    def spy(fd: int, offset: int = 0, length: int = 0) -> None:
        forgotten.append((os.path.basename(os.readlink(f"/proc/self/fd/{fd}")), offset, length))

    monkeypatch.setattr(files, "forget_cached", spy)
    monkeypatch.setattr(backup_format, "forget_cached", spy)
    monkeypatch.setattr(backup_format, "FORGET_EVERY", 4096)
    add_customers(db, users.staff1, "张三丰", "李四")
    info = make(db, users.admin, folder, verify=True)
    assert info.verified
    tmp_name, offset, length = forgotten[0]  # the whole file, flushed, before the rename
    assert tmp_name.startswith(f".{info.path.name}.") and (offset, length) == (0, 0)
    read = [(o, n) for name, o, n in forgotten if name == info.path.name]
    # every byte read, in order, once: the last range runs to the end of the file
    assert len(read) > 1 and read[0][0] == 0 and read[-1][1] == 0
    assert all(a[0] + a[1] == b[0] for a, b in zip(read, read[1:], strict=False))
