"""The logged-in session behind the window: database, user, executor, change signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import written_entities
from crmdesk.core.session import Session
from crmdesk.errors import AccountDisabled, AccountFrozen
from crmdesk.jobs import Job
from crmdesk.storage.database import Database
from crmdesk.ui.operations import Executor, LongJob, LongWork, Operation, Work

T = TypeVar("T")


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
        self.closed = False
        from crmdesk.core.record_types import activate

        self.read(activate)  # the file's designed record types, by their keys
        from crmdesk.ui.change_listener import listen_for_changes

        self.listener = listen_for_changes(self)  # a server: others' saves refresh screens

    def read(self, fn: Callable[[Session], T]) -> T:
        """A short read in the GUI thread (a page of rows, one record)."""
        with self.db.session() as session:
            return fn(session)

    def run_read(self, fn: Callable[[], None]) -> None:
        """A longer read (a million ids) on a reader thread; *fn* reports back by signal."""
        self.readers.start(fn)

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
        self.readers.waitForDone()
        self.db.close()
