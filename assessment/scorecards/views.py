"""Scorecard pages: load (with access check), call the service, render."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, request, send_file
from flask_login import current_user

from ..access import is_editor, load_assessment
from ..answers import InvalidAnswers
from ..content_access import questionnaire
from ..extensions import db
from ..services import scorecards as service
from ..web.errors import error_response
from .chart import lever_chart_svg
from .methodology import level_bands, overall_formula, weights_text
from .wording import ITEM_STATUS_LABELS, number, scope_list, tier_label

bp = Blueprint("scorecards", __name__)

bp.add_app_template_global(lever_chart_svg, "lever_chart")
for helper in (overall_formula, weights_text, level_bands):
    bp.add_app_template_global(helper)
bp.add_app_template_filter(tier_label, "tier_label")
bp.add_app_template_filter(number, "points")
bp.add_app_template_filter(scope_list, "scope_list")
bp.add_app_template_filter(lambda status: ITEM_STATUS_LABELS.get(status, status), "item_status")


@bp.errorhandler(InvalidAnswers)
def saved_answers_no_longer_fit(error: InvalidAnswers):
    # Content updates can retire an option that a saved answer still uses.
    return error_response(
        409,
        "Some saved answers no longer fit the current questionnaire, so no scorecard can be made yet. "
        "Open the answers, check the sections named here and save them again: " + "; ".join(error.problems[:5]),
    )


@bp.get("/assessments/<int:assessment_id>/scorecard")
def show(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    return render_template(
        "scorecards/show.html", assessment=assessment, scorecard=service.scorecard_for(assessment),
        context=service.context_for(assessment), can_edit=is_editor(assessment, current_user),
    )


@bp.get("/assessments/<int:assessment_id>/scorecard/what-if")
def what_if(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    projection = service.what_if(assessment, request.args.getlist("close"))
    return render_template(
        "scorecards/what_if.html", assessment=assessment, projection=projection,
        scorecard=projection.before, context=service.context_for(assessment),
    )


@bp.get("/assessments/<int:assessment_id>/scorecard.pdf")
def pdf(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    document = service.scorecard_pdf(assessment)
    db.session.commit()  # keeps a newly rendered PDF for the next download
    response = send_file(
        BytesIO(document.data), mimetype="application/pdf", as_attachment=True,
        download_name=document.file_name, max_age=0,
    )
    # Drafts are private: no shared cache may keep a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/methodology")
def methodology_page():
    return render_template("scorecards/methodology.html", questionnaire=questionnaire())
