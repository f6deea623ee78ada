"""Audit summaries are stored in English (they are part of the hash chain); the
audit view shows the frequent ones in the user's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crmdesk import translation
from crmdesk.core.errors import AuthError
from crmdesk.core.services import accounts, audit, merging
from crmdesk.core.services.customers import customers
from crmdesk.exchange import exporter
from crmdesk.exchange.duplicates import dismiss
from crmdesk.storage import backup
from crmdesk.ui.views.audit_labels import entity_text, summary_text
from tests.conftest import PASSWORD

# every action whose summary the view must show translated
TRANSLATED = {"login", "login_failed", "backup", "export", "merge", "user_create",
              "password_reset", "unlock", "user_disable", "user_enable", "not_duplicates"}


@pytest.fixture
def entries(db, users, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An audit log with one entry of each kind, written by the services themselves."""
    with db.transaction() as s:
        a = customers.create(s, users.staff1, {"name": "张三", "mobile": "13812345678"}).id
        b = customers.create(s, users.staff1, {"name": "张三丰", "mobile": "13812345678"}).id
        c = customers.create(s, users.staff1, {"name": "李四", "email": "li@example.com"}).id
        d = customers.create(s, users.staff1, {"name": "李思", "email": "li@example.com"}).id
        user = accounts.create_user(s, users.admin, "newbie", PASSWORD, "staff")
        accounts.reset_password(s, users.admin, user.id, "another-pass1")
        accounts.set_disabled(s, users.admin, user.id, True)
        accounts.set_disabled(s, users.admin, user.id, False)
        accounts.unlock(s, users.admin, user.id)
        merging.merge(s, users.manager, a, b)
        dismiss(s, users.manager, [c, d])
    for name in ("staff2", "nobody"):
        with pytest.raises(AuthError), db.transaction() as s:
            accounts.login(s, name, "wrong-password")
    exporter.export(db, users.admin, exporter.ExportRequest("customer"), tmp_path / "客户.xlsx")
    backup.create_backup(db, users.admin, folder=tmp_path / "usb", password="备份密码123")
    with db.session() as s:
        return audit.entries(s, users.admin)


def test_frequent_summaries_read_in_chinese(app, entries) -> None:  # type: ignore[no-untyped-def]
    translation.install(app, "zh_CN")
    try:
        every = [(e.action, summary_text(e.summary)) for e in entries if e.action in TRANSLATED]
        shown = dict(every)
        assert set(shown) == TRANSLATED  # the fixture wrote one of each
        for action, text in every:
            names = re.sub(r"\S+\.(xlsx|crmbak)|newbie|nobody|admin|manager2?|staff[123]", "", text)
            words = re.findall(r"[A-Za-z]{4,}", names)  # file and user names aside
            assert not words, f"{action}: {text}"
        assert shown["backup"].startswith("备份 ") and "已加密" in shown["backup"]
        assert "已检查" in shown["backup"] and "手动" in shown["backup"]
        assert shown["export"].startswith("导出 ") and "客户.xlsx" in shown["export"]
        assert shown["merge"].startswith("将 ") and "张三丰" in shown["merge"]
        assert entity_text("database") == "数据库"
    finally:
        translation.install(app, "en")


def test_english_and_unknown_summaries(app, entries) -> None:  # type: ignore[no-untyped-def]
    by_action = {e.action: e.summary for e in entries}
    assert summary_text(by_action["login"]) == "Logged in"
    assert summary_text(by_action["backup"]).startswith("Backup ")
    assert ", encrypted, checked)" in summary_text(by_action["backup"])
    assert summary_text("something new") == "something new"  # unknown forms as stored
