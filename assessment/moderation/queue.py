"""What waits for the moderators, oldest first: claims, open reports, places
users added. Read only; the decisions are in moderation/operations.py."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import Assessment, Claim, Jurisdiction, ModerationEvent, Report, User
from assessment.models.jurisdictions import search_key

SIMILAR_NAMES = 3
# difflib's ratio (0-1) from which a listed name is shown as close to a new one.
SIMILARITY_CUTOFF = 0.6
HISTORY_PAGE_SIZE = 50


@dataclass
class WaitingClaim:
    claim: Claim
    others: list[Claim] = field(default_factory=list)  # the same user's other claims


@dataclass
class WaitingPlace:
    place: Jurisdiction
    added_by: User | None
    similar: list[Jurisdiction]
    drafts: int


def waiting_claims() -> list[WaitingClaim]:
    pending = list(
        db.session.scalars(select(Claim).where(Claim.status == "pending").order_by(Claim.created_at, Claim.id))
    )
    user_ids = {claim.user_id for claim in pending}
    others: dict[int, list[Claim]] = {}
    if user_ids:
        for claim in db.session.scalars(
            select(Claim).where(Claim.user_id.in_(user_ids)).order_by(Claim.created_at.desc())
        ):
            others.setdefault(claim.user_id, []).append(claim)
    return [WaitingClaim(claim, [c for c in others.get(claim.user_id, []) if c.id != claim.id]) for claim in pending]


def open_reports() -> list[Report]:
    return list(
        db.session.scalars(select(Report).where(Report.status == "open").order_by(Report.created_at, Report.id))
    )


def similar_places(place: Jurisdiction, limit: int = SIMILAR_NAMES) -> list[Jurisdiction]:
    """The listed places of the same state whose names read most like this one's."""
    listed = list(
        db.session.scalars(
            select(Jurisdiction).where(
                Jurisdiction.state == place.state, Jurisdiction.status == "listed", Jurisdiction.id != place.id
            )
        )
    )
    by_key: dict[str, list[Jurisdiction]] = {}
    for other in listed:
        by_key.setdefault(search_key(other.name), []).append(other)
    close = difflib.get_close_matches(search_key(place.name), list(by_key), n=limit, cutoff=SIMILARITY_CUTOFF)
    return [other for key in close for other in by_key[key]][:limit]


def waiting_places() -> list[WaitingPlace]:
    pending = list(
        db.session.scalars(
            select(Jurisdiction)
            .where(Jurisdiction.status == "pending")
            .order_by(Jurisdiction.created_at, Jurisdiction.id)
        )
    )
    found = []
    for place in pending:
        drafts = db.session.scalar(select(func.count()).where(Assessment.jurisdiction_id == place.id))
        added_by = db.session.get(User, place.added_by_id) if place.added_by_id else None
        found.append(WaitingPlace(place, added_by, similar_places(place), drafts))
    return found


def history_page(page: int = 1, per_page: int = HISTORY_PAGE_SIZE):
    """ModerationEvents, newest first, one page (Flask-SQLAlchemy's Pagination)."""
    return db.paginate(
        select(ModerationEvent).order_by(ModerationEvent.at.desc(), ModerationEvent.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def find_account(email: str) -> User | None:
    email = (email or "").strip().lower()
    return db.session.scalars(select(User).where(User.email == email)).first() if email else None
