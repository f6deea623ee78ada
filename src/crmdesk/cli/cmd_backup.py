"""Backups: backup, verify, restore, backups."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    CliError,
    logged_in,
    open_db,
    print_table,
    tr,
    with_login,
    yes_no,
)
from crmdesk.cli.progress import verbose_job
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _backup_password(args: argparse.Namespace, path: Path) -> str | None:
    """The password of an encrypted backup (None when it is not encrypted)."""
    from crmdesk.core.services.backups import read_manifest

    if not read_manifest(path).encrypted:
        return None
    password: str = args.passwords.get("CRMDESK_BACKUP_PASSWORD", tr(QT_TRANSLATE_NOOP(
        "Cli", "Password of the backup {name}: "), name=path.name))
    return password


def cmd_backup(args: argparse.Namespace) -> int:
    from crmdesk.core.services.backups import create_backup, size_text

    with logged_in(args) as (db, actor):
        password = None
        if args.encrypt:  # asked after the login password (same order on --password-stdin)
            password = args.passwords.get("CRMDESK_BACKUP_PASSWORD", tr(QT_TRANSLATE_NOOP(
                "Cli", "Password for the backup: ")), confirm=True)
        info = create_backup(db, actor, folder=Path(args.to) if args.to else None,
                             password=password, reason="cli", verify=not args.no_verify,
                             rotate=False if args.no_rotate else None,
                             job=verbose_job(args))
    print(tr(QT_TRANSLATE_NOOP("Cli", "Backup written: {path} ({size}, {customers} customers, "
                                      "verified: {verified})."),
             path=info.path, size=size_text(info.size), customers=info.manifest.customers,
             verified=yes_no(info.verified)))
    for old in info.removed:
        print(tr(QT_TRANSLATE_NOOP("Cli", "Removed old backup {path}."), path=old))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from crmdesk.core.services.backups import size_text, verify_backup

    path = Path(args.backup)
    report = verify_backup(path, _backup_password(args, path), job=verbose_job(args))
    m = report.manifest
    print_table([("created", m.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
                  ("database", m.database_name), ("made_by", m.made_by),
                  ("crmdesk", m.app_version), ("schema", m.schema),
                  ("customers", m.customers), ("users", m.users),
                  ("encrypted", "yes" if m.encrypted else "no"),
                  ("size", size_text(report.size)), ("content_sha256", m.content_sha256)])
    print(tr(QT_TRANSLATE_NOOP("Cli", "Backup OK: checksum, integrity check, schema version and "
                                      "row counts verified.")))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from crmdesk.core.services.backups import restore_backup, restore_needs_login
    from crmdesk.core.services.server_backups import is_server

    if is_server(args.to):
        return _restore_to_server(args)
    backup_path, target = Path(args.backup), Path(args.to)

    def login() -> Any:
        """Log in to the current file (only once the backup passed verification)."""
        with logged_in(argparse.Namespace(**{**vars(args), "file": str(target)})) \
                as (_db, actor):
            return actor

    if target.exists() and not args.user:
        if restore_needs_login(target):  # a damaged file nobody can log in to needs no --user
            raise CliError(QT_TRANSLATE_NOOP("Cli", "Say who you are: add --user NAME."))
    password = _backup_password(args, backup_path)
    result = restore_backup(backup_path, target, password=password, login=login,
                            job=verbose_job(args))
    made = result.manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    print(tr(QT_TRANSLATE_NOOP("Cli", "Restored {file} from {backup} (made {made})."),
             file=target, backup=backup_path.name, made=made))
    if result.safety_copy is not None:
        print(tr(QT_TRANSLATE_NOOP("Cli", "The previous file is kept as {path}."),
                 path=result.safety_copy))
    return EXIT_OK


def _restore_to_server(args: argparse.Namespace) -> int:
    """``crmdesk restore BACKUP --to URL``: the server's rows replaced in one transaction."""
    from crmdesk.core.services import server_backups

    backup_path, url = Path(args.backup), args.to

    def login() -> Any:
        """Log in to the server (only once the backup passed verification)."""
        with logged_in(argparse.Namespace(**{**vars(args), "file": url})) as (_db, actor):
            return actor

    if not args.user and server_backups.restore_needs_login(url):
        raise CliError(QT_TRANSLATE_NOOP("Cli", "Say who you are: add --user NAME."))
    password = _backup_password(args, backup_path)
    result = server_backups.restore_to_server(backup_path, url, password=password, login=login,
                                              job=verbose_job(args))
    made = result.manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    print(tr(QT_TRANSLATE_NOOP("Cli", "Restored {file} from {backup} (made {made})."),
             file=result.target, backup=backup_path.name, made=made))
    if result.safety_copy is not None:
        print(tr(QT_TRANSLATE_NOOP("Cli", "The server's data before the restore is backed "
                                          "up in {path}."), path=result.safety_copy))
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from crmdesk.core.services.backups import backup_folder, describe, list_backups

    db = open_db(args.file)
    try:
        folder = Path(args.dir) if args.dir else backup_folder(db)
        entries = list_backups(folder, db)
    finally:
        db.close()
    print(tr(QT_TRANSLATE_NOOP("Cli", "Backups in {folder}:"), folder=folder), file=sys.stderr)
    rows: list[Sequence[Any]] = [("file", "created", "size", "customers", "users", "encrypted",
                                  "verified")]
    for entry in entries:
        d = describe(entry)
        rows.append((d["name"], d["created"], d["size"], d["customers"], d["users"],
                     yes_no(d["encrypted"]), yes_no(d["verified"]) + (
                         f" ({d['problem']})" if d["problem"] else "")))
    print_table(rows)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("backup", help="back up a database (compressed, verified; for cron or "
                                      "Task Scheduler)")
    p.add_argument("file", metavar="FILE|URL",
                   help="a .crmdb file, or a server URL (its password from the keyring "
                        "when the URL has none)")
    p.add_argument("--to", metavar="DIR", help="backup folder (default: the configured one)")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt with a password (CRMDESK_BACKUP_PASSWORD, --password-stdin "
                        "after the login password, or a prompt)")
    p.add_argument("--no-verify", action="store_true", help="do not read the backup back")
    p.add_argument("--no-rotate", action="store_true",
                   help="keep every old backup in the folder (default: rotate per settings)")
    with_login(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("verify", help="check a backup completely (checksum, integrity, schema)")
    p.add_argument("backup")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("restore", help="replace a database file (or a server's data) by a "
                                       "verified backup",
                       description="Verifies the backup completely, then logs you in to the "
                                   "current file (administrators), keeps it as "
                                   "NAME.before-restore-TIME.crmdb and swaps the backup in. "
                                   "A server URL: its data is backed up beside BACKUP, then "
                                   "replaced in one transaction. "
                                   "With --password-stdin: the backup's password first (when "
                                   "it is encrypted), then yours.")
    p.add_argument("backup")
    p.add_argument("--to", required=True, metavar="FILE|URL",
                   help="the database file to replace or create (an existing one is kept as "
                        "NAME.before-restore-TIME.crmdb), or a server URL")
    with_login(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("backups", help="list the backups of a database")
    p.add_argument("file")
    p.add_argument("--dir", help="backup folder (default: the configured one)")
    p.set_defaults(func=cmd_backups)
