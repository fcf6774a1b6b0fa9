"""Who says so: claims to speak for a place or an organisation, reports of
problems with published scorecards, and the moderators' record of what they did.

trust-review.md's design: a moderator checks each claim by hand (the server
never fetches a claimant's website) and approves it for one year; a published
scorecard is "verified" only when its publisher held such a claim; anyone may
report a scorecard, its owners may reply, and every moderator action is kept.
"""

from __future__ import annotations

from ..extensions import db
from ._common import utcnow

CLAIM_KINDS = ("official", "organisation")
CLAIM_STATUSES = ("pending", "approved", "refused", "withdrawn")
REPORT_STATUSES = ("open", "dismissed", "upheld")


class Claim(db.Model):
    """ "I work for King County" (kind official, with jurisdiction_id), or
    "I work for the ACLU of Washington" (kind organisation, with organisation)."""

    __tablename__ = "claim"
    __table_args__ = (db.Index("ix_claim_status_created", "status", "created_at"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    kind = db.Column(db.String(20), nullable=False)
    jurisdiction_id = db.Column(db.Integer, db.ForeignKey("jurisdiction.id"), index=True)
    organisation = db.Column(db.String(200))
    title = db.Column(db.String(200), nullable=False)
    # How a moderator can check it: a page of the place's own website, a
    # phone number of the clerk, a manager to ask. Read by a person only.
    how_to_check = db.Column(db.Text, nullable=False)
    # The domain of the claimant's confirmed address when they claimed.
    email_domain = db.Column(db.String(254), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="pending")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    decided_at = db.Column(db.DateTime)
    decision_note = db.Column(db.Text)
    # An approved claim holds for one year from approval; then it is claimed again.
    valid_until = db.Column(db.DateTime)

    user = db.relationship("User", foreign_keys=[user_id], lazy="joined")
    jurisdiction = db.relationship("Jurisdiction", lazy="joined")


class Report(db.Model):
    """ "Report a problem with this scorecard", from anyone, signed in or not."""

    __tablename__ = "report"
    __table_args__ = (db.Index("ix_report_status_created", "status", "created_at"),)

    id = db.Column(db.Integer, primary_key=True)
    assessment_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False, index=True)
    reporter_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    reporter_email = db.Column(db.String(254))  # optional, for an answer
    reason = db.Column(db.String(30), nullable=False)
    details = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(20), nullable=False, default="open")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # The owners' right of reply, shown to the moderator beside the report.
    owner_reply = db.Column(db.Text)
    owner_reply_at = db.Column(db.DateTime)
    owner_reply_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    decided_at = db.Column(db.DateTime)
    decision_note = db.Column(db.Text)

    assessment = db.relationship("Assessment", lazy="joined")


class ModerationEvent(db.Model):
    """One moderator action, kept for good: what, on what, by whom, why."""

    __tablename__ = "moderation_event"

    id = db.Column(db.Integer, primary_key=True)
    # None when done from the command line without naming a moderator.
    moderator_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    # claim_approved, claim_refused, report_dismissed, report_upheld, withdrawn,
    # account_reset, account_suspended, account_restored, moderator_granted,
    # moderator_revoked, place_approved, place_refused, place_merged, place_removed
    action = db.Column(db.String(40), nullable=False)
    subject_kind = db.Column(db.String(20), nullable=False)  # claim, report, assessment, user, jurisdiction
    subject_id = db.Column(db.Integer, nullable=False)
    reason = db.Column(db.Text)
    details = db.Column(db.JSON)

    moderator = db.relationship("User", lazy="joined")
