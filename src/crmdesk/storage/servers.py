"""Database servers: their address, their password in the system keyring, and the
connection test with a clear message for each failure a user meets.

* :class:`ServerAddress` is what a saved connection holds: host, port, database and
  the server's user, never a password.  ``label`` is how lists show it
  (``user@host/database``).
* The server password is kept in the system keyring (the ``keyring`` library:
  Windows Credential Manager, macOS Keychain, the Secret Service on Linux) under
  the service ``crmdesk`` and the name ``user@host:port/database``; nowhere else.
  On a computer with no keyring backend :func:`keyring_available` is False and
  nothing is stored.  :func:`with_stored_password` fills a URL that has no password
  from the keyring: every engine made for a server goes through it
  (``database._server_engine``), so the window and every command accept a URL
  without its password once it is stored.
* :func:`probe` connects once and tells what the database holds, raising a
  :class:`ServerError` that says which of the usual failures it is (server not
  reachable, wrong user or password, no such database).  No message ever holds
  the password.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, create_engine, pool, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, ProgrammingError

from crmdesk.errors import DatabaseFileError, KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage import migrations

log = logging.getLogger(__name__)

KEYRING_SERVICE = "crmdesk"
DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"
#: seconds a connection test waits for the server
CONNECT_TIMEOUT = 10


class ServerError(DatabaseFileError):
    """A server database cannot be used; the message names the field to check."""

    context = "Servers"


class ServerUnreachableError(ServerError):
    pass


class ServerLoginError(ServerError):
    pass


class NoSuchDatabaseError(ServerError):
    pass


class KeyringError(KnownError):
    context = "Servers"


@dataclass(frozen=True)
class ServerAddress:
    """Where a server database is, and as whom to connect (never the password)."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT

    @property
    def label(self) -> str:
        """``user@host/database`` (``host:port`` when the port is not 5432)."""
        where = self.host if self.port == DEFAULT_PORT else f"{self.host}:{self.port}"
        return f"{self.user}@{where}/{self.database}"

    @property
    def keyring_name(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL (with *password* only when given: keep it out of files)."""
        return URL.create(DRIVER, username=self.user, password=password or None,
                          host=self.host, port=self.port,
                          database=self.database).render_as_string(hide_password=False)

    def record(self) -> dict[str, Any]:
        """What the recent list stores: no password."""
        return {"kind": "server", "host": self.host, "port": self.port,
                "database": self.database, "user": self.user}

    @classmethod
    def from_record(cls, record: Any) -> ServerAddress | None:
        if not isinstance(record, dict) or record.get("kind") != "server":
            return None
        try:
            address = cls(str(record["host"]), str(record["database"]), str(record["user"]),
                          int(record.get("port") or DEFAULT_PORT))
        except (KeyError, TypeError, ValueError):
            return None
        return address if address.host and address.database and address.user else None

    @classmethod
    def from_url(cls, url: str | URL) -> ServerAddress | None:
        """The address of a server URL (None for a file or an unreadable URL)."""
        try:
            parsed = make_url(url) if isinstance(url, str) else url
        except (ArgumentError, ValueError):
            return None
        if parsed.get_backend_name() != "postgresql" or not parsed.host:
            return None
        return cls(parsed.host, parsed.database or "", parsed.username or "",
                   parsed.port or DEFAULT_PORT)


# ---------------------------------------------------------------------------
# The keyring
# ---------------------------------------------------------------------------

def keyring_available() -> bool:
    """Is there a system keyring to keep passwords in (not keyring's "fail" or "null"
    backend, nor an empty chain)?"""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken backend is no backend
        log.warning("the system keyring cannot be used", exc_info=True)
        return False
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    return True


def stored_password(address: ServerAddress) -> str | None:
    """The password kept for *address* in the keyring (None: none, or no keyring)."""
    if not keyring_available():
        return None
    import keyring
    from keyring.errors import KeyringError as LibraryError

    try:
        found = keyring.get_password(KEYRING_SERVICE, address.keyring_name)
    except LibraryError as exc:
        log.warning("cannot read the keyring: %s", type(exc).__name__)
        return None
    return str(found) if found else None


def store_password(address: ServerAddress, password: str) -> None:
    """Keep *password* for *address* in the keyring (refused when there is none)."""
    if not keyring_available():
        raise KeyringError(QT_TRANSLATE_NOOP(
            "Servers", "This computer has no password keyring, so the password was not "
                       "stored: enter it each time you connect."))
    import keyring
    from keyring.errors import KeyringError as LibraryError

    try:
        keyring.set_password(KEYRING_SERVICE, address.keyring_name, password)
    except LibraryError as exc:
        raise KeyringError(QT_TRANSLATE_NOOP(
            "Servers", "The password could not be stored in the keyring ({reason}): enter "
                       "it each time you connect."), reason=type(exc).__name__) from exc


def forget_password(address: ServerAddress) -> None:
    """Remove the password kept for *address* (nothing when there is none)."""
    if not keyring_available():
        return
    import keyring
    from keyring.errors import KeyringError as LibraryError

    try:
        keyring.delete_password(KEYRING_SERVICE, address.keyring_name)
    except LibraryError:  # PasswordDeleteError: there was none
        pass


def with_stored_password(url: URL) -> URL:
    """*url* with the keyring's password when it names a server and has none."""
    if url.password is not None or url.get_backend_name() == "sqlite":
        return url
    address = ServerAddress.from_url(url)
    if address is None or not address.user:
        return url
    password = stored_password(address)
    return url.set(password=password) if password else url


# ---------------------------------------------------------------------------
# Testing a connection
# ---------------------------------------------------------------------------

def _reason(exc: BaseException, url: URL) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    reason = lines[0] if lines else type(orig).__name__
    reason = reason.removeprefix("connection failed: ")
    if url.password:  # never shown, whatever a driver puts in its message
        reason = reason.replace(str(url.password), "***")
    return reason


def connection_error(exc: BaseException, url: URL) -> ServerError:
    """The clear error for a failed connection to *url* (the password never shown)."""
    reason = _reason(exc, url)
    lowered = reason.lower()
    host = url.host or "localhost"
    port = url.port or DEFAULT_PORT
    if "does not exist" in lowered and "database" in lowered:
        return NoSuchDatabaseError(QT_TRANSLATE_NOOP(
            "Servers", "The server {host} has no database {database}. Check the database "
                       "name, or ask the server's administrator to create it."),
            host=host, database=url.database or "")
    log.info("connection to %s:%s failed: %s", host, port, reason)
    if "no password supplied" in lowered:
        return ServerLoginError(QT_TRANSLATE_NOOP(
            "Servers", "The server {host} asks for the password of user {user}, and none was "
                       "given: type it in, or keep it in the keyring (python -m keyring set "
                       "crmdesk {name}) or in ~/.pgpass."),
            host=host, user=url.username or "",
            name=f"{url.username or ''}@{host}:{port}/{url.database or ''}")
    if ("password" in lowered or "authentication" in lowered
            or ("role" in lowered and "does not exist" in lowered)):
        return ServerLoginError(QT_TRANSLATE_NOOP(
            "Servers", "The server {host} refused user {user}: wrong user name or password. "
                       "Check the server user and password (the server's account, not your "
                       "crmdesk login)."),
            host=host, user=url.username or "")
    if "refused" in lowered:
        return ServerUnreachableError(QT_TRANSLATE_NOOP(
            "Servers", "Cannot reach the database server {host} (port {port}): no server "
                       "answers there. Check the host and port, and that the server is "
                       "running."), host=host, port=port)
    if "timeout" in lowered or "timed out" in lowered:
        return ServerUnreachableError(QT_TRANSLATE_NOOP(
            "Servers", "Cannot reach the database server {host} (port {port}): no answer "
                       "within {seconds} seconds. Check the host and port, the network, and "
                       "that a firewall lets this computer through."),
            host=host, port=port, seconds=CONNECT_TIMEOUT)
    if ("translate host name" in lowered or "name or service not known" in lowered
            or "nodename nor servname" in lowered or "no such host" in lowered):
        return ServerUnreachableError(QT_TRANSLATE_NOOP(
            "Servers", "Cannot reach the database server {host} (port {port}): this "
                       "computer does not know that name. Check the name, or use the "
                       "server's IP address."), host=host, port=port)
    return ServerUnreachableError(QT_TRANSLATE_NOOP(
        "Servers", "Cannot reach the database server {host} (port {port}): {reason}. Check "
                   "the host and port, and that the server is running and accepts "
                   "connections from this computer."),
        host=host, port=port, reason=reason)


#: what :func:`probe` finds in a database it could connect to
CRMDESK, EMPTY, OTHER = "crmdesk", "empty", "other"
#: the crmdesk schema but nothing anybody made in it (no users, customers or audit
#: entries): a copy or set-up of an older crmdesk that stopped half-way.  Nobody can
#: log in; File > Connect to server, ``crmdesk init`` and ``crmdesk migrate`` set it
#: up anew in place (``database.create_database``), never when it holds any of those
UNFINISHED = "unfinished"


def is_unfinished_setup(conn: Connection) -> bool:
    """Does the crmdesk database on *conn* hold nothing anybody made: no user, no
    customer, no audit entry (the rest is what the schema seeds)?"""
    return not conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM customers) "
        "OR EXISTS (SELECT 1 FROM audit_log)")).scalar_one()


def may_create_tables(url: str) -> bool:
    """May the server user of *url* create tables in the database (to set up crmdesk)?"""
    engine = create_engine(with_stored_password(make_url(url)), poolclass=pool.NullPool,
                           connect_args={"connect_timeout": CONNECT_TIMEOUT})
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text(
                "SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar_one())
    except OperationalError as exc:
        raise connection_error(exc, engine.url) from exc
    finally:
        engine.dispose()


def probe(url: str) -> str:
    """Connect to the server database at *url* once: :data:`CRMDESK` (it holds a
    crmdesk database), :data:`UNFINISHED` (the crmdesk schema with no users, customers
    or audit entries), :data:`EMPTY` (no tables at all) or :data:`OTHER` (tables of
    something else).  Raises a :class:`ServerError` naming the problem."""
    try:
        parsed = with_stored_password(make_url(url))
    except (ArgumentError, ValueError) as exc:
        raise ServerError(QT_TRANSLATE_NOOP(
            "Servers", "This is not a database address: use "
                       "postgresql+psycopg://user@host/database.")) from exc
    try:
        engine = create_engine(parsed, poolclass=pool.NullPool,
                               connect_args={"connect_timeout": CONNECT_TIMEOUT})
    except (ImportError, NoSuchModuleError) as exc:
        raise ServerError(QT_TRANSLATE_NOOP(
            "Servers", "The PostgreSQL driver is not installed: install crmdesk[postgres] "
                       "(pip install 'psycopg[binary]').")) from exc
    try:
        with engine.connect() as conn:
            if migrations.current_revision(conn) is not None:
                try:
                    return UNFINISHED if is_unfinished_setup(conn) else CRMDESK
                except ProgrammingError:  # tables this user may not read: not ours to judge
                    return CRMDESK
            tables = int(conn.execute(text(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema()")).scalar_one())
            return OTHER if tables else EMPTY
    except OperationalError as exc:
        raise connection_error(exc, parsed) from exc
    finally:
        engine.dispose()
