"""The window started with the URL of an unfinished setup (``crmdesk gui URL``, a
recent entry): a message saying nobody can log in to it and how to set it up, not a
login nobody can pass (issue 18, item 2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crmdesk.storage import servers
from tests.conftest import PG_URL, _reset_postgres
from tests.unit.test_migrate_failures import unfinished

pytestmark = pytest.mark.skipif(not PG_URL,
                                reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")


@pytest.fixture
def unfinished_url() -> Iterator[str]:
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    unfinished(PG_URL)
    yield PG_URL
    _reset_postgres(PG_URL)  # the next test's `db` fixture rebuilds the template


def test_the_window_says_the_setup_is_unfinished(app: Any, qtbot: Any, tmp_path: Any,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 unfinished_url: str) -> None:
    from crmdesk.ui import main_window
    from crmdesk.ui.dialogs import login

    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "home"))
    shown: list[str] = []
    monkeypatch.setattr(main_window, "show_error",
                        lambda _parent, exc: shown.append(exc.message))
    monkeypatch.setattr(login.LoginDialog, "exec",
                        lambda _self: pytest.fail("a login nobody can pass was shown"))
    window = main_window.MainWindow()
    qtbot.addWidget(window)
    assert window.open_database(unfinished_url) is False
    assert len(shown) == 1
    assert "holds an unfinished crmdesk setup" in shown[0]
    assert "nobody can log in to it" in shown[0] and "File > Connect to server" in shown[0]
    assert window.workspace is None
    assert servers.probe(unfinished_url) == servers.UNFINISHED
