"""Browsers that have signed in to an account before (RT-13).

Wrong passwords for one email fill that email's counter (auth/rate_limits.py),
and a stranger can fill it on purpose to keep an official out. A browser that
signed in to the account before carries a signed cookie naming it (by a hash
of the email, never the address itself), and the per-account counter does not
apply to it: the official gets in, while the stranger's guesses stay limited
(they have no such cookie, and the per-address counter still holds).
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assessment.auth.accounts import normalise_email

COOKIE = "known_device"
MAX_AGE = 365 * 24 * 3600  # a year
MAX_ACCOUNTS = 5  # accounts remembered per browser (a shared office computer)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def _account(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()[:32]


def _remembered() -> list[str]:
    value = request.cookies.get(COOKIE)
    if not value:
        return []
    try:
        accounts = _serializer().loads(value, max_age=MAX_AGE)
    except BadSignature:  # forged, or older than a year (SignatureExpired is a BadSignature)
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def is_known(email: str) -> bool:
    """Whether this browser signed in to the account with this email before."""
    return bool(email.strip()) and _account(email) in _remembered()


def remember(response: Response, email: str) -> Response:
    """After a successful sign-in: this browser now knows the account."""
    accounts = [a for a in _remembered() if a != _account(email)] + [_account(email)]
    config = current_app.config
    response.set_cookie(
        COOKIE,
        _serializer().dumps(accounts[-MAX_ACCOUNTS:]),
        max_age=MAX_AGE,
        httponly=True,
        secure=config.get("SESSION_COOKIE_SECURE", False),
        samesite="Lax",
    )
    return response
