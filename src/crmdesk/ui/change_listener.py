"""Changes other people saved appear in the open screens without a restart.

On a PostgreSQL server every committed write sends ``NOTIFY crmdesk_changes``
with the record types it wrote (:mod:`crmdesk.core.changes`).  The window keeps
one connection of its own that ``LISTEN``s on that channel; a socket notifier
wakes it when something arrives (no polling, no thread), and the record types
are announced on ``Workspace.changed`` exactly as after the window's own writes.
Notifications arriving together are merged (a burst of saves, an import) and
announced once, a quarter second later.

If the listening connection is lost (server restart, network), the window tries
again every half minute and then refreshes everything once, since it may have
missed something meanwhile.

On a ``.crmdb`` file (another window editing it while this one has it read-only,
a command beside the window) :class:`FileWatcher` asks SQLite every few seconds
whether another connection committed (``PRAGMA data_version``); which record
types is not known there, so every open screen refreshes.  A change seen while
this process also committed is taken as its own (already announced).

One session per user per machine: the same connection holds a session-level
advisory lock keyed on the crmdesk user and this computer's name.  A second login
of that user from this computer (:func:`claim_session`, before the window opens)
finds it taken and asks: cancel, or take over, which tells the first window (a
notification on the same channel) to end its session; it lets go of the lock at
once and says why, and the new window waits up to ten seconds for the lock.  (A
file has its own rule: a second window opens it read-only, see ``file_lock``.)
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import time
import zlib
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from crmdesk.core import changes
from crmdesk.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

MERGE_MS = 250
RETRY_MS = 30_000
#: what a reconnect refreshes (something may have been missed meanwhile)
#: the advisory lock class of "this user is signed in on this computer"
SESSION_LOCK = 4392212
TAKE_OVER_WAIT_S = 10
ENDED = QT_TRANSLATE_NOOP("Session", "You signed in as {user} again on this computer, in "
                                     "another crmdesk window: this window's session has "
                                     "ended. Unsaved changes here were not saved.")

#: connections holding a session claimed at login, for the workspace that follows
_claimed: dict[int, tuple[Any, str]] = {}


def session_key(user_id: int) -> int:
    """The lock of one crmdesk user on this computer (a signed 32-bit key)."""
    return zlib.crc32(f"{user_id}@{socket.gethostname()}".encode()) - 2**31


def _listening_connection(db: Any) -> Any:
    """A psycopg connection of our own (out of the pool), autocommit, listening."""
    pooled = db.engine.raw_connection()
    conn = pooled.driver_connection
    pooled.detach()  # ours for good: never handed back to the pool
    db.closers.append(conn.close)  # ... but closed with the database, whoever forgets it
    try:
        conn.rollback()
        conn.autocommit = True
        conn.execute(f"LISTEN {changes.CHANNEL}")
    except Exception:
        conn.close()
        raise
    return conn


def _try_lock(conn: Any, key: int) -> bool:
    return bool(conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                             (SESSION_LOCK, key)).fetchone()[0])


def _wait_for_lock(conn: Any, key: int, seconds: float) -> bool:
    """Try the lock until it is free or *seconds* pass, the event loop running (the
    window being taken over may be in this process)."""
    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    timer = QTimer(interval=200)
    got = [False]

    def attempt() -> None:
        if _try_lock(conn, key):
            got[0] = True
            loop.quit()
        elif time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(attempt)
    timer.start()
    attempt()
    if not got[0] and time.monotonic() <= deadline:
        loop.exec()
    timer.stop()
    return got[0]


def claim_session(parent: QWidget | None, db: Any, actor: Any) -> bool:
    """At login on a server: hold "this user on this computer", or ask when another
    window has it (take over / cancel).  False: do not open the window."""
    if db.path is not None or db.backend.name != "postgresql":
        return True
    try:
        conn = _listening_connection(db)
    except Exception as exc:  # noqa: BLE001 - cannot tell: let the user in
        log.warning("cannot check other sessions of %s: %s", actor.username, exc)
        return True
    key = session_key(actor.user_id)
    token = secrets.token_hex(8)
    if _try_lock(conn, key):
        _claimed[id(db)] = (conn, token)
        return True
    title = QCoreApplication.translate("Session", "Already signed in")
    answer = QMessageBox.question(
        parent, title,
        QCoreApplication.translate("Session", "{user} is already signed in to this server on this computer, in "
                      "another crmdesk window. Take over here? That window ends its session "
                      "(its unsaved changes are lost).").format(user=actor.display_name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        conn.close()
        return False
    conn.execute("SELECT pg_notify(%s, %s)", (changes.CHANNEL, json.dumps(
        {"from": changes.SENDER, "entities": [], "take_over": key, "by": token})))
    from PySide6.QtGui import QCursor, QGuiApplication

    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))  # up to 10 s
    try:
        got = _wait_for_lock(conn, key, TAKE_OVER_WAIT_S)
    finally:
        QGuiApplication.restoreOverrideCursor()
    if got:
        _claimed[id(db)] = (conn, token)
        return True
    conn.close()
    QMessageBox.warning(parent, title, QCoreApplication.translate(
        "Session", "The other window did not end its session. Close it there, then sign "
                   "in again."))
    return False


EVERYTHING = ("customer", "contact", "interaction", "opportunity", "order", "ticket", "task",
              "campaign", "product", "user", "diary", "work_plan", "reminder", "settings")


class ChangeListener(QObject):
    """``LISTEN crmdesk_changes`` for a workspace on a server database."""

    def __init__(self, workspace: Any) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self.conn: Any = None
        self.notifier: QSocketNotifier | None = None
        self.pending: set[str] = set()
        self.received = 0  # notifications from others (for tests and the log)
        self.merge = QTimer(self, singleShot=True, interval=MERGE_MS)
        self.merge.timeout.connect(self._announce)
        self.retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self.retry.timeout.connect(self._reconnect)
        self.stopped = False
        self.key = session_key(workspace.actor.user_id)
        self.token = ""  # this window's claim (a take-over by it is not for it)

    # -- the connection ------------------------------------------------------------
    def connect_now(self) -> bool:
        """Open the listening connection; False (and a retry later) when it fails."""
        claimed = _claimed.pop(id(self.workspace.db), None)
        if claimed is not None:  # made at login, holding this user's session
            conn, self.token = claimed
        else:
            try:
                conn = _listening_connection(self.workspace.db)
                _try_lock(conn, self.key)  # (a window started without claim_session)
            except Exception as exc:  # noqa: BLE001 - a server away: try again later
                log.warning("cannot listen for changes from others: %s", exc)
                self.retry.start()
                return False
        self.conn = conn
        self.notifier = QSocketNotifier(conn.pgconn.socket, QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._readable)
        return True

    def _reconnect(self) -> None:
        if self.stopped or self.workspace.closed:
            return
        if self.connect_now():
            self.pending.update(EVERYTHING)  # whatever was saved while we were away
            self.merge.start()

    def _lost(self, exc: BaseException) -> None:
        log.warning("listening for changes from others stopped: %s", exc)
        self._close()
        self.retry.start()

    def _close(self) -> None:
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass
            self.conn = None

    def stop(self) -> None:
        self.stopped = True
        self.merge.stop()
        self.retry.stop()
        self._close()

    # -- notifications -------------------------------------------------------------
    def _readable(self) -> None:
        if self.conn is None:
            return
        pgconn = self.conn.pgconn
        try:
            pgconn.consume_input()
            while self.conn is not None and (note := pgconn.notifies()) is not None:
                self._received(note.extra.decode("utf-8", "replace"))
            if self.conn is None:  # taken over: stopped while reading
                return
        except Exception as exc:  # noqa: BLE001 - the connection broke
            self._lost(exc)
            return
        if pgconn.status != 0:  # CONNECTION_OK
            self._lost(RuntimeError("connection closed"))

    def _received(self, raw: str) -> None:
        if '"take_over"' in raw:
            self._take_over(raw)
            return
        parsed = changes.parse(raw)
        if parsed is None:
            return
        sender, entities = parsed
        if sender == changes.SENDER:
            return  # this window's own writes: already announced
        self.received += 1
        self.pending.update(entities)
        if not self.merge.isActive():
            self.merge.start()

    def _take_over(self, raw: str) -> None:
        """Another window signs in as this user on this computer and takes over: let
        go of the session at once, then end it here."""
        try:
            data = json.loads(raw)
        except ValueError:
            return
        if data.get("take_over") != self.key or data.get("by") == self.token:
            return
        self.stop()  # the lock goes with the connection
        actor = self.workspace.actor
        self.workspace.session_ended.emit(QCoreApplication.translate("Session", ENDED).format(
            user=actor.display_name))

    def _announce(self) -> None:
        if self.stopped or self.workspace.closed or not self.pending:
            return
        entities = sorted(self.pending)
        self.pending.clear()
        log.debug("changed by others: %s", ", ".join(entities))
        self.workspace.notify_changed(*entities)


class FileWatcher(QObject):
    """``PRAGMA data_version`` of a ``.crmdb``, every few seconds."""

    INTERVAL_MS = 3000

    def __init__(self, workspace: Any) -> None:
        import sqlite3

        super().__init__(workspace)
        self.workspace = workspace
        self.received = 0
        self.conn: Any = sqlite3.connect(f"{workspace.db.path.resolve().as_uri()}?mode=ro",
                                         uri=True, check_same_thread=False)
        self.version = self._version()
        self.commits = changes.local_commits
        self.timer = QTimer(self, interval=self.INTERVAL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> None:
        if self.conn is None or self.workspace.closed:
            return
        try:
            version = self._version()
        except Exception as exc:  # noqa: BLE001 - the file went away: stop watching
            log.warning("cannot watch %s for changes: %s", self.workspace.db.path, exc)
            self.stop()
            return
        mine = changes.local_commits != self.commits
        self.commits = changes.local_commits
        if version == self.version:
            return
        self.version = version
        if not mine:
            self.received += 1
            self.workspace.notify_changed(*EVERYTHING)

    def stop(self) -> None:
        self.timer.stop()
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def listen_for_changes(workspace: Any) -> ChangeListener | FileWatcher | None:
    """Start listening for a workspace: a server's notifications, a file's version."""
    db = workspace.db
    if db.path is not None:
        try:
            return FileWatcher(workspace)
        except Exception as exc:  # noqa: BLE001 - no watching; the window still works
            log.warning("cannot watch %s for changes: %s", db.path, exc)
            return None
    if db.backend.name != "postgresql":
        return None
    listener = ChangeListener(workspace)
    listener.connect_now()
    return listener
