"""``crmdesk status ...`` and ``crmdesk ticket move|history`` as a user types them."""

from __future__ import annotations

import pytest


@pytest.fixture
def code(run, db_path) -> str:  # type: ignore[no-untyped-def]
    rc, out, err = run("add", str(db_path), "customer", "name=张三", "--user", "staff1")
    assert rc == 0, err
    rc, out, err = run("add", str(db_path), "ticket", "customer_id=张三", "subject=打印机卡纸",
                       "--user", "staff1")
    assert rc == 0, err
    return out.strip()


def test_status_commands_add_rename_reorder_colour_retire(run, db_path) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    assert run("status", "add", f, "parts", "--en", "Waiting for parts", "--zh", "等配件",
               "--category", "waiting", "--colour", "#FFA000", "--user", "admin")[0] == 0
    assert run("status", "rename", f, "等配件", "--en", "Parts on order", "--user", "admin")[0] == 0
    assert run("status", "move", f, "parts", "2", "--user", "admin")[0] == 0
    assert run("status", "colour", f, "parts", "none", "--user", "admin")[0] == 0
    rc, out, _err = run("status", "list", f, "--user", "admin")
    lines = [line.split("\t") for line in out.splitlines()]
    assert rc == 0 and lines[1][:8] == ["2", "parts", "Parts on order", "等配件",
                                        "Parts on order", "Waiting", "", "no"]
    assert lines[0][1] == "new" and lines[0][7] == "yes"
    assert run("status", "retire", f, "parts", "--user", "admin")[0] == 0
    assert run("status", "list", f, "--user", "admin")[1].splitlines()[1].split("\t")[8] == "yes"
    # only administrators; mistakes exit 2 with one line naming the fix
    rc, _out, err = run("status", "add", f, "x1", "--en", "X", "--user", "manager")
    assert rc == 2 and "only" in err
    rc, _out, err = run("status", "colour", f, "new", "orange", "--user", "admin")
    assert rc == 2 and "#RRGGBB" in err and len(err.strip().splitlines()) == 1
    rc, _out, err = run("status", "move", f, "new", "--user", "admin")
    assert rc == 2 and "crmdesk status move FILE STATUS POSITION" in err


def test_retiring_a_status_in_use_from_the_command_line(run, db_path, code) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    assert run("ticket", "move", f, code, "in_progress", "--user", "staff1")[0] == 0
    rc, _out, err = run("status", "retire", f, "in_progress", "--user", "admin")
    assert rc == 2 and "still holds 1 tickets" in err
    rc, out, err = run("status", "retire", f, "in_progress", "--move-to", "Waiting for customer",
                       "--user", "admin")
    assert rc == 0 and "Moved 1 tickets." in out, err


def test_ticket_move_and_history(run, db_path, code) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    rc, out, err = run("ticket", "move", f, code, "Resolved", "--comment", "换了硒鼓",
                       "--user", "staff1")
    assert rc == 0 and "Resolved" in out, err
    # options after the positional arguments, as everywhere
    rc, out, err = run("ticket", "history", f, code, "--user", "staff1")
    assert rc == 0, err
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0][1] == "李娜" and rows[0][2].startswith("opened")
    assert rows[-1][1:] == ["李娜", "Status: New → Resolved", "换了硒鼓"]


def test_a_refused_move_names_the_allowed_ones_and_a_manager_reopens(run, db_path, code) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    assert run("ticket", "move", f, code, "closed", "--user", "staff1")[0] == 0
    rc, _out, err = run("ticket", "move", f, code, "in_progress", "--user", "staff1")
    assert rc == 2 and len(err.strip().splitlines()) == 1
    assert "Manager" in err and "you may move it to: Resolved" in err
    rc, _out, err = run("ticket", "move", f, code, "in_progress", "--comment", "客户说又坏了",
                        "--user", "manager")
    assert rc == 0, err
    # the grid from the command line: nobody may close a new ticket directly
    rc, out, err = run("status", "allow", f, "new", "closed", "--roles", "none",
                       "--user", "admin")
    assert rc == 0, err
    rc, out, _err = run("status", "transitions", f, "--user", "admin")
    assert "New\tClosed" not in out and "Closed\tIn progress\tadmin,manager" in out
    rc, _out, err = run("status", "allow", f, "new", "closed", "--roles", "boss",
                        "--user", "admin")
    assert rc == 2 and "boss" in err
    rc, _out, err = run("ticket", "move", f, code, "nowhere", "--user", "staff1")
    assert rc == 2 and "crmdesk status list" in err
