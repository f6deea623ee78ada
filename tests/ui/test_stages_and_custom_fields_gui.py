"""Settings > Pipeline stages edits the pipeline the board and the forms offer; custom
fields of an interaction and a task are filled in their forms and shown in the datasheet."""

from __future__ import annotations

from crmdesk.core.services import accounts, custom_fields
from crmdesk.core.services import stages as stage_config
from crmdesk.storage.database import open_database
from crmdesk.ui.lookups import field_context
from crmdesk.ui.views.admin.settings import SettingsView
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers, type_text


def _stages(db_path):  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    try:
        with db.session() as s:
            return {st.key: st for st in stage_config.summaries(s)}
    finally:
        db.close()


def test_the_settings_edit_the_pipeline_stages(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("settings")
    view = window.current_document()
    assert isinstance(view, SettingsView)
    editor = view.stages
    assert [editor.table.item(r, 0).text() for r in range(editor.table.rowCount())] == [
        "potential", "intent", "negotiation", "won", "lost"]
    assert not editor.spins["won"].isEnabled()  # won stays at 100

    editor.add("visit", "Site visit", "上门拜访", 20)
    settle(window)
    assert editor.message.text() == ""
    assert editor.table.item(3, 0).text() == "visit"
    assert editor.table.item(3, 1).text() == "Site visit"

    editor.table.selectRow(3)
    editor.move_selected(-1)  # up: before negotiation
    settle(window)
    assert editor.table.item(2, 0).text() == "visit"
    assert editor.selected() is not None and editor.selected().key == "visit"

    editor.rename("visit", "Store visit", "到店拜访")
    settle(window)
    assert editor.table.item(2, 1).text() == "Store visit"

    editor.spins["visit"].setValue(35)
    view.save()
    settle(window)
    saved = _stages(db_path)
    assert (saved["visit"].position, saved["visit"].probability) == (3, 35)
    assert saved["visit"].name_zh == "到店拜访"

    editor.add("other", "Intent", "", 10)  # a mistake shows under the table, naming the field
    settle(window)
    assert "Name (English)" in editor.message.text()

    editor.table.selectRow(2)
    editor.ask_retire()  # nothing is in it: retired at once
    settle(window)
    assert _stages(db_path)["visit"].retired
    assert editor.table.item(2, 6).text() == "Yes"
    # the forms no longer offer it
    ctx = field_context(window.workspace, "opportunity", None)
    assert "visit" not in [key for key, _name in ctx.stages]
    assert ctx.stage_names["visit"] == "Store visit"

    editor.table.selectRow([r.key for r in editor.rows].index("won"))
    editor.ask_retire()
    settle(window)
    assert "cannot be retired" in editor.message.text()


def _define(db_path, entity):  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
            custom_fields.create_definition(s, admin, entity, "channel", "渠道", "text")
    finally:
        db.close()


def test_custom_fields_of_an_interaction_and_a_task_in_their_forms(login, db_path, qtbot,  # type: ignore[no-untyped-def]
                                                                    settle) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "拜访客户"}])[0]
    for entity in ("interaction", "task"):
        _define(db_path, entity)
    window = login("staff1")
    for entity, field, text in (("interaction", "summary", "上门拜访"),
                                ("task", "title", "回访张三")):
        window.open_document("new", (entity, {"customer_id": cid}))
        form = window.current_document()
        assert "cf.channel" in form.editors
        type_text(qtbot, form.editors[field].edit, text)
        type_text(qtbot, form.editors["cf.channel"].edit, "微信")
        form.save()
        settle(window)
        assert form.record_id is not None, getattr(form, "errors", None)
        record_id = form.record_id
        db = open_database(db_path)
        try:
            with db.session() as s:
                staff = accounts.login(s, "staff1", PASSWORD)
                assert custom_fields.values(s, staff, entity, record_id) == {"channel": "微信"}
        finally:
            db.close()
        window.open_entry("interactions" if entity == "interaction" else "tasks")
        sheet = window.current_document()
        column = [s.key for s in sheet.all_specs].index("cf.channel")
        shown = [sheet.model.data(sheet.model.index(r, column))
                 for r in range(sheet.model.rowCount())]
        assert "微信" in shown
