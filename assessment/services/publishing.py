"""Publishing: make a submitted assessment's scorecard public, or take it back.

Like the other services these change the session and leave the one commit
to the view.
"""
from __future__ import annotations

from ..models import Assessment
from ..models._common import utcnow
from .assessments import AssessmentError, _audit
from .scores import refresh_scores


def publish(assessment: Assessment, user) -> None:
    if assessment.status != "submitted":
        raise AssessmentError("Submit the assessment before publishing it: drafts are never public.")
    if assessment.published_at is not None:
        raise AssessmentError("This assessment is already published.")
    # Lists and comparisons read stored scores: make sure they exist now.
    refresh_scores(assessment)
    assessment.published_at = utcnow()
    _audit(assessment, user, "publish")


def unpublish(assessment: Assessment, user) -> None:
    if assessment.published_at is None:
        raise AssessmentError("This assessment is not published.")
    old = assessment.published_at.isoformat()
    assessment.published_at = None
    _audit(assessment, user, "unpublish", old={"published_at": old})
