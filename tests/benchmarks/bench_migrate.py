"""A million customers move to a server in minutes (issue 18, item 1).

With ``CRMDESK_BENCH_PG_URL`` (an empty PostgreSQL database the role may fill):

* ``crmdesk migrate`` of the team bench file (see :mod:`tests.benchmarks.team`) into
  it, timed from the command line as a user runs it (``-v``: its progress is checked,
  and its last line must say the row counts match and the audit chain verified);
* the raw baseline, same data on the same server: ``pg_dump -Fc`` of what migrate
  wrote, then ``pg_restore`` (one job, as migrate is one connection) into a second
  empty database: ``CRMDESK_BENCH_PG_RESTORE_URL``, else ``<database>_restore``
  created for the run (and dropped after) when the role may create databases;
* with ``CRMDESK_BENCH_MIGRATE_BACK=1`` also the way back, server -> a new file.

The server database is left filled: the roles benchmark (``bench_roles``) measures
it as it is rather than copying the file again.  Without a URL: skipped, said so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks import BenchContext, Result, size_label

#: migrate may take at most this many times pg_restore of the same data
TARGET_RATIO = 3.0


def run(ctx: BenchContext) -> list[Result]:
    url = os.environ.get("CRMDESK_BENCH_PG_URL")
    if not url:
        print("   (skipped: set CRMDESK_BENCH_PG_URL to an empty PostgreSQL database, e.g. "
              "postgresql+psycopg://user:password@localhost/crmdesk_bench)", flush=True)
        return []
    results: list[Result] = []
    for size in ctx.sizes(1_000_000):
        path = ctx.team_file(size)
        held = _customers(url)
        if held:
            print(f"   (skipped at {size_label(size)}: {_shown(url)} already holds {held:,} "
                  f"customers; migrate needs an empty database)", flush=True)
            continue
        results += _measure(ctx, path, size, url)
    return results


def _measure(ctx: BenchContext, path: Path, size: int, url: str) -> list[Result]:
    label = size_label(size)
    load = os.getloadavg()
    took, progress = _migrate(str(path), url)
    print(f"   migrate {path.name} -> server: {took:.1f} s; progress: "
          f"{', '.join(progress[:3])} ... {', '.join(progress[-3:])}", flush=True)
    results = [Result(f"migrate file -> server @{label}", took, "s",
                      note=f"load {load[0]:.1f}")]
    restore_url, created = _restore_target(url)
    if restore_url is None:
        print("   (no pg_restore baseline: set CRMDESK_BENCH_PG_RESTORE_URL to a second empty "
              "database, or let the role create databases)", flush=True)
    else:
        dump = ctx.workdir / f"migrate-{label}.dump"
        try:
            dumped = _timed_run(["pg_dump", "-Fc", "-f", str(dump), *_libpq(url)], url)
            restored = _timed_run(["pg_restore", "--no-owner", "--exit-on-error",
                                   *_libpq(restore_url)[:-1],
                                   "-d", _libpq(restore_url)[-1], str(dump)], restore_url)
        finally:
            dump.unlink(missing_ok=True)
            if created:
                _drop_database(url, restore_url)
        results[0] = Result(f"migrate file -> server @{label}", took, "s",
                            "pg_restore of the same data", restored, TARGET_RATIO,
                            note=f"pg_dump -Fc took {dumped:.1f} s; load {load[0]:.1f} "
                                 f"-> {os.getloadavg()[0]:.1f}")
    if os.environ.get("CRMDESK_BENCH_MIGRATE_BACK") == "1":
        back = ctx.workdir / f"migrate-back-{label}.crmdb"
        back.unlink(missing_ok=True)
        try:
            took_back, _progress = _migrate(url, str(back))
        finally:
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(f"{back}{suffix}").unlink(missing_ok=True)
        results.append(Result(f"migrate server -> file @{label}", took_back, "s",
                              "file -> server", took, None))
    return results


def _migrate(source: str, target: str) -> tuple[float, list[str]]:
    """``crmdesk -v migrate SOURCE TARGET --user admin``: seconds and progress lines."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crmdesk", "--lang", "en", "-v", "migrate",
                           source, target, "--user", "admin"],
                          capture_output=True, text=True,
                          env={**os.environ, "CRMDESK_PASSWORD": "demo1234"})
    took = time.perf_counter() - started
    if done.returncode != 0 or "audit chain verified" not in done.stdout:
        raise RuntimeError(f"migrate failed ({done.returncode}): {done.stdout}{done.stderr}")
    progress = [line for line in done.stderr.splitlines() if line.strip()]
    if not any(line.startswith("Copying the database: 100%") for line in progress):
        raise RuntimeError(f"migrate showed no progress: {done.stderr}")
    return took, progress


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _customers(url: str) -> int:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("customers"):
                return 0
            return int(conn.execute(text("SELECT count(*) FROM customers")).scalar_one())
    finally:
        engine.dispose()


def _libpq(url: str) -> list[str]:
    """pg_dump/pg_restore options for a SQLAlchemy URL (the password: PGPASSWORD)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    args = ["-h", u.host or "localhost", "-p", str(u.port or 5432)]
    if u.username:
        args += ["-U", u.username]
    return [*args, u.database or ""]


def _timed_run(command: list[str], url: str) -> float:
    from sqlalchemy.engine import make_url

    password = make_url(url).password
    env = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env)
    return time.perf_counter() - started


def _restore_target(url: str) -> tuple[str | None, bool]:
    """An empty database for pg_restore: (its URL, whether this run created it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    given = os.environ.get("CRMDESK_BENCH_PG_RESTORE_URL")
    if given:
        if _customers(given):
            raise SystemExit(f"{_shown(given)} is not empty: pg_restore needs an empty database")
        return given, False
    u = make_url(url)
    name = f"{u.database}_restore"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except DBAPIError:
        return None, False
    finally:
        engine.dispose()
    return u.set(database=name).render_as_string(hide_password=False), True


def _drop_database(url: str, restore_url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(restore_url).database}"'))
    finally:
        engine.dispose()
