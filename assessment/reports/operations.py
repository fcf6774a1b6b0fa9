"""Reports of a problem with a published scorecard, and the owners' reply.

Anyone may report, signed in or not; a moderator decides
(moderation/operations.py). Before that, the owners of the assessment may
answer once, and change their answer until the report is decided: the
moderator reads both side by side. The session is changed, never committed.
"""

from __future__ import annotations

from sqlalchemy import func

from assessment.extensions import db
from assessment.i18n import N_, _
from assessment.models import Assessment, Report
from assessment.models._common import utcnow
from assessment.web.access import is_owner, is_public, series_of

REPORT_REASONS = {
    "wrong_facts": N_("The facts or answers are wrong"),
    "impersonation": N_("It pretends to be someone it is not"),
    "abusive": N_("It is abusive or offensive"),
    "other": N_("Something else"),
}
DETAILS_MAX = 4000
REPLY_MAX = 4000
EMAIL_MAX = 254


class ReportError(ValueError):
    """A plain message for the person writing."""


def reason_label(reason: str) -> str:
    return _(REPORT_REASONS[reason]) if reason in REPORT_REASONS else reason


def make_report(assessment: Assessment, reason: str, details: str, email: str | None, user=None) -> Report:
    if not is_public(assessment):
        raise ReportError(_("Only published scorecards can be reported."))
    details = (details or "").strip()
    email = (email or "").strip().lower() or None
    if reason not in REPORT_REASONS:
        raise ReportError(_("Choose what is wrong."))
    if not details:
        raise ReportError(_("Say what is wrong, so a moderator can check it."))
    if len(details) > DETAILS_MAX:
        raise ReportError(_("Use at most %(count)s characters.", count=DETAILS_MAX))
    if email is not None and (len(email) > EMAIL_MAX or "@" not in email.strip("@")):
        raise ReportError(_("Enter an email address like name@example.org, or leave it empty."))
    report = Report(
        assessment_id=assessment.id,
        reason=reason,
        details=details,
        reporter_email=email,
        reporter_id=user.id if getattr(user, "is_authenticated", False) else None,
        status="open",
    )
    db.session.add(report)
    db.session.flush()
    return report


def reports_about(assessment: Assessment, status: str | None = "open") -> list[Report]:
    """Reports about any version of the assessment's series, oldest first."""
    stmt = (
        db.select(Report)
        .join(Assessment, Report.assessment_id == Assessment.id)
        .where(func.coalesce(Assessment.series_id, Assessment.id) == series_of(assessment))
        .order_by(Report.created_at, Report.id)
    )
    if status is not None:
        stmt = stmt.where(Report.status == status)
    return list(db.session.scalars(stmt))


def reply(report: Report, user, text: str) -> None:
    """The owners' answer to a report, editable until a moderator decides."""
    if not is_owner(report.assessment, user):
        raise PermissionError("only the owners reply")
    if report.status != "open":
        raise ReportError(_("A moderator has already decided on this report, so the reply cannot change."))
    text = (text or "").strip()
    if not text:
        raise ReportError(_("Write your reply."))
    if len(text) > REPLY_MAX:
        raise ReportError(_("Use at most %(count)s characters.", count=REPLY_MAX))
    report.owner_reply = text
    report.owner_reply_at = utcnow()
    report.owner_reply_by_id = user.id
