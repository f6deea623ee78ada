"""Repeat rules of recurring tasks: RFC 5545 ``RRULE`` values, read and computed with
``python-dateutil``'s :mod:`~dateutil.rrule`.

A task's ``recurrence`` holds the rule's value (``FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10``);
its ``series_start`` is the ``DTSTART`` of the series.  Rules are computed in local
wall-clock time (a task at 09:00 every Monday stays at 09:00 across a change of
daylight saving time) and the results are returned timezone-aware.

Only what the repeat editor offers is accepted, so every stored rule has a summary
and the editor can show it again: daily, weekly on chosen days, monthly on a day of
the month (``-1``: the last day) or on the n-th (``-1``: last) weekday, yearly; every
*N*; ending never, on a date (``UNTIL``) or after *N* times (``COUNT``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from dateutil import rrule as du

from crmdesk.core.validation import FieldProblem
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

FREQUENCIES = ("daily", "weekly", "monthly", "yearly")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_INTERVAL = 99
MAX_COUNT = 999
MAX_LENGTH = 200  # the column's size

#: weekday names as they read inside a summary ("Every Monday": zh "每周一" has only
#: the numeral, the template says "周")
DAY_NAMES = (
    QT_TRANSLATE_NOOP("Recurrence", "Monday"), QT_TRANSLATE_NOOP("Recurrence", "Tuesday"),
    QT_TRANSLATE_NOOP("Recurrence", "Wednesday"), QT_TRANSLATE_NOOP("Recurrence", "Thursday"),
    QT_TRANSLATE_NOOP("Recurrence", "Friday"), QT_TRANSLATE_NOOP("Recurrence", "Saturday"),
    QT_TRANSLATE_NOOP("Recurrence", "Sunday"),
)
ORDINALS = {
    1: QT_TRANSLATE_NOOP("Recurrence", "first"), 2: QT_TRANSLATE_NOOP("Recurrence", "second"),
    3: QT_TRANSLATE_NOOP("Recurrence", "third"), 4: QT_TRANSLATE_NOOP("Recurrence", "fourth"),
    -1: QT_TRANSLATE_NOOP("Recurrence", "last"),
}


class RuleProblem(FieldProblem):
    """A rule that is not valid or not offered; *text* is a "Validation" template with a
    ``{label}`` slot."""

    context = "Validation"


@dataclass(frozen=True)
class Repeat:
    """A repeat rule as the editor shows it."""

    freq: str = "weekly"
    interval: int = 1
    #: weekly: the days (0 = Monday ... 6 = Sunday); empty: the start's weekday
    weekdays: tuple[int, ...] = ()
    #: monthly on a day of the month (1-31, -1 = the last day)
    month_day: int | None = None
    #: monthly on a weekday: (n, weekday), n in 1-4 or -1 (last)
    nth_weekday: tuple[int, int] | None = None
    count: int | None = None
    until: date | None = None

    def check(self) -> None:
        """Raise :class:`RuleProblem` unless the editor could have made this rule."""
        if self.freq not in FREQUENCIES:
            raise RuleProblem(QT_TRANSLATE_NOOP(
                "Validation", "{label}: repeat daily, weekly, monthly or yearly."))
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise RuleProblem(QT_TRANSLATE_NOOP(
                "Validation", "{label}: repeat every 1 to {max}."), max=MAX_INTERVAL)
        if self.count is not None and self.until is not None:
            raise RuleProblem(QT_TRANSLATE_NOOP(
                "Validation", "{label}: end on a date or after a number of times, not both."))
        if self.count is not None and not 1 <= self.count <= MAX_COUNT:
            raise RuleProblem(QT_TRANSLATE_NOOP(
                "Validation", "{label}: the number of times is 1 to {max}."), max=MAX_COUNT)
        if any(not 0 <= d <= 6 for d in self.weekdays) or (
                self.weekdays and self.freq != "weekly"):
            raise RuleProblem(QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose weekdays only for a weekly repeat."))
        if self.month_day is not None or self.nth_weekday is not None:
            if self.freq != "monthly" or (self.month_day is not None
                                          and self.nth_weekday is not None):
                raise RuleProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: a monthly repeat is on a day of the month or on "
                                  "a weekday, not both."))
            if self.month_day is not None and not (1 <= self.month_day <= 31
                                                   or self.month_day == -1):
                raise RuleProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: the day of the month is 1 to 31, or the last."))
            if self.nth_weekday is not None and (self.nth_weekday[0] not in ORDINALS
                                                 or not 0 <= self.nth_weekday[1] <= 6):
                raise RuleProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose the first to fourth or the last weekday "
                                  "of the month."))

    def to_rule(self) -> str:
        """The RFC 5545 ``RRULE`` value."""
        self.check()
        parts = [f"FREQ={self.freq.upper()}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.weekdays:
            parts.append("BYDAY=" + ",".join(DAY_CODES[d] for d in sorted(set(self.weekdays))))
        if self.month_day is not None:
            parts.append(f"BYMONTHDAY={self.month_day}")
        if self.nth_weekday is not None:
            n, day = self.nth_weekday
            parts.append(f"BYDAY={n}{DAY_CODES[day]}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%d}T235959")
        return ";".join(parts)


def parse(rule: str) -> Repeat:
    """The :class:`Repeat` of an ``RRULE`` value (with or without the ``RRULE:`` name);
    :class:`RuleProblem` for anything the editor does not offer."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    unknown = RuleProblem(QT_TRANSLATE_NOOP(
        "Validation", "{label}: \"{rule}\" is not a repeat rule crmdesk offers; write e.g. "
                      "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10."),
        rule=" ".join(rule.split())[:60])  # one line, however it was typed
    values: dict[str, str] = {}
    for part in text.split(";"):
        key, sep, value = part.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip() or key in values:
            raise unknown
        values[key] = value.strip().upper()
    if not set(values) <= {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL"}:
        raise unknown
    freq = values.get("FREQ", "").lower()
    if freq not in FREQUENCIES:
        raise unknown
    try:
        interval = int(values.get("INTERVAL", "1"))
        count = int(values["COUNT"]) if "COUNT" in values else None
        month_day = int(values["BYMONTHDAY"]) if "BYMONTHDAY" in values else None
        until = datetime.strptime(values["UNTIL"][:8], "%Y%m%d").date() \
            if "UNTIL" in values else None
    except ValueError:
        raise unknown from None
    weekdays: tuple[int, ...] = ()
    nth: tuple[int, int] | None = None
    if "BYDAY" in values:
        days = values["BYDAY"].split(",")
        if freq == "monthly":
            code = days[0]
            if len(days) != 1 or code[-2:] not in DAY_CODES:
                raise unknown
            try:
                nth = (int(code[:-2]), DAY_CODES.index(code[-2:]))
            except ValueError:
                raise unknown from None
        elif all(d in DAY_CODES for d in days):
            weekdays = tuple(sorted({DAY_CODES.index(d) for d in days}))
        else:
            raise unknown
    repeat = Repeat(freq, interval, weekdays, month_day, nth, count, until)
    repeat.check()
    return repeat


def clean_rule(value: Any) -> str | None:
    """A rule as stored (normalised), None for none; :class:`RuleProblem` if not valid."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Repeat):
        return value.to_rule()
    return parse(str(value)).to_rule()


# -- computing occurrences ----------------------------------------------------------------

def _local(moment: datetime) -> datetime:
    """*moment* as naive local wall-clock time (what rules are computed in)."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _aware(local: datetime) -> datetime:
    return local.astimezone()  # naive: taken as local time


def _rule(rule: str, start: datetime) -> Any:
    return du.rrulestr(parse(rule).to_rule(), dtstart=_local(start))


def next_after(rule: str, start: datetime, after: datetime) -> datetime | None:
    """The first occurrence of the series (*rule* from *start*) later than *after*;
    None when the series has ended (its date or its number of times)."""
    found = _rule(rule, start).after(_local(after))
    return _aware(found) if found is not None else None


def occurrences(rule: str, start: datetime, begin: datetime, end: datetime,
                limit: int = 1000) -> list[datetime]:
    """The occurrences between *begin* and *end* (inclusive), at most *limit*."""
    found: list[datetime] = []
    for moment in _rule(rule, start).xafter(_local(begin), inc=True):
        if moment > _local(end) or len(found) >= limit:
            break
        found.append(_aware(moment))
    return found


def index_of(rule: str, start: datetime, occurrence: datetime) -> int:
    """How many occurrences of the series come before *occurrence* (0: it is the first)."""
    return len(_rule(rule, start).between(_local(start), _local(occurrence), inc=True)) - 1 \
        if _local(occurrence) >= _local(start) else 0


def from_occurrence(rule: str, start: datetime, occurrence: datetime) -> str:
    """The rule of the rest of the series from *occurrence* on, as a series of its own
    (its count reduced by the occurrences before it)."""
    repeat = parse(rule)
    if repeat.count is None:
        return repeat.to_rule()
    left = max(repeat.count - max(index_of(rule, start, occurrence), 0), 1)
    return Repeat(repeat.freq, repeat.interval, repeat.weekdays, repeat.month_day,
                  repeat.nth_weekday, left, None).to_rule()


def anchored(repeat: Repeat, start: datetime) -> Repeat:
    """A weekly rule without days repeats on the start's weekday (shown so)."""
    if repeat.freq == "weekly" and not repeat.weekdays:
        return Repeat(repeat.freq, repeat.interval, (_local(start).weekday(),),
                      None, None, repeat.count, repeat.until)
    return repeat


# -- saying it in words ----------------------------------------------------------------

def _tr(text: str, **params: object) -> str:
    return render("Recurrence", text, **params)


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    head = _tr(QT_TRANSLATE_NOOP("Recurrence", ", ")).join(names[:-1])
    return _tr(QT_TRANSLATE_NOOP("Recurrence", "{list} and {last}"), list=head, last=names[-1])


def summary(rule: str | Repeat | None, start: datetime | None = None) -> str:
    """The rule in words, in the current language: "Every Monday and Wednesday,
    10 times" (zh_CN "每周一、三，共 10 次").  "" for no rule."""
    if rule is None or rule == "":
        return ""
    repeat = rule if isinstance(rule, Repeat) else parse(rule)
    if start is not None:
        repeat = anchored(repeat, start)
    n = repeat.interval
    if repeat.freq == "daily":
        text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every day")) if n == 1 else \
            _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {n} days"), n=n)
    elif repeat.freq == "weekly":
        if not repeat.weekdays:
            text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every week")) if n == 1 else \
                _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {n} weeks"), n=n)
        else:
            days = _join([_tr(DAY_NAMES[d]) for d in repeat.weekdays])
            text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {days}"), days=days) if n == 1 \
                else _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {n} weeks on {days}"),
                         n=n, days=days)
    elif repeat.freq == "monthly":
        if repeat.nth_weekday is not None:
            nth, day = repeat.nth_weekday
            text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every month on the {nth} {day}"),
                       nth=_tr(ORDINALS[nth]), day=_tr(DAY_NAMES[day])) if n == 1 else \
                _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {n} months on the {nth} {day}"),
                    n=n, nth=_tr(ORDINALS[nth]), day=_tr(DAY_NAMES[day]))
        elif repeat.month_day == -1:
            text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every month on the last day")) \
                if n == 1 else _tr(QT_TRANSLATE_NOOP(
                    "Recurrence", "Every {n} months on the last day"), n=n)
        elif repeat.month_day is not None:
            text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every month on day {day}"),
                       day=repeat.month_day) if n == 1 else \
                _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {n} months on day {day}"),
                    n=n, day=repeat.month_day)
        else:
            text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every month")) if n == 1 else \
                _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {n} months"), n=n)
    else:
        text = _tr(QT_TRANSLATE_NOOP("Recurrence", "Every year")) if n == 1 else \
            _tr(QT_TRANSLATE_NOOP("Recurrence", "Every {n} years"), n=n)
    if repeat.count is not None:
        text += _tr(QT_TRANSLATE_NOOP("Recurrence", ", {n} times"), n=repeat.count)
    elif repeat.until is not None:
        text += _tr(QT_TRANSLATE_NOOP("Recurrence", ", until {date}"),
                    date=repeat.until.isoformat())
    return text


def day_start(day: date) -> datetime:
    """A date's reminder time: 09:00 local (as follow-up tasks are made)."""
    return datetime.combine(day, time(9, 0)).astimezone()
