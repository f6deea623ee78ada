"""Progress reporting and cancelling for long imports, exports and searches."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP

# progress(stage, done, total): stage is "read", "check", "write", "find" ...;
# total is None when unknown
ProgressFn = Callable[[str, int, "int | None"], None]


class ExchangeError(KnownError):
    """A problem with an import, export or duplicate search the user can fix."""

    context = "Exchange"


class CancelledError(ExchangeError):
    """The user cancelled; nothing was changed."""


@dataclass
class JobControl:
    """Shared between the worker running a job and the window showing it.

    The window calls :meth:`cancel` (from any thread); the job calls
    :meth:`check` between batches and :meth:`report` to show progress.
    """

    progress: ProgressFn | None = None
    _cancelled: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise CancelledError(QT_TRANSLATE_NOOP(
                "Exchange", "Cancelled: nothing was changed."))

    def report(self, stage: str, done: int, total: int | None = None) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)


def control_of(control: JobControl | None) -> JobControl:
    return control if control is not None else JobControl()


class LinkedControl(JobControl):
    """A :class:`JobControl` that follows another progress object, such as a GUI
    operation's: reports go to *update* and *stopped* is asked whether the user
    cancelled (besides :meth:`cancel`)."""

    def __init__(self, update: ProgressFn, stopped: Callable[[], bool]) -> None:
        super().__init__(progress=update)
        self._stopped = stopped

    @property
    def cancelled(self) -> bool:
        if self._stopped():
            self.cancel()
        return super().cancelled

    def check(self) -> None:
        if self._stopped():
            self.cancel()
        super().check()
