"""Creating and inspecting files: init, demo, info."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crmdesk import __version__
from crmdesk.cli.common import (
    EXIT_OK,
    open_db,
    tr,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP


def cmd_init(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts
    from crmdesk.core.services.database_setup import set_up_database

    password = args.passwords.get("CRMDESK_PASSWORD", tr(QT_TRANSLATE_NOOP(
        "Cli", "Password for the new administrator {user}: "), user=args.admin), confirm=True)
    accounts.check_password_rules(password, args.admin)
    template = None
    if getattr(args, "template", None):
        from crmdesk.core.templates import read_file

        template = read_file(args.template)  # checked before the file is made
    # schema, administrator, company and template in one transaction: nothing kept on failure
    db, _actor = set_up_database(args.file, args.admin, password, args.display_name,
                                 args.company or "", template)
    db.close()
    print(tr(QT_TRANSLATE_NOOP("Cli", "Created {file}; log in as {user}."), file=args.file,
             user=args.admin))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from crmdesk.core.demo import DEFAULT_PASSWORD, build_demo

    def progress(stage: str, done: int, total: int) -> None:
        if args.verbose:
            print(f"{stage}: {done}/{total}", file=sys.stderr)


    if getattr(args, "template", None):
        from crmdesk.core.template_demo import build_template_demo

        result = build_template_demo(args.file, args.template, customers=args.customers,
                                     seed=args.seed,
                                     password=args.password or DEFAULT_PASSWORD,
                                     progress=progress)
    else:
        result = build_demo(args.file, customers=args.customers, seed=args.seed,
                            password=args.password or DEFAULT_PASSWORD,
                            related=not args.customers_only,
                            progress=progress)
    print(tr(QT_TRANSLATE_NOOP("Cli", "Created {file} with {n} customers in {s:.1f} s."),
             file=args.file, n=args.customers, s=result.seconds))
    print(tr(QT_TRANSLATE_NOOP("Cli", "Log in as admin, manager, staff1 or staff2 with the "
                                      "password {password}"), password=result.password))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from crmdesk.core.services.database_info import database_info

    db = open_db(args.file)
    try:
        full = bool(getattr(args, "full", False))
        if db.quick_check(full=full) is not None:  # the whole file, not only what opening read
            db.refuse_if_damaged()
        with db.session() as s:
            info = database_info(s)
        print(f"file\t{db.path.resolve() if db.path else db.display_name}")
        if db.path is not None:
            print(f"size\t{db.path.stat().st_size}")
            print("integrity_check\tok" if full else "quick_check\tok")
        print(f"schema\t{info.schema}")
        print(f"crmdesk\t{__version__}")
        for table in info.tables:
            print(f"{table.name}\t{table.rows}")
    finally:
        db.close()
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("init", help="create an empty database with its first administrator")
    p.add_argument("file")
    p.add_argument("--admin", required=True, help="user name of the first administrator")
    p.add_argument("--display-name")
    p.add_argument("--company", help="company name printed on reports")
    p.add_argument("--template", metavar="NAME",
                   help="apply an industry template: dealership, insurance, general, or the "
                        "path of a template file")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="create a database full of realistic demo data")
    p.add_argument("file")
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--password", default=None, help="password of the demo users "
                                                    "(default demo1234)")
    p.add_argument("--customers-only", action="store_true",
                   help="no contacts, orders ... (fast, for huge benchmark files)")
    p.add_argument("--template", metavar="NAME", choices=("dealership", "insurance"),
                   help="also apply this template and fill its records: dealership or "
                        "insurance")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="schema version, row counts and a quick integrity check")
    p.add_argument("file")
    p.add_argument("--full", action="store_true",
                   help="the full integrity check (PRAGMA integrity_check, about 5 times "
                        "longer): also compares every index with its table")
    p.set_defaults(func=cmd_info)
