"""Session limits (RT-18), suspended accounts, and the optional second step (TOTP, RT-20)."""

from __future__ import annotations

import time

import pyotp
import pytest

from assessment import create_app
from assessment.auth import login as login_module
from assessment.extensions import db
from assessment.models import User
from assessment.models._common import utcnow
from tests.conftest import TEST_PASSWORD, Browser

from .test_rate_limits import assert_friendly_429, browser_at, limited_app


@pytest.fixture
def clock(monkeypatch):
    """The session limits' clock, moved by hand."""
    moment = {"now": time.time()}
    monkeypatch.setattr(login_module, "now", lambda: moment["now"])

    def advance(hours: float) -> None:
        moment["now"] += hours * 3600

    return advance


def test_a_session_idle_for_longer_than_the_limit_ends(app, make_user, clock):
    make_user("clerk@example.gov")
    browser = Browser(app.test_client())
    browser.login("clerk@example.gov")
    clock(7.9)
    assert browser.get("/account").status_code == 200  # used: the idle time starts again
    clock(7.9)
    assert browser.get("/account").status_code == 200
    clock(8.1)
    assert browser.get("/account").status_code == 302


def test_a_session_ends_a_week_after_signing_in_however_busy(app, make_user, clock):
    make_user("clerk@example.gov")
    browser = Browser(app.test_client())
    browser.login("clerk@example.gov")
    for _ in range(7 * 24 // 6 - 1):
        clock(6)
        assert browser.get("/account").status_code == 200
    clock(7)
    assert browser.get("/account").status_code == 302
    browser.login("clerk@example.gov")  # a new sign-in starts a new week
    assert browser.get("/account").status_code == 200


def test_the_limits_come_from_the_environment(tmp_path):
    from assessment.config import build_config

    config = build_config(tmp_path, {"SECRET_KEY": "k" * 40, "SESSION_IDLE_HOURS": "2", "SESSION_MAX_DAYS": "1"})
    assert (config["SESSION_IDLE_HOURS"], config["SESSION_MAX_DAYS"]) == (2, 1)
    assert config["SESSION_COOKIE_NAME"] == "session"  # plain http locally: no __Host- prefix


def test_in_production_the_cookie_is_named_host_session(app, make_user, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    production = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "RATELIMIT_ENABLED": False}
    )
    try:
        make_user("clerk@example.gov")
        client = production.test_client()
        page = client.get("/login", base_url="https://localhost")
        from tests.conftest import csrf_from

        response = client.post(
            "/login",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/login"},
            data={
                "csrf_token": csrf_from(page.get_data(as_text=True)),
                "email": "clerk@example.gov",
                "password": TEST_PASSWORD,
            },
        )
        assert response.status_code == 302
        cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-session=")][-1]
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
        assert client.get("/account", base_url="https://localhost").status_code == 200
    finally:
        with production.app_context():
            db.session.remove()
            db.engine.dispose()


def _suspend(app, email):
    with app.app_context():
        db.session.scalars(db.select(User).where(User.email == email)).one().suspended_at = utcnow()
        db.session.commit()


def test_a_suspended_account_cannot_sign_in_and_its_sessions_end(app, make_user):
    make_user("clerk@example.gov")
    browser = Browser(app.test_client())
    browser.login("clerk@example.gov")
    _suspend(app, "clerk@example.gov")
    assert browser.get("/account").status_code == 302
    refused = browser.post("/login", {"email": "clerk@example.gov", "password": TEST_PASSWORD})
    assert refused.status_code == 422 and "This account is suspended" in refused.get_data(as_text=True)
    # Only the right password learns that: a wrong one gets the usual answer.
    wrong = browser.post("/login", {"email": "clerk@example.gov", "password": "not the right one"})
    assert "suspended" not in wrong.get_data(as_text=True) and "do not match an account" in wrong.get_data(as_text=True)


def test_a_password_reset_does_not_reopen_a_suspended_account(app, make_user, mailbox):
    make_user("clerk@example.gov")
    _suspend(app, "clerk@example.gov")
    browser = Browser(app.test_client())
    browser.post("/forgot-password", {"email": "clerk@example.gov"})
    path = mailbox.link_to("clerk@example.gov", "/reset-password/")
    refused = browser.post(path, {"password": "river stone candle 77", "confirm": "river stone candle 77"})
    assert refused.status_code == 422 and "This account is suspended" in refused.get_data(as_text=True)
    assert browser.get("/account").status_code == 302


def turn_on_second_step(browser) -> pyotp.TOTP:
    page = browser.get("/account/two-step").get_data(as_text=True)
    assert "Add a second step to sign in" in page
    secret = page.split('<code class="secret">')[1].split("</code>")[0].replace(" ", "")
    assert "otpauth://totp/" in page and f"secret={secret}" in page
    totp = pyotp.TOTP(secret)
    wrong = browser.post("/account/two-step", {"code": "000000" if totp.now() != "000000" else "111111"})
    assert wrong.status_code == 422 and "That code is not right" in wrong.get_data(as_text=True)
    assert browser.post("/account/two-step", {"code": totp.now()}).status_code == 302
    return totp


def sign_in_to_code_page(browser, email="clerk@example.gov", **extra):
    response = browser.post("/login", {"email": email, "password": TEST_PASSWORD, **extra})
    assert response.status_code == 200 and "One more step to sign in" in response.get_data(as_text=True)
    return response


def test_the_second_step_asks_for_a_code_before_signing_in(app, make_user):
    make_user("clerk@example.gov")
    owner = Browser(app.test_client())
    owner.login("clerk@example.gov")
    totp = turn_on_second_step(owner)
    with app.app_context():
        stored = db.session.scalars(db.select(User)).one().totp_secret
    assert stored and pyotp.TOTP(stored).now() == totp.now()

    browser = Browser(app.test_client())
    sign_in_to_code_page(browser, next="/assessments")
    assert browser.get("/account").status_code == 302  # not signed in before the code
    wrong = browser.post("/login/code", {"code": "12345", "next": "/assessments"}, page="/login")
    assert wrong.status_code == 422 and browser.get("/account").status_code == 302
    # One step early or late is accepted (phones' clocks drift).
    late = totp.at(time.time() - 30)
    response = browser.post("/login/code", {"code": late, "next": "/assessments"}, page="/login")
    assert response.status_code == 302 and response.headers["Location"].endswith("/assessments")
    assert browser.get("/account").status_code == 200

    # The same code cannot be used a second time.
    other = Browser(app.test_client())
    sign_in_to_code_page(other)
    reused = other.post("/login/code", {"code": late}, page="/login")
    assert reused.status_code == 422 and other.get("/account").status_code == 302


def test_the_code_page_without_a_password_first_signs_nobody_in(app, make_user):
    make_user("clerk@example.gov")
    browser = Browser(app.test_client())
    assert browser.get("/login/code").status_code == 404
    response = browser.post("/login/code", {"code": "123456"}, page="/login")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_turning_the_second_step_off_needs_the_password_and_a_code(app, make_user):
    make_user("clerk@example.gov")
    owner = Browser(app.test_client())
    owner.login("clerk@example.gov")
    totp = turn_on_second_step(owner)
    code = totp.at(time.time() + 30)  # the setup code is spent: the next step's code
    bad_password = owner.post(
        "/account/two-step/off", {"password": "not it at all", "code": code}, page="/account/two-step"
    )
    assert bad_password.status_code == 422 and "Your password is not right" in bad_password.get_data(as_text=True)
    bad_code = owner.post(
        "/account/two-step/off", {"password": TEST_PASSWORD, "code": "000000"}, page="/account/two-step"
    )
    assert bad_code.status_code == 422
    with app.app_context():
        assert db.session.scalars(db.select(User)).one().totp_secret
    assert (
        owner.post(
            "/account/two-step/off", {"password": TEST_PASSWORD, "code": code}, page="/account/two-step"
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalars(db.select(User)).one().totp_secret is None
    assert Browser(app.test_client()).login("clerk@example.gov").status_code == 302


def test_a_password_reset_still_asks_for_the_code(app, make_user, mailbox):
    make_user("clerk@example.gov")
    owner = Browser(app.test_client())
    owner.login("clerk@example.gov")
    turn_on_second_step(owner)
    browser = Browser(app.test_client())
    browser.post("/forgot-password", {"email": "clerk@example.gov"})
    path = mailbox.link_to("clerk@example.gov", "/reset-password/")
    response = browser.post(path, {"password": "river stone candle 77", "confirm": "river stone candle 77"})
    assert response.status_code == 200 and "One more step to sign in" in response.get_data(as_text=True)
    assert browser.get("/account").status_code == 302


def test_wrong_codes_are_limited_per_account(app, make_user):
    limited = limited_app(app)
    try:
        make_user("clerk@example.gov")
        with limited.app_context():
            user = db.session.scalars(db.select(User)).one()
            user.totp_secret = pyotp.random_base32()
            db.session.commit()
            totp = pyotp.TOTP(user.totp_secret)
        guesser = browser_at(limited, "198.51.100.61")
        sign_in_to_code_page(guesser)
        for _ in range(3):
            assert (
                guesser.post(
                    "/login/code", {"code": "000000" if totp.now() != "000000" else "111111"}, page="/login"
                ).status_code
                == 422
            )
        # Even from a fresh sign-in at another address, the account's counter holds.
        elsewhere = browser_at(limited, "198.51.100.62")
        sign_in_to_code_page(elsewhere)
        assert_friendly_429(elsewhere.post("/login/code", {"code": totp.now()}, page="/login"))
    finally:
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()


def test_mail_requests_are_limited_per_recipient_and_resends_per_account(app, make_user, mailbox):
    limited = limited_app(app, MAILS_PER_RECIPIENT="2 per hour", CONFIRMATION_RESENDS_PER_ACCOUNT="2 per hour")
    try:
        make_user("clerk@example.gov")
        for number in range(2):
            assert (
                browser_at(limited, f"198.51.100.{70 + number}")
                .post("/forgot-password", {"email": "clerk@example.gov"})
                .status_code
                == 200
            )
        assert_friendly_429(
            browser_at(limited, "198.51.100.79").post(
                "/register",
                {"email": "clerk@example.gov", "password": "amber kettle orbit 58", "confirm": "amber kettle orbit 58"},
            )
        )
        assert len(mailbox.to("clerk@example.gov")) == 2

        newcomer = browser_at(limited, "198.51.100.80")
        newcomer.post(
            "/register",
            {"email": "new@example.gov", "password": "amber kettle orbit 58", "confirm": "amber kettle orbit 58"},
        )
        newcomer.login("new@example.gov", "amber kettle orbit 58")
        for _ in range(2):
            assert newcomer.post("/account/confirm", {}, page="/account/confirm").status_code == 302
        assert_friendly_429(newcomer.post("/account/confirm", {}, page="/account/confirm"))
        assert len(mailbox.to("new@example.gov")) == 3
    finally:
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()
