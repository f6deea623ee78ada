"""Building demo data: ``crmdesk demo`` with a million customers (target ≤ 60 s).

Beside it, the raw baseline measured in the same run: ``executemany`` of the
very rows the build wrote (every table it fills, search documents included)
into bare tables of a new file (no indexes, no constraints), and the same
texts into the two full-text tables (intrinsic to a searchable file), in one
transaction; making the rows (Python) and building the indexes are not in it.  The note gives the build's stages (generating and
writing the rows, building the indexes) and how loaded the machine was.

The demo file is built afresh (it is not one of the kept bench files) and
removed afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from tests.benchmarks import BenchContext, Result

TABLES = ("customers", "custom_field_values", "search_docs", "contacts", "interactions",
          "opportunities", "orders", "order_lines", "tickets", "ticket_events", "tasks",
          "campaign_members")
CHUNK = 50_000


def run(ctx: BenchContext) -> list[Result]:
    from crmdesk.core.demo import build_demo
    from crmdesk.storage.database import remove_database_files

    size = ctx.scale(1_000_000)
    path = ctx.workdir / f"demo-build-{size}.crmdb"
    bare = ctx.workdir / f"demo-build-{size}-bare.sqlite"
    remove_database_files(path)
    bare.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.perf_counter() - started)

    try:
        result = build_demo(path, customers=size, progress=progress)
        built = result.seconds
        rows, raw = raw_baseline(path, bare)
    finally:
        remove_database_files(path)
        bare.unlink(missing_ok=True)
    loading = stages.get("indexes", built)
    note = (f"{rows / 1e6:.1f} M rows; rows {loading:.0f} s, indexes and audit "
            f"{built - loading:.0f} s; load average {load_before:.1f} on "
            f"{os.cpu_count()} cores")
    label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
    return [
        Result(f"demo build ({label} customers)", built, "s", target=60.0 * size / 1_000_000,
               note=note),
        Result(f"demo build ({label}) vs raw executemany", built, "s",
               baseline_name="executemany + full-text, bare tables", baseline=raw),
    ]


def raw_baseline(source: Path, target: Path) -> tuple[int, float]:
    """Rows and seconds of ``executemany`` of *source*'s bulk tables into bare tables,
    and of filling the full-text index with the same texts."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    total = 0
    spent = 0.0
    try:
        dst.execute("PRAGMA journal_mode=WAL")
        for table in TABLES:
            columns = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            dst.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        dst.execute("BEGIN")
        for table in TABLES:
            marks = ", ".join("?" for _ in src.execute(f"PRAGMA table_info({table})"))
            cursor = src.execute(f"SELECT * FROM {table} ORDER BY rowid")
            while chunk := cursor.fetchmany(CHUNK):
                started = time.perf_counter()
                dst.executemany(f"INSERT INTO {table} VALUES ({marks})", chunk)
                spent += time.perf_counter() - started
                total += len(chunk)
        # the full-text index of the same documents, as the application fills it
        from crmdesk.core.search import stored_index_texts
        from crmdesk.storage.backends import sqlite_short_text, sqlite_trigram_text

        dst.execute("CREATE VIRTUAL TABLE search_tri USING fts5(body, tokenize='trigram', "
                    "detail='none', content='')")
        dst.execute("CREATE VIRTUAL TABLE search_short USING fts5(body, tokenize='unicode61', "
                    "detail='none', content='', prefix='1 2')")
        cursor = src.execute("SELECT id, body, keys, owner_id, kind, personal_id "
                             "FROM search_docs ORDER BY id")
        while chunk := cursor.fetchmany(CHUNK):
            texts = [(r[0], *stored_index_texts(r[1], r[2]), r[3], r[4], r[5]) for r in chunk]
            tri = [(t[0], sqlite_trigram_text(t[1], t[3], t[4], t[5])) for t in texts]
            short = [(t[0], sqlite_short_text(t[2], t[3], t[4], t[5])) for t in texts]
            started = time.perf_counter()
            dst.executemany("INSERT INTO search_tri(rowid, body) VALUES (?, ?)", tri)
            dst.executemany("INSERT INTO search_short(rowid, body) VALUES (?, ?)", short)
            spent += time.perf_counter() - started
        started = time.perf_counter()
        dst.execute("COMMIT")
        spent += time.perf_counter() - started
    finally:
        src.close()
        dst.close()
    return total, spent
