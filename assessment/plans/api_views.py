"""GET /api/v1/assessments/<id>/plan: the plan as JSON, for whoever may read it
(plans/access.py: the team and moderators; anyone once the owner published the
plan and the assessment is public). Read-only, so CSRF does not apply."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from assessment.i18n import _, current_language
from assessment.plans.access import is_member, load_plan_for_reading
from assessment.plans.reading import PlanEntry, PlanView, plan_view
from assessment.scoring.answers import InvalidAnswers
from assessment.web.errors import error_response
from assessment.web.read_only import reads_only

bp = Blueprint("plan_api", __name__, url_prefix="/api/v1")


@bp.errorhandler(InvalidAnswers)
def saved_answers_no_longer_fit(error: InvalidAnswers):
    return error_response(
        409,
        _(
            "Some saved answers no longer fit the current questionnaire: %(problems)s",
            problems="; ".join(error.problems[:5]),
        ),
    )


def _day(value):
    return value.isoformat() if value is not None else None


def item_dict(entry: PlanEntry) -> dict:
    item = entry.item
    return {
        "id": item.id,
        "question": item.question_id,
        "lever": item.lever_id,
        "prompt": entry.question.prompt,
        "core": item.core,
        "points_within_reach": item.points_within_reach,
        "decider": entry.decider,
        "decider_id": item.decider_key if not item.decider_name else None,
        "status": item.status,
        "status_label": entry.status_label,
        "target_date": _day(item.target_date),
        "assignee": entry.assignee,
        "budget_note": item.budget_note,
        "closed": item.closed_at is not None,
        "closed_on": _day(item.closed_at.date() if item.closed_at else None),
        "model_laws": [law["id"] for law in entry.model_laws],
        "has_resolution": entry.resolution is not None,
        "updated_on": _day(item.updated_at.date()),
    }


def plan_dict(view: PlanView) -> dict:
    assessment, plan = view.assessment, view.plan
    place = assessment.jurisdiction
    return {
        "assessment": {
            "id": assessment.id,
            "year": assessment.year,
            "status": assessment.status,
            "version": assessment.version,
            "jurisdiction": {"id": place.id, "name": place.name, "state": place.state, "type": place.kind},
        },
        "plan": {
            "made_on": _day(plan.created_at.date()),
            "updated_on": _day(plan.refreshed_at.date()),
            "updated_from_assessment": plan.refreshed_from_id,
            "published": plan.published_at is not None,
        },
        "items": [item_dict(entry) for entry in view.entries + view.closed],
        "sign_offs": [
            {
                "lever": s.lever.id,
                "name": row.reviewer_name,
                "title": row.reviewer_title,
                "reviewed_on": _day(row.reviewed_on),
                "standing": s.standing is not None,
                "cleared_on": _day(row.cleared_at.date() if row.cleared_at else None),
                "cleared_because": row.cleared_by_question_id,
            }
            for s in view.signed_sections
            for row in [s.standing or s.cleared]
        ],
    }


@bp.get("/assessments/<int:assessment_id>/plan")
@reads_only
def plan_json(assessment_id: int):
    assessment, plan = load_plan_for_reading(assessment_id)
    if plan is None:
        return error_response(404, _("This assessment has no plan yet."))
    response = jsonify(
        plan_dict(plan_view(plan, assessment, current_language(), for_team=is_member(assessment, current_user)))
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
