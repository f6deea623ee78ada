"""Ticket statuses and transitions, each rule as a user meets it (SQLite and PostgreSQL).

A renamed status reads its new name on every screen, export, filter and report; a
reorder changes the order; a status in use is retired only with its tickets moved;
the category drives the "open tickets" counts; a move is allowed only along a
transition the user's role may make, is refused naming the allowed moves, and is in
the ticket's history with who, when and the comment.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crmdesk import translation
from crmdesk.core import analytics, presentation
from crmdesk.core.analytics.criteria import Criteria
from crmdesk.core.fields import fields_of
from crmdesk.core.models import AuditEntry, TicketStatus
from crmdesk.core.services import ticket_flow
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import PermissionDenied, ValidationError


def _status_id(s, key: str) -> int:  # type: ignore[no-untyped-def]
    return int(s.execute(select(TicketStatus.id).where(TicketStatus.key == key)).scalar_one())


@pytest.fixture
def ticket(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        cid = customers.create(s, users.staff1, {"name": "张三"}).id
        return tickets.create(s, users.staff1, {"customer_id": cid, "subject": "打印机卡纸"}).id


def test_the_upgrade_gives_categories_and_keeps_every_move_but_reopening(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        cats = {st.key: st.category for st in ticket_flow.all_statuses(s)}
        moves = ticket_flow.transitions(s)
        ids = {st.key: st.id for st in ticket_flow.all_statuses(s)}
    assert cats == {"new": "open", "in_progress": "open", "waiting": "waiting",
                    "resolved": "closed", "closed": "closed"}
    assert moves[(ids["new"], ids["closed"])] == ticket_flow.EVERYONE
    assert moves[(ids["resolved"], ids["closed"])] == ticket_flow.EVERYONE
    assert moves[(ids["closed"], ids["in_progress"])] == ticket_flow.MANAGERS
    assert len(moves) == 5 * 4


def test_a_renamed_status_reads_its_new_name_everywhere(db, users, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ticket_flow.rename_status(s, users.admin, "in_progress", name="Being fixed",
                                  name_zh="维修中")
        tickets.move(s, users.staff1, ticket, _status_id(s, "in_progress"))
    spec = next(f for f in fields_of("ticket") if f.key == "status_id")
    with db.session() as s:
        row = tickets.rows(s, users.staff1, [ticket])[0]
        by_status = {r.key: r.label for r in analytics.service_stats(
            s, users.admin, Criteria()).by_status}
        assert presentation.field_text(spec, row) == "Being fixed"
        assert by_status[_status_id(s, "in_progress")] == "Being fixed"
        assert tickets.timeline(s, users.staff1, ticket)[-1].new == "Being fixed"
    translation.install(None, "zh_CN")
    try:
        with db.session() as s:
            row = tickets.rows(s, users.staff1, [ticket])[0]
            assert presentation.field_text(spec, row) == "维修中"
            assert {st.key: st.shown for st in ticket_flow.summaries(s)}["in_progress"] == "维修中"
            assert tickets.timeline(s, users.staff1, ticket)[-1].new == "维修中"
    finally:
        translation.install(None, "en")
    with db.session() as s:  # imports, filters and commands find it by either name
        from crmdesk.core.filters import typed_filter
        from crmdesk.core.services.records import Filter
        from crmdesk.exchange.references import References

        sid = _status_id(s, "in_progress")
        assert References(s, users.staff1).status("维修中")[0] == sid
        assert References(s, users.staff1).status("being fixed")[0] == sid
        assert ticket_flow.find_status(s, "维修中").id == sid
        assert typed_filter(s, users.staff1, "ticket",
                            Filter("status_id", "eq", "维修中")).value == sid
        entry = s.query(AuditEntry).filter(AuditEntry.entity == "ticket_status").order_by(
            AuditEntry.id.desc()).first()
        assert entry is not None and entry.action == "settings"


def test_a_status_name_must_be_unique_and_only_admins_configure(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        ticket_flow.add_status(s, users.admin, "parts", name="Resolved")
    assert "Resolved" in err.value.message
    with db.transaction() as s, pytest.raises(PermissionDenied):
        ticket_flow.add_status(s, users.manager, "parts", name="Waiting for parts")
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        ticket_flow.add_status(s, users.admin, "parts", name="Parts", category="later")
    assert "open" in err.value.message.casefold()


def test_add_reorder_and_colour(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        new = ticket_flow.add_status(s, users.admin, "parts", name="Waiting for parts",
                                     name_zh="等配件", category="waiting", colour="FFA000")
        assert new.position == 6 and new.colour == "#ffa000" and not new.is_closed
        ticket_flow.move_status(s, users.admin, "parts", 2)
        with pytest.raises(ValidationError):
            ticket_flow.set_colour(s, users.admin, "parts", "orange")
    with db.session() as s:
        order = [st.key for st in ticket_flow.all_statuses(s)]
        moves = ticket_flow.transitions(s)
        ids = {st.key: st.id for st in ticket_flow.all_statuses(s)}
    assert order == ["new", "parts", "in_progress", "waiting", "resolved", "closed"]
    # a new status can be reached and left like the others; reopening stays managers'
    assert moves[(ids["new"], ids["parts"])] == ticket_flow.EVERYONE
    assert moves[(ids["closed"], ids["parts"])] == ticket_flow.MANAGERS


def test_retiring_a_status_in_use_is_refused_unless_its_tickets_move(db, users, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        tickets.move(s, users.staff1, ticket, _status_id(s, "in_progress"))
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        ticket_flow.retire_status(s, users.admin, "in_progress")
    assert "1" in err.value.message and err.value.errors[0].field == "move_to"
    with db.transaction() as s:
        assert ticket_flow.retire_status(s, users.admin, "in_progress", move_to="waiting") == 1
    with db.session() as s:
        obj = tickets.get(s, users.staff1, ticket)
        assert obj.status_id == _status_id(s, "waiting")
        assert "retired" in (tickets.timeline(s, users.staff1, ticket)[-1].comment or "")
        listed = {st.key: st for st in ticket_flow.summaries(s)}
        assert listed["in_progress"].retired and listed["in_progress"].tickets == 0
        # a retired status is offered for no move
        assert "in_progress" not in {st.key for st in tickets.allowed_statuses(
            s, users.staff1, ticket)}
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        tickets.move(s, users.staff1, ticket, _status_id(s, "in_progress"))
    assert "retired" in err.value.message
    with db.transaction() as s, pytest.raises(ValidationError):
        ticket_flow.retire_status(s, users.admin, "new")  # the default status
    with db.transaction() as s:
        ticket_flow.reinstate_status(s, users.admin, "in_progress")
        tickets.move(s, users.staff1, ticket, _status_id(s, "in_progress"))


def test_categories_drive_the_open_ticket_counts(db, users, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        tickets.move(s, users.staff1, ticket, _status_id(s, "waiting"))
    with db.session() as s:
        stats = analytics.service_stats(s, users.admin, Criteria())
        assert (stats.total, stats.open, stats.waiting) == (1, 1, 1)
        assert customers.get(s, users.staff1, tickets.get(s, users.staff1, ticket)
                             .customer_id) is not None
    with db.transaction() as s:  # "waiting" becomes a closed category: no longer open
        ticket_flow.set_category(s, users.admin, "waiting", "closed")
    with db.session() as s:
        stats = analytics.service_stats(s, users.admin, Criteria())
        assert (stats.open, stats.waiting) == (0, 0)
        cats = {r.key: r.count for r in stats.by_category}
        assert cats == {"open": 0, "waiting": 0, "closed": 1}
    with db.transaction() as s, pytest.raises(ValidationError):
        ticket_flow.set_category(s, users.admin, "new", "closed")  # the default


def test_an_allowed_move_is_in_the_history_with_who_when_and_the_comment(db, users, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        tickets.move(s, users.staff1, ticket, _status_id(s, "resolved"),
                     comment="换了硒鼓，客户确认可以打印")
    with db.session() as s:
        last = tickets.timeline(s, users.staff1, ticket)[-1]
        obj = tickets.get(s, users.staff1, ticket)
    assert (last.kind, last.field, last.old, last.new) == ("change", "status_id", "New",
                                                           "Resolved")
    assert last.user == "李娜" and last.comment == "换了硒鼓，客户确认可以打印"
    assert last.at is not None and obj.resolved_at is not None


def test_a_refused_move_names_the_allowed_ones(db, users, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ticket_flow.set_transition(s, users.admin, "new", "closed", [])
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        tickets.move(s, users.staff1, ticket, _status_id(s, "closed"))
    message = err.value.message
    assert "New" in message and "Closed" in message
    for allowed in ("In progress", "Waiting for customer", "Resolved"):
        assert allowed in message
    # the same rule for a plain edit (the form, an import, crmdesk edit)
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        tickets.update(s, users.admin, ticket, {"status_id": _status_id(s, "closed")})
    assert err.value.errors[0].field == "status_id"
    with db.session() as s:
        assert tickets.get(s, users.staff1, ticket).status_id == _status_id(s, "new")


def test_staff_cannot_reopen_a_closed_ticket_a_manager_can(db, users, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        tickets.move(s, users.staff1, ticket, _status_id(s, "closed"), comment="已解决")
    with db.transaction() as s, pytest.raises(ValidationError) as err:
        tickets.move(s, users.staff1, ticket, _status_id(s, "in_progress"))
    assert "Manager" in err.value.message and "Resolved" in err.value.message
    with db.session() as s:
        offered = {st.key for st in tickets.allowed_statuses(s, users.staff1, ticket)}
        assert offered == {"closed", "resolved"}
    with db.transaction() as s:
        tickets.move(s, users.manager, ticket, _status_id(s, "in_progress"),
                     comment="客户说又坏了")
    with db.session() as s:
        last = tickets.timeline(s, users.staff1, ticket)[-1]
        assert (last.user, last.new, last.comment) == ("王经理", "In progress", "客户说又坏了")
        assert tickets.get(s, users.staff1, ticket).resolved_at is None
    # an administrator may narrow the rule further: only administrators reopen
    with db.transaction() as s:
        ticket_flow.set_transition(s, users.admin, "closed", "in_progress", ["admin"])
        assert ticket_flow.transitions(s)[(_status_id(s, "closed"),
                                           _status_id(s, "in_progress"))] == {"admin"}
    with db.transaction() as s, pytest.raises(ValidationError):
        ticket_flow.set_transition(s, users.admin, "closed", "in_progress", ["boss"])


def test_an_import_that_reopens_a_closed_ticket_is_refused_naming_the_allowed_moves(  # type: ignore[no-untyped-def]
        db, users, ticket, tmp_path) -> None:
    from tests.unit.test_import import run, sheet

    with db.transaction() as s:
        tickets.move(s, users.staff1, ticket, _status_id(s, "closed"))
        obj = tickets.get(s, users.staff1, ticket)
        code = obj.code
    path = sheet(tmp_path, [[code, "张三", "打印机卡纸", "In progress"]],
                 ["code", "customer_id", "subject", "status_id"], "tickets.xlsx")
    result = run(db, users.staff1, path, "ticket", duplicates="update", mode="valid-rows")
    assert result.updated == 0 and len(result.problems) == 1
    reason = result.problems[0].reason
    assert "In progress" in reason and "you may move it to: Resolved" in reason
    result = run(db, users.manager, path, "ticket", duplicates="update", mode="valid-rows")
    assert result.updated == 1, result.problems
