"""Ticket statuses and moves: ``crmdesk status ...`` and ``crmdesk ticket move|history``.

``crmdesk status list|add|rename|move|colour|category|default|retire|reinstate|
transitions|allow`` configure the statuses and the moves between them, with the same
rules and audit entries as the settings screen (``core.services.ticket_flow``); a
status is named by its key or by either of its names.  ``list`` prints one status a
line, tab-separated, in display order: position, key, name as shown, Chinese name,
English name, category, colour, default (yes/no), retired (yes/no), tickets.
``transitions`` prints one allowed move a line: from, to, roles.

``crmdesk ticket move FILE CODE STATUS [--comment TEXT]`` moves a ticket (refused,
naming the allowed moves, when the user's role may not make it) and ``crmdesk ticket
history FILE CODE`` prints its history, oldest first: when, who, what, comment.
"""

from __future__ import annotations

import argparse
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    CliError,
    logged_in,
    print_table,
    resolve_record_id,
    tr,
    with_login,
    yes_no,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP

STATUS_ACTIONS = ["list", "add", "rename", "move", "colour", "category", "default", "retire",
                  "reinstate", "transitions", "allow"]
TICKET_ACTIONS = ["move", "history", "rules", "satisfaction"]  # the last two: cmd_ticket_desk

USAGE = {
    "add": "crmdesk status add FILE KEY --zh NAME --en NAME [--category open|waiting|closed] "
           "[--colour #RRGGBB] [--position N] --user U",
    "rename": "crmdesk status rename FILE STATUS [--zh NAME] [--en NAME] --user U",
    "move": "crmdesk status move FILE STATUS POSITION --user U",
    "colour": "crmdesk status colour FILE STATUS #RRGGBB|none --user U",
    "category": "crmdesk status category FILE STATUS open|waiting|closed --user U",
    "default": "crmdesk status default FILE STATUS --user U",
    "retire": "crmdesk status retire FILE STATUS [--move-to STATUS] --user U",
    "reinstate": "crmdesk status reinstate FILE STATUS --user U",
    "allow": "crmdesk status allow FILE FROM TO --roles staff,manager,admin|none --user U",
}


def _needs(args: argparse.Namespace, *names: str) -> None:
    """Refuse a command line that misses a part, with the synopsis to write."""
    for name in names:
        if getattr(args, name) in (None, ""):
            raise CliError(QT_TRANSLATE_NOOP("Cli", "Missing {part}: write {usage}"),
                           part=name.upper(), usage=USAGE[args.action])


def _key(s: Any, text: str) -> str:
    from crmdesk.core.services import ticket_flow
    from crmdesk.errors import NotFound

    try:
        return ticket_flow.find_status(s, text).key
    except NotFound:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "There is no ticket status {status}; see crmdesk status list FILE."),
            status=text) from None


def cmd_status(args: argparse.Namespace) -> int:
    from crmdesk.core.services import ticket_flow

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                print_table([(st.position, st.key, st.shown, st.name_zh or "", st.name,
                              ticket_flow.category_name(st.category), st.colour or "",
                              yes_no(st.is_default), yes_no(st.retired), st.tickets)
                             for st in ticket_flow.summaries(s)])
                return EXIT_OK
            if args.action == "transitions":
                ordered = ticket_flow.all_statuses(s)
                moves = ticket_flow.transitions(s)
                print_table([(ticket_flow.shown(a), ticket_flow.shown(b),
                              ticket_flow.roles_text(moves[(a.id, b.id)]))
                             for a in ordered for b in ordered if moves.get((a.id, b.id))])
                return EXIT_OK
            _needs(args, "key")
            if args.action == "add":
                ticket_flow.add_status(s, actor, args.key, name=args.en, name_zh=args.zh,
                                       category=args.category or "open", colour=args.colour,
                                       position=args.position)
            else:
                key = _key(s, args.key)
                if args.action == "rename":
                    ticket_flow.rename_status(s, actor, key, name=args.en, name_zh=args.zh)
                elif args.action == "move":
                    _needs(args, "value")
                    ticket_flow.move_status(s, actor, key, args.value)
                elif args.action == "colour":
                    _needs(args, "value")
                    ticket_flow.set_colour(s, actor, key,
                                           None if args.value.casefold() == "none"
                                           else args.value)
                elif args.action == "category":
                    _needs(args, "value")
                    ticket_flow.set_category(s, actor, key, args.value)
                elif args.action == "default":
                    ticket_flow.set_default(s, actor, key)
                elif args.action == "retire":
                    moved = ticket_flow.retire_status(
                        s, actor, key, move_to=_key(s, args.move_to) if args.move_to else None)
                    if moved:
                        print(tr(QT_TRANSLATE_NOOP("Cli", "Moved {n} tickets."), n=moved))
                elif args.action == "reinstate":
                    ticket_flow.reinstate_status(s, actor, key)
                else:  # allow
                    _needs(args, "value", "roles")
                    roles = [] if args.roles.strip().casefold() == "none" else \
                        args.roles.replace("，", ",").split(",")
                    chosen = ticket_flow.set_transition(s, actor, key, _key(s, args.value),
                                                        roles)
                    print(tr(QT_TRANSLATE_NOOP("Cli", "Who may make the move: {roles}."),
                             roles=ticket_flow.roles_text(chosen) or "-"))
                    return EXIT_OK
    print(tr(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def cmd_ticket(args: argparse.Namespace) -> int:
    from crmdesk.core import presentation
    from crmdesk.core.fields import fields_of
    from crmdesk.core.services import accounts, ticket_flow
    from crmdesk.core.services.tickets import tickets

    if args.action in ("rules", "satisfaction"):
        from crmdesk.cli.cmd_ticket_desk import run

        return run(args)
    if not args.code or args.more:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "Missing {part}: write {usage}"), part="CODE",
                       usage=f"crmdesk ticket {args.action} FILE CODE --user U")
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            ticket_id = resolve_record_id(tickets, s, actor, args.code)
            if args.action == "move":
                if not args.status:
                    raise CliError(QT_TRANSLATE_NOOP("Cli", "Missing {part}: write {usage}"),
                                   part="STATUS", usage="crmdesk ticket move FILE CODE STATUS "
                                                        "[--comment TEXT] --user U")
                target = _key(s, args.status)
                status = ticket_flow.find_status(s, target)
                tickets.move(s, actor, ticket_id, status.id, comment=args.comment)
                print(tr(QT_TRANSLATE_NOOP("Cli", "Moved {code} to {status}."),
                         code=args.code, status=ticket_flow.shown(status)))
                return EXIT_OK
            entries = tickets.timeline(s, actor, ticket_id)
            # reading a ticket's history counts as opening it (anti-scraping guard)
            accounts.record_read(s, actor, "ticket", [ticket_id], kind="open")
    opened = tr(QT_TRANSLATE_NOOP("Cli", "opened"))
    commented = tr(QT_TRANSLATE_NOOP("Cli", "comment"))
    rows = []
    for entry in entries:
        if entry.kind == "created":
            what = f"{opened}: {entry.new or ''}"
        elif entry.kind == "comment":
            what = commented
        else:
            spec = next((f for f in fields_of("ticket") if f.key == entry.field), None)
            what = f"{spec.translated if spec else entry.field}: {entry.old or '-'} → " \
                   f"{entry.new or '-'}"
        rows.append((presentation.datetime_text(entry.at), entry.user, what,
                     " ".join((entry.comment or "").split())))
    print_table(rows)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("status", help="ticket statuses and the moves between them: list, add, "
                                      "rename, move, colour, category, default, retire, "
                                      "reinstate, transitions, allow (administrators)")
    p.add_argument("action", choices=STATUS_ACTIONS)
    p.add_argument("file")
    p.add_argument("key", nargs="?", help="the status: its key or either of its names "
                                          "(add: the new key; allow: the status moved from)")
    p.add_argument("value", nargs="?",
                   help="move: the new position (1 = first); colour: #RRGGBB or none; "
                        "category: open, waiting or closed; allow: the status moved to")
    p.add_argument("--zh", help="add, rename: the name in Chinese")
    p.add_argument("--en", help="add, rename: the name in English")
    p.add_argument("--category", help="add: open, waiting or closed (default open)")
    p.add_argument("--colour", help="add: #RRGGBB")
    p.add_argument("--position", help="add: the position (default: last)")
    p.add_argument("--move-to", help="retire: move the status's tickets to this status")
    p.add_argument("--roles", help="allow: who may make the move, e.g. manager,admin; none: "
                                   "nobody")
    with_login(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("ticket", help="move a ticket to another status, or show its history")
    p.add_argument("action", choices=TICKET_ACTIONS)
    p.add_argument("file")
    p.add_argument("code", nargs="?", help="the ticket's code (T000001) or id")
    p.add_argument("status", nargs="?", help="move: the new status, by key or name")
    p.add_argument("more", nargs="*", help=argparse.SUPPRESS)
    p.add_argument("--comment", help="move: why (kept in the ticket's history)")
    from crmdesk.cli.cmd_ticket_desk import add_options

    add_options(p)  # rules and satisfaction
    with_login(p)
    p.set_defaults(func=cmd_ticket)
