"""Translatable text for the Qt-free layers.

Core code marks user-facing strings with ``QT_TRANSLATE_NOOP(context, text)``
(recognised by ``pyside6-lupdate``) and renders them through :func:`render`.  The
application (GUI or command line) installs a translator that forwards to Qt's
``QCoreApplication.translate``; without one, the English source text is used.
Thus the whole product has one translation catalogue, and ``core`` imports no Qt.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name lupdate knows
    """Mark *text* for translation in *context*; returns it unchanged."""
    return text


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity
_installed = 0  # counts installations, so caches of translated names know when to refresh


def install_translator(fn: Translator | None) -> None:
    """Install the function used to translate core strings (None restores English)."""
    global _translator, _installed
    _translator = fn or _identity
    _installed += 1


def translator_token() -> int:
    """Changes whenever another translator is installed (for caches of translated names)."""
    return _installed


def render(context: str, text: str, **params: object) -> str:
    """Translate *text* (an English source string) and format it with *params*."""
    translated = _translator(context, text)
    if params:
        try:
            return translated.format(**params)
        except (KeyError, IndexError, ValueError):
            return text.format(**params)
    return translated
