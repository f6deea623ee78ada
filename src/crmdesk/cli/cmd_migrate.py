"""Moving a database: ``crmdesk migrate SOURCE TARGET --user admin``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crmdesk.cli.common import EXIT_OK, logged_in, tr, with_login
from crmdesk.cli.progress import verbose_job
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: the exit code of a command stopped with Ctrl+C (as the shell's 128 + SIGINT)
EXIT_INTERRUPTED = 130


def cmd_migrate(args: argparse.Namespace) -> int:
    from crmdesk.core.services.migration import migrate

    try:
        with logged_in(args) as (db, actor):
            result = migrate(db, actor, args.target, job=verbose_job(args),
                             notice=lambda text: print(text, flush=True))
    except KeyboardInterrupt:  # rolled back (a server), removed (a file): say so
        if not args.target.lower().startswith("postgresql"):
            print(tr(QT_TRANSLATE_NOOP("Cli", "crmdesk: interrupted: nothing was copied, and "
                                              "no file was made.")), file=sys.stderr)
        else:
            print(tr(QT_TRANSLATE_NOOP("Cli", "crmdesk: interrupted: nothing was copied; the "
                                              "server database was left as it was.")),
                  file=sys.stderr)
        return EXIT_INTERRUPTED
    print(tr(QT_TRANSLATE_NOOP("Cli", "Copied {rows} rows of {tables} tables to {target}: "
                                      "row counts match; audit chain verified ({entries} "
                                      "entries)."),
             rows=result.rows, tables=len(result.counts), target=result.target,
             entries=result.audit_entries))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("migrate", help="copy a whole database into a new, empty one: a .crmdb "
                                       "file to a PostgreSQL URL or back")
    p.add_argument("file", metavar="SOURCE", help="the database to copy (.crmdb file or URL)")
    p.add_argument("target", metavar="TARGET",
                   help="a new .crmdb file, or the URL of an empty PostgreSQL database "
                        "(postgresql+psycopg://user:password@host/database); one holding "
                        "an unfinished crmdesk setup (no users, no customers) is set up anew")
    with_login(p)
    p.set_defaults(func=cmd_migrate)
