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

