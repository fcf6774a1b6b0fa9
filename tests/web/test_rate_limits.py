"""Sign-in and registration limits (web/rate_limits.py).

The shared test app turns the limits off (tests/conftest.py) so the many
sign-ins of other tests never trip them; these tests build their own app on
the same database with small limits and a fresh in-memory counter store.
"""
from __future__ import annotations

import pytest

from assessment import create_app
from assessment.extensions import db
from assessment.models import User
from tests.conftest import TEST_PASSWORD, Browser

PER_ACCOUNT = 3
PER_ADDRESS = 5
REGISTRATIONS = 4


def limited_app(app, **extra):
    overrides = {
        key: app.config[key] for key in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SERVER_NAME",
                                         "MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")
    }
    overrides.update({
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "AUTH_FAILURES_PER_ACCOUNT": f"{PER_ACCOUNT} per hour",
        "AUTH_FAILURES_PER_ADDRESS": f"{PER_ADDRESS} per hour",
        "REGISTRATIONS_PER_ADDRESS": f"{REGISTRATIONS} per hour",
        **extra,
    })
    return create_app(overrides)


@pytest.fixture
def limited(app):
    application = limited_app(app)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def browser_at(application, address: str) -> Browser:
    client = application.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def sign_in(browser: Browser, email: str, password: str):
    return browser.post("/login", {"email": email, "password": password}, page="/login")


def assert_friendly_429(response) -> None:
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "Too many attempts" in text and "wait" in text
    assert "Traceback" not in text
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert int(response.headers["Retry-After"]) > 0


def test_repeated_wrong_passwords_lock_that_account_from_every_address(limited, make_user):
    make_user("clerk@example.gov")
    first = browser_at(limited, "198.51.100.1")
    for _ in range(PER_ACCOUNT):
        assert sign_in(first, "clerk@example.gov", "wrong password here").status_code == 422
    # Now even the right password waits, and moving to another address does not help.
    assert_friendly_429(sign_in(first, "clerk@example.gov", TEST_PASSWORD))
    elsewhere = browser_at(limited, "198.51.100.2")
    assert_friendly_429(sign_in(elsewhere, "Clerk@Example.gov ", TEST_PASSWORD))
    # Other accounts are not affected.
    make_user("mayor@example.gov")
    assert sign_in(elsewhere, "mayor@example.gov", TEST_PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(limited, make_user):
    make_user("clerk@example.gov")
    guesser = browser_at(limited, "198.51.100.7")
    for number in range(PER_ADDRESS):
        assert sign_in(guesser, f"person{number}@example.gov", "guess guess guess").status_code == 422
    assert_friendly_429(sign_in(guesser, "clerk@example.gov", TEST_PASSWORD))
    # A colleague at another address signs in as usual.
    assert sign_in(browser_at(limited, "198.51.100.8"), "clerk@example.gov", TEST_PASSWORD).status_code == 302


def test_successful_sign_ins_never_count(limited, make_user):
    make_user("clerk@example.gov")
    office = browser_at(limited, "198.51.100.9")
    for _ in range(PER_ADDRESS + PER_ACCOUNT):
        assert sign_in(office, "clerk@example.gov", TEST_PASSWORD).status_code == 302
    # Reading the sign-in page is never limited either.
    for _ in range(PER_ADDRESS + 1):
        assert office.get("/login").status_code == 200


def test_registrations_are_limited_per_address(limited, mailbox):
    applicant = browser_at(limited, "198.51.100.20")
    password = "amber kettle orbit 58"
    for number in range(REGISTRATIONS):
        fresh = browser_at(limited, "198.51.100.20")
        response = fresh.post("/register", {"email": f"new{number}@example.org", "password": password,
                                            "confirm": password})
        assert response.status_code == 200
    assert_friendly_429(applicant.post("/register", {"email": "one-more@example.org", "password": password,
                                                     "confirm": password}))
    with limited.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == REGISTRATIONS


def test_registration_failures_count_against_the_email(limited, make_user):
    for number in range(PER_ACCOUNT):
        # Each from its own address: only the per-account counter can stop them.
        prober = browser_at(limited, f"198.51.100.{30 + number}")
        response = prober.post("/register", {"email": "taken@example.gov", "password": "password1",
                                             "confirm": "password1"})
        assert response.status_code == 422
    assert_friendly_429(browser_at(limited, "198.51.100.99").post(
        "/register", {"email": "taken@example.gov", "password": "amber kettle orbit 58",
                      "confirm": "amber kettle orbit 58"}))


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(limited, make_user):
    guesser = browser_at(limited, "198.51.100.50")
    for number in range(PER_ADDRESS):
        response = guesser.post("/login", {"email": f"p{number}@example.gov", "password": "guess guess guess"},
                                headers={"X-Forwarded-For": f"203.0.113.{number}"})
        assert response.status_code == 422
    blocked = guesser.post("/login", {"email": "p99@example.gov", "password": "guess guess guess"},
                           headers={"X-Forwarded-For": "203.0.113.200"})
    assert_friendly_429(blocked)


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(app, make_user):
    application = limited_app(app, TRUSTED_PROXY_COUNT=1)
    try:
        proxy = browser_at(application, "10.0.0.2")
        for number in range(PER_ADDRESS):
            response = proxy.post("/login", {"email": f"p{number}@example.gov", "password": "guess guess guess"},
                                  headers={"X-Forwarded-For": "203.0.113.10"})
            assert response.status_code == 422
        assert_friendly_429(proxy.post("/login", {"email": "x@example.gov", "password": "guess guess guess"},
                                       headers={"X-Forwarded-For": "203.0.113.10"}))
        # Another client behind the same proxy is counted on its own.
        other = proxy.post("/login", {"email": "x@example.gov", "password": "guess guess guess"},
                           headers={"X-Forwarded-For": "203.0.113.11"})
        assert other.status_code == 422
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def test_limits_are_on_by_default_and_use_the_configured_store(tmp_path):
    from assessment.config import build_config

    config = build_config(tmp_path, {"SECRET_KEY": "k" * 40})
    assert config["RATELIMIT_ENABLED"] is True
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    shared = build_config(tmp_path, {"SECRET_KEY": "k" * 40, "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379"})
    assert shared["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379"


def test_a_browser_that_signed_in_before_is_not_locked_out_by_a_stranger(limited, make_user):
    # RT-13: a stranger fills the account's counter on purpose before a deadline.
    make_user("clerk@example.gov")
    own = browser_at(limited, "198.51.100.7")
    assert sign_in(own, "clerk@example.gov", TEST_PASSWORD).status_code == 302  # the official's own browser
    own.post("/logout", {}, page="/account")
    stranger = browser_at(limited, "203.0.113.9")
    for _ in range(PER_ACCOUNT):
        assert sign_in(stranger, "clerk@example.gov", "wrong password here").status_code == 422
    assert_friendly_429(sign_in(stranger, "clerk@example.gov", TEST_PASSWORD))  # no cookie: still held
    new_browser = browser_at(limited, "198.51.100.7")
    assert_friendly_429(sign_in(new_browser, "clerk@example.gov", TEST_PASSWORD))  # an unknown browser waits
    assert sign_in(own, "Clerk@Example.gov", TEST_PASSWORD).status_code == 302  # the known browser gets in
    # The cookie is signed and bound to the account: a copied value for another email, or a forged one, is nothing.
    forged = browser_at(limited, "198.51.100.8")
    forged.client.set_cookie("known_device", "not-a-signed-value", domain="localhost")
    assert_friendly_429(sign_in(forged, "clerk@example.gov", TEST_PASSWORD))
