"""A realistic sales organisation on a bench file: 50 staff in 5 teams and 5 managers.

The demo data gives every customer to one of three users; real teams are many
people with very different shares.  :func:`staff_the_file` adds the people and
hands the customers out with a skewed share per person (0.1 % to 5 %), so every
search and list figure can be measured for each role:

* ``admin``: everything;
* ``mgr1``: the manager of team 1, which holds about 10 % of the customers;
* ``s01``: a staff member with 1 % of the customers;
* ``s02``: a staff member with 0.1 %;
* ``s11``: the largest share, 5 %.

Every record that belongs to a customer (interactions, tasks, tickets,
opportunities, orders) follows its customer's owner, as it would after a handover.
"""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

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


def staff_the_file(path: Path, *, seed: int = 11) -> None:
    """Add the teams and people to a freshly built demo file and hand out its customers."""
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database

    started = time.perf_counter()
    shares = staff_shares()
    db = open_database(path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
            user_ids: list[int] = []
            for t in range(TEAMS):
                team = accounts.create_team(s, admin, f"销售团队{t + 1}")
                accounts.create_user(s, admin, f"mgr{t + 1}", PASSWORD, "manager",
                                     display_name=f"经理{t + 1}", team_id=team.id)
                for k in range(STAFF_PER_TEAM):
                    i = t * STAFF_PER_TEAM + k
                    user = accounts.create_user(s, admin, staff_name(i), PASSWORD, "staff",
                                                display_name=f"销售{i + 1:02d}",
                                                team_id=team.id)
                    user_ids.append(user.id)
    finally:
        db.close()

    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN")
        ids = [r[0] for r in conn.execute("SELECT id FROM customers ORDER BY id")]
        rng.shuffle(ids)
        # exact shares: the first n of a shuffled list go to the first person, and so on
        owners: list[tuple[int, int]] = []
        start = 0
        for i, user_id in enumerate(user_ids):
            n = round(len(ids) * shares[i] / 100)
            if i == len(user_ids) - 1:
                n = len(ids) - start
            owners.extend((user_id, cid) for cid in ids[start : start + n])
            start += n
        owners.sort(key=lambda o: o[1])
        conn.executemany("UPDATE customers SET owner_id = ?, created_by_id = ?, "
                         "updated_by_id = ? WHERE id = ?",
                         [(u, u, u, c) for u, c in owners])
        follow = "(SELECT owner_id FROM customers c WHERE c.id = {t}.customer_id)"
        for table, column in (("interactions", "user_id"), ("tasks", "assignee_id"),
                              ("tickets", "assignee_id"), ("opportunities", "owner_id"),
                              ("orders", "owner_id")):
            conn.execute(f"UPDATE {table} SET {column} = {follow.format(t=table)} "
                         f"WHERE customer_id IS NOT NULL")
        conn.execute("COMMIT")
    finally:
        conn.close()
    _refresh_search_owners(path)
    print(f"  (staffed {path.name}: {TEAMS} teams, {len(user_ids)} staff, "
          f"{time.perf_counter() - started:.1f} s)", flush=True)


def _refresh_search_owners(path: Path) -> None:
    """Bring the search index's visibility in step with the new owners."""
    from crmdesk.core import search
    from crmdesk.storage.database import open_database

    refill = getattr(search, "reindex_stored", None)
    if refill is None:  # an older crmdesk without owners in the index
        return
    db = open_database(path)
    try:
        with db.transaction() as s:
            refill(s)
    finally:
        db.close()


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
