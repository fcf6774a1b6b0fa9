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

from assessment.scorecards import service as scorecard_service
from tests.conftest import Browser

from .route_walk import (
    ROLES,
    World,
    assert_no_leak,
    assert_security_headers,
    build_url,
    build_world,
    methods_of,
    snapshot,
    url_arguments,
)

LOGIN = "redirect to sign-in"
STUB_PDF = b"%PDF-1.4\n% a stand-in for the rendered scorecard\n%%EOF\n"


def _statuses(anonymous, outsider, owner, editor, viewer, moderator) -> dict:
    """Outsiders: a stranger, someone invited who has not joined, someone
    removed, and the owner of another place's draft: all answered alike."""
    return {
        "anonymous": anonymous,
        "stranger": outsider,
        "invited": outsider,
        "removed": outsider,
        "other_editor": outsider,
        "owner": owner,
        "editor": editor,
        "viewer": viewer,
        "moderator": moderator,
    }


EVERYONE = _statuses(200, 200, 200, 200, 200, 200)
SIGNED_IN = _statuses(LOGIN, 200, 200, 200, 200, 200)
# The team's pages: every role, and moderators, who read and change nothing.
TEAM = _statuses(LOGIN, 404, 200, 200, 200, 200)
# Changing answers: owners and editors; a published version sends them to
# its overview (it is frozen).
CHANGERS = _statuses(LOGIN, 404, 200, 200, 404, 404)
CHANGERS_PUBLISHED = _statuses(LOGIN, 404, 302, 302, 404, 404)
# Publishing: owners only; anything but a submitted, unpublished version
# sends them back to its overview.
OWNERS = _statuses(LOGIN, 404, 302, 404, 404, 404)
# Scorecards need no sign-in once published; before that only the
# assessment's team and the moderators see them.
VIEWERS = _statuses(404, 404, 200, 200, 200, 200)
NOBODY = _statuses(404, 404, 404, 404, 404, 404)
# Everything under /moderation: moderators only, 404 for everyone else.
MODERATORS = _statuses(404, 404, 404, 404, 404, 200)


@dataclass(frozen=True)
class Access:
    statuses: dict
    published: dict | None = None  # for the published assessment, if different
    submitted: dict | None = None  # for the submitted, unpublished one, if different
    query: object = None  # world -> query string arguments the route needs


GET_ACCESS: dict[str, Access] = {
    "main.home": Access(EVERYONE),
    "main.about": Access(EVERYONE),
    "static": Access(EVERYONE),
    "auth.login": Access(EVERYONE),
    "auth.register": Access(EVERYONE),
    "auth.account": Access(SIGNED_IN),
    "auth.confirm_email": Access(SIGNED_IN),
    "auth.forgot_password": Access(EVERYONE),
    "auth.two_step_on": Access(SIGNED_IN),
    # Mailed links: the walk's token is an invitation's, which is no confirmation
    # or reset token, so everyone gets the "link does not work" page.
    "auth.confirm_link": Access(NOBODY),
    "auth.reset_password": Access(NOBODY),
    # Only right after a password is checked, in that browser (tests/web/auth/test_sessions_and_two_step.py).
    "auth.login_code": Access(NOBODY),
    "jurisdictions.find": Access(EVERYONE),
    "jurisdictions.suggest": Access(EVERYONE),
    "jurisdictions.show": Access(EVERYONE),
    "jurisdictions.new": Access(SIGNED_IN),
    "scorecards.methodology_page": Access(EVERYONE),
    "scorecards.methodology_pdf": Access(EVERYONE),
    "api.questionnaire_json": Access(EVERYONE),
    "api.openapi_json": Access(EVERYONE),
    "survey.mine": Access(SIGNED_IN),
    # The invitation token is the permission: any signed-in person holding it may see it.
    "survey.invitation": Access(SIGNED_IN),
    "survey.overview": Access(TEAM),
    "survey.lever": Access(CHANGERS, published=CHANGERS_PUBLISHED),
    "survey.review": Access(TEAM),
    "survey.editors": Access(TEAM),
    "survey.history": Access(TEAM),
    "survey.resume": Access({**CHANGERS, "owner": 302, "editor": 302}),
    "publishing.preview": Access(OWNERS, submitted={**OWNERS, "owner": 200}),
    "scorecards.show": Access(VIEWERS, published=EVERYONE),
    "scorecards.what_if": Access(VIEWERS, published=EVERYONE),
    "scorecards.pdf": Access(VIEWERS, published=EVERYONE),
    "scorecards.answers_pdf": Access(VIEWERS, published=EVERYONE),
    "api.scorecard_json": Access(VIEWERS, published=EVERYONE),
    # Publishing, directory, comparison and open data (issue 4): public, and
    # built from published assessments only (the walk checks that no
    # unpublished evidence shows up in them).
    "directory.index": Access(EVERYONE),
    # A state's page and county map (issue 16): public.
    "maps.state": Access(EVERYONE),
    "compare.show": Access(EVERYONE, query=lambda w: {"j": [w.jurisdiction_a, w.jurisdiction_b]}),
    "compare.csv_download": Access(EVERYONE, query=lambda w: {"j": [w.jurisdiction_a, w.jurisdiction_b]}),
    "compare.pdf_download": Access(EVERYONE, query=lambda w: {"j": [w.jurisdiction_a, w.jurisdiction_b]}),
    # Jurisdiction A is a county, and this page exists for cities only, so it
    # is 404 for everyone here; its access rule is the scorecard's (load_assessment "view").
    "compare.county_jail": Access(_statuses(404, 404, 404, 404, 404, 404)),
    "open_data.index": Access(EVERYONE),
    "open_data.api_page": Access(EVERYONE),
    "open_data.scorecards_csv": Access(EVERYONE),
    "open_data.scorecards_json": Access(EVERYONE),
    "open_data.scorecards_api": Access(EVERYONE),
    "open_data.jurisdiction_json": Access(EVERYONE),
    # Claims and reports (issue 15): a claim needs an account; anyone may report a published scorecard.
    "claims.new": Access(SIGNED_IN),
    "reports.report": Access(NOBODY, published=EVERYONE),
    "reports.thanks": Access(NOBODY, published=EVERYONE),
    # The action plan (issue 19). The walk's assessments have no plan: the team sees the page
    # that offers to make one; its documents and JSON are 404 until there is a plan
    # (tests/web/plans/test_plans.py walks a world with a plan, published and not).
    "plans.show": Access(VIEWERS),
    "plans.sign_offs": Access(TEAM),
    "plans.memo_pdf_download": Access(NOBODY),
    "plans.memo_docx_download": Access(NOBODY),
    "plan_api.plan_json": Access(NOBODY),
    "moderation.queue": Access(MODERATORS),
    "moderation.history": Access(MODERATORS),
    "moderation.accounts": Access(MODERATORS),
    "pdf_jobs.show": Access(MODERATORS),
    "moderation.withdraw": Access(MODERATORS),
    # The agreements watch and next year from last year (issue 19): the team's
    # records; the walk's agreement id does not exist, so changing one is 404 for all.
    "agreements.index": Access(TEAM),
    "agreements.new": Access(CHANGERS),
    "agreements.edit": Access(_statuses(LOGIN, 404, 404, 404, 404, 404)),
    "agreements.upcoming": Access(EVERYONE),
    "carryover.show": Access(TEAM),
}

# POSTs that act on one assessment: outsiders get 404 (anonymous people are
# sent to sign in) and nothing changes. The editor's own posts are covered
# by the survey tests; here they would change the world under the walk.
OUTSIDERS_REFUSED = _statuses(LOGIN, 404, None, None, None, 404)
# Posts only owners may make: editors and viewers are refused like outsiders.
OWNERS_ONLY = _statuses(LOGIN, 404, None, 404, 404, 404)
# Changing answers: viewers are refused too.
CHANGERS_ONLY = _statuses(LOGIN, 404, None, None, 404, 404)
# Forms that are not tied to anybody's assessment. Their refusals of bad
# input are tested in test_form_fuzzing.py, their CSRF checks in
# test_csrf_and_safe_methods.py.
OPEN_FORM = None

POST_ACCESS: dict[str, dict | None] = {
    "auth.login": OPEN_FORM,
    "auth.register": OPEN_FORM,
    "auth.account": OPEN_FORM,
    "auth.logout": OPEN_FORM,
    "auth.resend_confirmation": OPEN_FORM,
    "auth.confirm_link": OPEN_FORM,
    "auth.forgot_password": OPEN_FORM,
    "auth.reset_password": OPEN_FORM,
    "auth.two_step_on": OPEN_FORM,
    "auth.two_step_off": OPEN_FORM,
    "auth.login_code": OPEN_FORM,
    "jurisdictions.new": OPEN_FORM,
    "survey.start": OPEN_FORM,
    "survey.invitation": OPEN_FORM,
    # A signed-out save comes back as the sign-in page (401) with the answers kept.
    "survey.save_lever": {**CHANGERS_ONLY, "anonymous": 401},
    "survey.submit": CHANGERS_ONLY,
    "survey.invite": OWNERS_ONLY,
    "survey.revoke_invitation": OWNERS_ONLY,
    "survey.change_role": OWNERS_ONLY,
    # The URL names the editor; only they (leaving) or an owner may.
    "survey.remove_editor": {**OWNERS_ONLY, "editor": None},
    "publishing.publish": OWNERS_ONLY,
    "publishing.withdraw": OWNERS_ONLY,
    "publishing.new_version": CHANGERS_ONLY,
    # The action plan: owners make and publish it, owners and editors change it and sign off sections.
    "plans.create": OWNERS_ONLY,
    "plans.publish": OWNERS_ONLY,
    "plans.unpublish": OWNERS_ONLY,
    "plans.refresh": CHANGERS_ONLY,
    "plans.change_item": CHANGERS_ONLY,
    "plans.record_sign_off": CHANGERS_ONLY,
    # The language switch only sets a preference cookie for whoever presses it.
    "language.switch": OPEN_FORM,
    # Claims and reports are forms open to their makers (tests/web/claims/test_claims.py,
    # tests/web/reports/test_reports.py).
    "claims.new": OPEN_FORM,
    "reports.report": OPEN_FORM,
    # Only the assessment's owners reply to a report (there is none in the walk).
    "reports.reply": {**OUTSIDERS_REFUSED, "editor": 404},
    # Agreement records: owners and editors (tests/web/agreements/test_agreements.py); the walk's id does not
    # exist.
    "agreements.new": CHANGERS_ONLY,
    "agreements.edit": {**CHANGERS_ONLY, "owner": 404, "editor": 404},
    "agreements.remove": {**CHANGERS_ONLY, "owner": 404, "editor": 404},
    # The moderators' actions change the world under the walk: tested in tests/web/moderation/test_moderation.py.
    **{
        endpoint: _statuses(404, 404, 404, 404, 404, None)
        for endpoint in (
            "moderation.approve_claim",
            "moderation.refuse_claim",
            "moderation.dismiss_report",
            "moderation.uphold_report",
            "moderation.withdraw",
            "moderation.approve_place",
            "moderation.refuse_place",
            "moderation.merge_place",
            "moderation.remove_place",
            "pdf_jobs.retry",
            *(f"moderation.account_{name}" for name in ("reset", "suspend", "restore", "grant", "revoke")),
        )
    },
}


@pytest.fixture
def world(app, make_user, places, monkeypatch) -> World:
    # Who gets a scorecard PDF is what matters here; rendering one takes
    # seconds and is tested with the PDF itself (tests/unit/pdf/test_pdf.py,
    # test_output_escaping.py). The view, its access check, its cache and its
    # headers all still run.
    monkeypatch.setattr(scorecard_service, "render_scorecard_pdf", lambda scorecard, context, **extras: STUB_PDF)
    monkeypatch.setattr(scorecard_service, "render_answers_pdf", lambda scorecard, context, links=None: STUB_PDF)
    return build_world(app, make_user, places)


def _targets(rule) -> list[str]:
    return ["draft", "submitted", "published"] if "assessment_id" in rule.arguments else ["draft"]


def _check(response, expected, where: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers.get("Location", ""), (
            f"{where}: expected a redirect to sign in, got {response.status_code}"
        )
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
        "Routes without an access rule; classify them in tests/web/security/test_access_matrix.py: "
        + ", ".join(unclassified)
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
            expected = {"published": access.published, "submitted": access.submitted}.get(target) or access.statuses
            for role in ROLES:
                # Closed, or a static file's response keeps it open (ResourceWarning).
                with world.clients[role].get(url, query_string=query) as response:
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
                # As a browser posting from one of our pages says (web/recovery.py, RT-09).
                response = world.clients[role].client.post(url, data=body, headers={"Sec-Fetch-Site": "same-origin"})
                _check(response, status, f"POST {url} as {role} ({target})")
                assert snapshot(app) == before, f"POST {url} as {role} changed stored data"
                checked += 1
    assert checked >= 4 * 4 * 3


def test_another_jurisdictions_editor_never_sees_its_drafts_by_id(app, world):
    # The other way round from the walk: A's editor asks for B's draft.
    other = world.assessments["other_draft"]
    editor = world.clients["owner"]
    for path in [
        "",
        "/review",
        "/history",
        "/editors",
        "/scorecard",
        "/scorecard.pdf",
        "/scorecard/what-if",
        f"/levers/{world.lever_id}",
    ]:
        assert editor.get(f"/assessments/{other}{path}").status_code == 404, path
    assert editor.get(f"/api/v1/assessments/{other}/scorecard").status_code == 404
    # An id that does not exist looks exactly like one you may not see.
    missing = max(world.assessments.values()) + 1000
    for path in ["", "/scorecard", "/scorecard.pdf", "/history"]:
        assert editor.get(f"/assessments/{missing}{path}").status_code == 404


def test_removal_as_editor_ends_access_in_every_session_of_that_person(app, world):
    draft = world.assessments["draft"]
    colleague_laptop = world.clients["invited"]
    colleague_laptop.post(f"/assessments/invitations/{world.invitation_token}", {})
    colleague_phone = Browser(app.test_client())
    colleague_phone.login("invited@king.example.gov")
    for device in (colleague_laptop, colleague_phone):
        assert device.get(f"/assessments/{draft}/history").status_code == 200
    removed = world.clients["owner"].post(
        f"/assessments/{draft}/editors/{world.user_ids['invited']}/remove", {}, page=f"/assessments/{draft}/editors"
    )
    assert removed.status_code == 302
    for device in (colleague_laptop, colleague_phone):
        for path in ["", "/history", "/scorecard", "/scorecard.pdf"]:
            assert device.get(f"/assessments/{draft}{path}").status_code == 404, path
