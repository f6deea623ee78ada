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

The helpers start before the importer checks the first rows itself (a new Python,
its imports and the file read again take a second or two).  After those rows, chunk
by chunk, whoever is free takes the next chunk (a counter shared by the processes):
the helpers, and the importer itself whenever no checked chunk is waiting for it, so
both cores stay busy to the end whichever side is faster.  Chunk *j*'s new
customers get the ids from ``first_id + j * chunk`` (gaps allowed; codes, given by
the importer in order, have none).  With three cores or more two helpers check.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from crmdesk import collection
from crmdesk.core.permissions import Actor
from crmdesk.exchange.mapping import ColumnMapping
from crmdesk.jobs import Job
from crmdesk.storage.database import Database

log = logging.getLogger(__name__)

#: files with at least this many rows are checked in a second process
PARALLEL_MIN_ROWS = 20_000
#: files with at least this many rows are checked by two helpers when there are three
#: cores or more (see :func:`helpers_for`)
SHARED_MIN_ROWS = 50_000
#: batches waiting between the processes (bounds the memory in flight: about 1.3 MB
#: each); enough for the helper to run ahead while the importer checks the first rows
QUEUE_BATCHES = 12


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
    number: int = 1  # of the helpers (1, 2 ...): names its processor time


def _claim(claims: Any, wanted: int | None = None) -> int | None:
    """Take the next chunk nobody has taken: its number.  With *wanted*, only that one
    (None: taken already)."""
    with claims.get_lock():
        j = int(claims.value)
        if wanted is not None and j != wanted:
            return None
        claims.value = j + 1
        return j


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


def _check(job: CheckJob, out: Any, claims: Any) -> None:
    """The helper process: read the file, take chunks nobody has taken (*claims*), map,
    check and stage their rows, send them (as ``(j, rows)``); at the end
    ``("end", j, stages)``, *j* the first chunk past the end of the file."""
    from crmdesk.exchange.import_customers import CustomerEngine
    from crmdesk.exchange.sources import open_source
    from crmdesk.storage.crypto import Keyring
    from crmdesk.storage.database import open_database

    _exit_with_parent()
    collection.turn_off()  # this process only checks rows, then ends: no collection
    try:
        keyring = Keyring.from_state(job.keyring_state) if job.keyring_state else None
        actor = Actor(*job.user, keyring=keyring)
        source = open_source(job.source, encoding=job.encoding, sheet=job.sheet,
                             delimiter=job.delimiter, preset=job.preset)
        # the importer has this file open, its tables checked: not again here (the
        # schema built in memory for that check costs a few tenths of a second)
        db = open_database(job.database, read_only=True, tables_checked=True)
        try:
            with db.session() as session:
                engine = CustomerEngine(session, actor, source, job.mapping, job.options,
                                        Job(), write=False, keep=0, chunk=job.chunk)
                # stored rows made here, for the writer
                check = engine.chunk_checker(islice(source.rows(), job.skip, None),
                                             job.first_id)
                # creating or skipping only: no row updates a record, less to send
                slim = job.options.duplicates in ("create", "skip") and not any(
                    action in ("update", "merge") for action in job.options.row_actions.values())
                while True:
                    claimed = _claim(claims)
                    assert claimed is not None
                    last = claimed
                    checked = check(last)
                    if checked is None:
                        break
                    if slim:
                        for row in checked:
                            row.slim()
                    if not _put(out, pickle.dumps((last, checked),
                                                  protocol=pickle.HIGHEST_PROTOCOL)):
                        return
                stages = {f"{k} (helper)": v for k, v in engine.result.stages.items()}
                # the processor time of this whole process (start, read, check, send)
                stages[f"cpu (helper {job.number})"] = time.process_time()
        finally:
            db.close()
    except BaseException as exc:  # noqa: BLE001 - handed to the importer, raised there
        try:
            payload = pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            payload = pickle.dumps(RuntimeError(f"import helper failed: {exc!r}"))
        _put(out, payload)
        return
    # the end: the first chunk past the end of the file, where the helper's time went
    _put(out, pickle.dumps(("end", job.number, last, stages)))


#: at most this many rows the importer checks itself while its helpers start
AHEAD_MAX = 24_000


def rows_ahead(source_total: int | None, chunk: int) -> int:
    """How many rows at the start of the file the importer checks (and writes) itself
    while the helper processes start (a second or two: a new Python, the imports, the
    file read again) and run ahead: whole chunks, a fifth of the file, at most
    :data:`AHEAD_MAX` (the helpers' first batches wait in the queue meanwhile)."""
    if not source_total:
        return 0
    return min(source_total // 5, AHEAD_MAX) // chunk * chunk


def early_chunks(source_total: int | None, ahead: int, chunk: int, helpers: int) -> int:
    """How many chunks after the first rows the importer may check itself before any
    helper has sent one: while a helper still starts (a new Python, the imports, the file
    read again: seconds on a busy machine) the importer goes on with the next chunks
    rather than wait, leaving the helpers at least two chunks each."""
    if not source_total:
        return 0
    return max(0, -(-(source_total - ahead) // chunk) - 2 * helpers)


def helpers_for(source_total: int | None) -> int:
    """How many helper processes check a big file: each costs a second or two of its
    own (a new Python, the file read again), so two only with three cores or more."""
    if source_total is None or source_total < SHARED_MIN_ROWS \
            or multiprocessing.cpu_count() < 3:
        return 1
    return 2


def usable(db: Database, source_total: int | None, entity: str) -> bool:
    """Whether a second process pays off (and can open the same database)."""
    return (entity == "customer" and db.path is not None and source_total is not None
            and source_total >= PARALLEL_MIN_ROWS
            and multiprocessing.cpu_count() > 1)


@contextmanager
def running(jobs: CheckJob | Sequence[CheckJob], control: Job,
            timed: Callable[[str, float], None] | None = None,
            own: Callable[[int], list[Any] | None] | None = None, *, early: int = 0
            ) -> Iterator[Iterator[list[Any]]]:
    """Start a helper process per job now (they start while the importer checks the
    first rows itself) and give the checked chunks after those rows, in order.  A
    chunk is checked by whoever takes it first: a helper, or (*own*: checks chunk *j*
    here, None past the end) the importer, which takes the next chunk nobody has taken
    whenever nothing checked is waiting for it, once the helpers are running; before
    that, up to *early* chunks (it does not wait idle while a helper still starts, and
    leaves the helpers the last chunks: see :func:`early_chunks`).  The helpers are
    stopped when the block ends, however it ends.  *timed*: told the seconds the
    helpers spent per stage (summed), at the end."""
    if isinstance(jobs, CheckJob):
        jobs = [jobs]
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue(maxsize=QUEUE_BATCHES)
    claims = ctx.Value("q", 0)
    helpers = [ctx.Process(target=_check, args=(job, out, claims),
                           name="crmdesk-import-check", daemon=True) for job in jobs]
    try:
        for helper in helpers:
            helper.start()
        yield _batches(helpers, out, claims, control, timed, own, early)
    finally:
        for helper in helpers:
            if helper.is_alive():
                helper.terminate()
        for helper in helpers:
            if helper.pid is not None:
                helper.join(timeout=10)
        out.close()
        out.cancel_join_thread()


def checked_rows(jobs: CheckJob | Sequence[CheckJob], control: Job,
                 timed: Callable[[str, float], None] | None = None) -> Iterator[list[Any]]:
    """Checked rows from helper processes started when the first batch is asked for
    (see :func:`running`); stops them when abandoned."""
    with running(jobs, control, timed) as batches:
        yield from batches


def _batches(helpers: list[Any], out: Any, claims: Any, control: Job,
             timed: Callable[[str, float], None] | None,
             own: Callable[[int], list[Any] | None] | None,
             early: int = 0) -> Iterator[list[Any]]:
    arrived: dict[int, list[Any]] = {}  # chunks checked (there or here), not yet given
    stages: dict[int, dict[str, float]] = {}  # helper -> its stages, once it ended
    end: int | None = None  # the first chunk past the end of the file, once known
    helped = False  # a helper has sent a chunk: they run, the importer may take some
    taken = 0  # chunks the importer took
    j = 0
    while end is None or j < end:
        if j in arrived:
            yield arrived.pop(j)
            j += 1
            continue
        # (once the end of the file is known, the chunks still missing are on their way)
        stealing = own is not None and end is None and (helped or taken < early)
        item = _poll(out) if stealing else None
        if stealing and item is None and own is not None:
            # nothing checked is waiting: check the next chunk nobody has taken here
            # (chunk j itself when the helpers have not taken it yet)
            k = _claim(claims)
            assert k is not None
            taken += 1
            rows = own(k)
            if rows is None:
                end = k if end is None else min(end, k)
            else:
                arrived[k] = rows
            continue
        if item is None:
            item = _receive(out, helpers, stages, control)
        if item[0] == "end":
            number, last, ended = item[1:]
            stages[number] = ended
            end = last if end is None else min(end, last)
        else:
            helped = True
            arrived[item[0]] = item[1]
    while len(stages) < len(helpers):  # every helper ends (past the end of the file)
        item = _receive(out, helpers, stages, control)
        assert item[0] == "end", "a helper checked a chunk past the end of the file"
        stages[item[1]] = item[3]
    if timed is not None:
        summed: dict[str, float] = {}
        for ended in stages.values():
            summed = _summed(summed, ended)
        for stage, seconds in summed.items():
            timed(stage, seconds)


def _receive(out: Any, helpers: list[Any], ended: dict[int, Any], control: Job) -> Any:
    """The next item the helpers sent: ``(j, rows)`` or ``("end", helper, j, stages)``."""
    while True:
        control.check()
        try:
            payload = out.get(timeout=0.5)
        except queue.Empty:
            for number, helper in enumerate(helpers, start=1):
                if number not in ended and not helper.is_alive():
                    raise RuntimeError(f"import helper stopped unexpectedly (exit code "
                                       f"{helper.exitcode})") from None
            continue
        item = pickle.loads(payload)
        if isinstance(item, BaseException):
            raise item
        return item


def _poll(out: Any) -> Any:
    """What the helpers sent, if anything is there now (else None)."""
    try:
        payload = out.get_nowait()
    except queue.Empty:
        return None
    item = pickle.loads(payload)
    if isinstance(item, BaseException):
        raise item
    return item


def _summed(one: dict[str, float], other: dict[str, float]) -> dict[str, float]:
    return {k: one.get(k, 0.0) + other.get(k, 0.0) for k in {**one, **other}}


def job_for(db: Database, actor: Actor, source: Any, mapping: ColumnMapping, options: Any,
            chunk: int, first_id: int, skip: int = 0, number: int = 1) -> CheckJob:
    assert db.path is not None, "only for a database file (see usable())"
    keyring = actor.keyring
    return CheckJob(
        database=str(db.path.resolve()), source=str(source.path),
        encoding=source.encoding if source.format != "xlsx" else None, sheet=source.sheet,
        delimiter=source.delimiter, preset=source.preset or "none", mapping=mapping,
        options=options,
        user=(actor.user_id, actor.username, actor.display_name, actor.role, actor.team_id),
        keyring_state=keyring.state() if keyring is not None else None, chunk=chunk,
        first_id=first_id, skip=skip, number=number)
