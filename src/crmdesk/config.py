"""Per-user paths, the app settings file and logging.

Paths come from ``platformdirs``; ``CRMDESK_HOME`` redirects all of them to one
folder (tests, portable installs).  App settings live in one INI file through
``QSettings``; their keys and defaults are declared in :mod:`crmdesk.core.settings`.
Files crmdesk writes itself are written atomically (:mod:`crmdesk.storage.files`).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from pathlib import Path
from typing import Any

import platformdirs

from crmdesk.core.settings import BY_KEY

APP = "crmdesk"
log = logging.getLogger(__name__)


def _home() -> Path | None:
    value = os.environ.get("CRMDESK_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_path() -> Path:
    return config_dir() / "crmdesk.ini"


class AppSettings:
    """This computer's settings for crmdesk, in one INI file through ``QSettings``.

    The keys of :mod:`crmdesk.core.settings` (scope "app") are typed values
    stored as JSON; the GUI also keeps window geometry and column widths in the
    same file under ``ui/...`` (see :meth:`qsettings`).
    """

    def __init__(self, path: Path | None = None) -> None:
        from PySide6.QtCore import QSettings

        self.path = path or settings_path()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def qsettings(self) -> Any:
        return self._qs

    def get(self, key: str) -> Any:
        spec = BY_KEY[key]
        raw = self._qs.value(f"app/{key}")
        if raw is None:
            value = spec.default
        else:
            try:
                value = json.loads(str(raw))
            except ValueError:
                log.warning("ignoring unreadable setting %s=%r", key, raw)
                value = spec.default
        return list(value) if isinstance(value, list) else value

    def set(self, key: str, value: Any) -> None:
        assert BY_KEY[key].scope == "app"
        self._qs.setValue(f"app/{key}", json.dumps(value, ensure_ascii=False))
        self._qs.sync()

    def add_recent(self, path: str, limit: int = 10) -> list[str]:
        recent = [p for p in self.get("recent_files") if p != path]
        recent.insert(0, path)
        self.set("recent_files", recent[:limit])
        return recent[:limit]

    def remove_recent(self, path: str) -> None:
        self.set("recent_files", [p for p in self.get("recent_files") if p != path])


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file under the user's log dir; returns the file's path."""
    path = log_dir() / "crmdesk.log"
    root = logging.getLogger("crmdesk")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
