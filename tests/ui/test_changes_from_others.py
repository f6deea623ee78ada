"""What another person saves appears in the open window without a restart: on a
PostgreSQL server by LISTEN/NOTIFY, on a file by SQLite's data_version
(crmdesk.ui.change_listener); a form with unsaved edits says so instead of reloading.
One session per user per computer on a server."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from tests.child_process import ROOT, child_env
from tests.conftest import PASSWORD, PG_URL, _build_template, _reset_postgres

needs_server = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server "
                                                     "(CRMDESK_TEST_PG_URL)")

#: another person, in another process: ``python -c WRITE URL create NAME`` or
#: ``... edit ID NOTES``
WRITE = """
import sys
from crmdesk.core.services import accounts
from crmdesk.core.services.customers import customers
from crmdesk.storage import crypto
from crmdesk.storage.database import open_database
crypto.DEFAULT_KDF = crypto.KdfParams(n=2**10, r=8, p=1)
db = open_database(sys.argv[1], shared=True)
with db.transaction() as s:
    actor = accounts.login(s, "staff1", sys.argv[4])
    if sys.argv[2] == "create":
        customers.create(s, actor, {"name": sys.argv[3]})
    else:
        customers.update(s, actor, int(sys.argv[3]), {"notes": sys.argv[5]})
db.close()
"""


def someone_else(*args: str, target: str | None = None) -> None:
    target = target or PG_URL
    assert target is not None
    code = [*args[:2], PASSWORD, *args[2:]]
    subprocess.run([sys.executable, "-c", textwrap.dedent(WRITE), target, *code],
                   check=True, env=child_env(), cwd=ROOT, timeout=120)


@pytest.fixture
def server_window(app: Any, qtbot: Any) -> Iterator[Any]:
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database
    from crmdesk.ui.main_window import MainWindow

    assert PG_URL is not None
    _reset_postgres(PG_URL)
    _build_template(PG_URL)
    window = MainWindow()
    qtbot.addWidget(window)
    db = open_database(PG_URL)
    with db.transaction() as s:
        actor = accounts.login(s, "staff1", PASSWORD)
    window.start_workspace(db, actor)
    window.show()
    yield window
    for doc in window.documents():
        if hasattr(doc, "dirty"):
            doc.dirty = False
    window.close_database()


def _names(sheet: Any) -> list[str]:
    col = [s.key for s in sheet.all_specs].index("name")
    return [sheet.model.data(sheet.model.index(r, col)) for r in range(sheet.model.rowCount())]


@needs_server
def test_a_customer_saved_elsewhere_appears_in_the_open_datasheet(
        server_window: Any, qtbot: Any, settle: Any) -> None:
    window = server_window
    assert window.workspace.listener is not None
    window.open_entry("customers")
    sheet = window.current_document()
    settle(window)
    assert "同事新建的客户" not in _names(sheet)
    someone_else("create", "同事新建的客户")
    qtbot.waitUntil(lambda: "同事新建的客户" in _names(sheet), timeout=10_000)
    assert window.workspace.listener.received >= 1


@needs_server
def test_an_open_form_shows_the_new_version_or_warns_when_edited(
        server_window: Any, qtbot: Any, settle: Any) -> None:
    from crmdesk.core.services.customers import customers

    window = server_window
    workspace = window.workspace
    with workspace.db.transaction() as s:
        cid = customers.create(s, workspace.actor, {"name": "大家的客户"}).id
    window.open_document("record", ("customer", cid))
    settle(window)
    form = window.current_document().details
    someone_else("edit", str(cid), "同事写的备注")
    qtbot.waitUntil(lambda: form.editors["notes"].value() == "同事写的备注", timeout=10_000)
    assert not form.stale.isVisibleTo(form)
    # with unsaved edits, the form keeps them and says someone else saved
    form.editors["name"].set_value("我正在改的名字")
    form.dirty = True
    someone_else("edit", str(cid), "同事又改了")
    qtbot.waitUntil(lambda: form.stale.isVisibleTo(form), timeout=10_000)
    assert form.editors["name"].value() == "我正在改的名字"


@needs_server
def test_signing_in_twice_on_one_computer_asks_and_can_take_over(
        server_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database
    from crmdesk.ui import change_listener
    from crmdesk.ui.dialogs.login import LoginDialog

    first = server_window
    assert PG_URL is not None
    db = open_database(PG_URL)
    try:
        with db.transaction() as s:
            again = accounts.login(s, "staff1", PASSWORD)
        # cancelled (the question answered with anything but Yes): nothing changes
        assert not change_listener.claim_session(None, db, again)
        assert first.workspace is not None
        # taken over: the first window ends its session and lets go
        asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2])
                            or QMessageBox.StandardButton.Yes)
        monkeypatch.setattr(LoginDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
        assert change_listener.claim_session(None, db, again)
        assert "already signed in" in asked[0]
        qtbot.waitUntil(lambda: first.workspace is None, timeout=10_000)
        conn, _token = change_listener._claimed.pop(id(db))
        conn.close()
    finally:
        db.close()


@pytest.mark.sqlite_only("watches the .crmdb file (FileWatcher); a server's changes "
                        "come by LISTEN/NOTIFY, tested above")
def test_a_file_shows_what_another_process_saved(login: Any, db_path: Any, qtbot: Any,
                                                  settle: Any) -> None:
    from crmdesk.ui.change_listener import FileWatcher

    window = login("staff1")
    watcher = window.workspace.listener
    assert isinstance(watcher, FileWatcher)
    window.open_entry("customers")
    sheet = window.current_document()
    settle(window)
    someone_else("create", "命令行新建的客户", target=str(db_path))
    qtbot.waitUntil(lambda: "命令行新建的客户" in _names(sheet), timeout=10_000)
    assert watcher.received == 1
