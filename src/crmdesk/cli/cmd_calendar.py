"""The calendar: ``crmdesk calendar FILE --user U --from D --to D [--ics OUT.ics]``.

Without ``--ics``: the agenda of the days ``--from`` to ``--to`` (inclusive, local
time), one item a line, tab-separated: start (``YYYY-MM-DD HH:MM`` local for a task,
``YYYY-MM-DD`` for an all-day item), kind (``task``, ``follow_up``, ``ticket``,
``opportunity``, ``campaign``, ``delivery`` (a planned delivery note), or ``TYPE.FIELD``
for a designed record type's date),
code and title.  With ``--ics``: an iCalendar file
(RFC 5545, the ``icalendar`` library) for Outlook, Thunderbird and phone calendars:
one VEVENT per item, its UID stable per record (a program that subscribes to the file
replaces a moved item), SEQUENCE the record's version, a task at its due time in the
local time zone, the others as all-day events, SUMMARY in the user's language.
``--person NAME`` shows a team member's calendar (managers, administrators),
``--team`` everyone's the user leads.  The customers named count for the read guard,
as ``list`` does.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, with_login
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: a task is shown this long in a calendar program (it has a due time, no length)
TASK_LENGTH = timedelta(minutes=30)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value}: not a date; write it as YYYY-MM-DD, e.g. 2024-01-31."),
            option=option, value=text) from None


def local_zone() -> tzinfo:
    """The local time zone by its IANA name where one is known (a calendar program
    then shows the times right across daylight-saving changes), else UTC."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            link = os.path.realpath("/etc/localtime")
        except OSError:
            link = ""
        name = link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else ""
    if name:
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is not None:  # only if it agrees with the clock Python uses
            now = datetime.now().astimezone()
            if now.utcoffset() == now.astimezone(zone).utcoffset():
                return zone
    from datetime import UTC

    return UTC


def ics_bytes(found: list[Any], name: str) -> bytes:
    """The iCalendar file of calendar items (``core.services.calendar.CalendarItem``)."""
    from datetime import UTC

    import icalendar

    from crmdesk import __version__

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//crmdesk//crmdesk {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    zone = local_zone()
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in found:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        if isinstance(item.start, datetime):
            start = item.start.astimezone(zone).replace(microsecond=0)
            event.add("dtstart", start)
            event.add("dtend", start + TASK_LENGTH)
        else:
            event.add("dtstart", item.start)
            event.add("dtend", item.last_day + timedelta(days=1))  # exclusive
        event.add("sequence", item.version)
        description = f"{item.kind_text} {item.code}"
        if item.person_name:
            description += f" - {item.person_name}"
        event.add("description", description)
        event.add("categories", [item.kind_text])
        cal.add_component(event)
    if hasattr(cal, "add_missing_timezones"):  # icalendar 6+: VTIMEZONE of each TZID
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


def cmd_calendar(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts, calendar
    from crmdesk.storage.files import atomic_write

    first, last = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            person = accounts.user_by_name(s, args.person).id if args.person else None
            found = calendar.items(s, actor, first, last, person=person, team=args.team)
            # the customers shown count before anything is printed (a freeze ends here)
            accounts.record_access(s, actor, "list", sorted(
                {i.customer_id for i in found if i.customer_id is not None}))
    if args.ics:
        atomic_write(Path(args.ics), ics_bytes(found, f"crmdesk {args.user}"))
        return EXIT_OK
    print_table([(i.start_text, i.kind, i.code, i.title) for i in found])
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("calendar", help="your calendar of tasks, follow-ups, ticket due "
                                        "dates, close dates and campaigns: one a line "
                                        "(start, kind, code, title) or an .ics file")
    p.add_argument("file")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE",
                   help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE",
                   help="last day (YYYY-MM-DD), included")
    p.add_argument("--ics", metavar="OUT.ics",
                   help="write an iCalendar file instead (Outlook, Thunderbird, phones)")
    p.add_argument("--person", metavar="NAME",
                   help="a team member's calendar (managers and administrators)")
    p.add_argument("--team", action="store_true",
                   help="everyone's you lead (a manager's team; an administrator's all)")
    with_login(p)
    p.set_defaults(func=cmd_calendar)
