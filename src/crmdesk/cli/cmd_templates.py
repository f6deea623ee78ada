"""Industry templates: ``crmdesk template list [FILE]`` and ``crmdesk template apply FILE
NAME --user U`` (NAME: a shipped template's key, or the path of a template file)."""

from __future__ import annotations

import argparse
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, with_login
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _chinese() -> bool:
    from crmdesk.core import presentation

    return presentation.reads_chinese()


def print_result(result: Any) -> None:
    parts = [
        (QT_TRANSLATE_NOOP("Cli", "record types created: {items}"), result.types_created),
        (QT_TRANSLATE_NOOP("Cli", "record types updated: {items}"), result.types_updated),
        (QT_TRANSLATE_NOOP("Cli", "settings changed: {items}"), result.settings_changed),
        (QT_TRANSLATE_NOOP("Cli", "products added: {items}"), result.products_created),
        (QT_TRANSLATE_NOOP("Cli", "analyses added: {items}"), result.analyses)]
    if not result.changed:
        print(tr(QT_TRANSLATE_NOOP("Cli", "Template {template}: already applied, nothing "
                                          "changed."), template=result.template))
        return
    print(tr(QT_TRANSLATE_NOOP("Cli", "Template {template} applied."),
             template=result.template))
    for message, items in parts:
        if items:
            print(tr(message, items=", ".join(items)))


def cmd_template(args: argparse.Namespace) -> int:
    from crmdesk.core import templates as template_files
    from crmdesk.core.services import templates

    if args.action == "list":
        if args.file is None:
            chinese = _chinese()
            print_table([(t.key, t.name(chinese), len(t.types), len(t.analyses),
                          t.description(chinese)) for t in template_files.shipped()])
            return EXIT_OK
        with logged_in(args) as (db, actor):
            with db.session() as s:
                applied = templates.applied(s)
                declared = templates.declared_analyses(s)
        chinese = _chinese()
        print_table([(key, f"version {version}") for key, version in applied.items()])
        print_table([(a.key, a.name(chinese), a.type) for a in declared.values()])
        return EXIT_OK
    if args.file is None or args.name is None:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Write: crmdesk template apply FILE NAME --user USER (NAME: {names} or a "
                   "template file)."), names=", ".join(template_files.shipped_keys()))
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            result = templates.apply(s, actor, args.name)
    print_result(result)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "template", help="industry templates: list, apply",
        description="crmdesk template list lists the templates that ship with crmdesk "
                    "(key, name, record types, analyses, description); crmdesk template "
                    "list FILE --user U the templates applied to FILE and their analyses; "
                    "crmdesk template apply FILE NAME --user U applies one (NAME: a key "
                    "or the path of a template file). Applying twice changes nothing.")
    p.add_argument("action", choices=("list", "apply"))
    p.add_argument("file", nargs="?")
    p.add_argument("name", nargs="?", metavar="NAME")
    with_login(p)
    p.set_defaults(func=cmd_template)
