"""Work plans: ``crmdesk plan list|show|review``.

``crmdesk plan list FILE --user U [--period YYYY-MM-DD|--week|--month] [--person NAME]``
prints the plans the user may see (their own; a manager's team's; an administrator's
everyone's), newest period first, one a line, tab-separated: id, person, period
(``week``/``month``), first day, status (``draft``/``submitted``/``reviewed``), planned,
done, done on time, percent done, reviewer.  ``--period DAY``: the plans whose week or
month holds that day; ``--week``/``--month``: this week's (month's) plans, or with
``--period`` the week (month) holding that day; ``--person``: one person's.

``crmdesk plan show FILE ID --user U`` prints one plan: its fields as ``name: value``
lines, the goals, the review comment, then each planned visit or call (due, kind,
done, title, customer; the customers named count for the read guard, as ``list``
does).  ``crmdesk plan review FILE ID --comment TEXT --user U``
marks a submitted plan reviewed (managers for their team, administrators; audited).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, with_login
from crmdesk.i18n import QT_TRANSLATE_NOOP

ACTIONS = ["list", "show", "review"]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--period {value}: not a date; write it as YYYY-MM-DD, e.g. 2024-01-31."),
            value=text) from None


def _plan_id(args: argparse.Namespace) -> int:
    text = (args.id or "").strip()
    if not text.isdigit():
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Give the plan's number: write crmdesk plan {action} FILE ID --user U "
                   "(see crmdesk plan list FILE)."), action=args.action)
    return int(text)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def cmd_plan(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts, work_plans

    if args.action != "list" and (args.week or args.month or args.period or args.person):
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--period, --week, --month and --person are for crmdesk plan list."))
    if args.action != "review" and args.comment is not None:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "--comment is for crmdesk plan review."))
    with logged_in(args) as (db, actor):
        if args.action == "list":
            day = _day(args.period) if args.period else None
            period = "week" if args.week else "month" if args.month else None
            with db.session() as s:
                person = accounts.user_by_name(s, args.person).id if args.person else None
                found = work_plans.list_plans(s, actor, period=period, day=day,
                                              person_id=person)
            print_table([(p.id, p.owner_name, p.period, p.period_start.isoformat(), p.status,
                          p.progress.planned, p.progress.done, p.progress.on_time,
                          _percent(p.progress.percent), p.reviewer_name) for p in found])
            return EXIT_OK
        plan_id = _plan_id(args)
        if args.action == "review":
            if not (args.comment or "").strip():
                raise CliError(QT_TRANSLATE_NOOP(
                    "Cli", "Missing --comment: write crmdesk plan review FILE ID --comment "
                           "TEXT --user U."))
            with db.transaction() as s:
                work_plans.review(s, actor, plan_id, args.comment)
            print(tr(QT_TRANSLATE_NOOP("Cli", "Reviewed work plan {id}."), id=plan_id))
            return EXIT_OK
        with db.transaction() as s:
            plan = work_plans.summary(s, actor, plan_id)
            entries = work_plans.items(s, actor, plan_id)
            # the customers shown count before anything is printed (a freeze ends here)
            accounts.record_access(s, actor, "list", sorted(
                {e.customer_id for e in entries if e.customer_id is not None}))
    _show(plan, entries)
    return EXIT_OK


def _show(plan: Any, entries: list[Any]) -> None:
    lines = [
        ("id", plan.id), ("person", plan.owner_name), ("period", plan.period),
        ("from", plan.period_start.isoformat()), ("to", plan.period_end.isoformat()),
        ("status", plan.status), ("submitted", _when(plan.submitted_at)),
        ("reviewer", plan.reviewer_name), ("reviewed", _when(plan.reviewed_at)),
        ("planned", plan.progress.planned), ("done", plan.progress.done),
        ("on_time", plan.progress.on_time), ("percent", _percent(plan.progress.percent)),
    ]
    for key, value in lines:
        print(f"{key}: {value}")
    print("goals:")
    for line in (plan.goals or "").splitlines():
        print(f"  {line}")
    print("review_comment:")
    for line in (plan.review_comment or "").splitlines():
        print(f"  {line}")
    print("items:")
    print_table([("", _when(e.due_at), e.kind, "done" if e.done else "open", e.title,
                  e.customer_name) for e in entries])


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("plan", help="work plans: list the plans you may see, show one, "
                                    "review one (managers, administrators)")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("file")
    p.add_argument("id", nargs="?", help="show, review: the plan's number (see plan list)")
    p.add_argument("--period", metavar="YYYY-MM-DD",
                   help="list: the plans whose week or month holds this day")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--week", action="store_true",
                       help="list: week plans only (this week's, or --period's week)")
    which.add_argument("--month", action="store_true",
                       help="list: month plans only (this month's, or --period's month)")
    p.add_argument("--person", metavar="NAME", help="list: one person's plans (user name)")
    p.add_argument("--comment", help="review: your comment on the plan")
    with_login(p)
    p.set_defaults(func=cmd_plan)
