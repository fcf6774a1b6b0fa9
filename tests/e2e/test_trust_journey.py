"""Who says so, in a real browser: an official confirms their address from the
mail, claims their county, a moderator approves the claim, the official
publishes after the preview and the scorecard reads "Verified self-assessment";
a stranger reports it, the moderator upholds the report and withdraws the
scorecard, and its public page says so (issue 15)."""

from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import Assessment
from tests.conftest import add_jurisdiction, make_user_row
from tests.web.public_helpers import make_assessment

from .a11y import assert_accessible
from .conftest import new_journey, sign_in

pytestmark = pytest.mark.e2e

PASSWORD = "harbor willow granite 64"
OFFICIAL = "policy.lead@multco.example.gov"
MODERATOR = "moderator@scorecard.example.org"
REASON = "The county never adopted these policies; the office named here did not publish this."


def test_a_claimed_county_publishes_verified_and_a_moderator_withdraws_it_on_a_report(
    app, chromium, live_server, journey, mailbox
):
    with app.app_context():
        county = add_jurisdiction("Multnomah County", "OR", "county", fips="41051")
        make_user_row(MODERATOR, is_moderator=True)
    official, page = journey, journey.page

    # 1. The official registers and confirms the address from the mail; the link signs them in.
    official.go("/register")
    page.get_by_label("Email").fill(OFFICIAL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Check your email to continue").wait_for()
    official.go(mailbox.link_to(OFFICIAL, "/confirm/"))
    page.get_by_role("button", name="Confirm my address").click()
    page.get_by_text("Thank you: your email address is confirmed.").wait_for()
    assert "Sign out" in page.inner_text("header")

    # 2. They claim their county from its page.
    official.go(f"/jurisdictions/{county}")
    page.get_by_role("link", name="Claim this place").click()
    page.get_by_label("Your job title").fill("Policy lead, Office of the County Chair")
    page.get_by_label("How can a moderator check that you work there?").fill(
        "Listed on the county's staff directory; the Chair's office answers on its published number."
    )
    assert_accessible(page, "claim", official.folder)
    official.shot("claim")
    page.get_by_role("button", name="Send the claim").click()
    page.get_by_text("waiting", exact=False).first.wait_for()

    # 3. A moderator approves it, from the queue.
    moderator = new_journey(chromium, live_server, "moderator")
    sign_in(moderator, MODERATOR)
    moderator.go("/moderation")
    claim = moderator.page.locator("article", has_text="Multnomah County")
    assert "multco.example.gov" in claim.inner_text()
    assert_accessible(moderator.page, "moderation queue", moderator.folder)
    moderator.shot("queue with the claim")
    claim.get_by_role("button", name="Approve for one year").click()
    moderator.page.get_by_text("No claim is waiting.").wait_for()

    # 4. The official's answers (filled in through the same services as the pages), then the preview.
    assessment_id = make_assessment(app, county, email=OFFICIAL, published=False, verified=False)
    official.go(f"/assessments/{assessment_id}")
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("heading", name="Check what becomes public").wait_for()
    assert_accessible(page, "publish preview", official.folder)
    official.shot("publish preview")
    page.get_by_label("I have checked what becomes public").check()
    page.get_by_role("button", name="Publish this version").click()
    page.get_by_role("button", name="Make a new version to correct it").wait_for()

    # The public page says who checked the publisher.
    reader = new_journey(chromium, live_server, "stranger-reports")
    reader.go(f"/assessments/{assessment_id}/scorecard")
    main = reader.page.inner_text("main")
    assert "Verified self-assessment" in main and "Multnomah County" in main
    reader.shot("verified scorecard")

    # 5. A stranger, not signed in, reports it.
    reader.page.get_by_role("link", name="Report a problem with this scorecard").click()
    reader.page.get_by_label("It pretends to be someone it is not").check()
    reader.page.get_by_label("Details").fill("I work at the county; this office published nothing like it.")
    assert_accessible(reader.page, "report", reader.folder)
    reader.page.get_by_role("button", name="Send the report").click()
    reader.page.get_by_role("heading").first.wait_for()
    reader.shot("report sent")

    # 6. The moderator upholds the report and withdraws the scorecard, with a reason.
    moderator.go("/moderation")
    report = moderator.page.locator("article", has_text="this office published nothing like it")
    report.get_by_label("Why (required)").last.fill("The county's communications office confirmed it is not theirs.")
    report.get_by_role("button", name="Uphold, then decide on withdrawal").click()
    moderator.page.get_by_label("Reason, shown to every reader").fill(REASON)
    moderator.shot("withdraw")
    moderator.page.get_by_role("button", name="Withdraw the scorecard").click()
    moderator.page.get_by_text("Withdrawn. The scorecard's page now says so, with your reason.").wait_for()
    moderator.go("/moderation")
    assert "No report is open." in moderator.page.inner_text("main")

    # 7. The public page stays, and says so first.
    reader.go(f"/assessments/{assessment_id}/scorecard")
    main = reader.page.inner_text("main")
    assert "Withdrawn by the moderators on" in main and REASON in main
    assert reader.page.get_by_role("link", name="Report a problem with this scorecard").count() == 0
    assert_accessible(reader.page, "withdrawn scorecard", reader.folder)
    reader.shot("withdrawn scorecard")
    reader.page.set_viewport_size({"width": 375, "height": 800})
    reader.shot("withdrawn scorecard at 375 px")
    # And no list shows it any more.
    listing = reader.page.request.get(f"{live_server}/api/v1/scorecards").json()
    assert all(record["assessment"]["id"] != assessment_id for record in listing["scorecards"])
    with app.app_context():
        row = db.session.get(Assessment, assessment_id)
        assert row.withdrawn_as == "moderator" and row.verification == "verified_official"
    for other in (moderator, reader):
        other.page.context.close()
