"""The mail the account pages send, each to the account's own address."""

from __future__ import annotations

from flask import url_for

from assessment.auth import account_links, accounts

from ..i18n import _
from ..mail import send_mail
from ..models import User


def send_confirmation(user: User) -> bool:
    link = url_for("auth.confirm_link", token=account_links.confirmation_token(user), _external=True)
    return send_mail(
        user.email,
        _("Confirm your email address"),
        "confirm_email",
        link=link,
        hours=account_links.CONFIRM_MAX_AGE // 3600,
    )


def tell_the_owner(user: User) -> bool:
    """Someone registered with an address that has an account: its owner hears of
    it, with a reset link. If the account was never confirmed, that link lets the
    address's real owner take it over from whoever made it (RT-10)."""
    return send_mail(
        user.email,
        _("Someone tried to create an account with your address"),
        "register_existing",
        reset_link=_reset_link(user),
        sign_in_link=url_for("auth.login", _external=True),
        confirmed=accounts.is_confirmed(user),
    )


def send_reset(user: User) -> bool:
    return send_mail(user.email, _("Reset your password"), "reset_password", link=_reset_link(user))


def tell_no_account(email: str) -> bool:
    """A reset asked for an address no account uses. Mailed all the same, so the
    page, its timing and a mail failure look alike whether an account exists or not."""
    return send_mail(
        email, _("Reset your password"), "reset_no_account", register_link=url_for("auth.register", _external=True)
    )


def _reset_link(user: User) -> str:
    return url_for("auth.reset_password", token=account_links.reset_token(user), _external=True)
