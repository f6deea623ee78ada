"""Backup of a 1,000,000-customer file, beside a raw ``sqlite3 .backup`` of the same file.

The crmdesk backup runs as the GUI runs it: in a ``QThread`` under a
``QApplication`` (offscreen), while a ``QTimer`` firing every 10 ms shows its progress (as a progress dialog
would) and measures how late the event loop answers (the largest gap between
two ticks).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from crmdesk.jobs import Job
from tests.benchmarks import BenchContext, Result, timed

TICK_MS = 10
REPEATS = 3


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):  # pragma: no cover - Windows
        return float("nan")


def _median(runs: list[Any]) -> Any:
    """The run with the median wall time (the first field)."""
    return sorted(runs, key=lambda r: r[0])[len(runs) // 2]


def _cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return time.process_time()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _raw_backup(source: Path, dest: Path) -> tuple[float, str]:
    """The baseline: the sqlite3 shell's .backup (Python's backup API without it)."""
    dest.unlink(missing_ok=True)
    shell = shutil.which("sqlite3")
    if shell:
        seconds, _ = timed(lambda: subprocess.run([shell, str(source), f".backup {dest}"],
                                                  check=True))
        return seconds, "sqlite3 .backup"

    def api() -> None:
        src, out = sqlite3.connect(source), sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
            src.close()

    seconds, _ = timed(api)
    return seconds, "sqlite3 backup API"


def _raw_integrity_check(path: Path) -> float:
    def check() -> None:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check(5)").fetchone()[0] == "ok"
        finally:
            conn.close()

    return timed(check)[0]


def _in_qthread(work: Any) -> tuple[float, float, Any, int]:
    """Run *work(job)* in a QThread; returns (seconds, longest event-loop gap in ms,
    result, progress updates shown).

    Progress goes through a lock-protected holder that a QTimer in the GUI
    thread polls (as a progress dialog would), not through a signal emitted by
    the worker: PySide6 6.12 on Python 3.11 loses a reference to ``True`` on
    every cross-thread emit and aborts after a few hundred of them.
    """
    from PySide6.QtCore import QEventLoop, QThread, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    assert app is not None

    class Worker(QThread):
        def __init__(self) -> None:
            super().__init__()
            self.lock = threading.Lock()
            self.latest: tuple[str, int, int] | None = None
            self.result: Any = None
            self.error: BaseException | None = None

        def progress(self, stage: str, done: int, total: int | None) -> None:
            with self.lock:
                self.latest = (stage, done, total or 0)

        def run(self) -> None:
            try:
                self.result = work(Job(self.progress))
            except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread
                self.error = exc

    shown = [0]
    gaps = [0.0]
    last = [time.perf_counter()]
    worker = Worker()
    seen: list[tuple[str, int, int] | None] = [None]

    def tick() -> None:
        now = time.perf_counter()
        gaps[0] = max(gaps[0], (now - last[0]) * 1000)
        last[0] = now
        with worker.lock:
            latest = worker.latest
        if latest != seen[0]:
            seen[0] = latest
            shown[0] += 1

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    timer.start()
    started = time.perf_counter()
    last[0] = started
    worker.start()
    loop.exec()
    seconds = time.perf_counter() - started
    timer.stop()
    worker.wait()
    if worker.error is not None:
        raise worker.error
    return seconds, gaps[0], worker.result, shown[0]


def run(ctx: BenchContext) -> list[Result]:
    results: list[Result] = []
    for n in ctx.sizes(1_000_000):
        results += run_size(ctx, n) if n <= 1_000_000 else run_large(ctx, n)
    return results


def run_large(ctx: BenchContext, n: int) -> list[Result]:
    """Beyond a million (issue 12, item 5): one backup with its read-back check beside
    one raw backup, the verify beside a raw integrity check, progress shown all the
    way, and a cancel a tenth of the way in that leaves nothing behind.  No restore: a
    second copy of a ten-million file would not fit the disk beside the first.

    The free disk is checked first: when the backup and its verify do not fit, one
    line says what they need and what is free, and only the cancel is measured (it
    writes a tenth of a backup at most)."""
    from crmdesk.core.services import backups as backup
    from crmdesk.storage.database import open_database
    from tests.benchmarks import size_label

    source = ctx.team_file(n)
    out = ctx.workdir / "backup-bench"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    db_size = source.stat().st_size
    label = f"{size_label(n)} customers"
    short = large_backup_short_of_disk(source, out)
    results: list[Result] = []
    db = open_database(source, read_only=True)
    try:
        if short is not None:
            print(f"  (skipped the {label} backup and verify: {short})", flush=True)
            results.append(Result(f"backup and verify {label}: skipped", float("nan"), "s",
                                  note=short))
        else:
            raw_seconds, raw_name = _raw_backup(source, out / "raw.crmdb")
            (out / "raw.crmdb").unlink()
            seconds, gap_ms, info, signals = _in_qthread(
                lambda job: backup.create_backup(
                    db, None, folder=out / "checked", verify=True, rotate=False,
                    scheduled=True, reason="manual", job=job))
            assert info.verified
            results.append(Result(
                f"backup {label} with its read-back check", seconds, "s", raw_name,
                raw_seconds, target=3, note=f"{backup.size_text(info.size)} from "
                f"{backup.size_text(db_size)}; {signals} progress updates shown; event "
                f"loop gap {gap_ms:.0f} ms"))
        free = shutil.disk_usage(out).free
        cancel_need = int(db_size * CANCEL_SHARE) + SPARE_BYTES
        if free >= cancel_need:
            results.append(_cancel_figure(db, out / "cancelled", label))
        else:
            note = (f"cancelling a backup a tenth of the way in needs about "
                    f"{cancel_need / 1e9:.0f} GB free in {out}; there are {free / 1e9:.0f} GB")
            print(f"  (skipped the {label} backup cancel: {note})", flush=True)
            results.append(Result(f"backup {label}: cancel skipped", float("nan"), "s",
                                  note=note))
    finally:
        db.close()
    if short is None:
        raw_check = _raw_integrity_check(source)
        verify_seconds, verify_gap_ms, _, verify_signals = _in_qthread(
            lambda job: backup.verify_backup(info.path, job=job))
        results.append(Result(
            f"verify backup {label}", verify_seconds, "s", "raw PRAGMA integrity_check",
            raw_check, note=f"{verify_signals} progress updates; event loop gap "
                            f"{verify_gap_ms:.0f} ms"))
    shutil.rmtree(out, ignore_errors=True)
    return results


def _cancel_figure(db: Any, folder: Path, label: str) -> Result:
    """Cancel a backup once a tenth is done: how long until the work stops, and what
    is left behind in its folder (nothing, when it works)."""
    from crmdesk.core.services import backups as backup
    from crmdesk.jobs import Cancelled

    cancel_at: list[float] = []

    def cancelling(job: Job) -> Any:
        inner = Job(lambda stage, done, total: (
            job.report(stage, done, total),
            total and done > total / 10 and not cancel_at
            and (cancel_at.append(time.perf_counter()), inner.cancel())))
        try:
            return backup.create_backup(db, None, folder=folder, verify=True,
                                        rotate=False, scheduled=True, reason="manual",
                                        job=inner)
        except Cancelled:
            return time.perf_counter()

    _, _, stopped, signals = _in_qthread(cancelling)
    left_behind = [p.name for p in folder.glob("*")] if folder.exists() else []
    name = f"backup {label}: cancel at 10 % until stopped"
    if cancel_at and isinstance(stopped, float):
        return Result(name, stopped - cancel_at[0] if not left_behind else float("inf"),
                      "s", target=2.0, note=f"{signals} progress updates shown; files left "
                      "behind: " + (", ".join(left_behind) or "none"))
    return Result(name, float("inf"), "s", target=2.0, note="the cancel was not honoured")


#: a backup file is at most this share of its database (zstd on SQLite pages: 0.42 of
#: the million-customer team file, whose encrypted fields and search index compress
#: less than plain rows; the margin covers a file of less compressible data)
BACKUP_SHARE = 0.45
#: a cancel a tenth of the way in writes at most this share of the file (a tenth of a
#: work copy, or of the backup; with room to spare)
CANCEL_SHARE = 0.15
#: what the file system needs left over besides (the write-ahead log, other programs)
SPARE_BYTES = 2 * 10**9


def large_backup_disk_need(db_size: int) -> tuple[int, int]:
    """Bytes the large backup benchmark holds at most at once: (in the backup folder,
    in the temporary folder).  One phase at a time: the raw ``.backup`` is a whole copy,
    removed before the crmdesk backup starts; the crmdesk backup may need a whole work
    copy of the file beside its own (when the file cannot be read in place, see
    backup_snapshot), removed when the backup is written; then the verify unpacks a
    whole copy into the temporary folder beside the backup."""
    backup = int(db_size * BACKUP_SHARE)
    # the backup beside the work copy; later the verify's copy (the work copy is gone)
    return backup + db_size, db_size


def large_backup_short_of_disk(source: Path, out: Path) -> str | None:
    """None when the disk holds what :func:`run_large` writes; else one line saying what
    it needs and what is free (the benchmark then skips those figures)."""
    import tempfile

    db_size = source.stat().st_size
    in_folder, in_temp = large_backup_disk_need(db_size)
    temp = Path(tempfile.gettempdir())
    same_disk = os.stat(out).st_dev == os.stat(temp).st_dev
    # on one disk the verify's copy takes the place the work copy left (both db_size)
    needs = ([(out, in_folder + SPARE_BYTES)] if same_disk else
             [(out, in_folder + SPARE_BYTES), (temp, in_temp + SPARE_BYTES)])
    for folder, need in needs:
        free = shutil.disk_usage(folder).free
        if free < need:
            return (f"backing up and verifying the {db_size / 1e9:.1f} GB file "
                    f"{source.name} needs about {need / 1e9:.0f} GB free in {folder}"
                    f"{'' if not same_disk else ' (backup folder and temporary folder)'}; "
                    f"there are {free / 1e9:.0f} GB. Free some space or choose smaller "
                    f"CRMDESK_BENCH_SIZES.")
    return None


def run_size(ctx: BenchContext, n: int) -> list[Result]:
    from crmdesk.core.services import backups as backup
    from crmdesk.storage.database import open_database

    source = ctx.demo_file(n, related=False)
    out = ctx.workdir / "backup-bench"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    db_size = source.stat().st_size
    with source.open("rb") as fh:  # the same warm page cache for both
        while fh.read(16 << 20):
            pass

    # The cached demo file stays untouched: a read-only window may back up too.
    db = open_database(source, read_only=True)
    try:
        # Median of three, alternating with the raw baseline, so that a burst of load on
        # the machine (2 cores, shared) does not decide the ratio.
        raw_runs, runs, checked_runs = [], [], []
        load_before = _load()
        for _ in range(REPEATS):
            cpu = _cpu_seconds()
            raw_seconds, raw_name = _raw_backup(source, out / "raw.crmdb")
            raw_runs.append((raw_seconds, _cpu_seconds() - cpu))
            (out / "raw.crmdb").unlink()
            cpu = _cpu_seconds()
            seconds, gap_ms, info, signals = _in_qthread(
                lambda job: backup.create_backup(
                    db, None, folder=out / "plain", verify=False, rotate=False, scheduled=True,
                    reason="manual", job=job))
            runs.append((seconds, gap_ms, info, signals, _cpu_seconds() - cpu))
            cpu = _cpu_seconds()
            checked_seconds, checked_gap, checked, _ = _in_qthread(
                lambda job: backup.create_backup(
                    db, None, folder=out / "checked", verify=True, rotate=False,
                    scheduled=True, reason="manual", job=job))
            assert checked.verified
            checked_runs.append((checked_seconds, checked_gap, checked, _cpu_seconds() - cpu))
            checked.path.unlink()
        load_after = _load()
        raw_seconds, raw_cpu = _median(raw_runs)
        seconds, _, info, signals, backup_cpu = _median(runs)
        checked_seconds, _, _, checked_cpu = _median(checked_runs)
        for run_ in runs:
            if run_[2].path != info.path:
                run_[2].path.unlink()
        gap_ms = max(r[1] for r in runs + checked_runs)
        enc_seconds, enc_gap_ms, enc_info, _ = _in_qthread(
            lambda job: backup.create_backup(db, None, folder=out / "enc", verify=False,
                                                  rotate=False, scheduled=True,
                                                  reason="manual", password="bench-密码-2024",
                                                  job=job))
    finally:
        db.close()
    (out / "enc").joinpath(enc_info.path.name).unlink()

    raw_check = _raw_integrity_check(source)
    verify_seconds, verify_gap_ms, _, _ = _in_qthread(
        lambda job: backup.verify_backup(info.path, job=job))

    target = out / "restored.crmdb"
    restore_seconds, _ = timed(lambda: backup.restore_backup(info.path, target, job=Job()))
    copy_seconds, _ = timed(lambda: shutil.copyfile(source, out / "copy.crmdb"))
    assert target.stat().st_size == db_size
    shutil.rmtree(out, ignore_errors=True)

    label = f"{n:,} customers"
    load = f"load average {load_before:.1f} before, {load_after:.1f} after"
    return [
        Result(f"backup {label} (zstd, manifest, SHA-256; QThread; median of {REPEATS})",
               seconds, "s", raw_name, raw_seconds, target=1.5,
               note=f"{backup.size_text(info.size)} from {backup.size_text(db_size)}, "
                    f"{signals} progress updates shown; {load}"),
        Result(f"backup {label} with its read-back check (crmdesk backup; median of "
               f"{REPEATS})", checked_seconds, "s", raw_name, raw_seconds, target=3,
               note=f"CPU {checked_cpu:.1f} s; {load}"),
        Result("event loop: longest gap during the backups", gap_ms, "ms", target=100,
               note=f"QTimer every {TICK_MS} ms"),
        Result("CPU time of that backup (all threads)", backup_cpu, "s",
               f"CPU time of the {raw_name}", raw_cpu,
               note="the backup is CPU-bound (copy, zstd, SHA-256); the wall-time ratio "
                    "depends on free cores"),
        Result(f"encrypted backup {label} (AES-GCM chunks)", enc_seconds, "s", raw_name,
               raw_seconds, note=f"event loop gap {enc_gap_ms:.0f} ms"),
        Result(f"verify backup {label} (unpack + integrity_check)", verify_seconds, "s",
               "raw PRAGMA integrity_check", raw_check,
               note=f"event loop gap {verify_gap_ms:.0f} ms"),
        Result(f"restore {label} to a new file (verify + swap)", restore_seconds, "s",
               "plain file copy", copy_seconds),
    ]
