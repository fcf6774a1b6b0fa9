"""Where the running app keeps its one loaded questionnaire."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .content import load_questionnaire
from .content.model import Questionnaire


def init_questionnaire(app: Flask) -> None:
    app.extensions["questionnaire"] = load_questionnaire(Path(app.config["QUESTIONS_DIR"]))


def questionnaire() -> Questionnaire:
    return current_app.extensions["questionnaire"]
