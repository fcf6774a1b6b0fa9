from __future__ import annotations

from datetime import date, datetime
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request
from jinja2 import pass_context

from assessment.content.current import level_label, questionnaire
from assessment.content.model import DONT_KNOW
from assessment.models.jurisdictions import COUNTY_POPULATION_YEAR
from assessment.scoring.answers import url_problems

from ..i18n import _, current_language, reserved_label
from ..scoring import law_name


def per_language(func):
    """A template filter whose result depends on the request's language.

    Jinja computes a filter applied to a literal ({{ 'protection'|tier_label }})
    once, when it compiles the template, and keeps the result for every later
    request: a filter that takes the context is never folded like that."""

    @pass_context
    @wraps(func)
    def filter_(_context, *args, **kwargs):
        return func(*args, **kwargs)

    return filter_


def register_templating(app: Flask) -> None:

    app.jinja_env.globals["county_population_year"] = COUNTY_POPULATION_YEAR

    @app.context_processor
    def inject_globals() -> dict:
        return {"questionnaire": questionnaire()}

    @app.template_filter("score")
    @per_language
    def format_score(value) -> str:
        if value is None:
            return _("n/a")
        return f"{value:.0f}"

    app.add_template_filter(per_language(answer_text), "answer_text")
    app.add_template_test(safe_link, "safe_link")
    app.add_template_filter(per_language(controller_labels), "controller_labels")
    app.add_template_filter(per_language(lambda c: questionnaire().controllers.get(c, c)), "controller_label")
    app.add_template_filter(per_language(lambda t: questionnaire().state_law_topics.get(t, t)), "state_law_topic")
    app.add_template_filter(law_name, "law_name")
    app.add_template_filter(source_host, "source_host")
    app.add_template_global(site_url, "site_url")
    app.add_template_filter(per_language(level_label), "level_label")
    app.add_template_filter(per_language(day_text), "day_text")


def answer_text(value, question) -> str:
    """An answer in words, as the review page and history show it."""

    if value is None or value == [] or value == "":
        return _("Not answered yet")
    if value == DONT_KNOW:
        return reserved_label("dont_know")
    if isinstance(value, dict) and "not_applicable" in value:
        reason = value["not_applicable"]
        condition = question.condition(reason) if question else None
        return f"{reserved_label('not_applicable')}: {condition.label if condition else reason}"
    ids = value if isinstance(value, list) else [value]
    labels = []
    for option_id in ids:
        option = question.option(option_id) if question else None
        # A choice a newer questionnaire no longer offers: its id, marked (answers.retired_choices).
        if option is not None:
            labels.append(option.label)
        else:
            labels.append(
                str(option_id) if question is None else _("%(choice)s (no longer a choice)", choice=option_id)
            )
    return "; ".join(labels)


# strftime patterns (English, as before) and their CLDR equivalents for Spanish.
# "1 December 2026", as provenance.format_day says it: the day without a leading zero.
_DAY_FORMATS = {
    "long": ("{day} %B %Y", "d 'de' MMMM 'de' y"),
    "short": ("{day} %b %Y", "d MMM y"),
    "long_time": ("{day} %B %Y at %H:%M", "d 'de' MMMM 'de' y 'a las' HH:mm"),
}


def day_text(value: date | datetime | None, style: str = "long") -> str:
    """A stored (UTC) date or time in words, in the page's language."""
    if value is None:
        return ""
    english, cldr = _DAY_FORMATS[style]
    language = current_language()
    if language == "en":
        return value.strftime(english.replace("{day}", str(value.day)))
    from babel.dates import format_date, format_datetime

    if isinstance(value, datetime):
        return format_datetime(value, cldr, locale=language)
    return format_date(value, cldr, locale=language)


def safe_link(url) -> bool:
    """`{% if url is safe_link %}`: only http(s) links with a host become <a href>.
    Saved evidence passed the form's check, but data from an import or an
    older version may not have: a javascript: link is then shown as text."""

    return isinstance(url, str) and bool(url) and not url_problems(url)


def site_url(path: str) -> str:
    """An absolute link to a path of this site, for documents read away from it (a PDF):
    the request's host, else SERVER_NAME, else the path alone."""
    if has_request_context():
        return request.host_url.rstrip("/") + path
    name = current_app.config.get("SERVER_NAME")
    return f"{current_app.config.get('PREFERRED_URL_SCHEME', 'https')}://{name}{path}" if name else path


def source_host(url: str) -> str:
    """A source link's site, as its text: "ilrc.org" for https://www.ilrc.org/local-enforcement-map."""
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def controller_labels(question) -> str:
    controllers = questionnaire().controllers
    return ", ".join(controllers.get(c, c) for c in question.controlled_by)
