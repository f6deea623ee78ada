"""Handover: ``crmdesk handover FILE --from staff1 --to staff2 [--filter ...] --user admin``.

Prints what would move (customers, open opportunities, open tickets, open tasks),
asks for confirmation (``--yes`` skips the question; without a terminal ``--yes`` is
required), then moves them in one transaction and prints what moved.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crmdesk.cli.common import EXIT_OK, EXIT_USER, CliError, logged_in, tr, with_login
from crmdesk.cli.filters import typed_filters
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _counts_line(counts: Any) -> str:
    return tr(QT_TRANSLATE_NOOP(
        "Cli", "{customers} customers of {from_user} to {to_user}, with {opportunities} open "
               "opportunities, {tickets} open tickets and {tasks} open tasks"),
        customers=counts.customers, from_user=counts.from_user, to_user=counts.to_user,
        opportunities=counts.opportunities, tickets=counts.tickets, tasks=counts.tasks)


def cmd_handover(args: argparse.Namespace) -> int:
    from crmdesk.core.services import handover

    if not args.yes and not sys.stdin.isatty():
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Not asking for confirmation without a terminal: add --yes to hand "
                   "over the customers."))
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            flts = typed_filters(s, actor, "customer", args.filter)
            counts = handover.preview(s, actor, args.from_user, args.to_user, flts)
        print(tr(QT_TRANSLATE_NOOP("Cli", "To hand over: {what}"), what=_counts_line(counts)))
        if counts.customers == 0:
            print(tr(QT_TRANSLATE_NOOP("Cli", "Nothing to hand over.")))
            return EXIT_OK
        if not args.yes:
            answer = input(tr(QT_TRANSLATE_NOOP("Cli", "Hand them over? [y/N] ")))
            if answer.strip().lower() not in ("y", "yes", "是", "好"):
                print(tr(QT_TRANSLATE_NOOP("Cli", "Nothing was changed.")), file=sys.stderr)
                return EXIT_USER
        with db.transaction() as s:
            flts = typed_filters(s, actor, "customer", args.filter)
            done = handover.run(s, actor, args.from_user, args.to_user, flts)
    print(tr(QT_TRANSLATE_NOOP("Cli", "Handed over: {what}"), what=_counts_line(done)))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("handover", help="give a user's customers, with their open "
                                        "opportunities, tickets and tasks, to another user")
    p.add_argument("file")
    p.add_argument("--from", dest="from_user", required=True, metavar="USER",
                   help="login name of the user whose customers move")
    p.add_argument("--to", dest="to_user", required=True, metavar="USER",
                   help="login name of the active user who receives them")
    p.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                   help="only customers matching FIELD=VALUE (or ~ != > <), as in list")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    with_login(p)
    p.set_defaults(func=cmd_handover)
