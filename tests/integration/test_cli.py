"""The command line as a user runs it: a subprocess, real files, exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def crmdesk(*args: str, password: str | None = None, stdin: str | None = None,
            check: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LANG="en_US.UTF-8")
    env.pop("CRMDESK_PASSWORD", None)
    if password is not None:
        env["CRMDESK_PASSWORD"] = password
    result = subprocess.run([sys.executable, "-m", "crmdesk", *args], capture_output=True,
                            text=True, env=env, input=stdin, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.crmdb"
    result = crmdesk("demo", str(path), "--customers", "300", "--seed", "3", check=True)
    assert "demo1234" in result.stdout
    return path


def test_demo_is_sound_and_has_no_plaintext_secrets(demo: Path) -> None:
    conn = sqlite3.connect(demo)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("customers", "contacts", "interactions", "opportunities", "orders",
                        "tickets", "tasks", "users")}
    stages = {r[0] for r in conn.execute("SELECT DISTINCT stage FROM opportunities")}
    with_id = conn.execute("SELECT count(*) FROM customers WHERE id_number_enc IS NOT NULL"
                           ).fetchone()[0]
    conn.close()
    assert counts["customers"] == 300 and counts["users"] == 4
    assert all(counts[t] > 0 for t in counts)
    assert stages == {"potential", "intent", "negotiation", "won", "lost"}
    assert with_id > 10
    # the demo's ID numbers and accounts read back through the service (admin) ...
    shown = crmdesk("list", str(demo), "customer", "--user", "admin", "--limit", "300",
                    password="demo1234", check=True)
    assert shown.stdout.count("\n") > 300
    # ... but no plaintext of them is anywhere in the file
    from crmdesk.core.services import accounts
    from crmdesk.core.services.customers import customers
    from crmdesk.storage.database import open_database

    db = open_database(demo)
    with db.transaction() as s:
        admin = accounts.login(s, "admin", "demo1234")
        from sqlalchemy import select

        from crmdesk.core.models import Customer
        rows = s.execute(select(Customer).where(Customer.id_number_enc.is_not(None))).scalars()
        secrets = [customers.plaintext(admin, c, "id_number") for c in rows]
        rows = s.execute(select(Customer).where(Customer.bank_account_enc.is_not(None))).scalars()
        secrets += [customers.plaintext(admin, c, "bank_account") for c in rows]
        raw = demo.read_bytes()
        wal = Path(f"{demo}-wal")
        if wal.exists():
            raw += wal.read_bytes()
    db.close()
    assert len(secrets) > 20
    for secret in secrets:
        assert secret and secret.encode() not in raw


def test_info_refuses_bad_files_and_leaves_them_untouched(tmp_path: Path, demo: Path) -> None:
    text = tmp_path / "notes.crmdb"
    text.write_text("客户名单\n张三 13812345678\n" * 40, encoding="utf-8")
    truncated = tmp_path / "truncated.crmdb"
    truncated.write_bytes(demo.read_bytes()[: demo.stat().st_size // 3])
    future = tmp_path / "future.crmdb"
    shutil.copyfile(demo, future)
    conn = sqlite3.connect(future)
    conn.execute("UPDATE alembic_version SET version_num = '9000_from_the_future'")
    conn.commit()
    conn.close()
    for path, words in ((text, "not a crmdesk database"), (truncated, "damaged"),
                        (future, "newer version of crmdesk")):
        before = digest(path)
        result = crmdesk("info", str(path))
        assert result.returncode == 2
        assert words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert digest(path) == before
        assert not Path(f"{path}-wal").exists()
    ok = crmdesk("info", str(demo), check=True)
    assert "customers\t300" in ok.stdout


def test_init_and_users(tmp_path: Path) -> None:
    path = tmp_path / "shop.crmdb"
    crmdesk("--password-stdin", "init", str(path), "--admin", "boss", stdin="secret-123\n",
            check=True)
    crmdesk("--password-stdin", "user", "add", str(path), "wang", "--role", "staff",
            "--user", "boss", stdin="secret-123\nwangpass-1\n", check=True)
    listing = crmdesk("user", "list", str(path), "--user", "boss", password="secret-123",
                      check=True)
    assert "wang\twang\tstaff" in listing.stdout
    short = crmdesk("--password-stdin", "user", "add", str(path), "li", "--role", "staff",
                    "--user", "boss", stdin="secret-123\nshort\n")
    assert short.returncode == 2 and "at least 8" in short.stderr
    denied = crmdesk("--password-stdin", "user", "add", str(path), "zhao", "--role", "staff",
                     "--user", "wang", stdin="wangpass-1\nzhaopass-1\n")
    assert denied.returncode == 2 and "administer users" in denied.stderr


def test_lockout_and_unlock_from_the_command_line(tmp_path: Path, demo: Path) -> None:
    path = tmp_path / "lock.crmdb"
    shutil.copyfile(demo, path)
    for n in range(4):
        wrong = crmdesk("list", str(path), "customer", "--user", "staff1", password="nope-nope")
        assert wrong.returncode == 2 and f"{4 - n} more wrong attempts" in wrong.stderr
    locked = crmdesk("list", str(path), "customer", "--user", "staff1", password="nope-nope")
    assert "locked until" in locked.stderr and "administrator" in locked.stderr
    still = crmdesk("list", str(path), "customer", "--user", "staff1", password="demo1234")
    assert still.returncode == 2 and "locked" in still.stderr
    crmdesk("user", "unlock", str(path), "staff1", "--user", "admin", password="demo1234",
            check=True)
    crmdesk("list", str(path), "customer", "--user", "staff1", password="demo1234", check=True)


def test_staff_cannot_reach_other_customers(tmp_path: Path, demo: Path) -> None:
    conn = sqlite3.connect(demo)
    (theirs_code, theirs_name), = conn.execute(
        "SELECT c.code, c.name FROM customers c JOIN users u ON u.id = c.owner_id "
        "WHERE u.username = 'staff2' AND c.kind = 'individual' LIMIT 1").fetchall()
    mine = conn.execute("SELECT count(*) FROM customers c JOIN users u ON u.id = c.owner_id "
                        "WHERE u.username = 'staff1'").fetchone()[0]
    team = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    conn.close()
    listed = crmdesk("list", str(demo), "customer", "--user", "staff1", "--limit", "100000",
                     password="demo1234", check=True)
    assert listed.stdout.count("\n") == mine + 1  # header + own customers
    assert theirs_code not in listed.stdout
    shown = crmdesk("show", str(demo), "customer", theirs_code, "--user", "staff1",
                    password="demo1234")
    assert shown.returncode == 2 and "not yours to see" in shown.stderr
    found = crmdesk("search", str(demo), theirs_name, "--user", "staff1", password="demo1234")
    assert theirs_code not in found.stdout
    # the manager sees the whole team (both staff are in it)
    manager = crmdesk("list", str(demo), "customer", "--user", "manager", "--limit", "100000",
                      password="demo1234", check=True)
    assert manager.stdout.count("\n") == team + 1
    seen = crmdesk("search", str(demo), theirs_name, "--user", "staff2", password="demo1234",
                   check=True)
    assert theirs_code in seen.stdout


def test_search_prints_one_hit_a_line(demo: Path) -> None:
    conn = sqlite3.connect(demo)
    name, code, mobile = conn.execute(
        "SELECT name, code, mobile FROM customers WHERE kind='individual' AND mobile IS NOT NULL "
        "AND owner_id = (SELECT id FROM users WHERE username='staff1') LIMIT 1").fetchone()
    conn.close()
    result = crmdesk("search", str(demo), name, "--user", "staff1", password="demo1234",
                     check=True)
    first = result.stdout.splitlines()[0].split("\t")
    assert first[0] == "customer" and first[1] == code and first[2] == name
    assert first[3].replace(" ", "") == mobile[3:]
    by_phone = crmdesk("search", str(demo), mobile[-8:], "--user", "staff1",
                       password="demo1234", check=True)
    assert code in by_phone.stdout


def test_audit_verify_names_the_edited_entry(tmp_path: Path, demo: Path) -> None:
    path = tmp_path / "audit.crmdb"
    shutil.copyfile(demo, path)
    good = crmdesk("audit", "verify", str(path), check=True)
    assert "intact" in good.stdout
    if shutil.which("sqlite3"):  # the way an attacker with the file would do it
        subprocess.run(["sqlite3", str(path),
                        "DROP TRIGGER audit_log_append_only_update; "
                        "UPDATE audit_log SET summary = 'nothing to see' WHERE id = 3;"],
                       check=True)
    else:
        _edit_with_python(path)
    bad = crmdesk("audit", "verify", str(path))
    assert bad.returncode == 2
    assert "entry 3" in bad.stderr


def _edit_with_python(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("UPDATE audit_log SET summary = 'nothing to see' WHERE id = 3")
    conn.commit()
    conn.close()


def test_errors_are_one_line_and_translated(tmp_path: Path) -> None:
    missing = crmdesk("--lang", "zh_CN", "info", str(tmp_path / "nope.crmdb"))
    assert missing.returncode == 2
    assert "不存在" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    no_user = crmdesk("list", str(tmp_path / "nope.crmdb"), "customer")
    assert no_user.returncode == 2 and "--user" in no_user.stderr
