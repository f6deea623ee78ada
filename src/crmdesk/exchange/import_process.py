"""Big imports on two cores: a second process reads the file and checks the rows.

Checking a row (phone numbers, e-mail addresses, pinyin for the search index)
costs more than writing it, and both are CPU work in Python, so a large import
of customers is split: a helper process opens the file and the database (read
only, to resolve owners and custom fields), maps and checks each row with the
same code as a one-process import (``Engine.check_rows``), stages each valid
row as a new customer (its stored columns, ciphertext bound to the id it will
get, custom values, search entry: :meth:`crmdesk.core.services.bulk.CustomerRows.stage`)
and sends the rows in batches; this process matches duplicates, decides, fills
in the codes and writes, in its one transaction.  The helper writes nothing.  If this process dies, the helper
notices and stops; on cancel or on any error the helper is stopped and the
transaction rolled back as usual.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from crmdesk.core.permissions import Actor
from crmdesk.exchange.mapping import ColumnMapping
from crmdesk.jobs import Job
from crmdesk.storage.database import Database

log = logging.getLogger(__name__)

#: files with at least this many rows are checked in a second process
PARALLEL_MIN_ROWS = 20_000
#: batches waiting between the processes (bounds the memory in flight)
QUEUE_BATCHES = 4


@dataclass
class CheckJob:
    """What the helper process needs (picklable)."""

    database: str
    source: str
    encoding: str | None
    sheet: str | None
    delimiter: str | None
    preset: str | None
    mapping: ColumnMapping
    options: Any  # ImportOptions
    user: tuple[int, str, str, str, int | None]
    keyring_state: dict[str, object] | None
    chunk: int
    #: the id of the first new customer: valid rows get the next ids, in order
    first_id: int
    #: rows at the start of the file the importer checks itself (see :func:`rows_ahead`)
    skip: int = 0


def _put(out: Any, item: bytes) -> bool:
    """Queue *item*, waiting while the importer is busy; False once it has died."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            out.put(item, timeout=1.0)
            return True
        except queue.Full:
            if parent is not None and not parent.is_alive():
                # nobody reads any more: exit without waiting for the queue to drain
                # (the feeder thread would block on the full pipe for ever)
                out.cancel_join_thread()
                return False


def _exit_with_parent() -> None:
    """End this helper the moment the importer dies (killed, crashed): it must never
    linger, holding the database and the importer's output pipes."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent process is gone
        os._exit(0)

    threading.Thread(target=watch, name="crmdesk-import-watch", daemon=True).start()


def _check(job: CheckJob, out: Any) -> None:
    """The helper process: read, map and check every row, batch by batch."""
    from crmdesk.exchange.import_customers import CustomerEngine
    from crmdesk.exchange.sources import open_source
    from crmdesk.storage.crypto import Keyring
    from crmdesk.storage.database import open_database

    _exit_with_parent()
    gc.disable()  # this process only checks rows: see import_engine.gc_paused
    try:
        keyring = Keyring.from_state(job.keyring_state) if job.keyring_state else None
        actor = Actor(*job.user, keyring=keyring)
        source = open_source(job.source, encoding=job.encoding, sheet=job.sheet,
                             delimiter=job.delimiter, preset=job.preset)
        db = open_database(job.database, read_only=True)
        try:
            with db.session() as session:
                engine = CustomerEngine(session, actor, source, job.mapping, job.options,
                                        Job(), write=False, keep=0, chunk=job.chunk)
                engine.stage_from = job.first_id  # stored rows made here, for the writer
                # creating or skipping only: no row updates a record, less to send
                slim = job.options.duplicates in ("create", "skip") and not any(
                    action in ("update", "merge") for action in job.options.row_actions.values())
                for rows in engine.checked_here(islice(source.rows(), job.skip, None)):
                    if slim:
                        for row in rows:
                            row.slim()
                    if not _put(out, pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)):
                        return
                stages = {f"{k} (helper)": v for k, v in engine.result.stages.items()}
        finally:
            db.close()
    except BaseException as exc:  # noqa: BLE001 - handed to the importer, raised there
        try:
            payload = pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            payload = pickle.dumps(RuntimeError(f"import helper failed: {exc!r}"))
        _put(out, payload)
        return
    _put(out, pickle.dumps(stages))  # the end: where the helper's time went


#: at most this many rows the importer checks itself while the helper starts
AHEAD_MAX = 8000


def rows_ahead(source_total: int | None, chunk: int) -> int:
    """How many rows at the start of the file the importer checks (and writes) itself
    while the helper process starts (a second or two: a new Python, the imports, the
    file read again): whole chunks, a tenth of the file, at most :data:`AHEAD_MAX`
    (the helper's first batches wait in the queue meanwhile)."""
    if not source_total:
        return 0
    return min(source_total // 10, AHEAD_MAX) // chunk * chunk


def usable(db: Database, source_total: int | None, entity: str) -> bool:
    """Whether a second process pays off (and can open the same database)."""
    return (entity == "customer" and db.path is not None and source_total is not None
            and source_total >= PARALLEL_MIN_ROWS
            and multiprocessing.cpu_count() > 1)


def checked_rows(job: CheckJob, control: Job,
                 timed: Callable[[str, float], None] | None = None) -> Iterator[list[Any]]:
    """Checked rows from a helper process, in order; stops it when abandoned.
    *timed*: told the seconds the helper spent per stage, at the end."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue(maxsize=QUEUE_BATCHES)
    helper = ctx.Process(target=_check, args=(job, out), name="crmdesk-import-check",
                         daemon=True)
    helper.start()
    try:
        while True:
            control.check()
            try:
                payload = out.get(timeout=0.5)
            except queue.Empty:
                if not helper.is_alive():
                    raise RuntimeError(
                        f"import helper stopped unexpectedly (exit code {helper.exitcode})"
                    ) from None
                continue
            item = pickle.loads(payload)
            if isinstance(item, dict):
                for stage, seconds in item.items():
                    if timed is not None:
                        timed(stage, seconds)
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        if helper.is_alive():
            helper.terminate()
        helper.join(timeout=10)
        out.close()
        out.cancel_join_thread()


def job_for(db: Database, actor: Actor, source: Any, mapping: ColumnMapping, options: Any,
            chunk: int, first_id: int, skip: int = 0) -> CheckJob:
    assert db.path is not None, "only for a database file (see usable())"
    keyring = actor.keyring
    return CheckJob(
        database=str(db.path.resolve()), source=str(source.path),
        encoding=source.encoding if source.format != "xlsx" else None, sheet=source.sheet,
        delimiter=source.delimiter, preset=source.preset or "none", mapping=mapping,
        options=options,
        user=(actor.user_id, actor.username, actor.display_name, actor.role, actor.team_id),
        keyring_state=keyring.state() if keyring is not None else None, chunk=chunk,
        first_id=first_id, skip=skip)
