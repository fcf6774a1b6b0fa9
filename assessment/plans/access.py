"""Who may read a plan: the assessment's team and moderators, always; anyone
else only when the owner published the plan and the assessment is public.
Everyone else gets 404, as for the assessment (assessment/web/access.py)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from assessment.models import ActionPlan, Assessment
from assessment.plans.building import plan_of
from assessment.web.access import is_moderator, is_public, load_assessment, role_of


def is_member(assessment: Assessment, user) -> bool:
    return role_of(assessment, user) is not None or is_moderator(user)


def plan_is_public(assessment: Assessment, plan: ActionPlan | None) -> bool:
    return plan is not None and plan.published_at is not None and is_public(assessment)


def load_plan_for_reading(assessment_id: int) -> tuple[Assessment, ActionPlan | None]:
    """The assessment and its series' plan (None for a team that has made none yet)."""
    assessment = load_assessment(assessment_id, "view")
    plan = plan_of(assessment)
    if not is_member(assessment, current_user) and not plan_is_public(assessment, plan):
        abort(404)
    return assessment, plan


def load_plan_for_change(assessment_id: int, need: str = "edit") -> tuple[Assessment, ActionPlan]:
    assessment = load_assessment(assessment_id, need)
    plan = plan_of(assessment)
    if plan is None:
        abort(404)
    return assessment, plan
