"""The workspace on a million customers: first rows, last row, memory, search latency.

Each figure stands beside the raw SQLite query for the same result, measured in
the same run.  Targets (issue 4): first rows < 1 s, search p95 < 50 ms, peak
memory < 400 MB.
"""

from __future__ import annotations

import gc
import os
import random
import sqlite3
import statistics
import threading
import time
from array import array
from pathlib import Path

from tests.benchmarks import BenchContext, Result

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class _PeakRss:
    """Samples the process's resident memory every 20 ms."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self) -> _PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _queries(path: Path, rng: random.Random) -> dict[str, list[str]]:
    """Realistic queries drawn from the file itself."""
    from crmdesk.core.search import pinyin_keys

    conn = sqlite3.connect(path)
    top = conn.execute("SELECT max(id) FROM customers").fetchone()[0] or 0
    if top > 1_000_000:
        # ten million: "ORDER BY random()" would read the whole table (GBs) three
        # times; customers at random ids instead (the pools the names come from are
        # the same everywhere in the file)
        picked = ", ".join(str(i) for i in rng.sample(range(1, top + 1), 4000))
        sample = f"id IN ({picked})"
    else:
        sample = "1 ORDER BY random()"
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM customers WHERE kind='individual' AND {sample} LIMIT 400")]
    companies = [r[0] for r in conn.execute(
        f"SELECT name FROM customers WHERE kind='company' AND {sample} LIMIT 100")]
    phones = [r[0][3:] for r in conn.execute(
        f"SELECT mobile FROM customers WHERE mobile IS NOT NULL AND {sample} LIMIT 100")]
    conn.close()
    one = sorted({n[0] for n in names})[:12] + [rng.choice(n[1:]) for n in names[:8] if len(n) > 1]
    two = [n[-2:] for n in names if len(n) >= 3][:12] + [c[:2] for c in companies[:8]]
    three = [n for n in names if len(n) >= 3][:12] + [c[2:6] for c in companies[:8]]
    pinyin = [pinyin_keys(n).split()[0] for n in names[:12]] + \
        [pinyin_keys(n).split()[1] for n in names[12:24] if len(pinyin_keys(n).split()) > 1]
    digits = [p[-4:] for p in phones[:10]] + phones[10:20]
    return {"1 char": one, "2 chars": two, "3+ chars": three, "pinyin": pinyin,
            "phone digits": digits}


def _raw_search(conn: sqlite3.Connection, query: str) -> int:
    """The same match on the FTS tables and the join, by hand in raw SQLite."""
    from crmdesk.core.search import plan
    from crmdesk.storage.backends import trigram_match_expression

    p = plan(query)
    assert p is not None
    if p.short is not None:
        table, expr = "search_short", p.short
    else:
        table, expr = "search_tri", trigram_match_expression(p.query)
    rows = conn.execute(
        f"SELECT d.id, d.title FROM search_docs d JOIN customers c ON c.id = d.customer_id "
        f"WHERE c.deleted_at IS NULL AND instr(d.body, ?) > 0 AND d.id IN "
        f"(SELECT rowid FROM {table} WHERE {table} MATCH ?) LIMIT 400", (p.query, expr))
    return len(rows.fetchall())


def run(ctx: BenchContext) -> list[Result]:
    """Build (or reuse) the file here, measure in a fresh process: the memory figure
    must not include what building a million customers left behind."""
    import json
    import subprocess
    import sys

    from tests.benchmarks import size_label

    results: list[Result] = []
    for size in ctx.sizes(1_000_000):
        # beyond a million, the team file (built for the roles benchmark) serves: a
        # second ten-million file would only differ in having no related records
        path = (ctx.demo_file(size, related=False) if size <= 1_000_000
                else ctx.team_file(size))
        out = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_workspace",
                              str(path), str(size)],
                             check=True, capture_output=True, text=True).stdout
        suffix = f" @{size_label(size)}" if size > 1_000_000 else ""
        for r in json.loads(out.strip().splitlines()[-1]):
            r["name"] += suffix
            if size > 1_000_000 and r["name"].startswith("search: p95 (absolute)"):
                r["target"] = 100  # issue 12, item 5: < 100 ms at ten million
            results.append(Result(**r))
    return results


def _window_while_loading(workspace: object, size: int) -> Result:
    """The longest the event loop waits while a shown datasheet reads its id list in
    the background (from its first paint to the last id), the window idle in exec()."""
    from PySide6.QtCore import QEventLoop, QTimer

    from crmdesk.ui.views.datasheet import DatasheetView

    view = DatasheetView(workspace, "customer")
    view.resize(1200, 800)
    view.show()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    view.model.count_changed.connect(lambda _n: view.model.loading or loop.quit())
    wait_s = max(120, size // 1_000_000 * 20)  # ten million ids: up to 200 s
    QTimer.singleShot(wait_s * 1000, loop.quit)
    if view.model.loading:
        loop.exec()
    timer.stop()
    loaded = not view.model.loading
    view.close()
    view.deleteLater()
    return Result("event loop: longest gap while a datasheet reads its ids",
                  max(gaps[1:], default=0.0) * 1000, "ms", target=100,  # [0]: the first paint
                  note=f"{size:,} customers, QTimer every 10 ms"
                       + ("" if loaded else f"; the ids did not arrive in {wait_s} s"))


def measure(path: Path, size: int) -> list[Result]:
    from crmdesk.core import search
    from crmdesk.core.fields import fields_of
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database
    from crmdesk.ui.app import create_application
    from crmdesk.ui.models.datasheet import PAGE, DatasheetModel
    from crmdesk.ui.workspace import Workspace

    results: list[Result] = []
    app = create_application(["bench"], language="zh_CN")
    db = open_database(path)
    with db.transaction() as s:
        actor = accounts.login(s, "admin", "demo1234")
    workspace = Workspace(db, actor)
    raw = sqlite3.connect(path)

    # -- first rows ---------------------------------------------------------------
    specs = [f for f in fields_of("customer") if not f.sensitive]
    started = time.perf_counter()
    model = DatasheetModel(workspace, "customer", specs)
    model.reload()
    first_cell = model.data(model.index(0, 1))
    first_rows = time.perf_counter() - started
    assert first_cell
    started = time.perf_counter()
    raw.execute("SELECT * FROM customers WHERE deleted_at IS NULL ORDER BY id DESC LIMIT ?",
                (PAGE,)).fetchall()
    raw_first = time.perf_counter() - started
    results.append(Result("datasheet: first rows visible", first_rows, "s",
                          "raw SQLite first page", raw_first, None,
                          note=f"target < 1 s; {size:,} customers"))
    results.append(Result("datasheet: first rows (absolute)", first_rows, "s", target=1.0))

    # -- the full id list, then the last row --------------------------------------------
    started = time.perf_counter()
    while model.loading:
        app.processEvents()
        time.sleep(0.005)
    all_ids = time.perf_counter() - started + first_rows
    started = time.perf_counter()
    last = model.rowCount() - 1
    last_cell = model.data(model.index(last, 1))
    jump = time.perf_counter() - started
    assert last_cell and model.rowCount() == size
    started = time.perf_counter()
    raw.execute("SELECT * FROM customers WHERE deleted_at IS NULL ORDER BY id DESC "
                "LIMIT ? OFFSET ?", (PAGE, size - PAGE)).fetchall()
    raw_last = time.perf_counter() - started
    results.append(Result("datasheet: all ids read (background)", all_ids, "s",
                          note="the view is usable meanwhile"))
    results.append(Result("datasheet: jump to the last row", jump, "s",
                          "raw SQLite last page (OFFSET)", raw_last, None))
    started = time.perf_counter()
    # into an array('q') as the model holds them: a list of ten million Python ints
    # (360 MB) would stay in this process's memory and spoil the figure below
    ids: array[int] = array("q")
    cursor = raw.execute("SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id DESC")
    while part := cursor.fetchmany(20_000):
        ids.extend(r[0] for r in part)
    raw_ids = time.perf_counter() - started
    results.append(Result("datasheet: all ids vs raw SQLite", all_ids, "s",
                          "raw SQLite id list", raw_ids, None))
    del ids

    # -- sorted by name ----------------------------------------------------------------------
    started = time.perf_counter()
    model.sort(specs.index(next(s for s in specs if s.key == "name")))
    model.data(model.index(0, 1))
    sorted_first = time.perf_counter() - started
    started = time.perf_counter()
    raw.execute("SELECT * FROM customers WHERE deleted_at IS NULL ORDER BY name, id LIMIT ?",
                (PAGE,)).fetchall()
    raw_sorted = time.perf_counter() - started
    results.append(Result("datasheet: sort by name, first rows", sorted_first, "s",
                          "raw SQLite sorted first page", raw_sorted, None))
    while model.loading:
        app.processEvents()
        time.sleep(0.005)

    # -- memory while scrolling end to end ------------------------------------------------------
    gc.collect()
    with _PeakRss() as rss:
        # every fifth page up to a million rows; beyond, 2,000 stops from end to end
        # (ten million rows: every 25th page, 2,000 fetches instead of 10,000 of 30-60
        # ms each; the rows held stay bounded either way, which is what this measures)
        step = max(PAGE * 5, model.rowCount() // 2000 // PAGE * PAGE)
        for row in range(0, model.rowCount(), step):
            model.data(model.index(row, 1))
        model.data(model.index(model.rowCount() - 1, 1))
    results.append(Result("datasheet: peak memory scrolling end to end",
                          rss.peak / 2**20, "MB", target=400,
                          note=f"page cache {len(model.pages)} pages, "
                               f"{model.fetches} pages fetched"))

    # -- the window while a datasheet reads all its ids -------------------------------------------
    results.append(_window_while_loading(workspace, size))

    # -- search latency ------------------------------------------------------------------------------
    rng = random.Random(7)
    groups = _queries(path, rng)
    ours: list[float] = []
    base: list[float] = []
    per_group: dict[str, list[float]] = {}
    with db.session() as s:
        for group, queries in groups.items():
            for q in queries:
                started = time.perf_counter()
                search.search(s, actor, q)
                took = time.perf_counter() - started
                started = time.perf_counter()
                _raw_search(raw, q)
                base.append(time.perf_counter() - started)
                ours.append(took)
                per_group.setdefault(group, []).append(took)

    def p95(values: list[float]) -> float:
        # "inclusive": between the measured values; the default ("exclusive") reaches past
        # the slowest of a few (four filters 32, 63, 80, 124 ms gave a "p95" of 157 ms)
        return (statistics.quantiles(values, n=20, method="inclusive")[-1]
                if len(values) >= 2 else values[0])

    results.append(Result(f"search: median over {len(ours)} queries",
                          statistics.median(ours) * 1000, "ms", "raw SQLite median",
                          statistics.median(base) * 1000, None))
    results.append(Result("search: 95th percentile", p95(ours) * 1000, "ms",
                          "raw SQLite p95", p95(base) * 1000, None))
    results.append(Result("search: p95 (absolute)", p95(ours) * 1000, "ms", target=50))
    for group, values in per_group.items():
        results.append(Result(f"search: {group} median / p95",
                              statistics.median(values) * 1000, "ms",
                              note=f"p95 {p95(values) * 1000:.1f} ms, {len(values)} queries"))
    raw.close()
    workspace.close()
    return results


if __name__ == "__main__":
    import dataclasses
    import json
    import sys

    found = measure(Path(sys.argv[1]), int(sys.argv[2]))
    print(json.dumps([dataclasses.asdict(r) for r in found]))
