from __future__ import annotations

import time

from flask import Flask, current_app, session
from sqlalchemy import bindparam, select

from assessment.extensions import db, login_manager
from assessment.i18n import N_, _
from assessment.models import User
from assessment.web.errors import error_response
from assessment.web.recovery import FORM_RECOVERY, SIGNED_OUT_MESSAGE, came_from_our_page, refused

# Every signed-in request loads its user. session.get() builds its statement
# on each call; built once, the load costs about a quarter less.
_USER = select(User).where(User.id == bindparam("user_id"))

# Session keys: when this session signed in, and when it was last used (RT-18).
SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
# The last-use time is rewritten at most this often, so that not every
# response carries a new cookie.
SEEN_AT_PRECISION_SECONDS = 60


def now() -> float:
    """The clock of the session limits (tests patch it)."""
    return time.time()


def mark_signed_in() -> None:
    """At sign-in, into the fresh session."""
    session[SIGNED_IN_AT] = session[SEEN_AT] = int(now())


def session_is_current() -> bool:
    """False once the session was idle for longer than SESSION_IDLE_HOURS, or signed
    in longer ago than SESSION_MAX_DAYS: a copied cookie does not work for ever.
    A session from before these limits has no times, and ends too."""
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(seen_at, int):
        return False
    config, moment = current_app.config, now()
    if moment - signed_in_at > config["SESSION_MAX_DAYS"] * 86400:
        return False
    if moment - seen_at > config["SESSION_IDLE_HOURS"] * 3600:
        return False
    if moment - seen_at >= SEEN_AT_PRECISION_SECONDS:
        session[SEEN_AT] = int(moment)
    return True


def register_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to continue.")  # translated when flashed
    login_manager.login_message_category = "info"
    # A new session at login; Flask-Login's "strong" protection would also drop
    # sessions when a laptop's network changes, which our users hit daily.
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_key: str) -> User | None:
        user_id, _sep, epoch = user_key.partition(":")
        if not user_id.isdigit() or not epoch.isdigit():
            return None
        if not session_is_current():
            return None
        user = db.session.scalars(_USER, {"user_id": int(user_id)}).first()
        if user is None or user.session_epoch != int(epoch) or user.suspended_at is not None:
            return None
        return user

    _register_unauthorized(app)


def _register_unauthorized(app: Flask) -> None:
    from flask import flash, redirect, request, url_for

    @login_manager.unauthorized_handler
    def unauthorized():
        recover = FORM_RECOVERY.get(request.endpoint or "")
        if request.method == "POST" and recover is not None:
            if not came_from_our_page():  # RT-09: see web/recovery.py
                return refused(
                    error_response(
                        400,
                        _(
                            "You were signed out, so this was not saved. Sign in, "
                            "then go back to the page and try again."
                        ),
                    )
                )
            return recover(request.view_args or {}, request.form, SIGNED_OUT_MESSAGE)
        if request.method == "GET":
            flash(_(login_manager.login_message), login_manager.login_message_category)
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        flash(_(login_manager.login_message), login_manager.login_message_category)
        return redirect(url_for("auth.login"))
