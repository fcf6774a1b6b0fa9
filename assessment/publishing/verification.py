"""Who says so: the verification of a publication, worked out once, when it is
published, from the publisher's approved claims (issue 15, point 3).

- A self-assessment published by someone a moderator checked as an official
  of that very place is "verified_official".
- An independent assessment published by someone a moderator checked as
  working for the organisation it names is "verified_organisation".
- Anything else is "unverified": reachable by its link and labelled so, but
  left out of every list (stored_scores/listing.py).

The answer is kept on the assessment (verification, verified_claim_id), so a
claim that expires or is withdrawn later does not rewrite what was true when
the scorecard was published. Nothing here commits.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from assessment.extensions import db
from assessment.models import Assessment, Claim, ScorecardPdf
from assessment.models._common import utcnow
from assessment.models.assessments import UNVERIFIED, VERIFIED_OFFICIAL, VERIFIED_ORGANISATION


def same_organisation(a: str | None, b: str | None) -> bool:
    """Names typed by two people: spaces at the ends or doubled, and case, do not count."""

    def key(name: str | None) -> str:
        return " ".join((name or "").split()).casefold()

    return bool(key(a)) and key(a) == key(b)


def approved_claims(user, kind: str) -> list[Claim]:
    """The user's claims of this kind that a moderator approved and that still hold, newest decision first."""
    if getattr(user, "id", None) is None:
        return []
    return list(
        db.session.scalars(
            select(Claim)
            .where(
                Claim.user_id == user.id,
                Claim.kind == kind,
                Claim.status == "approved",
                Claim.valid_until.is_not(None),
                Claim.valid_until > utcnow(),
            )
            .order_by(Claim.decided_at.desc().nulls_last(), Claim.id.desc())
        )
    )


def verification_for(assessment: Assessment, user) -> tuple[str, Claim | None]:
    """(verification, the claim that verifies it) if `user` published `assessment` now."""
    if assessment.kind == "self":
        for claim in approved_claims(user, "official"):
            if claim.jurisdiction_id == assessment.jurisdiction_id:
                return VERIFIED_OFFICIAL, claim
    elif assessment.kind == "independent":
        for claim in approved_claims(user, "organisation"):
            if same_organisation(claim.organisation, assessment.organisation):
                return VERIFIED_ORGANISATION, claim
    return UNVERIFIED, None


def record_verification(assessment: Assessment, user) -> str:
    """At publication: keep who published it and how far that is verified.

    Cached PDFs of the assessment go too: a PDF is cached per revision, which
    publishing does not change, and the published PDF's first page carries
    the verification that a PDF made before publication does not."""
    verification, claim = verification_for(assessment, user)
    assessment.verification = verification
    assessment.verified_claim_id = claim.id if claim is not None else None
    assessment.published_by_id = getattr(user, "id", None)
    forget_pdfs(assessment)
    return verification


def forget_pdfs(assessment: Assessment) -> None:
    if assessment.id is not None:
        db.session.execute(delete(ScorecardPdf).where(ScorecardPdf.assessment_id == assessment.id))
