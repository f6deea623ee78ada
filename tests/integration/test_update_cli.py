"""``crmdesk update`` (issue 15, item 5): the count first, asks unless --yes, the same
rules as the form, refusals counted; one line and exit 2 for a mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crmdesk import cli
from crmdesk.core.models import Customer
from crmdesk.core.services.customers import customers
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD


@pytest.fixture
def shop(db_path: Path, users, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    with db.transaction() as s:
        for n, city in enumerate(("北京市", "北京市", "上海市")):
            customers.create(s, users.staff1, {"name": f"客户{n}", "city": city})
        customers.create(s, users.staff2, {"name": "别人的客户", "city": "北京市"})
    db.close()
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    return db_path


def levels(path: Path) -> dict[str, str | None]:
    db = open_database(path)
    try:
        with db.session() as s:
            return dict(s.execute(select(Customer.name, Customer.intent_level)).all())
    finally:
        db.close()


def test_update_counts_first_and_changes_only_what_the_user_sees(shop: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["update", str(shop), "customer", "--set", "intent_level=A", "--filter",
            "city=北京市", "--user", "staff1"]
    # without --yes and without a terminal to ask on: nothing changes, exit 2
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert "This will change 2 records." in out
    assert "--yes" in err and len(err.strip().splitlines()) == 1
    assert set(levels(shop).values()) == {None}

    assert cli.main([*argv, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "This will change 2 records." in out and "Changed 2 records" in out
    assert levels(shop) == {"客户0": "A", "客户1": "A", "客户2": None, "别人的客户": None}


def test_update_refuses_a_guarded_field_and_a_bad_value_in_one_line(shop: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["update", str(shop), "customer", "--set", "owner_id=staff2",
                     "--user", "staff1", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "give customers to another owner" in err and "Traceback" not in err
    assert cli.main(["update", str(shop), "customer", "--set", "email=not-an-address",
                     "--user", "staff1", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "mail" in err.lower() and len(err.strip().splitlines()) == 1
    assert cli.main(["update", str(shop), "customer", "--set", "intent_level",
                     "--user", "staff1", "--yes"]) == 2
    assert "FIELD=VALUE" in capsys.readouterr().err


def test_update_by_id_reports_records_it_may_not_touch(shop: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = open_database(shop)
    with db.session() as s:
        ids = dict(s.execute(select(Customer.name, Customer.id)).all())
    db.close()
    assert cli.main(["update", str(shop), "customer", "--set", "intent_level=H",
                     "--id", str(ids["客户2"]), "--id", str(ids["别人的客户"]),
                     "--user", "staff1", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "This will change 1 records." in out
    assert "1 refused" in out and "Refused 1:" in out
    assert levels(shop)["别人的客户"] is None and levels(shop)["客户2"] == "H"
