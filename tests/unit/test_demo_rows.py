"""The demo's fast row generator stores what the services store: its customer rows are
what the bulk path (``CustomerRows``) makes of the same values, and its search documents
what ``search.prepare`` makes of the services' documents."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from crmdesk.core import demo, demo_rows, search
from crmdesk.core.demo_docs import NameKeys
from crmdesk.core.demo_gen import Generator
from crmdesk.core.services import bulk
from crmdesk.core.services.contacts import contact_doc
from crmdesk.core.services.customers import customer_doc
from crmdesk.core.services.sales import opportunity_doc
from crmdesk.core.services.tasks import task_doc
from crmdesk.core.services.tickets import ticket_doc
from crmdesk.storage.database import create_database

STORED_ONLY = {"id_number_enc", "id_number_bidx", "bank_account_enc", "bank_account_bidx",
               "code", "match_key", "created_at", "updated_at", "created_by_id",
               "updated_by_id", "deleted_at", "deleted_by_id", "version", "credit_limit_cents"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[demo_rows.Plan, Generator,
                                                             demo_rows.Prepared]:
    path = Path(tmp_path_factory.mktemp("rows")) / "rows.crmdb"
    db = create_database(path)
    try:
        plan, _admin = demo._setup(db, customers=600, seed=11, password="demo1234",
                                   related=True)
    finally:
        db.close()
    plan.batch = 600
    gen = Generator(plan)
    draft = gen.draft(0)
    made = gen.prepare_customers()
    base = dict(demo_rows.first_ids(), contact=7, ticket=3, opportunity=5)
    return plan, gen, gen.finish(draft, made, base)


def _rows(rows: Any) -> list[dict[str, Any]]:
    return [dict(zip(rows.columns, v, strict=True)) for v in rows.values]


def _same(made: list[search.PreparedDoc], expected: list[search.PreparedDoc]) -> None:
    assert len(made) == len(expected)
    for a, b in zip(made, expected, strict=True):
        assert a.row == b.row
        assert (a.tri, a.short, a.owner_id) == (b.tri, b.short, b.owner_id)


def test_customer_rows_are_what_the_bulk_path_stores(batch: Any) -> None:
    plan, gen, prepared = batch
    customers = _rows(prepared.customers.customers)
    assert len(customers) == 600
    rows = bulk.CustomerRows(gen.actor, defs=[gen.vip])
    for c in customers:
        cleaned = {k: v for k, v in c.items() if k not in STORED_ONLY}
        rows.add(c["id"], cleaned, created_at=c["created_at"], updated_at=c["updated_at"],
                 created_by=c["owner_id"])
    rows.number(plan.first_number)
    expected = _rows(rows.prepare(plan.dialect).customers)
    for mine, theirs in zip(customers, expected, strict=True):
        for column in ("id_number_enc", "id_number_bidx", "bank_account_enc",
                       "bank_account_bidx"):
            mine.pop(column)
            theirs.pop(column)
        assert mine == theirs
    # the sensitive ones are encrypted (an ID number on some individuals, accounts on some)
    with_id = [c for c in _rows(prepared.customers.customers) if c["id_number_enc"]]
    assert with_id and all(c["id_number_bidx"] for c in with_id)
    assert all(isinstance(c["created_at"], str) for c in customers)  # SQLite's stored form


def test_search_documents_are_what_the_services_index(batch: Any) -> None:
    _plan, _gen, prepared = batch
    customers = _rows(prepared.customers.customers)
    _same(prepared.customers.docs,
          search.prepare([customer_doc(SimpleNamespace(**c)) for c in customers]))
    names = {c["id"]: c["name"] for c in customers}
    tables = dict(prepared.tables)
    expected = [contact_doc(SimpleNamespace(**r), names[r["customer_id"]])  # type: ignore[arg-type]
                for r in _rows(tables["contacts"])]
    expected += [opportunity_doc(SimpleNamespace(**r), names[r["customer_id"]])  # type: ignore[arg-type]
                 for r in _rows(tables["opportunities"])]
    expected += [ticket_doc(SimpleNamespace(**r), names[r["customer_id"]])  # type: ignore[arg-type]
                 for r in _rows(tables["tickets"])]
    expected += [task_doc(SimpleNamespace(**r), names[r["customer_id"]])
                 for r in _rows(tables["tasks"])]
    assert len(expected) > 400 and any(doc.kind == "task" for doc in expected)
    _same(prepared.docs, search.prepare(expected))


def test_related_records_are_numbered_from_the_first_ids(batch: Any) -> None:
    _plan, _gen, prepared = batch
    tables = dict(prepared.tables)
    contacts = [r["id"] for r in _rows(tables["contacts"])]
    assert contacts == list(range(7, 7 + len(contacts)))
    tickets = _rows(tables["tickets"])
    assert tickets[0]["id"] == 3 and tickets[0]["code"].endswith("000003")
    assert {r["contact_id"] for r in tickets if r["contact_id"]} <= set(contacts)


def test_name_keys_are_the_pinyin_of_the_whole_name() -> None:
    keys = NameKeys()
    pools = demo_rows.Pools.draw(42)
    for surname in pools.surnames:
        for given in pools.given[:40]:
            assert keys(surname, given) == search.pinyin_keys(surname + given)
    for surname, given in (("曾", "经理"), ("单", "田芳"), ("欧阳", "娜娜"), ("张", "三丰")):
        assert keys(surname, given) == search.pinyin_keys(surname + given)


def test_moments_are_a_time_of_day_up_to_ten_hours_before_a_day_back(batch: Any) -> None:
    import random
    from datetime import timedelta

    plan, _gen, _prepared = batch
    for offset in (0, 8, -5, 14, -12, 5.5):
        plan.utc_offset = timedelta(hours=offset)
        gen = Generator(plan)
        for n, days_back in enumerate((0, 1, 2, 30, 729, 730, 900) * 30):
            gen.rnd = random.Random(n).random
            made, stored = gen._moment(days_back)
            rnd = random.Random(n).random
            day = gen.now - timedelta(days=days_back, minutes=int(rnd() * 600))
            assert made == day.replace(hour=8 + int(rnd() * 11), minute=int(rnd() * 60))
            assert stored == (made - plan.utc_offset).isoformat(" ", "microseconds")


def test_full_text_rows_hold_the_personal_users_words() -> None:
    """A demo record whose personal user (a ticket's assignee) is not its customer's
    owner gets both owners' words in its full-text rows, exactly as the index writes
    them for a record saved in the window (a contentless row is removed by its exact
    words: any difference would break the index at the record's next edit)."""
    from crmdesk.core.demo_docs import DocMaker
    from crmdesk.core.demo_stage import fts_rows
    from crmdesk.storage.backends import (
        owner_kind_token,
        owner_token,
        sqlite_short_text,
        sqlite_trigram_words,
    )

    ticket = DocMaker().doc("ticket", 7, 3, "T0007", "打印机卡纸", None, ("打印机卡纸",), "",
                            personal_id=12)
    [(doc_id, short, words)] = fts_rows(40, [ticket], [5])
    assert doc_id == 40
    assert short == sqlite_short_text(ticket.short, 5, "ticket", 12)
    assert words == sqlite_trigram_words(5, "ticket", 12)
    for owner in (5, 12):
        assert owner_token(owner) in short.split() and owner_token(owner) in words.split()
        assert owner_kind_token(owner, "ticket") in words.split()
