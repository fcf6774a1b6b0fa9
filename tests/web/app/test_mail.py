"""Outgoing mail (assessment/mail.py): through a real SMTP server on 127.0.0.1,
into instance/mail/ when no server is set, and never a 500 when sending fails."""

from __future__ import annotations

import logging
import stat

from assessment import create_app
from assessment.config import FOLDER_MAIL_BACKEND, build_config
from assessment.extensions import db
from assessment.mail import send_mail
from tests.conftest import Browser
from tests.web.mail_helpers import free_port


def test_send_mail_goes_through_smtp_in_the_request_language(app, mailbox):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert (
            send_mail(
                "clerk@example.gov",
                "Confirm your email address",
                "confirm_email",
                link="http://localhost/confirm/abc",
                hours=48,
            )
            is True
        )
    received = mailbox.last_to("clerk@example.gov")
    assert received.subject == "Confirm your email address"
    assert received.links == ["http://localhost/confirm/abc"]
    assert "48 hours" in received.body
    assert received.sender == "no-reply@localhost" and received.headers["From"] == "Scorecard <no-reply@localhost>"


def test_no_mail_server_means_files_in_instance_mail_and_the_links_in_the_log(tmp_path, caplog):
    config = build_config(tmp_path, {"SECRET_KEY": "k" * 40})
    assert config["MAIL_BACKEND"] == FOLDER_MAIL_BACKEND
    assert config["MAIL_FILE_PATH"] == str(tmp_path / "mail")
    application = create_app(
        {
            "MAIL_BACKEND": FOLDER_MAIL_BACKEND,
            "MAIL_FILE_PATH": str(tmp_path / "mail"),
            "SECRET_KEY": "k" * 40,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    folder = tmp_path / "mail"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with caplog.at_level(logging.INFO, logger="assessment.mail"), application.test_request_context("/"):
        assert send_mail(
            "clerk@example.gov", "Reset your password", "reset_password", link="http://localhost/reset-password/xyz"
        )
    files = list(folder.iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert b"http://localhost/reset-password/xyz" in files[0].read_bytes()
    logged = [r.getMessage() for r in caplog.records if r.name == "assessment.mail"]
    assert any(
        "clerk@example.gov" in m and "Reset your password" in m and "/reset-password/xyz" in m for m in logged
    ), logged


def test_a_mail_server_in_the_environment_is_used(tmp_path):
    config = build_config(
        tmp_path,
        {
            "SECRET_KEY": "k" * 40,
            "MAIL_SERVER": "smtp.example.gov",
            "MAIL_USE_TLS": "1",
            "MAIL_USERNAME": "scorecard",
            "MAIL_PASSWORD": "pw",
            "MAIL_DEFAULT_SENDER": "Scorecard <scorecard@example.gov>",
        },
    )
    assert (config["MAIL_BACKEND"], config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_USE_TLS"]) == (
        "smtp",
        "smtp.example.gov",
        587,
        True,
    )
    assert config["MAIL_DEFAULT_SENDER"] == "Scorecard <scorecard@example.gov>"


def test_a_header_injection_in_the_subject_is_refused_not_sent(app, mailbox):
    with app.test_request_context("/"):
        assert (
            send_mail("clerk@example.gov", "Hello\r\nBcc: everyone@example.org", "confirm_email", link="x", hours=48)
            is False
        )
    assert mailbox.messages == []


def test_when_the_mail_server_is_down_people_are_told_plainly(app, mailbox):
    down = create_app(
        {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SERVER_NAME")}
        | {
            "RATELIMIT_ENABLED": False,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": free_port(),
            "MAIL_TIMEOUT": 2,
        }
    )
    try:
        browser = Browser(down.test_client())
        response = browser.post(
            "/register",
            {"email": "new@example.gov", "password": "amber kettle orbit 58", "confirm": "amber kettle orbit 58"},
        )
        assert response.status_code == 200
        assert "could not send the email just now" in response.get_data(as_text=True)
        forgot = browser.post("/forgot-password", {"email": "someone@example.gov"})
        assert forgot.status_code == 200 and "could not send the email just now" in forgot.get_data(as_text=True)
        browser.login("new@example.gov", "amber kettle orbit 58")
        resend = browser.post("/account/confirm", {}, page="/account/confirm", follow_redirects=True)
        assert resend.status_code == 200 and "could not send the email just now" in resend.get_data(as_text=True)
    finally:
        with down.app_context():
            db.session.remove()
            db.engine.dispose()
