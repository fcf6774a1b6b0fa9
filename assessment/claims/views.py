"""Making a claim: from a place's page ("Claim this place") or the account page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from assessment.auth.rate_limits import claim_limits
from assessment.claims import operations as service

from ..extensions import db
from ..i18n import _
from ..models import Jurisdiction
from .forms import OfficialClaimForm, OrganisationClaimForm

bp = Blueprint("claims", __name__, url_prefix="/claims")

bp.add_app_template_global(service.claims_of, "claims_of")
bp.add_app_template_global(service.subject_of, "claim_subject")
bp.add_app_template_global(service.is_current, "claim_is_current")


def _place_from_request() -> Jurisdiction | None:
    place_id = request.args.get("place", type=int)
    if place_id is None:
        return None
    place = db.session.get(Jurisdiction, place_id)
    if place is None or place.status != "listed":
        abort(404)
    return place


@bp.route("/new", methods=["GET", "POST"])
@login_required
@claim_limits
def new():
    place = _place_from_request()
    form = OfficialClaimForm() if place is not None else OrganisationClaimForm()
    confirmed = current_user.email_confirmed_at is not None
    problem = None
    if confirmed and form.validate_on_submit():
        try:
            service.make_claim(
                current_user,
                "official" if place is not None else "organisation",
                form.title.data,
                form.how_to_check.data,
                jurisdiction=place,
                organisation=getattr(form, "organisation", None) and form.organisation.data,
            )
        except service.ClaimError as error:
            problem = str(error)
        else:
            db.session.commit()
            flash(
                _("Your claim is sent. A moderator will check it by hand; you will see the decision here."), "success"
            )
            return redirect(url_for("auth.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("claims/new.html", form=form, place=place, confirmed=confirmed, problem=problem), status
