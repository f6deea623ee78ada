"""Offline decryption with a copy of the file and one user's password (issue 19, item 1:
"staff1 ... decrypted all 891 ID numbers and bank accounts of a 3,000-customer demo,
473 of them of other users' customers").

For a demo file of this release (and, when git has it, one made by the previous
release), each demo user's password is used as an attacker would: derive the key
from the stored salt, open what it opens, try every sensitive value in the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

from crmdesk.core.models import User
from crmdesk.storage.database import open_database
from tests.unit.test_keys import decrypt_everything, offline_keyring

PASSWORD = "password1"
ROOT = Path(__file__).resolve().parents[2]
PREVIOUS_RELEASE = "644eee3"


def _previous(folder: Path, customers: int) -> Path | None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", PREVIOUS_RELEASE, "src",
                              "migrations"], capture_output=True)
    if archive.returncode != 0:
        return None
    release = folder / "release"
    release.mkdir()
    subprocess.run(["tar", "-x", "-C", str(release)], input=archive.stdout, check=True)
    path = folder / "previous.crmdb"
    env = {**os.environ, "PYTHONPATH": str(release / "src"),
           "CRMDESK_HOME": str(folder / "home")}
    subprocess.run([sys.executable, "-m", "crmdesk", "demo", str(path), "--customers",
                    str(customers), "--password", PASSWORD], check=True, env=env,
                   capture_output=True, cwd=folder)
    return path


def _figures(label: str, path: Path) -> None:
    db = open_database(path)
    try:
        with db.session() as s:
            users = list(s.execute(select(User.username, User.id, User.role)).all())
        for name, user_id, role in users:
            taken = decrypt_everything(db, offline_keyring(db, name, PASSWORD), {user_id})
            print(f"   {label:<18} {name:<9} {role:<8} own {taken.own:>5}   "
                  f"others' {taken.others:>5}   not opened {taken.failed:>5}")
    finally:
        db.close()


def _log_in_everyone(path: Path) -> None:
    from crmdesk.core.services import accounts

    db = open_database(path)
    try:
        for name in ("admin", "manager", "staff1", "staff2", "admin"):
            with db.transaction() as s:
                accounts.login(s, name, PASSWORD)
    finally:
        db.close()


def run(customers: int = 3000) -> int:
    from crmdesk.core import demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"offline decryption with one password, {customers}-customer demo:")
        previous = _previous(folder, customers)
        if previous is not None:  # opening upgrades it; nobody logged in: not split yet
            _figures("previous release", previous)
            _log_in_everyone(previous)  # the split, then everyone's key pair and grants
            _figures("  after upgrade", previous)
        current = folder / "current.crmdb"
        demo.build_demo(current, customers=customers, password=PASSWORD, seed=42)
        _figures("this release", current)
    return 0
