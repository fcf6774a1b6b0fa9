"""Signing in: the fresh session, the optional second step, and where to go after."""

from __future__ import annotations

from flask import current_app, flash, g, make_response, redirect, render_template, session, url_for
from flask_login import login_user

from assessment.auth import known_devices
from assessment.auth.login import mark_signed_in, now

from ..extensions import db
from ..i18n import _
from ..models import User
from ..web.recovery import SIGNED_OUT_MESSAGE, recover, safe_next, unpack_form
from .forms import SignInCodeForm

# In the session while the code is asked for: which account, at which session
# epoch (a password change meanwhile voids it), since when. Nobody is signed in
# until the code checks.
PENDING_KEY = "sign_in_code_for"
PENDING_SECONDS = 5 * 60


def start_session(user: User) -> None:
    # A fresh session at sign-in: nothing from before (a fixed session id,
    # another user's flashes, a half-done second step) carries over.
    session.clear()
    # Flask-WTF's generate_csrf() keeps the request's token in g under the field
    # name; drop it with the old session, or a page rebuilt in this request (answers
    # carried through sign-in) would carry a token the new session does not hold,
    # and its first Save would fail (RT-24; test_survey checks this still holds).
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user)
    session.permanent = False
    mark_signed_in()


def finish_sign_in(user: User, next_target: str | None, carried_data: str | None, message: str | None = None):
    """Sign in (the password, and the code if the account has a second step, were
    checked) and go where the person was going, with answers carried through."""
    start_session(user)
    target = safe_next(next_target)
    carried = unpack_form(carried_data) if carried_data else None
    if target and carried:
        rebuilt = recover(target, carried, SIGNED_OUT_MESSAGE)
        if rebuilt is not None:
            return known_devices.remember(make_response(rebuilt), user.email)
    flash(message or _("You are signed in."), "success")
    return known_devices.remember(redirect(target or url_for("main.home")), user.email)


def continue_sign_in(user: User, next_target: str | None, carried_data: str | None, message: str | None = None):
    """After the password (or a password reset): the code page if the account has a
    second step, else signed in."""
    if not user.totp_secret:
        return finish_sign_in(user, next_target, carried_data, message)
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    session[PENDING_KEY] = {"user": user.id, "epoch": user.session_epoch, "at": int(now())}
    form = SignInCodeForm(next=next_target or "", carried=carried_data or "")
    return render_template("auth/sign_in_code.html", form=form, failed=False)


def pending_user() -> User | None:
    """The account whose code is asked for, if the password was right a few minutes ago."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None
    if not isinstance(pending.get("at"), int) or now() - pending["at"] > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending["user"])
    if user is None or user.session_epoch != pending.get("epoch") or not user.totp_secret:
        return None
    if user.suspended_at is not None:
        return None
    return user


def pending_key() -> str:
    """For the limit on wrong codes (auth/rate_limits.py): the account, whatever the
    session cookie (an old copy of it cannot reset the count)."""
    pending = session.get(PENDING_KEY)
    user_id = pending.get("user") if isinstance(pending, dict) else None
    return f"sign-in-code:{user_id}" if isinstance(user_id, int) else ""
