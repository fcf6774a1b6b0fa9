"""Rendered scorecard PDFs, kept in the database so every app server shares them."""

from __future__ import annotations

from ..extensions import db
from ._common import utcnow


class ScorecardPdf(db.Model):
    """One rendered PDF per assessment revision and language.

    Assessment.revision goes up with every saved change, so a row for the
    current revision is still exactly what a fresh render would produce.
    Rows for older revisions are deleted when a newer one is stored.
    """

    __tablename__ = "scorecard_pdf"
    __table_args__ = (
        db.UniqueConstraint(
            "assessment_id", "revision", "language", name="uq_scorecard_pdf_assessment_revision_language"
        ),
    )

    id = db.Column(db.Integer, primary_key=True)
    assessment_id = db.Column(
        db.Integer, db.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    revision = db.Column(db.Integer, nullable=False)
    language = db.Column(db.String(10), nullable=False)
    # The questionnaire content changes only on deploy, without touching any
    # revision; a PDF rendered with older content is treated as stale.
    questionnaire_version = db.Column(db.String(40), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    data = db.Column(db.LargeBinary, nullable=False)
