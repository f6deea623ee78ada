"""The calendar: day, week, month and agenda views of dated work
(``core/services/calendar.py``), coloured by kind; drag an item to another day (or
hour, in the day view) to move it through its service, double-click to open it,
double-click an empty slot for a new task there.  Managers and administrators pick a
team member's calendar or the whole team's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QDate, QLocale, QMimeData, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QDropEvent, QIcon, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import calendar
from crmdesk.core.services.calendar import CalendarItem
from crmdesk.core.session import Session
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import ReadWhileShown, reading_text
from crmdesk.ui.workspace import Workspace

MIME = "application/x-crmdesk-calendar-item"
VIEWS = ("day", "week", "month", "agenda")
#: each kind's colour (the block's edge and text; its background a light tint)
COLOURS = {"task": theme.ACCENT, "follow_up": "#1a7f37", "ticket": theme.ERROR,
           "opportunity": "#8250df", "campaign": theme.WARNING,
           "delivery": "#0a7ea4", "purchase_order": "#9a6700"}
#: a day cell lists at most this many items, then "+N more" (opens the day)
CELL_ITEMS = 40
#: the items of one day the agenda lists (then "+N more", which opens the day): a busy
#: team's four weeks hold 100,000 items, too many rows for a list to be read or drawn
AGENDA_DAY_ITEMS = 50
#: the day view's first and last hour rows
DAY_HOURS = range(0, 24)
DEFAULT_HOUR = 9
ROLE_ITEM = Qt.ItemDataRole.UserRole
ROLE_MORE = Qt.ItemDataRole.UserRole + 1


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class DayList(QListWidget):
    """One day's (or one hour's) items as coloured blocks; a drop target."""

    def __init__(self, view: CalendarView, day: date, hour: int | None = None) -> None:
        super().__init__()
        self.view = view
        self.day = day
        self.hour = hour
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(1)
        self.setStyleSheet("QListWidget { background: transparent; border: none; }"
                           "QListWidget::item { border-radius: 3px; padding: 1px 3px; }")
        self.itemDoubleClicked.connect(self._open)

    def add(self, item: CalendarItem) -> QListWidgetItem:
        text = item.title
        if isinstance(item.start, datetime):
            text = f"{item.start.astimezone().strftime('%H:%M')} {item.title}"
        if item.person_name:
            text += f" ({item.person_name})"
        row = QListWidgetItem(text)
        colour = QColor(colour_of(item.kind))
        tint = QColor(colour)
        tint.setAlpha(40)
        row.setBackground(QBrush(tint))
        row.setForeground(QBrush(colour.darker(130)))
        if item.done:
            font = row.font()
            font.setStrikeOut(True)
            row.setFont(font)
        row.setToolTip(f"{item.kind_text} {item.code}\n{item.start_text}  {item.title}"
                       + (f"\n{item.person_name}" if item.person_name else ""))
        row.setData(ROLE_ITEM, item)
        if item.occurrence:  # no record of its own: opened as the series' task, not moved
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
        self.addItem(row)
        return row

    def add_more(self, count: int) -> None:
        row = QListWidgetItem(QCoreApplication.translate("CalendarView", "+{n} more").format(
            n=count))
        row.setData(ROLE_MORE, True)
        row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
        self.addItem(row)

    def _open(self, row: QListWidgetItem) -> None:
        if row.data(ROLE_MORE):
            self.view.show_day(self.day)
            return
        item = row.data(ROLE_ITEM)
        if isinstance(item, CalendarItem):
            self.view.open_item(item)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A double-click on an empty part of the slot: a new task there."""
        if self.itemAt(event.position().toPoint()) is None:
            self.view.new_task(self.day, self.hour)
            return
        super().mouseDoubleClickEvent(event)

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, items: Any) -> QMimeData:  # noqa: N802
        data = QMimeData()
        if items and isinstance(item := items[0].data(ROLE_ITEM), CalendarItem):
            data.setData(MIME, QByteArray(encode(item).encode()))
        return data

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        data = event.mimeData()
        if not data.hasFormat(MIME):
            event.ignore()
            return
        kind, ref_id, version = decode(bytes(data.data(MIME).data()).decode())
        event.setDropAction(Qt.DropAction.CopyAction)  # the view redraws itself
        event.accept()
        self.view.move_item(kind, ref_id, version, self.day, self.hour)


#: what a read of the calendar brings: what it was read for, the items, the items by day
Read = tuple[tuple[Any, ...], list[CalendarItem], dict[date, list[CalendarItem]]]


def by_day(items: list[CalendarItem], first: date, last: date
           ) -> dict[date, list[CalendarItem]]:
    """The items on each day of *first*..*last* (one lasting days is on each of them)."""
    days: dict[date, list[CalendarItem]] = {}
    for item in items:
        day = max(item.day, first)
        while day <= min(item.last_day, last):
            days.setdefault(day, []).append(item)
            day += timedelta(days=1)
    return days


def colour_of(kind: str) -> str:
    """A kind's colour: the built-in kinds' own, one per designed record type."""
    return COLOURS.get(kind) or calendar.colour_of(kind)


def encode(item: CalendarItem) -> str:
    return f"{item.kind}:{item.ref_id}:{item.version}"


def decode(text: str) -> tuple[str, int, int | None]:
    kind, ref_id, version = text.split(":")
    return kind, int(ref_id), int(version) if version.isdigit() else None


class DayCell(QFrame):
    """A day's box in the week and month views: its date, then its items."""

    def __init__(self, view: CalendarView, day: date, *, dim: bool) -> None:
        super().__init__()
        self.setProperty("role", "stage")
        today = day == date.today()
        label = QLabel(f"{day.day}" if view.mode == "month" else
                       QLocale().toString(QDate(day.year, day.month, day.day), "ddd d"))
        style = "font-weight: 600;" if today else ""
        if dim:
            style += f"color: {theme.TEXT_DISABLED};"
        if today:
            style += f"color: {theme.ACCENT};"
        label.setStyleSheet(style)
        self.list = DayList(view, day)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(1)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)


class CalendarView(Document):
    key = "calendar"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.mode = "month"
        self.anchor = date.today()
        self.items: list[CalendarItem] = []
        self.days: dict[date, list[CalendarItem]] = {}  # the items of each day shown
        #: the drop targets now shown: (day, hour or None) -> list
        self.cells: dict[tuple[date, int | None], DayList] = {}
        self._drawn: tuple[Any, ...] | None = None  # the view and days the boxes are for
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {theme.ERROR};")
        self.message.setWordWrap(True)

        bar = QHBoxLayout()
        self.view_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        names = {"day": self.tr("Day"), "week": self.tr("Week"), "month": self.tr("Month"),
                 "agenda": self.tr("Agenda")}
        for mode in VIEWS:
            button = QPushButton(names[mode])
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            group.addButton(button)
            bar.addWidget(button)
            self.view_buttons[mode] = button
        self.view_buttons[self.mode].setChecked(True)
        bar.addSpacing(12)
        previous = QPushButton(icon("chevron-left"), "")
        previous.setToolTip(self.tr("Previous"))
        previous.clicked.connect(lambda: self.step(-1))
        today = QPushButton(self.tr("Today"))
        today.clicked.connect(self.go_today)
        following = QPushButton(icon("chevron-right"), "")
        following.setToolTip(self.tr("Next"))
        following.clicked.connect(lambda: self.step(1))
        for widget in (previous, today, following):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.heading, 1)
        self.person = QComboBox()
        self.person.setToolTip(self.tr("Whose calendar"))
        actor = workspace.actor
        if actor.is_manager or actor.is_admin:
            for person in workspace.read(lambda s: calendar.people(s, actor)):
                shown = self.tr("Me") if person.user_id == actor.user_id else person.name
                self.person.addItem(shown, person.user_id)
            self.person.addItem(self.tr("Whole team") if actor.is_manager
                                else self.tr("Everyone"), "team")
            self.person.currentIndexChanged.connect(lambda _i: self.refresh())
            bar.addWidget(self.person)
        else:
            self.person.hide()
        new = QPushButton(icon("plus"), self.tr("New task"))
        new.clicked.connect(lambda: self.new_task(self.anchor, None))
        refresh = QPushButton(icon("refresh-cw"), "")
        refresh.setToolTip(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        bar.addWidget(new)
        bar.addWidget(refresh)

        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        legend = QHBoxLayout()
        for kind in (*calendar.KINDS, *calendar.designed_kinds()):
            swatch = QLabel(f"■ {calendar.kind_text(kind)}")
            swatch.setStyleSheet(f"color: {colour_of(kind)};")
            legend.addWidget(swatch)
        legend.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addLayout(legend)
        layout.addWidget(self.message)
        layout.addWidget(self.body, 1)
        # a method, not a lambda: Qt drops the connection when the view goes (a view
        # made for a tab already open is thrown away at once)
        # read on a reader thread, only while shown: a month of a staff member with 5 % of
        # a million customers is 14,000 items, 0.3 s to read
        self.reader = ReadWhileShown(self, workspace, self.refresh, self.show_items)
        workspace.changed.connect(self._changed)
        self.heading.setText(reading_text())
        self.refresh()

    def _changed(self, entity: str) -> None:
        if entity in ("task", "customer", "ticket", "opportunity", "campaign", "delivery",
                      "purchase_order") \
                or calendar.is_designed(entity):
            self.reader.changed()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reader.shown()

    # -- document ----------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Calendar")

    def icon(self) -> QIcon:
        return icon("calendar")

    def new_kind(self) -> str | None:
        return "task"

    def new_record(self) -> None:
        self.new_task(self.anchor, None)

    def status_text(self) -> str:
        if not self.reader.first_shown:
            return reading_text()
        return self.tr("{n} items").format(n=len(self.items))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1200, 760)

    # -- range -------------------------------------------------------------------------
    def span(self) -> tuple[date, date]:
        """The days shown (first, last)."""
        if self.mode == "day":
            return self.anchor, self.anchor
        if self.mode == "week":
            first = monday(self.anchor)
            return first, first + timedelta(days=6)
        if self.mode == "month":
            first = monday(self.anchor.replace(day=1))
            return first, first + timedelta(days=41)
        first = self.anchor  # agenda: four weeks from the day
        return first, first + timedelta(days=27)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.view_buttons[mode].setChecked(True)
        self.refresh()

    def step(self, direction: int) -> None:
        if self.mode == "day":
            self.anchor += timedelta(days=direction)
        elif self.mode == "week":
            self.anchor += timedelta(weeks=direction)
        elif self.mode == "agenda":
            self.anchor += timedelta(weeks=4 * direction)
        else:
            month = self.anchor.month - 1 + direction
            self.anchor = date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.refresh()

    def go_today(self) -> None:
        self.anchor = date.today()
        self.refresh()

    def show_day(self, day: date) -> None:
        self.anchor = day
        self.set_mode("day")

    def whose(self) -> dict[str, Any]:
        chosen = self.person.currentData() if self.person.count() else None
        if chosen == "team":
            return {"team": True}
        return {"person": chosen}

    # -- drawing -----------------------------------------------------------------------
    def shown_key(self) -> tuple[Any, ...]:
        """What the items read are for: the view, its days and whose calendar."""
        return (self.mode, *self.span(), tuple(sorted(self.whose().items())))

    def refresh(self) -> None:
        """Read the items on a reader thread (a view, day or person chosen, a change while
        shown); they are drawn when they arrive."""
        def prepare() -> Callable[[Session], Read]:
            key, (first, last), actor, whose = (self.shown_key(), self.span(),
                                                self.workspace.actor, self.whose())

            def read(session: Session) -> Read:
                found = calendar.items(session, actor, first, last, **whose)
                # sorted into days here too: a month of a big team holds 100,000 items
                return key, found, by_day(found, first, last)

            return read

        self.reader.read(prepare)

    def show_items(self, found: Read) -> None:
        """Draw the items read (GUI thread; nothing read here).  Items read for another
        view, day or person are not drawn: a read for the new one follows."""
        key, items, days = found
        if key != self.shown_key():
            return
        self.items, self.days = items, days
        first, last = self.span()
        locale = QLocale()
        if self.mode == "month":
            heading = locale.toString(QDate(self.anchor.year, self.anchor.month, 1),
                                      "MMMM yyyy")
        elif self.mode == "day":
            heading = locale.toString(QDate(first.year, first.month, first.day),
                                      QLocale.FormatType.LongFormat)
        else:
            heading = f"{first.isoformat()} – {last.isoformat()}"
        self.heading.setText(heading)
        drawn = (self.mode, first, last, date.today())
        if self.mode != "agenda" and drawn == self._drawn and self.cells:
            self._refill()  # the same days: new items in the same boxes
        else:
            self._drawn = drawn
            self.cells = {}
            old = self.body.takeWidget()
            if old is not None:
                old.deleteLater()
            if self.mode == "agenda":
                self.body.setWidget(self._agenda())
            elif self.mode == "day":
                self.body.setWidget(self._day(first))
            else:
                self.body.setWidget(self._grid(first, last))
        self.status_changed.emit(self.status_text())

    def _refill(self) -> None:
        """The days drawn already, with the items read again: each list emptied and
        filled (making a month's 42 boxes again took 0.1-0.15 s of the GUI thread after
        every save)."""
        days = self.days
        for (day, hour), cell in self.cells.items():
            items = days.get(day, [])
            if self.mode == "day":
                items = [i for i in items if i.all_day] if hour is None else [
                    i for i in items if isinstance(i.start, datetime)
                    and i.start.astimezone().hour == hour]
            cell.clear()
            self._fill(cell, items)

    def _grid(self, first: date, last: date) -> QWidget:
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setSpacing(2)
        grid.setContentsMargins(0, 0, 0, 0)
        locale = QLocale()
        for column in range(7):
            day = first + timedelta(days=column)
            name = QLabel(locale.dayName(day.isoweekday(), QLocale.FormatType.ShortFormat))
            name.setAlignment(Qt.AlignmentFlag.AlignCenter)
            name.setProperty("role", "hint")
            grid.addWidget(name, 0, column)
        days = self.days
        rows = ((last - first).days + 1) // 7
        for index in range((last - first).days + 1):
            day = first + timedelta(days=index)
            cell = DayCell(self, day, dim=self.mode == "month"
                           and day.month != self.anchor.month)
            cell.setMinimumHeight(110 if self.mode == "month" else 420)
            self._fill(cell.list, days.get(day, []))
            self.cells[(day, None)] = cell.list
            grid.addWidget(cell, 1 + index // 7, index % 7)
        for row in range(1, rows + 1):
            grid.setRowStretch(row, 1)
        return grid_widget

    def _day(self, day: date) -> QWidget:
        widget = QWidget()
        grid = QGridLayout(widget)
        grid.setSpacing(1)
        grid.setContentsMargins(0, 0, 0, 0)
        items = self.days.get(day, [])
        all_day = DayList(self, day, None)
        self._fill(all_day, [i for i in items if i.all_day])
        all_day.setMinimumHeight(60)
        self.cells[(day, None)] = all_day
        grid.addWidget(QLabel(self.tr("All day")), 0, 0)
        grid.addWidget(all_day, 0, 1)
        for row, hour in enumerate(DAY_HOURS, start=1):
            slot = DayList(self, day, hour)
            slot.setMinimumHeight(36)
            self._fill(slot, [i for i in items if isinstance(i.start, datetime)
                              and i.start.astimezone().hour == hour])
            self.cells[(day, hour)] = slot
            label = QLabel(f"{hour:02d}:00")
            label.setProperty("role", "hint")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(slot, row, 1)
        grid.setColumnStretch(1, 1)
        return widget

    def _fill(self, target: DayList, items: list[CalendarItem]) -> None:
        for item in items[:CELL_ITEMS]:
            target.add(item)
        if len(items) > CELL_ITEMS:
            target.add_more(len(items) - CELL_ITEMS)

    def _agenda(self) -> QWidget:
        tree = QTreeWidget()
        tree.setColumnCount(5)
        tree.setHeaderLabels([self.tr("When"), self.tr("Kind"), self.tr("Code"),
                              self.tr("Title"), self.tr("Whose")])
        tree.setRootIsDecorated(True)
        tree.setColumnWidth(0, 140)
        tree.setColumnWidth(1, 120)
        tree.setColumnWidth(2, 100)
        tree.setColumnWidth(3, 420)
        locale = QLocale()
        first, last = self.span()
        for day in sorted(d for d in self.days if first <= d <= last):
            # an item is listed on its first day (one begun before, on the first shown)
            items = [i for i in self.days[day] if i.day == day or (day == first
                                                                   and i.day < first)]
            if not items:
                continue
            head = QTreeWidgetItem(tree, [locale.toString(
                QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)])
            head.setFirstColumnSpanned(True)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setExpanded(True)
            for item in items[:AGENDA_DAY_ITEMS]:
                when = item.start.astimezone().strftime("%H:%M") \
                    if isinstance(item.start, datetime) else self.tr("All day")
                row = QTreeWidgetItem(head, [when, item.kind_text, item.code, item.title,
                                             item.person_name])
                row.setForeground(1, QBrush(QColor(colour_of(item.kind))))
                row.setData(0, ROLE_ITEM, item)
            if len(items) > AGENDA_DAY_ITEMS:
                more = QTreeWidgetItem(head, [self.tr(
                    "+{n} more: double-click to open the day").format(
                    n=f"{len(items) - AGENDA_DAY_ITEMS:,}")])
                more.setFirstColumnSpanned(True)
                more.setForeground(0, QBrush(QColor(theme.TEXT_MUTED)))
                more.setData(0, ROLE_MORE, day)

        def opened(row: QTreeWidgetItem, _column: int) -> None:
            item, day = row.data(0, ROLE_ITEM), row.data(0, ROLE_MORE)
            if isinstance(item, CalendarItem):
                self.open_item(item)
            elif day is not None:
                self.show_day(day if isinstance(day, date) else day.toPython())

        tree.itemDoubleClicked.connect(opened)
        self.agenda_tree = tree
        return tree

    # -- actions -----------------------------------------------------------------------
    def open_item(self, item: CalendarItem) -> None:
        self.open_requested.emit("record", item.record)

    def new_task(self, day: date, hour: int | None) -> None:
        due = datetime.combine(day, time(DEFAULT_HOUR if hour is None else hour)).astimezone()
        defaults: dict[str, Any] = {"due_at": due}
        chosen = self.person.currentData() if self.person.count() else None
        if isinstance(chosen, int):
            defaults["assignee_id"] = chosen
        self.open_requested.emit("new", ("task", defaults))

    def move_item(self, kind: str, ref_id: int, version: int | None, day: date,
                  hour: int | None) -> None:
        """An item was dropped on *day* (at *hour* in the day view): move it through its
        service (the same checks as its form; audited)."""
        actor = self.workspace.actor
        when: date | datetime = day
        if hour is not None:
            when = datetime.combine(day, time(hour)).astimezone()

        def work(session: Session, _job: Any) -> int:
            return calendar.move(session, actor, kind, ref_id, when, expected_version=version)

        def failed(exc: BaseException) -> None:
            self.message.setText(str(exc))
            self.refresh()

        self.message.clear()
        self.workspace.op(self, work, changes=(calendar.record_of(kind),)).failure(
            failed).run()
