"""Moderators' pages. Each action is a small POST form (CSRF): the view loads
the subject, calls one function of moderation/operations.py, commits once and
goes back to the page the form was on."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from assessment.claims.operations import subject_of
from assessment.moderation import operations as service
from assessment.moderation import queue as queue_service
from assessment.reports.operations import reason_label
from assessment.web.access import is_moderator

from ..extensions import db
from ..i18n import N_, _
from ..models import Assessment, Claim, Jurisdiction, Report, User
from .forms import AccountSearchForm, ActionForm, MergeForm, WithdrawForm

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.before_request
def moderators_only():
    # 404, not 403: the moderation pages are not confirmed to exist.
    if not is_moderator(current_user):
        abort(404)


@bp.context_processor
def words():
    return {"claim_subject": subject_of, "report_reason_label": reason_label, "action_form": ActionForm()}


def _get(model, object_id: int):
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def _act(change, done: str, back: str, form_class=ActionForm):
    """Run change(form) for a valid form; flash what happened; go back."""
    form = form_class()
    if not form.validate_on_submit():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        flash(errors[0] if errors else _("Something in the form was not right. Try again."), "error")
        return redirect(back)
    try:
        change(form)
    except service.ModerationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_(done), "success")
    return redirect(back)


def _queue_url() -> str:
    return url_for("moderation.queue")


@bp.get("")
def queue():
    return render_template(
        "moderation/queue.html",
        claims=queue_service.waiting_claims(),
        reports=queue_service.open_reports(),
        places=queue_service.waiting_places(),
    )


# ---------------------------------------------------------------- claims


@bp.post("/claims/<int:claim_id>/approve")
def approve_claim(claim_id: int):
    claim = _get(Claim, claim_id)
    return _act(
        lambda form: service.approve_claim(claim, current_user, form.note.data),
        N_("Claim approved for one year."),
        _queue_url(),
    )


@bp.post("/claims/<int:claim_id>/refuse")
def refuse_claim(claim_id: int):
    claim = _get(Claim, claim_id)
    return _act(
        lambda form: service.refuse_claim(claim, current_user, form.note.data),
        N_("Claim refused. The claimant sees your note."),
        _queue_url(),
    )


# ---------------------------------------------------------------- reports


@bp.post("/reports/<int:report_id>/dismiss")
def dismiss_report(report_id: int):
    report = _get(Report, report_id)
    return _act(
        lambda form: service.dismiss_report(report, current_user, form.note.data), N_("Report dismissed."), _queue_url()
    )


@bp.post("/reports/<int:report_id>/uphold")
def uphold_report(report_id: int):
    """Upheld; then the withdrawal page is offered (withdrawing is its own action)."""
    report = _get(Report, report_id)
    return _act(
        lambda form: service.uphold_report(report, current_user, form.note.data),
        N_("Report upheld. You can now withdraw the scorecard, if it should no longer stand."),
        url_for("moderation.withdraw", assessment_id=report.assessment_id),
    )


# ---------------------------------------------------------------- publications


@bp.route("/assessments/<int:assessment_id>/withdraw", methods=["GET", "POST"])
def withdraw(assessment_id: int):
    assessment = _get(Assessment, assessment_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            service.withdraw_publication(assessment, current_user, form.reason.data)
        except service.ModerationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Withdrawn. The scorecard's page now says so, with your reason."), "success")
            return redirect(url_for("scorecards.show", assessment_id=assessment.id))
    status = 422 if form.is_submitted() else 200
    return render_template("moderation/withdraw.html", assessment=assessment, form=form), status


# ---------------------------------------------------------------- accounts


@bp.get("/accounts")
def accounts():
    form = AccountSearchForm(request.args)
    account = queue_service.find_account(form.email.data) if form.validate() else None
    return render_template("moderation/accounts.html", form=form, account=account)


ACCOUNT_ACTIONS = {
    "reset": (
        service.reset_account,
        N_(
            "The account is reset: every session is ended, the second factor removed "
            "and the password made unusable. Tell the person to choose "
            "“Forgot your password?” on the sign-in page."
        ),
    ),
    "suspend": (service.suspend_account, N_("The account is suspended and signed out everywhere.")),
    "restore": (service.restore_account, N_("The account is restored: the person can sign in again.")),
    "grant": (service.grant_moderator, N_("The account is now a moderator.")),
    "revoke": (service.revoke_moderator, N_("The account is no longer a moderator.")),
}


def _account_view(name: str):
    change, done = ACCOUNT_ACTIONS[name]

    def view(user_id: int):
        user = _get(User, user_id)
        return _act(
            lambda form: change(user, current_user, form.note.data),
            done,
            url_for("moderation.accounts", email=user.email),
        )

    view.__name__ = f"account_{name}"
    return view


for _name in ACCOUNT_ACTIONS:
    bp.add_url_rule(
        f"/accounts/<int:user_id>/{_name}",
        endpoint=f"account_{_name}",
        view_func=_account_view(_name),
        methods=["POST"],
    )


# ---------------------------------------------------------------- places users added


@bp.post("/places/<int:jurisdiction_id>/approve")
def approve_place(jurisdiction_id: int):
    place = _get(Jurisdiction, jurisdiction_id)
    return _act(
        lambda form: service.approve_place(place, current_user),
        N_("The place is listed: everyone can find it now."),
        _queue_url(),
    )


@bp.post("/places/<int:jurisdiction_id>/refuse")
def refuse_place(jurisdiction_id: int):
    place = _get(Jurisdiction, jurisdiction_id)
    return _act(
        lambda form: service.refuse_place(place, current_user, form.note.data),
        N_("The place is refused and stays hidden."),
        _queue_url(),
    )


@bp.post("/places/<int:jurisdiction_id>/merge")
def merge_place(jurisdiction_id: int):
    place = _get(Jurisdiction, jurisdiction_id)

    def change(form):
        into = db.session.get(Jurisdiction, form.into.data)
        if into is None:
            raise service.ModerationError(_("There is no place number %(number)s.", number=form.into.data))
        service.merge_place(place, into, current_user, form.note.data)

    return _act(
        change, N_("The place is merged: its assessments and claims moved to the other place."), _queue_url(), MergeForm
    )


@bp.post("/places/<int:jurisdiction_id>/remove")
def remove_place(jurisdiction_id: int):
    place = _get(Jurisdiction, jurisdiction_id)
    return _act(
        lambda form: service.remove_place(place, current_user, form.note.data),
        N_("The place is removed."),
        _queue_url(),
    )


# ---------------------------------------------------------------- the record


@bp.get("/history")
def history():
    page = queue_service.history_page(request.args.get("page", 1, type=int) or 1)
    return render_template("moderation/history.html", page=page)
