"""An open form never saves an old version over a newer one (issue 10, item 1): it
reloads when its record changes underneath and it has no unsaved edits, and warns
(then shows both versions on Save) when it has."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crmdesk.ui.views.customer_detail import CustomerDetail
from tests.ui.conftest import seed_customers, type_text


def next_follow_up(db_path: Any, customer_id: int) -> date | None:
    from crmdesk.core.services import accounts
    from crmdesk.core.services.customers import customers
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            value = customers.get(s, actor, customer_id).next_follow_up
    finally:
        db.close()
    return value


def open_customer(window: Any, settle: Any, customer_id: int) -> CustomerDetail:
    window.open_document("record", ("customer", customer_id))
    settle(window)
    detail = window.current_document()
    assert isinstance(detail, CustomerDetail)
    return detail


def quick_log(qtbot: Any, settle: Any, window: Any, detail: CustomerDetail, day: date) -> None:
    detail.quick.start("call")
    type_text(qtbot, detail.quick.summary, "约好下周见面")
    detail.quick.follow_up.set_value(day)
    detail.quick.save_button.click()
    settle(window)


def test_quick_log_then_saving_the_details_keeps_the_follow_up(
        login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    """The reproduction: quick log with a follow-up, then edit another field of the
    details form on the same page and save."""
    cid = seed_customers(db_path, "staff1", [{"name": "回访客户", "city": "上海市"}])[0]
    window = login("staff1")
    detail = open_customer(window, settle, cid)
    form = detail.details
    day = date.today() + timedelta(days=7)
    quick_log(qtbot, settle, window, detail, day)
    # the details form, with no unsaved edits, shows the new follow-up at once
    assert form.editors["next_follow_up"].value() == day.isoformat()
    assert not form.stale.isVisibleTo(form)
    form.editors["city"].edit.clear()
    type_text(qtbot, form.editors["city"].edit, "hangzhou")
    assert form.dirty
    form.save()
    settle(window)
    assert not form.dirty and form.editors["city"].value() == "hangzhou"
    assert next_follow_up(db_path, cid) == day


def test_unsaved_edits_are_warned_and_keep_mine_keeps_the_other_change(
        login, db_path, qtbot, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.views.record_form import ConflictDialog

    cid = seed_customers(db_path, "staff1", [{"name": "回访客户", "city": "上海市"}])[0]
    window = login("staff1")
    detail = open_customer(window, settle, cid)
    form = detail.details
    form.editors["city"].edit.clear()
    type_text(qtbot, form.editors["city"].edit, "hangzhou")  # unsaved
    day = date.today() + timedelta(days=3)
    quick_log(qtbot, settle, window, detail, day)
    # the edit is kept, and the form says the record changed underneath
    assert form.dirty and form.editors["city"].value() == "hangzhou"
    assert form.stale.isVisibleTo(form)
    assert "changed elsewhere" in form.stale_text.text()
    shown: list[str] = []

    def keep_mine(dialog: ConflictDialog) -> int:
        shown.append(dialog.windowTitle())
        return ConflictDialog.KEEP_MINE

    monkeypatch.setattr(ConflictDialog, "exec", keep_mine)
    form.save()
    settle(window)
    settle(window)
    assert shown == ["Saved by someone else"]  # the stale save was refused, not applied
    assert not form.dirty and not form.stale.isVisibleTo(form)
    assert form.editors["city"].value() == "hangzhou"
    assert form.editors["next_follow_up"].value() == day.isoformat()
    assert next_follow_up(db_path, cid) == day


def test_a_form_in_its_own_tab_reloads_after_an_interaction_is_saved(
        login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    """An interaction saved from its own form also changes the customer: the customer's
    form hears of it although the interaction form only announced "interaction"."""
    cid = seed_customers(db_path, "staff1", [{"name": "回访客户"}])[0]
    window = login("staff1")
    detail = open_customer(window, settle, cid)
    form = detail.details
    window.open_document("new", ("interaction", {"customer_id": cid}))
    interaction = window.current_document()
    type_text(qtbot, interaction.editors["summary"].edit, "visit")
    day = date.today() + timedelta(days=10)
    interaction.editors["next_follow_up"].set_value(day)
    interaction.editors["next_follow_up"].changed.emit()
    interaction.save()
    settle(window)
    assert interaction.record_id is not None
    assert form.editors["next_follow_up"].value() == day.isoformat()
