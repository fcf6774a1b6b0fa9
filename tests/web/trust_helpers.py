"""Shared pieces for the claims, reports and moderation tests."""

from __future__ import annotations

from assessment.extensions import db
from assessment.models import Claim, Jurisdiction, ModerationEvent, User
from assessment.models._common import utcnow
from assessment.models.jurisdictions import search_key

MODERATOR = "moderator@scorecard.example"


def confirmed(**fields) -> dict:
    return {"email_confirmed_at": utcnow(), **fields}


def events(app) -> list[tuple[str, str, int]]:
    with app.app_context():
        return [
            (e.action, e.subject_kind, e.subject_id)
            for e in db.session.scalars(db.select(ModerationEvent).order_by(ModerationEvent.id))
        ]


def claims(app, email: str | None = None) -> list[Claim]:
    with app.app_context():
        stmt = db.select(Claim).order_by(Claim.id)
        if email:
            stmt = stmt.join(User, Claim.user_id == User.id).where(User.email == email)
        found = list(db.session.scalars(stmt))
        for claim in found:
            db.session.expunge(claim)
        return found


def add_claim(app, email: str, jurisdiction_id: int | None = None, organisation: str | None = None) -> int:
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        claim = Claim(
            user_id=user.id,
            kind="official" if jurisdiction_id else "organisation",
            jurisdiction_id=jurisdiction_id,
            organisation=organisation,
            title="Clerk",
            how_to_check="Call the clerk at 555-0100",
            email_domain=email.rsplit("@", 1)[1],
        )
        db.session.add(claim)
        db.session.commit()
        return claim.id


def add_pending_place(app, name: str, state: str = "WA", kind: str = "city", added_by: str | None = None) -> int:
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == added_by)).first() if added_by else None
        place = Jurisdiction(
            name=name,
            state=state,
            kind=kind,
            source="user",
            status="pending",
            search_text=search_key(name, state),
            added_by_id=user.id if user else None,
        )
        db.session.add(place)
        db.session.commit()
        return place.id
