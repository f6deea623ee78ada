"""The ten-million backup benchmark checks the free disk first (issue 12, item 5): one
line says what it needs and what is free, instead of filling the disk half-way."""

from __future__ import annotations

import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from tests.benchmarks import bench_backup

Usage = namedtuple("Usage", "total used free")


def test_enough_disk_says_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "demo.crmdb"
    source.write_bytes(b"x" * 1000)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(0, 0, 10**12))
    assert bench_backup.large_backup_short_of_disk(source, tmp_path) is None


def test_too_little_disk_names_what_is_needed_and_free(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "demo-10000000-team.crmdb"
    with source.open("wb") as fh:  # a sparse 30 GB file
        fh.truncate(30 * 10**9)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(0, 0, 17 * 10**9))
    line = bench_backup.large_backup_short_of_disk(source, tmp_path)
    assert line is not None and "\n" not in line
    # the backup (at most 45 % of the file) beside the work copy, and later beside the
    # verify's unpacked copy: one whole copy at a time, and 2 GB to spare
    assert "needs about 46 GB free" in line and "there are 17 GB" in line
    assert source.name in line and "CRMDESK_BENCH_SIZES" in line
