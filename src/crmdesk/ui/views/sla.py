"""Service levels in the window: the SLA line of the ticket form, the breaches in the
manager's Today, the list of breached / at-risk tickets (Service > Service levels) and
the check on the reminders' timer (``core.services.service_levels``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.presentation import datetime_text
from crmdesk.core.services import service_levels as sl
from crmdesk.core.session import Session
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import ReadWhileShown, on_changes, reading_text
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate
#: the colour of each state (the state is also written out: colour is not the only sign)
STATE_COLOURS = {"breached": theme.ERROR, "missed": theme.ERROR, "at_risk": theme.WARNING,
                 "met": theme.SUCCESS}


def span_text(minutes: float) -> str:
    """Working time as people read it: "3 h 05 min", "45 min" (in Chinese 3小时05分)."""
    whole = int(abs(minutes))
    hours, mins = divmod(whole, 60)
    if not hours:
        return translate("ServiceLevels", "{m} min").format(m=mins)
    if not mins:
        return translate("ServiceLevels", "{h} h").format(h=hours)
    return translate("ServiceLevels", "{h} h {m} min").format(h=hours, m=f"{mins:02d}")


def target_text(status: sl.TargetStatus) -> str:
    """"First response: at risk, 45m left (due 2027-03-01 13:00)"."""
    parts = [status.text]
    if status.minutes_left is not None:
        if status.minutes_left >= 0:
            parts.append(translate("ServiceLevels", "{time} left").format(
                time=span_text(status.minutes_left)))
        else:
            parts.append(translate("ServiceLevels", "{time} over").format(
                time=span_text(-status.minutes_left)))
    text = ", ".join(parts)
    if status.due_at is not None:
        text += " " + translate("ServiceLevels", "(due {time})").format(
            time=datetime_text(status.due_at))
    return f"{sl.target_name(status.target)}: {text}"


class SlaLine(QLabel):
    """The ticket form's service-level line: each target's state and time left."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("sla-line")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.statuses: list[sl.TargetStatus] = []

    def load(self, ticket_id: int | None) -> None:
        if ticket_id is None:
            self.statuses = []
            self.hide()
            return
        actor = self.workspace.actor
        self.statuses = self.workspace.read(lambda s: sl.ticket_status(s, actor, ticket_id))
        shown = []
        for status in self.statuses:
            if status.state == "none":
                continue
            colour = STATE_COLOURS.get(status.state, theme.TEXT_STRONG)
            text = target_text(status).replace("&", "&amp;").replace("<", "&lt;")
            weight = "bold" if status.state in ("breached", "at_risk") else "normal"
            shown.append(f'<span style="color:{colour}; font-weight:{weight}">{text}</span>')
        self.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(shown))
        self.setVisible(bool(shown))

    def plain_text(self) -> str:
        return "  ·  ".join(target_text(s) for s in self.statuses if s.state != "none")


def show_breaches(tree: QTreeWidget, flags: list[sl.BreachFlag]) -> int:
    """Today: a group of the service-level breaches escalated to the user (a manager's
    team's; an administrator's: all), first in the list, from *flags* read beforehand
    (``service_levels.breach_flags``, on a reader thread).  Returns how many."""
    if not flags:
        return 0
    head = QTreeWidgetItem([translate("ServiceLevels", "Service levels breached ({n})").format(
        n=len(flags))])
    tree.insertTopLevelItem(0, head)
    font = head.font(0)
    font.setBold(True)
    head.setFont(0, font)
    head.setIcon(0, icon("triangle-alert", theme.ERROR))
    head.setFirstColumnSpanned(True)
    head.setFlags(Qt.ItemFlag.ItemIsEnabled)
    for flag in flags:
        row = QTreeWidgetItem([
            f"{flag.code} {flag.subject}",
            flag.assignee, datetime_text(flag.due_at),
            translate("ServiceLevels", "{target} breached").format(target=flag.target_text)])
        row.setIcon(0, icon("triangle-alert", theme.ERROR))
        row.setData(0, Qt.ItemDataRole.UserRole, ("ticket", flag.ticket_id, flag.customer_id))
        row.setForeground(3, QBrush(QColor(theme.ERROR)))
        head.addChild(row)
    head.setExpanded(True)
    return len(flags)


def check_breaches(parent: QWidget, workspace: Workspace, after: Any = None) -> None:
    """Escalate newly breached tickets (the reminders' timer runs this every minute); the
    reminders are read again when something was escalated."""
    if workspace.closed:
        return

    def work(session: Session, _job: Any) -> int:
        return len(sl.escalate(session))

    def done(made: int) -> None:
        if made:
            workspace.changed.emit("ticket")  # Today shows the new flags
            if after is not None:
                after()

    workspace.op(parent, work, background=True).success(done).failure(
        lambda _exc: None).run()


class SlaTicketsView(Document):
    """Service > Service levels: the visible tickets whose first response or resolution
    is breached (or at risk) now, the soonest due first; double-click opens one."""

    key = "sla"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.rows: list[sl.SlaTicket] = []
        self.state = QComboBox()
        self.state.addItem(sl.state_name("breached"), "breached")
        self.state.addItem(sl.state_name("at_risk"), "at_risk")
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table: QTableWidget = simple_table([
            self.tr("Ticket"), self.tr("Subject"), self.tr("Target"), self.tr("State"),
            self.tr("Due"), self.tr("Time left"), self.tr("Assignee")])
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        title = QLabel(self.tr("Service levels"))
        title.setProperty("role", "title")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.state)
        top.addStretch()
        top.addWidget(action_button("refresh-cw", self.tr("Refresh"), self.refresh))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        # read on a reader thread, only while shown: a ticket's service-level state is
        # worked out one ticket at a time (0.1-0.16 s for staff at a million customers)
        self.reader = ReadWhileShown(self, workspace, self.refresh, self.show_rows)
        on_changes(workspace, self, ("ticket", "settings"), self.reader.changed)
        self.refresh()

    def title(self) -> str:
        return self.tr("Service levels")

    def icon(self) -> QIcon:
        return icon("triangle-alert")

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reader.shown()

    def refresh(self) -> None:
        """Read the tickets on a reader thread (the state chosen, Refresh, a change while
        shown); they are shown when they arrive."""
        def prepare() -> Callable[[Session], tuple[str, list[sl.SlaTicket]]]:
            actor, state = self.workspace.actor, str(self.state.currentData())
            return lambda session: (state, sl.tickets_in_state(session, actor, state))

        self.reader.read(prepare)

    def show_rows(self, read: tuple[str, list[sl.SlaTicket]]) -> None:
        """Fill the table (GUI thread; nothing read here); rows read for the other state
        are not shown (a read for the one chosen follows)."""
        state, rows = read
        if state != str(self.state.currentData()):
            return
        self.rows = rows
        self.table.setRowCount(len(self.rows))
        colour = QBrush(QColor(STATE_COLOURS.get(state, theme.TEXT_STRONG)))
        for row, found in enumerate(self.rows):
            left = found.status.minutes_left
            left_text = "" if left is None else (
                span_text(left) if left >= 0 else
                translate("ServiceLevels", "{time} over").format(time=span_text(-left)))
            set_row(self.table, row, [
                found.code, found.subject, sl.target_name(found.status.target),
                found.status.text,
                datetime_text(found.status.due_at) if found.status.due_at else "",
                left_text, found.assignee], found.ticket_id)
            for col in (3, 5):
                item = self.table.item(row, col)
                if item is not None:
                    item.setForeground(colour)
        self.table.resizeColumnsToContents()
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        if not self.reader.first_shown:
            return reading_text()
        return self.tr("{n} tickets").format(n=len({r.ticket_id for r in self.rows}))

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.open_requested.emit("record", ("ticket", self.rows[row].ticket_id))
