"""Assignment rules and customer satisfaction: ``crmdesk ticket rules|satisfaction ...``.

``crmdesk ticket rules [list] FILE`` prints the rules in order, one a line,
tab-separated: position, conditions, target, active (yes/no).  Administrators change
them (each change audited, the same rules as the settings page):

* ``crmdesk ticket rules add FILE [--type T] [--product P] [--customer C] [--level L]
  (--assignee USER | --team TEAM) [--position N]`` (``--category`` is a synonym of
  ``--type``: 投诉, complaint, suggestion ...; no condition: every ticket);
* ``crmdesk ticket rules remove FILE N``, ``... move FILE N POSITION``,
  ``... on FILE N`` and ``... off FILE N`` (N: the rule's position in the list).

Satisfaction (whoever may see the ticket):

* ``crmdesk ticket satisfaction add FILE CODE SCORE [--comment TEXT] [--source
  phone|survey]`` records (or replaces) a ticket's score, 1 to 5;
* ``crmdesk ticket satisfaction show FILE CODE`` prints score, comment, how, who, when;
* ``crmdesk ticket satisfaction import FILE SURVEY.xlsx`` imports a returned survey
  (columns: ticket number, score, comment; any file an import reads): every row or,
  when one is wrong, none (the row and field are named).
"""

from __future__ import annotations

import argparse

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, yes_no
from crmdesk.i18n import QT_TRANSLATE_NOOP

RULE_ACTIONS = ("list", "add", "remove", "move", "on", "off")
SATISFACTION_ACTIONS = ("add", "show", "import")

USAGE = {
    ("rules", "list"): "crmdesk ticket rules FILE --user U",
    ("rules", "add"): "crmdesk ticket rules add FILE [--type T] [--product P] [--customer C] "
                      "[--level H|A|B|C] (--assignee USER | --team TEAM) [--position N] "
                      "--user U",
    ("rules", "remove"): "crmdesk ticket rules remove FILE N --user U",
    ("rules", "move"): "crmdesk ticket rules move FILE N POSITION --user U",
    ("rules", "on"): "crmdesk ticket rules on FILE N --user U",
    ("rules", "off"): "crmdesk ticket rules off FILE N --user U",
    ("satisfaction", "add"): "crmdesk ticket satisfaction add FILE CODE SCORE "
                             "[--comment TEXT] [--source phone|survey] --user U",
    ("satisfaction", "show"): "crmdesk ticket satisfaction show FILE CODE --user U",
    ("satisfaction", "import"): "crmdesk ticket satisfaction import FILE SURVEY.xlsx --user U",
}

#: option -> help, added to the ``ticket`` parser unless another part added it already
OPTIONS = {
    "--type": "rules add: the ticket type the rule matches (complaint, 投诉 ...)",
    "--category": "rules add: the same as --type",
    "--product": "rules add: the product the rule matches (code or name)",
    "--customer": "rules add: the customer the rule matches (code or name)",
    "--level": "rules add: the customer level the rule matches (H, A, B or C)",
    "--assignee": "rules add: give the tickets to this user",
    "--team": "rules add: give the tickets to this team's members in turn",
    "--position": "rules add: the new rule's place in the list (default: last)",
    "--source": "satisfaction add: phone (default) or survey",
}


def add_options(p: argparse.ArgumentParser) -> None:
    for option, text in OPTIONS.items():
        if option not in p._option_string_actions:
            p.add_argument(option, help=text)


def _split(args: argparse.Namespace, actions: tuple[str, ...]) -> tuple[str, list[str]]:
    """(sub-action, the positional words after it), FILE first."""
    words = [w for w in (args.file, args.code, args.status, *(args.more or [])) if w]
    if words and words[0] in actions:
        return words[0], words[1:]
    return "list" if "list" in actions else "", words


def _needs(group: str, action: str, words: list[str], count: int) -> None:
    if action not in USAGE_ACTIONS[group] or len(words) != count:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "Write it as: {usage}"),
                       usage=USAGE.get((group, action), " | ".join(
                           text for (g, _a), text in USAGE.items() if g == group)))


USAGE_ACTIONS = {"rules": RULE_ACTIONS, "satisfaction": SATISFACTION_ACTIONS}


def run(args: argparse.Namespace) -> int:
    group = args.action
    action, words = _split(args, USAGE_ACTIONS[group])
    counts = {("rules", "list"): 1, ("rules", "add"): 1, ("rules", "remove"): 2,
              ("rules", "move"): 3, ("rules", "on"): 2, ("rules", "off"): 2,
              ("satisfaction", "add"): 3, ("satisfaction", "show"): 2,
              ("satisfaction", "import"): 2}
    _needs(group, action, words, counts.get((group, action), -1))
    args.file = words[0]
    if group == "rules":
        return _rules(args, action, words[1:])
    return _satisfaction(args, action, words[1:])


def _rules(args: argparse.Namespace, action: str, words: list[str]) -> int:
    from crmdesk.core.services import ticket_assignment as rules

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if action == "add":
                kind = getattr(args, "type", None) or getattr(args, "category", None)
                product, customer = getattr(args, "product", None), getattr(args, "customer",
                                                                             None)
                assignee, team = getattr(args, "assignee", None), getattr(args, "team", None)
                rule = rules.add_rule(
                    s, actor, kind=kind, level=getattr(args, "level", None),
                    product_id=rules.find_product(s, product) if product else None,
                    customer_id=rules.find_customer(s, customer) if customer else None,
                    user_id=rules.find_user(s, assignee) if assignee else None,
                    team_id=rules.find_team(s, team) if team else None,
                    position=getattr(args, "position", None))
                conditions, target = rules.describe(s, rule)
                print(tr(QT_TRANSLATE_NOOP("Cli", "Rule {position}: {conditions} → {target}."),
                         position=rule.position, conditions=conditions, target=target))
                return EXIT_OK
            if action == "remove":
                rules.remove_rule(s, actor, words[0])
            elif action == "move":
                rules.move_rule(s, actor, words[0], words[1])
            elif action in ("on", "off"):
                rules.set_active(s, actor, words[0], action == "on")
            rows = [(r.position, r.conditions, r.target, yes_no(r.active))
                    for r in rules.summaries(s)]
    print_table(rows)
    return EXIT_OK


def _satisfaction(args: argparse.Namespace, action: str, words: list[str]) -> int:
    from crmdesk.cli.common import resolve_record_id
    from crmdesk.core import presentation
    from crmdesk.core.services import satisfaction
    from crmdesk.core.services.tickets import tickets

    if action == "import":
        from crmdesk.exchange.survey import import_survey

        with logged_in(args) as (db, actor):
            result = import_survey(db, actor, words[0])
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Imported {n} scores ({replaced} replaced); {tasks} follow-up tasks for "
                   "low scores."), n=result.recorded, replaced=result.replaced,
            tasks=result.tasks))
        return EXIT_OK
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            ticket_id = resolve_record_id(tickets, s, actor, words[0])
            if action == "add":
                source = getattr(args, "source", None) or "phone"
                if source not in ("phone", "survey"):
                    raise CliError(QT_TRANSLATE_NOOP(
                        "Cli", "--source {value}: write phone or survey."), value=source)
                done = satisfaction.record(s, actor, ticket_id, words[1], args.comment,
                                           source=source)
                print(tr(QT_TRANSLATE_NOOP("Cli", "Recorded {score}/5 for {code}."),
                         score=done.score, code=words[0]))
                if done.task_id is not None:
                    print(tr(QT_TRANSLATE_NOOP("Cli", "A low score: follow-up task {id} "
                                                      "made."), id=done.task_id))
                return EXIT_OK
            shown = satisfaction.get(s, actor, ticket_id)
    if shown is None:
        print(tr(QT_TRANSLATE_NOOP("Cli", "No satisfaction recorded for {code}."),
                 code=words[0]))
        return EXIT_OK
    print_table([(shown.score, " ".join((shown.comment or "").split()),
                  satisfaction.source_name(shown.source), shown.taken_by,
                  presentation.datetime_text(shown.taken_at))])
    return EXIT_OK
