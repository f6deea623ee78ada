"""Reminders in the window: the list (a tab, from the navigation pane or Today), and the
watcher that checks every minute and shows a due reminder as a system notification -
or, where there is no system tray, as a banner at the top of the window.  The watcher
reads on a reader thread, never on the GUI thread (:class:`ReminderWatcher`), and so does
the list (:class:`RemindersView`, through :class:`~crmdesk.ui.widgets.changes.ReadWhileShown`).

Each reminder can be opened, snoozed (10 minutes, 1 hour, tomorrow 09:00, a time the
user picks) or dismissed; those that came due while crmdesk was closed show at login.
The rules are :mod:`crmdesk.core.services.reminders`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import reminders as service
from crmdesk.core.services.reminders import Reminder
from crmdesk.core.session import Session
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import REFRESH_DELAY_MS, ReadWhileShown, on_changes
from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
CHECK_MS = 60_000  # the watcher's check: every minute
#: the record types whose changes the banner and the list follow
WATCHED = ("reminder", "task", "ticket", "customer", "interaction")
COMING_DAYS = 7  # the list shows what comes within this many days

#: the clock of the window's reminders (a test sets a fake one)
clock: Callable[[], datetime] = service.current_time


def now() -> datetime:
    return clock()


def when_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def snooze_menu(parent: QWidget, act: Callable[[datetime], None]) -> QMenu:
    """Snooze choices: 10 minutes, 1 hour, tomorrow 09:00, pick a time ..."""
    menu = QMenu(parent)
    def choose(choice: str) -> Callable[[], None]:
        return lambda: act(service.snooze_until(choice, now()))

    for choice, text in (("10min", translate("Reminders", "10 minutes")),
                         ("1h", translate("Reminders", "1 hour")),
                         ("tomorrow", translate("Reminders", "Tomorrow 9:00"))):
        menu.addAction(text, choose(choice))

    def pick() -> None:
        until = pick_time(parent)
        if until is not None:
            act(until)

    menu.addAction(translate("Reminders", "Pick a time ..."), pick)
    return menu


def pick_time(parent: QWidget) -> datetime | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(translate("Reminders", "Snooze until"))
    edit = QDateTimeEdit(QDateTime.currentDateTime().addSecs(3600))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    picked = edit.dateTime().toPython()
    assert isinstance(picked, datetime)
    return picked.astimezone()


class Actions(QObject):
    """Open, snooze and dismiss one reminder through the services (shared by the list,
    the banner and the notification)."""

    def __init__(self, workspace: Workspace, parent: QWidget,
                 open_record: Callable[[str, Any], None]) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.parent_widget = parent
        self.open_record = open_record

    def open(self, reminder: Reminder) -> None:
        self.open_record("record", reminder.record)

    def snooze(self, reminder: Reminder, until: datetime) -> None:
        actor, moment = self.workspace.actor, now()
        self.workspace.op(self.parent_widget, lambda s, _p: service.snooze(
            s, actor, reminder.kind, reminder.ref_id, until, now=moment),
            changes=("reminder",)).run()

    def dismiss(self, reminder: Reminder) -> None:
        actor = self.workspace.actor
        self.workspace.op(self.parent_widget, lambda s, _p: service.dismiss(
            s, actor, reminder.kind, reminder.ref_id), changes=("reminder",)).run()


@dataclass(frozen=True)
class ReminderLists:
    """What the list shows: the due reminders and those coming within a week."""

    due: tuple[Reminder, ...]
    coming: tuple[Reminder, ...]


def read_lists(session: Session, actor: Any, moment: datetime) -> ReminderLists:
    """The reminders due at *moment* and those coming within :data:`COMING_DAYS`
    (any thread)."""
    every = service.reminders(session, actor, moment, due_only=False)
    horizon = moment + timedelta(days=COMING_DAYS)
    return ReminderLists(tuple(r for r in every if r.fires_at <= moment),
                         tuple(r for r in every if moment < r.fires_at <= horizon))


class RemindersView(Document):
    """Due reminders and those coming within a week: open, snooze, dismiss.

    The list is read on a reader thread (:meth:`refresh`), never on the GUI thread: 0.8 s
    for a staff member at a million customers.  A change to what reminds refreshes it
    only while it is shown, after :data:`REFRESH_DELAY_MS` (a burst of changes: one
    read), else when it is shown next; the tree is filled only when the lists changed,
    keeping the selected and current reminders that are still there."""

    key = "reminders"
    #: the lists were read again and are shown (tests wait for it)
    refreshed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.due: list[Reminder] = []
        self.coming: list[Reminder] = []
        self._shown: ReminderLists | None = None  # what the tree shows
        self.reader = ReadWhileShown(self, workspace, self.refresh, self.show_lists)
        self.act = Actions(workspace, self, lambda k, a: self.open_requested.emit(k, a))
        self.heading = QLabel(self.tr("Reminders"))
        self.heading.setProperty("role", "title")
        self.subheading = QLabel()
        self.subheading.setProperty("role", "subtitle")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Customer"),
                                   self.tr("Kind")])
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 360)
        self.tree.setColumnWidth(2, 200)
        self.tree.itemDoubleClicked.connect(lambda *_a: self.open_selected())
        self.open_button = QPushButton(icon("folder-open"), self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.snooze_button = QToolButton()
        self.snooze_button.setText(self.tr("Snooze"))
        self.snooze_button.setIcon(icon("clock"))
        self.snooze_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_button.setMenu(snooze_menu(self, self.snooze_selected))
        self.dismiss_button = QPushButton(icon("x"), self.tr("Dismiss"))
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        refresh = QPushButton(icon("refresh-cw"), self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(self.subheading, 1)
        for widget in (self.open_button, self.snooze_button, self.dismiss_button, refresh):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        on_changes(workspace, self, WATCHED, self.reader.changed)
        self.refresh()

    def title(self) -> str:
        return self.tr("Reminders")

    def icon(self) -> QIcon:
        return icon("clock")

    def new_kind(self) -> str | None:
        return "task"

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reader.shown()

    def refresh(self) -> None:
        """Read the list on a reader thread (the Refresh button, a change while shown);
        it is shown when it arrives.  While a read runs, one more follows it."""
        def prepare() -> Callable[[Session], ReminderLists]:
            actor, moment = self.workspace.actor, now()
            return lambda session: read_lists(session, actor, moment)

        self.reader.read(prepare)


    def show_lists(self, lists: ReminderLists) -> None:
        """Fill the tree (GUI thread; nothing read here), keeping the selected and the
        current reminders that are still listed.  The same lists as shown leave the tree
        as it is."""
        if lists == self._shown:
            self.refreshed.emit()
            return
        self._shown = lists
        self.due, self.coming = list(lists.due), list(lists.coming)
        selected = {(r.kind, r.ref_id) for r in self.selected()}
        current = self.tree.currentItem()
        was = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        current_key = (was.kind, was.ref_id) if isinstance(was, Reminder) else None
        self.subheading.setText(self.tr("{due} due now, {coming} in the next {days} days")
                                .format(due=len(self.due), coming=len(self.coming),
                                        days=COMING_DAYS))
        self.tree.clear()
        for title, group, overdue in ((self.tr("Due now"), self.due, True),
                                      (self.tr("Coming up"), self.coming, False)):
            head = QTreeWidgetItem(self.tree, [f"{title} ({len(group)})"])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for reminder in group:
                when = when_text(reminder.fires_at)
                if reminder.snoozed_until is not None:
                    when = self.tr("{time} (snoozed)").format(time=when)
                row = QTreeWidgetItem(head, [when, reminder.title, reminder.customer_name or "",
                                             reminder.kind_text])
                row.setData(0, Qt.ItemDataRole.UserRole, reminder)
                if overdue:
                    row.setForeground(0, theme_brush(theme.ERROR))
                key = (reminder.kind, reminder.ref_id)
                if key == current_key:
                    self.tree.setCurrentItem(row, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
                if key in selected:
                    row.setSelected(True)
            head.setExpanded(True)
        self.status_changed.emit(self.status_text())
        self.refreshed.emit()

    def status_text(self) -> str:
        return self.tr("{n} due").format(n=len(self.due))

    def selected(self) -> list[Reminder]:
        found = []
        for row in self.tree.selectedItems():
            reminder = row.data(0, Qt.ItemDataRole.UserRole)
            if isinstance(reminder, Reminder):
                found.append(reminder)
        return found

    def open_selected(self) -> None:
        for reminder in self.selected()[:5]:
            self.act.open(reminder)

    def snooze_selected(self, until: datetime) -> None:
        for reminder in self.selected():
            self.act.snooze(reminder, until)

    def dismiss_selected(self) -> None:
        for reminder in self.selected():
            self.act.dismiss(reminder)


def theme_brush(colour: str) -> Any:
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(colour))


class Banner(QFrame):
    """The in-window notice of due reminders (where no system tray exists): the first
    one with Open, Snooze and Dismiss, and how many more."""

    def __init__(self, watcher: ReminderWatcher) -> None:
        super().__init__()
        self.watcher = watcher
        self.reminder: Reminder | None = None
        self.setProperty("role", "card")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.open_button = QPushButton(icon("folder-open"), self.tr("Open"))
        self.open_button.clicked.connect(lambda: self._act(watcher.actions.open))
        self.snooze_button = QToolButton()
        self.snooze_button.setText(self.tr("Snooze"))
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.snooze_button.setToolTip(self.tr("Snooze 10 minutes; the arrow offers more"))
        self.snooze_button.clicked.connect(
            lambda: self.snooze(service.snooze_until("10min", now())))
        self.snooze_button.setMenu(snooze_menu(self, self.snooze))
        self.dismiss_button = QPushButton(icon("x"), self.tr("Dismiss"))
        self.dismiss_button.clicked.connect(lambda: self._act(watcher.actions.dismiss))
        self.all_button = QPushButton(self.tr("All reminders"))
        self.all_button.clicked.connect(watcher.show_list)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(QLabel(pixmap=icon("clock", theme.WARNING).pixmap(18, 18)))
        row.addWidget(self.text, 1)
        for widget in (self.open_button, self.snooze_button, self.dismiss_button,
                       self.all_button):
            row.addWidget(widget)

    def show_reminders(self, due: list[Reminder], missed: bool) -> None:
        first = due[0]
        self.reminder = first
        text = translate("Reminders", "{kind}: {title} (due {time})").format(
            kind=first.kind_text, title=first.title, time=when_text(first.at))
        if len(due) > 1:
            text += " " + translate("Reminders", "and {n} more").format(n=len(due) - 1)
        if missed:
            text = translate("Reminders", "While crmdesk was closed: {text}").format(text=text)
        self.text.setText(text)

    def snooze(self, until: datetime) -> None:
        reminder = self.reminder
        if reminder is not None:
            self.watcher.actions.snooze(reminder, until)
            self.watcher.hide_banner()

    def _act(self, action: Callable[[Reminder], None]) -> None:
        reminder = self.reminder
        if reminder is not None:
            action(reminder)
            if action != self.watcher.actions.open:
                self.watcher.hide_banner()


class ReminderWatcher(QObject):
    """Checks the user's due reminders every minute (and at login) and tells them.

    The due reminders are read on a reader thread (:meth:`check`), never on the GUI
    thread: 0.3 s for a staff member at a million customers.  While the banner shows, a
    change to what reminds (every save of a task, ticket, customer or interaction) is
    read again after :data:`REFRESH_DELAY_MS`, so a burst of changes gives one read; a
    check asked for while a read runs gives one more read after it.  The GUI thread only
    shows what arrived, and touches the banner only when what is due changed."""

    #: a check's result was shown (tests wait for it)
    checked = Signal()

    def __init__(self, window: Any, workspace: Workspace) -> None:
        super().__init__(window)
        self.window = window
        self.workspace = workspace
        self.notified: set[tuple[str, int, datetime]] = set()
        self.actions = Actions(workspace, window, window.open_document)
        self.reads = 0  # reads started
        self._reading = False  # a read runs on a reader thread
        self._again: bool | None = None  # asked meanwhile: read once more (login or not)
        self._shown: tuple[tuple[Reminder, ...], bool] | None = None  # the banner's
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._soon = QTimer(self)  # a change: check after a short wait
        self._soon.setSingleShot(True)
        self._soon.setInterval(REFRESH_DELAY_MS)
        self._soon.timeout.connect(self.check)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon("clock"), self)
            self.tray.setToolTip("crmdesk")
            self.tray.messageClicked.connect(self.show_list)
            self.tray.show()
        self.banner = Banner(self)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("reminders-banner")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.dock.setTitleBarWidget(QWidget())
        self.dock.setWidget(self.banner)
        window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.dock)
        self.dock.hide()
        workspace.changed.connect(self._changed)

    @property
    def refreshing(self) -> bool:
        """A check is due shortly or its read runs (tests wait until it is shown)."""
        return self._reading or self._soon.isActive()

    def start(self) -> None:
        self.check(login=True)
        self.timer.start()

    def stop(self) -> None:
        """The session ended: nothing of it stays on screen."""
        self.timer.stop()
        self._soon.stop()
        self.dock.hide()
        if self.tray is not None:
            self.tray.hide()
        try:
            self.workspace.changed.disconnect(self._changed)
        except (RuntimeError, TypeError):
            pass
        self.window.removeDockWidget(self.dock)
        self.dock.deleteLater()
        self.deleteLater()

    def _changed(self, entity: str) -> None:
        """A write while the banner shows: check shortly (the changes until then give
        one read)."""
        if entity in WATCHED and self.dock.isVisible() and not self._soon.isActive():
            self._soon.start()

    def _ended(self) -> bool:
        """The session ended (or moved to a new window): no more checks."""
        if self.workspace.closed or self.window.workspace is not self.workspace:
            self.timer.stop()
            self._soon.stop()
            if self.tray is not None:
                self.tray.hide()
            return True
        return False

    def check(self, login: bool = False) -> None:
        """Read the due reminders on a reader thread; those not told yet are told when
        they arrive (:meth:`show_due`)."""
        self._soon.stop()
        if self._ended():
            return
        if self._reading:  # one more read after this one
            self._again = bool(self._again) or login
            return
        from crmdesk.ui.views.sla import check_breaches

        # escalate new service-level breaches (in the background), then read again
        check_breaches(self.window, self.workspace, self.check)
        self._reading = True
        self.reads += 1
        actor, moment, db = self.workspace.actor, now(), self.workspace.db

        def work() -> list[Reminder]:
            with db.session() as session:
                return service.due(session, actor, moment)

        self.workspace.read_later(self, work, lambda found: self._arrived(login, found))

    def _arrived(self, login: bool, found: list[Reminder] | Exception) -> None:
        self._reading = False
        if self._ended():
            return
        if isinstance(found, Exception):  # tried again in a minute
            log.error("the reminders check failed", exc_info=found)
        else:
            self.show_due(found, login)
        if self._again is not None:
            again, self._again = self._again, None
            self.check(login=again)

    def show_due(self, due: list[Reminder], login: bool = False) -> None:
        """Tell the user of the due reminders not told yet (GUI thread; nothing read
        here): the banner changes only when what is due changed."""
        fresh = [r for r in due if r.key not in self.notified]
        self.notified.update(r.key for r in due)
        if not due:
            self.hide_banner()
        elif self.tray is None:
            shown = (tuple(due), login)
            if shown != self._shown or not self.dock.isVisible():
                self._shown = shown
                self.banner.show_reminders(due, missed=login)
                self.dock.show()
        if fresh and self.tray is not None:
            self._notify(fresh, login)
        self.checked.emit()

    def _notify(self, fresh: list[Reminder], login: bool) -> None:
        assert self.tray is not None
        if login and len(fresh) > 1:
            title = translate("Reminders", "{n} reminders came due while crmdesk was closed"
                              ).format(n=len(fresh))
            body = "\n".join(f"{r.kind_text}: {r.title}" for r in fresh[:5])
        else:
            first = fresh[0]
            title = translate("Reminders", "Reminder: {title}").format(title=first.title)
            body = translate("Reminders", "{kind}, due {time}").format(
                kind=first.kind_text, time=when_text(first.at))
            if len(fresh) > 1:
                body += "\n" + translate("Reminders", "and {n} more").format(n=len(fresh) - 1)
        self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 15_000)

    def hide_banner(self) -> None:
        self._shown = None
        self.dock.hide()

    def show_list(self) -> None:
        self.window.open_document("reminders")
        self.window.raise_()
        self.window.activateWindow()


def watch(window: Any, workspace: Workspace) -> ReminderWatcher:
    """Start telling the user of *workspace* about their reminders in *window*."""
    watcher = ReminderWatcher(window, workspace)
    watcher.start()
    return watcher
