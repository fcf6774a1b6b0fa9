"""The moderators' pages: 404 for everyone else; every action writes exactly one
ModerationEvent; merging and removing places; resetting and suspending accounts."""

from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, Claim, Jurisdiction, LatestPublished, ModerationEvent, User
from assessment.models._common import utcnow
from tests.conftest import TEST_PASSWORD, Browser
from tests.web.public_helpers import make_assessment
from tests.web.trust_helpers import MODERATOR, add_claim, add_pending_place, confirmed, events

# Every page and action under /moderation, as (method, path); ids need not exist:
# anyone but a moderator gets 404 before the id is looked at.
MODERATION_ROUTES = [
    ("GET", "/moderation"),
    ("GET", "/moderation/history"),
    ("GET", "/moderation/accounts"),
    ("GET", "/moderation/assessments/1/withdraw"),
    ("POST", "/moderation/assessments/1/withdraw"),
    ("POST", "/moderation/claims/1/approve"),
    ("POST", "/moderation/claims/1/refuse"),
    ("POST", "/moderation/reports/1/dismiss"),
    ("POST", "/moderation/reports/1/uphold"),
    *[("POST", f"/moderation/accounts/1/{name}") for name in ("reset", "suspend", "restore", "grant", "revoke")],
    *[("POST", f"/moderation/places/1/{name}") for name in ("approve", "refuse", "merge", "remove")],
    ("GET", "/moderation/pdf-jobs"),
    ("POST", "/moderation/pdf-jobs/1/retry"),
]


@pytest.fixture
def moderator(signed_in):
    return signed_in(MODERATOR, is_moderator=True)


def test_the_table_lists_every_moderation_route(app):
    listed = {(method, path.replace("/1/", "/<id>/")) for method, path in MODERATION_ROUTES}
    in_map = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/moderation"):
            path = rule.rule
            for argument in rule.arguments:
                path = path.replace(f"<int:{argument}>", "<id>")
            in_map.update((method, path) for method in rule.methods - {"HEAD", "OPTIONS"})
    assert in_map == listed


@pytest.mark.parametrize("who", ["anonymous", "stranger", "official"])
def test_everyone_but_a_moderator_gets_404_on_every_moderation_route(app, signed_in, make_user, places, who):
    if who == "anonymous":
        browser = Browser(app.test_client())
    elif who == "stranger":
        browser = signed_in("stranger@example.org")
    else:
        browser = signed_in("official@kingcounty.gov", **confirmed())
    make_assessment(app, places["county"], email="owner@kingcounty.gov")
    token = browser.token("/login")
    for method, path in MODERATION_ROUTES:
        if method == "GET":
            response = browser.get(path)
        else:
            response = browser.client.post(path, data={"csrf_token": token, "note": "x", "reason": "x", "into": 1})
        assert response.status_code == 404, f"{method} {path} as {who}: {response.status_code}"
    assert events(app) == []


def test_a_moderator_sees_the_queue_with_counts_and_the_record(app, moderator, signed_in, places):
    signed_in("claimant@kingcounty.gov", **confirmed())
    add_claim(app, "claimant@kingcounty.gov", places["county"])
    add_claim(app, "claimant@kingcounty.gov", organisation="Friends of Seattle")
    add_pending_place(app, "Seattle City", added_by="claimant@kingcounty.gov")
    page = moderator.get("/moderation").get_data(as_text=True)
    assert "2 claims waiting" in page and "0 open reports" in page and "1 place waiting" in page
    assert "Friends of Seattle (pending)" in page  # the other claim of the same person
    assert "Seattle, WA (City, number" in page  # the closest listed name to "Seattle City"
    assert "No moderator action yet." in moderator.get("/moderation/history").get_data(as_text=True)


def _one_of_each(app, places):
    """A claim, a report, a published assessment, an account and two places users added."""
    with app.app_context():
        from tests.conftest import make_user_row

        make_user_row("person@example.org", **confirmed())
    assessment_id = make_assessment(app, places["county"], email="owner@kingcounty.gov")
    from tests.web.reports.test_reports import REPORT

    Browser(app.test_client()).post(f"/assessments/{assessment_id}/report", REPORT)
    with app.app_context():
        ids = {
            "claim": add_claim(app, "person@example.org", places["city"]),
            "claim2": add_claim(app, "person@example.org", organisation="Acme"),
            "report": db.session.scalar(db.select(db.func.max(db.text("id"))).select_from(db.table("report"))),
            "report2": None,
            "assessment": assessment_id,
            "user": db.session.scalars(db.select(User.id).where(User.email == "person@example.org")).one(),
            "place": add_pending_place(app, "Seatle"),
            "place2": add_pending_place(app, "Seattle Town"),
            "place3": add_pending_place(app, "Spam Town"),
            "place4": add_pending_place(app, "Another Spam"),
        }
    Browser(app.test_client()).post(f"/assessments/{assessment_id}/report", {**REPORT, "details": "second"})
    with app.app_context():
        ids["report2"] = ids["report"] + 1
    return ids


ACTIONS = [
    ("claim_approved", "/moderation/claims/{claim}/approve", {}),
    ("claim_refused", "/moderation/claims/{claim2}/refuse", {"note": "Unknown there."}),
    ("report_dismissed", "/moderation/reports/{report}/dismiss", {"note": "Checked; it is right."}),
    ("report_upheld", "/moderation/reports/{report2}/uphold", {"note": "It is fake."}),
    ("withdrawn", "/moderation/assessments/{assessment}/withdraw", {"reason": "Fake."}),
    ("account_reset", "/moderation/accounts/{user}/reset", {}),
    ("account_suspended", "/moderation/accounts/{user}/suspend", {"note": "Spam."}),
    ("account_restored", "/moderation/accounts/{user}/restore", {}),
    ("moderator_granted", "/moderation/accounts/{user}/grant", {}),
    ("moderator_revoked", "/moderation/accounts/{user}/revoke", {}),
    ("place_approved", "/moderation/places/{place}/approve", {}),
    ("place_refused", "/moderation/places/{place2}/refuse", {"note": "Not a real place."}),
    ("place_merged", "/moderation/places/{place3}/merge", {"into": "{city}"}),
    ("place_removed", "/moderation/places/{place4}/remove", {"note": "Spam."}),
]


def test_every_action_writes_exactly_one_moderation_event(app, moderator, places):
    ids = {**_one_of_each(app, places), "city": places["city"]}
    for action, path, data in ACTIONS:
        before = len(events(app))
        body = {key: value.format(**ids) for key, value in data.items()}
        response = moderator.post(path.format(**ids), body, page="/moderation")
        assert response.status_code == 302, f"{action}: {response.status_code}"
        after = events(app)
        assert len(after) == before + 1, f"{action} wrote {len(after) - before} events"
        assert after[-1][0] == action
    with app.app_context():
        assert all(e.moderator.email == MODERATOR for e in db.session.scalars(db.select(ModerationEvent)))
    history = moderator.get("/moderation/history").get_data(as_text=True)
    assert (
        "place_removed" in history
        and "claim_approved" in history
        and history.index("place_removed") < history.index("claim_approved")
    )


def test_a_refused_action_writes_nothing(app, moderator, places):
    ids = _one_of_each(app, places)
    for path, data in [
        ("/moderation/claims/{claim2}/refuse", {"note": ""}),
        ("/moderation/reports/{report}/dismiss", {"note": " "}),
        ("/moderation/places/{place}/refuse", {"note": ""}),
        ("/moderation/accounts/{user}/restore", {}),
        ("/moderation/places/{place}/merge", {"into": "{place}"}),
        ("/moderation/places/{place}/merge", {"into": "999999"}),
        ("/moderation/places/{place}/merge", {"into": "{place2}"}),
    ]:
        response = moderator.post(
            path.format(**ids), {k: v.format(**ids) for k, v in data.items()}, page="/moderation", follow_redirects=True
        )
        assert response.status_code == 200 and "flash-error" in response.get_data(as_text=True), path
    assert moderator.post("/moderation/claims/999999/approve", {}, page="/moderation").status_code == 404
    assert events(app) == []


def test_merging_moves_the_assessments_and_claims_and_refreshes_both_places(app, moderator, signed_in, places):
    duplicate = add_pending_place(app, "Seatle")
    with app.app_context():
        db.session.get(Jurisdiction, duplicate).status = "listed"  # approved earlier, then found to be a duplicate
        db.session.commit()
    moved = make_assessment(app, duplicate, email="owner@seattle.gov")
    signed_in("clerk@seattle.gov", **confirmed())
    claim_id = add_claim(app, "clerk@seattle.gov", duplicate)
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(LatestPublished.jurisdiction_id).where(LatestPublished.assessment_id == moved).limit(1)
            )
            == duplicate
        )

    moderator.post(
        f"/moderation/places/{duplicate}/merge", {"into": str(places["city"]), "note": "Typo."}, page="/moderation"
    )
    with app.app_context():
        assert db.session.get(Assessment, moved).jurisdiction_id == places["city"]
        assert db.session.get(Claim, claim_id).jurisdiction_id == places["city"]
        place = db.session.get(Jurisdiction, duplicate)
        assert (place.status, place.merged_into_id) == ("merged", places["city"])
        latest = set(
            db.session.scalars(db.select(LatestPublished.jurisdiction_id).where(LatestPublished.assessment_id == moved))
        )
        assert latest == {places["city"]}
        assert (
            db.session.scalars(
                db.select(AuditEvent.action).where(AuditEvent.assessment_id == moved).order_by(AuditEvent.id.desc())
            ).first()
            == "place_merged"
        )
    assert [e[0] for e in events(app)] == ["place_merged"]


def test_removing_a_place_is_refused_while_it_has_a_published_scorecard(app, moderator, places):
    place = add_pending_place(app, "Fake Town")
    with app.app_context():
        db.session.get(Jurisdiction, place).status = "listed"  # approved once, then published for
        db.session.commit()
    make_assessment(app, place, email="owner@fake.example")
    response = moderator.post(
        f"/moderation/places/{place}/remove", {"note": "Spam."}, page="/moderation", follow_redirects=True
    )
    assert "has a published scorecard, so it cannot be removed" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Jurisdiction, place) is not None
    assert events(app) == []


def test_removing_a_place_deletes_its_drafts_and_claims(app, moderator, signed_in, places):
    place = add_pending_place(app, "Spam Ville")
    draft = make_assessment(app, place, email="spammer@example.org", published=False)
    claim_id = add_claim(app, "spammer@example.org", place)
    moderator.post(f"/moderation/places/{place}/remove", {"note": "Spam."}, page="/moderation")
    with app.app_context():
        assert db.session.get(Jurisdiction, place) is None
        assert db.session.get(Assessment, draft) is None and db.session.get(Claim, claim_id) is None
        [event] = db.session.scalars(db.select(ModerationEvent)).all()
        assert event.details["place"] == "Spam Ville, WA" and event.details["drafts"] == [draft]


def test_resetting_an_account_ends_its_sessions_and_makes_its_password_unusable(app, moderator, signed_in):
    person = signed_in("person@example.org")
    assert person.get("/account").status_code == 200
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == "person@example.org")).one()
        user.totp_secret = "JBSWY3DPEHPK3PXP"  # a second step set up after signing in
        user_id = user.id
        db.session.commit()
    page = moderator.get("/moderation/accounts?email=person@example.org").get_data(as_text=True)
    assert f"/moderation/accounts/{user_id}/reset" in page
    done = moderator.post(
        f"/moderation/accounts/{user_id}/reset", {}, page="/moderation/accounts", follow_redirects=True
    ).get_data(as_text=True)
    assert "Forgot your password?" in done
    assert person.get("/account").status_code == 302  # signed out
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.totp_secret is None and not check_password_hash(user.password_hash, TEST_PASSWORD)
    failed = Browser(app.test_client()).post("/login", {"email": "person@example.org", "password": TEST_PASSWORD})
    assert failed.status_code == 422


def test_suspending_signs_out_and_a_moderator_cannot_suspend_or_demote_themselves(app, moderator, signed_in):
    person = signed_in("person@example.org")
    with app.app_context():
        user_id = db.session.scalars(db.select(User.id).where(User.email == "person@example.org")).one()
        own_id = db.session.scalars(db.select(User.id).where(User.email == MODERATOR)).one()
    moderator.post(f"/moderation/accounts/{user_id}/suspend", {"note": "Spam"}, page="/moderation/accounts")
    assert person.get("/account").status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).suspended_at is not None
    for action in ("suspend", "revoke", "reset"):
        response = moderator.post(
            f"/moderation/accounts/{own_id}/{action}", {}, page="/moderation/accounts", follow_redirects=True
        )
        assert "Ask another moderator" in response.get_data(as_text=True)
    with app.app_context():
        own = db.session.get(User, own_id)
        assert own.is_moderator and own.suspended_at is None
    assert [e[0] for e in events(app)] == ["account_suspended"]


def test_the_record_is_paginated_newest_first(app, moderator):
    with app.app_context():
        for number in range(55):
            db.session.add(
                ModerationEvent(action="claim_approved", subject_kind="claim", subject_id=number, at=utcnow())
            )
        db.session.commit()
    first = moderator.get("/moderation/history").get_data(as_text=True)
    assert "Page 1 of 2" in first and "claim 54" in first and "claim 4<" not in first
    second = moderator.get("/moderation/history?page=2").get_data(as_text=True)
    assert "claim 4<" in second and "claim 54" not in second
