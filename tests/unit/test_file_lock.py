"""Two windows on one file: detection, read-only access, stale locks, conflicting saves.

The conflicting save runs on a server too; the rest is about the file's lock."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import text

from crmdesk.core.services import accounts
from crmdesk.core.services.customers import customers
from crmdesk.errors import ConflictError, DatabaseInUseError, KnownError
from crmdesk.storage import file_lock
from crmdesk.storage.database import open_database
from tests.child_process import held_open, spawn
from tests.conftest import PASSWORD


@pytest.mark.sqlite_only("the .crmdb file's lock: a server has no file to lock")
def test_second_process_is_told_who_has_the_file(db_path: Path) -> None:
    with held_open(db_path, "rw") as child:
        with pytest.raises(DatabaseInUseError) as info:
            open_database(db_path)
        holder = info.value.holder
        assert isinstance(holder, file_lock.Holder)
        assert holder.pid == child.pid and holder.app_user == "wang"
        assert "wang" in info.value.message and "read-only" in info.value.message
        assert file_lock.holder(db_path) == holder
        assert file_lock.used_elsewhere(db_path)
    # closed there: free again, and the lock file is gone with the last user
    assert file_lock.holder(db_path) is None
    assert not file_lock.lock_path(db_path).exists()
    open_database(db_path).close()


@pytest.mark.sqlite_only("the .crmdb file's lock: a server has no file to lock")
def test_read_only_and_shared_work_beside_an_editing_window(db_path: Path) -> None:
    with held_open(db_path, "rw"):
        ro = open_database(db_path, read_only=True)
        with ro.session() as s:
            assert s.execute(text("SELECT count(*) FROM users")).scalar() == 6
        with pytest.raises(KnownError, match="read-only"):
            with ro.transaction():
                pass
        ro.close()
        shared = open_database(db_path, shared=True)
        with shared.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            customers.create(s, actor, {"name": "共享写入"})
        shared.close()


@pytest.mark.sqlite_only("the .crmdb file's lock: a server has no file to lock")
def test_editing_window_opens_while_others_read(db_path: Path) -> None:
    with held_open(db_path, "ro"), held_open(db_path, "shared"):
        db = open_database(db_path)
        assert db.lock is not None and db.lock.mode == file_lock.WRITER
        assert file_lock.used_elsewhere(db_path)
        db.close()
    assert not file_lock.used_elsewhere(db_path)


@pytest.mark.sqlite_only("the .crmdb file's lock: a server has no file to lock")
def test_same_process_may_open_a_file_twice(db_path: Path) -> None:
    first = open_database(db_path)
    second = open_database(db_path)
    assert file_lock.held_here(db_path) and not file_lock.used_elsewhere(db_path)
    first.close()
    assert file_lock.held_here(db_path)
    second.close()
    assert not file_lock.held_here(db_path)
    assert not file_lock.lock_path(db_path).exists()


@pytest.mark.sqlite_only("a stale lock on the .crmdb file, left by a killed process")
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_stale_lock_of_a_killed_process_is_recovered(db_path: Path) -> None:
    """kill -9 while a write transaction is open: the next open gets the file (no
    "in use"), the half-done transaction is gone and committed work is all there."""
    child = spawn("""
        import sys
        from crmdesk.core.services import accounts
        from crmdesk.core.services.customers import customers
        from crmdesk.storage.database import open_database
        db = open_database(sys.argv[1])
        db.lock.set_app_user("crashed")
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", "password1")
            customers.create(s, actor, {"name": "已提交"})
        s = db._writer()
        customers.create(s, actor, {"name": "未提交"})
        s.flush()
        print("ready", flush=True)
        sys.stdin.read()
        """, str(db_path))
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    assert file_lock.holder(db_path) is not None
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=10)
    assert file_lock.lock_path(db_path).exists()  # left behind by the crash
    assert file_lock.holder(db_path) is None  # ... but nobody holds it
    db = open_database(db_path)
    with db.session() as s:
        names = set(s.execute(text("SELECT name FROM customers")).scalars())
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert names == {"已提交"}
    db.close()


def test_conflicting_save_from_two_windows_shows_both_versions(db_path: Path) -> None:
    one, two = open_database(db_path), open_database(db_path, shared=True)
    with one.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
        created = customers.create(s, actor, {"name": "张三丰", "city": "北京市"})
    with two.session() as s:
        loaded = customers.get(s, actor, created.id)
        seen_version = loaded.version
    with one.transaction() as s:
        customers.update(s, actor, created.id, {"city": "上海市"}, expected_version=seen_version)
    with pytest.raises(ConflictError) as info:
        with two.transaction() as s:
            customers.update(s, actor, created.id, {"city": "广州市"},
                             expected_version=seen_version)
    current = info.value.current
    assert isinstance(current, dict) and current["city"] == "上海市"
    with one.session() as s:
        assert customers.get(s, actor, created.id).city == "上海市"
    one.close()
    two.close()


@pytest.mark.sqlite_only("a file system that refuses locks on the .crmdb file")
def test_file_system_without_locks_opens_without_detection(db_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    fcntl = pytest.importorskip("fcntl")

    def no_locks(*args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "fcntl", no_locks)
    monkeypatch.setattr(fcntl, "lockf", no_locks)
    db = open_database(db_path)  # not "in use": the lock just cannot be taken
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM users")).scalar() == 6
    db.close()
