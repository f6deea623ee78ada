"""A first big import into a file without customers builds the customer indexes after
the rows (:mod:`crmdesk.exchange.import_indexes`): the same indexes afterwards, every
customer found, and a failed import leaves the file as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from crmdesk.core import search
from crmdesk.core.models import AuditEntry, Customer
from crmdesk.exchange import import_indexes, import_process, importer
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source
from crmdesk.jobs import Cancelled, Job
from tests.unit.test_import import HEADERS, count, people, run, sheet

pytestmark = pytest.mark.sqlite_only("the indexes are built after the rows on SQLite only")


def _indexes(db: Any) -> list[tuple[str, str]]:
    """The indexes of the tables a first import fills (customers, their search entries
    and custom values)."""
    with db.session() as s:
        return [tuple(r) for r in s.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name IN ('customers', 'search_docs', 'custom_field_values') "
            "ORDER BY name"))]


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files count as big: the helper process and the index rebuild both run."""
    monkeypatch.setattr(import_indexes, "MIN_ROWS", 1)
    monkeypatch.setattr(import_process, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(importer, "CHUNK", 7)


def test_a_first_import_builds_the_same_indexes_after_the_rows(db, users, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               big: None) -> None:
    before = _indexes(db)
    assert len(before) > 10
    rows = people(30)
    rows[0][0] = "张三丰"
    rows[25][1] = rows[5][1]  # same mobile as row 7: a duplicate, skipped
    rows[3][2] = "bad@"
    path = sheet(tmp_path, rows)
    done: list[bool] = []
    real = import_indexes.built_after

    @contextmanager
    def watched(*args: Any, **kwargs: Any) -> Iterator[bool]:
        with real(*args, **kwargs) as did:
            done.append(did)
            yield did

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(import_indexes, "built_after", watched)
        result = run(db, users.staff1, path, mode="valid-rows", duplicates="skip")
    assert done == [True]  # the indexes were dropped and built again
    assert (result.created, result.skipped, result.invalid) == (28, 1, 1)
    assert result.committed
    assert _indexes(db) == before
    with db.session() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        made = s.execute(select(Customer).order_by(Customer.id)).scalars().all()
        assert [c.code for c in made] == [f"C{n:06d}" for n in range(1, 29)]  # no gaps
        zhang = made[0]
        for query in ("张三丰", "三丰", "zhangsanfeng", "zsf", "13800000001"):
            assert zhang.id in {h.ref_id for h in search.search(s, users.staff1, query)}, query
        # the indexes answer queries again
        plan = " ".join(str(r[-1]) for r in s.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE mobile = '+8613800000009'")))
        assert "ix_customers_mobile" in plan
        plan = " ".join(str(r[-1]) for r in s.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM search_docs WHERE customer_id = 3")))
        assert "ix_search_docs_customer_id" in plan
        assert s.execute(select(AuditEntry.action).where(
            AuditEntry.action == "import")).scalars().all() == ["import"]


def test_a_failed_first_import_leaves_the_file_as_it_was(db, users, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         big: None) -> None:
    before = _indexes(db)
    path = sheet(tmp_path, people(30))
    control = Job(lambda stage, done, total: control.cancel() if done else None)
    with pytest.raises(Cancelled):
        importer.run_import(db, users.staff1, open_source(path),
                            guess_mapping("customer", HEADERS),
                            importer.ImportOptions(duplicates="create"), control)
    assert count(db) == 0
    assert _indexes(db) == before
    # all-or-nothing with a bad row: refused, nothing written, indexes in place
    rows = people(30)
    rows[3][2] = "bad@"
    result = run(db, users.staff1, sheet(tmp_path, rows, name="bad.xlsx"),
                 mode="all-or-nothing")
    assert result.refused and not result.committed
    assert count(db) == 0
    assert _indexes(db) == before


def test_a_file_with_customers_keeps_its_indexes(db, users, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 big: None) -> None:
    run(db, users.staff1, sheet(tmp_path, people(3)), mode="valid-rows")
    with db.transaction() as s, import_indexes.built_after(s, "customers", 100_000) as did:
        assert not did
        assert s.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                              "AND tbl_name = 'customers' AND sql IS NOT NULL")
                         ).scalar_one() > 10


def test_rows_from_the_helper_still_update_and_name_their_problems(db, users,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path,
                                                                   big: None) -> None:
    """Rows cross from the helper slimmed when the import only creates or skips: an ID
    number another customer holds is still reported with its column and value, and an
    import that updates gets the whole rows."""
    from tests.unit.test_import import id_number

    run(db, users.staff1, sheet(tmp_path, people(3), name="first.xlsx"), mode="valid-rows")
    rows = people(6)[3:]
    rows[0][3] = id_number(2)  # held by 客户02
    created = run(db, users.staff1, sheet(tmp_path, rows, name="second.xlsx"),
                  mode="valid-rows", duplicates="create")
    assert (created.created, created.invalid) == (2, 1)
    [problem] = created.problems
    assert (problem.row, problem.column, problem.value) == (2, "身份证号", id_number(2))
    assert "C000002" in problem.reason
    again = people(3)
    again[1][4] = "上海市"  # 客户02 moved: same mobile, update it
    updated = run(db, users.staff1, sheet(tmp_path, again, name="third.xlsx"),
                  mode="valid-rows", duplicates="update")
    assert (updated.updated, updated.created, updated.invalid) == (3, 0, 0)
    with db.session() as s:
        assert s.execute(select(Customer.city).where(Customer.name == "客户02")
                         ).scalar_one() == "上海市"


def test_the_first_rows_checked_here_while_the_helper_starts(db, users, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            big: None,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """The importer checks the first chunks itself while the helper starts, which takes
    the rest: every row once, in order, duplicates found across the seam."""
    monkeypatch.setattr(import_process, "rows_ahead", lambda total, chunk: 2 * chunk)
    rows = people(30)
    rows[3][2] = "bad@"  # checked here
    rows[20][1] = rows[5][1]  # checked by the helper, a duplicate of a row checked here
    rows[22][2] = "bad@"
    result = run(db, users.staff1, sheet(tmp_path, rows), mode="valid-rows")
    assert (result.created, result.skipped, result.invalid) == (27, 1, 2)
    assert [p.row for p in result.problems] == [5, 24]
    assert "validate" in result.stages and "validate (helper)" in result.stages
    with db.session() as s:
        made = s.execute(select(Customer).order_by(Customer.id)).scalars().all()
        assert [c.code for c in made] == [f"C{n:06d}" for n in range(1, 28)]
        assert [c.name for c in made] == [f"客户{n:02d}" for n in range(1, 31)
                                          if n not in (4, 21, 23)]
        for c in made:
            assert [h.ref_id for h in search.search(s, users.staff1, c.code)] == [c.id]
