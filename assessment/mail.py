"""Outgoing mail, through Flask-Mailman.

Settings come from the environment (config.py: MAIL_SERVER, MAIL_PORT,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS, MAIL_USE_SSL, MAIL_DEFAULT_SENDER).
With no MAIL_SERVER (the embedded default of `make run`), nothing leaves the
machine: each message is written to a file under instance/mail/, and its
recipient, subject and links are logged at INFO, so a developer can follow a
confirmation or reset link from the terminal.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
from pathlib import Path

from flask import Flask, current_app, render_template
from flask_mailman import BadHeaderError, EmailMessage
from flask_mailman.backends.file import EmailBackend as FileEmailBackend

from .config import FOLDER_MAIL_BACKEND
from .extensions import mail
from .i18n import N_

log = logging.getLogger(__name__)

LINK = re.compile(r"https?://\S+")
# For the person who asked for a message that could not be sent (translated where shown).
NOT_SENT_MESSAGE = N_("We could not send the email just now. Nothing is lost: please try again in a few minutes.")


class FolderEmailBackend(FileEmailBackend):
    """Flask-Mailman's file backend, with each file readable by its owner only:
    the messages hold sign-in and reset links (RT-21)."""

    def open(self):
        if self.stream is not None:
            return False
        descriptor = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.stream = os.fdopen(descriptor, "ab")
        return True


def writes_to_folder(app: Flask) -> bool:
    return app.config.get("MAIL_BACKEND") == FOLDER_MAIL_BACKEND


def init_mail(app: Flask) -> None:
    mail.init_app(app)
    if not writes_to_folder(app):
        return
    folder = Path(app.config["MAIL_FILE_PATH"])
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    # The messages' links go to the development log (Flask's handler on the app's
    # logger, "assessment", of which this module's logger is a child).
    _ = app.logger  # reading it creates the logger and attaches Flask's default handler
    if app.config.get("APP_ENV") == "production":
        # No links in a production log: they sign people in.
        log.warning("No MAIL_SERVER is set: mail is written to %s and never sent.", folder)
    else:
        log.setLevel(logging.INFO)


def send_mail(to: str, subject: str, template_name: str, **context) -> bool:
    """Send one plain-text message to one address; True if it went.

    `subject` is given already translated (`_()`); the body is the template
    templates/mail/<template_name>.txt rendered with `context`, in the current
    request's language. A failure (mail server down, refused, a header that
    would inject another) is logged and gives False, never an exception: the
    caller then tells the person plainly (NOT_SENT_MESSAGE) and goes on.
    """
    body = render_template(f"mail/{template_name}.txt", **context)
    config = current_app.config
    message = EmailMessage(subject=str(subject), body=body, from_email=config["MAIL_DEFAULT_SENDER"], to=[to])
    try:
        # Built first, so that a header that would inject another is refused before
        # connecting: Flask-Mailman raises it with the connection open and never closes it.
        message.message()
        message.send()
    except (smtplib.SMTPException, OSError, BadHeaderError, UnicodeError) as error:
        log.error("Mail %r to %s could not be sent: %s", template_name, to, error)
        return False
    if writes_to_folder(current_app):
        log.info(
            "Mail to %s, %r, written to %s. Links: %s",
            to,
            str(subject),
            config["MAIL_FILE_PATH"],
            " ".join(LINK.findall(body)) or "none",
        )
    return True
