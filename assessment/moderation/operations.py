"""What moderators do: decide claims, reports and places users added, withdraw
publications, and reset, suspend or promote accounts.

Every action writes exactly one ModerationEvent through record(), so the
moderators' record (/moderation/history, `flask moderation history`) holds
all of it; an action on an assessment also goes into that assessment's own
history (AuditEvent). The web pages and the `flask moderation` commands call
these same functions. They change the session and never commit.

`moderator` is the User acting, or None when a command was run without
naming one (the record then says no one).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update

from assessment.auth import accounts
from assessment.claims.operations import subject_of
from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Assessment, Claim, Jurisdiction, ModerationEvent, Report, User
from assessment.models._common import utcnow
from assessment.publishing import operations as publishing
from assessment.stored_scores.latest import refresh_latest
from assessment.survey.operations import AssessmentError, _audit

CLAIM_LIFETIME = timedelta(days=365)


class ModerationError(ValueError):
    """A plain message for the moderator: the action was not done."""


def record(
    moderator, action: str, subject_kind: str, subject_id: int, reason: str | None = None, details: dict | None = None
) -> ModerationEvent:
    if moderator is not None and not moderator.is_moderator:
        raise ModerationError(_("%(email)s is not a moderator.", email=moderator.email))
    event = ModerationEvent(
        moderator_id=getattr(moderator, "id", None),
        action=action,
        subject_kind=subject_kind,
        subject_id=subject_id,
        reason=reason or None,
        details=details or None,
    )
    db.session.add(event)
    return event


def _required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ModerationError(message)
    return text


def _moderator_id(moderator) -> int | None:
    return getattr(moderator, "id", None)


# ---------------------------------------------------------------- claims


def _decide_claim(claim: Claim, moderator, status: str, note: str | None) -> None:
    if claim.status != "pending":
        raise ModerationError(_("This claim is already decided (%(status)s).", status=claim.status))
    claim.status = status
    claim.decided_by_id = _moderator_id(moderator)
    claim.decided_at = utcnow()
    claim.decision_note = note or None


def approve_claim(claim: Claim, moderator, note: str | None = None) -> None:
    """Approved for one year from now. Nothing else changes: publications are
    labelled from claims when they are published."""
    _decide_claim(claim, moderator, "approved", (note or "").strip())
    claim.valid_until = claim.decided_at + CLAIM_LIFETIME
    record(
        moderator,
        "claim_approved",
        "claim",
        claim.id,
        note,
        {
            "user": claim.user.email,
            "kind": claim.kind,
            "subject": subject_of(claim),
            "valid_until": claim.valid_until.date().isoformat(),
        },
    )


def refuse_claim(claim: Claim, moderator, note: str) -> None:
    note = _required(note, _("Write a note for the claimant: they see it on their account page."))
    _decide_claim(claim, moderator, "refused", note)
    record(
        moderator,
        "claim_refused",
        "claim",
        claim.id,
        note,
        {"user": claim.user.email, "kind": claim.kind, "subject": subject_of(claim)},
    )


# ---------------------------------------------------------------- reports


def _decide_report(report: Report, moderator, status: str, note: str) -> None:
    if report.status != "open":
        raise ModerationError(_("This report is already decided (%(status)s).", status=report.status))
    report.status = status
    report.decided_by_id = _moderator_id(moderator)
    report.decided_at = utcnow()
    report.decision_note = note
    action = "report_" + status
    _audit(report.assessment, moderator, action, new={"report": report.id, "note": note})
    record(moderator, action, "report", report.id, note, {"assessment": report.assessment_id, "reason": report.reason})


def dismiss_report(report: Report, moderator, note: str) -> None:
    _decide_report(report, moderator, "dismissed", _required(note, _("Write why the report is dismissed.")))


def uphold_report(report: Report, moderator, note: str) -> None:
    """The report is right. Withdrawing the scorecard is a separate action."""
    _decide_report(report, moderator, "upheld", _required(note, _("Write why the report is upheld.")))


# ---------------------------------------------------------------- publications


def withdraw_publication(assessment: Assessment, moderator, reason: str) -> None:
    """The page stays at its address and says "Withdrawn by the moderators on <date>: <reason>"."""
    reason = _required(reason, _("Say why the scorecard is withdrawn: readers will see the reason."))
    try:
        publishing.withdraw(assessment, moderator, reason, "moderator")
    except AssessmentError as error:
        raise ModerationError(str(error)) from error
    record(
        moderator,
        "withdrawn",
        "assessment",
        assessment.id,
        reason,
        {"place": assessment.jurisdiction.display_name, "year": assessment.year},
    )


# ---------------------------------------------------------------- accounts


def _not_yourself(user: User, moderator) -> None:
    if moderator is not None and moderator.id == user.id:
        raise ModerationError(_("Ask another moderator to do this to your own account."))


def reset_account(user: User, moderator, reason: str | None = None) -> None:
    """Ends every session, removes the second factor and sets a password no one
    knows: the person then chooses a new one with "Forgot your password?"."""
    _not_yourself(user, moderator)
    accounts.end_all_sessions(user)
    user.totp_secret = None
    user.password_hash = accounts.hash_password(secrets.token_urlsafe(32))
    record(moderator, "account_reset", "user", user.id, reason, {"email": user.email})


def suspend_account(user: User, moderator, reason: str | None = None) -> None:
    _not_yourself(user, moderator)
    if user.suspended_at is not None:
        raise ModerationError(_("This account is already suspended."))
    user.suspended_at = utcnow()
    accounts.end_all_sessions(user)
    record(moderator, "account_suspended", "user", user.id, reason, {"email": user.email})


def restore_account(user: User, moderator, reason: str | None = None) -> None:
    if user.suspended_at is None:
        raise ModerationError(_("This account is not suspended."))
    user.suspended_at = None
    record(moderator, "account_restored", "user", user.id, reason, {"email": user.email})


def grant_moderator(user: User, moderator, reason: str | None = None) -> None:
    if user.is_moderator:
        raise ModerationError(_("This account is already a moderator."))
    user.is_moderator = True
    record(moderator, "moderator_granted", "user", user.id, reason, {"email": user.email})


def revoke_moderator(user: User, moderator, reason: str | None = None) -> None:
    _not_yourself(user, moderator)
    if not user.is_moderator:
        raise ModerationError(_("This account is not a moderator."))
    user.is_moderator = False
    record(moderator, "moderator_revoked", "user", user.id, reason, {"email": user.email})


# ---------------------------------------------------------------- places users added


def _reviewed(place: Jurisdiction, moderator, status: str) -> None:
    place.status = status
    place.reviewed_by_id = _moderator_id(moderator)
    place.reviewed_at = utcnow()


def approve_place(place: Jurisdiction, moderator) -> None:
    if place.status not in ("pending", "refused"):
        raise ModerationError(_("Only a place waiting for approval, or refused, can be approved."))
    _reviewed(place, moderator, "listed")
    record(moderator, "place_approved", "jurisdiction", place.id, None, {"place": place.display_name})


def refuse_place(place: Jurisdiction, moderator, reason: str) -> None:
    reason = _required(reason, _("Say why the place is refused."))
    if place.status != "pending":
        raise ModerationError(_("Only a place waiting for approval can be refused."))
    _reviewed(place, moderator, "refused")
    record(moderator, "place_refused", "jurisdiction", place.id, reason, {"place": place.display_name})


def merge_place(place: Jurisdiction, into: Jurisdiction, moderator, reason: str | None = None) -> None:
    """The place is a duplicate of `into`: its assessments and claims move
    there, and it is kept, marked merged, so old links can say where it went."""
    if place.id == into.id:
        raise ModerationError(_("A place cannot be merged into itself."))
    if place.status == "merged":
        raise ModerationError(_("This place is already merged into another."))
    if into.status != "listed":
        raise ModerationError(_("Merge into a listed place, not one that is waiting, refused or merged."))
    moved = list(db.session.scalars(select(Assessment).where(Assessment.jurisdiction_id == place.id)))
    for assessment in moved:
        assessment.jurisdiction_id = into.id
        _audit(assessment, moderator, "place_merged", old={"jurisdiction": place.id}, new={"jurisdiction": into.id})
    claims = db.session.execute(
        update(Claim).where(Claim.jurisdiction_id == place.id).values(jurisdiction_id=into.id)
    ).rowcount
    db.session.execute(
        update(Jurisdiction).where(Jurisdiction.merged_into_id == place.id).values(merged_into_id=into.id)
    )
    _reviewed(place, moderator, "merged")
    place.merged_into_id = into.id
    db.session.flush()
    refresh_latest(place.id)
    refresh_latest(into.id)
    record(
        moderator,
        "place_merged",
        "jurisdiction",
        place.id,
        reason,
        {
            "place": place.display_name,
            "into": into.id,
            "into_place": into.display_name,
            "assessments": [a.id for a in moved],
            "claims": claims,
        },
    )


def _assessment_children():
    """Every table that points at an assessment, but assessment itself."""
    return [
        (table, fk.parent)
        for table in reversed(db.metadata.sorted_tables)
        if table.name != "assessment"
        for fk in table.foreign_keys
        if fk.column.table.name == "assessment"
    ]


def remove_place(place: Jurisdiction, moderator, reason: str) -> None:
    """Delete a place no one should have added, with its drafts and claims.
    Refused while any assessment of it was ever published: those stay on record."""
    reason = _required(reason, _("Say why the place is removed."))
    published = db.session.scalar(
        select(db.func.count()).where(Assessment.jurisdiction_id == place.id, Assessment.published_at.is_not(None))
    )
    if published:
        raise ModerationError(
            _(
                "%(place)s has a published scorecard, so it cannot be removed. "
                "Merge it into the right place instead, or withdraw the scorecard first and merge.",
                place=place.display_name,
            )
        )
    if db.session.scalar(select(db.func.count()).where(Jurisdiction.merged_into_id == place.id)):
        raise ModerationError(
            _("Other places were merged into %(place)s, so it cannot be removed.", place=place.display_name)
        )
    drafts = list(db.session.scalars(select(Assessment.id).where(Assessment.jurisdiction_id == place.id)))
    details = {"place": place.display_name, "kind": place.kind, "drafts": drafts}
    if drafts:
        for table, column in _assessment_children():
            db.session.execute(delete(table).where(column.in_(drafts)))
        db.session.execute(update(Assessment).where(Assessment.id.in_(drafts)).values(series_id=None))
        db.session.execute(delete(Assessment).where(Assessment.id.in_(drafts)))
    details["claims"] = db.session.execute(delete(Claim).where(Claim.jurisdiction_id == place.id)).rowcount
    record(moderator, "place_removed", "jurisdiction", place.id, reason, details)
    db.session.delete(place)
    db.session.flush()
    db.session.expire_all()
