"""A datasheet's actions on "all shown" at ten million records, at the service layer and
at small scale: adding a list's customers to a campaign is one ``INSERT ... SELECT``,
setting a field on a list walks it in id chunks; each gives what the old way (every id
of the list read first) gave, without reading the list's ids.  SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import event, select

from crmdesk.core.filters import Filter, ListQuery
from crmdesk.core.models import AuditEntry, CampaignMember, Customer
from crmdesk.core.services import campaigns as campaigns_module
from crmdesk.core.services import mass_update
from crmdesk.core.services.campaigns import campaigns
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import RecordService
from crmdesk.jobs import Cancelled


def _customers(s: Any, actor: Any, n: int, **values: Any) -> list[int]:
    return [customers.create(s, actor, {"name": f"名单客户{actor.username}{i:02d}", **values}).id
            for i in range(n)]


@pytest.fixture
def no_id_lists(monkeypatch: pytest.MonkeyPatch) -> Any:
    """After ``no_id_lists.on()``, reading a whole list's ids fails the test."""

    class Guard:
        def on(self) -> None:
            def refuse(*_args: Any, **kwargs: Any) -> Any:
                if kwargs.get("limit") is not None:  # a page: bounded
                    return real_ids(*_args, **kwargs)
                raise AssertionError("the ids of the whole list were read")

            monkeypatch.setattr(RecordService, "ids", refuse)
            monkeypatch.setattr(RecordService, "id_array", refuse)

    real_ids = RecordService.ids
    return Guard()


def _statements(db: Any) -> tuple[list[str], Any]:
    seen: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.lower().split()))

    event.listen(db.engine, "before_cursor_execute", listen)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", listen)


# ---------------------------------------------------------------------------
# Add all shown to a campaign
# ---------------------------------------------------------------------------

def _campaign_world(db: Any, users: Any) -> dict[str, Any]:
    with db.transaction() as s:
        beijing = _customers(s, users.staff1, 4, city="北京市")
        shanghai = _customers(s, users.staff1, 2, city="上海市")
        theirs = _customers(s, users.staff3, 2, city="北京市")  # another team's
        gone = _customers(s, users.staff1, 1, city="北京市")
        customers.delete(s, users.staff1, gone[0])
        camp = campaigns.create(s, users.manager, {"name": "北京答谢会", "status": "active"}).id
        twin = campaigns.create(s, users.manager, {"name": "北京答谢会二", "status": "active"}).id
        for campaign_id in (camp, twin):  # one member already
            campaigns.add_members(s, users.manager, campaign_id, [beijing[0]])
    return {"beijing": beijing, "shanghai": shanghai, "theirs": theirs, "gone": gone,
            "camp": camp, "twin": twin}


def _members(s: Any, campaign_id: int) -> set[int]:
    return set(s.execute(select(CampaignMember.customer_id).where(
        CampaignMember.campaign_id == campaign_id)).scalars())


def _last_entry(s: Any) -> AuditEntry:
    entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
    assert entry is not None
    return entry  # type: ignore[no-any-return]


@pytest.mark.parametrize("query", [
    ListQuery(filters=[Filter("city", "eq", "北京市")], sort=[("name", False)]),
    ListQuery(text="名单客户"),  # the quick filter
    ListQuery(),
], ids=["filter", "quick filter", "everything"])
def test_adding_a_list_to_a_campaign_adds_what_its_ids_added(db, users, no_id_lists,  # type: ignore[no-untyped-def]
                                                             query) -> None:
    world = _campaign_world(db, users)
    actor = users.staff1
    with db.transaction() as s:  # the old way: every id of the list, then add_members
        shown = customers.ids(s, actor, query)
        old = campaigns.add_members(s, actor, world["twin"], shown)
    no_id_lists.on()
    statements, stop = _statements(db)
    try:
        with db.transaction() as s:
            added = campaigns.add_shown(s, actor, world["camp"], query)
    finally:
        stop()
    assert added == old > 0
    inserts = [st for st in statements if st.startswith("insert into campaign_members")]
    assert len(inserts) == 1 and "select" in inserts[0]  # one INSERT ... SELECT
    with db.session() as s:
        assert _members(s, world["camp"]) == _members(s, world["twin"])
        members = _members(s, world["camp"])
        assert not members & set(world["theirs"] + world["gone"])  # invisible, deleted
        entry = _last_entry(s)
        assert entry.entity == "campaign" and entry.entity_id == world["camp"]
        assert f"Added {added} members to" in entry.summary
        listed = json.loads(entry.after or "{}")["customer_ids"]
        assert sorted(listed) == sorted(members - {world["beijing"][0]})


def test_a_list_already_in_the_campaign_adds_none_and_is_not_audited(db, users) -> None:  # type: ignore[no-untyped-def]
    world = _campaign_world(db, users)
    query = ListQuery(filters=[Filter("city", "eq", "北京市")])
    with db.transaction() as s:
        assert campaigns.add_shown(s, users.staff1, world["camp"], query) == 3
    with db.transaction() as s:
        entries = len(s.execute(select(AuditEntry.id)).all())
        assert campaigns.add_shown(s, users.staff1, world["camp"], query) == 0
        assert len(s.execute(select(AuditEntry.id)).all()) == entries


def test_the_audit_entry_of_a_big_list_names_a_bounded_number_of_customers(  # type: ignore[no-untyped-def]
        db, users, monkeypatch) -> None:
    monkeypatch.setattr(campaigns_module, "AUDIT_IDS", 2)
    world = _campaign_world(db, users)
    with db.transaction() as s:
        added = campaigns.add_shown(s, users.manager, world["camp"], ListQuery())
    with db.session() as s:
        entry = _last_entry(s)
        assert f"Added {added} members" in entry.summary and added > 2
        assert len(json.loads(entry.after or "{}")["customer_ids"]) == 2


def test_a_closed_campaign_takes_no_list(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.errors import KnownError

    world = _campaign_world(db, users)
    with db.transaction() as s:
        campaigns.update(s, users.manager, world["camp"], {"status": "completed"})
    with db.transaction() as s, pytest.raises(KnownError, match="completed or cancelled"):
        campaigns.add_shown(s, users.staff1, world["camp"], ListQuery())


# ---------------------------------------------------------------------------
# Set field on all shown
# ---------------------------------------------------------------------------

def test_a_list_is_set_in_id_chunks_as_its_ids_were(db, users, no_id_lists,  # type: ignore[no-untyped-def]
                                                    monkeypatch) -> None:
    monkeypatch.setattr(mass_update, "CHUNK", 2)
    with db.transaction() as s:
        beijing = _customers(s, users.staff1, 5, city="北京市")
        _customers(s, users.staff1, 2, city="上海市")
        theirs = _customers(s, users.staff3, 2, city="北京市")
        customers.delete(s, users.staff1, beijing.pop())
    actor = users.staff1
    query = ListQuery(filters=[Filter("city", "eq", "北京市")], sort=[("name", True)])
    with db.session() as s:  # what the old way took: every id of the list
        assert sorted(customers.ids(s, actor, query)) == sorted(beijing)
    no_id_lists.on()
    progress: list[tuple[int, int]] = []
    statements, stop = _statements(db)
    try:
        with db.transaction() as s:
            result = mass_update.run(s, actor, "customer", "intent_level", "H", query=query,
                                     progress=lambda done, total: progress.append((done, total)))
    finally:
        stop()
    assert (result.requested, result.changed, result.unchanged, result.refused_count) == \
        (4, 4, 0, 0)
    assert progress == [(2, 4), (4, 4)]  # done/total after each chunk; total counted
    chunk_reads = [st for st in statements if st.startswith("select customers.id")
                   and "customers.id >" in st and " limit " in st]
    assert len(chunk_reads) == 2  # two chunks of two, the second ends at the highest id
    with db.session() as s:
        levels = dict(s.execute(select(Customer.id, Customer.intent_level)).all())
        assert {i for i, level in levels.items() if level == "H"} == set(beijing)
        entry = _last_entry(s)
        assert json.loads(entry.after or "{}")["ids"] == sorted(beijing)
        assert "4 records" in entry.summary
        assert all(levels[i] is None for i in theirs)


def test_setting_the_field_a_list_is_filtered_on_reaches_every_record(db, users,  # type: ignore[no-untyped-def]
                                                                      monkeypatch) -> None:
    """Each chunk leaves the list as it is changed: the walk goes on after the last id,
    so no record is skipped (the old way: every id read first)."""
    monkeypatch.setattr(mass_update, "CHUNK", 2)
    with db.transaction() as s:
        made = _customers(s, users.manager, 5, status="potential")
    query = ListQuery(filters=[Filter("status", "eq", "potential")])
    with db.transaction() as s:
        result = mass_update.run(s, users.manager, "customer", "status", "active", query=query)
        assert (result.requested, result.changed) == (5, 5)
    with db.session() as s:
        statuses = dict(s.execute(select(Customer.id, Customer.status)).all())
        assert all(statuses[i] == "active" for i in made)
        assert mass_update.count(s, users.manager, "customer", query=query) == 0


def test_cancelling_a_list_update_changes_nothing(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(mass_update, "CHUNK", 2)
    with db.transaction() as s:
        made = _customers(s, users.manager, 5)

    def cancel(done: int, _total: int) -> None:
        if done >= 2:
            raise Cancelled()

    with pytest.raises(Cancelled), db.transaction() as s:
        mass_update.run(s, users.manager, "customer", "intent_level", "A", query=ListQuery(),
                        progress=cancel)
    with db.session() as s:
        levels = dict(s.execute(select(Customer.id, Customer.intent_level)).all())
        assert all(levels[i] is None for i in made)


def test_the_chunks_hold_the_list_in_id_order(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        made = _customers(s, users.staff1, 7, city="北京市")
        _customers(s, users.staff2, 3, city="北京市")  # same team: staff1 does not see them
    with db.session() as s:
        total, chunks = mass_update.query_chunks(
            s, users.staff1, "customer", ListQuery(filters=[Filter("city", "eq", "北京市")]),
            size=3)
        assert total == 7
        assert list(chunks) == [made[0:3], made[3:6], made[6:7]]
        total, chunks = mass_update.query_chunks(
            s, users.staff1, "customer", ListQuery(filters=[Filter("city", "eq", "无")]))
        assert total == 0 and list(chunks) == []
