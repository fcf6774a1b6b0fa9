from __future__ import annotations

from flask import Blueprint, current_app, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from ..i18n import _
from ..services import accounts
from ..web import known_devices
from ..web.recovery import SIGNED_OUT_MESSAGE, recover, safe_next, unpack_form
from .forms import ChangePasswordForm, LoginForm, RegisterForm

bp = Blueprint("auth", __name__)


def _start_session(user) -> None:
    # A fresh session at sign-in: nothing from before (a fixed session id,
    # another user's flashes) carries over.
    session.clear()
    # Flask-WTF's generate_csrf() keeps the request's token in g under the field
    # name; drop it with the old session, or a page rebuilt in this request (answers
    # carried through sign-in) would carry a token the new session does not hold,
    # and its first Save would fail (RT-24; test_survey checks this still holds).
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user)
    session.permanent = False


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = accounts.register(
                form.email.data, form.password.data, form.display_name.data or "", form.organisation.data or ""
            )
        except accounts.AccountError as error:
            field = form.email if error.field == "email" else form.password
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            _start_session(user)
            flash(_("Your account is ready."), "success")
            return redirect(safe_next(form.next.data) or url_for("main.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    failed = False
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            failed = True
        else:
            _start_session(user)
            target = safe_next(form.next.data)
            carried = unpack_form(form.carried.data) if form.carried.data else None
            if target and carried:
                rebuilt = recover(target, carried, SIGNED_OUT_MESSAGE)
                if rebuilt is not None:
                    return known_devices.remember(make_response(rebuilt), user.email)
            flash(_("You are signed in."), "success")
            return known_devices.remember(redirect(target or url_for("main.home")), user.email)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form, failed=failed,
                           failed_message=_("That email and password do not match an account. Check both and try again.")), status


@bp.post("/logout")
@login_required
def logout():
    accounts.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except accounts.AccountError as error:
            target = form.current if error.field == "current" else form.password
            target.errors = [*target.errors, str(error)]
        else:
            db.session.commit()
            # Other sessions end with the epoch bump; this one continues.
            _start_session(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("auth.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/account.html", form=form), status
