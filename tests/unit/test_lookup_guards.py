"""A typed id beyond any INTEGER column or a name with a NUL character is "not found" (or a
field error), never a crash: PostgreSQL refuses both in a query where SQLite finds
nothing.  Runs on both backends (CRMDESK_TEST_PG_URL: PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from crmdesk.core.lookup import fits_id, fits_text, get_row, row_limit, shown_text
from crmdesk.errors import AuthError, KnownError, NotFound, ValidationError
from tests.conftest import PASSWORD

#: beyond 32 bits (PostgreSQL INTEGER), beyond 64 bits (BIGINT), a name with a NUL
BEYOND_32 = 3_000_000_000
BEYOND_64 = 10**20
NUL = "ab\x00c"


def test_the_guards() -> None:
    assert fits_id(1) and fits_id(2**31 - 1) and fits_id(-(2**31))
    assert not fits_id(2**31) and not fits_id(BEYOND_64) and not fits_id(True)
    assert not fits_id("1") and not fits_id(None)
    assert fits_text("李娜") and not fits_text(NUL) and not fits_text(None)
    assert shown_text(NUL) == "ab\ufffdc" and len(shown_text("x" * 100)) == 64
    assert (row_limit(-1), row_limit(20), row_limit(BEYOND_64)) == (0, 20, 2**31 - 1)


# -- services --------------------------------------------------------------------------

@pytest.mark.parametrize("user_id", [BEYOND_32, BEYOND_64])
def test_accounts_by_id_is_not_found(db, users, user_id: int) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.models import User
    from crmdesk.core.services import accounts

    with db.session() as s:
        assert get_row(s, User, user_id) is None
        with pytest.raises(NotFound):
            accounts.account_summary(s, users.admin, user_id)
        with pytest.raises(NotFound):
            accounts.actor_for(s, user_id, None)


def test_accounts_by_name_with_nul_is_not_found(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts

    with db.session() as s:
        with pytest.raises(NotFound) as found:
            accounts.user_by_name(s, NUL)
        assert "ab\ufffdc" in found.value.message
        with pytest.raises(NotFound):
            accounts.team_by_name(s, NUL)
        assert accounts.user_by_name(s, "staff1").username == "staff1"
    with db.transaction() as s, pytest.raises(AuthError):
        accounts.login(s, "staff\x001", PASSWORD)


@pytest.mark.parametrize("code", [NUL, str(BEYOND_32), str(BEYOND_64), "KB\x0000001"])
def test_knowledge_by_code_is_not_found(db, users, code: str) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import knowledge

    with db.session() as s:
        with pytest.raises(KnownError):
            knowledge.by_code(s, users.admin, code)
        with pytest.raises(KnownError):
            knowledge.get(s, users.admin, BEYOND_64)


def test_ticket_assignment_refuses_unknown_users_and_teams(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import ticket_assignment as rules

    with db.transaction() as s:
        for find in (rules.find_user, rules.find_team, rules.find_product,
                     rules.find_customer):
            with pytest.raises(ValidationError):
                find(s, NUL)
        for target in ({"user_id": BEYOND_32}, {"user_id": BEYOND_64},
                       {"team_id": BEYOND_32}):
            with pytest.raises(ValidationError) as refused:
                rules.add_rule(s, users.admin, **target)
            assert refused.value.errors[0].field in ("user", "team")
        for condition in ({"product_id": BEYOND_64}, {"customer_id": BEYOND_32}):
            with pytest.raises(ValidationError):
                rules.add_rule(s, users.admin, user_id=users.staff1.user_id, **condition)
        assert rules.all_rules(s) == []


def test_records_by_id_and_code(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.tickets import tickets

    with db.transaction() as s:
        kept = customers.create(s, users.staff1, {"name": "北京远大"})
        for service in (customers, tickets):
            for bad in (BEYOND_32, BEYOND_64):
                with pytest.raises(NotFound):
                    service.get(s, users.admin, bad)
            with pytest.raises(NotFound):
                service.by_code(s, users.admin, NUL)
        assert customers.records(s, users.admin, [BEYOND_64, kept.id, BEYOND_32]) == [kept]


def test_other_lookups(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core import filters, search
    from crmdesk.core.services import audit, handover, merging, stocktake

    with db.session() as s:
        assert search.search(s, users.admin, NUL) == []
        assert audit.entries(s, users.admin, audit.AuditFilter(username=NUL)) == []
        assert audit.entries(s, users.admin, limit=BEYOND_64)  # the whole log
        assert merging.pending_merge(s, BEYOND_64) is None
        with pytest.raises(NotFound):
            merging.undo(s, users.admin, BEYOND_32)
        with pytest.raises(NotFound):
            stocktake.find_warehouse(s, NUL)
        with pytest.raises(NotFound):
            stocktake.find_warehouse(s, str(BEYOND_32))
        for who in ({"from_user": NUL, "to_user": "staff2"},
                    {"from_user": "staff1", "to_user": BEYOND_64}):
            with pytest.raises(ValidationError):
                handover.preview(s, users.admin, **who)
        for text in (f"owner_id={BEYOND_32}", f"owner_id={NUL}", f"city={NUL}",
                     f"customer_id={BEYOND_64}"):
            with pytest.raises(ValidationError):
                filters.parse_filters(s, users.admin, "ticket" if "customer" in text
                                      else "customer", [text])


# -- the command line --------------------------------------------------------------------

CLI_CASES: list[tuple[str, ...]] = [
    ("show", "{db}", "customer", str(BEYOND_32)),
    ("show", "{db}", "ticket", str(BEYOND_64)),
    ("show", "{db}", "customer", NUL),
    ("edit", "{db}", "customer", NUL, "name=x"),
    ("user", "set", "{db}", NUL, "--display-name", "x"),
    ("user", "disable", "{db}", NUL),
    ("user", "set", "{db}", "staff1", "--team", NUL),
    ("ticket", "move", "{db}", NUL, "closed"),
    ("ticket", "rules", "add", "{db}", "--assignee", NUL),
    ("ticket", "rules", "add", "{db}", "--team", NUL),
    ("kb", "show", "{db}", NUL),
    ("kb", "show", "{db}", str(BEYOND_32)),
    ("kb", "show", "{db}", str(BEYOND_64)),
    ("attachment", "delete", "{db}", str(BEYOND_32)),
    ("attachment", "list", "{db}", "customer", NUL),
    ("plan", "show", "{db}", str(BEYOND_64)),
    ("plan", "list", "{db}", "--person", NUL),
    ("bank", "ignore", "{db}", str(BEYOND_32)),
    ("recycle", "restore", "{db}", "customer", str(BEYOND_32)),
    ("duplicates", "{db}", "--undo", str(BEYOND_32)),
    ("invoice", "lines", "{db}", NUL),
    ("statement", "{db}", NUL),
    ("handover", "{db}", "--from", NUL, "--to", "staff2", "--yes"),
    ("calendar", "{db}", "--from", "2030-01-01", "--to", "2030-01-02", "--person", NUL),
    ("list", "{db}", "customer", "--filter", f"owner_id={BEYOND_32}"),
    ("list", "{db}", "customer", "--filter", f"city={NUL}"),
    ("add", "{db}", "ticket", f"customer_id={NUL}", "subject=x"),
    ("stock", "{db}", "--warehouse", NUL),
    ("delivery-plan", "{db}", "--warehouse", NUL),
    ("locations", "{db}", str(BEYOND_32)),
    ("user", "team-add", "{db}", NUL),
]


@pytest.mark.parametrize("argv", CLI_CASES,
                         ids=[" ".join(a).replace("\x00", "<NUL>") for a in CLI_CASES])
def test_command_line_says_not_found_in_one_line(run, db_path, argv: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    args: list[Any] = [str(db_path) if a == "{db}" else a for a in argv]
    code, _out, err = run(*args, "--user", "admin")
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("crmdesk: "), err
    assert "unexpected" not in err and "\x00" not in err


EMPTY_CASES: list[tuple[str, ...]] = [
    ("kb", "{db}", "--search", NUL),
    ("kb", "{db}", "--category", NUL),
    ("kb", "used", "{db}", "--limit", str(BEYOND_64)),
    ("diary", "{db}", "--limit", str(BEYOND_64)),
    ("audit", "list", "{db}", "--who", NUL),
    ("audit", "list", "{db}", "--limit", str(BEYOND_64)),
]


@pytest.mark.parametrize("argv", EMPTY_CASES,
                         ids=[" ".join(a).replace("\x00", "<NUL>") for a in EMPTY_CASES])
def test_command_line_lists_nothing_or_everything(run, db_path, argv: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """A search or filter no record can match lists nothing; a huge --limit lists all."""
    args: list[Any] = [str(db_path) if a == "{db}" else a for a in argv]
    code, out, err = run(*args, "--user", "admin")
    assert (code, err) == (0, "")
    if "--who" in argv:
        assert out.strip() == ""


@pytest.mark.parametrize("who", ["ad\x00min", str(BEYOND_64)])
def test_command_line_login_with_a_bad_name(run, db_path, who: str) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("list", str(db_path), "customer", "--user", who)
    assert code == 2 and err.strip() == "crmdesk: Wrong user name or password. Check both " \
                                         "and try again."
