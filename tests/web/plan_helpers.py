"""Helpers for the action-plan tests: an assessment with a known mix of gaps,
its owner signed in, and the plan made through the page, as an owner would."""

from __future__ import annotations

import re
import subprocess

from assessment.extensions import db
from assessment.models import ActionPlan, AuditEvent, PlanItem
from tests.conftest import Browser

from .public_helpers import chooser, make_assessment

OWNER = "owner@king.example.gov"
# Met in full, so they are no gaps: the rest of the county's answers are the worst.
MET = {
    "detainers_hold_refusal",
    "detainers_written_rule",
    "detainers_request_types",
    "detainers_carve_outs",
    "jail_access_ice_interviews",
    "jail_remote_access",
    "language_access_policy",
}


def draft_with_gaps(app, jurisdiction_id: int, met=frozenset(MET), email: str = OWNER) -> int:
    return make_assessment(app, jurisdiction_id, email=email, choose=chooser(set(met)), submit=False, published=False)


def signed_in_as(app, email: str) -> Browser:
    browser = Browser(app.test_client())
    browser.login(email)
    return browser


def make_plan(browser: Browser, assessment_id: int):
    response = browser.post(f"/assessments/{assessment_id}/plan", {}, page=f"/assessments/{assessment_id}/plan")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def plan_items(app, assessment_id: int) -> list[PlanItem]:
    from assessment.models import Assessment

    with app.app_context():
        series = db.session.get(Assessment, assessment_id).series_id
        plan = db.session.scalars(db.select(ActionPlan).where(ActionPlan.series_id == series)).one()
        items = sorted(plan.items, key=lambda i: i.position)
        for item in items:
            db.session.expunge(item)
        return items


def audit_actions(app, assessment_id: int) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(AuditEvent.id)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def item_form(item: PlanItem, **changes) -> dict:
    """What the item's form sends, with `changes` (field names without the prefix)."""
    fields = {
        "decider_name": item.decider_name or "",
        "status": item.status,
        "target_date": item.target_date.isoformat() if item.target_date else "",
        "assignee_member": str(item.assignee_user_id or ""),
        "assignee_name": item.assignee_name or "",
        "budget_note": item.budget_note or "",
        **changes,
    }
    return {f"item-{item.id}-{name}": value for name, value in fields.items()}


def change_item(browser: Browser, assessment_id: int, item: PlanItem, **changes):
    return browser.post(
        f"/assessments/{assessment_id}/plan/items/{item.id}",
        item_form(item, **changes),
        page=f"/assessments/{assessment_id}/plan",
    )


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return re.sub(r"[ \t]+", " ", result.stdout.decode())
