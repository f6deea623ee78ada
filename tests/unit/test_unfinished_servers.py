"""A server database holding an *unfinished setup* (the crmdesk schema with no users,
customers or history: ``servers.UNFINISHED``) and an empty one (issue 18, items 1, 2
and 5):

* a restore into an empty or unfinished server makes (or sets up anew) its schema in
  the copy's one transaction: a restore that fails half-way leaves it exactly as it
  was, never a schema without users;
* opening an unfinished setup (``open_database``, so every command taking a URL and
  the window) is refused in one line saying nobody can log in and how to set it up;
* a failed set-up of an unfinished setup says it was left as it was, not "empty".

The server tests run when ``CRMDESK_TEST_PG_URL`` names a PostgreSQL database (emptied
here; the next test's ``db`` fixture rebuilds the template).
"""

from __future__ import annotations

import shutil
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from crmdesk.core.services import accounts, audit, migration, server_backups, settings
from crmdesk.core.services import backups as backup
from crmdesk.core.services.database_setup import SetupFailed, _failed, set_up_database
from crmdesk.errors import DatabaseFileError, KnownError
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage import migrations, servers
from crmdesk.storage.backup_format import BackupError
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD, PG_URL, Users, _reset_postgres
from tests.unit.test_migrate import fill
from tests.unit.test_migrate_failures import server_state, unfinished

needs_server = pytest.mark.skipif(not PG_URL,
                                  reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")

UNFINISHED_LINE = "holds an unfinished crmdesk setup"


# ---------------------------------------------------------------------------
# The set-up's message (item 3): no database needed
# ---------------------------------------------------------------------------

def test_a_failed_set_up_says_what_was_left() -> None:
    url = "postgresql+psycopg://u:secret@db.example/shop"
    assert _failed(url, "It broke.", False).message.endswith(
        "Nothing was kept: the database shop on db.example was left empty, and can be set "
        "up again.")
    assert _failed(url, "It broke.", True).message.endswith(
        "Nothing was kept: the database shop on db.example was left as it was (holding the "
        "unfinished setup it held before), and can be set up again.")
    unknown = _failed(url, "It broke.").message
    assert unknown.endswith("was left as it was, and can be set up again.")
    assert "empty" not in unknown and "secret" not in unknown
    assert _failed("shop.crmdb", "It broke.", True).message.endswith("no file was made.")


# ---------------------------------------------------------------------------
# On a server
# ---------------------------------------------------------------------------

@pytest.fixture
def server_url() -> Iterator[str]:
    """The test server's database, emptied before and after."""
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    yield PG_URL
    _reset_postgres(PG_URL)


@pytest.fixture
def backup_file(template_path: Path, tmp_path: Path) -> Path:
    """A verified backup of a filled .crmdb (several customers, a designed type)."""
    path = tmp_path / "shop.crmdb"
    shutil.copyfile(template_path, path)
    db = open_database(path)
    try:
        with db.transaction() as s:
            users = Users(**{name: accounts.login(s, name, PASSWORD) for name in
                             ("admin", "manager", "staff1", "staff2", "manager2", "staff3")})
        fill(db, users)
        return backup.create_backup(db, users.admin, folder=tmp_path / "usb").path
    finally:
        db.close()


def break_mid_restore(monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> list[str]:
    """The copy fails after the first customer was written; returns where it broke."""
    original = migration._batches
    monkeypatch.setattr(migration, "BATCH", 1)
    broke: list[str] = []

    def batches(session: Any, table: Table) -> Generator[Any, None, None]:
        for number, part in enumerate(original(session, table)):
            if table.name == "customers" and number == 1:
                broke.append(table.name)
                raise failure
            yield part

    monkeypatch.setattr(migration, "_batches", batches)
    return broke


def server_gone() -> OperationalError:
    return OperationalError("COPY customers", {}, Exception(
        "server closed the connection unexpectedly"))


@needs_server
@pytest.mark.parametrize("before", ["empty", "unfinished"])
@pytest.mark.parametrize("failure", ["server-gone", "cancel"])
def test_a_failed_restore_into_a_new_server_leaves_it_as_it_was(
        server_url: str, backup_file: Path, monkeypatch: pytest.MonkeyPatch,
        before: str, failure: str) -> None:
    if before == "unfinished":
        unfinished(server_url, "0017")  # an older crmdesk's stopped set-up
    was = server_state(server_url)
    job = Job()
    if failure == "cancel":
        broke = break_mid_restore(monkeypatch, Cancelled())
        with pytest.raises(Cancelled):
            server_backups.restore_to_server(backup_file, server_url, job=job)
    else:
        broke = break_mid_restore(monkeypatch, server_gone())
        with pytest.raises(BackupError) as caught:
            server_backups.restore_to_server(backup_file, server_url, job=job)
        assert caught.value.message.endswith(
            "failed: server closed the connection unexpectedly. Nothing was kept: the server "
            "database was left as it was.")
        assert f":{make_url(server_url).password}@" not in caught.value.message
    assert broke == ["customers"]  # the schema was made and rows were written
    assert server_state(server_url) == was  # no table, no schema version, no sequence moved
    assert servers.probe(server_url) == (servers.EMPTY if before == "empty"
                                         else servers.UNFINISHED)
    monkeypatch.undo()
    result = server_backups.restore_to_server(backup_file, server_url)  # at once, whole
    assert result.safety_copy is None and result.counts["customers"] >= 2
    assert servers.probe(server_url) == servers.CRMDESK
    db = open_database(server_url)
    try:
        with db.login_transaction() as s:
            assert accounts.login(s, "staff1", PASSWORD).username == "staff1"
        with db.session() as s:
            assert audit.verify_chain(s).ok
            assert migrations.current_revision(s.connection()) == migrations.head_revision()
    finally:
        db.close()


@needs_server
def test_the_restore_command_into_an_empty_server_keeps_nothing_when_it_fails(
        server_url: str, backup_file: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk import cli

    break_mid_restore(monkeypatch, server_gone())
    code = cli.main(["--lang", "en", "restore", str(backup_file), "--to", server_url])
    err = capsys.readouterr().err
    assert code == 2 and "server closed the connection unexpectedly" in err, err
    assert "was left as it was" in err and len(err.strip().splitlines()) == 1
    assert servers.probe(server_url) == servers.EMPTY
    monkeypatch.undo()
    break_mid_restore(monkeypatch, KnownError("The disk is full (test)."))
    code = cli.main(["--lang", "en", "restore", str(backup_file), "--to", server_url])
    err = capsys.readouterr().err
    assert code == 2 and "The disk is full (test)." in err, err
    assert len(err.strip().splitlines()) == 1
    assert servers.probe(server_url) == servers.EMPTY


@needs_server
@pytest.mark.parametrize("revision", ["head", "0017"])
def test_opening_an_unfinished_setup_says_how_to_set_it_up(server_url: str,
                                                           revision: str) -> None:
    unfinished(server_url, revision)
    was = server_state(server_url)
    with pytest.raises(DatabaseFileError) as caught:
        open_database(server_url)
    message = caught.value.message
    assert UNFINISHED_LINE in message and "nobody can log in to it" in message
    assert "crmdesk init URL --admin NAME" in message and "File > Connect to server" in message
    url = make_url(server_url)
    assert f"@{url.host}/{url.database} holds" in message  # which database, no password
    assert f":{url.password}@" not in message
    assert server_state(server_url) == was  # an older schema is not upgraded either
    looked = open_database(server_url, unfinished=True)  # a tool that looks at it as it is
    try:
        with looked.session() as s:
            assert not accounts.has_users(s)
    finally:
        looked.close()


@needs_server
def test_every_command_on_an_unfinished_setup_fails_in_one_line_and_init_sets_it_up(
        server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    unfinished(server_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["--lang", "en", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    for argv in (["info", server_url], ["list", server_url, "customer", "--user", "admin"],
                 ["backup", server_url, "--to", str(tmp_path / "usb"), "--user", "admin"],
                 ["audit", "verify", server_url, "--user", "admin"]):
        code, out, err = run(*argv)
        assert code == 2, (argv, err)
        assert UNFINISHED_LINE in err and "crmdesk init URL" in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert servers.probe(server_url) == servers.UNFINISHED
    code, out, err = run("init", server_url, "--admin", "boss")  # what the message says
    assert code == 0, err
    code, out, err = run("info", server_url)
    assert code == 0, err
    code, out, err = run("audit", "verify", server_url, "--user", "boss")
    assert code == 0, err


@needs_server
def test_a_failed_set_up_of_an_unfinished_setup_says_it_was_left_as_it_was(
        server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    unfinished(server_url, "0017")
    was = server_state(server_url)

    def broken(*_a: Any, **_k: Any) -> None:
        raise KnownError("The company name cannot be saved (test).")

    monkeypatch.setattr(settings, "set_value", broken)
    with pytest.raises(SetupFailed) as caught:
        set_up_database(server_url, "boss", PASSWORD, company="Acme")
    assert caught.value.message.startswith(
        "Setting up the new database failed: The company name cannot be saved (test). "
        "Nothing was kept: the database ")
    assert caught.value.message.endswith(
        "was left as it was (holding the unfinished setup it held before), and can be set "
        "up again.")
    assert "empty" not in caught.value.message
    assert server_state(server_url) == was
    assert servers.probe(server_url) == servers.UNFINISHED
