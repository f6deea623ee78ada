"""``crmdesk migrate`` that fails part way leaves the target exactly as it was (issue 18,
item 1): a server database as empty as before (no tables, no ``alembic_version``), or
holding the same unfinished setup as before; a ``.crmdb`` target never appears, and no
temporary file stays beside it.  Each stage is broken in turn: right after the schema
is made, in the middle of a table, at the final row counts, at the audit chain, a
cancelled job and Ctrl+C."""

from __future__ import annotations

import shutil
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, create_engine, text
from sqlalchemy.exc import OperationalError

from crmdesk.core.services import accounts, audit, migration
from crmdesk.core.services.audit_verify import VerifyResult
from crmdesk.core.services.migration import MigrationError, migrate
from crmdesk.errors import KnownError
from crmdesk.jobs import Cancelled
from crmdesk.storage import migrations, servers
from crmdesk.storage.database import Database, create_database, open_database
from tests.conftest import PASSWORD, PG_URL, Users, _reset_postgres
from tests.unit.test_migrate import fill

needs_server = pytest.mark.skipif(not PG_URL,
                                  reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")

STAGES = ["schema", "table", "count", "audit", "cancel", "interrupt", "bug"]


def server_gone() -> OperationalError:
    return OperationalError("COPY customers", {}, Exception(
        "server closed the connection unexpectedly\n\tThis probably means ..."))


def break_at(monkeypatch: pytest.MonkeyPatch, stage: str) -> type[BaseException]:
    """Make the copy fail at *stage*; returns the exception ``migrate`` then raises."""
    if stage in ("schema", "bug"):  # the schema is made, nothing copied yet
        def no_copy(*_a: Any, **_k: Any) -> dict[str, int]:
            raise server_gone() if stage == "schema" else RuntimeError("a bug (test)")

        monkeypatch.setattr(migration, "copy_everything", no_copy)
        return MigrationError if stage == "schema" else RuntimeError
    if stage in ("table", "cancel", "interrupt"):  # one row of customers is written
        original = migration._batches
        monkeypatch.setattr(migration, "BATCH", 1)

        def batches(session: Any, table: Table) -> Generator[Any, None, None]:
            for number, part in enumerate(original(session, table)):
                if table.name == "customers" and number == 1:
                    raise {"table": server_gone(), "cancel": Cancelled(),
                           "interrupt": KeyboardInterrupt()}[stage]
                yield part

        monkeypatch.setattr(migration, "_batches", batches)
        return {"table": MigrationError, "cancel": Cancelled,
                "interrupt": KeyboardInterrupt}[stage]
    if stage == "count":  # the target's count of customers is one short
        original_count = migration._count
        seen: list[str] = []

        def count(session: Any, table: Table) -> int:
            found = original_count(session, table)
            if table.name == "customers":
                seen.append(table.name)
                return found - 1 if len(seen) == 2 else found
            return found

        monkeypatch.setattr(migration, "_count", count)
        return MigrationError
    assert stage == "audit"
    monkeypatch.setattr(audit, "verify_chain", lambda *_a, **_k: VerifyResult(
        ok=False, checked=3, broken_id=3, reason="entry 3 was changed (test)"))
    return MigrationError


# ---------------------------------------------------------------------------
# A .crmdb target
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_a_failed_copy_to_a_file_leaves_no_file(db: Database, users: Users, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                stage: str) -> None:
    fill(db, users)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "copy.crmdb"
    raised = break_at(monkeypatch, stage)
    with pytest.raises(raised) as caught:
        migrate(db, users.admin, str(target))
    assert list(target.parent.iterdir()) == []  # no file, no temporary file, no lock
    if isinstance(caught.value, KnownError):
        assert "no file was made" in caught.value.message or "nothing was changed" in \
            caught.value.message.lower()
    monkeypatch.undo()
    migrate(db, users.admin, str(target))  # the same name can be used at once
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.crmdb"]


def test_the_command_says_what_failed_and_that_no_file_was_made(
        run: Any, db: Database, users: Users, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fill(db, users)
    db.close()
    target = tmp_path / "copy.crmdb"
    break_at(monkeypatch, "table")
    code, out, err = run("migrate", str(db_path), str(target), "--user", "admin")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "server closed the connection unexpectedly" in err
    assert "Nothing was kept" in err and "no file was made" in err
    assert not target.exists() and list(tmp_path.glob(".copy.crmdb*")) == []


def test_ctrl_c_at_the_command_line_leaves_no_file(
        run: Any, db: Database, users: Users, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fill(db, users)
    db.close()
    target = tmp_path / "copy.crmdb"
    break_at(monkeypatch, "interrupt")
    code, out, err = run("migrate", str(db_path), str(target), "--user", "admin")
    assert code == 130 and len(err.strip().splitlines()) == 1, err
    assert "interrupted" in err and "no file was made" in err
    assert not target.exists() and list(tmp_path.glob(".copy.crmdb*")) == []


def test_the_work_files_of_a_killed_copy_are_cleared_by_the_next(
        db: Database, users: Users, tmp_path: Path) -> None:
    """``kill -9`` runs no ``finally``: its hidden work file stays until the next copy to
    that name, which removes it; one that a copy under way holds is left alone."""
    from crmdesk.storage import file_lock

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "copy.crmdb"
    for name in (".copy.crmdb.migrating-dead", ".copy.crmdb.migrating-dead-wal",
                 ".copy.crmdb.migrating-dead.lock", ".copy.crmdb.migrating-gone-shm"):
        (folder / name).write_bytes(b"x" * 10)
    busy = folder / ".copy.crmdb.migrating-busy"
    busy.write_bytes(b"")
    other = folder / ".other.crmdb.migrating-dead"
    other.write_bytes(b"")
    with file_lock.acquire(busy, file_lock.WRITER):
        migrate(db, users.admin, str(target))
        assert sorted(p.name for p in folder.iterdir()) == [
            ".copy.crmdb.migrating-busy", ".copy.crmdb.migrating-busy.lock",
            ".other.crmdb.migrating-dead", "copy.crmdb"]


# ---------------------------------------------------------------------------
# A server target
# ---------------------------------------------------------------------------

def server_state(url: str) -> dict[str, Any]:
    """Everything of ours a server database can hold: tables and their rows, the schema
    version, indexes, constraints, functions, sequences."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            def names(sql: str) -> list[str]:
                return sorted(str(r[0]) for r in conn.execute(text(sql)))

            tables = names("SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = current_schema()")
            return {
                "tables": {t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"'))
                                  .scalar_one()) for t in tables},
                "revision": migrations.current_revision(conn),
                "indexes": names("SELECT indexname FROM pg_indexes "
                                 "WHERE schemaname = current_schema()"),
                "constraints": names("SELECT conname FROM pg_constraint c JOIN pg_namespace n "
                                     "ON n.oid = c.connamespace "
                                     "WHERE n.nspname = current_schema()"),
                "functions": names("SELECT proname FROM pg_proc p JOIN pg_namespace n "
                                   "ON n.oid = p.pronamespace "
                                   "WHERE n.nspname = current_schema()"),
                "sequences": names("SELECT sequencename || ':' || coalesce(last_value, 0) "
                                   "FROM pg_sequences WHERE schemaname = current_schema()"),
            }
    finally:
        engine.dispose()


@pytest.fixture
def source(template_path: Path, tmp_path: Path) -> Iterator[tuple[Database, Users]]:
    """A filled .crmdb to copy to the server (the server's own database is the target)."""
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    path = tmp_path / "source.crmdb"
    shutil.copyfile(template_path, path)
    db = open_database(path)
    with db.transaction() as s:
        users = Users(**{name: accounts.login(s, name, PASSWORD) for name in
                         ("admin", "manager", "staff1", "staff2", "manager2", "staff3")})
    fill(db, users)
    try:
        yield db, users
    finally:
        db.close()
        _reset_postgres(PG_URL)  # the next test's `db` fixture rebuilds the template


def unfinished(url: str, revision: str = "head") -> None:
    """What an older crmdesk left after a failed copy or set-up: the schema (at
    *revision*), committed, with no users and no customers."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            migrations.upgrade(conn, revision)
    finally:
        engine.dispose()


@needs_server
@pytest.mark.parametrize("before", ["empty", "unfinished"])
@pytest.mark.parametrize("stage", STAGES)
def test_a_failed_copy_to_a_server_leaves_it_as_it_was(
        source: tuple[Database, Users], monkeypatch: pytest.MonkeyPatch,
        stage: str, before: str) -> None:
    assert PG_URL is not None
    db, users = source
    if before == "unfinished":
        unfinished(PG_URL)
    was = server_state(PG_URL)
    raised = break_at(monkeypatch, stage)
    with pytest.raises(raised) as caught:
        migrate(db, users.admin, PG_URL)
    assert server_state(PG_URL) == was
    if isinstance(caught.value, KnownError) and stage != "cancel":
        assert "was left as it was" in caught.value.message, caught.value.message
    monkeypatch.undo()
    assert servers.probe(PG_URL) == (servers.EMPTY if before == "empty"
                                     else servers.UNFINISHED)
    migrate(db, users.admin, PG_URL)  # accepted again at once, and the copy is whole
    assert servers.probe(PG_URL) == servers.CRMDESK


@needs_server
def test_a_real_database_error_part_way_rolls_the_schema_back_too(
        source: tuple[Database, Users], monkeypatch: pytest.MonkeyPatch) -> None:
    """The server itself refuses a row half-way (a value too long for its column)."""
    assert PG_URL is not None
    db, users = source
    original = migration._copy_rows

    def bad_rows(conn: Any, table: Table, rows: Any) -> None:
        if table.name == "customers":
            conn.exec_driver_sql("SELECT 1/0")  # the server's own error, mid-table
        original(conn, table, rows)

    monkeypatch.setattr(migration, "_copy_rows", bad_rows)
    with pytest.raises(MigrationError, match="division by zero") as caught:
        migrate(db, users.admin, PG_URL)
    assert "Copying the database" in caught.value.message
    assert server_state(PG_URL)["tables"] == {}


@needs_server
def test_the_command_on_a_server_says_what_failed_in_one_line(
        run: Any, source: tuple[Database, Users], monkeypatch: pytest.MonkeyPatch) -> None:
    assert PG_URL is not None
    db, _users = source
    assert db.path is not None
    db.close()
    break_at(monkeypatch, "audit")
    code, out, err = run("migrate", str(db.path), PG_URL, "--user", "admin")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "audit chain" in err and "entry 3 was changed" in err
    assert "was left as it was" in err and "crmdesk_ci@" not in err.split("postgresql")[0]
    assert ":crmdesk_ci@" not in err  # never the password
    assert server_state(PG_URL)["tables"] == {}


# ---------------------------------------------------------------------------
# A crmdesk schema without users (left by an older version)
# ---------------------------------------------------------------------------

@needs_server
@pytest.mark.parametrize("revision", ["head", "0017"])
def test_an_unfinished_setup_is_named_and_migrate_takes_it_after_saying_so(
        run: Any, source: tuple[Database, Users], revision: str) -> None:
    assert PG_URL is not None
    db, users = source
    unfinished(PG_URL, revision)
    assert servers.probe(PG_URL) == servers.UNFINISHED
    assert db.path is not None
    db.close()
    code, out, err = run("migrate", str(db.path), PG_URL, "--user", "admin")
    assert code == 0, err
    assert "unfinished crmdesk setup" in out and "row counts match" in out
    assert servers.probe(PG_URL) == servers.CRMDESK
    assert server_state(PG_URL)["revision"] == migrations.head_revision()
    code, out, err = run("migrate", str(db.path), PG_URL, "--user", "admin")
    assert code == 2 and "already holds a crmdesk database" in err
    assert len(err.strip().splitlines()) == 1


@needs_server
def test_a_schema_with_customers_but_no_users_is_not_taken(
        source: tuple[Database, Users]) -> None:
    """Never anything that holds data: only users, customers and audit entries all
    absent make a setup "unfinished"."""
    assert PG_URL is not None
    db, users = source
    unfinished(PG_URL)
    engine = create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO customers (code, kind, name, status, created_at, "
                              "updated_at, version) VALUES ('C1', 'company', 'x', 'active', "
                              "now(), now(), 1)"))
    finally:
        engine.dispose()
    assert servers.probe(PG_URL) == servers.CRMDESK
    was = server_state(PG_URL)
    with pytest.raises(MigrationError, match="already holds a crmdesk database"):
        migrate(db, users.admin, PG_URL)
    with pytest.raises(KnownError, match="already holds a crmdesk schema"):
        create_database(PG_URL)
    assert server_state(PG_URL) == was


@needs_server
def test_set_up_finishes_an_unfinished_setup(source: tuple[Database, Users]) -> None:
    """File > Connect to server and ``crmdesk init`` set up an unfinished database anew."""
    from crmdesk.core.services.database_setup import set_up_database

    assert PG_URL is not None
    unfinished(PG_URL, "0017")
    made, actor = set_up_database(PG_URL, "boss", PASSWORD, company="Acme")
    try:
        assert actor.username == "boss"
    finally:
        made.close()
    assert servers.probe(PG_URL) == servers.CRMDESK
    again = open_database(PG_URL)
    try:
        with again.login_transaction() as s:
            assert accounts.login(s, "boss", PASSWORD).username == "boss"
        with again.session() as s:
            assert audit.verify_chain(s).ok
    finally:
        again.close()


@needs_server
def test_a_failed_set_up_of_an_unfinished_setup_leaves_it_as_it_was(
        source: tuple[Database, Users], monkeypatch: pytest.MonkeyPatch) -> None:
    """Set up in place: the ids it drew and the schema's upgrade roll back with it."""
    from crmdesk.core.services import settings
    from crmdesk.core.services.database_setup import SetupFailed, set_up_database

    assert PG_URL is not None
    unfinished(PG_URL, "0017")
    was = server_state(PG_URL)

    def broken(*_a: Any, **_k: Any) -> None:
        raise KnownError("The company name cannot be saved (test).")

    monkeypatch.setattr(settings, "set_value", broken)
    with pytest.raises(SetupFailed, match="Nothing was kept"):
        set_up_database(PG_URL, "boss", PASSWORD, company="Acme")
    assert server_state(PG_URL) == was
    assert servers.probe(PG_URL) == servers.UNFINISHED
