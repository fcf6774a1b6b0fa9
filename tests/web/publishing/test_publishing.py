"""Publishing: owners only, through a preview and a confirmation, POST with
CSRF, audited. A published version is frozen: corrections are a new version,
published again, and the public page lists the versions; taking a scorecard
down is a withdrawal whose page says so. Drafts are never public."""

from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import Assessment, AssessmentScore, AuditEvent, Editor, User
from tests.conftest import CSRF_PATTERN, Browser
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import worst
from tests.web.survey_helpers import applicable, lever_form, save

OWNER = "editor@king.example.gov"


@pytest.fixture
def owner(signed_in, places):
    return signed_in(OWNER)


def _audit_actions(app, assessment_id):
    with app.app_context():
        return [
            e.action
            for e in db.session.scalars(
                db.select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(AuditEvent.id)
            )
        ]


def _publish(browser, assessment_id, confirm=True):
    data = {"checked": "y"} if confirm else {}
    return browser.post(f"/assessments/{assessment_id}/publish", data, page=f"/assessments/{assessment_id}/publish")


def _join(app, assessment_id, email, role, make_user):
    make_user(email)
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        db.session.add(Editor(assessment_id=assessment_id, user_id=user.id, role=role))
        db.session.commit()
    browser = Browser(app.test_client())
    browser.login(email)
    return browser


def test_owner_checks_the_preview_publishes_and_anyone_reads_it(app, owner, places):
    assessment_id = make_assessment(app, places["county"], email=OWNER, published=False)
    anonymous = app.test_client()
    for url in (f"/assessments/{assessment_id}/scorecard", f"/assessments/{assessment_id}/scorecard.pdf"):
        assert anonymous.get(url).status_code == 404

    overview = owner.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Check and publish" in overview
    preview = owner.get(f"/assessments/{assessment_id}/publish")
    assert preview.status_code == 200 and "Check what becomes public" in preview.get_data(as_text=True)

    unconfirmed = _publish(owner, assessment_id, confirm=False)
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm" in unconfirmed.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).published_at is None

    assert _publish(owner, assessment_id).status_code == 302
    assert _audit_actions(app, assessment_id)[-1] == "publish"
    page = anonymous.get(f"/assessments/{assessment_id}/scorecard")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "King County" in text and "version 1" in text
    pdf = anonymous.get(f"/assessments/{assessment_id}/scorecard.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    overview = owner.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f"/assessments/{assessment_id}/scorecard" in overview and "Make a new version" in overview


def test_owner_withdraws_with_a_reason_and_the_page_says_so(app, owner, places):
    assessment_id = make_assessment(app, places["county"], email=OWNER)
    no_reason = owner.post(
        f"/assessments/{assessment_id}/withdraw",
        {"reason": "  "},
        page=f"/assessments/{assessment_id}",
        follow_redirects=True,
    )
    assert "Say why the scorecard is withdrawn" in no_reason.get_data(as_text=True)
    response = owner.post(
        f"/assessments/{assessment_id}/withdraw",
        {"reason": "Figures were from 2019."},
        page=f"/assessments/{assessment_id}",
    )
    assert response.status_code == 302
    assert _audit_actions(app, assessment_id)[-1] == "withdrawn"
    with app.app_context():
        row = db.session.get(Assessment, assessment_id)
        assert row.withdrawn_at is not None and row.withdrawn_as == "owner"
        assert row.published_at is not None  # its page stays, for the record
    again = owner.post(
        f"/assessments/{assessment_id}/withdraw",
        {"reason": "twice"},
        page=f"/assessments/{assessment_id}",
        follow_redirects=True,
    )
    assert "already withdrawn" in again.get_data(as_text=True)


def test_a_draft_cannot_be_published_and_stays_private(app, owner, places):
    assessment_id = make_assessment(app, places["county"], email=OWNER, submit=False, published=False)
    assert owner.get(f"/assessments/{assessment_id}/publish").status_code == 302  # back to the overview
    response = owner.post(
        f"/assessments/{assessment_id}/publish",
        {"checked": "y"},
        page=f"/assessments/{assessment_id}",
        follow_redirects=True,
    )
    assert "Submit the assessment before publishing it" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).published_at is None
    assert "publish" not in _audit_actions(app, assessment_id)
    anonymous = app.test_client()
    assert anonymous.get(f"/assessments/{assessment_id}/scorecard").status_code == 404
    assert anonymous.get("/api/v1/scorecards").get_json()["total"] == 0


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_owners_publish_and_withdraw_and_only_with_a_csrf_token(app, owner, make_user, places, role):
    assessment_id = make_assessment(app, places["county"], email=OWNER, published=False)
    member = _join(app, assessment_id, f"{role}.member@king.example.gov", role, make_user)
    assert member.get(f"/assessments/{assessment_id}/publish").status_code == 404
    token = member.token(f"/assessments/{assessment_id}")
    assert (
        member.client.post(
            f"/assessments/{assessment_id}/publish", data={"csrf_token": token, "checked": "y"}
        ).status_code
        == 404
    )
    make_user("stranger@example.org")
    stranger = Browser(app.test_client())
    stranger.login("stranger@example.org")
    assert (
        stranger.client.post(
            f"/assessments/{assessment_id}/publish",
            data={"csrf_token": stranger.token("/jurisdictions/find"), "checked": "y"},
        ).status_code
        == 404
    )
    assert owner.client.post(f"/assessments/{assessment_id}/publish", data={"checked": "y"}).status_code == 400
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).published_at is None
    assert _publish(owner, assessment_id).status_code == 302
    assert (
        member.client.post(
            f"/assessments/{assessment_id}/withdraw", data={"csrf_token": token, "reason": "mine"}
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).withdrawn_at is None


def _without_tokens(html: str) -> str:
    return CSRF_PATTERN.sub("", html)


def _public_scores(client, assessment_id):
    data = client.get(f"/api/v1/assessments/{assessment_id}/scorecard").get_json()
    return data["scores"]["protection"]["score"], data


def test_publish_edit_republish_keeps_the_public_page_until_the_new_version_is_published(app, owner, places):
    first = make_assessment(app, places["county"], email=OWNER)
    anonymous = app.test_client()
    before, _ = _public_scores(anonymous, first)
    public_page = _without_tokens(anonymous.get(f"/assessments/{first}/scorecard").get_data(as_text=True))
    lever, questions = applicable(app, "county")[0]

    # The published version itself no longer changes.
    frozen = save(
        owner, first, lever.id, lever_form(questions, choose=worst), page=f"/assessments/{first}", follow_redirects=True
    )
    assert "no longer change" in frozen.get_data(as_text=True)
    assert owner.get(f"/assessments/{first}/levers/{lever.id}").status_code == 302
    assert _public_scores(anonymous, first)[0] == before

    # A new version: a draft copying the answers; the public still sees version 1.
    response = owner.post(f"/assessments/{first}/versions", {}, page=f"/assessments/{first}")
    assert response.status_code == 302
    second = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert second != first
    assert (
        owner.post(f"/assessments/{first}/versions", {}, page=f"/assessments/{first}")
        .headers["Location"]
        .endswith(f"/{second}")
    )  # the same draft, not a third
    with app.app_context():
        draft = db.session.get(Assessment, second)
        assert draft.version == 2 and draft.series_id == first and draft.published_at is None
        assert len(draft.answers) == len(db.session.get(Assessment, first).answers)
    assert save(owner, second, lever.id, lever_form(questions, choose=worst)).status_code == 302
    assert anonymous.get(f"/assessments/{second}/scorecard").status_code == 404
    assert _public_scores(anonymous, first)[0] == before
    assert _without_tokens(anonymous.get(f"/assessments/{first}/scorecard").get_data(as_text=True)) == public_page

    # Republished: version 1 steps aside, still readable, and version 2 says what changed.
    assert owner.post(f"/assessments/{second}/submit", {}, page=f"/assessments/{second}/review").status_code == 302
    assert _publish(owner, second).status_code == 302
    after, _ = _public_scores(anonymous, second)
    assert after < before
    old_page = anonymous.get(f"/assessments/{first}/scorecard").get_data(as_text=True)
    assert "This is version 1, replaced on" in old_page and f"/assessments/{second}/scorecard" in old_page
    new_page = anonymous.get(f"/assessments/{second}/scorecard").get_data(as_text=True)
    assert (
        f"{len(questions)} answers changed from version 1" in new_page or "1 answer changed from version 1" in new_page
    )
    assert f"/assessments/{first}/scorecard" in new_page
    with app.app_context():
        old, new = db.session.get(Assessment, first), db.session.get(Assessment, second)
        assert old.superseded_at is not None and new.superseded_at is None
        assert new.version_changes["from_version"] == 1
        assert new.version_changes["scores"]["protection"] == [before, after]
        assert set(new.version_changes["answers"]) <= {q.id for q in questions}


def test_an_internal_note_is_never_published(app, owner, places):
    from tests.web.survey_helpers import start

    assessment_id = start(owner, places["county"])
    levers = applicable(app, "county")
    internal, public = "Waiting on counsel Zebulon; do not cite", "Adopted by ordinance 2019-12"
    for index, (lever, questions) in enumerate(levers):
        evidence = {}
        if index == 0:
            evidence = {questions[0].id: {"note": internal, "internal": "yes"}, questions[-1].id: {"note": public}}
        assert save(owner, assessment_id, lever.id, lever_form(questions, evidence=evidence)).status_code == 302
    page = owner.get(f"/assessments/{assessment_id}/levers/{levers[0][0].id}").get_data(as_text=True)
    assert f'name="{levers[0][1][0].id}__internal" value="yes" checked' in page
    assert (
        owner.post(f"/assessments/{assessment_id}/submit", {}, page=f"/assessments/{assessment_id}/review").status_code
        == 302
    )
    preview = owner.get(f"/assessments/{assessment_id}/publish").get_data(as_text=True)
    assert "1 note will be published" in preview and "1 internal note stays private" in preview
    assert _publish(owner, assessment_id).status_code == 302

    anonymous = app.test_client()
    scorecard_page = anonymous.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    api = anonymous.get(f"/api/v1/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    pdf = anonymous.get(f"/assessments/{assessment_id}/scorecard.pdf").data
    from io import BytesIO

    from pypdf import PdfReader

    pdf_text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    for shown in (scorecard_page, api):
        assert "Zebulon" not in shown
    assert "Zebulon" not in pdf_text
    assert public in api


def test_scores_are_stored_on_submit_and_follow_later_changes_until_published(app, owner, places):
    assessment_id = make_assessment(app, places["county"], email=OWNER, published=False)
    with app.app_context():
        stored = db.session.get(AssessmentScore, assessment_id)
        assert stored.protection_score == 100 and stored.next_level_score == 100
        first_revision = stored.revision
    lever, questions = applicable(app, "county")[0]
    assert save(owner, assessment_id, lever.id, lever_form(questions, choose=worst)).status_code == 302
    with app.app_context():
        stored = db.session.get(AssessmentScore, assessment_id)
        assert stored.revision > first_revision
        assert stored.protection_score < 100
        assert stored.lever_scores[lever.id]["protection"] == 0


def test_the_preview_says_which_label_the_scorecard_will_carry(app, owner, places):
    from tests.web.public_helpers import approve_claim

    assessment_id = make_assessment(app, places["county"], email=OWNER, published=False, verified=False)
    preview = owner.get(f"/assessments/{assessment_id}/publish").get_data(as_text=True)
    assert "<strong>Unverified</strong>" in preview and f"/claims/new?place={places['county']}" in preview
    approve_claim(app, OWNER, jurisdiction_id=places["county"])
    preview = owner.get(f"/assessments/{assessment_id}/publish").get_data(as_text=True)
    assert "<strong>Verified self-assessment</strong>" in preview and "/claims/new" not in preview
