"""Running service calls off the GUI thread: the two kinds of background operation.

Every database write (and every long read: imports, exports, reports,
backups) goes through :class:`Executor`, one worker thread, so writes never
overlap and the window never freezes.  An operation is built in the GUI
thread, runs a function that touches no widget, and reports back on the GUI
thread through ``.success(...)`` / ``.failure(...)`` callbacks.  There are two
kinds, as in Anki:

* :class:`Operation`, a *unit of work*: ``fn(session, job)`` gets a session
  the operation opens (a transaction when ``write``, committed when *fn*
  returns, rolled back when it raises or was cancelled);
* :class:`LongJob`, a *long job*: ``fn(db, job)`` gets the
  :class:`~crmdesk.storage.database.Database` and opens its own sessions and
  transactions (imports, exports, reports, backups, restores).

Both hand *fn* a :class:`WindowJob`, the window's :class:`crmdesk.jobs.Job`:
what the work reports appears in a progress dialog (with Cancel when the work
can be cancelled) if the work takes longer than 600 ms, and Cancel makes the
work's next ``job.check()`` raise :class:`crmdesk.jobs.Cancelled`.

Small reads for display (a page of a datasheet, a form's record) run directly
in the GUI thread through :meth:`Workspace.read`: they take milliseconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from crmdesk.jobs import Cancelled, Job
from crmdesk.ui.errors import show_error

if TYPE_CHECKING:
    from crmdesk.core.session import Session
    from crmdesk.storage.database import Database
    from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600
#: the most a progress bar holds (Qt's bars and dialogs take a 32-bit int)
BAR_MAX = 2**31 - 1
#: the steps of a bar whose total is larger than :data:`BAR_MAX` (a 2.7 GB file's bytes)
BAR_STEPS = 1_000_000


def bar_steps(done: float, total: float) -> tuple[int, int]:
    """A progress bar's value and maximum for *done* of *total* (any size, ints or the
    floats the progress signals carry; a total of 0 or less is unknown: ``(0, 0)``, a
    busy bar).  A total beyond what Qt's bar holds is shown in :data:`BAR_STEPS`
    steps, so the percentage stays right."""
    whole, part = int(total), int(done)
    if whole <= 0:
        return 0, 0
    part = max(0, min(part, whole))
    if whole <= BAR_MAX:
        return part, whole
    return part * BAR_STEPS // whole, BAR_STEPS


class WindowJob(Job):
    """The job the window hands to background work (see :mod:`crmdesk.jobs`).

    :meth:`report` runs in the worker thread and sends the progress to the GUI
    thread through *emit* (a queued signal) at most every ``INTERVAL`` seconds,
    and at every new stage and at the end of one, so fast work does not flood
    the GUI thread; :meth:`~crmdesk.jobs.Job.cancel` is the dialog's Cancel.
    """

    INTERVAL = 0.1

    def __init__(self, emit: Callable[[str, float, float], None]) -> None:
        super().__init__()
        self._emit = emit
        self._stage: str | None = None
        self._last = 0.0

    def report(self, stage: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        ended = total is not None and total > 0 and done >= total
        if stage == self._stage and not ended and now - self._last < self.INTERVAL:
            return
        self._stage, self._last = stage, now
        # floats (C++ double, exact to 2**53): a byte count passes Qt's 32-bit int at 2 GB
        self._emit(stage, float(done), -1.0 if total is None else float(total))


class _Bridge(QObject):
    finished = Signal(object, object)  # result, exception
    # stage, done, total (-1: unknown); doubles, not Qt's 32-bit int: a byte count
    # passes 2**31 at 2 GB
    progress = Signal(str, float, float)


#: a unit of work: ``fn(session, job)`` in a session the operation opens
Work = Callable[["Session", Job], Any]
#: a long job: ``fn(db, job)`` opens its own sessions and transactions
LongWork = Callable[["Database", Job], Any]


class Operation(QObject):
    """A unit of work for the executor, with callbacks on the GUI thread.

    *fn* gets a session (a transaction when *write*) and the operation's
    :attr:`job`.  *label* shows a progress dialog after 600 ms (with Cancel when
    *cancellable*).  A :class:`~crmdesk.jobs.Cancelled` goes to the failure
    callback when there is one; otherwise it is only logged (the user asked).
    """

    done = Signal()
    #: what the work reported, on the GUI thread: stage, done, total (-1: unknown), as
    #: floats (C++ double: whole numbers exact to 2**53, the bytes of a file over 2 GB);
    #: a bar shows them through :func:`bar_steps`
    progressed = Signal(str, float, float)

    def __init__(self, workspace: Workspace, parent: QWidget | None, fn: Any, *,
                 write: bool = True, label: str = "", cancellable: bool = False,
                 changes: tuple[str, ...] = (), background: bool = False) -> None:
        super().__init__(workspace)
        #: housekeeping the user did not ask for (the service-level check of the
        #: reminders' timer): it does not make the window "busy" (an automatic backup,
        #: an export's dialog wait for the user's own work only)
        self.background = background
        self.workspace = workspace
        self.parent_widget = parent
        self.fn = fn
        self.write = write
        self.label = label
        self.cancellable = cancellable
        self.changes = changes
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._bridge.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.job = WindowJob(self._bridge.progress.emit)
        self._on_success: list[Callable[[Any], None]] = []
        self._on_failure: Callable[[BaseException], None] | None = None
        self._dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        self._on_failure = callback
        return self

    def run(self) -> Operation:
        self.workspace.executor.submit(self)
        if self.label:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._show_dialog)
            self._timer.start(PROGRESS_DELAY_MS)
        return self

    # -- worker side ---------------------------------------------------------------
    def execute(self) -> None:
        try:
            result = self.call()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self._bridge.finished.emit(None, exc)
            return
        self._bridge.finished.emit(result, None)

    def call(self) -> Any:
        """Run *fn* in the worker thread (a unit of work: in a session of its own)."""
        db = self.workspace.db
        if self.write:
            with db.transaction() as session:
                result = self.fn(session, self.job)
                self.job.check()  # Cancel pressed meanwhile: roll back
                return result
        with db.session() as session:
            return self.fn(session, self.job)

    # -- GUI side --------------------------------------------------------------------
    def _live_parent(self) -> QWidget | None:
        """The widget that asked, unless it was closed meanwhile."""
        parent = self.parent_widget
        return parent if parent is not None and shiboken6.isValid(parent) else None

    def _show_dialog(self) -> None:
        if self.finished:
            return
        cancel = QCoreApplication.translate("Operation", "Cancel") if self.cancellable else ""
        dialog = QProgressDialog(self.label, cancel, 0, 0, self._live_parent())
        dialog.setWindowTitle("crmdesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self.cancellable:
            dialog.canceled.connect(self.job.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.show()
        self._dialog = dialog

    def _progress(self, stage: str, done: float, total: float) -> None:
        self.progressed.emit(stage, done, total)
        dialog = self._dialog
        if dialog is None:
            return
        if stage:
            dialog.setLabelText(f"{self.label}\n{stage}")
        value, maximum = bar_steps(done, total)
        dialog.setMaximum(maximum)
        # last: a modal progress dialog processes events in setValue, where the
        # operation may finish and close the dialog
        dialog.setValue(value)

    def _finished(self, result: Any, exc: BaseException | None) -> None:
        self.finished = True
        self.result, self.error = result, exc
        if self._timer is not None:
            self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.workspace.executor.forget(self)
        try:
            if exc is None:
                if self.changes:
                    self.workspace.notify_changed(*self.changes)
                for callback in self._on_success:
                    callback(result)
            elif isinstance(exc, Cancelled) and self._on_failure is None:
                log.info("operation cancelled: %s", self.label)
            elif not self.workspace.handle_session_error(exc, self._live_parent()):
                if self._on_failure is not None:
                    self._on_failure(exc)
                else:
                    show_error(self._live_parent(), exc)
        finally:
            self.done.emit()


class LongJob(Operation):
    """A long job for the executor: *fn* gets the :class:`Database` and opens its own
    sessions and transactions (no session is opened for it).  *changes* are announced
    when it succeeds."""

    def call(self) -> Any:
        return self.fn(self.workspace.db, self.job)


class _Runnable(QRunnable):
    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self.operation = operation
        self.setAutoDelete(True)

    def run(self) -> None:
        self.operation.execute()


class Executor:
    """A single worker thread: database work runs one operation at a time, in order."""

    def __init__(self) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self.running: set[Operation] = set()

    def submit(self, operation: Operation) -> None:
        self.running.add(operation)
        self.pool.start(_Runnable(operation))

    def forget(self, operation: Operation) -> None:
        self.running.discard(operation)

    def wait(self, msecs: int = -1) -> bool:
        return bool(self.pool.waitForDone(msecs))

    @property
    def busy(self) -> bool:
        """Whether work the user started is running or queued."""
        return any(not operation.background for operation in self.running)
