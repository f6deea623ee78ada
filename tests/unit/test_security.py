"""Login, lockout, roles and row-level scope, the anti-scraping guard, encryption, audit."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from crmdesk.core.models import User, utcnow
from crmdesk.core.services import accounts, audit, settings
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import opportunities
from crmdesk.errors import (
    AccountFrozen,
    AccountLocked,
    AuthError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from tests.conftest import PASSWORD
from tests.owner_access import as_owner, stored_bytes


def make(db, actor, name, **kw):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return customers.create(s, actor, {"name": name, **kw})


# -- login and lockout ----------------------------------------------------------

def test_wrong_password_then_lockout_then_admin_unlock(db, users) -> None:  # type: ignore[no-untyped-def]
    for attempt in range(4):
        with pytest.raises(AuthError, match="more wrong attempts") as info, \
                db.transaction() as s:
            accounts.login(s, "staff1", "wrong-password")
        assert f"{4 - attempt} more" in info.value.message
    with pytest.raises(AccountLocked, match="locked until") as info, db.transaction() as s:
        accounts.login(s, "staff1", "wrong-password")
    assert "administrator" in info.value.message
    # the right password does not help while locked
    with pytest.raises(AccountLocked), db.transaction() as s:
        accounts.login(s, "staff1", PASSWORD)
    with db.transaction() as s:
        accounts.unlock(s, users.admin, users.staff1.user_id)
    with db.transaction() as s:
        assert accounts.login(s, "staff1", PASSWORD).username == "staff1"


def test_lock_expires(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        settings.set_value(s, users.admin, "security.lockout_threshold", 2)
    for _ in range(2):
        with pytest.raises(AuthError), db.transaction() as s:
            accounts.login(s, "staff2", "nope-nope")
    with db.transaction() as s:
        s.execute(update(User).where(User.username == "staff2")
                  .values(locked_until=utcnow() - timedelta(minutes=1)))
    with db.transaction() as s:
        accounts.login(s, "staff2", PASSWORD)


def test_unknown_user_and_disabled_account(db, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AuthError, match="Wrong user name or password"), db.transaction() as s:
        accounts.login(s, "nobody", PASSWORD)
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff2.user_id, True)
    with pytest.raises(AuthError, match="disabled"), db.transaction() as s:
        accounts.login(s, "staff2", PASSWORD)


def test_passwords_are_not_stored(db_path: Path, users) -> None:  # type: ignore[no-untyped-def]
    assert PASSWORD.encode() not in stored_bytes(db_path)  # the file, or the server's rows


def test_change_and_reset_password_rewrap_the_key(db, users) -> None:  # type: ignore[no-untyped-def]
    c = make(db, users.staff1, "王五", id_number="11010519491231002X")
    with db.transaction() as s:
        accounts.change_password(s, users.staff1, PASSWORD, "new-secret-1")
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", "new-secret-1")
        assert customers.reveal(s, actor, c.id, "id_number") == "11010519491231002X"
    with db.transaction() as s:  # the admin does not need the old password
        accounts.reset_password(s, users.admin, users.staff1.user_id, "reset-secret-2")
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", "reset-secret-2")
        assert customers.reveal(s, actor, c.id, "id_number") == "11010519491231002X"
    with pytest.raises(ValidationError, match="at least 8"), db.transaction() as s:
        accounts.change_password(s, actor, "reset-secret-2", "short")


def test_user_administration_needs_admin(db, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="administer users"), db.transaction() as s:
        accounts.create_user(s, users.manager, "newbie", PASSWORD, "staff")
    with db.transaction() as s:
        user = accounts.create_user(s, users.admin, "newbie", PASSWORD, "staff")
    with pytest.raises(ValidationError, match="taken"), db.transaction() as s:
        accounts.create_user(s, users.admin, "newbie", PASSWORD, "staff")
    with db.transaction() as s:
        assert accounts.login(s, "newbie", PASSWORD).user_id == user.id


def test_last_admin_cannot_be_demoted(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.errors import KnownError

    with pytest.raises(KnownError, match="last active administrator"), db.transaction() as s:
        accounts.update_user(s, users.admin, users.admin.user_id, role="staff")


# -- row-level permissions -----------------------------------------------------------

def test_staff_see_only_their_customers(db, users) -> None:  # type: ignore[no-untyped-def]
    mine = make(db, users.staff1, "李一")
    theirs = make(db, users.staff2, "张二")
    with db.session() as s:
        assert customers.ids(s, users.staff1) == [mine.id]
        with pytest.raises(NotFound):
            customers.get(s, users.staff1, theirs.id)
    with pytest.raises(NotFound), db.transaction() as s:
        customers.update(s, users.staff1, theirs.id, {"city": "北京市"})
    with pytest.raises(NotFound), db.transaction() as s:
        customers.delete(s, users.staff1, theirs.id)
    # nor attach records to someone else's customer
    with pytest.raises(ValidationError, match="customer that you can see"), db.transaction() as s:
        opportunities.create(s, users.staff1, {"customer_id": theirs.id, "title": "偷单"})


def test_children_follow_their_customer(db, users) -> None:  # type: ignore[no-untyped-def]
    theirs = make(db, users.staff2, "华为", kind="company")
    with db.transaction() as s:
        contact = contacts.create(s, users.staff2, {"customer_id": theirs.id, "name": "王五"})
    with db.session() as s:
        assert contacts.ids(s, users.staff1) == []
        assert contacts.ids(s, users.manager) == [contact.id]
        with pytest.raises(NotFound):
            contacts.get(s, users.staff1, contact.id)


def test_manager_sees_only_the_team(db, users) -> None:  # type: ignore[no-untyped-def]
    east1 = make(db, users.staff1, "东一")
    east2 = make(db, users.staff2, "东二")
    west = make(db, users.staff3, "西一")
    with db.session() as s:
        assert set(customers.ids(s, users.manager)) == {east1.id, east2.id}
        assert set(customers.ids(s, users.manager2)) == {west.id}
        assert set(customers.ids(s, users.admin)) == {east1.id, east2.id, west.id}


def test_reassign_is_for_managers_and_audited(db, users) -> None:  # type: ignore[no-untyped-def]
    c = make(db, users.staff1, "转交客户")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        customers.reassign(s, users.staff1, [c.id], users.staff2.user_id)
    with pytest.raises(PermissionDenied, match="another owner"), db.transaction() as s:
        customers.update(s, users.staff1, c.id, {"owner_id": users.staff2.user_id})
    with pytest.raises(ValidationError, match="your team"), db.transaction() as s:
        customers.reassign(s, users.manager, [c.id], users.staff3.user_id)
    with db.transaction() as s:
        assert customers.reassign(s, users.manager, [c.id], users.staff2.user_id) == 1
    with db.session() as s:
        assert customers.get(s, users.staff2, c.id).owner_id == users.staff2.user_id
        entries = audit.entries(s, users.admin, audit.AuditFilter(action="reassign"))
        assert len(entries) == 1 and entries[0].username == "manager"


def test_staff_cannot_create_for_someone_else(db, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="only choose yourself"):
        make(db, users.staff1, "代建客户", owner_id=users.staff2.user_id)


# -- anti-scraping guard ----------------------------------------------------------------

def test_opening_too_many_customers_freezes_the_account(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        settings.set_value(s, users.admin, "security.scrape_limit", 10)
    ids = [make(db, users.staff1, f"客户{i}").id for i in range(12)]
    for cid in ids[:10]:
        with db.transaction() as s:
            customers.open(s, users.staff1, cid)
    with pytest.raises(AccountFrozen, match="frozen") as info, db.transaction() as s:
        customers.open(s, users.staff1, ids[10])
    assert "administrator" in info.value.message
    # the session ends: the next login is refused, with the reason
    with pytest.raises(AccountFrozen, match="Only an administrator"), db.transaction() as s:
        accounts.login(s, "staff1", PASSWORD)
    # and the running session can write nothing more
    with pytest.raises(AccountFrozen), db.transaction() as s:
        customers.create(s, users.staff1, {"name": "再建一个"})
    with db.transaction() as s:
        accounts.unfreeze(s, users.admin, users.staff1.user_id)
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
        customers.open(s, actor, ids[11])
    with db.session() as s:
        actions = [e.action for e in audit.entries(s, users.admin)]
    assert "freeze" in actions and "unfreeze" in actions


def test_admins_are_not_frozen(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        settings.set_value(s, users.admin, "security.scrape_limit", 10)
    ids = [make(db, users.admin, f"客户{i}").id for i in range(12)]
    for cid in ids:
        with db.transaction() as s:
            customers.open(s, users.admin, cid)


# -- encryption ----------------------------------------------------------------------------

def test_sensitive_fields_are_encrypted_at_rest(db, db_path: Path, users) -> None:  # type: ignore[no-untyped-def]
    id_number, account = "11010519491231002X", "6222021234567890123"
    c = make(db, users.staff1, "敏感客户", id_number=id_number, bank_account=account,
             bank_name="招商银行")
    raw = stored_bytes(db_path)  # the file, or every row on the server
    for secret in (id_number, account, id_number[-6:], account[-8:]):
        assert secret.encode() not in raw
    with db.session() as s:
        stored = customers.get(s, users.staff1, c.id)
        assert customers.masked(users.staff1, stored, "id_number") == "**************002X"
        found = customers.find_by_sensitive(s, users.staff1, "id_number", "11010519491231002x")
        assert [f.id for f in found] == [c.id]
        # other users' scope still applies to lookups
        assert customers.find_by_sensitive(s, users.staff2, "id_number", id_number) == []
    with db.transaction() as s:
        assert customers.reveal(s, users.staff1, c.id, "bank_account") == account
    with db.session() as s:
        reveals = audit.entries(s, users.admin, audit.AuditFilter(action="reveal"))
        assert len(reveals) == 1 and '"bank_account"' in (reveals[0].params or "")
        # the audit log holds no plaintext either
        for entry in audit.entries(s, users.admin):
            assert id_number not in (entry.after or "") + (entry.before or "")


def test_duplicate_id_number_is_refused(db, users) -> None:  # type: ignore[no-untyped-def]
    c = make(db, users.staff1, "甲", id_number="11010519491231002X")
    with pytest.raises(ValidationError, match=c.code):  # the admin sees whose it is
        make(db, users.admin, "乙", id_number="11010519491231002X")
    with pytest.raises(ValidationError) as refused:  # staff2 may not see 甲: not named
        make(db, users.staff2, "乙", id_number="11010519491231002X")
    assert c.code not in refused.value.message
    assert "another customer, one you cannot see" in refused.value.message


# -- audit log ---------------------------------------------------------------------------------

def test_tampering_is_detected_and_named(db, db_path: Path, users) -> None:  # type: ignore[no-untyped-def]
    make(db, users.staff1, "审计客户")
    with db.session() as s:
        assert audit.verify_chain(s).ok
        target = audit.entries(s, users.admin, limit=3)[-1].id
    db.close()
    with pytest.raises(DBAPIError, match="append-only"), as_owner(db_path) as conn:
        conn.execute(text("UPDATE audit_log SET summary = 'x' WHERE id = :id"), {"id": target})
    # a determined attacker drops (on a server: disables) the guard first
    with as_owner(db_path, guard_off=True) as conn:
        conn.execute(text("UPDATE audit_log SET summary = 'nothing happened' WHERE id = :id"),
                     {"id": target})
    from crmdesk.storage.database import open_database

    db2 = open_database(db_path)
    with db2.session() as s:
        result = audit.verify_chain(s)
    db2.close()
    assert not result.ok and result.broken_id == target


def test_deleting_the_last_entries_is_detected(db, db_path: Path, users) -> None:  # type: ignore[no-untyped-def]
    make(db, users.staff1, "审计客户")
    db.close()
    with as_owner(db_path, guard_off=True) as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_log")).scalar_one()
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": last})
    from crmdesk.storage.database import open_database

    db2 = open_database(db_path)
    with db2.session() as s:
        result = audit.verify_chain(s)
    db2.close()
    assert not result.ok and result.broken_id == last


def test_audit_log_is_for_admins(db, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied), db.session() as s:
        audit.entries(s, users.manager)
    with db.session() as s:
        logins = audit.entries(s, users.admin, audit.AuditFilter(action="login"))
    assert {e.username for e in logins} >= {"staff1", "manager"}
