"""Publish / unpublish buttons on the survey overview page post here."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import load_assessment
from ..extensions import db
from ..i18n import N_, _
from ..services import publishing as service
from ..services.assessments import AssessmentError
from ..web.confirmed import confirmed_required

bp = Blueprint("publishing", __name__, url_prefix="/assessments")


class PublishForm(FlaskForm):
    """Only a CSRF token: the button says what it does."""


def _change(assessment_id: int, action, done: str):
    assessment = load_assessment(assessment_id, "edit")
    if not PublishForm().validate_on_submit():
        abort(400)
    try:
        action(assessment, current_user)
    except AssessmentError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_(done), "success")
    return redirect(url_for("survey.overview", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/publish")
@login_required
@confirmed_required
def publish(assessment_id: int):
    return _change(assessment_id, service.publish,
                   N_("Published. Anyone can now see this scorecard and its PDF, and it appears in the directory."))


@bp.post("/<int:assessment_id>/unpublish")
@login_required
def unpublish(assessment_id: int):
    return _change(assessment_id, service.unpublish,
                   N_("Unpublished. Only the editors can see this scorecard now."))
