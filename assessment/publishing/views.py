"""Publishing: the preview and confirmation, withdrawal, and new versions.

Only owners publish and withdraw; owners and editors may start the new
version that corrects a published one (it stays a draft until an owner
publishes it).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from assessment.auth.confirmed import confirmed_required
from assessment.auth.rate_limits import publish_limits
from assessment.publishing import operations as service
from assessment.publishing import versions
from assessment.publishing.preview import preview_of
from assessment.survey.operations import AssessmentError
from assessment.web.access import load_assessment

from ..extensions import db
from ..i18n import _
from ..web.forms import ButtonForm
from ..web.read_only import reads_only
from .forms import ConfirmPublishForm, WithdrawForm

bp = Blueprint("publishing", __name__, url_prefix="/assessments")


def _overview(assessment):
    return redirect(url_for("survey.overview", assessment_id=assessment.id))


def _carry_out(assessment, change, done: str):
    """The change, committed and said; or, refused, the reason said and nothing kept. Back to the overview."""
    try:
        change()
    except AssessmentError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return _overview(assessment)


@bp.get("/<int:assessment_id>/publish")
@reads_only
@login_required
def preview(assessment_id: int):
    assessment = load_assessment(assessment_id, "own")
    if assessment.published_at is not None or assessment.status != "submitted":
        return _overview(assessment)
    return render_template(
        "publishing/preview.html",
        assessment=assessment,
        preview=preview_of(assessment, current_user),
        form=ConfirmPublishForm(),
    )


@bp.post("/<int:assessment_id>/publish")
@login_required
@confirmed_required
@publish_limits
def publish(assessment_id: int):
    assessment = load_assessment(assessment_id, "own")
    form = ConfirmPublishForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return render_template(
            "publishing/preview.html", assessment=assessment, preview=preview_of(assessment, current_user), form=form
        ), 422
    return _carry_out(
        assessment,
        lambda: service.publish(assessment, current_user),
        _(
            "Published. Anyone can now read this version of the scorecard and its PDF. "
            "It no longer changes: to correct it, make a new version and publish that."
        ),
    )


@bp.post("/<int:assessment_id>/withdraw")
@login_required
def withdraw(assessment_id: int):
    assessment = load_assessment(assessment_id, "own")
    form = WithdrawForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        for error in form.reason.errors:
            flash(str(error), "error")
        return _overview(assessment)
    return _carry_out(
        assessment,
        lambda: service.withdraw(assessment, current_user, form.reason.data, "owner"),
        _(
            "Withdrawn. Its page stays at its address and says it was withdrawn, with your reason; "
            "no list or download shows it any more."
        ),
    )


@bp.post("/<int:assessment_id>/versions")
@login_required
def new_version(assessment_id: int):
    assessment = load_assessment(assessment_id, "edit")
    if not ButtonForm().validate_on_submit():
        abort(400)
    if assessment.published_at is None:
        return _overview(assessment)
    draft = versions.new_version(assessment, current_user)
    db.session.commit()
    flash(
        _(
            "Version %(version)s is a draft with the same answers. Correct what you need, submit it, "
            "then publish it: until then the public still sees version %(old)s.",
            version=draft.version,
            old=draft.version - 1,
        ),
        "success",
    )
    return redirect(url_for("survey.overview", assessment_id=draft.id))
