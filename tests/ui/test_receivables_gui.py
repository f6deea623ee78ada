"""The receivables view and the bank statement dialog, driven as a user would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import select

from tests.unit import known_receivables


def _cells(view, column_key: str) -> list[str]:  # type: ignore[no-untyped-def]
    keys = [c.key for c in view.table_data.columns]
    col = keys.index(column_key)
    return [view.grid.item(r, col).text() for r in range(view.grid.rowCount())]


def test_receivables_view_shows_aging_per_customer_and_owner(login, settle, db, users) -> None:  # type: ignore[no-untyped-def]
    known_receivables.build(db, users)
    window = login("admin")
    view = window.open_document("receivables")
    settle(window)
    view.as_of.setDate(QDate(2024, 6, 30))
    settle(window)
    assert _cells(view, "customer") == ["王大伟", "李小红", "赵铁柱"]
    assert _cells(view, "d61_90")[0] == "800.00"
    assert _cells(view, "over_90")[1] == "2,000.00"
    assert _cells(view, "balance")[2] == "-300.00"
    assert "Open 4,200.00" in view.summary.text()
    view.mode.setCurrentIndex(1)  # per owner
    settle(window)
    assert set(_cells(view, "owner")) == {"李娜", "张伟", "陈静"}
    # staff see their own customers only
    staff = login("staff2")
    mine = staff.open_document("receivables")
    settle(staff)
    mine.as_of.setDate(QDate(2024, 6, 30))
    settle(staff)
    assert _cells(mine, "customer") == ["李小红"]
    assert not mine.bank_button.isVisible()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_statement_from_the_view_writes_a_pdf(login, settle, db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    known_receivables.build(db, users)
    window = login("staff1")
    view = window.open_document("receivables")
    settle(window)
    view.as_of.setDate(QDate(2024, 6, 30))
    settle(window)
    view.ask_statement()  # nothing chosen: told what to do
    assert "Choose a customer" in view.message.text()
    view.grid.selectRow(0)
    out = tmp_path / "statement.pdf"
    view.save_statement(view.selected_customer(), str(out))
    settle(window)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(out), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "TA3" in text and "2,100.00" in text


def test_bank_dialog_imports_proposes_and_books(login, settle, db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.models import BankLine, Invoice
    from crmdesk.ui.dialogs.bank_match import BankMatchDialog

    known = known_receivables.build(db, users)
    statement = tmp_path / "july.csv"
    statement.write_text("date,amount,counterparty,reference\n"
                         "2024-07-01,300.00,王大伟,TA2\n"
                         "2024-07-02,100.00,李小红,\n"
                         "2024-07-03,77.00,someone,\n", encoding="utf-8")
    window = login("admin")
    view = window.open_document("receivables")
    settle(window)
    dialog = BankMatchDialog(window.workspace, view)
    dialog.import_file(str(statement))
    settle(window)
    assert "Imported 3 bank lines" in dialog.message.text()
    # two proposals, then the line nothing matches (shown, so it can be set aside)
    assert dialog.grid.rowCount() == 3
    assert dialog.grid.item(2, 3).text() == "someone"
    assert "No open invoice matches" in dialog.grid.item(2, 8).text()
    assert [p.invoice_numbers for p in dialog.ticked()] == [["TA2"], ["TB2"]]
    dialog.set_ticked(1, False)  # reject the second proposal
    dialog.book_ticked()
    settle(window)
    assert "Booked 1 payments" in dialog.message.text()
    assert dialog.grid.rowCount() == 2  # the rejected one stays for later
    dialog.grid.selectRow(1)  # the unmatched line: not a customer's payment
    dialog.set_aside()
    settle(window)
    assert dialog.grid.rowCount() == 1
    dialog.grid.selectRow(0)
    dialog.set_aside()
    settle(window)
    assert dialog.grid.rowCount() == 0
    with db.session() as s:
        assert s.get(Invoice, known.invoices["TA2"]).status == "paid"
        assert s.get(Invoice, known.invoices["TB2"]).status == "issued"
        booked = s.execute(select(BankLine).where(BankLine.payment_id.is_not(None))).all()
        assert len(booked) == 1
    dialog.import_file(str(statement))  # again: nothing new
    settle(window)
    assert "Imported 0 bank lines; 3 were there already" in dialog.message.text()
    dialog.close()


def test_account_codes_in_the_settings_window(login, settle, db) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import settings

    window = login("admin")
    view = window.open_document("settings")
    settle(window)
    edit = view.accounting.codes["accounting.account_bank"]
    assert edit.text() == "1002"
    edit.setText("100201")
    view.save()
    settle(window)
    with db.session() as s:
        assert settings.get(s, "accounting.account_bank") == "100201"
        assert settings.get(s, "accounting.account_receivable") == "1122"


def test_dashboard_shows_receivables_by_age(login, settle, db, users) -> None:  # type: ignore[no-untyped-def]
    known_receivables.build(db, users)
    window = login("admin")
    dashboard = window.open_document("dashboard")
    settle(window)
    panel = dashboard.charts["receivables"]
    bars = panel.elements[0]
    assert [e.label for e in bars] == ["Not due", "1-30 days", "31-60 days", "61-90 days",
                                       "Over 90 days"]
    # today every invoice of 2024 is long overdue: that bar drills to its customers
    assert bars[4].drill is not None and bars[0].drill is None
    assert bars[4].text == "3,100.00 · 3 customers"  # A 2,100, B 100 (TB1 paid), D 900


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_reports_view_prints_a_statement_and_the_receivables(login, settle, db, users,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from crmdesk.ui.errors import ErrorReporter

    known = known_receivables.build(db, users)
    window = login("staff1")
    window.open_entry("reports")
    view = window.current_document()
    view.select_report("statement")
    assert view.customer.widget.isVisibleTo(view) and view.period.isVisibleTo(view)
    assert view.save_pdf() is None  # no customer chosen yet
    assert "Choose the customer whose statement" in ErrorReporter.shown[-1]
    view.customer.set_value(known.ids["A"])
    view.period.combo.setCurrentIndex(view.period.combo.findData("all"))
    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF (*.pdf)"))
    view.save_pdf()
    settle(window, timeout=20000)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(target), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Statement of account" in text and "TA1" in text and "PA1" in text
    view.select_report("receivables")
    target = tmp_path / "receivables.pdf"
    view.save_pdf()
    settle(window, timeout=20000)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(target), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Receivables aging" in text and "王大伟" in text and "李小红" not in text


def test_view_exports_for_the_accountant_and_imports_opening_balances(  # type: ignore[no-untyped-def]
        login, settle, db, users, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    known_receivables.build(db, users)
    window = login("manager")
    view = window.open_document("receivables")
    settle(window)
    assert view.export_button.isVisible() and view.opening_button.isVisible()
    out = tmp_path / "accounting.xlsx"
    view.export_to(str(out))
    settle(window, timeout=20000)
    assert "Wrote accounting.xlsx" in view.message.text()
    assert load_workbook(out).sheetnames == ["Journal", "Invoices", "Payments", "Accounts"]
    balances = tmp_path / "ob.csv"
    balances.write_text("客户编号,期初余额,日期,到期日\nC000002,99.00,2024-01-01,2024-01-31\n",
                        encoding="utf-8")
    view.import_opening(str(balances))
    settle(window)
    assert "Imported 1 opening balances (99.00)" in view.message.text()
    balances.write_text("客户编号,期初余额\nC000003,5\n", encoding="utf-8")  # staff3's: not his
    view.import_opening(str(balances))
    settle(window)
    assert "No opening balances were imported" in view.message.text()
