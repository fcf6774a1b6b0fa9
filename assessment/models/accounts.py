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
    is_admin = db.Column(db.Boolean, nullable=False, default=False)
    # Bumped on logout and password change; a session cookie carrying an older
    # epoch no longer logs anyone in, on any device.
    session_epoch = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"
