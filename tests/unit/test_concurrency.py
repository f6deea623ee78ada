"""Several people at once: processes creating, importing, editing and backing up the same
database together lose nothing, duplicate nothing, and leave an audit chain that verifies.

Runs on SQLite (the processes open one .crmdb ``shared``) and, with
``CRMDESK_TEST_PG_URL``, on PostgreSQL, where READ COMMITTED lets two writers read
the same audit head or max(id) unless write transactions hold the writer lock
(``storage.backends.PostgresBackend.setup_engine``).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import AuditEntry, Customer, Order, Ticket
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.customers import customers
from crmdesk.storage.database import open_database
from tests.child_process import ROOT, child_env
from tests.concurrency_worker import EDITS
from tests.conftest import PASSWORD, PG_URL, _build_template, _reset_postgres

CREATED = 12  # customers (with a contact, a ticket and an order) per creating process
IMPORTED = 300


@pytest.fixture
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The database the processes share, not held open by this process."""
    if PG_URL:
        _reset_postgres(PG_URL)
        _build_template(PG_URL)
        yield PG_URL
        return
    path = tmp_path / "team.crmdb"
    shutil.copyfile(request.getfixturevalue("template_path"), path)
    yield str(path)


def _start(*args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.concurrency_worker", *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "ready":
        _, err = proc.communicate(timeout=30)
        raise AssertionError(f"worker {args} did not start: {line!r} {err}")
    return proc


def _finish(proc: subprocess.Popen[str]) -> dict[str, object]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def test_several_people_at_once_lose_and_duplicate_nothing(target: str, tmp_path: Path) -> None:
    db = open_database(target, shared=True)
    try:
        with db.transaction() as s:
            staff1 = accounts.login(s, "staff1", PASSWORD)
            shared_id = customers.create(s, staff1, {"name": "大家都在改的客户"}).id
        with db.session() as s:
            version_before = customers.get(s, staff1, shared_id).version
    finally:
        db.close()
    sheet = tmp_path / "import.csv"
    with sheet.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["客户名称", "手机"])
        writer.writerows([f"导入客户{n}", f"13700{n:06d}"] for n in range(IMPORTED))

    workers = {
        "staff1": _start("create", target, "staff1", str(CREATED)),
        "staff2": _start("create", target, "staff2", str(CREATED)),
        "import": _start("import", target, "admin", str(sheet)),
        "edit admin": _start("edit", target, "admin", str(shared_id)),
        "edit manager": _start("edit", target, "manager", str(shared_id)),
        "backup": _start("backup", target, "admin", str(tmp_path / "backups")),
    }
    for proc in workers.values():  # all start together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    done = {name: _finish(proc) for name, proc in workers.items()}

    assert done["import"]["created"] == IMPORTED
    assert Path(str(done["backup"]["path"])).is_file()  # made while all the others wrote
    made = [done["staff1"], done["staff2"]]
    db = open_database(target, shared=True)
    try:
        with db.session() as s:
            # nothing lost, nothing twice: every process's rows, exactly once
            total = s.execute(select(func.count(Customer.id))).scalar_one()
            assert total == 1 + 2 * CREATED + IMPORTED
            for tag in ("staff1", "staff2"):
                assert s.execute(select(func.count(Customer.id)).where(
                    Customer.name.like(f"并发{tag}客户%"))).scalar_one() == CREATED
            assert s.execute(select(func.count(Customer.id)).where(
                Customer.name.like("导入客户%"))).scalar_one() == IMPORTED
            # codes never duplicated: customers, tickets, orders
            for column in (Customer.code, Ticket.code, Order.number):
                codes = s.execute(select(column)).scalars().all()
                assert len(codes) == len(set(codes)), f"duplicate {column}"
            reported = [c for m in made for c in m["codes"]]  # type: ignore[attr-defined]
            assert len(set(reported)) == 2 * CREATED
            tickets = [c for m in made for c in m["tickets"]]  # type: ignore[attr-defined]
            orders = [c for m in made for c in m["orders"]]  # type: ignore[attr-defined]
            assert len(set(tickets)) == len(set(orders)) == 2 * CREATED
            # stale saves refused, every accepted save counted once
            saved = sum(int(done[n]["saved"]) for n in ("edit admin", "edit manager"))  # type: ignore[call-overload]
            assert saved == 2 * EDITS
            current = s.get(Customer, shared_id)
            assert current is not None
            assert current.version == version_before + saved
            updates = s.execute(select(func.count(AuditEntry.id)).where(
                AuditEntry.entity == "customer", AuditEntry.entity_id == shared_id,
                AuditEntry.action == "update")).scalar_one()
            assert updates == saved
            # the audit chain is one unbroken line through every writer's entries
            result = audit.verify_chain(s)
            assert result.ok, result
            ids = s.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars().all()
            assert ids == list(range(1, len(ids) + 1))
    finally:
        db.close()


@pytest.mark.skipif(not PG_URL, reason="the writer lock of a PostgreSQL server")
def test_a_save_waits_for_the_writer_lock_then_says_why(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    from crmdesk.errors import KnownError
    from crmdesk.storage import backends

    assert PG_URL is not None
    monkeypatch.setattr(backends, "WRITER_WAIT_S", 1)
    with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://")) as other:
        # someone else's long write (an import): holds the lock until it ends
        other.execute(f"SELECT pg_advisory_xact_lock({backends.WRITER_LOCK})")
        with pytest.raises(KnownError, match="still saving a long change"), \
                db.transaction() as s:
            customers.create(s, users.staff1, {"name": "等一下"})
        other.rollback()
    with db.transaction() as s:  # the lock is free again
        customers.create(s, users.staff1, {"name": "等一下"})
