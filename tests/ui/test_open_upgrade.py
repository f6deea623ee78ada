"""Opening a file from an older crmdesk: the upgrade runs off the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.ui.conftest import answer_logins


@pytest.mark.sqlite_only("downgrades the .crmdb file and opens it from the window")
def test_an_older_file_is_upgraded_off_the_gui_thread_with_a_note(  # type: ignore[no-untyped-def]
        app, qtbot, db_path, monkeypatch) -> None:
    from alembic import command

    from crmdesk.storage import migrations
    from crmdesk.storage.database import check_file, open_database
    from crmdesk.ui import main_window
    from crmdesk.ui.dialogs import connect
    from crmdesk.ui.main_window import MainWindow

    old = open_database(db_path)
    with old.engine.begin() as conn:
        command.downgrade(migrations.alembic_config(conn), "0023")
    old.close()

    notes: list[str] = []
    opened_in: list[int] = []
    waiting, opening = connect.run_waiting, main_window.open_database

    def note(parent: Any, label: str, work: Any) -> Any:
        notes.append(label)
        return waiting(parent, label, work)

    def open_(path: Any, **kwargs: Any) -> Any:
        opened_in.append(threading.get_ident())
        return opening(path, **kwargs)

    monkeypatch.setattr(connect, "run_waiting", note)
    monkeypatch.setattr(main_window, "open_database", open_)
    answer_logins(monkeypatch, "staff1")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_database(str(db_path))
    assert len(notes) == 1 and notes[0].startswith("Upgrading test.crmdb")
    assert opened_in and opened_in[0] != threading.get_ident()
    assert check_file(db_path) == migrations.head_revision()
    assert list(db_path.parent.glob("test.crmdb.pre-upgrade-0023-*.bak"))  # the copy kept
    assert window.workspace is not None and window.workspace.actor.username == "staff1"
    window.close_database()

    # a file of this version opens at once, on the GUI thread
    opened_in.clear()
    assert window.open_database(str(db_path))
    assert len(notes) == 1 and opened_in == [threading.get_ident()]
    window.close_database()
