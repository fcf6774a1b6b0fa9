"""Brute-force limits on sign-in and registration (Flask-Limiter).

Two counters guard each form, so neither guessing many passwords for one
account from many addresses, nor trying many accounts from one address, gets
far:

- per account (the email typed): failed attempts only;
- per address: failed sign-ins, and every registration attempt (each
  success creates an account, and "already exists" answers confirm one).

A successful sign-in costs nothing. A browser that has signed in to the
account before is not held by the account's counter (web/known_devices.py),
so a stranger who fills it on purpose cannot lock the official out (RT-13). When a counter is full the client
gets 429 and the friendly "Too many attempts" page (web/errors.py).

The limits and the counters' store come from the configuration
(AUTH_FAILURES_PER_ACCOUNT, AUTH_FAILURES_PER_ADDRESS,
REGISTRATIONS_PER_ADDRESS, RATELIMIT_STORAGE_URI, RATELIMIT_ENABLED).
Each app gets its own Limiter (kept in app.extensions["auth_limiter"]):
Flask-Limiter keeps its switch and store on the Limiter object, so one
module-level instance shared by several apps in a process (tests, the CLI)
would let one app's settings leak into another's.
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_limiter import Limiter

from ..services.accounts import normalise_email
from .known_devices import is_known

LIMITED_ENDPOINTS = ("auth.login", "auth.register")


def client_address() -> str:
    # request.remote_addr is the client's own address, or the one the trusted
    # proxies reported (see web/hosts.py, TRUSTED_PROXY_COUNT).
    return "address:" + (request.remote_addr or "unknown")


def typed_email() -> str:
    """The email the sign-in or registration form was posted with, normalised."""
    return normalise_email(request.form.get("email", ""))[:254]


def account_key() -> str:
    # An empty key makes Flask-Limiter skip this counter; such a post is
    # refused by the form anyway and still counts per address.
    email = typed_email()
    return "account:" + email if email else ""


def failed(response: Response) -> bool:
    """A sign-in or registration that did not go through (wrong password, refused form)."""
    return response.status_code >= 400


def register_rate_limits(app: Flask) -> Limiter:
    config = app.config
    limiter = Limiter(
        key_func=client_address,
        storage_uri=config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        # Never swallow storage errors silently into "no limit": a dead
        # store shows up as an error, not as an open door.
        swallow_errors=False,
    )
    limiter.init_app(app)
    app.extensions["auth_limiter"] = limiter
    if not limiter.enabled:
        return limiter
    if config.get("APP_ENV") == "production" and config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        app.logger.warning(
            "Sign-in limits are counted in memory, per process: with several processes or servers, "
            "set RATELIMIT_STORAGE_URI to a shared store (for example redis://host:6379)."
        )

    per_account = limiter.limit(config["AUTH_FAILURES_PER_ACCOUNT"], key_func=account_key,
                                methods=["POST"], deduct_when=failed,
                                exempt_when=lambda: is_known(typed_email()))
    login_per_address = limiter.limit(config["AUTH_FAILURES_PER_ADDRESS"], key_func=client_address,
                                      methods=["POST"], deduct_when=failed)
    register_per_address = limiter.limit(config["REGISTRATIONS_PER_ADDRESS"], key_func=client_address,
                                         methods=["POST"])
    views = app.view_functions
    views["auth.login"] = per_account(login_per_address(views["auth.login"]))
    views["auth.register"] = per_account(register_per_address(views["auth.register"]))
    return limiter
