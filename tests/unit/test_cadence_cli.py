"""Follow-up cadence at the command line (issue 13, item 6): the settings through
``crmdesk setting``, and the rule when an interaction is logged with ``crmdesk add``."""

from __future__ import annotations

from datetime import date, timedelta


def test_cadence_settings_at_the_command_line(run, db_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run("setting", "list", str(db_path), "--user", "admin")
    assert code == 0
    assert any(line.split()[:2] == ["cadence.H", "2"] for line in out.splitlines())
    assert any(line.split()[:2] == ["cadence.status.lost", "0"] for line in out.splitlines())
    code, out, _err = run("setting", "set", str(db_path), "cadence.H", "3", "--user", "admin")
    assert code == 0
    code, out, _err = run("setting", "set", str(db_path), "cadence.status.lost", "60",
                          "--user", "admin")
    assert code == 0
    code, out, _err = run("setting", "list", str(db_path), "--user", "admin")
    assert any(line.split()[:2] == ["cadence.H", "3"] for line in out.splitlines())
    assert any(line.split()[:2] == ["cadence.status.lost", "60"] for line in out.splitlines())
    # a value out of range: exit 2 and one line naming the level
    code, out, err = run("setting", "set", str(db_path), "cadence.A", "0", "--user", "admin")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "intent level A" in err and "between 1 and 365" in err
    code, out, err = run("setting", "set", str(db_path), "cadence.C", "a month", "--user",
                         "admin")
    assert code == 2 and "intent level C" in err
    # administrators only
    code, out, err = run("setting", "set", str(db_path), "cadence.B", "9", "--user", "staff1")
    assert code == 2 and "change settings" in err


def test_logging_an_interaction_plans_the_next_follow_up(run, db_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("add", str(db_path), "customer", "name=王先生", "intent_level=A",
                         "--user", "staff1")
    assert code == 0, err
    customer_code = out.split()[0]
    code, out, err = run("add", str(db_path), "interaction", f"customer_id={customer_code}",
                         "kind=call", "summary=试驾预约", "--user", "staff1")
    assert code == 0, err
    code, out, err = run("show", str(db_path), "customer", customer_code, "--user", "staff1",
                         "--json")
    assert code == 0, err
    assert (date.today() + timedelta(days=7)).isoformat() in out
    code, out, err = run("list", str(db_path), "task", "--user", "staff1")
    assert code == 0 and "试驾预约" in out
