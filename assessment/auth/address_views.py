"""Pages reached from mail: confirming the address, and resetting a forgotten password."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from assessment.auth import account_links, accounts
from assessment.auth.confirmed import AFTER_CONFIRM_KEY

from ..extensions import db
from ..i18n import _
from ..mail import NOT_SENT_MESSAGE
from ..web.recovery import safe_next
from .blueprint import bp
from .forms import ButtonForm, ForgotPasswordForm, ResetPasswordForm, show_account_error
from .messages import send_confirmation, send_reset, tell_no_account
from .sign_in import continue_sign_in


@bp.get("/account/confirm")
@login_required
def confirm_email():
    return render_template("auth/confirm_email.html", form=ButtonForm(), confirmed=accounts.is_confirmed(current_user))


@bp.post("/account/confirm")
@login_required
def resend_confirmation():
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("auth.confirm_email"))
    if accounts.is_confirmed(current_user):
        return redirect(url_for("auth.confirm_email"))
    if send_confirmation(current_user):
        flash(_("We sent a new link to %(email)s.", email=current_user.email), "success")
    else:
        flash(_(NOT_SENT_MESSAGE), "error")
    return redirect(url_for("auth.confirm_email"))


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_link(token: str):
    # The link shows a button and the POST confirms: opening a page changes
    # nothing, so a mail scanner that fetches links confirms nobody.
    user = account_links.user_to_confirm(token)
    if user is None:
        return render_template("auth/link_expired.html", kind="confirm"), 404
    form = ButtonForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/confirm_link.html", form=form, email=user.email, already=accounts.is_confirmed(user)
        )
    first_time = not accounts.is_confirmed(user)
    accounts.confirm_email(user)
    db.session.commit()
    done = _("Thank you: your email address is confirmed.")
    after = safe_next(session.pop(AFTER_CONFIRM_KEY, None))
    if current_user.is_authenticated and current_user.id == user.id:
        flash(done, "success")
        return redirect(after or url_for("auth.account"))
    if current_user.is_authenticated or not first_time:
        flash(done, "success")
        return redirect(url_for("main.home") if current_user.is_authenticated else url_for("auth.login"))
    # The link proves the mailbox, as a reset link does, so its first use signs
    # the new account in (registering signs nobody in, so as not to tell who
    # is new); used again it only confirms.
    # (Signing in starts a new session: the message goes with it.)
    return continue_sign_in(
        user,
        after or url_for("main.home"),
        None,
        message=_("Thank you: your email address is confirmed. You are signed in."),
    )


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_by_email(form.email.data)
        sent = send_reset(user) if user is not None else tell_no_account(accounts.normalise_email(form.email.data))
        # The same answer whether an account uses the address or not.
        return render_template("auth/reset_sent.html", sent=sent, email=accounts.normalise_email(form.email.data))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = account_links.user_to_reset(token)
    if user is None:
        return render_template("auth/link_expired.html", kind="reset"), 404
    form = ResetPasswordForm()
    refused = None
    if form.validate_on_submit():
        try:
            accounts.reset_password(user, form.password.data)
        except accounts.AccountSuspended as error:
            refused = str(error)
        except accounts.AccountError as error:
            show_account_error(form, error, "password")
        else:
            db.session.commit()
            return continue_sign_in(
                user, None, None, _("Your password is changed and you are signed in. Every other device is signed out.")
            )
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form, email=user.email, refused=refused), status
