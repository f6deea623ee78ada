"""Merging a whole group of duplicates (the duplicate finder and ``crmdesk duplicates``
share ``merging.merge_group``), naming its customers, and a database's row counts."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import Customer
from crmdesk.core.services import merging
from crmdesk.core.services.customers import customers
from crmdesk.core.services.database_info import database_info
from crmdesk.errors import KnownError, PermissionDenied
from crmdesk.storage import migrations


def _group(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        made = [customers.create(s, users.staff1, values) for values in (
            {"name": "上海星辰贸易有限公司", "kind": "company", "city": "上海市"},
            {"name": "星辰贸易", "kind": "company", "industry": "批发零售"},
            {"name": "上海星辰贸易", "kind": "company", "email": "info@xingchen.example.cn"},
        )]
        return [(c.id, c.code) for c in made]


def _live(db, ids):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {c.id: c.deleted_at is None for c in s.execute(
            select(Customer).where(Customer.id.in_(ids))).scalars()}


def test_a_group_merges_into_one_customer_and_undoes_in_one_go(db, users) -> None:  # type: ignore[no-untyped-def]
    (a, code_a), (b, _), (c, _) = _group(db, users)
    with db.transaction() as s:
        done = merging.merge_group(s, users.manager, a, [b, c], choose={"name": c})
    assert done.survivor_id == a and done.survivor_code == code_a
    assert len(done.merge_ids) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        done.survivor_code = "X"  # type: ignore[misc]
    with db.session() as s:
        survivor = s.get(Customer, a)
        assert survivor is not None
        assert survivor.name == "上海星辰贸易"  # picked from c
        assert survivor.industry == "批发零售"  # b filled the gap
        assert survivor.email == "info@xingchen.example.cn"  # c filled the gap
    assert _live(db, [a, b, c]) == {a: True, b: False, c: False}

    with db.transaction() as s:
        back = merging.undo_merges(s, users.manager, done.merge_ids)
    assert sorted(back) == sorted(code for _i, code in _group_codes(db, [b, c]))
    assert _live(db, [a, b, c]) == {a: True, b: True, c: True}
    with db.session() as s:
        survivor = s.get(Customer, a)
        assert survivor is not None
        assert survivor.name == "上海星辰贸易有限公司" and survivor.industry is None


def _group_codes(db, ids):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return [(c.id, c.code) for c in s.execute(
            select(Customer).where(Customer.id.in_(ids))).scalars()]


def test_a_pick_from_outside_the_group_or_an_empty_group_is_refused(db, users) -> None:  # type: ignore[no-untyped-def]
    (a, _), (b, _), (c, _) = _group(db, users)
    with pytest.raises(KnownError, match="must come from one of the customers being merged"):
        with db.transaction() as s:
            merging.merge_group(s, users.manager, a, [b], choose={"name": c})
    with pytest.raises(KnownError, match="at least one customer"):
        with db.transaction() as s:
            merging.merge_group(s, users.manager, a, [])
    with pytest.raises(PermissionDenied):
        with db.transaction() as s:
            merging.merge_group(s, users.staff1, a, [b])
    assert _live(db, [a, b, c]) == {a: True, b: True, c: True}  # nothing was merged


def test_candidates_name_the_visible_customers_in_the_order_given(db, users) -> None:  # type: ignore[no-untyped-def]
    (a, code_a), (b, code_b), _ = _group(db, users)
    with db.transaction() as s:
        other = customers.create(s, users.staff3, {"name": "成都天府茶业", "kind": "company"})
    with db.session() as s:
        found = merging.candidates(s, users.staff1, [b, other.id, a, b])
    assert [(c.id, c.code, c.name) for c in found] == [
        (b, code_b, "星辰贸易"), (a, code_a, "上海星辰贸易有限公司")]  # staff3's is not seen


def test_database_info_counts_every_table(db, users) -> None:  # type: ignore[no-untyped-def]
    _group(db, users)
    with db.session() as s:
        info = database_info(s)
        customers_now = s.execute(select(func.count()).select_from(Customer)).scalar_one()
        assert info.schema == migrations.current_revision(s.connection())
    counts = {t.name: t.rows for t in info.tables}
    assert counts["customers"] == customers_now == 3
    assert counts["users"] == 6
    assert [t.name for t in info.tables] == sorted(counts)


def test_custom_field_summaries_are_frozen_and_feed_the_import_mapping(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import custom_fields
    from crmdesk.exchange.mapping import guess_mapping, targets

    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"], required=True)
        old = custom_fields.create_definition(s, users.admin, "customer", "fax", "传真", "text")
        custom_fields.set_active(s, users.admin, old.id, False)
    with db.session() as s:
        active = custom_fields.definition_summaries(s, "customer")
        every = custom_fields.definition_summaries(s, "customer", active_only=False)
    assert [(d.key, d.label, d.kind, d.choices, d.required) for d in active] == [
        ("vip_level", "会员等级", "choice", ("普通", "金卡"), True)]
    assert [d.key for d in every] == ["vip_level", "fax"] and not every[1].active
    with pytest.raises(dataclasses.FrozenInstanceError):
        active[0].label = "x"  # type: ignore[misc]
    assert any(t.key == "cf.vip_level" and t.required for t in targets("customer", active))
    mapping = guess_mapping("customer", ["客户名称", "会员等级"], active)
    assert mapping.columns["会员等级"] == "cf.vip_level"
