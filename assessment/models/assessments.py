from __future__ import annotations

from ..extensions import db
from ..i18n import N_, _
from ._common import utcnow

# Who stands behind a published scorecard (Assessment.verification), set by publishing/verification.py.
VERIFIED_OFFICIAL = "verified_official"
VERIFIED_ORGANISATION = "verified_organisation"
UNVERIFIED = "unverified"

ASSESSMENT_KINDS = {"self": N_("Self-assessment"), "independent": N_("Independent assessment")}
STATUSES = ("draft", "submitted")
# Who says so (trust-review.md, design 3). Set when a version is published, from
# the publisher's approved claim; the API's `verification` field carries it.
VERIFICATIONS = ("verified_official", "verified_organisation", "unverified")
# Roles on an assessment (all its versions): owners publish, invite and remove;
# editors answer; viewers read the drafts.
ROLES = ("owner", "editor", "viewer")


class Assessment(db.Model):
    __tablename__ = "assessment"
    __table_args__ = (db.Index("ix_assessment_jurisdiction_year", "jurisdiction_id", "year"),)

    id = db.Column(db.Integer, primary_key=True)
    # Versions: a published assessment is frozen; a later change is a new
    # Assessment row of the same series (series_id = the first version's id),
    # numbered up from 1, which is published again. Roles and invitations
    # belong to the series: Editor.assessment_id is the series id.
    series_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), index=True)
    version = db.Column(db.Integer, nullable=False, default=1, server_default="1")
    jurisdiction_id = db.Column(db.Integer, db.ForeignKey("jurisdiction.id"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    kind = db.Column(db.String(20), nullable=False, default="self")
    organisation = db.Column(db.String(200))
    questionnaire_version = db.Column(db.String(40), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="draft")
    # Goes up by one with every saved change; forms carry it so a stale page
    # is detected, and cached PDFs are keyed on it.
    revision = db.Column(db.Integer, nullable=False, default=0)
    last_lever_id = db.Column(db.String(80))
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    submitted_at = db.Column(db.DateTime)
    published_at = db.Column(db.DateTime)
    published_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    # A newer version of the series was published: this one stays readable at
    # its address but no list shows it.
    superseded_at = db.Column(db.DateTime)
    # Taken down by its owners or by a moderator: the page stays and says so.
    withdrawn_at = db.Column(db.DateTime)
    withdrawn_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    withdrawn_as = db.Column(db.String(20))  # "owner" or "moderator"
    withdrawn_reason = db.Column(db.Text)
    verification = db.Column(db.String(30), nullable=False, default="unverified", server_default="unverified")
    verified_claim_id = db.Column(db.Integer, db.ForeignKey("claim.id"))
    # What this version changed against the version it replaced, worked out
    # at publication: {"answers": [question ids], "scores": {tier: [before, after]}}.
    version_changes = db.Column(db.JSON)
    # A new year's assessment started from an earlier year's: the version its
    # answers were copied from (assessment/carryover/).
    carried_from_id = db.Column(db.Integer, db.ForeignKey("assessment.id"))
    # Backstop against lost updates inside one flush; the form's revision is
    # the check users see.
    row_version = db.Column(db.Integer, nullable=False, default=1, server_default="1")

    jurisdiction = db.relationship("Jurisdiction", lazy="joined")
    # The claim that verified this publication (None: unverified or unpublished).
    verified_claim = db.relationship("Claim", foreign_keys=[verified_claim_id])
    # Loaded when first read, not with every assessment: saving a page reads
    # them afresh under the row lock (survey.operations.lock_for_change),
    # and lists of assessments never read them.
    answers = db.relationship("Answer", back_populates="assessment", cascade="all, delete-orphan")
    editors = db.relationship("Editor", back_populates="assessment", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def kind_label(self) -> str:
        return _(ASSESSMENT_KINDS[self.kind]) if self.kind in ASSESSMENT_KINDS else self.kind

    def answers_by_question(self) -> dict[str, Answer]:
        return {a.question_id: a for a in self.answers}


# The evidence vocabulary (answers.EVIDENCE_LIMITS) and the Answer columns that hold it.
EVIDENCE_COLUMNS = {
    "url": "evidence_url",
    "citation": "evidence_citation",
    "note": "evidence_note",
    "shows": "evidence_shows",
    "durability": "evidence_durability",
}


class Answer(db.Model):
    __tablename__ = "answer"
    __table_args__ = (db.UniqueConstraint("assessment_id", "question_id", name="uq_answer_assessment_question"),)

    id = db.Column(db.Integer, primary_key=True)
    assessment_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False)
    question_id = db.Column(db.String(80), nullable=False)
    # The answer vocabulary of assessment.scoring.answers: an option id, a list of
    # option ids, "dont_know", or {"not_applicable": reason}; null while only
    # evidence has been given.
    value = db.Column(db.JSON(none_as_null=True))
    evidence_url = db.Column(db.String(2000))
    evidence_citation = db.Column(db.String(300))
    evidence_note = db.Column(db.Text)
    # What the evidence shows (an id of the content's evidence_kinds: the rule
    # as adopted, implementation records, independent verification), and how
    # durable the protection is (an id of its durability_levels).
    evidence_shows = db.Column(db.String(40))
    evidence_durability = db.Column(db.String(40))
    # The note is for the editors only: never on the scorecard, PDF or API.
    note_internal = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # Copied from an earlier year's assessment and not yet confirmed or changed
    # (that year): scored and counted as still to answer (assessment/carryover/).
    carried_from_year = db.Column(db.Integer)
    # The assessment revision this answer was last saved at.
    revision = db.Column(db.Integer, nullable=False, default=0)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    assessment = db.relationship("Assessment", back_populates="answers")

    def evidence(self) -> dict[str, str]:
        """The evidence entry; "internal": "yes" when the note is for the editors only."""
        found = {field: getattr(self, column) for field, column in EVIDENCE_COLUMNS.items()}
        found = {k: v for k, v in found.items() if v}
        if self.note_internal and found.get("note"):
            found["internal"] = "yes"
        return found

    def set_evidence(self, evidence: dict) -> None:
        """Store an evidence entry ({url, citation, note, shows, durability, internal}); missing fields are cleared."""
        for field, column in EVIDENCE_COLUMNS.items():
            setattr(self, column, evidence.get(field) or None)
        self.note_internal = evidence.get("internal") == "yes" and bool(self.evidence_note)


class Editor(db.Model):
    __tablename__ = "editor"

    assessment_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), primary_key=True)
    added_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    added_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    role = db.Column(db.String(10), nullable=False, default="editor", server_default="editor")

    assessment = db.relationship("Assessment", back_populates="editors")
    user = db.relationship("User", foreign_keys=[user_id], lazy="joined")


class Invitation(db.Model):
    __tablename__ = "invitation"

    id = db.Column(db.Integer, primary_key=True)
    assessment_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False)
    # Only a hash is stored: the link itself is shown once to the inviter.
    token_hash = db.Column(db.String(64), unique=True, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    used_at = db.Column(db.DateTime)
    # Sent to one address, and only the account confirmed at it may use it.
    email = db.Column(db.String(254))
    role = db.Column(db.String(10), nullable=False, default="editor", server_default="editor")
    revoked_at = db.Column(db.DateTime)
    revoked_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    assessment = db.relationship("Assessment")


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id = db.Column(db.Integer, primary_key=True)
    assessment_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # started, answer, submit, publish, withdrawn, superseded, version_started, invite,
    # invitation_revoked, editor_added, editor_removed, role_changed, imported, and moderators' actions
    action = db.Column(db.String(30), nullable=False)
    question_id = db.Column(db.String(80))
    old_value = db.Column(db.JSON)
    new_value = db.Column(db.JSON)

    user = db.relationship("User", lazy="joined")
