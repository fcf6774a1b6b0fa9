"""Publishing: make a submitted assessment's scorecard public, or take it back.

Like the other services these change the session and leave the one commit
to the view.
"""
from __future__ import annotations

from ..i18n import _
from ..models import Assessment
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
