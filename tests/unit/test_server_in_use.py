"""What a user sees when a server cannot be used as asked (issue 18, review in the
window): a restore while others read the server says so in one line (window and
command line) instead of waiting and printing the driver's TRUNCATE; a server that is
down or asks for a password nobody gave says which, in the user's words.

The server tests run when ``CRMDESK_TEST_PG_URL`` names a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, pool, text
from sqlalchemy.engine import make_url

from crmdesk.core.services import backups as backup
from crmdesk.core.services import server_backups
from crmdesk.storage import servers
from crmdesk.storage.backup_format import RestoreRefusedError
from crmdesk.storage.database import Database
from tests.conftest import PASSWORD, PG_URL
from tests.unit.test_server_backups import login_all

needs_server = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server "
                                                     "(CRMDESK_TEST_PG_URL)")


@pytest.fixture
def reader() -> Iterator[Any]:
    """Someone else's open read on the server (a list loading, a report): a
    transaction that has read the customers and stays open."""
    assert PG_URL is not None
    engine = create_engine(PG_URL, poolclass=pool.NullPool)
    conn = engine.connect()
    conn.execute(text("SELECT count(*) FROM customers"))
    yield conn
    conn.rollback()
    conn.close()
    engine.dispose()


@needs_server
def test_a_restore_while_others_read_says_so_in_one_line(
        server: Database, reader: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk import cli

    monkeypatch.setattr(server_backups, "RESTORE_LOCK_WAIT_S", 1)
    users = login_all(server)
    info = backup.create_backup(server, users.admin, folder=tmp_path / "usb")
    url = server.url.render_as_string(hide_password=False)
    with server.session() as s:
        teams = s.execute(text("SELECT count(*) FROM teams")).scalar_one()
    with pytest.raises(RestoreRefusedError) as refused:
        server_backups.restore_to_server(info.path, url, actor=users.admin)
    message = refused.value.message
    assert "in use" in message and "close crmdesk" in message and "Nothing was changed" in message
    assert "TRUNCATE" not in message and PASSWORD not in message
    with server.session() as s:  # nothing was changed
        assert s.execute(text("SELECT count(*) FROM teams")).scalar_one() == teams
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    code = cli.main(["--lang", "en", "restore", str(info.path), "--to", url, "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "in use" in err and "TRUNCATE" not in err


@needs_server
def test_a_server_url_without_a_password_says_where_to_put_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert PG_URL is not None
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr(servers, "stored_password", lambda _address: None)
    url = make_url(PG_URL).set(password=None).set(host="127.0.0.1")
    try:
        state = servers.probe(url.render_as_string(hide_password=False))
    except servers.ServerLoginError as exc:
        assert "no password" in exc.message and "keyring" in exc.message
        assert ".pgpass" in exc.message
    else:  # a server that trusts local connections asks for none
        assert state in (servers.CRMDESK, servers.EMPTY, servers.UNFINISHED)


def test_an_unreachable_server_is_said_in_the_users_words() -> None:
    url = make_url("postgresql+psycopg://crm:secret@127.0.0.1:1/shop")

    class Refused(Exception):
        def __str__(self) -> str:
            return ('connection failed: connection to server at "127.0.0.1", port 1 failed: '
                    'Connection refused\n\tIs the server running on that host?')

    error = servers.connection_error(Refused(), url)
    assert isinstance(error, servers.ServerUnreachableError)
    assert "127.0.0.1" in error.message and "port 1" in error.message
    assert "Connection refused" not in error.message and "failed:" not in error.message
    assert "no server answers there" in error.message

    class Timeout(Exception):
        def __str__(self) -> str:
            return "connection failed: timeout expired"

    error = servers.connection_error(Timeout(), url)
    assert "timeout expired" not in error.message and "no answer within" in error.message

    class Unknown(Exception):
        def __str__(self) -> str:
            return ('connection failed: [Errno -2] Name or service not known '
                    '(could not translate host name "crm-srv" to address)')

    error = servers.connection_error(Unknown(), url.set(host="crm-srv"))
    assert "crm-srv" in error.message and "does not know that name" in error.message
    assert "translate" not in error.message


@needs_server
def test_a_server_user_who_may_not_empty_the_tables_is_told_whose_url_to_use(
        server: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import ProgrammingError

    class Denied(Exception):
        sqlstate = "42501"

        def __str__(self) -> str:
            return "permission denied for table counters"

    def denied(*_args: Any, **_kwargs: Any) -> Any:
        raise ProgrammingError("TRUNCATE counters", {}, Denied())

    users = login_all(server)
    info = backup.create_backup(server, users.admin, folder=tmp_path / "usb")
    monkeypatch.setattr(server_backups, "_fill", denied)
    with pytest.raises(RestoreRefusedError) as refused:
        server_backups.restore_to_server(info.path, server.url.render_as_string(
            hide_password=False), actor=users.admin)
    message = refused.value.message
    assert "may not empty the tables" in message and "owner" in message
    assert "permission denied" not in message and "TRUNCATE" not in message
