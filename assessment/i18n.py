"""The interface language: which one a request gets, and the words for it.

Pages (everything people read in a browser, the PDFs included):

1. an explicit choice wins: the `lang` cookie, set by the language switch in
   every page's header (POST /language, see web/language.py); it is a cookie
   rather than the session so that it survives signing in and out;
2. else the browser's Accept-Language, best match of English and Spanish;
3. else English.

Machine output stays English unless it is asked for another language with
`?lang=es`: the JSON API under /api/, the CSV and JSON downloads, and every
command-line tool (no request: English). Scripts then get the same words
whichever browser or cookie ran them, and column headers never change.

Interface text is written in English in the code and the templates, marked
with gettext (`_`, `ngettext`, `lazy_gettext` for text defined at import,
`N_` for English kept in data and translated where it is shown) and
translated in translations/es/LC_MESSAGES/messages.po. The questionnaire's
own text is translated beside it in questions/i18n/. Outside a request (the
CLI, the pure modules used by scripts) gettext gives the English text.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Response, g, has_app_context, has_request_context, request
from flask_babel import force_locale, get_locale, get_translations, lazy_gettext, refresh
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from assessment.extensions import babel

from .config import PROJECT_ROOT
from .content.i18n import LANGUAGES, RESERVED_OPTION_LABELS, SOURCE_LANGUAGE

__all__ = [
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "N_",
    "_",
    "gettext",
    "ngettext",
    "lazy_gettext",
    "current_language",
    "in_language",
    "reserved_label",
    "init_i18n",
    "compile_catalogs",
]

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = SOURCE_LANGUAGE
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
# Each language named in itself, for the switch.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
# Downloads for programs and spreadsheets (besides everything under /api/).
MACHINE_ENDPOINTS = frozenset({"open_data.scorecards_csv", "open_data.scorecards_json", "compare.csv_download"})


# Where the request's catalog is kept once looked up: the app's own name on `g`.
CATALOG_KEY = "assessment_catalog"


def request_translations():
    """The message catalog of the request's language, looked up once per request.

    Flask-Babel looks the catalog up again on every call (three trips through
    `g`, the locale turned into a string, a cache lookup), and a questionnaire
    page asks for dozens of messages. The catalog is kept on `g` under our own
    key; forget_catalog() drops it whenever the language may change: at the
    start and end of every request and around in_language(). Public API only.
    """
    if not has_app_context():  # outside an app: English
        return get_translations()
    translations = g.get(CATALOG_KEY)
    if translations is None:
        translations = get_translations()
        setattr(g, CATALOG_KEY, translations)
    return translations


def forget_catalog() -> None:
    """Make the next message look the catalog up again (the language may have changed)."""
    if has_app_context():
        g.pop(CATALOG_KEY, None)


# Flask-Babel's gettext and ngettext, through request_translations().
def gettext(string: str, **variables) -> str:
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return request_translations().ungettext(singular, plural, num) % variables


_ = gettext


# The templates' gettext functions. Flask-Babel installs Jinja's "newstyle"
# ones, which pass every message through three layers of calls; these do the
# same in one: the translation is markup-safe when the template autoescapes,
# and %-formatted with the (escaped) variables, as Jinja's are. A text with no
# "%" at all comes out of that formatting unchanged, so it is skipped.
def _template_text(eval_context: EvalContext, text: str, variables: dict) -> str:
    if eval_context.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _template_gettext(eval_context: EvalContext, string: str, **variables) -> str:
    return _template_text(eval_context, request_translations().ugettext(string), variables)


@pass_eval_context
def _template_ngettext(eval_context: EvalContext, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _template_text(eval_context, request_translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def _template_pgettext(eval_context: EvalContext, context: str, string: str, **variables) -> str:
    variables.setdefault("context", context)
    return _template_text(eval_context, request_translations().upgettext(context, string), variables)


@pass_eval_context
def _template_npgettext(
    eval_context: EvalContext, context: str, singular: str, plural: str, num: int, **variables
) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _template_text(eval_context, request_translations().unpgettext(context, singular, plural, num), variables)


TEMPLATE_GETTEXT = {
    "_": _template_gettext,
    "gettext": _template_gettext,
    "ngettext": _template_ngettext,
    "pgettext": _template_pgettext,
    "npgettext": _template_npgettext,
}


def N_(text: str) -> str:
    """Marks English text for the catalog where it is defined; it is translated
    (gettext(variable)) where it is shown."""
    return text


def is_machine_request() -> bool:
    return request.path.startswith("/api/") or request.endpoint in MACHINE_ENDPOINTS


def select_language() -> str:
    """Flask-Babel's locale selector (see the module docstring)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if is_machine_request():
        asked = request.args.get("lang", "")
        return asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def current_language() -> str:
    """ "en" or "es": the request's language; English outside a request."""
    try:
        locale = get_locale()
    except (RuntimeError, KeyError):  # an app without Flask-Babel
        return DEFAULT_LANGUAGE
    language = locale.language if locale is not None else DEFAULT_LANGUAGE
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Text made inside is in `language` (a PDF in the language it is cached for)."""
    if language == current_language():
        yield
        return
    forget_catalog()
    try:
        with force_locale(language):
            yield
    finally:
        forget_catalog()


def reserved_label(choice: str) -> str:
    """The agreed wording of "dont_know" or "not_applicable" in the current language."""
    return RESERVED_OPTION_LABELS[current_language()][choice]


def compile_catalogs(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every <lang>/LC_MESSAGES/messages.po whose .mo is missing or
    older; returns the .mo files written. Fuzzy entries are left out, as
    `pybabel compile` does (the catalog test refuses them anyway)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        # Written aside and renamed, so a process starting at the same moment
        # never reads half a file.
        partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.part")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(partial, mo_path)
        written.append(mo_path)
    return written


def init_i18n(app: Flask) -> None:

    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    try:
        # `make translations` does this at build time; doing it here too means
        # any way of starting the app (flask run, gunicorn, the tests) gets
        # catalogs that match the .po files.
        compile_catalogs(Path(app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0]))
    except OSError as error:
        log.warning("Could not compile the message catalogs (%s); run `make translations`.", error)
    babel.init_app(app, locale_selector=select_language)
    app.jinja_env.globals.update(TEMPLATE_GETTEXT)

    # Flask-Babel keeps the locale on `g`, which outlives one request when an
    # app context is already pushed (tests, scripts): choose afresh each time.
    # create_app() calls init_i18n() before anything else adds a hook, so this
    # runs before every other one (the CSRF check's error page is translated too).
    @app.before_request
    def choose_language() -> None:
        refresh()
        forget_catalog()

    @app.teardown_request
    def forget_language(_error=None) -> None:
        refresh()
        forget_catalog()

    @app.after_request
    def say_which_language(response: Response) -> Response:
        if request.endpoint == "static":
            return response
        response.headers.setdefault("Content-Language", current_language())
        if not is_machine_request():
            # The same URL answers in the language of the cookie or the browser.
            response.vary.add("Cookie")
            response.vary.add("Accept-Language")
        return response
