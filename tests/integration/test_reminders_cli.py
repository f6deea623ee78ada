"""``crmdesk reminders FILE --user U [--due]`` and recurring tasks at the command line
(issue 13, items 1 and 3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from crmdesk.core.services import accounts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tasks import tasks
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD


def _seed(db_path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    now = datetime.now().astimezone().replace(second=0, microsecond=0)
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            staff1 = accounts.login(s, "staff1", PASSWORD)
            staff2 = accounts.login(s, "staff2", PASSWORD)
            late = tasks.create(s, staff1, {"title": "回电话", "due_at": now - timedelta(hours=1)})
            soon = tasks.create(s, staff1, {"title": "下周拜访", "due_at": now + timedelta(days=7)})
            customer = customers.create(s, staff1, {
                "name": "昨日回访", "next_follow_up": now.date() - timedelta(days=1)})
            tasks.create(s, staff2, {"title": "别人的", "due_at": now - timedelta(hours=1)})
            return {"now": now, "late": late.id, "soon": soon.id, "code": customer.code}
    finally:
        db.close()


def test_reminders_one_a_line_tab_separated(run, db_path) -> None:  # type: ignore[no-untyped-def]
    seeded = _seed(db_path)
    now = seeded["now"]
    assert isinstance(now, datetime)
    yesterday_nine = datetime.combine(now.date() - timedelta(days=1),
                                      datetime.min.time().replace(hour=9))
    code, out, err = run("reminders", str(db_path), "--user", "staff1", "--due")
    assert code == 0, err
    assert out.splitlines() == [
        f"{yesterday_nine:%Y-%m-%d %H:%M}\tfollow_up\t{seeded['code']}\t昨日回访",
        f"{now - timedelta(hours=1):%Y-%m-%d %H:%M}\ttask\t{seeded['late']}\t回电话",
    ]
    code, out, _err = run("reminders", str(db_path), "--user", "staff1")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3 and lines[-1].split("\t")[1:] == ["task", str(seeded["soon"]),
                                                             "下周拜访"]
    code, out, _err = run("reminders", str(db_path), "--user", "staff2", "--due")
    assert [line.split("\t")[3] for line in out.splitlines()] == ["别人的"]


def test_reminders_refuse_a_wrong_password_in_one_line(run, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CRMDESK_PASSWORD", "wrong-password")
    code, out, err = run("reminders", str(db_path), "--user", "staff1")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_a_recurring_task_from_the_command_line(run, db_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("add", str(db_path), "task", "title=周例会", "due_at=2031-01-06 09:00",
                         "recurrence=FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10", "--user", "staff1")
    assert code == 0, err
    task_id = out.strip()
    code, out, _err = run("show", str(db_path), "task", task_id, "--user", "staff1")
    assert "recurrence\tFREQ=WEEKLY;BYDAY=MO,WE;COUNT=10" in out.splitlines()
    code, out, err = run("add", str(db_path), "task", "title=坏规则", "due_at=2031-01-06 09:00",
                         "recurrence=every monday", "--user", "staff1")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "Repeat" in err and "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10" in err
