"""Shared fixtures.

* Qt runs offscreen; the app's own folders (settings, logs) go to a temp dir.
* Key derivation is cheap in tests (the cost is a parameter stored per user).
* A template database with users in two teams is built once per session and
  copied for each test that needs one.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="crmdesk-test-home-")
os.environ["CRMDESK_HOME"] = _HOME
# cheap password hashes in the crmdesk processes the tests start, too (see crypto.DEFAULT_KDF)
os.environ.setdefault("CRMDESK_TEST_KDF", "scrypt:n=1024,r=8,p=1")
os.environ.setdefault("LANG", "en_US.UTF-8")

import pytest  # noqa: E402

from crmdesk.core.permissions import Actor  # noqa: E402
from crmdesk.storage import crypto  # noqa: E402
from crmdesk.storage.database import Database, create_database, open_database  # noqa: E402

FAST_KDF = crypto.KdfParams(n=2**10, r=8, p=1)


def _compile_translations() -> None:
    """Keep the compiled catalogues in step with the .ts files (as `make` does)."""
    import subprocess

    folder = Path(__file__).resolve().parents[1] / "resources" / "i18n"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for ts in folder.glob("*.ts"):
        qm = ts.with_suffix(".qm")
        if lrelease.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime):
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)


_compile_translations()
PASSWORD = "password1"


def _qt_application() -> object | None:
    """The Qt application of this process, if any (without importing Qt)."""
    qtcore = sys.modules.get("PySide6.QtCore")
    return None if qtcore is None else qtcore.QCoreApplication.instance()


@pytest.fixture(autouse=True)
def unit_tests_need_no_qt_application(request: pytest.FixtureRequest) -> Iterator[None]:
    """Unit tests run without a Qt application (the domain, storage, exchange, reports
    and the command line need none); only tests/ui make one, through pytest-qt's
    ``qapp`` (see tests/ui/conftest.py).  A unit test that makes one fails."""
    unit = Path(__file__).parent / "unit"
    if not request.path.is_relative_to(unit) or _qt_application() is not None:
        yield
        return
    yield
    if _qt_application() is not None:
        pytest.fail("a unit test made a Qt application: unit tests must run without one")


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "DEFAULT_KDF", FAST_KDF)


@pytest.fixture(autouse=True)
def designed_types_forgotten() -> Iterator[None]:
    """The designed record types a test registered (``record_types.activate``: the
    process-wide SERVICES/FIELDS, as the command line and the window do for the one
    database they open) are forgotten after it: they belong to that test's database.
    On a server every test gets the same URL reset to the template, which has no
    designed types: a type left registered (``visit``) would send the next test to a
    table (``rt_visit``) that the reset dropped."""
    yield
    from crmdesk.core.record_types import runtime

    if runtime.active_types():
        runtime.deactivate()


@pytest.fixture(autouse=True)
def mapper_statement_caches_emptied() -> Iterator[None]:
    """SQLAlchemy's mappers cache their INSERT/UPDATE/DELETE statements per dialect
    (up to 150 per mapper), and every test's database has a dialect of its own: after
    the unit tests ~600 dead dialects, each with its compiled statements and type and
    name caches, were kept there (1.1 million objects, ~400 MB, seconds per full
    garbage collection: the UI tests' waits ran out).  The caches are emptied after
    each test (a window or a command has one dialect per database it opens)."""
    yield
    from sqlalchemy.orm import mapperlib

    for registry in getattr(mapperlib, "_all_registries", set)():
        for mapper in registry.mappers:
            cache = mapper.__dict__.get("_compiled_cache")  # a memoized attribute
            if cache is not None:
                cache.clear()


@dataclass
class Users:
    admin: Actor
    manager: Actor
    staff1: Actor
    staff2: Actor
    manager2: Actor
    staff3: Actor


PG_URL = os.environ.get("CRMDESK_TEST_PG_URL")  # run the suite against PostgreSQL


def _build_template(target: Path | str) -> None:
    from crmdesk.core.services import accounts
    from crmdesk.core.services.sales import products

    original = crypto.DEFAULT_KDF
    crypto.DEFAULT_KDF = FAST_KDF
    try:
        db = create_database(target)
        with db.transaction() as s:
            admin = accounts.create_first_admin(s, "admin", PASSWORD, "管理员")
            east = accounts.create_team(s, admin, "华东组")
            west = accounts.create_team(s, admin, "华西组")
            accounts.create_user(s, admin, "manager", PASSWORD, "manager", display_name="王经理",
                                 team_id=east.id)
            accounts.create_user(s, admin, "staff1", PASSWORD, "staff", display_name="李娜",
                                 team_id=east.id)
            accounts.create_user(s, admin, "staff2", PASSWORD, "staff", display_name="张伟",
                                 team_id=east.id)
            accounts.create_user(s, admin, "manager2", PASSWORD, "manager",
                                 display_name="赵经理", team_id=west.id)
            accounts.create_user(s, admin, "staff3", PASSWORD, "staff", display_name="陈静",
                                 team_id=west.id)
            products.create(s, admin, {"code": "P1", "name": "标准版软件", "price_cents": "980"})
            products.create(s, admin, {"code": "P2", "name": "年度服务", "price_cents": "3600"})
        db.close()
    finally:
        crypto.DEFAULT_KDF = original


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def server() -> Iterator[Database]:
    """The test server (``CRMDESK_TEST_PG_URL``) emptied and set up as a new database,
    opened; tests that use it are skipped without a server."""
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    _build_template(PG_URL)
    database = open_database(PG_URL)
    yield database
    database.close()


class _ServerTemplate:
    """The template database on the server, made fast: built once (``_build_template``),
    its rows copied out (``COPY ... TO STDOUT``); each test then gets it back by
    ``DELETE`` + ``COPY ... FROM STDIN`` of every table (the tables' own triggers off:
    the audit log is append-only) and ``setval`` of the sequences, instead of
    re-creating the schema (~0.5 s per test instead of ~4 s).  A test that changed the
    schema itself (record types add tables and columns; a test that emptied the server)
    is noticed by the schema's fingerprint, and the next test gets a full rebuild."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.dsn = make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)
        self.url = url
        self.fingerprint: tuple[object, ...] | None = None
        self.tables: list[tuple[str, bytes]] = []
        self.sequences: list[tuple[str, int | None]] = []
        self.triggered: list[str] = []  # tables with triggers of their own

    def _connect(self) -> object:
        import psycopg

        return psycopg.connect(self.dsn, autocommit=False)

    @staticmethod
    def _fingerprint(cur: Any) -> tuple[object, ...]:
        cur.execute("SELECT table_name, column_name, data_type FROM information_schema.columns"
                    " WHERE table_schema = 'public' ORDER BY 1, 2")
        columns = tuple(cur.fetchall())
        cur.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1")
        indexes = tuple(cur.fetchall())
        cur.execute("SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1")
        return columns, indexes, tuple(cur.fetchall())

    def _snapshot(self) -> None:
        from sqlalchemy import create_engine, inspect

        engine = create_engine(self.url)
        try:
            order = [name for name, _ in inspect(engine).get_sorted_table_and_fkc_names()
                     if name is not None]
        finally:
            engine.dispose()
        with self._connect() as conn:  # type: ignore[attr-defined]
            cur = conn.cursor()
            self.fingerprint = self._fingerprint(cur)
            self.tables = []
            for table in order:
                with cur.copy(f'COPY "{table}" TO STDOUT') as copy:
                    self.tables.append((table, b"".join(bytes(chunk) for chunk in copy)))
            cur.execute("SELECT sequencename, last_value FROM pg_sequences"
                        " WHERE schemaname = 'public'")
            self.sequences = list(cur.fetchall())
            cur.execute("SELECT DISTINCT c.relname FROM pg_trigger t"
                        " JOIN pg_class c ON c.oid = t.tgrelid"
                        " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE n.nspname = 'public' AND NOT t.tgisinternal")
            self.triggered = [name for (name,) in cur.fetchall()]

    def _rebuild(self) -> None:
        _reset_postgres(self.url)
        _build_template(self.url)
        self._snapshot()

    def fresh(self) -> None:
        """The server database as the template was, for one test."""
        if self.fingerprint is None:
            self._rebuild()
            return
        import psycopg

        with self._connect() as conn:  # type: ignore[attr-defined]
            cur = conn.cursor()
            # connections a finished test left open would block DELETE/TRUNCATE for good
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        " AND usename = current_user")
            conn.commit()
            if self._fingerprint(cur) != self.fingerprint:
                conn.rollback()
                self._rebuild()
                return
            for table in self.triggered:
                cur.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            # DELETE, children first: cheap on the many empty tables (TRUNCATE of them
            # all costs seconds); TRUNCATE when a cycle of foreign keys refuses it
            try:
                with conn.transaction():
                    for table, _ in reversed(self.tables):
                        cur.execute(f'DELETE FROM "{table}"')
            except psycopg.Error:
                names = ", ".join(f'"{table}"' for table, _ in self.tables)
                cur.execute(f"TRUNCATE {names} CASCADE")
            for table, data in self.tables:
                if data:
                    with cur.copy(f'COPY "{table}" FROM STDIN') as copy:
                        copy.write(data)
            for table in self.triggered:
                cur.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            for sequence, value in self.sequences:
                cur.execute("SELECT setval(%s, %s, %s)",
                            (f'public."{sequence}"', value or 1, value is not None))
            try:
                conn.commit()
            except psycopg.Error:
                conn.rollback()
                self._rebuild()


_SERVER_TEMPLATE: _ServerTemplate | None = None


def fresh_server_database() -> str:
    """Reset the test server (CRMDESK_TEST_PG_URL) to the template: its URL."""
    global _SERVER_TEMPLATE
    assert PG_URL is not None
    if _SERVER_TEMPLATE is None:
        _SERVER_TEMPLATE = _ServerTemplate(PG_URL)
    _SERVER_TEMPLATE.fresh()
    return PG_URL


@pytest.fixture(scope="session")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.crmdb"
    _build_template(path)
    return path


@pytest.fixture
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The test database: a copy of the template file, or with CRMDESK_TEST_PG_URL the
    server database reset to the template, as its URL (a ``str``: ``str(db_path)`` and
    ``open_database(db_path)`` work on both; a test about the file itself is marked
    ``sqlite_only``)."""
    if PG_URL:
        return fresh_server_database()  # type: ignore[return-value]
    path = tmp_path / "test.crmdb"
    shutil.copyfile(request.getfixturevalue("template_path"), path)
    return path


@pytest.fixture
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    # through db_path on both: a test that takes both gets one database, reset once (a
    # second reset of the server would end the connections of the first)
    database = open_database(request.getfixturevalue("db_path"))
    yield database
    database.close()


@pytest.fixture
def users(db: Database) -> Users:
    from crmdesk.core.services import accounts

    with db.transaction() as s:
        return Users(**{name: accounts.login(s, name, PASSWORD) for name in
                        ("admin", "manager", "staff1", "staff2", "manager2", "staff3")})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs a reason")
            if PG_URL:
                item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        if "qtbot" in getattr(item, "fixturenames", ()) or "qapp" in getattr(
                item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_HOME, ignore_errors=True)


# -- generated bad input (tests/unit/test_fuzz_*.py) ---------------------------------------
# CRMDESK_FUZZ selects the hypothesis profile: "ci" (default, `make test`: a fixed
# budget of cases in about a minute) or "fuzz" (`make fuzz`: FUZZ_SCALE times more).
# Database and Qt timings are noisy on a shared machine: no deadline.
from hypothesis import HealthCheck, settings  # noqa: E402

FUZZ_PROFILE = os.environ.get("CRMDESK_FUZZ", "ci")
settings.register_profile(
    "ci", deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large])
settings.register_profile("fuzz", settings.get_profile("ci"))
settings.load_profile(FUZZ_PROFILE if FUZZ_PROFILE in ("ci", "fuzz") else "ci")
FUZZ_SCALE = 20 if FUZZ_PROFILE == "fuzz" else 1
GENERATED_CASES = [0]


def fuzz_examples(count: int) -> int:
    """The examples a fuzz test runs: *count* under "ci", FUZZ_SCALE times more under "fuzz"."""
    return count * FUZZ_SCALE


def generated_case() -> None:
    """Called once per generated case by every fuzz test, for the count shown at the end."""
    GENERATED_CASES[0] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if GENERATED_CASES[0]:
        terminalreporter.write_line(
            f"hypothesis ({FUZZ_PROFILE} profile): {GENERATED_CASES[0]} generated cases run")


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        db_path: Path) -> Callable[..., tuple[int, str, str]]:
    """``run(*argv)`` -> (exit code, stdout, stderr) of ``crmdesk`` (in English) on the
    test database, with the test password in ``CRMDESK_PASSWORD``."""
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["--lang", "en", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    """The system keyring replaced by one in memory (``tests.unit.test_servers.MemoryKeyring``)."""
    import keyring

    from tests.unit.test_servers import MemoryKeyring

    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


#: tests that make a real connection attempt need psycopg, which `make test` does not
#: install (`make test-postgres` does): without it, connecting says what to install
needs_driver = pytest.mark.skipif(
    importlib.util.find_spec("psycopg") is None,
    reason="the PostgreSQL driver (crmdesk[postgres], psycopg) is not installed here")
