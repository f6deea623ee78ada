"""The bulk path (core/services/bulk.py) stores a customer exactly as RecordService.create."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crmdesk.core import search
from crmdesk.core.models import AuditEntry, Customer, SearchDoc
from crmdesk.core.services import audit, custom_fields
from crmdesk.core.services.bulk import BulkCreate
from crmdesk.core.services.customers import customers
from crmdesk.core.validation import id_check_digit
from crmdesk.errors import ValidationError

# what legitimately differs between two customers created from the same input
DIFFERENT = {"id", "code", "created_at", "updated_at", "id_number_enc", "bank_account_enc"}


def id_number(n: int) -> str:
    first17 = f"11010519{80 + n:02d}0101{n:03d}"
    return first17 + id_check_digit(first17)


def data(n: int) -> dict[str, Any]:
    return {"name": f"王{n}号", "company": "示范贸易有限公司", "mobile": f"1381234{n:04d}",
            "phone": "010 6123 4567", "email": f"W{n}@Example.com", "city": "北京市",
            "tags": "VIP, 老客户", "intent_level": "A", "id_number": id_number(n),
            "bank_name": "招商银行", "bank_account": f"6225 8801 2345 {n:04d}",
            "notes": "年底有采购预算"}


@pytest.fixture
def defs(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip", "会员等级", "choice",
                                        choices=["普通", "金卡"])
        custom_fields.create_definition(s, users.admin, "customer", "passport", "护照号",
                                        "text", is_sensitive=True)


def columns(s: Any, customer_id: int) -> dict[str, Any]:
    row = s.execute(select(Customer.__table__).where(Customer.id == customer_id)).one()
    return dict(row._mapping)


def test_bulk_customer_is_stored_as_the_service_stores_it(db, users, defs) -> None:  # type: ignore[no-untyped-def]
    actor = users.staff1
    custom = {"vip": "金卡", "passport": "E12345678"}
    with db.transaction() as s:
        one = customers.create(s, actor, data(1), custom=custom)
        bulk = BulkCreate(s, actor)
        two = bulk.add(bulk.clean(data(1)), custom=bulk.clean_custom(custom))
        assert bulk.pending(two)
        bulk.flush()
        assert not bulk.pending(two)
        three = customers.create(s, actor, data(3)).id
    with db.session() as s:
        a, b = columns(s, one.id), columns(s, two)
        assert {k: v for k, v in a.items() if k not in DIFFERENT} == \
            {k: v for k, v in b.items() if k not in DIFFERENT}
        assert b["version"] == 1 and b["owner_id"] == actor.user_id
        assert b["created_by_id"] == b["updated_by_id"] == actor.user_id
        assert b["match_key"] and b["id_number_bidx"] == a["id_number_bidx"]
        # codes from the same counter, in order
        assert [a["code"], b["code"], columns(s, three)["code"]] == [
            "C000001", "C000002", "C000003"]
        # the sensitive values decrypt with the user's key, and the blind index finds them
        record = customers.get(s, actor, two)
        assert customers.plaintext(actor, record, "id_number") == id_number(1)
        assert customers.plaintext(actor, record, "bank_account") == "6225880123450001"
        found = customers.find_by_sensitive(s, actor, "id_number", id_number(1))
        assert {c.id for c in found} == {one.id, two}
        # custom values, the sensitive one encrypted
        assert custom_fields.values(s, actor, "customer", two) == \
            custom_fields.values(s, actor, "customer", one.id)
        assert custom_fields.snapshot(s, "customer", two) == {"cf.vip": "金卡",
                                                              "cf.passport": "<set>"}
    with db.transaction() as s:
        assert custom_fields.reveal(s, actor, "customer", two, "passport") == "E12345678"
    with db.session() as s:
        # the same search document (but for its code), and search finds it
        docs = {d.ref_id: d for d in s.execute(select(SearchDoc).where(
            SearchDoc.kind == "customer")).scalars()}
        for attr in ("title", "subtitle", "keys"):
            assert getattr(docs[two], attr) == getattr(docs[one.id], attr)
        assert docs[two].body.replace("c000002", "") == docs[one.id].body.replace("c000001", "")
        assert docs[two].customer_id == two
        for query in ("C000002", "wang", "13812340001"):
            assert two in {h.ref_id for h in search.search(s, actor, query)}, query
        # a bulk create is audited by its caller, as one entry: none per record
        assert [e.action for e in customers.history(s, actor, one.id)] == ["create"]
        assert [e.action for e in customers.history(s, actor, two)] == ["reveal"]
        assert audit.verify_chain(s).ok


def test_bulk_clean_finds_what_the_service_finds(db, users) -> None:  # type: ignore[no-untyped-def]
    bad = {"name": "", "email": "x@", "mobile": "123", "owner_id": users.staff2.user_id}
    with db.transaction() as s, pytest.raises(ValidationError) as service:
        customers.create(s, users.staff1, bad)
    with db.transaction() as s:
        bulk = BulkCreate(s, users.staff1)
        for _ in range(2):  # the second time from the memo of reference checks
            with pytest.raises(ValidationError) as batch:
                bulk.clean(bad)
            assert [(e.field, e.message) for e in batch.value.errors] == \
                [(e.field, e.message) for e in service.value.errors]
        assert {e.field for e in batch.value.errors} == {"name", "email", "mobile", "owner_id"}
        # the defaults of a new customer
        cleaned = bulk.clean({"name": "李四"})
        assert (cleaned["owner_id"], cleaned["kind"], cleaned["status"]) == (
            users.staff1.user_id, "individual", "potential")


def test_bulk_writes_in_chunks_with_consecutive_codes(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "第一位"})
        bulk = BulkCreate(s, users.staff1, chunk=3)
        ids = [bulk.add(bulk.clean({"name": f"客户{n}", "mobile": f"1390000{n:04d}"}))
               for n in range(7)]
        # two chunks of three are written, the seventh waits for flush()
        assert s.execute(select(func.count(Customer.id))).scalar_one() == 7
        assert [bulk.pending(i) for i in ids] == [False] * 6 + [True]
        bulk.flush()
        codes = s.execute(select(Customer.code).where(Customer.id.in_(ids))
                          .order_by(Customer.id)).scalars().all()
        assert codes == [f"C{n:06d}" for n in range(2, 9)]
        assert customers.create(s, users.staff1, {"name": "最后"}).code == "C000009"


def test_an_import_is_one_bulk_create_and_one_audit_entry(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from crmdesk.exchange import importer
    from crmdesk.exchange.mapping import guess_mapping
    from crmdesk.exchange.sources import open_source

    book = Workbook()
    sheet = book.active
    sheet.append(["客户名称", "手机", "身份证号"])
    sheet.append(["王1号", "13812340001", id_number(1)])
    sheet.append(["王2号", "13812340002", id_number(2)])
    path = tmp_path / "in.xlsx"
    book.save(path)
    source = open_source(path)
    result = importer.run_import(db, users.staff1, source,
                                 guess_mapping("customer", source.headers),
                                 importer.ImportOptions())
    assert result.created == 2
    with db.session() as s:
        actions = s.execute(select(AuditEntry.action).where(
            AuditEntry.entity == "customer")).scalars().all()
        assert actions == ["import"]
        imported = s.execute(select(Customer).order_by(Customer.id)).scalars().all()
        assert [c.code for c in imported] == ["C000001", "C000002"]
        assert customers.plaintext(users.staff1, imported[1], "id_number") == id_number(2)
        assert audit.verify_chain(s).ok


def test_staged_customers_are_written_with_codes_in_creation_order(db, users, defs) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.bulk import CustomerRows

    actor = users.staff1
    custom = {"vip": "金卡", "passport": "E12345678"}
    with db.transaction() as s:
        bulk = BulkCreate(s, actor)
        added = bulk.add(bulk.clean(data(1)), custom=bulk.clean_custom(custom))
        bulk.flush()
        stager = CustomerRows(actor, defs=bulk.defs)
        first = bulk.next_id + 5  # staged ids may leave gaps (rows not created)
        batch = stager.stage(db.backend.name, [
            (first + n, bulk.clean(data(n)), bulk.clean_custom(custom), None, None)
            for n in range(3)])
        assert batch.ids == [first, first + 1, first + 2]
        # the first staged row is not created (a duplicate, say): no code is used up
        assert [bulk.add_staged(batch, 1), bulk.add_staged(batch, 2)] == [first + 1, first + 2]
        assert bulk.pending(first + 2)
        bulk.flush()
        assert not bulk.pending(first + 2)
    with db.session() as s:
        a, b = columns(s, added), columns(s, first + 1)
        assert {k: v for k, v in a.items() if k not in DIFFERENT | {"name", "mobile", "email",
                                                                     "id_number_bidx",
                                                                     "match_key"}} == \
            {k: v for k, v in b.items() if k not in DIFFERENT | {
                "name", "mobile", "email", "id_number_bidx", "match_key"}}
        assert [b["code"], columns(s, first + 2)["code"]] == ["C000002", "C000003"]
        assert s.get(Customer, first) is None
        record = customers.get(s, actor, first + 1)
        assert customers.plaintext(actor, record, "id_number") == id_number(1)
        assert customers.plaintext(actor, record, "bank_account") == "6225880123450001"
        assert custom_fields.values(s, actor, "customer", first + 1) == \
            custom_fields.values(s, actor, "customer", added)
        assert two_way_search(s, actor, first + 1, "C000002", "王1号", "wang",
                              "13812340001")
    with db.transaction() as s:
        assert custom_fields.reveal(s, actor, "customer", first + 2, "passport") == "E12345678"
        # an edit re-indexes the staged entry: the old one is removed cleanly
        customers.update(s, actor, first + 1, {"name": "赵六"})
    with db.session() as s:
        assert two_way_search(s, actor, first + 1, "赵六", "zhaoliu")
        assert first + 1 not in {h.ref_id for h in search.search(s, actor, "王1号")}


def two_way_search(s: Any, actor: Any, ref_id: int, *queries: str) -> bool:
    return all(ref_id in {h.ref_id for h in search.search(s, actor, q)} for q in queries)

