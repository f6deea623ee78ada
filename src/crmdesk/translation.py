"""Loading the translation catalogues (QtCore only, so the command line can use it).

Every ``resources/i18n/*_<lang>.qm`` file is loaded and core strings are routed
through them (see :mod:`crmdesk.i18n`): through ``QCoreApplication.translate`` in the
window, straight to the catalogues where there is no application (the command line,
the unit tests), which need none.
"""

from __future__ import annotations

import locale
import logging
import os
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from crmdesk import i18n, resources

log = logging.getLogger(__name__)

SUPPORTED = ("zh_CN", "en")
_installed: list[QTranslator] = []
#: [True] while the catalogues are installed in an application
_in_application: list[bool] = []


def system_language() -> str:
    """zh_CN for a Chinese system, en otherwise (LANG, then Qt's system locale)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    if code.lower().startswith("zh"):
        return "zh_CN"
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def resolve(language: str | None) -> str:
    if language in SUPPORTED:
        return language
    return system_language()


def qt_translation_folders() -> list[str]:
    """Where Qt's own catalogues (``qtbase_zh_CN.qm``) are: Qt's translations folder,
    then the program's (a packaged program may carry them there)."""
    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(resources.translations_dir())]


class _QtMnemonicFallback(QTranslator):
    """Qt's own words whose source text gained an Alt letter after Qt's catalogue
    was translated ("&Look in:" in the file dialog, "Files of &type:", "Page &Set:"
    in the print dialog): the catalogue still has "Look in:", so ask it for that and
    put the letter back the Chinese way - "查找范围(&L)：".  Only Qt's contexts."""

    def __init__(self, qt_words: QTranslator, parent: QObject | None) -> None:
        super().__init__(parent)
        self.qt_words = qt_words

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if not context.startswith("Q") or "&" not in source.replace("&&", ""):
            return None
        match = re.search(r"&([^&])", source.replace("&&", "\0"))
        if match is None:
            return None
        plain = source.replace("&" + match.group(1), match.group(1), 1)
        text = self.qt_words.translate(context, plain, disambiguation, n)
        if not text or "&" in text.replace("&&", ""):
            return None
        letter = f"(&{match.group(1).upper()})"
        for colon in ("：", ":"):
            if text.endswith(colon):
                return text[:-1] + letter + colon
        return text + letter


def install(app: QCoreApplication | None, language: str | None) -> str:
    """Load the catalogues for *language* (None/"": the system's); returns it.

    Core strings (:func:`crmdesk.i18n.render`) are translated by the loaded catalogues
    themselves, so no application is needed: the command line and the tests pass
    ``app=None``.  Given the application, the catalogues are also installed in it for
    the widgets' own words (``self.tr``, Qt's standard buttons and dialogs)."""
    lang = resolve(language)
    _uninstall()
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
    if lang != "en":
        qt_words = QTranslator(app)
        # asked last (Qt asks the most recently installed translator first)
        _installed.append(_QtMnemonicFallback(qt_words, app))
        folder = resources.translations_dir()
        for qm in sorted(folder.glob(f"*_{lang}.qm")):
            translator = QTranslator(app)
            if translator.load(str(qm)):
                _installed.append(translator)
        # Qt's own words: standard buttons, file and print dialogs, edit menus
        for qt_folder in qt_translation_folders():
            if qt_words.load(f"qtbase_{lang}", qt_folder):
                _installed.append(qt_words)
                break
        else:
            log.warning("Qt's own %s translations (qtbase_%s.qm) were not found in %s",
                        lang, lang, qt_translation_folders())
    if app is None:
        i18n.install_translator(_translate if _installed else None)
    else:
        for translator in _installed:
            QCoreApplication.installTranslator(translator)
        _in_application[:] = [True]
        i18n.install_translator(lambda context, text: QCoreApplication.translate(context, text))
    return lang


def _uninstall() -> None:
    """Take the loaded catalogues out of the application they were installed in."""
    if _in_application and QCoreApplication.instance() is not None:
        for translator in _installed:
            QCoreApplication.removeTranslator(translator)
    _in_application.clear()
    _installed.clear()


def _translate(context: str, text: str) -> str:
    """*text* in the loaded catalogues, as ``QCoreApplication.translate`` would find it
    (the most recently loaded catalogue first), without an application."""
    for translator in reversed(_installed):
        found = translator.translate(context, text)
        if found:
            return found
    return text


def current_language() -> str:
    return "zh_CN" if _installed else "en"
