"""Administration: users and teams, the audit log, the recycle bin, settings."""

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
    open_db,
    print_table,
    tr,
    with_login,
)
from crmdesk.cli.progress import verbose_job
from crmdesk.core.lookup import shown_text
from crmdesk.i18n import QT_TRANSLATE_NOOP


def cmd_user(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                # state: active, disabled, frozen or locked (a lock that ran out is over)
                print_table([(u.username, u.display_name, u.role, u.team_name, u.state)
                              for u in accounts.account_summaries(s, actor)])
                return EXIT_OK
            if args.action == "team-add":
                accounts.create_team(s, actor, args.name)
            elif args.action == "add":
                password = args.passwords.get("CRMDESK_NEW_PASSWORD", tr(QT_TRANSLATE_NOOP(
                    "Cli", "Password for {user}: "), user=args.name), confirm=True)
                team_id = _team_id(s, args, args.team) if args.team else None
                accounts.create_user(s, actor, args.name, password, args.role,
                                     display_name=args.display_name, team_id=team_id,
                                     must_change_password=args.must_change)
            elif args.action == "passwd":
                new = args.passwords.get("CRMDESK_NEW_PASSWORD", tr(QT_TRANSLATE_NOOP(
                    "Cli", "New password: ")), confirm=True)
                accounts.change_password(s, actor, args.login_password, new)
            else:
                user = accounts.user_by_name(s, args.name)
                if args.action == "reset":
                    new = args.passwords.get("CRMDESK_NEW_PASSWORD", tr(QT_TRANSLATE_NOOP(
                        "Cli", "New password for {user}: "), user=args.name), confirm=True)
                    accounts.reset_password(s, actor, user.id, new)
                elif args.action == "unlock":
                    accounts.unlock(s, actor, user.id)
                elif args.action == "unfreeze":
                    accounts.unfreeze(s, actor, user.id)
                elif args.action == "disable":
                    accounts.set_disabled(s, actor, user.id, True, verbose_job(args))
                elif args.action == "enable":
                    accounts.set_disabled(s, actor, user.id, False, verbose_job(args))
                elif args.action == "set":
                    team: int | None | str = "unchanged"
                    if args.team is not None:
                        team = _team_id(s, args, args.team) if args.team else None
                    accounts.update_user(s, actor, user.id, role=args.role, team_id=team,
                                         display_name=args.display_name,
                                         job=verbose_job(args))
    print(tr(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def _team_id(s: Any, args: argparse.Namespace, name: str) -> int:
    """The id of the team *name*, or an error that says how to create it."""
    from crmdesk.core.services import accounts
    from crmdesk.errors import NotFound

    try:
        return int(accounts.team_by_name(s, name).id)
    except NotFound:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "There is no team named {team}: create it first with "
                   "crmdesk user team-add {file} {team} --user {user}"),
            team=shown_text(name), file=args.file, user=args.user) from None


def cmd_audit(args: argparse.Namespace) -> int:
    from crmdesk.core import audit_messages
    from crmdesk.core.services import audit

    if args.action == "verify":
        return _verify(args)
    with logged_in(args) as (db, actor):
        with db.session() as s:
            flt = audit.AuditFilter(username=args.who, action=args.action_name,
                                    entity=args.entity)
            rows = [(e.id, e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), e.username,
                     e.action, e.entity or "", e.entity_id or "", audit_messages.summary_text(e))
                    for e in audit.entries(s, actor, flt, limit=args.limit)]
    print_table(rows)
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    """``crmdesk audit verify FILE [--backup PATH]...``: the log by itself, then every
    witness found (this computer's record, backup manifests); exit 2 when tampered."""
    from pathlib import Path

    from crmdesk import witnesses

    db = open_db(args.file)
    try:
        result = witnesses.verify_file(db, backup_paths=[Path(p) for p in args.backup or ()])
    finally:
        db.close()
    for note in result.notes:
        print(tr(QT_TRANSLATE_NOOP("Cli", "Note: {note}"), note=note))
    if not result.ok:
        if result.broken_id is None:
            print(tr(QT_TRANSLATE_NOOP("Cli", "Audit log broken: {reason}."),
                     reason=result.reason), file=sys.stderr)
        else:
            print(tr(QT_TRANSLATE_NOOP("Cli", "Audit log broken at entry {id}: {reason}."),
                     id=result.broken_id, reason=result.reason), file=sys.stderr)
        return EXIT_USER
    print(tr(QT_TRANSLATE_NOOP("Cli", "Audit log intact: {n} entries verified."),
             n=result.checked))
    if result.signed_from is None:
        print(tr(QT_TRANSLATE_NOOP("Cli", "No entry is signed yet: the log is unsigned history "
                                          "until an administrator logs in with this version.")))
    elif result.signed_from > 1:
        print(tr(QT_TRANSLATE_NOOP("Cli", "Signed from entry {id} on; the entries before it are "
                                          "unsigned history."), id=result.signed_from))
    if result.witnesses:
        print(tr(QT_TRANSLATE_NOOP("Cli", "Witnesses outside the file: {agreed} of {n} heads "
                                          "agree."), agreed=result.agreed, n=result.witnesses))
    else:
        print(tr(QT_TRANSLATE_NOOP("Cli", "No witness outside the file was found (no backup "
                                          "with a recorded head, not seen on this computer): "
                                          "entries cut off the end would go unnoticed.")))
    return EXIT_OK


def cmd_recycle(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts, recycle_bin

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                found = recycle_bin.entries(s, actor)
                # the customers shown count before anything is printed
                accounts.record_access(s, actor, "list", [
                    cid for entity in {e.entity for e in found}
                    for cid in accounts.customers_of(
                        s, entity, [e.id for e in found if e.entity == entity])])
                rows = [(e.entity, e.id, e.description,
                         e.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M")
                         if e.deleted_at else "", e.deleted_by) for e in found]
            elif args.action == "restore":
                recycle_bin.restore(s, actor, check_kind(args.kind), args.id)
            elif args.action == "purge":
                recycle_bin.purge(s, actor, check_kind(args.kind), args.id)
    if args.action == "list":
        print_table(rows)
        return EXIT_OK
    print(tr(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def cmd_setting(args: argparse.Namespace) -> int:
    from crmdesk.core.services import settings

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                print_table(sorted(settings.all_values(s).items()))
                return EXIT_OK
            settings.set_value(s, actor, args.key, args.value)
    print(tr(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
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
    with_login(p)
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", help="verify or list the audit log")
    p.add_argument("action", choices=["verify", "list"])
    p.add_argument("file")
    p.add_argument("--who", help="only entries by this user")
    p.add_argument("--action-name", help="only this action (create, update, login ...)")
    p.add_argument("--entity")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--backup", action="append", metavar="PATH",
                   help="verify: also compare with this backup (a .crmbak file or a folder); "
                        "the configured backup folder is always read")
    with_login(p)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("recycle", help="the recycle bin (administrators)")
    p.add_argument("action", choices=["list", "restore", "purge"])
    p.add_argument("file")
    p.add_argument("kind", nargs="?", metavar="KIND",
                   help=", ".join(KINDS) + ", or a designed record type's key")
    p.add_argument("id", nargs="?", type=int)
    with_login(p)
    p.set_defaults(func=cmd_recycle)

    p = sub.add_parser("setting", help="database settings (administrators)")
    p.add_argument("action", choices=["list", "set"])
    p.add_argument("file")
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")
    with_login(p)
    p.set_defaults(func=cmd_setting)
