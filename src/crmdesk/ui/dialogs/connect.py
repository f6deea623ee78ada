"""File > Connect to server: open a crmdesk database on a PostgreSQL server.

The dialog asks for the host, port, database, the server's user and password, and
whether to remember the password; the password goes to the system keyring only
(``crmdesk.storage.servers``), never to the settings, the recent list, the log or
a message.  Connecting tests the connection first, with a message for each usual
failure (server not reachable, wrong user or password, no such database, a
database of another program); an empty database is offered a crmdesk setup when
the server user may create tables, and so is one holding an unfinished setup (the
crmdesk schema with no users, customers or history, left by an older version: set up
anew in place, nothing deleted).  Then the crmdesk login follows, as for a file.

Saved connections are records (``ServerAddress.record()``: host, port, database,
user) in the ``recent_servers`` app setting, shown as ``user@host/database`` in
File > Recent and on the start page.  Reopening one asks only for what is missing:
with its password in the keyring it goes straight to the crmdesk login.

Everything that waits for the network (the connection test, whether tables may be
created, opening the database) runs off the GUI thread (:class:`ConnectAttempt`, a
``QRunnable`` on a pool of its own, as the window's operations are: there is no
workspace yet, and a server that does not answer must not hold up the window's
executor).  The dialog shows "Connecting to host…" with a busy bar, its fields and
Connect disabled; Cancel gives the fields back at once, and what an abandoned
attempt finds later is ignored (a database it opened is closed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.config import AppSettings
from crmdesk.errors import KnownError
from crmdesk.jobs import Job
from crmdesk.storage import servers
from crmdesk.storage.database import open_database
from crmdesk.storage.servers import (
    NoSuchDatabaseError,
    ServerAddress,
    ServerLoginError,
    ServerUnreachableError,
)
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.widgets.buttons import dialog_buttons
from crmdesk.ui.widgets.fit import grow_to_fit

if TYPE_CHECKING:
    from crmdesk.storage.database import Database
    from crmdesk.ui.main_window import MainWindow

translate = QCoreApplication.translate

#: saved connections kept in the recent list
RECENT_LIMIT = 10


# ---------------------------------------------------------------------------
# The recent list's server entries
# ---------------------------------------------------------------------------

def recent_servers(settings: AppSettings | None = None) -> list[ServerAddress]:
    """The saved connections, most recent first (also a server URL an older version put
    among the recent files, read as a connection: its password, if any, is dropped)."""
    settings = settings or AppSettings()
    found: list[ServerAddress] = []
    for record in settings.get("recent_servers"):
        address = ServerAddress.from_record(record)
        if address is not None and address not in found:
            found.append(address)
    for path in settings.get("recent_files"):
        address = ServerAddress.from_url(path) if "://" in str(path) else None
        if address is not None and address not in found:
            found.append(address)
    return found


def remember_server(address: ServerAddress, settings: AppSettings | None = None) -> None:
    """Put *address* first in the recent list (a record: no password)."""
    settings = settings or AppSettings()
    kept = [a for a in recent_servers(settings) if a != address]
    settings.set("recent_servers", [a.record() for a in [address, *kept][:RECENT_LIMIT]])
    files = settings.get("recent_files")
    if any("://" in str(p) for p in files):  # a URL is not a file: moved over above
        settings.set("recent_files", [p for p in files if "://" not in str(p)])


def forget_server(address: ServerAddress, settings: AppSettings | None = None) -> None:
    settings = settings or AppSettings()
    settings.set("recent_servers", [a.record() for a in recent_servers(settings)
                                    if a != address])


def recent_files(settings: AppSettings) -> list[str]:
    """The recent files (a server URL there is a connection: see :func:`recent_servers`)."""
    return [p for p in settings.get("recent_files") if "://" not in str(p)]


def remember_database(db: Database, settings: AppSettings) -> None:
    """Put the opened *db* first in the recent list: a file's path, or a server's
    connection record (host, port, database, user: never the password)."""
    if db.path is not None:
        settings.add_recent(str(db.path.resolve()))
        return
    address = ServerAddress.from_url(db.display_name)
    if address is not None:
        remember_server(address, settings)


def database_label(db: Database) -> str:
    """How the window names *db*: a file's name as before; a server as the recent list
    shows it (``user@host/database``), not as a driver's URL."""
    if db.path is not None:
        return db.display_name
    address = ServerAddress.from_url(db.url)
    return address.label if address is not None else db.display_name


def reopen_target(db: Database) -> str:
    """What opens *db* again (logging out): its file, or its server URL (with the
    password it was opened with: in memory only)."""
    return str(db.path) if db.path else db.url.render_as_string(hide_password=False)


def add_server_actions(window: MainWindow, menu: QMenu, *, separate: bool) -> int:
    """The saved connections in File > Recent (after a separator when *separate*);
    returns how many."""
    found = recent_servers(window.settings)
    if separate and found:
        menu.addSeparator()
    for address in found:  # asks only for what is missing
        action = menu.addAction(icon("server"), address.label)
        action.triggered.connect(lambda _c=False, a=address: connect(window, a))
    return len(found)


def add_server_items(view: QListWidget, settings: AppSettings) -> None:
    """The saved connections in the start page's recent list."""
    for address in recent_servers(settings):
        item = QListWidgetItem(icon("server"), address.label)
        item.setData(Qt.ItemDataRole.UserRole, address)
        view.addItem(item)


def open_recent_item(window: MainWindow, item: QListWidgetItem) -> None:
    """A start page entry: a saved server connection, or a file."""
    address = item.data(Qt.ItemDataRole.UserRole)
    if isinstance(address, ServerAddress):
        connect(window, address)
    else:
        window.open_database(item.text())


# ---------------------------------------------------------------------------
# Connecting off the GUI thread
# ---------------------------------------------------------------------------

@dataclass
class Found:
    """What a connection attempt found: the database's state, whether the server user
    may create tables (an empty one), and the database opened (a crmdesk one)."""

    state: str
    creatable: bool = False
    db: Database | None = None


def try_connection(url: str, job: Job) -> Found:
    """The connection test, in a worker thread: probe, may the user create tables, and
    open a crmdesk database (an older schema is upgraded), each after the last."""
    state = servers.probe(url)
    job.check()
    creatable = state in (servers.EMPTY, servers.UNFINISHED) and servers.may_create_tables(url)
    job.check()
    db = open_database(url) if state == servers.CRMDESK else None
    if db is not None and job.cancelled:
        db.close()
        job.check()
    return Found(state, creatable, db)


class _Bridge(QObject):
    finished = Signal(object, object)  # result, exception


class _Runnable(QRunnable):
    def __init__(self, attempt: ConnectAttempt) -> None:
        super().__init__()
        self.attempt = attempt
        self.setAutoDelete(True)

    def run(self) -> None:
        self.attempt.execute()


class ConnectAttempt(QObject):
    """Connecting work (a connection test, a set-up) on the thread pool, its result
    back on the GUI thread.

    As the window's operations (``ui/operations.py``): the work touches no widget, a
    queued signal brings the result back, :attr:`job` (``crmdesk.jobs.Job``) carries
    the cancel.  A libpq connect cannot be interrupted, so :meth:`abandon` drops the
    callbacks at once; the thread finishes in its own time (at most the connect
    timeout), and a database it opened meanwhile is closed.  Attempts are kept in
    :data:`_RUNNING` until they finish, so the dialog may close before they do.
    """

    #: abandoned attempts may still wait for their timeout: new ones do not queue behind
    pool: QThreadPool | None = None

    def __init__(self, work: Callable[[Job], Any], owner: QObject | None, on_success: Any,
                 on_failure: Any) -> None:
        # the application holds it (deleted on the GUI thread once finished), so the
        # dialog may close, and the worker drop its reference, in any order
        super().__init__(QCoreApplication.instance())
        self.work = work
        #: who waits for the answer (the dialog): nothing is called once it is deleted
        self.owner = owner
        self.job = Job()
        self._on_success = on_success
        self._on_failure = on_failure
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def start(cls, work: Callable[[Job], Any], owner: QObject | None, on_success: Any,
              on_failure: Any) -> ConnectAttempt:
        """Run ``work(job)`` on the pool: ``on_success(result)`` or ``on_failure(exc)``
        on the GUI thread, unless abandoned or *owner* was deleted meanwhile."""
        attempt = cls(work, owner, on_success, on_failure)
        if cls.pool is None:
            cls.pool = QThreadPool()
            cls.pool.setMaxThreadCount(8)
        _RUNNING.add(attempt)
        cls.pool.start(_Runnable(attempt))
        return attempt

    @property
    def abandoned(self) -> bool:
        return self.job.cancelled

    def abandon(self) -> None:
        """Cancelled (or its dialog closed): whatever it finds is ignored."""
        self.job.cancel()
        self._on_success = self._on_failure = None
        self.owner = None

    # -- worker side ---------------------------------------------------------------
    def execute(self) -> None:
        try:
            found = self.work(self.job)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self._bridge.finished.emit(None, exc)
            return
        self._bridge.finished.emit(found, None)

    # -- GUI side --------------------------------------------------------------------
    def _finished(self, found: Any, exc: BaseException | None) -> None:
        _RUNNING.discard(self)
        self.deleteLater()
        success, failure, owner = self._on_success, self._on_failure, self.owner
        self._on_success = self._on_failure = self.owner = None
        if self.abandoned or (owner is not None and not shiboken6.isValid(owner)):
            if isinstance(found, Found) and found.db is not None:
                found.db.close()  # nobody waits for it any more
            return
        if exc is not None:
            if failure is not None:
                failure(exc)
            return
        if success is not None:
            success(found)


_RUNNING: set[ConnectAttempt] = set()


def wait_for_attempts(msecs: int = -1) -> bool:
    """Wait until every connection attempt's thread is done (tests; closing)."""
    pool = ConnectAttempt.pool
    return True if pool is None else bool(pool.waitForDone(msecs))


# ---------------------------------------------------------------------------
# The dialog
# ---------------------------------------------------------------------------

class ConnectDialog(QDialog):
    """Host, port, database, user, password, "remember the password"; Connect tests the
    connection and leaves the URL to open in :attr:`url` (with the password: keep it
    in memory only)."""

    def __init__(self, parent: QWidget | None = None,
                 address: ServerAddress | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect to server"))
        self.setMinimumWidth(460)
        self.url: str | None = None
        self.address: ServerAddress | None = None
        #: "open" (a crmdesk database) or "create" (an empty one to set up)
        self.outcome = ""
        #: the crmdesk database opened by the connection test (outcome "open")
        self.db: Database | None = None
        self._attempt: ConnectAttempt | None = None
        intro = QLabel(self.tr("A crmdesk database on your company's PostgreSQL server. The "
                               "server's user and password come from whoever runs the server; "
                               "your crmdesk login is asked next."))
        intro.setWordWrap(True)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. crm-server or 192.168.1.10"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(servers.DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText(self.tr("e.g. shop"))
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password (in this computer's keyring)"))
        self.keyring_note = QLabel(self.tr(
            "This computer has no password keyring: the password is not stored, enter it "
            "each time you connect."))
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setProperty("role", "hint")
        has_keyring = servers.keyring_available()
        self._has_keyring = has_keyring
        self.remember.setEnabled(has_keyring)
        self.remember.setChecked(False)
        self.keyring_note.setVisible(not has_keyring)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("Server (host):"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("Server user:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", self.remember)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.busy_bar = QProgressBar()  # no figure: a moving bar while the server answers
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(120)
        self.busy_label = QLabel()
        self.busy_label.setWordWrap(True)
        self.busy = QWidget()
        busy_row = QHBoxLayout(self.busy)
        busy_row.setContentsMargins(0, 0, 0, 0)
        busy_row.addWidget(self.busy_bar)
        busy_row.addWidget(self.busy_label, 1)
        self.busy.hide()
        self.buttons = dialog_buttons(self, self.connect_to_server, ok_text=self.tr("Connect"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        if address is not None:
            self.fill(address)
        else:
            self.host.setFocus()

    def fill(self, address: ServerAddress) -> None:
        """A saved connection: everything but the password (the keyring's, if stored)."""
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.user.setText(address.user)
        stored = servers.stored_password(address)
        self.remember.setChecked(stored is not None)
        if stored:
            self.password.setText(stored)
        self.password.setFocus()

    def fail(self, text: str, field: QWidget | None = None) -> None:
        self.message.setText(text)
        self.message.show()
        self.fit_height()
        if field is not None:
            field.setFocus()

    def fit_height(self) -> None:
        """Grow with a message of several lines (the fields keep their height)."""
        grow_to_fit(self)

    def chosen_address(self) -> ServerAddress | None:
        """The address typed, or None (and the message naming the empty field)."""
        for edit, name in ((self.host, self.tr("the server (host)")),
                           (self.database, self.tr("the database")),
                           (self.user, self.tr("the server user"))):
            if not edit.text().strip():
                self.fail(self.tr("Enter {field}.").format(field=name), edit)
                return None
        return ServerAddress(self.host.text().strip(), self.database.text().strip(),
                             self.user.text().strip(), self.port.value())

    # -- connecting (off the GUI thread) ---------------------------------------------
    @property
    def connecting(self) -> bool:
        """Whether a connection test is under way (the fields are disabled meanwhile)."""
        return self._attempt is not None

    def _set_busy(self, busy: bool, host: str = "") -> None:
        for field in (self.host, self.port, self.database, self.user, self.password):
            field.setEnabled(not busy)
        self.remember.setEnabled(not busy and self._has_keyring)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
        self.busy_label.setText(self.tr("Connecting to {host}…").format(host=host))
        self.busy.setVisible(busy)
        if busy:
            self.fit_height()

    def connect_to_server(self) -> None:
        """Test the connection in the background; the dialog accepts with :attr:`url`
        set (and :attr:`db` for a crmdesk database) when it can be opened."""
        if self._attempt is not None:
            return  # already connecting
        address = self.chosen_address()
        if address is None:
            return
        password = self.password.text()
        url = address.url(password or None)
        self.message.hide()
        self._set_busy(True, address.host)

        def found(result: Found) -> None:
            self._attempt = None
            self._set_busy(False)
            self._connected(address, password, url, result)

        def failed(exc: BaseException) -> None:
            self._attempt = None
            self._set_busy(False)
            self._connection_failed(exc)

        self._attempt = ConnectAttempt.start(lambda job: try_connection(url, job), self,
                                             found, failed)

    def cancel_connecting(self) -> None:
        """Cancel: the fields come back at once; the attempt's result is ignored."""
        attempt, self._attempt = self._attempt, None
        if attempt is not None:
            attempt.abandon()
        self._set_busy(False)
        self.host.setFocus()

    def reject(self) -> None:
        """Cancel (or Esc) while connecting stops connecting; otherwise it closes."""
        if self._attempt is not None:
            self.cancel_connecting()
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._attempt is not None:  # closed meanwhile: nobody waits for the answer
            self.cancel_connecting()
        super().done(result)

    def _connection_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ServerUnreachableError):
            self.fail(exc.message, self.host)
        elif isinstance(exc, ServerLoginError):
            self.fail(exc.message, self.password)
        elif isinstance(exc, NoSuchDatabaseError):
            self.fail(exc.message, self.database)
        elif isinstance(exc, KnownError):
            self.fail(exc.message)
        else:
            show_error(self, exc)

    def _connected(self, address: ServerAddress, password: str, url: str,
                   found: Found) -> None:
        state, creatable = found.state, found.creatable
        if state == servers.OTHER:
            self.fail(self.tr("The database {database} on {host} holds another program's "
                              "tables, not crmdesk's. Enter the name of a crmdesk database, "
                              "or of a new, empty one.").format(
                database=address.database, host=address.host), self.database)
            return
        if state == servers.EMPTY and not creatable:
            self.fail(self.tr("The database {database} on {host} is empty, and the server user "
                              "{user} may not create tables in it. Connect as the database's "
                              "owner, or ask the server's administrator to set it up.").format(
                database=address.database, host=address.host, user=address.user), self.user)
            return
        if state == servers.UNFINISHED and not creatable:
            self.fail(self.tr("The database {database} on {host} holds an unfinished crmdesk "
                              "setup (no users, no customers), and the server user {user} may "
                              "not set it up. Connect as the database's owner, or ask the "
                              "server's administrator to set it up.").format(
                database=address.database, host=address.host, user=address.user), self.user)
            return
        if state == servers.EMPTY and QMessageBox.question(
                self, self.tr("Set up a new crmdesk database"),
                self.tr("The database {database} on {host} is empty. Set up a new crmdesk "
                        "database in it? You become its first administrator.").format(
                    database=address.database, host=address.host),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes) != QMessageBox.StandardButton.Yes:
            return
        if state == servers.UNFINISHED and QMessageBox.question(
                self, self.tr("Set up a new crmdesk database"),
                self.tr("The database {database} on {host} holds an unfinished crmdesk setup: "
                        "its tables, but no users, no customers and no history (a set-up or "
                        "a copy that stopped half-way). Nobody can log in to it. Set up a "
                        "new crmdesk database in it? You become its first administrator; "
                        "nothing is deleted.").format(
                    database=address.database, host=address.host),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes) != QMessageBox.StandardButton.Yes:
            return
        if not self._keep_password(address, password):
            if found.db is not None:
                found.db.close()
            return
        self.address, self.url, self.db = address, url, found.db
        self.outcome = "create" if state in (servers.EMPTY, servers.UNFINISHED) else "open"
        self.accept()

    def _keep_password(self, address: ServerAddress, password: str) -> bool:
        if not self.remember.isChecked():
            servers.forget_password(address)
            return True
        if not password:
            return True  # the keyring's own (filled in): nothing new
        try:
            servers.store_password(address, password)
        except KnownError as exc:
            self.fail(exc.message)
            self.remember.setChecked(False)
            return False
        return True


# ---------------------------------------------------------------------------
# The window's side
# ---------------------------------------------------------------------------

def connect(window: MainWindow, address: ServerAddress | None = None) -> bool:
    """File > Connect to server (or a saved connection, *address*): the dialog when
    something is missing, then the crmdesk login (or the first administrator of a new
    database)."""
    dialog = ConnectDialog(window, address)
    if address is not None and dialog.remember.isChecked() and dialog.password.text():
        dialog.connect_to_server()  # the keyring's password: straight on, Cancel to edit
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.url is None \
            or dialog.address is None:
        dialog.cancel_connecting()
        return False
    if dialog.outcome == "create":
        return create_on_server(window, dialog.address, dialog.url)
    return open_server(window, dialog.address, dialog.url, dialog.db)


def open_server(window: MainWindow, address: ServerAddress, url: str,
                db: Database | None = None) -> bool:
    """Ask for the crmdesk login on the server database at *url* (*db*: already opened
    by the connection test, off the GUI thread); the window puts it in the recent list
    once logged in."""
    if db is None:
        return bool(window.open_database(url))
    if not window.close_database():  # the current database first (unsaved work is asked)
        db.close()
        return False
    return bool(window.log_in_to(db))


def create_on_server(window: MainWindow, address: ServerAddress, url: str) -> bool:
    """Set up crmdesk in an empty server database, as File > New does for a file: the
    schema, the first administrator, company and template in one transaction
    (``database_setup.set_up_database``: on failure the database is left empty), off
    the GUI thread while a note says so."""
    from crmdesk.core.services.database_setup import set_up_database
    from crmdesk.core.templates import read_file
    from crmdesk.ui.dialogs.account import NewDatabaseDialog

    dialog = NewDatabaseDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    username, password = dialog.username.text().strip(), dialog.password.text()
    display_name = dialog.display_name.text().strip() or None
    company, template = dialog.company.text().strip(), dialog.template.key()
    try:
        chosen = read_file(template) if template else None  # checked before the server
    except KnownError as exc:
        show_error(window, exc)
        return False
    if not window.close_database():
        return False
    label = QCoreApplication.translate(
        "ConnectDialog", "Setting up the crmdesk database {database} on {host}…").format(
        database=address.database, host=address.host)
    try:
        db, actor = run_waiting(window, label, lambda _job: set_up_database(
            url, username, password, display_name, company, chosen))
    except KnownError as exc:  # nothing was kept: the database is still empty
        show_error(window, exc)
        return False
    remember_database(db, window.settings)
    window.start_workspace(db, actor)
    return True


def run_waiting(parent: QWidget, label: str, work: Callable[[Job], Any]) -> Any:
    """Run ``work(job)`` off the GUI thread with a busy note (*label*, window-modal)
    meanwhile; its result, or its exception raised here.  The window keeps painting."""
    outcome: list[tuple[Any, BaseException | None]] = []
    loop = QEventLoop()

    def done(result: Any, exc: BaseException | None) -> None:
        outcome.append((result, exc))
        loop.quit()

    note = QProgressDialog(label, "", 0, 0, parent)
    note.setWindowTitle("crmdesk")
    note.setWindowModality(Qt.WindowModality.WindowModal)
    note.setCancelButton(None)
    note.setMinimumDuration(0)
    ConnectAttempt.start(work, None, lambda result: done(result, None),
                         lambda exc: done(None, exc))
    note.show()
    if not outcome:
        loop.exec()
    note.close()
    note.deleteLater()
    result, exc = outcome[0]
    if exc is not None:
        raise exc
    return result


__all__ = ["ConnectAttempt", "ConnectDialog", "Found", "add_server_actions", "database_label",
           "add_server_items", "connect", "create_on_server", "forget_server", "open_recent_item", "open_server",
           "recent_files", "recent_servers", "remember_database", "remember_server",
           "reopen_target", "run_waiting", "try_connection", "wait_for_attempts"]
