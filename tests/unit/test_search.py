"""Search: short Chinese queries, pinyin, phones, scope, kept in step with writes."""

from __future__ import annotations

import pytest

from crmdesk.core import search
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import ListQuery


@pytest.fixture
def people(db, users):  # type: ignore[no-untyped-def]
    made = {}
    with db.transaction() as s:
        for name, mobile, owner in (("张三丰", "13812345678", users.staff1),
                                    ("张无忌", "13900001111", users.staff1),
                                    ("赵敏", "13722223333", users.staff1),
                                    ("曾小贤", "13655556666", users.staff1),
                                    ("张三", "13544448888", users.staff2)):
            made[name] = customers.create(s, owner, {"name": name, "mobile": mobile,
                                                     "city": "北京市", "address": "朝阳区建国路88号"})
        made["公司"] = customers.create(s, users.staff1, {"name": "武当科技有限公司",
                                                        "kind": "company",
                                                        "email": "info@wudang.cn"})
        contacts.create(s, users.staff1, {"customer_id": made["公司"].id, "name": "殷素素",
                                          "mobile": "13311112222"})
    return made


def titles(db, actor, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return [h.title for h in search.search(s, actor, query)]


def test_one_and_two_chinese_characters(db, users, people) -> None:  # type: ignore[no-untyped-def]
    assert titles(db, users.staff1, "张") == ["张三丰", "张无忌"]
    assert titles(db, users.staff1, "三丰") == ["张三丰"]
    assert titles(db, users.staff1, "无") == ["张无忌"]
    assert titles(db, users.staff1, "素") == ["殷素素"]


def test_three_or_more_characters_and_address(db, users, people) -> None:  # type: ignore[no-untyped-def]
    assert titles(db, users.staff1, "张三丰") == ["张三丰"]
    assert "赵敏" in titles(db, users.staff1, "建国路")
    assert titles(db, users.staff1, "武当科技") == ["武当科技有限公司"]


def test_pinyin_full_and_initials(db, users, people) -> None:  # type: ignore[no-untyped-def]
    assert titles(db, users.staff1, "zhangsanfeng") == ["张三丰"]
    assert titles(db, users.staff1, "zhang san feng") == ["张三丰"]
    assert titles(db, users.staff1, "zsf") == ["张三丰"]
    assert titles(db, users.staff1, "zm") == ["赵敏"]
    assert titles(db, users.staff1, "zengxiaoxian") == ["曾小贤"]  # surname reading


def test_phone_digits_and_email(db, users, people) -> None:  # type: ignore[no-untyped-def]
    assert titles(db, users.staff1, "5678") == ["张三丰"]
    assert titles(db, users.staff1, "138-1234-5678") == ["张三丰"]
    assert titles(db, users.staff1, "wudang") == ["武当科技有限公司"]
    assert titles(db, users.staff1, "1111") == ["殷素素", "张无忌"] or \
        sorted(titles(db, users.staff1, "1111")) == ["张无忌", "殷素素"]


def test_best_match_first(db, users, people) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "李张三"})
    assert titles(db, users.admin, "张三") == ["张三", "张三丰", "李张三"]


def test_search_respects_scope(db, users, people) -> None:  # type: ignore[no-untyped-def]
    assert "张三" not in titles(db, users.staff1, "张三")
    assert "张三" in titles(db, users.staff2, "张三")
    assert "张三丰" not in titles(db, users.staff2, "张")


def test_index_follows_writes(db, users, people) -> None:  # type: ignore[no-untyped-def]
    c = people["赵敏"]
    with db.transaction() as s:
        customers.update(s, users.staff1, c.id, {"name": "周芷若"})
    assert titles(db, users.staff1, "赵敏") == []
    assert titles(db, users.staff1, "芷若") == ["周芷若"]
    with db.transaction() as s:
        customers.delete(s, users.staff1, c.id)
    assert titles(db, users.staff1, "芷若") == []


def test_datasheet_quick_filter_uses_the_index(db, users, people) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        ids = customers.ids(s, users.staff1, ListQuery(text="张"))
        names = [r["name"] for r in customers.rows(s, users.staff1, ids)]
    assert sorted(names) == ["张三丰", "张无忌"]


@pytest.mark.parametrize("threshold", [0, 10_000])
def test_a_quick_filter_matches_the_same_records_either_way(db, users, monkeypatch,  # type: ignore[no-untyped-def]
                                                             threshold) -> None:
    """From the index (few matches) or in the list's own order with each row's document
    checked (many): one or two letters match the start of a word, not its middle, and
    one or two characters the text before the notes; three or more match anywhere."""
    monkeypatch.setattr(search, "quick_threshold", lambda *_args: threshold)
    with db.transaction() as s:
        wang = customers.create(s, users.admin, {"name": "王丽"}).id  # initials wl
        bowling = customers.create(s, users.admin, {"name": "Bowling 俱乐部"}).id
        noted = customers.create(s, users.admin, {"name": "张三", "notes": "丽 wl 的朋友"}).id
    with db.session() as s:
        def found(text: str) -> set[int]:
            return set(customers.ids(s, users.admin, ListQuery(text=text)))

        assert found("wl") == {wang}  # not bo-WL-ing, not the notes
        assert found("丽") == {wang}
        assert found("bo") == {bowling}
        assert found("w") == {wang}  # wang, wangli, wl
        assert found("lin") == {bowling}  # three letters: inside a word too
        assert found("的朋友") == {noted}  # and in the notes


def test_the_index_counts_a_lists_own_kind(db, users) -> None:  # type: ignore[no-untyped-def]
    """A company and its contact both hold 王: the short-token index counts each kind's
    own (a datasheet's quick filter decides its plan by it), also after the upgrade
    that added the kinds to a file or server written before it (revision 0020)."""
    from alembic import command

    from crmdesk.storage import migrations
    from crmdesk.storage.backends import backend_of

    with db.transaction() as s:
        company = customers.create(s, users.staff1, {"name": "王五商行", "kind": "company"}).id
        contacts.create(s, users.staff1, {"customer_id": company, "name": "王小明"})
        customers.create(s, users.staff1, {"name": "李四"})

    def counts() -> tuple[int | None, ...]:
        with db.session() as s:
            backend, p = backend_of(s), search.plan("王")
            return tuple(backend.count_matches(s, p.query, p.short, None, 10, kind)
                         for kind in ("contact", "customer", "ticket", None))

    assert counts() == (1, 1, 0, 2)
    with db.engine.begin() as conn:
        config = migrations.alembic_config(conn)
        command.downgrade(config, "0019")
        command.upgrade(config, "head")
    assert counts() == (1, 1, 0, 2)


@pytest.mark.parametrize("word", ["王", "王五", "wl", "w", "138", "50%", "a_b", "x/y", "商行",
                                  "zhang", "没有"])
def test_a_quick_filter_reads_the_same_rows_by_every_plan(db, users, word,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    """The matches read once (a staff member's few), counted and matched again in a
    subquery, or each row's document checked in the list's order: the same records,
    for each role, also for text holding LIKE's own characters (%, _ and /)."""
    from crmdesk.storage.backends import Backend

    with db.transaction() as s:
        for owner, name, mobile in ((users.staff1, "王五商行 50% a_b x/y", "13800001111"),
                                    (users.staff1, "王丽 wl", "13900002222"),
                                    (users.staff2, "张三 zhang 500 axb", "13800003333"),
                                    (users.staff2, "王五", None)):
            cid = customers.create(s, owner, {"name": name, "kind": "company",
                                              "mobile": mobile}).id
            contacts.create(s, owner, {"customer_id": cid, "name": f"{name[:2]}联系人"})

    def ids(actor, service, **plan) -> set[int]:  # type: ignore[no-untyped-def]
        with monkeypatch.context() as m:
            if plan.get("threshold") is not None:
                m.setattr(search, "quick_threshold", lambda *_a: plan["threshold"])
            if plan.get("no_refs"):
                m.setattr(type(backend), "matching_refs", Backend.matching_refs)
            with db.session() as s:
                return set(service.ids(s, actor, ListQuery(text=word)))

    with db.session() as s:
        from crmdesk.storage.backends import backend_of

        backend = backend_of(s)
    for actor in (users.admin, users.manager, users.staff1, users.staff2):
        for service in (customers, contacts):
            read_once = ids(actor, service, threshold=1000)
            assert read_once == ids(actor, service, threshold=1000, no_refs=True), \
                (actor.username, service.entity)
            assert read_once == ids(actor, service, threshold=0), (actor.username,
                                                                    service.entity)


@pytest.mark.sqlite_only("SQLite's quick filter threshold (a server's follows its statistics)")
def test_the_quick_filter_threshold_follows_how_many_customers_one_sees(db, users) -> None:  # type: ignore[no-untyped-def]
    """A staff member who sees few customers: their customer list switches to its own
    order at sqrt(81 x their customers) matches (at least 500), their other lists
    always list the matches; an actor who sees many keeps the one figure."""
    from dataclasses import replace

    from crmdesk.core.models import Contact, Customer
    from crmdesk.core.permissions import for_lists

    with db.transaction() as s:
        for n in range(3):
            customers.create(s, users.staff1, {"name": f"门槛客户{n}"})
    with db.session() as s:
        staff = for_lists(s, users.staff1)
        assert staff.customers_seen == customers.count(s, users.staff1) >= 3
        assert search.quick_threshold(s, staff, Customer.id) == search.QUICK_RANGE[0]
        assert search.quick_threshold(s, staff, Contact.id) == search.QUICK_RANGE[1]
        admin = for_lists(s, users.admin)
        assert admin.customers_seen is None
        assert search.quick_threshold(s, admin, Customer.id) == search.QUICK_PROBE
        # ten thousand customers: 632 matches (sqrt(40 x 10,000); QUICK_FEW_SLOPE follows
        # the page of 100 rows: 900 with pages of 200)
        assert search.QUICK_FEW_SLOPE == 40
        assert search.quick_threshold(s, replace(staff, customers_seen=10_000), Customer.id) \
            == 632
