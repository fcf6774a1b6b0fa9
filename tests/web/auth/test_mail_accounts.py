"""Confirmed addresses, registration that tells nobody who has an account, and
password reset: every link is read from mail received by a real SMTP server."""

from __future__ import annotations

import pytest

from assessment.auth import account_links
from assessment.extensions import db
from assessment.models import Assessment, User
from tests.conftest import Browser, make_user_row
from tests.web.public_helpers import make_assessment
from tests.web.survey_helpers import start

NEW_PASSWORD = "amber kettle orbit 58"


def register(browser, email, password=NEW_PASSWORD):
    return browser.post("/register", {"email": email, "password": password, "confirm": password})


def main_part(response) -> str:
    return response.get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]


def user_row(app, email) -> User:
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        db.session.expunge(user)
        return user


def confirm(browser, mailbox, email):
    path = mailbox.link_to(email, "/confirm/")
    page = browser.get(path)
    assert page.status_code == 200 and "Confirm my address" in page.get_data(as_text=True)
    return browser.post(path, {})


def test_registering_sends_a_link_that_confirms_the_address(app, browser, mailbox):
    page = register(browser, "clerk@example.gov")
    assert "Check your email to continue" in page.get_data(as_text=True)
    assert "Sign out" not in browser.get("/").get_data(as_text=True)  # the link signs in, not the form
    assert user_row(app, "clerk@example.gov").email_confirmed_at is None
    mail = mailbox.last_to("clerk@example.gov")
    assert mail.subject == "Confirm your email address" and "48 hours" in mail.body
    # Opening the link changes nothing (a mail scanner may fetch it); the button does.
    path = mailbox.link_to("clerk@example.gov", "/confirm/")
    browser.get(path)
    assert user_row(app, "clerk@example.gov").email_confirmed_at is None
    done = confirm(browser, mailbox, "clerk@example.gov")
    assert done.status_code == 302
    assert user_row(app, "clerk@example.gov").email_confirmed_at is not None
    home = browser.get("/").get_data(as_text=True)
    assert "Sign out" in home and "Confirm your email address: we sent" not in home


def test_the_link_signs_in_once_then_only_confirms(app, browser, mailbox):
    register(browser, "clerk@example.gov")
    elsewhere = Browser(app.test_client())
    assert confirm(elsewhere, mailbox, "clerk@example.gov").status_code == 302
    assert "Sign out" in elsewhere.get("/").get_data(as_text=True)
    assert user_row(app, "clerk@example.gov").email_confirmed_at is not None
    # A copy of the link, used again: it signs nobody in.
    again = Browser(app.test_client())
    path = mailbox.link_to("clerk@example.gov", "/confirm/")
    assert again.post(path, {}).headers["Location"].endswith("/login")
    assert "Sign out" not in again.get("/").get_data(as_text=True)


@pytest.mark.parametrize("spoil", ["altered", "expired", "address changed", "reset token"])
def test_a_spoiled_confirmation_link_is_refused_plainly(app, browser, mailbox, monkeypatch, spoil):
    register(browser, "clerk@example.gov")
    path = mailbox.link_to("clerk@example.gov", "/confirm/")
    if spoil == "altered":
        path = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    elif spoil == "expired":
        monkeypatch.setattr(account_links, "CONFIRM_MAX_AGE", -1)
    elif spoil == "address changed":
        with app.app_context():
            db.session.scalars(db.select(User)).one().email = "other@example.gov"
            db.session.commit()
    else:  # a reset token is no confirmation token, though signed with the same key
        with app.app_context():
            path = "/confirm/" + account_links.reset_token(db.session.scalars(db.select(User)).one())
    page = browser.get(path)
    assert page.status_code == 404 and "This link does not work" in page.get_data(as_text=True)
    assert browser.post(path, {}, page="/login").status_code == 404
    with app.app_context():
        assert db.session.scalars(db.select(User)).one().email_confirmed_at is None


def test_send_the_link_again(app, browser, mailbox):
    register(browser, "clerk@example.gov")
    browser.login("clerk@example.gov", NEW_PASSWORD)  # an unconfirmed account may sign in, and draft
    response = browser.post("/account/confirm", {}, follow_redirects=True)
    assert "We sent a new link to clerk@example.gov" in response.get_data(as_text=True)
    assert len(mailbox.to("clerk@example.gov")) == 2
    confirm(browser, mailbox, "clerk@example.gov")
    assert "is confirmed" in browser.get("/account/confirm").get_data(as_text=True)


def test_registration_never_says_whether_an_address_has_an_account(app, make_user, mailbox):
    make_user("taken@example.gov", organisation="Office of the Executive")
    new = register(Browser(app.test_client()), "fresh@example.gov")
    taken = register(Browser(app.test_client()), "taken@example.gov")
    assert new.status_code == taken.status_code == 200
    assert main_part(new).replace("fresh@", "X@") == main_part(taken).replace("taken@", "X@")
    # The owner of the taken address hears of it, with a way in; the account did not change.
    mail = mailbox.last_to("taken@example.gov")
    assert mail.subject == "Someone tried to create an account with your address"
    assert any("/login" in link for link in mail.links) and any("/reset-password/" in link for link in mail.links)
    owner = Browser(app.test_client())
    owner.login("taken@example.gov")
    # The stranger's password does not open it.
    assert (
        Browser(app.test_client()).post("/login", {"email": "taken@example.gov", "password": NEW_PASSWORD}).status_code
        == 422
    )


def test_weak_passwords_are_refused_whether_the_address_is_taken_or_not(app, make_user, mailbox):
    make_user("taken@example.gov")
    for email in ("taken@example.gov", "fresh@example.gov"):
        response = register(Browser(app.test_client()), email, password="password1")
        assert response.status_code == 422 and "too common" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_the_real_owner_takes_over_an_account_someone_registered_with_their_address(app, mailbox):
    # RT-10: a stranger registers the official's address and never confirms it.
    squatter = Browser(app.test_client())
    register(squatter, "executive@kingcounty.example.gov")
    squatter.login("executive@kingcounty.example.gov", NEW_PASSWORD)
    assert squatter.get("/account").status_code == 200
    # The official tries to register, is told to check their mail, and takes the account.
    official = Browser(app.test_client())
    register(official, "executive@kingcounty.example.gov", password="river stone candle 77")
    mail = mailbox.last_to("executive@kingcounty.example.gov")
    assert "never confirmed" in mail.body
    reset = mailbox.link_to("executive@kingcounty.example.gov", "/reset-password/")
    response = official.post(reset, {"password": "river stone candle 77", "confirm": "river stone candle 77"})
    assert response.status_code == 302
    assert official.get("/account").status_code == 200
    assert user_row(app, "executive@kingcounty.example.gov").email_confirmed_at is not None
    assert squatter.get("/account").status_code == 302  # signed out
    assert (
        Browser(app.test_client())
        .post("/login", {"email": "executive@kingcounty.example.gov", "password": NEW_PASSWORD})
        .status_code
        == 422
    )


def test_forgot_password_answers_the_same_for_every_address(app, make_user, mailbox):
    make_user("clerk@example.gov")
    browser = Browser(app.test_client())
    assert "Forgot your password?" in browser.get("/login").get_data(as_text=True)
    known = browser.post("/forgot-password", {"email": "Clerk@Example.gov"})
    unknown = browser.post("/forgot-password", {"email": "nobody@example.gov"})
    assert known.status_code == unknown.status_code == 200
    assert main_part(known).replace("clerk@", "X@") == main_part(unknown).replace("nobody@", "X@")
    assert "/reset-password/" in mailbox.last_to("clerk@example.gov").body
    assert "no account uses this address" in mailbox.last_to("nobody@example.gov").body
    assert "/reset-password/" not in mailbox.last_to("nobody@example.gov").body
    assert browser.post("/forgot-password", {"email": "not an address"}).status_code == 422


def test_a_reset_link_sets_a_new_password_once_and_signs_in(app, make_user, mailbox):
    make_user("clerk@example.gov")
    laptop = Browser(app.test_client())
    laptop.login("clerk@example.gov")
    phone = Browser(app.test_client())
    phone.post("/forgot-password", {"email": "clerk@example.gov"})
    path = mailbox.link_to("clerk@example.gov", "/reset-password/")
    form = phone.get(path)
    assert form.status_code == 200 and "Choose a new password" in form.get_data(as_text=True)
    weak = phone.post(path, {"password": "password1", "confirm": "password1"})
    assert weak.status_code == 422 and "too common" in weak.get_data(as_text=True)
    done = phone.post(
        path, {"password": "river stone candle 77", "confirm": "river stone candle 77"}, follow_redirects=True
    )
    assert "Your password is changed and you are signed in" in done.get_data(as_text=True)
    assert laptop.get("/account").status_code == 302  # every other device signed out
    # The link worked once: it is dead now.
    again = Browser(app.test_client()).get(path)
    assert again.status_code == 404 and "Ask for a new link" in again.get_data(as_text=True)
    Browser(app.test_client()).login("clerk@example.gov", "river stone candle 77")


def test_a_reset_link_dies_after_an_hour(app, make_user, mailbox, monkeypatch):
    make_user("clerk@example.gov")
    Browser(app.test_client()).post("/forgot-password", {"email": "clerk@example.gov"})
    path = mailbox.link_to("clerk@example.gov", "/reset-password/")
    monkeypatch.setattr(account_links, "RESET_MAX_AGE", -1)
    assert Browser(app.test_client()).get(path).status_code == 404


def test_unconfirmed_accounts_draft_but_cannot_publish_invite_or_join(app, places, make_user, mailbox):
    make_user("unconfirmed@example.gov", email_confirmed_at=None)
    browser = Browser(app.test_client())
    browser.login("unconfirmed@example.gov")
    draft = start(browser, places["county"])  # drafting needs no confirmation
    assert browser.get(f"/assessments/{draft}").status_code == 200
    submitted = make_assessment(app, places["city"], email="unconfirmed@example.gov", published=False)
    refused = browser.post(f"/assessments/{submitted}/publish", {}, page=f"/assessments/{submitted}")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/account/confirm")
    page = browser.get("/account/confirm").get_data(as_text=True)
    assert "Please confirm your email address first" in page and "Send the link again" in page
    with app.app_context():
        assert db.session.get(Assessment, submitted).published_at is None
    invite = browser.post(
        f"/assessments/{draft}/invitations",
        {"email": "someone@example.gov", "role": "editor"},
        page=f"/assessments/{draft}/editors",
    )
    assert invite.status_code == 302 and invite.headers["Location"].endswith("/account/confirm")

    # A confirmed official invites; the unconfirmed account cannot join until it confirms.
    make_user("official@example.gov")
    official = Browser(app.test_client())
    official.login("official@example.gov")
    theirs = start(official, places["texas_county"])
    html = official.post(
        f"/assessments/{theirs}/invitations",
        {"email": "unconfirmed@example.gov", "role": "editor"},
        page=f"/assessments/{theirs}/editors",
    ).get_data(as_text=True)
    link = html.split('id="invite-link" type="text" readonly value="')[1].split('"')[0].split("localhost", 1)[1]
    assert browser.get(link).headers["Location"].endswith("/account/confirm")
    browser.post("/account/confirm", {})
    after = confirm(browser, mailbox, "unconfirmed@example.gov")
    assert after.headers["Location"].endswith(link)  # back to the invitation
    assert browser.post(link, {}).status_code == 302
    assert browser.get(f"/assessments/{theirs}").status_code == 200


def test_confirmed_accounts_from_make_user_row_are_confirmed(app):
    with app.app_context():
        assert make_user_row("a@example.gov").email_confirmed_at is not None
        assert make_user_row("b@example.gov", email_confirmed_at=None).email_confirmed_at is None
