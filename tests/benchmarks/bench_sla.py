"""The service levels lists (breached and at-risk tickets) for every role, with late
tickets in the file (issue 12: fast for the people who use it most).

The demo gives its tickets no service-level clocks, so this benchmark keeps a copy of
the team bench file (:mod:`tests.benchmarks.team`) whose tickets got theirs from
``service_levels.check`` (as ``crmdesk sla check`` does for a file from before service
levels): at a million customers about 87,000 tickets are past their first-response
target, most of them long ago.  Each list is what the window's service levels screen
and ``crmdesk sla list`` show: up to 1,000 tickets per target, each with its working
minutes over.  Baseline: raw SQLite reading the same clocks' columns for the same
state, in due order, for everyone (no visibility, no working time), median of five.
Target: within 1 s (it is read off the GUI thread; the screen says "Reading ..." until
it arrives).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from pathlib import Path

from tests.benchmarks import BenchContext, Result, check_free_disk, size_label

ROLES = ("admin", "mgr1", "s11", "s01")
TARGET_S = 1.0
RUNS = 5


def run(ctx: BenchContext) -> list[Result]:
    results: list[Result] = []
    for n in ctx.sizes(1_000_000):
        results += _measure(_with_clocks(ctx, n), size_label(n))
    return results


def _with_clocks(ctx: BenchContext, n: int) -> Path:
    """The team file of *n* customers with the tickets' clocks, made once and kept."""
    from crmdesk.core.services import accounts, service_levels
    from crmdesk.storage.database import open_database

    path = ctx.workdir / f"demo-{n}-team-sla.crmdb"
    if path.exists():
        return path
    team = ctx.team_file(n)
    check_free_disk(ctx.workdir, n)  # a copy of it
    tmp = path.with_suffix(".tmp.crmdb")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(team, tmp)
    started = time.perf_counter()
    db = open_database(tmp)
    try:
        with db.login_transaction() as s:
            admin = accounts.login(s, "admin", "demo1234")
        with db.transaction() as s:
            service_levels.check(s, admin)
    finally:
        db.close()
    print(f"  (gave {path.name} its clocks in {time.perf_counter() - started:.1f} s)",
          flush=True)
    tmp.rename(path)
    return path


def _raw(path: Path, state: str) -> float:
    """Raw SQLite: the clocks of *state* now, in due order, both targets, no visibility."""
    from crmdesk.core.models import utcnow

    now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    times = []
    try:
        for _ in range(RUNS):
            started = time.perf_counter()
            for done, due, risk in (("first_responded_at", "response_due_at",
                                     "response_risk_at"),
                                    ("resolved_at", "resolution_due_at", "resolution_risk_at")):
                where = (f"{due} <= ? AND (paused_at IS NULL OR {due} <= paused_at)"
                         if state == "breached" else
                         f"{risk} <= ? AND {due} > ? AND paused_at IS NULL")
                args = (now,) if state == "breached" else (now, now)
                conn.execute(f"SELECT ticket_id, {due}, paused_at FROM ticket_slas "
                             f"WHERE {done} IS NULL AND {where} ORDER BY {due} LIMIT 1000",
                             args).fetchall()
            times.append(time.perf_counter() - started)
    finally:
        conn.close()
    return statistics.median(times)


def _measure(path: Path, size: str) -> list[Result]:
    from crmdesk.core.services import accounts, service_levels
    from crmdesk.storage.database import open_database

    raw = {state: _raw(path, state) for state in ("breached", "at_risk")}
    results = [Result(f"{size} baseline: raw SQLite, {state.replace('_', '-')} clocks "
                      "for everyone", seconds) for state, seconds in raw.items()]
    db = open_database(path, read_only=True)
    try:
        for username in ROLES:
            with db.login_transaction() as s:
                actor = accounts.login(s, username, "demo1234")
            for state in ("breached", "at_risk"):
                times, rows = [], 0
                for _ in range(RUNS):
                    with db.session() as s:
                        started = time.perf_counter()
                        rows = len(service_levels.tickets_in_state(s, actor, state))
                        times.append(time.perf_counter() - started)
                value = statistics.median(times)
                results.append(Result(
                    f"{size} service levels: {state.replace('_', '-')} ({username})", value,
                    target=TARGET_S,
                    note=f"{rows} rows, {value / raw[state]:.0f}x the raw read, "
                         f"median of {RUNS}"))
    finally:
        db.close()
    return results
