"""Friendly error pages (and JSON for the API) for every status a user can meet."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db
from ..i18n import N_, _
from .recovery import EXPIRED_MESSAGE, FORM_RECOVERY, came_from_our_page, refused

# English; error_response() gives them in the request's language (the API's
# JSON errors are English unless ?lang= asks otherwise, see i18n.py).
PLAIN_MESSAGES = {
    400: (
        N_("Something in the request was not right"),
        N_("The page sent something we could not read. Go back, check the form and try again."),
    ),
    401: (N_("Please sign in"), N_("You need to sign in to do this.")),
    403: (N_("Not allowed"), N_("You do not have permission to do this.")),
    404: (
        N_("Page not found"),
        N_("We could not find that page. It may have moved, or you may not have access to it."),
    ),
    405: (N_("Not allowed"), N_("That page cannot be used this way.")),
    409: (N_("Someone else saved first"), N_("This was changed by someone else while you were working.")),
    413: (
        N_("Too much data"),
        N_(
            "What you sent is larger than we accept. Shorten the longest texts and try again; "
            "nothing already saved was lost."
        ),
    ),
    422: (N_("Please check your answers"), N_("Some of what you sent could not be accepted.")),
    429: (N_("Too many attempts"), N_("Too many attempts in a short time. Please wait a few minutes and try again.")),
    500: (
        N_("Something went wrong on our side"),
        N_("We are sorry: something failed on our side. What you saved before is safe. Please try again."),
    ),
    503: (
        N_("Busy just now"),
        N_("Too much is being done at once. Please try again in a minute; nothing already saved was lost."),
    ),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, detail: str | None = None) -> Response:
    title, message = PLAIN_MESSAGES.get(status, PLAIN_MESSAGES[400 if status < 500 else 500])
    title, message = _(title), _(message)
    if wants_json():
        response = jsonify({"error": title, "detail": detail or message, "status": status})
    else:
        response = Response(render_template("errors/error.html", status=status, title=title, message=detail or message))
    response.status_code = status
    return response


def _flood_message(error: HTTPException) -> str | None:
    """A flood limit's own words (auth/rate_limits.py FLOOD_MESSAGES), translated."""
    message = getattr(getattr(error, "limit", None), "error_message", None)
    return _(message) if error.code == 429 and isinstance(message, str) else None


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def handle_csrf(error: CSRFError):
        recover = FORM_RECOVERY.get(request.endpoint or "")
        if recover is not None and came_from_our_page():
            return recover(request.view_args or {}, request.form, EXPIRED_MESSAGE)
        return refused(
            error_response(
                400,
                _("Your form had expired, so it was not sent. Go back, reload the page and try again."),
            )
        )

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        response = error_response(error.code, _flood_message(error))
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return handle_http(error)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500)

    @app.errorhandler(InternalServerError)
    def handle_500(error: InternalServerError):
        db.session.rollback()
        return error_response(500)
