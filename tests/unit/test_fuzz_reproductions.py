"""Issue 10, item 8: inputs that crashed or hung, each as it was reproduced.

Every one must end in a clear error (a ``KnownError`` / ``ValidationError``; exit
code 2 and one line at the command line) or in success, quickly, and a refused
write changes nothing.  The generated cases in ``test_fuzz_*.py`` look for more.
"""

from __future__ import annotations

import sqlite3
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from crmdesk import cli
from crmdesk.core.models import Customer, Interaction, Task
from crmdesk.core.services import custom_fields
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tasks import tasks
from crmdesk.core.validation import (
    FieldProblem,
    clean_date,
    clean_datetime,
    clean_int,
    clean_money,
    clean_number,
)
from crmdesk.errors import DatabaseFileError, ValidationError
from crmdesk.exchange import importer
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD


def _import(db, actor, path: Path, entity: str = "customer", **options: Any):  # type: ignore[no-untyped-def]
    source = open_source(path)
    with db.session() as s:
        defs = custom_fields.definitions(s, entity)
    mapping = guess_mapping(entity, source.headers, defs, source.hints)
    return importer.run_import(db, actor, source, mapping, importer.ImportOptions(**options))


def _count(db, model: Any) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return int(s.execute(select(func.count(model.id))).scalar_one())


# -- CSV line ends ---------------------------------------------------------------------------

def test_a_csv_with_mac_line_ends_imports(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mac.csv"
    path.write_bytes("name,mobile\r王一,13812345678\r王二,13812345679\r".encode())
    before = _count(db, Customer)
    result = _import(db, users.admin, path)
    assert result.created == 2
    assert _count(db, Customer) == before + 2


def test_a_bare_carriage_return_inside_a_field_is_read(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cr.csv"
    path.write_bytes(b'name,notes\r"Li\rNa",x\r\n')
    rows = [values for _, values in open_source(path).rows()]
    assert rows == [["Li\rNa", "x"]]


# -- a corrupt workbook ------------------------------------------------------------------------

def test_a_corrupt_xlsx_is_refused_with_a_message(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["name", "mobile"])
    book.active.append(["王一", "13812345678"])
    book.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]  # the XML stops half-way
            out.writestr(info, data)
    with pytest.raises(ExchangeError, match="cannot be read as a workbook"):
        open_source(bad)


# -- dates at the edge of the calendar ----------------------------------------------------------

@pytest.mark.parametrize("value", ["0001-01-01", "0001-01-01T00:00+14:00",
                                   "9999-12-31T23:59:59-14:00", "9999-12-31"])
def test_edge_of_calendar_datetimes_are_refused(value: str) -> None:
    with pytest.raises(FieldProblem, match="out of range"):
        clean_datetime(value)


def test_edge_of_calendar_dates_are_refused() -> None:
    with pytest.raises(FieldProblem, match="out of range"):
        clean_date("0001-01-01")
    assert str(clean_date("2024-05-01")) == "2024-05-01"


def test_a_task_due_at_year_one_is_a_field_error(db, users) -> None:  # type: ignore[no-untyped-def]
    before = _count(db, Task)
    with db.transaction() as s, pytest.raises(ValidationError) as caught:
        tasks.create(s, users.admin, {"title": "call", "due_at": "0001-01-01"})
    assert caught.value.for_field("due_at") is not None
    assert _count(db, Task) == before


def test_an_import_with_edge_dates_reports_rows(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.admin, {"name": "王一"})
        code = customer.code
    path = tmp_path / "calls.csv"
    path.write_text(f"customer,kind,occurred_at,summary\n{code},call,0001-01-01T00:00+14:00,a\n"
                    f"{code},call,9999-12-31T23:59:59-14:00,b\n", encoding="utf-8")
    before = _count(db, Interaction)
    result = _import(db, users.admin, path, "interaction", mode="valid-rows")
    assert result.created == 0 and len(result.problems) >= 2
    assert _count(db, Interaction) == before


# -- numbers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("clean", [clean_int, clean_money, clean_number])
@pytest.mark.parametrize("value", ["inf", "-Infinity", "nan", "1e30", "1e999999", "1e9999999",
                                   "9" * 5000])
def test_huge_or_infinite_numbers_are_refused_at_once(clean, value: str) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    with pytest.raises(FieldProblem):
        clean(value)
    assert time.perf_counter() - started < 0.5


def test_an_int_beyond_the_column_is_refused(db, users) -> None:  # type: ignore[no-untyped-def]
    before = _count(db, Customer)
    with db.transaction() as s, pytest.raises(ValidationError):
        customers.create(s, users.admin, {"name": "王一", "owner_id": "1e30"})
    assert _count(db, Customer) == before
    assert clean_int("2147483647") == 2**31 - 1
    with pytest.raises(FieldProblem, match="too large"):
        clean_int("2147483648")


# -- a blank choice on an edit ------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["status", "kind"])
def test_a_blank_required_choice_is_refused_not_written(db, users, field: str) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        record = customers.create(s, users.admin, {"name": "王一"})
        record_id, version = record.id, record.version
    with db.transaction() as s, pytest.raises(ValidationError) as caught:
        customers.update(s, users.admin, record_id, {field: " "})
    assert "required" in caught.value.message
    with db.session() as s:
        again = s.get(Customer, record_id)
        assert again is not None and getattr(again, field) and again.version == version


def test_a_blank_choice_on_a_new_record_takes_the_default(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        record = customers.create(s, users.admin, {"name": "王一", "status": " ", "kind": "\t"})
        assert (record.status, record.kind) == ("potential", "individual")


# -- crmdesk info on damaged files -----------------------------------------------------------------

def _info(path: Path, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = cli.main(["--lang", "en", "info", str(path)])
    err = capsys.readouterr().err
    return code, err


@pytest.mark.sqlite_only("drops a table of the .crmdb file with sqlite3")
def test_info_on_a_file_without_its_settings_table(db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE settings")
    conn.commit()
    conn.close()
    code, err = _info(db_path, capsys)
    assert code == 2
    assert "damaged" in err and "settings" in err and err.count("\n") == 1
    with pytest.raises(DatabaseFileError):
        open_database(db_path)


@pytest.mark.sqlite_only("writes bytes that are not UTF-8 into the .crmdb file's text with sqlite3 (a server refuses them)")
def test_info_and_list_on_undecodable_text(db_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE users SET display_name = CAST(X'FFFE80' AS TEXT)")
    conn.commit()
    conn.close()
    code, err = _info(db_path, capsys)
    assert code in (0, 2) and "Traceback" not in err
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    code = cli.main(["--lang", "en", "user", "list", str(db_path), "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 2 and "damaged" in err and err.count("\n") == 1


@pytest.mark.sqlite_only("overwrites the pages of the .crmdb file")
def test_info_on_malformed_pages(db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(db_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for number in range(1, len(data) // page):  # every page but the first: garbage
        data[number * page:(number + 1) * page] = bytes([0x5A]) * page
    db_path.write_bytes(bytes(data))
    code, err = _info(db_path, capsys)
    assert code == 2 and "damaged" in err and err.count("\n") == 1


@pytest.mark.parametrize("quantity,price", [(2_000_000_000, "90000000000"), (3, "9e13")])
def test_an_order_line_too_large_for_the_column_is_a_field_error(  # type: ignore[no-untyped-def]
        db, users, quantity: int, price: str) -> None:
    from crmdesk.core.models import Order
    from crmdesk.core.services.sales import orders

    with db.transaction() as s:
        customer = customers.create(s, users.admin, {"name": "王二"})
        customer_id = customer.id
    before = _count(db, Order)
    with db.transaction() as s, pytest.raises(ValidationError) as caught:
        orders.create_with_lines(s, users.admin, {"customer_id": customer_id},
                                 [{"description": "车", "quantity": quantity,
                                   "unit_price": price}])
    assert "too large" in str(caught.value)
    assert _count(db, Order) == before
