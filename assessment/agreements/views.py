"""Pages of the agreements watch: the team's records (under an assessment) and
the public list of notice dates to come."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from assessment.content.current import questionnaire
from assessment.extensions import db
from assessment.i18n import _
from assessment.survey.operations import applicable_questions
from assessment.web.access import is_editor, load_assessment
from assessment.web.read_only import reads_only

from . import records
from .evidence import QUESTIONS_FOR_KIND, warnings_for
from .forms import AgreementForm
from .upcoming import PUBLIC_DAYS_AHEAD, public_upcoming, team_dates, today

bp = Blueprint("agreements", __name__)


class RemoveForm(FlaskForm):
    """A CSRF token for the remove button."""


def evidence_questions(assessment) -> list:
    """The questions the records are evidence for, as this place is asked them, with their lever."""
    content = questionnaire()
    wanted = []
    for question_ids in QUESTIONS_FOR_KIND.values():
        for question_id in question_ids:
            if question_id not in wanted:
                wanted.append(question_id)
    found = []
    for question_id in wanted:
        question = content.question(question_id)
        if question is None:
            continue
        lever = content.lever(question.lever_id)
        asked = applicable_questions(content, lever, assessment.jurisdiction, assessment.year)
        if any(q.id == question_id for q in asked):
            found.append(question)
    return found


@bp.get("/assessments/<int:assessment_id>/agreements")
@reads_only
@login_required
def index(assessment_id: int):
    assessment = load_assessment(assessment_id, "member")
    agreements = records.agreements_for(assessment)
    return render_template(
        "agreements/index.html",
        assessment=assessment,
        agreements=agreements,
        dates=team_dates(assessment),
        warnings=warnings_for(assessment, agreements),
        can_edit=is_editor(assessment, current_user),
        questions=evidence_questions(assessment),
        today=today(),
    )


def _render_form(assessment, form, agreement=None, status=200):
    return render_template(
        "agreements/form.html",
        assessment=assessment,
        form=form,
        agreement=agreement,
        questions=evidence_questions(assessment),
        remove_form=RemoveForm(),
    ), status


@bp.route("/assessments/<int:assessment_id>/agreements/new", methods=["GET", "POST"])
@login_required
def new(assessment_id: int):
    assessment = load_assessment(assessment_id, "edit")
    form = AgreementForm()
    if request.method == "GET" and request.args.get("kind") in {choice.value for choice in form.kind.choices}:
        form.kind.data = request.args["kind"]
    if not form.validate_on_submit():
        return _render_form(assessment, form, status=422 if request.method == "POST" else 200)
    records.save_agreement(assessment, current_user, form.record)
    db.session.commit()
    flash(_("The agreement is recorded."), "success")
    return redirect(url_for("agreements.index", assessment_id=assessment_id))


def _agreement_or_404(assessment, agreement_id: int):
    agreement = records.agreement_of(assessment, agreement_id)
    if agreement is None:
        abort(404)
    return agreement


@bp.route("/assessments/<int:assessment_id>/agreements/<int:agreement_id>", methods=["GET", "POST"])
@login_required
def edit(assessment_id: int, agreement_id: int):
    assessment = load_assessment(assessment_id, "edit")
    agreement = _agreement_or_404(assessment, agreement_id)
    form = AgreementForm()
    if request.method == "GET":
        form.fill_from(agreement)
        return _render_form(assessment, form, agreement)
    if not form.validate_on_submit():
        return _render_form(assessment, form, agreement, status=422)
    records.save_agreement(assessment, current_user, form.record, agreement)
    db.session.commit()
    flash(_("The changes to the agreement are saved."), "success")
    return redirect(url_for("agreements.index", assessment_id=assessment_id))


@bp.post("/assessments/<int:assessment_id>/agreements/<int:agreement_id>/remove")
@login_required
def remove(assessment_id: int, agreement_id: int):
    assessment = load_assessment(assessment_id, "edit")
    agreement = _agreement_or_404(assessment, agreement_id)
    if not RemoveForm().validate_on_submit():
        abort(400)
    records.delete_agreement(assessment, current_user, agreement)
    db.session.commit()
    flash(_("The record is removed. The history of changes keeps what it said."), "success")
    return redirect(url_for("agreements.index", assessment_id=assessment_id))


@bp.get("/agreements/upcoming")
@reads_only
def upcoming():
    on = today()
    return render_template(
        "agreements/upcoming.html",
        dates=public_upcoming(on),
        days=PUBLIC_DAYS_AHEAD,
        today=on,
        last_day=on + timedelta(days=PUBLIC_DAYS_AHEAD),
    )
