"""Suppliers and purchase orders at the command line: add/list/show/edit, ``purchase``
(line, lines, order, receive, cancel, history), import of suppliers, and clear
errors (exit 2, one line)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any


def _setup(run: Any, db: str) -> None:
    code, out, err = run("add", db, "supplier", "name=华东电子", "contact_name=周工",
                         "phone=021-62345678", "payment_terms_days=30", "--user", "manager")
    assert code == 0 and out.strip() == "SUP0001", err
    code, out, err = run("add", db, "purchase_order", "supplier_id=华东电子",
                         "expected_date=2030-01-15", "--user", "manager")
    assert code == 0 and out.strip() == "PO000001", err


def test_purchase_order_from_the_command_line(run, db_path) -> None:  # type: ignore[no-untyped-def]
    db = str(db_path)
    _setup(run, db)
    code, out, err = run("purchase", "line", db, "PO000001", "--product", "P1",
                         "--quantity", "10", "--cost", "12.50", "--user", "manager")
    assert code == 0 and out.split() == ["PO000001", "125.00"], err
    code, out, err = run("purchase", "line", db, "PO000001", "--product", "P2",
                         "--quantity", "2", "--cost", "100", "--user", "manager")
    assert code == 0, err
    code, out, _ = run("purchase", "lines", db, "PO000001", "--user", "manager")
    assert [line.split("\t")[:6] for line in out.splitlines()] == [
        ["1", "P1", "标准版软件", "10", "0", "10"], ["2", "P2", "年度服务", "2", "0", "2"]]
    # receiving a draft: refused, saying what to do
    code, out, err = run("purchase", "receive", db, "PO000001", "--user", "manager")
    assert code == 2 and "mark it as ordered first" in err and len(err.strip().splitlines()) == 1
    code, out, err = run("purchase", "order", db, "PO000001", "--user", "manager")
    assert code == 0 and "Ordered" in out, err
    code, out, err = run("purchase", "receive", db, "PO000001", "--line", "P1=4",
                         "--reference", "SH-001", "--user", "manager")
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0][:3] == ["标准版软件", "4", "12.50"] and lines[0][3].startswith("SM")
    assert lines[-1][1] == "Partly received"
    code, out, err = run("purchase", "receive", db, "PO000001", "--line", "1=7",
                         "--user", "manager")
    assert code == 2 and "only 6" in err
    code, out, err = run("purchase", "cancel", db, "PO000001", "--user", "manager")
    assert code == 2 and "cannot be cancelled" in err
    code, out, err = run("purchase", "receive", db, "PO000001", "--user", "manager")
    assert code == 0 and out.splitlines()[-1].split("\t")[1] == "Received", err
    code, out, _ = run("list", db, "purchase_order", "--filter", "status=received",
                       "--user", "staff1")
    assert code == 0 and "PO000001" in out and "华东电子" in out
    code, out, _ = run("show", db, "purchase_order", "PO000001", "--user", "staff1")
    assert code == 0 and "Received" in out and "325.00" in out
    code, out, _ = run("purchase", "history", db, "SUP0001", "--user", "staff1")
    assert out.split("\t")[0] == "PO000001" and "325.00" in out


def test_errors_are_one_line_with_exit_2(run, db_path) -> None:  # type: ignore[no-untyped-def]
    db = str(db_path)
    _setup(run, db)
    code, _, err = run("add", db, "supplier", "name=别家", "--user", "staff1")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = run("add", db, "purchase_order", "supplier_id=没有这家", "--user", "manager")
    assert code == 2 and "no supplier" in err
    code, _, err = run("purchase", "line", db, "PO000001", "--product", "NOPE",
                       "--user", "manager")
    assert code == 2 and "NOPE" in err
    code, _, err = run("purchase", "receive", db, "PO000001", "--line", "x", "--user",
                       "manager")
    assert code == 2 and "LINE=QUANTITY" in err
    code, _, err = run("edit", db, "purchase_order", "PO000001", "expected_date=2020-01-01",
                       "order_date=2021-01-01", "--user", "manager")
    assert code == 2 and "before the order date" in err
    code, _, err = run("purchase", "order", db, "PO000001", "--user", "manager")
    assert code == 2 and "no lines" in err


def test_import_suppliers(run, db_path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(db_path)
    source = tmp_path / "suppliers.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["供应商名称", "联系人", "电话", "税号", "账期"])
        writer.writerow(["苏州精密五金", "周工", "0512-62345678", "91320500MA1XXXXX0", "45"])
        writer.writerow(["杭州包装材料", "钱经理", "0571-87654321", "", "30"])
    code, out, err = run("import", db, str(source), "--kind", "suppliers", "--user", "manager")
    assert code == 0, err
    code, out, _ = run("list", db, "supplier", "--user", "staff1")
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert [r[:3] for r in rows] == [["SUP0001", "苏州精密五金", "周工"],
                                     ["SUP0002", "杭州包装材料", "钱经理"]]
    code, out, _ = run("show", db, "supplier", "SUP0001", "--user", "staff1")
    assert "45" in out and "91320500MA1XXXXX0" in out
    # the same file again: the suppliers are known by name (skipped, or updated)
    code, out, err = run("import", db, str(source), "--kind", "supplier", "--user", "manager")
    assert code == 0, err
    code, out, _ = run("list", db, "supplier", "--user", "staff1")
    assert len(out.splitlines()) == 3
    code, _, err = run("import", db, str(source), "--kind", "supplier", "--user", "staff1")
    assert code == 2


def test_readme_example(run, db_path) -> None:  # type: ignore[no-untyped-def]
    """The README's purchasing lines, as printed (boss: admin, wang: manager)."""
    db = str(db_path)
    lines = [
        ("add", db, "product", "code=A4", "name=复印纸", "unit=箱", "--user", "admin"),
        ("add", db, "supplier", "name=苏州精密五金", "contact_name=周工", "phone=0512-62345678",
         "--user", "admin"),
        ("add", db, "purchase_order", "supplier_id=SUP0001", "expected_date=2030-05-20",
         "--user", "admin"),
        ("purchase", "line", db, "PO000001", "--product", "A4", "--quantity", "10", "--cost",
         "12.50", "--user", "admin"),
        ("purchase", "order", db, "PO000001", "--user", "admin"),
        ("purchase", "receive", db, "PO000001", "--line", "1=4", "--reference", "SH-001",
         "--user", "admin"),
        ("purchase", "lines", db, "PO000001", "--user", "manager"),
        ("purchase", "history", db, "SUP0001", "--user", "manager"),
    ]
    outputs = []
    for argv in lines:
        code, out, err = run(*argv)
        assert code == 0, (argv, err)
        outputs.append(out)
    assert outputs[1].strip() == "SUP0001" and outputs[2].strip() == "PO000001"
    assert outputs[6].split("\t")[:6] == ["1", "A4", "复印纸", "10", "4", "6"]
    assert outputs[7].startswith("PO000001\t")
    code, out, _ = run("calendar", db, "--from", "2030-05-20", "--to", "2030-05-20",
                       "--user", "admin")
    assert "purchase_order\tPO000001\tPO000001 苏州精密五金" in out
