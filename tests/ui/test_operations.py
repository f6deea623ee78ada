"""The window's two kinds of background operation: units of work get a session, long jobs
get the Database; both get the window's job (progress, Cancel, one Cancelled error)."""

from __future__ import annotations

import threading
from typing import Any

from crmdesk.jobs import Cancelled, Job
from crmdesk.storage.database import Database
from crmdesk.ui.errors import ErrorReporter
from crmdesk.ui.operations import WindowJob


def test_a_long_job_gets_the_database_and_no_session(login, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    settle(window)  # the login's reads (reminders, Today) are done: none is counted
    workspace = window.workspace
    got: list[Any] = []
    progress: list[tuple[str, int, int]] = []

    def work(db: Database, job: Job) -> str:
        got.append((db, isinstance(job, WindowJob)))
        job.report("Halfway", 5, 10)
        return "done"

    opened: list[str] = []
    session, transaction = workspace.db.session, workspace.db.transaction
    workspace.db.session = lambda: (opened.append("session"), session())[1]  # type: ignore[method-assign]
    workspace.db.transaction = lambda: (opened.append("tx"), transaction())[1]  # type: ignore[method-assign]
    results: list[str] = []
    operation = workspace.job(window, work)
    operation.progressed.connect(lambda *a: progress.append(a))
    operation.success(results.append).run()
    settle(window)
    assert got == [(workspace.db, True)] and results == ["done"]
    assert opened == []  # the job opens its own transactions; none is opened for it
    assert progress == [("Halfway", 5, 10)]


def test_cancel_reaches_the_failure_callback_or_is_only_logged(login, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    workspace = window.workspace
    for with_failure in (True, False):
        started, go = threading.Event(), threading.Event()

        def work(_db: Database, job: Job, started: threading.Event = started,
                 go: threading.Event = go) -> str:
            started.set()
            go.wait(5)
            job.check()
            return "finished"

        done: list[str] = []
        failed: list[BaseException] = []
        operation = workspace.job(window, work, label="Working ...", cancellable=True)
        operation.success(done.append)
        if with_failure:
            operation.failure(failed.append)
        operation.run()
        qtbot.waitUntil(started.is_set)
        operation.job.cancel()  # what the progress dialog's Cancel does
        go.set()
        settle(window)
        assert done == [] and isinstance(operation.error, Cancelled)
        assert [type(e) for e in failed] == ([Cancelled] if with_failure else [])
        assert ErrorReporter.shown == []  # pressing Cancel is no error


def test_a_unit_of_work_cancelled_meanwhile_rolls_back(login, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.customers import customers

    window = login("staff1")
    workspace = window.workspace
    actor = workspace.actor

    def work(session: Any, job: Job) -> int:
        created = customers.create(session, actor, {"name": "取消的客户"})
        job.cancel()  # Cancel pressed while the work ran: nothing is kept
        return int(created.id)

    operation = workspace.op(window, work, changes=("customer",)).run()
    settle(window)
    assert isinstance(operation.error, Cancelled)
    names = workspace.read(lambda s: [customers.get(s, actor, i).name
                                      for i in customers.ids(s, actor)])
    assert "取消的客户" not in names


def test_progress_past_two_gigabytes_shows_its_percentage(login, qtbot, settle, monkeypatch,  # type: ignore[no-untyped-def]
                                                          capfd) -> None:
    """Backing up or closing a file over 2 GB reports byte counts past Qt's 32-bit int:
    they reach the window whole (as floats, exact to 2**53) and the dialog and the
    import wizard's bar show the right percentage."""
    from PySide6.QtWidgets import QProgressBar

    from crmdesk.ui import operations
    from crmdesk.ui.dialogs.import_wizard_pages import JobProgress

    monkeypatch.setattr(operations, "PROGRESS_DELAY_MS", 0)  # the dialog at once
    window = login("staff1")
    workspace = window.workspace
    shown, go = threading.Event(), threading.Event()

    def work(_db: Database, job: Job) -> str:
        shown.wait(5)
        job.report("Copying", 5_000_000_000, 10_000_000_000)
        go.wait(5)
        return "copied"

    progress: list[tuple[str, float, float]] = []
    operation = workspace.job(window, work, label="Backing up ...")
    operation.progressed.connect(lambda *a: progress.append(a))
    operation.run()
    qtbot.waitUntil(lambda: operation._dialog is not None)
    shown.set()
    qtbot.waitUntil(lambda: progress != [])
    dialog = operation._dialog
    assert dialog is not None
    assert progress == [("Copying", 5_000_000_000, 10_000_000_000)]
    assert dialog.value() / dialog.maximum() == 0.5
    assert dialog.findChild(QProgressBar).text() == "50%"
    go.set()
    settle(window)
    assert operation.error is None and operation.result == "copied"
    assert "Overflow" not in capfd.readouterr().err
    bar = JobProgress("Cancel")  # the import wizard's bar, with the same numbers
    qtbot.addWidget(bar)
    bar.update("", 5_000_000_000.0, 10_000_000_000.0)
    assert bar.bar.value() / bar.bar.maximum() == 0.5
    bar.update("", 3.0, -1.0)  # unknown: a busy bar
    assert (bar.bar.minimum(), bar.bar.maximum()) == (0, 0)
    assert operations.bar_steps(3, 0) == (0, 0) and operations.bar_steps(3.0, 10.0) == (3, 10)
    assert operations.bar_steps(2**53, 2**53 + 2**52) == (666_666, 1_000_000)
