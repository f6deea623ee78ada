"""Saved views and mass update (issue 15, item 5), at the service layer.  SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from crmdesk.core.filters import Filter, ListQuery
from crmdesk.core.models import AuditEntry, Customer
from crmdesk.core.services import mass_update, saved_views
from crmdesk.core.services.customers import customers
from crmdesk.core.services.saved_views import ViewQuery
from crmdesk.errors import NotFound, PermissionDenied, ValidationError


def _query() -> ViewQuery:
    return ViewQuery(filters=[Filter("city", "eq", "上海市"),
                              Filter("next_follow_up", "ge", date(2026, 1, 1))],
                     texts={"city": "上海市"}, sort=[("name", False)], text="贸易",
                     columns=[("name", 160), ("city", None)])


def _names(views: list[saved_views.ViewSummary]) -> list[str]:
    return [v.name for v in views]


def test_a_saved_view_round_trips_its_filters_sort_text_and_columns(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        view = saved_views.save(s, users.staff1, "customer", "  上海  客户 ", _query())
        view_id = view.id
    with db.session() as s:
        found, query = saved_views.query_of(s, users.staff1, view_id)
        assert found.name == "上海 客户"  # spaces tidied
        assert query.filters == [Filter("city", "eq", "上海市"),
                                 Filter("next_follow_up", "ge", date(2026, 1, 1))]
        assert query.texts == {"city": "上海市"}
        assert query.sort == [("name", False)] and query.text == "贸易"
        assert query.columns == [("name", 160), ("city", None)]
        # the stored form is JSON a person can read
        assert json.loads(found.query)["filters"][1]["value"] == {"date": "2026-01-01"}


def test_saving_under_the_same_name_replaces_and_names_are_checked(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        first = saved_views.save(s, users.staff1, "customer", "Mine", _query())
        again = saved_views.save(s, users.staff1, "customer", "Mine", ViewQuery(text="x"))
        assert again.id == first.id
        assert _names(saved_views.list_views(s, users.staff1, "customer")) == ["Mine"]
        with pytest.raises(ValidationError, match="View name"):
            saved_views.save(s, users.staff1, "customer", "   ", ViewQuery())
        with pytest.raises(ValidationError, match="no_such_field|not a field|field"):
            saved_views.save(s, users.staff1, "customer", "Bad",
                             ViewQuery(filters=[Filter("no_such_field", "eq", "1")]))
        other = saved_views.save(s, users.staff1, "customer", "Other", ViewQuery())
        with pytest.raises(ValidationError, match="Mine"):
            saved_views.rename(s, users.staff1, other.id, "Mine")
        saved_views.rename(s, users.staff1, other.id, "Renamed")
        saved_views.delete(s, users.staff1, first.id)
        assert _names(saved_views.list_views(s, users.staff1)) == ["Renamed"]


def test_private_views_stay_private_and_shared_ones_reach_the_team_read_only(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        private = saved_views.save(s, users.staff1, "customer", "Staff's own", ViewQuery())
        shared = saved_views.save(s, users.manager, "customer", "Team: hot leads", _query(),
                                  shared=True)
        saved_views.save(s, users.manager2, "customer", "West team", ViewQuery(), shared=True)
        # a staff member may not share
        with pytest.raises(PermissionDenied, match="manager"):
            saved_views.save(s, users.staff1, "customer", "Try", ViewQuery(), shared=True)
        with pytest.raises(PermissionDenied):
            saved_views.share(s, users.staff1, private.id, True)
    with db.transaction() as s:
        assert _names(saved_views.list_views(s, users.staff1)) == ["Staff's own",
                                                                   "Team: hot leads"]
        assert _names(saved_views.list_views(s, users.staff2)) == ["Team: hot leads"]
        assert _names(saved_views.list_views(s, users.staff3)) == ["West team"]
        summary = saved_views.list_views(s, users.staff2)[0]
        assert summary.shared and not summary.mine and summary.owner_name == "王经理"
        # read-only for the team
        with pytest.raises(PermissionDenied, match="Team: hot leads"):
            saved_views.rename(s, users.staff2, shared.id, "Mine now")
        with pytest.raises(PermissionDenied):
            saved_views.delete(s, users.staff2, shared.id)
        # another team's view and someone's private view cannot even be opened
        with pytest.raises(NotFound):
            saved_views.query_of(s, users.staff3, shared.id)
        with pytest.raises(NotFound):
            saved_views.query_of(s, users.staff2, private.id)
        # unsharing takes it from the team
        saved_views.share(s, users.manager, shared.id, False)
        assert _names(saved_views.list_views(s, users.staff2)) == []


# ---------------------------------------------------------------------------
# Mass update
# ---------------------------------------------------------------------------

def _customers(s, actor, count: int, **values) -> list[int]:  # type: ignore[no-untyped-def]
    return [customers.create(s, actor, {"name": f"客户{actor.username}{n}", **values}).id
            for n in range(count)]


def _audit_count(s) -> int:  # type: ignore[no-untyped-def]
    return int(s.execute(select(func.count(AuditEntry.id))).scalar_one())


def test_mass_update_changes_only_visible_records_in_one_audited_step(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = _customers(s, users.staff1, 3, city="北京市")
        theirs = _customers(s, users.staff2, 2, city="北京市")
    with db.transaction() as s:
        versions = dict(s.execute(select(Customer.id, Customer.version)).all())
        entries = _audit_count(s)
        assert mass_update.count(s, users.staff1, "customer", ids=mine + theirs) == 3
        result = mass_update.run(s, users.staff1, "customer", "intent_level", "H",
                                 ids=mine + theirs)
        assert (result.requested, result.changed, result.refused_count) == (5, 3, 2)
        assert list(result.refused.values()) == [2]
        assert "not yours to see" in next(iter(result.refused))
        assert _audit_count(s) == entries + 1  # one entry for the step
    with db.session() as s:
        rows = {r.id: r for r in s.execute(select(Customer)).scalars()}
        assert all(rows[i].intent_level == "H" for i in mine)
        assert all(rows[i].intent_level is None for i in theirs)
        assert all(rows[i].version == versions[i] + 1 for i in mine)
        assert all(rows[i].version == versions[i] for i in theirs)
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert entry is not None and entry.action == "update" and entry.entity == "customer"
        assert "intent_level" not in entry.summary  # named by its label ...
        assert "Intent" in entry.summary and "3 records" in entry.summary  # ... with the count
        assert json.loads(entry.after or "{}")["ids"] == sorted(mine)
        # each record's History shows the step; a record it did not change does not
        assert entry.id in [e.id for e in customers.history(s, users.staff1, mine[0])]
        assert entry.id not in [e.id for e in customers.history(s, users.staff2, theirs[0])]


def test_mass_update_of_a_filtered_list_and_its_count(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        beijing = _customers(s, users.manager, 2, city="北京市")
        _customers(s, users.manager, 2, city="上海市")
    with db.transaction() as s:
        query = ListQuery(filters=[Filter("city", "eq", "北京市")])
        assert mass_update.count(s, users.manager, "customer", query=query) == 2
        result = mass_update.run(s, users.manager, "customer", "status", "active", query=query)
        assert result.changed == 2
        again = mass_update.run(s, users.manager, "customer", "status", "active", query=query)
        assert (again.changed, again.unchanged) == (0, 2)
        statuses = dict(s.execute(select(Customer.id, Customer.status)).all())
        assert [statuses[i] for i in beijing] == ["active", "active"]


def test_staff_may_not_mass_update_a_guarded_field(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = _customers(s, users.staff1, 2)
    with db.transaction() as s:
        with pytest.raises(PermissionDenied, match="another owner"):
            mass_update.run(s, users.staff1, "customer", "owner_id", users.staff2.user_id,
                            ids=mine)
        # a manager may, within the team; one outside the team is refused per record
        result = mass_update.run(s, users.manager, "customer", "owner_id",
                                 users.staff2.user_id, ids=mine)
        assert result.changed == 2
        refused = mass_update.run(s, users.manager, "customer", "owner_id",
                                  users.staff3.user_id, ids=mine)
        assert refused.changed == 0 and refused.refused_count == 2
        assert "member of your team" in next(iter(refused.refused))


def test_mass_update_validation_errors_name_the_field(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = _customers(s, users.staff1, 1)
        with pytest.raises(ValidationError) as bad:
            mass_update.run(s, users.staff1, "customer", "email", "not an address", ids=mine)
        assert bad.value.errors[0].field == "email"
        assert "mail" in bad.value.message
        with pytest.raises(ValidationError) as fixed:
            mass_update.run(s, users.staff1, "customer", "code", "C1", ids=mine)
        assert fixed.value.errors[0].field == "code" and "intent_level" in fixed.value.message
        with pytest.raises(ValidationError):
            mass_update.run(s, users.staff1, "customer", "id_number", "1", ids=mine)


def test_mass_update_of_ten_thousand_records_is_quick(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.bulk import BulkCreate

    with db.transaction() as s:
        bulk = BulkCreate(s, users.admin)
        for n in range(10_000):
            bulk.add(bulk.clean({"name": f"批量客户{n}", "city": "广州市"}))
        bulk.flush()
    with db.transaction() as s:
        started = time.perf_counter()
        result = mass_update.run(s, users.admin, "customer", "city", "深圳市",
                                 query=ListQuery(filters=[Filter("city", "eq", "广州市")]))
        seconds = time.perf_counter() - started
    assert result.changed == 10_000
    assert seconds < 60, f"{seconds:.1f} s"
    print(f"mass update of 10,000 customers: {seconds:.1f} s")
