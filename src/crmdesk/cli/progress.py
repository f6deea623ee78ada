"""Long jobs at the command line: their progress on stderr with ``-v``.

Every long command (import, export, duplicates, report, backup, verify,
restore) hands the service the :class:`crmdesk.jobs.Job` from
:func:`verbose_job`; nothing cancels it (Ctrl+C stops the process, and the
long jobs leave nothing behind either way).
"""

from __future__ import annotations

import argparse
import sys

from crmdesk.jobs import Job


class PrintedJob(Job):
    """Prints ``stage: 40%`` on stderr at every tenth of a stage (``stage: 1,200`` when
    the total is unknown: every report)."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, int] = {}

    def report(self, stage: str, done: int, total: int | None = None) -> None:
        if not total:
            print(f"{stage}: {done:,}", file=sys.stderr, flush=True)
            return
        percent = min(100, 100 * done // total)
        last = self._shown.get(stage)
        if last is None or percent >= last + 10 or (percent == 100 and last != 100):
            self._shown[stage] = percent
            print(f"{stage}: {percent}%", file=sys.stderr, flush=True)


def verbose_job(args: argparse.Namespace) -> Job | None:
    """The job for a long command: printed with ``-v``, else None (nothing shown)."""
    return PrintedJob() if getattr(args, "verbose", False) else None
