"""Tools > Apply a template…: apply the insurance template from the window, then open the
policies' datasheet from the navigation pane and add a policy in its form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crmdesk.core.record_types import deactivate
from crmdesk.ui.dialogs.templates import open_dialog
from tests.ui.conftest import seed_customers, type_text


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


def test_apply_a_template_then_open_its_datasheet_and_form(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "张三"}])[0]
    window = login("admin")
    assert "templates" in window.nav_entries  # Administration > Apply a template…
    dialog = open_dialog(window)
    assert dialog is not None
    keys = [dialog.list.item(i).data(0x0100) for i in range(dialog.list.count())]
    assert keys[0] == "general" and {"dealership", "insurance"} <= set(keys)
    dialog.list.setCurrentRow(keys.index("insurance"))
    assert dialog.description.text()
    dialog.apply_template()
    qtbot.waitUntil(lambda: dialog.result_text != "", timeout=10000)
    assert "2" in dialog.result_text and dialog.message.isVisible()
    dialog.close()
    window.open_entry("reports")  # its report is offered now
    reports = window.current_document()
    names = [reports.choices.item(i).data(0x0100) for i in range(reports.choices.count())]
    assert "insurance" in names and "dealership" not in names
    window.open_entry("rt:policy")
    sheet = window.current_document()
    assert "number" in [s.key for s in sheet.all_specs]
    window.open_document("new", ("policy", {"customer_id": cid}))
    form = window.current_document()
    assert "insured_id" in form.editors and "end_date" in form.editors
    type_text(qtbot, form.editors["number"].edit, "P-2026-001")
    type_text(qtbot, form.editors["insured"].edit, "张三")
    type_text(qtbot, form.editors["premium"].edit, "6800")
    product = form.editors["product"]
    product.combo.setCurrentIndex(product.combo.count() - 1)
    form.editors["insurer"].set_value("pingan")
    form.editors["agent"].set_value(window.workspace.actor.user_id)
    # the definition's defaults are filled in: "today", and a text
    assert form.editors["start_date"].value() == date.today().isoformat()
    assert form.editors["beneficiary"].value() == "法定"
    form.editors["end_date"].set_value(date.today() + timedelta(days=365))
    form.save()
    settle(window)
    assert form.record_id is not None, {k: w.text() for k, w in form.errors.items() if w.text()}
    window.open_entry("rt:policy")
    sheet = window.current_document()
    settle(window)
    qtbot.waitUntil(lambda: sheet.model.rowCount() == 1)
    column = [s.key for s in sheet.all_specs].index("number")
    assert sheet.model.data(sheet.model.index(0, column)) == "P-2026-001"
