"""Every route, every role: who gets what.

The walk goes through app.url_map, so it covers routes added later too, and
it FAILS on any route (endpoint and method) that is not classified in
GET_ACCESS or POST_ACCESS below. When you add a route, add a line here that
says who may reach it. For anything tied to one assessment (drafts,
unpublished scorecards, PDFs, exports, history), people who may not see it
get 404, never 403, so the walk also proves that ids are not confirmed.

Routes with an `assessment_id` are walked for three assessments of
jurisdiction A: a draft, a submitted but unpublished one, and a published one
(see route_walk.World). Every response must carry the security headers, and
no request of an outsider may change a stored row.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from werkzeug.datastructures import MultiDict

from assessment.services import scorecards as scorecard_service
from tests.conftest import Browser

from .route_walk import (ROLES, World, assert_no_leak, assert_security_headers, build_url, build_world, methods_of,
                         snapshot, url_arguments)

LOGIN = "redirect to sign-in"
STUB_PDF = b"%PDF-1.4\n% a stand-in for the rendered scorecard\n%%EOF\n"


def _statuses(anonymous, stranger, other_editor, editor, admin) -> dict:
    return dict(zip(ROLES, (anonymous, stranger, other_editor, editor, admin)))


EVERYONE = _statuses(200, 200, 200, 200, 200)
SIGNED_IN = _statuses(LOGIN, 200, 200, 200, 200)
EDITORS = _statuses(LOGIN, 404, 404, 200, 404)
# Scorecards need no sign-in once published; before that only the
# assessment's editors and administrators see them.
VIEWERS = _statuses(404, 404, 404, 200, 200)
# Everything under /moderation: moderators only ("admin" is one), 404 for everyone else.
MODERATORS = _statuses(404, 404, 404, 404, 200)
NOBODY = _statuses(404, 404, 404, 404, 404)


@dataclass(frozen=True)
class Access:
    statuses: dict
    published: dict | None = None  # for the published assessment, if different
    query: object = None  # world -> query string arguments the route needs


GET_ACCESS: dict[str, Access] = {
    "main.home": Access(EVERYONE),
    "main.about": Access(EVERYONE),
    "static": Access(EVERYONE),
    "auth.login": Access(EVERYONE),
    "auth.register": Access(EVERYONE),
    "auth.account": Access(SIGNED_IN),
    "jurisdictions.find": Access(EVERYONE),
    "jurisdictions.suggest": Access(EVERYONE),
    "jurisdictions.show": Access(EVERYONE),
    "jurisdictions.new": Access(SIGNED_IN),
    "scorecards.methodology_page": Access(EVERYONE),
    "scorecards.methodology_pdf": Access(EVERYONE),
    "api.questionnaire_json": Access(EVERYONE),
    "survey.mine": Access(SIGNED_IN),
    # The invitation token is the permission: any signed-in person holding it may see it.
    "survey.invitation": Access(SIGNED_IN),
    "survey.overview": Access(EDITORS),
    "survey.lever": Access(EDITORS),
    "survey.review": Access(EDITORS),
    "survey.editors": Access(EDITORS),
    "survey.history": Access(EDITORS),
    "survey.resume": Access({**EDITORS, "editor": 302}),
    "scorecards.show": Access(VIEWERS, published=EVERYONE),
    "scorecards.what_if": Access(VIEWERS, published=EVERYONE),
    "scorecards.pdf": Access(VIEWERS, published=EVERYONE),
    "api.scorecard_json": Access(VIEWERS, published=EVERYONE),
    # Publishing, directory, comparison and open data (issue 4): public, and
    # built from published assessments only (the walk checks that no
    # unpublished evidence shows up in them).
    "directory.index": Access(EVERYONE),
    "compare.show": Access(EVERYONE, query=lambda w: {"j": [w.jurisdiction_a, w.jurisdiction_b]}),
    "compare.csv_download": Access(EVERYONE, query=lambda w: {"j": [w.jurisdiction_a, w.jurisdiction_b]}),
    "compare.pdf_download": Access(EVERYONE, query=lambda w: {"j": [w.jurisdiction_a, w.jurisdiction_b]}),
    # Jurisdiction A is a county, and this page exists for cities only, so it
    # is 404 for everyone here; its access rule is the scorecard's (load_assessment "view").
    "compare.county_jail": Access(_statuses(404, 404, 404, 404, 404)),
    "open_data.index": Access(EVERYONE),
    "open_data.scorecards_csv": Access(EVERYONE),
    "open_data.scorecards_json": Access(EVERYONE),
    "open_data.scorecards_api": Access(EVERYONE),
    "open_data.jurisdiction_json": Access(EVERYONE),
    # Claims and reports (issue 15): a claim needs an account; anyone may report a published scorecard.
    "claims.new": Access(SIGNED_IN),
    "reports.report": Access(NOBODY, published=EVERYONE),
    "reports.thanks": Access(NOBODY, published=EVERYONE),
    "moderation.queue": Access(MODERATORS),
    "moderation.history": Access(MODERATORS),
    "moderation.accounts": Access(MODERATORS),
    "moderation.withdraw": Access(MODERATORS),
}

# POSTs that act on one assessment: outsiders get 404 (anonymous people are
# sent to sign in) and nothing changes. The editor's own posts are covered
# by the survey tests; here they would change the world under the walk.
OUTSIDERS_REFUSED = _statuses(LOGIN, 404, 404, None, 404)
# Forms that are not tied to anybody's assessment. Their refusals of bad
# input are tested in test_form_fuzzing.py, their CSRF checks in
# test_csrf_and_safe_methods.py.
OPEN_FORM = None

POST_ACCESS: dict[str, dict | None] = {
    "auth.login": OPEN_FORM,
    "auth.register": OPEN_FORM,
    "auth.account": OPEN_FORM,
    "auth.logout": OPEN_FORM,
    "jurisdictions.new": OPEN_FORM,
    "survey.start": OPEN_FORM,
    "survey.invitation": OPEN_FORM,
    # A signed-out save comes back as the sign-in page (401) with the answers kept.
    "survey.save_lever": {**OUTSIDERS_REFUSED, "anonymous": 401},
    "survey.submit": OUTSIDERS_REFUSED,
    "survey.invite": OUTSIDERS_REFUSED,
    "survey.remove_editor": OUTSIDERS_REFUSED,
    "publishing.publish": OUTSIDERS_REFUSED,
    "publishing.unpublish": OUTSIDERS_REFUSED,
    # The language switch only sets a preference cookie for whoever presses it.
    "language.switch": OPEN_FORM,
    # Claims and reports are forms open to their makers (tests/web/test_claims.py, test_reports.py).
    "claims.new": OPEN_FORM,
    "reports.report": OPEN_FORM,
    # Only the assessment's owners reply to a report (there is none in the walk).
    "reports.reply": {**OUTSIDERS_REFUSED, "editor": 404},
    # The moderators' actions change the world under the walk: tested in test_moderation.py.
    **{endpoint: _statuses(404, 404, 404, 404, None) for endpoint in (
        "moderation.approve_claim", "moderation.refuse_claim", "moderation.dismiss_report",
        "moderation.uphold_report", "moderation.withdraw", "moderation.approve_place", "moderation.refuse_place",
        "moderation.merge_place", "moderation.remove_place",
        *(f"moderation.account_{name}" for name in ("reset", "suspend", "restore", "grant", "revoke")))},
}


@pytest.fixture
def world(app, make_user, places, monkeypatch) -> World:
    # Who gets a scorecard PDF is what matters here; rendering one takes
    # seconds and is tested with the PDF itself (tests/unit/test_pdf.py,
    # test_output_escaping.py). The view, its access check, its cache and its
    # headers all still run.
    monkeypatch.setattr(scorecard_service, "render_scorecard_pdf", lambda scorecard, context: STUB_PDF)
    return build_world(app, make_user, places)


def _targets(rule) -> list[str]:
    return ["draft", "submitted", "published"] if "assessment_id" in rule.arguments else ["draft"]


def _check(response, expected, where: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers.get("Location", ""), (
            f"{where}: expected a redirect to sign in, got {response.status_code}")
    else:
        assert response.status_code == expected, f"{where}: expected {expected}, got {response.status_code}"
    assert_security_headers(response, where)


def test_every_route_in_the_url_map_is_classified(app):
    unclassified = []
    for rule in app.url_map.iter_rules():
        for method in methods_of(rule):
            table = GET_ACCESS if method == "GET" else POST_ACCESS if method == "POST" else {}
            if rule.endpoint not in table:
                unclassified.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not unclassified, (
        "Routes without an access rule; classify them in tests/web/test_access_matrix.py: " + ", ".join(unclassified)
    )


def test_every_get_route_answers_each_role_as_classified(app, world):
    before = snapshot(app)
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint not in GET_ACCESS:
            continue
        access = GET_ACCESS[rule.endpoint]
        for target in _targets(rule):
            url = build_url(rule, url_arguments(world, target))
            query = access.query(world) if access.query else None
            expected = access.published if target == "published" and access.published else access.statuses
            for role in ROLES:
                response = world.clients[role].get(url, query_string=query)
                _check(response, expected[role], f"GET {url} as {role} ({target})")
                assert_no_leak(response, role, f"GET {url} as {role} ({target})")
                checked += 1
    assert checked > 100
    assert snapshot(app) == before, "a GET request changed stored data"


def test_outsiders_posting_to_an_assessment_get_404_and_change_nothing(app, world):
    before = snapshot(app)
    tokens = {role: world.clients[role].token("/login" if role == "anonymous" else "/") for role in ROLES}
    checked = 0
    for rule in app.url_map.iter_rules():
        expected = POST_ACCESS.get(rule.endpoint)
        if "POST" not in rule.methods or expected is None:
            continue
        for target in _targets(rule):
            url = build_url(rule, url_arguments(world, target))
            for role, status in expected.items():
                if status is None:
                    continue
                body = MultiDict([("csrf_token", tokens[role]), ("revision", "0")])
                response = world.clients[role].client.post(url, data=body)
                _check(response, status, f"POST {url} as {role} ({target})")
                assert snapshot(app) == before, f"POST {url} as {role} changed stored data"
                checked += 1
    assert checked >= 4 * 4 * 3


def test_another_jurisdictions_editor_never_sees_its_drafts_by_id(app, world):
    # The other way round from the walk: A's editor asks for B's draft.
    other = world.assessments["other_draft"]
    editor = world.clients["editor"]
    for path in ["", "/review", "/history", "/editors", "/scorecard", "/scorecard.pdf", "/scorecard/what-if",
                 f"/levers/{world.lever_id}"]:
        assert editor.get(f"/assessments/{other}{path}").status_code == 404, path
    assert editor.get(f"/api/v1/assessments/{other}/scorecard").status_code == 404
    # An id that does not exist looks exactly like one you may not see.
    missing = max(world.assessments.values()) + 1000
    for path in ["", "/scorecard", "/scorecard.pdf", "/history"]:
        assert editor.get(f"/assessments/{missing}{path}").status_code == 404


def test_removal_as_editor_ends_access_in_every_session_of_that_person(app, world):
    draft = world.assessments["draft"]
    colleague_laptop = world.clients["stranger"]
    colleague_laptop.post(f"/assessments/invitations/{world.invitation_token}", {})
    colleague_phone = Browser(app.test_client())
    colleague_phone.login("stranger@example.org")
    for device in (colleague_laptop, colleague_phone):
        assert device.get(f"/assessments/{draft}/history").status_code == 200
    removed = world.clients["editor"].post(
        f"/assessments/{draft}/editors/{world.user_ids['stranger']}/remove", {}, page=f"/assessments/{draft}/editors")
    assert removed.status_code == 302
    for device in (colleague_laptop, colleague_phone):
        for path in ["", "/history", "/scorecard", "/scorecard.pdf"]:
            assert device.get(f"/assessments/{draft}{path}").status_code == 404, path
