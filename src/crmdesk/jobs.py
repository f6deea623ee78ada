"""One protocol for long work: report progress, check for cancel, one :class:`Cancelled`.

Every long piece of work (an import, an export, a report, a backup, a
verification, a restore, a duplicate search, a dashboard's figures) takes a
:class:`Job`.  The work calls :meth:`Job.report` as it goes and
:meth:`Job.check` between steps; whoever runs it (the window's worker, the
command line, a test) calls :meth:`Job.cancel` from any thread, and the next
:meth:`Job.check` raises :class:`Cancelled`.  A cancelled job leaves nothing
behind: transactions roll back, files are written through
``storage.files.atomic_file`` and removed.

The protocol is Qt-free and at the package root, so ``storage``, ``core``,
``exchange`` and ``reports`` may all take a ``Job``.  How progress is *shown* is
the runner's business: the window subclasses :class:`Job`
(``ui.operations.WindowJob``: a progress dialog after 600 ms), the command line
passes a callback that prints on stderr with ``-v``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: ``progress(stage, done, total)``: see :meth:`Job.report`
ProgressFn = Callable[[str, int, "int | None"], None]


class Cancelled(KnownError):
    """The user cancelled the work; nothing was left behind.

    A job that can say more (a report was counted and audited, a backup was kept
    unverified) raises it with its own *text* and *context*.
    """

    context = "Jobs"

    def __init__(self, text: str = QT_TRANSLATE_NOOP("Jobs", "Cancelled: nothing was changed."),
                 context: str | None = None, **params: object) -> None:
        super().__init__(text, context, **params)


class Job:
    """The progress and cancel flag shared by a piece of work and whoever runs it.

    *progress*, when given, receives every :meth:`report`; subclasses may
    override :meth:`report` instead.  Thread-safe: the work runs in one thread,
    :meth:`cancel` may come from any other.
    """

    def __init__(self, progress: ProgressFn | None = None) -> None:
        self.progress = progress
        self._cancelled = threading.Event()

    # -- the work's side -----------------------------------------------------------
    def report(self, stage: str, done: int, total: int | None = None) -> None:
        """*stage*: a short line in the user's language saying what is done now
        ("Copying the database"; "" for none); *done* of *total* units (total None
        when unknown)."""
        if self.progress is not None:
            self.progress(stage, done, total)

    def check(self) -> None:
        """Raise :class:`Cancelled` if the job was cancelled."""
        if self._cancelled.is_set():
            raise Cancelled()

    # -- the runner's side ---------------------------------------------------------
    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, timeout: float) -> bool:
        """Sleep up to *timeout* seconds, less if cancelled meanwhile; True if cancelled."""
        return self._cancelled.wait(timeout)


def job_or_new(job: Job | None) -> Job:
    """*job*, or a job nobody cancels and whose progress nobody shows."""
    return job if job is not None else Job()
