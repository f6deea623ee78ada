"""The Today panel: overdue and due-today follow-ups and tickets for the logged-in user;
for a manager also the team's, for an administrator everyone's, grouped by person.

Its lists (the agenda, the customers past their cadence, the service-level breaches)
are read on a reader thread (:meth:`TodayPanel.refresh`), never on the GUI thread: at a
million customers they take seconds.  A change (every save of a customer, task, ticket
or interaction) refreshes the panel only while it is shown, after
:data:`~crmdesk.ui.widgets.changes.REFRESH_DELAY_MS`, so a burst of changes (an import,
a merge) gives one read; a change while it is hidden is read when it is shown next; a
change while a read runs gives one more read after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.permissions import Actor
from crmdesk.core.services import service_levels as sl
from crmdesk.core.services.cadence import PastCadence
from crmdesk.core.services.tasks import AgendaItem, agenda, tasks
from crmdesk.core.session import Session
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views import past_cadence
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.sla import show_breaches
from crmdesk.ui.widgets.changes import ReadWhileShown, on_changes
from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
KIND_ICON = {"task": "clock", "ticket": "life-buoy", "customer": "building-2"}
#: the record types whose changes Today shows
WATCHED = ("task", "ticket", "customer", "interaction")


@dataclass(frozen=True)
class TodayLists:
    """What the panel shows, read together on a reader thread."""

    day: date
    items: list[AgendaItem]
    past: PastCadence
    breaches: list[sl.BreachFlag]


def read_lists(session: Session, actor: Actor, today: date, *, team: bool,
               past: PastCadence | None) -> TodayLists:
    """The agenda, the customers past their cadence (*past*: the list kept, not read
    again) and the breaches escalated to *actor* (any thread)."""
    items = agenda(session, actor, today, team=team)
    if past is None:
        past = past_cadence.Watch.read_list(session, actor, today)
    return TodayLists(today, items, past, sl.breach_flags(session, actor))


class TodayPanel(Document):
    key = "today"
    #: the lists were read again and are shown (tests wait for it)
    refreshed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.items: list[AgendaItem] = []
        self.past = PastCadence(0, [])
        self._shown: TodayLists | None = None  # what the tree shows
        self.reader = ReadWhileShown(self, workspace, self.refresh, self._arrived)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.subheading = QLabel()
        self.subheading.setProperty("role", "subtitle")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("What"), self.tr("Customer"), self.tr("Due"),
                                   self.tr("Kind")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 420)
        self.tree.setColumnWidth(1, 220)
        self.tree.setColumnWidth(2, 140)
        self.tree.itemDoubleClicked.connect(self._open)
        self.tree.itemChanged.connect(self._checked)
        done = QPushButton(icon("check"), self.tr("Mark done"))
        done.clicked.connect(self.mark_done)
        refresh = QPushButton(icon("refresh-cw"), self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        reminders = QPushButton(icon("clock"), self.tr("Reminders"))
        reminders.setToolTip(self.tr("Your reminders: snooze or dismiss them"))
        reminders.clicked.connect(lambda: self.open_requested.emit("reminders", None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.subheading, 1)
        buttons.addWidget(reminders)
        buttons.addWidget(done)
        buttons.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self.past_watch = past_cadence.Watch(workspace, self)  # first: hears changes first
        on_changes(workspace, self, WATCHED, self.reader.changed)
        self.refresh()

    def title(self) -> str:
        return self.tr("Today")

    def icon(self) -> QIcon:
        return icon("sun")

    @property
    def for_team(self) -> bool:
        """Managers and administrators see the work of the people they lead."""
        actor = self.workspace.actor
        return actor.is_admin or actor.is_manager

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reader.shown()

    def refresh(self) -> None:
        """Read the lists on a reader thread (the Refresh button, a change while
        shown); they are shown when they arrive.  While a read runs, one more follows
        it."""
        def prepare() -> Callable[[Session], tuple[int, TodayLists]]:
            today, actor, team = date.today(), self.workspace.actor, self.for_team
            kept, token = self.past_watch.begin(today)  # customers past their cadence
            return lambda session: (token, read_lists(session, actor, today, team=team,
                                                      past=kept))

        self.reader.read(prepare)

    def _arrived(self, result: tuple[int, TodayLists]) -> None:
        token, found = result
        self.past_watch.keep(token, found.day, found.past)
        self.show_lists(found)


    def show_lists(self, lists: TodayLists) -> None:
        """Fill the tree (GUI thread; nothing read here).  The same lists as shown
        (a save that changed nothing Today shows) leave the tree as it is."""
        if lists == self._shown:
            self.refreshed.emit()
            return
        self._shown = lists
        today = lists.day
        self.items, self.past = lists.items, lists.past
        locale = QLocale()
        self.heading.setText(self.tr("Today, {day}").format(
            day=locale.toString(QDate(today.year, today.month, today.day),
                                QLocale.FormatType.LongFormat)))
        overdue = [i for i in self.items if i.overdue]
        due = [i for i in self.items if not i.overdue]
        self.subheading.setText(self.tr("{overdue} overdue, {due} due today").format(
            overdue=len(overdue), due=len(due)))
        self.tree.blockSignals(True)
        self.tree.clear()
        self.tree.setRootIsDecorated(self.for_team)
        if self.for_team:
            self._fill_by_person()
        else:
            for title, group in ((self.tr("Overdue"), overdue), (self.tr("Due today"), due)):
                self._group(self.tree.invisibleRootItem(), f"{title} ({len(group)})", group)
        past_cadence.add_group(self.tree, self.past, with_owner=self.for_team)
        show_breaches(self.tree, lists.breaches)  # service levels breached (escalated)
        self.tree.blockSignals(False)
        self.status_changed.emit(self.status_text())
        self.refreshed.emit()

    def _fill_by_person(self) -> None:
        """One group per person (the user first), overdue work before today's."""
        people: dict[int | None, list[AgendaItem]] = {}
        for item in self.items:
            people.setdefault(item.person_id, []).append(item)
        me = self.workspace.actor.user_id
        order = sorted(people, key=lambda p: (p != me, people[p][0].person_name, p or 0))
        for person in order:
            group = sorted(people[person], key=lambda i: not i.overdue)
            overdue = sum(1 for i in group if i.overdue)
            name = group[0].person_name or self.tr("(nobody)")
            self._group(self.tree.invisibleRootItem(), self.tr(
                "{name}: {overdue} overdue, {due} due today").format(
                    name=name, overdue=overdue, due=len(group) - overdue), group)

    def _group(self, parent: QTreeWidgetItem, title: str, group: list[AgendaItem]) -> None:
        head = QTreeWidgetItem(parent, [title])
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        head.setFirstColumnSpanned(True)
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for item in group:
            due_text = item.due.astimezone().strftime("%Y-%m-%d %H:%M") \
                if isinstance(item.due, datetime) else (item.due.isoformat() if item.due else "")
            kind = {"task": self.tr("Follow-up task"), "ticket": self.tr("Service ticket"),
                    "customer": self.tr("Planned follow-up")}[item.kind]
            row = QTreeWidgetItem([item.title, item.customer_name or "", due_text, kind])
            row.setIcon(0, icon(KIND_ICON[item.kind]))
            row.setData(0, Qt.ItemDataRole.UserRole, (item.kind, item.id, item.customer_id))
            if item.kind == "task":
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(0, Qt.CheckState.Unchecked)
            row.setForeground(2, QBrush(QColor(theme.ERROR if item.overdue else theme.TEXT_STRONG)))
            head.addChild(row)
        head.setExpanded(True)

    def status_text(self) -> str:
        return self.tr("{n} items").format(n=len(self.items))

    def new_kind(self) -> str | None:
        return "task"

    def new_record(self) -> None:
        """Ctrl+N here: a new follow-up task, due today."""
        from datetime import time

        due = datetime.combine(date.today(), time(17, 0)).astimezone()
        self.open_requested.emit("new", ("task", {"due_at": due}))

    def _open(self, row: QTreeWidgetItem, _col: int = 0) -> None:
        data = row.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        kind, record_id, _customer = data
        self.open_requested.emit("record", (kind, record_id))

    def _checked(self, row: QTreeWidgetItem, column: int) -> None:
        data = row.data(0, Qt.ItemDataRole.UserRole)
        if data and data[0] == "task" and row.checkState(0) == Qt.CheckState.Checked:
            self._complete([data[1]])

    def mark_done(self) -> None:
        ids = [d[1] for row in self.tree.selectedItems()
               if (d := row.data(0, Qt.ItemDataRole.UserRole)) and d[0] == "task"]
        if ids:
            self._complete(ids)

    def _complete(self, ids: list[int]) -> None:
        actor = self.workspace.actor

        def work(session: Session, _p: Any) -> None:
            for task_id in ids:
                tasks.complete(session, actor, task_id)

        self.workspace.op(self, work, changes=("task",)).run()
