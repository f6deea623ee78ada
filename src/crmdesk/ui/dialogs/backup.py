"""File > Backup: back up now, the list of backups, backup settings.

Every backup, verification and restore runs in the workspace's worker as a
long job (``workspace.job``): the backup service takes the :class:`Database`
and the operation's job, which shows its progress and cancels it.  Automatic backups and the status bar are in
:mod:`crmdesk.ui.dialogs.backup_schedule`, the settings dialog in
:mod:`crmdesk.ui.dialogs.backup_settings`, the restore wizard in
:mod:`crmdesk.ui.dialogs.restore`.  Everything is done by the backup
service, :mod:`crmdesk.core.services.backups`.

Who may do what (enforced by the services, shown here): administrators and
managers back up by hand (``backup.run``); only administrators restore
(``backup.restore``) and change the settings (``settings.manage``); automatic
backups run for every user.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.permissions import require
from crmdesk.core.presentation import backup_reason
from crmdesk.core.services import backups
from crmdesk.core.services.backups import BackupEntry, BackupInfo, VerifyReport
from crmdesk.errors import KnownError, PermissionDenied
from crmdesk.jobs import Job
from crmdesk.ui import theme
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.widgets import file_dialogs
from crmdesk.ui.widgets.buttons import dialog_buttons

if TYPE_CHECKING:
    from crmdesk.storage.database import Database
    from crmdesk.ui.dialogs.backup_schedule import BackupScheduler
    from crmdesk.ui.dialogs.backup_settings import BackupSettingsDialog
    from crmdesk.ui.dialogs.restore import RestoreWizard
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)
translate = QCoreApplication.translate



def who_may(permission: str) -> str:
    """The service's own words for who may do *permission* ("... only Administrator may")."""
    from crmdesk.core.permissions import Actor

    try:
        require(Actor(0, "", "", "", None), permission)  # a user with no role may do nothing
    except PermissionDenied as exc:
        return exc.message
    return ""


def free_space_text(folder: Path) -> str:
    try:
        return backups.size_text(shutil.disk_usage(folder).free)
    except OSError:
        return ""


def _nearest_existing(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        try:
            if candidate.exists():
                return candidate
        except OSError:
            return None
    return None


def folder_remarks(folder: Path, database: Path | None) -> tuple[str, str]:
    """(information, warning) about a backup folder: free space; unreachable, same disk."""
    existing = _nearest_existing(folder)
    if existing is None or (existing != folder and existing == Path(folder.anchor)):
        return "", translate("Backup", "The folder cannot be reached now (a USB stick not "
                                       "plugged in, or a network share not connected?). "
                                       "Backups fail until it can.")
    if existing == folder and not os.access(folder, os.W_OK):
        return "", translate("Backup", "crmdesk may not write to this folder: choose another "
                                       "one.")
    free = free_space_text(existing)
    info = translate("Backup", "Free space: {free}.").format(free=free) if free else ""
    if existing != folder:
        info = " ".join(filter(None, (translate(
            "Backup", "The folder will be created at the first backup."), info)))
    warning = ""
    if database is not None:
        try:
            same_disk = os.stat(existing).st_dev == os.stat(database.parent).st_dev
        except OSError:
            same_disk = False
        if same_disk:
            warning = translate("Backup", "This folder is on the same disk as the database: "
                                          "if the disk fails, both are lost. A USB stick or a "
                                          "network share is safer.")
    return info, warning


class FolderNote(QWidget):
    """What to know about a chosen backup folder: free space (grey), a warning (red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = hint_label("")
        self.warning = QLabel()
        self.warning.setProperty("role", "error")
        self.warning.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.info)
        layout.addWidget(self.warning)

    def show_for(self, folder: Path, database: Path | None) -> None:
        info, warning = folder_remarks(folder, database)
        self.info.setText(info)
        self.info.setVisible(bool(info))
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))


# ---------------------------------------------------------------------------
# The list of backups (used by the Backups dialog and the restore wizard)
# ---------------------------------------------------------------------------

class BackupTable(QTableWidget):
    """Backups newest first: date, size, customers, users, encrypted, verified, reason, file."""

    COLUMNS = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[BackupEntry] = []
        self.setColumnCount(self.COLUMNS)
        self.setHorizontalHeaderLabels([
            self.tr("Made"), self.tr("Size"), self.tr("Customers"), self.tr("Users"),
            self.tr("Encrypted"), self.tr("Check"), self.tr("Why"), self.tr("File")])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def set_entries(self, entries: list[BackupEntry], select: Path | None = None) -> None:
        self.entries = list(entries)
        self.setRowCount(len(entries))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, entry in enumerate(entries):
            d = backups.describe(entry)
            made = d["created"] or entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            cells = [
                QTableWidgetItem(icon("archive"), made),
                QTableWidgetItem(backups.size_text(entry.size)),
                QTableWidgetItem("" if d["customers"] is None else f"{d['customers']:,}"),
                QTableWidgetItem("" if d["users"] is None else str(d["users"])),
                self._encrypted_item(d["encrypted"]),
                self._verified_item(entry),
                QTableWidgetItem(backup_reason(d["reason"]) if d["reason"] else ""),
                QTableWidgetItem(entry.path.name),
            ]
            for column in (1, 2, 3):
                cells[column].setTextAlignment(right)
            for column, item in enumerate(cells):
                item.setToolTip(entry.problem or str(entry.path))
                self.setItem(row, column, item)
        if entries:
            index = next((i for i, e in enumerate(entries) if e.path == select), 0)
            self.selectRow(index)

    def _encrypted_item(self, encrypted: bool | None) -> QTableWidgetItem:
        if encrypted is None:
            return QTableWidgetItem("")
        if encrypted:
            return QTableWidgetItem(icon("lock"), self.tr("Yes"))
        return QTableWidgetItem(self.tr("No"))

    def _verified_item(self, entry: BackupEntry) -> QTableWidgetItem:
        if entry.verified is True:
            item = QTableWidgetItem(icon("circle-check", theme.SUCCESS), self.tr("Verified"))
            item.setForeground(QBrush(QColor(theme.SUCCESS)))
        elif entry.verified is False:
            item = QTableWidgetItem(icon("circle-x", theme.ERROR), self.tr("Damaged"))
            item.setForeground(QBrush(QColor(theme.ERROR)))
        else:
            item = QTableWidgetItem(self.tr("Not checked"))
            item.setForeground(QBrush(QColor(theme.TEXT_HINT)))
        return item

    def selected_entry(self) -> BackupEntry | None:
        rows = self.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]


def list_backups_op(workspace: Workspace, parent: QWidget, folder: Path | None,
                    done: Callable[[Path, list[BackupEntry]], None]) -> None:
    """Read a backup folder in the worker (a USB stick or a share may be slow)."""
    def work(db: Database, _job: Job) -> tuple[Path, list[BackupEntry]]:
        where = folder if folder is not None else backups.backup_folder(db)
        return where, backups.list_backups(where, db)

    workspace.job(parent, work,
                  label=translate("Backup", "Reading the backup folder ...")).success(
        lambda result: done(*result)).run()


def ask_backup_password(parent: QWidget, name: str) -> str | None:
    """The password of an encrypted backup (None: cancelled)."""
    text, ok = QInputDialog.getText(
        parent, translate("Backup", "Encrypted backup"),
        translate("Backup", "{name} is encrypted. Enter its password:").format(name=name),
        QLineEdit.EchoMode.Password)
    return text if ok else None


# ---------------------------------------------------------------------------
# Dialogs
# ---------------------------------------------------------------------------

def fit_wrapped_text(dialog: QDialog) -> None:
    """Make *dialog* tall enough for its word-wrapped labels at its present width."""
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(dialog.width())
        if height > dialog.height():
            dialog.resize(dialog.width(), height)


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


class BackupNowDialog(QDialog):
    """Where to (the configured folder, or another: a USB stick) and an optional password."""

    def __init__(self, folder: Path, database: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("Back up now"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("A copy of the whole database, compressed, written in one piece "
                               "and read back to check it. You can keep working meanwhile."))
        intro.setWordWrap(True)
        self.folder = QLineEdit(str(folder))
        self.folder.editingFinished.connect(self._folder_changed)
        choose = QPushButton(icon("folder-open"), self.tr("Choose ..."))
        choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.folder_note = FolderNote()
        self.encrypt = QCheckBox(self.tr("Encrypt the backup with a password"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.encrypt.toggled.connect(self._encrypt_toggled)
        password_note = hint_label(self.tr("Without this password nobody can restore the backup, "
                                      "you included: keep it safe."))
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("Folder:"), row)
        form.addRow("", self.folder_note)
        form.addRow("", self.encrypt)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Repeat password:"), self.repeat)
        form.addRow("", password_note)
        buttons = dialog_buttons(self, ok_text=self.tr("Back up"), ok_icon="database-backup")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._encrypt_toggled(False)
        self._folder_changed()

    def _encrypt_toggled(self, on: bool) -> None:
        self.password.setEnabled(on)
        self.repeat.setEnabled(on)
        if on:
            self.password.setFocus()

    def _folder_changed(self) -> None:
        self.folder_note.show_for(self.chosen_folder(), self.database)

    def choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, self.tr("Back up to folder"), "backup",
                                            self.chosen_folder())
        if chosen:
            self.folder.setText(chosen)
            self._folder_changed()

    def chosen_folder(self) -> Path:
        return Path(os.path.expandvars(self.folder.text().strip())).expanduser()

    def chosen_password(self) -> str | None:
        return self.password.text() if self.encrypt.isChecked() else None

    def accept(self) -> None:
        if not self.folder.text().strip():
            self._say(self.tr("Choose the folder for the backup."))
            return
        if self.encrypt.isChecked():
            if not self.password.text():
                self._say(self.tr("Enter the password for the backup."))
                self.password.setFocus()
                return
            if self.password.text() != self.repeat.text():
                self._say(self.tr("The two passwords differ: type them again."))
                self.repeat.clear()
                self.repeat.setFocus()
                return
        super().accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class BackupListDialog(QDialog):
    """The backups in a folder: check one on demand, restore one, open the folder."""

    def __init__(self, actions: BackupActions, workspace: Workspace,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backup_actions = actions
        self.workspace = workspace
        self.folder: Path | None = None
        self.setWindowTitle(self.tr("Backups"))
        self.resize(900, 460)
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        other = QPushButton(icon("folder-search"), self.tr("Other folder ..."))
        other.clicked.connect(self.choose_folder)
        open_folder = QPushButton(icon("folder-open"), self.tr("Open folder"))
        open_folder.clicked.connect(self.open_folder)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Folder:")))
        top.addWidget(self.folder_label, 1)
        top.addWidget(other)
        top.addWidget(open_folder)
        self.table = BackupTable()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.summary = hint_label("")
        self.verify_button = QPushButton(icon("shield-check"), self.tr("Verify"))
        self.verify_button.setToolTip(self.tr("Read the whole backup and check it, as a "
                                              "restore would. Changes nothing."))
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button = QPushButton(icon("archive-restore"), self.tr("Restore ..."))
        self.restore_button.clicked.connect(self.restore_selected)
        may_restore = workspace.actor.can("backup.restore") and not workspace.db.read_only
        self.restore_button.setEnabled(may_restore)
        self.restore_button.setToolTip("" if may_restore else actions.restore_refusal())
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.restore_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._selection_changed()

    def load(self, folder: Path | None = None, select: Path | None = None) -> None:
        def show(where: Path, entries: list[BackupEntry]) -> None:
            self.folder = where
            self.folder_label.setText(str(where))
            self.table.set_entries(entries, select)
            total = sum(e.size for e in entries)
            self.summary.setText(self.tr("{count} backups, {size} in all").format(
                count=len(entries), size=backups.size_text(total)) if entries else self.tr(
                "No backups of this database in this folder yet."))
            self._selection_changed()

        list_backups_op(self.workspace, self, folder, show)

    def _selection_changed(self) -> None:
        entry = self.table.selected_entry()
        self.verify_button.setEnabled(entry is not None)
        if self.workspace.actor.can("backup.restore") and not self.workspace.db.read_only:
            self.restore_button.setEnabled(entry is not None and entry.manifest is not None)

    def choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, self.tr("Backup folder"), "backup",
                                            self.folder)
        if chosen:
            self.load(Path(chosen))

    def open_folder(self) -> None:
        if self.folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def verify_selected(self) -> None:
        entry = self.table.selected_entry()
        if entry is None:
            return
        password = None
        if entry.manifest is not None and entry.manifest.encrypted:
            password = ask_backup_password(self, entry.path.name)
            if password is None:
                return

        def work(_db: Database, job: Job) -> VerifyReport:
            return backups.verify_backup(entry.path, password, job=job)

        def good(report: VerifyReport) -> None:
            self.backup_actions.inform(self, self.tr("Backup verified"), self.tr(
                "{name} is complete and undamaged: {customers} customers, {users} users, "
                "made {made}.").format(
                name=entry.path.name, customers=report.manifest.customers,
                users=report.manifest.users,
                made=report.manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")))
            self.load(self.folder, entry.path)

        def bad(exc: BaseException) -> None:
            show_error(self, exc)
            self.load(self.folder, entry.path)

        self.workspace.job(self, work, cancellable=True,
                           label=self.tr("Checking {name} ...").format(name=entry.path.name)
                           ).success(good).failure(bad).run()

    def restore_selected(self) -> None:
        entry = self.table.selected_entry()
        if entry is None:
            return
        self.accept()
        self.backup_actions.restore(folder=self.folder, select=entry.path)


# ---------------------------------------------------------------------------
# The menu
# ---------------------------------------------------------------------------

class BackupActions(QObject):
    """The File > Backup submenu, its dialogs, and the scheduler of the open workspace."""

    #: a backup made by hand finished (the BackupInfo), for the status bar and tests
    backup_made = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        from crmdesk.ui.dialogs.backup_schedule import BackupStatusLabel

        self.window_ = window
        self.scheduler: BackupScheduler | None = None
        self.dialog: QDialog | None = None  # the dialog or wizard open now
        self.messages: list[str] = []  # results shown (tests read them)
        self.status = BackupStatusLabel(window)
        self.menu = QMenu(self.tr("&Backup"), window)
        self.menu.setIcon(icon("database-backup"))
        self.menu.setToolTipsVisible(True)
        self.act_backup = self._action(self.tr("Back &up now ..."), "database-backup",
                                       self.back_up_now)
        self.act_restore = self._action(self.tr("&Restore from backup ..."), "archive-restore",
                                        self.restore)
        self.act_list = self._action(self.tr("&Backups ..."), "list", self.show_backups)
        self.act_settings = self._action(self.tr("Backup &settings ..."), "folder-cog",
                                         self.show_settings)
        self.menu.addAction(self.act_backup)
        self.menu.addAction(self.act_restore)
        self.menu.addSeparator()
        self.menu.addAction(self.act_list)
        self.menu.addAction(self.act_settings)
        self.menu.aboutToShow.connect(self.update_actions)
        window.add_file_action(self.menu.menuAction())
        window.logged_in.connect(self.session_started)
        self.update_actions()

    def _action(self, text: str, icon_name: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def workspace(self) -> Workspace | None:
        return self.window_.workspace

    # -- state ---------------------------------------------------------------------
    def restore_refusal(self) -> str:
        workspace = self.workspace
        if workspace is not None and workspace.db.read_only:
            return self.tr("This file is open read-only: close the other window that has it "
                           "open, then open it again to restore.")
        return who_may("backup.restore")

    def server_note(self) -> str:
        """Why the menu is off for a server database, and what to do instead."""
        return self.tr("A server's backups are made on one PC with crmdesk backup URL --to "
                       "DIR --user NAME (schedule it with cron or Task Scheduler), and "
                       "restored with crmdesk restore BACKUP --to URL --user NAME.")

    def update_actions(self) -> None:
        workspace = self.workspace
        actor = workspace.actor if workspace is not None else None
        is_file = workspace is not None and workspace.db.path is not None
        read_only = workspace is not None and workspace.db.read_only
        may_run = actor is not None and actor.can("backup.run") and is_file
        may_restore = actor is not None and actor.can("backup.restore") and is_file
        # a server: Back up now works (into a folder of this PC); Restore says how
        on_server = workspace is not None and not is_file
        self.act_backup.setEnabled(may_run or (on_server and actor is not None
                                               and actor.can("backup.run")))
        self.act_backup.setToolTip("" if may_run or actor is None else who_may("backup.run"))
        self.act_restore.setEnabled(may_restore and not read_only)
        self.act_restore.setToolTip("" if (may_restore and not read_only) or actor is None
                                    else self.restore_refusal())
        self.act_list.setEnabled(may_run)
        self.act_list.setToolTip("" if may_run or actor is None else who_may("backup.run"))
        if on_server and actor is not None:  # scheduled and restored from the command line
            self.act_restore.setEnabled(actor.can("backup.restore"))  # it says how
            for action in (self.act_backup, self.act_restore, self.act_list):
                action.setToolTip(self.server_note())  # not "only administrators may"
            if not actor.can("backup.run"):
                self.act_backup.setToolTip(who_may("backup.run"))
            if not actor.can("backup.restore"):
                self.act_restore.setToolTip(who_may("backup.restore"))
        self.act_settings.setEnabled(is_file)
        self.menu.setEnabled(workspace is not None)

    def session_started(self) -> None:
        from crmdesk.ui.dialogs.backup_schedule import BackupScheduler

        if self.scheduler is not None:
            self.scheduler.stop()
        workspace = self.workspace
        self.scheduler = None
        if workspace is not None and workspace.db.path is not None:
            self.scheduler = BackupScheduler(self.window_, workspace, self.status)
            self.scheduler.start()
        self.update_actions()

    def database_closing(self, *, back_up: bool = True) -> None:
        """The window closes the database: the backup on close (if due), then no more timers."""
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            if back_up:
                scheduler.backup_before_close()
            scheduler.stop()
        self.status.clear()
        self.update_actions()

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(text)
        QMessageBox.information(parent, title, text)

    def _show(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # -- back up now -----------------------------------------------------------------
    def back_up_now(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            require(workspace.actor, "backup.run")
            folder = workspace.read(lambda _s: self._folder_for(workspace.db))
        except KnownError as exc:
            show_error(self.window_, exc)
            return
        dialog = BackupNowDialog(folder, workspace.db.path, self.window_)
        dialog.accepted.connect(lambda: self.start_backup(dialog.chosen_folder(),
                                                          dialog.chosen_password()))
        self._show(dialog)

    @staticmethod
    def _folder_for(db: Database) -> Path:
        """The backup folder; a server with none configured: a folder of this PC's
        documents (the dialog lets the user choose another)."""
        try:
            return backups.backup_folder(db)
        except KnownError:
            if db.path is not None:
                raise
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents or Path.home()) / "crmdesk-backups"

    def start_backup(self, folder: Path | None, password: str | None) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        actor = workspace.actor

        def work(db: Database, job: Job) -> BackupInfo:
            return backups.create_backup(db, actor, folder=folder, password=password,
                                        reason="manual", job=job)

        def done(info: BackupInfo) -> None:
            if self.scheduler is not None:
                self.scheduler.refresh_status()
            self.backup_made.emit(info)
            m = info.manifest
            what = (self.tr("{size}, {customers} customers, {users} users, encrypted.")
                    if m.encrypted else self.tr("{size}, {customers} customers, {users} users."))
            lines = [self.tr("The backup is saved:"), str(info.path), "",
                     what.format(size=backups.size_text(info.size), customers=f"{m.customers:,}",
                                 users=m.users)]
            lines.append(self.tr("It was read back and checked: it is complete.")
                         if info.verified else
                         self.tr("It was not checked (cancelled); check it under Backups."))
            if info.removed:
                lines.append(self.tr("{count} older backups were removed as the settings "
                                     "say.").format(count=len(info.removed)))
            self.inform(self.window_, self.tr("Backup made"), "\n".join(lines))

        def failed(exc: BaseException) -> None:
            if self.scheduler is not None:
                self.scheduler.refresh_status()
            show_error(self.window_, exc)

        workspace.job(self.window_, work, cancellable=True,
                      label=self.tr("Backing up ...")).success(done).failure(failed).run()

    # -- list, settings, restore ---------------------------------------------------------
    def show_backups(self, folder: Path | None = None) -> BackupListDialog | None:
        workspace = self.workspace
        if workspace is None:
            return None
        try:
            require(workspace.actor, "backup.run")
        except KnownError as exc:
            show_error(self.window_, exc)
            return None
        dialog = BackupListDialog(self, workspace, self.window_)
        self._show(dialog)
        dialog.load(folder)
        return dialog

    def show_settings(self) -> BackupSettingsDialog | None:
        from crmdesk.ui.dialogs.backup_settings import BackupSettingsDialog

        workspace = self.workspace
        if workspace is None:
            return None
        dialog = BackupSettingsDialog(workspace, self.window_)
        dialog.saved.connect(lambda: self.scheduler.refresh_status() if self.scheduler else None)
        self._show(dialog)
        return dialog

    def restore(self, folder: Path | None = None,
                select: Path | None = None) -> RestoreWizard | None:
        from crmdesk.ui.dialogs.restore import RestoreWizard

        workspace = self.workspace
        if workspace is None:
            return None
        try:
            require(workspace.actor, "backup.restore")
        except KnownError as exc:
            show_error(self.window_, exc)
            return None
        if workspace.db.path is None:  # a server: replaced from the command line
            self.inform(self.window_, self.tr("Restore a server"), self.tr(
                "A server's database is replaced from the command line, on a PC that has "
                "the backup: crmdesk restore BACKUP --to URL --user NAME. Ask everyone to "
                "close crmdesk first; the server's data before is backed up beside BACKUP."))
            return None
        if workspace.db.read_only:
            show_error(self.window_, KnownError(self.restore_refusal()))
            return None
        wizard = RestoreWizard(self.window_, workspace, folder=folder, select=select)
        self._show(wizard)
        return wizard

    def pause(self) -> None:
        if self.scheduler is not None:
            self.scheduler.pause()

    def resume(self) -> None:
        if self.scheduler is not None:
            self.scheduler.resume()
