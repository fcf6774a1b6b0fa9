"""confirmed_required: views that need a confirmed email address (RT-10).

Drafting needs only an account; publishing, inviting, accepting an invitation
and claiming a place need proof that the person reads mail at the account's
address. Put it under @login_required:

    @bp.post("/<int:assessment_id>/publish")
    @login_required
    @confirmed_required
    def publish(...): ...

An unconfirmed account is sent to the page that says where the link went and
can send it again; after confirming in the same browser, a page it was opening
(GET) opens.
"""

from __future__ import annotations

from functools import wraps

from flask import flash, redirect, request, session, url_for
from flask_login import current_user

from assessment.auth.accounts import is_confirmed
from assessment.i18n import _

AFTER_CONFIRM_KEY = "after_confirm"


def confirmed_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated and not is_confirmed(current_user):
            if request.method == "GET":
                session[AFTER_CONFIRM_KEY] = request.full_path.rstrip("?")
            flash(
                _(
                    "Please confirm your email address first: open the link we sent to %(email)s.",
                    email=current_user.email,
                ),
                "info",
            )
            return redirect(url_for("auth.confirm_email"))
        return view(*args, **kwargs)

    return wrapped
