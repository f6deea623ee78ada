"""Running service calls off the GUI thread.

Every database write (and every long read: imports, exports, reports,
backups) goes through :class:`Executor`, one worker thread with its own
sessions, so writes never overlap and the window never freezes.  An
:class:`Operation` is built in the GUI thread, handed a function
``fn(session, progress) -> result`` that touches no widget, and reports back
on the GUI thread through ``.success(...)`` / ``.failure(...)`` callbacks.  A
progress dialog (with Cancel when the work can be cancelled) appears only if
the work takes longer than 600 ms.

Small reads for display (a page of a datasheet, a form's record) run directly
in the GUI thread through :meth:`Workspace.read`: they take milliseconds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from crmdesk.ui.errors import show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crmdesk.ui.workspace import Workspace

log = logging.getLogger("crmdesk.ui.operations")

PROGRESS_DELAY_MS = 600


class Cancelled(Exception):
    """Raised inside work when the user pressed Cancel; the transaction rolls back."""


class Progress:
    """Given to the work function: report progress, and check whether to stop."""

    def __init__(self, bridge: _Bridge) -> None:
        self._bridge = bridge
        self._cancel = threading.Event()

    def update(self, done: int, total: int = 0, text: str = "") -> None:
        self._bridge.progress.emit(int(done), int(total), text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_event(self) -> threading.Event:
        """Set when the user presses Cancel: for services that take a ``threading.Event``."""
        return self._cancel

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    # the shape exchange/backup/report services expect: callback(done, total) -> keep going?
    def callback(self, done: int, total: int = 0, text: str = "") -> bool:
        self.update(done, total, text)
        return not self.cancelled


class _Bridge(QObject):
    finished = Signal(object, object)  # result, exception
    progress = Signal(int, int, str)


Work = Callable[["Session", Progress], Any]


class Operation(QObject):
    """One piece of work for the executor, with callbacks on the GUI thread."""

    done = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None, fn: Work, *,
                 write: bool = True, label: str = "", cancellable: bool = False,
                 changes: tuple[str, ...] = ()) -> None:
        super().__init__(workspace)
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
        self.progress = Progress(self._bridge)
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
        db = self.workspace.db
        try:
            if self.write:
                with db.transaction() as session:
                    result = self.fn(session, self.progress)
                    if self.progress.cancelled:
                        raise Cancelled()
            else:
                with db.session() as session:
                    result = self.fn(session, self.progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self._bridge.finished.emit(None, exc)
            return
        self._bridge.finished.emit(result, None)

    # -- GUI side --------------------------------------------------------------------
    def _live_parent(self) -> QWidget | None:
        """The widget that asked, unless it was closed meanwhile."""
        parent = self.parent_widget
        return parent if parent is not None and shiboken6.isValid(parent) else None

    def _show_dialog(self) -> None:
        if self.finished:
            return
        dialog = QProgressDialog(self.label, self.tr("Cancel") if self.cancellable else "",
                                 0, 0, self._live_parent())
        dialog.setWindowTitle("crmdesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self.cancellable:
            dialog.canceled.connect(self.progress.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.show()
        self._dialog = dialog

    def _progress(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        if text:
            dialog.setLabelText(f"{self.label}\n{text}")
        dialog.setMaximum(max(total, 0))
        # last: a modal progress dialog processes events in setValue, where the
        # operation may finish and close the dialog
        dialog.setValue(min(done, total) if total else 0)

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
                if self.write and self.changes:
                    self.workspace.notify_changed(*self.changes)
                for callback in self._on_success:
                    callback(result)
            elif isinstance(exc, Cancelled):
                log.info("operation cancelled: %s", self.label)
            elif not self.workspace.handle_session_error(exc, self._live_parent()):
                if self._on_failure is not None:
                    self._on_failure(exc)
                else:
                    show_error(self._live_parent(), exc)
        finally:
            self.done.emit()


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
        return bool(self.running)
