"""Import and export end to end: the command line, real files, LibreOffice, a killed import."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import psutil
import pytest
from python_calamine import CalamineWorkbook

from crmdesk.core.demo import build_demo
from crmdesk.core.fields import fields_of
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import ListQuery
from crmdesk.exchange import exporter, importer
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source
from crmdesk.storage.database import open_database

PASSWORD = "demo1234"


def crmdesk(*args: str, stdin: str | None = None, check: bool = False
            ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CRMDESK_PASSWORD": PASSWORD, "LANG": "en_US.UTF-8"}
    return subprocess.run([sys.executable, "-m", "crmdesk", "--lang", "en", *args],
                          capture_output=True, text=True, env=env, input=stdin, check=check,
                          timeout=300)


def login(db: Any, name: str = "admin") -> Any:
    with db.transaction() as s:
        return accounts.login(s, name, PASSWORD)


def sheet_values(path: Path, sheet: int = 0) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(sheet).to_python()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.crmdb"
    build_demo(path, customers=300, seed=3)
    return path


@pytest.fixture
def demo_copy(demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "shop.crmdb"
    shutil.copyfile(demo, path)
    return path


@pytest.mark.slow
def test_round_trip_of_10000_customers(tmp_path: Path) -> None:
    first = tmp_path / "first.crmdb"
    build_demo(first, customers=10_000, related=False, seed=11)
    columns = ["code", *(s.key for s in fields_of("customer") if s.editable and not s.sensitive),
               "created_at", "cf.vip_level", "cf.contract_no"]
    request = exporter.ExportRequest("customer", ListQuery(sort=[("code", False)]), columns)
    exported = tmp_path / "first.xlsx"
    db = open_database(first)
    try:
        assert exporter.export(db, login(db), request, exported).rows == 10_000
    finally:
        db.close()

    second = tmp_path / "second.crmdb"
    build_demo(second, customers=0, seed=11)  # the same users and custom fields, no customers
    db = open_database(second)
    try:
        admin = login(db)
        source = open_source(exported)
        with db.session() as s:
            from crmdesk.core.services import custom_fields

            mapping = guess_mapping("customer", source.headers,
                                    custom_fields.definitions(s, "customer"))
        assert set(mapping.columns.values()) == set(columns)
        # the demo file has customers that look alike (companies drawn from a pool of
        # names): import them all as they are
        result = importer.run_import(db, admin, source, mapping, importer.ImportOptions(
            mode="all-or-nothing", duplicates="create"))
        assert result.committed and result.created == 10_000, result.problems[:5]
        again = tmp_path / "second.xlsx"
        exporter.export(db, admin, request, again)
        with db.session() as s:
            assert audit.verify_chain(s).ok
    finally:
        db.close()
    before, after = sheet_values(exported), sheet_values(again)
    assert len(before) == 10_001
    assert before[0] == after[0]
    for n, (a, b) in enumerate(zip(before, after, strict=True)):
        assert a == b, f"row {n + 1} differs"


def test_export_opens_in_libreoffice_with_the_same_values(demo_copy: Path,
                                                          tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    db = open_database(demo_copy)
    try:
        admin = login(db)
        for entity in ("customer", "order"):
            request = exporter.ExportRequest(entity, columns=["all"] if entity == "customer"
                                             else None)
            exporter.export(db, admin, request, tmp_path / f"{entity}.xlsx")
            exporter.export(db, admin, request, tmp_path / f"{entity}.csv")
    finally:
        db.close()
    out = tmp_path / "lo"
    for entity in ("customer", "order"):
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                        "--outdir", str(out), str(tmp_path / f"{entity}.xlsx")],
                       check=True, capture_output=True, timeout=240)
        theirs = list(csv.reader((out / f"{entity}.csv").read_text("utf-8").splitlines()))
        ours = list(csv.reader((tmp_path / f"{entity}.csv").read_text("utf-8-sig")
                               .splitlines()))
        assert len(theirs) == len(ours) > 100
        assert theirs[0] == ours[0]
        for line_theirs, line_ours in zip(theirs[1:], ours[1:], strict=True):
            assert [_normal(v) for v in line_theirs] == [_normal(v) for v in line_ours]


def _normal(value: str) -> str:
    """LibreOffice writes cells as formatted: 1,234.50 and 2024-05-01 10:30."""
    text = value.strip()
    if text.replace(",", "").replace(".", "").isdigit() and "," in text:
        text = text.replace(",", "")
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


def test_killing_an_import_leaves_the_database_unchanged(demo_copy: Path,
                                                         tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["姓名", "手机", "邮箱", "城市"])
        big_rows = range(60_000)
        for n in big_rows:
            out.writerow([f"导入客户{n}", f"139{n:08d}", f"import{n}@example.com", "北京市"])
    with sqlite3.connect(demo_copy) as conn:
        before = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
        audit_before = conn.execute("SELECT count(*) FROM audit_log WHERE action != 'login'"
                                    ).fetchone()[0]
    env = {**os.environ, "CRMDESK_PASSWORD": PASSWORD}
    child = subprocess.Popen(
        [sys.executable, "-m", "crmdesk", "--lang", "en", "-v", "import", str(demo_copy),
         str(big), "--user", "admin", "--mode", "valid-rows", "--duplicates", "create"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert child.stderr is not None
    written = False
    deadline = time.monotonic() + 240
    for line in child.stderr:
        if line.startswith("Importing the rows: "):  # "...: 10%", or "...: 6,000" rows
            shown = line.rsplit(": ", 1)[1].strip()
            rows = (len(big_rows) * int(shown[:-1]) // 100 if shown.endswith("%")
                    else int(shown.replace(",", "")))
            if rows >= 6000:
                written = True  # three batches are in the open transaction
                break
        assert time.monotonic() < deadline
    assert written, "the import did not get going"
    wal = Path(f"{demo_copy}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # it really was writing
    helpers = psutil.Process(child.pid).children(recursive=True)  # the row checker
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stderr.close()
    _, alive = psutil.wait_procs(helpers, timeout=15)
    assert alive == [], "a helper process outlived the killed import"
    with sqlite3.connect(demo_copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == before
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action != 'login'"
                            ).fetchone()[0] == audit_before  # the login before it stays
    db = open_database(demo_copy)
    try:
        with db.session() as s:
            assert audit.verify_chain(s).ok
    finally:
        db.close()


def test_import_from_the_command_line(demo_copy: Path, tmp_path: Path) -> None:
    gbk = tmp_path / "客户名单.csv"
    rows = [["客户名称", "手机", "电子邮箱", "身份证号", "所属行业"]]
    rows += [[f"新客户{n}", f"1370000{n:04d}", f"new{n}@example.com", None, "制造业"]
             for n in range(1, 15)]
    rows[6][2] = "bad@"  # sheet row 7
    rows[11][3] = "110105198001010011"  # sheet row 12
    with gbk.open("w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows(rows)
    report = tmp_path / "errors.xlsx"
    refused = crmdesk("import", str(demo_copy), str(gbk), "--user", "staff1", "--report",
                      str(report))
    assert refused.returncode == 2
    assert "row 7, 电子邮箱 (bad@)" in refused.stderr
    assert "row 12, 身份证号 (110105198001010011)" in refused.stderr
    assert "Nothing was imported: 2 of 14 rows have problems" in refused.stderr
    lines = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert [line[0] for line in lines[1:]] == [7, 12]

    dry = crmdesk("import", str(demo_copy), str(gbk), "--user", "staff1", "--dry-run",
                  "--mode", "valid-rows")
    assert dry.returncode == 2 and "Checked 14 rows: 12 can be imported" in dry.stdout
    assert "column 客户名称 -> Name" in dry.stderr

    mapping = tmp_path / "mapping.json"
    done = crmdesk("import", str(demo_copy), str(gbk), "--user", "staff1", "--mode",
                   "valid-rows", "--save-mapping", str(mapping))
    assert done.returncode == 0, done.stderr
    assert "Imported 12 of 14 rows" in done.stdout
    again = crmdesk("import", str(demo_copy), str(gbk), "--user", "staff1", "--mode",
                    "valid-rows", "--mapping", str(mapping))
    assert "12 duplicates skipped" in again.stdout

    out = tmp_path / "mine.xlsx"
    exported = crmdesk("export", str(demo_copy), str(out), "--kind", "customers", "--user",
                       "staff1", "--filter", "industry=制造业", "--text", "新客户",
                       "--columns", "name,mobile", "--sort=-name")
    assert exported.returncode == 0, exported.stderr
    values = sheet_values(out)
    assert values[0] == ["Name", "Mobile"] and len(values) == 13
    assert values[1][0] == "新客户9" and values[1][1] == "13700000009"
    too_many = crmdesk("export", str(demo_copy), str(tmp_path / "all.csv"), "--user", "staff1")
    assert too_many.returncode == 2 and "at most 100 records" in too_many.stderr


def test_duplicates_from_the_command_line(demo_copy: Path) -> None:
    listed = crmdesk("duplicates", str(demo_copy), "--user", "manager", "--limit", "3")
    assert listed.returncode == 0, listed.stderr
    first = listed.stdout.splitlines()[0].split("\t")
    codes = [part.split()[0] for part in first[2].split(" | ")]
    assert len(codes) >= 2
    merged = crmdesk("duplicates", str(demo_copy), "--user", "manager", "--merge", *codes[:2],
                     "--keep", f"name={codes[1]}")
    assert merged.returncode == 0, merged.stderr
    merge_id = merged.stdout.split("(merge ")[1].split(";")[0]
    gone = crmdesk("show", str(demo_copy), "customer", codes[1], "--user", "manager")
    assert gone.returncode == 2
    undone = crmdesk("duplicates", str(demo_copy), "--user", "manager", "--undo", merge_id)
    assert undone.returncode == 0 and f"{codes[1]} is back" in undone.stdout
    assert crmdesk("show", str(demo_copy), "customer", codes[1], "--user",
                   "manager").returncode == 0
    refused = crmdesk("duplicates", str(demo_copy), "--user", "staff1", "--merge", *codes[:2])
    assert refused.returncode == 2 and "may not merge customers" in refused.stderr


def test_not_duplicates_from_the_command_line(demo_copy: Path) -> None:
    def groups() -> list[str]:
        listed = crmdesk("duplicates", str(demo_copy), "--user", "manager", "--limit", "1000")
        assert listed.returncode == 0, listed.stderr
        return [line.split("\t")[2] for line in listed.stdout.splitlines() if "\t" in line]

    before = groups()
    first = [part.split()[0] for part in before[0].split(" | ")]
    apart = crmdesk("duplicates", str(demo_copy), "--user", "manager", "--not-duplicates",
                    *first)
    assert apart.returncode == 0 and "marked as not duplicates" in apart.stdout, apart.stderr
    after = groups()
    assert before[0] not in after and len(after) == len(before) - 1
    again = crmdesk("duplicates", str(demo_copy), "--user", "manager", "--maybe-duplicates",
                    *first)
    assert again.returncode == 0, again.stderr
    assert groups() == before
    refused = crmdesk("duplicates", str(demo_copy), "--user", "staff1", "--not-duplicates",
                      *first)
    assert refused.returncode == 2
