"""The stock commands as printed in the README: movements and levels as records,
imports, ``stock``, ``low-stock``, ``stocktake`` and ``locations``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]


def test_movements_levels_and_stocktake(run: Run, db_path: Path, tmp_path: Path) -> None:
    db = str(db_path)
    code, out, err = run("add", db, "warehouse", "name=上海仓", "--user", "admin")
    assert (code, out.strip()) == (0, "WH0001"), err
    code, out, err = run("add", db, "stock_movement", "kind=receipt", "product_id=P1",
                         "quantity=10", "unit_cost_cents=12.50", "--user", "admin")
    assert (code, out.strip()) == (0, "SM000001"), err
    code, out, err = run("add", db, "stock_movement", "kind=issue", "product_id=P1",
                         "quantity=11", "--user", "admin")
    assert code == 2 and "Not enough stock of P1" in err and "10 available" in err
    assert err.count("\n") == 1  # one line, no traceback
    code, out, err = run("edit", db, "stock_movement", "SM000001", "quantity=9", "--user",
                         "admin")
    assert code == 2 and "correction is a new movement" in err
    code, out, err = run("add", db, "stock_movement", "kind=receipt", "product_id=P1",
                         "quantity=1", "--user", "staff1")
    assert code == 2 and "manage warehouses" in err

    source = tmp_path / "opening.csv"
    source.write_text("产品编码,仓库,期初数量,成本\nP2,WH0001,5,20\n", encoding="utf-8")
    code, out, err = run("import", db, str(source), "--kind", "stock_level", "--user", "admin")
    assert code == 0 and "1 new" in out, err
    moves = tmp_path / "moves.csv"
    moves.write_text("类型,产品,数量,原因\n出库,P1,2,样品\n", encoding="utf-8")
    code, out, err = run("import", db, str(moves), "--kind", "stock_movements", "--user",
                         "admin")
    assert code == 0 and "1 new" in out, err

    code, out, err = run("stock", db, "--user", "staff1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split("\t") == ["P1", "标准版软件", "WH0001", "", "8", "0", "8", "12.50",
                                    "100.00"]
    assert lines[1].split("\t")[:7] == ["P2", "年度服务", "WH0001", "", "5", "0", "5"]
    assert lines[-1] == "2 stock levels, worth 200.00 in all."

    code, out, err = run("edit", db, "product", "1", "low_stock_level=9", "--user", "admin")
    assert code == 0, err
    code, out, err = run("low-stock", db, "--user", "admin")
    assert code == 0 and out.split("\t")[:4] == ["P1", "标准版软件", "8", "9"], (out, err)

    code, out, err = run("locations", db, "WH0001", "--add", "A-01", "--name", "货架A",
                         "--user", "admin")
    assert (code, out.strip()) == (0, "A-01\t货架A"), err

    sheet = tmp_path / "sheet.xlsx"
    code, out, err = run("stocktake", db, "--warehouse", "WH0001", "--out", str(sheet),
                         "--user", "admin")
    assert code == 0 and sheet.exists(), err
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    ws = book.active
    assert ws is not None
    assert [ws.cell(6, c).value for c in (1, 5)] == ["P1", 8]
    ws.cell(6, 6, 7)
    book.save(tmp_path / "filled.xlsx")
    code, out, err = run("stocktake", db, "--import", str(tmp_path / "filled.xlsx"),
                         "--user", "admin")
    assert code == 0 and out.splitlines()[0].split("\t") == ["P1", "标准版软件", "8", "7",
                                                             "-1"], err
    pdf = tmp_path / "sheet.pdf"
    code, out, err = run("stocktake", db, "--out", str(pdf), "--user", "admin")
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF"), err
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "Stocktake sheet" in text and "P1" in text and "WH0001" in text
    code, out, err = run("stocktake", db, "--user", "admin")
    assert code == 2 and "--out" in err
    code, out, err = run("stocktake", db, "--import", str(pdf), "--user", "admin")
    assert code == 2 and "not a workbook" in err
