"""Damaged .crmdb files: how many are refused at open, flagged by the check after
opening, or accepted, out of N (issue 19: "384 of 2,000 damaged files accepted").

Each case copies a demo file and damages it as disks, USB sticks and half-finished
copies do: a truncated tail, flipped bytes, whole pages of garbage or of zeros, a
damaged header.  Then it does what the program does: ``open_database`` (header and
schema checks), ``Database.quick_check`` (the background check after opening; the
command line's ``crmdesk info``), and a read of every table.  A case is

* **refused** when opening raises a clear error (DatabaseFileError);
* **flagged** when it opens but the check finds the damage (the file is then marked
  damaged: no write reaches it, the window offers the last good backup):
  ``quick_check`` (``crmdesk info``), else ``integrity_check`` (the window's check
  after opening, ``crmdesk info --full``);
* **accepted** when it opens and the check finds nothing.  For those the script
  runs ``PRAGMA integrity_check`` (the full check): an accepted file that fails it
  is a **miss**.  Damage the full check cannot see either (a changed byte inside a
  text value) is counted apart: no file format without per-page checksums sees it.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from crmdesk.errors import KnownError
from crmdesk.storage.database import open_database, remove_database_files

PAGE = 4096


def _source(folder: Path) -> Path:
    from crmdesk.core import demo

    path = folder / "source.crmdb"
    demo.build_demo(path, customers=3000, password="password1", seed=19)
    return path


def _damage(original: bytes, rnd: random.Random) -> tuple[str, bytes]:
    data = bytearray(original)
    kind = rnd.choice(["truncate", "flip", "garbage_pages", "zero_pages", "header"])
    pages = len(data) // PAGE
    if kind == "truncate":
        cut = rnd.randrange(1, len(data))
        return kind, bytes(data[:cut])
    if kind == "flip":
        for _ in range(rnd.randint(1, 64)):
            at = rnd.randrange(len(data))
            data[at] ^= 1 << rnd.randrange(8)
        return kind, bytes(data)
    if kind in ("garbage_pages", "zero_pages"):
        for _ in range(rnd.randint(1, 4)):
            start = rnd.randrange(0, pages) * PAGE
            data[start:start + PAGE] = (rnd.randbytes(PAGE) if kind == "garbage_pages"
                                        else bytes(PAGE))
        return kind, bytes(data)
    at = rnd.randrange(0, 100)
    data[at] = rnd.randrange(256)
    return kind, bytes(data)


def _integrity(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _case(path: Path) -> str:
    try:
        db = open_database(path)
    except KnownError:
        return "refused"
    try:
        if db.quick_check() is not None:
            return "flagged"
        if db.quick_check(full=True) is not None:  # the window's check after opening
            return "flagged_full"
        try:
            with db.session() as s:
                from sqlalchemy import text

                for (table,) in s.execute(text(
                        "SELECT name FROM sqlite_master WHERE type='table' "
                        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%'")).all():
                    s.execute(text(f'SELECT * FROM "{table}"')).fetchall()  # noqa: S608
        except KnownError:
            return "flagged"
    finally:
        db.close()
    return "accepted" if not _integrity(path) else "accepted_intact"


def run(cases: int, seed: int) -> int:
    rnd = random.Random(seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        original = _source(folder).read_bytes()
        path = folder / "case.crmdb"
        outcome: Counter[str] = Counter()
        by_kind: Counter[tuple[str, str]] = Counter()
        for _ in range(cases):
            kind, content = _damage(original, rnd)
            remove_database_files(path)
            path.write_bytes(content)
            result = _case(path)
            outcome[result] += 1
            by_kind[(kind, result)] += 1
    took = time.perf_counter() - started
    print(f"damaged files: {cases} cases in {took:.0f} s (seed {seed})")
    print(f"   refused at open                 {outcome['refused']:>6}")
    print(f"   flagged by quick_check (info)   {outcome['flagged']:>6}")
    print(f"   flagged by the window's check   {outcome['flagged_full']:>6}   "
          "(integrity_check: passed quick_check)")
    print(f"   accepted, full check finds harm {outcome['accepted']:>6}   (misses)")
    print(f"   accepted, full check finds none {outcome['accepted_intact']:>6}   "
          "(damage inside values or unused pages: invisible without page checksums)")
    for kind in ("truncate", "flip", "garbage_pages", "zero_pages", "header"):
        row = {r: by_kind[(kind, r)] for r in ("refused", "flagged", "flagged_full",
                                                "accepted", "accepted_intact")}
        print(f"   {kind:<14} " + "  ".join(f"{k} {v}" for k, v in row.items()))
    return 1 if outcome["accepted"] else 0
