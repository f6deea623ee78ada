"""A big import checks its rows in a second process: same result, cancel stops it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crmdesk.core import search
from crmdesk.core.models import Customer
from crmdesk.exchange import importer
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source
from crmdesk.jobs import Cancelled, Job
from tests.unit.test_import import HEADERS, count, people, run, sheet

# import_process.usable: the helper opens the same .crmdb file; a server import runs in
# one process
pytestmark = pytest.mark.sqlite_only("the import helper process works on a .crmdb "
                                     "file only (import_process.usable)")


def test_big_imports_check_rows_in_a_second_process(db, db_path: Path, users,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import shutil

    from crmdesk.exchange import import_process
    from crmdesk.storage.database import open_database

    rows = people(30)
    rows[3][2] = "bad@"
    rows[20][0] = rows[2][0]  # same name, same e-mail domain: not a duplicate
    rows[25][1] = rows[5][1]  # same mobile as row 7: a duplicate
    path = sheet(tmp_path, rows)
    copy = tmp_path / "copy.crmdb"
    db.close()
    shutil.copyfile(db_path, copy)
    db2 = open_database(db_path)
    serial = run(db2, users.staff1, path, mode="valid-rows")
    db2.close()
    monkeypatch.setattr(import_process, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(importer, "CHUNK", 7)
    other = open_database(copy)
    try:
        assert import_process.usable(other, 30, "customer")
        parallel = run(other, users.staff1, path, mode="valid-rows")
        assert (parallel.created, parallel.skipped, parallel.invalid) == (
            serial.created, serial.skipped, serial.invalid) == (28, 1, 1)
        assert [(p.row, p.column, p.reason) for p in parallel.problems] == [
            (p.row, p.column, p.reason) for p in serial.problems]
        with other.session() as s:
            assert [h.title for h in search.search(s, users.staff1, "客户29")] == ["客户29"]
            names = list(s.execute(select(Customer.code, Customer.name, Customer.mobile)
                                   .order_by(Customer.id)))
        one = open_database(db_path)
        with one.session() as s:
            assert names == list(s.execute(select(Customer.code, Customer.name,
                                                  Customer.mobile).order_by(Customer.id)))
        one.close()

        control = Job(lambda stage, done, total: control.cancel() if done else None)
        with pytest.raises(Cancelled):
            importer.run_import(other, users.staff1, open_source(path),
                                guess_mapping("customer", HEADERS),
                                importer.ImportOptions(duplicates="create"), control)
        assert count(other) == 28
        assert multiprocessing.active_children() == []  # the helper was stopped
    finally:
        other.close()



def test_customers_staged_in_the_helper_are_whole(db, users, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper process stages each valid row as a new customer (ciphertext bound to
    the id it will get, search entry) before the importer decides: skipped duplicates
    and bad rows leave gaps in the ids but none in the codes, and every new customer's
    ID number decrypts and its entry is found."""
    from crmdesk.core.services.customers import customers
    from crmdesk.exchange import import_process
    from tests.unit.test_import import id_number

    rows = people(20)
    rows[4][2] = "bad@"  # a bad row
    rows[9][1] = rows[2][1]  # same mobile as an earlier row: a duplicate, skipped
    rows[15][3] = id_number(16)
    path = sheet(tmp_path, rows)
    monkeypatch.setattr(import_process, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(importer, "CHUNK", 6)
    result = run(db, users.staff1, path, mode="valid-rows")
    assert (result.created, result.skipped, result.invalid) == (18, 1, 1)
    assert "wait for the helper" in result.stages and "validate (helper)" in result.stages
    with db.session() as s:
        made = s.execute(select(Customer).order_by(Customer.id)).scalars().all()
        assert [c.code for c in made] == [f"C{n:06d}" for n in range(1, 19)]
        assert len({c.id for c in made}) == 18 and made[-1].id > 18  # gaps in the ids
        numbers = [n for n in range(1, 21) if n not in (5, 10)]
        assert [c.name for c in made] == [f"客户{n:02d}" for n in numbers]
        assert [customers.plaintext(users.staff1, c, "id_number") for c in made] == \
            [id_number(n) for n in numbers]
        for c in made:
            assert [h.ref_id for h in search.search(s, users.staff1, c.code)] == [c.id]


def test_two_helpers_and_the_importer_share_the_chunks(db, users, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With more cores a big file is checked by two helpers, each chunk by whoever takes
    it first, the importer too (ids by chunk, gaps allowed): every row once, in order,
    the same problems, duplicates found across chunks checked by different processes,
    codes without gaps, every new customer found."""
    import multiprocessing

    from crmdesk.exchange import import_process
    from tests.unit.test_import import id_number

    rows = people(40)
    rows[4][2] = "bad@"  # chunk 0
    rows[9][1] = rows[2][1]  # chunk 1 duplicates a row of chunk 0
    rows[16][1] = rows[9][1]  # chunk 2 duplicates it too
    rows[30][3] = id_number(31)
    rows[33][2] = "bad@"  # chunk 4
    path = sheet(tmp_path, rows)
    monkeypatch.setattr(import_process, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(import_process, "rows_ahead", lambda total, chunk: 0)
    monkeypatch.setattr(import_process, "helpers_for", lambda total: 2)
    monkeypatch.setattr(importer, "CHUNK", 7)
    result = run(db, users.staff1, path, mode="valid-rows")
    assert (result.created, result.skipped, result.invalid) == (36, 2, 2)
    assert [p.row for p in result.problems] == [6, 35]
    assert "cpu (helper 1)" in result.stages and "cpu (helper 2)" in result.stages
    assert multiprocessing.active_children() == []
    numbers = [n for n in range(1, 41) if n not in (5, 10, 17, 34)]
    with db.session() as s:
        made = s.execute(select(Customer).order_by(Customer.id)).scalars().all()
        assert [c.code for c in made] == [f"C{n:06d}" for n in range(1, 37)]
        assert [c.name for c in made] == [f"客户{n:02d}" for n in numbers]
        ids = [c.id for c in made]
        assert ids == sorted(ids) and ids[-1] > 36  # ids by chunk: gaps allowed
        from crmdesk.core.services.customers import customers

        assert customers.plaintext(users.staff1, made[numbers.index(31)], "id_number") == \
            id_number(31)
        for c in made:
            assert [h.ref_id for h in search.search(s, users.staff1, c.code)] == [c.id]
