"""Service levels as users meet them (SQLite and PostgreSQL), on a fake clock.

The working week is Monday-Friday 09:00-18:00 (Asia/Shanghai); a "normal" ticket has
4 working hours to a first response and 3 working days (1620 minutes) to resolution.
Every moment a test names is set on the ticket and its history, and the service reads
"now" from the same fake clock.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from crmdesk.core import analytics
from crmdesk.core.analytics.criteria import Criteria
from crmdesk.core.models import SlaBreach, Ticket, TicketEvent, TicketSla, TicketStatus
from crmdesk.core.services import reminders, service_levels
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import PermissionDenied, ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """March 2027: Monday 1, Friday 5, Monday 8 ..."""
    return datetime(2027, 3, day, hour, minute, tzinfo=SHANGHAI)


BEFORE = datetime(2000, 1, 3, 9, tzinfo=SHANGHAI)


class Clock:
    def __init__(self) -> None:
        self.now = at(1, 9)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(service_levels, "utcnow", lambda: fake.now)
    monkeypatch.setattr(service_levels, "local_zone", lambda: SHANGHAI)
    return fake


def _status(s, key: str) -> int:  # type: ignore[no-untyped-def]
    return int(s.execute(select(TicketStatus.id).where(TicketStatus.key == key)).scalar_one())


def _stamp(s, ticket_id: int, moment: datetime, *, created: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Put the ticket's newest history entries (those not stamped yet) at *moment*."""
    stamped = s.info.setdefault("stamped", set())
    for event in s.execute(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                           ).scalars():
        if event.id not in stamped:
            event.at = moment
            stamped.add(event.id)
    ticket = s.get(Ticket, ticket_id)
    if created:
        s.execute(update(Ticket).where(Ticket.id == ticket_id).values(created_at=moment))
        s.expire(ticket)
    elif ticket.resolved_at is not None and ticket.resolved_at > moment:
        s.execute(update(Ticket).where(Ticket.id == ticket_id).values(resolved_at=moment))
        s.expire(ticket)
    s.flush()
    service_levels.recompute(s, s.get(Ticket, ticket_id), now=moment)
    service_levels.escalate(s, moment, [ticket_id])


def _open(db, clock: Clock, actor, moment: datetime, *, priority: str = "normal",  # type: ignore[no-untyped-def]
          name: str = "张三") -> int:
    clock.now = BEFORE  # the ticket is written at the real time: no breach from that
    with db.transaction() as s:
        cid = customers.create(s, actor, {"name": name}).id
        tid = tickets.create(s, actor, {"customer_id": cid, "subject": "打印机卡纸",
                                        "priority": priority}).id
        _stamp(s, tid, moment, created=True)
        return int(tid)


def _move(db, clock: Clock, actor, tid: int, key: str, moment: datetime) -> None:  # type: ignore[no-untyped-def]
    clock.now = moment
    with db.transaction() as s:
        s.info["stamped"] = set(s.execute(select(TicketEvent.id)).scalars())
        tickets.move(s, actor, tid, _status(s, key))
        _stamp(s, tid, moment)


def _state(db, actor, tid: int, moment: datetime) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {t.target: t.state for t in service_levels.ticket_status(s, actor, tid, moment)}


def test_a_new_ticket_gets_due_moments_in_working_hours(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    tid = _open(db, clock, users.staff1, at(5, 16))  # Friday 16:00
    with db.session() as s:
        row = s.get(TicketSla, tid)
        assert row.response_due_at == at(8, 11)  # 2 h on Friday, 2 h on Monday
        assert row.response_risk_at == at(8, 10, 12)  # 80 % of 240 min = 192 min
        assert row.resolution_due_at == at(10, 16)  # 120 + 540 + 540 + 420 min
        shown = service_levels.ticket_status(s, users.staff1, tid, at(8, 9, 30))
    assert shown[0].state == "on_track" and shown[0].minutes_left == 90


def test_at_risk_then_breached(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    tid = _open(db, clock, users.staff1, at(1, 9))
    assert _state(db, users.staff1, tid, at(1, 12))["response"] == "on_track"
    assert _state(db, users.staff1, tid, at(1, 12, 15))["response"] == "at_risk"
    with db.session() as s:
        assert service_levels.ticket_ids(s, users.staff1, "at_risk", at(1, 12, 15)) == [tid]
        assert service_levels.ticket_ids(s, users.staff1, "breached", at(1, 12, 15)) == []
        assert service_levels.ticket_ids(s, users.staff1, "breached", at(1, 13)) == [tid]
        # another team's staff member does not see it
        assert service_levels.ticket_ids(s, users.staff3, "breached", at(1, 13)) == []
        late = service_levels.ticket_status(s, users.staff1, tid, at(1, 14))[0]
    assert late.state == "breached" and late.minutes_left == -60


def test_the_breached_list_shows_each_late_target_of_visible_tickets_in_few_reads(  # type: ignore[no-untyped-def]
        db, users, clock) -> None:
    """The service levels list: every breached target of the tickets the user sees, the
    soonest due first, with who works on it; read in a few statements however many
    tickets there are (it read each ticket, its clock and the settings one by one)."""
    from tests.statements import statements_of

    mine = [_open(db, clock, users.staff1, at(1, 9), name=f"客户{i}") for i in range(6)]
    other = _open(db, clock, users.staff3, at(1, 9), name="李四")  # another team's
    with db.session() as s:
        with statements_of(db.engine) as statements:
            late = service_levels.tickets_in_state(s, users.staff1, "breached", at(1, 14))
        admin = service_levels.tickets_in_state(s, users.admin, "breached", at(5, 17))
        soon = service_levels.tickets_in_state(s, users.staff1, "at_risk", at(1, 12, 15))
    assert sorted(t.ticket_id for t in late) == sorted(mine)
    assert {t.status.target for t in late} == {"response"}  # resolution is not due yet
    assert {t.status.state for t in late} == {"breached"}
    assert all(t.status.minutes_left == -60 and t.subject == "打印机卡纸" for t in late)
    assert len(statements) <= 12, statements  # (read one by one: over 30)
    assert {t.ticket_id for t in admin} == {*mine, other}
    assert [t.status.due_at for t in admin] == sorted(t.status.due_at for t in admin)
    assert {t.status.target for t in admin} == {"response", "resolution"}
    assert sorted(t.ticket_id for t in soon) == sorted(mine)
    with db.session() as s:
        shown = service_levels.ticket_status(s, users.staff1, mine[0], at(1, 14))
    assert [(x.target, x.state, x.minutes_left) for x in shown] == [
        (x.status.target, x.status.state, x.status.minutes_left) for x in late[:1]] + [
        ("resolution", "on_track", 1620 - 300)]


def test_the_late_tickets_are_the_same_however_they_are_read(  # type: ignore[no-untyped-def]
        db, users, clock, monkeypatch) -> None:
    """Few late clocks are read first and looked up in the user's tickets; many, through
    the user's tickets: each user gets the same list either way."""
    mine = [_open(db, clock, users.staff1, at(1, 9), name=f"客户{i}") for i in range(3)]
    theirs = _open(db, clock, users.staff3, at(1, 9), name="李四")

    def lists() -> dict[str, tuple[list[int], list[int]]]:
        with db.session() as s:
            return {name: (service_levels.ticket_ids(s, actor, "breached", at(1, 14)),
                           service_levels.ticket_ids(s, actor, "at_risk", at(1, 12, 15)))
                    for name, actor in (("staff1", users.staff1), ("staff3", users.staff3),
                                        ("manager", users.manager), ("admin", users.admin))}

    few = lists()
    monkeypatch.setattr(service_levels, "FEW_CLOCKS", 1)  # every state has "many"
    assert lists() == few
    assert sorted(few["staff1"][0]) == sorted(mine) == sorted(few["staff1"][1])
    assert few["staff3"] == ([theirs], [theirs])
    assert sorted(few["admin"][0]) == sorted([*mine, theirs])


def test_the_threshold_is_a_setting(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        service_levels.set_threshold(s, users.admin, 50)
    tid = _open(db, clock, users.staff1, at(1, 9))
    assert _state(db, users.staff1, tid, at(1, 11, 1))["response"] == "at_risk"


def test_first_response_is_a_move_or_someone_elses_comment(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    tid = _open(db, clock, users.staff1, at(1, 9))
    clock.now = at(1, 10)
    with db.transaction() as s:  # the opener's own note is no response
        s.info["stamped"] = set(s.execute(select(TicketEvent.id)).scalars())
        tickets.comment(s, users.staff1, tid, "已记录")
        _stamp(s, tid, at(1, 10))
    assert _state(db, users.staff1, tid, at(1, 10))["response"] == "on_track"
    clock.now = at(1, 11)
    with db.transaction() as s:
        s.info["stamped"] = set(s.execute(select(TicketEvent.id)).scalars())
        tickets.comment(s, users.manager, tid, "已联系客户")
        _stamp(s, tid, at(1, 11))
    with db.session() as s:
        assert s.get(TicketSla, tid).first_responded_at == at(1, 11)
    assert _state(db, users.staff1, tid, at(2, 9))["response"] == "met"


def test_waiting_time_does_not_count(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    tid = _open(db, clock, users.staff1, at(1, 9))
    _move(db, clock, users.staff1, tid, "waiting", at(1, 10))
    # Wednesday: without the wait the resolution would be due at 16:00; it stands still
    assert _state(db, users.staff1, tid, at(3, 16))["resolution"] == "paused"
    with db.session() as s:
        assert service_levels.ticket_ids(s, users.admin, "breached", at(3, 16),
                                          targets=["resolution"]) == []
    _move(db, clock, users.staff1, tid, "in_progress", at(3, 10))
    with db.session() as s:
        # 60 min on Monday, 1560 from Wednesday 10:00: Wed 480, Thu 540, Fri 540
        assert s.get(TicketSla, tid).resolution_due_at == at(5, 18)
    assert _state(db, users.staff1, tid, at(5, 14))["resolution"] == "at_risk"


def test_a_breach_escalates_once_to_the_assignee_and_the_manager(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    tid = _open(db, clock, users.staff1, at(1, 9), priority="urgent")  # 1 h to respond
    with db.transaction() as s:
        made = service_levels.escalate(s, at(1, 10, 30))
        again = service_levels.escalate(s, at(1, 11))
        assert [(b.ticket_id, b.target, b.assignee_id, b.manager_id) for b in made] == [
            (tid, "response", users.staff1.user_id, users.manager.user_id)]
        assert again == []
    _move(db, clock, users.staff1, tid, "in_progress", at(1, 11))  # late: still one breach
    with db.session() as s:
        breaches = list(s.execute(select(SlaBreach.target)).scalars())
        assert breaches == ["response"]
        staff = reminders.due(s, users.staff1, at(1, 11))
        boss = reminders.due(s, users.manager, at(1, 11))
        other = reminders.due(s, users.manager2, at(1, 11))
        flags = service_levels.breach_flags(s, users.manager)
    assert [(r.kind, r.ref_id) for r in staff if r.kind == "sla"] == [("sla", tid)]
    assert [(r.kind, r.ref_id) for r in boss if r.kind == "sla"] == [("sla", tid)]
    assert [r for r in other if r.kind == "sla"] == []
    assert [(f.ticket_id, f.target, f.assignee) for f in flags] == [(tid, "response", "李娜")]
    assert _state(db, users.staff1, tid, at(1, 12))["response"] == "missed"
    with db.transaction() as s:  # dismissed by the manager: gone for them only
        reminders.dismiss(s, users.manager, "sla", tid)
        assert [r for r in reminders.due(s, users.manager, at(1, 12)) if r.kind == "sla"] == []
        assert [r.kind for r in reminders.due(s, users.staff1, at(1, 12))].count("sla") == 1


def test_closing_stops_the_clock_and_resolution_is_met(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    tid = _open(db, clock, users.staff1, at(1, 9))
    _move(db, clock, users.staff1, tid, "in_progress", at(1, 10))
    _move(db, clock, users.staff1, tid, "resolved", at(1, 15))
    assert _state(db, users.staff1, tid, at(9, 9)) == {"response": "met", "resolution": "met"}
    with db.transaction() as s:
        assert service_levels.escalate(s, at(20, 9)) == []


def test_compliance_per_priority_team_and_person_by_role(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    late = _open(db, clock, users.staff1, at(1, 9), priority="urgent")
    on_time = _open(db, clock, users.staff3, at(1, 9), priority="urgent", name="李四")
    _move(db, clock, users.staff3, on_time, "in_progress", at(1, 9, 30))
    _move(db, clock, users.staff1, late, "in_progress", at(1, 11))
    period = Criteria(at(1, 0).date(), at(5, 0).date())

    def figures(actor) -> dict[tuple[str, str, str], tuple[int, int, int, float | None]]:  # type: ignore[no-untyped-def]
        with db.session() as s:
            return {(r.group, r.label, r.target): (r.due, r.met, r.breached, r.percent)
                    for r in analytics.service_levels.compliance(s, actor, period, at(8, 9))
                    if r.due}

    admin = figures(users.admin)
    assert admin[("priority", "Urgent", "response")] == (2, 1, 1, 0.5)
    assert admin[("team", "华东组", "response")] == (1, 0, 1, 0.0)
    assert admin[("team", "华西组", "response")] == (1, 1, 0, 1.0)
    assert admin[("person", "陈静", "response")] == (1, 1, 0, 1.0)
    # urgent: 4 h to resolve, neither was resolved by Monday 13:00: both breached
    assert admin[("priority", "Urgent", "resolution")] == (2, 0, 2, 0.0)
    manager = figures(users.manager)
    assert manager[("priority", "Urgent", "response")] == (1, 0, 1, 0.0)
    assert ("team", "华西组", "response") not in manager
    staff3 = figures(users.staff3)
    assert set(k[1] for k in staff3 if k[0] == "person") == {"陈静"}
    with db.transaction() as s:
        table = analytics.export_table(s, users.admin, "sla", period)
    assert [c.key for c in table.columns] == ["group", "name", "target", "due", "met",
                                              "breached", "pending", "percent"]


def test_settings_are_for_administrators_and_checked(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        with pytest.raises(PermissionDenied):
            service_levels.set_target(s, users.staff1, "high", response_minutes=60,
                                      resolution_minutes=None)
        with pytest.raises(ValidationError, match="not a priority"):
            service_levels.set_target(s, users.admin, "asap", response_minutes=60,
                                      resolution_minutes=None)
        with pytest.raises(ValidationError, match="at least one working day"):
            service_levels.set_week(s, users.admin, {d: None for d in range(7)})
        service_levels.set_target(s, users.admin, "normal", response_minutes=30,
                                  resolution_minutes=120, customer_category="VIP")
        service_levels.set_day(s, users.admin, at(8, 0).date())  # a holiday
    with db.transaction() as s:
        cid = customers.create(s, users.staff1, {"name": "王五", "category": "VIP"}).id
        clock.now = BEFORE
        tid = tickets.create(s, users.staff1, {"customer_id": cid, "subject": "急"}).id
        _stamp(s, tid, at(5, 17, 45), created=True)
        row = s.get(TicketSla, tid)
        assert row.response_due_at == at(9, 9, 15)  # Monday 8 is a holiday now
        assert row.resolution_due_at == at(9, 10, 45)


def test_the_service_report_shows_compliance(db, users, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    from crmdesk.reports import ReportRequest, build_report

    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    tid = _open(db, clock, users.staff1, at(1, 9), priority="urgent")
    _move(db, clock, users.staff1, tid, "in_progress", at(1, 11))
    out = tmp_path / "service.pdf"
    build_report(db, users.admin, ReportRequest("service", criteria=Criteria(
        at(1, 0).date(), at(31, 0).date())), out)
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Service levels" in text and "Met %" in text


def test_the_command_line(run, db_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("sla", str(db_path), "--user", "admin")
    assert code == 0 and "target\turgent\t\t1h\t4h" in out and "week\tsat\toff" in out
    code, out, _ = run("sla", "set", str(db_path), "--priority", "high", "--response", "30m",
                       "--resolution", "1d", "--user", "admin")
    assert code == 0 and "target\thigh\t\t30m\t9h" in out
    code, out, _ = run("sla", "holidays", str(db_path), "--add", "2027-02-10",
                       "--workday", "2027-02-14", "--note", "春节", "--user", "admin")
    assert code == 0 and "holiday\t2027-02-10\t\t春节" in out and "workday\t2027-02-14" in out
    code, out, _ = run("sla", "hours", str(db_path), "--day", "sat", "--hours", "09:00-12:00",
                       "--user", "admin")
    assert code == 0 and "week\tsat\t09:00-12:00" in out
    code, out, err = run("sla", "set", str(db_path), "--priority", "high", "--response",
                         "soon", "--user", "admin")
    assert code == 2 and "--response soon is not a length of working time" in err
    code, out, err = run("sla", "set", str(db_path), "--priority", "high", "--response", "2h",
                         "--user", "staff1")
    assert code == 2 and err.count("\n") == 1
    code, out, err = run("sla", "hours", str(db_path), "--add", "2027-01-01", "--user", "admin")
    assert code == 2 and "--add does not go with crmdesk sla hours" in err
    code, out, _ = run("sla", "check", str(db_path), "--user", "admin")
    assert code == 0 and "0 new breaches escalated." in out
    code, out, _ = run("analytics", str(db_path), "sla", "--from", "2027-01-01", "--to",
                       "2027-12-31", "--user", "manager")
    assert code == 0 and out.splitlines()[0] == "group\tname\ttarget\tdue\tmet\tbreached\t" \
                                                "pending\tpercent"


def test_check_gives_old_tickets_a_clock_and_escalates(db, users, clock) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import delete

    tid = _open(db, clock, users.staff1, at(1, 9), priority="urgent")
    with db.transaction() as s:  # a ticket from before schema 0013
        s.execute(delete(TicketSla).where(TicketSla.ticket_id == tid))
    with db.transaction() as s:
        with pytest.raises(PermissionDenied):
            service_levels.check(s, users.staff1, at(2, 9))
        made = service_levels.check(s, users.manager, at(2, 9))
        assert {(b.ticket_id, b.target) for b in made} == {(tid, "response"),
                                                           (tid, "resolution")}
        assert s.get(TicketSla, tid).response_due_at == at(1, 10)
        assert service_levels.check(s, users.admin, at(2, 9)) == []
