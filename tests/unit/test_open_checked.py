"""An import's helper process opens the file the importer has open without checking its
tables again (``open_database(..., tables_checked=True)``): that check builds the
schema of the file's revision in memory, a few tenths of a second of the helper's
start.  Every other check still runs, and a file opened normally is checked in full."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crmdesk.errors import DatabaseFileError
from crmdesk.storage import database
from crmdesk.storage.database import open_database

pytestmark = pytest.mark.sqlite_only("the tables of a .crmdb file")


def _without_column(db_path: Path, tmp_path: Path) -> Path:
    damaged = tmp_path / "damaged.crmdb"
    damaged.write_bytes(Path(db_path).read_bytes())
    conn = sqlite3.connect(damaged)
    conn.execute("ALTER TABLE customers DROP COLUMN wechat")
    conn.commit()
    conn.close()
    return damaged


def test_a_helper_skips_only_the_table_check(db_path: Path, tmp_path: Path) -> None:
    damaged = _without_column(db_path, tmp_path)
    with pytest.raises(DatabaseFileError, match="damaged"):
        open_database(damaged, read_only=True)
    database.expected_tables.cache_clear()
    db = open_database(damaged, read_only=True, tables_checked=True)
    try:
        assert db.read_only
        # the schema was not built for a check
        assert database.expected_tables.cache_info().misses == 0
    finally:
        db.close()


def test_the_other_checks_still_run(tmp_path: Path) -> None:
    other = tmp_path / "other.crmdb"
    other.write_bytes(b"not a database" * 100)
    with pytest.raises(DatabaseFileError):
        open_database(other, read_only=True, tables_checked=True)
