"""The ``crmdesk`` command: the GUI by default, and subcommands for automation.

Errors are one line on stderr and a non-zero exit code: 2 for a problem the
user can fix (bad input, wrong password, a refused file), 1 for a bug (the
details go to the log file).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crmdesk import __version__
from crmdesk.core.errors import KnownError, ValidationError
from crmdesk.core.i18n import QT_TRANSLATE_NOOP, render

log = logging.getLogger("crmdesk.cli")

EXIT_OK, EXIT_BUG, EXIT_USER = 0, 1, 2


class CliError(KnownError):
    """A command-line usage problem (messages in the "Cli" context)."""

    context = "Cli"


def _t(text: str, **params: object) -> str:
    return render("Cli", text, **params)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

class _Passwords:
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
            if confirm and getpass.getpass(_t(QT_TRANSLATE_NOOP("Cli", "Repeat: "))) != first:
                raise CliError(QT_TRANSLATE_NOOP("Cli", "The two passwords differ."))
            return first
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "No password given: set {env}, use --password-stdin, or run in a terminal."),
            env=env)


def _open(path: str) -> Any:
    from crmdesk.storage.database import open_database

    # shared: a command works alongside a window that has the file open (SQLite
    # serialises the writes); see storage/file_lock.py
    return open_database(path, shared=True)


@contextmanager
def _logged_in(args: argparse.Namespace) -> Iterator[tuple[Any, Any]]:
    """Open the database and log the --user in; yields (db, actor)."""
    from crmdesk.core.services import accounts

    if not args.user:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "Say who you are: add --user NAME."))
    password = args.passwords.get("CRMDESK_PASSWORD", _t(QT_TRANSLATE_NOOP(
        "Cli", "Password for {user}: "), user=args.user))
    args.login_password = password
    db = _open(args.file)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, args.user, password)
        yield db, actor
    finally:
        db.close()


def _print_table(rows: Sequence[Sequence[Any]]) -> None:
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row))


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import create_database

    password = args.passwords.get("CRMDESK_PASSWORD", _t(QT_TRANSLATE_NOOP(
        "Cli", "Password for the new administrator {user}: "), user=args.admin), confirm=True)
    accounts.check_password_rules(password, args.admin)
    db = create_database(args.file)
    try:
        with db.transaction() as s:
            accounts.create_first_admin(s, args.admin, password, args.display_name)
            if args.company:
                from crmdesk.core.services import settings

                actor = accounts.actor_for(s, 1, None)
                settings.set_value(s, actor, "company_name", args.company)
    except BaseException:
        db.close()
        from crmdesk.storage.database import remove_database_files

        remove_database_files(Path(args.file))
        raise
    db.close()
    print(_t(QT_TRANSLATE_NOOP("Cli", "Created {file}; log in as {user}."), file=args.file,
             user=args.admin))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from crmdesk.core.demo import DEFAULT_PASSWORD, build_demo

    def progress(stage: str, done: int, total: int) -> None:
        if args.verbose:
            print(f"{stage}: {done}/{total}", file=sys.stderr)


    result = build_demo(args.file, customers=args.customers, seed=args.seed,
                        password=args.password or DEFAULT_PASSWORD,
                        related=not args.customers_only,
                        progress=progress)
    print(_t(QT_TRANSLATE_NOOP("Cli", "Created {file} with {n} customers in {s:.1f} s."),
             file=args.file, n=args.customers, s=result.seconds))
    print(_t(QT_TRANSLATE_NOOP("Cli", "Log in as admin, manager, staff1 or staff2 with the "
                                      "password {password}"), password=result.password))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from crmdesk.core.models import Base
    from crmdesk.storage import migrations

    db = _open(args.file)
    try:
        with db.session() as s:
            print(f"file\t{db.path.resolve() if db.path else db.display_name}")
            if db.path is not None:
                print(f"size\t{db.path.stat().st_size}")
            print(f"schema\t{migrations.current_revision(s.connection())}")
            print(f"crmdesk\t{__version__}")
            for name, table in sorted(Base.metadata.tables.items()):
                count = s.execute(select(func.count()).select_from(table)).scalar_one()
                print(f"{name}\t{count}")
    finally:
        db.close()
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts

    with _logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                teams = {t.id: t.name for t in accounts.list_teams(s)}
                rows = []
                for u in accounts.list_users(s, actor):
                    state = "disabled" if u.disabled else "frozen" if u.frozen_at else \
                        "locked" if u.locked_until else "active"
                    rows.append((u.username, u.display_name, u.role, teams.get(u.team_id or 0, ""),
                                 state))
                _print_table(rows)
                return EXIT_OK
            if args.action == "team-add":
                accounts.create_team(s, actor, args.name)
            elif args.action == "add":
                password = args.passwords.get("CRMDESK_NEW_PASSWORD", _t(QT_TRANSLATE_NOOP(
                    "Cli", "Password for {user}: "), user=args.name), confirm=True)
                team_id = accounts.team_by_name(s, args.team).id if args.team else None
                accounts.create_user(s, actor, args.name, password, args.role,
                                     display_name=args.display_name, team_id=team_id,
                                     must_change_password=args.must_change)
            elif args.action == "passwd":
                new = args.passwords.get("CRMDESK_NEW_PASSWORD", _t(QT_TRANSLATE_NOOP(
                    "Cli", "New password: ")), confirm=True)
                accounts.change_password(s, actor, args.login_password, new)
            else:
                user = accounts.user_by_name(s, args.name)
                if args.action == "reset":
                    new = args.passwords.get("CRMDESK_NEW_PASSWORD", _t(QT_TRANSLATE_NOOP(
                        "Cli", "New password for {user}: "), user=args.name), confirm=True)
                    accounts.reset_password(s, actor, user.id, new)
                elif args.action == "unlock":
                    accounts.unlock(s, actor, user.id)
                elif args.action == "unfreeze":
                    accounts.unfreeze(s, actor, user.id)
                elif args.action == "disable":
                    accounts.set_disabled(s, actor, user.id, True)
                elif args.action == "enable":
                    accounts.set_disabled(s, actor, user.id, False)
                elif args.action == "set":
                    team: int | None | str = "unchanged"
                    if args.team is not None:
                        team = accounts.team_by_name(s, args.team).id if args.team else None
                    accounts.update_user(s, actor, user.id, role=args.role, team_id=team,
                                         display_name=args.display_name)
    print(_t(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from crmdesk.core.services import audit

    if args.action == "verify":
        db = _open(args.file)
        try:
            with db.session() as s:
                result = audit.verify_chain(s)
        finally:
            db.close()
        if result.ok:
            print(_t(QT_TRANSLATE_NOOP("Cli", "Audit log intact: {n} entries verified."),
                     n=result.checked))
            return EXIT_OK
        print(_t(QT_TRANSLATE_NOOP("Cli", "Audit log broken at entry {id}: {reason}."),
                 id=result.broken_id, reason=result.reason), file=sys.stderr)
        return EXIT_USER
    with _logged_in(args) as (db, actor):
        with db.session() as s:
            flt = audit.AuditFilter(username=args.who, action=args.action_name,
                                    entity=args.entity)
            rows = [(e.id, e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), e.username,
                     e.action, e.entity or "", e.entity_id or "", e.summary)
                    for e in audit.entries(s, actor, flt, limit=args.limit)]
    _print_table(rows)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from crmdesk.core import search
    from crmdesk.core.validation import display_phone

    with _logged_in(args) as (db, actor):
        with db.session() as s:
            hits = search.search(s, actor, args.query, limit=args.limit)
    rows = []
    for h in hits:
        phone = h.subtitle or ""
        if phone.isdigit():
            phone = display_phone("+86" + phone) if len(phone) == 11 else phone
        rows.append((h.kind, h.code or "", h.title, phone))
    _print_table(rows)
    return EXIT_OK if hits else EXIT_USER


def _record_id(service: Any, s: Any, actor: Any, ref: str) -> int:
    if ref.isdigit():
        return int(ref)
    return int(service.by_code(s, actor, ref).id)


def _parse_filters(texts: Sequence[str]) -> list[Any]:
    from crmdesk.core.services.records import Filter

    filters = []
    for text in texts:
        for op, sym in (("ge", ">="), ("le", "<="), ("ne", "!="), ("contains", "~"),
                        ("gt", ">"), ("lt", "<"), ("eq", "=")):
            if sym in text:
                field, value = text.split(sym, 1)
                filters.append(Filter(field.strip(), op, value.strip()))
                break
        else:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "Filter {filter} is not valid: write FIELD=VALUE (or ~ != > >= < <=), "
                       "e.g. city=北京市."), filter=text)
    return filters


def cmd_list(args: argparse.Namespace) -> int:
    from crmdesk.core.fields import fields_of
    from crmdesk.core.services.records import ListQuery
    from crmdesk.core.services.registry import service_for

    service = service_for(args.kind)
    specs = [f for f in fields_of(args.kind) if f.in_list and not f.sensitive]
    with _logged_in(args) as (db, actor):
        with db.session() as s:
            try:
                query = ListQuery(filters=_parse_filters(args.filter), text=args.text,
                                  sort=[(args.sort.lstrip("-"), args.sort.startswith("-"))]
                                  if args.sort else [])
                ids = service.ids(s, actor, query)
            except KeyError as exc:
                raise CliError(QT_TRANSLATE_NOOP("Cli", "{kind} has no field {field}."),
                                 kind=args.kind, field=str(exc).strip("'")) from None
            rows = service.rows(s, actor, ids[: args.limit])
    print("\t".join(f.key for f in specs))
    _print_table([[_cell(row, f) for f in specs] for row in rows])
    return EXIT_OK


def _cell(row: dict[str, Any], spec: Any) -> Any:
    if spec.kind in ("user", "customer", "contact", "product", "status"):
        return row.get(spec.key + ":name")
    value = row.get(spec.key)
    return value.isoformat() if isinstance(value, date | datetime) else value


def cmd_show(args: argparse.Namespace) -> int:
    from crmdesk.core.fields import fields_of
    from crmdesk.core.services import custom_fields
    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.registry import service_for

    service = service_for(args.kind)
    with _logged_in(args) as (db, actor):
        with db.transaction() as s:
            record_id = _record_id(service, s, actor, args.ref)
            obj = customers.open(s, actor, record_id) if args.kind == "customer" else \
                service.get(s, actor, record_id)
            row = service.rows(s, actor, [record_id])[0]
            lines = []
            for spec in fields_of(args.kind):
                if spec.sensitive:
                    value = (customers.reveal(s, actor, record_id, spec.key) if args.reveal
                             else customers.masked(actor, obj, spec.key))
                else:
                    value = _cell(row, spec)
                lines.append((spec.key, value))
            for key, value in custom_fields.values(s, actor, args.kind, record_id).items():
                lines.append((f"cf.{key}", value))
    _print_table(lines)
    return EXIT_OK


def cmd_recycle(args: argparse.Namespace) -> int:
    from crmdesk.core.services import recycle_bin

    with _logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                _print_table([(e.entity, e.id, e.description,
                               e.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M")
                               if e.deleted_at else "", e.deleted_by)
                              for e in recycle_bin.entries(s, actor)])
                return EXIT_OK
            if args.action == "restore":
                recycle_bin.restore(s, actor, args.kind, args.id)
            elif args.action == "purge":
                recycle_bin.purge(s, actor, args.kind, args.id)
    print(_t(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def cmd_setting(args: argparse.Namespace) -> int:
    from crmdesk.core.services import settings

    with _logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                _print_table(sorted(settings.all_values(s).items()))
                return EXIT_OK
            settings.set_value(s, actor, args.key, args.value)
    print(_t(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


# -- reports and analysis (group "reports") ------------------------------------

#: crmdesk.reports.REPORTS and crmdesk.core.analytics.ANALYSES, named here so that
#: building the parser does not import them (a test keeps the lists equal)
REPORT_NAMES = ("customer-list", "list", "customer-card", "pipeline", "sales", "service",
                "follow-up")
ANALYSIS_NAMES = ("kpi", "rfm", "rfm-segments", "abc", "abc-tiers", "sales-industry",
                  "sales-region", "sales-city", "sales-owner", "sales-month", "funnel",
                  "forecast", "conversion-source", "conversion-intent", "follow-up",
                  "tickets-status", "tickets-priority", "resolution")

def _cli_date(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value} is not a date: write it as YYYY-MM-DD, e.g. 2024-05-01."),
            option=option, value=text) from None


def _criteria(s: Any, args: argparse.Namespace) -> Any:
    from crmdesk.core.analytics import Criteria
    from crmdesk.core.services import accounts

    start = _cli_date(args.date_from, "--from")
    end = _cli_date(args.date_to, "--to")
    if start and end and start > end:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--from {start} is after --to {end}: swap them."), start=start, end=end)
    owner = accounts.user_by_name(s, args.owner).id if args.owner else None
    return Criteria(start, end, owner, _cli_date(args.as_of, "--as-of"))


def _typed_filters(s: Any, entity: str, texts: Sequence[str]) -> list[Any]:
    """--filter FIELD=VALUE as typed filters: dates, money in yuan, choices by label,
    users by user name (FIELD may be customer.FIELD on records of a customer)."""
    from crmdesk.core import validation
    from crmdesk.core.analytics import local_day_start
    from crmdesk.core.fields import field_spec
    from crmdesk.core.services import accounts

    filters = _parse_filters(texts)
    for flt in filters:
        owner_entity, key = entity, flt.field
        if key.startswith("customer."):
            owner_entity, key = "customer", key.removeprefix("customer.")
        try:
            spec = field_spec(owner_entity, key)
        except KeyError:
            if key in ("id", "customer_id"):
                flt.value = int(flt.value) if str(flt.value).isdigit() else flt.value
                continue
            raise CliError(QT_TRANSLATE_NOOP("Cli", "{kind} has no field {field}."),
                           kind=owner_entity, field=key) from None
        try:
            if spec.kind == "user" and not str(flt.value).isdigit():
                flt.value = accounts.user_by_name(s, str(flt.value)).id
            elif spec.kind == "datetime":
                day = validation.clean_date(flt.value)
                flt.value = local_day_start(day) if day else None
            elif spec.kind in ("date", "money", "int", "bool", "choice", "customer", "product",
                               "status", "contact"):
                flt.value = validation.clean_value(spec, flt.value)
        except validation.FieldProblem as problem:
            raise CliError(QT_TRANSLATE_NOOP("Cli", "Filter {filter}: {problem}"),
                           filter=f"{flt.field}", problem=problem.render(spec.translated)) \
                from None
    return filters


def cmd_report(args: argparse.Namespace) -> int:
    from crmdesk.core.services.records import ListQuery
    from crmdesk.reports import ReportRequest, build_report

    def progress(percent: int, what: str) -> None:
        if args.verbose:
            print(f"{percent:3d}% {what}", file=sys.stderr)

    if args.name in ("customer-list", "list") and (args.date_from or args.date_to
                                                   or args.owner):
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--from, --to and --owner are for analysis reports: filter a list with "
                   "--filter, e.g. --filter created_at>=2024-01-01 --filter owner_id=wang."))
    with _logged_in(args) as (db, actor):
        entity = "customer" if args.name == "customer-list" else args.kind
        with db.session() as s:
            query = ListQuery(filters=_typed_filters(s, entity, args.filter), text=args.text,
                              sort=[(key.lstrip("-"), key.startswith("-"))
                                    for key in args.sort or []])
            criteria = _criteria(s, args)
        request = ReportRequest(args.name, entity=entity, query=query,
                                columns=[c for c in (args.columns or "").split(",") if c]
                                or None, customer=args.customer, criteria=criteria)
        result = build_report(db, actor, request, args.out, progress=progress)
    print(_t(QT_TRANSLATE_NOOP("Cli", "Wrote {file}: {pages} pages in {s:.1f} s."),
             file=result.path, pages=result.pages, s=result.seconds))
    return EXIT_OK


def _analytics_cell(kind: str, value: Any) -> str:
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


def cmd_analytics(args: argparse.Namespace) -> int:
    from crmdesk.core import analytics

    with _logged_in(args) as (db, actor):
        with db.transaction() as s:
            result = analytics.export_table(s, actor, args.name, _criteria(s, args))
    keys = [c.key for c in result.columns]
    print("\t".join(keys))
    rows = []
    for row in result.rows:
        kinds = [str(row[keys.index("kind")]) if c.kind == "mixed" else c.kind
                 for c in result.columns]
        rows.append([_analytics_cell(k, v) for k, v in zip(kinds, row, strict=True)])
    _print_table(rows)
    return EXIT_OK


# ---------------------------------------------------------------------------
# Backups (backup, verify, restore, backups) — area: backup
# ---------------------------------------------------------------------------

def _backup_progress(args: argparse.Namespace) -> Callable[[str, int, int], None] | None:
    """With -v, print each stage's progress (in 10 % steps) on stderr."""
    if not args.verbose:
        return None
    from crmdesk.storage.backup import stage_label

    shown: dict[str, int] = {}

    def report(stage: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if shown.get(stage, -10) + 10 <= percent or (percent == 100 and shown.get(stage) != 100):
            shown[stage] = percent
            print(f"{stage_label(stage)}: {percent}%", file=sys.stderr)

    return report


def _backup_password(args: argparse.Namespace, path: Path) -> str | None:
    """The password of an encrypted backup (None when it is not encrypted)."""
    from crmdesk.storage.backup import read_manifest

    if not read_manifest(path).encrypted:
        return None
    password: str = args.passwords.get("CRMDESK_BACKUP_PASSWORD", _t(QT_TRANSLATE_NOOP(
        "Cli", "Password of the backup {name}: "), name=path.name))
    return password


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "-"
    return _t(QT_TRANSLATE_NOOP("Cli", "yes")) if value else _t(QT_TRANSLATE_NOOP("Cli", "no"))


def cmd_backup(args: argparse.Namespace) -> int:
    from crmdesk.storage.backup import create_backup, size_text

    with _logged_in(args) as (db, actor):
        password = None
        if args.encrypt:  # asked after the login password (same order on --password-stdin)
            password = args.passwords.get("CRMDESK_BACKUP_PASSWORD", _t(QT_TRANSLATE_NOOP(
                "Cli", "Password for the backup: ")), confirm=True)
        info = create_backup(db, actor, folder=Path(args.to) if args.to else None,
                             password=password, reason="cli", verify=not args.no_verify,
                             rotate=False if args.no_rotate else None,
                             progress=_backup_progress(args))
    print(_t(QT_TRANSLATE_NOOP("Cli", "Backup written: {path} ({size}, {customers} customers, "
                                      "verified: {verified})."),
             path=info.path, size=size_text(info.size), customers=info.manifest.customers,
             verified=_yes_no(info.verified)))
    for old in info.removed:
        print(_t(QT_TRANSLATE_NOOP("Cli", "Removed old backup {path}."), path=old))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from crmdesk.storage.backup import size_text, verify_backup

    path = Path(args.backup)
    report = verify_backup(path, _backup_password(args, path), progress=_backup_progress(args))
    m = report.manifest
    _print_table([("created", m.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
                  ("database", m.database_name), ("made_by", m.made_by),
                  ("crmdesk", m.app_version), ("schema", m.schema),
                  ("customers", m.customers), ("users", m.users),
                  ("encrypted", "yes" if m.encrypted else "no"),
                  ("size", size_text(report.size)), ("content_sha256", m.content_sha256)])
    print(_t(QT_TRANSLATE_NOOP("Cli", "Backup OK: checksum, integrity check, schema version and "
                                      "row counts verified.")))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from crmdesk.storage.backup import restore_backup

    backup_path, target = Path(args.backup), Path(args.to)

    def login() -> Any:
        """Log in to the current file (only once the backup passed verification)."""
        with _logged_in(argparse.Namespace(**{**vars(args), "file": str(target)})) \
                as (_db, actor):
            return actor

    if target.exists() and not args.user:
        from crmdesk.storage.backup import _healthy

        if _healthy(target):  # a damaged file nobody can log in to needs no --user
            raise CliError(QT_TRANSLATE_NOOP("Cli", "Say who you are: add --user NAME."))
    password = _backup_password(args, backup_path)
    result = restore_backup(backup_path, target, password=password, login=login,
                            progress=_backup_progress(args))
    made = result.manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    print(_t(QT_TRANSLATE_NOOP("Cli", "Restored {file} from {backup} (made {made})."),
             file=target, backup=backup_path.name, made=made))
    if result.safety_copy is not None:
        print(_t(QT_TRANSLATE_NOOP("Cli", "The previous file is kept as {path}."),
                 path=result.safety_copy))
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from crmdesk.storage.backup import backup_folder, describe, list_backups

    db = _open(args.file)
    try:
        folder = Path(args.dir) if args.dir else backup_folder(db)
        entries = list_backups(folder, db)
    finally:
        db.close()
    print(_t(QT_TRANSLATE_NOOP("Cli", "Backups in {folder}:"), folder=folder), file=sys.stderr)
    rows: list[Sequence[Any]] = [("file", "created", "size", "customers", "users", "encrypted",
                                  "verified")]
    for entry in entries:
        d = describe(entry)
        rows.append((d["name"], d["created"], d["size"], d["customers"], d["users"],
                     _yes_no(d["encrypted"]), _yes_no(d["verified"]) + (
                         f" ({d['problem']})" if d["problem"] else "")))
    _print_table(rows)
    return EXIT_OK


def _register_backup_commands(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("backup", help="back up a database (compressed, verified; for cron or "
                                      "Task Scheduler)")
    p.add_argument("file")
    p.add_argument("--to", metavar="DIR", help="backup folder (default: the configured one)")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt with a password (CRMDESK_BACKUP_PASSWORD, --password-stdin "
                        "after the login password, or a prompt)")
    p.add_argument("--no-verify", action="store_true", help="do not read the backup back")
    p.add_argument("--no-rotate", action="store_true",
                   help="keep every old backup in the folder (default: rotate per settings)")
    _with_login(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("verify", help="check a backup completely (checksum, integrity, schema)")
    p.add_argument("backup")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("restore", help="replace a database file by a verified backup",
                       description="Verifies the backup completely, then logs you in to the "
                                   "current file (administrators), keeps it as "
                                   "NAME.before-restore-TIME.crmdb and swaps the backup in. "
                                   "With --password-stdin: the backup's password first (when "
                                   "it is encrypted), then yours.")
    p.add_argument("backup")
    p.add_argument("--to", required=True, metavar="FILE",
                   help="the database file to replace or create (an existing one is kept as "
                        "NAME.before-restore-TIME.crmdb)")
    _with_login(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("backups", help="list the backups of a database")
    p.add_argument("file")
    p.add_argument("--dir", help="backup folder (default: the configured one)")
    p.set_defaults(func=cmd_backups)

# ---------------------------------------------------------------------------
# Import, export, duplicates (exchange)
# ---------------------------------------------------------------------------

def _entity(name: str) -> str:
    from crmdesk.exchange.mapping import ENTITY_NAMES

    return ENTITY_NAMES.get(name, name)


def _progress(args: argparse.Namespace) -> Any:
    from crmdesk.exchange.jobs import JobControl

    def report(stage: str, done: int, total: int | None) -> None:
        if args.verbose:
            print(f"{stage}: {done}/{total if total is not None else '?'}", file=sys.stderr,
                  flush=True)

    return JobControl(progress=report)


def cmd_import(args: argparse.Namespace) -> int:
    from crmdesk.core.services import custom_fields
    from crmdesk.exchange import importer
    from crmdesk.exchange.error_report import write_error_report
    from crmdesk.exchange.mapping import ColumnMapping, guess_mapping, target_label
    from crmdesk.exchange.sources import open_source

    entity = importer.check_entity(_entity(args.kind))
    source = open_source(args.source, encoding=args.encoding, sheet=args.sheet,
                         preset=args.preset)
    options = importer.ImportOptions(mode=args.mode, duplicates=args.duplicates,
                                     dry_run=args.dry_run)
    with _logged_in(args) as (db, actor):
        with db.session() as s:
            defs = custom_fields.definitions(s, entity) if entity not in (
                "interaction", "task") else []
        if args.mapping:
            mapping = ColumnMapping.load(args.mapping)
            mapping.entity = entity
        else:
            mapping = guess_mapping(entity, source.headers, defs, source.hints)
        if args.save_mapping:
            mapping.save(args.save_mapping)
        labels = {d.key: d.label for d in defs}
        if args.verbose or args.dry_run:
            for header in source.headers:
                target = mapping.target_of(header)
                shown = target_label(entity, target, labels) if target else "-"
                print(_t(QT_TRANSLATE_NOOP("Cli", "column {column} -> {target}"),
                         column=header, target=shown), file=sys.stderr)
        result = importer.run_import(db, actor, source, mapping, options, _progress(args))
    for problem in result.problems[:args.show]:
        print(_t(QT_TRANSLATE_NOOP("Cli", "row {row}, {column} ({value}): {reason}"),
                 row=problem.row, column=problem.column,
                 value="" if problem.value is None else problem.value,
                 reason=problem.reason), file=sys.stderr)
    if len(result.problems) > args.show:
        print(_t(QT_TRANSLATE_NOOP("Cli", "... and {n} more problems."),
                 n=len(result.problems) - args.show), file=sys.stderr)
    if args.report and result.problems:
        write_error_report(args.report, result.problems, source=source.path.name)
        print(_t(QT_TRANSLATE_NOOP("Cli", "The problems are listed in {file}."),
                 file=args.report), file=sys.stderr)
    if result.dry_run:
        print(_t(QT_TRANSLATE_NOOP(
            "Cli", "Checked {rows} rows: {ok} can be imported ({created} new, {updated} "
                   "updated, {merged} merged, {skipped} duplicates skipped), {invalid} have "
                   "problems. Nothing was changed."), rows=result.rows,
            ok=result.rows - result.invalid, created=result.created, updated=result.updated,
            merged=result.merged, skipped=result.skipped, invalid=result.invalid))
        return EXIT_OK if not result.invalid else EXIT_USER
    if result.refused:
        print(_t(QT_TRANSLATE_NOOP(
            "Cli", "Nothing was imported: {invalid} of {rows} rows have problems. Fix them, or "
                   "use --mode valid-rows to import the other rows."), invalid=result.invalid,
            rows=result.rows), file=sys.stderr)
        return EXIT_USER
    print(_t(QT_TRANSLATE_NOOP(
        "Cli", "Imported {n} of {rows} rows from {file}: {created} new, {updated} updated, "
               "{merged} merged; {skipped} duplicates skipped, {invalid} rows with problems "
               "not imported."), n=result.imported, rows=result.rows, file=source.path.name,
        created=result.created, updated=result.updated, merged=result.merged,
        skipped=result.skipped, invalid=result.invalid))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from crmdesk.core.services.records import ListQuery
    from crmdesk.exchange import exporter

    entity = _entity(args.kind)
    columns = None
    if args.columns:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    sort = [(key.strip().lstrip("-"), key.strip().startswith("-"))
            for key in (args.sort or "").split(",") if key.strip()]
    request = exporter.ExportRequest(
        entity, ListQuery(filters=_parse_filters(args.filter), text=args.text, sort=sort),
        columns=columns, sensitive=args.sensitive, related=args.related)
    with _logged_in(args) as (db, actor):
        try:
            result = exporter.export(db, actor, request, args.out, _progress(args),
                                     csv_encoding=args.encoding)
        except KeyError as exc:
            raise CliError(QT_TRANSLATE_NOOP("Cli", "{kind} has no field {field}."),
                           kind=entity, field=str(exc).strip("'")) from None
    extra = ", ".join(f"{k}: {v}" for k, v in result.sheets.items() if k != entity)
    print(_t(QT_TRANSLATE_NOOP("Cli", "Exported {n} records to {file}."), n=result.rows,
             file=args.out) + (f" ({extra})" if extra else ""))
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace) -> int:
    from crmdesk.core.services import merging
    from crmdesk.core.services.customers import customers
    from crmdesk.exchange.duplicates import find_duplicates

    with _logged_in(args) as (db, actor):
        if args.undo is not None:
            with db.transaction() as s:
                restored = merging.undo(s, actor, args.undo)
                code = restored.code
            print(_t(QT_TRANSLATE_NOOP("Cli", "Merge {id} undone: {code} is back."),
                     id=args.undo, code=code))
            return EXIT_OK
        if args.not_duplicates or args.maybe_duplicates:
            from crmdesk.exchange.duplicates import dismiss, undismiss

            apart = bool(args.not_duplicates)
            refs = args.not_duplicates or args.maybe_duplicates
            if len(refs) < 2:
                raise CliError(QT_TRANSLATE_NOOP(
                    "Cli", "Name at least two customers, e.g. C000012 C000345."))
            with db.transaction() as s:
                ids = [_record_id(customers, s, actor, ref) for ref in refs]
                (dismiss if apart else undismiss)(s, actor, ids)
            print(_t(QT_TRANSLATE_NOOP("Cli", "{codes}: marked as not duplicates.") if apart
                     else QT_TRANSLATE_NOOP("Cli", "{codes}: listed as possible duplicates "
                                                   "again."), codes=", ".join(refs)))
            return EXIT_OK
        if args.merge:
            from crmdesk.core.permissions import require

            require(actor, "customers.merge")
            with db.transaction() as s:
                ids = [_record_id(customers, s, actor, ref) for ref in args.merge]
                choose: dict[str, int] = {}
                for item in args.keep:
                    key, _, ref = item.partition("=")
                    if not ref:
                        raise CliError(QT_TRANSLATE_NOOP(
                            "Cli", "{item} is not valid: write FIELD=CODE, e.g. "
                                   "mobile=C000012."), item=item)
                    choose[key.strip()] = _record_id(customers, s, actor, ref.strip())
                records = []
                for other in ids[1:]:
                    picks = {k: v for k, v in choose.items() if v in (ids[0], other)}
                    records.append(merging.merge(s, actor, ids[0], other, choose=picks).record.id)
                survivor = customers.get(s, actor, ids[0]).code
            print(_t(QT_TRANSLATE_NOOP(
                "Cli", "Merged {n} customers into {code} (merge {ids}; undo with --undo ID)."),
                n=len(records), code=survivor, ids=", ".join(map(str, records))))
            return EXIT_OK
        with db.session() as s:
            groups = find_duplicates(s, actor, control=_progress(args), limit=args.limit)
            rows = []
            for n, group in enumerate(groups, start=1):
                people = customers.records(s, actor, group.ids)
                rows.append((n, group.describe(), " | ".join(
                    f"{c.code} {c.name}" for c in people)))
    _print_table(rows)
    return EXIT_OK


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------

COMMANDS: list[Callable[[argparse._SubParsersAction[Any]], None]] = []
COMMANDS.append(_register_backup_commands)  # area: backup


def _with_login(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", "-u", help="your user name (password from CRMDESK_PASSWORD, "
                                        "--password-stdin or a prompt)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crmdesk", description="crmdesk customer management. Without a command, "
                                    "opens the window.")
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    parser.add_argument("--lang", help="zh_CN or en (default: the system language)")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read passwords from standard input, one per line")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="open the window")
    p.add_argument("file", nargs="?")

    p = sub.add_parser("init", help="create an empty database with its first administrator")
    p.add_argument("file")
    p.add_argument("--admin", required=True, help="user name of the first administrator")
    p.add_argument("--display-name")
    p.add_argument("--company", help="company name printed on reports")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="create a database full of realistic demo data")
    p.add_argument("file")
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--password", default=None, help="password of the demo users "
                                                    "(default demo1234)")
    p.add_argument("--customers-only", action="store_true",
                   help="no contacts, orders ... (fast, for huge benchmark files)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="schema version and row counts")
    p.add_argument("file")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("user", help="users and teams (administrators)")
    p.add_argument("action", choices=["list", "add", "set", "passwd", "reset", "unlock",
                                      "unfreeze", "disable", "enable", "team-add"])
    p.add_argument("file")
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=["admin", "manager", "staff"])
    p.add_argument("--team")
    p.add_argument("--display-name")
    p.add_argument("--must-change", action="store_true",
                   help="the new user must change the password at first login")
    _with_login(p)
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", help="verify or list the audit log")
    p.add_argument("action", choices=["verify", "list"])
    p.add_argument("file")
    p.add_argument("--who", help="only entries by this user")
    p.add_argument("--action-name", help="only this action (create, update, login ...)")
    p.add_argument("--entity")
    p.add_argument("--limit", type=int, default=200)
    _with_login(p)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("search", help="find customers, contacts, opportunities, tickets")
    p.add_argument("file")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    _with_login(p)
    p.set_defaults(func=cmd_search)

    kinds = ["customer", "contact", "interaction", "opportunity", "product", "order", "ticket",
             "task", "campaign"]
    p = sub.add_parser("list", help="list records as tab-separated text")
    p.add_argument("file")
    p.add_argument("kind", choices=kinds)
    p.add_argument("--filter", action="append", default=[], help="FIELD=VALUE (or ~ != > <)")
    p.add_argument("--text", help="quick filter text")
    p.add_argument("--sort", help="FIELD, or -FIELD for descending")
    p.add_argument("--limit", type=int, default=100)
    _with_login(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one record (counts as opening it)")
    p.add_argument("file")
    p.add_argument("kind", choices=kinds)
    p.add_argument("ref", help="id or code")
    p.add_argument("--reveal", action="store_true", help="show sensitive fields (audited)")
    _with_login(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("recycle", help="the recycle bin (administrators)")
    p.add_argument("action", choices=["list", "restore", "purge"])
    p.add_argument("file")
    p.add_argument("kind", nargs="?", choices=kinds)
    p.add_argument("id", nargs="?", type=int)
    _with_login(p)
    p.set_defaults(func=cmd_recycle)

    p = sub.add_parser("setting", help="database settings (administrators)")
    p.add_argument("action", choices=["list", "set"])
    p.add_argument("file")
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")
    _with_login(p)
    p.set_defaults(func=cmd_setting)

    # -- reports and analysis (group "reports") --------------------------------
    def _period_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--from", dest="date_from", metavar="DATE",
                       help="first day of the period (YYYY-MM-DD)")
        p.add_argument("--to", dest="date_to", metavar="DATE", help="last day of the period")
        p.add_argument("--owner", metavar="USER", help="only this user's records")
        p.add_argument("--as-of", dest="as_of", metavar="DATE",
                       help="judge recency and overdue on this day (default: today)")
        p.add_argument("--lang", default=argparse.SUPPRESS, help="zh_CN or en")

    p = sub.add_parser("report", help="write a PDF report: " + ", ".join(REPORT_NAMES))
    p.add_argument("file")
    p.add_argument("name", choices=REPORT_NAMES)
    p.add_argument("--out", "-o", required=True, metavar="OUT.pdf")
    p.add_argument("--kind", choices=kinds, default="customer",
                   help="record type of the 'list' report (default customer)")
    p.add_argument("--filter", action="append", default=[],
                   help="FIELD=VALUE (or ~ != > >= < <=); customer.FIELD on other records")
    p.add_argument("--text", help="quick filter text (as in the datasheet)")
    p.add_argument("--sort", action="append", help="FIELD, or -FIELD for descending")
    p.add_argument("--columns", help="comma-separated fields of a list (default: the list's)")
    p.add_argument("--customer", metavar="CODE", help="the customer of a customer-card")
    _period_options(p)
    _with_login(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("analytics", help="figures as tab-separated text: "
                       + ", ".join(ANALYSIS_NAMES))
    p.add_argument("file")
    p.add_argument("name", choices=ANALYSIS_NAMES)
    _period_options(p)
    _with_login(p)
    p.set_defaults(func=cmd_analytics)

    # -- import, export, duplicates (exchange) ---------------------------------
    p = sub.add_parser("import", help="import customers, contacts ... from .xlsx, .csv or .vcf")
    p.add_argument("file")
    p.add_argument("source", help="the file to import (.xlsx, .xls, .csv, .vcf)")
    p.add_argument("--kind", default="customer",
                   help="customer (default), contact, interaction, opportunity, order, "
                        "ticket, task or product")
    p.add_argument("--sheet", help="the workbook's sheet (default: the first)")
    p.add_argument("--mapping", help="a saved column mapping (JSON) instead of guessing")
    p.add_argument("--save-mapping", metavar="FILE", help="save the mapping used as JSON")
    p.add_argument("--preset", choices=["google", "outlook", "none"],
                   help="Google Contacts or Outlook CSV (default: recognised by the headers)")
    p.add_argument("--encoding", help="text encoding of a CSV file (default: detected)")
    p.add_argument("--mode", choices=["all-or-nothing", "valid-rows"], default="all-or-nothing")
    p.add_argument("--duplicates", choices=["skip", "update", "merge", "create"],
                   default="skip", help="rows matching an existing record (default: skip)")
    p.add_argument("--report", metavar="ERRORS.xlsx", help="save the problems as a workbook")
    p.add_argument("--dry-run", action="store_true", help="check every row, change nothing")
    p.add_argument("--show", type=int, default=20, help="problems printed (default 20)")
    _with_login(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export records to .xlsx or .csv")
    p.add_argument("file")
    p.add_argument("out", help="the file to write (.xlsx or .csv)")
    p.add_argument("--kind", default="customer", help="customers (default), contacts ...")
    p.add_argument("--filter", action="append", default=[], help="FIELD=VALUE (or ~ != > <)")
    p.add_argument("--text", help="quick filter text")
    p.add_argument("--sort", help="FIELD,-FIELD ... (- for descending)")
    p.add_argument("--columns", help="FIELD,FIELD,cf.KEY ... in order, or all")
    p.add_argument("--related", action="store_true",
                   help="customers to .xlsx: a sheet per related record type")
    p.add_argument("--sensitive", action="store_true",
                   help="include ID numbers and bank accounts (administrators; audited)")
    p.add_argument("--encoding", default="utf-8-sig",
                   help="CSV encoding: utf-8-sig (default, Excel), utf-8 or gb18030")
    _with_login(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("duplicates", help="find likely duplicate customers, merge them")
    p.add_argument("file")
    p.add_argument("--limit", type=int, default=50, help="groups listed (default 50)")
    p.add_argument("--merge", nargs="+", metavar="CODE",
                   help="merge these customers into the first one")
    p.add_argument("--keep", action="append", default=[], metavar="FIELD=CODE",
                   help="with --merge: take FIELD from that customer")
    p.add_argument("--undo", type=int, metavar="MERGE_ID", help="undo a merge")
    p.add_argument("--not-duplicates", nargs="+", metavar="CODE",
                   help="these customers are different people: never list them together")
    p.add_argument("--maybe-duplicates", nargs="+", metavar="CODE",
                   help="take back --not-duplicates for these customers")
    _with_login(p)
    p.set_defaults(func=cmd_duplicates)

    for register in COMMANDS:
        register(sub)
    return parser


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._actions if parser._subparsers else []:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _init_translations(language: str | None) -> None:
    from PySide6.QtCore import QCoreApplication

    from crmdesk import translation
    from crmdesk.config import AppSettings

    app = QCoreApplication.instance() or QCoreApplication(["crmdesk"])
    translation.install(app, language or AppSettings().get("language") or None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in _command_names(parser):
        argv.insert(0, "gui")  # crmdesk FILE.crmdb opens the window on that file
    args = parser.parse_args(argv)
    if args.command is None:
        return gui_main(None, language=args.lang)
    if args.command == "gui":
        return gui_main(args.file, language=args.lang)
    from crmdesk import config

    log_file = config.setup_logging()
    _init_translations(args.lang)
    args.passwords = _Passwords(args.password_stdin)
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
        print(_t(QT_TRANSLATE_NOOP("Cli", "crmdesk: interrupted.")), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - reported as one line, details in the log
        log.exception("command %s failed", args.command)
        print(_t(QT_TRANSLATE_NOOP("Cli", "crmdesk: unexpected error ({error}); details are in "
                                          "{log}"), error=f"{type(exc).__name__}: {exc}",
                 log=log_file), file=sys.stderr)
        return EXIT_BUG


def gui_main(file: str | None = None, language: str | None = None) -> int:
    from crmdesk.ui.app import run

    return int(run(file, language=language))
