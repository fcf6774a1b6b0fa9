"""The questionnaire: overview, one page per lever, review, submit, editors."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from assessment.agreements.evidence import lever_evidence
from assessment.agreements.upcoming import team_dates
from assessment.auth.forms import LoginForm
from assessment.auth.rate_limits import start_limits
from assessment.carryover.service import (
    carried_years,
    confirm_answers,
    confirmation_targets,
    confirmed_message,
    start_from_last_year,
)
from assessment.content.current import questionnaire
from assessment.jurisdictions.places import state_name
from assessment.jurisdictions.public_page import public_page
from assessment.publishing import versions
from assessment.publishing.forms import WithdrawForm
from assessment.survey import operations as service
from assessment.web.access import is_editor, load_assessment, load_jurisdiction, role_of, series_of
from assessment.web.forms import ButtonForm

from ..extensions import db
from ..i18n import _
from ..jurisdictions.forms import StartAssessmentForm
from ..models import Assessment, AuditEvent
from ..web.read_only import reads_only
from ..web.recovery import SIGNED_OUT_MESSAGE, pack_form, recoverable
from .blueprint import bp
from .forms import build_lever_form
from .question_parts import lever_question_parts
from .saved_page import SavedLeverPage, saved_answers


def _lever_or_404(assessment, lever_id):
    lever = questionnaire().lever(lever_id)
    if lever is None:
        abort(404)
    questions = service.applicable_questions(questionnaire(), lever, assessment.jurisdiction, assessment.year)
    if not questions:
        abort(404)
    return lever, questions


@bp.get("")
@reads_only
@login_required
def mine():
    return render_template("survey/mine.html", assessments=service.assessments_for_editor(current_user))


@bp.post("/start/<int:jurisdiction_id>")
@login_required
@start_limits
def start(jurisdiction_id: int):
    jurisdiction = load_jurisdiction(jurisdiction_id)
    form = StartAssessmentForm()
    if form.validate_on_submit():
        try:
            assessment = service.start_assessment(
                questionnaire(),
                current_user,
                jurisdiction,
                int(form.year.data),
                form.kind.data,
                form.organisation.data,
            )
            if form.carry_forward.data:
                start_from_last_year(assessment, current_user)
        except service.AssessmentError as error:
            form.year.errors = [*form.year.errors, str(error)]
        else:
            db.session.commit()
            return redirect(url_for("survey.overview", assessment_id=assessment.id))
    mine = service.assessments_for_editor(current_user, jurisdiction)

    # The same page as jurisdictions.show, with the form's problems.
    return render_template(
        "jurisdictions/show.html",
        jurisdiction=jurisdiction,
        form=form,
        mine=mine,
        state_name=state_name(jurisdiction.state),
        **public_page(jurisdiction),
    ), 422


@bp.get("/<int:assessment_id>")
@reads_only
@login_required
def overview(assessment_id: int):
    assessment = load_assessment(assessment_id, "member")
    state = service.progress(questionnaire(), assessment)

    return render_template(
        "survey/overview.html",
        assessment=assessment,
        progress=state,
        resume=state.resume_lever(assessment.last_lever_id),
        action_form=ButtonForm(),
        role=role_of(assessment, current_user),
        can_edit=is_editor(assessment, current_user),
        newest=versions.newest_version(assessment),
        withdraw_form=WithdrawForm(),
        agreement_dates=team_dates(assessment),
    )


def _frozen(assessment):
    """A published version's pages send people to its overview, which offers a new version."""
    flash(
        _(
            "Version %(version)s is published, so its answers no longer change. "
            "To correct it, make a new version: it stays a draft until you publish it.",
            version=assessment.version,
        ),
        "info",
    )
    return redirect(url_for("survey.overview", assessment_id=assessment.id))


def _render_lever(assessment, lever, questions, form, status=200, message=None, tampered=None, saved=None):
    content = questionnaire()
    state = service.progress(content, assessment, saved)
    before, after = state.neighbours(lever.id)
    if form.revision.data in (None, ""):
        form.revision.data = str(assessment.revision)

    carried = (
        {qid: row.carried_from_year for qid, row in saved.items() if row.carried_from_year is not None}
        if saved is not None
        else carried_years(assessment.id)
    )
    return render_template(
        "survey/lever.html",
        assessment=assessment,
        lever=lever,
        questions=questions,
        form=form,
        question_parts=lever_question_parts(content, questions, assessment.jurisdiction.state, assessment.year),
        progress=state,
        position=state.position(lever.id),
        before=before,
        after=after,
        message=message,
        tampered=tampered,
        carried=carried,
        agreement_evidence=lever_evidence(assessment, questions),
    ), status


@bp.get("/<int:assessment_id>/levers/<lever_id>")
@reads_only
@login_required
def lever(assessment_id: int, lever_id: str):
    assessment = load_assessment(assessment_id, "edit")
    if assessment.published_at is not None:
        return _frozen(assessment)
    lever, questions = _lever_or_404(assessment, lever_id)
    saved = saved_answers(assessment.id)
    page = SavedLeverPage(questions, saved, assessment.revision)
    return _render_lever(assessment, lever, questions, page, saved=saved)


def _unexpected_fields(form, questions) -> list[str]:
    expected = form.field_names() | {"csrf_token", "go", "confirm"}
    return [name for name in request.form.keys() if name not in expected]


@bp.post("/<int:assessment_id>/levers/<lever_id>")
@login_required
def save_lever(assessment_id: int, lever_id: str):
    assessment = load_assessment(assessment_id, "edit")
    lever, questions = _lever_or_404(assessment, lever_id)
    form = build_lever_form(questions, formdata=request.form)
    unexpected = _unexpected_fields(form, questions)
    if unexpected:
        return _render_lever(
            assessment,
            lever,
            questions,
            form,
            status=400,
            tampered=_(
                "This page received answers to questions that are not on it, so nothing was saved. "
                "Check your answers below and press Save again."
            ),
        )
    if not form.validate():
        return _render_lever(assessment, lever, questions, form, status=422)
    revision = form.revision.data
    form_revision = int(revision) if revision and revision.isdigit() else None

    to_confirm = confirmation_targets(request.form.get("confirm"), questions)
    try:
        changed = service.save_lever(assessment, questions, current_user, form.submitted_answers(), form_revision)
        confirmed = confirm_answers(assessment, current_user, to_confirm) if to_confirm else 0
    except service.FrozenVersion:
        db.session.rollback()
        return _frozen(assessment)
    except service.ConflictError as conflict:
        db.session.rollback()
        return render_template(
            "survey/conflict.html",
            assessment=assessment,
            lever=lever,
            conflict=conflict,
            carried=[
                (k, v)
                for k, values in request.form.lists()
                if k not in ("csrf_token", "revision", "go")
                for v in values
            ],
            action_form=ButtonForm(),
        ), 409
    # Where to go next is worked out before the commit, which expires every
    # loaded row: afterwards it would cost queries to read them again.
    before, after = service.progress(questionnaire(), assessment).neighbours(lever.id)
    db.session.commit()
    if to_confirm is not None:
        # A confirm button: the page's changes are saved too, and the editor stays on the page.
        flash(confirmed_message(confirmed, changed), "success")
        anchor = f"#question-{to_confirm[0]}" if len(to_confirm) == 1 else ""
        return redirect(url_for("survey.lever", assessment_id=assessment_id, lever_id=lever.id) + anchor)
    flash(
        _("Saved “%(title)s”.", title=lever.title)
        if changed
        else _("“%(title)s”: nothing had changed.", title=lever.title),
        "success",
    )
    go = request.form.get("go", "next")
    if go == "back" and before is not None:
        return redirect(url_for("survey.lever", assessment_id=assessment_id, lever_id=before.id))
    if go == "next" and after is not None:
        return redirect(url_for("survey.lever", assessment_id=assessment_id, lever_id=after.id))
    if go == "next":
        return redirect(url_for("survey.review", assessment_id=assessment_id))
    return redirect(url_for("survey.overview", assessment_id=assessment_id))


@recoverable("survey.save_lever")
def recover_lever(view_args: dict, formdata, message: str):
    """Rebuild a lever page from what was posted, unsaved, with a message
    (English, from web/recovery.py or input_guard.py: translated here)."""
    if not current_user.is_authenticated:
        login_form = LoginForm(formdata=None, next=request.path, carried=pack_form(formdata))
        return render_template("auth/login.html", form=login_form, failed=False, carried_notice=True), 401
    assessment = load_assessment(view_args["assessment_id"], "edit")
    lever, questions = _lever_or_404(assessment, view_args["lever_id"])
    form = build_lever_form(questions, formdata=formdata)
    return _render_lever(
        assessment, lever, questions, form, status=200 if message == SIGNED_OUT_MESSAGE else 400, message=_(message)
    )


@bp.get("/<int:assessment_id>/continue")
@reads_only
@login_required
def resume(assessment_id: int):
    assessment = load_assessment(assessment_id, "edit")
    target = service.progress(questionnaire(), assessment).resume_lever(assessment.last_lever_id)
    if target is None:
        return redirect(url_for("survey.review", assessment_id=assessment.id))
    return redirect(url_for("survey.lever", assessment_id=assessment.id, lever_id=target.id))


@bp.get("/<int:assessment_id>/review")
@reads_only
@login_required
def review(assessment_id: int):
    assessment = load_assessment(assessment_id, "member")
    state = service.progress(questionnaire(), assessment)
    return render_template(
        "survey/review.html",
        assessment=assessment,
        progress=state,
        saved=assessment.answers_by_question(),
        action_form=ButtonForm(),
        can_edit=is_editor(assessment, current_user),
    )


@bp.post("/<int:assessment_id>/submit")
@login_required
def submit(assessment_id: int):
    assessment = load_assessment(assessment_id, "edit")
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.submit(questionnaire(), assessment, current_user)
    except service.AssessmentError as error:
        flash(str(error), "error")
        return redirect(url_for("survey.review", assessment_id=assessment.id))
    db.session.commit()
    flash(
        _(
            "Your assessment is submitted. You can still correct answers until it is published; "
            "every change is recorded."
        ),
        "success",
    )
    return redirect(url_for("survey.overview", assessment_id=assessment.id))


@bp.get("/<int:assessment_id>/history")
@reads_only
@login_required
def history(assessment_id: int):
    """Every version's changes: the history of the series."""
    assessment = load_assessment(assessment_id, "member")
    series = db.select(Assessment.id).where(Assessment.series_id == series_of(assessment))
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.assessment_id.in_(series)).order_by(AuditEvent.id.desc()).limit(500)
    ).all()
    return render_template("survey/history.html", assessment=assessment, events=events)
