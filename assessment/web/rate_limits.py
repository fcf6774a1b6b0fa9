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

from collections.abc import Callable

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_login import current_user

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


# Flood limits on the trust forms (claims, reports). A view is marked with
# claim_limits or report_limits where it is defined; register_rate_limits()
# wraps every marked view with the app's own Limiter, whose limits come from
# the configuration (defaults below).
_FLOOD_MARK = "_flood_limits"
FLOOD_DEFAULTS = {
    "claim": {"CLAIMS_PER_ACCOUNT": "5 per day", "CLAIMS_PER_ADDRESS": "20 per day"},
    "report": {"REPORTS_PER_ADDRESS": "10 per hour"},
}


def _mark(kind: str) -> Callable[[Callable], Callable]:
    def decorate(view: Callable) -> Callable:
        setattr(view, _FLOOD_MARK, kind)
        return view

    return decorate


claim_limits = _mark("claim")
report_limits = _mark("report")


def signed_in_account_key() -> str:
    return f"user:{current_user.id}" if getattr(current_user, "is_authenticated", False) else client_address()


def _wrap_flood_limited(app: Flask, limiter: Limiter) -> None:
    config = app.config

    def setting(kind: str, name: str) -> str:
        return config.get(name) or FLOOD_DEFAULTS[kind][name]

    for endpoint, view in list(app.view_functions.items()):
        kind = getattr(view, _FLOOD_MARK, None)
        if kind == "claim":
            per_account = limiter.limit(setting(kind, "CLAIMS_PER_ACCOUNT"), key_func=signed_in_account_key,
                                        methods=["POST"])
            per_address = limiter.limit(setting(kind, "CLAIMS_PER_ADDRESS"), key_func=client_address,
                                        methods=["POST"])
            app.view_functions[endpoint] = per_account(per_address(view))
        elif kind == "report":
            per_address = limiter.limit(setting(kind, "REPORTS_PER_ADDRESS"), key_func=client_address,
                                        methods=["POST"])
            app.view_functions[endpoint] = per_address(view)


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
    _wrap_flood_limited(app, limiter)
    views = app.view_functions
    views["auth.login"] = per_account(login_per_address(views["auth.login"]))
    views["auth.register"] = per_account(register_per_address(views["auth.register"]))
    return limiter
