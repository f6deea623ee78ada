"""The accountant export, bank statement import and matching, opening balances
(services on SQLite and PostgreSQL; files and the command line on SQLite)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import AccessEvent, BankLine, Invoice
from crmdesk.core.services import accounting, bank, opening_balances
from crmdesk.core.services.bank import StatementLine
from crmdesk.core.services.opening_balances import OpeningBalance, OpeningBalanceError
from crmdesk.errors import KnownError, PermissionDenied
from tests.unit import known_receivables


@pytest.fixture
def known(db, users):  # type: ignore[no-untyped-def]
    return known_receivables.build(db, users)


# -- the journal --------------------------------------------------------------------------

def test_journal_balances_and_uses_the_account_settings(db, users, known) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import settings

    with db.transaction() as s:
        settings.set_value(s, users.admin, "accounting.account_bank", "100201")
        handoff = accounting.build(s, users.admin, date(2024, 1, 1), date(2024, 6, 30))
    assert handoff.balanced
    assert [i.number for i in handoff.invoices] == ["TB1", "TA3", "TB2", "TA2", "TA1"]
    assert [p.number for p in handoff.payments] == ["PA1", "PC1"]  # PB1 is in July
    ta1 = [x for x in handoff.journal if x.voucher == "TA1"]
    assert [(x.account, x.debit_cents, x.credit_cents) for x in ta1] == [
        ("1122", 100000, 0), ("6001", 0, 100000)]
    pa1 = [x for x in handoff.journal if x.voucher == "PA1"]
    assert [(x.account, x.debit_cents, x.credit_cents) for x in pa1] == [
        ("100201", 20000, 0), ("1122", 0, 20000)]
    assert all(x.customer for x in ta1 + pa1)


def test_journal_needs_the_permission_and_follows_visibility(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        with pytest.raises(PermissionDenied):
            accounting.build(s, users.staff1)
        team = accounting.build(s, users.manager)
    assert {i.customer for i in team.invoices} == {"王大伟", "李小红", "钱多多"}  # not staff3's


def test_export_files_xlsx_and_escaped_csv(db, users, known, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from crmdesk.exchange import accounting as writer

    with db.transaction() as s:  # a customer name a spreadsheet would run as a formula
        s.get(Invoice, known.invoices["TA1"]).notes = None
        from crmdesk.core.models import Customer

        s.get(Customer, known.ids["A"]).name = "=HYPERLINK(\"x\")"
    xlsx = tmp_path / "journal.xlsx"
    handoff = writer.export(db, users.admin, xlsx)
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Journal", "Invoices", "Payments", "Accounts"]
    rows = list(book["Journal"].iter_rows(values_only=True))
    assert rows[0][:7] == ("date", "voucher", "type", "account", "account_name", "debit",
                           "credit")
    assert len(rows) == len(handoff.journal) + 1
    assert sum(r[5] or 0 for r in rows[1:]) == pytest.approx(sum(r[6] or 0 for r in rows[1:]))
    path = tmp_path / "invoices.csv"
    writer.export(db, users.admin, path, what="invoices")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0][:3] == ["number", "issue_date", "due_date"]
    assert any(row[4] == "'=HYPERLINK(\"x\")" for row in table[1:])
    assert any(row[8] == "1000.00" for row in table[1:])
    with db.session() as s:  # the customers named were counted for the guard
        assert s.execute(select(func.count(AccessEvent.id))).scalar_one() >= 3


# -- bank statements ----------------------------------------------------------------------

def _statement() -> list[StatementLine]:
    return [
        StatementLine(date(2024, 7, 1), 30000, "王大伟", "TA2 余款", None),  # number + amount
        StatementLine(date(2024, 7, 2), 10000, "李小红", None, "货款"),  # name + amount (TB2)
        StatementLine(date(2024, 7, 3), 50000, "王大伟", None, None),  # name only
        StatementLine(date(2024, 7, 3), -1500, "银行", None, "手续费"),  # money out
        StatementLine(date(2024, 7, 4), 4200, "不认识", None, None),  # nothing
        StatementLine(date(2024, 7, 4), 4200, "不认识", None, None),  # the same again
    ]


def test_a_second_import_adds_nothing(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        first = bank.import_lines(s, users.admin, _statement(), source="july.csv")
    with db.transaction() as s:
        second = bank.import_lines(s, users.admin, _statement(), source="july.csv")
        third = bank.import_lines(s, users.admin, [*_statement(), StatementLine(
            date(2024, 7, 5), 100, "x")])
        assert s.execute(select(func.count(BankLine.id))).scalar_one() == 7
    assert (first.added, first.skipped) == (6, 0)  # two equal lines are two lines
    assert (second.added, second.skipped) == (0, 6)
    assert (third.added, third.skipped) == (1, 6)


def test_proposals_score_number_amount_and_name(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        bank.import_lines(s, users.admin, _statement())
        found = {p.counterparty + str(p.amount_cents): p for p in bank.proposals(s, users.admin)}
    by_number = found["王大伟30000"]
    assert (by_number.invoice_numbers, by_number.score, by_number.reasons) == (
        ["TA2"], 110, ["number", "amount", "name"])
    by_name = found["李小红10000"]
    assert (by_name.invoice_numbers, by_name.score, by_name.confident) == (["TB2"], 60, True)
    customer_only = found["王大伟50000"]
    assert customer_only.reasons == ["name", "customer"] and not customer_only.confident
    assert "不认识4200" not in found and len(found) == 3


def test_accepting_books_a_payment_once(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        bank.import_lines(s, users.admin, _statement())
        proposal = next(p for p in bank.proposals(s, users.admin) if p.reasons[0] == "number")
        payment = bank.accept_proposal(s, users.admin, proposal)
        assert (payment.amount_cents, payment.received_on, payment.unallocated_cents) == (
            30000, date(2024, 7, 1), 0)
        invoice = s.get(Invoice, known.invoices["TA2"])
        s.refresh(invoice)
        assert invoice.status == "paid"
        with pytest.raises(KnownError, match="booked already"):
            bank.accept(s, users.admin, proposal.line_id, proposal.customer_id)
        assert proposal.line_id not in {p.line_id for p in bank.proposals(s, users.admin)}
        line = s.get(BankLine, proposal.line_id)
        assert line is not None and line.payment_id == payment.id


def test_ignored_lines_leave_the_proposals(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        bank.import_lines(s, users.admin, _statement())
        line = next(p for p in bank.proposals(s, users.admin) if p.amount_cents == 50000)
        bank.set_ignored(s, users.admin, line.line_id)
        assert line.line_id not in {p.line_id for p in bank.proposals(s, users.admin)}
        bank.set_ignored(s, users.admin, line.line_id, False)
        assert line.line_id in {p.line_id for p in bank.proposals(s, users.admin)}


def test_staff_cannot_read_bank_lines(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(PermissionDenied):
        bank.import_lines(s, users.staff1, _statement())


# -- opening balances ---------------------------------------------------------------------

def test_opening_balances_become_receivable_invoices(db, users, known) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.analytics import Criteria
    from crmdesk.core.analytics import receivables as aging
    from crmdesk.core.models import Customer

    with db.session() as s:
        code = s.get(Customer, known.ids["C"]).code
    rows = [OpeningBalance(2, code, 123456, date(2024, 1, 31), date(2024, 2, 29), "OLD-7")]
    with db.transaction() as s:
        result = opening_balances.import_balances(s, users.admin, rows, source="ob.csv")
        again = opening_balances.import_balances(s, users.admin, rows, source="ob.csv")
    assert (result.added, result.numbers, again.added, again.skipped) == (
        1, ["OB000001"], 0, 1)
    with db.session() as s:
        invoice = s.execute(select(Invoice).where(Invoice.number == "OB000001")).scalar_one()
        assert invoice.opening_balance and invoice.total_cents == 123456
        row = {r.label: r for r in aging.aging(s, users.admin,
                                               Criteria(as_of=date(2024, 6, 30)))}["赵铁柱"]
        assert row.buckets["over_90"] == 123456  # due 02-29, 122 days before 06-30
        handoff = accounting.build(s, users.admin)
        lines = [(x.account, x.debit_cents, x.credit_cents) for x in handoff.journal
                 if x.voucher == "OB000001"]
        assert lines == [("1122", 123456, 0), ("4104", 0, 123456)]


def test_opening_balances_are_all_or_nothing(db, users, known) -> None:  # type: ignore[no-untyped-def]
    rows = [OpeningBalance(2, "王大伟", 1000), OpeningBalance(3, "NOBODY", 1000),
            OpeningBalance(4, "李小红", -5)]
    with db.transaction() as s:
        with pytest.raises(OpeningBalanceError) as caught:
            opening_balances.import_balances(s, users.admin, rows)
        assert "line 3" in str(caught.value) and "line 4" in str(caught.value)
        assert s.execute(select(func.count(Invoice.id)).where(
            Invoice.opening_balance.is_(True))).scalar_one() == 0


# -- the command line (files: SQLite) -----------------------------------------------------

def test_cli_bank_and_accounting(run, db, db_path, users, known, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = str(db_path)
    statement = tmp_path / "statement.csv"
    statement.write_text("交易日期,收入金额,支出金额,对方户名,摘要\n"
                         "2024-07-01,300.00,,王大伟,付 TA2\n"
                         "2024/07/02,\"1,000.00\",,李小红,\n"
                         "20240703,,15.00,银行,手续费\n", encoding="gb18030")
    code, out, err = run("bank", "import", path, str(statement), "--user", "admin")
    assert code == 0, err
    assert "Imported 3 bank lines" in out
    code, out, _ = run("bank", "import", path, str(statement), "--user", "admin")
    assert "Imported 0 bank lines; 3 were there already" in out
    code, out, err = run("bank", "match", path, "--accept", "--user", "admin")
    assert code == 0, err
    assert "TA2" in out and "Booked 1 payments" in out
    code, out, _ = run("bank", "lines", path, "--user", "admin")
    assert len(out.strip().splitlines()) == 2  # the header and the 1,000.00 not matched
    code, out, err = run("bank", "accept", path, "99", "--user", "admin")
    assert code == 2 and "no bank line 99" in err
    out_file = tmp_path / "journal.xlsx"
    code, out, err = run("accounting", "export", path, "--out", str(out_file), "--user",
                         "admin")
    assert code == 0 and out_file.exists(), err
    code, out, err = run("accounting", "export", path, "--out", str(tmp_path / "x.txt"),
                         "--user", "admin")
    assert code == 2 and ".xlsx" in err
    code, out, err = run("statement", path, "C000001", "--to", "2024-06-30", "--user",
                         "staff1")
    assert code == 0, err
    assert out.splitlines()[-1].split("\t")[-1] == "2100.00"
    code, out, err = run("statement", path, "C000001", "--user", "staff2")
    assert code == 2
    code, out, err = run("analytics", path, "receivables", "--as-of", "2024-06-30", "--user",
                         "admin")
    assert code == 0 and out.splitlines()[0].startswith("code\tcustomer\towner\tinvoices")
    balances = tmp_path / "ob.csv"
    balances.write_text("客户编号,期初余额,日期\nC000002,88.50,2024-01-01\n", encoding="utf-8")
    code, out, err = run("accounting", "opening", path, str(balances), "--user", "admin")
    assert code == 0 and "Imported 1 opening balances" in out, err
    code, out, err = run("import", path, str(balances), "--kind", "opening_balance", "--user",
                         "admin")
    assert code == 0 and "Imported 0 opening balances (0.00); 1 were there already" in out, err
    balances.write_text("客户编号,期初余额\nNOBODY,5\nC000002,abc\n", encoding="utf-8")
    code, out, err = run("accounting", "opening", path, str(balances), "--user", "admin")
    assert code == 2 and "line 3" in err and "abc" in err
    pdf = tmp_path / "statement.pdf"
    code, out, err = run("statement", path, "C000001", "--out", str(pdf), "--user", "staff1")
    assert code == 0 and pdf.exists(), err


def test_readme_examples(run, db_path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The README's receivables lines, as printed (boss: admin, wang: manager), in a folder
    holding 期初.csv and 对账单.csv."""
    monkeypatch.chdir(tmp_path)
    db = str(db_path)
    code, out, err = run("add", db, "customer", "name=北京远大商贸", "owner_id=manager",
                         "--user", "admin")
    assert code == 0 and out.strip() == "C000001", err
    Path("期初.csv").write_text("客户编号,期初余额,日期,到期日,单号\n"
                               "C000001,1200.00,2030-01-01,2030-01-31,AR-9\n", encoding="gbk")
    Path("对账单.csv").write_text("交易日期,收入金额,支出金额,对方户名,摘要\n"
                              "2030-06-01,1200.00,,北京远大商贸,OB000001\n"
                              "2030-06-02,,20.00,银行,手续费\n"
                              "2030-06-03,50.00,,北京远大商贸,预付\n", encoding="utf-8-sig")
    lines = [
        ("analytics", db, "receivables", "--as-of", "2030-06-30", "--user", "admin"),
        ("analytics", db, "receivables-owner", "--user", "manager"),
        ("analytics", db, "products", "--from", "2030-01-01", "--user", "admin"),
        ("statement", db, "C000001", "--to", "2030-06-30", "--user", "manager"),
        ("report", db, "receivables", "--out", "应收.pdf", "--user", "admin"),
        ("accounting", "export", db, "--out", "凭证.xlsx", "--from", "2030-01-01", "--to",
         "2030-06-30", "--user", "admin"),
        ("accounting", "export", db, "--out", "凭证.csv", "--what", "journal", "--encoding",
         "gb18030", "--user", "admin"),
        ("accounting", "opening", db, "期初.csv", "--user", "admin"),
        ("bank", "import", db, "对账单.csv", "--user", "admin"),
        ("bank", "match", db, "--user", "admin"),
        ("bank", "accept", db, "3", "--customer", "C000001", "--user", "admin"),
        ("bank", "ignore", db, "2", "--user", "admin"),
    ]
    outputs = []
    for argv in lines:
        code, out, err = run(*argv)
        assert code == 0, (argv, err)
        outputs.append(out)
    assert "OB000001" in outputs[9] and "110" in outputs[9]
    assert "Booked payment PM" in outputs[10]
    code, out, _ = run("analytics", db, "receivables", "--as-of", "2030-06-30", "--user",
                       "admin")
    row = out.splitlines()[1].split("\t")
    assert row[0] == "C000001" and row[-2] == "1150.00"  # the 50.00 paid the oldest invoice
    code, out, _ = run("bank", "lines", db, "--user", "admin")
    assert len(out.strip().splitlines()) == 2  # line 1 is left to match by hand
