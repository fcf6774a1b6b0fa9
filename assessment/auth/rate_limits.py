"""Brute-force limits on sign-in and registration, and flood limits on the
actions a stranger could repeat to fill the site (Flask-Limiter).

Two counters guard each form, so neither guessing many passwords for one
account from many addresses, nor trying many accounts from one address, gets
far:

- per account (the email typed): failed attempts only;
- per address: failed sign-ins, and every registration attempt (each
  success creates an account, and "already exists" answers confirm one).

A successful sign-in costs nothing. A browser that has signed in to the
account before is not held by the account's counter (auth/known_devices.py),
so a stranger who fills it on purpose cannot lock the official out (RT-13). When a counter is full the client
gets 429 and the friendly "Too many attempts" page (web/errors.py).

The limits and the counters' store come from the configuration
(AUTH_FAILURES_PER_ACCOUNT, AUTH_FAILURES_PER_ADDRESS,
REGISTRATIONS_PER_ADDRESS, RATELIMIT_STORAGE_URI, RATELIMIT_ENABLED).
Each app gets its own Limiter (kept in app.extensions["auth_limiter"]):
Flask-Limiter keeps its switch and store on the Limiter object, so one
module-level instance shared by several apps in a process (tests, the CLI)
would let one app's settings leak into another's.

Flood limits (issue 15 point 8, RT-02, RT-07): starting assessments, adding
places, publishing, reporting a scorecard and claiming a place are each
counted per account and per address, so neither one account from many
addresses nor many accounts from one address gets far. A view takes its
limits by name with a decorator (start_limits, place_limits, publish_limits,
report_limits, claim_limits, or limits_for(name)); register_rate_limits()
wraps every view so marked, for which its blueprint must be registered first
(web/__init.py registers them all before). The limits are settings
(FLOOD_LIMITS in config.py: START_LIMITS_PER_ACCOUNT and so on). Only POSTs
that went through (below 400) are counted: a form sent back with a problem
costs nothing, and a refused request saves nothing, so nothing saved is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_login import current_user

from assessment.auth.accounts import normalise_email
from assessment.auth.known_devices import is_known
from assessment.auth.sign_in import pending_key
from assessment.i18n import N_

LIMITED_ENDPOINTS = (
    "auth.login",
    "auth.register",
    "auth.forgot_password",
    "auth.resend_confirmation",
    "auth.login_code",
)

# The flood limits by name. English: the 429 page translates the message.
FLOOD_LIMIT_NAMES = ("start", "place", "publish", "report", "claim")
FLOOD_MESSAGES = {
    "start": N_(
        "You have started many assessments in a short time, so no new one was started. "
        "Please wait and try again later. Nothing you saved before is lost."
    ),
    "place": N_(
        "You have added many places in a short time, so this one was not added. "
        "Please wait and try again later. Nothing you saved before is lost."
    ),
    "publish": N_(
        "You have published many times in a short time, so this was not published. "
        "Please wait and try again later. Nothing you saved before is lost."
    ),
    "report": N_(
        "Many reports were sent from here in a short time, so this one was not sent. Please wait and try again later."
    ),
    "claim": N_(
        "You have sent many claims in a short time, so this one was not sent. Please wait and try again later."
    ),
}
FLOOD_MARK = "flood_limit"
FLOOD_APPLIED = "flood_limit_applied"


def limits_for(name: str) -> Callable:
    """Mark a view for the flood limits called `name` (applied by register_rate_limits)."""
    if name not in FLOOD_LIMIT_NAMES:
        raise ValueError(f"unknown flood limit {name!r}")

    def mark(view):
        # functools.wraps copies __dict__, so the mark survives @login_required
        # whichever side of it this decorator is written.
        setattr(view, FLOOD_MARK, name)
        return view

    return mark


start_limits = limits_for("start")
place_limits = limits_for("place")
publish_limits = limits_for("publish")
report_limits = limits_for("report")
claim_limits = limits_for("claim")


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


def signed_in_key() -> str:
    # Empty for an anonymous visitor (a report can come from anyone): the
    # per-address counter alone then applies.
    return f"user:{current_user.id}" if current_user.is_authenticated else ""


def went_through(response: Response) -> bool:
    return response.status_code < 400


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

    per_account = limiter.limit(
        config["AUTH_FAILURES_PER_ACCOUNT"],
        key_func=account_key,
        methods=["POST"],
        deduct_when=failed,
        exempt_when=lambda: is_known(typed_email()),
    )
    login_per_address = limiter.limit(
        config["AUTH_FAILURES_PER_ADDRESS"], key_func=client_address, methods=["POST"], deduct_when=failed
    )
    register_per_address = limiter.limit(config["REGISTRATIONS_PER_ADDRESS"], key_func=client_address, methods=["POST"])
    views = app.view_functions
    views["auth.login"] = per_account(login_per_address(views["auth.login"]))
    views["auth.register"] = per_account(register_per_address(views["auth.register"]))
    apply_flood_limits(app)
    _limit_mail_and_codes(limiter, config, views)
    return limiter


def apply_flood_limits(app: Flask) -> None:
    """Wrap every view marked by limits_for() in its limits (once; again later
    only views marked since, for example a route a test adds)."""
    limiter = app.extensions["auth_limiter"]
    if not limiter.enabled:
        return
    config = app.config
    for endpoint, view in list(app.view_functions.items()):
        name = getattr(view, FLOOD_MARK, None)
        if name is None or getattr(view, FLOOD_APPLIED, False):
            continue
        key = name.upper()
        message = FLOOD_MESSAGES[name]
        per_account = limiter.limit(
            config[f"{key}_LIMITS_PER_ACCOUNT"],
            key_func=signed_in_key,
            methods=["POST"],
            deduct_when=went_through,
            error_message=message,
        )
        per_address = limiter.limit(
            config[f"{key}_LIMITS_PER_ADDRESS"],
            key_func=client_address,
            methods=["POST"],
            deduct_when=went_through,
            error_message=message,
        )
        limited = per_account(per_address(view))
        setattr(limited, FLOOD_APPLIED, True)
        app.view_functions[endpoint] = limited


def _recipient_key() -> str:
    # Shared by registration and "forgot password": together they mail one
    # address at most MAILS_PER_RECIPIENT times.
    email = typed_email()
    return "recipient:" + email if email else ""


def _limit_mail_and_codes(limiter: Limiter, config, views) -> None:
    """Nobody can make the site flood a mailbox, and sign-in codes cannot be guessed."""

    # Shared limits: one counter across the views that mail the typed address.
    per_recipient = limiter.shared_limit(
        config["MAILS_PER_RECIPIENT"],
        scope="mail-recipient",
        key_func=_recipient_key,
        methods=["POST"],
        deduct_when=went_through,
    )
    mail_per_address = limiter.shared_limit(
        config["MAIL_REQUESTS_PER_ADDRESS"], scope="mail-address", key_func=client_address, methods=["POST"]
    )
    resends = limiter.limit(config["CONFIRMATION_RESENDS_PER_ACCOUNT"], key_func=signed_in_key, methods=["POST"])
    wrong_codes = limiter.limit(
        config["AUTH_FAILURES_PER_ACCOUNT"], key_func=pending_key, methods=["POST"], deduct_when=failed
    )
    codes_per_address = limiter.limit(
        config["AUTH_FAILURES_PER_ADDRESS"], key_func=client_address, methods=["POST"], deduct_when=failed
    )
    views["auth.register"] = per_recipient(views["auth.register"])
    views["auth.forgot_password"] = per_recipient(mail_per_address(views["auth.forgot_password"]))
    views["auth.resend_confirmation"] = resends(views["auth.resend_confirmation"])
    views["auth.login_code"] = wrong_codes(codes_per_address(views["auth.login_code"]))
