"""Which published assessment lists show for each jurisdiction, kept ready.

The directory, comparisons and the city-county view show one published,
verified, current assessment per jurisdiction (stored_scores/listing.py): the latest year, a self-assessment before an
independent one of the same year, then the most recently published. Ranking
every assessment on every page view cost 120-430 ms with 73,000 of them, so
stored_scores/latest.py keeps the answer here instead, one row per
jurisdiction and per choice the directory offers (any year or one year; either
kind of assessment or one kind), rewritten whenever an assessment of the
jurisdiction is published, unpublished, withdrawn, superseded or re-scored.
"""

from __future__ import annotations

from ..extensions import db

ANY_YEAR = 0  # for_year of the rows that choose among every year
ANY_KIND = ""  # for_kind of the rows that choose among both kinds


class LatestPublished(db.Model):
    __tablename__ = "latest_published"
    __table_args__ = (
        # Sorting the directory by a tier score within one choice of year and kind.
        db.Index("ix_latest_published_protection", "for_year", "for_kind", "protection_score"),
        db.Index("ix_latest_published_next_level", "for_year", "for_kind", "next_level_score"),
        db.Index("ix_latest_published_protection_local", "for_year", "for_kind", "protection_local_score"),
    )

    jurisdiction_id = db.Column(db.Integer, db.ForeignKey("jurisdiction.id", ondelete="CASCADE"), primary_key=True)
    for_year = db.Column(db.Integer, primary_key=True)
    for_kind = db.Column(db.String(20), primary_key=True)

    assessment_id = db.Column(
        db.Integer, db.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    year = db.Column(db.Integer, nullable=False)
    assessment_kind = db.Column(db.String(20), nullable=False)
    organisation = db.Column(db.String(200))
    published_at = db.Column(db.DateTime, nullable=False)
    submitted_at = db.Column(db.DateTime)
    # Copies of the assessment's stored scores (AssessmentScore).
    protection_score = db.Column(db.Float)
    protection_level = db.Column(db.String(80))
    next_level_score = db.Column(db.Float)
    next_level_level = db.Column(db.String(80))
    overall_score = db.Column(db.Float)
    overall_level = db.Column(db.String(80))
    protection_local_score = db.Column(db.Float)
    next_level_local_score = db.Column(db.Float)
    overall_local_score = db.Column(db.Float)
    core_met = db.Column(db.Boolean)
    questionnaire_version = db.Column(db.String(40))  # the method version of these figures
