"""Business-hours arithmetic: weekends, holidays, make-up days, pauses (a fake clock:
every moment is given, nothing reads the time)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmdesk.core.business_hours import (
    NoWorkingTime,
    WorkCalendar,
    add,
    elapsed,
    minutes_text,
    parse_span,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NINE_SIX = [(time(9), time(18))]
WEEK = {d: NINE_SIX for d in range(5)}
#: Spring Festival 2027: 6-12 Feb off (Sat 6 .. Fri 12), Sunday 14 Feb worked (调休)
FESTIVAL = {date(2027, 2, d): [] for d in range(6, 13)}
FESTIVAL[date(2027, 2, 14)] = NINE_SIX
CAL = WorkCalendar(WEEK, SHANGHAI, FESTIVAL)


def at(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=SHANGHAI)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_within_one_day() -> None:
    assert add(CAL, at(1, 10), minutes(120)) == at(1, 12)
    assert elapsed(CAL, at(1, 10), at(1, 12)) == minutes(120)


def test_before_opening_starts_at_opening() -> None:
    assert add(CAL, at(1, 7), minutes(30)) == at(1, 9, 30)
    assert elapsed(CAL, at(1, 7), at(1, 9, 30)) == minutes(30)


def test_ends_at_closing_not_next_morning() -> None:
    assert add(CAL, at(1, 17), minutes(60)) == at(1, 18)


def test_over_the_night() -> None:
    assert add(CAL, at(1, 17), minutes(120)) == at(2, 10)


def test_over_the_weekend() -> None:
    # Friday 5 Feb 2027 17:00 + 2h: the festival starts on Saturday 6 ... 12; the
    # next working day is the make-up Sunday 14 Feb
    assert add(CAL, at(5, 17), minutes(120)) == at(14, 10)
    # an ordinary weekend: Friday 15 Jan 17:00 + 2h = Monday 18 Jan 10:00
    assert add(CAL, at(15, 17, month=1), minutes(120)) == at(18, 10, month=1)
    assert elapsed(CAL, at(15, 17, month=1), at(18, 10, month=1)) == minutes(120)


def test_holiday_is_skipped_and_make_up_day_counts() -> None:
    assert elapsed(CAL, at(6, 0), at(13, 23)) == timedelta(0)  # the whole festival week
    assert elapsed(CAL, at(14, 0), at(14, 23)) == minutes(540)  # Sunday worked


def test_pause_does_not_count() -> None:
    pauses = [(at(1, 10), at(1, 14))]
    assert add(CAL, at(1, 9), minutes(120), pauses) == at(1, 15)
    assert elapsed(CAL, at(1, 9), at(1, 15), pauses) == minutes(120)


def test_pause_over_several_days() -> None:
    pauses = [(at(1, 12), at(3, 12))]
    assert elapsed(CAL, at(1, 9), at(3, 18), pauses) == minutes(180 + 360)


def test_zero_and_reversed() -> None:
    assert add(CAL, at(6, 3), timedelta(0)) == at(6, 3)
    assert elapsed(CAL, at(2, 12), at(1, 12)) == timedelta(0)
    with pytest.raises(ValueError):
        add(CAL, at(1, 9), minutes(-1))


def test_no_working_time_is_an_error() -> None:
    with pytest.raises(NoWorkingTime):
        add(WorkCalendar({}, SHANGHAI), at(1, 9), minutes(10))


def test_naive_start_is_refused() -> None:
    with pytest.raises(ValueError):
        add(CAL, datetime(2027, 2, 1, 9), minutes(10))


def test_utc_moments_and_other_zone() -> None:
    start = at(1, 17).astimezone(ZoneInfo("UTC"))
    assert add(CAL, start, minutes(120)) == at(2, 10)


def test_daylight_saving_day_counts_wall_clock_hours() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    cal = WorkCalendar({d: [(time(0), time(0))] for d in range(7)}, berlin)  # all day
    # 28 March 2027: clocks go forward, the day has 23 hours
    day_start = datetime(2027, 3, 28, tzinfo=berlin)
    assert elapsed(cal, day_start, datetime(2027, 3, 29, tzinfo=berlin)) == timedelta(hours=23)


def test_parse_and_show_spans() -> None:
    assert parse_span("90") == 90
    assert parse_span("2h") == 120
    assert parse_span("1h30m") == 90
    assert parse_span("1.5h") == 90
    assert parse_span("1d") == 480
    assert parse_span("1d", day_minutes=540) == 540
    for bad in ("", "abc", "2x", "h", "0", "1.25m", "2h 3"):
        with pytest.raises(ValueError):
            parse_span(bad)
    assert minutes_text(90) == "1h30m"
    assert minutes_text(120) == "2h"
    assert minutes_text(-45) == "-45m"


moments = st.datetimes(min_value=datetime(2027, 1, 1), max_value=datetime(2027, 3, 31),
                       timezones=st.just(SHANGHAI))
spans = st.integers(min_value=0, max_value=20 * 540).map(minutes)


@st.composite
def pause_lists(draw: st.DrawFn) -> list[tuple[datetime, datetime]]:
    found = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(moments)
        found.append((start, start + timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))))
    return found


@given(moments, spans, pause_lists())
def test_add_then_measure_gives_the_span(start: datetime, span: timedelta,
                                         pauses: list[tuple[datetime, datetime]]) -> None:
    end = add(CAL, start, span, pauses)
    assert end >= start
    assert elapsed(CAL, start, end, pauses) == span


@given(moments, spans, spans)
def test_add_is_additive(start: datetime, a: timedelta, b: timedelta) -> None:
    assert add(CAL, add(CAL, start, a), b) == add(CAL, start, a + b)


@given(moments, moments, moments)
def test_elapsed_splits_at_any_middle(a: datetime, b: datetime, c: datetime) -> None:
    first, middle, last = sorted((a, b, c))
    assert elapsed(CAL, first, last) == elapsed(CAL, first, middle) + elapsed(CAL, middle, last)


@given(moments, spans)
def test_earliest_moment(start: datetime, span: timedelta) -> None:
    end = add(CAL, start, span)
    if span > timedelta(0):
        assert elapsed(CAL, start, end - timedelta(microseconds=1)) < span


long_moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31),
                            timezones=st.sampled_from([SHANGHAI, ZoneInfo("Europe/Berlin"),
                                                       ZoneInfo("UTC")]))
#: a Berlin week over midnight too (a night shift ending at 00:00), with an override
BERLIN = WorkCalendar({0: NINE_SIX, 2: [(time(8), time(12)), (time(22), time(0))],
                       5: [(time(0), time(0))]}, ZoneInfo("Europe/Berlin"),
                      {date(2027, 3, 31): [], date(2027, 10, 30): NINE_SIX})


@given(long_moments, long_moments, st.sampled_from([CAL, BERLIN]))
def test_a_long_span_counted_by_weeks_is_counted_as_day_by_day(  # type: ignore[no-untyped-def]
        a: datetime, b: datetime, calendar) -> None:
    """A ticket late for months: its working time counted a week at a time in the middle
    (weeks with a holiday, a make-up day or a change of the clocks day by day) is the
    same as counted day by day, to the microsecond."""
    from crmdesk.core.business_hours import _elapsed

    start, end = sorted((a, b))
    assert elapsed(calendar, start, end) == _elapsed(calendar, start, end)


def test_a_year_late_is_counted_by_weeks() -> None:
    start, end = at(1, 9, month=1), datetime(2028, 1, 1, 9, tzinfo=SHANGHAI)
    # 2027 has 261 weekdays; the festival takes 5 of them (Mon 8 - Fri 12 Feb) and gives
    # Sunday 14 Feb back: 257 days of nine hours
    assert elapsed(CAL, start, end) == timedelta(hours=9 * 257)
