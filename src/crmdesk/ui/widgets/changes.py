"""A screen follows data changes for as long as it lives, and not a moment longer.

``Workspace.changed`` outlives every tab and dialog. A lambda connected to it is tied to
nothing: after the screen is closed and deleted, each change still calls the lambda, which
refreshes a dead screen ("Internal C++ object already deleted") or keeps a leaked one
running queries. :func:`on_changes` is the one way a screen listens: the connection goes
to a slot of a small child object of the screen, so Qt ends it when the screen is
destroyed.

:class:`ReadWhileShown` is how a screen whose reads are too long for the GUI thread
follows changes: on a reader thread, once for a burst, only while it is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget

from crmdesk.ui.errors import show_error

if TYPE_CHECKING:
    from crmdesk.core.session import Session
    from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)


def reading_text() -> str:
    """What a screen that reads on a reader thread says until its first read arrives."""
    return QCoreApplication.translate("ReadWhileShown", "Reading ...")


#: how long after a change a screen that reads on a reader thread reads again (the
#: changes meanwhile: one read)
REFRESH_DELAY_MS = 250


class ChangeFollower(QObject):
    """Calls *callback* when one of *kinds* (every kind when None) changed; a child of the
    screen, so its connection dies with it."""

    def __init__(self, owner: QObject, kinds: frozenset[str] | None,
                 callback: Callable[[], object]) -> None:
        super().__init__(owner)
        self.setObjectName("change-follower")
        self.kinds = kinds
        self.callback = callback

    @Slot(str)
    def changed(self, entity: str) -> None:
        if self.kinds is None or entity in self.kinds:
            self.callback()


def on_changes(workspace: Workspace, owner: QObject, kinds: Iterable[str] | None,
               callback: Callable[[], object]) -> ChangeFollower:
    """Call *callback* (usually ``owner.refresh``) whenever one of the record types *kinds*
    ("task", "ticket" ...; None: any) is announced on ``workspace.changed``, until *owner*
    is destroyed::

        on_changes(workspace, self, ("task", "ticket"), self.refresh)
    """
    follower = ChangeFollower(owner, None if kinds is None else frozenset(kinds), callback)
    workspace.changed.connect(follower.changed)
    return follower


class ReadWhileShown(QObject):
    """The reads of a screen that follows changes but reads too long for the GUI thread
    (a million customers): each read runs on a reader thread (``Workspace.read_later``)
    and the GUI thread only shows what arrived.

    A change (:meth:`changed`, given to :func:`on_changes`) reads again only while
    *owner* is shown, after *delay_ms*, so a burst of changes (an import, a merge) gives
    one read; a change while it is hidden is read when it is shown next; a read asked
    for while one runs gives exactly one more after it.  The screen's ``refresh`` calls
    :meth:`read` with what reads; *show* gets the result on the GUI thread; an exception
    a read raised is logged and shown as an error over *owner*."""

    def __init__(self, owner: QWidget, workspace: Workspace, refresh: Callable[[], object],
                 show: Callable[[Any], object], delay_ms: int = REFRESH_DELAY_MS) -> None:
        super().__init__(owner)
        self.setObjectName("read-while-shown")
        self.owner = owner
        self.workspace = workspace
        self.show = show
        self.reads = 0  # reads started
        self.first_shown = False  # a read has arrived (until then: reading_text())
        self._refresh = refresh
        self._reading = False  # a read runs on a reader thread
        self._again = False  # asked for while it ran: read once more after it
        self._stale = False  # changed while hidden: read when shown
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(refresh)

    @property
    def refreshing(self) -> bool:
        """A read is due or runs (tests wait until it is shown)."""
        return self._reading or self.timer.isActive()

    def changed(self) -> None:
        """Something the screen shows was written: read again shortly while it is shown
        (the changes until then give one read), else when it is shown next."""
        if not self.owner.isVisible():
            self._stale = True
        elif not self.timer.isActive():
            self.timer.start()

    def shown(self) -> None:
        """The screen was shown (its ``showEvent``): read what changed while hidden."""
        if self._stale:
            self._refresh()

    def read(self, prepare: Callable[[], Callable[[Session], Any]]) -> None:
        """Read on a reader thread: *prepare* (GUI thread, called only when the read
        starts) takes what the read needs and gives the work, which runs in a session
        of its own; its result goes to *show*.  While a read runs, one more follows it."""
        self.timer.stop()
        self._stale = False
        if self.workspace.closed:  # the window is closing: nothing more to read
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        self.reads += 1
        work, db = prepare(), self.workspace.db

        def run() -> Any:
            with db.session() as session:
                return work(session)

        self.workspace.read_later(self, run, self._arrived)

    def _arrived(self, found: Any) -> None:
        self._reading = False
        if self.workspace.closed:
            return
        if isinstance(found, BaseException):
            log.warning("%s could not be read", type(self.owner).__name__, exc_info=found)
            if not self.workspace.handle_session_error(found, self.owner):
                show_error(self.owner, found)
        else:
            self.first_shown = True
            self.show(found)
        if self._again:
            self._again = False
            self._refresh()
