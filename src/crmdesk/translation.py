"""Loading the translation catalogues (QtCore only, so the command line can use it).

Every ``resources/i18n/*_<lang>.qm`` file is installed; core strings are routed
through ``QCoreApplication.translate`` (see :mod:`crmdesk.i18n`).
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

    def __init__(self, qt_words: QTranslator, parent: QObject) -> None:
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


def install(app: QCoreApplication, language: str | None) -> str:
    """Install the catalogues for *language* (None/"": the system's); returns it."""
    lang = resolve(language)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
    if lang != "en":
        qt_words = QTranslator(app)
        # asked last (Qt asks the most recently installed translator first)
        fallback = _QtMnemonicFallback(qt_words, app)
        QCoreApplication.installTranslator(fallback)
        _installed.append(fallback)
        folder = resources.translations_dir()
        for qm in sorted(folder.glob(f"*_{lang}.qm")):
            translator = QTranslator(app)
            if translator.load(str(qm)):
                QCoreApplication.installTranslator(translator)
                _installed.append(translator)
        # Qt's own words: standard buttons, file and print dialogs, edit menus
        for qt_folder in qt_translation_folders():
            if qt_words.load(f"qtbase_{lang}", qt_folder):
                QCoreApplication.installTranslator(qt_words)
                _installed.append(qt_words)
                break
        else:
            log.warning("Qt's own %s translations (qtbase_%s.qm) were not found in %s",
                        lang, lang, qt_translation_folders())
    i18n.install_translator(lambda context, text: QCoreApplication.translate(context, text))
    return lang


def current_language() -> str:
    return "zh_CN" if _installed else "en"
