"""One of several people working on one database at once (tests/unit/test_concurrency.py).

``python -m tests.concurrency_worker ROLE TARGET USER [ARG]`` opens TARGET (a
PostgreSQL URL, or a .crmdb opened ``shared`` beside the others), logs in as USER,
prints ``ready``, waits for a line on standard input (all start together), does its
part and prints one JSON line saying what it did:

* ``create N``: N customers, each with a contact, a ticket and an order;
* ``import FILE``: an import of the customers in FILE (one transaction);
* ``backup FOLDER``: a backup (of a server too: one snapshot), read back and checked;
* ``edit ID``: saves of the same customer with the version it read, counting the
  saves that went through and the stale ones refused (each retried on a fresh read).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from typing import Any

from crmdesk.storage import crypto

PASSWORD = "password1"  # tests/conftest.py
EDITS = 12


def _create(db: Any, actor: Any, count: int, tag: str) -> dict[str, Any]:
    from crmdesk.core.services.contacts import contacts
    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.sales import LineInput, orders
    from crmdesk.core.services.tickets import tickets

    made: dict[str, list[Any]] = {"customers": [], "codes": [], "tickets": [], "orders": []}
    for n in range(count):
        with db.transaction() as s:
            customer = customers.create(s, actor, {"name": f"并发{tag}客户{n}", "kind": "company",
                                                   "mobile": f"1390{tag[-1]}{n:06d}"})
            contacts.create(s, actor, {"customer_id": customer.id, "name": f"联系人{tag}{n}"})
            ticket = tickets.create(s, actor, {"customer_id": customer.id,
                                               "subject": f"工单{tag}{n}"})
            order = orders.create_with_lines(
                s, actor, {"customer_id": customer.id, "order_date": date.today(),
                           "status": "completed"},
                [LineInput(description="货品", quantity=1, unit_price="100")])
            made["customers"].append(customer.id)
            made["codes"].append(customer.code)
            made["tickets"].append(ticket.code)
            made["orders"].append(order.number)
    return made


def _import(db: Any, actor: Any, path: str) -> dict[str, Any]:
    from crmdesk.exchange import importer
    from crmdesk.exchange.mapping import guess_mapping
    from crmdesk.exchange.sources import open_source

    source = open_source(path)
    result = importer.run_import(db, actor, source, guess_mapping("customer", source.headers),
                                 importer.ImportOptions())
    return {"created": result.created, "invalid": result.invalid}


def _backup(db: Any, actor: Any, folder: str) -> dict[str, Any]:
    from pathlib import Path

    from crmdesk.core.services import backups

    info = backups.create_backup(db, actor, folder=Path(folder))  # read back and checked
    return {"path": str(info.path)}


def _edit(db: Any, actor: Any, customer_id: int, tag: str) -> dict[str, Any]:
    from crmdesk.core.services.customers import customers
    from crmdesk.errors import ConflictError

    saved = refused = 0
    while saved < EDITS:
        with db.session() as s:
            version = customers.get(s, actor, customer_id).version
        time.sleep(0.01)  # the user typing: someone else may save meanwhile
        try:
            with db.transaction() as s:
                customers.update(s, actor, customer_id, {"notes": f"{tag} {saved}"},
                                 expected_version=version)
            saved += 1
        except ConflictError:
            refused += 1
    return {"saved": saved, "refused": refused}


def main(argv: list[str]) -> int:
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database

    role, target, username = argv[:3]
    arg = argv[3] if len(argv) > 3 else ""
    crypto.DEFAULT_KDF = crypto.KdfParams(n=2**10, r=8, p=1)  # tests/conftest.py FAST_KDF
    db = open_database(target, shared=True)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, username, PASSWORD)
        print("ready", flush=True)
        sys.stdin.readline()
        started = time.perf_counter()
        if role == "create":
            done = _create(db, actor, int(arg), username)
        elif role == "import":
            done = _import(db, actor, arg)
        elif role == "backup":
            done = _backup(db, actor, arg)
        elif role == "edit":
            done = _edit(db, actor, int(arg), username)
        else:
            raise SystemExit(f"unknown role {role}")
        done["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(done), flush=True)
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
