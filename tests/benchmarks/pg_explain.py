"""EXPLAIN ANALYZE of what a search runs on a server (issue 18, item 3).

``python -m tests.benchmarks.pg_explain URL USER [--before] QUERY...`` logs in as USER
(password ``demo1234``, the bench files' users), runs ``search.search`` for each
query while recording its SQL, then prints, for each statement, the plan's
first lines and its execution time.  ``--before`` shows how it ran before migration
0018: ``body LIKE`` (which 0001's trigram index answers for 3+ characters, when
pg_trgm could be created; ``CRMDESK_EXPLAIN_NO_TRIGRAMS=1``: without it, the index
dropped inside the session's transaction, which is rolled back).  ``--p95 URL TEAM_FILE [--before]``: the
search p95 of each role of the roles benchmark.  Not part of ``make bench``.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from sqlalchemy import event


def _as_before(session: Any) -> None:
    """Search as before 0018: every document's body read (no index, no candidates cap)."""
    from crmdesk.storage.backends import PostgresBackend

    def match_clause(self: Any, query: str, short_query: str | None, owners: Any = None,
                     candidates: int | None = None) -> tuple[str, dict[str, Any]]:
        return self._match(query, None, owners, "search_docs")  # type: ignore[no-any-return]

    PostgresBackend.match_clause = match_clause  # type: ignore[method-assign]
    PostgresBackend.count_matches = lambda *a, **k: None  # type: ignore[method-assign]
    session.connection().exec_driver_sql("SET plan_cache_mode = auto")  # as before, too
    if os.environ.get("CRMDESK_EXPLAIN_NO_TRIGRAMS"):  # a server without pg_trgm
        session.connection().exec_driver_sql("DROP INDEX IF EXISTS ix_search_docs_body_trgm")


def explain(url: str, username: str, queries: list[str], *, lines: int = 6,
            before: bool = False) -> None:
    from crmdesk.core import search
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database

    db = open_database(url)
    with db.transaction() as s:
        actor = accounts.login(s, username, "demo1234")
    recorded: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any,
             _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "search_docs" in statement:
            recorded.append((statement, parameters))

    try:
        for q in queries:
            with db.session() as s:
                if before:
                    _as_before(s)
                search.search(s, actor, q)  # warm
                started = time.perf_counter()
                hits = search.search(s, actor, q)
                took = (time.perf_counter() - started) * 1000
                recorded.clear()
                event.listen(db.engine, "before_cursor_execute", note)
                try:
                    search.search(s, actor, q)
                finally:
                    event.remove(db.engine, "before_cursor_execute", note)
                print(f"== {username} {q!r}: {len(hits)} hits, search {took:.1f} ms")
                conn = s.connection()
                for statement, parameters in list(recorded):
                    plan = [r[0] for r in conn.exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)]
                    shown = plan[:1] + [p for p in plan[1:] if "Scan" in p][:lines]
                    total = next((p for p in plan if "Execution Time" in p), "")
                    print("   " + "\n   ".join(shown) + f"\n   -> {total.strip()}")
    finally:
        db.close()


def search_p95(url: str, team_file: str, *, before: bool = False) -> None:
    """Search p95 per role on a server holding the team file (the bench's 106 queries,
    median of three runs each), as it is or (*before*) as before migration 0018."""
    import random
    import sqlite3
    from pathlib import Path

    from crmdesk.core import search
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database
    from tests.benchmarks.bench_roles import median_time, p95, search_queries
    from tests.benchmarks.team import roles

    raw = sqlite3.connect(team_file)
    queries = [q for group in search_queries(raw, random.Random(7)).values() for q in group]
    raw.close()
    db = open_database(url)
    try:
        for role in roles(Path(team_file)):
            with db.transaction() as s:
                actor = accounts.login(s, role.username, "demo1234")
            with db.session() as s:
                if before:
                    _as_before(s)
                took = [median_time(lambda q=q: search.search(s, actor, q))  # noqa: B023
                        for q in queries]
            print(f"{role.label} {role.username} ({role.share:.1%}): search p95 "
                  f"{p95(took) * 1000:.1f} ms, median {sorted(took)[len(took) // 2] * 1000:.1f}"
                  f" ms over {len(took)} queries", flush=True)
    finally:
        db.close()


if __name__ == "__main__":
    if sys.argv[1] == "--p95":  # --p95 URL TEAM_FILE [--before]
        search_p95(sys.argv[2], sys.argv[3], before="--before" in sys.argv[4:])
        sys.exit(0)
    args = sys.argv[3:]
    explain(sys.argv[1], sys.argv[2], [a for a in args if a != "--before"],
            before="--before" in args)
