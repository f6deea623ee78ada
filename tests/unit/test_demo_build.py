"""Building demo data: generator processes give the same file as one process, and the
file is as sound as one built row by row (same indexes, search, audit chain)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crmdesk.cli import main as cli_main
from crmdesk.core import demo, demo_rows
from crmdesk.core.services import accounts
from crmdesk.storage.database import create_database, open_database

#: what the generator decides, table by table (no timestamps: they follow the clock)
COMPARED = {
    "customers": "id, code, kind, name, mobile, phone, email, city, address, owner_id, status, "
                 "tags, match_key",
    "custom_field_values": "def_id, entity_id, value_text",
    "contacts": "id, customer_id, name, mobile, email, is_primary",
    "interactions": "id, customer_id, contact_id, kind, summary, user_id",
    "opportunities": "id, code, customer_id, title, amount_cents, stage",
    "orders": "id, number, customer_id, status, total_cents",
    "order_lines": "id, order_id, product_id, quantity, amount_cents",
    "tickets": "id, code, customer_id, contact_id, subject, priority",
    "ticket_events": "ticket_id, kind",
    "tasks": "id, customer_id, title, priority",
    "search_docs": "id, kind, ref_id, customer_id, owner_id, code, title, keys, body",
    "counters": "name, value",
}


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
                for table, columns in COMPARED.items()}
    finally:
        conn.close()


def full_text(path: Path) -> dict[str, list[int]]:
    """The documents each of some words finds, in both full-text tables: single
    characters, pairs and pinyin (short), names and phone digits (trigram), owners."""
    from crmdesk.storage.backends import owner_token, trigram_match_expression

    conn = sqlite3.connect(path)
    try:
        words: dict[str, str] = {}
        for name, mobile, keys, owner in conn.execute(
                "SELECT c.name, c.mobile, d.keys, c.owner_id FROM customers c "
                "JOIN search_docs d ON d.kind = 'customer' AND d.ref_id = c.id "
                "ORDER BY c.id LIMIT 15"):
            words[name[:1]] = words[name[:2]] = "search_short"
            if len(name) >= 3:
                words[name] = "search_tri"
            if mobile:
                words[mobile[-6:]] = "search_tri"
            for key in (keys or "").split():
                words[key] = "search_short"
            words[owner_token(owner)] = "search_short"
        return {f"{table}:{word}": [r[0] for r in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid",
            (trigram_match_expression(word) if table == "search_tri" else f'"{word}"',))]
            for word, table in words.items()}
    finally:
        conn.close()


def schema(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 100 customers, generator processes from 2 batches on."""
    monkeypatch.setattr(demo_rows, "BATCH", 100)
    monkeypatch.setattr(demo, "PARALLEL_FROM", 0)


def test_generator_processes_build_the_same_sound_file(
        tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = tmp_path / "serial.crmdb"
    parallel = tmp_path / "parallel.crmdb"
    demo.build_demo(serial, customers=450, seed=7, workers=0)
    monkeypatch.setattr(demo, "COMMIT_EVERY", 100)  # committed in parts, as a big demo is
    result = demo.build_demo(parallel, customers=450, seed=7, workers=2)
    assert result.counts["customers"] == 450

    # the same records, numbered the same way, whoever made which batch
    assert snapshot(parallel) == snapshot(serial)
    contacts = snapshot(parallel)["contacts"]
    assert [r[0] for r in contacts] == list(range(1, len(contacts) + 1))

    # the same full-text index (written from staging files by the parallel build)
    assert full_text(parallel) == full_text(serial)

    # the very schema of a new file: every index dropped for the load is back
    empty = tmp_path / "empty.crmdb"
    create_database(empty).close()
    assert schema(parallel) == schema(empty)

    conn = sqlite3.connect(parallel)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for fts in ("search_tri", "search_short"):
            conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 0)")
        # every trigram row ends with its kind's word, as the application writes it
        from crmdesk.storage.backends import kind_trigram

        for kind, count in conn.execute("SELECT kind, count(*) FROM search_docs GROUP BY kind"):
            assert conn.execute("SELECT count(*) FROM search_tri WHERE search_tri MATCH ?",
                                (f'"{kind_trigram(kind)}"',)).fetchone()[0] == count, kind
        mine = conn.execute("SELECT c.name FROM customers c JOIN users u ON u.id = c.owner_id "
                            "WHERE u.username = 'staff1' ORDER BY c.id LIMIT 1").fetchone()[0]
        others = conn.execute("SELECT c.name FROM customers c JOIN users u ON u.id = c.owner_id "
                              "WHERE u.username = 'staff2' ORDER BY c.id LIMIT 1").fetchone()[0]
        own_ids = {r[0] for r in conn.execute(
            "SELECT c.id FROM customers c JOIN users u ON u.id = c.owner_id "
            "WHERE u.username = 'staff1'")}
    finally:
        conn.close()

    # search works for every role, through the index that was built in bulk
    from crmdesk.core import search

    db = open_database(parallel)
    try:
        with db.session() as s:
            for username in ("admin", "manager", "staff1"):
                actor = accounts.login(s, username, demo.DEFAULT_PASSWORD)
                titles = {h.title for h in search.search(s, actor, mine, limit=50)}
                assert mine in titles, username
            staff1 = accounts.login(s, "staff1", demo.DEFAULT_PASSWORD)
            hits = search.search(s, staff1, others, limit=50)
            assert {h.customer_id for h in hits} <= own_ids  # never staff2's customers
    finally:
        db.close()

    # the audit chain verifies
    monkeypatch.setenv("CRMDESK_PASSWORD", demo.DEFAULT_PASSWORD)
    assert cli_main(["audit", "verify", str(parallel), "--user", "admin"]) == 0


def test_a_failing_generator_process_stops_the_build_and_removes_the_file(
        tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    setup = demo._setup

    def broken(*args: object, **kwargs: object) -> tuple[demo_rows.Plan, object]:
        plan, admin = setup(*args, **kwargs)  # type: ignore[arg-type]
        plan.keyring_state = {"broken": True}  # the processes cannot make the keyring
        return plan, admin

    monkeypatch.setattr(demo, "_setup", broken)
    path = tmp_path / "broken.crmdb"
    with pytest.raises(RuntimeError, match="demo generator failed"):
        demo.build_demo(path, customers=300, workers=2)
    assert not path.exists()


def test_a_staffing_gives_the_customers_and_what_is_theirs_to_its_people(
        tmp_path: Path, small_batches: None) -> None:
    """The bench organisation is made while the demo is built: each customer goes to
    one of the staffing's people by weight, and the records and search documents of a
    customer follow its owner (no handover afterwards)."""
    made: list[int] = []

    def two_people(s: object, admin: object) -> tuple[list[int], list[float]]:
        for name in ("big", "small"):
            user = accounts.create_user(s, admin, name, demo.DEFAULT_PASSWORD,  # type: ignore[arg-type]
                                        "staff", display_name=name)
            made.append(user.id)
        return list(made), [9.0, 1.0]

    path = tmp_path / "staffed.crmdb"
    demo.build_demo(path, customers=400, seed=3, workers=2, staffing=two_people)
    conn = sqlite3.connect(path)
    try:
        owners = dict(conn.execute("SELECT owner_id, count(*) FROM customers GROUP BY 1"))
        assert set(owners) == set(made)
        assert owners[made[0]] > 3 * owners[made[1]] > 0  # by weight: 9 to 1
        for table, column in (("interactions", "user_id"), ("tasks", "assignee_id"),
                              ("tickets", "assignee_id"), ("opportunities", "owner_id")):
            stray = conn.execute(
                f"SELECT count(*) FROM {table} t JOIN customers c ON c.id = t.customer_id "
                f"WHERE t.{column} IS NOT c.owner_id").fetchone()[0]
            assert stray == 0, table
        stray_docs = conn.execute(
            "SELECT count(*) FROM search_docs d JOIN customers c ON c.id = d.customer_id "
            "WHERE d.owner_id IS NOT c.owner_id").fetchone()[0]
        assert stray_docs == 0
    finally:
        conn.close()
