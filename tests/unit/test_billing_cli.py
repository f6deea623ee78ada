"""Quotes, invoices and payments at the command line (issue 16, part D): the record
commands work on the three kinds, a quote becomes an order, the order is shipped
(``crmdesk ship``), invoiced and paid; the documents print as PDF with the company's
header (checked by text extraction); errors are one line and exit 2."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def _text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_quote_to_cash_at_the_command_line(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    for key, value in (("company_name", "杭州云帆科技有限公司"),
                       ("company.address", "杭州市西湖区文三路 90 号"),
                       ("company.tax_number", "91330106MA2XXXXX1X"),
                       ("company.bank", "招商银行杭州分行 5719 0000 0001"),
                       ("vat.default_rate", "13")):
        assert run("setting", "set", f, key, value, "--user", "admin")[0] == 0
    rc, code, err = run("add", f, "customer", "name=宁波海曙贸易公司", "kind=company",
                        "city=宁波市", "--user", "staff1")
    assert rc == 0, err
    customer = code.strip()
    rc, out, err = run("add", f, "quote", f"customer_id={customer}", "--user", "staff1")
    assert (rc, out.strip()) == (0, "QT000001"), err
    rc, out, err = run("quote", "line", f, "QT000001", "--description", "上门安装调试",
                       "--quantity", "2", "--price", "450.50", "--user", "staff1")
    assert rc == 0, err
    # 2 x 450.50 = 901.00, VAT 13 % = 117.13
    assert out.split() == ["QT000001", "901.00", "117.13", "1018.13"]
    rc, out, _ = run("quote", "lines", f, "QT000001", "--user", "staff1")
    assert "上门安装调试\t2\t450.50\t901.00\t13%\t117.13" in out
    rc, out, _ = run("list", f, "quote", "--user", "staff1")
    assert "QT000001" in out and "1018.13" in out

    rc, out, err = run("quote", "order", f, "QT000001", "--user", "staff1")
    assert rc == 0, err
    order = out.split()[0]
    assert order.startswith("SO")
    rc, out, err = run("invoice", "issue", f, order, "--user", "staff1")
    assert rc == 2 and "nothing delivered" in err and err.count("\n") == 1
    rc, out, err = run("ship", f, order, "--user", "staff1")
    assert rc == 0, err
    rc, out, err = run("invoice", "issue", f, order, "--date", "2031-05-06", "--user",
                       "staff1")
    assert rc == 0, err
    assert out.split() == ["INV000001", "901.00", "117.13", "1018.13", "2031-06-05"]

    rc, out, err = run("payment", "record", f, customer, "--amount", "1000", "--method",
                       "微信", "--reference", "微信转账 0506", "--user", "staff1")
    assert rc == 0, err
    assert out.splitlines() == ["PM000001\t0.00", "INV000001\t1000.00\tpartial"]
    rc, out, err = run("payment", "record", f, customer, "--amount", "50", "--user", "staff1")
    assert out.splitlines() == ["PM000002\t31.87", "INV000001\t18.13\tpaid"]
    rc, out, _ = run("list", f, "payment", "--filter", "unallocated_cents>0", "--user",
                     "staff1")
    assert "PM000002" in out and "PM000001" not in out
    rc, out, _ = run("show", f, "invoice", "INV000001", "--user", "staff1")
    assert "paid" in out.lower() and order in out
    rc, out, _ = run("list", f, "order", "--user", "staff1")
    assert "Completed" in out

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    pdf = tmp_path / "invoice.pdf"
    rc, out, err = run("report", f, "invoice-document", "--out", str(pdf), "--record",
                       "INV000001",
                       "--user", "staff1")
    assert rc == 0, err
    text = _text_of(pdf)
    for expected in ("杭州云帆科技有限公司", "杭州市西湖区文三路", "91330106MA2XXXXX1X",
                     "INV000001", "宁波海曙贸易公司", "上门安装调试", "901.00", "117.13",
                     "1,018.13", "招商银行杭州分行", order):
        assert expected in text, expected
    quote_pdf = tmp_path / "quote.pdf"
    assert run("report", f, "quote-document", "--out", str(quote_pdf), "--record", "QT000001",
               "--user", "staff1")[0] == 0
    assert "QT000001" in _text_of(quote_pdf) and "1,018.13" in _text_of(quote_pdf)
    order_pdf = tmp_path / "order.pdf"
    assert run("report", f, "order-document", "--out", str(order_pdf), "--record", order,
               "--user", "staff1")[0] == 0
    assert order in _text_of(order_pdf)
    note_pdf = tmp_path / "delivery.pdf"
    rc, out, err = run("report", f, "delivery-document", "--out", str(note_pdf), "--record",
                       "DN000001", "--user", "staff1")
    assert rc == 0, err
    note = _text_of(note_pdf)
    assert "DN000001" in note and "上门安装调试" in note and "1,018.13" not in note


def test_mistakes_are_one_line_and_exit_2(run, db_path) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    assert run("add", f, "customer", "name=甲公司", "--user", "staff1")[0] == 0
    rc, _out, err = run("add", f, "invoice", "customer_id=甲公司", "--user", "staff1")
    assert rc == 2  # an invoice is issued from an order, never typed
    rc, _out, err = run("add", f, "quote", "customer_id=甲公司", "valid_until=2020-01-01",
                        "quote_date=2021-01-01", "--user", "staff1")
    assert rc == 2 and "Valid until" in err and err.count("\n") == 1
    assert run("add", f, "quote", "customer_id=甲公司", "--user", "staff1")[0] == 0
    rc, _out, err = run("quote", "order", f, "QT000001", "--user", "staff1")
    assert rc == 2 and "no lines" in err
    rc, _out, err = run("quote", "line", f, "QT000001", "--product", "没有这个", "--user",
                        "staff1")
    assert rc == 2 and err.count("\n") == 1
    rc, _out, err = run("payment", "record", f, "甲公司", "--user", "staff1")
    assert rc == 2 and "--amount" in err
    rc, _out, err = run("payment", "record", f, "甲公司", "--amount", "-5", "--user", "staff1")
    assert rc == 2 and "Amount" in err
    rc, _out, err = run("invoice", "void", f, "INV000009", "--reason", "x", "--user",
                        "manager")
    assert rc == 2
    rc, _out, err = run("setting", "set", f, "vat.default_rate", "150", "--user", "admin")
    assert rc == 2


def test_invoice_part_of_what_was_delivered(run, db_path) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    assert run("add", f, "customer", "name=乙公司", "--user", "staff1")[0] == 0
    assert run("add", f, "quote", "customer_id=乙公司", "--user", "staff1")[0] == 0
    for text, qty, price in (("培训", "3", "100"), ("上门安装", "1", "50")):
        assert run("quote", "line", f, "QT000001", "--description", text, "--quantity", qty,
                   "--price", price, "--user", "staff1")[0] == 0
    order = run("quote", "order", f, "QT000001", "--user", "staff1")[1].split()[0]
    assert run("ship", f, order, "--user", "staff1")[0] == 0
    rc, _out, err = run("invoice", "issue", f, order, "--line", "3=1", "--user", "staff1")
    assert rc == 2 and "--line 3=1" in err
    rc, out, err = run("invoice", "issue", f, order, "--line", "1=2", "--user", "staff1")
    assert rc == 0, err
    assert out.split()[:4] == ["INV000001", "200.00", "26.00", "226.00"]
    rc, out, err = run("invoice", "issue", f, order, "--user", "staff1")  # the rest
    assert out.split()[:4] == ["INV000002", "150.00", "19.50", "169.50"]
    rc, out, _ = run("invoice", "lines", f, "INV000002", "--user", "staff1")
    assert "培训\t1\t100.00" in out and "上门安装\t1\t50.00" in out
