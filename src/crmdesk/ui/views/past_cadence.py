"""Today's "Past cadence" group: the customers the user sees (managers: the team's,
administrators: everyone's) whose last contact is older than their follow-up cadence
(``core/services/cadence.py``), longest over first."""

from __future__ import annotations

import time
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from crmdesk.core.fields import choice_label
from crmdesk.core.permissions import Actor
from crmdesk.core.services import cadence
from crmdesk.core.services.cadence import PastCadence
from crmdesk.core.session import Session
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.workspace import Workspace

#: the most customers the group lists (the heading gives the total)
LIMIT = 200
#: seconds a list read is kept when nothing in this window changed customers
KEEP_SECONDS = 60.0


class Watch(QObject):
    """The user's past-cadence list, read again only when this window changed customers
    or interactions, on another day, or after :data:`KEEP_SECONDS`: ticking off tasks
    on Today does not repeat it.  Today reads it on a reader thread: :meth:`begin` (on
    the GUI thread) gives the list kept, or None and a token, and :meth:`keep` keeps
    what was read unless customers or interactions changed since :meth:`begin` (then
    the read may have missed the change and the next refresh reads it again)."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.cached: tuple[date, float, PastCadence] | None = None
        self.changes = 0  # customers or interactions written since the window opened
        workspace.changed.connect(self._changed)

    def _changed(self, entity: str) -> None:
        if entity in ("customer", "interaction"):
            self.cached = None
            self.changes += 1

    def begin(self, today: date) -> tuple[PastCadence | None, int]:
        """The list kept for *today* (None: read it), and the token for :meth:`keep`."""
        if self.cached is not None:
            day, at, found = self.cached
            if day == today and time.monotonic() - at < KEEP_SECONDS:
                return found, self.changes
        return None, self.changes

    def keep(self, token: int, today: date, found: PastCadence) -> None:
        if token == self.changes:
            self.cached = (today, time.monotonic(), found)

    @staticmethod
    def read_list(session: Session, actor: Actor, today: date) -> PastCadence:
        """The list itself (any thread: a session of the caller's)."""
        return cadence.past_cadence(session, actor, today, limit=LIMIT)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PastCadence", text)


def add_group(tree: QTreeWidget, past: PastCadence, *, with_owner: bool) -> None:
    """A group of rows under the tree's root (nothing when no customer is past)."""
    if not past.total:
        return
    shown = len(past.rows)
    title = _tr("Past cadence ({n})").format(n=past.total) if shown >= past.total else \
        _tr("Past cadence ({shown} of {n})").format(shown=shown, n=past.total)
    head = QTreeWidgetItem(tree.invisibleRootItem(), [title])
    font = head.font(0)
    font.setBold(True)
    head.setFont(0, font)
    head.setFirstColumnSpanned(True)
    head.setFlags(Qt.ItemFlag.ItemIsEnabled)
    for r in past.rows:
        contact = r.last_contact.astimezone().date() if r.last_contact else None
        what = (_tr("{name}: last contact {day}").format(name=r.name, day=contact.isoformat())
                if contact else _tr("{name}: never contacted").format(name=r.name))
        if r.intent_level:
            what += f" · {choice_label('intent_level', r.intent_level)}"
        if with_owner and r.owner_name:
            what += f" · {r.owner_name}"
        due = (contact + timedelta(days=r.cadence_days)).isoformat() if contact else ""
        kind = _tr("Past cadence: {n} days over").format(n=r.days_over)
        row = QTreeWidgetItem([what, r.name, due, kind])
        row.setIcon(0, icon("clock"))
        row.setData(0, Qt.ItemDataRole.UserRole, ("customer", r.customer_id, r.customer_id))
        row.setForeground(3, QBrush(QColor(theme.ERROR)))
        head.addChild(row)
    head.setExpanded(True)
