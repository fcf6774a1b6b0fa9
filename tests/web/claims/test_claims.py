"""Claims: "I work for King County" and "I work for an organisation", made by a
signed-in user with a confirmed address, decided by a moderator (issue 15, point 2)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment.extensions import db
from assessment.models import Claim
from assessment.models._common import utcnow
from tests.conftest import Browser, another_app
from tests.web.trust_helpers import MODERATOR, claims, confirmed, events

CLAIM = {
    "title": "Deputy County Executive",
    "how_to_check": "https://kingcounty.gov/staff lists me; clerk 206-555-0100",
}


@pytest.fixture
def moderator(signed_in):
    return signed_in(MODERATOR, is_moderator=True)


def test_the_place_page_offers_the_claim_and_an_unconfirmed_address_is_told_to_confirm_first(app, signed_in, places):
    official = signed_in("someone@kingcounty.gov", email_confirmed_at=None)
    page = official.get(f"/jurisdictions/{places['county']}").get_data(as_text=True)
    assert f"/claims/new?place={places['county']}" in page and "Claim this place" in page

    form_page = official.get(f"/claims/new?place={places['county']}").get_data(as_text=True)
    assert "Confirm your email address first" in form_page and "Send the claim" not in form_page
    response = official.post(f"/claims/new?place={places['county']}", CLAIM)
    assert response.status_code == 422 and "Confirm your email address first" in response.get_data(as_text=True)
    assert claims(app) == []


def test_anonymous_readers_are_sent_to_sign_in(app, client, places):
    response = client.get(f"/claims/new?place={places['county']}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_claim_is_made_once_then_approved_for_a_year_and_the_claimant_sees_it(app, signed_in, moderator, places):
    official = signed_in("deputy@kingcounty.gov", **confirmed())
    url = f"/claims/new?place={places['county']}"
    response = official.post(url, CLAIM)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    [claim] = claims(app)
    assert (claim.kind, claim.jurisdiction_id, claim.status, claim.email_domain) == (
        "official",
        places["county"],
        "pending",
        "kingcounty.gov",
    )
    assert claim.title == CLAIM["title"] and claim.how_to_check == CLAIM["how_to_check"]
    assert "waiting for a moderator" in official.get("/account").get_data(as_text=True)

    second = official.post(url, CLAIM)
    assert second.status_code == 422
    assert "already have a claim about this waiting" in second.get_data(as_text=True)
    assert len(claims(app)) == 1

    queue = moderator.get("/moderation").get_data(as_text=True)
    assert "deputy@kingcounty.gov" in queue and "kingcounty.gov" in queue and "Deputy County Executive" in queue
    # What the claimant typed is shown as text: never a link the moderator's browser follows by a click.
    assert 'href="https://kingcounty.gov/staff' not in queue and "https://kingcounty.gov/staff lists me" in queue

    response = moderator.post(f"/moderation/claims/{claim.id}/approve", {"note": ""}, page="/moderation")
    assert response.status_code == 302
    [claim] = claims(app)
    assert claim.status == "approved" and claim.decided_at is not None
    assert abs(claim.valid_until - (utcnow() + timedelta(days=365))) < timedelta(minutes=5)
    assert events(app) == [("claim_approved", "claim", claim.id)]
    account = official.get("/account").get_data(as_text=True)
    assert f"approved until {claim.valid_until.day} {claim.valid_until:%B %Y}" in account
    again = official.post(url, CLAIM)
    assert again.status_code == 422 and "already approved" in again.get_data(as_text=True)


def test_an_organisation_claim_is_refused_with_a_note_the_claimant_reads(app, signed_in, moderator):
    advocate = signed_in("lee@aclu-wa.example", **confirmed())
    response = advocate.post("/claims/new", {"organisation": "ACLU of Washington", **CLAIM})
    assert response.status_code == 302
    [claim] = claims(app)
    assert (claim.kind, claim.organisation, claim.jurisdiction_id) == ("organisation", "ACLU of Washington", None)

    refused = moderator.post(
        f"/moderation/claims/{claim.id}/refuse", {"note": ""}, page="/moderation", follow_redirects=True
    )
    assert "Write a note for the claimant" in refused.get_data(as_text=True)
    assert claims(app)[0].status == "pending" and events(app) == []

    moderator.post(
        f"/moderation/claims/{claim.id}/refuse", {"note": "Nobody at the ACLU knows you."}, page="/moderation"
    )
    [claim] = claims(app)
    assert claim.status == "refused" and claim.decision_note == "Nobody at the ACLU knows you."
    assert events(app) == [("claim_refused", "claim", claim.id)]
    assert "refused: Nobody at the ACLU knows you." in advocate.get("/account").get_data(as_text=True)
    # Decided once: a second decision is refused plainly and records nothing.
    again = moderator.post(f"/moderation/claims/{claim.id}/approve", {}, page="/moderation", follow_redirects=True)
    assert "already decided" in again.get_data(as_text=True) and len(events(app)) == 1


def test_missing_fields_are_refused_with_a_message(app, signed_in, places):
    official = signed_in("deputy@kingcounty.gov", **confirmed())
    response = official.post(f"/claims/new?place={places['county']}", {"title": "", "how_to_check": ""})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Enter your job title." in text
    assert "Say how a moderator can check" in text
    assert official.get("/claims/new?place=999999").status_code == 404
    assert claims(app) == []


def test_claims_are_limited_per_account(app, make_user, places):
    limited = another_app(
        app, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", CLAIM_LIMITS_PER_ACCOUNT="2 per hour"
    )
    make_user("busy@example.org", **confirmed())
    browser = Browser(limited.test_client())
    browser.login("busy@example.org")
    for place in ("county", "city"):
        assert browser.post(f"/claims/new?place={places[place]}", CLAIM).status_code == 302
    third = browser.post(f"/claims/new?place={places['texas_county']}", CLAIM)
    assert third.status_code == 429 and "Too many attempts" in third.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Claim)) == 2
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()
