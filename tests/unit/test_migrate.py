"""``crmdesk migrate``: a whole database copied into a new one, .crmdb <-> PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crmdesk.core import search
from crmdesk.core.models import Base, Customer
from crmdesk.core.record_types import activate, deactivate
from crmdesk.core.services import accounts, audit
from crmdesk.core.services import record_types as designer
from crmdesk.core.services.customers import customers
from crmdesk.core.services.migration import MigrationError, migrate
from crmdesk.core.services.registry import service_for
from crmdesk.errors import PermissionDenied
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage.database import Database, open_database
from tests.conftest import PASSWORD, PG_URL, Users, _reset_postgres

POLICY: dict[str, Any] = {
    "key": "policy", "name_zh": "保单", "name_en": "Policy", "code_prefix": "BD",
    "belongs_to": "customer",
    "fields": [
        {"key": "number", "name_zh": "保单号", "name_en": "Policy number", "kind": "text",
         "required": True},
        {"key": "insured_id", "name_zh": "被保险人证件号", "name_en": "Insured ID number",
         "kind": "id_number"},
    ]}
ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def _forget_types() -> Iterator[None]:
    yield
    deactivate()


def fill(db: Database, users: Users) -> tuple[int, int]:
    """A customer and a designed record with a sensitive value: (customer id, record id)."""
    with db.transaction() as s:
        designer.create_type(s, users.admin, POLICY)
    with db.transaction() as s:
        cid = int(customers.create(s, users.staff1, {"name": "欧阳锋"}).id)
        customers.create(s, users.staff1, {"name": "黄药师"})
        record = service_for("policy").create(s, users.staff1, {
            "customer_id": cid, "number": "P-1", "insured_id": ID_NUMBER})
        return cid, int(record.id)


def counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        found = {t.name: int(s.execute(select(func.count()).select_from(t)).scalar_one())
                 for t in Base.metadata.sorted_tables}
        found["rt_policy"] = int(s.execute(select(func.count()).select_from(
            service_for("policy").model.__table__)).scalar_one())
        return found


def check_copy(target: Database, source_counts: dict[str, int], record_id: int) -> None:
    """Everything a user relies on came across."""
    with target.login_transaction() as s:
        admin = accounts.login(s, "admin", PASSWORD)
        staff = accounts.login(s, "staff1", PASSWORD)
    with target.session() as s:
        activate(s)
        assert audit.verify_chain(s).ok
        assert [h.title for h in search.search(s, admin, "欧阳")] == ["欧阳锋"]
        max_code = s.execute(select(func.max(Customer.code))).scalar_one()
    copied = counts(target)
    # the copy's own entry ("Database copied") and the logins above
    assert {k: v for k, v in copied.items() if k != "audit_log"} == \
        {k: v for k, v in source_counts.items() if k != "audit_log"}
    assert copied["audit_log"] == source_counts["audit_log"] + 3
    with target.transaction() as s:  # decrypted with the keys that came along
        assert service_for("policy").reveal(s, staff, record_id, "insured_id") == ID_NUMBER
        new = customers.create(s, staff, {"name": "洪七公"})  # codes continue
        assert new.code > max_code


def test_a_file_is_copied_whole_into_a_new_file(db: Database, users: Users,
                                                tmp_path: Path) -> None:
    _cid, record_id = fill(db, users)
    before = counts(db)
    reports: list[tuple[str, int, int | None]] = []
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "copy.crmdb"
    result = migrate(db, users.admin, str(target),
                     job=Job(lambda stage, done, total: reports.append((stage, done, total))))
    assert result.counts == before and result.audit_entries == before["audit_log"] + 1
    assert reports[-1][0] and any(total and done == total for _s, done, total in reports)
    assert [p.name for p in target.parent.iterdir()] == ["copy.crmdb"]  # no temp file left
    copy = open_database(target)
    try:
        check_copy(copy, before, record_id)
    finally:
        copy.close()


def test_a_non_empty_target_and_a_non_administrator_are_refused(db: Database, users: Users,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "copy.crmdb"
    with pytest.raises(PermissionDenied, match="administrator"):
        migrate(db, users.manager, str(target))
    assert not target.exists()
    migrate(db, users.admin, str(target))
    size = target.stat().st_size
    with pytest.raises(MigrationError, match="already exists"):
        migrate(db, users.admin, str(target))
    assert target.stat().st_size == size
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.crmdb"]


def test_the_command_copies_and_refuses_with_one_line(run: Any, db_path: Path,
                                                      tmp_path: Path) -> None:
    target = tmp_path / "copy.crmdb"
    code, out, err = run("migrate", str(db_path), str(target), "--user", "admin")
    assert code == 0, err
    assert "row counts match" in out and "audit chain verified" in out
    from crmdesk import witnesses

    seen = witnesses.state_path().read_text(encoding="utf-8")  # the head, under the final name
    assert "copy.crmdb" in seen and "migrating" not in seen
    code, out, err = run("audit", "verify", str(target), "--user", "admin")
    assert code == 0, err
    code, out, err = run("migrate", str(db_path), str(target), "--user", "admin")
    assert code == 2 and "already exists" in err and len(err.strip().splitlines()) == 1
    code, out, err = run("migrate", str(db_path), str(tmp_path / "other.crmdb"),
                         "--user", "staff1")
    assert code == 2 and "administrator" in err and not (tmp_path / "other.crmdb").exists()


@pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")
def test_file_to_server_and_back_keeps_everything(template_path: Path, tmp_path: Path) -> None:
    assert PG_URL is not None
    _reset_postgres(PG_URL)  # the server database of the `db` fixture: emptied
    source_path = tmp_path / "source.crmdb"
    shutil.copyfile(template_path, source_path)
    source = open_database(source_path)
    try:
        with source.transaction() as s:
            users = Users(**{name: accounts.login(s, name, PASSWORD) for name in
                             ("admin", "manager", "staff1", "staff2", "manager2", "staff3")})
        _cid, record_id = fill(source, users)
        before = counts(source)
        job = Job()
        job.progress = lambda _stage, done, _total: job.cancel() if done else None
        with pytest.raises(Cancelled):  # rolled back with the schema: empty as before
            migrate(source, users.admin, PG_URL, job=job)
        from crmdesk.storage import servers

        assert servers.probe(PG_URL) == servers.EMPTY  # no schema left without users
        migrate(source, users.admin, PG_URL)
        with pytest.raises(MigrationError, match="not empty"):
            migrate(source, users.admin, PG_URL)
    finally:
        source.close()
    server = open_database(PG_URL)
    try:
        with server.login_transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
        with server.session() as s:
            activate(s)
            assert audit.verify_chain(s).ok
        on_server = counts(server)
        back = tmp_path / "back.crmdb"
        migrate(server, admin, str(back))
    finally:
        server.close()
    assert on_server["audit_log"] == before["audit_log"] + 2  # the copy's entry, a login
    copy = open_database(back)
    try:
        check_copy(copy, on_server, record_id)
    finally:
        copy.close()


def test_a_copy_stopped_half_way_leaves_no_target(db: Database, users: Users,
                                                   tmp_path: Path) -> None:
    fill(db, users)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "copy.crmdb"
    job = Job()
    job.progress = lambda _stage, done, _total: job.cancel() if done else None
    with pytest.raises(Cancelled):
        migrate(db, users.admin, str(target), job=job)
    assert list(target.parent.iterdir()) == []
    migrate(db, users.admin, str(target))  # and the same name can be used again
    assert target.exists()
