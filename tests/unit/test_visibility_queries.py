"""Who sees what, through every query a datasheet or the search box runs.

A staff member sees exactly their own customers and those customers' records, a
manager their team's, an administrator everyone's: in search, in lists (ids and
counts), in the quick filter and in the child datasheets, and still so after a
customer changes hands (the search index holds each document's owner).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from crmdesk.core import search
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.storage.backends import owner_kind_token, owner_token

#: customer name -> (owner, city); every name has 王 in it, the cities repeat
PEOPLE = {
    "王一": ("staff1", "北京市"), "王二": ("staff1", "上海市"), "王三公司": ("staff1", "北京市"),
    "王四": ("staff2", "北京市"), "王五公司": ("staff2", "上海市"),
    "王六": ("staff3", "北京市"), "王七公司": ("staff3", "北京市"),
    "王八": ("admin", "北京市"),
}
#: who may see whose customers (users fixture: manager leads staff1 and staff2,
#: manager2 leads staff3)
SEES = {
    "staff1": {"staff1"}, "staff2": {"staff2"}, "staff3": {"staff3"},
    "manager": {"manager", "staff1", "staff2"}, "manager2": {"manager2", "staff3"},
    "admin": {"admin", "manager", "manager2", "staff1", "staff2", "staff3"},
}
ROLES = sorted(SEES)


@dataclass
class World:
    customer: dict[str, int]  # name -> id
    contact: dict[str, int]  # customer name -> contact id (companies only)
    ticket: dict[str, int]
    task: dict[str, int]
    interaction: dict[str, int]


@pytest.fixture
def world(db, users) -> World:  # type: ignore[no-untyped-def]
    made = World({}, {}, {}, {}, {})
    with db.transaction() as s:
        for name, (owner, city) in PEOPLE.items():
            actor = getattr(users, owner)
            kind = "company" if name.endswith("公司") else "individual"
            cid = customers.create(s, actor, {"name": name, "kind": kind, "city": city,
                                              "status": "active"}).id
            made.customer[name] = cid
            if kind == "company":
                made.contact[name] = contacts.create(s, actor, {
                    "customer_id": cid, "name": f"{name[:2]}联系人"}).id
            made.ticket[name] = tickets.create(s, actor, {
                "customer_id": cid, "subject": f"{name}的工单"}).id
            made.task[name] = tasks.create(s, actor, {
                "customer_id": cid, "title": f"回访{name}"}).id
            made.interaction[name] = interactions.create(s, actor, {
                "customer_id": cid, "kind": "call", "summary": f"致电{name}"}).id
    return made


def visible(role: str) -> set[str]:
    return {name for name, (owner, _city) in PEOPLE.items() if owner in SEES[role]}


def found(db, actor, query: str, kind: str = "customer") -> set[int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {h.ref_id for h in search.search(s, actor, query, limit=100) if h.kind == kind}


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_exactly_what_the_role_may_see(db, users, world, role) -> None:  # type: ignore[no-untyped-def]
    actor = getattr(users, role)
    mine = visible(role)
    for query in ("王", "北京", "wang", "北京市"):  # 1, 2 characters, pinyin, 3+ characters
        expected = {world.customer[n] for n in mine
                    if query in ("王", "wang") or PEOPLE[n][1].startswith(query)}
        assert found(db, actor, query) == expected, query
    assert found(db, actor, "联系人", "contact") == {
        world.contact[n] for n in mine if n in world.contact}
    assert found(db, actor, "工单", "ticket") == {world.ticket[n] for n in mine}


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_quick_filter_hold_exactly_what_the_role_may_see(db, users, world,
                                                                   role) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        check_lists(s, getattr(users, role), role, world)


@pytest.mark.parametrize("many", [True, False])
@pytest.mark.parametrize("probe", [0, 3000])
def test_every_plan_gives_the_same_rows(db, users, world, many, probe,  # type: ignore[no-untyped-def]
                                        monkeypatch) -> None:
    """Lists reach a child's customer in two ways (the actor's customers listed, or each
    row's customer looked up) and the quick filter in two (from the index, or each row's
    document checked): every combination selects exactly the visible records."""
    monkeypatch.setattr(search, "quick_threshold", lambda *_args: probe)
    with db.session() as s:
        for role in ROLES:
            check_lists(s, replace(getattr(users, role), sees_many=many), role, world)


def check_lists(s, actor, role: str, world: World) -> None:  # type: ignore[no-untyped-def]
    """Customer and child lists, counts and quick filters hold exactly what *role* sees."""
    mine = visible(role)
    assert set(customers.ids(s, actor)) == {world.customer[n] for n in mine}
    assert customers.count(s, actor) == len(mine)
    # the quick filter, alone and with a filtered, sorted list
    assert set(customers.ids(s, actor, ListQuery(text="王"))) == \
        {world.customer[n] for n in mine}
    assert set(customers.ids(s, actor, ListQuery(text="公司"))) == \
        {world.customer[n] for n in mine if n.endswith("公司")}
    # nothing left to look for (a private use character, which the search drops): every
    # record the role sees, as with no text
    assert set(tickets.ids(s, actor, ListQuery(text="\ue000"))) == set(tickets.ids(s, actor))
    beijing = ListQuery(filters=[Filter("city", "eq", "北京市"),
                                 Filter("status", "eq", "active")],
                        sort=[("name", False)])
    names = [r["name"] for r in customers.rows(s, actor, customers.ids(s, actor, beijing))]
    assert names == sorted(n for n in mine if PEOPLE[n][1] == "北京市")
    assert customers.ids(s, actor, beijing, limit=2) == \
        customers.ids(s, actor, beijing)[:2]
    # child records follow their customer's visibility
    for service, ids in ((contacts, world.contact), (tickets, world.ticket),
                         (tasks, world.task), (interactions, world.interaction)):
        assert set(service.ids(s, actor)) == {ids[n] for n in mine if n in ids}, \
            service.entity
        assert service.count(s, actor) == len([n for n in mine if n in ids])
    assert set(contacts.ids(s, actor, ListQuery(text="联系人"))) == \
        {world.contact[n] for n in mine if n in world.contact}
    assert set(tickets.ids(s, actor, ListQuery(text="工单"))) == \
        {world.ticket[n] for n in mine}


def test_search_follows_a_customer_that_changes_hands(db, users, world) -> None:  # type: ignore[no-untyped-def]
    company = world.customer["王三公司"]
    with db.transaction() as s:  # staff1 -> staff2 (their manager reassigns)
        assert customers.reassign(s, users.manager, [company], users.staff2.user_id) == 1
    assert company not in found(db, users.staff1, "王")
    assert world.contact["王三公司"] not in found(db, users.staff1, "联系人", "contact")
    assert company in found(db, users.staff2, "王")
    assert world.contact["王三公司"] in found(db, users.staff2, "联系人", "contact")
    assert world.ticket["王三公司"] in found(db, users.staff2, "工单", "ticket")
    with db.session() as s:
        assert company in customers.ids(s, users.staff2, ListQuery(text="王"))
        assert company not in customers.ids(s, users.staff1, ListQuery(text="王"))

    with db.transaction() as s:  # and on to the other team, by editing the owner field
        customers.update(s, users.admin, company, {"owner_id": users.staff3.user_id})
    assert company not in found(db, users.staff2, "王")
    assert company not in found(db, users.manager, "王")
    assert company in found(db, users.staff3, "王三")
    assert company in found(db, users.manager2, "wang")
    assert world.contact["王三公司"] in found(db, users.manager2, "联系人", "contact")


def test_manager_sees_a_new_team_member_customers(db, users, world) -> None:  # type: ignore[no-untyped-def]
    """The index holds owners, not teams: moving a person between teams needs no reindex."""
    from crmdesk.core.services import accounts

    with db.transaction() as s:
        accounts.update_user(s, users.admin, users.staff3.user_id, team_id=users.manager.team_id)
    assert world.customer["王六"] in found(db, users.manager, "王")
    assert world.customer["王六"] not in found(db, users.manager2, "王")


@pytest.mark.parametrize("word", ["owner", "owner-kind"])
def test_typed_owner_words_match_nothing(db, users, world, word) -> None:  # type: ignore[no-untyped-def]
    token = owner_token(users.staff1.user_id) if word == "owner" else \
        owner_kind_token(users.staff1.user_id, "customer")
    for actor in (users.admin, users.staff1):
        assert found(db, actor, token) == set()
        assert found(db, actor, "王" + token) == found(db, actor, "王")
    with db.session() as s:
        assert customers.ids(s, users.admin, ListQuery(text=token)) == \
            customers.ids(s, users.admin)
        assert customers.ids(s, users.staff1, ListQuery(text=token)) == \
            customers.ids(s, users.staff1)


def test_refilling_the_index_keeps_every_answer(db, users, world) -> None:  # type: ignore[no-untyped-def]
    before = {role: found(db, getattr(users, role), "王") for role in ROLES}
    with db.transaction() as s:
        assert search.reindex_stored(s) >= len(PEOPLE)
    assert {role: found(db, getattr(users, role), "王") for role in ROLES} == before


@pytest.mark.sqlite_only("downgrades the .crmdb file to schema 0003 and reads SQLite's FTS5 "
                         "search tables (search_short MATCH, PRAGMA table_info)")
def test_a_file_from_before_owners_were_indexed_upgrades(db, db_path, users, world) -> None:  # type: ignore[no-untyped-def]
    """Migration 0004 on a 0003 file: the column is filled and the full-text rows get
    their owners, so every role finds the same as on a new file (and back down again)."""
    from alembic import command

    from crmdesk.storage import migrations
    from crmdesk.storage.database import open_database

    before = {role: found(db, getattr(users, role), "王") for role in ROLES}
    db.close()
    down = open_database(db_path)
    with down.engine.begin() as conn:
        command.downgrade(migrations.alembic_config(conn), "0003")
        assert "owner_id" not in [r[1] for r in conn.exec_driver_sql(
            "PRAGMA table_info(search_docs)")]
        # what 0003 searches: the full-text rows without owner words
        assert conn.exec_driver_sql("SELECT count(*) FROM search_short WHERE search_short "
                                    "MATCH '\"王\"'").scalar() == conn.exec_driver_sql(
            "SELECT count(*) FROM search_docs WHERE instr(body, '王')").scalar() >= len(PEOPLE)
    down.close()
    upgraded = open_database(db_path)  # upgrades to head (after a copy)
    try:
        assert {role: found(upgraded, getattr(users, role), "王") for role in ROLES} == before
        with upgraded.transaction() as s:  # and writes keep the index exact afterwards
            customers.reassign(s, users.admin, [world.customer["王一"]], users.staff3.user_id)
        assert world.customer["王一"] in found(upgraded, users.staff3, "王")
        assert world.customer["王一"] not in found(upgraded, users.staff1, "王")
    finally:
        upgraded.close()


def staff1s_work_on_staff3s_customer(db, users, world) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A ticket assigned to staff1 and an opportunity staff1 owns, on staff3's 王六."""
    from crmdesk.core.services.sales import opportunities

    with db.transaction() as s:
        ticket = tickets.create(s, users.admin, {
            "customer_id": world.customer["王六"], "subject": "螺旋桨异响",
            "assignee_id": users.staff1.user_id}).id
        deal = opportunities.create(s, users.admin, {
            "customer_id": world.customer["王六"], "title": "螺旋桨改装",
            "owner_id": users.staff1.user_id}).id
    return ticket, deal


@pytest.mark.parametrize("many", [True, False])
@pytest.mark.parametrize("probe", [0, 3000])
def test_the_quick_filter_finds_ones_own_records_on_others_customers(  # type: ignore[no-untyped-def]
        db, users, world, many, probe, monkeypatch) -> None:
    """A ticket assigned to staff1, an opportunity staff1 owns, both on staff3's customer:
    staff1's lists hold them (their assignee / owner), so the quick filter finds them
    too, whichever plan it takes (the search index holds the customer's owner, not the
    assignee), and staff1's manager finds them; staff2 and manager2's team see only
    what they saw before."""
    from crmdesk.core.services.sales import opportunities

    monkeypatch.setattr(search, "quick_threshold", lambda *_args: probe)
    ticket, deal = staff1s_work_on_staff3s_customer(db, users, world)
    with db.session() as s:
        for role, sees in (("staff1", True), ("manager", True), ("admin", True),
                           ("staff2", False), ("staff3", True), ("manager2", True)):
            actor = replace(getattr(users, role), sees_many=many)
            for service, record, query in ((tickets, ticket, "螺旋桨"),
                                           (tickets, ticket, "螺旋"),
                                           (opportunities, deal, "螺旋桨")):
                listed = record in service.ids(s, actor)
                filtered = service.ids(s, actor, ListQuery(text=query))
                assert listed == sees, (role, service.entity)
                assert (record in filtered) == sees, (role, service.entity, query)
                assert set(filtered) <= set(service.ids(s, actor)), (role, service.entity)


@pytest.mark.sqlite_only("SQLite's plan: without statistics it takes owner_id = ? for a few rows")
def test_a_quick_filters_few_matches_lead_the_list(db, users, world) -> None:  # type: ignore[no-untyped-def]
    """A staff member's few matches are listed by id and the list starts from them, its
    scope checked on each (not every customer of the owner read through the owner's
    index: a 5 % staff member's 500,000 at ten million customers, 35-100 ms for 5,800
    matches; from the matches 0.6 ms)."""
    from sqlalchemy import text

    for service, word in ((customers, "王一"), (tickets, "王一")):
        with db.session() as s:
            stmt = service._ordered_ids(s, users.staff1, ListQuery(text=word)).limit(201)
            sql = str(stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
            steps = [row[3] for row in s.execute(text("EXPLAIN QUERY PLAN " + sql))]
            table = service.model.__tablename__
            assert any(step.startswith(f"SEARCH {table} USING INTEGER PRIMARY KEY")
                       for step in steps), steps
            assert service.ids(s, users.staff1, ListQuery(text=word)) == \
                [world.ticket["王一"] if service is tickets else world.customer["王一"]]


def _search_agrees_with_lists(db, users, records, query: str) -> None:  # type: ignore[no-untyped-def]
    """Every role's search box finds each record exactly when its list holds it."""
    with db.session() as s:
        for role in ROLES:
            actor = getattr(users, role)
            hits = {(h.kind, h.ref_id) for h in search.search(s, actor, query, limit=100)}
            for service, record in records:
                listed = record in service.ids(s, actor)
                assert ((service.entity, record) in hits) == listed, (role, service.entity)


def test_the_search_box_finds_ones_own_records_on_others_customers(db, users, world) -> None:  # type: ignore[no-untyped-def]
    """A ticket assigned to staff1 and an opportunity staff1 owns, on staff3's customer,
    are in staff1's lists, so staff1's search box finds them (the index holds the
    personal user beside the customer's owner); given to staff2, they leave staff1's
    search and join staff2's; a handover carries them along."""
    from crmdesk.core.services import handover
    from crmdesk.core.services.sales import opportunities

    ticket, deal = staff1s_work_on_staff3s_customer(db, users, world)
    records = [(tickets, ticket), (opportunities, deal)]
    for query in ("螺旋桨", "螺旋", "螺"):
        _search_agrees_with_lists(db, users, records, query)
    with db.session() as s:
        assert {h.ref_id for h in search.search(s, users.staff1, "螺旋桨")
                if h.kind == "ticket"} == {ticket}
    with db.transaction() as s:
        tickets.update(s, users.admin, ticket, {"assignee_id": users.staff3.user_id})
        opportunities.update(s, users.admin, deal, {"owner_id": users.staff2.user_id})
    _search_agrees_with_lists(db, users, records, "螺旋桨")
    with db.session() as s:
        assert not search.search(s, users.staff1, "螺旋桨")
        assert [h.ref_id for h in search.search(s, users.staff2, "螺旋桨")] == [deal]
    # a handover moves open work with the customers: the index follows the bulk write
    with db.transaction() as s:
        mine = tickets.create(s, users.staff1, {
            "customer_id": world.customer["王一"], "subject": "桨叶裂纹",
            "assignee_id": users.staff1.user_id}).id
    with db.transaction() as s:
        handover.run(s, users.admin, "staff1", "staff3")
    _search_agrees_with_lists(db, users, [(tickets, mine)], "桨叶裂纹")
    _search_agrees_with_lists(db, users, [(tickets, mine)], "桨叶")
    with db.session() as s:
        assert [h.ref_id for h in search.search(s, users.staff3, "桨叶")] == [mine]
        assert not search.search(s, users.staff1, "桨叶")


@pytest.mark.sqlite_only("downgrades the .crmdb file to schema 0022 and reads SQLite's FTS5 "
                         "search tables")
def test_a_file_from_before_personal_users_were_indexed_upgrades(  # type: ignore[no-untyped-def]
        db, db_path, users, world) -> None:
    """Revision 0023 on a 0022 file: the ticket assigned to staff1 on staff3's customer
    gets staff1's word in the index, and staff1's search finds it."""
    from alembic import command

    from crmdesk.storage import migrations
    from crmdesk.storage.database import open_database

    with db.transaction() as s:
        ticket = tickets.create(s, users.admin, {
            "customer_id": world.customer["王六"], "subject": "螺旋桨异响",
            "assignee_id": users.staff1.user_id}).id
    with db.session() as s:
        before = {role: {(h.kind, h.ref_id) for h in search.search(
            s, getattr(users, role), "回访")} for role in ROLES}
    assert ("task", world.task["王一"]) in before["staff1"]
    db.close()
    words = f'"螺旋" AND "{owner_token(users.staff1.user_id)}"'
    down = open_database(db_path)
    with down.engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM search_short WHERE search_short "
                                    "MATCH ?", (words,)).scalar() == 1
        command.downgrade(migrations.alembic_config(conn), "0022")
        assert conn.exec_driver_sql("SELECT count(*) FROM search_short WHERE search_short "
                                    "MATCH ?", (words,)).scalar() == 0
        # tasks had no documents then
        assert conn.exec_driver_sql("SELECT count(*) FROM search_short WHERE search_short "
                                    "MATCH '\"回访\"'").scalar() == 0
    down.close()
    upgraded = open_database(db_path)
    try:
        with upgraded.session() as s:
            assert [(h.kind, h.ref_id) for h in search.search(s, users.staff1, "螺旋桨")] == \
                [("ticket", ticket)]
            assert not search.search(s, users.staff2, "螺旋桨")
            # every live task indexed again, each role finding what it found before
            assert {role: {(h.kind, h.ref_id) for h in search.search(
                s, getattr(users, role), "回访")} for role in ROLES} == before
    finally:
        upgraded.close()


def test_the_search_box_finds_tasks_as_their_list_shows_them(db, users, world) -> None:  # type: ignore[no-untyped-def]
    """Tasks are searched through the index: each role's search box finds a task exactly
    when its task list holds it (its customer's or its assignee's), a task of no
    customer too; a follow-up task the cadence makes, a deleted and a restored task,
    and a purged customer's tasks keep the index exact."""
    from crmdesk.core.models import SearchDoc

    with db.transaction() as s:
        loose = tasks.create(s, users.staff1, {"title": "整理展会名片"}).id
        theirs = tasks.create(s, users.admin, {
            "customer_id": world.customer["王六"], "title": "展会样品寄送",
            "assignee_id": users.staff2.user_id}).id
    for query, records in (("展会", [loose, theirs]), ("展", [loose, theirs]),
                           ("名片", [loose]), ("展会样品", [theirs])):
        _search_agrees_with_lists(db, users, [(tasks, r) for r in records], query)
    _search_agrees_with_lists(db, users, [(tasks, world.task[n]) for n in PEOPLE], "回访")
    with db.session() as s:
        assert {h.ref_id for h in search.search(s, users.staff1, "展会")} == {loose}
        assert {h.ref_id for h in search.search(s, users.staff2, "展会")} == {theirs}
        assert {h.ref_id for h in search.search(s, users.admin, "展会")} == {loose, theirs}
        # the task list's quick filter answers from the index, for every plan
        assert tasks.ids(s, users.staff1, ListQuery(text="名片")) == [loose]
        assert tasks.ids(s, users.staff2, ListQuery(text="展会")) == [theirs]
    with db.transaction() as s:
        tasks.delete(s, users.staff1, loose)
    with db.session() as s:
        assert not search.search(s, users.staff1, "名片")
    with db.transaction() as s:
        tasks.restore(s, users.admin, loose)
        tasks.update(s, users.admin, loose, {"title": "整理客户名片"})
    with db.session() as s:
        assert [h.title for h in search.search(s, users.staff1, "名片")] == ["整理客户名片"]
        assert not search.search(s, users.staff1, "展会")
    # a purged customer's tasks leave the index with it
    with db.transaction() as s:
        customers.delete(s, users.admin, world.customer["王六"], hard=True)
    with db.session() as s:
        assert not s.query(SearchDoc).filter(SearchDoc.kind == "task",
                                             SearchDoc.ref_id == theirs).count()
        assert not search.search(s, users.admin, "展会样品")


def test_revision_0023_down_and_up_keeps_every_answer(db, users, world) -> None:  # type: ignore[no-untyped-def]
    """Down to 0022 (no personal users, no task documents) and up again, on either
    database: every role's search finds what it found before."""
    from alembic import command

    from crmdesk.storage import migrations

    with db.transaction() as s:
        tickets.create(s, users.admin, {"customer_id": world.customer["王六"],
                                        "subject": "螺旋桨异响",
                                        "assignee_id": users.staff1.user_id})

    def answers() -> dict[str, set[tuple[str, int]]]:
        with db.session() as s:
            return {f"{role} {query}": {(h.kind, h.ref_id) for h in search.search(
                s, getattr(users, role), query, limit=100)}
                for role in ROLES for query in ("螺旋桨", "螺旋", "回访", "王")}

    before = answers()
    assert ("task", world.task["王一"]) in before["staff1 回访"]
    with db.engine.begin() as conn:
        command.downgrade(migrations.alembic_config(conn), "0022")
        assert conn.exec_driver_sql("SELECT count(*) FROM search_docs WHERE kind = 'task'"
                                    ).scalar() == 0
        command.upgrade(migrations.alembic_config(conn), "head")
    assert answers() == before


@pytest.mark.sqlite_only("reads SQLite's trigram table (search_tri) and its kind words, "
                         "which revision 0024 adds on SQLite only")
def test_a_long_word_many_customers_hold_is_counted_for_the_list_s_own_kind(  # type: ignore[no-untyped-def]
        db, users, world, monkeypatch) -> None:
    """A word of three or more characters in every customer but one ticket: the tickets
    list's quick filter counts the tickets' own matches inside the index and lists the
    one (before revision 0024 the trigram rows held no kind: every kind's matches
    passed the threshold and the list was read in its own order to its end)."""
    from crmdesk.storage.backends import backend_of

    with db.transaction() as s:
        for name in world.customer:
            customers.update(s, users.admin, world.customer[name], {"address": "螺旋桨大街"})
        ticket = tickets.create(s, users.admin, {"customer_id": world.customer["王一"],
                                                 "subject": "螺旋桨大街的门店报修"}).id
    monkeypatch.setattr(search, "quick_threshold", lambda *_args: 3)
    with db.session() as s:
        p = search.plan("螺旋桨")
        assert p is not None and p.short is None  # answered by the trigram table
        backend = backend_of(s)
        assert backend.matching_refs(s, p.query, p.short, None, "ticket", 4) == [ticket]
        assert backend.matching_refs(s, p.query, p.short, None, "customer", 4) is None
        # the customers hold most of the matches: their own count is not asked (it
        # would pass the threshold too, at the cost of the customers' whole word list)
        import json

        from sqlalchemy import text

        found = list(s.execute(text(
            "SELECT rowid FROM search_tri WHERE search_tri MATCH '\"螺旋桨\"'")).scalars())
        docs = json.dumps(found)
        assert backend._kind_share(s, docs, len(found), "customer") == pytest.approx(8 / 9)
        assert backend._kind_share(s, docs, len(found), "ticket") == pytest.approx(1 / 9)
        assert tickets.ids(s, users.admin, ListQuery(text="螺旋桨")) == [ticket]
        assert tickets.ids(s, users.staff1, ListQuery(text="螺旋桨")) == [ticket]
        assert tickets.ids(s, users.staff2, ListQuery(text="螺旋桨")) == []
        assert set(customers.ids(s, users.admin, ListQuery(text="螺旋桨"))) == \
            set(world.customer.values())


def every_answer(db, users, services, list_queries) -> dict[str, set[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    """Every role's search box for a few words, and its lists' quick filters for
    *list_queries*: what a revision's way down and up must leave as it was."""
    with db.session() as s:
        found = {f"{role} {query}": {(h.kind, h.ref_id) for h in search.search(
            s, getattr(users, role), query, limit=100)}
            for role in ROLES for query in ("的工单", "王一的", "回访王", "王")}
        for service in services:
            found.update({f"{role} {service.entity} {query}": {
                (service.entity, i) for i in service.ids(
                    s, getattr(users, role), ListQuery(text=query))}
                for role in ROLES for query in list_queries})
        return found


@pytest.mark.sqlite_only("downgrades the .crmdb file to 0023 and reads SQLite's trigram "
                         "table (search_tri MATCH), which revision 0024 rewrites")
def test_revision_0024_down_and_up_keeps_every_answer_and_the_index_exact(  # type: ignore[no-untyped-def]
        db, users, world) -> None:
    """Down to 0023 the trigram rows lose their kind's word, up again they hold it;
    every role's search and quick filters answer as before, and a record written
    afterwards leaves no trace of its old text (a contentless row is removed by its
    exact words)."""
    from alembic import command

    from crmdesk.storage import migrations
    from crmdesk.storage.backends import kind_trigram, owner_token

    ticket = world.ticket["王一"]

    def answers() -> dict[str, set[tuple[str, int]]]:
        return every_answer(db, users, (tickets,), ("的工单", "王一的"))

    def kind_rows(conn) -> int:  # type: ignore[no-untyped-def]
        return int(conn.exec_driver_sql(
            "SELECT count(*) FROM search_tri WHERE search_tri MATCH ?",
            (f'"的工单" AND "{kind_trigram("ticket")}"',)).scalar())

    before = answers()
    assert ("ticket", ticket) in before["staff1 的工单"]
    with db.engine.begin() as conn:
        assert kind_rows(conn) == len(PEOPLE)
        command.downgrade(migrations.alembic_config(conn), "0023")
        assert kind_rows(conn) == 0
        # the owner words stay
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM search_tri WHERE search_tri MATCH ?",
            (f'"的工单" AND "{owner_token(users.staff1.user_id)}"',)).scalar() == 3
        command.upgrade(migrations.alembic_config(conn), "head")
        assert kind_rows(conn) == len(PEOPLE)
    assert answers() == before
    with db.transaction() as s:
        tickets.update(s, users.admin, ticket, {"subject": "门店报修单"})
    with db.session() as s:
        assert tickets.ids(s, users.admin, ListQuery(text="门店报修")) == [ticket]
        assert ticket not in tickets.ids(s, users.admin, ListQuery(text="王一的工单"))
        assert ("ticket", ticket) not in {(h.kind, h.ref_id) for h in search.search(
            s, users.staff1, "王一的工单")}
    with db.engine.begin() as conn:
        assert kind_rows(conn) == len(PEOPLE) - 1


@pytest.mark.parametrize("role", ROLES)
def test_the_index_lists_a_roles_matches_of_one_kind(db, users, world, role) -> None:  # type: ignore[no-untyped-def]
    """What the index hands a quick filter (``matching_refs``) for one kind: every
    record of that kind the role may see holding the word, none of another kind
    (the owners' words of the kind, revision 0025; an administrator's through the
    kind's word)."""
    from crmdesk.core.permissions import visible_owner_ids
    from crmdesk.storage.backends import backend_of

    ticket, _deal = staff1s_work_on_staff3s_customer(db, users, world)
    actor = getattr(users, role)
    with db.session() as s:
        owners = visible_owner_ids(s, actor)
        backend = backend_of(s)
        sees_ticket = role in ("staff1", "manager", "admin", "staff3", "manager2")
        for query, kind, expected in (
                ("的工单", "ticket", {world.ticket[n] for n in visible(role)}),
                ("王", "customer", {world.customer[n] for n in visible(role)}),
                ("螺旋桨", "ticket", {ticket} if sees_ticket else set()),
                ("回访王", "task", {world.task[n] for n in visible(role)})):
            p = search.plan(query)
            assert p is not None
            refs = backend.matching_refs(s, p.query, p.short, owners, kind, 100)
            if refs is None:  # a backend that leaves it to the list
                continue
            # exactly: the users' ids are all below 6,400, so no two share an
            # owner-kind word (customers', tickets' and tasks' ids overlap: another
            # kind's record would show)
            assert set(refs) == expected, (role, query)
            assert len(refs) == len(expected), (role, query)


@pytest.mark.sqlite_only("downgrades the .crmdb file to 0024 and reads SQLite's full-text "
                         "tables (search_tri, search_short MATCH), which revision 0025 "
                         "rewrites")
def test_revision_0025_down_and_up_keeps_every_answer_and_the_index_exact(  # type: ignore[no-untyped-def]
        db, users, world) -> None:
    """Down to 0024 the full-text rows lose their owner-kind words, up again they hold
    them; every role's search and quick filters answer as before, and a record written
    afterwards leaves no trace of its old text in either table (a contentless row is
    removed by its exact words)."""
    from alembic import command

    from crmdesk.storage import migrations

    ticket = world.ticket["王一"]
    staff1 = users.staff1.user_id

    def answers() -> dict[str, set[tuple[str, int]]]:
        return every_answer(db, users, (tickets, customers, tasks, contacts, interactions),
                            ("的工单", "王一", "王", "回访王"))

    def word_rows(conn, table: str, query: str) -> int:  # type: ignore[no-untyped-def]
        return int(conn.exec_driver_sql(
            f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
            (f'"{query}" AND "{owner_kind_token(staff1, "ticket")}"',)).scalar())

    before = answers()
    assert ("ticket", ticket) in before["staff1 的工单"]
    staff1_tickets = sum(owner == "staff1" for owner, _city in PEOPLE.values())
    with db.engine.begin() as conn:
        assert word_rows(conn, "search_tri", "的工单") == staff1_tickets
        assert word_rows(conn, "search_short", "王") == staff1_tickets
        command.downgrade(migrations.alembic_config(conn), "0024")
        assert word_rows(conn, "search_tri", "的工单") == 0
        assert word_rows(conn, "search_short", "王") == 0
        command.upgrade(migrations.alembic_config(conn), "head")
        assert word_rows(conn, "search_tri", "的工单") == staff1_tickets
        assert word_rows(conn, "search_short", "王") == staff1_tickets
    assert answers() == before
    with db.transaction() as s:
        tickets.update(s, users.admin, ticket, {"subject": "门店报修单"})
    with db.session() as s:
        assert tickets.ids(s, users.staff1, ListQuery(text="门店报修")) == [ticket]
        assert ticket not in tickets.ids(s, users.staff1, ListQuery(text="王一的工单"))
        assert ticket not in tickets.ids(s, users.staff1, ListQuery(text="王一"))
    with db.engine.begin() as conn:
        assert word_rows(conn, "search_tri", "的工单") == staff1_tickets - 1
        assert word_rows(conn, "search_short", "王") == staff1_tickets - 1


def test_a_long_words_few_matches_of_one_kind_among_many_of_others(db, users, world) -> None:  # type: ignore[no-untyped-def]
    """A word of three or more characters that more of a staff member's tickets hold
    than the threshold, and one opportunity: the opportunities' quick filter lists
    that one from the index (every kind's matches counted first, then the owners'
    words of the kind), the tickets' is left to the list's own order."""
    from crmdesk.core.permissions import visible_owner_ids
    from crmdesk.core.services.sales import opportunities
    from crmdesk.storage.backends import backend_of

    with db.transaction() as s:  # indexed first: the first matches are tickets
        more = [tickets.create(s, users.staff1, {"customer_id": world.customer["王一"],
                                                 "subject": f"螺旋桨第{n}次检修"}).id
                for n in (1, 2)]
    ticket, deal = staff1s_work_on_staff3s_customer(db, users, world)
    p = search.plan("螺旋桨")
    assert p is not None and p.short is None
    with db.session() as s:
        owners = visible_owner_ids(s, users.staff1)
        backend = backend_of(s)
        refs = backend.matching_refs(s, p.query, p.short, owners, "opportunity", 2)
        if backend.name == "sqlite":  # a server may leave it to the list
            assert refs == [deal]
        refs = backend.matching_refs(s, p.query, p.short, owners, "ticket", 2)
        assert refs is None or len(refs) >= 2
        assert set(tickets.ids(s, users.staff1, ListQuery(text="螺旋桨"))) == {ticket, *more}
        assert opportunities.ids(s, users.staff1, ListQuery(text="螺旋桨")) == [deal]
        assert opportunities.ids(s, users.staff2, ListQuery(text="螺旋桨")) == []
