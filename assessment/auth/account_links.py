"""Signed links mailed to an account's own address.

Both are itsdangerous tokens signed with the app's secret key, with a salt of
their own so one kind can never be used as the other:

- confirming the address: carries the account and the address, and lasts 48
  hours; a changed address voids it;
- resetting the password: lasts one hour and works once. It carries a
  fingerprint of the account's password hash and session epoch, and using it
  changes both, so the same link is dead afterwards (so is every older one).
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assessment.extensions import db
from assessment.models import User

CONFIRM_SALT = "confirm-email-address"
RESET_SALT = "reset-password"
CONFIRM_MAX_AGE = 48 * 3600
RESET_MAX_AGE = 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


def _load(token: str, salt: str, max_age: int) -> dict | None:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:  # forged, altered or expired (SignatureExpired is a BadSignature)
        return None
    return data if isinstance(data, dict) and isinstance(data.get("user"), int) else None


def confirmation_token(user: User) -> str:
    return _serializer(CONFIRM_SALT).dumps({"user": user.id, "email": user.email})


def user_to_confirm(token: str) -> User | None:
    """The account a confirmation link is for, if the link is sound, recent and still
    for the account's current address."""
    data = _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    user = db.session.get(User, data["user"]) if data else None
    if user is None or not hmac.compare_digest(str(data.get("email", "")), user.email):
        return None
    return user


def _password_state(user: User) -> str:
    # Never the hash itself: the token is signed, not encrypted.
    return hashlib.sha256(f"{user.password_hash}:{user.session_epoch}".encode()).hexdigest()[:32]


def reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"user": user.id, "state": _password_state(user)})


def user_to_reset(token: str) -> User | None:
    """The account a reset link is for, if it is sound, under an hour old and unused."""
    data = _load(token, RESET_SALT, RESET_MAX_AGE)
    user = db.session.get(User, data["user"]) if data else None
    if user is None or not hmac.compare_digest(str(data.get("state", "")), _password_state(user)):
        return None
    return user
