"""Changing a plan: an item's fields (editors and owners), and publishing the
plan (owners). Every change writes an audit row on the version it was made
from, so the assessment's history shows it with the answers' changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessment.extensions import db
from assessment.i18n import N_, _
from assessment.models import PLAN_STATUSES, ActionPlan, Assessment, Editor, PlanItem, User
from assessment.models._common import utcnow
from assessment.survey.operations import AssessmentError, _audit
from assessment.web.access import series_of

STATUS_LABELS = {
    "not_started": N_("Not started"),
    "drafted": N_("Drafted"),
    "introduced": N_("Introduced"),
    "adopted": N_("Adopted"),
    "in_force": N_("In force"),
    "implemented": N_("Implemented"),
}
assert tuple(STATUS_LABELS) == PLAN_STATUSES

# What people may type, in characters (the columns' sizes).
LIMITS = {"decider_name": 200, "budget_note": 500, "assignee_name": 200}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


@dataclass(frozen=True)
class ItemChanges:
    """An item's fields as a form sends them; decider_name None or "" means the default body."""

    decider_name: str | None
    target_date: date | None
    budget_note: str | None
    status: str
    assignee_name: str | None
    assignee_user_id: int | None


def item_of(plan: ActionPlan, item_id: int) -> PlanItem | None:
    item = db.session.get(PlanItem, item_id)
    return item if item is not None and item.plan_id == plan.id else None


def _clean(text: str | None, field: str) -> str | None:
    text = " ".join((text or "").split())
    if len(text) > LIMITS[field]:
        raise AssessmentError(_("Keep it to %(count)s characters.", count=LIMITS[field]))
    return text or None


def _member(assessment: Assessment, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    row = db.session.get(Editor, (series_of(assessment), user_id))
    if row is None:
        raise AssessmentError(_("Choose someone who works on this assessment, or type a name."))
    return row.user


def _shown(field: str, value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def update_item(assessment: Assessment, item: PlanItem, user, changes: ItemChanges, default_decider_name: str) -> dict:
    """Apply the changes; returns {field: [before, after]} of what changed (audited)."""
    if changes.status not in PLAN_STATUSES:
        raise AssessmentError(_("Choose a status from the list."))
    decider = _clean(changes.decider_name, "decider_name")
    if decider == default_decider_name:
        decider = None  # the default body's own name: keep following the default
    assignee = _member(assessment, changes.assignee_user_id)
    wanted = {
        "decider_name": decider,
        "target_date": changes.target_date,
        "budget_note": _clean(changes.budget_note, "budget_note"),
        "status": changes.status,
        "assignee_name": None if assignee is not None else _clean(changes.assignee_name, "assignee_name"),
        "assignee_user_id": assignee.id if assignee is not None else None,
    }
    changed = {}
    for field, value in wanted.items():
        before = getattr(item, field)
        if before != value:
            changed[field] = [_shown(field, before), _shown(field, value)]
            setattr(item, field, value)
    if changed:
        item.updated_at = utcnow()
        item.updated_by_id = user.id
        if "assignee_user_id" in changed:
            emails = [db.session.get(User, uid).email if uid else None for uid in changed.pop("assignee_user_id")]
            changed["assignee"] = emails
        _audit(
            assessment,
            user,
            "plan_item_changed",
            old={"question": item.question_id, **{k: v[0] for k, v in changed.items()}},
            new={"question": item.question_id, **{k: v[1] for k, v in changed.items()}},
        )
    return changed


def publish_plan(assessment: Assessment, plan: ActionPlan, user) -> None:
    """The owner's choice: the plan is public while this is set and the assessment is public."""
    if plan.published_at is not None:
        return
    plan.published_at = utcnow()
    plan.published_by_id = user.id
    _audit(assessment, user, "plan_published")


def unpublish_plan(assessment: Assessment, plan: ActionPlan, user) -> None:
    if plan.published_at is None:
        return
    plan.published_at = None
    plan.published_by_id = None
    _audit(assessment, user, "plan_unpublished")
