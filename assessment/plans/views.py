"""The plan's pages: read it, make it, update it from the scorecard, change an
item, publish it, and sign off sections. Thin: load and authorize, call
building/editing/signoffs, commit once, redirect."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from assessment.content.current import questionnaire
from assessment.extensions import db
from assessment.i18n import _, current_language
from assessment.plans import building, editing, signoffs
from assessment.plans.access import is_member, load_plan_for_change, load_plan_for_reading, plan_is_public
from assessment.plans.blueprint import bp
from assessment.plans.forms import ItemForm, SignOffForm
from assessment.plans.reading import plan_view
from assessment.survey import team
from assessment.survey.operations import AssessmentError, applicable_levers
from assessment.web.access import is_editor, is_owner, is_public, load_assessment
from assessment.web.forms import ButtonForm
from assessment.web.read_only import reads_only


@bp.app_template_global()
def section_sign_offs(assessment):
    """For the scorecard page: the sections signed off, and those whose sign-off was cleared."""
    standing, cleared = signoffs.standing_by_lever(assessment), signoffs.latest_cleared_by_lever(assessment)
    content = questionnaire()
    return [
        (content.lever(lever_id), row)
        for lever_id, row in {**cleared, **standing}.items()
        if content.lever(lever_id) is not None
    ]


@bp.app_template_global()
def plan_link_for(assessment) -> str | None:
    """The plan page's address for this reader: the team always (an owner makes the plan
    there), anyone else once the plan is published beside a public scorecard."""
    if is_member(assessment, current_user):
        return url_for("plans.show", assessment_id=assessment.id)
    plan = building.plan_of(assessment)
    return url_for("plans.show", assessment_id=assessment.id) if plan_is_public(assessment, plan) else None


@bp.app_template_filter("sign_off_cleared_reason")
def _cleared_reason(row) -> str:
    return signoffs.cleared_reason(row)


def _item_form(entry, members, formdata=None) -> ItemForm:
    item = entry.item
    form = ItemForm(
        formdata=formdata,
        prefix=f"item-{item.id}",
        data={
            "decider_name": entry.decider,
            "status": item.status,
            "target_date": item.target_date.isoformat() if item.target_date else "",
            "assignee_member": str(item.assignee_user_id or ""),
            "assignee_name": item.assignee_name or "",
            "budget_note": item.budget_note or "",
        },
    )
    form.set_members(members)
    return form


def _page(assessment, plan, failed=None, status=200):
    """The plan page; `failed` is (item id, form) of an item whose change was refused."""
    can_edit = is_editor(assessment, current_user)
    context = {
        "assessment": assessment,
        "plan": plan,
        "can_edit": can_edit,
        "owner": is_owner(assessment, current_user),
        "member": is_member(assessment, current_user),
        "assessment_public": is_public(assessment),
        "action_form": ButtonForm(),
    }
    if plan is None:
        return render_template("plans/show.html", view=None, forms={}, **context), status
    view = plan_view(plan, assessment, current_language(), for_team=context["member"])
    forms = {}
    if can_edit:
        members = team.members(assessment)
        forms = {entry.item.id: _item_form(entry, members) for entry in view.entries + view.closed}
        if failed is not None:
            forms[failed[0]] = failed[1]
    return render_template("plans/show.html", view=view, forms=forms, **context), status


@bp.get("/<int:assessment_id>/plan")
@reads_only
def show(assessment_id: int):
    assessment, plan = load_plan_for_reading(assessment_id)
    return _page(assessment, plan)


@bp.post("/<int:assessment_id>/plan")
@login_required
def create(assessment_id: int):
    assessment = load_assessment(assessment_id, "own")
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        plan = building.create_plan(assessment, current_user)
    except AssessmentError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _("The plan is made: %(count)s items, one for each gap of the scorecard.", count=len(plan.items)), "success"
        )
    return redirect(url_for("plans.show", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/plan/refresh")
@login_required
def refresh(assessment_id: int):
    assessment, _plan = load_plan_for_change(assessment_id, "edit")
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        result = building.refresh_plan(assessment, current_user)
    except AssessmentError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _(
                "The plan is up to date with the scorecard: %(added)s new, %(closed)s closed, %(reopened)s open "
                "again. Nothing typed on an item was changed.",
                added=len(result.added),
                closed=len(result.closed),
                reopened=len(result.reopened),
            ),
            "success",
        )
    return redirect(url_for("plans.show", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/plan/items/<int:item_id>")
@login_required
def change_item(assessment_id: int, item_id: int):
    assessment, plan = load_plan_for_change(assessment_id, "edit")
    item = editing.item_of(plan, item_id)
    if item is None:
        abort(404)
    view = plan_view(plan, assessment, current_language())
    entry = next(e for e in view.entries + view.closed if e.item.id == item.id)
    form = ItemForm(prefix=f"item-{item.id}")
    form.set_members(team.members(assessment))
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _page(assessment, plan, failed=(item.id, form), status=422)
    changes = editing.ItemChanges(
        decider_name=form.decider_name.data,
        target_date=form.target_date.day,
        budget_note=form.budget_note.data,
        status=form.status.data,
        assignee_name=form.assignee_name.data,
        assignee_user_id=form.member_id(),
    )
    try:
        changed = editing.update_item(assessment, item, current_user, changes, entry.default_decider)
    except AssessmentError as error:
        form.assignee_member.errors = [*form.assignee_member.errors, str(error)]
        return _page(assessment, plan, failed=(item.id, form), status=422)
    db.session.commit()
    flash(_("Saved: %(item)s", item=entry.question.prompt) if changed else _("Nothing changed."), "success")
    return redirect(url_for("plans.show", assessment_id=assessment.id, _anchor=f"item-{item.id}"))


@bp.post("/<int:assessment_id>/plan/publish")
@login_required
def publish(assessment_id: int):
    assessment, plan = load_plan_for_change(assessment_id, "own")
    if not ButtonForm().validate_on_submit():
        abort(400)
    editing.publish_plan(assessment, plan, current_user)
    db.session.commit()
    if is_public(assessment):
        flash(_("The plan is public, beside the published scorecard."), "success")
    else:
        flash(_("The plan will be public once the assessment is published."), "success")
    return redirect(url_for("plans.show", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/plan/unpublish")
@login_required
def unpublish(assessment_id: int):
    assessment, plan = load_plan_for_change(assessment_id, "own")
    if not ButtonForm().validate_on_submit():
        abort(400)
    editing.unpublish_plan(assessment, plan, current_user)
    db.session.commit()
    flash(_("The plan is for the team only again."), "success")
    return redirect(url_for("plans.show", assessment_id=assessment.id))


def _sign_off_page(assessment, form=None, status=200, problem=None):
    levers = applicable_levers(questionnaire(), assessment.jurisdiction, assessment.year)
    form = form or SignOffForm()
    form.levers.choices = [SelectChoice(lever.id, lever.title) for lever in levers]
    return render_template(
        "plans/sign_offs.html",
        assessment=assessment,
        form=form,
        rows=signoffs.sign_offs_of(assessment),
        standing=signoffs.standing_by_lever(assessment),
        levers=levers,
        can_edit=is_editor(assessment, current_user),
        problem=problem,
    ), status


@bp.get("/<int:assessment_id>/sign-offs")
@reads_only
@login_required
def sign_offs(assessment_id: int):
    return _sign_off_page(load_assessment(assessment_id, "member"))


@bp.post("/<int:assessment_id>/sign-offs")
@login_required
def record_sign_off(assessment_id: int):
    assessment = load_assessment(assessment_id, "edit")
    form = SignOffForm()
    form.levers.choices = [
        SelectChoice(lever.id, lever.title)
        for lever in applicable_levers(questionnaire(), assessment.jurisdiction, assessment.year)
    ]
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _sign_off_page(assessment, form, status=422)
    wanted = signoffs.SignOffRequest(
        tuple(form.levers.data or ()), form.reviewer_name.data, form.reviewer_title.data, form.reviewed_on.day
    )
    try:
        rows = signoffs.record_sign_off(assessment, current_user, wanted)
    except AssessmentError as error:
        return _sign_off_page(assessment, form, status=422, problem=str(error))
    db.session.commit()
    flash(_("Sign-off recorded for %(count)s sections.", count=len(rows)), "success")
    return redirect(url_for("plans.sign_offs", assessment_id=assessment.id))
