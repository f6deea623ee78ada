"""Issue 19, item 4: every read path counts the distinct customers a user takes away.

``list``, ``show``, ``search``, ``duplicates`` and the recycle bin at the command line,
exports, reports and analyses: every role is counted against its own limit, the same
customer counts once per window, and a freeze (or, for the last administrator, a
refusal) comes before anything is printed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import AccessEvent, AuditEntry, User
from crmdesk.core.services import accounts, settings
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import AccountFrozen, PermissionDenied
from tests.conftest import PASSWORD

LIMIT = 10  # the smallest limit the settings allow


def _set(db, users, **values) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        for key, value in values.items():
            settings.set_value(s, users.admin, "security." + key, value)


def _shop(db, actor, n: int, prefix: str = "客户") -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """*n* company customers of *actor*, each with a contact, a ticket and a task."""
    made = []
    with db.transaction() as s:
        for i in range(n):
            c = customers.create(s, actor, {"name": f"{prefix}{i:02d}", "kind": "company",
                                            "mobile": f"139{i:08d}"})
            contacts.create(s, actor, {"customer_id": c.id, "name": f"联系人{i:02d}"})
            tickets.create(s, actor, {"customer_id": c.id, "subject": f"工单{i:02d}"})
            tasks.create(s, actor, {"customer_id": c.id, "title": f"任务{i:02d}"})
            made.append((c.id, c.code))
    return made


def _used(db, actor) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return accounts.guard_state(s, actor).used


def _frozen(db, user_id: int) -> bool:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.get(User, user_id).frozen_at is not None  # type: ignore[union-attr]


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# -- the attack of the issue: bulk list as staff ------------------------------------------

def test_bulk_list_as_staff_is_frozen_at_the_limit_and_prints_nothing(  # type: ignore[no-untyped-def]
        run, db, db_path, users) -> None:
    made = _shop(db, users.staff1, 15)
    _set(db, users, scrape_limit=LIMIT)
    code, out, err = run("list", str(db_path), "customer", "--limit", "100000",
                         "--user", "staff1")
    assert code == 2
    assert out == ""  # not even the header line, and no customer
    assert "frozen" in _one_line(err) and "listed" in err
    assert _frozen(db, users.staff1.user_id)
    for _cid, customer_code in made:
        assert customer_code not in out
    # the freeze holds: the next command is refused at login, with the reason
    code, out, err = run("list", str(db_path), "customer", "--user", "staff1")
    assert (code, out) == (2, "") and "frozen" in err
    with db.session() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "freeze")).scalar_one()
        assert "the last by a list" in entry.summary and "15 customers" in entry.summary
        # nothing of the refused read was recorded
        assert s.execute(select(func.count(AccessEvent.id))).scalar_one() == 0


@pytest.mark.parametrize("kind", ["contact", "ticket", "task"])
def test_lists_of_records_count_their_customers(run, db, db_path, users, kind) -> None:  # type: ignore[no-untyped-def]
    _shop(db, users.staff1, 15)
    _set(db, users, scrape_limit=LIMIT)
    code, out, err = run("list", str(db_path), kind, "--limit", "100000", "--user", "staff1")
    assert (code, out) == (2, "") and "frozen" in _one_line(err)
    assert _frozen(db, users.staff1.user_id)


def test_under_the_limit_a_list_prints_and_the_same_customer_counts_once(  # type: ignore[no-untyped-def]
        run, db, db_path, users) -> None:
    made = _shop(db, users.staff1, 8)
    _set(db, users, scrape_limit=LIMIT)
    for _ in range(3):  # the same customers listed again count nothing more
        code, out, _err = run("list", str(db_path), "customer", "--user", "staff1")
        assert code == 0 and all(c in out for _i, c in made)
        assert _used(db, users.staff1) == 8
    # their contacts, tickets and a form of one of them: still the same 8 customers
    for kind in ("contact", "ticket", "task"):
        assert run("list", str(db_path), kind, "--user", "staff1")[0] == 0
    assert run("show", str(db_path), "customer", made[0][1], "--user", "staff1")[0] == 0
    assert _used(db, users.staff1) == 8
    # three new customers: 11 > 10, frozen
    more = _shop(db, users.staff1, 3, prefix="新客户")
    code, out, err = run("list", str(db_path), "customer", "--user", "staff1")
    assert (code, out) == (2, "") and "frozen" in err
    assert not any(c in out for _i, c in more)


def test_repeated_search_is_counted(run, db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    _shop(db, users.staff1, 15)
    _set(db, users, scrape_limit=LIMIT)
    codes = []
    outs = []
    for i in range(15):  # one customer per search, each a different one
        code, out, err = run("search", str(db_path), f"客户{i:02d}", "--limit", "1",
                             "--user", "staff1")
        codes.append(code)
        outs.append(out)
        if code == 2:
            assert out == "" and "frozen" in _one_line(err)
            break
    assert codes == [0] * LIMIT + [2]
    assert all(outs[:LIMIT]) and _frozen(db, users.staff1.user_id)


def test_duplicates_listing_is_counted(run, db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        for i in range(6):  # 6 pairs: 12 customers printed
            for name in (f"杭州云帆{i}科技", f"杭州云帆{i}科技有限公司"):
                customers.create(s, users.staff1, {"name": name, "kind": "company",
                                                   "mobile": f"1380000{i:04d}"})
    _set(db, users, scrape_limit=LIMIT)
    code, out, err = run("duplicates", str(db_path), "--user", "staff1")
    assert (code, out) == (2, "") and "frozen" in _one_line(err)


def test_show_counts_the_customer_of_any_record(run, db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    made = _shop(db, users.staff1, 11)
    _set(db, users, scrape_limit=LIMIT)
    with db.session() as s:
        ticket_ids = list(s.execute(select(func.min(tickets.model.id)).group_by(
            tickets.model.customer_id).order_by(tickets.model.customer_id)).scalars())
    for ticket_id in ticket_ids[:LIMIT]:  # a ticket shows its customer
        assert run("show", str(db_path), "ticket", str(ticket_id), "--user", "staff1")[0] == 0
    assert _used(db, users.staff1) == LIMIT
    code, out, err = run("show", str(db_path), "customer", made[-1][1], "--user", "staff1")
    assert (code, out) == (2, "") and "frozen" in _one_line(err)


# -- every role, with its own limit --------------------------------------------------------

def test_a_manager_is_counted_with_the_managers_limit(run, db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    _shop(db, users.staff1, 15)  # staff1 is in the manager's team
    _set(db, users, scrape_limit=LIMIT)
    # the staff limit does not apply to managers: they have their own (2000 by default)
    assert run("list", str(db_path), "customer", "--user", "manager")[0] == 0
    assert _used(db, users.manager) == 15
    _set(db, users, scrape_limit_manager=LIMIT + 10)
    _shop(db, users.staff1, 6, prefix="新客户")
    code, out, err = run("list", str(db_path), "customer", "--user", "manager")
    assert (code, out) == (2, "") and "frozen" in _one_line(err)
    assert _frozen(db, users.manager.user_id)


def test_an_admin_is_frozen_when_another_admin_can_unfreeze(run, db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        accounts.create_user(s, users.admin, "admin2", PASSWORD, "admin")
    _shop(db, users.staff1, 15)
    _set(db, users, scrape_limit_admin=LIMIT)
    code, out, err = run("list", str(db_path), "customer", "--user", "admin")
    assert (code, out) == (2, "") and "frozen" in _one_line(err)
    assert _frozen(db, users.admin.user_id)
    with db.transaction() as s:
        admin2 = accounts.login(s, "admin2", PASSWORD)
        accounts.unfreeze(s, admin2, users.admin.user_id)
    assert run("list", str(db_path), "customer", "--limit", "5", "--user", "admin")[0] == 0


def test_the_last_admin_is_refused_not_frozen(run, db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    made = _shop(db, users.staff1, 15)
    _set(db, users, scrape_limit_admin=LIMIT)
    code, out, err = run("list", str(db_path), "customer", "--user", "admin")
    assert (code, out) == (2, "")
    line = _one_line(err)
    assert "last active administrator" in line and "security.scrape_limit_admin" in line
    assert not _frozen(db, users.admin.user_id)
    assert _used(db, users.admin) == 0  # the refused read was not counted
    # a smaller read still works, and the admin can still raise the limit
    code, out, _err = run("list", str(db_path), "customer", "--limit", "5", "--user", "admin")
    assert code == 0 and made[0][1] in out
    assert run("setting", "set", str(db_path), "security.scrape_limit_admin", "100",
               "--user", "admin")[0] == 0
    assert run("list", str(db_path), "customer", "--user", "admin")[0] == 0
    with db.session() as s:
        actions = [a for (a,) in s.execute(select(AuditEntry.action))]
    assert "read_refused" in actions and "freeze" not in actions


def test_a_frozen_admin_does_not_count_as_the_other_admin(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        other = accounts.create_user(s, users.admin, "admin2", PASSWORD, "admin")
        other.frozen_at = other.created_at
    made = _shop(db, users.staff1, 12)
    _set(db, users, scrape_limit_admin=LIMIT)
    with pytest.raises(accounts.ReadLimitError), db.transaction() as s:
        accounts.record_access(s, users.admin, "list", [cid for cid, _ in made])
    assert not _frozen(db, users.admin.user_id)


# -- switching counting off: administrators only --------------------------------------------

def test_only_an_admin_turns_counting_off(run, db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    _shop(db, users.staff1, 15)
    _set(db, users, scrape_limit=LIMIT)
    for who in (users.manager, users.staff1):
        with pytest.raises(PermissionDenied), db.transaction() as s:
            settings.set_value(s, who, "security.scrape_count_staff", False)
    code, _out, err = run("setting", "set", str(db_path), "security.scrape_count_staff", "off",
                          "--user", "manager")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert run("setting", "set", str(db_path), "security.scrape_count_staff", "off",
               "--user", "admin")[0] == 0
    code, out, _err = run("list", str(db_path), "customer", "--user", "staff1")
    assert code == 0 and out.count("\n") == 16  # the header and 15 customers
    assert _used(db, users.staff1) == 0


def test_the_old_managers_switch_is_the_managers_counting(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        # managers are counted by default now (they were not before)
        assert accounts.guard_applies(s, users.manager)
        assert settings.get(s, "security.scrape_guard_managers") is True
    with db.transaction() as s:
        settings.set_value(s, users.admin, "security.scrape_guard_managers", False)
    with db.session() as s:
        assert settings.get(s, "security.scrape_count_manager") is False
        assert not accounts.guard_applies(s, users.manager)
        assert accounts.guard_applies(s, users.staff1) and accounts.guard_applies(s, users.admin)


# -- the count itself -----------------------------------------------------------------------

def test_distinct_customers_plus_old_unnamed_counts(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        # a row from before schema 0005: a count without customers
        s.add(AccessEvent(user_id=users.staff1.user_id, kind="export", count=4))
        accounts.record_access(s, users.staff1, "list", [1, 2, 2, 3, None])
        accounts.record_access(s, users.staff1, "open", [3])
        accounts.record_access(s, users.staff1, "export", count=2)  # a caller with a count only
    with db.session() as s:
        assert accounts.guard_state(s, users.staff1).used == 4 + 3 + 2
        rows = s.execute(select(AccessEvent.customer_id).where(
            AccessEvent.customer_id.is_not(None))).scalars().all()
        assert sorted(rows) == [1, 2, 3]


def test_exports_count_distinct_customers(db, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.exchange.exporter import ExportRequest, export

    _shop(db, users.staff1, 6)
    export(db, users.staff1, ExportRequest("customer"), tmp_path / "c.csv")
    export(db, users.staff1, ExportRequest("ticket"), tmp_path / "t.csv")
    export(db, users.staff1, ExportRequest("contact"), tmp_path / "p.csv")
    assert _used(db, users.staff1) == 6


def test_an_export_with_counting_off_reads_no_list_of_its_customers(  # type: ignore[no-untyped-def]
        db, users, tmp_path, monkeypatch) -> None:
    """With an administrator's counting off, an export of every customer (ten million
    in a big file) does not read their ids for the guard: nothing would count them."""
    from crmdesk.exchange import exporter

    _shop(db, users.admin, 3)
    named: list[str] = []
    real = exporter._customers_in

    def spy(session, actor, request):  # type: ignore[no-untyped-def]
        named.append(request.entity)
        return real(session, actor, request)

    monkeypatch.setattr(exporter, "_customers_in", spy)
    _set(db, users, scrape_count_admin=False)
    exporter.export(db, users.admin, exporter.ExportRequest("customer"), tmp_path / "off.csv")
    assert named == [] and _used(db, users.admin) == 0
    assert len((tmp_path / "off.csv").read_text("utf-8-sig").splitlines()) == 4  # + header
    _set(db, users, scrape_count_admin=True)  # counted again: the customers are named
    exporter.export(db, users.admin, exporter.ExportRequest("customer"), tmp_path / "on.csv")
    assert named == ["customer"] and _used(db, users.admin) == 3


def test_a_read_of_100000_customers_by_an_admin_is_one_batch(db, users) -> None:  # type: ignore[no-untyped-def]
    """100,000 customers read at once are counted with a handful of statements (one
    batch of inserts), not one per customer: what keeps such a read under a second.
    Counted, not timed: a unit test's clock depends on the machine's load."""
    from sqlalchemy import event

    _set(db, users, scrape_limit_admin=10_000_000)
    ids = list(range(1, 100_001))
    statements: list[str] = []

    def _count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        with db.transaction() as s:
            accounts.record_access(s, users.admin, "export", ids)
        first = len(statements)
        with db.transaction() as s:  # the same customers again: nothing new to write
            accounts.record_access(s, users.admin, "export", ids)
        again = len(statements) - first
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
    assert _used(db, users.admin) == 100_000
    assert first < 20 and again < 20, (first, again)


def test_frozen_message_says_nothing_was_shown(db, users) -> None:  # type: ignore[no-untyped-def]
    _set(db, users, scrape_limit=LIMIT)
    with pytest.raises(AccountFrozen) as info, db.transaction() as s:
        accounts.record_access(s, users.staff1, "search", range(1, 12))
    assert "opened, listed or exported" in info.value.message
    assert "nothing of this last request was shown" in info.value.message
