"""Reports: anyone may report a published scorecard; its owners may reply; a
moderator dismisses or upholds, and may withdraw it (issue 15, point 7)."""

from __future__ import annotations

import subprocess

import pytest

from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, Editor, Report, User
from assessment.web.templating import day_text
from tests.conftest import Browser, another_app
from tests.web.public_helpers import make_assessment
from tests.web.trust_helpers import MODERATOR, events

OWNER = "owner@kingcounty.gov"
REPORT = {
    "reason": "impersonation",
    "details": "The county never made this; the executive office says so.",
    "email": "reader@example.org",
}


@pytest.fixture
def published(app, places):
    return make_assessment(app, places["county"], email=OWNER)


@pytest.fixture
def moderator(signed_in):
    return signed_in(MODERATOR, is_moderator=True)


def _reports(app) -> list[Report]:
    with app.app_context():
        found = list(db.session.scalars(db.select(Report).order_by(Report.id)))
        for report in found:
            db.session.expunge(report)
        return found


def test_an_anonymous_reader_reports_a_published_scorecard_and_is_thanked(app, client, published):
    anonymous = Browser(client)
    page = anonymous.get(f"/assessments/{published}/scorecard").get_data(as_text=True)
    assert f"/assessments/{published}/report" in page and "Report a problem with this scorecard" in page

    response = anonymous.post(f"/assessments/{published}/report", REPORT)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/assessments/{published}/report/thanks"
    )
    assert "Your report is sent" in anonymous.get(response.headers["Location"]).get_data(as_text=True)
    [report] = _reports(app)
    assert (report.assessment_id, report.reason, report.status, report.reporter_id, report.reporter_email) == (
        published,
        "impersonation",
        "open",
        None,
        "reader@example.org",
    )


def test_a_report_needs_details_and_a_reason_and_a_draft_cannot_be_reported(app, client, places, published):
    anonymous = Browser(client)
    response = anonymous.post(f"/assessments/{published}/report", {"reason": "other", "details": "  "})
    assert response.status_code == 422 and "Say what is wrong" in response.get_data(as_text=True)
    response = anonymous.post(f"/assessments/{published}/report", {"reason": "made-up", "details": "x"})
    assert response.status_code == 422
    response = anonymous.post(f"/assessments/{published}/report", {**REPORT, "email": "not an address"})
    assert response.status_code == 422 and "Enter an email address" in response.get_data(as_text=True)
    assert _reports(app) == []
    draft = make_assessment(app, places["city"], email=OWNER, submit=False, published=False)
    assert client.get(f"/assessments/{draft}/report").status_code == 404
    assert client.get(f"/assessments/{draft}/report/thanks").status_code == 404


def test_the_owners_reply_once_and_may_change_it_until_the_moderator_decides(app, client, signed_in, published):
    Browser(client).post(f"/assessments/{published}/report", REPORT)
    [report] = _reports(app)
    owner = Browser(app.test_client())
    owner.login(OWNER)
    overview = owner.get(f"/assessments/{published}").get_data(as_text=True)
    assert "1 report about this scorecard" in overview and REPORT["details"] in overview
    assert "reader@example.org" not in overview  # the reporter's address is for the moderators only

    editor = signed_in("editor@kingcounty.gov")
    with app.app_context():
        editor_id = db.session.scalars(db.select(User.id).where(User.email == "editor@kingcounty.gov")).one()
        db.session.add(Editor(assessment_id=published, user_id=editor_id, role="editor"))
        db.session.commit()
    assert "report about this scorecard" not in editor.get(f"/assessments/{published}").get_data(as_text=True)
    refused = editor.post(f"/reports/{report.id}/reply", {"reply": "I am an editor"}, page=f"/assessments/{published}")
    assert refused.status_code == 404 and _reports(app)[0].owner_reply is None

    owner.post(
        f"/reports/{report.id}/reply",
        {"reply": "We did publish it: see the council minutes."},
        page=f"/assessments/{published}",
    )
    owner.post(
        f"/reports/{report.id}/reply",
        {"reply": "We published it: minutes of 3 March."},
        page=f"/assessments/{published}",
    )
    [report] = _reports(app)
    assert report.owner_reply == "We published it: minutes of 3 March." and report.owner_reply_at is not None

    moderator = signed_in(MODERATOR, is_moderator=True)
    queue = moderator.get("/moderation").get_data(as_text=True)
    assert "We published it: minutes of 3 March." in queue and REPORT["details"] in queue
    moderator.post(f"/moderation/reports/{report.id}/dismiss", {"note": "The minutes confirm it."}, page="/moderation")
    assert _reports(app)[0].status == "dismissed"
    late = owner.post(
        f"/reports/{report.id}/reply",
        {"reply": "One more thing"},
        page=f"/assessments/{published}",
        follow_redirects=True,
    )
    assert "already decided" in late.get_data(as_text=True)
    assert _reports(app)[0].owner_reply == "We published it: minutes of 3 March."
    assert events(app) == [("report_dismissed", "report", report.id)]


def test_the_moderator_upholds_a_report_and_withdraws_the_scorecard_which_then_says_so(
    app, client, moderator, published
):
    Browser(client).post(f"/assessments/{published}/report", REPORT)
    [report] = _reports(app)
    response = moderator.post(
        f"/moderation/reports/{report.id}/uphold", {"note": "The county confirms it is fake."}, page="/moderation"
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/moderation/assessments/{published}/withdraw"
    )
    assert _reports(app)[0].status == "upheld"

    reason = "Not made by King County: the county's executive office told us so."
    response = moderator.post(f"/moderation/assessments/{published}/withdraw", {"reason": reason})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(Assessment, published)
        assert row.withdrawn_as == "moderator" and row.withdrawn_reason == reason
        withdrawn_on = day_text(row.withdrawn_at)
        history = [
            e.action
            for e in db.session.scalars(
                db.select(AuditEvent).where(AuditEvent.assessment_id == published).order_by(AuditEvent.id)
            )
        ]
    assert history[-2:] == ["report_upheld", "withdrawn"]
    assert [e[0] for e in events(app)] == ["report_upheld", "withdrawn"]

    page = client.get(f"/assessments/{published}/scorecard").get_data(as_text=True)
    assert f"Withdrawn by the moderators on {withdrawn_on}: {reason}".replace("'", "&#39;") in page
    assert "kept below only for the record" in page
    assert "Report a problem with this scorecard" not in page
    assert client.get(f"/assessments/{published}/report").status_code == 404

    pdf = client.get(f"/assessments/{published}/scorecard.pdf")
    text = subprocess.run(["pdftotext", "-l", "1", "-", "-"], input=pdf.data, capture_output=True, timeout=120).stdout
    first_page = " ".join(text.decode().split())
    assert f"Withdrawn by the moderators on {withdrawn_on}" in first_page

    again = moderator.post(f"/moderation/assessments/{published}/withdraw", {"reason": "twice"}, follow_redirects=True)
    assert "already withdrawn" in again.get_data(as_text=True) and len(events(app)) == 2


def test_reports_are_limited_per_address(app, published):
    limited = another_app(
        app, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", REPORT_LIMITS_PER_ADDRESS="2 per hour"
    )
    browser = Browser(limited.test_client())
    for _ in range(2):
        assert browser.post(f"/assessments/{published}/report", REPORT).status_code == 302
    third = browser.post(f"/assessments/{published}/report", REPORT)
    assert third.status_code == 429 and "Too many attempts" in third.get_data(as_text=True)
    assert len(_reports(app)) == 2
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()
