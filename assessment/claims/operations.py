"""Claims: "I work for King County" or "I work for the ACLU of Washington".

A claim is only a request: a moderator checks it by hand and decides
(moderation/operations.py). Nothing here fetches what the claimant typed; the
moderator reads it as text. Like every service, these change the session and
leave the commit to the view.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func

from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Claim, Jurisdiction, User
from assessment.models._common import utcnow
from assessment.models.provenance import format_day

TITLE_MAX = 200
ORGANISATION_MAX = 200
HOW_TO_CHECK_MAX = 2000
# An approved claim may be renewed in its last month, not before.
RENEWAL_WINDOW = timedelta(days=30)


class ClaimError(ValueError):
    """A plain message for the claimant."""


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def _same_subject(user: User, kind: str, jurisdiction: Jurisdiction | None, organisation: str | None):
    stmt = db.select(Claim).where(Claim.user_id == user.id, Claim.kind == kind)
    if kind == "official":
        return stmt.where(Claim.jurisdiction_id == jurisdiction.id)
    return stmt.where(func.lower(Claim.organisation) == organisation.lower())


def make_claim(
    user: User,
    kind: str,
    title: str,
    how_to_check: str,
    jurisdiction: Jurisdiction | None = None,
    organisation: str | None = None,
) -> Claim:
    """A pending claim. Refused (ClaimError) for an unconfirmed address, a
    missing field, or a claim of the same subject still waiting or approved."""
    if user.email_confirmed_at is None:
        raise ClaimError(
            _(
                "Confirm your email address first: open the link we sent you. "
                "A moderator needs to know the address is yours."
            )
        )
    title, how_to_check = (title or "").strip(), (how_to_check or "").strip()
    organisation = " ".join((organisation or "").split()) or None
    if kind not in ("official", "organisation"):
        raise ClaimError(_("Choose what you claim."))
    if kind == "official" and jurisdiction is None:
        raise ClaimError(_("Choose the city or county you work for."))
    if kind == "organisation" and not organisation:
        raise ClaimError(_("Enter the name of your organisation."))
    if not title:
        raise ClaimError(_("Enter your job title."))
    if not how_to_check:
        raise ClaimError(_("Say how a moderator can check that you work there."))
    if len(title) > TITLE_MAX or len(organisation or "") > ORGANISATION_MAX or len(how_to_check) > HOW_TO_CHECK_MAX:
        raise ClaimError(_("One of the answers is too long. Shorten it and try again."))
    for earlier in db.session.scalars(_same_subject(user, kind, jurisdiction, organisation)):
        if earlier.status == "pending":
            raise ClaimError(
                _(
                    "You already have a claim about this waiting for a moderator. "
                    "You will see the decision on your account page."
                )
            )
        if earlier.status == "approved" and earlier.valid_until and earlier.valid_until - RENEWAL_WINDOW > utcnow():
            raise ClaimError(
                _(
                    "Your claim about this is already approved, until %(date)s.",
                    date=format_day(earlier.valid_until.date()),
                )
            )
    claim = Claim(
        user_id=user.id,
        kind=kind,
        jurisdiction_id=jurisdiction.id if jurisdiction else None,
        organisation=organisation if kind == "organisation" else None,
        title=title,
        how_to_check=how_to_check,
        email_domain=email_domain(user.email),
        status="pending",
    )
    db.session.add(claim)
    db.session.flush()
    return claim


def claims_of(user) -> list[Claim]:
    """The user's claims, newest first (for their account page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            db.select(Claim).where(Claim.user_id == user.id).order_by(Claim.created_at.desc(), Claim.id.desc())
        )
    )


def subject_of(claim: Claim) -> str:
    """What the claim is about, in words: "King County, WA" or the organisation's name."""
    if claim.kind == "official" and claim.jurisdiction is not None:
        return claim.jurisdiction.display_name
    return claim.organisation or ""


def is_current(claim: Claim) -> bool:
    """Approved and not yet past its year."""
    return claim.status == "approved" and claim.valid_until is not None and claim.valid_until > utcnow()
