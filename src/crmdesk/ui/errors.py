"""Showing errors: known ones as a plain message, bugs with details and the log file.

``sys.excepthook`` is routed here so an unexpected exception in a slot becomes a
dialog (once per distinct traceback) instead of a silent failure.  Tests set
``ErrorReporter.interactive = False`` so nothing blocks on a dialog.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crmdesk.errors import KnownError, ValidationError

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


class ErrorReporter:
    interactive = True
    log_file: str = ""
    shown: list[str] = []  # messages shown (tests read them)
    _seen: set[str] = set()

    @classmethod
    def show(cls, parent: QWidget | None, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            title = QCoreApplication.translate("Errors", "Cannot continue")
            if isinstance(exc, ValidationError):
                title = QCoreApplication.translate("Errors", "Please check the input")
            cls._box(parent, QMessageBox.Icon.Warning, title, exc.message, None)
            return
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("unexpected error\n%s", details)
        key = details.splitlines()[-1] + (traceback.format_tb(exc.__traceback__)[-1]
                                          if exc.__traceback__ else "")
        if key in cls._seen:
            return
        cls._seen.add(key)
        text = QCoreApplication.translate(
            "Errors", "Something went wrong that crmdesk did not expect. Your data is safe: "
                      "the change was not saved. Details are in the log file:\n{log}"
        ).format(log=cls.log_file or "-")
        cls._box(parent, QMessageBox.Icon.Critical,
                 QCoreApplication.translate("Errors", "Unexpected error"), text, details)

    @classmethod
    def _box(cls, parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
             details: str | None) -> None:
        cls.shown.append(text)
        if not cls.interactive:
            log.info("dialog suppressed: %s", text)
            return
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        if details:
            box.setDetailedText(details)
        box.exec()


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    ErrorReporter.show(parent, exc)


def install_excepthook() -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        ErrorReporter.show(None, exc)

    sys.excepthook = hook
