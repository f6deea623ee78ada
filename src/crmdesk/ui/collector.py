"""Python's cyclic garbage collection, on the GUI thread only.

Python runs its cycle collector in whichever thread allocates when a
generation's threshold is passed.  When that thread is the executor's worker
(an export, an import, a count), the garbage it frees can hold Qt objects, the
Python wrapper of a closed dialog or of a finished operation's widget caught in
a reference cycle, and a Qt widget destroyed outside the GUI thread corrupts
Qt's state: the program crashes later, somewhere in the GUI thread's event
loop, with nothing pointing at the cause (seen as rare segmentation faults in
the GUI tests, each time while a background operation ran).

So the window's process turns automatic collection off and a timer on the GUI
thread collects by the interpreter's own thresholds instead, as Anki does.
Reference counting still frees everything that is not in a cycle, at once, in
any thread; only cycles wait, for at most :data:`INTERVAL_MS`.  Work that pauses
collection around a burst of allocations (an import's rows, the demo's batches:
``crmdesk.collection``) finds it off and leaves it off, and the timer skips while a
pause is held.  The command line has no Qt threads
and keeps Python's own collection.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from crmdesk import collection

#: how often the GUI thread looks at the collector's counts
INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Collects cyclic garbage on the GUI thread, by the thresholds Python would use."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        collection.turn_off()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> int:
        """Collect the oldest generation whose count passed its threshold (the ones
        younger go with it); the number of unreachable objects found."""
        if collection.is_paused():
            return 0  # an import's or the demo's rows: see crmdesk.collection
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                return gc.collect(generation)
        return 0


def install(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector, made on the first call (the GUI thread's)."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        return existing
    return GuiThreadCollector(app)
