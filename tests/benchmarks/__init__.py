"""Benchmarks: run with `make bench` (not part of `make test`).

Each ``bench_*.py`` module defines ``run(ctx: BenchContext) -> list[Result]``.
``CRMDESK_BENCH_SIZES`` (e.g. ``1M,10M``) picks the sizes the workspace, roles and
backup benchmarks run at (default: one million customers); files are built once
under ``build/bench/`` and kept.
A result compares what crmdesk does with a raw baseline measured in the same
run (raw SQLite, the fastest spreadsheet reader/writer ...) and reports the
ratio and whether it meets the target.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "build" / "bench"


@dataclass
class Result:
    name: str
    value: float
    unit: str = "s"
    baseline_name: str | None = None
    baseline: float | None = None
    #: maximum acceptable ratio value/baseline, or (when no baseline) absolute value
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        measure = self.ratio if self.baseline is not None else self.value
        return measure is not None and measure <= self.target


@dataclass
class BenchContext:
    workdir: Path
    quick: bool  # CRMDESK_BENCH_QUICK=1: smaller sizes, for trying the benchmarks out

    def scale(self, full: int) -> int:
        return max(1000, full // 20) if self.quick else full

    def sizes(self, default: int) -> list[int]:
        """The sizes to measure at: ``CRMDESK_BENCH_SIZES`` ("1M,10M", "200k",
        "1000000"), else *default*; each scaled down in a quick run."""
        text = os.environ.get("CRMDESK_BENCH_SIZES", "").strip()
        chosen = [parse_size(t) for t in text.split(",") if t.strip()] if text else [default]
        return [self.scale(n) for n in chosen]

    def demo_file(self, customers: int, *, related: bool = True) -> Path:
        """A demo database of this size, built once and reused between runs."""
        from crmdesk.core.demo import build_demo

        name = f"demo-{customers}{'' if related else '-lite'}.crmdb"
        path = self.workdir / name
        if not path.exists():
            tmp = path.with_suffix(".tmp.crmdb")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
            started = time.perf_counter()
            build_demo(tmp, customers=customers, related=related)
            print(f"  (built {name} in {time.perf_counter() - started:.1f} s)", flush=True)
            tmp.rename(path)
        return brought_up_to_date(path)

    def team_file(self, customers: int) -> Path:
        """A demo database with related records and a realistic sales organisation
        (see :mod:`tests.benchmarks.team`), built once and reused between runs."""
        from crmdesk.core.demo import build_demo
        from tests.benchmarks.team import staffing

        path = self.workdir / f"demo-{customers}-team.crmdb"
        if not path.exists():
            check_free_disk(self.workdir, customers)
            tmp = path.with_suffix(".tmp.crmdb")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
            started = time.perf_counter()
            build_demo(tmp, customers=customers, related=True, staffing=staffing)
            print(f"  (built {tmp.name} in {time.perf_counter() - started:.1f} s)", flush=True)
            tmp.rename(path)
        return brought_up_to_date(path)


def brought_up_to_date(path: Path) -> Path:
    """A bench file built by an older version is upgraded once, as the window would
    upgrade it, so a benchmark that opens it read-only does not fail; without the copy
    the window keeps before an upgrade (the file can always be built again, and at ten
    million customers the copy needs 27.5 GB more disk)."""
    from crmdesk.storage import migrations
    from crmdesk.storage.database import check_file, open_database

    if check_file(path) == migrations.head_revision():
        return path
    started = time.perf_counter()
    open_database(path, upgrade_copy=False).close()
    print(f"  (upgraded {path.name} in {time.perf_counter() - started:.1f} s)", flush=True)
    return path


#: bytes a team bench file takes per customer (2.75 GB at a million), with room for
#: the write-ahead log while it is built
BYTES_PER_CUSTOMER = 3300


class NotEnoughDisk(RuntimeError):
    """The disk cannot hold a bench file of the size asked for."""


def check_free_disk(folder: Path, customers: int) -> None:
    import shutil

    need = customers * BYTES_PER_CUSTOMER
    free = shutil.disk_usage(folder).free
    if free < need:
        raise NotEnoughDisk(
            f"a {size_label(customers)}-customer bench file needs about {need / 1e9:.0f} GB "
            f"free in {folder}; there are {free / 1e9:.0f} GB. Free some space (old "
            f"build/bench files) or choose smaller CRMDESK_BENCH_SIZES.")


def parse_size(text: str) -> int:
    """"10M" -> 10,000,000; "200k" -> 200,000; "5000" -> 5,000."""
    t = text.strip().lower().replace("_", "").replace(",", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if factor > 1 else t) * factor)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    started = time.perf_counter()
    yield lambda: time.perf_counter() - started


def context() -> BenchContext:
    WORK.mkdir(parents=True, exist_ok=True)
    return BenchContext(WORK, os.environ.get("CRMDESK_BENCH_QUICK") == "1")
