"""What every command shares: errors, passwords, logging in, printing."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

EXIT_OK, EXIT_BUG, EXIT_USER = 0, 1, 2

#: record types of the record commands
KINDS = ["customer", "contact", "interaction", "opportunity", "product", "order", "delivery",
         "ticket", "task", "campaign", "quote", "invoice", "payment", "supplier",
         "purchase_order", "warehouse", "stock_level", "stock_movement"]


class CliError(KnownError):
    """A command-line usage problem (messages in the "Cli" context)."""

    context = "Cli"


def tr(text: str, **params: object) -> str:
    return render("Cli", text, **params)


class Passwords:
    """Passwords from --password-stdin (one per line), the environment, or a prompt."""

    def __init__(self, use_stdin: bool) -> None:
        self.use_stdin = use_stdin
        self._lines: Iterator[str] | None = None

    def _stdin_line(self) -> str:
        if self._lines is None:
            self._lines = iter(sys.stdin.read().splitlines())
        try:
            return next(self._lines)
        except StopIteration:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "Not enough lines on standard input: give one password per line.")) \
                from None

    def get(self, env: str, prompt: str, *, confirm: bool = False) -> str:
        if self.use_stdin:
            return self._stdin_line()
        value = os.environ.get(env)
        if value:
            return value
        if sys.stdin.isatty():
            first = getpass.getpass(prompt)
            if confirm and getpass.getpass(tr(QT_TRANSLATE_NOOP("Cli", "Repeat: "))) != first:
                raise CliError(QT_TRANSLATE_NOOP("Cli", "The two passwords differ."))
            return first
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "No password given: set {env}, use --password-stdin, or run in a terminal."),
            env=env)


def open_db(path: str) -> Any:
    from crmdesk.storage.database import open_database

    # shared: a command works alongside a window that has the file open (SQLite
    # serialises the writes); see storage/file_lock.py
    return open_database(path, shared=True)


@contextmanager
def logged_in(args: argparse.Namespace) -> Iterator[tuple[Any, Any]]:
    """Open the database and log the --user in; yields (db, actor)."""
    from crmdesk.core.services import accounts

    if not args.user:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "Say who you are: add --user NAME."))
    password = args.passwords.get("CRMDESK_PASSWORD", tr(QT_TRANSLATE_NOOP(
        "Cli", "Password for {user}: "), user=args.user))
    args.login_password = password
    db = open_db(args.file)
    try:
        with db.login_transaction() as s:
            actor = accounts.login(s, args.user, password)
        if not _changes_own_password(args):  # after an admin reset: that before anything
            with db.session() as s:
                accounts.require_password_current(s, actor, how=tr(QT_TRANSLATE_NOOP(
                    "Cli", "Run: crmdesk user passwd {file} --user {user} --password-stdin "
                           "(current password, then the new one, one per line)."),
                    file=args.file, user=args.user))
        from crmdesk.core.record_types import activate

        with db.session() as s:  # the file's designed record types, by their keys
            activate(s)
        yield db, actor
    finally:
        db.close()


def _changes_own_password(args: argparse.Namespace) -> bool:
    return getattr(args, "command", None) == "user" and getattr(args, "action", None) == "passwd"


def print_table(rows: Sequence[Sequence[Any]]) -> None:
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row))


def check_kind(kind: str) -> str:
    """*kind* when it names a record type (built in, or designed in the file open:
    call after logging in), else a clear error listing them."""
    from crmdesk.core.services.registry import SERVICES

    if kind not in SERVICES:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "There is no record type {kind}: use one of {kinds} (crmdesk types FILE "
                   "lists the designed ones)."), kind=kind, kinds=", ".join(SERVICES))
    return kind


def resolve_record_id(service: Any, s: Any, actor: Any, ref: str) -> int:
    if ref.isdigit():
        return int(ref)
    return int(service.by_code(s, actor, ref).id)


def json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def print_json(value: Any) -> None:
    import json

    print(json.dumps(value, ensure_ascii=False, indent=1))


def analytics_cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "count":
        return str(int(value))
    if kind == "money":
        sign = "-" if value < 0 else ""
        yuan, fen = divmod(abs(int(value)), 100)
        return f"{sign}{yuan}.{fen:02d}"
    if kind == "percent":
        return f"{float(value):.4f}"
    if kind in ("float", "hours", "days"):
        return f"{float(value):.2f}"
    return str(value)


def yes_no(value: bool | None) -> str:
    if value is None:
        return "-"
    return tr(QT_TRANSLATE_NOOP("Cli", "yes")) if value else tr(QT_TRANSLATE_NOOP("Cli", "no"))


def with_login(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", "-u", default=argparse.SUPPRESS,
                   help="your user name (password from CRMDESK_PASSWORD, --password-stdin "
                        "or a prompt)")
