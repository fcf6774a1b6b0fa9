from __future__ import annotations

from flask_login import UserMixin

from ..extensions import db
from ._common import utcnow


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), unique=True, nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    display_name = db.Column(db.String(120))
    organisation = db.Column(db.String(200))
    # When the person proved they read mail at this address (a signed link);
    # until then the account can draft but not publish, claim or join (RT-10).
    email_confirmed_at = db.Column(db.DateTime)
    # Moderators decide claims, reports and added places, and may read drafts.
    is_moderator = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # Set by a moderator: a suspended account cannot sign in.
    suspended_at = db.Column(db.DateTime)
    # An optional second factor (TOTP, RFC 6238): the base32 secret, kept
    # only once the first code checked.
    totp_secret = db.Column(db.String(64))
    # Bumped on logout and password change; a session cookie carrying an older
    # epoch no longer logs anyone in, on any device.
    session_epoch = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"
