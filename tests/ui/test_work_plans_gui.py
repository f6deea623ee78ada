"""Work plans in the window (issue 13, item 4), as users do it: a salesperson writes the
week's goals, plans a call (a task, due within the week) and submits the plan; the
manager sees it in the team's plans with plan vs done, and reviews it with a comment."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.conftest import type_text


def _open_plans(login: Any, user: str) -> tuple[Any, Any]:
    from crmdesk.ui.views.work_plans import WorkPlansView

    window = login(user)
    window.open_entry("work_plans")
    view = window.current_document()
    assert isinstance(view, WorkPlansView)
    return window, view


def test_staff_plans_a_call_and_the_manager_reviews_it(login, qtbot, settle, db_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts, work_plans
    from crmdesk.core.services.tasks import agenda
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    window, view = _open_plans(login, "staff1")
    assert view.team is None  # staff see their own plan only
    mine = view.mine
    assert mine.plan is None and not mine.submit_button.isEnabled()
    type_text(qtbot, mine.goals, "本周回访三家老客户")
    mine.add_button.click()  # the plan is saved first, then the dialog opens
    qtbot.waitUntil(lambda: view.item_dialog is not None and view.item_dialog.isVisible())
    assert mine.plan is not None and mine.plan.goals == "本周回访三家老客户"
    dialog = view.item_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
    type_text(qtbot, dialog.title_edit, "回访李总")
    monday = work_plans.period_start("week", date.today())
    day = monday + timedelta(days=2)
    dialog.when.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(10, 30)))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(window)
    assert mine.tree.topLevelItemCount() == 1
    row = mine.tree.topLevelItem(0)
    assert (row.text(0), row.text(1), row.text(2)) == (f"{day.isoformat()} 10:30", "Call",
                                                       "回访李总")
    assert "1 planned · 0 done" in mine.figures.text()
    mine.submit_button.click()
    settle(window)
    assert mine.plan.status == "submitted" and not mine.submit_button.isEnabled()
    assert "waiting for review" in mine.status.text()
    window.close_database()

    window, view = _open_plans(login, "manager")
    team = view.team
    assert team is not None and view.tabs.currentWidget() is team
    assert team.list.topLevelItemCount() == 1
    row = team.list.topLevelItem(0)
    assert [row.text(i) for i in range(7)] == [
        "李娜", f"Week of {monday.isoformat()}", "Submitted", "1", "0", "0", "0%"]
    assert team.items.topLevelItem(0).text(2) == "回访李总"
    assert team.review_button.isEnabled()
    team.review_button.click()
    review = view.review_dialog
    assert review is not None and review.isVisible()
    review.ok.click()  # no comment: refused, the dialog asks again
    settle(window)
    qtbot.waitUntil(lambda: review.isVisible() and "comment" in review.message.text().lower())
    type_text(qtbot, review.comment, "计划具体，记得周五总结")
    review.ok.click()
    settle(window)
    qtbot.waitUntil(lambda: team.list.topLevelItem(0).text(2) == "Reviewed")
    assert team.list.topLevelItem(0).text(7) == "王经理"
    assert "计划具体" in team.comment.text()
    window.close_database()

    db = open_database(db_path)
    try:
        with db.session() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            plan = work_plans.list_plans(s, actor)[0]
            assert (plan.status, plan.review_comment) == ("reviewed", "计划具体，记得周五总结")
            # the planned call is an ordinary task of the owner's: in Today on its day
            assert [i.title for i in agenda(s, actor, day)] == ["回访李总"]
    finally:
        db.close()
