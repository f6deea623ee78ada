"""Record types an administrator designs: ``crmdesk types FILE`` lists them (the key
that ``list``, ``show``, ``add``, ``edit``, ``delete``, ``import`` and ``export`` take
first); ``crmdesk types export|import FILE DEF.json`` moves definitions between files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, with_login
from crmdesk.i18n import QT_TRANSLATE_NOOP

ACTIONS = ("export", "import")


def _words(args: argparse.Namespace) -> tuple[str | None, str, str | None]:
    """(action, database file, definition file) from ``types [export|import] FILE [DEF]``."""
    words = list(args.words)
    if words[0] in ACTIONS:
        if len(words) != 3:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "Write: crmdesk types {action} FILE DEF.json --user NAME."),
                action=words[0])
        return words[0], words[1], words[2]
    if len(words) != 1:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Write: crmdesk types FILE --user NAME (or types export|import FILE "
                   "DEF.json)."))
    return None, words[0], None


def cmd_types(args: argparse.Namespace) -> int:
    from crmdesk.core.services import record_types as designer

    action, args.file, definitions = _words(args)
    if action == "import":
        assert definitions is not None
        try:
            raw = json.loads(Path(definitions).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CliError(QT_TRANSLATE_NOOP("Cli", "Cannot read {file}: {error}"),
                           file=definitions, error=exc.strerror or str(exc)) from None
        except ValueError as exc:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "{file} is not JSON: {error}."), file=definitions, error=str(exc)) \
                from None
        with logged_in(args) as (db, actor):
            with db.transaction() as s:
                done = designer.import_definitions(s, actor, raw)
        for key, what in done:
            print(tr(QT_TRANSLATE_NOOP("Cli", "{type}: created"), type=key) if what == "created"
                  else tr(QT_TRANSLATE_NOOP("Cli", "{type}: updated"), type=key))
        return EXIT_OK
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if action == "export":
                doc = designer.export_definitions(s, actor)
            else:
                types = designer.list_types(s, actor)
    if action == "export":
        from crmdesk.storage.files import atomic_write

        assert definitions is not None
        atomic_write(Path(definitions), (json.dumps(doc, ensure_ascii=False, indent=1)
                                         + "\n").encode("utf-8"))
        print(tr(QT_TRANSLATE_NOOP("Cli", "Wrote {n} record types to {file}."),
                 n=len(doc["types"]), file=definitions))
        return EXIT_OK
    print_table([(t.key, t.name_zh, t.name_en, t.belongs_to, t.code_prefix or "",
                  len(t.live_fields), "retired" if t.retired else "") for t in types])
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "types", help="record types designed by an administrator: list, export, import",
        description="crmdesk types FILE lists the types (key, Chinese name, English name, "
                    "belongs to, code prefix, fields); crmdesk types export FILE DEF.json and "
                    "crmdesk types import FILE DEF.json move definitions between files.")
    p.add_argument("words", nargs="+", metavar="[export|import] FILE [DEF.json]")
    with_login(p)
    p.set_defaults(func=cmd_types)
