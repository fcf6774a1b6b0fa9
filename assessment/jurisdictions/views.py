from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from assessment.auth.rate_limits import place_limits
from assessment.jurisdictions import places as directory
from assessment.jurisdictions.public_page import public_page
from assessment.survey import operations as assessment_service

from ..extensions import db
from ..i18n import _
from ..web.access import load_jurisdiction
from ..web.read_only import reads_only
from .forms import AddJurisdictionForm, SearchForm, StartAssessmentForm

bp = Blueprint("jurisdictions", __name__, url_prefix="/jurisdictions")


@bp.get("/find")
@reads_only
def find():
    form = SearchForm(request.args)
    results = []
    searched = bool(request.args.get("q") or request.args.get("state"))
    if searched and form.validate():
        results = directory.search(form.q.data or "", form.state.data or None, limit=50)
    return render_template("jurisdictions/find.html", form=form, results=results, searched=searched)


@bp.get("/suggest")
@reads_only
def suggest():
    """Results as you type, for the search box's script."""
    query = (request.args.get("q") or "")[:100]
    state = (request.args.get("state") or "")[:2] or None
    results = directory.search(query, state, limit=10) if len(query.strip()) >= 2 else []
    return jsonify(
        [
            {
                "id": j.id,
                "name": j.name,
                "state": j.state,
                "kind": j.kind_label,
                "population": j.population,
                "url": url_for("jurisdictions.show", jurisdiction_id=j.id),
            }
            for j in results
        ]
    )


@bp.get("/<int:jurisdiction_id>")
@reads_only
def show(jurisdiction_id: int):
    jurisdiction = load_jurisdiction(jurisdiction_id)
    form = StartAssessmentForm()
    mine = (
        assessment_service.assessments_for_editor(current_user, jurisdiction) if current_user.is_authenticated else []
    )
    return render_template(
        "jurisdictions/show.html",
        jurisdiction=jurisdiction,
        form=form,
        mine=mine,
        state_name=directory.state_name(jurisdiction.state),
        **public_page(jurisdiction),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
@place_limits
def new():
    form = AddJurisdictionForm(name=request.args.get("name", ""))
    existing = None
    if form.validate_on_submit():
        try:
            jurisdiction = directory.add_missing(form.name.data, form.state.data, form.kind.data, current_user)
        except directory.JurisdictionError as error:
            form.name.errors = [*form.name.errors, str(error)]
            existing = getattr(error, "place", None)
        else:
            db.session.commit()
            flash(
                _(
                    "Thank you. %(place)s will be listed once a moderator checks it. You can start an "
                    "assessment of it now: until then only you can see the place.",
                    place=jurisdiction.display_name,
                ),
                "success",
            )
            return redirect(url_for("jurisdictions.show", jurisdiction_id=jurisdiction.id))
    status = 422 if form.is_submitted() else 200
    return render_template("jurisdictions/new.html", form=form, existing=existing), status
