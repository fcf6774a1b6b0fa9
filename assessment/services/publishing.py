"""Publishing: make a submitted assessment's scorecard public, or take it back.

Like the other services these change the session and leave the one commit
to the view.
"""
from __future__ import annotations

from sqlalchemy import delete

from ..extensions import db
from ..i18n import _
from ..models import Assessment, ScorecardPdf
from ..models._common import utcnow
from .assessments import AssessmentError, _audit
from .latest_published import refresh_latest
from .scores import refresh_scores


def publish(assessment: Assessment, user) -> None:
    if assessment.status != "submitted":
        raise AssessmentError(_("Submit the assessment before publishing it: drafts are never public."))
    if assessment.published_at is not None:
        raise AssessmentError(_("This assessment is already published."))
    # Lists and comparisons read stored scores: make sure they exist now.
    refresh_scores(assessment)
    assessment.published_at = utcnow()
    refresh_latest(assessment.jurisdiction_id)
    _audit(assessment, user, "publish")


def unpublish(assessment: Assessment, user) -> None:
    if assessment.published_at is None:
        raise AssessmentError(_("This assessment is not published."))
    old = assessment.published_at.isoformat()
    assessment.published_at = None
    refresh_latest(assessment.jurisdiction_id)
    _audit(assessment, user, "unpublish", old={"published_at": old})


WITHDRAWN_AS = ("owner", "moderator")


def withdraw(assessment: Assessment, user, reason: str, as_: str) -> None:
    """Take a published version down, for good: its page stays at its address
    and says "withdrawn on <date>: <reason>"; no list, comparison or export
    shows it. as_: "owner" (its owners) or "moderator"."""
    if as_ not in WITHDRAWN_AS:
        raise ValueError(as_)
    reason = (reason or "").strip()
    if assessment.published_at is None:
        raise AssessmentError(_("This assessment is not published."))
    if assessment.withdrawn_at is not None:
        raise AssessmentError(_("This scorecard is already withdrawn."))
    if not reason:
        raise AssessmentError(_("Say why the scorecard is withdrawn: readers will see the reason."))
    assessment.withdrawn_at = utcnow()
    assessment.withdrawn_by_id = getattr(user, "id", None)
    assessment.withdrawn_as = as_
    assessment.withdrawn_reason = reason
    # Cached PDFs are keyed on the revision, which this does not change: the
    # next download is rendered afresh, with the withdrawal on its first page.
    db.session.execute(delete(ScorecardPdf).where(ScorecardPdf.assessment_id == assessment.id))
    refresh_latest(assessment.jurisdiction_id)
    _audit(assessment, user, "withdrawn", new={"as": as_, "reason": reason})
