from __future__ import annotations

import pytest

from assessment.models import User
from tests.conftest import TEST_PASSWORD, Browser


def register(browser, email="new@example.gov", password=TEST_PASSWORD, confirm=None):
    return browser.post("/register", {"email": email, "password": password, "confirm": confirm or password})


def test_register_hashes_the_password_and_signs_nobody_in_until_the_link_is_used(app, browser, mailbox):
    response = register(browser)
    assert response.status_code == 200 and "Check your email to continue" in response.get_data(as_text=True)
    # Signing in here would tell a stranger the address was new (RT-16): the emailed link does it.
    assert "Sign out" not in browser.get("/").get_data(as_text=True)
    path = mailbox.link_to("new@example.gov", "/confirm/")
    assert browser.post(path, {}, page=path).status_code == 302
    home = browser.get("/").get_data(as_text=True)
    assert "Sign out" in home
    with app.app_context():
        user = User.query.filter_by(email="new@example.gov").one()
        assert TEST_PASSWORD not in user.password_hash
        assert user.password_hash.split(":")[0] in {"scrypt", "pbkdf2"}
        assert user.email_confirmed_at is not None


def test_the_app_hashes_passwords_with_scrypt_and_no_variable_weakens_it(app, tmp_path):
    from assessment.auth.accounts import hash_password
    from assessment.config import build_config
    from tests.conftest import TEST_PASSWORD_HASH, another_app

    assert build_config(tmp_path, {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"})["PASSWORD_HASH_METHOD"] == "scrypt"
    # The suite's own cheap setting is the only thing that differs, so an app without it
    # (another_app copies it; here it is put back) stores scrypt hashes.
    assert app.config["PASSWORD_HASH_METHOD"] == TEST_PASSWORD_HASH
    own = another_app(app, PASSWORD_HASH_METHOD=build_config(tmp_path, {})["PASSWORD_HASH_METHOD"])
    with own.app_context():
        stored = hash_password(TEST_PASSWORD)
    assert stored.startswith("scrypt:") and TEST_PASSWORD not in stored


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1", "at least 8 characters"),
        ("password1", "too common"),
        ("qwertyuiop", "too common"),
        ("iloveyou2020", "too common"),
        ("Immigrant2026", "too common"),
        ("Welcome2026!", "too common"),
    ],
    ids=["too-short", "common", "keyboard-walk", "common-with-year", "site-word", "site-word-2"],
)
def test_weak_passwords_are_refused_with_a_reason(app, browser, password, message):
    response = register(browser, password=password)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert User.query.count() == 0


def test_email_is_case_insensitive_and_unique(app, browser, mailbox):
    assert register(browser, email="Clerk@Example.gov").status_code == 200
    other = Browser(browser.client.application.test_client())
    response = register(other, email="clerk@example.gov")
    assert response.status_code == 200
    assert "already exists" not in response.get_data(as_text=True)
    with app.app_context():
        assert User.query.count() == 1
    assert [m.subject for m in mailbox.to("clerk@example.gov")] == [
        "Confirm your email address",
        "Someone tried to create an account with your address",
    ]


def test_unknown_email_and_wrong_password_get_the_same_message(browser, make_user):
    make_user("known@example.gov")
    wrong_password = browser.post("/login", {"email": "known@example.gov", "password": "not the right one"})
    unknown_email = browser.post("/login", {"email": "nobody@example.gov", "password": "not the right one"})
    assert wrong_password.status_code == unknown_email.status_code == 422

    def strip(r):
        return r.get_data(as_text=True).split("<main", 1)[1].split('name="csrf_token"')[0]

    assert "do not match an account" in strip(wrong_password)
    assert strip(wrong_password) == strip(unknown_email)


def test_logout_is_post_only(browser, make_user):
    make_user("a@example.gov")
    browser.login("a@example.gov")
    assert browser.get("/logout").status_code == 405
    assert browser.post("/logout", {}, page="/").status_code == 302
    assert "Sign in" in browser.get("/").get_data(as_text=True)


def test_logout_ends_every_other_session(app, make_user):
    make_user("a@example.gov")
    laptop, phone = Browser(app.test_client()), Browser(app.test_client())
    laptop.login("a@example.gov")
    phone.login("a@example.gov")
    assert phone.get("/assessments").status_code == 200
    laptop.post("/logout", {}, page="/")
    assert phone.get("/assessments").status_code == 302


def test_password_change_ends_other_sessions_but_not_this_one(app, make_user):
    make_user("a@example.gov")
    laptop, phone = Browser(app.test_client()), Browser(app.test_client())
    laptop.login("a@example.gov")
    phone.login("a@example.gov")
    new_password = "river stone candle 77"
    response = laptop.post("/account", {"current": TEST_PASSWORD, "password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert laptop.get("/assessments").status_code == 200
    assert phone.get("/assessments").status_code == 302
    fresh = Browser(app.test_client())
    fresh.login("a@example.gov", new_password)


def test_login_starts_a_new_session(app, make_user):
    make_user("a@example.gov")
    browser = Browser(app.test_client())
    browser.get("/login")
    with browser.client.session_transaction() as session:
        session["planted"] = "by an attacker"
    browser.login("a@example.gov")
    with browser.client.session_transaction() as session:
        assert "planted" not in session


def test_open_redirect_after_login_is_refused(browser, make_user):
    make_user("a@example.gov")
    response = browser.post(
        "/login", {"email": "a@example.gov", "password": TEST_PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


@pytest.mark.parametrize(
    "crafted", ["/\r\nSet-Cookie: x=1", "/account\n", "/\tdirectory", "/\x7f"]
)  # NUL: 400 at the edge
def test_a_next_with_a_control_character_is_refused_not_a_500(browser, make_user, crafted):
    # RT-17: urlsplit drops CR LF, so the check passed while the header could not be sent.
    make_user("a@example.gov")
    response = browser.post("/login", {"email": "a@example.gov", "password": TEST_PASSWORD, "next": crafted})
    assert response.status_code == 302 and crafted not in response.headers["Location"]
    assert not any(ord(c) < 32 or ord(c) == 127 for c in response.headers["Location"])
    language = browser.post("/language", {"lang": "es", "next": crafted}, page="/")
    assert language.status_code == 303 and crafted not in language.headers["Location"]


@pytest.mark.parametrize("password", ["Seattle2026!", "kingcounty2026", "KingCounty2025"])
def test_a_password_built_from_a_place_name_is_refused(app, browser, places, password):
    # RT-20: the words an attacker tries first against this site.
    response = register(browser, password=password)
    assert response.status_code == 422 and "too common" in response.get_data(as_text=True)
    assert register(browser, password="amber kettle orbit 58").status_code == 200
