"""Customer satisfaction as a service desk meets it (SQLite and PostgreSQL): scores
from 1 to 5 only, a low score makes a follow-up task for the assignee's manager,
CSAT figures follow what each role may see, and a returned survey is imported
whole or not at all."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from crmdesk.core import analytics
from crmdesk.core.analytics.criteria import Criteria
from crmdesk.core.analytics.satisfaction import csat
from crmdesk.core.models import AuditEntry, Task, TicketSatisfaction
from crmdesk.core.services import satisfaction
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import KnownError, ValidationError
from crmdesk.exchange.survey import import_survey


@pytest.fixture
def made(db, users):  # type: ignore[no-untyped-def]
    """Tickets: two of staff1 (east team), one of staff2 (east), one of staff3 (west)."""
    with db.transaction() as s:
        codes = {}
        for name, actor in (("a", users.staff1), ("b", users.staff1), ("c", users.staff2),
                            ("d", users.staff3)):
            cid = customers.create(s, actor, {"name": f"客户{name}"}).id
            t = tickets.create(s, actor, {"customer_id": cid, "subject": f"问题{name}"})
            codes[name] = (t.id, t.code)
        return codes


def _survey(tmp_path, rows):  # type: ignore[no-untyped-def]
    book = Workbook()
    book.active.append(["工单号", "满意度", "客户意见"])
    for row in rows:
        book.active.append(row)
    path = tmp_path / "survey.xlsx"
    book.save(path)
    return path


def test_a_score_is_a_whole_number_from_1_to_5(db, users, made) -> None:  # type: ignore[no-untyped-def]
    ticket = made["a"][0]
    with db.transaction() as s:
        for bad in (0, 6, "4.5", "", None, "good"):
            with pytest.raises(ValidationError) as exc:
                satisfaction.record(s, users.staff1, ticket, bad)
            assert exc.value.errors[0].field == "score" and "1 to 5" in exc.value.message
        done = satisfaction.record(s, users.staff1, ticket, "5星", "很快就修好了")
        assert done.score == 5 and not done.replaced and done.task_id is None
        again = satisfaction.record(s, users.staff1, ticket, 4, source="survey")
        assert again.replaced
        assert s.execute(select(func.count(TicketSatisfaction.id))).scalar() == 1
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "satisfaction")
                          .order_by(AuditEntry.id.desc())).scalars().first()
        assert entry is not None and entry.entity == "ticket" and entry.entity_id == ticket
    with db.session() as s:
        shown = satisfaction.get(s, users.staff1, ticket)
        assert shown is not None and shown.score == 4 and shown.source == "survey"
        history = tickets.timeline(s, users.staff1, ticket)
        assert history[-1].kind == "comment"
        assert history[-1].comment == "Customer satisfaction: 4/5 (Survey)"
        assert "很快就修好了" in (history[-2].comment or "")
    with db.transaction() as s:  # someone who cannot see the ticket cannot score it
        with pytest.raises(KnownError):
            satisfaction.record(s, users.staff3, ticket, 5)


def test_a_low_score_makes_a_follow_up_task_for_the_manager(db, users, made) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        done = satisfaction.record(s, users.staff1, made["a"][0], 2, "等了三天")
        task = s.get(Task, done.task_id)
        assert task is not None and task.assignee_id == users.manager.user_id
        assert task.ticket_id == made["a"][0] and made["a"][1] in task.title
        assert task.priority == "high" and task.notes == "等了三天"
        # replacing a low score with another makes no second task
        assert satisfaction.record(s, users.staff1, made["a"][0], 1).task_id is None
        # the threshold is a setting: 3 is low when set so
        assert satisfaction.record(s, users.staff1, made["b"][0], 3).task_id is None
        db_settings.set_value(s, users.admin, "service.low_score", 3)
        assert satisfaction.record(s, users.staff3, made["d"][0], 3).task_id is not None
        west_task = s.execute(select(Task).where(Task.ticket_id == made["d"][0])).scalar_one()
        assert west_task.assignee_id == users.manager2.user_id
    with db.session() as s:  # the manager sees the task in their list
        from crmdesk.core.services.tasks import tasks

        assert done.task_id in tasks.ids(s, users.manager)


def test_csat_per_period_team_and_person_follows_the_role(db, users, made) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        satisfaction.record(s, users.staff1, made["a"][0], 5)
        satisfaction.record(s, users.staff1, made["b"][0], 2)
        satisfaction.record(s, users.staff2, made["c"][0], 4)
        satisfaction.record(s, users.staff3, made["d"][0], 1)
    today = date.today()
    month = today.strftime("%Y-%m")
    with db.session() as s:
        rows = {(r.group, r.label): r for r in csat(s, users.admin, Criteria(
            today, today))}
        assert rows[("all", "All")].responses == 4 and rows[("all", "All")].satisfied == 2
        assert rows[("all", "All")].csat == 0.5 and rows[("all", "All")].average == 3.0
        assert rows[("month", month)].responses == 4
        assert rows[("team", "华东组")].csat == pytest.approx(2 / 3)
        assert rows[("team", "华西组")].csat == 0.0
        assert rows[("person", "李娜")].average == 3.5
        assert rows[("person", "张伟")].csat == 1.0
        # a manager sees the team's tickets only; staff their own
        east = {(r.group, r.label) for r in csat(s, users.manager, Criteria())}
        assert ("team", "华西组") not in east and ("person", "张伟") in east
        mine = csat(s, users.staff1, Criteria())
        assert mine[0].responses == 2 and {r.label for r in mine if r.group == "person"} == {
            "李娜"}
        # nothing taken in another period
        assert csat(s, users.admin, Criteria(date(2001, 1, 1),
                                                          date(2001, 1, 31)))[0].responses == 0
        table = analytics.table(s, users.admin, "csat", Criteria())
        assert [c.key for c in table.columns] == ["group", "name", "responses", "satisfied",
                                                  "csat", "average"]
        assert table.rows[0][2:5] == [4, 2, 0.5]


def test_a_survey_is_imported_whole_or_not_at_all(db, users, made, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b = made["a"][1], made["b"][1]
    bad = _survey(tmp_path, [[a, 5, "满意"], [b, 7, "?"]])
    with pytest.raises(KnownError) as exc:
        import_survey(db, users.staff1, bad)
    assert "Row 3" in exc.value.message and "Score" in exc.value.message
    assert "Nothing was imported" in exc.value.message
    with db.session() as s:
        assert s.execute(select(func.count(TicketSatisfaction.id))).scalar() == 0
    unknown = _survey(tmp_path, [[a, 5, None], ["T999999", 4, None]])
    with pytest.raises(KnownError) as exc:
        import_survey(db, users.staff1, unknown)
    assert "Row 3" in exc.value.message and "T999999" in exc.value.message
    twice = _survey(tmp_path, [[a, 5, None], [a, 4, None]])
    with pytest.raises(KnownError) as exc:
        import_survey(db, users.staff1, twice)
    assert "row 2" in exc.value.message
    good = _survey(tmp_path, [[a, 5, "满意"], [b, "1", "太慢"]])
    result = import_survey(db, users.staff1, good)
    assert (result.recorded, result.replaced, result.tasks) == (2, 0, 1)
    with db.session() as s:
        got = {row[0]: row[1] for row in s.execute(select(
            TicketSatisfaction.ticket_id, TicketSatisfaction.source))}
        assert got == {made["a"][0]: "import", made["b"][0]: "import"}


def test_satisfaction_and_csat_from_the_command_line(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    assert run("add", f, "customer", "name=张三", "--user", "staff1")[0] == 0
    codes = [run("add", f, "ticket", "customer_id=张三", f"subject=问题{n}", "--user",
                 "staff1")[1].strip() for n in range(2)]
    rc, out, err = run("ticket", "satisfaction", "add", f, codes[0], "5", "--comment", "很好",
                       "--user", "staff1")
    assert rc == 0 and f"Recorded 5/5 for {codes[0]}." in out, err
    rc, out, err = run("ticket", "satisfaction", "show", f, codes[0], "--user", "staff1")
    assert rc == 0 and out.startswith("5\t很好\tBy phone\t李娜"), err
    rc, _out, err = run("ticket", "satisfaction", "add", f, codes[1], "9", "--user", "staff1")
    assert rc == 2 and "1 to 5" in err
    survey = _survey(tmp_path, [[codes[1], 2, "太慢"], [codes[0], "x", None]])
    rc, _out, err = run("ticket", "satisfaction", "import", f, str(survey), "--user", "staff1")
    assert rc == 2 and "Row 3, Score" in err and len(err.strip().splitlines()) == 1
    survey = _survey(tmp_path, [[codes[1], 2, "太慢"]])
    rc, out, err = run("ticket", "satisfaction", "import", f, str(survey), "--user", "staff1")
    assert rc == 0 and "Imported 1 scores (0 replaced); 1 follow-up tasks" in out, err
    today = date.today().isoformat()
    rc, out, err = run("analytics", f, "csat", "--from", today, "--to", today, "--user",
                       "manager")
    lines = [line.split("\t") for line in out.splitlines()]
    assert rc == 0 and lines[0] == ["group", "name", "responses", "satisfied", "csat",
                                    "average"], err
    assert lines[1] == ["All", "All", "2", "1", "0.5000", "3.50"]
    assert ["Person", "李娜", "2", "1", "0.5000", "3.50"] in lines
    assert ["Team", "华东组", "2", "1", "0.5000", "3.50"] in lines


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_service_report_shows_csat(db, users, made, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.reports import ReportRequest, build_report

    with db.transaction() as s:
        satisfaction.record(s, users.staff1, made["a"][0], 5)
        satisfaction.record(s, users.staff2, made["c"][0], 3)
    out = tmp_path / "service.pdf"
    build_report(db, users.admin, ReportRequest("service"), out)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Customer satisfaction" in text and "CSAT" in text and "张伟" in text
