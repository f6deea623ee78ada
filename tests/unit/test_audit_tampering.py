"""Issue 19, item 2: the 16 ways to tamper with the audit log, each played as an
attacker with the file, ``sqlite3`` and one user's password would, and each caught
by ``crmdesk audit verify`` (the command, in process) and by the service.

The log is signed (Ed25519, each user's key) and witnessed outside the file (this
computer's record of the heads it committed, backup manifests).  A restore the
program made and a copy of the file that went its own way are not tampering: they
are reported as such.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from crmdesk import cli, witnesses
from crmdesk.core.services import accounts, audit, backups
from crmdesk.core.services.audit_verify import VerifyResult
from crmdesk.core.services.customers import customers
from crmdesk.exchange import exporter
from crmdesk.storage import crypto
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD, Users

pytestmark = pytest.mark.sqlite_only(
    "the attacker works on the .crmdb file with sqlite3 (edits rows and keys, drops the "
    "triggers, copies and rolls back the file); a server's log edited and cut by its owner: "
    "test_security.py, test_audit_entries.py, tests/ui/test_audit_verify_view.py")

# ---------------------------------------------------------------------------
# A file with some history, and this computer's witnesses of it
# ---------------------------------------------------------------------------

@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh CRMDESK_HOME (so the witness file is this test's), and the program's
    witness hook installed as the window and the command line install it."""
    folder = tmp_path / "home"
    monkeypatch.setenv("CRMDESK_HOME", str(folder))
    stop = witnesses.install()
    yield folder
    stop()


def _work(db: Any, users: Users, n: int, tmp_path: Path) -> None:
    with db.transaction() as s:
        made = customers.create(s, users.staff1, {"name": f"客户{n}", "mobile": f"1380000{n:04d}",
                                                  "bank_account": f"62220200{n:08d}"})
    with db.transaction() as s:
        customers.reveal(s, users.staff1, made.id, "bank_account")
    with db.transaction() as s:
        customers.create(s, users.staff2, {"name": f"别人的客户{n}"})
    exporter.export(db, users.admin, exporter.ExportRequest("customer"),
                    tmp_path / f"export{n}.csv")


@pytest.fixture
def history(home: Path, db: Any, db_path: Path, users: Users, tmp_path: Path) -> Path:
    """staff1 and staff2 work, staff1 reveals, the admin exports; a backup half-way."""
    _work(db, users, 1, tmp_path)
    backups.create_backup(db, users.admin, folder=db_path.parent / "backups", verify=False)
    _work(db, users, 2, tmp_path)
    with db.transaction() as s:
        customers.create(s, users.manager, {"name": "经理的客户"})
    db.close()
    return db_path


def verify_both(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[VerifyResult, int, str]:
    """The service's verdict, and the command's exit code and output."""
    db = open_database(path)
    try:
        result = witnesses.verify_file(db)
    finally:
        db.close()
    capsys.readouterr()
    code = cli.main(["--lang", "en", "audit", "verify", str(path)])
    captured = capsys.readouterr()
    return result, code, captured.out + captured.err


def assert_caught(path: Path, capsys: pytest.CaptureFixture[str], *, entry: int | None = None,
                  says: str = "") -> VerifyResult:
    result, code, output = verify_both(path, capsys)
    assert not result.ok, result
    assert code == 2, output
    assert "Audit log broken" in output and "intact" not in output
    if entry is not None:
        assert result.broken_id == entry, result
        assert f"at entry {entry}:" in output
    if says:
        assert says in result.reason and says in output, (result.reason, output)
    return result


# ---------------------------------------------------------------------------
# The attacker's tools: sqlite3, and the private key their own password opens
# ---------------------------------------------------------------------------

def attack(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'audit_log'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    conn.row_factory = sqlite3.Row
    found = [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY id")]
    conn.row_factory = None
    return found


def entry_ids(conn: sqlite3.Connection, **where: Any) -> list[int]:
    clause = " AND ".join(f"{k} = ?" for k in where)
    return [r[0] for r in conn.execute(
        f"SELECT id FROM audit_log WHERE {clause} ORDER BY id", tuple(where.values()))]


def user_id(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute("SELECT id FROM users WHERE username = ?", (name,)).fetchone()[0])


def own_key(conn: sqlite3.Connection, name: str, password: str = PASSWORD) -> tuple[int, bytes]:
    """The signing key the attacker's own password opens: (user_keys.id, private key)."""
    uid = user_id(conn, name)
    params, salt = conn.execute("SELECT kdf_params, kdf_salt FROM users WHERE id = ?",
                                (uid,)).fetchone()
    _, kek = crypto.derive_password_keys(password, salt, crypto.KdfParams.decode(params))
    key_id, sealed = conn.execute(
        "SELECT id, wrapped_private FROM user_keys WHERE user_id = ? AND retired_at IS NULL",
        (uid,)).fetchone()
    return int(key_id), crypto.UserKeyPair.open(kek, sealed, uid).sign_private


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def rehash(conn: sqlite3.Connection, start: int, signers: dict[int, bytes]) -> None:
    """Recompute the chain from entry *start* on, as the program would have written it,
    re-signing every entry whose key the attacker holds (*signers*: key id -> private)."""
    db_id = json.loads(conn.execute("SELECT value FROM settings WHERE key = 'database.id'")
                       .fetchone()[0])
    publics = dict(conn.execute("SELECT id, sign_public FROM user_keys"))
    prev = audit.GENESIS
    for row in rows(conn):
        if row["id"] < start:
            prev = row["hash"]
            continue
        at = _at(row["at"])
        if row["format"] is None:
            digest = audit.entry_hash(prev, row["id"], at, row["user_id"], row["username"],
                                      row["action"], row["entity"], row["entity_id"],
                                      row["summary"], row["before"], row["after"],
                                      row["message"], row["params"])
            signature = None
        else:
            key = row["signer_key_id"]
            digest = audit.signed_entry_hash(
                db_id, prev, row["id"], at, row["user_id"], row["username"], row["action"],
                row["entity"], row["entity_id"], row["summary"], row["before"], row["after"],
                row["message"], row["params"], key,
                bytes(publics[key]) if key is not None else None)
            signature = row["signature"]
            if key in signers:
                signature = crypto.sign(signers[key], audit.signed_bytes(digest))
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, signature = ? WHERE id = ?",
                     (prev, digest, signature, row["id"]))
        prev = digest
    last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit.head'",
                 (json.dumps({"id": last[0], "hash": last[1]}) if last else "{}",))


def renumber(conn: sqlite3.Connection) -> None:
    """Close the gaps removed entries left (ids 1, 2, 3 ... again)."""
    for new, old in enumerate([r[0] for r in conn.execute(
            "SELECT id FROM audit_log ORDER BY id")], start=1):
        if new != old:
            conn.execute("UPDATE audit_log SET id = ? WHERE id = ?", (new, old))


def last_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT max(id) FROM audit_log").fetchone()[0])


def done(conn: sqlite3.Connection) -> None:
    conn.commit()
    conn.close()


# ---------------------------------------------------------------------------
# The log as the program left it
# ---------------------------------------------------------------------------

def test_the_untouched_log_verifies_signed_and_witnessed(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    result, code, output = verify_both(history, capsys)
    assert result.ok and code == 0, output
    assert result.signed_from == 1  # a new database is signed from its first entry
    assert result.witnesses >= 2 and result.agreed == result.witnesses  # this PC + backup
    assert "intact" in output and "heads agree" in output
    conn = sqlite3.connect(history)
    unsigned = conn.execute("SELECT count(*) FROM audit_log WHERE signature IS NULL").fetchone()
    conn.close()
    assert unsigned == (0,)
    manifest = backups.list_backups(history.parent / "backups")[0].manifest
    assert manifest is not None and manifest.audit_head is not None
    assert manifest.audit_head["id"] > 1


# ---------------------------------------------------------------------------
# The 16 cases
# ---------------------------------------------------------------------------

def test_01_edit_an_entry(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    target = entry_ids(conn, action="reveal")[0]
    conn.execute("UPDATE audit_log SET summary = 'nothing to see' WHERE id = ?", (target,))
    done(conn)
    assert_caught(history, capsys, entry=target, says="its content was changed")


def test_02_edit_and_recompute_the_chain(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """staff1 rewrites their own reveal and re-signs what their key signed: the next
    entry signed by someone else no longer fits."""
    conn = attack(history)
    key_id, private = own_key(conn, "staff1")
    target = entry_ids(conn, action="reveal")[0]
    conn.execute("UPDATE audit_log SET entity_id = 999, params = '{}' WHERE id = ?", (target,))
    rehash(conn, target, {key_id: private})
    first_foreign = conn.execute(
        "SELECT min(id) FROM audit_log WHERE id > ? AND signer_key_id IS NOT ?",
        (target, key_id)).fetchone()[0]
    done(conn)
    assert_caught(history, capsys, entry=first_foreign, says="signature does not match")


def test_03_delete_the_last_entries(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    top = last_id(conn)
    conn.execute("DELETE FROM audit_log WHERE id > ?", (top - 3,))
    done(conn)
    assert_caught(history, capsys, entry=top - 2, says="missing")


def test_04_delete_the_last_entries_and_fix_the_head(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    top = last_id(conn)
    conn.execute("DELETE FROM audit_log WHERE id > ?", (top - 3,))
    rehash(conn, top, {})  # only the recorded head changes
    done(conn)
    with sqlite3.connect(history) as check:  # the file alone looks complete
        db = open_database(history)
        try:
            with db.session() as s:
                assert audit.verify_chain(s).ok
        finally:
            db.close()
    check.close()
    result = assert_caught(history, capsys, entry=top - 2,
                           says=f"This computer saw entry {top - 2} in this log")
    assert result.witness == "This computer"


def test_05_delete_from_the_middle(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    target = entry_ids(conn, action="reveal")[0]
    conn.execute("DELETE FROM audit_log WHERE id = ?", (target,))
    done(conn)
    assert_caught(history, capsys, entry=target, says="missing")


def _insert(conn: sqlite3.Connection, after: int, row: dict[str, Any]) -> int:
    """Make room after entry *after* and put *row* there; returns its id."""
    for (old,) in conn.execute("SELECT id FROM audit_log WHERE id > ? ORDER BY id DESC",
                               (after,)).fetchall():
        conn.execute("UPDATE audit_log SET id = ? WHERE id = ?", (old + 1, old))
    row = dict(row, id=after + 1)
    conn.execute(f"INSERT INTO audit_log ({', '.join(row)}) VALUES "
                 f"({', '.join('?' * len(row))})", tuple(row.values()))
    return after + 1


def _forged(conn: sqlite3.Connection, like: int, **changes: Any) -> dict[str, Any]:
    row = next(r for r in rows(conn) if r["id"] == like)
    row.update(changes)
    return row


def test_06a_insert_a_forged_entry_as_oneself_signed_by_ones_own_key(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    key_id, private = own_key(conn, "staff1")
    after = entry_ids(conn, action="export")[0]
    mine = entry_ids(conn, action="reveal")[0]
    forged = _insert(conn, after, _forged(conn, mine, summary="Showed nothing", params="{}"))
    rehash(conn, forged, {key_id: private})
    done(conn)
    assert_caught(history, capsys, entry=forged + 1, says="signature does not match")


def test_06b_insert_a_forged_entry_as_another_user(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """staff1 writes an entry in the admin's name (signed with staff1's key)."""
    conn = attack(history)
    key_id, private = own_key(conn, "staff1")
    after = entry_ids(conn, action="export")[0]
    forged = _insert(conn, after, _forged(
        conn, entry_ids(conn, action="reveal")[0], user_id=user_id(conn, "admin"),
        username="admin", signer_key_id=key_id))
    rehash(conn, forged, {key_id: private})
    done(conn)
    assert_caught(history, capsys, entry=forged, says="names admin as its author")


def test_07_append_a_forged_entry(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """An entry in the admin's name after the last one: the admin's key is not the
    attacker's, so the signature cannot be made (a random one is put instead)."""
    conn = attack(history)
    top = last_id(conn)
    admin_key = conn.execute("SELECT id FROM user_keys WHERE user_id = ?",
                             (user_id(conn, "admin"),)).fetchone()[0]
    row = _forged(conn, top, id=top + 1, user_id=user_id(conn, "admin"), username="admin",
                  action="settings", summary="Settings changed", signer_key_id=admin_key,
                  message=None, params=None)
    conn.execute(f"INSERT INTO audit_log ({', '.join(row)}) VALUES "
                 f"({', '.join('?' * len(row))})", tuple(row.values()))
    rehash(conn, top + 1, {})
    conn.execute("UPDATE audit_log SET signature = ? WHERE id = ?",
                 (Ed25519PrivateKey.generate().sign(b"x"), top + 1))
    done(conn)
    assert_caught(history, capsys, entry=top + 1, says="signature does not match")


def test_08_reorder_two_entries(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    key_id, private = own_key(conn, "staff1")
    a, b = entry_ids(conn, action="reveal")[0], entry_ids(conn, action="export")[0]
    conn.execute("UPDATE audit_log SET id = -1 WHERE id = ?", (a,))
    conn.execute("UPDATE audit_log SET id = ? WHERE id = ?", (a, b))
    conn.execute("UPDATE audit_log SET id = ? WHERE id = -1", (b,))
    rehash(conn, min(a, b), {key_id: private})
    done(conn)
    result = assert_caught(history, capsys, says="signature does not match")
    assert result.broken_id is not None and min(a, b) <= result.broken_id <= max(a, b)


def test_09_strip_the_signatures_and_recompute_as_unsigned_history(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    conn.execute("UPDATE audit_log SET format = NULL, signer_key_id = NULL, signature = NULL")
    rehash(conn, 1, {})
    done(conn)
    assert_caught(history, capsys, says="signatures were removed")


def test_10_remove_every_reveal_and_export_entry(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The admin (holding their own key) removes what shows who looked at what."""
    conn = attack(history)
    key_id, private = own_key(conn, "admin")
    first = min(entry_ids(conn, action="reveal") + entry_ids(conn, action="export"))
    conn.execute("DELETE FROM audit_log WHERE action IN ('reveal', 'export')")
    renumber(conn)
    rehash(conn, first, {key_id: private})
    done(conn)
    assert_caught(history, capsys, says="signature does not match")


def test_11_wipe_the_whole_log(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    conn.execute("DELETE FROM audit_log")
    conn.execute("DELETE FROM settings WHERE key = 'audit.head'")
    done(conn)
    result, code, output = verify_both(history, capsys)
    assert not result.ok and code == 2
    assert "the log is empty although the database has 6 users: it was wiped" in output
    assert "intact: 0 entries" not in output


def test_12_drop_the_triggers_and_update(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    target = entry_ids(conn, action="export")[-1]
    conn.execute("UPDATE audit_log SET username = 'staff3', user_id = ? WHERE id = ?",
                 (user_id(conn, "staff3"), target))
    done(conn)
    assert_caught(history, capsys, entry=target, says="its content was changed")


def test_13_change_the_signer_keys_stored_public_key(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = attack(history)
    key_id, _ = own_key(conn, "staff1")
    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw,
                                                                   PublicFormat.Raw)
    conn.execute("UPDATE user_keys SET sign_public = ? WHERE id = ?", (other, key_id))
    first_use = conn.execute("SELECT min(id) FROM audit_log WHERE signer_key_id = ?",
                             (key_id,)).fetchone()[0]
    registered = conn.execute(
        "SELECT min(id) FROM audit_log WHERE action = 'key_register' AND params LIKE ?",
        (f'%"key": {key_id},%',)).fetchone()[0]
    done(conn)
    assert_caught(history, capsys, entry=min(first_use, registered))


def test_14_replace_a_users_public_key_and_re_sign(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """staff2's key replaced by one the attacker made, every entry of it re-signed and
    the chain recomputed: the administrator's signed registration names the old key."""
    conn = attack(history)
    key_id, _ = own_key(conn, "staff2")
    new = Ed25519PrivateKey.generate()
    public = new.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    private = new.private_bytes_raw()
    conn.execute("UPDATE user_keys SET sign_public = ? WHERE id = ?", (public, key_id))
    rehash(conn, 1, {key_id: private})
    registered = conn.execute(
        "SELECT min(id) FROM audit_log WHERE action = 'key_register' AND params LIKE ?",
        (f'%"key": {key_id},%',)).fetchone()[0]
    done(conn)
    assert_caught(history, capsys, entry=registered, says="is not the one registered here")


def test_14b_replace_every_key_and_re_sign_everything(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The strongest rewrite: new keys for everyone, registrations and all re-signed.
    The file is consistent again; the witnesses outside it are not fooled."""
    conn = attack(history)
    signers = {}
    for key_id, in conn.execute("SELECT id FROM user_keys").fetchall():
        new = Ed25519PrivateKey.generate()
        public = new.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        conn.execute("UPDATE user_keys SET sign_public = ? WHERE id = ?", (public, key_id))
        signers[key_id] = new.private_bytes_raw()
        for entry_id, params in conn.execute(
                "SELECT id, params FROM audit_log WHERE action = 'key_register'").fetchall():
            loaded = json.loads(params)
            if loaded.get("key") == key_id:
                loaded["fingerprint"] = crypto.fingerprint(public)
                conn.execute("UPDATE audit_log SET params = ? WHERE id = ?",
                             (json.dumps(loaded, ensure_ascii=False, sort_keys=True), entry_id))
    target = entry_ids(conn, action="reveal")[0]
    conn.execute("UPDATE audit_log SET params = '{}' WHERE id = ?", (target,))
    rehash(conn, 1, signers)
    done(conn)
    db = open_database(history)
    try:
        with db.session() as s:
            assert audit.verify_chain(s).ok  # the file by itself cannot tell
    finally:
        db.close()
    result = assert_caught(history, capsys, says="saw a different entry")
    assert result.witness in ("This computer", ) or result.witness.startswith("Backup ")


def test_15a_a_restore_from_an_older_backup_is_recorded_not_tampering(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    backup = backups.list_backups(history.parent / "backups")[0].path
    db = open_database(history)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
    finally:
        db.close()
    backups.restore_backup(backup, history, actor=admin)
    result, code, output = verify_both(history, capsys)
    assert result.ok and code == 0, output
    assert "records a restore from a backup" in output
    assert any("restore" in note for note in result.notes)


def test_15b_an_older_copy_put_in_place_without_a_restore(home: Path, db: Any, db_path: Path,
                                                          users: Users, tmp_path: Path,
                                                          capsys) -> None:  # type: ignore[no-untyped-def]
    _work(db, users, 1, tmp_path)
    db.close()
    old = tmp_path / "kept.crmdb"
    shutil.copyfile(db_path, old)
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            staff1 = accounts.login(s, "staff1", PASSWORD)
        with db.transaction() as s:
            customers.create(s, staff1, {"name": "后来的客户"})
    finally:
        db.close()
    shutil.copyfile(old, db_path)  # the rollback, by the file manager
    result = assert_caught(db_path, capsys, says="This computer saw entry")
    assert "older copy was put in its place" in result.reason


def test_16_a_copy_that_diverged_is_told_apart_from_a_truncated_original(
        home: Path, db: Any, db_path: Path, users: Users, tmp_path: Path,
        capsys) -> None:  # type: ignore[no-untyped-def]
    _work(db, users, 1, tmp_path)
    db.close()
    copy = tmp_path / "laptop" / "copy.crmdb"
    copy.parent.mkdir()
    shutil.copyfile(db_path, copy)
    conn = sqlite3.connect(db_path)
    fork = last_id(conn)
    conn.close()
    for path, name in ((db_path, "总部的客户"), (copy, "笔记本上的客户")):
        db = open_database(path)
        try:
            with db.transaction() as s:
                staff1 = accounts.login(s, "staff1", PASSWORD)
            with db.transaction() as s:
                customers.create(s, staff1, {"name": name})
        finally:
            db.close()
    for path, other in ((copy, db_path), (db_path, copy)):
        result, code, output = verify_both(path, capsys)
        assert result.ok and code == 0, output
        assert "have diverged" in output and str(other.resolve()) in output
        assert f"the same entries up to entry {fork}, different from entry {fork + 1}" \
            in output
    # the original cut short instead: its own witness disagrees, which is tampering
    conn = attack(db_path)
    conn.execute("DELETE FROM audit_log WHERE id > ?", (fork,))
    rehash(conn, fork + 1, {})
    done(conn)
    assert_caught(db_path, capsys, entry=fork + 1, says="This computer saw entry")


# ---------------------------------------------------------------------------
# Around the cases
# ---------------------------------------------------------------------------

def test_a_backup_alone_catches_truncation_on_another_computer(history: Path, tmp_path: Path,
                                                               monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """On a computer that never saw the file, the backup's manifest is the witness."""
    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "other-pc"))
    manifest = backups.list_backups(history.parent / "backups")[0].manifest
    assert manifest is not None and manifest.audit_head is not None
    cut = int(manifest.audit_head["id"]) - 2
    conn = attack(history)
    conn.execute("DELETE FROM audit_log WHERE id > ?", (cut,))
    rehash(conn, cut + 1, {})
    done(conn)
    result = assert_caught(history, capsys, entry=cut + 1)
    assert result.witness.startswith("Backup ")
    capsys.readouterr()
    assert cli.main(["--lang", "en", "audit", "verify", str(history), "--backup",
                     str(history.parent / "backups")]) == 2
    assert "Backup " in capsys.readouterr().err


def test_unsigned_entries_are_limited_to_failed_logins_and_the_like(history: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A wrong password is written unsigned (nobody is logged in) and verifies; an
    ordinary entry made unsigned does not."""
    db = open_database(history)
    try:
        with db.transaction() as s:
            with pytest.raises(Exception):  # noqa: B017 - AuthError
                accounts.login(s, "staff1", "wrong password")
    finally:
        db.close()
    result, code, _ = verify_both(history, capsys)
    assert result.ok and code == 0
    conn = attack(history)
    target = entry_ids(conn, action="reveal")[0]
    conn.execute("UPDATE audit_log SET signer_key_id = NULL, signature = NULL WHERE id = ?",
                 (target,))
    rehash(conn, target, {})
    done(conn)
    assert_caught(history, capsys, entry=target, says="it is not signed")


def test_the_witness_file_keeps_a_few_heads_per_file(history: Path, home: Path) -> None:
    data = json.loads((home / "config" / witnesses.STATE_FILE).read_text(encoding="utf-8"))
    (database,) = data["databases"].values()
    (kept,) = database.values()
    assert 2 <= len(kept["heads"]) <= witnesses.KEEP_RECENT + 12
    heads = [[n, hashlib.sha256(str(n).encode()).hexdigest(), "2026-01-01T00:00:00+00:00"]
             for n in range(1, 5000)]
    thinned = witnesses._thin(heads)
    assert len(thinned) <= witnesses.KEEP_RECENT + 13
    assert thinned[-1][0] == 4999 and thinned[0][0] == 1  # the newest and the oldest stay


def test_a_file_from_the_previous_release_is_signed_from_the_upgrade(home: Path,
                                                                     tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "crmdesk-0.1.0.crmdb"
    path = tmp_path / "old.crmdb"
    shutil.copy(data, path)
    try:
        db = open_database(path)
    except Exception as exc:  # noqa: BLE001 - the upgrade of that file is the lead's part
        pytest.skip(f"the 0.1.0 file does not open yet: {exc}")
    try:
        with db.session() as s:
            before = audit.head(s).id
        admin = _first_admin(db)
        with db.session() as s:
            result = audit.verify_chain(s)
            entries = audit.entries(s, admin, audit.AuditFilter(action=audit.SIGNED_ERA))
    finally:
        db.close()
    assert result.ok, result
    assert result.signed_from is not None and result.signed_from > before
    assert len(entries) == 1 and f"the {before} entries before" in entries[0].summary


def _first_admin(db: Any) -> Any:
    """Log in as the 0.1.0 file's administrator (as tests/unit/test_release_files.py does)."""
    with db.transaction() as s:
        return accounts.login(s, "admin", "release-0.1.0")


def test_every_command_leaves_its_witness(db_path: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line keeps this computer's witness itself (no hook installed here)."""
    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "pc"))
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    assert cli.main(["--lang", "en", "list", str(db_path), "customer", "--user", "staff1"]) == 0
    state = json.loads((tmp_path / "pc" / "config" / witnesses.STATE_FILE).read_text("utf-8"))
    conn = sqlite3.connect(db_path)
    top, digest = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"
                               ).fetchone()
    conn.close()
    (database,) = state["databases"].values()
    seen = database[witnesses.location_of(db_path)]["heads"]
    assert [top, digest] == seen[-1][:2]
