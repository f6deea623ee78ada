"""First run: the welcome dialog (new database, open one, or the demo) and the demo file.

``crmdesk`` started with no file opens the last file it had open (the recent list of
this computer's user, in the app settings). When there is none - the first start, or
every recent file gone - :func:`welcome_later` shows :class:`WelcomeDialog` over the
empty window, offering to create a database, open one, or open the demo. The demo is
a database of :data:`DEMO_CUSTOMERS` invented customers made on first use in the
user's data folder (:func:`demo_path`), whose users all have the password
:data:`crmdesk.core.demo.DEFAULT_PASSWORD`. The start page shows the same
"Open the demo" button (:func:`demo_button`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk import resources
from crmdesk.config import AppSettings
from crmdesk.errors import KnownError
from crmdesk.ui import theme
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: customers in the demo made from the window (a few seconds on a small PC)
DEMO_CUSTOMERS = 1000
DEMO_USER = "admin"
#: crmdesk.core.demo.DEFAULT_PASSWORD, without importing the generator at start-up
DEMO_PASSWORD = "demo1234"


def demo_path() -> Path:
    """The demo database of this computer's user: ``<user data folder>/demo.crmdb``
    (under ``$CRMDESK_HOME/data`` when that is set)."""
    home = os.environ.get("CRMDESK_HOME")
    folder = Path(home) / "data" if home else Path(
        platformdirs.user_data_dir("crmdesk", appauthor=False))
    return folder / "demo.crmdb"


def app_icon_files() -> list[Path]:
    """The application icon's PNGs (16 to 512 px), smallest first."""
    folder = resources.icons_dir() / "app"
    files = list(folder.glob("crmdesk-*.png")) if folder.exists() else []
    return sorted(files, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def recent_existing(settings: AppSettings | None = None) -> list[str]:
    """The recent files that still exist (what the start opens or the dialog skips)."""
    recent = (settings or AppSettings()).get("recent_files")
    return [p for p in recent if Path(p).exists()]


class WelcomeDialog(QDialog):
    """Three ways to start: a new database, an existing one, the demo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(self.tr("Welcome to crmdesk"))
        self.setMinimumWidth(480)
        title = QLabel(self.tr("Welcome to crmdesk"))
        title.setProperty("role", "title")
        text = QLabel(self.tr("crmdesk keeps your customers, deals, orders and service "
                              "records in one database file. How do you want to start?"))
        text.setWordWrap(True)
        text.setProperty("role", "subtitle")
        box = QVBoxLayout(self)
        box.setSpacing(10)
        box.addWidget(title)
        box.addWidget(text)
        self.buttons: dict[str, QPushButton] = {}
        for key, icon_name, label, hint in (
            ("new", "file-plus", self.tr("Create a new database ..."),
             self.tr("A new file for your business, set up for your trade (general, car "
                     "dealership or insurance agency); you become its administrator.")),
            ("open", "folder-open", self.tr("Open a database ..."),
             self.tr("A .crmdb file you or a colleague already have.")),
            ("demo", "users", self.tr("Open the demo"),
             self.tr("{n} invented customers to try things out; log in as {user}, "
                     "password {password}.").format(n=f"{DEMO_CUSTOMERS:,}", user=DEMO_USER,
                                                    password=_demo_password())),
        ):
            button = QPushButton(icon(icon_name, theme.ON_ACCENT if key == "new" else
                                      theme.ICON), label)
            button.setIconSize(QSize(20, 20))
            button.setProperty("primary", key == "new")
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _c=False, k=key: self._choose(k))
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setProperty("role", "hint")
            row = QVBoxLayout()
            row.setSpacing(2)
            row.addWidget(button)
            row.addWidget(note)
            box.addLayout(row)
            self.buttons[key] = button
        later = QPushButton(self.tr("Not now"))
        later.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(later)
        box.addLayout(bottom)
        self.buttons["new"].setFocus()

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()


def _demo_password() -> str:
    return DEMO_PASSWORD


def make_demo(parent: QWidget | None, path: Path) -> bool:
    """Build the demo database at *path*, with a progress dialog; False if it failed."""
    from crmdesk.core.demo import build_demo

    progress = QProgressDialog(translate("Welcome", "Making the demo database ..."), "",
                               0, DEMO_CUSTOMERS, parent)
    progress.setWindowTitle(translate("Welcome", "Open the demo"))
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.setValue(0)

    def report(stage: str, done: int, total: int) -> None:
        if stage == "customers":
            progress.setValue(min(done, DEMO_CUSTOMERS))
        QApplication.processEvents()

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        build_demo(path, customers=DEMO_CUSTOMERS, password=_demo_password(), progress=report,
                   workers=0)
    except KnownError as exc:
        show_error(parent, exc)
        return False
    finally:
        progress.close()
    return True


def open_demo(window: MainWindow) -> bool:
    """Open the demo (made first if this user has none) and ask for the login."""
    path = demo_path()
    if not path.exists() and not make_demo(window, path):
        return False
    if not window.settings.get("last_user"):
        window.settings.set("last_user", DEMO_USER)
    return window.open_database(str(path))


def demo_button(window: MainWindow) -> QPushButton:
    """The start page's "Open the demo" button."""
    button = QPushButton(icon("users"), translate("Welcome", "Open the demo"))
    button.setToolTip(translate("Welcome", "{n} invented customers; log in as {user}, "
                                           "password {password}").format(
        n=f"{DEMO_CUSTOMERS:,}", user=DEMO_USER, password=_demo_password()))
    button.clicked.connect(lambda: open_demo(window))
    return button


def welcome(window: MainWindow) -> str | None:
    """Show the welcome dialog over *window* and do what the user picked."""
    dialog = WelcomeDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        return None
    if dialog.choice == "new":
        window.new_database()
    elif dialog.choice == "open":
        window.choose_database()
    elif dialog.choice == "demo":
        open_demo(window)
    return dialog.choice


def welcome_later(window: MainWindow) -> None:
    """Offer the welcome dialog once the window shows (no file given, none recent; a
    saved server connection is offered on the start page instead)."""
    from crmdesk.ui.dialogs.connect import recent_servers

    if recent_existing(window.settings) or recent_servers(window.settings):
        return
    QTimer.singleShot(0, lambda: welcome(window) if window.isVisible() else None)


__all__ = ["DEMO_CUSTOMERS", "WelcomeDialog", "app_icon_files", "demo_button", "demo_path",
           "make_demo", "open_demo", "recent_existing", "welcome", "welcome_later"]
