"""The main window: navigation pane, tabbed documents, menus, search, status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QByteArray, QCoreApplication, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk import __version__, translation
from crmdesk.config import AppSettings
from crmdesk.core import search
from crmdesk.core.fields import choice_label, entity_label
from crmdesk.core.permissions import Actor
from crmdesk.core.search import Hit
from crmdesk.core.services import accounts
from crmdesk.errors import DatabaseInUseError, KnownError
from crmdesk.storage import migrations
from crmdesk.storage.database import Database, check_file, open_database
from crmdesk.ui import theme
from crmdesk.ui.dialogs import connect
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import ACCENT, icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets import file_dialogs
from crmdesk.ui.widgets.search_box import SearchBox
from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: a pause in typing after which the customers the search box shows are counted
SEARCH_COUNT_DELAY_MS = 1500


class NavEntry:
    def __init__(self, key: str, text: str, icon_name: str, opener: Callable[[], None],
                 permission: str | None = None,
                 menu: Callable[[QMenu], None] | None = None) -> None:
        self.key, self.text, self.icon_name = key, text, icon_name
        self.opener, self.permission = opener, permission
        #: fills the entry's context menu (right click in the navigation pane), if any
        self.menu = menu


class StartPage(QWidget):
    """Shown when no database is open: New, Open, recent files."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        title = QLabel(self.tr("crmdesk customer management"))
        title.setProperty("role", "title")
        subtitle = QLabel(self.tr("One file holds your customers, deals, orders and service "
                                  "records. Open it, or create a new one."))
        subtitle.setProperty("role", "subtitle")
        subtitle.setWordWrap(True)
        new = QPushButton(icon("file-plus", theme.ON_ACCENT), self.tr("New database ..."))
        new.setProperty("primary", True)
        new.clicked.connect(window.new_database)
        open_ = QPushButton(icon("folder-open"), self.tr("Open database ..."))
        open_.clicked.connect(window.choose_database)
        server = QPushButton(icon("server"), self.tr("Connect to server ..."))
        server.clicked.connect(lambda: connect.connect(window))
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(open_)
        buttons.addWidget(server)
        from crmdesk.ui.dialogs.welcome import demo_button

        buttons.addWidget(demo_button(window))
        buttons.addStretch()
        self.recent_title = QLabel(self.tr("Recently opened"))
        self.recent_title.setProperty("role", "section")
        self.recent = QListWidget()
        self.recent.setMaximumHeight(220)
        self.recent.itemActivated.connect(lambda item: connect.open_recent_item(window, item))
        self.recent.itemClicked.connect(lambda item: connect.open_recent_item(window, item))
        box = QVBoxLayout()
        box.setSpacing(12)
        box.addWidget(title)
        box.addWidget(subtitle)
        box.addLayout(buttons)
        box.addSpacing(12)
        box.addWidget(self.recent_title)
        box.addWidget(self.recent)
        box.addStretch()
        inner = QWidget()
        inner.setMaximumWidth(680)
        inner.setLayout(box)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 24)
        outer.addWidget(inner)
        outer.addStretch()

    def refresh(self) -> None:
        self.recent.clear()
        settings = AppSettings()
        for path in connect.recent_files(settings):
            item = QListWidgetItem(icon("database"), path)
            if not Path(path).exists():
                item.setForeground(QColor(theme.TEXT_DISABLED))
            self.recent.addItem(item)
        connect.add_server_items(self.recent, settings)  # saved connections (no password)
        self.recent_title.setVisible(self.recent.count() > 0)
        self.recent.setVisible(self.recent.count() > 0)


class MainWindow(QMainWindow):
    logged_in = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.workspace: Workspace | None = None
        self.settings = AppSettings()
        self.setWindowTitle("crmdesk")
        self.resize(1280, 800)
        self.nav_entries: dict[str, NavEntry] = {}
        self.reminder_watch: Any = None  # ui/views/reminders.py, while logged in

        self.stack = QStackedWidget()
        self.start_page = StartPage(self)
        self.stack.addWidget(self.start_page)

        self.nav = QTreeWidget()
        self.nav.setObjectName("navigation")
        self.nav.setHeaderHidden(True)
        self.nav.setIndentation(12)
        self.nav.setIconSize(QSize(18, 18))
        self.nav.setMinimumWidth(170)
        self.nav.itemClicked.connect(self._nav_clicked)
        self.nav.itemActivated.connect(self._nav_clicked)
        self.nav.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.nav.customContextMenuRequested.connect(self._nav_menu)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("documents")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(lambda _i: self._update_status())
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1080])
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

        self.search_box = SearchBox(self._search)
        self.search_box.opened.connect(self._open_hit)
        # the customers a search showed count for the anti-scraping guard once the typing
        # pauses (not every keystroke's intermediate list): see _count_search
        self._shown_hits: list[Hit] = []
        self._search_count = QTimer(self)
        self._search_count.setSingleShot(True)
        self._search_count.setInterval(SEARCH_COUNT_DELAY_MS)
        self._search_count.timeout.connect(self._count_search)
        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("main")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.addToolBar(self.toolbar)

        self.file_label = QLabel()
        self.user_label = QLabel()
        self.count_label = QLabel()
        self.extra_status = QLabel()
        status = self.statusBar()
        status.addWidget(self.file_label, 1)
        status.addPermanentWidget(self.extra_status)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.user_label)

        self._build_actions()
        self._build_menus()
        self._install_features()
        self._build_toolbar()
        from crmdesk.ui.dialogs.backup import BackupActions

        self.backup = BackupActions(self)  # File > Backup, automatic backups, status
        self._restore_geometry()
        self.show_start_page()

    # ------------------------------------------------------------------ actions
    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None,
                icon_name: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.act_new_db = self._action(self.tr("&New database ..."), self.new_database,
                                       "Ctrl+Shift+N", "file-plus")
        self.act_open_db = self._action(self.tr("&Open database ..."), self.choose_database,
                                        std.Open, "folder-open")
        self.act_connect = self._action(self.tr("Connect to &server ..."),
                                        lambda: connect.connect(self), None, "server")
        self.act_close_db = self._action(self.tr("&Close database"), self.close_database)
        self.act_logout = self._action(self.tr("&Log out"), self.log_out, None, "log-out")
        self.act_quit = self._action(self.tr("E&xit"), self.close, std.Quit)
        # Ctrl+N: a record of the kind in front of the user (its name follows the tab);
        # Ctrl+Shift+C: a customer, wherever the user is
        self.act_new = self._action(self.tr("&New record"), self._current_call("new_record"),
                                    std.New, "plus", self.tr("New record (Ctrl+N)"))
        self.act_new_customer = self._action(
            self.tr("New c&ustomer"), lambda: self.open_document("new", ("customer", {})),
            "Ctrl+Shift+C", "user-plus", self.tr("New customer (Ctrl+Shift+C)"))
        self.act_new_customer.setIconText(self.tr("New customer"))
        self.act_save = self._action(self.tr("&Save"), self._current_call("save"), std.Save,
                                     "save", self.tr("Save (Ctrl+S)"))
        self.act_delete = self._action(self.tr("&Delete"), self._current_call("delete_selected"),
                                       None, "trash-2")
        self.act_find = self._action(self.tr("&Find"), self.focus_search, std.Find, "search")
        self.act_print = self._action(self.tr("&Print ..."), self._current_call("print_document"),
                                      std.Print, "printer")
        self.act_close_tab = self._action(self.tr("Close &tab"), self.close_current_tab,
                                          "Ctrl+W")
        self.act_nav = self._action(self.tr("&Navigation pane"), self.toggle_nav, "F11")
        self.act_nav.setCheckable(True)
        self.act_nav.setChecked(True)
        self.act_password = self._action(self.tr("Change &password ..."), self.change_password,
                                         None, "key-round")
        self.act_about = self._action(self.tr("&About crmdesk"), self.about, None, "info")
        self.db_actions = [self.act_close_db, self.act_logout, self.act_new,
                           self.act_new_customer, self.act_save,
                           self.act_delete, self.act_find, self.act_print, self.act_close_tab,
                           self.act_password]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.file_menu.addAction(self.act_new_customer)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_new_db)
        self.file_menu.addAction(self.act_open_db)
        self.file_menu.addAction(self.act_connect)
        self.recent_menu = self.file_menu.addMenu(icon("history"), self.tr("&Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addAction(self.act_close_db)
        self.file_menu.addSeparator()
        self.file_extra_anchor = self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_print)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_logout)
        self.file_menu.addAction(self.act_quit)
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(self.act_new)
        edit.addAction(self.act_save)
        edit.addAction(self.act_delete)
        edit.addSeparator()
        edit.addAction(self.act_find)
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addAction(self.act_nav)
        self.view_menu.addAction(self.act_close_tab)
        self.view_menu.addSeparator()
        self.go_menu = self.view_menu.addMenu(self.tr("&Go to"))
        self.tools_menu = bar.addMenu(self.tr("&Tools"))
        self.tools_menu.addAction(self.act_password)
        language = self.tools_menu.addMenu(icon("languages"), self.tr("&Language"))
        for code, name in (("zh_CN", "中文（简体）"), ("en", "English")):
            action = language.addAction(name)
            action.setCheckable(True)
            action.setChecked(translation.current_language() == code)
            action.triggered.connect(lambda _c=False, c=code: self.switch_language(c))
        self.admin_menu_anchor = self.tools_menu.addSeparator()
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)

    def _install_features(self) -> None:
        """Features that add their own menu entries."""
        from crmdesk.ui.dialogs import export_dialog, import_wizard

        import_wizard.install(self)  # File > Import ...
        export_dialog.install(self)  # File > Export ...

    def _build_toolbar(self) -> None:
        logo = QLabel()
        logo.setPixmap(icon("users", ACCENT).pixmap(22, 22))
        logo.setContentsMargins(2, 0, 6, 0)
        self.toolbar.addWidget(logo)
        for action in (self.act_new_customer, self.act_new):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            placed = self.toolbar.addWidget(button)
        self.new_tool = placed  # Ctrl+N's button: hidden where it would repeat "New customer"
        self.toolbar.addAction(self.act_save)
        self.toolbar.addAction(self.act_print)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_box)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy())
        self.toolbar.addWidget(spacer)
        self.toolbar_user = QLabel()
        self.toolbar.addWidget(self.toolbar_user)

    def _current_call(self, name: str) -> Callable[[], None]:
        def call() -> None:
            doc = self.current_document()
            if doc is not None:
                getattr(doc, name)()
        return call

    # ------------------------------------------------------------------ state
    def _restore_geometry(self) -> None:
        qs = self.settings.qsettings()
        geometry = qs.value("ui/main/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        state = qs.value("ui/main/state")
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))
        splitter = qs.value("ui/main/splitter")
        if isinstance(splitter, QByteArray | bytes) and splitter:
            self.splitter.restoreState(QByteArray(splitter))

    def _save_geometry(self) -> None:
        qs = self.settings.qsettings()
        qs.setValue("ui/main/geometry", self.saveGeometry())
        qs.setValue("ui/main/state", self.saveState())
        qs.setValue("ui/main/splitter", self.splitter.saveState())
        qs.sync()

    def show_start_page(self) -> None:
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)
        for action in self.db_actions:
            action.setEnabled(False)
        self.search_box.setEnabled(False)
        self.file_label.setText(self.tr("No database open"))
        self.user_label.clear()
        self.count_label.clear()
        self.toolbar_user.clear()
        self.setWindowTitle("crmdesk")

    # ------------------------------------------------------------------ databases
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = connect.recent_files(self.settings)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_database(p))
        servers = connect.add_server_actions(self, self.recent_menu, separate=bool(recent))
        if not recent and not servers:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def choose_database(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Open database"), "database",
                                      self.tr("crmdesk databases (*.crmdb)"))
        if path:
            self.open_database(path)

    def new_database(self) -> None:
        from crmdesk.ui.dialogs.account import NewDatabaseDialog

        path = file_dialogs.save_file(self, self.tr("New database"), "database",
                                      "customers.crmdb", self.tr("crmdesk databases (*.crmdb)"))
        if not path:
            return
        if not path.endswith(".crmdb"):
            path += ".crmdb"
        dialog = NewDatabaseDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create_database(path, dialog.username.text().strip(), dialog.password.text(),
                             dialog.display_name.text().strip() or None,
                             dialog.company.text().strip(), dialog.template.key())

    def create_database(self, path: str, username: str, password: str,
                        display_name: str | None, company: str = "",
                        template: str | None = None) -> bool:
        """Make *path* (a file or an empty server database) with its first administrator
        and the industry *template* (a shipped key or a file; see ``crmdesk init
        --template``): all in the schema's transaction, nothing kept if a step fails."""
        from crmdesk.core.services.database_setup import set_up_database
        from crmdesk.core.templates import read_file

        if not self.close_database():
            return False
        try:
            chosen = read_file(template) if template else None  # checked before the file
            db, actor = set_up_database(path, username, password, display_name, company,
                                        chosen)
        except KnownError as exc:  # nothing was kept: no file, an empty server database
            show_error(self, exc)
            return False
        connect.remember_database(db, self.settings)  # a file's path, or a server's record
        self.start_workspace(db, actor)
        return True

    def _open_upgrading(self, path: str) -> Database:
        """Open a file; one from an older crmdesk is upgraded off the GUI thread with a
        note meanwhile (a copy of the file first, then the migrations: minutes for a big
        file, when the window would otherwise stop answering: revision 0025 rewrites a
        million customers' full-text index in 86 s, ten million in 19 minutes)."""
        if "://" not in path:
            try:
                older = check_file(Path(path), tables=False) != migrations.head_revision()
            except KnownError:
                older = False  # open_database says what is wrong, with the tables checked
            if older:
                label = self.tr("Upgrading {name} for this version of crmdesk ...\n"
                                "A copy of the file is kept first. A large file takes a few "
                                "minutes.").format(name=Path(path).name)
                return cast(Database, connect.run_waiting(
                    self, label, lambda _job: open_database(path)))
        return open_database(path)

    def open_database(self, path: str) -> bool:
        """Open a file (or URL), ask for the login, and show the workspace."""
        if not self.close_database():
            return False
        try:
            try:
                db = self._open_upgrading(path)
            except DatabaseInUseError as exc:
                answer = QMessageBox.question(
                    self, self.tr("File in use"),
                    exc.message + "\n\n" + self.tr("Open it read-only? You can look, search "
                                                    "and print, but not change anything."),
                    QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                    QMessageBox.StandardButton.Open)
                if answer != QMessageBox.StandardButton.Open:
                    return False
                db = open_database(path, read_only=True)
        except KnownError as exc:
            show_error(self, exc)
            if "://" not in path and not Path(path).exists():
                self.settings.remove_recent(path)
            self.start_page.refresh()
            return False
        return self._log_in(db, self.settings.get("last_user"))

    def log_in_to(self, db: Database) -> bool:
        """Ask for the login on *db*, opened already (a server, by File > Connect to
        server's test off the GUI thread), and show the workspace (closes *db* if not)."""
        return self._log_in(db, self.settings.get("last_user"))

    def _log_in(self, db: Database, last_user: str) -> bool:
        """Ask for the login on the opened *db* and show the workspace (closes *db* if not)."""
        from crmdesk.ui.dialogs.login import LoginDialog

        dialog = LoginDialog(db, last_user, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            db.close()
            return False
        if db.lock is not None and not db.read_only:
            db.lock.set_app_user(dialog.actor.username)
        from crmdesk.ui.change_listener import claim_session

        if not claim_session(self, db, dialog.actor):  # a server: one session per computer
            db.close()
            return False
        self.settings.set("last_user", dialog.actor.username)
        connect.remember_database(db, self.settings)
        self.start_workspace(db, dialog.actor)
        return True

    def start_workspace(self, db: Database, actor: Actor) -> None:
        self.workspace = Workspace(db, actor)
        self.workspace.session_ended.connect(self._session_ended)
        self.workspace.changed.connect(lambda _e: self._update_status())
        self.stack.setCurrentWidget(self.splitter)
        for action in self.db_actions:
            action.setEnabled(True)
        self.search_box.setEnabled(True)
        self._build_navigation()
        role = choice_label("role", actor.role)
        self.user_label.setText(f"{actor.display_name} · {role}")
        self.toolbar_user.setText(f"{actor.display_name}（{role}）")
        read_only = self.tr(" (read-only)") if db.read_only else ""
        self.file_label.setText(connect.database_label(db) + read_only)
        self.setWindowTitle(f"crmdesk - {db.path.name if db.path else connect.database_label(db)}"
                            f"{read_only}")
        self.open_entry("customers")
        self.open_entry("today")
        from crmdesk.ui import integrity

        self.integrity_check = integrity.watch(self, self.workspace)  # the whole file, later
        from crmdesk.ui.views import reminders

        self.reminder_watch = reminders.watch(self, self.workspace)  # due now, then each minute
        self.logged_in.emit()

    def close_documents(self) -> bool:
        """Close every tab, asking about unsaved work; False if the user keeps one."""
        for index in reversed(range(self.tabs.count())):
            if not self.close_tab(index):
                return False
        return True

    def close_database(self) -> bool:
        """Close every tab (asking about unsaved work), back up if due, close the database."""
        if self.workspace is None:
            return True
        if not self.close_documents():
            return False
        self.backup.database_closing()  # the backup on closing (the window stays responsive)
        workspace, self.workspace = self.workspace, None
        workspace.close()
        self.forget_user_state()
        self.show_start_page()
        return True

    def forget_user_state(self) -> None:
        """Nothing of a session may show in the next one (another user may log in):
        the search text and its results, the navigation, status messages (the tabs,
        with their filters and cached rows, were closed before)."""
        if self.reminder_watch is not None:
            self.reminder_watch.stop()
            self.reminder_watch = None
        box = self.search_box
        box.timer.stop()
        box.clear()
        box.last_hits = []
        box.popup.hide()
        box.popup.list.clear()
        self.nav.clear()
        self.nav_entries.clear()
        self.statusBar().clearMessage()

    def replace_database(self, db: Database, notice: str = "") -> bool:
        """Switch to *db*, the same file restored from a backup, and log in again.

        The old session's file was replaced (its database is closed), so nothing
        of it is kept: no tab, no backup on closing.  The restored file has the
        users and passwords of the backup's time, so the login dialog asks again.
        """
        last_user = self.settings.get("last_user")
        if self.workspace is not None:
            last_user = self.workspace.actor.username
            for doc in self.documents():
                if hasattr(doc, "dirty"):
                    doc.dirty = False  # their file is gone: nothing can be saved
            self.close_documents()
            self.backup.database_closing(back_up=False)
            workspace, self.workspace = self.workspace, None
            workspace.close()
            self.forget_user_state()
            self.show_start_page()
        if not self._log_in(db, last_user):
            return False
        if notice:
            self.statusBar().showMessage(notice.replace("\n", " "), 30000)
        return True

    def log_out(self) -> None:
        if self.workspace is None:
            return
        path = connect.reopen_target(self.workspace.db)
        if self.close_database() and path:
            self.open_database(path)

    def _session_ended(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Session ended"), message)
        workspace = self.workspace
        if workspace is None:
            return
        path = connect.reopen_target(workspace.db)
        for doc in self.documents():
            if hasattr(doc, "dirty"):
                doc.dirty = False  # the session is over: nothing can be saved
        self.close_database()
        if path:
            QTimer.singleShot(0, lambda: self.open_database(path))

    # ------------------------------------------------------------------ navigation
    def _build_navigation(self) -> None:
        from crmdesk.ui import navigation

        assert self.workspace is not None
        self.nav.clear()
        self.go_menu.clear()
        self.nav_entries = {}
        for group, entries in navigation.groups(self):
            visible = [e for e in entries
                       if e.permission is None or self.workspace.actor.can(e.permission)]
            if not visible:
                continue
            parent = QTreeWidgetItem(self.nav, [group])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for entry in visible:
                item = QTreeWidgetItem(parent, [entry.text])
                item.setIcon(0, icon(entry.icon_name))
                item.setData(0, Qt.ItemDataRole.UserRole, entry.key)
                self.nav_entries[entry.key] = entry
                self.go_menu.addAction(icon(entry.icon_name), entry.text, entry.opener)
            parent.setExpanded(True)
        first = self.nav.topLevelItem(0)
        child = first.child(0) if first is not None else None
        if child is not None:
            self.nav.setCurrentItem(child)

    def _nav_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key:
            self.open_entry(key)

    def _nav_menu(self, position: QPoint) -> None:
        """The context menu of a navigation entry that has one (a saved view)."""
        item = self.nav.itemAt(position)
        entry = self.nav_entries.get(item.data(0, Qt.ItemDataRole.UserRole)) if item else None
        if entry is None or entry.menu is None:
            return
        menu = QMenu(self.nav)
        entry.menu(menu)
        if not menu.isEmpty():
            menu.exec(self.nav.viewport().mapToGlobal(position))

    def open_entry(self, key: str) -> None:
        entry = self.nav_entries.get(key)
        if entry is not None:
            entry.opener()

    def toggle_nav(self) -> None:
        self.nav.setVisible(not self.nav.isVisible())
        self.act_nav.setChecked(self.nav.isVisible())

    # ------------------------------------------------------------------ documents
    def current_document(self) -> Document | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, Document) else None

    def documents(self) -> list[Document]:
        return [w for i in range(self.tabs.count())
                if isinstance(w := self.tabs.widget(i), Document)]

    def add_document(self, doc: Document) -> Document:
        if doc.key:
            for existing in self.documents():
                if existing.key == doc.key:
                    doc.deleteLater()
                    self.tabs.setCurrentWidget(existing)
                    return existing
        index = self.tabs.addTab(doc, doc.icon(), doc.title())
        self.tabs.setCurrentIndex(index)
        doc.title_changed.connect(lambda text, d=doc: self._retitle(d, text))
        doc.open_requested.connect(self.open_document)
        doc.close_requested.connect(lambda d=doc: self.close_tab(self.tabs.indexOf(d)))
        doc.status_changed.connect(lambda _t: self._update_status())
        self._update_status()
        return doc

    def _retitle(self, doc: Document, text: str) -> None:
        index = self.tabs.indexOf(doc)
        if index >= 0:
            self.tabs.setTabText(index, text)

    def open_document(self, kind: str, argument: Any = None) -> Document | None:
        from crmdesk.ui import navigation

        if self.workspace is None:
            return None
        doc = navigation.make_document(self, kind, argument)
        return self.add_document(doc) if doc is not None else None

    def close_tab(self, index: int) -> bool:
        widget = self.tabs.widget(index)
        if widget is None:
            return True
        if isinstance(widget, Document) and not widget.can_close():
            return False
        self.tabs.removeTab(index)
        widget.deleteLater()
        return True

    def close_current_tab(self) -> None:
        if self.tabs.count():
            self.close_tab(self.tabs.currentIndex())

    def _update_status(self) -> None:
        doc = self.current_document()
        self.count_label.setText(doc.status_text() if doc else "")
        self._update_new_action(doc)
        # Ctrl+P only where the tab in front prints something (not a form without a
        # document: a supplier, a purchase order, a payment ...)
        self.act_print.setEnabled(self.workspace is not None and doc is not None
                                  and type(doc).print_document is not Document.print_document)
        self._follow_in_navigation(doc)

    def _follow_in_navigation(self, doc: Document | None) -> None:
        """Highlight the navigation entry of the tab in front (a customer's page or form
        under Customers, a datasheet under its record type, Today under Today ...)."""
        key = doc.key if doc is not None else ""
        kind, _, rest = key.partition(":")
        if kind in ("datasheet", "form", "customer", "campaign"):
            entity = rest.partition(":")[0] if kind in ("datasheet", "form") else kind
            key = "opportunities" if entity == "opportunity" else f"{entity}s"
        for top in range(self.nav.topLevelItemCount()):
            group = self.nav.topLevelItem(top)
            for row in range(group.childCount() if group is not None else 0):
                item = group.child(row) if group is not None else None
                if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == key:
                    self.nav.setCurrentItem(item)
                    return
        self.nav.clearSelection()

    def _update_new_action(self, doc: Document | None) -> None:
        """Name Ctrl+N after the kind of record it makes here ("New task"); off where it
        makes none.  The toolbar shows it beside "New customer" unless it is that."""
        kind = doc.new_kind() if doc is not None else None
        if kind is not None and self.workspace is not None:
            permission = {"product": "products.manage", "campaign": "campaigns.manage",
                          "supplier": "purchasing.manage",
                          "purchase_order": "purchasing.manage"}.get(kind)
            if permission and not self.workspace.actor.can(permission):
                kind = None
        what = entity_label(kind) if kind else ""
        self.act_new.setEnabled(self.workspace is not None and kind is not None)
        self.act_new.setText(translate("MainWindow", "&New {what}").format(what=what) if kind
                             else self.tr("&New record"))
        self.act_new.setIconText(translate("MainWindow", "New {what}").format(what=what))
        self.act_new.setToolTip(translate("MainWindow", "New {what} (Ctrl+N)").format(what=what)
                                if kind else self.tr("New record (Ctrl+N)"))
        self.new_tool.setVisible(kind is not None and kind != "customer")

    # ------------------------------------------------------------------ search
    def _search(self, text: str) -> list[Hit]:
        workspace = self.workspace
        if workspace is None:
            return []
        hits = workspace.read(lambda s: search.search(s, workspace.actor, text, limit=20))
        self._shown_hits = hits
        self._search_count.start()
        return hits

    def _count_search(self) -> None:
        """Count the customers of the hits the search box showed last (a write, on the
        executor): a freeze past the limit ends the session like any other."""
        workspace, hits = self.workspace, self._shown_hits
        self._shown_hits = []
        customer_ids = sorted({h.customer_id for h in hits if h.customer_id})
        if workspace is None or not customer_ids:
            return
        actor = workspace.actor
        workspace.op(self, lambda s, _job: accounts.record_access(s, actor, "search",
                                                                  customer_ids),
                     write=True).run()

    def _open_hit(self, hit: Hit) -> None:
        self.open_document("record", (hit.kind, hit.ref_id))

    def focus_search(self) -> None:
        doc = self.current_document()
        if doc is not None and self.focusWidget() is not None and doc.isAncestorOf(
                self.focusWidget()) and doc.find_in_document():
            return
        self.search_box.setFocus()
        self.search_box.selectAll()

    # ------------------------------------------------------------------ tools
    def change_password(self) -> None:
        from crmdesk.ui.dialogs.account import ChangePasswordDialog

        if self.workspace is None:
            return
        dialog = ChangePasswordDialog(self.workspace, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(self, self.tr("Change password"),
                                    self.tr("Your password has been changed."))

    def switch_language(self, language: str) -> None:
        from PySide6.QtWidgets import QApplication

        self.settings.set("language", language)
        app = QApplication.instance()
        assert app is not None
        translation.install(app, language)
        if any(getattr(d, "dirty", False) for d in self.documents()):
            QMessageBox.information(self, "crmdesk", translate(
                "MainWindow", "The language changes the next time crmdesk starts."))
            return
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate the window in the new language, keeping the session."""
        workspace = self.workspace
        self.workspace = None
        replacement = MainWindow()
        replacement.setGeometry(self.geometry())
        if workspace is not None:
            for doc in self.documents():
                self.tabs.removeTab(self.tabs.indexOf(doc))
                doc.deleteLater()
            replacement.start_workspace(workspace.db, workspace.actor)
            workspace.executor.wait()
        replacement.show()
        self._replaced = True
        self.close()
        _windows.append(replacement)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About crmdesk"), self.tr(
            "<h3>crmdesk {version}</h3><p>Desktop customer management for small and medium "
            "businesses.</p><p>Icons: Lucide (ISC licence).</p>").format(version=__version__))

    def add_file_action(self, action: QAction) -> None:
        """For later features (backup, import ...) to add themselves to the File menu."""
        self.file_menu.insertAction(self.file_extra_anchor, action)

    def add_admin_action(self, action: QAction) -> None:
        self.tools_menu.insertAction(self.admin_menu_anchor, action)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if getattr(self, "_replaced", False):
            event.accept()
            return
        if not self.close_database():
            event.ignore()
            return
        self._save_geometry()
        event.accept()


_windows: list[MainWindow] = []

