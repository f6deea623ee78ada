"""A small database from each release upgrades to the current schema with its data intact.

Add a file here whenever a release changes the schema: build it with that
release's ``crmdesk demo`` (small, with a fixed seed and password).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from crmdesk.core import search
from crmdesk.core.services import accounts, audit
from crmdesk.storage import migrations
from crmdesk.storage.database import open_database

DATA = Path(__file__).resolve().parents[1] / "data"
RELEASES = sorted(DATA.glob("crmdesk-*.crmdb"))


@pytest.mark.parametrize("release", RELEASES, ids=[p.stem for p in RELEASES])
def test_release_file_upgrades_to_head(release: Path, tmp_path: Path) -> None:
    path = tmp_path / release.name
    shutil.copyfile(release, path)
    conn = sqlite3.connect(path)
    before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("customers", "orders", "audit_log", "users")}
    conn.close()
    db = open_database(path)
    try:
        with db.session() as s:
            assert migrations.current_revision(s.connection()) == migrations.head_revision()
            assert audit.verify_chain(s).ok
        with db.transaction() as s:
            admin = accounts.login(s, "admin", "release-" + release.stem.split("-", 1)[1])
        with db.session() as s:
            from crmdesk.core.services.customers import customers

            assert customers.count(s, admin) == before["customers"]
            first = customers.records(s, admin, customers.ids(s, admin, limit=1))[0]
            assert search.search(s, admin, first.name)
    finally:
        db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == before["orders"]
    conn.close()
