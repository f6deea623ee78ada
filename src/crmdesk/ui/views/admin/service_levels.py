"""The service levels tab of the settings: targets, the working week, holidays and
make-up working days, the "at risk" threshold.  Each button is one audited change
through ``core.services.service_levels`` (the same rules as ``crmdesk sla ...``); a
problem is shown under the tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.business_hours import minutes_text, parse_span
from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.services import service_levels as sl
from crmdesk.core.session import Session
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace


def _minutes(edit: QTimeEdit) -> int:
    t = edit.time()
    return t.hour() * 60 + t.minute()


class ServiceLevelsEditor(QWidget):
    """Targets per priority (and customer category), working week, holidays."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.cfg: sl.SlaConfig | None = None
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)

        targets = QGroupBox(self.tr("Targets (working time)"))
        self.targets = simple_table([self.tr("Priority"), self.tr("Customer category"),
                                     self.tr("First response"), self.tr("Resolution")])
        self.priority = QComboBox()
        for key in CHOICES["ticket_priority"]:
            self.priority.addItem(choice_label("ticket_priority", key), key)
        self.category = QLineEdit()
        self.category.setPlaceholderText(self.tr("any customer"))
        self.response = QLineEdit()
        self.response.setPlaceholderText(self.tr("e.g. 2h"))
        self.resolution = QLineEdit()
        self.resolution.setPlaceholderText(self.tr("e.g. 1d"))
        row = QHBoxLayout()
        for widget in (self.priority, self.category, self.response, self.resolution):
            row.addWidget(widget)
        row.addWidget(action_button("check", self.tr("Set target"), self.set_target))
        row.addWidget(action_button("trash-2", self.tr("Remove selected"),
                                    self.remove_target))
        box = QVBoxLayout(targets)
        box.addWidget(self.targets, 1)
        box.addLayout(row)
        hint = QLabel(self.tr("Write working time as 90m, 2h, 1h30m or 1d (one working day). "
                              "Time in a waiting status does not count."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        box.addWidget(hint)

        week = QGroupBox(self.tr("Working week"))
        grid = QGridLayout(week)
        self.days: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        names = [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"),
                 self.tr("Thursday"), self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday")]
        for weekday, name in enumerate(names):
            check, start, end = QCheckBox(name), QTimeEdit(), QTimeEdit()
            for edit in (start, end):
                edit.setDisplayFormat("HH:mm")
            grid.addWidget(check, weekday, 0)
            grid.addWidget(start, weekday, 1)
            grid.addWidget(end, weekday, 2)
            self.days.append((check, start, end))
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 99)
        self.threshold.setSuffix(" %")
        grid.addWidget(QLabel(self.tr("At risk when used:")), 7, 0)
        grid.addWidget(self.threshold, 7, 1)
        grid.addWidget(action_button("save", self.tr("Save working week"), self.save_week),
                       8, 0, 1, 3)

        days = QGroupBox(self.tr("Holidays and make-up working days"))
        self.calendar_days = simple_table([self.tr("Date"), self.tr("Kind"), self.tr("Hours"),
                                           self.tr("Note")])
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day_kind = QComboBox()
        self.day_kind.addItem(self.tr("Holiday"), False)
        self.day_kind.addItem(self.tr("Make-up working day"), True)
        self.day_note = QLineEdit()
        self.day_note.setPlaceholderText(self.tr("e.g. 春节"))
        row = QHBoxLayout()
        row.addWidget(self.day)
        row.addWidget(self.day_kind)
        row.addWidget(self.day_note)
        row.addWidget(action_button("plus", self.tr("Add day"), self.add_day))
        row.addWidget(action_button("trash-2", self.tr("Remove selected"), self.remove_day))
        box = QVBoxLayout(days)
        box.addWidget(self.calendar_days, 1)
        box.addLayout(row)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(targets, 1)
        left.addWidget(days, 1)
        columns.addLayout(left, 2)
        columns.addWidget(week, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        self.fill()

    # -- showing ----------------------------------------------------------------------

    def fill(self) -> None:
        cfg = self.cfg = self.workspace.read(sl.config)

        def span(value: int | None) -> str:
            return "-" if value is None else minutes_text(value)

        self.targets.setRowCount(len(cfg.targets))
        for row, t in enumerate(cfg.targets):
            set_row(self.targets, row, [choice_label("ticket_priority", t.priority),
                                        t.customer_category, span(t.response_minutes),
                                        span(t.resolution_minutes)], t)
        self.targets.resizeColumnsToContents()
        for weekday, (check, start, end) in enumerate(self.days):
            hours = cfg.week.get(weekday)
            check.setChecked(hours is not None)
            first, last = hours or (9 * 60, 18 * 60)
            start.setTime(QTime(first // 60, first % 60))
            end.setTime(QTime(min(last // 60, 23), last % 60 if last < 24 * 60 else 59))
        self.threshold.setValue(cfg.at_risk_percent)
        self.calendar_days.setRowCount(len(cfg.days))
        for row, d in enumerate(cfg.days):
            hours_text = (f"{d.start_minute // 60:02d}:{d.start_minute % 60:02d}-"
                     f"{d.end_minute // 60:02d}:{d.end_minute % 60:02d}"
                     if d.start_minute is not None and d.end_minute is not None else "")
            set_row(self.calendar_days, row, [
                d.day.isoformat(), self.tr("Make-up working day") if d.working
                else self.tr("Holiday"), hours_text, d.note or ""], d.day)
        self.calendar_days.resizeColumnsToContents()

    # -- changing ---------------------------------------------------------------------

    def _run(self, work: Callable[[Session], Any]) -> None:
        def done(_result: Any) -> None:
            self.message.clear()
            self.fill()

        self.workspace.op(self, lambda s, _p: work(s), changes=("settings", "ticket")).success(
            done).failure(lambda exc: self.message.setText(str(exc))).run()

    def _span(self, edit: QLineEdit, what: str) -> int | None | bool:
        text = edit.text().strip()
        if not text:
            return None
        first = next(iter(sorted((self.cfg.week if self.cfg else {}).items())), None)
        try:
            return parse_span(text, first[1][1] - first[1][0] if first else 8 * 60)
        except ValueError:
            self.message.setText(self.tr("{what}: {value} is not a length of working time: "
                                         "write e.g. 90m, 2h, 1h30m or 1d.").format(
                what=what, value=text))
            return False

    def set_target(self) -> None:
        response = self._span(self.response, self.tr("First response"))
        resolution = self._span(self.resolution, self.tr("Resolution"))
        if response is False or resolution is False:
            return
        if response is None and resolution is None:
            self.message.setText(self.tr("Write a first-response target, a resolution "
                                         "target or both, e.g. 2h and 1d."))
            return
        actor, priority = self.workspace.actor, str(self.priority.currentData())
        category = self.category.text()
        first = response if isinstance(response, int) else None
        second = resolution if isinstance(resolution, int) else None
        self._run(lambda s: sl.set_target(s, actor, priority, response_minutes=first,
                                          resolution_minutes=second,
                                          customer_category=category, keep=True))

    def remove_target(self) -> None:
        rows = self.targets.selectionModel().selectedRows()
        if not rows:
            return
        item = self.targets.item(rows[0].row(), 0)
        if item is None:
            return
        target = item.data(Qt.ItemDataRole.UserRole)
        actor = self.workspace.actor
        self._run(lambda s: sl.set_target(s, actor, target.priority, response_minutes=None,
                                          resolution_minutes=None,
                                          customer_category=target.customer_category))

    def save_week(self) -> None:
        week: dict[int, tuple[int, int] | None] = {}
        for weekday, (check, start, end) in enumerate(self.days):
            week[weekday] = (_minutes(start), _minutes(end)) if check.isChecked() else None
        actor, percent = self.workspace.actor, self.threshold.value()

        def work(s: Session) -> None:
            sl.set_week(s, actor, week)
            sl.set_threshold(s, actor, percent)

        self._run(work)

    def add_day(self) -> None:
        qdate = self.day.date()
        day = date(qdate.year(), qdate.month(), qdate.day())
        working, note = bool(self.day_kind.currentData()), self.day_note.text()
        actor = self.workspace.actor
        self._run(lambda s: sl.set_day(s, actor, day, working=working, note=note))

    def remove_day(self) -> None:
        rows = self.calendar_days.selectionModel().selectedRows()
        if not rows:
            return
        item = self.calendar_days.item(rows[0].row(), 0)
        if item is None:
            return
        day = item.data(Qt.ItemDataRole.UserRole)
        actor = self.workspace.actor
        self._run(lambda s: sl.remove_day(s, actor, day))
