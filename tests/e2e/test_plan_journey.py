"""An official makes a plan from a scorecard, assigns two items, signs off a
section and exports the memo; a colleague with a role on the assessment sees the plan."""

from __future__ import annotations

from pypdf import PdfReader

from tests.conftest import make_user_row
from tests.e2e.conftest import new_journey, sign_in
from tests.web.plan_helpers import MET, OWNER, draft_with_gaps

COLLEAGUE = "colleague@king.example.gov"


def test_an_official_makes_assigns_signs_off_and_exports_and_a_colleague_sees_the_plan(
    app, places, journey, chromium, live_server
):
    # A plan of some twenty items: most of the county's answers are met.
    from tests.web.survey_helpers import applicable

    questions = [q.id for _lever, qs in applicable(app, "county") for q in qs]
    met = {qid for index, qid in enumerate(questions) if index % 5} | set(MET)
    assessment_id = draft_with_gaps(app, places["county"], met=met)
    with app.app_context():
        from assessment.extensions import db
        from assessment.models import Editor

        colleague = make_user_row(COLLEAGUE)
        db.session.add(Editor(assessment_id=assessment_id, user_id=colleague.id, role="viewer"))
        db.session.commit()

    page = journey.page
    sign_in(journey, OWNER)
    journey.go(f"/assessments/{assessment_id}/scorecard")
    page.get_by_role("link", name="Open the action plan: every gap as a step for the body that decides it").click()
    page.get_by_role("button", name="Make the plan from the scorecard").click()
    page.get_by_text("The plan is made:").wait_for()
    journey.shot("plan made")

    items = page.locator("article.plan-item")
    for index, name in ((0, "Ana Ruiz, county counsel"), (1, "Luis Ortega, sheriff's office")):
        item = items.nth(index)
        item.locator("summary", has_text="Change this item").click()
        item.get_by_label("Or type the name of the person carrying it").fill(name)
        item.get_by_label("Status").select_option("drafted")
        item.get_by_label("Target date").fill("2027-03-31")
        item.get_by_role("button", name="Save this item").click()
        page.get_by_text("Saved:").wait_for()
    assert items.nth(0).get_by_text("Ana Ruiz, county counsel").is_visible()
    assert items.nth(1).get_by_text("Luis Ortega, sheriff's office").is_visible()

    page.get_by_role("link", name="Sign-off by section").click()
    page.get_by_label("ICE detainers").check()
    page.get_by_label("Name of the person who reviewed them").fill("Maria Lopez")
    page.get_by_label("Their title").fill("Counsel to the sheriff")
    page.get_by_label("Date of the review").fill("2026-11-20")
    page.get_by_role("button", name="Record the sign-off").click()
    page.get_by_text("Sign-off recorded for 1 sections.").wait_for()
    page.get_by_role("link", name="Action plan").click()
    assert page.get_by_text("reviewed by Maria Lopez, Counsel to the sheriff, on 20 November 2026.").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the memo (PDF)").click()
    memo = download_info.value.path()
    reader = PdfReader(memo)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Ana Ruiz, county counsel" in text and "not legal advice" in text and "Maria Lopez" in text
    journey.shot("plan with assignees and sign-off")

    other = new_journey(chromium, live_server, "plan-colleague", locale="en-US")
    sign_in(other, COLLEAGUE)
    other.go(f"/assessments/{assessment_id}/plan")
    assert other.page.get_by_role("heading", name="Action plan: King County, WA, 2026").is_visible()
    assert other.page.get_by_text("Ana Ruiz, county counsel").is_visible()
    assert other.page.get_by_text("Change this item").count() == 0  # a viewer reads, changes nothing
    other.shot("the colleague reads the plan")
    other.page.context.close()
