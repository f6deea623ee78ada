"""Backups of a server (issue 18, item 5): the same ``.crmbak`` as a file's, restored
both ways, the audit chain and this computer's witnesses verifying after each.

The SQLite test always runs; the server tests run when ``CRMDESK_TEST_PG_URL`` names
a PostgreSQL database (emptied here).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crmdesk import witnesses
from crmdesk.core.models import Base
from crmdesk.core.record_types import activate, deactivate
from crmdesk.core.services import accounts, audit, server_backups
from crmdesk.core.services import backups as backup
from crmdesk.core.services.registry import service_for
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage.backup_format import BackupDamagedError
from crmdesk.storage.database import Database, open_database
from tests.conftest import PASSWORD, PG_URL, Users, _reset_postgres
from tests.unit.test_migrate import ID_NUMBER, fill

needs_server = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server "
                                                     "(CRMDESK_TEST_PG_URL)")


@pytest.fixture(autouse=True)
def _witnessed() -> Iterator[None]:
    """This computer keeps the audit heads it commits, as the window and commands do."""
    stop = witnesses.install()
    yield
    stop()
    deactivate()


@pytest.fixture
def db_file(template_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "shop.crmdb"
    shutil.copyfile(template_path, path)
    return path


def counts(db: Database, *designed: str) -> dict[str, int]:
    with db.session() as s:
        found = {t.name: int(s.execute(select(func.count()).select_from(t)).scalar_one())
                 for t in Base.metadata.sorted_tables}
        for key in designed:
            found[f"rt_{key}"] = int(s.execute(select(func.count()).select_from(
                service_for(key).model.__table__)).scalar_one())
    return found


def login_all(db: Database) -> Users:
    with db.login_transaction() as s:
        return Users(**{name: accounts.login(s, name, PASSWORD) for name in
                        ("admin", "manager", "staff1", "staff2", "manager2", "staff3")})


def check_restored(db: Database, record_id: int, backup_paths: list[Path]) -> None:
    """The audit chain and the witnesses verify; the sensitive value decrypts."""
    with db.session() as s:
        activate(s)
        assert audit.verify_chain(s).ok
    result = witnesses.verify_file(db, backup_paths=backup_paths)
    assert result.ok, result.reason
    with db.transaction() as s:
        staff = accounts.login(s, "staff1", PASSWORD)
        assert service_for("policy").reveal(s, staff, record_id, "insured_id") == ID_NUMBER


@needs_server
def test_a_server_database_needs_a_backup_folder(db: Database, users: Users,
                                                 tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="--to DIR"):  # no folder beside a server
        backup.create_backup(db, users.admin)
    assert list((tmp_path).iterdir()) == []


def test_a_file_backed_up_and_restored_to_a_file(db_file: Path, tmp_path: Path) -> None:
    db = open_database(db_file)
    users = login_all(db)
    _cid, record_id = fill(db, users)
    backup.database_id(db)  # the only write a backup makes before its snapshot
    before = counts(db, "policy")
    info = backup.create_backup(db, users.admin, folder=tmp_path / "usb")
    db.close()
    target = tmp_path / "restored.crmdb"
    backup.restore_backup(info.path, target)
    restored = open_database(target)
    try:
        after = counts(restored, "policy")
        assert after["audit_log"] == before["audit_log"] + 1  # "Restored ..."
        assert {k: v for k, v in after.items() if k != "audit_log"} == \
            {k: v for k, v in before.items() if k != "audit_log"}
        check_restored(restored, record_id, [tmp_path / "usb"])
    finally:
        restored.close()


# ---------------------------------------------------------------------------
# A server
# ---------------------------------------------------------------------------

@needs_server
def test_a_server_backup_restores_to_a_file(server: Database, tmp_path: Path) -> None:
    users = login_all(server)
    _cid, record_id = fill(server, users)
    info = backup.create_backup(server, users.admin, folder=tmp_path / "usb", password="pw-1")
    assert info.verified and info.manifest.encrypted
    assert info.path.name.startswith(f"{server.url.database}-")
    assert [p.name for p in (tmp_path / "usb").iterdir()
            if not p.name.endswith(".verified")] == [info.path.name]  # no work file left
    on_server = counts(server, "policy")
    assert backup.backup_status(server).last_good_at is not None
    backup.verify_backup(info.path, "pw-1")
    target = tmp_path / "from-server.crmdb"
    backup.restore_backup(info.path, target, password="pw-1")
    restored = open_database(target)
    try:
        after = counts(restored, "policy")
        # the server's "Backup ..." entry came after the snapshot; the restore's own entry
        assert {k: v for k, v in after.items() if k not in ("audit_log", "settings")} == \
            {k: v for k, v in on_server.items() if k not in ("audit_log", "settings")}
        assert after["audit_log"] == on_server["audit_log"]
        check_restored(restored, record_id, [tmp_path / "usb"])
    finally:
        restored.close()


@needs_server
def test_a_file_backup_restores_to_a_server(server: Database, db_file: Path,
                                            tmp_path: Path) -> None:
    source = open_database(db_file)
    try:
        users = login_all(source)
        _cid, record_id = fill(source, users)
        backup.database_id(source)
        before = counts(source, "policy")  # the backup's own entry comes after its snapshot
        info = backup.create_backup(source, users.admin, folder=tmp_path / "usb")
    finally:
        source.close()
    server_admin = login_all(server).admin
    with server.transaction() as s:  # something on the server that the restore replaces
        accounts.create_team(s, server_admin, "服务器上的组")
    result = server_backups.restore_to_server(info.path, str(server.url.render_as_string(
        hide_password=False)), actor=server_admin)
    assert result.safety_copy is not None and result.safety_copy.exists()
    after = counts(server, "policy")
    assert {k: v for k, v in after.items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}
    assert after["audit_log"] == before["audit_log"] + 1
    check_restored(server, record_id, [tmp_path / "usb"])
    with server.transaction() as s:  # ids and codes continue after the restored rows
        accounts.create_team(s, accounts.login(s, "admin", PASSWORD), "新组")


@needs_server
def test_a_bad_backup_or_a_cancel_leaves_the_server_as_it_was(server: Database,
                                                               tmp_path: Path) -> None:
    users = login_all(server)
    fill(server, users)
    info = backup.create_backup(server, users.admin, folder=tmp_path / "usb")
    with server.transaction() as s:
        accounts.create_team(s, users.admin, "备份之后")
    before = counts(server, "policy")
    url = server.url.render_as_string(hide_password=False)
    damaged = tmp_path / "damaged.crmbak"
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupDamagedError):
        server_backups.restore_to_server(damaged, url, actor=users.admin)
    assert counts(server, "policy") == before
    job = Job()
    job.progress = lambda stage, done, _total: (job.cancel() if done and "server" in stage
                                                else None)
    with pytest.raises(Cancelled):
        server_backups.restore_to_server(info.path, url, actor=users.admin, job=job)
    after = counts(server, "policy")
    # only the backup kept before the restore was recorded
    assert {k: v for k, v in after.items() if k not in ("audit_log", "settings")} == \
        {k: v for k, v in before.items() if k not in ("audit_log", "settings")}
    with server.session() as s:
        assert audit.verify_chain(s).ok
    with pytest.raises(Exception, match="restore"):  # staff may not replace the server
        server_backups.restore_to_server(info.path, url, actor=users.staff1)


@pytest.fixture
def cli_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """``crmdesk`` in English, the test password in CRMDESK_PASSWORD (as ``run`` in
    conftest, without its .crmdb file)."""
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["--lang", "en", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


@needs_server
def test_the_commands_back_up_and_restore_a_server(server: Database, tmp_path: Path,
                                                   cli_run: Any) -> None:
    run = cli_run
    url = server.url.render_as_string(hide_password=False)
    server.close()
    code, out, err = run("backup", url, "--to", str(tmp_path / "usb"), "--user", "admin")
    assert code == 0, err
    assert "Backup written" in out and "verified: yes" in out
    made = next((tmp_path / "usb").glob("*.crmbak"))
    code, out, err = run("restore", str(made), "--to", url)
    assert code == 2 and "--user" in err and len(err.strip().splitlines()) == 1
    code, out, err = run("restore", str(made), "--to", url, "--user", "admin")
    assert code == 0, err
    assert "Restored" in out and "backed up in" in out
    assert code == 0 and PASSWORD not in out + err
    code, out, err = run("restore", str(made), "--to", str(tmp_path / "copy.crmdb"))
    assert code == 0, err
    code, out, err = run("audit", "verify", url, "--user", "admin")
    assert code == 0, err


@needs_server
def test_the_readme_server_examples_run(server: Database, tmp_path: Path,
                                        cli_run: Any) -> None:
    """The README's server examples, in order, on the test server (its URL for the
    example's, the test folders for /backups and /data/backups, admin for boss)."""
    from tests.integration.test_readme import README, examples, to_argv

    url = server.url.render_as_string(hide_password=False)
    server.close()
    ran = 0
    for example in examples(README.read_text(encoding="utf-8")):
        argv = to_argv(example)
        if not argv or not any(w.startswith("postgresql") for w in argv):
            continue
        folder = tmp_path / "backups"
        made = sorted(folder.glob("*.crmbak"), key=lambda p: p.stat().st_mtime)
        argv = [url if w.startswith("postgresql") else
                str(folder) if w in ("/backups", "/data/backups") else
                "admin" if w in ("boss", "backup-admin") else
                str(made[-1]) if w == "BACKUP.crmbak" else w for w in argv]
        code, out, err = cli_run(*argv)
        assert code == 0, f"{example}\n{err}"
        ran += 1
    assert ran >= 4


@needs_server
def test_a_file_backup_fills_an_empty_server_without_a_login(db_file: Path, tmp_path: Path,
                                                            cli_run: Any) -> None:
    assert PG_URL is not None
    _reset_postgres(PG_URL)  # a new, empty database: no schema, nobody to log in
    code, out, err = cli_run("backup", str(db_file), "--to", str(tmp_path / "usb"),
                             "--user", "admin")
    assert code == 0, err
    made = next((tmp_path / "usb").glob("*.crmbak"))
    code, out, err = cli_run("restore", str(made), "--to", PG_URL)
    assert code == 0, err
    assert "backed up in" not in out  # nothing was there to keep
    code, out, err = cli_run("audit", "verify", PG_URL, "--user", "admin")
    assert code == 0, err
    code, out, err = cli_run("list", PG_URL, "customer", "--user", "staff1")
    assert code == 0, err
