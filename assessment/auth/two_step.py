"""The optional second step at sign-in: a six-digit code from an authenticator
app (TOTP, RFC 6238, with pyotp), for any account that turns it on (RT-20)."""

from __future__ import annotations

import pyotp
from flask import current_app
from limits.storage import storage_from_string
from werkzeug.security import check_password_hash

from assessment.auth.accounts import AccountError
from assessment.i18n import _
from assessment.models import User

ISSUER = "Immigrant Inclusion Scorecard"
# A code is accepted one 30-second step early or late: phones' clocks drift.
VALID_WINDOW = 1
# Long enough to cover every step in which a code is accepted.
USED_CODE_SECONDS = 30 * (2 * VALID_WINDOW + 1)


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into a phone."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def setup_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _used_codes():
    # Codes already used, kept in the same store as the rate limits, so that
    # with a shared store (RATELIMIT_STORAGE_URI) every server sees them.
    store = current_app.extensions.get("used_sign_in_codes")
    if store is None:
        store = current_app.extensions["used_sign_in_codes"] = storage_from_string(
            current_app.config["RATELIMIT_STORAGE_URI"]
        )
    return store


def code_matches(secret: str, code: str, account_key: str) -> bool:
    """Whether the code is right now, and was not used already for this account:
    a code seen over someone's shoulder cannot be used a second time."""
    code = "".join((code or "").split())
    if not (len(code) == 6 and code.isdigit()) or not pyotp.TOTP(secret).verify(code, valid_window=VALID_WINDOW):
        return False
    return _used_codes().incr(f"used-code:{account_key}:{code}", USED_CODE_SECONDS) == 1


def turn_on(user: User, secret: str, code: str) -> None:
    if not code_matches(secret, code, str(user.id)):
        raise AccountError(_("That code is not right. Type the six digits your app shows now."), field="code")
    user.totp_secret = secret


def turn_off(user: User, password: str, code: str) -> None:
    if not check_password_hash(user.password_hash, password):
        raise AccountError(_("Your password is not right."), field="password")
    if not code_matches(user.totp_secret, code, str(user.id)):
        raise AccountError(_("That code is not right. Type the six digits your app shows now."), field="code")
    user.totp_secret = None
