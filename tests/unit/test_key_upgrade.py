"""A file from the previous release (one data key, schema 0004) upgrades: its key is
split into scope keys at the first administrator login, every value re-encrypted and
bound to its row, and its audit log signed from then on (issue 19, "Done means").

The old file is made by the previous release itself (its source from git, run in a
subprocess), so the test sees exactly what users' files hold.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select

from crmdesk.core import keys
from crmdesk.core.models import Customer, User
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.customers import customers
from tests.conftest import open_database
from tests.unit.test_keys import decrypt_everything, offline_keyring

#: the release before keys per scope (issues 10 and 11 landed)
PREVIOUS_RELEASE = "644eee3"
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "password1"

pytestmark = pytest.mark.sqlite_only("upgrades a .crmdb file made by the previous release")


def _previous_release(target: Path) -> Path:
    """The previous release's src/ and migrations/, from git (skip without them)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar",
                              PREVIOUS_RELEASE, "src", "migrations"], capture_output=True)
    if archive.returncode != 0:
        pytest.skip(f"release {PREVIOUS_RELEASE} is not in this clone's history")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


@pytest.fixture(scope="module")
def old_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("previous-release")
    source = _previous_release(base / "release")
    path = base / "old.crmdb"
    env = {**os.environ, "PYTHONPATH": str(source / "src"), "CRMDESK_HOME": str(base / "home"),
           "CRMDESK_TEST_KDF": "scrypt:n=1024,r=8,p=1"}
    subprocess.run([sys.executable, "-m", "crmdesk", "demo", str(path), "--customers", "80",
                    "--password", PASSWORD], check=True, env=env, capture_output=True,
                   cwd=base)
    return path


@pytest.fixture
def upgraded(old_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "shop.crmdb"
    shutil.copyfile(old_file, path)
    return path


def _owners(db, *names: str) -> set[int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return set(s.execute(select(User.id).where(User.username.in_(names))).scalars())


def test_the_old_file_let_staff_decrypt_everyone(upgraded: Path) -> None:
    """The attack of issue 19 on the previous release's file (the "before" figure)."""
    db = open_database(upgraded)
    try:
        taken = decrypt_everything(db, offline_keyring(db, "staff1", PASSWORD),
                                   _owners(db, "staff1"))
        assert taken.others > 0 and taken.failed == 0
    finally:
        db.close()


def test_the_first_admin_login_splits_the_key(upgraded: Path) -> None:
    db = open_database(upgraded)
    try:
        with db.transaction() as s:  # staff before the split: as before
            staff = accounts.login(s, "staff1", PASSWORD)
        with db.session() as s:
            one = s.execute(select(Customer).where(Customer.owner_id == staff.user_id,
                                                   Customer.id_number_enc.is_not(None))
                            .limit(1)).scalar_one()
            number = customers.plaintext(staff, one, "id_number")
            assert number
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
        with db.session() as s:
            assert keys.is_split(s)
            assert not any(s.execute(select(User.wrapped_data_key)).scalars())
            blobs = [b for row in s.execute(select(Customer.id_number_enc,
                                                   Customer.bank_account_enc)) for b in row if b]
            assert blobs and all(b[:1] == b"\x02" for b in blobs)
            # the stored blind indexes still find the values
            assert [c.id for c in customers.find_by_sensitive(s, admin, "id_number", number)] \
                == [one.id]
            result = audit.verify_chain(s)
            assert result.ok, result.reason
            assert result.signed_from is not None and result.signed_from > 1

        # staff1 with the file and their password, right after the split: nothing
        mine = _owners(db, "staff1")
        assert decrypt_everything(db, offline_keyring(db, "staff1", PASSWORD), mine).own == 0
        with db.transaction() as s:  # their first login makes their key pair ...
            accounts.login(s, "staff1", PASSWORD)
        with db.transaction() as s:  # a manager has no keys yet to hand on ...
            accounts.login(s, "manager", PASSWORD)
        assert decrypt_everything(db, offline_keyring(db, "staff1", PASSWORD), mine).own == 0
        with db.transaction() as s:  # ... an administrator's next login hands them on
            accounts.login(s, "admin", PASSWORD)
        taken = decrypt_everything(db, offline_keyring(db, "staff1", PASSWORD), mine)
        assert taken.own > 0 and taken.others == 0
        team = _owners(db, "manager", "staff1", "staff2")
        taken = decrypt_everything(db, offline_keyring(db, "manager", PASSWORD), team)
        assert taken.own > 0 and taken.others == 0
        with db.transaction() as s:
            staff = accounts.login(s, "staff1", PASSWORD)
        with db.session() as s:
            assert customers.plaintext(staff, s.get(Customer, one.id), "id_number") == number
            assert audit.verify_chain(s).ok
    finally:
        db.close()
