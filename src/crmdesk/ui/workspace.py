"""The logged-in session behind the window: database, user, executor, change signals.

Reads too long for the GUI thread (a million ids, Today's lists) run on reader threads
through :meth:`Workspace.read_later`, the one way their results come back: through an
object that lives as long as the workspace (whose closing waits for the readers), so
no reader thread ever emits on a screen that may be destroyed meanwhile, and a screen
closed before its result arrives is simply not told.  A read that takes minutes (the
file's integrity check after opening: half an hour at ten million customers) runs on
a thread of its own (``long=True``), so the screens keep both reader threads.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import written_entities
from crmdesk.core.session import Session
from crmdesk.errors import AccountDisabled, AccountFrozen
from crmdesk.jobs import Job
from crmdesk.storage.database import Database
from crmdesk.ui.operations import Executor, LongJob, LongWork, Operation, Work

T = TypeVar("T")


class _Deliveries(QObject):
    """Carries what reader threads read to the GUI thread (:meth:`Workspace.read_later`).

    A reader thread holds only a number: the screen that asked and where its result goes
    stay here, on the GUI thread, so the last reference to a screen is never dropped on
    a reader thread (a Qt object must be destroyed on its own thread)."""

    #: from a reader thread: the read's number and its result
    arrived = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self._waiting: dict[int, tuple[QObject, Callable[[Any], object]]] = {}
        self._numbers = itertools.count(1)
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def ticket(self, owner: QObject, show: Callable[[Any], object]) -> int:
        number = next(self._numbers)
        self._waiting[number] = (owner, show)
        return number

    @Slot(int, object)
    def _deliver(self, number: int, result: Any) -> None:
        owner, show = self._waiting.pop(number)
        if shiboken6.isValid(owner):  # not destroyed meanwhile
            show(result)


class Workspace(QObject):
    """Everything a screen needs to talk to the services."""

    #: an entity type was written ("customer", "opportunity" ...): views refresh
    changed = Signal(str)
    #: the account was frozen or disabled: the window logs out with this message
    session_ended = Signal(str)

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.executor = Executor()
        self.readers = QThreadPool()
        self.readers.setMaxThreadCount(2)
        #: the thread of the reads that take minutes (see read_later)
        self.long_readers = QThreadPool()
        self.long_readers.setMaxThreadCount(1)
        self._deliveries = _Deliveries()
        #: cancelled when the workspace closes or a restore swaps the file (quiet): long
        #: reads that take it (the file's integrity check) stop then, instead of keeping
        #: the window from closing
        self.reading = Job()
        self.closed = False
        from crmdesk.core.record_types import activate

        self.read(activate)  # the file's designed record types, by their keys
        from crmdesk.ui.change_listener import listen_for_changes

        self.listener = listen_for_changes(self)  # a server: others' saves refresh screens

    def read(self, fn: Callable[[Session], T]) -> T:
        """A short read in the GUI thread (a page of rows, one record)."""
        with self.db.session() as session:
            return fn(session)

    def read_later(self, owner: QObject, work: Callable[[], T],
                   show: Callable[[T | Exception], object], *, long: bool = False) -> None:
        """A longer read (a million ids) on a reader thread: *work* runs there (it opens
        its own session), and what it returns, or the exception it raised, goes to *show*
        on the GUI thread, unless *owner* (the screen that asked) was destroyed by then.
        *work* must not hold the screen (give it the values it needs).

        *long*: a read of minutes (the whole file's check), on a thread of its own: the
        two reader threads stay free for the screens meanwhile.  It should stop when
        :attr:`reading` is cancelled (:meth:`quiet`)."""
        number, arrived = self._deliveries.ticket(owner, show), self._deliveries.arrived

        def run() -> None:
            result: T | Exception
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - handed to show, on the GUI thread
                result = exc
            arrived.emit(number, result)

        (self.long_readers if long else self.readers).start(run)

    def quiet(self) -> None:
        """Stop the long reads and wait until no reader thread reads the file (before
        it is closed or swapped for a restored one)."""
        self.reading.cancel()
        self.readers.waitForDone()
        self.long_readers.waitForDone()
        self.reading = Job()  # for long reads started later (on the restored file)

    def op(self, parent: QWidget | None, fn: Work, **kwargs: Any) -> Operation:
        """A unit of work for the executor: ``ws.op(self, fn, changes=("customer",)).run()``;
        ``fn(session, job)`` runs in a session (a transaction unless ``write=False``).

        Besides the record types named in *changes*, every type the work actually wrote
        (a quick log also changes its customer, a merge moves tasks ...) is announced on
        :attr:`changed` when it succeeds, so no open screen keeps showing an old version.
        """
        holder: list[Operation] = []

        def tracked(session: Session, job: Job) -> Any:
            result = fn(session, job)
            operation = holder[0]
            more = sorted(written_entities(session) - set(operation.changes))
            if more:  # read on the GUI thread only after the finished signal
                operation.changes = (*operation.changes, *more)
            return result

        operation = Operation(self, parent, tracked, **kwargs)
        holder.append(operation)
        return operation

    def job(self, parent: QWidget | None, fn: LongWork, *, label: str = "",
            cancellable: bool = False, changes: tuple[str, ...] = ()) -> LongJob:
        """A long job for the executor: ``fn(db, job)`` gets the :class:`Database` and
        opens its own transactions (an import, an export, a report, a backup).

        *label* shows a progress dialog after 600 ms (with Cancel when *cancellable*);
        *changes* are announced on :attr:`changed` when it succeeds.
        """
        return LongJob(self, parent, fn, label=label, cancellable=cancellable,
                       changes=changes)

    def notify_changed(self, *entities: str) -> None:
        for entity in entities:
            self.changed.emit(entity)

    def handle_session_error(self, exc: BaseException, parent: QWidget | None) -> bool:
        """Frozen or disabled accounts end the session; returns True when handled."""
        if isinstance(exc, AccountFrozen | AccountDisabled):
            self.session_ended.emit(exc.message)
            return True
        return False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.listener is not None:
            self.listener.stop()
        self.executor.wait()
        self.quiet()
        self.db.close()
