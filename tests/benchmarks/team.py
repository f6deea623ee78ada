"""A realistic sales organisation on a bench file: 50 staff in 5 teams and 5 managers.

The demo data gives every customer to one of three users; real teams are many
people with very different shares.  :func:`staffing` adds the people while the
demo is built and gives the customers out with a skewed share per person (0.1 % to
5 %), so every search and list figure can be measured for each role:

* ``admin``: everything;
* ``mgr1``: the manager of team 1, which holds about 10 % of the customers;
* ``s01``: a staff member with 1 % of the customers;
* ``s02``: a staff member with 0.1 %;
* ``s11``: the largest share, 5 %.

Every record that belongs to a customer (interactions, tasks, tickets,
opportunities, orders) follows its customer's owner, as the demo generator makes it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

PASSWORD = "demo1234"
TEAMS = 5
STAFF_PER_TEAM = 10

#: Team 1's shares (in %): s01 1 %, s02 0.1 %, the team about 10 % in all.
TEAM1_SHARES = [1.0, 0.1, 1.5, 2.0, 0.6, 0.3, 1.2, 0.8, 1.9, 0.6]


@dataclass(frozen=True)
class Role:
    """A user the benchmarks log in as, and the share of customers they may see."""

    label: str
    username: str
    share: float  # of all customers, 0..1


def staff_shares() -> list[float]:
    """The share (in %) of each of the 50 staff, in the order s01 .. s50."""
    others = TEAMS * STAFF_PER_TEAM - len(TEAM1_SHARES)
    left = 100.0 - sum(TEAM1_SHARES)

    def curve(p: float) -> list[float]:
        # skewed: a few people hold a lot, many hold little (5 % down to 0.1 %)
        return [0.1 + 4.9 * (1 - i / (others - 1)) ** p for i in range(others)]

    low, high = 0.1, 10.0
    for _ in range(60):  # the steepness that makes the shares add up to 100 %
        mid = (low + high) / 2
        low, high = (mid, high) if sum(curve(mid)) > left else (low, mid)
    shares = curve(low)
    # dealt round-robin over teams 2..5 so that no team holds only the big shares
    teams: list[list[float]] = [[] for _ in range(TEAMS - 1)]
    for i, share in enumerate(shares):
        teams[i % (TEAMS - 1)].append(share)
    return TEAM1_SHARES + [round(s, 4) for team in teams for s in team]


def staff_name(i: int) -> str:
    return f"s{i + 1:02d}"


def staffing(s: Session, admin: Any) -> tuple[list[int], list[float]]:
    """The teams and people of the bench organisation, made in the demo's first
    transaction (:data:`crmdesk.core.demo.Staffing`): their user ids and shares.

    The demo generator gives each customer to one of them by these weights, and every
    record of a customer follows its owner, so the file is staffed as it is built (a
    handover of ten million customers afterwards took 75 minutes)."""
    from crmdesk.core.services import accounts

    shares = staff_shares()
    user_ids: list[int] = []
    for t in range(TEAMS):
        team = accounts.create_team(s, admin, f"销售团队{t + 1}")
        accounts.create_user(s, admin, f"mgr{t + 1}", PASSWORD, "manager",
                             display_name=f"经理{t + 1}", team_id=team.id)
        for k in range(STAFF_PER_TEAM):
            i = t * STAFF_PER_TEAM + k
            user = accounts.create_user(s, admin, staff_name(i), PASSWORD, "staff",
                                        display_name=f"销售{i + 1:02d}", team_id=team.id)
            user_ids.append(user.id)
    return user_ids, shares


def roles(path: Path) -> list[Role]:
    """The users to measure as, with the share of the customers each may see."""
    conn = sqlite3.connect(path)
    try:
        total = conn.execute("SELECT count(*) FROM customers WHERE deleted_at IS NULL"
                             ).fetchone()[0]

        def owned(where: str, *args: object) -> int:
            return int(conn.execute(
                "SELECT count(*) FROM customers WHERE deleted_at IS NULL AND owner_id IN "
                f"(SELECT id FROM users WHERE {where})", args).fetchone()[0])

        team = conn.execute("SELECT team_id FROM users WHERE username = 'mgr1'").fetchone()[0]
        found = [Role("admin", "admin", 1.0),
                 Role("manager", "mgr1", owned("team_id = ?", team) / total)]
        for username in ("s11", "s01", "s02"):
            found.append(Role("staff", username, owned("username = ?", username) / total))
        return found
    finally:
        conn.close()
