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


# -- item 6: the command line takes its own README ---------------------------------

def test_values_starting_with_a_dash_and_global_options_anywhere(tmp_path: Path,
                                                                 demo: Path) -> None:
    path = tmp_path / "sort.crmdb"
    shutil.copyfile(demo, path)
    conn = sqlite3.connect(path)
    newest = conn.execute("SELECT code FROM customers ORDER BY created_at DESC, id DESC "
                          "LIMIT 1").fetchone()[0]
    conn.close()
    listed = crmdesk("list", str(path), "customer", "--sort", "-created_at", "--limit", "1",
                     "--user", "admin", "--lang", "en", password="demo1234", check=True)
    assert listed.stdout.splitlines()[1].split("\t")[0] == newest
    before = crmdesk("--user", "admin", "--lang", "en", "list", str(path), "customer",
                     "--sort", "-created_at", "--limit", "1", password="demo1234", check=True)
    assert before.stdout == listed.stdout
    out = tmp_path / "sorted.csv"
    crmdesk("export", str(path), str(out), "--sort", "-created_at", "--filter", "code~C",
            "--user", "admin", password="demo1234", check=True)
    assert newest in out.read_text(encoding="utf-8-sig").splitlines()[1]
    crmdesk("report", str(path), "customer-list", "--out", str(tmp_path / "r.pdf"),
            "--sort", "-created_at", "--user", "admin", password="demo1234", check=True)
    # a value that is an option stays an option: --sort without a value is a usage error
    missing = crmdesk("list", str(path), "customer", "--sort", "--user", "admin",
                      password="demo1234")
    assert missing.returncode == 2 and "--sort" in missing.stderr


def test_init_with_password_stdin_after_the_command_and_teams(tmp_path: Path) -> None:
    path = tmp_path / "new.crmdb"
    crmdesk("init", str(path), "--admin", "boss", "--password-stdin", stdin="secret-123\n",
            check=True)
    no_team = crmdesk("user", "add", str(path), "li", "--role", "staff", "--team", "销售一部",
                      "--user", "boss", "--password-stdin", stdin="secret-123\nlipass-12\n")
    assert no_team.returncode == 2
    assert "crmdesk user team-add" in no_team.stderr and "销售一部" in no_team.stderr
    assert len(no_team.stderr.strip().splitlines()) == 1
    crmdesk("user", "team-add", str(path), "销售一部", "--user", "boss", "--password-stdin",
            stdin="secret-123\n", check=True)
    crmdesk("user", "add", str(path), "li", "--role", "staff", "--team", "销售一部",
            "--user", "boss", "--password-stdin", stdin="secret-123\nlipass-12\n", check=True)
    crmdesk("setting", "set", str(path), "export.staff_max_rows", "50", "--user", "boss",
            password="secret-123", check=True)
    listing = crmdesk("user", "list", str(path), "--user", "boss", password="secret-123",
                      check=True)
    assert "li\tli\tstaff\t销售一部" in listing.stdout


# -- a command for every record operation ---------------------------------------------

def test_add_edit_show_delete_with_versions_and_json(tmp_path: Path, demo: Path) -> None:
    import json

    path = tmp_path / "records.crmdb"
    shutil.copyfile(demo, path)
    added = crmdesk("add", str(path), "customer", "name=测试客户", "mobile=13812345678",
                    "owner_id=staff1", "status=活跃", "kind=公司", "cf.vip_level=金卡",
                    "id_number=11010519491231002X", "--user", "manager", password="demo1234",
                    check=True)
    code = added.stdout.strip()
    assert code.startswith("C") and len(code.splitlines()) == 1
    shown = json.loads(crmdesk("show", str(path), "customer", code, "--json", "--user",
                               "manager", password="demo1234", check=True).stdout)
    assert shown["version"] == 1 and shown["raw"]["status"] == "active"
    assert shown["raw"]["kind"] == "company" and shown["raw"]["mobile"] == "+8613812345678"
    assert shown["fields"]["owner_id"] != "" and isinstance(shown["raw"]["owner_id"], int)
    assert shown["custom"]["vip_level"] == "金卡"
    assert shown["fields"]["id_number"].endswith("002X") and "*" in shown["fields"]["id_number"]
    edited = crmdesk("edit", str(path), "customer", code, "city=上海市", "--if-version", "1",
                     "--user", "manager", password="demo1234", check=True)
    assert "version 2" in edited.stdout
    stale = crmdesk("edit", str(path), "customer", code, "city=北京市", "--if-version", "1",
                    "--user", "manager", password="demo1234")
    assert stale.returncode == 2 and "Someone else saved" in stale.stderr
    text = crmdesk("show", str(path), "customer", code, "--user", "manager",
                   password="demo1234", check=True).stdout
    assert "version\t2" in text and "city\t上海市" in text
    # staff cannot edit or delete another's customer; a bad value names the field
    other = crmdesk("edit", str(path), "customer", code, "city=北京市", "--user", "staff2",
                    password="demo1234")
    assert other.returncode == 2 and "not yours to see" in other.stderr
    bad = crmdesk("edit", str(path), "customer", code, "email=not-an-address", "--user",
                  "manager", password="demo1234")
    assert bad.returncode == 2 and "e-mail" in bad.stderr
    unknown = crmdesk("edit", str(path), "customer", code, "__class__=x", "--user", "manager",
                      password="demo1234")
    assert unknown.returncode == 2 and "no field __class__" in unknown.stderr
    nobody = crmdesk("add", str(path), "task", "title=回访", "assignee_id=nobody",
                     "--user", "manager", password="demo1234")
    assert nobody.returncode == 2 and "nobody" in nobody.stderr
    task = crmdesk("add", str(path), "task", f"title=回访{code}", f"customer_id={code}",
                   "due_at=2030-05-01", "done=否", "--user", "staff1", password="demo1234",
                   check=True).stdout.strip()
    assert task.isdigit()
    crmdesk("edit", str(path), "task", task, "done=是", "--user", "staff1",
            password="demo1234", check=True)
    tasks = json.loads(crmdesk("list", str(path), "task", "--filter", f"id={task}", "--json",
                               "--user", "staff1", password="demo1234", check=True).stdout)
    assert tasks["total"] == 1 and tasks["records"][0]["raw"]["done"] is True
    deleted = crmdesk("delete", str(path), "customer", code, "--user", "staff2",
                      password="demo1234")
    assert deleted.returncode == 2
    crmdesk("delete", str(path), "customer", code, "--user", "manager", password="demo1234",
            check=True)
    gone = crmdesk("show", str(path), "customer", code, "--user", "manager",
                   password="demo1234")
    assert gone.returncode == 2
    bin_list = crmdesk("recycle", "list", str(path), "--user", "admin", password="demo1234",
                       check=True)
    assert code in bin_list.stdout
    actions = crmdesk("audit", "list", str(path), "--user", "admin", "--entity", "customer",
                      password="demo1234", check=True).stdout
    assert all(a in actions for a in ("create", "update", "delete"))


def test_list_and_search_json_and_money_in_yuan(demo: Path) -> None:
    import json

    conn = sqlite3.connect(demo)
    number, cents = conn.execute("SELECT number, total_cents FROM orders WHERE total_cents > 0 "
                                 "ORDER BY id LIMIT 1").fetchone()
    name, code = conn.execute("SELECT name, code FROM customers WHERE kind='individual' "
                              "ORDER BY id LIMIT 1").fetchone()
    conn.close()
    listed = json.loads(crmdesk("list", str(demo), "order", "--filter", f"number={number}",
                                "--json", "--user", "admin", password="demo1234",
                                check=True).stdout)
    record = listed["records"][0]
    assert record["raw"]["total_cents"] == cents
    assert record["fields"]["total_cents"] == f"{cents // 100}.{cents % 100:02d}"
    text = crmdesk("list", str(demo), "order", "--filter", f"number={number}", "--user",
                   "admin", password="demo1234", check=True).stdout
    assert f"{cents // 100}.{cents % 100:02d}" in text and f"\t{cents}\t" not in text
    hits = json.loads(crmdesk("search", str(demo), name, "--json", "--user", "admin",
                              password="demo1234", check=True).stdout)
    assert hits["query"] == name
    assert any(h["code"] == code and h["kind"] == "customer" for h in hits["hits"])
