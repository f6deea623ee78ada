"""``crmdesk calendar FILE --user U --from D --to D [--ics OUT.ics]`` (issue 13, item 2):
the agenda one item a line, and an iCalendar file that parses back with one VEVENT per
item and stable UIDs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar

from crmdesk.core.services import accounts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD

DAY = date(2031, 3, 10)


def _seed(db_path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    due = datetime.combine(DAY, datetime.min.time().replace(hour=14, minute=30)).astimezone()
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            staff1 = accounts.login(s, "staff1", PASSWORD)
            staff2 = accounts.login(s, "staff2", PASSWORD)
            customer = customers.create(s, staff1, {"name": "李氏贸易", "next_follow_up": DAY})
            task = tasks.create(s, staff1, {"title": "回电话", "due_at": due})
            ticket = tickets.create(s, staff1, {"subject": "打印机坏了", "customer_id": customer.id,
                                                "assignee_id": staff1.user_id,
                                                "due_date": DAY + timedelta(days=1)})
            tasks.create(s, staff1, {"title": "下个月", "due_at": due + timedelta(days=40)})
            tasks.create(s, staff2, {"title": "别人的", "due_at": due})
            return {"due": due, "task": task.id, "customer": customer.code,
                    "customer_id": customer.id, "ticket": ticket.code, "ticket_id": ticket.id}
    finally:
        db.close()


def test_the_agenda_one_item_a_line(run, db_path) -> None:  # type: ignore[no-untyped-def]
    seeded = _seed(db_path)
    code, out, err = run("calendar", str(db_path), "--user", "staff1",
                         "--from", "2031-03-01", "--to", "2031-03-31")
    assert code == 0, err
    assert out.splitlines() == [
        f"2031-03-10\tfollow_up\t{seeded['customer']}\t李氏贸易",
        f"{seeded['due']:%Y-%m-%d %H:%M}\ttask\t{seeded['task']}\t回电话",
        f"2031-03-11\tticket\t{seeded['ticket']}\t打印机坏了",
    ]
    code, out, err = run("calendar", str(db_path), "--user", "staff1",
                         "--from", "2031-03-31", "--to", "2031-03-01")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, out, err = run("calendar", str(db_path), "--user", "staff1",
                         "--from", "2031-3-1x", "--to", "2031-03-31")
    assert code == 2 and "--from" in err and len(err.strip().splitlines()) == 1
    code, out, err = run("calendar", str(db_path), "--user", "staff1", "--person", "staff2",
                         "--from", "2031-03-01", "--to", "2031-03-31")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, out, err = run("calendar", str(db_path), "--user", "manager", "--person", "staff2",
                         "--from", "2031-03-01", "--to", "2031-03-31")
    assert code == 0 and [line.split("\t")[3] for line in out.splitlines()] == ["别人的"]


def test_the_ics_file_parses_back_with_one_event_per_item(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seeded = _seed(db_path)
    out_file = tmp_path / "staff1.ics"
    argv = ("calendar", str(db_path), "--user", "staff1", "--from", "2031-03-01",
            "--to", "2031-03-31", "--ics", str(out_file))
    code, out, err = run(*argv)
    assert code == 0 and out == "", err
    cal = icalendar.Calendar.from_ical(out_file.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {f"task-{seeded['task']}@crmdesk",
                           f"follow_up-{seeded['customer_id']}@crmdesk",
                           f"ticket-{seeded['ticket_id']}@crmdesk"}
    task = by_uid[f"task-{seeded['task']}@crmdesk"]
    start = task.decoded("DTSTART")
    assert isinstance(start, datetime) and start.tzinfo is not None
    assert start == seeded["due"]  # the same moment, in the local zone or UTC
    assert str(task["SUMMARY"]) == "Task: 回电话"
    follow_up = by_uid[f"follow_up-{seeded['customer_id']}@crmdesk"]
    assert follow_up.decoded("DTSTART") == date(2031, 3, 10)  # all day: a date
    assert follow_up.decoded("DTEND") == date(2031, 3, 11)
    # the same records give the same UIDs again
    code, _out, _err = run(*argv)
    assert {str(e["UID"]) for e in icalendar.Calendar.from_ical(
        out_file.read_bytes()).walk("VEVENT")} == set(by_uid)


def test_summaries_are_in_the_users_language(monkeypatch, db_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from crmdesk import cli

    _seed(db_path)
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    out_file = tmp_path / "zh.ics"
    code = cli.main(["--lang", "zh_CN", "calendar", str(db_path), "--user", "staff1",
                     "--from", "2031-03-10", "--to", "2031-03-10", "--ics", str(out_file)])
    assert code == 0, capsys.readouterr().err
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(
        out_file.read_bytes()).walk("VEVENT")}
    assert len(summaries) == 2 and all(not s.startswith(("Task", "Follow-up"))
                                       for s in summaries)


def test_times_carry_the_local_time_zone(run, db_path, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        seeded = _seed(db_path)
        out_file = tmp_path / "tz.ics"
        code, _out, err = run("calendar", str(db_path), "--user", "staff1", "--from",
                              "2031-03-10", "--to", "2031-03-10", "--ics", str(out_file))
        assert code == 0, err
        cal = icalendar.Calendar.from_ical(out_file.read_bytes())
        assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
        task = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("task-"))
        assert task["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert task.decoded("DTSTART").strftime("%H:%M") == "14:30"
        assert task.decoded("DTSTART") == seeded["due"]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
