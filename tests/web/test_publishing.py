"""Publishing and unpublishing: editors only, POST with CSRF, audited;
published scorecards and PDFs are public at fixed addresses; drafts never."""
from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import Assessment, AssessmentScore, AuditEvent
from tests.conftest import Browser

from .public_helpers import make_assessment


@pytest.fixture
def editor(signed_in, places):
    return signed_in("editor@king.example.gov")


def _audit_actions(app, assessment_id):
    with app.app_context():
        return [e.action for e in db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(AuditEvent.id))]


def test_editor_publishes_then_anyone_reads_the_scorecard_and_pdf_then_unpublishes(app, editor, places):
    assessment_id = make_assessment(app, places["county"], email="editor@king.example.gov", published=False)
    anonymous = app.test_client()
    for url in (f"/assessments/{assessment_id}/scorecard", f"/assessments/{assessment_id}/scorecard.pdf"):
        assert anonymous.get(url).status_code == 404

    overview = editor.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Publish this scorecard" in overview
    response = editor.post(f"/assessments/{assessment_id}/publish", {}, page=f"/assessments/{assessment_id}")
    assert response.status_code == 302
    assert _audit_actions(app, assessment_id)[-1] == "publish"

    page = anonymous.get(f"/assessments/{assessment_id}/scorecard")
    assert page.status_code == 200 and "King County" in page.get_data(as_text=True)
    pdf = anonymous.get(f"/assessments/{assessment_id}/scorecard.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    overview = editor.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f"/assessments/{assessment_id}/scorecard" in overview and "Unpublish" in overview

    response = editor.post(f"/assessments/{assessment_id}/unpublish", {}, page=f"/assessments/{assessment_id}")
    assert response.status_code == 302
    assert _audit_actions(app, assessment_id)[-1] == "unpublish"
    assert anonymous.get(f"/assessments/{assessment_id}/scorecard").status_code == 404
    assert anonymous.get(f"/assessments/{assessment_id}/scorecard.pdf").status_code == 404


def test_a_draft_cannot_be_published_and_stays_private(app, editor, places):
    assessment_id = make_assessment(app, places["county"], email="editor@king.example.gov",
                                    submit=False, published=False)
    response = editor.post(f"/assessments/{assessment_id}/publish", {}, page=f"/assessments/{assessment_id}",
                           follow_redirects=True)
    assert "Submit the assessment before publishing it" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).published_at is None
    assert "publish" not in _audit_actions(app, assessment_id)
    anonymous = app.test_client()
    assert anonymous.get(f"/assessments/{assessment_id}/scorecard").status_code == 404
    listing = anonymous.get("/directory?q=king+county").get_data(as_text=True)
    assert "Not yet assessed" in listing and f"/assessments/{assessment_id}/scorecard" not in listing
    assert anonymous.get("/api/v1/scorecards").get_json()["total"] == 0


def test_only_editors_publish_and_only_with_a_csrf_token(app, editor, make_user, places):
    assessment_id = make_assessment(app, places["county"], email="editor@king.example.gov", published=False)
    make_user("stranger@example.org")
    stranger = Browser(app.test_client())
    stranger.login("stranger@example.org")
    response = stranger.client.post(f"/assessments/{assessment_id}/publish",
                                    data={"csrf_token": stranger.token("/jurisdictions/find")})
    assert response.status_code == 404
    assert editor.client.post(f"/assessments/{assessment_id}/publish", data={}).status_code == 400
    assert editor.client.get(f"/assessments/{assessment_id}/publish").status_code == 405
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).published_at is None


def test_scores_are_stored_on_submit_and_follow_later_changes(app, editor, places):
    from .scorecard_helpers import worst
    from .survey_helpers import applicable, lever_form, save

    assessment_id = make_assessment(app, places["county"], email="editor@king.example.gov")
    with app.app_context():
        stored = db.session.get(AssessmentScore, assessment_id)
        assert stored.protection_score == 100 and stored.next_level_score == 100
        first_revision = stored.revision
    lever, questions = applicable(app, "county")[0]
    assert save(editor, assessment_id, lever.id, lever_form(questions, choose=worst)).status_code == 302
    with app.app_context():
        stored = db.session.get(AssessmentScore, assessment_id)
        assert stored.revision > first_revision
        assert stored.protection_score < 100
        assert stored.lever_scores[lever.id]["protection"] == 0
