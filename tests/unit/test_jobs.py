"""The one job protocol (crmdesk.jobs): progress, cancel, one Cancelled error, and every
long job (import, export, report, backup) honouring it the same way."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import Customer
from crmdesk.core.services import backups
from crmdesk.errors import KnownError
from crmdesk.exchange import exporter, importer
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source
from crmdesk.jobs import Cancelled, Job, job_or_new
from crmdesk.reports import ReportRequest, build_report
from crmdesk.storage.database import Database
from tests.conftest import PG_URL, Users


def test_a_job_reports_stage_done_and_total() -> None:
    seen: list[tuple[str, int, int | None]] = []
    job = Job(lambda stage, done, total: seen.append((stage, done, total)))
    job.report("Reading", 0, 10)
    job.report("Reading", 10, 10)
    job.report("Counting", 3)
    assert seen == [("Reading", 0, 10), ("Reading", 10, 10), ("Counting", 3, None)]

    class Shown(Job):  # how the window and the command line show it: a subclass
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []

        def report(self, stage: str, done: int, total: int | None = None) -> None:
            self.lines.append(f"{stage} {done}/{total}")

    shown = Shown()
    shown.report("Writing", 1, 2)
    assert shown.lines == ["Writing 1/2"]
    Job().report("nobody listens", 1, 1)  # no callback: nothing happens


def test_cancel_makes_the_next_check_raise_cancelled() -> None:
    job = Job()
    job.check()  # not cancelled: goes on
    assert not job.cancelled
    worker_saw: list[BaseException] = []

    def work() -> None:
        try:
            while True:
                job.check()
                job.wait(0.01)
        except Cancelled as exc:
            worker_saw.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    job.cancel()  # from another thread than the work's
    thread.join(5)
    assert job.cancelled and len(worker_saw) == 1
    error = worker_saw[0]
    assert isinstance(error, KnownError)  # shown to a user like any expected failure
    assert error.message == "Cancelled: nothing was changed."
    assert job.wait(10) is True  # a cancelled job does not wait
    assert job_or_new(job) is job and not job_or_new(None).cancelled


def test_a_job_may_say_more_when_it_is_cancelled() -> None:
    error = Cancelled("The report was cancelled.", "Reports")
    assert error.context == "Reports" and error.message == "The report was cancelled."


def _cancelled() -> Job:
    job = Job()
    job.cancel()
    return job


def _customers(db: Database) -> int:
    with db.session() as s:
        return int(s.execute(select(func.count(Customer.id))).scalar_one())


def test_every_long_job_stops_on_cancel_and_leaves_nothing_behind(
        db: Database, users: Users, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    source = tmp_path / "in.csv"
    source.write_text("姓名,城市\n甲,北京市\n乙,上海市\n", encoding="utf-8")
    before = _customers(db)
    long_jobs = {
        "import": lambda job: importer.run_import(
            db, users.staff1, open_source(str(source)), guess_mapping("customer", ["姓名", "城市"]),
            importer.ImportOptions(), job),
        "export": lambda job: exporter.export(db, users.admin, exporter.ExportRequest("customer"),
                                              out / "customers.xlsx", job),
        "report": lambda job: build_report(db, users.admin, ReportRequest("customer-list"),
                                           out / "customers.pdf", job=job),
    }
    if not PG_URL:  # backups copy the .crmdb file (SQLite only)
        long_jobs["backup"] = lambda job: backups.create_backup(
            db, users.admin, folder=out / "backups", job=job)
    for name, run in long_jobs.items():
        with pytest.raises(Cancelled):
            run(_cancelled())
        leftovers = [p.relative_to(out) for p in out.rglob("*") if p.is_file()]
        assert leftovers == [], name
        assert _customers(db) == before, name
