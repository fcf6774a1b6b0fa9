"""The people of an assessment: roles, invitations, removal (survey/team.py).

Everyone on the team sees the page; only owners invite, revoke, change roles
and remove others; anyone may leave, except the last owner.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Email, Length

from assessment.auth.confirmed import confirmed_required
from assessment.publishing import versions
from assessment.survey import team
from assessment.survey.operations import AssessmentError
from assessment.web.access import is_owner, load_assessment

from ..extensions import db
from ..i18n import _, lazy_gettext
from ..mail import NOT_SENT_MESSAGE
from ..models import User
from ..web.forms import ButtonForm
from ..web.read_only import reads_only
from .blueprint import bp

ROLE_CHOICES = [
    SelectChoice("editor", lazy_gettext("Editor: answers the questions")),
    SelectChoice("viewer", lazy_gettext("Viewer: reads the drafts, changes nothing")),
    SelectChoice("owner", lazy_gettext("Owner: also publishes, invites and removes people")),
]


class InviteForm(FlaskForm):
    email = EmailField(
        lazy_gettext("Their email address"),
        validators=[
            DataRequired(message=lazy_gettext("Give the email address of the person you invite.")),
            Email(message=lazy_gettext("Give a whole email address, like name@county.gov.")),
            Length(max=254),
        ],
    )
    role = SelectField(lazy_gettext("What they may do"), choices=ROLE_CHOICES, default="editor")


class RoleForm(FlaskForm):
    role = SelectField(lazy_gettext("Role"), choices=ROLE_CHOICES)


def _page(assessment, invite_form=None, link=None, status=200):
    return render_template(
        "survey/editors.html",
        assessment=assessment,
        members=team.members(assessment),
        invitations=team.open_invitations(assessment),
        owner=is_owner(assessment, current_user),
        action_form=ButtonForm(),
        invite_form=invite_form or InviteForm(),
        role_form=RoleForm(),
        role_label=team.role_label,
        link=link,
    ), status


@bp.get("/<int:assessment_id>/editors")
@reads_only
@login_required
def editors(assessment_id: int):
    return _page(load_assessment(assessment_id, "member"))


@bp.post("/<int:assessment_id>/invitations")
@login_required
@confirmed_required
def invite(assessment_id: int):
    assessment = load_assessment(assessment_id, "own")
    form = InviteForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _page(assessment, form, status=422)
    try:
        token = team.create_invitation(assessment, current_user, form.email.data, form.role.data)
    except AssessmentError as error:
        form.email.errors = [*form.email.errors, str(error)]
        return _page(assessment, form, status=422)
    link = url_for("survey.invitation", token=token, _external=True)
    db.session.commit()
    if team.send_invitation(assessment, current_user, form.email.data, form.role.data, link):
        flash(_("Invitation sent to %(email)s.", email=form.email.data.strip().lower()), "success")
    else:
        flash(_(NOT_SENT_MESSAGE), "error")
    return _page(assessment, link=link)


@bp.post("/<int:assessment_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(assessment_id: int, invitation_id: int):
    assessment = load_assessment(assessment_id, "own")
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        invitation = team.revoke_invitation(assessment, invitation_id, current_user)
    except AssessmentError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The invitation to %(email)s no longer works.", email=invitation.email or ""), "success")
    return redirect(url_for("survey.editors", assessment_id=assessment.id))


def _person_or_404(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    return person


@bp.post("/<int:assessment_id>/editors/<int:user_id>/role")
@login_required
def change_role(assessment_id: int, user_id: int):
    assessment = load_assessment(assessment_id, "own")
    form = RoleForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(_("Choose what the person may do."), "error")
        return redirect(url_for("survey.editors", assessment_id=assessment.id))
    person = _person_or_404(user_id)
    try:
        team.change_role(assessment, person, form.role.data, current_user)
    except AssessmentError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(email)s is now: %(role)s.", email=person.email, role=team.role_label(form.role.data)), "success")
    return redirect(url_for("survey.editors", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/editors/<int:user_id>/remove")
@login_required
def remove_editor(assessment_id: int, user_id: int):
    leaving = user_id == current_user.id
    assessment = load_assessment(assessment_id, "member" if leaving else "own")
    if not ButtonForm().validate_on_submit():
        abort(400)
    person = _person_or_404(user_id)
    try:
        team.remove_member(assessment, person, current_user)
    except AssessmentError as error:
        flash(str(error), "error")
        return redirect(url_for("survey.editors", assessment_id=assessment.id))
    db.session.commit()
    if leaving:
        flash(_("You no longer work on this assessment."), "success")
        return redirect(url_for("main.home"))
    flash(_("%(email)s no longer works on this assessment.", email=person.email), "success")
    return redirect(url_for("survey.editors", assessment_id=assessment.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
@confirmed_required
def invitation(token: str):
    found = team.find_invitation(token)
    if found is None:
        return render_template("survey/invitation.html", invitation=None, action_form=ButtonForm()), 404
    problem = team.invitation_problem(found, current_user)
    form = ButtonForm()
    if request.method == "POST" and problem is None:
        if not form.validate_on_submit():
            abort(400)
        try:
            assessment = team.accept_invitation(found, current_user)
        except AssessmentError as error:
            db.session.rollback()
            return render_template(
                "survey/invitation.html", invitation=None, action_form=ButtonForm(), refused=str(error)
            ), 409
        db.session.commit()
        flash(_("You have joined this assessment as: %(role)s.", role=team.role_label(found.role)), "success")
        return redirect(url_for("survey.overview", assessment_id=versions.newest_version(assessment).id))
    return render_template(
        "survey/invitation.html", invitation=found, action_form=form, problem=problem, role_label=team.role_label
    ), 403 if problem and request.method == "POST" else 200
