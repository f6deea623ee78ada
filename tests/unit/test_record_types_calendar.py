"""Designed record types in the calendar, the reminders, the global search and customer
merges (issue 15, item 2), as their users meet them (SQLite and PostgreSQL): a type's
date fields show for the users who may see the record and move through the type's
service; a field with ``remind_days_before`` reminds the record's holder that many days
before; owner-type records are found by their owner, the owner's manager and the
administrators only; a merge takes a customer's designed records to the survivor and
an undo brings them back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect

from crmdesk.core import search
from crmdesk.core.models import AuditEntry
from crmdesk.core.record_types import deactivate
from crmdesk.core.record_types.definitions import DefinitionError, parse_field
from crmdesk.core.services import calendar, merging, reminders
from crmdesk.core.services import record_types as designer
from crmdesk.core.services.customers import customers
from crmdesk.core.services.registry import service_for
from crmdesk.errors import ConflictError, NotFound, PermissionDenied

#: a fixed "now": 10:30 local on a weekday well in the future
NOW = datetime(2031, 3, 12, 10, 30).astimezone()
TODAY = NOW.date()

POLICY: dict[str, Any] = {
    "key": "policy", "name_zh": "保单", "name_en": "Policy", "code_prefix": "BD",
    "belongs_to": "customer",
    "fields": [
        {"key": "number", "name_zh": "保单号", "name_en": "Policy number", "kind": "text",
         "required": True},
        {"key": "start", "name_zh": "起保日期", "name_en": "Start", "kind": "date",
         "calendar": False},
        {"key": "end_date", "name_zh": "终保日期", "name_en": "End date", "kind": "date",
         "remind_days_before": 30},
        {"key": "holder_id", "name_zh": "证件号", "name_en": "ID number",
         "kind": "id_number"},
    ]}

VISIT: dict[str, Any] = {
    "key": "visit", "name_zh": "来店登记", "name_en": "Showroom visit", "code_prefix": "V",
    "belongs_to": "owner",
    "fields": [
        {"key": "visitor", "name_zh": "来访人", "name_en": "Visitor", "kind": "text",
         "required": True},
        {"key": "arrived_at", "name_zh": "到店时间", "name_en": "Arrived at",
         "kind": "datetime"},
        {"key": "next_visit", "name_zh": "再次到店", "name_en": "Next visit", "kind": "date",
         "remind_days_before": 0},
    ]}


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


@pytest.fixture
def types(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        designer.import_definitions(s, users.admin, {"format": "crmdesk.record_types/1",
                                                     "types": [POLICY, VISIT]})


def _customer(db, actor, name: str) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return int(customers.create(s, actor, {"name": name}).id)


def _add(db, actor, kind: str, data: dict[str, Any]) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return int(service_for(kind).create(s, actor, data).id)


# -- the definition ---------------------------------------------------------------------

def test_the_date_options_are_checked_kept_and_exported(db, users, types) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        exported = designer.export_definitions(s, users.admin, ["policy", "visit"])
        indexes = {i["name"] for i in inspect(s.connection()).get_indexes("rt_policy")}
    fields = {f["key"]: f for f in exported["types"][0]["fields"]}
    assert fields["start"]["calendar"] is False
    assert fields["end_date"]["remind_days_before"] == 30
    assert "calendar" not in fields["end_date"] and "calendar" not in fields["number"]
    # a date the calendar or the reminders read by range has an index
    assert {"ix_rt_policy_c_end_date"} <= indexes
    assert "ix_rt_policy_c_start" not in indexes
    # an old definition without the options still reads (the calendar by default)
    assert parse_field({"key": "d", "name_zh": "日", "kind": "date"}, "f").in_calendar
    for bad in ({"remind_days_before": 400}, {"remind_days_before": "30"},
                {"remind_days_before": -1}, {"calendar": "yes"}):
        with pytest.raises(DefinitionError, match="remind_days_before|calendar"):
            parse_field({"key": "d", "name_zh": "日", "kind": "date", **bad}, "f")
    with pytest.raises(DefinitionError, match="only date"):
        parse_field({"key": "t", "name_zh": "文", "kind": "text", "calendar": True}, "f")
    # an import brings the options up to the document
    changed = {**POLICY, "fields": [dict(f, remind_days_before=7) if f["key"] == "end_date"
                                    else f for f in POLICY["fields"]]}
    with db.transaction() as s:
        designer.import_definitions(s, users.admin, changed)
        field = designer.get_type(s, "policy").field("end_date")
    assert field is not None and field.remind_days_before == 7


# -- the calendar -----------------------------------------------------------------------

def test_designed_dates_are_in_the_calendar_of_those_who_may_see_them(db, users, types) -> None:  # type: ignore[no-untyped-def]
    mine = _customer(db, users.staff1, "李氏贸易")
    theirs = _customer(db, users.staff3, "西部公司")
    day = TODAY + timedelta(days=3)
    policy = _add(db, users.staff1, "policy", {"customer_id": mine, "number": "PA-001",
                                               "start": day, "end_date": day})
    _add(db, users.staff3, "policy", {"customer_id": theirs, "number": "PA-002",
                                      "end_date": day})
    arrival = datetime.combine(day, datetime.min.time().replace(hour=14)).astimezone()
    visit = _add(db, users.staff1, "visit", {"visitor": "刘先生", "arrived_at": arrival})
    first, last = TODAY, TODAY + timedelta(days=10)
    with db.session() as s:
        own = calendar.items(s, users.staff1, first, last)
        assert [(i.kind, i.title, i.ref_id) for i in own] == [
            ("policy.end_date", "PA-001 · End date", policy),
            ("visit.arrived_at", "刘先生 · Arrived at", visit)]
        item = own[0]
        assert item.all_day and item.record == ("policy", policy) and item.customer_id == mine
        assert not own[1].all_day and own[1].start == arrival
        assert item.kind_text == "Policy · End date"
        # the start date is not in the calendar ("calendar": false)
        assert all(i.kind != "policy.start" for i in own)
        # another staff member sees nothing of it; the manager sees the team's
        assert calendar.items(s, users.staff2, first, last) == []
        team = calendar.items(s, users.manager, first, last, team=True)
        assert {i.ref_id for i in team if i.kind == "policy.end_date"} == {policy}
        assert calendar.items(s, users.manager, first, last, person=users.staff1.user_id)
        with pytest.raises(PermissionDenied):
            calendar.items(s, users.manager2, first, last, person=users.staff1.user_id)
        everyone = calendar.items(s, users.admin, first, last, team=True)
        assert len([i for i in everyone if i.kind == "policy.end_date"]) == 2
        # each item is one the user's service shows
        for i in own:
            assert service_for(i.record[0]).get(s, users.staff1, i.ref_id).id == i.ref_id
        # only the kinds asked for
        assert calendar.items(s, users.staff1, first, last, kinds=["task"]) == []


def test_dragging_a_designed_date_updates_it_through_its_service(db, users, types) -> None:  # type: ignore[no-untyped-def]
    mine = _customer(db, users.staff1, "李氏贸易")
    day = TODAY + timedelta(days=3)
    policy = _add(db, users.staff1, "policy", {"customer_id": mine, "number": "PA-001",
                                               "end_date": day})
    arrival = datetime.combine(day, datetime.min.time().replace(hour=14)).astimezone()
    visit = _add(db, users.staff1, "visit", {"visitor": "刘先生", "arrived_at": arrival})
    with db.transaction() as s:
        item = calendar.items(s, users.staff1, day, day, kinds=["policy.end_date"])[0]
        version = calendar.move(s, users.staff1, item.kind, item.ref_id, day + timedelta(2),
                                expected_version=item.version)
        assert version == item.version + 1
        # a date-time keeps its time of day
        calendar.move(s, users.staff1, "visit.arrived_at", visit, day + timedelta(1))
    with db.session() as s:
        assert service_for("policy").get(s, users.staff1, policy).end_date == day + timedelta(2)
        assert service_for("visit").get(s, users.staff1, visit).arrived_at == \
            arrival + timedelta(days=1)
        assert s.query(AuditEntry).filter(AuditEntry.entity == "policy",
                                          AuditEntry.entity_id == policy,
                                          AuditEntry.action == "update").count() == 1
    # a stale version and someone else's record are refused; nothing changes
    with pytest.raises(ConflictError), db.transaction() as s:
        calendar.move(s, users.staff1, "policy.end_date", policy, day, expected_version=1)
    with pytest.raises(NotFound), db.transaction() as s:
        calendar.move(s, users.staff2, "policy.end_date", policy, day)
    with db.session() as s:
        assert service_for("policy").get(s, users.staff1, policy).end_date == day + timedelta(2)


def test_the_ics_export_has_the_designed_dates(db, users, types, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.cli.cmd_calendar import ics_bytes

    mine = _customer(db, users.staff1, "李氏贸易")
    day = TODAY + timedelta(days=3)
    policy = _add(db, users.staff1, "policy", {"customer_id": mine, "number": "PA-001",
                                               "end_date": day})
    with db.session() as s:
        found = calendar.items(s, users.staff1, TODAY, TODAY + timedelta(days=10))
    text = ics_bytes(found, "crmdesk staff1").decode()
    assert f"UID:policy.end_date-{policy}@crmdesk" in text
    assert "SUMMARY:Policy · End date: PA-001 · End date" in text
    assert f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}" in text


# -- reminders --------------------------------------------------------------------------

def test_a_date_reminds_its_holder_days_before_and_can_be_dismissed(db, users, types) -> None:  # type: ignore[no-untyped-def]
    mine = _customer(db, users.staff1, "李氏贸易")
    theirs = _customer(db, users.staff2, "张氏商行")
    soon = _add(db, users.staff1, "policy", {"customer_id": mine, "number": "PA-SOON",
                                             "end_date": TODAY + timedelta(days=30)})
    _add(db, users.staff1, "policy", {"customer_id": mine, "number": "PA-LATER",
                                      "end_date": TODAY + timedelta(days=31)})
    _add(db, users.staff1, "policy", {"customer_id": mine, "number": "PA-OLD",
                                      "end_date": TODAY - timedelta(days=400)})
    _add(db, users.staff2, "policy", {"customer_id": theirs, "number": "PA-THEIRS",
                                      "end_date": TODAY + timedelta(days=10)})
    visit = _add(db, users.staff1, "visit", {"visitor": "刘先生", "next_visit": TODAY})
    with db.session() as s:
        due = reminders.due(s, users.staff1, NOW)
        assert [(r.kind, r.title) for r in due] == [
            ("policy.end_date", "PA-SOON · End date"), ("visit.next_visit", "刘先生 · Next visit")]
        renewal = due[0]
        assert renewal.record == ("policy", soon) and renewal.customer_id == mine
        assert renewal.due_date == TODAY + timedelta(days=30)
        assert renewal.at == datetime.combine(TODAY, reminders.DAY_TIME).astimezone()
        assert renewal.kind_text == "Policy · End date"
        # the one 31 days ahead comes tomorrow; the one long past does not remind
        coming = reminders.reminders(s, users.staff1, NOW, due_only=False)
        assert "PA-LATER · End date" in [r.title for r in coming]
        assert "PA-OLD · End date" not in [r.title for r in coming]
        assert [r.title for r in reminders.due(s, users.staff2, NOW)] == ["PA-THEIRS · End date"]
        # before 09:00 a date's reminder is not due yet
        assert reminders.due(s, users.staff1, NOW.replace(hour=8)) == []
    with db.transaction() as s:
        reminders.snooze(s, users.staff1, "policy.end_date", soon, NOW + timedelta(hours=1),
                         now=NOW)
        reminders.dismiss(s, users.staff1, "visit.next_visit", visit)
    with db.session() as s:
        assert reminders.due(s, users.staff1, NOW) == []
        again = reminders.due(s, users.staff1, NOW + timedelta(hours=2))
        assert [r.ref_id for r in again] == [soon]
    with db.transaction() as s:
        reminders.dismiss(s, users.staff1, "policy.end_date", soon)
    with db.session() as s:
        assert reminders.due(s, users.staff1, NOW + timedelta(hours=2)) == []
    # a new date reminds again
    with db.transaction() as s:
        service_for("policy").update(s, users.staff1, soon,
                                     {"end_date": TODAY + timedelta(days=20)})
    with db.session() as s:
        assert [r.ref_id for r in reminders.due(s, users.staff1, NOW)] == [soon]


def test_owner_type_reminders_and_the_command_line(db, users, types, run, db_path) -> None:  # type: ignore[no-untyped-def]
    _add(db, users.staff1, "visit", {"visitor": "刘先生",
                                     "next_visit": date.today() - timedelta(days=1)})
    code, out, err = run("reminders", str(db_path), "--user", "staff1", "--due")
    assert code == 0, err
    assert "visit.next_visit" in out and "刘先生 · Next visit" in out
    code, out, _err = run("reminders", str(db_path), "--user", "staff2", "--due")
    assert "刘先生" not in out
    day = date.today() + timedelta(days=2)
    _add(db, users.staff1, "visit", {"visitor": "王女士", "next_visit": day})
    code, out, err = run("calendar", str(db_path), "--user", "staff1", "--from",
                         day.isoformat(), "--to", day.isoformat())
    assert code == 0, err
    assert f"{day.isoformat()}\tvisit.next_visit\tV" in out and "王女士 · Next visit" in out


# -- search -----------------------------------------------------------------------------

def test_owner_type_records_are_found_by_those_who_may_see_them(db, users, types) -> None:  # type: ignore[no-untyped-def]
    visit = _add(db, users.staff1, "visit", {"visitor": "欧阳明月"})
    west = _add(db, users.staff3, "visit", {"visitor": "欧阳清风"})
    with db.session() as s:
        for query in ("欧阳明月", "欧阳", "明", "ouyangmingyue", "oymy"):
            hits = search.search(s, users.staff1, query)
            assert ("visit", visit) in [(h.kind, h.ref_id) for h in hits], query
            assert ("visit", west) not in [(h.kind, h.ref_id) for h in hits], query
        for actor in (users.staff2, users.staff3, users.manager2):
            assert visit not in [h.ref_id for h in search.search(s, actor, "欧阳明月")
                                 if h.kind == "visit"]
        assert [h.ref_id for h in search.search(s, users.manager, "欧阳")
                if h.kind == "visit"] == [visit]
        assert {h.ref_id for h in search.search(s, users.admin, "欧阳")
                if h.kind == "visit"} == {visit, west}
        hit = search.search(s, users.staff1, "明月")[0]
        assert hit.customer_id is None and hit.subtitle == "Showroom visit"
    # handed to someone else: found by them, no more by the first owner
    with db.transaction() as s:
        service_for("visit").update(s, users.admin, visit, {"owner_id": users.staff2.user_id})
    with db.session() as s:
        assert [h.ref_id for h in search.search(s, users.staff2, "欧阳明月")] == [visit]
        assert search.search(s, users.staff1, "欧阳明月") == []
    # in the recycle bin: found by nobody
    with db.transaction() as s:
        service_for("visit").delete(s, users.admin, visit)
    with db.session() as s:
        assert search.search(s, users.admin, "欧阳明月") == []


# -- merging customers ------------------------------------------------------------------

def test_a_merge_moves_designed_records_and_an_undo_brings_them_back(db, users, types) -> None:  # type: ignore[no-untyped-def]
    survivor = _customer(db, users.staff1, "李氏贸易")
    merged = _customer(db, users.staff2, "李氏贸易公司")
    policy = _add(db, users.staff2, "policy", {"customer_id": merged, "number": "PA-777",
                                               "holder_id": "11010519491231002X"})
    with db.transaction() as s:
        result = merging.merge(s, users.manager, survivor, merged)
        assert result.moved["rt_policy"] == 1
    with db.session() as s:
        record = service_for("policy").get(s, users.staff1, policy)
        assert record.customer_id == survivor
        assert service_for("policy").plaintext(users.staff1, record, "holder_id") == \
            "11010519491231002X"
        hits = search.search(s, users.staff1, "PA-777")
        assert [(h.kind, h.customer_id) for h in hits] == [("policy", survivor)]
        assert search.search(s, users.staff2, "PA-777") == []
    with db.transaction() as s:
        merging.undo(s, users.manager, result.record.id)
    with db.session() as s:
        record = service_for("policy").get(s, users.staff2, policy)
        assert record.customer_id == merged
        assert service_for("policy").plaintext(users.staff2, record, "holder_id") == \
            "11010519491231002X"
        assert [(h.kind, h.customer_id) for h in search.search(s, users.staff2, "PA-777")] \
            == [("policy", merged)]
        assert search.search(s, users.staff1, "PA-777") == []
