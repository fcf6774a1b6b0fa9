"""Read-only JSON for machines. Every route is GET, so CSRF does not apply."""

from __future__ import annotations

from flask import Blueprint, jsonify

from assessment.content.current import questionnaire
from assessment.opendata.export import CONTENT_LICENCE, LICENCE
from assessment.scorecards import service
from assessment.scoring.answers import InvalidAnswers
from assessment.web.access import load_assessment

from ..i18n import _
from ..web.errors import error_response
from ..web.read_only import reads_only
from .openapi import openapi_document
from .shapes import assessment_dict, questionnaire_dict

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(InvalidAnswers)
def saved_answers_no_longer_fit(error: InvalidAnswers):
    return error_response(
        409,
        _(
            "Some saved answers no longer fit the current questionnaire: %(problems)s",
            problems="; ".join(error.problems[:5]),
        ),
    )


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_document())


@bp.get("/questionnaire")
def questionnaire_json():
    # The questions and the method are reused under the same licence as the data.
    return jsonify({**questionnaire_dict(questionnaire()), "licence": CONTENT_LICENCE})


@bp.get("/assessments/<int:assessment_id>/scorecard")
@reads_only
def scorecard_json(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    shape = assessment_dict(assessment)
    body = {
        **service.scorecard_for(assessment).to_dict(),
        "assessment": shape,
        "verification": shape["verification"],
        # A draft is nobody's to reuse: only a publication carries the licence.
        "licence": LICENCE if assessment.published_at is not None else None,
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "private, no-store"
    return response
