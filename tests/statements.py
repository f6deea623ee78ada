"""The SQL statements a block of a test runs (how many, which): for tests that a read or
a write takes a few statements whatever the number of records."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event


@contextmanager
def statements_of(engine: Any) -> Iterator[list[str]]:
    """Every statement *engine* sends inside the block (any thread), as sent."""
    seen: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)
