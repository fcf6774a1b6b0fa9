from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from assessment.auth import accounts

from ..extensions import db
from ..i18n import N_, _
from ..web.recovery import safe_next
from .blueprint import bp
from .forms import ChangePasswordForm, LoginForm, RegisterForm, show_account_error
from .messages import send_confirmation, tell_the_owner
from .sign_in import continue_sign_in, start_session

FAILED_SIGN_IN_MESSAGE = N_("That email and password do not match an account. Check both and try again.")


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user, created = accounts.register(
                form.email.data, form.password.data, form.display_name.data or "", form.organisation.data or ""
            )
        except accounts.AccountError as error:
            show_account_error(form, error, "password")
        else:
            db.session.commit()
            # Nobody is signed in here, new address or not: the emailed link
            # signs the new account in. The page, its headers and its cookies
            # are then the same whether the address was new or not (RT-16).
            sent = send_confirmation(user) if created else tell_the_owner(user)
            return render_template(
                "auth/check_email.html",
                email=user.email,
                sent=sent,
                next=safe_next(form.next.data) or url_for("main.home"),
            )
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    failed_message = None
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except accounts.AccountSuspended as error:
            failed_message = str(error)
        else:
            if user is not None:
                return continue_sign_in(user, form.next.data, form.carried.data)
            failed_message = _(FAILED_SIGN_IN_MESSAGE)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/login.html", form=form, failed=failed_message is not None, failed_message=failed_message
    ), status


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
            show_account_error(form, error, "password")
        else:
            db.session.commit()
            # Other sessions end with the epoch bump; this one continues.
            start_session(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("auth.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/account.html", form=form, confirmed=accounts.is_confirmed(current_user)), status
