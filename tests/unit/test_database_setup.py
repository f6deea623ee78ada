"""Setting up a new database is all or nothing (issue 18, item 2): the schema, the first
administrator, the company name and a template commit together, or nothing is kept (no
file; a server database left empty, ready to be set up again)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crmdesk.core.services import accounts, settings
from crmdesk.core.services.database_setup import SetupFailed, set_up_database
from crmdesk.errors import KnownError
from crmdesk.storage import servers
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD, PG_URL, _reset_postgres

needs_server = pytest.mark.skipif(not PG_URL,
                                  reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")


@pytest.fixture
def empty_server() -> Iterator[str]:
    """The test server's database, emptied (the next test's fixture rebuilds it)."""
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    yield PG_URL
    _reset_postgres(PG_URL)


def server_tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()")).scalars())
    finally:
        engine.dispose()


def fail_after_the_administrator(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Saving the company name fails: the schema and the first administrator were made."""
    reached: list[str] = []

    def broken(session, actor, key, value):  # type: ignore[no-untyped-def]
        assert accounts.has_users(session)  # the first administrator is there
        reached.append(key)
        raise KnownError("The company name cannot be saved (test).")

    monkeypatch.setattr(settings, "set_value", broken)
    return reached


def logs_in(target: str | Path) -> None:
    db = open_database(target)
    try:
        with db.login_transaction() as s:
            assert accounts.login(s, "boss", PASSWORD).username == "boss"
        with db.session() as s:
            assert settings.get(s, "company_name") == "Acme"
    finally:
        db.close()


def test_a_file_that_fails_after_its_schema_is_not_left_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "shop.crmdb"
    reached = fail_after_the_administrator(monkeypatch)
    with pytest.raises(SetupFailed) as caught:
        set_up_database(path, "boss", PASSWORD, company="Acme")
    assert reached == ["company_name"]
    assert caught.value.message == (
        "Setting up the new database failed: The company name cannot be saved (test). "
        "Nothing was kept: no file was made.")
    assert list(tmp_path.iterdir()) == []  # no file, no -wal, no lock
    monkeypatch.undo()
    db, actor = set_up_database(path, "boss", PASSWORD, company="Acme")
    db.close()
    assert actor.username == "boss"
    logs_in(path)


@needs_server
def test_a_server_database_that_fails_after_its_schema_is_left_empty(
        empty_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    reached = fail_after_the_administrator(monkeypatch)
    with pytest.raises(SetupFailed) as caught:
        set_up_database(empty_server, "boss", PASSWORD, company="Acme")
    assert reached == ["company_name"]
    database = empty_server.rsplit("/", 1)[1]
    assert caught.value.message.startswith(
        "Setting up the new database failed: The company name cannot be saved (test). "
        f"Nothing was kept: the database {database} on ")
    assert "was left empty, and can be set up again." in caught.value.message
    assert server_tables(empty_server) == []  # no table of ours, no alembic_version
    assert servers.probe(empty_server) == servers.EMPTY
    monkeypatch.undo()
    db, _actor = set_up_database(empty_server, "boss", PASSWORD, company="Acme")
    db.close()
    assert servers.probe(empty_server) == servers.CRMDESK
    logs_in(empty_server)


@needs_server
def test_a_refused_first_administrator_keeps_nothing_and_nothing_else_is_dropped(
        empty_server: str) -> None:
    engine = create_engine(empty_server)
    with engine.begin() as conn:  # something that was there before: never touched
        conn.execute(text("CREATE TABLE keep_me (id integer PRIMARY KEY, note text)"))
        conn.execute(text("INSERT INTO keep_me VALUES (1, 'mine')"))
    engine.dispose()
    with pytest.raises(SetupFailed) as caught:
        set_up_database(empty_server, "boss", "1")  # the password rules refuse it
    assert "Nothing was kept" in caught.value.message
    assert server_tables(empty_server) == ["keep_me"]
    engine = create_engine(empty_server)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT note FROM keep_me")).scalar_one() == "mine"
    engine.dispose()


@needs_server
def test_init_on_a_server_keeps_nothing_when_it_fails(
        empty_server: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    fail_after_the_administrator(monkeypatch)
    code = cli.main(["--lang", "en", "init", empty_server, "--admin", "boss",
                     "--company", "Acme"])
    err = capsys.readouterr().err
    assert code == 2
    assert "The company name cannot be saved (test)." in err and "left empty" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert server_tables(empty_server) == []
    monkeypatch.undo()
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    assert cli.main(["--lang", "en", "init", empty_server, "--admin", "boss",
                     "--company", "Acme"]) == 0
    logs_in(empty_server)


def test_init_of_a_file_leaves_no_file_when_it_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    fail_after_the_administrator(monkeypatch)
    path = tmp_path / "shop.crmdb"
    code = cli.main(["--lang", "en", "init", str(path), "--admin", "boss",
                     "--company", "Acme"])
    err = capsys.readouterr().err
    assert code == 2 and "no file was made" in err
    assert list(tmp_path.iterdir()) == []
