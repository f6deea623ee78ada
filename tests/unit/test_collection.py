"""Pauses of the cycle collector are counted across threads (crmdesk.collection)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from crmdesk import collection


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Python's own collection, whatever ran before (the GUI tests turn it off)."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_comes_back_when_the_last_pause_ends() -> None:
    assert gc.isenabled() and not collection.is_paused()
    first_in, second_out = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other() -> None:  # the demo's reader thread beside the import
        with collection.paused():
            first_in.set()
            second_out.wait(5)
        seen.append(gc.isenabled())

    worker = threading.Thread(target=other)
    worker.start()
    assert first_in.wait(5)
    with collection.paused():
        assert not gc.isenabled() and collection.is_paused()
        second_out.set()
        worker.join(5)
        # the other pause ended first: the collector stays off for this one
        assert seen == [False] and not gc.isenabled()
    assert gc.isenabled() and not collection.is_paused()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collection.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_turned_off_during_a_pause_stays_off_after_it() -> None:
    # the window's collector made while a pause is held: the pause's end must not
    # turn Python's own collection back on behind it
    try:
        with collection.paused():
            collection.turn_off()
            assert not gc.isenabled()
        assert not gc.isenabled() and not collection.is_paused()
    finally:
        gc.enable()
