"""The action plan of an assessment series, its items, and the sign-off of its sections.

A plan belongs to the series (every version of an assessment), as roles do:
a correction makes a new version, and the plan, with every edit made to it,
carries on. Its items are keyed on the question whose gap they close, so
making the plan again after answers change adds the new gaps and marks the
closed ones, and never loses what people typed (assessment/plans/building.py).
"""

from __future__ import annotations

from ..extensions import db
from ._common import utcnow

# What an item goes through on its way to being law and practice, in order.
PLAN_STATUSES = ("not_started", "drafted", "introduced", "adopted", "in_force", "implemented")


class ActionPlan(db.Model):
    __tablename__ = "action_plan"

    id = db.Column(db.Integer, primary_key=True)
    series_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False, unique=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # The version whose scorecard the items were last made from, and when.
    refreshed_from_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False)
    refreshed_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Public only while set and the assessment itself is public (the owner's choice).
    published_at = db.Column(db.DateTime)
    published_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    items = db.relationship(
        "PlanItem", back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.position"
    )


class PlanItem(db.Model):
    __tablename__ = "plan_item"
    __table_args__ = (db.UniqueConstraint("plan_id", "question_id", name="uq_plan_item_plan_question"),)

    id = db.Column(db.Integer, primary_key=True)
    plan_id = db.Column(db.Integer, db.ForeignKey("action_plan.id"), nullable=False, index=True)
    question_id = db.Column(db.String(80), nullable=False)
    lever_id = db.Column(db.String(80), nullable=False)
    # Worked out from the scorecard each time the plan is made again; nobody edits them.
    position = db.Column(db.Integer, nullable=False, default=0)
    core = db.Column(db.Boolean, nullable=False, default=False)
    points_within_reach = db.Column(db.Float)
    # The gap was closed by a later answer (the item stays, with its history).
    closed_at = db.Column(db.DateTime)
    # Edited by the team. The deciding body: a controller id from the content
    # (its label in the reader's language), unless someone typed a name.
    decider_key = db.Column(db.String(40))
    decider_name = db.Column(db.String(200))
    target_date = db.Column(db.Date)
    budget_note = db.Column(db.String(500))
    status = db.Column(db.String(20), nullable=False, default="not_started", server_default="not_started")
    assignee_name = db.Column(db.String(200))
    assignee_user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    plan = db.relationship("ActionPlan", back_populates="items")
    assignee_user = db.relationship("User", foreign_keys=[assignee_user_id], lazy="joined")


class SectionSignOff(db.Model):
    """Someone reviewed the answers of one lever (a section). A later change to
    one of them clears it: the row stays, saying which answer changed and when."""

    __tablename__ = "section_sign_off"
    __table_args__ = (db.Index("ix_section_sign_off_series_lever", "series_id", "lever_id"),)

    id = db.Column(db.Integer, primary_key=True)
    series_id = db.Column(db.Integer, db.ForeignKey("assessment.id"), nullable=False)
    lever_id = db.Column(db.String(80), nullable=False)
    reviewer_name = db.Column(db.String(200), nullable=False)
    reviewer_title = db.Column(db.String(200), nullable=False)
    reviewed_on = db.Column(db.Date, nullable=False)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    recorded_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    cleared_at = db.Column(db.DateTime)
    cleared_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    cleared_by_question_id = db.Column(db.String(80))
