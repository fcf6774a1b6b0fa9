"""Anyone reports a problem with a published scorecard; its owners reply."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from assessment.auth.rate_limits import report_limits
from assessment.reports import operations as service
from assessment.web.access import is_owner, is_public, load_assessment

from ..extensions import db
from ..i18n import _
from ..models import Report
from .forms import ReplyForm, ReportForm

bp = Blueprint("reports", __name__)


def owners_open_reports(assessment) -> list[Report]:
    """For the overview page: the open reports its owners may answer (none for anyone else)."""
    return service.reports_about(assessment) if is_owner(assessment, current_user) else []


bp.add_app_template_global(owners_open_reports, "owners_open_reports")
bp.add_app_template_global(service.reason_label, "report_reason_label")


def _reportable(assessment_id: int):
    assessment = load_assessment(assessment_id, "view")
    if not is_public(assessment) or assessment.withdrawn_at is not None:
        abort(404)
    return assessment


@bp.route("/assessments/<int:assessment_id>/report", methods=["GET", "POST"])
@report_limits
def report(assessment_id: int):
    assessment = _reportable(assessment_id)
    form = ReportForm()
    problem = None
    if form.validate_on_submit():
        try:
            service.make_report(assessment, form.reason.data, form.details.data, form.email.data, current_user)
        except service.ReportError as error:
            problem = str(error)
        else:
            db.session.commit()
            return redirect(url_for("reports.thanks", assessment_id=assessment.id))
    status = 422 if form.is_submitted() else 200
    return render_template("reports/new.html", assessment=assessment, form=form, problem=problem), status


@bp.get("/assessments/<int:assessment_id>/report/thanks")
def thanks(assessment_id: int):
    return render_template("reports/thanks.html", assessment=_reportable(assessment_id))


@bp.post("/reports/<int:report_id>/reply")
@login_required
def reply(report_id: int):
    found = db.session.get(Report, report_id)
    if found is None or not is_owner(found.assessment, current_user):
        abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        flash(errors[0] if errors else _("Write your reply."), "error")
    else:
        try:
            service.reply(found, current_user, form.reply.data)
        except service.ReportError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Your reply is saved. The moderators read it beside the report."), "success")
    return redirect(url_for("survey.overview", assessment_id=found.assessment_id))
