"""The command line through the services: merging a group of duplicates, references
in add/edit resolved as an import resolves them, and ``info``'s row counts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from crmdesk.core.models import Customer, Interaction
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD


def _customers(db_path: Path, owner: str, names: list[str]) -> list[str]:
    from crmdesk.core.services import accounts

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, owner, PASSWORD)
            made = [customers.create(s, actor, {"name": n, "kind": "company"}) for n in names]
            return [c.code for c in made]
    finally:
        db.close()


def _live_codes(db_path: Path) -> set[str]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return set(s.execute(select(Customer.code).where(
                Customer.deleted_at.is_(None))).scalars())
    finally:
        db.close()


def test_duplicates_merge_a_group_and_refuse_a_pick_from_outside_it(run, db_path) -> None:  # type: ignore[no-untyped-def]
    a, b, c, d = _customers(db_path, "staff1", ["杭州云帆科技", "云帆科技", "杭州云帆",
                                                "宁波海港物流"])
    code, _out, err = run("duplicates", str(db_path), "--user", "manager", "--merge", a, b,
                          "--keep", f"name={d}")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "name" in err and "one of the customers being merged" in err
    code, _out, err = run("duplicates", str(db_path), "--user", "manager", "--merge", a)
    assert code == 2 and "at least one customer" in err
    assert {a, b, c, d} <= _live_codes(db_path)  # nothing was merged

    code, out, err = run("duplicates", str(db_path), "--user", "manager", "--merge", a, b, c,
                         "--keep", f"name={c}")
    assert code == 0, err
    assert f"Merged 2 customers into {a}" in out
    assert a in _live_codes(db_path) and not {b, c} & _live_codes(db_path)
    first_merge = out.split("(merge ")[1].split(",")[0]
    code, out, err = run("duplicates", str(db_path), "--user", "manager", "--undo", first_merge)
    assert code == 0, err
    assert f"{b} is back" in out


def test_add_and_edit_find_a_contact_of_the_records_customer(run, db_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts

    first, second = _customers(db_path, "staff1", ["苏州明湖电子", "无锡太湖机械"])
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            for customer_code in (first, second):  # the same name at both customers
                owner = customers.by_code(s, actor, customer_code)
                contacts.create(s, actor, {"customer_id": owner.id, "name": "周杰"})
    finally:
        db.close()
    code, out, err = run("add", str(db_path), "interaction", f"customer_id={second}",
                         "summary=电话回访", "contact_id=周杰", "--user", "staff1")
    assert code == 0, err
    record = out.strip()
    code, _out, err = run("edit", str(db_path), "interaction", record, "contact_id=周杰",
                          "summary=再次回访", "--user", "staff1")
    assert code == 0, err  # found among the contacts of the interaction's own customer
    code, _out, err = run("edit", str(db_path), "interaction", record, "contact_id=无名氏",
                          "--user", "staff1")
    assert code == 2 and "无名氏 is not a contact of this customer" in err
    db = open_database(db_path)
    try:
        with db.session() as s:
            saved = s.execute(select(Interaction).where(
                Interaction.summary == "再次回访")).scalar_one()
            owner = s.execute(select(Customer).where(Customer.code == second)).scalar_one()
            assert saved.customer_id == owner.id
            assert saved.contact_id is not None
    finally:
        db.close()


def test_info_counts_the_rows_of_every_table(run, db_path) -> None:  # type: ignore[no-untyped-def]
    _customers(db_path, "staff1", ["广州南沙建材", "深圳前海数据"])
    code, out, err = run("info", str(db_path))
    assert code == 0, err
    rows = dict(line.split("\t", 1) for line in out.splitlines())
    assert rows["customers"] == "2" and rows["users"] == "6" and rows["teams"] == "2"
    assert rows["schema"] not in ("", "None")


def test_user_list_shows_a_lock_only_while_it_lasts(run, db_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from crmdesk.core.models import User, utcnow

    def states() -> dict[str, str]:
        code, out, err = run("user", "list", str(db_path), "--user", "admin")
        assert code == 0, err
        return {line.split("\t")[0]: line.split("\t")[4] for line in out.splitlines()}

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            for name, until in (("staff1", utcnow() + timedelta(minutes=10)),
                                ("staff2", utcnow() - timedelta(minutes=10))):
                user = s.execute(select(User).where(User.username == name)).scalar_one()
                user.locked_until = until
    finally:
        db.close()
    shown = states()
    assert shown["staff1"] == "locked"
    assert shown["staff2"] == "active"  # the lock ran out: staff2 can log in
    assert shown["admin"] == "active"
