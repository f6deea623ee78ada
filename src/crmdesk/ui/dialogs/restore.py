"""The restore wizard: choose a backup, check it, confirm, restore, log in again.

1. **Choose**: the backups in the configured folder (or another folder, or
   one file): date, size, customers, users, encrypted, verified.
2. **Check**: the password, if the backup is encrypted, then the whole
   backup is verified into a temporary file beside the database
   (:func:`crmdesk.core.services.backups.prepare_restore`).  Nothing is touched yet;
   a damaged, truncated, altered or wrong-password backup is refused here
   with the backup service's message.
3. **Confirm**: what will be replaced, by what, and where the current file is
   kept (the safety copy).  Open tabs are closed (asking about unsaved work).
4. **Done**: :func:`crmdesk.core.services.backups.restore_into_open` swaps the file
   in; the summary names the backup and the safety copy.  Finishing logs in
   again on the restored file (its users and passwords are those of the
   backup's time), via ``MainWindow.replace_database``.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crmdesk.core.services import backups
from crmdesk.core.services.backups import (
    BackupEntry,
    PasswordRequiredError,
    PreparedRestore,
    RestoreResult,
    WrongPasswordError,
)
from crmdesk.errors import KnownError
from crmdesk.jobs import Job
from crmdesk.storage.database import Database
from crmdesk.ui import theme
from crmdesk.ui.dialogs.backup import BackupTable, list_backups_op
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import ACCENT, icon
from crmdesk.ui.widgets import file_dialogs

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)


def _local(entry_time: Any) -> str:
    return str(entry_time.astimezone().strftime("%Y-%m-%d %H:%M"))


def _message_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class DetailsCard(QFrame):
    """A white card of rows: icon, grey label, value (rich text)."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(14, 12, 14, 12)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(2, 1)
        self.values: list[QLabel] = []

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """(icon name, label, value as rich text) per row."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.values = []
        for row, (icon_name, label, value) in enumerate(rows):
            picture = QLabel()
            picture.setPixmap(icon(icon_name).pixmap(18, 18))
            name = QLabel(label)
            name.setProperty("role", "hint")
            text = QLabel(value)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            top = Qt.AlignmentFlag.AlignTop
            self.grid.addWidget(picture, row, 0, top)
            self.grid.addWidget(name, row, 1, top)
            self.grid.addWidget(text, row, 2)
            self.values.append(text)

    def plain_text(self) -> str:
        from html import unescape
        from re import sub

        return "\n".join(unescape(sub(r"<[^>]+>", " ", v.text())) for v in self.values)


def _grey(text: str) -> str:
    return f"<span style='color:{theme.TEXT_MUTED}'>{escape(text)}</span>"


class ChoosePage(QWizardPage):
    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Choose a backup"))
        self.setSubTitle(self.tr("The backups of this database, newest first. Choose the one "
                                 "to go back to."))
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        other = QPushButton(icon("folder-search"), self.tr("Other folder ..."))
        other.clicked.connect(self.choose_folder)
        one_file = QPushButton(icon("archive"), self.tr("Backup file ..."))
        one_file.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Folder:")))
        top.addWidget(self.folder_label, 1)
        top.addWidget(other)
        top.addWidget(one_file)
        self.table = BackupTable()
        self.table.itemSelectionChanged.connect(self.completeChanged)
        self.table.doubleClicked.connect(lambda _i: wizard.next())
        self.empty = QLabel()
        self.empty.setProperty("role", "hint")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.folder: Path | None = None
        self.loaded = False

    def initializePage(self) -> None:  # noqa: N802
        if not self.loaded:
            self.load(self.wizard_.start_folder, self.wizard_.select)

    def load(self, folder: Path | None, select: Path | None = None) -> None:
        def show(where: Path, entries: list[BackupEntry]) -> None:
            self.loaded = True
            self.folder = where
            self.folder_label.setText(str(where))
            self.show_entries(entries, select)

        list_backups_op(self.wizard_.workspace, self, folder, show)

    def show_entries(self, entries: list[BackupEntry], select: Path | None = None) -> None:
        self.table.set_entries(entries, select)
        self.empty.setText("" if entries else self.tr(
            "No backups of this database here. Choose another folder, or one backup file."))
        self.completeChanged.emit()

    def choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, self.tr("Backup folder"), "backup",
                                            self.folder)
        if chosen:
            self.load(Path(chosen))

    def choose_file(self) -> None:
        chosen = file_dialogs.open_file(
            self, self.tr("Backup file"), "backup", self.tr("crmdesk backups (*.crmbak)"),
            self.folder)
        if chosen:
            self.use_file(Path(chosen))

    def use_file(self, path: Path) -> None:
        """One backup file, wherever it is (it may be of another database: the check says)."""
        try:
            manifest = backups.read_manifest(path)
            size = path.stat().st_size
        except KnownError as exc:
            show_error(self, exc)
            return
        except OSError as exc:
            show_error(self, KnownError(exc.strerror or str(exc)))
            return
        self.folder = path.parent
        self.folder_label.setText(str(path))
        self.show_entries([BackupEntry(path, size, manifest, "", None)], path)

    def isComplete(self) -> bool:  # noqa: N802
        entry = self.table.selected_entry()
        return entry is not None and entry.manifest is not None

    def validatePage(self) -> bool:  # noqa: N802
        self.wizard_.entry = self.table.selected_entry()
        return self.wizard_.entry is not None


class CheckPage(QWizardPage):
    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Check the backup"))
        self.setSubTitle(self.tr("The whole backup is read and checked before anything is "
                                 "changed. Your current file stays as it is."))
        self.details = DetailsCard()
        self.message = _message_label()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textChanged.connect(lambda _t: self.message.hide())
        self.password_row = QWidget()
        row = QFormLayout(self.password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addRow(self.tr("Backup password:"), self.password)
        hint = QLabel(self.tr("Press Next to check. It takes a moment for a large file."))
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addWidget(self.password_row)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addStretch()
        self.checking = False

    def initializePage(self) -> None:  # noqa: N802
        entry = self.wizard_.entry
        assert entry is not None and entry.manifest is not None
        m = entry.manifest
        self.details.set_rows([
            ("archive", self.tr("Backup:"),
             f"<b>{escape(_local(m.created_at))}</b><br>" + _grey(entry.path.name)),
            ("users", self.tr("Holds:"), escape(self.tr(
                "{customers} customers, {users} users").format(
                customers=f"{m.customers:,}", users=m.users))),
            ("circle-user-round", self.tr("Made by:"), escape(f"{m.made_by} ({m.host})")),
            ("hard-drive-download", self.tr("Size:"), escape(backups.size_text(entry.size))),
            ("lock", self.tr("Encrypted:"), self.tr("Yes") if m.encrypted else self.tr("No")),
        ])
        self.password_row.setVisible(m.encrypted)
        self.password.clear()
        self.message.hide()
        if m.encrypted:
            self.password.setFocus()

    def cleanupPage(self) -> None:  # noqa: N802 - Back: the checked file is not needed
        self.wizard_.discard_prepared()
        self.message.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def validatePage(self) -> bool:  # noqa: N802
        wizard = self.wizard_
        if wizard.prepared is not None:
            return True  # checked: go on (the check calls next() when it passes)
        if self.checking:
            return False
        entry = wizard.entry
        assert entry is not None and entry.manifest is not None
        password = self.password.text() if entry.manifest.encrypted else None
        if entry.manifest.encrypted and not password:
            self.show_message(self.tr("This backup is encrypted: enter its password."))
            self.password.setFocus()
            return False
        self.message.hide()
        self.checking = True
        workspace = wizard.workspace
        actor, path = workspace.actor, entry.path

        def work(db: Database, job: Job) -> PreparedRestore:
            return backups.prepare_restore(db, path, actor, password=password, job=job)

        def passed(prepared: PreparedRestore) -> None:
            self.checking = False
            if wizard.closed_ or wizard.currentPage() is not self or wizard.entry is not entry:
                prepared.discard()  # the user went back or away meanwhile
                return
            wizard.prepared = prepared
            wizard.next()

        def refused(exc: BaseException) -> None:
            self.checking = False
            if not isinstance(exc, KnownError):
                raise exc
            self.show_message(exc.message)
            if isinstance(exc, (WrongPasswordError, PasswordRequiredError)):
                self.password.selectAll()
                self.password.setFocus()

        workspace.job(self, work, cancellable=True,
                      label=self.tr("Checking the backup ...")).success(passed).failure(
            refused).run()
        return False


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Restore?"))
        self.setSubTitle(self.tr("The backup is complete and undamaged."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Restore"))
        self.card = DetailsCard()
        self.note = QLabel(self.tr(
            "Changes made after the backup are not in it. Open tabs are closed (you are asked "
            "about unsaved changes); then you log in again: the users and passwords are those "
            "of the backup."))
        self.note.setWordWrap(True)
        self.other_database = QLabel()
        self.other_database.setProperty("role", "error")
        self.other_database.setWordWrap(True)
        self.message = _message_label()
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.card)
        layout.addWidget(self.note)
        layout.addWidget(self.other_database)
        layout.addWidget(self.message)
        layout.addStretch()
        self.safety_name = ""

    def initializePage(self) -> None:  # noqa: N802
        wizard = self.wizard_
        prepared = wizard.prepared
        assert prepared is not None
        m = prepared.manifest
        target = prepared.target
        self.safety_name = backups.safety_copy_path(target).name
        self.card.set_rows([
            ("archive", self.tr("Go back to:"), self.tr(
                "the backup made <b>{made}</b>, {customers} customers, {users} users").format(
                made=escape(_local(m.created_at)), customers=f"{m.customers:,}", users=m.users)
             + "<br>" + _grey(prepared.backup.name)),
            ("database", self.tr("Replaces:"),
             f"<b>{escape(target.name)}</b><br>" + _grey(str(target.parent))),
            ("shield-check", self.tr("Current file kept as:"),
             f"<b>{escape(self.safety_name)}</b><br>" + _grey(self.tr(
                 "beside it, so this can be undone"))),
        ])
        own_id = wizard.workspace.read(lambda _s: backups.database_id(wizard.workspace.db))
        other = m.database_id is not None and own_id is not None and m.database_id != own_id
        self.other_database.setText(self.tr(
            "Careful: this backup is of another database ({name}), not of the file open now."
        ).format(name=m.database_name) if other else "")
        self.other_database.setVisible(other)
        self.message.hide()

    def validatePage(self) -> bool:  # noqa: N802
        prepared = self.wizard_.prepared
        assert prepared is not None
        if backups.used_elsewhere(prepared.target):
            self.message.setText(self.tr(
                "{name} is open in another crmdesk window or program. Close it there, then "
                "restore again; nothing was changed.").format(name=prepared.target.name))
            self.message.show()
            return False
        # the user may keep a tab with unsaved changes: then nothing happens
        return self.wizard_.window_.close_documents()


class DonePage(QWizardPage):
    """Restores on arrival (past the commit page there is no way back), then sums up."""

    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(self.tr("Restoring"))
        self.setFinalPage(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.card = DetailsCard()
        self.card.hide()
        self.message = _message_label()
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.text)
        layout.addWidget(self.card)
        layout.addWidget(self.message)
        layout.addStretch()
        self.restoring = False
        self.ended = False

    def initializePage(self) -> None:  # noqa: N802
        self.text.setText(self.tr("Replacing the file ..."))
        self.restoring = True
        self.wizard_.start_restore(self)

    def isComplete(self) -> bool:  # noqa: N802
        return self.ended

    def restored(self) -> None:
        self.restoring, self.ended = False, True
        self.setTitle(self.tr("Restored"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Log in"))
        self.card.set_rows(self.wizard_.summary_rows())
        self.card.show()
        self.text.setText(self.tr("Log in again to continue: the users and passwords are "
                                  "those of the backup."))
        self.completeChanged.emit()

    def refused(self, exc: BaseException) -> None:
        self.restoring, self.ended = False, True
        self.setTitle(self.tr("Not restored"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Close"))
        self.text.setText("")
        self.message.setText(exc.message if isinstance(exc, KnownError) else str(exc))
        self.message.show()
        self.completeChanged.emit()


class RestoreWizard(QWizard):
    """Restore the open database from a backup (administrators)."""

    def __init__(self, window: MainWindow, workspace: Workspace, *, folder: Path | None = None,
                 select: Path | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.workspace = workspace
        self.start_folder = folder
        self.select = select
        self.entry: BackupEntry | None = None
        self.prepared: PreparedRestore | None = None
        self.result_: RestoreResult | None = None
        self.restored_db: Database | None = None
        self.closed_ = False
        self.setWindowTitle(self.tr("Restore from backup"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, icon("archive-restore", ACCENT).pixmap(40, 40))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton,
                      QWizard.WizardButton.FinishButton):
            button = self.button(which)
            button.setProperty("primary", True)
            button.style().unpolish(button)
            button.style().polish(button)
        self.resize(880, 540)
        self.choose_page = ChoosePage(self)
        self.check_page = CheckPage(self)
        self.confirm_page = ConfirmPage(self)
        self.done_page = DonePage(self)
        for page in (self.choose_page, self.check_page, self.confirm_page, self.done_page):
            self.addPage(page)

    def discard_prepared(self) -> None:
        if self.prepared is not None:
            self.prepared.discard()
            self.prepared = None

    def start_restore(self, page: DonePage) -> None:
        """Swap the checked backup in (worker); the window's session is replaced after."""
        workspace = self.workspace
        prepared = self.prepared
        assert prepared is not None
        self.prepared = None  # restore_into_open owns the checked file now
        actions = getattr(self.window_, "backup", None)
        if actions is not None:
            actions.pause()
        workspace.quiet()  # nothing may read the file while it is swapped (a check stops)
        actor = workspace.actor

        def work(db: Database, job: Job) -> tuple[Database, RestoreResult]:
            return backups.restore_into_open(db, prepared.backup, actor, prepared=prepared,
                                            job=job)

        def restored(result: tuple[Database, RestoreResult]) -> None:
            self.restored_db, self.result_ = result
            log.info("restored %s from %s", self.result_.target, prepared.backup)
            page.restored()

        def failed(exc: BaseException) -> None:
            reopened = getattr(exc, "database", None)
            if isinstance(reopened, Database):
                workspace.db = reopened  # the old file, opened again: work goes on
                if reopened.lock is not None and not reopened.read_only:
                    reopened.lock.set_app_user(actor.username)
            if actions is not None:
                actions.resume()
            page.refused(exc)
            if workspace.db.closed:  # could not even open the old file again
                self.window_.close_database()
            else:
                self.window_.open_entry("customers")
            if not isinstance(exc, KnownError):
                show_error(self, exc)

        workspace.job(self, work, label=self.tr("Restoring ...")).success(
            restored).failure(failed).run()

    def summary_rows(self) -> list[tuple[str, str, str]]:
        result = self.result_
        if result is None:
            return []
        m = result.manifest
        rows = [
            ("database", self.tr("Restored:"), f"<b>{escape(str(result.target))}</b>"),
            ("archive", self.tr("From the backup:"), self.tr(
                "made <b>{made}</b>, {customers} customers, {users} users").format(
                made=escape(_local(m.created_at)), customers=f"{m.customers:,}",
                users=m.users) + "<br>" + _grey(self.entry.path.name if self.entry else "")),
        ]
        if result.safety_copy is not None:
            rows.append(("shield-check", self.tr("The file before is kept as:"),
                         f"<b>{escape(str(result.safety_copy))}</b>"))
        return rows

    def plain_summary(self) -> str:
        """The summary as lines of text (for the status bar and tests)."""
        from html import unescape
        from re import sub

        return "\n".join(
            label + " " + " ".join(unescape(sub(r"<[^>]+>", " ", value)).split())
            for _icon, label, value in self.summary_rows())

    def done(self, result: int) -> None:
        if self.check_page.checking or self.done_page.restoring:
            return  # the work in the worker finishes first (its progress dialog can cancel)
        self.closed_ = True
        self.discard_prepared()
        super().done(result)
        if self.restored_db is not None:
            db, self.restored_db = self.restored_db, None
            self.window_.replace_database(db, self.plain_summary())
