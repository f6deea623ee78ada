"""Automatic backups while a database is open, the backup before closing, the status bar.

:class:`BackupScheduler` belongs to one workspace.  A timer asks
:func:`crmdesk.core.services.backups.backup_due` every few minutes and, when a backup
is due, runs it in the workspace's worker without a dialog (the status bar
shows its progress); never while a modal dialog, a menu or another
operation is running, and never on a file opened read-only.  Automatic
backups are the file's protection, so they run for whoever is logged in
(the backup service allows *scheduled* backups without ``backup.run``).

:meth:`BackupScheduler.backup_before_close` makes the backup on closing
(``backup.on_close``, if anything changed) while a progress dialog with a
Skip button keeps the window responsive; closing waits for it.

:class:`BackupStatusLabel` writes the age of the last good backup into the
window's ``extra_status``, with a warning icon, red text and a tooltip saying
what to do when :func:`crmdesk.core.services.backups.backup_status` warns.
"""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

from crmdesk.core.services import backups
from crmdesk.core.services.backups import BackupInfo, BackupStatus
from crmdesk.errors import KnownError
from crmdesk.jobs import Cancelled, Job
from crmdesk.ui import theme
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.operations import bar_steps

if TYPE_CHECKING:
    from crmdesk.storage.database import Database
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.operations import Operation
    from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)

WARN_COLOUR = theme.ERROR
CALM_COLOUR = theme.TEXT_MUTED


def _inline_icon(name: str, colour: str) -> str:
    """An <img> of a Lucide icon for rich text (a data URL: no file needed)."""
    pixmap = icon(name, colour).pixmap(16, 16)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    encoded = base64.b64encode(bytes(data.data())).decode("ascii")
    return f'<img src="data:image/png;base64,{encoded}" width="16" height="16">'


class BackupStatusLabel(QObject):
    """The backup part of the status bar (the window's ``extra_status`` label)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.label = window.extra_status
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.warning = False
        self.text = ""

    def show_status(self, status: BackupStatus, may_back_up: bool = True) -> None:
        """Show *status*; the advice depends on whether this user may back up by hand."""
        self.warning = status.warn
        self.text = status.message
        if status.warn:
            self._set("triangle-alert", WARN_COLOUR, status.message, bold=True)
            hours = status.warn_after_hours
            if status.failed_at is not None:
                advice = self.tr("The last backup failed. Check the backup folder (is the USB "
                                 "stick plugged in, the network share connected?) under File > "
                                 "Backup > Backup settings.")
            elif status.last_good_at is None:
                advice = self.tr("This database has never been backed up.")
            else:
                advice = self.tr("Changes of the last {hours} hours or more are not in any "
                                 "backup.").format(hours=hours)
            advice += "\n" + (self.tr("Choose File > Backup > Back up now.") if may_back_up
                              else self.tr("Ask an administrator or a manager to back up "
                                           "(File > Backup > Back up now)."))
            self.label.setToolTip(f"{status.message}\n{advice}")
        else:
            self._set("database-backup", CALM_COLOUR, status.message)
            tip = status.message
            if status.last_good_path is not None:
                tip += "\n" + str(status.last_good_path)
            self.label.setToolTip(tip)

    def show_progress(self, text: str) -> None:
        self._set("refresh-cw", CALM_COLOUR, text)

    def _set(self, icon_name: str, colour: str, text: str, bold: bool = False) -> None:
        weight = "font-weight:600;" if bold else ""
        self.label.setText(f'{_inline_icon(icon_name, colour)}&nbsp;<span style="color:{colour};'
                           f'{weight}">{escape(text)}</span>')

    def clear(self) -> None:
        self.warning = False
        self.text = ""
        self.label.clear()
        self.label.setToolTip("")


class BackupScheduler(QObject):
    """Automatic backups and the status bar for one workspace."""

    #: a check every this often (backup_due is two small reads)
    CHECK_MS = 5 * 60 * 1000
    #: the first check after login
    FIRST_CHECK_MS = 60 * 1000
    #: busy (a dialog, a menu, other work): look again this much later
    RETRY_MS = 30 * 1000
    #: the status bar's age is refreshed this often
    STATUS_MS = 60 * 1000
    #: after a failed automatic backup, wait this long before the next attempt
    FAILURE_PAUSE = timedelta(minutes=30)
    #: tests switch automatic backups off (like ErrorReporter.interactive) unless they test them
    automatic = True

    #: an automatic backup ended: the BackupInfo, or the exception
    finished = Signal(object)

    def __init__(self, window: MainWindow, workspace: Workspace,
                 status: BackupStatusLabel) -> None:
        super().__init__(window)
        self.window_ = window
        self.workspace = workspace
        self.status = status
        self.operation: Operation | None = None
        self.paused = False
        self.stopped = False
        self.failed_at: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(self.STATUS_MS)
        self.status_timer.timeout.connect(self.refresh_status)
        self.changes_timer = QTimer(self)  # after data changes: refresh once, a bit later
        self.changes_timer.setSingleShot(True)
        self.changes_timer.setInterval(2000)
        self.changes_timer.timeout.connect(self.refresh_status)
        workspace.changed.connect(self._data_changed)
        self._close_dialog: QProgressDialog | None = None

    # -- life cycle ------------------------------------------------------------------
    def start(self) -> None:
        self.refresh_status()
        self.status_timer.start()
        self.timer.start(self.FIRST_CHECK_MS)

    def stop(self) -> None:
        self.stopped = True
        self.timer.stop()
        self.status_timer.stop()
        self.changes_timer.stop()
        try:
            self.workspace.changed.disconnect(self._data_changed)
        except (RuntimeError, TypeError):
            pass

    def pause(self) -> None:
        """No automatic backup until :meth:`resume` (a restore is under way)."""
        self.paused = True

    def resume(self) -> None:
        self.paused = False

    @property
    def running(self) -> bool:
        return self.operation is not None and not self.operation.finished

    def _current(self) -> bool:
        """Is this still the window's workspace, open?  (Stops for good when not the window's.)"""
        if not self.stopped and self.window_.workspace is not self.workspace:
            self.stop()  # e.g. the window was rebuilt in another language
        return (not self.stopped and not self.workspace.closed
                and not self.workspace.db.closed)

    # -- status bar ------------------------------------------------------------------
    def _data_changed(self, _entity: str) -> None:
        if not self.changes_timer.isActive():
            self.changes_timer.start()

    def refresh_status(self) -> None:
        if not self._current() or self.running:
            return
        try:
            status = self.workspace.read(lambda _s: backups.backup_status(self.workspace.db))
        except Exception:  # noqa: BLE001 - the status bar must never break the window
            log.exception("cannot read the backup status")
            return
        self.status.show_status(status, self.workspace.actor.can("backup.run"))

    def _progress(self, stage: str, done: float, total: float) -> None:
        """The automatic backup's progress (on the GUI thread): status bar, closing dialog.
        *done* and *total* come as floats (bytes of any size)."""
        if not self._current():
            return
        percent = f" {100 * int(done) // int(total)}%" if total > 0 else ""
        self.status.show_progress(self.tr("Backing up ...{percent} ({stage})").format(
            percent=percent, stage=stage))
        if self._close_dialog is not None:
            value, maximum = bar_steps(done, total)
            self._close_dialog.setMaximum(maximum)
            self._close_dialog.setValue(value)

    # -- automatic backups -----------------------------------------------------------
    def busy(self) -> bool:
        """Something the user is doing that a backup must not interrupt or delay."""
        return (QApplication.activeModalWidget() is not None
                or QApplication.activePopupWidget() is not None
                or self.workspace.executor.busy)

    def tick(self) -> None:
        """The timer: run an automatic backup if one is due (tests call this directly)."""
        if not self._current():
            return
        self.timer.start(self.CHECK_MS)
        if not self.automatic or self.paused or self.running or self.workspace.db.read_only:
            return
        now = datetime.now(UTC)
        if self.failed_at is not None and now - self.failed_at < self.FAILURE_PAUSE:
            return
        if self.busy():
            self.timer.start(self.RETRY_MS)
            return
        try:
            reason = self.workspace.read(lambda _s: backups.backup_due(self.workspace.db, now))
        except Exception:  # noqa: BLE001 - never let a timer break the window
            log.exception("cannot tell whether a backup is due")
            return
        if reason is not None:
            self.run(reason)

    def run(self, reason: str) -> Operation:
        """Start an automatic backup ("interval", "daily", "close") in the worker."""
        workspace = self.workspace
        actor = workspace.actor

        def work(db: Database, job: Job) -> BackupInfo:
            return backups.create_backup(db, actor, reason=reason, scheduled=True, job=job)

        log.info("automatic backup (%s)", reason)
        self.status.show_progress(self.tr("Backing up ..."))
        operation = workspace.job(self.window_, work)  # no dialog: work goes on
        operation.progressed.connect(self._progress)
        self.operation = operation
        operation.success(self._succeeded).failure(self._failed).run()
        return operation

    def _succeeded(self, info: BackupInfo) -> None:
        log.info("automatic backup made: %s", info.path)
        self.failed_at = None
        self.refresh_status()
        self.finished.emit(info)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            log.info("automatic backup cancelled")
        else:
            log.warning("automatic backup failed: %s", exc)
            self.failed_at = datetime.now(UTC)
        self.refresh_status()  # a failure is recorded: the status bar warns
        self.finished.emit(exc)
        if self._close_dialog is None and not isinstance(exc, KnownError):
            show_error(self.window_, exc)  # a bug: say so

    # -- closing ---------------------------------------------------------------------
    def backup_before_close(self) -> None:
        """The backup on closing (if due), waiting with a progress dialog (Skip cancels).

        An automatic backup still running is waited for the same way.
        """
        self.timer.stop()
        self.status_timer.stop()
        if self.running:
            assert self.operation is not None
            self._wait(self.operation, self.tr("Finishing the automatic backup ..."))
        if not self.automatic or self.paused or not self._current():
            return
        try:
            due = self.workspace.read(lambda _s: backups.backup_on_close(self.workspace.db))
        except Exception:  # noqa: BLE001 - closing must go on
            log.exception("cannot tell whether to back up on closing")
            return
        if not due:
            return
        operation = self.run("close")
        self._wait(operation, self.tr("Backing up before closing ..."))
        error = operation.error
        if error is not None and not isinstance(error, Cancelled):
            show_error(self.window_, error)

    def _wait(self, operation: Operation, text: str) -> None:
        """Wait for *operation* in a local event loop: the window keeps painting."""
        if operation.finished:
            return
        dialog = QProgressDialog(text, self.tr("Skip"), 0, 0, self.window_)
        dialog.setWindowTitle("crmdesk")
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(operation.job.cancel)
        self._close_dialog = dialog
        loop = QEventLoop()
        operation.done.connect(loop.quit)
        dialog.show()
        if not operation.finished:
            loop.exec()
        self._close_dialog = None
        dialog.close()
        dialog.deleteLater()
