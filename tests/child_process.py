"""Run crmdesk code in a child process (another "window" on the same file)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HOLD_OPEN = """
import sys
from crmdesk.storage.database import open_database
db = open_database(sys.argv[1], read_only=sys.argv[2] == "ro", shared=sys.argv[2] == "shared")
if db.lock is not None and sys.argv[2] == "rw":
    db.lock.set_app_user("wang")
print("ready", flush=True)
sys.stdin.read()
db.close()
print("closed", flush=True)
"""


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)


@contextmanager
def held_open(path: Path, mode: str = "rw") -> Iterator[subprocess.Popen[str]]:
    """Another process with *path* open ("rw" for editing, "ro", or "shared") until exit."""
    proc = spawn(HOLD_OPEN, str(path), mode)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if line.strip() != "ready":
            _, err = proc.communicate(timeout=10)
            raise AssertionError(f"child did not open {path}: {line!r} {err}")
        yield proc
    finally:
        if proc.poll() is None:
            proc.communicate("", timeout=20)
