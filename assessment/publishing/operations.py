"""Publishing: make a submitted version's scorecard public and frozen, or withdraw it.

A published version never changes (publishing/versions.py): corrections are a
new version, published again, which supersedes it. Publishing cannot be
undone silently: taking a scorecard down is a withdrawal, whose date and
reason stay on its page. Like the other services these change the session and
leave the one commit to the view.
"""

from __future__ import annotations

from assessment.i18n import _
from assessment.models import Assessment
from assessment.models._common import utcnow
from assessment.publishing.verification import forget_pdfs, record_verification
from assessment.publishing.versions import require_newest, supersede_previous
from assessment.stored_scores.latest import refresh_latest
from assessment.stored_scores.refresh import refresh_scores
from assessment.survey.operations import AssessmentError, _audit, latest_assessable_year


def publish(assessment: Assessment, user) -> None:
    if assessment.status != "submitted":
        raise AssessmentError(_("Submit the assessment before publishing it: drafts are never public."))
    if assessment.published_at is not None:
        raise AssessmentError(_("This assessment is already published."))
    require_newest(assessment)
    if assessment.jurisdiction.status != "listed":
        raise AssessmentError(
            _(
                "A moderator has not checked this place yet. You can publish once it is listed; "
                "your answers are kept meanwhile."
            )
        )
    if assessment.year > latest_assessable_year():
        raise AssessmentError(
            _("An assessment is for this year or an earlier one, not %(year)s.", year=assessment.year)
        )
    # A new revision: a PDF rendered before publication (without its date and
    # version) is never served as the published one. Lists and comparisons
    # read stored scores: they are made for this revision now.
    assessment.revision += 1
    refresh_scores(assessment)
    assessment.published_at = utcnow()
    assessment.published_by_id = getattr(user, "id", None)
    # Who published it, and whether a moderator checked that they may speak for it.
    record_verification(assessment, user)
    supersede_previous(assessment, user)
    refresh_latest(assessment.jurisdiction_id)
    _audit(assessment, user, "publish", new={"version": assessment.version, "verification": assessment.verification})


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
    forget_pdfs(assessment)  # rendered again, saying it was withdrawn; the figures stay as published
    refresh_latest(assessment.jurisdiction_id)
    _audit(assessment, user, "withdrawn", new={"as": as_, "reason": reason})
