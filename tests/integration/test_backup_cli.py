"""`crmdesk backup / verify / restore / backups` as a cron job or an admin would run them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from crmdesk.core.services.backups import read_manifest
from tests.child_process import ROOT, child_env, held_open
from tests.conftest import PASSWORD

# server backups: tests/unit/test_server_backups.py
pytestmark = pytest.mark.sqlite_only("backs up and restores the .crmdb file itself "
                                     "(its lock, file names, bytes)")


def crmdesk(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = child_env()
    environment.pop("CRMDESK_PASSWORD", None)
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "crmdesk", "--lang", "en", *args],
                          input=stdin, capture_output=True, text=True, env=environment,
                          cwd=ROOT, timeout=120)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_list_verify_from_the_command_line(db_path: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    # a window has the file open for editing: the cron backup still works
    with held_open(db_path, "rw"):
        done = crmdesk("backup", str(db_path), "--to", str(usb), "--user", "admin",
                       CRMDESK_PASSWORD=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "Backup written:" in done.stdout and "verified: yes" in done.stdout
    made = next(usb.glob("test-*.crmbak"))

    listed = crmdesk("backups", str(db_path), "--dir", str(usb))
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split("\t")[:4] == ["file", "created", "size", "customers"]
    assert row.split("\t")[0] == made.name and row.split("\t")[-1] == "yes"

    checked = crmdesk("verify", str(made))
    assert checked.returncode == 0 and "Backup OK" in checked.stdout
    assert "users\t6" in checked.stdout

    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0x40
    made.write_bytes(bytes(data))
    refused = crmdesk("verify", str(made))
    assert refused.returncode == 2
    assert "damaged or was altered" in refused.stderr and "Traceback" not in refused.stderr


def test_encrypted_backup_and_restore_from_the_command_line(db_path: Path,
                                                            tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    made = crmdesk("--password-stdin", "backup", str(db_path), "--to", str(usb), "--encrypt",
                   "--user", "admin", stdin=f"{PASSWORD}\n备份密码2024\n")
    assert made.returncode == 0, made.stderr
    archive = next(usb.glob("*.crmbak"))
    assert read_manifest(archive).encrypted

    before = digest(db_path)
    wrong = crmdesk("--password-stdin", "restore", str(archive), "--to", str(db_path),
                    "--user", "admin", stdin=f"not-it\n{PASSWORD}\n")
    assert wrong.returncode == 2 and "password" in wrong.stderr
    assert digest(db_path) == before

    fresh = tmp_path / "new" / "shop.crmdb"
    restored = crmdesk("restore", str(archive), "--to", str(fresh),
                       CRMDESK_BACKUP_PASSWORD="备份密码2024")
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "previous file" not in restored.stdout

    again = crmdesk("--password-stdin", "restore", str(archive), "--to", str(db_path),
                    "--user", "admin", stdin=f"备份密码2024\n{PASSWORD}\n")
    assert again.returncode == 0, again.stderr
    assert "The previous file is kept as" in again.stdout
    assert list(tmp_path.glob("test.before-restore-*.crmdb"))
    info = crmdesk("info", str(db_path))
    assert info.returncode == 0 and "users\t6" in info.stdout
