"""A committed write tells other windows what it changed (PostgreSQL NOTIFY); a rolled
back one tells nothing (crmdesk.core.changes)."""

from __future__ import annotations

import pytest

from crmdesk.core import changes
from crmdesk.core.services.customers import customers
from tests.conftest import PG_URL


def test_entities_and_payloads() -> None:
    assert changes.entities_of(["customers", "search_docs", "audit_log", "users"]) == [
        "customer", "user"]
    sender, entities = changes.parse(changes.payload(["ticket", "customer"])) or ("", [])
    assert sender == changes.SENDER and entities == ["customer", "ticket"]
    assert changes.parse("not json") is None
    assert changes.parse('{"entities": "x"}') is None


@pytest.mark.skipif(not PG_URL, reason="LISTEN/NOTIFY needs a PostgreSQL server")
def test_a_commit_notifies_its_record_types_and_a_rollback_nothing(db, users) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    assert PG_URL is not None
    conninfo = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as listener:
        listener.execute(f"LISTEN {changes.CHANNEL}")
        with pytest.raises(RuntimeError), db.transaction() as s:
            customers.create(s, users.staff1, {"name": "不会保存的客户"})
            raise RuntimeError("cancelled")
        with db.transaction() as s:
            customers.create(s, users.staff1, {"name": "新客户"})
        received = [changes.parse(n.payload) for n in listener.notifies(timeout=2,
                                                                          stop_after=2)]
    assert len(received) == 1
    sender, entities = received[0] or ("", [])
    assert sender == changes.SENDER
    assert "customer" in entities
