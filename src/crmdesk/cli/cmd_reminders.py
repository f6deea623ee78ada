"""Reminders: ``crmdesk reminders FILE --user U [--due]``.

One reminder a line, tab-separated, earliest first: when it fires (local time,
``YYYY-MM-DD HH:MM``; a snoozed one at its snooze's end), kind (``task``,
``follow_up``, ``ticket``, ``sla``, or ``TYPE.FIELD`` for a designed record type's date),
code (a task's number, a customer's or ticket's code, a designed record's code) and
title.  Without ``--due`` every reminder not dismissed, also those still to come; with
``--due`` only those the window would show now.  The customers named count for the
read guard, as ``list`` does.
"""

from __future__ import annotations

import argparse
from typing import Any

from crmdesk.cli.common import EXIT_OK, logged_in, print_table, with_login


def cmd_reminders(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts, reminders

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            found = reminders.reminders(s, actor, due_only=args.due, limit=args.limit)
            # the customers shown count before anything is printed (a freeze ends here)
            accounts.record_access(s, actor, "list", reminders.customer_ids(found))
    print_table([(r.fires_at.astimezone().strftime("%Y-%m-%d %H:%M"), r.kind, r.code, r.title)
                 for r in found])
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("reminders", help="your reminders: tasks, planned follow-ups and "
                                         "tickets, one a line (due time, kind, code, title)")
    p.add_argument("file")
    p.add_argument("--due", action="store_true",
                   help="only those due now (not snoozed or dismissed)")
    p.add_argument("--limit", type=int, default=500, help="at most this many (default 500)")
    with_login(p)
    p.set_defaults(func=cmd_reminders)
