"""Lists of ten million records (issue 12, item 5) at the service layer, shown at small
scale: an id read that is no longer wanted stops within a slice, and a whole list is
counted in SQL, never by reading its ids.  SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from crmdesk.core.filters import Filter, ListQuery
from crmdesk.core.services import mass_update, records
from crmdesk.core.services.customers import customers


def _customers(s: Any, actor: Any, n: int, **values: Any) -> list[int]:
    return [customers.create(s, actor, {"name": f"大客户{i:03d}", **values}).id
            for i in range(n)]


def test_an_id_read_stops_when_told(db, users, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(records, "ID_SLICE", 5)
    with db.transaction() as s:
        made = _customers(s, users.staff1, 23)
    with db.session() as s:
        query = ListQuery(sort=[("id", True)])
        whole = customers.id_array(s, users.staff1, query)
        assert list(whole) == sorted(made, reverse=True)
        asked: list[int] = []

        def after_two_slices() -> bool:
            asked.append(1)
            return len(asked) > 2

        part = customers.id_array(s, users.staff1, query, stop=after_two_slices)
        assert list(part) == list(whole[:10])  # two slices of five, then no more
        assert len(customers.id_array(s, users.staff1, query, stop=lambda: True)) == 0


def test_counting_a_whole_list_reads_no_ids(db, users, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        _customers(s, users.manager, 3, city="北京市")
        _customers(s, users.manager, 2, city="上海市")

    def no_id_list(*_args: Any, **_kwargs: Any) -> list[int]:
        raise AssertionError("the ids of the whole list were read only to be counted")

    monkeypatch.setattr(customers, "ids", no_id_list)
    with db.session() as s:
        query = ListQuery(filters=[Filter("city", "eq", "北京市")])
        assert mass_update.count(s, users.manager, "customer", query=query) == 3
