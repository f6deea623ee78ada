"""Handover (issue 13, item 7): a user's customers with their open opportunities,
tickets and tasks given to another user in one audited step; counts before it runs;
who may do it.  SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from crmdesk.core import keys
from crmdesk.core.filters import split_filter
from crmdesk.core.models import (
    AuditEntry,
    Customer,
    Opportunity,
    SearchDoc,
    Task,
    Ticket,
    TicketStatus,
)
from crmdesk.core.search import search
from crmdesk.core.services import accounts, handover
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import opportunities
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import PermissionDenied, ValidationError
from crmdesk.storage import crypto
from tests.conftest import PASSWORD
from tests.unit.test_keys import ID_NUMBERS


def _book(db, users):  # type: ignore[no-untyped-def]
    """staff1: two customers in 上海 (one with an ID number), one in 北京, each with open
    and closed work; staff2 and staff3 one customer each."""
    made = {}
    with db.transaction() as s:
        sh1 = customers.create(s, users.staff1, {"name": "上海一号", "city": "上海市",
                                                 "id_number": ID_NUMBERS[0]})
        sh2 = customers.create(s, users.staff1, {"name": "上海二号", "city": "上海市"})
        bj = customers.create(s, users.staff1, {"name": "北京一号", "city": "北京市"})
        customers.create(s, users.staff2, {"name": "张伟的客户"})
        customers.create(s, users.staff3, {"name": "西部客户"})
        closed = s.execute(select(TicketStatus.id).where(TicketStatus.is_closed.is_(True))
                           .limit(1)).scalar_one()
        for c in (sh1, sh2, bj):
            opportunities.create(s, users.staff1, {"customer_id": c.id, "title": "开放商机"})
            opportunities.create(s, users.staff1, {"customer_id": c.id, "title": "赢单",
                                                   "stage": "won"})
            tickets.create(s, users.staff1, {"subject": "开放工单", "customer_id": c.id,
                                             "assignee_id": users.staff1.user_id})
            done_ticket = tickets.create(s, users.staff1, {
                "subject": "已关工单", "customer_id": c.id, "assignee_id": users.staff1.user_id})
            done_ticket.status_id = closed
            tasks.create(s, users.staff1, {"title": "开放任务", "customer_id": c.id})
            tasks.create(s, users.staff1, {"title": "完成任务", "customer_id": c.id,
                                           "done": True})
        made.update(sh1=sh1.id, sh2=sh2.id, bj=bj.id)
    return made


def test_preview_counts_and_run_moves_open_work_only(db, users) -> None:  # type: ignore[no-untyped-def]
    made = _book(db, users)
    shanghai = [split_filter("city=上海市")]
    with db.transaction() as s:
        counts = handover.preview(s, users.admin, "staff1", "staff2", shanghai)
        assert (counts.customers, counts.opportunities, counts.tickets, counts.tasks) \
            == (2, 2, 2, 2)
        everything = handover.preview(s, users.admin, "staff1", "staff2")
        assert (everything.customers, everything.opportunities) == (3, 3)
        assert s.execute(select(func.count(Customer.id)).where(
            Customer.owner_id == users.staff2.user_id)).scalar_one() == 1  # nothing moved yet
    with db.transaction() as s:
        done = handover.run(s, users.admin, "staff1", "staff2", shanghai)
        assert done == counts
    with db.session() as s:
        owner = dict(s.execute(select(Customer.id, Customer.owner_id)).all())
        assert owner[made["sh1"]] == owner[made["sh2"]] == users.staff2.user_id
        assert owner[made["bj"]] == users.staff1.user_id
        for model, person, closed_title in ((Opportunity, Opportunity.owner_id, "赢单"),
                                            (Ticket, Ticket.assignee_id, "已关工单"),
                                            (Task, Task.assignee_id, "完成任务")):
            title = Ticket.subject if model is Ticket else model.title
            rows = s.execute(select(model.customer_id, title, person)).all()
            for cid, text, who in rows:
                moved = cid in (made["sh1"], made["sh2"]) and text != closed_title
                assert who == (users.staff2.user_id if moved else users.staff1.user_id), text
        # search follows the owner
        docs = s.execute(select(SearchDoc.owner_id).where(
            SearchDoc.kind == "customer", SearchDoc.ref_id == made["sh1"])).scalar_one()
        assert docs == users.staff2.user_id
        assert [h.title for h in search(s, users.staff2, "上海")] \
            and not search(s, users.staff1, "上海")


def test_one_summary_entry_for_the_whole_handover(db, users) -> None:  # type: ignore[no-untyped-def]
    made = _book(db, users)
    with db.transaction() as s:
        handover.run(s, users.manager, "staff1", "staff2")
    with db.session() as s:
        entries = s.execute(select(AuditEntry).where(AuditEntry.action == "handover")).scalars()
        (entry,) = list(entries)
        assert entry.username == "manager"
        assert "3 customers of staff1 to staff2" in entry.summary
        assert "3 open opportunities, 3 open tickets and 3 open tasks" in entry.summary
        assert json.loads(entry.after)["customer_ids"] == sorted(
            [made["sh1"], made["sh2"], made["bj"]])
        assert s.execute(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "reassign")).scalar_one() == 0
        # each customer's History still shows it
        from crmdesk.core.services.customers import customers

        assert entry.id in [e.id for e in customers.history(s, users.staff2, made["bj"])]


def test_keys_follow_the_new_owner(db, users) -> None:  # type: ignore[no-untyped-def]
    made = _book(db, users)
    with db.transaction() as s:
        handover.run(s, users.admin, "staff1", "staff2")
    with db.transaction() as s:
        staff2 = accounts.login(s, "staff2", PASSWORD)
        customer = s.get(Customer, made["sh1"])
        assert customers.plaintext(staff2, customer, "id_number") == ID_NUMBERS[0]
        assert staff2.keyring is not None
        assert crypto.blob_key_id(customer.id_number_enc) \
            == staff2.keyring.current[keys.owner_scope(users.staff2.user_id)]
        staff1 = accounts.login(s, "staff1", PASSWORD)
        assert staff1.keyring is not None
        with pytest.raises(crypto.KeyMissing):
            staff1.keyring.decrypt(customer.id_number_enc,
                                   keys.place("customers.id_number", customer.id))


def test_who_may_hand_over(db, users) -> None:  # type: ignore[no-untyped-def]
    _book(db, users)
    with db.transaction() as s:
        with pytest.raises(PermissionDenied):
            handover.preview(s, users.staff1, "staff1", "staff2")
        with pytest.raises(PermissionDenied):  # the target is not in the manager's team
            handover.preview(s, users.manager, "staff1", "staff3")
        with pytest.raises(PermissionDenied):  # nor the source
            handover.run(s, users.manager, "staff3", "staff1")
        assert handover.preview(s, users.manager2, "staff3", "manager2").customers == 1
        with pytest.raises(ValidationError) as err:
            handover.preview(s, users.admin, "staff1", "staff1")
        assert err.value.errors[0].field == "to"
        with pytest.raises(ValidationError) as err:
            handover.preview(s, users.admin, "nobody", "staff2")
        assert err.value.errors[0].field == "from"
        accounts.set_disabled(s, users.admin, users.staff2.user_id, True)
    with db.transaction() as s:
        with pytest.raises(ValidationError) as err:
            handover.run(s, users.admin, "staff1", "staff2")
        assert err.value.errors[0].field == "to" and "disabled" in err.value.message
    with db.session() as s:
        assert handover.owned_count(s, users.staff1.user_id) == 3


def test_cli_handover(run, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("上海甲", "上海乙", "北京丙"):
        city = "北京市" if name.startswith("北京") else "上海市"
        code, _out, err = run("add", str(db_path), "customer", f"name={name}", f"city={city}",
                              "--user", "staff1")
        assert code == 0, err
    # no terminal and no --yes: refused before anything
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = run("handover", str(db_path), "--from", "staff1", "--to", "staff2",
                         "--user", "admin")
    assert code == 2 and "--yes" in err and out == ""
    code, out, err = run("handover", str(db_path), "--from", "staff1", "--to", "staff2",
                         "--filter", "city=上海市", "--user", "admin", "--yes")
    assert code == 0, err
    assert out.splitlines() == [
        "To hand over: 2 customers of staff1 to staff2, with 0 open opportunities, "
        "0 open tickets and 0 open tasks",
        "Handed over: 2 customers of staff1 to staff2, with 0 open opportunities, "
        "0 open tickets and 0 open tasks"]
    code, out, _err = run("list", str(db_path), "customer", "--user", "staff2")
    assert "上海甲" in out and "北京丙" not in out
    code, _out, err = run("handover", str(db_path), "--from", "staff1", "--to", "staff3",
                          "--user", "manager", "--yes")
    assert code == 2 and "staff3" in err and "team" in err
    code, _out, err = run("handover", str(db_path), "--from", "staff1", "--to", "staff2",
                          "--filter", "nosuchfield=1", "--user", "admin", "--yes")
    assert code == 2 and "nosuchfield" in err


def test_cli_asks_in_a_terminal(run, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("add", str(db_path), "customer", "name=甲", "--user", "staff1")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    code, out, err = run("handover", str(db_path), "--from", "staff1", "--to", "staff2",
                         "--user", "admin")
    assert code == 2 and "Nothing was changed" in err
    monkeypatch.setattr("builtins.input", lambda _prompt: "y")
    code, out, err = run("handover", str(db_path), "--from", "staff1", "--to", "staff2",
                         "--user", "admin")
    assert code == 0 and "Handed over: 1 customers" in out


def test_a_large_handover_is_batched(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(handover, "BATCH", 2)
    made = _book(db, users)
    with db.transaction() as s:
        assert handover.run(s, users.admin, "staff1", "staff3").customers == 3
    with db.session() as s:
        assert s.get(Customer, made["bj"]).owner_id == users.staff3.user_id


def test_whose_customers_each_may_hand_over(db, users) -> None:  # type: ignore[no-untyped-def]
    _book(db, users)
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff1.user_id, True)  # someone who left
    with db.session() as s:
        assert [(u, n) for u, _name, n in handover.sources(s, users.admin)] == [
            ("staff1", 3), ("staff2", 1), ("staff3", 1)]
        assert [u for u, *_ in handover.sources(s, users.manager)] == ["staff1", "staff2"]
        with pytest.raises(PermissionDenied):
            handover.sources(s, users.staff2)


def test_the_customers_of_someone_who_left(db, users) -> None:  # type: ignore[no-untyped-def]
    """The usual order: the salesperson is disabled first (their keys are replaced), then
    their manager hands the customers over; the new owner reads the ID number."""
    made = _book(db, users)
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff1.user_id, True)
    with db.transaction() as s:
        manager = accounts.login(s, "manager", PASSWORD)
        assert handover.run(s, manager, "staff1", "staff2").customers == 3
    with db.transaction() as s:
        staff2 = accounts.login(s, "staff2", PASSWORD)
        customer = s.get(Customer, made["sh1"])
        assert customers.plaintext(staff2, customer, "id_number") == ID_NUMBERS[0]
