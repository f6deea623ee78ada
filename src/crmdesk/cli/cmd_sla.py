"""Service levels: ``crmdesk sla ...`` (targets, working week, holidays, checks).

* ``crmdesk sla FILE --user U`` prints the settings, one line each, tab-separated:
  ``target PRIORITY CATEGORY RESPONSE RESOLUTION`` (working time, e.g. 2h, 1d = 540
  minutes shown as 9h), ``week DAY HH:MM-HH:MM`` (or ``off``), ``holiday DATE NOTE``,
  ``workday DATE HH:MM-HH:MM NOTE`` (a make-up working day) and ``at-risk PERCENT``.
* ``crmdesk sla set FILE --priority P [--category C] [--response SPAN]
  [--resolution SPAN] [--clear] [--at-risk PERCENT]``: SPAN is working time: 90, 90m,
  2h, 1h30m or 1d (one working day: the length of the first working weekday);
  ``--clear`` removes the targets of that priority (and category).
* ``crmdesk sla hours FILE --day mon,tue,... (--hours 09:00-18:00 | --off)``.
* ``crmdesk sla holidays FILE [--add DATE ...] [--workday DATE[=HH:MM-HH:MM] ...]
  [--remove DATE ...] [--note TEXT]``: holidays and make-up working days; without an
  option it lists them.
* ``crmdesk sla check FILE``: bring every ticket's clock up to date, escalate new
  breaches (prints them) - for a scheduled task on a server.
* ``crmdesk sla tickets FILE [--state breached|at-risk]``: the tickets in that state
  now (code, target, due, assignee, subject), within what the user sees.

Settings are changed by administrators (``settings.manage``), with an audit entry each.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, with_login
from crmdesk.i18n import QT_TRANSLATE_NOOP

ACTIONS = ("set", "hours", "holidays", "check", "tickets")
HOURS_RE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def _hours(text: str, option: str) -> tuple[int, int]:
    match = HOURS_RE.match((text or "").strip())
    if match:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 < 60 and m2 < 60 and 0 <= start < end <= 24 * 60:
            return start, end
    raise CliError(QT_TRANSLATE_NOOP(
        "Cli", "{option} {value} is not a time range: write it as HH:MM-HH:MM, "
               "e.g. 09:00-18:00."), option=option, value=text)


def _hhmm(minute: int | None) -> str:
    return "" if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"


def _range(start: int | None, end: int | None) -> str:
    return f"{_hhmm(start)}-{_hhmm(end)}"


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value} is not a date: write it as YYYY-MM-DD, e.g. 2024-05-01."),
            option=option, value=text) from None


def _span(text: str | None, option: str, day_minutes: int) -> int | None:
    from crmdesk.core.business_hours import parse_span

    if text is None:
        return None
    try:
        return parse_span(text, day_minutes)
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value} is not a length of working time: write e.g. 90m, 2h, "
                   "1h30m or 1d."), option=option, value=text) from None


def _days(text: str) -> list[int]:
    from crmdesk.core.services.service_levels import WEEKDAYS

    found = []
    for part in (text or "").replace("，", ",").split(","):
        key = part.strip().lower()[:3]
        if key not in WEEKDAYS:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "--day {value}: name weekdays as mon, tue, wed, thu, fri, sat, sun "
                       "(comma-separated)."), value=part.strip())
        found.append(WEEKDAYS.index(key))
    return found


def _refuse_extra(args: argparse.Namespace, allowed: set[str]) -> None:
    options = {"priority": "--priority", "category": "--category", "response": "--response",
               "resolution": "--resolution", "clear": "--clear", "at_risk": "--at-risk",
               "day": "--day", "hours": "--hours", "off": "--off", "add": "--add",
               "workday": "--workday", "remove": "--remove", "note": "--note",
               "state": "--state"}
    for key, option in options.items():
        if key not in allowed and getattr(args, key) not in (None, False, []):
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "{option} does not go with crmdesk sla {action}: see crmdesk sla "
                       "--help."), option=option, action=args.action)


def _show(s: Any) -> None:
    from crmdesk.core.business_hours import minutes_text
    from crmdesk.core.services import service_levels as sl

    cfg = sl.config(s)

    def span(value: int | None) -> str:
        return "-" if value is None else minutes_text(value)

    rows: list[tuple[Any, ...]] = [("target", t.priority, t.customer_category,
                                    span(t.response_minutes), span(t.resolution_minutes))
                                   for t in cfg.targets]
    for weekday, name in enumerate(sl.WEEKDAYS):
        hours = cfg.week.get(weekday)
        rows.append(("week", name, _range(*hours) if hours else "off"))
    for day in cfg.days:
        if day.working:
            rows.append(("workday", day.day.isoformat(),
                         _range(day.start_minute, day.end_minute)
                         if day.start_minute is not None else "", day.note or ""))
        else:
            rows.append(("holiday", day.day.isoformat(), day.note or ""))
    rows.append(("at-risk", f"{cfg.at_risk_percent}%"))
    print_table(rows)


def _day_minutes(s: Any) -> int:
    from crmdesk.core.services import service_levels as sl

    week = sl.config(s).week
    first = next(iter(sorted(week.items())), None)
    return first[1][1] - first[1][0] if first else 8 * 60


def cmd_sla(args: argparse.Namespace) -> int:
    from crmdesk.core.services import service_levels as sl

    if args.file is None:
        args.action, args.file = "show", args.action
    elif args.action not in ACTIONS:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Unknown sla command {action}: use crmdesk sla FILE, or one of {actions}."),
            action=args.action, actions=", ".join(ACTIONS))
    allowed = {"show": set(), "check": set(), "tickets": {"state"},
               "set": {"priority", "category", "response", "resolution", "clear", "at_risk"},
               "hours": {"day", "hours", "off"},
               "holidays": {"add", "workday", "remove", "note"}}[args.action]
    _refuse_extra(args, allowed)
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "show":
                _show(s)
            elif args.action == "set":
                _set(s, actor, args)
                _show(s)
            elif args.action == "hours":
                if not args.day or (args.hours is None) == (not args.off):
                    raise CliError(QT_TRANSLATE_NOOP(
                        "Cli", "Write crmdesk sla hours FILE --day mon,tue (--hours "
                               "09:00-18:00 | --off) --user U."))
                hours = None if args.off else _hours(args.hours, "--hours")
                sl.set_week(s, actor, {d: hours for d in _days(args.day)})
                _show(s)
            elif args.action == "holidays":
                _holidays(s, actor, args)
            elif args.action == "check":
                made = sl.check(s, actor)
                print(tr(QT_TRANSLATE_NOOP("Cli", "{n} new breaches escalated."), n=len(made)))
                _tickets(s, actor, "breached")
            else:
                _tickets(s, actor, "at_risk" if args.state == "at-risk" else "breached")
    return EXIT_OK


def _set(s: Any, actor: Any, args: argparse.Namespace) -> None:
    from crmdesk.core.services import service_levels as sl

    if args.at_risk is not None:
        try:
            sl.set_threshold(s, actor, int(args.at_risk.rstrip("%")))
        except ValueError:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "--at-risk {value} is not a percent: write a number from 1 to 99, "
                       "e.g. 80."), value=args.at_risk) from None
    if not args.priority:
        if args.at_risk is None:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "Write crmdesk sla set FILE --priority high --response 2h "
                       "--resolution 1d --user U (or --at-risk 80)."))
        return
    day = _day_minutes(s)
    response = _span(args.response, "--response", day)
    resolution = _span(args.resolution, "--resolution", day)
    if args.clear:
        sl.set_target(s, actor, args.priority, response_minutes=None, resolution_minutes=None,
                      customer_category=args.category or "")
    elif response is None and resolution is None:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Give --response, --resolution or both (or --clear), e.g. --response 2h."))
    else:
        sl.set_target(s, actor, args.priority, response_minutes=response,
                      resolution_minutes=resolution, customer_category=args.category or "",
                      keep=True)


def _holidays(s: Any, actor: Any, args: argparse.Namespace) -> None:
    from crmdesk.core.services import service_levels as sl

    for text in args.add:
        sl.set_day(s, actor, _date(text, "--add"), note=args.note)
    for text in args.workday:
        day_text, _sep, hours = text.partition("=")
        start, end = _hours(hours, "--workday") if hours else (None, None)
        sl.set_day(s, actor, _date(day_text, "--workday"), working=True, start_minute=start,
                   end_minute=end, note=args.note)
    for text in args.remove:
        if not sl.remove_day(s, actor, _date(text, "--remove")):
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "--remove {value}: that date is neither a holiday nor a working day "
                       "here; see crmdesk sla holidays FILE."), value=text)
    cfg = sl.config(s)
    print_table([("holiday" if d.working is False else "workday", d.day.isoformat(),
                  _range(d.start_minute, d.end_minute) if d.start_minute is not None else "",
                  d.note or "") for d in cfg.days])


def _tickets(s: Any, actor: Any, state: str) -> None:
    from crmdesk.core.presentation import datetime_text
    from crmdesk.core.services import accounts
    from crmdesk.core.services import service_levels as sl

    found = sl.tickets_in_state(s, actor, state)
    accounts.record_access(s, actor, "open", sorted({t.customer_id for t in found}))
    print_table([(t.code, t.status.target, t.status.text,
                  datetime_text(t.status.due_at) if t.status.due_at else "", t.assignee,
                  t.subject) for t in found])


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("sla", help="service levels: show (crmdesk sla FILE), set, hours, "
                                   "holidays, check, tickets")
    p.add_argument("action", metavar="FILE | ACTION",
                   help="the database (show the settings), or one of " + ", ".join(ACTIONS))
    p.add_argument("file", nargs="?", help="the database, after an action")
    p.add_argument("--priority", help="set: low, normal, high or urgent")
    p.add_argument("--category", help="set: only for customers of this category (e.g. VIP)")
    p.add_argument("--response", help="set: first-response target, e.g. 2h")
    p.add_argument("--resolution", help="set: resolution target, e.g. 1d")
    p.add_argument("--clear", action="store_true", help="set: remove the targets")
    p.add_argument("--at-risk", dest="at_risk", help="set: percent used that is 'at risk'")
    p.add_argument("--day", help="hours: weekdays, e.g. mon,tue,wed,thu,fri")
    p.add_argument("--hours", help="hours: HH:MM-HH:MM")
    p.add_argument("--off", action="store_true", help="hours: the days are days off")
    p.add_argument("--add", action="append", default=[], metavar="DATE",
                   help="holidays: a holiday")
    p.add_argument("--workday", action="append", default=[], metavar="DATE[=HH:MM-HH:MM]",
                   help="holidays: a make-up working day")
    p.add_argument("--remove", action="append", default=[], metavar="DATE",
                   help="holidays: back to an ordinary day")
    p.add_argument("--note", help="holidays: a note, e.g. 春节")
    p.add_argument("--state", choices=("breached", "at-risk"), help="tickets: which")
    with_login(p)
    p.set_defaults(func=cmd_sla)
