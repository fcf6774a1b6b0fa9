"""Read-only JSON for machines. Every route is GET, so CSRF does not apply."""
from __future__ import annotations

from flask import Blueprint, jsonify

from ..access import load_assessment
from ..answers import InvalidAnswers
from ..content_access import questionnaire
from ..i18n import _
from ..services import scorecards as service
from ..web.errors import error_response
from ..web.read_only import reads_only
from .shapes import assessment_dict, questionnaire_dict

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(InvalidAnswers)
def saved_answers_no_longer_fit(error: InvalidAnswers):
    return error_response(409, _("Some saved answers no longer fit the current questionnaire: %(problems)s",
                                 problems="; ".join(error.problems[:5])))


@bp.get("/questionnaire")
def questionnaire_json():
    return jsonify(questionnaire_dict(questionnaire()))


@bp.get("/assessments/<int:assessment_id>/scorecard")
@reads_only
def scorecard_json(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    shape = assessment_dict(assessment)
    body = {**service.scorecard_for(assessment).to_dict(), "assessment": shape, "verification": shape["verification"]}
    response = jsonify(body)
    response.headers["Cache-Control"] = "private, no-store"
    return response
