"""The repeat editor of a task: one compact row (how often, every N, which weekdays, the
monthly mode, the end) and the rule in words under it.

Its value is the RFC 5545 ``RRULE`` value the services store (None: does not repeat);
see :mod:`crmdesk.core.recurrence`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import recurrence
from crmdesk.core.fields import FieldSpec
from crmdesk.core.recurrence import Repeat
from crmdesk.ui.widgets.field_editors import FieldEditor

FREQUENCIES = ("", *recurrence.FREQUENCIES)


class RepeatWidget(QWidget):
    """The row of controls; :meth:`rule` and :meth:`set_rule` read and show a rule."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start: datetime | None = None
        self._loading = False
        self.freq = QComboBox()
        for key, text in zip(FREQUENCIES, (
                self.tr("Does not repeat"), self.tr("Daily"), self.tr("Weekly"),
                self.tr("Monthly"), self.tr("Yearly")), strict=True):
            self.freq.addItem(text, key)
        self.every = QLabel(self.tr("every"))
        self.interval = QSpinBox()
        self.interval.setRange(1, recurrence.MAX_INTERVAL)
        self.interval.setToolTip(self.tr("Repeat every N days, weeks, months or years"))
        locale = QLocale()
        self.days: list[QToolButton] = []
        for day in range(7):
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(False)
            # Qt: 1 = Monday ... 7 = Sunday
            button.setText(locale.dayName(day + 1, QLocale.FormatType.NarrowFormat))
            button.setToolTip(locale.dayName(day + 1, QLocale.FormatType.LongFormat))
            button.toggled.connect(self._edited)
            self.days.append(button)
        self.monthly = QComboBox()
        self.monthly.addItem(self.tr("on day"), "day")
        self.monthly.addItem(self.tr("on the"), "weekday")
        self.month_day = QSpinBox()
        self.month_day.setRange(1, 31)
        self.nth = QComboBox()
        for n, text in ((1, self.tr("first")), (2, self.tr("second")), (3, self.tr("third")),
                        (4, self.tr("fourth")), (-1, self.tr("last"))):
            self.nth.addItem(text, n)
        self.weekday = QComboBox()
        for day in range(7):
            self.weekday.addItem(locale.dayName(day + 1, QLocale.FormatType.LongFormat), day)
        self.end = QComboBox()
        self.end.addItem(self.tr("no end"), "never")
        self.end.addItem(self.tr("until"), "until")
        self.end.addItem(self.tr("for"), "count")
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.count = QSpinBox()
        self.count.setRange(1, recurrence.MAX_COUNT)
        self.count.setValue(10)
        self.count.setSuffix(self.tr(" times"))
        self.summary = QLabel()
        self.summary.setProperty("role", "subtitle")

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for widget in (self.freq, self.every, self.interval, *self.days, self.monthly,
                       self.month_day, self.nth, self.weekday, self.end, self.until, self.count):
            row.addWidget(widget)
        row.addStretch()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.summary)
        for combo in (self.freq, self.monthly, self.nth, self.weekday, self.end):
            combo.currentIndexChanged.connect(self._edited)
        for spin in (self.interval, self.month_day, self.count):
            spin.valueChanged.connect(self._edited)
        self.until.dateChanged.connect(self._edited)
        self._arrange()

    # -- reading and showing ---------------------------------------------------------------
    def repeat(self) -> Repeat | None:
        freq = str(self.freq.currentData() or "")
        if not freq:
            return None
        weekdays: tuple[int, ...] = ()
        month_day: int | None = None
        nth: tuple[int, int] | None = None
        if freq == "weekly":
            weekdays = tuple(d for d, b in enumerate(self.days) if b.isChecked())
        elif freq == "monthly":
            if self.monthly.currentData() == "day":
                month_day = self.month_day.value()
            else:
                nth = (int(self.nth.currentData()), int(self.weekday.currentData()))
        end = self.end.currentData()
        count = self.count.value() if end == "count" else None
        until = self.until.date().toPython() if end == "until" else None
        assert until is None or isinstance(until, date)
        return Repeat(freq, self.interval.value(), weekdays, month_day, nth, count, until)

    def rule(self) -> str | None:
        repeat = self.repeat()
        return repeat.to_rule() if repeat is not None else None

    def set_rule(self, rule: str | None) -> None:
        self._loading = True
        try:
            repeat = recurrence.parse(rule) if rule else None
        except recurrence.RuleProblem:
            repeat = None
        self.freq.setCurrentIndex(FREQUENCIES.index(repeat.freq) if repeat else 0)
        self.interval.setValue(repeat.interval if repeat else 1)
        for day, button in enumerate(self.days):
            button.setChecked(bool(repeat) and day in repeat.weekdays)  # type: ignore[union-attr]
        if repeat is not None and repeat.nth_weekday is not None:
            self.monthly.setCurrentIndex(1)
            self.nth.setCurrentIndex(self.nth.findData(repeat.nth_weekday[0]))
            self.weekday.setCurrentIndex(repeat.nth_weekday[1])
        else:
            self.monthly.setCurrentIndex(0)
            self.month_day.setValue(repeat.month_day if repeat and repeat.month_day
                                    and repeat.month_day > 0 else self._start_day())
        self.end.setCurrentIndex(0 if not repeat or (repeat.count is None and repeat.until is None)
                                 else 2 if repeat.count is not None else 1)
        if repeat is not None and repeat.count is not None:
            self.count.setValue(repeat.count)
        if repeat is not None and repeat.until is not None:
            self.until.setDate(QDate(repeat.until.year, repeat.until.month, repeat.until.day))
        self._loading = False
        self._arrange()

    def set_start(self, start: datetime | None) -> None:
        """The task's due time: a new weekly rule starts on its weekday, the summary
        names it."""
        self.start = start
        self._arrange()

    def _start_day(self) -> int:
        return self.start.astimezone().day if self.start else 1

    # -- behaviour --------------------------------------------------------------------------
    def _edited(self, *_args: Any) -> None:
        if self._loading:
            return
        self._loading = True
        freq = self.freq.currentData()
        if freq == "weekly" and not any(b.isChecked() for b in self.days) and self.start:
            self.days[self.start.astimezone().weekday()].setChecked(True)
        if self.end.currentData() == "until" and self.until.date() < QDate.currentDate():
            self.until.setDate(QDate.currentDate().addMonths(3))
        self._loading = False
        self._arrange()
        self.changed.emit()

    def _arrange(self) -> None:
        freq = self.freq.currentData()
        repeating = bool(freq)
        for widget in (self.every, self.interval, self.end):
            widget.setVisible(repeating)
        for button in self.days:
            button.setVisible(freq == "weekly")
        by_day = self.monthly.currentData() == "day"
        self.monthly.setVisible(freq == "monthly")
        self.month_day.setVisible(freq == "monthly" and by_day)
        self.nth.setVisible(freq == "monthly" and not by_day)
        self.weekday.setVisible(freq == "monthly" and not by_day)
        self.until.setVisible(repeating and self.end.currentData() == "until")
        self.count.setVisible(repeating and self.end.currentData() == "count")
        try:
            repeat = self.repeat()
            text = recurrence.summary(repeat, self.start) if repeat is not None else ""
        except recurrence.RuleProblem:
            text = ""
        self.summary.setText(text)
        self.summary.setVisible(bool(text))


class RepeatEditor(FieldEditor):
    """The task form's editor of ``recurrence``."""

    def __init__(self, spec: FieldSpec) -> None:
        widget = RepeatWidget()
        super().__init__(spec, widget)
        self.repeat = widget
        self.focus_widget = widget.freq
        widget.changed.connect(self.changed.emit)

    def value(self) -> Any:
        return self.repeat.rule()

    def set_value(self, value: Any) -> None:
        self.repeat.set_rule(str(value) if value else None)
