"""The moderators' page of the PDF queue: failed jobs with their error, jobs
stuck on a worker that stopped or running for long, jobs waiting for a retry;
and a retry button (a POST form with its CSRF token) for failed and stalled ones."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from assessment.extensions import db
from assessment.i18n import _
from assessment.jobs import has_job_engine, operators
from assessment.moderation.forms import ActionForm
from assessment.web.access import is_moderator

bp = Blueprint("pdf_jobs", __name__, url_prefix="/moderation/pdf-jobs")


@bp.before_request
def moderators_only():
    # 404, not 403, as for the other moderation pages.
    if not is_moderator(current_user):
        abort(404)


@bp.get("")
def show():
    if not has_job_engine():
        return render_template("moderation/pdf_jobs.html", engine=False)
    return render_template(
        "moderation/pdf_jobs.html",
        engine=True,
        counts=operators.counts(),
        failed=operators.failed_jobs(),
        stuck=operators.stuck_jobs(),
        retrying=operators.retrying_jobs(),
        long_running=operators.LONG_RUNNING_SECONDS,
        form=ActionForm(),
    )


@bp.post("/<int:job_id>/retry")
def retry(job_id: int):
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("Something in the form was not right. Try again."), "error")
    elif not has_job_engine():
        abort(404)
    else:
        try:
            operators.retry(job_id)
        except operators.RetryRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Job %(number)s is back in the queue; a worker will take it shortly.", number=job_id), "success")
    return redirect(url_for("pdf_jobs.show"))
