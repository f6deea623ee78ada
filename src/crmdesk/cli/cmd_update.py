"""Mass update: ``crmdesk update FILE ENTITY --set FIELD=VALUE [--filter ...] [--text Q]
[--id N ...] --user U [--yes]``.

Sets one field on every record the filters select (or on the records named with
``--id``), through the same rules as ``crmdesk edit`` (crmdesk.core.services.mass_update).
Prints how many records it will change first and asks, unless ``--yes``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    EXIT_USER,
    KINDS,
    CliError,
    check_kind,
    logged_in,
    tr,
    with_login,
)
from crmdesk.cli.filters import typed_filters
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _ask(count: int) -> bool:
    answer = input(tr(QT_TRANSLATE_NOOP("Cli", "Change {n} records? [y/N] "), n=count))
    return answer.strip().lower() in ("y", "yes", "是", "好")


def cmd_update(args: argparse.Namespace) -> int:
    from crmdesk.cli.cmd_records import record_input
    from crmdesk.core.filters import ListQuery
    from crmdesk.core.services import mass_update

    if "=" not in args.set or args.set.startswith("cf."):
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--set {item} is not valid: write one FIELD=VALUE of the record type, e.g. "
                   "--set intent_level=H (custom fields are set with crmdesk edit)."),
            item=args.set)
    with logged_in(args) as (db, actor):
        check_kind(args.kind)  # after logging in: the file's designed types count too
        with db.session() as s:
            data, _custom = record_input(s, actor, args.kind, [args.set])
            key, value = next(iter(data.items()))
            mass_update.check_field(actor, args.kind, key)
            ids = args.id or None
            query = None if ids else ListQuery(
                filters=typed_filters(s, actor, args.kind, args.filter), text=args.text)
            count = mass_update.count(s, actor, args.kind, ids=ids, query=query)
        print(tr(QT_TRANSLATE_NOOP("Cli", "This will change {n} records."), n=count))
        if not count:
            return EXIT_OK
        if not args.yes:
            if args.password_stdin or not sys.stdin.isatty():
                raise CliError(QT_TRANSLATE_NOOP(
                    "Cli", "Nothing was changed: add --yes to change the {n} records without "
                           "being asked."), n=count)
            if not _ask(count):
                print(tr(QT_TRANSLATE_NOOP("Cli", "Nothing was changed.")))
                return EXIT_USER
        with db.transaction() as s:
            result = mass_update.run(s, actor, args.kind, key, value, ids=ids, query=query)
    print(tr(QT_TRANSLATE_NOOP(
        "Cli", "Changed {changed} records ({unchanged} had the value already, {refused} "
               "refused)."),
        changed=result.changed, unchanged=result.unchanged, refused=result.refused_count))
    for reason, n in result.refused.most_common():
        print(tr(QT_TRANSLATE_NOOP("Cli", "Refused {n}: {reason}"), n=n, reason=reason))
    return EXIT_OK if result.changed or not result.refused_count else EXIT_USER


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "update", help="set one field on many records (asks first; --yes does not)",
        description="Sets FIELD to VALUE on the records the filters select (all records "
                    "you may see without --filter/--text), or on those named by --id; "
                    "prints how many first. Values as for crmdesk edit.")
    p.add_argument("file")
    p.add_argument("kind", metavar="KIND",
                   help=", ".join(KINDS) + ", or a designed record type's key")
    p.add_argument("--set", required=True, metavar="FIELD=VALUE")
    p.add_argument("--filter", action="append", default=[], help="FIELD=VALUE (or ~ != > <)")
    p.add_argument("--text", help="quick filter text")
    p.add_argument("--id", type=int, action="append", default=[], metavar="N",
                   help="a record's number (repeat for several); instead of the filters")
    p.add_argument("--yes", action="store_true", help="do not ask")
    with_login(p)
    p.set_defaults(func=cmd_update)
