"""``crmdesk stage ...`` and custom fields of interactions and tasks at the command line:
as the README prints them, exit 2 and one line for what the user can fix."""

from __future__ import annotations

import pytest

from crmdesk import cli
from crmdesk.core.services import accounts, custom_fields
from crmdesk.core.services.customers import customers
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD


@pytest.fixture
def run(monkeypatch, capsys, db_path):  # type: ignore[no-untyped-def]
    """``run(*argv)`` -> (exit code, stdout, stderr) of ``crmdesk`` on the test database."""
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["--lang", "en", argv[0], argv[1], str(db_path), *argv[2:]]) \
            if argv[0] == "stage" else cli.main(["--lang", "en", argv[0], str(db_path),
                                                   *argv[1:]])
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


def _listed(run) -> list[list[str]]:  # type: ignore[no-untyped-def]
    code, out, err = run("stage", "list", "--user", "staff1")
    assert code == 0, err
    return [line.split("\t") for line in out.splitlines()]


def test_stage_commands_change_the_pipeline(run) -> None:  # type: ignore[no-untyped-def]
    assert [r[1] for r in _listed(run)] == ["potential", "intent", "negotiation", "won", "lost"]
    assert _listed(run)[1] == ["2", "intent", "Intent", "", "Intent", "30", "open", "no", "0"]
    assert run("stage", "add", "visit", "--zh", "上门拜访", "--en", "Site visit",
               "--probability", "20", "--user", "admin")[0] == 0
    assert run("stage", "rename", "上门拜访", "--en", "Store visit", "--user", "admin")[0] == 0
    assert run("stage", "move", "visit", "1", "--user", "admin")[0] == 0
    assert run("stage", "probability", "Store visit", "25", "--user", "admin")[0] == 0
    rows = _listed(run)
    assert rows[0] == ["1", "visit", "Store visit", "上门拜访", "Store visit", "25", "open",
                       "no", "0"]
    assert run("stage", "retire", "visit", "--user", "admin")[0] == 0
    assert _listed(run)[0][7] == "yes"
    assert run("stage", "reinstate", "visit", "--user", "admin")[0] == 0
    assert _listed(run)[0][7] == "no"


@pytest.mark.parametrize("argv, message", [
    (("stage", "probability", "intent", "150"),
     "Probability must be a whole number from 0 to 100."),
    (("stage", "probability", "intent"), "Missing VALUE: write crmdesk stage probability"),
    (("stage", "move", "nowhere", "1"), "There is no pipeline stage nowhere"),
    (("stage", "retire", "won"), "cannot be retired"),
    (("stage", "add", "Bad Key", "--en", "x"), "Stage key is not valid"),
])
def test_stage_mistakes_exit_2_with_one_line(run, argv, message) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(*argv, "--user", "admin")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err


def test_staff_may_list_but_not_change_stages(run) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("stage", "rename", "intent", "--en", "X", "--user", "staff1")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_retire_with_opportunities_needs_move_to(run, db_path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    with db.transaction() as s:
        staff = accounts.login(s, "staff1", PASSWORD)
        code = customers.create(s, staff, {"name": "张三"}).code
    db.close()
    assert run("add", "opportunity", "title=复印机", f"customer_id={code}", "stage=Intent",
               "--user", "staff1")[0] == 0
    code_, _out, err = run("stage", "retire", "intent", "--user", "admin")
    assert code_ == 2 and "--move-to" not in err and "1 opportunities" in err
    code_, out, err = run("stage", "retire", "intent", "--move-to", "negotiation",
                          "--user", "admin")
    assert code_ == 0, err
    assert "Moved 1 opportunities." in out
    code_, _out, err = run("add", "opportunity", "title=打印机", f"customer_id={code}",
                           "stage=intent", "--user", "staff1")
    assert code_ == 2 and "retired" in err


@pytest.mark.parametrize("kind, values", [
    ("interaction", ["kind=call", "summary=电话回访"]),
    ("task", ["title=回访张三"]),
])
def test_custom_fields_of_interactions_and_tasks_at_the_command_line(run, db_path, kind,  # type: ignore[no-untyped-def]
                                                                     values) -> None:
    db = open_database(db_path)
    with db.transaction() as s:
        admin = accounts.login(s, "admin", PASSWORD)
        custom_fields.create_definition(s, admin, kind, "channel", "渠道", "choice",
                                        choices=["电话", "微信"])
        code = customers.create(s, admin, {"name": "张三",
                                           "owner_id": admin.user_id}).code
    db.close()
    status, out, err = run("add", kind, *values, f"customer_id={code}", "cf.channel=微信",
                           "--user", "admin")
    assert status == 0, err
    record = out.strip().splitlines()[-1]
    status, out, err = run("show", kind, record, "--user", "admin")
    assert status == 0, err
    assert "微信" in out
    status, out, err = run("edit", kind, record, "cf.channel=电话", "--user", "admin")
    assert status == 0, err
    status, _out, err = run("edit", kind, record, "cf.channel=短信", "--user", "admin")
    assert status == 2 and "渠道" in err
