"""Stored scores: one row per scored assessment, so that lists, comparisons
and exports read figures instead of re-scoring answers on every page view.

The row is a snapshot of what was scored: the three tier figures as columns
(the directory sorts and filters on them in SQL), the per-lever and
per-question figures, and the answers and citations themselves as JSON (the
comparison, the year-to-year changes and the open-data export read these
without touching the answer table). stored_scores/refresh.refresh_scores() writes it.
"""

from __future__ import annotations

from sqlalchemy import DDL, event

from ..extensions import db
from ._common import utcnow


class AssessmentScore(db.Model):
    __tablename__ = "assessment_score"

    assessment_id = db.Column(db.Integer, db.ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    # The assessment revision and questionnaire version the figures belong
    # to: a refresh with both unchanged has nothing to do.
    revision = db.Column(db.Integer, nullable=False)
    questionnaire_version = db.Column(db.String(40), nullable=False)
    scored_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # The method version a published scorecard was published under, when it
    # was later re-scored on purpose (`flask scores rescore-published`): its
    # figures are labelled "re-scored under <questionnaire_version>".
    rescored_from = db.Column(db.String(40))

    protection_score = db.Column(db.Float)  # 0-100, None when nothing applies
    protection_level = db.Column(db.String(80))
    protection_earned = db.Column(db.Float, nullable=False, default=0)
    protection_possible = db.Column(db.Float, nullable=False, default=0)
    next_level_score = db.Column(db.Float)
    next_level_level = db.Column(db.String(80))
    next_level_earned = db.Column(db.Float, nullable=False, default=0)
    next_level_possible = db.Column(db.Float, nullable=False, default=0)
    overall_score = db.Column(db.Float)
    overall_level = db.Column(db.String(80))
    # The same over what local government controls (state-imposed questions
    # left out), each figure's completeness (0-1), and the core gate.
    protection_local_score = db.Column(db.Float)
    next_level_local_score = db.Column(db.Float)
    overall_local_score = db.Column(db.Float)
    protection_completeness = db.Column(db.Float)
    next_level_completeness = db.Column(db.Float)
    overall_completeness = db.Column(db.Float)
    core_met = db.Column(db.Boolean)
    core_failing = db.Column(db.JSON, nullable=False, default=list, server_default=db.text("'[]'"))  # question ids

    # {lever id: {"protection": score|None, "next_level": score|None}}
    lever_scores = db.Column(db.JSON, nullable=False, default=dict)
    # {question id: [earned, possible]} for every question that counts;
    # excluded questions are absent.
    question_points = db.Column(db.JSON, nullable=False, default=dict)
    # {question id: answer} in the answers vocabulary, as scored.
    answers = db.Column(db.JSON, nullable=False, default=dict)
    # {question id: {"citation": ..., "url": ...}} for answers with evidence.
    citations = db.Column(db.JSON, nullable=False, default=dict)
    # This row's cells of the open-data CSV (questionnaire version onwards:
    # scores, levers, answers, citations), already CSV-encoded and made
    # formula-safe for the questionnaire_version above, so the full export
    # streams stored text instead of decoding JSON and encoding 160 cells per
    # row (opendata/export.py).
    csv_cells = db.Column(db.Text)

    assessment = db.relationship("Assessment", backref=db.backref("stored_score", uselist=False, passive_deletes=True))


# csv_cells is 2 to 3 KB of text a row, which PostgreSQL keeps compressed in
# the row. lz4 decompresses it several times faster than the default (pglz):
# reading the cells of every county's 2026 scorecard (3,564 rows, 11 MB) took
# 61 ms instead of 85, a sixth of the county CSV's time. PostgreSQL 14 and
# later built with lz4 (Debian's and the official images are) take it; any
# other keeps the default, hence the run-time statement and the caught error.
# Migration 7c41d2a9b6e0 does the same to an existing database.
CSV_CELLS_COMPRESSION = DDL(
    "DO $$ BEGIN EXECUTE 'ALTER TABLE assessment_score ALTER COLUMN csv_cells SET COMPRESSION lz4'; "
    "EXCEPTION WHEN feature_not_supported OR syntax_error THEN NULL; END $$"
)
event.listen(AssessmentScore.__table__, "after_create", CSV_CELLS_COMPRESSION.execute_if(dialect="postgresql"))
