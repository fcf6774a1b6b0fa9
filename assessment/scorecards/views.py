"""Scorecard pages: load (with access check), call the service, render."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

from flask import Blueprint, make_response, render_template, request, send_file
from flask_login import current_user

from assessment.content.current import questionnaire
from assessment.jobs import renders_on_request
from assessment.jurisdictions.county_links import county_jail_view
from assessment.models.provenance import describe_assessment
from assessment.publishing.versions import published_versions
from assessment.scorecards import service
from assessment.scorecards.pdf import render_methodology_pdf
from assessment.scoring.answers import InvalidAnswers
from assessment.survey.operations import answers_dict
from assessment.web.access import is_editor, load_assessment

from ..extensions import db
from ..i18n import _, current_language
from ..web.errors import error_response
from ..web.read_only import reads_only
from ..web.templating import per_language
from .chart import lever_chart_svg
from .context import federal_context
from .first_actions import first_actions, gaps_by_decider
from .methodology import collaboration_share, core_rows, level_bands, overall_formula, weight_rows, weights_text
from .state_rules import state_rules
from .stress_cases import stress_results
from .wording import item_status, law_effects, number, scope_list, tier_label

bp = Blueprint("scorecards", __name__)

bp.add_app_template_global(lever_chart_svg, "lever_chart")
for helper in (
    overall_formula,
    weights_text,
    level_bands,
    weight_rows,
    collaboration_share,
    core_rows,
    stress_results,
    federal_context,
    first_actions,
    gaps_by_decider,
    state_rules,
):
    bp.add_app_template_global(helper)
# Their words depend on the request's language (see web/templating.per_language).
bp.add_app_template_filter(per_language(tier_label), "tier_label")
bp.add_app_template_filter(per_language(number), "points")
bp.add_app_template_filter(per_language(scope_list), "scope_list")
bp.add_app_template_filter(per_language(item_status), "item_status")
bp.add_app_template_filter(
    per_language(lambda law: law_effects(law, lambda t: questionnaire().state_law_topics.get(t, t))), "law_effects"
)


@bp.errorhandler(InvalidAnswers)
def saved_answers_no_longer_fit(error: InvalidAnswers):
    # Content updates can retire an option that a saved answer still uses.
    # The problems themselves are technical lines (ids and values) and stay English.
    return error_response(
        409,
        _(
            "Some saved answers no longer fit the current questionnaire, so no scorecard can be made yet. "
            "Open the answers, check the sections named here and save them again: %(problems)s",
            problems="; ".join(error.problems[:5]),
        ),
    )


@bp.get("/assessments/<int:assessment_id>/scorecard")
@reads_only
def show(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    # A city usually does not run the jail: its county's published answers on
    # the jail levers stand beside its own (None for a county).
    county_view = county_jail_view(questionnaire(), assessment.jurisdiction, answers_dict(assessment), assessment.year)
    scorecard = service.scorecard_for(assessment)
    return render_template(
        "scorecards/show.html",
        assessment=assessment,
        scorecard=scorecard,
        effects=service.effects_of_gaps(assessment, scorecard),
        context=service.context_for(assessment, current_language()),
        can_edit=is_editor(assessment, current_user),
        county_view=county_view,
        versions=published_versions(assessment) if assessment.published_at else [],
        own_side=SimpleNamespace(year=assessment.year, provenance=describe_assessment(assessment)),
    )


@bp.get("/assessments/<int:assessment_id>/scorecard/what-if")
@reads_only
def what_if(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    projection = service.what_if(assessment, request.args.getlist("close"))
    return render_template(
        "scorecards/what_if.html",
        assessment=assessment,
        projection=projection,
        scorecard=projection.before,
        context=service.context_for(assessment, current_language()),
    )


@bp.get("/assessments/<int:assessment_id>/scorecard.pdf")
def pdf(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    try:
        document = service.scorecard_pdf(assessment, current_language(), render=renders_on_request())
    except service.PdfPending:
        return pdf_being_prepared(assessment)
    db.session.commit()  # keeps a newly rendered PDF for the next download
    return _pdf_response(document)


def _pdf_response(document):
    response = send_file(
        BytesIO(document.data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=document.file_name,
        max_age=0,
    )
    # Drafts are private: no shared cache may keep a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/assessments/<int:assessment_id>/answers.pdf")
def answers_pdf(assessment_id: int):
    """The record of every answer and its evidence, linked from the scorecard PDF's first page."""
    assessment = load_assessment(assessment_id, "view")
    try:
        document = service.answers_pdf(assessment, current_language(), render=renders_on_request())
    except service.PdfPending:
        return pdf_being_prepared(assessment, service.pdf_key(current_language(), service.ANSWERS))
    db.session.commit()  # keeps a newly rendered PDF for the next download
    return _pdf_response(document)


@bp.get("/methodology")
def methodology_page():
    return render_template("scorecards/methodology.html", questionnaire=questionnaire())


@bp.get("/methodology.pdf")
def methodology_pdf():
    """The full methodology as a PDF, in the page's language: the same for every
    scorecard of this questionnaire version, rendered once per process and kept."""

    language = current_language()
    content = questionnaire(language)
    return send_file(
        BytesIO(render_methodology_pdf(content, language)),
        mimetype="application/pdf",
        download_name=f"methodology-{content.version}-{language}.pdf",
        max_age=3600,
    )


# Seconds a browser waits before asking again for a PDF being prepared.
PDF_RETRY_SECONDS = 10


def pdf_being_prepared(assessment, key: str | None = None):
    """This server renders no PDF on the request path: queue it (key: scorecards.service.pdf_key,
    default the scorecard in the page's language) and say so (202)."""
    # Imported here: queueing loads the job engine, which a web worker that
    # renders in the request never needs.
    from assessment.jobs.renders import request_scorecard_pdf

    request_scorecard_pdf(assessment, key or current_language())
    db.session.commit()
    response = make_response(
        render_template("scorecards/pdf_pending.html", assessment=assessment, retry_seconds=PDF_RETRY_SECONDS), 202
    )
    response.headers["Retry-After"] = str(PDF_RETRY_SECONDS)
    response.headers["Cache-Control"] = "private, no-store"
    return response
