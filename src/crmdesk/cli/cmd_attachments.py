"""Attachments: ``crmdesk attachment list|add|save|delete|restore|purge``.

The same rules and audit entries as the window (``core.services.attachments``): the
record must be yours to see, files over ``attachments.max_mb`` are refused, ``save``
counts as opening the record.  A record is named by KIND and its id or code; an
attachment by the id ``list`` prints.  ``list`` prints one attachment a line,
tab-separated: id, file name, size in bytes, media type, added (local time), added by,
SHA-256; with ``--deleted`` those in the recycle bin, with when and by whom deleted.
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
)
from crmdesk.i18n import QT_TRANSLATE_NOOP

ACTIONS = ["list", "add", "save", "delete", "restore", "purge"]

USAGE = {
    "list": "crmdesk attachment list FILE KIND CODE [--deleted] --user U",
    "add": "crmdesk attachment add FILE KIND CODE PATH [PATH ...] --user U",
    "save": "crmdesk attachment save FILE ID PATH --user U",
    "delete": "crmdesk attachment delete FILE ID --user U",
    "restore": "crmdesk attachment restore FILE ID --user U",
    "purge": "crmdesk attachment purge FILE ID --user U",
}


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


def _parts(args: argparse.Namespace, minimum: int, maximum: int | None) -> list[str]:
    parts = list(args.parts)
    if len(parts) < minimum or (maximum is not None and len(parts) > maximum):
        raise CliError(QT_TRANSLATE_NOOP("Cli", "Write: {usage}"), usage=USAGE[args.action])
    return parts


def _attachment_id(args: argparse.Namespace, text: str) -> int:
    if not text.isdigit():
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{given} is not an attachment id: see crmdesk attachment list {file} KIND "
                   "CODE."), given=text, file=args.file)
    return int(text)


def _record(s: Any, actor: Any, kind: str, ref: str) -> int:
    from crmdesk.core.services.registry import SERVICES, service_for

    if kind not in SERVICES:  # the built-in types and those designed in this file
        raise CliError(QT_TRANSLATE_NOOP("Cli", "{kind} is not a record type: choose one of "
                                                "{kinds}."), kind=kind, kinds=", ".join(SERVICES))
    return resolve_record_id(service_for(kind), s, actor, ref)


def cmd_attachment(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts
    from crmdesk.core.services import attachments as att

    action = args.action
    if action == "list":
        kind, ref = _parts(args, 2, 2)
    elif action == "add":
        kind, ref, *paths = _parts(args, 3, None)
    elif action == "save":
        number, target = _parts(args, 2, 2)
        attachment_id = _attachment_id(args, number)
    else:
        (number,) = _parts(args, 1, 1)
        attachment_id = _attachment_id(args, number)
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if action == "list":
                record_id = _record(s, actor, kind, ref)
                found = att.listing(s, actor, kind, record_id, deleted=args.deleted)
                # the record's customer counts before anything is printed, as for show
                accounts.record_read(s, actor, kind, [record_id])
                rows = [(a.id, a.file_name, a.size, a.mime_type, _when(a.created_at),
                         a.created_by, a.sha256,
                         *((_when(a.deleted_at), a.deleted_by) if args.deleted else ()))
                        for a in found]
            elif action == "add":
                record_id = _record(s, actor, kind, ref)
                added = [att.add_file(s, actor, kind, record_id, path) for path in paths]
            elif action == "save":
                written = att.save(s, actor, attachment_id, target)
            elif action == "delete":
                att.delete_attachment(s, actor, attachment_id)
            elif action == "restore":
                att.restore(s, actor, attachment_id)
            else:
                att.purge(s, actor, attachment_id)
    if action == "list":
        print_table(rows)
    elif action == "add":
        print_table([(a.id, a.file_name, a.size) for a in added])
    elif action == "save":
        print(written)
    elif action == "delete":
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Moved attachment {id} to the recycle bin (crmdesk attachment restore "
                   "{file} {id} --user NAME brings it back)."), id=number, file=args.file))
    else:
        print(tr(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "attachment", help="files attached to records: list, add, save, delete, restore, purge",
        description="list FILE KIND CODE; add FILE KIND CODE PATH...; save FILE ID PATH; "
                    "delete|restore|purge FILE ID (restore and purge: administrators).")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("file")
    p.add_argument("parts", nargs="*", metavar="ARG",
                   help="KIND CODE [PATH ...] for list and add; ID [PATH] for the others")
    p.add_argument("--deleted", action="store_true",
                   help="list: the attachments in the recycle bin")
    with_login(p)
    p.set_defaults(func=cmd_attachment)
