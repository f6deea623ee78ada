"""Assignment rules as a support team meets them (SQLite and PostgreSQL): the first
matching rule wins, a team's tickets go round-robin among its available members
(disabled users skipped), the rule is recorded on the ticket and in its history,
no rule keeps the creator, and an import obeys the same rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crmdesk.core.models import Ticket
from crmdesk.core.services import accounts, ticket_assignment
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import PermissionDenied, ValidationError


@pytest.fixture
def customer(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return customers.create(s, users.staff1, {"name": "张三", "intent_level": "A"}).id


def _team(s, name: str) -> int:  # type: ignore[no-untyped-def]
    return accounts.team_by_name(s, name).id


def _new(db, actor, customer: int, **values):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ticket = tickets.create(s, actor, {"customer_id": customer, "subject": "打印机卡纸",
                                           **values})
        return ticket.id, ticket.assignee_id, ticket.assigned_rule_id


def test_no_rule_keeps_the_creator(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    _id, assignee, rule = _new(db, users.staff1, customer, kind="投诉")
    assert assignee == users.staff1.user_id and rule is None


def test_the_first_matching_rule_wins_and_is_recorded(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ticket_assignment.add_rule(s, users.admin, kind="suggestion",
                                   user_id=users.staff3.user_id)
        complaints = ticket_assignment.add_rule(s, users.admin, kind="投诉",
                                                user_id=users.staff2.user_id).id
        ticket_assignment.add_rule(s, users.admin, level="A", user_id=users.manager.user_id)
    ticket_id, assignee, rule = _new(db, users.staff1, customer, kind="complaint")
    assert assignee == users.staff2.user_id and rule == complaints
    with db.session() as s:
        history = tickets.timeline(s, users.staff1, ticket_id)
    assert history[-1].field == "assignee_id" and history[-1].new == "张伟"
    assert "rule 2" in (history[-1].comment or "") and "Complaint" in (history[-1].comment or "")
    # the customer-level rule catches a ticket of another type
    _id, assignee, _rule = _new(db, users.staff1, customer, kind="fault")
    assert assignee == users.manager.user_id
    # an explicit assignee is kept
    _id, assignee, rule = _new(db, users.staff1, customer, kind="complaint",
                               assignee_id=users.staff1.user_id)
    assert assignee == users.staff1.user_id and rule is None


def test_round_robin_among_the_team_skipping_disabled_users(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ticket_assignment.add_rule(s, users.admin, team_id=_team(s, "华东组"))
    got = [_new(db, users.staff1, customer)[1] for _ in range(4)]
    east = [users.manager.user_id, users.staff1.user_id, users.staff2.user_id]
    assert got == [*east, east[0]]
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff1.user_id, True)
    got = [_new(db, users.manager, customer)[1] for _ in range(3)]
    assert got == [users.staff2.user_id, users.manager.user_id, users.staff2.user_id]


def test_a_rule_with_nobody_available_passes_to_the_next(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ticket_assignment.add_rule(s, users.admin, user_id=users.staff3.user_id)
        ticket_assignment.add_rule(s, users.admin, user_id=users.staff2.user_id)
        accounts.set_disabled(s, users.admin, users.staff3.user_id, True)
    assert _new(db, users.staff1, customer)[1] == users.staff2.user_id


def test_rules_are_for_administrators_and_checked(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        with pytest.raises(PermissionDenied):
            ticket_assignment.add_rule(s, users.manager, user_id=users.staff1.user_id)
        with pytest.raises(ValidationError) as exc:
            ticket_assignment.add_rule(s, users.admin, kind="complaint")
        assert exc.value.errors[0].field == "user"
        with pytest.raises(ValidationError) as exc:
            ticket_assignment.add_rule(s, users.admin, kind="praise", user_id=users.staff1.user_id)
        assert exc.value.errors[0].field == "kind" and "Complaint" in exc.value.message
        ticket_assignment.add_rule(s, users.admin, kind="complaint", user_id=users.staff1.user_id)
        ticket_assignment.add_rule(s, users.admin, team_id=_team(s, "华西组"), position=1)
        assert [r.target for r in ticket_assignment.summaries(s)] == [
            "team 华西组 (in turn)", "李娜"]
        ticket_assignment.move_rule(s, users.admin, 2, 1)
        ticket_assignment.set_active(s, users.admin, 2, False)
        assert [(r.position, r.active) for r in ticket_assignment.summaries(s)] == [
            (1, True), (2, False)]
        ticket_assignment.remove_rule(s, users.admin, 1)
        assert len(ticket_assignment.summaries(s)) == 1
        with pytest.raises(ValidationError) as exc:
            ticket_assignment.remove_rule(s, users.admin, 5)
        assert "from 1 to 1" in exc.value.message


def test_an_import_obeys_the_rules(db, users, customer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from crmdesk.exchange.importer import ImportOptions, run_import
    from crmdesk.exchange.mapping import guess_mapping
    from crmdesk.exchange.sources import open_source

    with db.transaction() as s:
        ticket_assignment.add_rule(s, users.admin, kind="complaint",
                                   user_id=users.staff2.user_id)
    book = Workbook()
    sheet = book.active
    sheet.append(["客户", "主题", "类型"])
    sheet.append(["张三", "态度差", "投诉"])
    sheet.append(["张三", "咨询价格", "咨询"])
    path = tmp_path / "tickets.xlsx"
    book.save(path)
    source = open_source(path)
    mapping = guess_mapping("ticket", source.headers, (), source.hints)
    result = run_import(db, users.staff1, source, mapping, ImportOptions())
    assert result.created == 2, result
    with db.session() as s:
        got = dict(s.execute(select(Ticket.subject, Ticket.assignee_id)).all())
    assert got == {"态度差": users.staff2.user_id, "咨询价格": users.staff1.user_id}


def test_rules_from_the_command_line(run, db_path) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    rc, out, err = run("ticket", "rules", "add", f, "--category", "投诉", "--team", "华东组",
                       "--user", "admin")
    assert rc == 0 and "Rule 1: Ticket type = Complaint → team 华东组 (in turn)." in out, err
    rc, out, err = run("ticket", "rules", "add", f, "--level", "a", "--assignee", "staff3",
                       "--position", "1", "--user", "admin")
    assert rc == 0, err
    rc, out, err = run("ticket", "rules", f, "--user", "admin")
    assert rc == 0 and out.splitlines() == [
        "1\tCustomer level = A - high\t陈静\tyes",
        "2\tTicket type = Complaint\tteam 华东组 (in turn)\tyes"], err
    assert run("ticket", "rules", "off", f, "1", "--user", "admin")[1].splitlines()[0] \
        .endswith("\tno")
    rc, out, _err = run("ticket", "rules", "move", f, "2", "1", "--user", "admin")
    assert rc == 0 and out.splitlines()[0].startswith("1\tTicket type")
    # a new complaint goes to the team's first member, recorded in its history
    assert run("add", f, "customer", "name=张三", "--user", "staff1")[0] == 0
    rc, code, err = run("add", f, "ticket", "customer_id=张三", "subject=态度差", "kind=投诉",
                        "--user", "staff1")
    assert rc == 0, err
    rc, out, err = run("ticket", "history", f, code.strip(), "--user", "staff1")
    assert rc == 0 and "Assigned by rule 1" in out and "王经理" in out, err
    assert run("ticket", "rules", "remove", f, "2", "--user", "admin")[0] == 0
    # mistakes: one line, exit 2, naming the fix
    rc, _out, err = run("ticket", "rules", "remove", f, "7", "--user", "admin")
    assert rc == 2 and "from 1 to 1" in err and len(err.strip().splitlines()) == 1
    rc, _out, err = run("ticket", "rules", "add", f, "--type", "投诉", "--user", "admin")
    assert rc == 2 and "either a user or a team" in err
    rc, _out, err = run("ticket", "rules", "add", f, "--team", "售后", "--user", "admin")
    assert rc == 2 and "no team 售后" in err
    rc, _out, err = run("ticket", "rules", "add", f, "--team", "华东组", "--user", "staff1")
    assert rc == 2 and "only" in err
    rc, _out, err = run("ticket", "rules", "remove", f, "--user", "admin")
    assert rc == 2 and "crmdesk ticket rules remove FILE N" in err
    rc, _out, err = run("ticket", "move", f, "--user", "admin")
    assert rc == 2 and "CODE" in err


def test_a_product_rule_matches_a_ticket_given_with_that_product(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        p2 = ticket_assignment.find_product(s, "年度服务")
        ticket_assignment.add_rule(s, users.admin, product_id=p2, user_id=users.staff3.user_id)
        data, chosen = ticket_assignment.assign_new(s, {"customer_id": customer,
                                                        "subject": "续费", "product_id": "P2"})
        assert chosen is not None and data["assignee_id"] == users.staff3.user_id
        assert ticket_assignment.assign_new(s, {"customer_id": customer, "subject": "x",
                                                "product_id": "P1"})[1] is None
        assert ticket_assignment.assign_new(s, {"customer_id": customer, "subject": "x"})[1] \
            is None
