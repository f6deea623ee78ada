"""Keys that follow visibility: attacks by someone who holds the file and one password.

The attacker here does not use crmdesk's checks: they open the file, derive the key
from their own password and the stored salt, open their key pair and every grant they
can, and try to decrypt every sensitive value in the file (issue 19, item 1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from crmdesk.core import keys
from crmdesk.core.models import Customer, User
from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts, custom_fields
from crmdesk.core.services.customers import SENSITIVE, customers
from crmdesk.errors import KnownError
from crmdesk.storage import crypto
from crmdesk.storage.database import Database
from tests.conftest import PASSWORD, Users


def _with_check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


ID_NUMBERS = [_with_check_digit(f"1101051980{month:02d}{10 + n:02d}{n:03d}")
              for n, month in enumerate(range(1, 13))]


@dataclass
class Taken:
    own: int
    others: int
    failed: int


def offline_keyring(db: Database, username: str, password: str) -> crypto.Keyring | None:
    """What the holder of the file and *password* can open, without crmdesk's checks."""
    with db.session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        params = crypto.KdfParams.decode(user.kdf_params)
        _verifier, kek = crypto.derive_password_keys(password, user.kdf_salt, params)
        if user.wrapped_data_key:  # a file not split: its one key
            return crypto.Keyring(legacy_key=crypto.unwrap_data_key(
                kek, user.wrapped_data_key, user.username))
        return keys.load(s, user, kek)


def decrypt_everything(db: Database, keyring: crypto.Keyring | None, owner_ids: set[int]
                       ) -> Taken:
    """Try every ID number and bank account in the file; count by whose they are."""
    taken = Taken(0, 0, 0)
    with db.session() as s:
        rows = s.execute(select(Customer.id, Customer.owner_id, Customer.id_number_enc,
                                Customer.bank_account_enc)).all()
    for row_id, owner_id, *blobs in rows:
        for field, blob in zip(SENSITIVE.values(), blobs, strict=True):
            if blob is None:
                continue
            try:
                assert keyring is not None
                keyring.decrypt(blob, keys.place(field, row_id))
            except (crypto.CryptoError, AssertionError):
                taken.failed += 1
                continue
            if owner_id in owner_ids:
                taken.own += 1
            else:
                taken.others += 1
    return taken


@pytest.fixture
def spread(db: Database, users: Users) -> dict[str, list[int]]:
    """ID numbers and bank accounts for customers of five owners."""
    owners = [("staff1", users.staff1), ("staff1", users.staff1), ("staff1", users.staff1),
              ("staff2", users.staff2), ("staff2", users.staff2), ("staff3", users.staff3),
              ("staff3", users.staff3), ("manager", users.manager), ("admin", users.admin),
              ("admin", users.admin), ("staff3", users.staff3), ("staff1", users.staff1)]
    made: dict[str, list[int]] = {}
    with db.transaction() as s:
        for (name, actor), number in zip(owners, ID_NUMBERS, strict=True):
            c = customers.create(s, actor, {"name": f"客户{number[-4:]}", "mobile": "13800138000",
                                            "id_number": number,
                                            "bank_account": "6222020200112233" + number[-3:-1]})
            made.setdefault(name, []).append(c.id)
    return made


def _ids(db: Database, *names: str) -> set[int]:
    with db.session() as s:
        return set(s.execute(select(User.id).where(User.username.in_(names))).scalars())


def test_staff_with_the_file_and_their_password_decrypt_only_their_own(
        db: Database, spread: dict[str, list[int]]) -> None:
    taken = decrypt_everything(db, offline_keyring(db, "staff1", PASSWORD), _ids(db, "staff1"))
    assert (taken.own, taken.others) == (8, 0)  # 4 customers x 2 values; before: 24 and 16
    assert taken.failed == 16


def test_a_manager_decrypts_their_team_and_an_admin_everything(
        db: Database, spread: dict[str, list[int]]) -> None:
    team = _ids(db, "manager", "staff1", "staff2")
    taken = decrypt_everything(db, offline_keyring(db, "manager", PASSWORD), team)
    assert (taken.own, taken.others) == (14, 0)
    everyone = _ids(db, "admin", "manager", "staff1", "staff2", "staff3", "manager2")
    taken = decrypt_everything(db, offline_keyring(db, "admin", PASSWORD), everyone)
    assert (taken.own, taken.others, taken.failed) == (24, 0, 0)
    west = _ids(db, "manager2", "staff3")
    taken = decrypt_everything(db, offline_keyring(db, "manager2", PASSWORD), west)
    assert (taken.own, taken.others) == (6, 0)


def test_a_disabled_user_decrypts_nothing_even_with_a_key_saved_before(
        db: Database, users: Users, spread: dict[str, list[int]]) -> None:
    saved = offline_keyring(db, "staff1", PASSWORD)  # the scope key, kept by the user
    with db.transaction() as s:
        accounts.set_disabled(s, users.admin, users.staff1.user_id, True)
    mine = _ids(db, "staff1")
    assert decrypt_everything(db, offline_keyring(db, "staff1", PASSWORD), mine).own == 0
    # the values were re-encrypted under a new key: the saved one opens none of them
    assert decrypt_everything(db, saved, mine).own == 0
    # their manager and the administrators still can, through the new key
    team = _ids(db, "manager", "staff1", "staff2")
    assert decrypt_everything(db, offline_keyring(db, "manager", PASSWORD), team).own == 14
    with db.session() as s:
        assert keys.rotation_pending(s) == []
        actions = [a for (a,) in s.execute(text(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 3"))]
    assert "key_rotate" in actions


def test_a_change_of_team_takes_the_old_managers_key_away(
        db: Database, users: Users, spread: dict[str, list[int]]) -> None:
    with db.session() as s:
        west = s.execute(select(User.team_id).where(User.username == "staff3")).scalar_one()
    with db.transaction() as s:
        accounts.update_user(s, users.admin, users.staff2.user_id, team_id=west)
    staff2 = _ids(db, "staff2")
    assert decrypt_everything(db, offline_keyring(db, "manager", PASSWORD), staff2).own == 0
    assert decrypt_everything(db, offline_keyring(db, "manager2", PASSWORD), staff2).own == 4
    assert decrypt_everything(db, offline_keyring(db, "staff2", PASSWORD), staff2).own == 4


def test_a_new_owner_gets_the_values_and_the_old_one_loses_them(
        db: Database, users: Users, spread: dict[str, list[int]]) -> None:
    moved = spread["staff1"][0]
    with db.transaction() as s:
        customers.reassign(s, users.manager, [moved], users.staff2.user_id)
    with db.transaction() as s:
        customers.update(s, users.admin, spread["staff1"][1], {"owner_id": users.staff3.user_id})
    staff1 = decrypt_everything(db, offline_keyring(db, "staff1", PASSWORD), _ids(db, "staff1"))
    assert (staff1.own, staff1.others) == (4, 0)
    staff2 = decrypt_everything(db, offline_keyring(db, "staff2", PASSWORD), _ids(db, "staff2"))
    assert (staff2.own, staff2.others) == (6, 0)
    staff3 = offline_keyring(db, "staff3", PASSWORD)
    assert decrypt_everything(db, staff3, _ids(db, "staff3")).own == 8
    with db.session() as s:
        assert customers.plaintext(users.staff2, s.get(Customer, moved), "id_number") \
            == ID_NUMBERS[0]


def test_sensitive_custom_values_follow_the_owner(db: Database, users: Users) -> None:
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "passport", "护照号", "text",
                                        is_sensitive=True)
        c = customers.create(s, users.staff1, {"name": "护照客户"},
                             custom={"passport": "E12345678"})
    key = "passport"
    with db.transaction() as s:
        customers.reassign(s, users.admin, [c.id], users.staff3.user_id)
    with db.session() as s:
        assert custom_fields.reveal(s, users.staff3, "customer", c.id, key) == "E12345678"
        with pytest.raises(KnownError):
            custom_fields.reveal(s, users.staff1, "customer", c.id, key)


def test_a_records_sensitive_values_follow_it_to_another_customer_or_assignee(
        db: Database, users: Users) -> None:
    from crmdesk.core.services import mass_update
    from crmdesk.core.services.sales import opportunities
    from crmdesk.core.services.tasks import tasks

    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "opportunity", "contract_no", "合同号",
                                        "text", is_sensitive=True)
        custom_fields.create_definition(s, users.admin, "task", "door_code", "门禁码",
                                        "text", is_sensitive=True)
        mine = customers.create(s, users.staff1, {"name": "甲公司"})
        theirs = customers.create(s, users.staff3, {"name": "乙公司"})
        opp = opportunities.create(s, users.staff1, {"customer_id": mine.id, "title": "采购"},
                                   custom={"contract_no": "HT-2026-001"})
        task = tasks.create(s, users.staff1, {"title": "上门", "assignee_id":
                                              users.staff1.user_id}, custom={"door_code": "4711"})
    with db.transaction() as s:  # the form: another customer
        opportunities.update(s, users.admin, opp.id, {"customer_id": theirs.id})
        # mass update: another assignee
        mass_update.run(s, users.admin, "task", "assignee_id", users.staff2.user_id,
                        ids=[task.id])
    with db.session() as s:
        assert custom_fields.reveal(s, users.staff3, "opportunity", opp.id,
                                    "contract_no") == "HT-2026-001"
        assert custom_fields.reveal(s, users.staff2, "task", task.id, "door_code") == "4711"
    for name, entity, record_id in (("staff1", "opportunity", opp.id),
                                    ("staff1", "task", task.id)):
        ring = offline_keyring(db, name, PASSWORD)  # the old holder, offline
        assert ring is not None
        with db.session() as s:
            blob = s.execute(text("SELECT v.value_enc FROM custom_field_values v JOIN "
                                  "custom_field_defs d ON d.id = v.def_id WHERE d.entity = "
                                  ":e AND v.entity_id = :i"), {"e": entity, "i": record_id}
                             ).scalar_one()
        key = "contract_no" if entity == "opportunity" else "door_code"
        with pytest.raises(crypto.CryptoError):
            ring.decrypt(blob, keys.place(f"custom.{entity}.{key}", record_id))


def test_a_swapped_ciphertext_is_detected(db: Database, users: Users,
                                          spread: dict[str, list[int]]) -> None:
    first, second = spread["staff1"][:2]
    with db.transaction() as s:
        blobs = dict(s.execute(select(Customer.id, Customer.id_number_enc).where(
            Customer.id.in_([first, second]))).all())
        for target, source in ((first, second), (second, first)):
            s.execute(text("UPDATE customers SET id_number_enc = :b WHERE id = :i"),
                      {"b": blobs[source], "i": target})
    with db.session() as s:
        customer = s.get(Customer, first)
        with pytest.raises(KnownError, match="moved from another record"):
            customers.plaintext(users.staff1, customer, "id_number")
        with pytest.raises(KnownError):
            customers.reveal(s, users.staff1, first, "id_number")
        assert "damaged" in customers.masked(users.staff1, customer, "id_number")
        assert customers.masked(users.staff1, s.get(Customer, spread["staff1"][2]),
                                "id_number").endswith(ID_NUMBERS[2][-4:])


def test_password_change_keeps_the_keys_and_a_reset_makes_new_ones(
        db: Database, users: Users, spread: dict[str, list[int]]) -> None:
    mine = _ids(db, "staff1")
    with db.transaction() as s:
        accounts.change_password(s, users.staff1, PASSWORD, "a-new-password-1")
    assert decrypt_everything(db, offline_keyring(db, "staff1", "a-new-password-1"), mine).own \
        == 8
    with db.transaction() as s:
        accounts.reset_password(s, users.admin, users.staff1.user_id, "reset-by-admin-2")
    assert decrypt_everything(db, offline_keyring(db, "staff1", "reset-by-admin-2"), mine).own \
        == 8
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", "reset-by-admin-2")
    with db.session() as s:
        found = customers.plaintext(actor, s.get(Customer, spread["staff1"][0]), "id_number")
    assert found == ID_NUMBERS[0]


def test_a_new_user_gets_keys_at_once(db: Database, users: Users) -> None:
    with db.transaction() as s:
        accounts.create_user(s, users.admin, "staff9", PASSWORD, "staff")
    with db.transaction() as s:
        actor = accounts.login(s, "staff9", PASSWORD)
    with db.transaction() as s:
        c = customers.create(s, actor, {"name": "新人客户", "id_number": ID_NUMBERS[4]})
    with db.session() as s:
        assert customers.reveal(s, actor, c.id, "id_number") == ID_NUMBERS[4]
        # the staff user's duplicate check still sees every ID number (blind index)
    with db.transaction() as s, pytest.raises(KnownError, match="another customer"):
        customers.create(s, users.staff1, {"name": "重复", "id_number": ID_NUMBERS[4]})


def test_who_holds_which_scope(db: Database, users: Users) -> None:
    with db.session() as s:
        holders = {scope: keys.entitled_users(s, scope) for scope in (
            keys.INDEX, keys.UNOWNED, keys.owner_scope(users.staff1.user_id))}
    everyone = {a.user_id for a in vars(users).values() if isinstance(a, Actor)}
    assert holders[keys.INDEX] == everyone
    assert holders[keys.UNOWNED] == {users.admin.user_id}
    assert holders[keys.owner_scope(users.staff1.user_id)] == {
        users.staff1.user_id, users.manager.user_id, users.admin.user_id}


def test_grants_are_only_what_each_is_entitled_to(db: Database, users: Users) -> None:
    with db.session() as s:
        rows = s.execute(text(
            "SELECT u.username, k.scope FROM key_grants g JOIN scope_keys k ON k.id = "
            "g.scope_key_id JOIN user_keys uk ON uk.id = g.user_key_id JOIN users u ON "
            "u.id = uk.user_id WHERE NOT k.retiring")).all()
    per_user = Counter(name for name, _scope in rows)
    scopes = {name: {scope for n, scope in rows if n == name} for name in per_user}
    assert scopes["staff1"] == {"index", "shared", f"owner:{users.staff1.user_id}"}
    assert scopes["manager"] == {"index", "shared"} | {
        f"owner:{a.user_id}" for a in (users.manager, users.staff1, users.staff2)}
    assert "unowned" in scopes["admin"]
