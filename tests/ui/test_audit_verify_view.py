"""The audit log view's "Verify" runs the same check as ``crmdesk audit verify``: the
chain and signatures, then the witnesses outside the file (this computer's record)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from crmdesk import witnesses
from crmdesk.core.services.customers import customers
from tests.conftest import PG_URL


def _shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, _k=kind, **k: shown.append(
            (_k, str(a[2]))) or QMessageBox.StandardButton.Ok)
    return shown


def test_verify_in_the_window_names_the_witness_that_disagrees(
        login: Any, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from crmdesk.ui.views.admin import AuditLogView

    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "home"))
    stop = witnesses.install()
    try:
        window = login("admin")
        with window.workspace.db.transaction() as s:
            customers.create(s, window.workspace.actor, {"name": "见证客户"})
        view = AuditLogView(window.workspace)
        shown = _shown(monkeypatch)
        view.verify()
        assert shown[-1][0] == "information"
        assert "intact" in shown[-1][1] and "heads agree" in shown[-1][1]
        # the last entries cut off and the recorded head fixed, behind the window's back
        # (on a server: its owner turns the append-only trigger off)
        engine = create_engine(PG_URL or f"sqlite:///{db_path}")
        with engine.begin() as conn:
            if PG_URL:
                conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            else:
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only_delete"))
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only"))
            top = conn.execute(text("SELECT max(id) FROM audit_log")).scalar_one()
            conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": top})
            prev = conn.execute(text("SELECT hash FROM audit_log WHERE id = :id"),
                                {"id": top - 1}).scalar_one()
            conn.execute(text("UPDATE settings SET value = :v WHERE key = 'audit.head'"),
                         {"v": f'{{"id": {top - 1}, "hash": "{prev}"}}'})
            if PG_URL:
                conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        engine.dispose()
        view.verify()
        assert shown[-1][0] == "warning"
        assert f"This computer saw entry {top}" in shown[-1][1]
    finally:
        stop()
