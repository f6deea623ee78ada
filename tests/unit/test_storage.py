"""The .crmdb file: creation, pragmas, refusals that leave the file untouched, upgrades."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from crmdesk.errors import DatabaseFileError
from crmdesk.storage import migrations
from crmdesk.storage.backends import APPLICATION_ID
from crmdesk.storage.database import create_database, open_database
from tests.owner_access import as_owner, stored_bytes


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = create_database(tmp_path / "new.crmdb")
    with db.session() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == 10000
        assert s.execute(text("PRAGMA application_id")).scalar() == APPLICATION_ID
        assert migrations.current_revision(s.connection()) == migrations.head_revision()
    db.close()
    # checkpointed on close: the file alone is complete
    assert not Path(f"{tmp_path / 'new.crmdb'}-wal").exists()
    conn = sqlite3.connect(tmp_path / "new.crmdb")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM opportunity_stages").fetchone()[0] == 5
    conn.close()


@pytest.mark.sqlite_only("refuses to overwrite an existing .crmdb file, its bytes unchanged")
def test_create_refuses_existing_file(db_path: Path) -> None:
    before = digest(db_path)
    with pytest.raises(DatabaseFileError, match="already exists"):
        create_database(db_path)
    assert digest(db_path) == before


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.crmdb"
    path.write_text("这不是数据库\n" * 50, encoding="utf-8")
    before = digest(path)
    with pytest.raises(DatabaseFileError, match="not a crmdesk database"):
        open_database(path)
    assert digest(path) == before


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.crmdb"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseFileError, match="not a crmdesk database"):
        open_database(path)
    assert digest(path) == before


@pytest.mark.sqlite_only("cuts the .crmdb file short")
def test_truncated_file_is_refused_untouched(db_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.crmdb"
    data = db_path.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    before = digest(broken)
    with pytest.raises(DatabaseFileError, match="damaged"):
        open_database(broken)
    assert digest(broken) == before
    assert not Path(f"{broken}-wal").exists()


@pytest.mark.sqlite_only("SQLite's write-ahead log and a checkpoint of the .crmdb file")
def test_a_checkpoint_killed_half_way_is_not_taken_for_a_truncated_file(
        db_path: Path, tmp_path: Path) -> None:
    """Killed while a checkpoint copies the WAL into the file: page 1 (whose header gives
    the new page count) may be written before the pages that make the file longer.  The
    WAL still holds every page, so SQLite recovers it: the file must open, complete."""
    import shutil
    import struct

    work = tmp_path / "work.crmdb"
    shutil.copyfile(db_path, work)
    conn = sqlite3.connect(work)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE filler(x)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 2000,) for _ in range(500)])
    conn.commit()
    crashed = tmp_path / "crashed.crmdb"  # the files as a kill -9 leaves them
    shutil.copyfile(work, crashed)
    shutil.copyfile(f"{work}-wal", f"{crashed}-wal")
    conn.close()
    wal = Path(f"{crashed}-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    newest_page_one = None
    for offset in range(32, len(wal) - 24 - page_size + 1, 24 + page_size):
        if struct.unpack(">I", wal[offset:offset + 4])[0] == 1:
            newest_page_one = wal[offset + 24:offset + 24 + page_size]
    assert newest_page_one is not None
    with crashed.open("r+b") as fh:  # the checkpoint wrote page 1, then was killed
        fh.write(newest_page_one)
    header_pages = struct.unpack(">I", newest_page_one[28:32])[0]
    assert crashed.stat().st_size < header_pages * page_size

    db = open_database(crashed)
    try:
        with db.session() as s:
            from sqlalchemy import text

            assert s.execute(text("SELECT count(*) FROM filler")).scalar() == 500
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.close()


def test_future_schema_is_refused_untouched(db_path: Path) -> None:
    with as_owner(db_path) as conn:  # the file, or the server database
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    before = stored_bytes(db_path)
    with pytest.raises(DatabaseFileError, match="newer version of crmdesk"):
        open_database(db_path)
    assert stored_bytes(db_path) == before


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseFileError, match="does not exist"):
        open_database(tmp_path / "nope.crmdb")


@pytest.mark.sqlite_only("the upgrade of a .crmdb file keeps a copy of the file beside it")
@pytest.mark.parametrize("keep", [True, False])
def test_older_schema_is_upgraded_after_a_copy(db_path: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               keep: bool) -> None:
    """A later release adds a migration: opening an old file upgrades it, copy kept
    (without one when the caller says the file can be built again: a benchmark's)."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations.script_location(), scripts)
    (scripts / "versions" / "0999_test_column.py").write_text(
        '"""test"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '0999'\ndown_revision = '{migrations.head_revision()}'\n"
        "branch_labels = None\ndepends_on = None\n\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('teams') as b:\n"
        "        b.add_column(sa.Column('colour', sa.String(20)))\n\n"
        "def downgrade():\n    pass\n", encoding="utf-8")
    for fn in (migrations.script_location, migrations._script, migrations.known_revisions):
        fn.cache_clear()
    monkeypatch.setattr("crmdesk.resources.migrations_dir", lambda: scripts)
    try:
        db = open_database(db_path, upgrade_copy=keep)
        with db.session() as s:
            assert migrations.current_revision(s.connection()) == "0999"
            cols = [r[1] for r in s.execute(text("PRAGMA table_info(teams)"))]
            assert "colour" in cols
            assert s.execute(text("SELECT count(*) FROM users")).scalar() == 6
        db.close()
        copies = list(db_path.parent.glob(f"{db_path.name}.pre-upgrade-*.bak"))
        assert len(copies) == (1 if keep else 0)
        if not keep:
            return
        conn = sqlite3.connect(copies[0])
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] != "0999"
        conn.close()
    finally:
        for fn in (migrations.script_location, migrations._script, migrations.known_revisions):
            fn.cache_clear()


def test_models_match_migrations(tmp_path: Path) -> None:
    """Autogenerate finds nothing to do: the migrations build exactly the models' schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from crmdesk.core.models import Base

    db = create_database(tmp_path / "m.crmdb")
    with db.engine.connect() as conn:
        def include_name(name: str | None, type_: str, parent: object) -> bool:
            return not (type_ == "table" and name and name.startswith(("search_tri",
                                                                       "search_short")))
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name,
                                                     "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    db.close()
    assert diff == []


def test_write_transaction_rolls_back_on_error(db) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.models import Team

    with pytest.raises(RuntimeError):
        with db.transaction() as s:
            s.add(Team(name="临时组"))
            s.flush()
            raise RuntimeError("boom")
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM teams WHERE name='临时组'")).scalar() == 0
