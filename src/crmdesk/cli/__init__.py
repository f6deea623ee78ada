"""The ``crmdesk`` command: the GUI by default, and subcommands for automation.

Errors are one line on stderr and a non-zero exit code: 2 for a problem the
user can fix (bad input, wrong password, a refused file), 1 for a bug (the
details go to the log file).

Each command group is a module that registers its own subcommands
(``register(sub)``), as Calibre's ``db/cli/cmd_*.py`` do: ``cmd_setup`` (init,
demo, info), ``cmd_admin`` (user, audit, recycle, setting), ``cmd_stages`` (stage),
``cmd_tickets`` (status, ticket), ``cmd_knowledge`` (kb),
``cmd_records`` (search, list, show, add, edit, delete), ``cmd_update`` (update),
``cmd_reminders`` (reminders), ``cmd_calendar`` (calendar),
``cmd_diary`` (diary), ``cmd_handover`` (handover),
``cmd_plans`` (plan), ``cmd_templates`` (template), ``cmd_purchasing`` (purchase),
``cmd_billing`` (quote, invoice, payment),
``cmd_stock`` (stock, low-stock, stocktake, locations),
``cmd_attachments``
(attachment), ``cmd_reports`` (report, analytics),
``cmd_backup`` (backup, verify, restore, backups), ``cmd_migrate`` (migrate) and
``cmd_exchange`` (import, export, duplicates); ``common`` holds what they share.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from crmdesk import __version__
from crmdesk.cli import (
    cmd_accounting,
    cmd_admin,
    cmd_attachments,
    cmd_backup,
    cmd_billing,
    cmd_calendar,
    cmd_deliveries,
    cmd_diary,
    cmd_exchange,
    cmd_handover,
    cmd_knowledge,
    cmd_migrate,
    cmd_plans,
    cmd_purchasing,
    cmd_records,
    cmd_reminders,
    cmd_reports,
    cmd_setup,
    cmd_sla,
    cmd_stages,
    cmd_stock,
    cmd_templates,
    cmd_tickets,
    cmd_types,
    cmd_update,
)
from crmdesk.cli.cmd_reports import ANALYSIS_NAMES, REPORT_NAMES
from crmdesk.cli.common import EXIT_BUG, EXIT_OK, EXIT_USER, CliError, Passwords, tr
from crmdesk.errors import KnownError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP

__all__ = ["ANALYSIS_NAMES", "REPORT_NAMES", "CliError", "build_parser", "gui_main", "main",
           "normalise_argv"]

log = logging.getLogger(__name__)

#: the command groups, each registering its subcommands, in the order of --help
COMMANDS = (cmd_setup, cmd_admin, cmd_stages, cmd_tickets, cmd_sla, cmd_knowledge, cmd_records, cmd_deliveries, cmd_stock, cmd_purchasing, cmd_billing, cmd_types, cmd_templates, cmd_update, cmd_attachments,
            cmd_reminders, cmd_calendar, cmd_diary, cmd_handover, cmd_plans, cmd_reports, cmd_accounting, cmd_exchange, cmd_backup,
            cmd_migrate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crmdesk", description="crmdesk customer management. Without a command, "
                                    "opens the window.")
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    _add_global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="open the window")
    p.add_argument("file", nargs="?")

    for group in COMMANDS:
        group.register(sub)
    for command in sub.choices.values():
        _add_global_options(command, top=False)
    return parser


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._actions if parser._subparsers else []:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _init_translations(language: str | None) -> None:
    """Load the catalogues for the command's messages; no Qt application is made (the
    catalogues need none), so ``main`` can run inside another program or a test."""
    from crmdesk import translation
    from crmdesk.config import AppSettings

    translation.install(None, language or AppSettings().get("language") or None)


#: options of the whole program, accepted before and after the command
#: (``crmdesk --lang en list ...`` and ``crmdesk list ... --lang en``)
def _add_global_options(p: argparse.ArgumentParser, *, top: bool) -> None:
    """The global options; on a command's parser they default to "not given" so that
    a value given before the command is kept."""
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    known = p._option_string_actions
    if "--lang" not in known:
        p.add_argument("--lang", default=default(None),
                       help="zh_CN or en (default: the system language)")
    if "--password-stdin" not in known:
        p.add_argument("--password-stdin", action="store_true", default=default(False),
                       help="read passwords from standard input, one per line")
    if "--verbose" not in known:
        p.add_argument("-v", "--verbose", action="store_true", default=default(False))
    if "--user" not in known:
        p.add_argument("--user", "-u", default=default(None),
                       help="your user name (password from CRMDESK_PASSWORD, "
                            "--password-stdin or a prompt)")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _value_options(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """(options that take one value, every option string) of the parser and its commands."""
    taking: set[str] = set()
    every: set[str] = set()
    for p in [parser, *_subparsers(parser).values()]:
        for option, action in p._option_string_actions.items():
            every.add(option)
            if action.nargs is None and not isinstance(action, (
                    argparse._StoreConstAction, argparse._CountAction, argparse._HelpAction,
                    argparse._VersionAction)):
                taking.add(option)
    return taking, every


def normalise_argv(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """Accept values that start with "-" as printed: ``--sort -created_at`` becomes
    ``--sort=-created_at`` (argparse would take ``-created_at`` for an option) when
    the value is not itself an option."""
    taking, every = _value_options(parser)
    result: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        token = items[i]
        if token == "--":
            result.extend(items[i:])
            break
        nxt = items[i + 1] if i + 1 < len(items) else None
        if token in taking and nxt is not None and nxt.startswith("-") and nxt != "-" \
                and nxt.split("=", 1)[0] not in every:
            result.append(f"{token}={nxt}" if token.startswith("--") else token + nxt)
            i += 2
            continue
        result.append(token)
        i += 1
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in _command_names(parser):
        argv.insert(0, "gui")  # crmdesk FILE.crmdb opens the window on that file
    args = parser.parse_args(normalise_argv(parser, argv))
    if args.command is None:
        return gui_main(None, language=args.lang)
    if args.command == "gui":
        return gui_main(args.file, language=args.lang)
    from crmdesk import config, witnesses

    log_file = config.setup_logging()
    _init_translations(args.lang)
    args.passwords = Passwords(args.password_stdin)
    stop_witness = witnesses.install()  # this computer keeps the audit heads it commits
    try:
        return int(args.func(args))
    except ValidationError as exc:
        print(f"crmdesk: {exc.message}", file=sys.stderr)
        return EXIT_USER
    except KnownError as exc:
        print(f"crmdesk: {exc.message}", file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print(tr(QT_TRANSLATE_NOOP("Cli", "crmdesk: interrupted.")), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - reported as one line, details in the log
        from crmdesk.storage.database import damage_error

        damaged = damage_error(exc, getattr(args, "file", None) or "")
        if damaged is not None:  # a damaged page met while reading: not a bug
            print(f"crmdesk: {damaged.message}", file=sys.stderr)
            return EXIT_USER
        log.exception("command %s failed", args.command)
        print(tr(QT_TRANSLATE_NOOP("Cli", "crmdesk: unexpected error ({error}); details are in "
                                          "{log}"), error=f"{type(exc).__name__}: {exc}",
                 log=log_file), file=sys.stderr)
        return EXIT_BUG
    finally:
        stop_witness()


def gui_main(file: str | None = None, language: str | None = None) -> int:
    from crmdesk.ui.app import run

    return int(run(file, language=language))
