"""What a closed database leaves behind: nothing.

SQLAlchemy's mappers keep, in their statement caches, the dialect of every engine that
flushed through them; the dialect keeps the engine's ``handle_error`` listeners.  A
listener that held its Database strongly kept every closed Database alive with its
engine and the engine's cache of compiled statements: ~1,000 of them after the unit
tests (millions of objects, a full garbage collection of seconds), and one per file
opened and closed in a long-running window or command.
"""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pytest

from crmdesk.core.services import accounts
from crmdesk.storage.database import Database, open_database
from tests.conftest import PASSWORD


def _work_and_close(path: Path | str,
                    team: str) -> tuple[weakref.ref[Database], weakref.ref[object]]:
    database = open_database(path)
    with database.transaction() as s:  # an ORM flush: the mappers cache the dialect
        admin = accounts.login(s, "admin", PASSWORD)
        accounts.create_team(s, admin, team)
    with database.session() as s:  # and a read through the engine's own cache
        accounts.user_by_name(s, "staff1")
    database.close()
    return weakref.ref(database), weakref.ref(database.engine)


@pytest.mark.sqlite_only("opens several copies of the template file")
def test_closed_databases_and_their_engines_are_freed(template_path: Path,
                                                      tmp_path: Path) -> None:
    refs = []
    for number in range(3):
        path = tmp_path / f"copy{number}.crmdb"
        shutil.copyfile(template_path, path)
        refs.append(_work_and_close(path, f"组{number}"))
    gc.collect()
    assert [(database(), engine()) for database, engine in refs] == [(None, None)] * 3


def test_a_closed_database_is_freed(db_path: Path) -> None:
    """Also on a server (one database, reset per test)."""
    database, engine = _work_and_close(db_path, "新组")
    gc.collect()
    assert database() is None
    assert engine() is None


@pytest.mark.sqlite_only("damages a page of the .crmdb file while it is open")
def test_damage_is_still_noticed_while_working(db_path: Path) -> None:
    """The weakly held listener still flags the open database as damaged."""
    from tests.unit.test_security_holes import _damage_an_index

    _damage_an_index(db_path)
    database = open_database(db_path)
    try:
        with pytest.raises(Exception, match="damaged"), database.transaction() as s:
            accounts.login(s, "staff1", PASSWORD)
        assert database.damage
    finally:
        database.close()


def test_no_dialect_of_an_earlier_test_is_kept(db: Database, users) -> None:  # type: ignore[no-untyped-def]
    """The autouse ``mapper_statement_caches_emptied`` (tests/conftest.py): the mappers'
    statement caches hold this test's dialect at most, none of the tests before it."""
    from sqlalchemy.orm import mapperlib

    with db.transaction() as s:
        accounts.create_team(s, users.admin, "本测试的组")
    dialects = {key[0] for registry in mapperlib._all_registries()
                for mapper in registry.mappers
                for key in list(mapper.__dict__.get("_compiled_cache", {}).keys())}
    assert dialects <= {db.engine.dialect}
