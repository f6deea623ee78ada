"""A designed record type at a million records performs like a built-in type.

A file with one administrator and an owner type ``visit`` (text fields, an indexed
text field and an indexed choice) holding N records (``CRMDESK_BENCH_SIZES``, default
one million), built once under ``build/bench/``.  Measured as the datasheet asks:

* first rows: the ids in display order and the first page of rows; target < 1 s;
* a filter on an indexed field (``visitor = ...``, ``level = ...`` with a limit):
  median of several values; target < 100 ms;

each beside raw SQLite running the same query shape.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crmdesk.core.paging import PAGE  # what the datasheet reads first
from tests.benchmarks import BenchContext, Result, size_label, timed

PASSWORD = "bench-password"
DEFINITION: dict[str, Any] = {
    "key": "visit", "name_zh": "来店登记", "name_en": "Showroom visit", "code_prefix": "V",
    "fields": [
        {"key": "visitor", "name_zh": "来访人", "kind": "text", "indexed": True},
        {"key": "model", "name_zh": "意向车型", "kind": "text"},
        {"key": "level", "name_zh": "意向级别", "kind": "choice",
         "choices": ["H", "A", "B", "C"], "indexed": True},
        {"key": "arrived", "name_zh": "到店时间", "kind": "datetime"}]}


def _build(path: Path, count: int) -> None:
    from sqlalchemy import insert

    from crmdesk.core.services import accounts
    from crmdesk.core.services import record_types as designer
    from crmdesk.core.services.registry import service_for
    from crmdesk.storage.database import create_database

    tmp = path.with_suffix(".tmp.crmdb")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    db = create_database(tmp)
    try:
        with db.transaction() as s:
            admin = accounts.create_first_admin(s, "admin", PASSWORD, "管理员")
            designer.create_type(s, admin, DEFINITION)
            table = service_for("visit").model.__table__
            now = datetime.now(UTC)
            for start in range(0, count, 50_000):
                s.execute(insert(table), [
                    {"code": f"V{i + 1:07d}", "owner_id": admin.user_id, "created_at": now,
                     "updated_at": now, "version": 1, "visitor": f"客人{i}",
                     "model": f"车型{i % 40}", "level": "HABC"[i % 4], "arrived": now}
                    for i in range(start, min(count, start + 50_000))])
    finally:
        db.close()
    tmp.rename(path)


def run(ctx: BenchContext) -> list[Result]:
    results: list[Result] = []
    for count in ctx.sizes(1_000_000):
        path = ctx.workdir / f"record-types-{count}.crmdb"
        if not path.exists():
            started = time.perf_counter()
            _build(path, count)
            print(f"  (built {path.name} in {time.perf_counter() - started:.1f} s)",
                  flush=True)
        results.extend(_measure(path, count))
    return results


def _measure(path: Path, count: int) -> list[Result]:
    from crmdesk.core.filters import Filter, ListQuery
    from crmdesk.core.record_types import activate
    from crmdesk.core.services import accounts
    from crmdesk.core.services.registry import service_for
    from crmdesk.storage.database import open_database

    results: list[Result] = []
    label = size_label(count)
    raw = sqlite3.connect(path)
    db = open_database(path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
        with db.session() as s:
            activate(s)
            service = service_for("visit")

            def first_rows() -> Any:
                ids = service.ids(s, admin)
                return service.rows(s, admin, ids[:PAGE])

            first, _ = timed(first_rows)
            first_raw, _ = timed(lambda: (raw.execute(
                "SELECT id FROM rt_visit WHERE deleted_at IS NULL ORDER BY id").fetchall(),
                raw.execute("SELECT * FROM rt_visit WHERE id <= ?", (PAGE,)).fetchall()))
            results.append(Result(f"visit {label}: first rows", first, "s", "raw SQLite",
                                  first_raw, note="target < 1 s"))
            results.append(Result(f"visit {label}: first rows (absolute)", first, "s",
                                  target=1.0))
            queries = [ListQuery(filters=[Filter("visitor", "eq", f"客人{n}")])
                       for n in (7, count // 3, count - 5)]
            filters = [timed(lambda q=q: service.ids(s, admin, q))[0] for q in queries]
            levels = [ListQuery(filters=[Filter("level", "eq", level)]) for level in "HC"]
            filters += [timed(lambda q=q: service.ids(s, admin, q, limit=PAGE))[0]
                        for q in levels]
            raw_filter, _ = timed(lambda: raw.execute(
                "SELECT id FROM rt_visit WHERE c_visitor = ? AND deleted_at IS NULL",
                (f"客人{count // 3}",)).fetchall())
            median = statistics.median(filters) * 1000
            results.append(Result(f"visit {label}: filter on an indexed field", median, "ms",
                                  "raw SQLite", raw_filter * 1000, note="target < 100 ms"))
            results.append(Result(f"visit {label}: filter (absolute)", median, "ms",
                                  target=100))
    finally:
        raw.close()
        db.close()
    return results
