"""Audit entries are stored as a message and its parameters (part of the hash chain)
and read in the reader's language; entries written before keep their text and verify."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from crmdesk import translation
from crmdesk.core import analytics, audit_messages
from crmdesk.core.models import AuditEntry
from crmdesk.core.services import accounts, audit, custom_fields, merging, sales
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services.campaigns import campaigns
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tickets import save_status, tickets
from crmdesk.errors import AuthError, KnownError
from crmdesk.exchange import exporter
from crmdesk.exchange.duplicates import dismiss
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD, PG_URL
from tests.owner_access import as_owner

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def chinese() -> Iterator[None]:
    translation.install(None, "zh_CN")
    try:
        yield
    finally:
        translation.install(None, "en")


@pytest.fixture
def logged(db, users, tmp_path: Path) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    """An audit log with entries of every kind the services write, written by them."""
    from crmdesk.core.services import backups
    from crmdesk.reports import ReportRequest, build_report

    with db.transaction() as s:
        a = customers.create(s, users.staff1, {"name": "张三", "mobile": "13812345678"}).id
        b = customers.create(s, users.staff1, {"name": "张三丰", "mobile": "13812345678"}).id
        c = customers.create(s, users.staff1, {"name": "李四", "email": "li@example.com"}).id
        d = customers.create(s, users.staff1, {"name": "李思", "email": "li@example.com",
                                               "bank_account": "6222021234567890123"}).id
        customers.update(s, users.staff1, c, {"city": "杭州市"})
        customers.delete(s, users.staff1, c)
        customers.restore(s, users.admin, c)
        customers.delete(s, users.admin, c)
        customers.purge(s, users.admin, c)
        customers.reveal(s, users.staff1, d, "bank_account")
        customers.reassign(s, users.manager, [d], users.staff2.user_id)
        user = accounts.create_user(s, users.admin, "newbie", PASSWORD, "staff")
        accounts.update_user(s, users.admin, user.id, display_name="新人")
        accounts.reset_password(s, users.admin, user.id, "another-pass1")
        accounts.set_disabled(s, users.admin, user.id, True)
        accounts.set_disabled(s, users.admin, user.id, False)
        accounts.unlock(s, users.admin, user.id)
        accounts.unfreeze(s, users.admin, user.id)
        accounts.create_team(s, users.admin, "销售三部")
        db_settings.set_value(s, users.admin, "security.lockout_minutes", 20)
        sales.set_stage_probability(s, users.admin, "intent", 40)
        save_status(s, users.admin, key="waiting", name="Waiting for customer")
        t = tickets.create(s, users.staff1, {"subject": "卡纸", "customer_id": a}).id
        tickets.comment(s, users.staff1, t, "已联系")
        camp = campaigns.create(s, users.manager, {"name": "春季活动"}).id
        campaigns.add_members(s, users.manager, camp, [a, d])
        campaigns.set_member_status(s, users.manager, camp, a, "responded")
        campaigns.remove_member(s, users.manager, camp, d)
        definition = custom_fields.create_definition(s, users.admin, "customer", "vip",
                                                     "会员等级", "text")
        custom_fields.set_active(s, users.admin, definition.id, False)
        merge = merging.merge(s, users.manager, a, b)
        merging.undo(s, users.manager, merge.record.id)
        dismiss(s, users.manager, [a, b])
        analytics.export_table(s, users.admin, "kpi", analytics.Criteria())
    with db.transaction() as s:
        from crmdesk.exchange.duplicates import undismiss

        undismiss(s, users.manager, [a, b])
    with db.transaction() as s:
        accounts.change_password(s, users.staff1, PASSWORD, PASSWORD + "x")
    for name in ("staff2", "nobody"):
        with pytest.raises(AuthError), db.transaction() as s:
            accounts.login(s, name, "wrong-password")
    with db.transaction() as s:
        db_settings.set_value(s, users.admin, "security.lockout_threshold", 1)
    with pytest.raises(KnownError), db.transaction() as s:
        accounts.login(s, "staff3", "wrong-password")
    with db.transaction() as s:
        accounts.login(s, "admin", PASSWORD)
    exporter.export(db, users.admin, exporter.ExportRequest("customer"), tmp_path / "客户.xlsx")
    source = tmp_path / "客户.csv"
    source.write_text("客户名称,城市\n赵六,北京市\n", encoding="utf-8")
    from crmdesk.exchange import importer
    from crmdesk.exchange.mapping import guess_mapping
    from crmdesk.exchange.sources import open_source

    opened = open_source(source)
    result = importer.run_import(db, users.admin, opened, guess_mapping(
        "customer", opened.headers, [], opened.hints), importer.ImportOptions())
    assert result.created == 1, result.problems
    build_report(db, users.admin, ReportRequest("customer-list"), tmp_path / "list.pdf")
    if not PG_URL:  # backups copy the .crmdb file (SQLite only)
        backups.create_backup(db, users.admin, folder=tmp_path / "usb", password="备份密码123")
    with db.session() as s:
        return audit.entries(s, users.admin, limit=10_000)


def test_entries_are_stored_as_messages_with_parameters(logged) -> None:  # type: ignore[no-untyped-def]
    for entry in logged:
        assert entry.message, (entry.action, entry.summary)
        assert isinstance(json.loads(entry.params or "{}"), dict)
        # the stored text is the English rendering, for search and other tools
        assert entry.summary == audit_messages.english(entry.message, json.loads(entry.params))
    kinds = {e.action for e in logged}
    assert kinds >= {"create", "update", "delete", "restore", "purge", "reveal", "reassign",
                     "user_create", "user_update", "password_reset", "user_disable",
                     "user_enable", "unlock", "unfreeze", "team_create", "settings", "comment",
                     "campaign_members", "custom_field_create", "custom_field_update", "merge",
                     "unmerge", "not_duplicates", "maybe_duplicates", "analytics",
                     "password_change", "login", "login_failed", "lockout", "export", "import",
                     "report"} | (set() if PG_URL else {"backup"})


def test_every_entry_reads_in_chinese(logged, chinese) -> None:  # type: ignore[no-untyped-def]
    users = r"newbie|nobody|admin|manager2?|staff[123]"
    for entry in logged:
        text = audit_messages.summary_text(entry)
        # file names, user names and key fingerprints (16 hex digits) are data, not words
        rest = re.sub(r"\S+\.(xlsx|crmbak|csv|pdf)|\b[0-9a-f]{16}\b|" + users, "", text)
        assert not re.findall(r"[A-Za-z]{3,}", rest), (entry.action, text)
        label = audit_messages.action_text(entry.action)
        assert not re.findall(r"[A-Za-z]{3,}", label), (entry.action, label)
    by_action = {e.action: audit_messages.summary_text(e) for e in logged}
    if not PG_URL:
        assert by_action["backup"].startswith("备份 ") and "已加密" in by_action["backup"]
        assert "手动" in by_action["backup"] or "By hand" not in by_action["backup"]
    assert by_action["export"].startswith("导出 ") and "客户.xlsx" in by_action["export"]
    assert "张三丰" in by_action["merge"]
    assert audit_messages.entity_text("database") == "数据库"


def test_entries_read_in_english_too(logged) -> None:  # type: ignore[no-untyped-def]
    by_action = {e.action: audit_messages.summary_text(e) for e in logged}
    assert by_action["login"] == "Logged in"
    if not PG_URL:
        assert by_action["backup"].startswith("Backup ") and ", encrypted, checked)" in \
            by_action["backup"]
    assert by_action["reveal"] == f"Showed Bank account of Customer #{logged[0].entity_id}" or \
        by_action["reveal"].startswith("Showed Bank account of Customer #")
    assert by_action["campaign_members"]  # the newest: a member removed


def test_the_message_and_its_parameters_are_in_the_hash(db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "审计客户"})
        entry = audit.entries(s, users.admin, limit=1)[0]
        assert audit.verify_chain(s).ok
    target = entry.id
    db.close()
    with as_owner(db_path, guard_off=True) as conn:
        conn.execute(text("UPDATE audit_log SET params = :p WHERE id = :id"),
                     {"p": json.dumps({"record": "C000999 别人"}, ensure_ascii=False),
                      "id": target})
    db2 = open_database(db_path)
    try:
        with db2.session() as s:
            result = audit.verify_chain(s)
    finally:
        db2.close()
    assert not result.ok and result.broken_id == target


def test_old_entries_keep_their_text_and_verify(tmp_path: Path) -> None:
    """A file of release 0.1.0 (English summaries, no messages) upgrades, verifies, and
    new entries chain onto the old ones."""
    path = tmp_path / "old.crmdb"
    shutil.copy(DATA / "crmdesk-0.1.0.crmdb", path)
    db = open_database(path)
    try:
        with db.session() as s:
            old = list(s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars())
            assert old and all(e.message is None and e.params is None for e in old)
            assert all(audit_messages.summary_text(e) == e.summary for e in old)
            assert audit.verify_chain(s).ok
        with db.transaction() as s:
            audit.record(s, None, "settings", entity="setting",
                         message=audit_messages.ACTIONS["settings"])
        with db.transaction() as s:  # an entry without a message yet: the old form
            audit.record(s, None, "settings", summary="plain text")
        with db.session() as s:
            result = audit.verify_chain(s)
            assert result.ok and result.checked == len(old) + 2
    finally:
        db.close()


def test_an_old_entry_given_a_message_later_breaks_the_chain(db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        entry = audit.record(s, None, "settings", summary="an old sentence")
        target = entry.id
        assert entry.message is None
    db.close()
    with as_owner(db_path, guard_off=True) as conn:
        conn.execute(text("UPDATE audit_log SET message = 'Logged in' WHERE id = :id"),
                     {"id": target})
    db2 = open_database(db_path)
    try:
        with db2.session() as s:
            result = audit.verify_chain(s)
    finally:
        db2.close()
    assert not result.ok and result.broken_id == target


def test_the_text_filter_finds_parameters(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "独一无二客户"})
    with db.session() as s:
        found = audit.entries(s, users.admin, audit.AuditFilter(text="独一无二"))
    assert [e.action for e in found] == ["create"]
