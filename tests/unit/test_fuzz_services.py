"""Generated bad input against every service's create and update, and passwords.

A write either succeeds or is refused with a KnownError (ValidationError ...); a
refused write changes no row: the row counts and a checksum of every table are
the same before and after.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from crmdesk.core.fields import FIELDS
from crmdesk.core.services import accounts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.registry import SERVICES
from crmdesk.errors import AuthError, KnownError
from tests.conftest import PASSWORD, fuzz_examples, generated_case
from tests.unit.test_fuzz_validation import BAD_VALUES


def table_checksum(path: Path | str) -> str:
    """Counts and contents of every table (a refused write must leave them as they were):
    of the file, or of the server database at the URL *path* (CRMDESK_TEST_PG_URL)."""
    if isinstance(path, str) and "://" in path:
        return _server_checksum(path)
    digest = hashlib.sha256()
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.text_factory = bytes
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        for table in tables:
            table_name = table.decode()
            rows = conn.execute(f'SELECT * FROM "{table_name}"').fetchall()  # noqa: S608
            digest.update(f"{table_name}:{len(rows)}".encode())
            for row in sorted(repr(r) for r in rows):
                digest.update(row.encode())
    finally:
        conn.close()
    return digest.hexdigest()


def _server_checksum(url: str) -> str:
    digest = hashlib.sha256()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                " 'public' AND table_type = 'BASE TABLE' ORDER BY 1")).scalars().all()
            for table_name in tables:
                rows = conn.execute(text(f'SELECT * FROM "{table_name}"')).fetchall()  # noqa: S608
                digest.update(f"{table_name}:{len(rows)}".encode())
                for row in sorted(repr(tuple(r)) for r in rows):
                    digest.update(row.encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


@pytest.fixture
def seeded(db, users, db_path):  # type: ignore[no-untyped-def]
    """A customer to refer to, and the file (or server URL) to checksum."""
    _KNOWN.clear()  # a server's URL is the same from test to test: its checksum is not
    with db.transaction() as s:
        customer = customers.create(s, users.admin, {"name": "王一公司", "kind": "company",
                                                     "mobile": "13812345678"})
        ids = {"customer": customer.id, "user": users.staff1.user_id}
    return db, users, db_path, ids


def _value(kind: str, ids: dict[str, int]) -> st.SearchStrategy[Any]:
    """Mostly bad values; sometimes a real reference, so that more writes get through."""
    good = st.sampled_from([ids["customer"]]) if kind == "customer" else (
        st.sampled_from([ids["user"]]) if kind == "user" else st.nothing())
    return st.one_of(BAD_VALUES, good) if kind in ("customer", "user") else BAD_VALUES


@st.composite
def _writes(draw: st.DrawFn, ids: dict[str, int]) -> tuple[str, dict[str, Any]]:
    entity = draw(st.sampled_from(sorted(SERVICES)))
    specs = [spec for spec in FIELDS[entity] if spec.editable]
    data: dict[str, Any] = {}
    for spec in draw(st.lists(st.sampled_from(specs), unique_by=lambda s: s.key,
                              max_size=len(specs))):
        data[spec.key] = draw(_value(spec.kind, ids))
    return entity, data


_KNOWN: dict[Path | str, str] = {}  # file -> its checksum after the last write that succeeded


def _refused_changes_nothing(db, path: Path, write) -> bool:  # type: ignore[no-untyped-def]
    """Run *write*; if refused, the tables must be exactly as before it."""
    before = _KNOWN.get(path) or table_checksum(path)
    try:
        with db.transaction() as s:
            write(s)
    except KnownError as exc:
        assert exc.message and "\n" not in exc.message.strip()
        assert table_checksum(path) == before, "a refused write changed the file"
        _KNOWN[path] = before
        return False
    _KNOWN.pop(path, None)  # changed: measured again before the next write
    return True


def test_services_create_or_refuse_cleanly(seeded) -> None:  # type: ignore[no-untyped-def]
    db, users, path, ids = seeded

    @settings(max_examples=fuzz_examples(300))
    @given(write=_writes(ids), actor=st.sampled_from(["admin", "staff1"]))
    def run(write: tuple[str, dict[str, Any]], actor: str) -> None:
        generated_case()
        entity, data = write
        _refused_changes_nothing(db, path, lambda s: SERVICES[entity].create(
            s, getattr(users, actor), data))

    run()


def test_services_update_or_refuse_cleanly(seeded) -> None:  # type: ignore[no-untyped-def]
    db, users, path, ids = seeded
    targets: dict[str, int] = {}
    with db.transaction() as s:  # one valid record of each kind to edit
        base = {"customer_id": ids["customer"], "name": "x", "title": "x", "subject": "x",
                "summary": "x", "kind": "call", "occurred_at": "2024-05-01 10:00",
                "stage": "potential", "code": "FZ1", "order_date": "2024-05-01"}
        for entity, service in SERVICES.items():
            keys = {spec.key for spec in FIELDS[entity] if spec.editable}
            data = {k: v for k, v in base.items() if k in keys}
            if entity != "interaction":
                data.pop("kind", None)
            if entity == "purchase_order":  # its supplier: the one made just before
                data["supplier_id"] = targets["supplier"]
            if entity == "delivery":  # a note of the order made before, given a line
                order = SERVICES["order"].set_lines(s, users.admin, targets["order"],
                                                    [{"description": "x"}])
                data["order_number"] = order.number
            if entity in ("stock_movement", "stock_level"):  # stock of the product made before
                data.update(kind="receipt", product_id=targets["product"], quantity=1,
                            on_hand=1)
                data = {k: v for k, v in data.items() if k in keys}
            if entity == "invoice":  # issued from the order made before, once shipped
                from crmdesk.core.services.deliveries import deliveries

                deliveries.ship(s, users.admin, targets["delivery"])
                targets[entity] = SERVICES["invoice"].issue(  # type: ignore[attr-defined]
                    s, users.admin, targets["order"]).id
                continue
            if entity == "payment":
                data["amount_cents"] = "1"
            targets[entity] = service.create(s, users.admin, data).id

    @settings(max_examples=fuzz_examples(300))
    @given(write=_writes(ids))
    def run(write: tuple[str, dict[str, Any]]) -> None:
        generated_case()
        entity, data = write
        _refused_changes_nothing(db, path, lambda s: SERVICES[entity].update(
            s, users.admin, targets[entity], data))

    run()


_passwords = st.one_of(st.text(), st.text(max_size=8), st.binary().map(
    lambda b: b.decode("latin-1")), st.sampled_from([PASSWORD, "", " " * 20, "\x00" * 9,
                                                     "a" * 100_000, "密码" * 10]))


def test_passwords_login_and_rules(seeded) -> None:  # type: ignore[no-untyped-def]
    db, users, path, _ids = seeded

    @settings(max_examples=fuzz_examples(150))
    @given(name=st.one_of(st.sampled_from(["staff3", "admin", "nobody", ""]), st.text()),
           password=_passwords, new=_passwords)
    def run(name: str, password: str, new: str) -> None:
        generated_case()
        try:
            with db.transaction() as s:
                accounts.login(s, name, password)
        except AuthError as exc:
            assert exc.message
        _KNOWN.pop(path, None)  # a login records the attempt
        try:
            accounts.check_password_rules(new, name)
        except KnownError as exc:
            assert exc.message
        _refused_changes_nothing(db, path, lambda s: accounts.create_user(
            s, users.admin, name, new, "staff"))

    run()
