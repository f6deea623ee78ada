"""Cyclic garbage is collected on the GUI thread, never in a worker (crmdesk.ui.collector)."""

from __future__ import annotations

import gc
import threading
from typing import Any

from crmdesk.ui import collector


class Cycle:
    """An object in a reference cycle that notes the thread that frees it."""

    freed_in: list[int] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_in.append(threading.get_ident())


def test_the_application_collects_on_the_gui_thread_only(qapp) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.app import create_application

    app = create_application(["crmdesk-test"], language="en")
    found = collector.install(app)
    assert collector.install(app) is found  # one per application
    assert not gc.isenabled()


def test_cycles_made_in_a_worker_thread_are_freed_on_the_gui_thread(qapp) -> None:  # type: ignore[no-untyped-def]
    found = collector.install(qapp)
    Cycle.freed_in = []
    made = 20 * (found.thresholds[0] + 1)

    def work() -> None:  # an export's or an import's worker making garbage
        for _ in range(made):
            Cycle()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert Cycle.freed_in == []  # nothing was collected in the worker
    while found.check():
        pass
    gc.collect()
    assert len(Cycle.freed_in) == made
    assert set(Cycle.freed_in) == {threading.get_ident()}


def test_the_timer_collects_by_the_thresholds(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    found = collector.install(qapp)
    assert found.timer.isActive() and found.timer.interval() == collector.INTERVAL_MS
    gc.collect()
    Cycle.freed_in = []
    # well past the threshold: objects that other code frees meanwhile count against it
    made = 5 * found.thresholds[0]
    keep: list[Any] = [Cycle() for _ in range(made)]
    keep.clear()  # now garbage, in cycles: only a collection frees them
    assert Cycle.freed_in == []
    qtbot.waitUntil(lambda: len(Cycle.freed_in) == made, timeout=3 * collector.INTERVAL_MS)
    assert set(Cycle.freed_in) == {threading.get_ident()}


def test_the_timer_skips_while_work_holds_a_pause(qapp) -> None:  # type: ignore[no-untyped-def]
    from crmdesk import collection

    found = collector.install(qapp)
    gc.collect()
    Cycle.freed_in = []
    made = 5 * found.thresholds[0]
    with collection.paused():  # an import's rows in the worker
        keep: list[Any] = [Cycle() for _ in range(made)]
        keep.clear()
        assert found.check() == 0 and Cycle.freed_in == []
    while found.check():
        pass
    assert len(Cycle.freed_in) == made
