from __future__ import annotations

from flask import Flask

from ..content_access import questionnaire


def register_templating(app: Flask) -> None:
    @app.context_processor
    def inject_globals() -> dict:
        return {"questionnaire": questionnaire()}

    @app.template_filter("score")
    def format_score(value) -> str:
        if value is None:
            return "n/a"
        return f"{value:.0f}"

    app.add_template_filter(answer_text, "answer_text")
    app.add_template_test(safe_link, "safe_link")
    app.add_template_filter(controller_labels, "controller_labels")


def answer_text(value, question) -> str:
    """An answer in words, as the review page and history show it."""
    from ..content.model import DONT_KNOW

    if value is None or value == [] or value == "":
        return "Not answered yet"
    if value == DONT_KNOW:
        return "Don't know yet"
    if isinstance(value, dict) and "not_applicable" in value:
        return f"Does not apply here: {value['not_applicable']}"
    ids = value if isinstance(value, list) else [value]
    labels = []
    for option_id in ids:
        option = question.option(option_id) if question else None
        labels.append(option.label if option else str(option_id))
    return "; ".join(labels)


def safe_link(url) -> bool:
    """`{% if url is safe_link %}`: only http(s) links with a host become <a href>.
    Saved evidence passed the form's check, but data from an import or an
    older version may not have: a javascript: link is then shown as text."""
    from ..answers import url_problems

    return isinstance(url, str) and bool(url) and not url_problems(url)


def controller_labels(question) -> str:
    controllers = questionnaire().controllers
    return ", ".join(controllers.get(c, c) for c in question.controlled_by)
