"""Loading the translation catalogues (QtCore only, so the command line can use it).

Every ``resources/i18n/*_<lang>.qm`` file is installed; core strings are routed
through ``QCoreApplication.translate`` (see :mod:`crmdesk.core.i18n`).
"""

from __future__ import annotations

import locale
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crmdesk import resources
from crmdesk.core import i18n

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


def install(app: QCoreApplication, language: str | None) -> str:
    """Install the catalogues for *language* (None/"": the system's); returns it."""
    lang = resolve(language)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
    if lang != "en":
        folder = resources.translations_dir()
        for qm in sorted(folder.glob(f"*_{lang}.qm")):
            translator = QTranslator(app)
            if translator.load(str(qm)):
                QCoreApplication.installTranslator(translator)
                _installed.append(translator)
        # Qt's own words: standard buttons, file and print dialogs, edit menus
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{lang}", qt_folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    i18n.install_translator(lambda context, text: QCoreApplication.translate(context, text))
    return lang


def current_language() -> str:
    return "zh_CN" if _installed else "en"
