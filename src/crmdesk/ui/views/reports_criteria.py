"""What figures and reports are filtered by: a period of days and an owner.

Shared by the dashboard and the reports view.  The owner choices are the users
the logged-in user may see (a manager: the team; staff: only themselves); the
figures are scoped by the actor anyway, so "Everyone" means everyone visible.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from crmdesk.core.analytics import Criteria
from crmdesk.core.permissions import STAFF
from crmdesk.core.services import accounts
from crmdesk.ui.workspace import Workspace

#: the choices of the period picker, in order
PERIODS = ("month", "quarter", "year", "last12", "all", "custom")


def _month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_range(kind: str, today: date | None = None) -> tuple[date | None, date | None]:
    """The first and last day of a named period around *today* (whole calendar units).

    ``last12`` is the twelve calendar months ending with the current one;
    ``all`` has no limits.
    """
    today = today or date.today()
    if kind == "month":
        return today.replace(day=1), _month_end(today)
    if kind == "quarter":
        first_month = (today.month - 1) // 3 * 3 + 1
        start = date(today.year, first_month, 1)
        return start, _month_end(date(today.year, first_month + 2, 1))
    if kind == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if kind == "last12":
        year, month = today.year, today.month - 11
        if month < 1:
            year, month = year - 1, month + 12
        return date(year, month, 1), _month_end(today)
    if kind == "all":
        return None, None
    raise ValueError(f"unknown period {kind}")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodPicker(QWidget):
    """``[Last 12 months ▾]`` or ``[Custom ▾] [2024-01-01] – [2024-06-30]``."""

    changed = Signal()

    def __init__(self, initial: str = "last12", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        names = {
            "month": self.tr("This month"), "quarter": self.tr("This quarter"),
            "year": self.tr("This year"), "last12": self.tr("Last 12 months"),
            "all": self.tr("All time"), "custom": self.tr("From ... to ..."),
        }
        self.combo = QComboBox()
        for key in PERIODS:
            self.combo.addItem(names[key], key)
        self.combo.setToolTip(self.tr("The period the figures cover"))
        start, end = period_range("last12")
        self.start = self._date_edit(start or date.today())
        self.end = self._date_edit(end or date.today())
        self.dash = QLabel("–")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.combo)
        layout.addWidget(self.start)
        layout.addWidget(self.dash)
        layout.addWidget(self.end)
        self.combo.setCurrentIndex(max(0, self.combo.findData(initial)))
        self.combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(lambda _d: self._dates_changed())
        return edit

    def kind(self) -> str:
        return str(self.combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(kind))

    def set_custom(self, start: date, end: date) -> None:
        """A custom period (one ``changed``)."""
        self.combo.blockSignals(True)
        self.start.blockSignals(True)
        self.end.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData("custom"))
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))
        self.combo.blockSignals(False)
        self.start.blockSignals(False)
        self.end.blockSignals(False)
        self._kind_changed()

    def range(self) -> tuple[date | None, date | None]:
        if self.kind() == "custom":
            start, end = _pydate(self.start.date()), _pydate(self.end.date())
            return (start, end) if start <= end else (end, start)
        return period_range(self.kind())

    def _kind_changed(self) -> None:
        custom = self.kind() == "custom"
        for widget in (self.start, self.dash, self.end):
            widget.setVisible(custom)
        if not custom:
            start, end = period_range(self.kind())
            for edit, day in ((self.start, start), (self.end, end)):
                if day is not None:
                    edit.blockSignals(True)
                    edit.setDate(_qdate(day))
                    edit.blockSignals(False)
        self.changed.emit()

    def _dates_changed(self) -> None:
        if self.kind() == "custom":
            self.changed.emit()


class OwnerPicker(QComboBox):
    """Everyone the user may see, or one of them."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        actor = workspace.actor
        users = workspace.read(lambda s: [(u.id, u.display_name)
                                          for u in accounts.assignable_summaries(s, actor)])
        if actor.role == STAFF:
            self.addItem(actor.display_name, None)
            self.setEnabled(False)
            self.setToolTip(self.tr("Your own customers and records"))
        else:
            self.addItem(self.tr("Everyone"), None)
            for user_id, name in users:
                self.addItem(name, user_id)
            self.setToolTip(self.tr("Whose customers, sales and tasks to count"))

    def owner_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def set_owner(self, owner_id: int | None) -> None:
        index = self.findData(owner_id)
        if index >= 0:
            self.setCurrentIndex(index)


def criteria_of(period: PeriodPicker, owner: OwnerPicker) -> Criteria:
    start, end = period.range()
    return Criteria(start=start, end=end, owner_id=owner.owner_id())
