"""The language switch in every page's header: POST /language.

A POST with the CSRF token like every other form (it changes what the
browser is sent from then on), answered with a redirect back to the page it
was pressed on. `next` must be a path on this site (recovery.safe_next), so
the switch can never send anyone elsewhere. The choice is kept in its own
cookie, not the session: signing in starts a fresh session, and the language
must survive that.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for

from ..i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, LANGUAGE_NAMES, LANGUAGES, current_language
from .recovery import safe_next

bp = Blueprint("language", __name__)


@bp.post("/language")
def switch():
    language = request.form.get("lang", "")
    if language not in LANGUAGES:
        abort(400)
    response = redirect(safe_next(request.form.get("next")) or url_for("main.home"), 303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def _back_here() -> str:
    """Where the switch returns to: this page, or for a page that answered a
    POST (which cannot be fetched again), the page the form was on."""
    if request.method == "GET":
        return safe_next(request.full_path.rstrip("?")) or "/"
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else "")) or "/"
    return "/"


def register_language_switch(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def language_globals() -> dict:
        language = current_language()
        return {
            "page_lang": language,
            "other_languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES if code != language],
            "language_next": _back_here,
        }
