"""What the window reads through the services instead of its own SQL: account summaries
with their state worked out once, a customer's name and contacts (scoped, live only),
a campaign's heading and members, and which campaigns customers may join."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from crmdesk.core.models import User, utcnow
from crmdesk.core.services import accounts
from crmdesk.core.services.campaigns import MemberRow, campaigns
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.errors import AccountDisabled, AuthError, KnownError
from tests.conftest import PASSWORD


def _by_name(summaries: list[accounts.AccountSummary]) -> dict[str, accounts.AccountSummary]:
    return {s.username: s for s in summaries}


def test_account_state_is_worked_out_in_the_service(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff1.user_id, True)
        frozen = s.get(User, users.staff2.user_id)
        frozen.frozen_at = utcnow() - timedelta(hours=1)
        locked = s.get(User, users.staff3.user_id)
        locked.locked_until = utcnow() + timedelta(minutes=10)
        expired = s.get(User, users.manager2.user_id)
        expired.locked_until = utcnow() - timedelta(minutes=1)
    with db.session() as s:
        found = _by_name(accounts.account_summaries(s, users.admin))
    assert found["staff1"].state == accounts.DISABLED and found["staff1"].blocked
    assert found["staff2"].state == accounts.FROZEN and found["staff2"].blocked
    assert found["staff2"].state_at is not None
    assert found["staff3"].state == accounts.LOCKED and not found["staff3"].blocked
    assert found["staff3"].state_at is not None and found["staff3"].state_at > utcnow()
    assert found["manager2"].state == accounts.ACTIVE  # the lock has run out
    assert found["admin"].state == accounts.ACTIVE and found["admin"].state_at is None
    assert found["manager"].team_name == "华东组" and found["manager"].display_name == "王经理"
    assert found["admin"].team_name == ""


def test_a_summary_carries_no_password_material_and_is_frozen(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        summary = accounts.account_summary(s, users.admin, users.staff1.user_id)
    names = {f.name for f in dataclasses.fields(summary)}
    assert not names & {"password_verifier", "kdf_salt", "kdf_params", "wrapped_data_key"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.role = "admin"  # type: ignore[misc]


def test_others_see_only_active_accounts(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff2.user_id, True)
    with db.session() as s:
        for_staff = _by_name(accounts.account_summaries(s, users.staff1))
        for_admin = _by_name(accounts.account_summaries(s, users.admin))
        active_only = _by_name(accounts.account_summaries(s, users.admin,
                                                          include_disabled=False))
        assignable = _by_name(accounts.assignable_summaries(s, users.staff1))
    assert "staff2" not in for_staff and "staff2" in for_admin and "staff2" not in active_only
    assert list(assignable) == ["staff1"]  # staff hand records only to themselves


def test_a_disabled_account_raises_its_own_error_type(db, users) -> None:  # type: ignore[no-untyped-def]
    """The window logs out on the error's type, not on words in its message."""
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff1.user_id, True)
    with db.transaction() as s, pytest.raises(AccountDisabled) as raised:
        accounts.ensure_active(s, users.staff1)
    assert isinstance(raised.value, AuthError)
    with db.transaction() as s, pytest.raises(AccountDisabled):
        accounts.login(s, "staff1", PASSWORD)


def test_a_customer_name_lookup_is_scoped_and_skips_deleted(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = customers.create(s, users.staff1, {"name": "张三"})
        theirs = customers.create(s, users.staff3, {"name": "陈老板"})
        gone = customers.create(s, users.staff1, {"name": "已删除"})
        mine_id, mine_code, theirs_id, gone_id = mine.id, mine.code, theirs.id, gone.id
        customers.delete(s, users.staff1, gone_id)
    with db.session() as s:
        assert customers.label(s, users.staff1, mine_id) == f"张三 · {mine_code}"
        assert customers.label(s, users.staff1, theirs_id) is None  # another team's
        assert customers.label(s, users.staff1, gone_id) is None  # in the recycle bin
        assert customers.label(s, users.admin, gone_id) is None
        assert customers.label(s, users.admin, theirs_id) is not None
        assert customers.label(s, users.staff1, 999_999) is None


def test_contact_choices_are_scoped_and_live(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        company = customers.create(s, users.staff1, {"name": "甲公司", "kind": "company"}).id
        keep = contacts.create(s, users.staff1, {"name": "王五", "customer_id": company}).id
        dropped = contacts.create(s, users.staff1, {"name": "赵六", "customer_id": company}).id
        contacts.delete(s, users.staff1, dropped)
    with db.session() as s:
        assert customers.contact_choices(s, users.staff1, company) == [(keep, "王五")]
        assert customers.contact_choices(s, users.staff3, company) == []


def test_the_heading_names_the_owner(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        cid = customers.create(s, users.staff1, {"name": "张三", "mobile": "13812345678"}).id
    with db.session() as s:
        heading = customers.heading(s, users.manager, cid)
    assert (heading.name, heading.owner_name) == ("张三", "李娜")
    assert heading.mobile is not None and heading.mobile.endswith("13812345678")


def test_customers_join_only_planned_or_running_campaigns(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        cid = customers.create(s, users.staff1, {"name": "张三"}).id
        planned = campaigns.create(s, users.manager, {"name": "春季活动"}).id
        running = campaigns.create(s, users.manager, {"name": "夏季活动",
                                                      "status": "active"}).id
        done = campaigns.create(s, users.manager, {"name": "去年活动",
                                                   "status": "completed"}).id
        dropped = campaigns.create(s, users.manager, {"name": "取消的活动",
                                                      "status": "cancelled"}).id
        deleted = campaigns.create(s, users.manager, {"name": "删掉的活动"}).id
        campaigns.delete(s, users.manager, deleted)
    with db.session() as s:
        joinable = {c.id for c in campaigns.joinable(s, users.staff1)}
    assert joinable == {planned, running}
    for closed in (done, dropped):
        with db.transaction() as s, pytest.raises(KnownError, match="planned or running"):
            campaigns.add_members(s, users.manager, closed, [cid])
    with db.transaction() as s:
        assert campaigns.add_members(s, users.manager, running, [cid]) == 1
    with db.session() as s:
        assert campaigns.members(s, users.manager, done) == []
        rows = campaigns.members(s, users.manager, running)
        heading = campaigns.heading(s, users.manager, running)
    assert [(r.customer_id, r.name, r.status) for r in rows] == [(cid, "张三", "invited")]
    assert isinstance(rows[0], MemberRow) and rows[0].added_at is not None
    assert heading.name == "夏季活动"
