"""Every POST in the URL map refuses a missing or forged CSRF token, and no
GET changes anything.

Each POST is sent with a body that WOULD change data if the token were
accepted (a correct password, a full page of answers, ...), so turning CSRF
protection off makes this test fail instead of passing on a 422. A POST
route without an entry in VALID_BODIES fails the walk: add one.
"""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import TEST_PASSWORD
from tests.web.survey_helpers import applicable, lever_form

from .route_walk import World, assert_security_headers, build_url, build_world, methods_of, snapshot, url_arguments

NEW_PASSWORD = "granite meadow violin 31"


def _answers(world: World, app) -> list[tuple[str, str]]:
    lever, questions = applicable(app, "county")[0]
    return [("revision", "99"), *lever_form(questions), (f"{questions[0].id}__note", "changed by a forged post")]


# endpoint -> (which assessment the URL names, the body a real user would send)
VALID_BODIES = {
    "auth.login": ("draft", lambda w, app: [("email", "editor@king.example.gov"), ("password", TEST_PASSWORD)]),
    "auth.register": (
        "draft",
        lambda w, app: [("email", "forged@example.org"), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
    ),
    "auth.account": (
        "draft",
        lambda w, app: [("current", TEST_PASSWORD), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
    ),
    "auth.logout": ("draft", lambda w, app: []),
    "auth.resend_confirmation": ("draft", lambda w, app: []),
    # The walk's token is an invitation's, so these two would change nothing anyway;
    # tests/web/auth/test_mail_accounts.py posts real links.
    "auth.confirm_link": ("draft", lambda w, app: []),
    "auth.reset_password": ("draft", lambda w, app: [("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)]),
    "auth.forgot_password": ("draft", lambda w, app: [("email", "editor@king.example.gov")]),
    "auth.two_step_on": ("draft", lambda w, app: [("code", "123456")]),
    "auth.two_step_off": ("draft", lambda w, app: [("password", TEST_PASSWORD), ("code", "123456")]),
    "auth.login_code": ("draft", lambda w, app: [("code", "123456")]),
    "jurisdictions.new": ("draft", lambda w, app: [("name", "Forgedville"), ("state", "WA"), ("kind", "town")]),
    "survey.start": ("draft", lambda w, app: [("year", str(date.today().year - 3)), ("kind", "self")]),
    "survey.invitation": ("draft", lambda w, app: []),
    "survey.save_lever": ("draft", _answers),
    "survey.submit": ("draft", lambda w, app: []),
    "survey.invite": ("draft", lambda w, app: [("email", "forged@example.org"), ("role", "owner")]),
    "survey.revoke_invitation": ("draft", lambda w, app: []),
    "survey.change_role": ("draft", lambda w, app: [("role", "owner")]),
    "survey.remove_editor": ("draft", lambda w, app: []),
    "publishing.publish": ("submitted", lambda w, app: [("checked", "y")]),
    "publishing.withdraw": ("published", lambda w, app: [("reason", "forged")]),
    "publishing.new_version": ("published", lambda w, app: []),
    "language.switch": ("draft", lambda w, app: [("lang", "es"), ("next", "/")]),
    "claims.new": (
        "draft",
        lambda w, app: [("organisation", "Forged Org"), ("title", "Clerk"), ("how_to_check", "Call me")],
    ),
    "reports.report": ("published", lambda w, app: [("reason", "other"), ("details", "forged report")]),
    "reports.reply": ("published", lambda w, app: [("reply", "forged reply")]),
    "moderation.withdraw": ("published", lambda w, app: [("reason", "forged withdrawal")]),
    "pdf_jobs.retry": ("draft", lambda w, app: []),
    "agreements.new": (
        "draft",
        lambda w, app: [("kind", "287g_task_force"), ("counterparty", "ICE"), ("renewal", "renews")],
    ),
    "agreements.edit": ("draft", lambda w, app: [("kind", "igsa"), ("counterparty", "ICE"), ("renewal", "ends")]),
    "agreements.remove": ("draft", lambda w, app: []),
    "plans.create": ("draft", lambda w, app: []),
    "plans.refresh": ("draft", lambda w, app: []),
    "plans.change_item": ("draft", lambda w, app: [("decider_name", "Forged council"), ("status", "drafted")]),
    "plans.publish": ("draft", lambda w, app: []),
    "plans.unpublish": ("draft", lambda w, app: []),
    "plans.record_sign_off": (
        "draft",
        lambda w, app: [
            ("levers", "detainers"),
            ("reviewer_name", "Forged"),
            ("reviewer_title", "Counsel"),
            ("reviewed_on", "2026-01-05"),
        ],
    ),
    "moderation.merge_place": ("draft", lambda w, app: [("into", str(w.jurisdiction_b))]),
    **{
        f"moderation.{name}": ("draft", lambda w, app: [("note", "forged")])
        for name in (
            "approve_claim",
            "refuse_claim",
            "dismiss_report",
            "uphold_report",
            "approve_place",
            "refuse_place",
            "remove_place",
            "account_reset",
            "account_suspend",
            "account_restore",
            "account_grant",
            "account_revoke",
        )
    },
}


@pytest.fixture
def world(app, make_user, places) -> World:
    return build_world(app, make_user, places)


def _post_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in methods_of(rule)]


def test_every_post_route_has_a_body_to_forge(app):
    missing = sorted({rule.endpoint for rule in _post_rules(app)} - set(VALID_BODIES))
    assert not missing, f"add a body for these POST routes to VALID_BODIES in {__name__}: {missing}"


@pytest.mark.parametrize("token", ["missing", "forged", "from another session"])
def test_every_post_without_a_valid_token_is_refused_and_changes_nothing(app, world, token):
    before = snapshot(app)
    other_session_token = world.clients["stranger"].token("/")
    for role in ("anonymous", "owner"):
        browser = world.clients[role]
        for rule in _post_rules(app):
            target, body = VALID_BODIES[rule.endpoint]
            url = build_url(rule, url_arguments(world, target))
            data = MultiDict(body(world, app))
            if token == "forged":
                data.add("csrf_token", "IjEyMzQ1Njc4OTAi.forged.signature")
            elif token == "from another session":
                data.add("csrf_token", other_session_token)
            response = browser.client.post(url, data=data)
            where = f"POST {url} as {role} with a {token} token"
            assert response.status_code in (400, 401), f"{where}: {response.status_code}"
            text = response.get_data(as_text=True)
            # "Your form had expired..." or, for a signed-out save, the sign-in
            # page that keeps the answers ("You were signed out before...").
            assert "expired" in text or "signed out" in text, f"{where}: no explanation"
            assert_security_headers(response, where)
            assert snapshot(app) == before, f"{where} changed stored data"
    # Still signed in: the refused logout did not end the session.
    assert world.clients["owner"].get("/assessments").status_code == 200


def test_post_only_routes_refuse_get_and_change_nothing(app, world):
    before = snapshot(app)
    readable = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    post_only = [rule for rule in _post_rules(app) if rule.rule not in readable]
    assert post_only, "expected POST-only routes such as /logout"
    for rule in post_only:
        target, _ = VALID_BODIES[rule.endpoint]
        url = build_url(rule, url_arguments(world, target))
        response = world.clients["owner"].get(url)
        assert response.status_code == 405, url
        assert "POST" in response.headers.get("Allow", ""), url
    assert snapshot(app) == before
    assert world.clients["owner"].get("/assessments").status_code == 200
