"""Diary and memo: ``crmdesk diary FILE --user U [--from D --to D] [--search TEXT]`` lists
one's own notes, ``crmdesk diary add FILE --user U --text TEXT [--date D] [--customer CODE]
[--memo]`` writes one.

A list is one note a line, tab-separated, newest first: date, kind (``diary`` or
``memo``), number, title, linked customer.  Only the user's own notes, whatever
their role: a diary is private to its author.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, with_login
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value} is not a date: write YYYY-MM-DD, e.g. 2026-12-05."),
            option=option, value=text) from None


def cmd_diary(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words and words[0] == "add" and len(words) == 2:
        args.file = words[1]
        return _add(args)
    if len(words) != 1:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Write crmdesk diary FILE --user U to list your notes, or crmdesk diary "
                   "add FILE --user U --text TEXT to write one."))
    args.file = words[0]
    for option, given in (("--text", args.text), ("--customer", args.customer),
                          ("--date", args.date)):
        if given:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "{option} is for writing a note: crmdesk diary add FILE --user U "
                       "--text TEXT {option} ..."), option=option)
    return _list(args)


def _list(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts, diary

    first, last = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            notes = diary.list_notes(s, actor, first=first, last=last, text=args.search,
                                     kind="memo" if args.memo else None, limit=args.limit)
            # the linked customers named count before anything is printed, as list does
            accounts.record_access(s, actor, "list", sorted(
                {n.customer_id for n in notes if n.customer_id and n.customer}))
    print_table([(n.note_date.isoformat(), n.kind, n.id, n.title, n.customer)
                 for n in notes])
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from crmdesk.core.services import diary

    if not args.text or not args.text.strip():
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Say what to write: add --text TEXT (and --title TITLE if you like)."))
    if args.date_from or args.date_to or args.search:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--from, --to and --search are for listing notes: crmdesk diary FILE "
                   "--user U --from D --to D."))
    day = _day(args.date, "--date") or date.today()
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            customer_id = diary.customer_by_code(s, actor, args.customer) \
                if args.customer else None
            note = diary.create(s, actor, {
                "note_date": day, "kind": "memo" if args.memo else "diary",
                "title": args.title or "", "body": args.text,
                "customer_id": customer_id})
            number, title = note.id, note.title
    print(f"{day.isoformat()}\t{'memo' if args.memo else 'diary'}\t{number}\t{title}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "diary", help="your diary and memo notes: list them (FILE) or write one (add FILE)",
        usage="crmdesk diary FILE --user U [--from D --to D] [--search TEXT] [--memo]\n"
              "       crmdesk diary add FILE --user U --text TEXT [--title TITLE] [--date D] "
              "[--customer CODE] [--memo]",
        description="Only your own notes, whatever your role: a diary is private.")
    p.add_argument("words", nargs="+", metavar="FILE", help="the database (after add: "
                                                            "write a note)")
    p.add_argument("--from", dest="date_from", metavar="D",
                   help="first day YYYY-MM-DD (listing)")
    p.add_argument("--to", dest="date_to", metavar="D", help="last day YYYY-MM-DD (listing)")
    p.add_argument("--search", metavar="TEXT",
                   help="only notes with these words (Chinese, pinyin, initials)")
    p.add_argument("--text", help="the note's text (add)")
    p.add_argument("--title", help="the note's title (add; default: the start of the text)")
    p.add_argument("--date", metavar="D", help="the note's day YYYY-MM-DD (add; default today)")
    p.add_argument("--customer", metavar="CODE",
                   help="link the note to this customer code (add)")
    p.add_argument("--memo", action="store_true",
                   help="a memo rather than a diary entry (add); listing: memos only")
    p.add_argument("--limit", type=int, default=500, help="at most this many (default 500)")
    with_login(p)
    p.set_defaults(func=cmd_diary)
