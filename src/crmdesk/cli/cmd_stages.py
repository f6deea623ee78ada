"""Pipeline stages: ``crmdesk stage list|add|rename|move|probability|retire|reinstate``.

The same rules and audit entries as the settings screen (``core.services.stages``).
A stage is named by its key or by either of its names.  ``list`` prints one stage a
line, tab-separated, in pipeline order: position, key, name as shown, Chinese name,
English name, probability, kind (open, won, lost), retired (yes/no), opportunities.
"""

from __future__ import annotations

import argparse
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, with_login, yes_no
from crmdesk.i18n import QT_TRANSLATE_NOOP

ACTIONS = ["list", "add", "rename", "move", "probability", "retire", "reinstate"]


def _needs(args: argparse.Namespace, *names: str) -> None:
    """Refuse a command line that misses a part, with the synopsis to write."""
    usage = {
        "add": "crmdesk stage add FILE KEY --zh NAME --en NAME [--probability P] "
               "[--position N] --user U",
        "rename": "crmdesk stage rename FILE KEY [--zh NAME] [--en NAME] --user U",
        "move": "crmdesk stage move FILE KEY POSITION --user U",
        "probability": "crmdesk stage probability FILE KEY PERCENT --user U",
        "retire": "crmdesk stage retire FILE KEY [--move-to KEY] --user U",
        "reinstate": "crmdesk stage reinstate FILE KEY --user U",
    }[args.action]
    for name in names:
        if getattr(args, name) in (None, ""):
            raise CliError(QT_TRANSLATE_NOOP("Cli", "Missing {part}: write {usage}"),
                           part=name.upper(), usage=usage)


def _key(s: Any, text: str) -> str:
    """A stage's key from its key or either of its names (as shown anywhere)."""
    from crmdesk.core import presentation
    from crmdesk.core.services import stages

    rows = stages.all_stages(s)
    found = presentation.choice_from_text(
        "stage", text, presentation.stage_entries((r.key, r.name, r.name_zh) for r in rows))
    if found is None:
        if any(r.key == text for r in rows):
            return text
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "There is no pipeline stage {stage}; see crmdesk stage list FILE."),
            stage=text)
    return str(found)


def cmd_stage(args: argparse.Namespace) -> int:
    from crmdesk.core.services import stages

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "list":
                kinds = {"won": tr(QT_TRANSLATE_NOOP("Cli", "won")),
                         "lost": tr(QT_TRANSLATE_NOOP("Cli", "lost")),
                         "open": tr(QT_TRANSLATE_NOOP("Cli", "open"))}
                rows = [(st.position, st.key, st.shown, st.name_zh or "", st.name,
                         st.probability,
                         kinds["won" if st.is_won else "lost" if st.is_lost else "open"],
                         yes_no(st.retired), st.opportunities)
                        for st in stages.summaries(s)]
                print_table(rows)
                return EXIT_OK
            _needs(args, "key")
            if args.action == "add":
                stages.add_stage(s, actor, args.key, name=args.en, name_zh=args.zh,
                                 probability=args.probability if args.probability is not None
                                 else 0, position=args.position)
            else:
                key = _key(s, args.key)
                if args.action == "rename":
                    stages.rename_stage(s, actor, key, name=args.en, name_zh=args.zh)
                elif args.action == "move":
                    _needs(args, "value")
                    stages.move_stage(s, actor, key, args.value)
                elif args.action == "probability":
                    _needs(args, "value")
                    stages.set_probability(s, actor, key, args.value)
                elif args.action == "retire":
                    moved = stages.retire_stage(
                        s, actor, key,
                        move_to=_key(s, args.move_to) if args.move_to else None)
                    if moved:
                        print(tr(QT_TRANSLATE_NOOP("Cli", "Moved {n} opportunities."), n=moved))
                else:
                    stages.reinstate_stage(s, actor, key)
    print(tr(QT_TRANSLATE_NOOP("Cli", "Done.")))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("stage", help="pipeline stages: list, add, rename, move, probability, "
                                     "retire, reinstate (administrators)")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("file")
    p.add_argument("key", nargs="?", help="the stage: its key or either of its names")
    p.add_argument("value", nargs="?",
                   help="move: the new position (1 = first); probability: 0 to 100")
    p.add_argument("--zh", help="add, rename: the name in Chinese")
    p.add_argument("--en", help="add, rename: the name in English")
    p.add_argument("--probability", help="add: the win probability, 0 to 100 (default 0)")
    p.add_argument("--position", help="add: the position (default: before won and lost)")
    p.add_argument("--move-to", help="retire: move the stage's opportunities to this stage")
    with_login(p)
    p.set_defaults(func=cmd_stage)
