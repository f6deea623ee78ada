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
from crmdesk.core.services import cadence
from crmdesk.core.services.cadence import PastCadence
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.workspace import Workspace

#: the most customers the group lists (the heading gives the total)
LIMIT = 200
#: seconds a list read is kept when nothing in this window changed customers
KEEP_SECONDS = 60.0


class Watch(QObject):
    """The user's past-cadence list, read again only when this window changed customers
    or interactions, on another day, or after :data:`KEEP_SECONDS`: an administrator's
    list reads every live customer, so ticking off tasks on Today does not repeat it.
    Made before the panel connects its own refresh, so it hears of a change first."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.cached: tuple[date, float, PastCadence] | None = None
        workspace.changed.connect(self._changed)

    def _changed(self, entity: str) -> None:
        if entity in ("customer", "interaction"):
            self.cached = None

    def read(self, today: date) -> PastCadence:
        if self.cached is not None:
            day, at, found = self.cached
            if day == today and time.monotonic() - at < KEEP_SECONDS:
                return found
        actor = self.workspace.actor
        found = self.workspace.read(lambda s: cadence.past_cadence(s, actor, today,
                                                                   limit=LIMIT))
        self.cached = (today, time.monotonic(), found)
        return found


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
