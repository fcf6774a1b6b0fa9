"""The optional second step at sign-in (TOTP): turning it on and off, and the code page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from assessment.auth import accounts, two_step

from ..extensions import db
from ..i18n import _
from .blueprint import bp
from .forms import SignInCodeForm, TwoStepOffForm, TwoStepOnForm, show_account_error
from .sign_in import PENDING_KEY, finish_sign_in, pending_user

# The secret shown while it is being set up; kept in the account only once a
# code from it checked, so a half-done setup cannot lock anyone out.
NEW_SECRET_KEY = "new_two_step_secret"


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
def two_step_on():
    if current_user.totp_secret:
        return render_template("auth/two_step.html", on=True, off_form=TwoStepOffForm())
    secret = session.get(NEW_SECRET_KEY)
    if not isinstance(secret, str) or not secret:
        secret = session[NEW_SECRET_KEY] = two_step.new_secret()
    form = TwoStepOnForm()
    if form.validate_on_submit():
        try:
            two_step.turn_on(current_user, secret, form.code.data)
        except accounts.AccountError as error:
            show_account_error(form, error, "code")
        else:
            db.session.commit()
            session.pop(NEW_SECRET_KEY, None)
            flash(_("The second step is on. Next time you sign in, we will ask for a code from your app."), "success")
            return redirect(url_for("auth.account"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/two_step.html",
        on=False,
        form=form,
        secret=two_step.grouped(secret),
        uri=two_step.setup_uri(secret, current_user.email),
    ), status


@bp.post("/account/two-step/off")
@login_required
def two_step_off():
    if not current_user.totp_secret:
        return redirect(url_for("auth.two_step_on"))
    form = TwoStepOffForm()
    if form.validate_on_submit():
        try:
            two_step.turn_off(current_user, form.password.data, form.code.data)
        except accounts.AccountError as error:
            show_account_error(form, error, "code")
        else:
            db.session.commit()
            flash(_("The second step is off. Signing in needs only your password now."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/two_step.html", on=True, off_form=form), 422


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    user = pending_user()
    if user is None:
        session.pop(PENDING_KEY, None)
        if SignInCodeForm().is_submitted():
            flash(_("Please sign in again: the code must follow the password within a few minutes."), "info")
            return redirect(url_for("auth.login"))
        abort(404)
    form = SignInCodeForm()
    if form.validate_on_submit():
        if two_step.code_matches(user.totp_secret, form.code.data, str(user.id)):
            return finish_sign_in(user, form.next.data, form.carried.data)
        return render_template("auth/sign_in_code.html", form=form, failed=True), 422
    status = 422 if form.is_submitted() else 200
    return render_template("auth/sign_in_code.html", form=form, failed=False), status
