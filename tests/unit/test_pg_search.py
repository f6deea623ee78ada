"""The PostgreSQL search index (migration 0018): short tokens and owners in
``search_short``, kept in step with every write; queries in the shape SQLite answers."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crmdesk.core import search
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import ListQuery
from crmdesk.storage.backends import backend_of, pg_short_query, pg_short_terms
from tests.conftest import PG_URL


def test_short_queries_and_terms() -> None:
    assert pg_short_query("王", None) == "'王'"
    assert pg_short_query("三丰", [3, 3, 4]) == "'三丰' & ('@3' | '@4')"
    assert pg_short_query("zs", None) == "('zs' | '>zs')"  # the token, or a longer one's start
    assert pg_short_query("z", None) == "'z':*"
    assert pg_short_query("@q", None) is None  # read every document (still correct)
    assert pg_short_query("王", []) == "'王' & ('@none')"
    # the kind of the records a datasheet lists (revision 0020)
    assert pg_short_query("王", None, "contact") == "'王' & '#contact'"
    assert pg_short_query("zs", [3], "rt_visit") == "('zs' | '>zs') & '#rt_visit' & ('@3')"
    assert pg_short_terms("张 三 丰 张三 张 zsf", None, "customer") == [
        "张", "三", "丰", "张三", "zsf", ">zs", "#customer", "@0"]
    assert pg_short_terms("zs li zhangsan zhao", 7, "contact") == [
        "zs", "li", "zhangsan", "zhao", ">zh", "#contact", "@7"]


needs_server = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server")


def _titles(db, actor, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return sorted(h.title for h in search.search(s, actor, query))


@needs_server
def test_search_short_follows_writes_and_owners(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        a = customers.create(s, users.staff1, {"name": "张三丰"}).id
        customers.create(s, users.staff2, {"name": "李丰收"})
    with db.session() as s:
        docs, short = s.execute(text(
            "SELECT (SELECT count(*) FROM search_docs), (SELECT count(*) FROM search_short)")
        ).one()
        assert docs == short == 2
        assert s.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname IN "
                              "('ix_search_short_terms', 'ix_search_docs_body_trgm', "
                              "'ix_search_docs_kind_owner')")).scalar_one() == 3
    # one character inside the name (not a title prefix): the short index answers
    assert _titles(db, users.staff1, "丰") == ["张三丰"]
    assert _titles(db, users.admin, "丰") == ["张三丰", "李丰收"]
    assert _titles(db, users.staff1, "zs") == ["张三丰"]  # pinyin initials, as a prefix
    assert _titles(db, users.staff1, "三丰") == ["张三丰"]
    # handed over: the owner word in the index follows
    with db.transaction() as s:
        customers.update(s, users.admin, a, {"owner_id": users.staff2.user_id})
    assert _titles(db, users.staff1, "丰") == []
    assert _titles(db, users.staff2, "丰") == ["张三丰", "李丰收"]
    with db.transaction() as s:
        customers.update(s, users.admin, a, {"name": "张无忌"})
        customers.delete(s, users.admin, a)
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM search_short")).scalar_one() == \
            s.execute(text("SELECT count(*) FROM search_docs")).scalar_one()
    assert _titles(db, users.admin, "丰") == ["李丰收"]


@needs_server
def test_two_letters_find_longer_words_after_the_upgrade(db, users) -> None:  # type: ignore[no-untyped-def]
    """Two letters find a pinyin, an e-mail or a code that starts with them, both in a
    document written now and in one written before revision 0019 (its terms then had
    no prefixes: the upgrade adds them)."""
    from alembic import command

    from crmdesk.storage import migrations

    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "张三丰", "email": "zhang@example.com"})
        customers.create(s, users.staff1, {"name": "李丰收"})
    assert _titles(db, users.staff1, "zh") == ["张三丰"]  # zhangsanfeng, zhang
    assert _titles(db, users.staff1, "li") == ["李丰收"]  # lifengshou
    assert _titles(db, users.staff2, "zh") == []  # and still only one's own
    with db.engine.begin() as conn:  # the terms as 0018 wrote them, then upgraded again
        config = migrations.alembic_config(conn)
        command.downgrade(config, "0018")
        assert conn.execute(text("SELECT count(*) FROM search_short WHERE "
                                 "terms @@ CAST('>zh' AS tsquery)")).scalar_one() == 0
        command.upgrade(config, "head")
    assert _titles(db, users.staff1, "zh") == ["张三丰"]
    assert _titles(db, users.admin, "li") == ["李丰收"]


@needs_server
def test_a_quick_filter_reads_its_own_kind_from_the_index(db, users) -> None:  # type: ignore[no-untyped-def]
    """A customer and its contact both hold 王: each list's quick filter finds its own
    kind's records in the index alone (the kind and the record are in each entry since
    revision 0020), also in entries written before it (the upgrade adds them)."""
    from alembic import command

    from crmdesk.storage import migrations

    with db.transaction() as s:
        cid = customers.create(s, users.staff1, {"name": "王五商行", "kind": "company"}).id
        kid = contacts.create(s, users.staff1, {"customer_id": cid, "name": "王小明"}).id
        customers.create(s, users.staff2, {"name": "李四"})

    def refs(kind: str, owners: list[int] | None = None) -> list[int]:
        with db.session() as s:
            found = backend_of(s).matching_refs(s, "王", search.plan("王").short, owners,
                                                kind, 10)
            assert found is not None
            return found

    def listed() -> tuple[list[int], list[int]]:
        with db.session() as s:
            return (contacts.ids(s, users.staff1, ListQuery(text="王")),
                    customers.ids(s, users.staff1, ListQuery(text="王")))

    assert refs("contact") == [kid] and refs("customer") == [cid]
    assert refs("contact", [users.staff2.user_id]) == []  # not theirs
    assert listed() == ([kid], [cid])
    with db.engine.begin() as conn:  # the entries as 0019 wrote them, then upgraded again
        config = migrations.alembic_config(conn)
        command.downgrade(config, "0019")
        assert conn.execute(text("SELECT count(*) FROM search_short WHERE "
                                 "terms @@ CAST('#contact' AS tsquery)")).scalar_one() == 0
        command.upgrade(config, "head")
    assert refs("contact") == [kid] and refs("customer") == [cid]
    assert listed() == ([kid], [cid])


@needs_server
def test_a_quick_filter_lists_its_matches_as_one_array(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Up to the break-even, the matches' ids go into the list query as one array (9,000
    constants written into the statement took ~15 ms in Python); the rows are the same
    either way, and a filter with no match lists nothing."""
    with db.transaction() as s:
        for i in range(12):
            customers.create(s, users.staff1, {"name": f"王记{i}号店" if i % 3 else f"李记{i}"})

    def listed(text_: str, threshold: int) -> list[int]:
        monkeypatch.setattr(search, "quick_threshold", lambda *_args: threshold)
        with db.session() as s:
            return customers.ids(s, users.admin, ListQuery(text=text_, sort=[("id", True)]))

    from tests.statements import statements_of

    with statements_of(db.engine) as statements:
        by_index = listed("王记", 100)
    assert len(by_index) == 8 and by_index == listed("王记", 0)  # the list's own order
    assert any("= ANY (" in st for st in statements)
    assert listed("赵钱", 100) == []


@needs_server
def test_the_break_even_follows_the_share_an_actor_sees(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The planner's statistics say how many customers an actor's owners hold; an
    actor who sees fewer switches to the list's own order at fewer matches."""
    from dataclasses import replace

    from crmdesk.core.permissions import visible_owner_ids
    from crmdesk.core.services.customers import Customer

    with db.transaction() as s:
        for i in range(30):
            customers.create(s, users.staff1, {"name": f"甲{i}"})
        for i in range(10):
            customers.create(s, users.staff2, {"name": f"乙{i}"})
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE customers"))
    with db.session() as s:
        backend = backend_of(s)
        one = backend.owner_share(s, [users.staff1.user_id])
        assert one == pytest.approx(0.75, abs=0.01)
        assert backend.owner_share(
            s, [users.staff1.user_id, users.staff2.user_id]) == pytest.approx(1.0)
        assert backend.owner_share(s, [users.admin.user_id]) == 0.0  # owns none
        monkeypatch.setattr(type(backend), "table_rows", lambda *_args: 1_000_000.0)
        admin = search.quick_threshold(s, replace(users.admin, sees_many=True), Customer.id,
                                       None)
        staff = search.quick_threshold(s, replace(users.staff1, sees_many=True),
                                       Customer.id, visible_owner_ids(s, users.staff1))
        assert admin == int((search.QUICK_SLOPE * 1_000_000) ** 0.5)
        assert staff == pytest.approx(admin * one ** 0.25, abs=1) and staff < admin
