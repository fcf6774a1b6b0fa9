"""RT-09: answers are carried through an expired page or sign-in only for a
post that came from our own page, and a forged revision cannot skip the
check for someone else's newer answers."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from assessment.extensions import db
from assessment.models import User
from tests.conftest import Browser
from tests.web.survey_helpers import applicable, lever_form, save, saved_answers, start

ATTACKER_NOTE = "Planted by another site"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"}


@pytest.fixture
def lever_page(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    data = lever_form(questions, evidence={questions[0].id: {"note": ATTACKER_NOTE}})
    return assessment_id, f"/assessments/{assessment_id}/levers/{lever.id}", data, questions


def signed_token(app) -> str:
    """A token this site signed, as anyone (an attacker too) can get from any page."""
    return Browser(app.test_client()).token("/")


def assert_refused_untouched(response) -> None:
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert ATTACKER_NOTE not in text and 'name="carried"' not in text
    assert "Set-Cookie" not in response.headers, "a new session cookie would sign the visitor out"


@pytest.mark.parametrize(
    "token, headers",
    [
        (None, CROSS_SITE),  # the review's step 1: an auto-submitting form elsewhere
        (None, {}),  # an old browser that sends neither header
        ("signed", CROSS_SITE),  # a real token, taken from the attacker's own visit
        ("signed", {"Origin": "null"}),
        ("signed", {"Origin": "http://localhost.attacker.example"}),
        ("signed", {}),
        ("forged", SAME_ORIGIN),  # same origin claimed, but a token we never signed
    ],
)
def test_a_post_not_from_our_page_gets_a_plain_400_and_no_cookie(app, lever_page, token, headers):
    assessment_id, url, data, _questions = lever_page
    stranger_browser = app.test_client()  # SameSite=Lax: a cross-site post carries no cookie
    fields = MultiDict(data)
    if token == "signed":
        fields.add("csrf_token", signed_token(app))
    elif token == "forged":
        fields.add("csrf_token", "IjEyMzQ1Njc4OTAi.forged.signature")
    assert_refused_untouched(stranger_browser.post(url, data=fields, headers=headers))
    assert saved_answers(app, assessment_id) == {}


def test_a_cross_site_post_with_a_nul_is_not_carried_either(app, lever_page):
    _assessment_id, url, data, _questions = lever_page
    fields = MultiDict([*data, ("csrf_token", signed_token(app))])
    fields.add(data[0][0], "x\x00y")
    assert_refused_untouched(app.test_client().post(url, data=fields, headers=CROSS_SITE))


@pytest.mark.parametrize("headers", [SAME_ORIGIN, {"Origin": "http://localhost"}])
def test_an_expired_page_from_our_own_site_still_carries_the_answers(app, lever_page, headers):
    # The browser lost its session (closed, expired); the page's token is ours, and old.
    _assessment_id, url, data, _questions = lever_page
    fields = MultiDict([*data, ("csrf_token", signed_token(app))])
    response = app.test_client().post(url, data=fields, headers=headers)
    assert response.status_code == 401
    text = response.get_data(as_text=True)
    assert 'name="carried"' in text and ATTACKER_NOTE.replace(" ", "") in text.replace(" ", "")


def test_a_signed_out_post_from_another_site_is_not_carried(app, official, lever_page):
    _assessment_id, url, data, _questions = lever_page
    token = official.token(url)
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == "official@example.gov")).one()
        user.session_epoch += 1  # signed out elsewhere
        db.session.commit()
    fields = MultiDict([*data, ("csrf_token", token)])
    refused = official.client.post(url, data=fields, headers=CROSS_SITE)
    assert refused.status_code == 400 and "You were signed out, so this was not saved" in refused.get_data(as_text=True)
    assert "Set-Cookie" not in refused.headers
    carried = official.client.post(url, data=fields, headers=SAME_ORIGIN)
    assert carried.status_code == 401 and 'name="carried"' in carried.get_data(as_text=True)


def worst(question):
    lowest = min(question.options, key=lambda option: option.points).id
    return lowest if question.kind == "single" else [lowest]


def test_a_forged_revision_above_the_current_one_does_not_skip_the_stale_page_check(app, official, places):
    """The review's revision=999: a page claiming a revision still to come is
    checked against every saved answer, so a colleague's answers are not overwritten unseen."""
    from assessment.models import Editor
    from tests.conftest import make_user_row

    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    with app.app_context():
        db.session.add(
            Editor(assessment_id=assessment_id, user_id=make_user_row("colleague@example.gov").id, role="editor")
        )
        db.session.commit()
    colleague = Browser(app.test_client())
    colleague.login("colleague@example.gov")
    assert save(colleague, assessment_id, lever.id, lever_form(questions)).status_code == 302
    theirs = saved_answers(app, assessment_id)
    response = save(official, assessment_id, lever.id, [("revision", "999"), *lever_form(questions, choose=worst)])
    assert response.status_code == 409 and "colleague@example.gov" in response.get_data(as_text=True)
    assert saved_answers(app, assessment_id) == theirs
