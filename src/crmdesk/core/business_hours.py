"""Business-hours arithmetic: pure functions over a working calendar (no database).

A :class:`WorkCalendar` is a working week (per weekday, Monday = 0, the working
periods of that day in local wall-clock time; a weekday with none is a day off),
plus date overrides: a holiday (no working time) or a make-up working day (调休: a
Saturday or Sunday worked, with its own periods), all in one time zone.

* :func:`add` - the moment *delta* of working time after *start*;
* :func:`elapsed` - the working time between two moments.

Both skip *pauses*: intervals of time that do not count (a ticket waiting for the
customer), given as (start, end) aware moments.  For any start and delta,
``elapsed(start, add(start, delta)) == delta``; :func:`add` returns the earliest such
moment (the end of a working period, not the start of the next).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

Period = tuple[time, time]
Interval = tuple[datetime, datetime]

#: looking further than this for working time means the calendar has none
SEARCH_DAYS = 3 * 366
ZERO = timedelta(0)


class NoWorkingTime(ValueError):
    """The calendar has no working time left to count in (no working weekday)."""


@dataclass(frozen=True)
class WorkCalendar:
    #: weekday (0 = Monday .. 6 = Sunday) -> working periods, local time, in order
    week: Mapping[int, Sequence[Period]]
    tz: tzinfo
    #: a date -> its periods instead of its weekday's: () is a holiday, else a make-up day
    days: Mapping[date, Sequence[Period]] = field(default_factory=dict)

    def periods(self, day: date) -> Sequence[Period]:
        if day in self.days:
            return self.days[day]
        return self.week.get(day.weekday(), ())

    def has_working_time(self) -> bool:
        return any(start < end or end == time(0)
                   for periods in self.week.values() for start, end in periods)

    def intervals(self, day: date) -> list[Interval]:
        """The day's working periods as moments in UTC (so that a day when the clocks
        change has its true length)."""
        found = []
        for start, end in self.periods(day):
            first = datetime.combine(day, start, tzinfo=self.tz)
            last = (datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz)
                    if end == time(0) else datetime.combine(day, end, tzinfo=self.tz))
            first, last = first.astimezone(UTC), last.astimezone(UTC)
            if first < last:
                found.append((first, last))
        return found


def _minus(interval: Interval, pauses: Sequence[Interval]) -> list[Interval]:
    """*interval* without the parts inside *pauses*."""
    pieces = [interval]
    for p_start, p_end in pauses:
        if p_end <= p_start:
            continue
        next_pieces = []
        for a, b in pieces:
            if p_end <= a or p_start >= b:
                next_pieces.append((a, b))
                continue
            if a < p_start:
                next_pieces.append((a, p_start))
            if p_end < b:
                next_pieces.append((p_end, b))
        pieces = next_pieces
    return pieces


def _working(calendar: WorkCalendar, start: datetime,
             pauses: Sequence[Interval]) -> Iterator[Interval]:
    """Working intervals from *start* on (pauses taken out), in order, without end."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    if not calendar.has_working_time() and not calendar.days:
        raise NoWorkingTime("the working week has no working time")
    start = start.astimezone(UTC)
    pauses = [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in pauses]
    day = start.astimezone(calendar.tz).date() - timedelta(days=1)
    empty = 0
    while True:
        found = False
        for a, b in calendar.intervals(day):
            a = max(a, start)
            if a >= b:
                continue
            for piece in _minus((a, b), pauses):
                found = True
                yield piece
        empty = 0 if found else empty + 1
        if empty > SEARCH_DAYS:
            raise NoWorkingTime("no working time within three years")
        day += timedelta(days=1)


def add(calendar: WorkCalendar, start: datetime, delta: timedelta,
        pauses: Sequence[Interval] = ()) -> datetime:
    """The moment when *delta* of working time (outside *pauses*) has passed after *start*."""
    if delta < ZERO:
        raise ValueError("delta must not be negative")
    if delta == ZERO:
        if start.tzinfo is None:
            raise ValueError("start must be an aware datetime")
        return start
    left = delta
    for a, b in _working(calendar, start, pauses):
        length = b - a
        if length >= left:
            return a + left
        left -= length
    raise AssertionError("unreachable")  # pragma: no cover - _working never ends


def elapsed(calendar: WorkCalendar, start: datetime, end: datetime,
            pauses: Sequence[Interval] = ()) -> timedelta:
    """The working time between *start* and *end* outside *pauses* (zero when end <= start).

    A long span (a ticket breached months ago, in every list of late tickets) is counted
    a week at a time in its middle: a Monday-to-Monday week with no date override and
    one UTC offset throughout counts its weekdays' working time, worked out once per
    offset; the other weeks and both ends are counted day by day."""
    if end <= start:
        return ZERO
    if pauses or end - start < _WHOLE_WEEKS_FROM:
        return _elapsed(calendar, start, end, pauses)
    tz = calendar.tz
    after_start = start.astimezone(tz).date() + timedelta(days=1)
    monday = after_start + timedelta(days=-after_start.weekday() % 7)
    end_day = end.astimezone(tz).date()
    last_monday = end_day - timedelta(days=end_day.weekday())
    if last_monday <= monday:
        return _elapsed(calendar, start, end)

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=tz)

    total = _elapsed(calendar, start, midnight(monday))
    weeks: dict[timedelta | None, timedelta] = {}  # a plain week's working time, by offset
    overridden = {d - timedelta(days=d.weekday()) for d in calendar.days}  # their Mondays
    day, week_start = monday, midnight(monday)
    while day < last_monday:
        week_end = midnight(day + _WEEK)
        offset = week_start.utcoffset()
        if offset != week_end.utcoffset() or day in overridden:
            total += _elapsed(calendar, week_start, week_end)
        else:
            if offset not in weeks:
                weeks[offset] = sum((b - a for i in range(7)
                                     for a, b in calendar.intervals(day + timedelta(days=i))),
                                    ZERO)
            total += weeks[offset]
        day, week_start = day + _WEEK, week_end
    return total + _elapsed(calendar, midnight(last_monday), end)


_WEEK = timedelta(days=7)
#: spans from this long on are counted a week at a time in their middle
_WHOLE_WEEKS_FROM = timedelta(days=21)


def _elapsed(calendar: WorkCalendar, start: datetime, end: datetime,
             pauses: Sequence[Interval] = ()) -> timedelta:
    """:func:`elapsed` day by day."""
    if end <= start:
        return ZERO
    end = end.astimezone(UTC)
    total = ZERO
    for a, b in _working(calendar, start, pauses):
        if a >= end:
            break
        total += min(b, end) - a
    return total


def minutes_text(minutes: float) -> str:
    """A span of working time as people write it: 90 -> "1h30m", 2880 -> "48h"."""
    negative = minutes < 0
    whole = int(abs(minutes))
    hours, mins = divmod(whole, 60)
    text = f"{hours}h{mins:02d}m" if hours and mins else (f"{hours}h" if hours else f"{mins}m")
    return ("-" if negative else "") + text


def parse_span(text: str, day_minutes: int = 8 * 60) -> int:
    """Working minutes from "90", "90m", "2h", "1h30m", "1.5h" or "1d" (a working day of
    *day_minutes*).  Raises ValueError for anything else."""
    import re

    cleaned = (text or "").strip().lower().replace(" ", "")
    if not cleaned:
        raise ValueError(text)
    if cleaned.isdigit():
        if int(cleaned) <= 0:
            raise ValueError(text)
        return int(cleaned)
    total = 0.0
    pos = 0
    for match in re.finditer(r"(\d+(?:\.\d+)?)([dhm])", cleaned):
        if match.start() != pos:
            raise ValueError(text)
        number = float(match.group(1))
        total += number * {"d": day_minutes, "h": 60, "m": 1}[match.group(2)]
        pos = match.end()
    if pos != len(cleaned) or total <= 0 or total != int(total):
        raise ValueError(text)
    return int(total)
