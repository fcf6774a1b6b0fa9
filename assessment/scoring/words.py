"""The few sentences scoring writes (why a question is left out, what a state
law does to it, the core gate), in the reader's language, without importing
the web framework: the app installs its translator at start-up
(assessment/i18n.py, init_i18n). Without an app they stay in English."""

from __future__ import annotations

from collections.abc import Callable


def _english(text: str) -> str:
    return text


_translate: Callable[[str], str] = _english


def use_translator(translate: Callable[[str], str]) -> None:
    """Send scoring's sentences through translate (the app's gettext)."""
    global _translate
    _translate = translate


def _(text: str, **variables: object) -> str:
    """gettext, as Flask-Babel's: translate, then fill the %(name)s places."""
    translated = _translate(text)
    return translated % variables if variables else translated
