"""The platform's file dialogs, starting where the user keeps files.

A dialog opens in the folder last used for the same purpose (databases,
exports, backups ...), else in the user's documents folder - never in the
folder the program happens to run from.  Every file dialog of the window goes
through these functions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from crmdesk.config import AppSettings

_KEY = "ui/last_folder/{purpose}"


def documents_folder() -> str:
    """The user's documents folder (the home folder when the system has none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())


def start_folder(purpose: str) -> str:
    """Where a dialog for *purpose* opens: the folder last used for it, if it still
    exists, else the documents folder."""
    last = AppSettings().qsettings().value(_KEY.format(purpose=purpose))
    if isinstance(last, str) and last and Path(last).is_dir():
        return last
    return documents_folder()


def start_path(purpose: str, name: str = "", folder: str | Path | None = None) -> str:
    """*name* in *folder* (when given and it exists) or in :func:`start_folder`."""
    base = str(folder) if folder and Path(folder).is_dir() else start_folder(purpose)
    return str(Path(base) / name) if name else base


def remember(purpose: str, chosen: str | Path) -> None:
    """Note the folder of *chosen* (a file, or a folder) for the next dialog."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    settings = AppSettings().qsettings()
    settings.setValue(_KEY.format(purpose=purpose), str(folder))
    settings.sync()


def open_file(parent: QWidget | None, caption: str, purpose: str, filters: str,
              folder: str | Path | None = None) -> str:
    """The chosen file to open, or "" when the user cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, start_path(purpose, "", folder),
                                            filters)
    if chosen:
        remember(purpose, chosen)
    return chosen


def save_file(parent: QWidget | None, caption: str, purpose: str, name: str, filters: str,
              folder: str | Path | None = None) -> str:
    """The chosen file to write (*name* suggested), or "" when the user cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, start_path(purpose, name, folder),
                                            filters)
    if chosen:
        remember(purpose, chosen)
    return chosen


def choose_folder(parent: QWidget | None, caption: str, purpose: str,
                  current: str | Path | None = None) -> str:
    """The chosen folder (starting at *current* when it exists), or "" when cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, caption, start_path(purpose, "", current))
    if chosen:
        remember(purpose, chosen)
    return chosen
