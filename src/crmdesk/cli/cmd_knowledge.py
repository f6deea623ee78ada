"""The knowledge base: ``crmdesk kb ...``.

* ``crmdesk kb FILE [--search TEXT] [--category C]`` lists the articles the user may
  read (drafts: writers only), one a line, tab-separated: code, status, category,
  title, tags, author, last changed; with ``--search`` best match first (Chinese,
  pinyin, one or two characters, as the customers' search);
* ``crmdesk kb show FILE CODE`` prints one article: its title, a line of facts and
  its body (Markdown);
* ``crmdesk kb add FILE --title T --body-file F.md [--category C] [--tag X ...]
  [--publish]`` adds an article (administrators and managers), a draft unless
  ``--publish``;
* ``crmdesk kb used FILE [--from D] [--to D]`` the most used articles: code, title,
  category, tickets, last used (the tickets the user may see).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, with_login
from crmdesk.i18n import QT_TRANSLATE_NOOP

ACTIONS = ("show", "add", "used")
USAGE = {
    "list": "crmdesk kb FILE [--search TEXT] --user U",
    "show": "crmdesk kb show FILE CODE --user U",
    "add": "crmdesk kb add FILE --title T --body-file F.md [--category C] [--tag X] "
           "[--publish] --user U",
    "used": "crmdesk kb used FILE [--from DATE] [--to DATE] --user U",
}


def _status_text(status: str) -> str:
    if status == "published":
        return tr(QT_TRANSLATE_NOOP("Cli", "published"))
    return tr(QT_TRANSLATE_NOOP("Cli", "draft"))


def _missing(part: str, action: str) -> CliError:
    return CliError(QT_TRANSLATE_NOOP("Cli", "Missing {part}: write {usage}"),
                    part=part, usage=USAGE[action])


def _split(args: argparse.Namespace) -> tuple[str, list[str]]:
    """(action, its positional values): ``kb FILE``, ``kb show FILE CODE`` ..."""
    words = list(args.words)
    action = words.pop(0) if words and words[0] in ACTIONS else "list"
    if not words:
        raise _missing("FILE", action)
    args.file = words[0]
    rest = words[1:]
    if action == "show" and len(rest) != 1:
        raise _missing("CODE", action) if not rest else CliError(QT_TRANSLATE_NOOP(
            "Cli", "Too many values: write {usage}"), usage=USAGE[action])
    if action != "show" and rest:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "Too many values: write {usage}"),
                       usage=USAGE[action])
    return action, rest


def _read_body(path: str | None) -> str:
    if not path:
        raise _missing("--body-file", "add")
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Cannot read {file} ({reason}): give a UTF-8 Markdown file with the "
                   "article's text."), file=path, reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{file} is not UTF-8 text: save it as UTF-8 and try again."),
            file=path) from None


def cmd_kb(args: argparse.Namespace) -> int:
    from crmdesk.core import presentation
    from crmdesk.core.services import knowledge

    action, rest = _split(args)
    if action == "add":
        if not (args.title or "").strip():
            raise _missing("--title", "add")
        body = _read_body(args.body_file)
    with logged_in(args) as (db, actor):
        if action == "add":
            with db.transaction() as s:
                article = knowledge.create(s, actor, title=args.title, body=body,
                                           category=args.category, tags=args.tag,
                                           publish=args.publish)
                code, status = article.code, article.status
            print(tr(QT_TRANSLATE_NOOP("Cli", "Added {code} ({status})."), code=code,
                     status=_status_text(status)))
            return EXIT_OK
        if action == "used":
            from crmdesk.cli.cmd_reports import _cli_date

            start = _cli_date(args.date_from, "--from")
            end = _cli_date(args.date_to, "--to")
            with db.session() as s:
                usage = knowledge.most_used(s, actor, start, end, limit=args.limit)
            print_table([(r.code, r.title, r.category or "", r.uses,
                          presentation.datetime_text(r.last_used) if r.last_used else "")
                         for r in usage])
            return EXIT_OK
        if action == "show":
            with db.session() as s:
                article = knowledge.by_code(s, actor, rest[0])
                facts = [article.code, _status_text(article.status), article.category or "",
                         ", ".join(knowledge.split_tags(article.tags)),
                         knowledge.author_name(s, article),
                         presentation.datetime_text(article.updated_at)]
                title, body = article.title, article.body
            print(title)
            print("\t".join(facts))
            print()
            print(body.rstrip())
            return EXIT_OK
        with db.session() as s:
            found = knowledge.list_articles(s, actor, args.search, category=args.category)
    print_table([(a.code, _status_text(a.status), a.category or "", a.title, ", ".join(a.tags),
                  a.author, presentation.datetime_text(a.updated_at)) for a in found])
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("kb", help="the knowledge base: list or search (kb FILE), show, add "
                                  "(administrators and managers), used (the most used)",
                       usage="crmdesk kb [show|add|used] FILE [CODE] [options] --user U")
    p.add_argument("words", nargs="+", metavar="[ACTION] FILE [CODE]",
                   help="FILE: list; show FILE CODE; add FILE; used FILE")
    p.add_argument("--search", "-s", help="list: only articles matching this text "
                                          "(Chinese, pinyin, 1-2 characters)")
    p.add_argument("--category", help="list: this category only; add: the category")
    p.add_argument("--title", help="add: the title")
    p.add_argument("--body-file", metavar="F.md", help="add: the text, a UTF-8 Markdown file")
    p.add_argument("--tag", action="append", default=[], help="add: a tag (repeat for more)")
    p.add_argument("--publish", action="store_true",
                   help="add: publish at once (default: a draft only writers see)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="used: first day")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="used: last day")
    p.add_argument("--limit", type=int, default=20, help="used: how many (default 20)")
    with_login(p)
    p.set_defaults(func=cmd_kb)
