"""Datasheet filters behind dashboard drill-throughs: long id lists."""

from __future__ import annotations

import sqlite3

from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import IN_LITERAL_LIMIT, Filter, ListQuery


def test_long_id_lists_do_not_hit_the_bound_parameter_limit(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        made = [customers.create(s, users.staff1, {"name": f"客户{n}"}).id for n in range(3)]
    wanted = [*made, *range(10**6, 10**6 + 40_000)]  # far more ids than bound parameters
    with db.session() as s:
        raw = s.connection().connection.dbapi_connection
        if isinstance(raw, sqlite3.Connection):
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # SQLite's old default
        query = ListQuery([Filter("id", "in", wanted)], sort=[("name", False)])
        assert customers.ids(s, users.admin, query) == made
        assert customers.count(s, users.admin, query) == 3
        # the scope still applies: staff2 sees none of staff1's customers
        assert customers.ids(s, users.staff2, query) == []
        # short lists and lists with None keep the usual bound parameters
        short = ListQuery([Filter("id", "in", [made[0], None])])
        assert customers.ids(s, users.admin, short) == [made[0]]
    assert len(wanted) > IN_LITERAL_LIMIT
