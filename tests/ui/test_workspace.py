"""The workspace driven as a user would: forms, datasheets, search, pipeline, Today."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from crmdesk.core.services import records
from crmdesk.ui.views.customer_detail import CustomerDetail
from crmdesk.ui.views.datasheet import DatasheetView
from crmdesk.ui.views.pipeline import MIME, PipelineBoard
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.views.today import TodayPanel
from tests.ui.conftest import answer_logins, seed_customers, type_text


def test_login_opens_today_and_customers(login) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Customers", "Today"]
    assert isinstance(window.current_document(), TodayPanel)
    assert "李娜" in window.user_label.text()
    # staff do not see the administration pane
    assert "users" not in window.nav_entries and "audit" not in window.nav_entries
    assert "customers" in window.nav_entries


def test_admin_sees_administration(login) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    assert {"users", "audit", "recycle", "settings"} <= set(window.nav_entries)


def test_create_customer_in_form_then_see_it_in_datasheet(login, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    assert sheet.model.rowCount() == 0
    window.act_new.trigger()
    form = window.current_document()
    assert isinstance(form, RecordForm) and form.entity == "customer"

    # a wrong mobile number is flagged beside the field as the user types
    qtbot.keyClicks(form.editors["mobile"].edit, "1381234")
    error = form.errors["mobile"]
    assert error.isVisibleTo(form) and "11 digits" in error.text()
    form.editors["mobile"].edit.clear()
    qtbot.keyClicks(form.editors["mobile"].edit, "13812345678")
    assert not error.isVisibleTo(form)

    # saving without the required name shows the message under the name
    form.save()
    assert "required" in form.errors["name"].text()

    type_text(qtbot, form.editors["name"].edit, "张三丰")
    qtbot.keyClicks(form.editors["email"].edit, "zsf@example.com")
    form.save()
    settle(window)
    # a new customer continues in its story view
    detail = window.current_document()
    assert isinstance(detail, CustomerDetail)
    assert detail.heading.text() == "张三丰"

    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    assert sheet.model.rowCount() == 1
    name_col = [s.key for s in sheet.all_specs].index("name")
    assert sheet.model.data(sheet.model.index(0, name_col)) == "张三丰"
    mobile_col = [s.key for s in sheet.all_specs].index("mobile")
    assert sheet.model.data(sheet.model.index(0, mobile_col)) == "138 1234 5678"


def test_datasheet_sort_filter_and_navigator(login, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [
        {"name": "王芳", "city": "上海市"}, {"name": "李娜", "city": "北京市"},
        {"name": "张伟", "city": "上海市"}, {"name": "赵敏", "city": "杭州市"}])
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    keys = [s.key for s in sheet.all_specs]
    name_col, city_col = keys.index("name"), keys.index("city")

    def names() -> list[str]:
        return [sheet.model.data(sheet.model.index(r, name_col))
                for r in range(sheet.model.rowCount())]

    assert names() == ["赵敏", "张伟", "李娜", "王芳"]  # newest first
    sheet.table.sortByColumn(city_col, Qt.SortOrder.AscendingOrder)
    assert [sheet.model.data(sheet.model.index(r, city_col))
            for r in range(4)] == sorted(["上海市", "北京市", "上海市", "杭州市"])
    # filter by selection: pick a 上海市 cell
    row = next(r for r in range(4) if sheet.model.data(sheet.model.index(r, city_col)) == "上海市")
    sheet.table.setCurrentIndex(sheet.model.index(row, city_col))
    sheet.filter_by_selection()
    assert sorted(names()) == ["张伟", "王芳"]
    assert "(filtered)" in sheet.navigator.filtered.text()
    assert sheet.status_text().endswith("of 2")
    sheet.clear_filters()
    assert len(names()) == 4
    # the quick filter searches names, phones and pinyin
    qtbot.keyClicks(sheet.quick, "zhaomin")
    qtbot.waitUntil(lambda: names() == ["赵敏"], timeout=2000)
    sheet.clear_filters()
    # the navigator jumps to the last record
    sheet.navigator.last.click()
    assert sheet.current_row() == 3
    assert sheet.navigator.position.text() == "4"
    # hide a column and show it again
    sheet.set_column_visible(city_col, False)
    assert "city" not in [s.key for s in sheet.visible_columns()]
    sheet.set_column_visible(city_col, True)
    assert "city" in [s.key for s in sheet.visible_columns()]


def test_delete_from_datasheet_goes_to_recycle_bin(login, db_path, monkeypatch, settle) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "要删除的客户"}])
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    sheet.go_to_row(0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    sheet.delete_selected()
    settle(window)
    assert sheet.model.rowCount() == 0


def test_deleting_many_can_be_cancelled_and_then_deletes_nothing(login, db_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                  settle) -> None:
    from crmdesk.jobs import Cancelled

    seed_customers(db_path, "staff1", [{"name": f"客户{i}"} for i in range(5)])
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    sheet.table.selectAll()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    operations: list[Any] = []
    service = sheet.model.service
    real_op, real_hidden = sheet.workspace.op, service.after_delete_many

    def op(*args: Any, **kwargs: Any) -> Any:
        operations.append(real_op(*args, **kwargs))
        return operations[-1]

    deleted: list[int] = []

    def hidden(session: Any, actor: Any, objs: Any) -> None:  # a chunk moved to the bin
        real_hidden(session, actor, objs)
        deleted.extend(o.id for o in objs)
        operations[-1].job.cancel()  # the progress dialog's Cancel, pressed meanwhile

    monkeypatch.setattr(records, "DELETE_CHUNK", 2)
    monkeypatch.setattr(sheet.workspace, "op", op)
    monkeypatch.setattr(service, "after_delete_many", hidden)
    sheet.delete_selected()
    settle(window)
    (operation,) = operations
    assert operation.cancellable and "5" in operation.label
    assert isinstance(operation.error, Cancelled) and len(deleted) == 2
    sheet.model.reload()
    assert sheet.model.rowCount() == 5  # the two deleted before Cancel came back


def test_search_box_finds_one_and_two_characters(login, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "张三丰", "mobile": "13812345678"},
                                       {"name": "李四"}])
    window = login("staff1")
    box = window.search_box
    window.act_find.trigger()
    assert box.hasFocus() or window.focusWidget() is box
    type_text(qtbot, box, "三丰")
    qtbot.waitUntil(lambda: [h.title for h in box.last_hits] == ["张三丰"], timeout=2000)
    assert box.popup.isVisible()
    assert "张三丰" in box.popup.list.item(0).text()
    box.clear()
    qtbot.keyClicks(box, "zsf")
    qtbot.waitUntil(lambda: [h.title for h in box.last_hits] == ["张三丰"], timeout=2000)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    doc = window.current_document()
    assert isinstance(doc, CustomerDetail) and doc.name == "张三丰"


def test_pipeline_drag_card_moves_totals(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts
    from crmdesk.core.services.sales import opportunities
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    cid = seed_customers(db_path, "staff1", [{"name": "华为"}])[0]
    db = open_database(db_path)
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
        opp = opportunities.create(s, actor, {"customer_id": cid, "title": "软件采购",
                                              "amount_cents": "100000", "stage": "intent"})
        opp_id, version = opp.id, opp.version
    db.close()
    window = login("staff1")
    window.open_entry("pipeline")
    settle(window)  # the board is read on a reader thread
    board = window.current_document()
    assert isinstance(board, PipelineBoard)
    assert board.column("intent").total_cents == 10_000_000
    assert board.frames["intent"].list.count() == 1

    target = board.frames["negotiation"].list
    data = QMimeData()
    data.setData(MIME, QByteArray(f"{opp_id}:{version}".encode()))
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.MoveAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dropEvent(event)
    settle(window)
    assert board.column("intent").total_cents == 0
    assert board.column("negotiation").total_cents == 10_000_000
    assert board.column("negotiation").weighted_cents == 6_000_000
    assert "¥60,000.00" in board.frames["negotiation"].weighted.text()


def test_today_panel_lists_overdue_and_due(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from crmdesk.core.services import accounts
    from crmdesk.core.services.tasks import tasks
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
        now = datetime.now().astimezone()
        tasks.create(s, actor, {"title": "回访老客户", "due_at": now - timedelta(days=1)})
        tasks.create(s, actor, {"title": "发送报价", "due_at": now.replace(hour=23, minute=0)})
    db.close()
    window = login("staff1")
    settle(window)  # Today reads its lists on a reader thread
    today = window.current_document()
    assert isinstance(today, TodayPanel)
    assert "1 overdue, 1 due today" in today.subheading.text()
    overdue = today.tree.topLevelItem(0)
    assert overdue.child(0).text(0) == "回访老客户"
    overdue.child(0).setCheckState(0, Qt.CheckState.Checked)
    settle(window)
    assert "0 overdue, 1 due today" in today.subheading.text()


def test_customer_story_quick_log(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "客户甲", "kind": "company"}])[0]
    window = login("staff1")
    window.open_document("record", ("customer", cid))
    settle(window)
    detail = window.current_document()
    assert isinstance(detail, CustomerDetail)
    detail.quick.start("call")
    type_text(qtbot, detail.quick.summary, "电话确认报价")
    detail.quick.follow_up.set_value(date.today() + timedelta(days=7))
    detail.quick.save_button.click()
    settle(window)
    assert detail.timeline.count() == 1
    assert "电话确认报价" in detail.timeline.itemWidget(detail.timeline.item(0)).text()
    assert detail.tasks.model.rowCount() == 1  # the follow-up became a task
    history = [detail.history.item(r, 2).text() for r in range(detail.history.rowCount())]
    assert "Created" in history


def test_unsaved_changes_guard(login, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.open_entry("customers")
    window.act_new.trigger()
    form = window.current_document()
    type_text(qtbot, form.editors["name"].edit, "未保存")
    assert form.dirty and form.title().endswith("*")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not window.close_tab(window.tabs.indexOf(form))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.close_tab(window.tabs.indexOf(form))


def test_conflicting_save_shows_both_versions(login, db_path, qtbot, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts
    from crmdesk.core.services.customers import customers
    from crmdesk.storage.database import open_database
    from crmdesk.ui.views.record_form import ConflictDialog
    from tests.conftest import PASSWORD

    cid = seed_customers(db_path, "staff1", [{"name": "冲突客户", "city": "上海市"}])[0]
    window = login("staff1")
    window.open_document("record", ("customer", cid))
    settle(window)
    form = window.current_document().details
    # someone else saves first
    db = open_database(db_path)
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
        customers.update(s, actor, cid, {"city": "北京市"})
    db.close()
    seen = {}

    def fake_exec(dialog) -> int:  # type: ignore[no-untyped-def]
        seen["title"] = dialog.windowTitle()
        return ConflictDialog.TAKE_THEIRS

    monkeypatch.setattr(ConflictDialog, "exec", fake_exec)
    form.editors["city"].edit.setText("杭州市")
    form.editors["city"].changed.emit()
    form.save()
    settle(window)
    assert seen["title"] == "Saved by someone else"
    settle(window)
    assert form.editors["city"].value() == "北京市"


@pytest.mark.parametrize("user", ["staff1"])
def test_staff_cannot_open_others_customer(login, db_path, user) -> None:  # type: ignore[no-untyped-def]
    theirs = seed_customers(db_path, "staff2", [{"name": "别人的客户"}])[0]
    window = login(user)
    window.open_entry("customers")
    assert window.current_document().model.rowCount() == 0
    assert [h.title for h in window._search("别人")] == []
    window.open_document("record", ("customer", theirs))
    from crmdesk.ui.errors import ErrorReporter

    assert any("not yours to see" in text for text in ErrorReporter.shown)


def test_many_signals_from_the_worker_do_not_crash(login, settle) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 aborted after ~570 signals from worker threads (pinned below it)."""
    window = login("staff1")
    done = []

    def work(session, job):  # type: ignore[no-untyped-def]
        for n in range(3000):
            job.report(f"step {n}", n, 3000)  # a new stage each time: none is held back
        return 3000

    window.workspace.op(window, work, write=False).success(done.append).run()
    settle(window, timeout=20000)
    assert done == [3000]


@pytest.mark.sqlite_only("the .crmdb file's lock: a second window opens it read-only")
def test_file_in_use_opens_read_only(app, qtbot, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from crmdesk.ui.main_window import MainWindow

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from crmdesk.storage.database import open_database; "
         f"db = open_database({str(db_path)!r}); print('open', flush=True); "
         "sys.stdin.readline()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        asked = []
        monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: (
            asked.append(text), QMessageBox.StandardButton.Open)[1])

        answer_logins(monkeypatch, "staff1")
        window = MainWindow()
        qtbot.addWidget(window)
        assert window.open_database(str(db_path))
        assert "is open in crmdesk" in asked[0] and "read-only" in asked[0]
        assert window.workspace.db.read_only
        assert "(read-only)" in window.windowTitle()
        window.open_entry("customers")
        window.act_new.trigger()
        form = window.current_document()
        type_text(qtbot, form.editors["name"].edit, "只读测试")
        form.save()
        qtbot.waitUntil(lambda: not window.workspace.executor.busy)
        from crmdesk.ui.errors import ErrorReporter

        assert "read-only" in form.message.text() or any(
            "read-only" in t for t in ErrorReporter.shown)
        form.dirty = False
        window.close_database()
    finally:
        holder.communicate("\n", timeout=30)
