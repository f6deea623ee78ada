"""Fault test: kill -9 a process at random points of long writes, backups and restores.

Every time, the file must open (no "in use" from the dead process's lock), pass
``PRAGMA integrity_check``, and hold every transaction the killed process saw
committed — and none that it did not finish.

The "import" is a stand-in for the exchange importer (written in parallel): a
long series of real service writes (``customers.create`` in batches, each
batch one transaction) and of ``backend.bulk_insert`` batches in big
transactions, as an import does.

Children are forked from the test process (already initialised, so a round
costs milliseconds, not an interpreter start-up) and killed with SIGKILL.
``CRMDESK_FAULT_ROUNDS=N`` multiplies the rounds (e.g. 10 for a long run);
``CRMDESK_FAULT_SEED`` repeats a run.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import sqlite3
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crmdesk.core.models import Customer
from crmdesk.core.services import accounts
from crmdesk.core.services import backups as backup
from crmdesk.core.services.customers import customers
from crmdesk.storage import backup_copy, file_lock
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

ROUNDS = int(os.environ.get("CRMDESK_FAULT_ROUNDS", "1"))
SEED = int(os.environ.get("CRMDESK_FAULT_SEED", str(random.randrange(1 << 30))))
SERVICE_BATCH = 10
BULK_BATCH = 5000


# ---------------------------------------------------------------------------
# Children
# ---------------------------------------------------------------------------

def _fork(work: Callable[[Callable[[str], None]], None]) -> tuple[int, int]:
    """Run *work(say)* in a child process; returns (pid, read end of its messages)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_fd)
            file_lock._entries.clear()  # the parent's holds are not ours

            def say(line: str) -> None:
                os.write(write_fd, (line + "\n").encode())

            work(say)
        except BaseException:  # noqa: BLE001 - reported to the parent through stderr
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _wait_for(read_fd: int, word: str, timeout: float = 20) -> list[str]:
    lines: list[str] = []
    buffer = b""
    deadline = time.monotonic() + timeout
    while not any(line.startswith(word) for line in lines):
        ready, _, _ = select.select([read_fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"child said nothing like {word!r} (seed {SEED})")
        chunk = os.read(read_fd, 65536)
        if not chunk:
            raise AssertionError(f"child ended before {word!r}: {lines} (seed {SEED})")
        buffer += chunk
        *done, buffer = buffer.split(b"\n")
        lines.extend(d.decode() for d in done)
    return lines


def _kill_after(pid: int, read_fd: int, delay: float) -> tuple[list[str], bool]:
    """SIGKILL the child after *delay* s; returns its messages and whether it had ended."""
    time.sleep(delay)
    done, _ = os.waitpid(pid, os.WNOHANG)
    ended = done == pid
    if not ended:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    data = b""
    while chunk := os.read(read_fd, 65536):
        data += chunk
    os.close(read_fd)
    return data.decode().splitlines(), ended


def _last_count(lines: list[str]) -> int:
    counts = [int(line.split()[1]) for line in lines if line.startswith("committed")]
    return counts[-1] if counts else 0


# ---------------------------------------------------------------------------
# Checks after each kill
# ---------------------------------------------------------------------------

def _check_file(path: Path) -> int:
    """Open as the program would (recovering WAL and lock): integrity ok; customers."""
    assert file_lock.holder(path) is None, f"dead writer still holds {path} (seed {SEED})"
    db = open_database(path)  # would raise DatabaseInUseError on a stale lock
    try:
        with db.session() as s:
            result = s.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
            assert result == "ok", f"integrity_check: {result} (seed {SEED})"
            return int(s.connection().exec_driver_sql(
                "SELECT count(*) FROM customers").scalar() or 0)
    finally:
        db.close()


# ---------------------------------------------------------------------------
# The rounds
# ---------------------------------------------------------------------------

def _service_writer(path: Path) -> Callable[[Callable[[str], None]], None]:
    def work(say: Callable[[str], None]) -> None:
        db = open_database(path)
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            start = s.query(Customer).count()
        say(f"committed {start}")
        total = start
        while True:
            with db.transaction() as s:
                for i in range(SERVICE_BATCH):
                    customers.create(s, actor, {"name": f"导入客户{total + i}",
                                                "mobile": f"138{(total + i) % 10**8:08d}",
                                                "city": "杭州市"})
            total += SERVICE_BATCH
            say(f"committed {total}")
    return work


def _bulk_writer(path: Path) -> Callable[[Callable[[str], None]], None]:
    def work(say: Callable[[str], None]) -> None:
        db = open_database(path)
        table = Customer.__table__
        with db.session() as s:
            total = s.query(Customer).count()
        say(f"committed {total}")
        while True:
            now = datetime.now(UTC)
            rows = [{"code": f"B{total + i:09d}", "kind": "individual",
                     "name": f"批量客户{total + i}", "status": "potential", "owner_id": 2,
                     "created_at": now, "updated_at": now, "version": 1,
                     "notes": "备注" * 20} for i in range(BULK_BATCH)]
            with db.transaction() as s:
                db.backend.bulk_insert(s, table, rows)  # type: ignore[arg-type]
            total += BULK_BATCH
            say(f"committed {total}")
    return work


def _kill_writer(path: Path, make: Callable[[Path], Callable[[Callable[[str], None]], None]],
                 batch: int, rng: random.Random, longest: float) -> None:
    before = _check_file(path)
    pid, read_fd = _fork(make(path))
    lines = _wait_for(read_fd, "committed")
    messages, ended = _kill_after(pid, read_fd, rng.uniform(0, longest))
    lines += messages
    assert not ended, f"writer stopped by itself: {lines[-3:]} (seed {SEED})"
    committed = _last_count(lines)
    found = _check_file(path)
    # every batch the child saw committed is there; a batch is all there or absent
    assert committed <= found <= committed + batch, (committed, found, SEED)
    assert (found - before) % batch == 0, (before, found, SEED)


@pytest.mark.sqlite_only("kills writers of the .crmdb file: its lock and "
                        "PRAGMA integrity_check of the file")
def test_killed_writers_lose_nothing_committed(db_path: Path) -> None:
    rng = random.Random(SEED)
    for _ in range(6 * ROUNDS):
        _kill_writer(db_path, _service_writer, SERVICE_BATCH, rng, 0.6)
    for _ in range(6 * ROUNDS):
        _kill_writer(db_path, _bulk_writer, BULK_BATCH, rng, 1.2)


@pytest.fixture
def big_file(db_path: Path, tmp_path: Path) -> Path:
    """A file of ~15 MB, so that a backup or restore takes a little while."""
    db = open_database(db_path)
    now = datetime.now(UTC)
    with db.transaction() as s:
        db.backend.bulk_insert(s, Customer.__table__, [  # type: ignore[arg-type]
            {"code": f"X{i:08d}", "kind": "company", "name": f"大客户{i}", "status": "active",
             "owner_id": 2, "created_at": now, "updated_at": now, "version": 1,
             "notes": f"客户备注 {i} " * 30} for i in range(12000)])
    db.close()
    return db_path


def _timed_run(work: Callable[[Callable[[str], None]], None]) -> float:
    started = time.monotonic()
    pid, read_fd = _fork(work)
    _wait_for(read_fd, "done", timeout=120)
    os.waitpid(pid, 0)
    os.close(read_fd)
    return time.monotonic() - started


@pytest.mark.sqlite_only("kills backups and restores of the .crmdb file "
                        "(file copies)")
def test_killed_backups_and_restores_leave_good_files(big_file: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    folder = tmp_path / "backups"
    customers_before = _check_file(big_file)

    def backup_work(say: Callable[[str], None]) -> None:
        db = open_database(big_file, shared=True)
        say("started")
        backup.create_backup(db, None, folder=folder, scheduled=True, reason="interval")
        say("done")

    # a complete backup to restore from, and how long one takes
    took = _timed_run(backup_work)
    good = backup.list_backups(folder)[0].path

    for _ in range(6 * ROUNDS):
        pid, read_fd = _fork(backup_work)
        _wait_for(read_fd, "started")
        _kill_after(pid, read_fd, rng.uniform(0, took))
        assert _check_file(big_file) == customers_before
        for entry in backup.list_backups(folder):  # only complete backups carry the name
            backup.verify_backup(entry.path)

    # the file to restore over differs from the backup by one customer
    pristine = tmp_path / "pristine.crmdb"
    shutil.copyfile(big_file, pristine)
    db = open_database(pristine)
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
        customers.create(s, actor, {"name": "备份之后的客户"})
    db.close()
    original = _content(pristine)
    restored = _content_of_backup(good, tmp_path)
    assert original != restored
    target = tmp_path / "target.crmdb"

    def restore_work(say: Callable[[str], None]) -> None:
        say("started")
        backup.restore_backup(good, target)  # no login: see _restore_without_login
        say("done")

    shutil.copyfile(pristine, target)
    took = _timed_run(restore_work)
    for _ in range(6 * ROUNDS):
        shutil.copyfile(pristine, target)
        pid, read_fd = _fork(restore_work)
        _wait_for(read_fd, "started")
        _kill_after(pid, read_fd, rng.uniform(0, took))
        _check_file(target)
        assert _content(target) in (original, restored), f"half-restored file (seed {SEED})"


def _content(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, name FROM customers ORDER BY id").fetchall()
    finally:
        conn.close()


def _content_of_backup(path: Path, tmp_path: Path) -> list[tuple[object, ...]]:
    unpacked = tmp_path / "unpacked.crmdb"
    backup.verify_backup(path, keep_as=unpacked)
    try:
        return _content(unpacked)
    finally:
        unpacked.unlink()


@pytest.fixture(autouse=True)
def _restore_without_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """The restore children have no logged-in admin: let the target count as damaged
    (the no-login path), which changes nothing else in the swap."""
    monkeypatch.setattr(backup_copy, "healthy", lambda target: False)
