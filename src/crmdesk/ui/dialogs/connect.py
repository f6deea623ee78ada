"""File > Connect to server: open a crmdesk database on a PostgreSQL server.

The dialog asks for the host, port, database, the server's user and password, and
whether to remember the password; the password goes to the system keyring only
(``crmdesk.storage.servers``), never to the settings, the recent list, the log or
a message.  Connecting tests the connection first, with a message for each usual
failure (server not reachable, wrong user or password, no such database, a
database of another program); an empty database is offered a crmdesk setup when
the server user may create tables.  Then the crmdesk login follows, as for a file.

Saved connections are records (``ServerAddress.record()``: host, port, database,
user) in the ``recent_servers`` app setting, shown as ``user@host/database`` in
File > Recent and on the start page.  Reopening one asks only for what is missing:
with its password in the keyring it goes straight to the crmdesk login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.config import AppSettings
from crmdesk.errors import KnownError
from crmdesk.storage import servers
from crmdesk.storage.servers import (
    NoSuchDatabaseError,
    ServerAddress,
    ServerLoginError,
    ServerUnreachableError,
)
from crmdesk.ui.icons import icon
from crmdesk.ui.widgets.buttons import dialog_buttons

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
        self.buttons = dialog_buttons(self, self.connect_to_server, ok_text=self.tr("Connect"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.message)
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
        if field is not None:
            field.setFocus()

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

    def connect_to_server(self) -> None:
        """Test the connection; accept with :attr:`url` set when it can be opened."""
        address = self.chosen_address()
        if address is None:
            return
        password = self.password.text()
        url = address.url(password or None)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            state = servers.probe(url)
            creatable = state == servers.EMPTY and servers.may_create_tables(url)
        except ServerUnreachableError as exc:
            self.fail(exc.message, self.host)
            return
        except ServerLoginError as exc:
            self.fail(exc.message, self.password)
            return
        except NoSuchDatabaseError as exc:
            self.fail(exc.message, self.database)
            return
        except KnownError as exc:
            self.fail(exc.message)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
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
        if state == servers.EMPTY and QMessageBox.question(
                self, self.tr("Set up a new crmdesk database"),
                self.tr("The database {database} on {host} is empty. Set up a new crmdesk "
                        "database in it? You become its first administrator.").format(
                    database=address.database, host=address.host),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes) != QMessageBox.StandardButton.Yes:
            return
        if not self._keep_password(address, password):
            return
        self.address, self.url = address, url
        self.outcome = "create" if state == servers.EMPTY else "open"
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
    if address is not None and servers.stored_password(address) is not None:
        url = address.url()  # the keyring's password is added when the engine is made
        try:
            state = servers.probe(url)
        except KnownError:
            state = ""  # the dialog says what is wrong
        if state == servers.CRMDESK:
            return open_server(window, address, url)
    dialog = ConnectDialog(window, address)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.url is None \
            or dialog.address is None:
        return False
    if dialog.outcome == "create":
        return create_on_server(window, dialog.address, dialog.url)
    return open_server(window, dialog.address, dialog.url)


def open_server(window: MainWindow, address: ServerAddress, url: str) -> bool:
    """Open the server database at *url* and ask for the crmdesk login (the window puts
    it in the recent list once logged in)."""
    return bool(window.open_database(url))


def create_on_server(window: MainWindow, address: ServerAddress, url: str) -> bool:
    """Set up crmdesk in an empty server database, as File > New does for a file."""
    from crmdesk.ui.dialogs.account import NewDatabaseDialog

    dialog = NewDatabaseDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return bool(window.create_database(
        url, dialog.username.text().strip(), dialog.password.text(),
        dialog.display_name.text().strip() or None, dialog.company.text().strip(),
        dialog.template.key()))


__all__ = ["ConnectDialog", "add_server_actions", "add_server_items", "connect",
           "create_on_server", "forget_server", "open_recent_item", "open_server",
           "recent_files", "recent_servers", "remember_database", "remember_server",
           "reopen_target"]
