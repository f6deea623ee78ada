"""Configurable pipeline stages: each rule as a user meets it, on SQLite and PostgreSQL.

A renamed stage reads the new name on every screen, export and report; a reorder
changes the funnel's order; a probability changes the forecast; a stage in use is
retired only with its opportunities moved, and keeps showing on closed records.
"""

from __future__ import annotations

from datetime import date

import pytest

from crmdesk import translation
from crmdesk.core import analytics, presentation
from crmdesk.core.analytics.criteria import Criteria
from crmdesk.core.models import AuditEntry
from crmdesk.core.services import stages
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import ListQuery
from crmdesk.core.services.sales import opportunities
from crmdesk.errors import NotFound, PermissionDenied, ValidationError


def _opportunity(s, actor, customer_id, stage, yuan="1000"):  # type: ignore[no-untyped-def]
    return opportunities.create(s, actor, {"customer_id": customer_id, "title": "复印机",
                                           "amount_cents": yuan, "stage": stage,
                                           "expected_close": date(2030, 5, 10)}).id


@pytest.fixture
def customer(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return customers.create(s, users.staff1, {"name": "张三"}).id


def test_a_renamed_stage_reads_its_new_name_everywhere(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        oid = _opportunity(s, users.staff1, customer, "intent")
        stages.rename_stage(s, users.admin, "intent", name="Interested", name_zh="有兴趣")
    with db.session() as s:
        row = opportunities.rows(s, users.staff1, [oid])[0]
        funnel = {r.key: r.label for r in analytics.funnel(s, users.admin, Criteria())}
        listed = {st.key: st.shown for st in stages.summaries(s)}
        board = {c.key: c.shown for c in opportunities.board(s, users.admin)}
    from crmdesk.core.fields import fields_of

    spec = next(f for f in fields_of("opportunity") if f.key == "stage")
    assert presentation.field_text(spec, row) == "Interested"  # datasheet, list, show
    assert funnel["intent"] == listed["intent"] == board["intent"] == "Interested"
    translation.install(None, "zh_CN")
    try:
        assert presentation.field_text(spec, row) in ("Interested", "有兴趣")
        assert presentation.stage_name("intent", "Interested", "有兴趣") == "有兴趣"
        with db.session() as s:
            # the datasheet row is made in the reader's language
            row_zh = opportunities.rows(s, users.staff1, [oid])[0]
            assert presentation.field_text(spec, row_zh) == "有兴趣"
            assert {r.key: r.label for r in analytics.funnel(
                s, users.admin, Criteria())}["intent"] == "有兴趣"
            # a built-in stage not renamed still reads in Chinese
            assert stages.summaries(s)[0].shown == presentation.render("Choice", "Potential")
    finally:
        translation.install(None, "en")
    with db.session() as s:  # imports and filters find the stage by either name
        from crmdesk.exchange.references import References

        refs = References(s, users.staff1)
        assert refs.stage("有兴趣")[0] == "intent"
        assert refs.stage("interested")[0] == "intent"
        from crmdesk.core.filters import typed_filter
        from crmdesk.core.services.records import Filter

        assert typed_filter(s, users.staff1, "opportunity",
                            Filter("stage", "eq", "有兴趣")).value == "intent"
        entry = s.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert entry is not None and entry.action == "settings" and entry.entity == "stage"


def test_a_stage_name_must_not_be_another_stages(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        stages.rename_stage(s, users.admin, "intent", name="Won")
    assert exc.value.errors[0].field == "name"
    assert "Won" in exc.value.errors[0].message


def test_reordering_changes_the_funnel_order(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        stages.move_stage(s, users.admin, "negotiation", 1)
    with db.session() as s:
        keys = [r.key for r in analytics.funnel(s, users.admin, Criteria())]
        assert keys == ["negotiation", "potential", "intent", "won", "lost"]
        # the first open stage is where new opportunities start
        assert stages.default_stage(s) == "negotiation"
    with db.transaction() as s:
        oid = opportunities.create(s, users.staff1, {"customer_id": customer,
                                                     "title": "打印机"}).id
        assert opportunities.get(s, users.staff1, oid).stage == "negotiation"
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        stages.move_stage(s, users.admin, "intent", 9)
    assert exc.value.errors[0].field == "position"


def test_a_new_stage_takes_its_place_and_probability(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        stages.add_stage(s, users.admin, "visit", name="Site visit", name_zh="上门拜访",
                         probability=20)
        _opportunity(s, users.staff1, customer, "visit", "500")
    with db.session() as s:
        rows = analytics.funnel(s, users.admin, Criteria())
        assert [r.key for r in rows] == ["potential", "intent", "negotiation", "visit", "won",
                                         "lost"]
        visit = next(r for r in rows if r.key == "visit")
        assert (visit.count, visit.amount_cents, visit.weighted_cents) == (1, 50_000, 10_000)
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        stages.add_stage(s, users.admin, "Visit Two", name="x")
    assert exc.value.errors[0].field == "key"


def test_the_probability_changes_the_forecast(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        _opportunity(s, users.staff1, customer, "intent", "2000")

    def weighted() -> int:
        with db.session() as s:
            return sum(r.weighted_cents for r in analytics.forecast(s, users.admin, Criteria()))

    assert weighted() == 60_000  # 30 %
    with db.transaction() as s:
        stages.set_probability(s, users.admin, "intent", 75)
    assert weighted() == 150_000
    with db.session() as s:
        table = analytics.table(s, users.admin, "funnel", Criteria())
        assert any("75" in str(cell) for row in table.rows for cell in row)


@pytest.mark.parametrize("value", [101, -1, "abc", "50.5", None])
def test_a_bad_probability_is_refused_naming_the_field(db, users, value) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        stages.set_probability(s, users.admin, "intent", value)
    error = exc.value.errors[0]
    assert error.field == "probability"
    assert error.message == "Probability must be a whole number from 0 to 100."


def test_won_and_lost_keep_their_meaning(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        with pytest.raises(ValidationError) as exc:
            stages.set_probability(s, users.admin, "won", 80)
        assert exc.value.errors[0].field == "probability"
        with pytest.raises(ValidationError):
            stages.set_probability(s, users.admin, "lost", 10)
        for key in ("won", "lost"):
            with pytest.raises(ValidationError) as exc:
                stages.retire_stage(s, users.admin, key)
            assert exc.value.errors[0].field == "stage"


def test_retiring_a_stage_in_use_is_refused_or_moves_its_opportunities(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        oid = _opportunity(s, users.staff1, customer, "intent")
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        stages.retire_stage(s, users.admin, "intent")
    assert exc.value.errors[0].field == "move_to"
    assert "1 opportunities" in exc.value.errors[0].message
    with db.session() as s:
        assert not {st.key: st for st in stages.summaries(s)}["intent"].retired
    with db.transaction() as s:
        assert stages.retire_stage(s, users.admin, "intent", move_to="negotiation") == 1
    with db.session() as s:
        assert opportunities.get(s, users.staff1, oid).stage == "negotiation"
        assert {st.key: st for st in stages.summaries(s)}["intent"].retired
        # never deleted; no longer on the board or in the funnel while empty
        assert "intent" not in [c.key for c in opportunities.board(s, users.admin)]
        assert "intent" not in [r.key for r in analytics.funnel(s, users.admin, Criteria())]


def test_a_retired_stage_takes_no_new_moves_and_old_records_keep_it(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        stages.add_stage(s, users.admin, "visit", name="Site visit", probability=20)
        oid = _opportunity(s, users.staff1, customer, "visit")
        stages.retire_stage(s, users.admin, "visit", move_to="intent")
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        opportunities.move(s, users.staff1, oid, "visit")
    assert exc.value.errors[0].field == "stage"
    assert "retired" in exc.value.errors[0].message
    with db.transaction() as s, pytest.raises(ValidationError):
        _opportunity(s, users.staff1, customer, "visit")
    with db.transaction() as s:
        stages.reinstate_stage(s, users.admin, "visit")
        opportunities.move(s, users.staff1, oid, "visit")
        # a record in the recycle bin does not hold the stage back, and keeps showing it
        opportunities.delete(s, users.staff1, oid)
        stages.retire_stage(s, users.admin, "visit")
    with db.session() as s:
        obj = opportunities.get(s, users.admin, oid, deleted=None)
        assert obj.stage == "visit"
        rows = opportunities.rows(s, users.admin, [oid])
        assert rows and rows[0]["stage:name"] == "Site visit"


def test_the_last_open_stage_is_not_retired(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        stages.retire_stage(s, users.admin, "potential")
        stages.retire_stage(s, users.admin, "intent")
        with pytest.raises(ValidationError) as exc:
            stages.retire_stage(s, users.admin, "negotiation")
        assert "last open stage" in exc.value.errors[0].message


def test_only_administrators_configure_stages(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        with pytest.raises(PermissionDenied):
            stages.rename_stage(s, users.manager, "intent", name="X")
        with pytest.raises(PermissionDenied):
            stages.add_stage(s, users.staff1, "visit", name="Visit")
        with pytest.raises(NotFound):
            stages.set_probability(s, users.admin, "nowhere", 10)


def test_stage_changes_are_audited(db, users) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    with db.session() as s:
        before = s.execute(select(func.count(AuditEntry.id))).scalar_one()
    with db.transaction() as s:
        stages.add_stage(s, users.admin, "visit", name="Site visit", probability=20)
        stages.rename_stage(s, users.admin, "visit", name_zh="上门拜访")
        stages.move_stage(s, users.admin, "visit", 1)
        stages.set_probability(s, users.admin, "visit", 25)
        stages.retire_stage(s, users.admin, "visit")
        stages.reinstate_stage(s, users.admin, "visit")
    with db.session() as s:
        entries = list(s.execute(select(AuditEntry).where(AuditEntry.id > before)
                                 .order_by(AuditEntry.id)).scalars())
    assert [e.entity for e in entries] == ["stage"] * 6


def test_stage_lists_for_records_use_list_query(db, users, customer) -> None:  # type: ignore[no-untyped-def]
    """Drilling from the funnel lists the stage's records (the drill filter works)."""
    with db.transaction() as s:
        _opportunity(s, users.staff1, customer, "intent")
        stages.rename_stage(s, users.admin, "intent", name="Interested")
    with db.session() as s:
        row = next(r for r in analytics.funnel(s, users.admin, Criteria()) if r.key == "intent")
        assert opportunities.count(s, users.admin, ListQuery(row.drill.query.filters)) == 1
