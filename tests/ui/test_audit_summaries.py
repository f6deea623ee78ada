"""The audit log view shows each entry in the reader's language (entries are stored
as a message and its parameters); entries written before that show as stored."""

from __future__ import annotations

import re
from pathlib import Path

from crmdesk import translation
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.customers import customers
from crmdesk.exchange import exporter
from tests.conftest import PASSWORD


def _summaries(view) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = view.table
    return {view.entries[row].action: table.item(row, 5).text()
            for row in reversed(range(table.rowCount()))}


def test_the_audit_log_reads_in_chinese(app, login, db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.views.admin import AuditLogView

    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "张三", "mobile": "13812345678"})
        accounts.create_user(s, users.admin, "newbie", PASSWORD, "staff")
        audit.record(s, None, "settings", summary="an old English sentence")
    exporter.export(db, users.admin, exporter.ExportRequest("customer"), tmp_path / "客户.xlsx")
    translation.install(app, "zh_CN")
    try:
        window = login("admin")
        view = AuditLogView(window.workspace)
        shown = _summaries(view)
        assert shown["login"] == "登录"
        assert shown["user_create"] == "创建用户 newbie"
        assert shown["export"].startswith("导出 ") and "客户.xlsx" in shown["export"]
        assert shown["settings"] == "an old English sentence"  # an old entry, as stored
        for action, text in shown.items():
            if action != "settings":  # key fingerprints are hex and may spell "abdc"
                assert not re.findall(r"[A-Za-z]{4,}", re.sub(r"\S+\.xlsx|newbie|[0-9a-f]{16}", "", text))
        view.table.selectRow(0)
        assert view.detail.toPlainText()
    finally:
        translation.install(app, "en")
