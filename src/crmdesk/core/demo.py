"""A realistic Chinese demo database.

Users ``admin``, ``manager``, ``staff1`` and ``staff2`` (one team); customers
spread over the two staff members (and a few over the manager), with contacts,
interactions, opportunities at every stage, orders, tickets and tasks spread
over two years, and ID numbers and bank accounts (encrypted) on some customers.

The rows are made without a database by :mod:`crmdesk.core.demo_rows` (the
customers by the services' bulk path: codes from the counter, sensitive fields
encrypted, custom values, search documents) and written here with
``executemany``.  A big demo is made by generator processes (one per core) while
this process writes; on SQLite they write staging files that this process copies
in with ``INSERT ... SELECT`` on a loading connection of its own
(:mod:`crmdesk.core.demo_stage`).  On SQLite the secondary indexes of the tables it
fills whose keys come in no order are dropped before the rows go in and created
again, with the same definitions, once they are all in: sorting a million keys once
is much cheaper than inserting them one by one into B-trees that no longer fit in
the cache (the staged load keeps those whose keys come in order or take a few
values: :data:`crmdesk.core.demo_stage.SORTED_INDEXES`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import threading
import time as clock
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk import collection
from crmdesk.core import demo_rows, demo_stage, search
from crmdesk.core.demo_rows import (
    BATCH,
    PRODUCTS,
    Counts,
    Plan,
    Pools,
    Prepared,
    advance,
    first_ids,
)
from crmdesk.core.models import Base, CampaignMember, Counter, Customer, SearchDoc, TicketStatus
from crmdesk.core.services import accounts, audit, bulk, custom_fields
from crmdesk.core.services import settings as settings_service
from crmdesk.core.services.customers import customers as customer_service
from crmdesk.core.services.records import reserve_numbers
from crmdesk.core.services.sales import products
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage.backends import PreparedRows, backend_of, prepare_rows
from crmdesk.storage.database import Database, create_database, remove_database_files

log = logging.getLogger(__name__)

__all__ = ["BATCH", "DEFAULT_PASSWORD", "DemoResult", "build_demo", "populate"]

DEFAULT_PASSWORD = "demo1234"

#: Makes the people who own a demo's customers, in the demo's first transaction (the
#: session and its administrator), and returns their user ids and the weight of each
#: one's share: a benchmark's whole sales organisation is made this way, as the rows
#: are generated, instead of handing ten million customers over afterwards.
Staffing = Callable[[Session, Any], tuple[list[int], list[float]]]

#: below this many customers the rows are made in the writing process
PARALLEL_FROM = 4 * BATCH
#: batches a generator process may run ahead of the writer
LOOKAHEAD = 2

#: the tables the demo fills in bulk (their secondary indexes are built after the load)
BULK_TABLES = ("customers", "custom_field_values", "search_docs", "contacts", "interactions",
               "opportunities", "orders", "order_lines", "tickets", "ticket_events", "tasks",
               "campaign_members")


@dataclass
class DemoResult:
    path: Path
    password: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def build_demo(path: str | Path, *, customers: int = 2000, seed: int = 42,
               password: str = DEFAULT_PASSWORD, related: bool = True,
               progress: Callable[[str, int, int], None] | None = None,
               workers: int | None = None, staffing: Staffing | None = None) -> DemoResult:
    """Create a demo database at *path* (must not exist); *workers*: generator
    processes for big demos (default: one per core but one); *staffing*: who owns
    the customers instead of the demo's three users (see :data:`Staffing`)."""
    started = clock.perf_counter()
    db = create_database(path)
    try:
        result = populate(db, customers=customers, seed=seed, password=password,
                          related=related, progress=progress, workers=workers,
                          staffing=staffing)
    except BaseException:
        db.close()
        remove_database_files(Path(path))  # a half-built demo is of no use to anyone
        raise
    db.close()
    result.path = Path(path)
    result.seconds = clock.perf_counter() - started
    return result


def populate(db: Database, *, customers: int, seed: int, password: str, related: bool = True,
             progress: Callable[[str, int, int], None] | None = None,
             workers: int | None = None, staffing: Staffing | None = None) -> DemoResult:
    report = progress or (lambda stage, done, total: None)
    n = _workers(customers, -(-customers // demo_rows.BATCH), workers)
    # the generator processes start now: they load their modules while this one makes
    # the users, products and pools (the plan follows when it is ready)
    parallel = _Parallel(n) if n else None
    try:
        plan, admin = _setup(db, customers=customers, seed=seed, password=password,
                             related=related, staffing=staffing)
    except BaseException:
        if parallel is not None:
            parallel.close()
        raise
    assert n == _workers(plan.customers, plan.batches, workers)
    try:
        if parallel is not None and db.backend.name == "sqlite" and db.path is not None:
            return _populate_staged(db, plan, admin, parallel, password, report)
        return _populate_here(db, plan, admin, parallel, password, report)
    finally:
        if parallel is not None:
            parallel.close()


def _populate_here(db: Database, plan: Plan, admin: Any, parallel: _Parallel | None,
                   password: str, report: Callable[[str, int, int], None]) -> DemoResult:
    """A demo written through the sessions (PostgreSQL, small demos): batches made here
    or pickled by the generator processes of *parallel*."""
    counts: dict[str, int] = {}
    customers, seed, related = plan.customers, plan.seed, plan.related
    backend = db.backend
    with db.transaction() as s:
        load = _drop_secondary_indexes(s)
        done = committed = 0
        for batch in _batches(plan, parallel):
            assert not isinstance(batch, str)
            if done - committed >= COMMIT_EVERY:
                # a commit now and then lets SQLite move the write-ahead log into the
                # file: one transaction of ten million customers would need a log as
                # large as the file, beside it (a half-built demo is removed anyway)
                s.commit()
                committed = done
            # the customers as every bulk create writes them, then what belongs to them
            bulk.write(s, batch.customers)
            for table_name, rows in (("customers", batch.customers.customers),
                                     ("custom_field_values", batch.customers.custom_values)):
                counts[table_name] = counts.get(table_name, 0) + len(rows.values)
            for table_name, rows in batch.tables:
                backend.insert_prepared(s, Base.metadata.tables[table_name], rows)
                counts[table_name] = counts.get(table_name, 0) + len(rows.values)
            search.write_prepared(s, batch.docs)
            done += len(batch.customers.ids)
            report("customers", done, customers)
        if done != customers:
            raise RuntimeError(f"demo generator produced {done} of {customers} customers")
        counts["customers"] = customers
        for name in ("opportunity", "order", "ticket") if related else ():
            _set_counter(s, name, counts.get(_TABLE_OF[name], 0))
        if related:
            counts["campaign_members"] = _campaigns(s, admin, customers, seed)
        report("indexes", 0, len(load.indexes))
        _create_indexes(s, load, report)
        _finish(s, admin, plan, counts, report)
    return DemoResult(Path(str(db.path or "")), password, counts)


def _finish(s: Session, admin: Any, plan: Plan, counts: dict[str, int],
            report: Callable[[str, int, int], None]) -> None:
    """Stock and money through the services (bounded: core/demo_commerce.py), and the
    audit entry of the demo."""
    if plan.related:
        from crmdesk.core import demo_commerce

        report("commerce", 0, 1)
        made = demo_commerce.populate(s, admin, customers=plan.customers, seed=plan.seed)
        for key, value in made.items():  # orders: the bulk ones and those of the chain
            counts[key] = counts.get(key, 0) + value
        report("commerce", 1, 1)
    audit.record(s, admin, "demo",
                 message=QT_TRANSLATE_NOOP("Audit", "Demo data: {n} customers (seed {seed})"),
                 params={"n": plan.customers, "seed": plan.seed},
                 after=dict(counts))


def _populate_staged(db: Database, plan: Plan, admin: Any, parallel: _Parallel,
                     password: str, report: Callable[[str, int, int], None]) -> DemoResult:
    """A big demo into a new SQLite file: the generator processes write staging files,
    which a connection of its own copies in (core/demo_stage.py)."""
    import shutil
    import tempfile

    assert db.path is not None
    counts: dict[str, int] = {}
    campaign_ids = _create_campaigns(db, admin) if plan.related else []
    with db.session() as s:
        plan.first_doc = int(s.execute(select(func.coalesce(func.max(SearchDoc.id), 0)))
                             .scalar_one()) + 1
    folder = tempfile.mkdtemp(prefix="crmdesk-demo-")
    plan.stage_dir = folder
    db.engine.dispose()  # the loading connection is alone on the file
    batches = _batches(plan, parallel)
    try:
        loader = demo_stage.Loader(db.path, BULK_TABLES)
        try:
            done = 0
            # closed here, on an error too: the generator processes stop before their
            # staging folder goes
            with closing(batches):
                for batch in batches:
                    assert isinstance(batch, str)
                    for table_name, n in loader.copy(Path(batch), BULK_TABLES).items():
                        counts[table_name] = counts.get(table_name, 0) + n
                    done = counts.get("customers", 0)
                    report("customers", done, plan.customers)
            if done != plan.customers:
                raise RuntimeError(f"demo generator produced {done} of {plan.customers} "
                                   f"customers")
            if plan.related:
                members = _campaign_members(campaign_ids, plan.customers, plan.seed)
                loader.insert("campaign_members", members)
                counts["campaign_members"] = len(members.values)
            report("indexes", 0, len(loader.indexes))
            loader.create_indexes(report)
            loader.finish()
        finally:
            loader.close()
    finally:
        batches.close()
        parallel.close()  # the generator processes stop before their staging folder goes
        shutil.rmtree(folder, ignore_errors=True)
    counts.pop("search_docs", None)
    with db.transaction() as s:
        for name in ("opportunity", "order", "ticket") if plan.related else ():
            _set_counter(s, name, counts.get(_TABLE_OF[name], 0))
        _finish(s, admin, plan, counts, report)
    return DemoResult(Path(str(db.path)), password, counts)


def _set_counter(s: Session, name: str, value: int) -> None:
    row = s.get(Counter, name)
    if row is None:
        s.add(Counter(name=name, value=value))
    else:
        row.value = value


_TABLE_OF = {"opportunity": "opportunities", "order": "orders", "ticket": "tickets"}
#: customers written between two commits of a big demo
COMMIT_EVERY = 1_000_000


def _setup(db: Database, *, customers: int, seed: int, password: str,
           related: bool, staffing: Staffing | None = None) -> tuple[Plan, Any]:
    """The users, products and custom fields, and the plan of the rows to make."""
    with db.transaction() as s:
        admin = accounts.create_first_admin(s, "admin", password, "系统管理员")
        team = accounts.create_team(s, admin, "销售一部")
        manager = accounts.create_user(s, admin, "manager", password, "manager",
                                       display_name="王经理", team_id=team.id)
        staff1 = accounts.create_user(s, admin, "staff1", password, "staff", display_name="李娜",
                                      team_id=team.id)
        staff2 = accounts.create_user(s, admin, "staff2", password, "staff", display_name="张伟",
                                      team_id=team.id)
        settings_service.set_value(s, admin, "company_name", "示范贸易有限公司")
        product_rows = []
        for code, name, category, unit, price in PRODUCTS:
            product_rows.append(products.create(s, admin, {
                "code": code, "name": name, "category": category, "unit": unit,
                "price_cents": f"{price / 100:.2f}", "active": True}))
        vip = custom_fields.create_definition(s, admin, "customer", "vip_level", "会员等级",
                                              "choice", choices=["普通", "银卡", "金卡", "钻石"])
        custom_fields.create_definition(s, admin, "customer", "contract_no", "合同编号", "text")
        product_info = [(p.id, p.name, p.price_cents) for p in product_rows]
        # the customers' ids and codes, taken now: the rows are made in other processes
        first_id = int(s.execute(select(func.coalesce(func.max(Customer.id), 0)))
                       .scalar_one()) + 1
        first_number = reserve_numbers(s, customer_service.entity, customers)
        vip_def = {"id": vip.id, "entity": vip.entity, "key": vip.key, "label": vip.label,
                   "kind": vip.kind, "sensitive": vip.sensitive}
        owners, weights = [staff1.id, staff2.id, manager.id], [46.0, 46.0, 8.0]
        if staffing is not None:
            owners, weights = staffing(s, admin)
    with db.session() as s:
        statuses = {st.key: st.id for st in s.execute(select(TicketStatus)).scalars()}
    assert admin.keyring is not None
    plan = Plan(seed=seed, customers=customers, related=related, today=date.today(),
                now=datetime.now(), owners=owners, owner_weights=weights,
                products=product_info, statuses=statuses,
                user=(admin.user_id, admin.username, admin.display_name, admin.role,
                      admin.team_id),
                keyring_state=admin.keyring.state(), dialect=db.backend.name,
                first_id=first_id, first_number=first_number, vip_def=vip_def,
                pools=Pools.draw(seed),
                utc_offset=datetime.now().astimezone().utcoffset() or timedelta(0),
                batch=demo_rows.BATCH)
    return plan, admin


# ---------------------------------------------------------------------------
# Secondary indexes: built once after the load (SQLite)
# ---------------------------------------------------------------------------

#: the page cache of the writing connection while it loads (KiB): the tables being
#: filled, the full-text index's segments and the sorts of the index builds
LOAD_CACHE_KIB = 256 * 1024


@dataclass
class _Load:
    """What the bulk load changed, to put back: the dropped indexes as (name, CREATE
    statement), and the connection's page cache size."""

    indexes: list[tuple[str, str]]
    cache_size: int | None = None


def _drop_secondary_indexes(s: Session) -> _Load:
    """Drop the explicit indexes of the bulk tables, to create them again with the
    very same definition once the rows are in (:func:`_create_indexes`); the
    connection's page cache grows for the load."""
    if backend_of(s).name != "sqlite":
        return _Load([])
    conn = s.connection()
    load = _Load([], int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one()))
    conn.exec_driver_sql(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    marks = ", ".join("?" for _ in BULK_TABLES)
    load.indexes = [(str(r[0]), str(r[1])) for r in conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name", BULK_TABLES).all()]
    for name, _sql in load.indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return load


def _create_indexes(s: Session, load: _Load, report: Callable[[str, int, int], None]) -> None:
    conn = s.connection()
    for i, (_name, sql) in enumerate(load.indexes, 1):
        conn.exec_driver_sql(sql)
        report("indexes", i, len(load.indexes))
    if load.cache_size is not None:
        conn.exec_driver_sql(f"PRAGMA cache_size = {load.cache_size}")


# ---------------------------------------------------------------------------
# The batches, made here or by generator processes
# ---------------------------------------------------------------------------

def _workers(customers: int, batches: int, workers: int | None) -> int:
    """The generator processes of a demo of *customers* in *batches*: 0 (the rows are
    made here) for small ones, else *workers*, by default one per core: the writer only
    copies files in, so the generators and the writer share the cores."""
    n = workers if workers is not None else max(1, os.cpu_count() or 2)
    if customers < PARALLEL_FROM or n < 1 or batches < 2:
        return 0
    return min(n, batches)


def _batches(plan: Plan, parallel: _Parallel | None) -> Generator[Prepared | str, None, None]:
    """The batches in order, made here (*parallel* None) or by the generator processes
    of *parallel*, given *plan* now: each a prepared batch, or the path of its staging
    file (``plan.stage_dir``)."""
    if parallel is None:
        yield from demo_rows.generate(plan)
        return
    try:
        parallel.start(plan)
        yield from parallel
    finally:
        parallel.close()


class _Parallel:
    """Generator processes and the hand-out of first ids.

    A batch's related records are numbered after those of the batches before it,
    which only the counts of those batches tell: a reader thread collects the
    processes' messages, hands each batch its first ids as soon as the counts
    before it are in (at most :data:`LOOKAHEAD` batches ahead of the writer, which
    bounds the memory), and keeps the finished batches for the writer.
    """

    def __init__(self, workers: int) -> None:
        """Start *workers* processes; they wait for the plan (:meth:`start`)."""
        ctx = multiprocessing.get_context("spawn")
        self.plan: Plan | None = None
        self.out: Any = ctx.Queue(maxsize=2 * workers)
        self.inboxes: list[Any] = [ctx.Queue() for _ in range(workers)]
        self.children = [ctx.Process(target=demo_rows.work_when_told,
                                     args=(w, workers, self.inboxes[w], self.out),
                                     name=f"crmdesk-demo-{w}", daemon=True)
                         for w in range(workers)]
        self.lock = threading.Condition()
        self.counts: dict[int, Counts] = {}
        self.base = first_ids()
        self.known = 0  # batches whose counts are in self.base
        self.sent = 0  # batches whose first ids went out
        self.written = 0  # batches handed to the writer
        self.ready: dict[int, bytes | str] = {}
        self.error: BaseException | None = None
        self.stopping = False
        for child in self.children:
            child.start()
        self.reader = threading.Thread(target=self._read, name="crmdesk-demo-reader",
                                       daemon=True)

    def start(self, plan: Plan) -> None:
        """Give the processes the plan and the first batches their first ids."""
        self.plan = plan
        for inbox in self.inboxes:
            inbox.put(plan)
        self.reader.start()
        with self.lock:
            self._hand_out()

    def _hand_out(self) -> None:
        """Send the first ids of every batch that can have them now (lock held)."""
        assert self.plan is not None
        workers = len(self.children)
        while True:
            if self.known < self.sent and self.known in self.counts:
                self.base = advance(self.base, self.counts.pop(self.known))
                self.known += 1
            elif (self.sent == self.known < self.plan.batches
                  and self.sent < self.written + LOOKAHEAD * workers):
                self.inboxes[self.sent % workers].put(dict(self.base))
                self.sent += 1
            else:
                return

    def _read(self) -> None:
        while True:
            try:
                kind, k, payload = self.out.get(timeout=0.5)
            except queue.Empty:
                with self.lock:
                    if self.stopping:
                        return
                    dead = [c for c in self.children if c.exitcode not in (None, 0)]
                    if dead and self.error is None:
                        self.error = RuntimeError(
                            f"demo generator stopped unexpectedly (exit code "
                            f"{dead[0].exitcode})")
                        self.lock.notify_all()
                continue
            except (EOFError, OSError):
                return
            with self.lock:
                if kind == "counts":
                    self.counts[k] = payload
                    self._hand_out()
                elif kind == "batch":
                    self.ready[k] = payload
                else:
                    self.error = pickle.loads(payload)
                self.lock.notify_all()

    def __iter__(self) -> Iterator[Prepared | str]:
        assert self.plan is not None
        for k in range(self.plan.batches):
            with self.lock:
                while k not in self.ready and self.error is None:
                    self.lock.wait(1.0)
                if self.error is not None:
                    raise self.error
                data = self.ready.pop(k)
                self.written = k + 1
                self._hand_out()
            yield data if isinstance(data, str) else _unpickle(data)

    def close(self) -> None:
        with self.lock:
            if self.stopping:
                return
            self.stopping = True
        for inbox in self.inboxes:
            inbox.put(None)
        for child in self.children:
            child.join(timeout=5)
            if child.is_alive():
                child.terminate()
                child.join()
        if self.reader.is_alive():
            self.reader.join(timeout=5)


def _unpickle(data: bytes) -> Prepared:
    """A batch from a generator process.  Without the cycle collector, which the
    hundreds of thousands of new tuples would set off again and again for nothing
    (a batch holds no cycles): half the time."""
    with collection.paused():
        return cast(Prepared, pickle.loads(data))


# ---------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------

CAMPAIGNS = [
    ("春季新品推介会", "event", "completed", -120, -100, 3_000_000),
    ("老客户回馈短信", "sms", "active", -20, 20, 500_000),
    ("年终促销邮件", "email", "planned", 15, 45, 800_000),
]


def _campaigns(s: Session, admin: Any, customers: int, seed: int) -> int:
    """A few campaigns, with members drawn from the customers and their responses."""
    ids = _campaign_rows(s, admin)
    members = _campaign_members(ids, customers, seed, backend_of(s).name)
    backend_of(s).insert_prepared(s, CampaignMember.__table__,  # type: ignore[arg-type]
                                  members)
    return len(members.values)


def _create_campaigns(db: Database, admin: Any) -> list[tuple[int, str]]:
    with db.transaction() as s:
        return _campaign_rows(s, admin)


def _campaign_rows(s: Session, admin: Any) -> list[tuple[int, str]]:
    """The campaigns, made by the service: (id, status) of each."""
    from crmdesk.core.services.campaigns import campaigns as campaign_service

    today = date.today()
    made = []
    for name, kind, status, start, end, budget in CAMPAIGNS:
        campaign = campaign_service.create(s, admin, {
            "name": name, "kind": kind, "status": status,
            "start_date": today + timedelta(days=start), "end_date": today + timedelta(days=end),
            "budget_cents": f"{budget / 100:.2f}", "description": "演示数据"})
        made.append((int(campaign.id), status))
    return made


def _campaign_members(campaigns: list[tuple[int, str]], customers: int, seed: int,
                      dialect: str = "sqlite") -> PreparedRows:
    """The members of the campaigns, drawn from the customers, and their responses."""
    import random

    rng = random.Random(seed + 1)
    rows: list[dict[str, Any]] = []
    now = datetime.now(UTC).replace(tzinfo=None)
    for campaign_id, status in campaigns:
        members = rng.sample(range(1, customers + 1), min(customers, max(5, customers // 20)))
        for cid in members:
            response = rng.choices(("invited", "responded", "converted", "declined"),
                                   (55, 25, 10, 10))[0] if status != "planned" else "invited"
            rows.append({"campaign_id": campaign_id, "customer_id": cid, "status": response,
                         "added_at": now, "responded_at": now if response in (
                             "responded", "converted") else None, "notes": None})
    return prepare_rows(dialect, CampaignMember.__table__, rows)  # type: ignore[arg-type]
