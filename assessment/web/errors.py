"""Friendly error pages (and JSON for the API) for every status a user can meet."""
from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db
from .recovery import FORM_RECOVERY

PLAIN_MESSAGES = {
    400: ("Something in the request was not right", "The page sent something we could not read. Go back, check the form and try again."),
    401: ("Please sign in", "You need to sign in to do this."),
    403: ("Not allowed", "You do not have permission to do this."),
    404: ("Page not found", "We could not find that page. It may have moved, or you may not have access to it."),
    405: ("Not allowed", "That page cannot be used this way."),
    409: ("Someone else saved first", "This was changed by someone else while you were working."),
    413: ("Too much data", "What you sent is larger than we accept. Shorten the longest texts and try again; nothing already saved was lost."),
    422: ("Please check your answers", "Some of what you sent could not be accepted."),
    429: ("Too many attempts", "Too many attempts in a short time. Please wait a few minutes and try again."),
    500: ("Something went wrong on our side", "We are sorry: something failed on our side. What you saved before is safe. Please try again."),
}

def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, detail: str | None = None) -> Response:
    title, message = PLAIN_MESSAGES.get(status, PLAIN_MESSAGES[400 if status < 500 else 500])
    if wants_json():
        response = jsonify({"error": title, "detail": detail or message, "status": status})
    else:
        response = Response(
            render_template("errors/error.html", status=status, title=title, message=detail or message)
        )
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def handle_csrf(error: CSRFError):
        recover = FORM_RECOVERY.get(request.endpoint or "")
        if recover is not None:
            return recover(
                request.view_args or {},
                request.form,
                "Your page had expired, so your last changes were not saved yet. "
                "They are filled in below: check them and press Save.",
            )
        return error_response(
            400,
            "Your form had expired, so it was not sent. Go back, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        response = error_response(error.code)
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
