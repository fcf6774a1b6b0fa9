"""Where the running app keeps its loaded questionnaire, in every language.

Both languages are read and checked once, at start-up. questionnaire() gives
the one in the request's language (assessment/i18n.py): the same ids, points
and structure in every language, so answers and scores never depend on it.
Anything stored (scores, levels, audit) is written from the English one.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, current_app

from assessment.content import load_questionnaires
from assessment.content.i18n import SOURCE_LANGUAGE
from assessment.content.model import Questionnaire
from assessment.i18n import current_language


def init_questionnaire(app: Flask) -> None:
    questionnaires = load_questionnaires(Path(app.config["QUESTIONS_DIR"]))
    app.extensions["questionnaires"] = questionnaires
    # The source (English) text, for code that stores or exports data.
    app.extensions["questionnaire"] = questionnaires[SOURCE_LANGUAGE]


def questionnaire(language: str | None = None) -> Questionnaire:
    """The questionnaire in `language`, by default the request's ("en" outside a request)."""

    loaded: Mapping[str, Questionnaire] = current_app.extensions["questionnaires"]
    return loaded.get(language or current_language()) or loaded[SOURCE_LANGUAGE]


def source_questionnaire() -> Questionnaire:
    source: Questionnaire = current_app.extensions["questionnaire"]
    return source


def level_label(stored: str | None) -> str | None:
    """A level label stored with a score (written in English) in the current language."""
    if not stored:
        return stored
    english = source_questionnaire()
    for level in english.levels:
        if level.label == stored:
            shown = next((lv for lv in questionnaire().levels if lv.id == level.id), None)
            return shown.label if shown is not None else stored
    return stored
