"""Shared pieces for the tests that walk the whole URL map: a small world of
real users and assessments, URL arguments built from it, and a snapshot of
every stored row to prove that a request changed nothing."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from assessment.extensions import db
from assessment.models import Assessment, Invitation
from assessment.models._common import utcnow
from tests.conftest import Browser
from tests.web.public_helpers import approve_claim
from tests.web.survey_helpers import applicable, invite_link, lever_form, save, start

# Written into the evidence of every assessment that is not published: no
# response to anyone but its editors and administrators may contain it.
UNPUBLISHED_MARKER = "UNPUBLISHED-EVIDENCE-7f3a"
OTHER_DRAFT_MARKER = "OTHER-DRAFT-EVIDENCE-19c2"
# Who may see each marker: the team of the assessment (owner, editor,
# viewer) and the moderators.
TEAM = {"owner", "editor", "viewer", "moderator"}
MARKER_READERS = {UNPUBLISHED_MARKER: TEAM, OTHER_DRAFT_MARKER: {"other_editor", "moderator"}}
PUBLISHED_NOTE = "Published evidence note"
# `invited` holds an open invitation to the draft and has not used it;
# `removed` was an editor of all three of A's assessments and was removed.
ROLES = ("anonymous", "stranger", "invited", "removed", "other_editor", "owner", "editor", "viewer", "moderator")
EMAILS = {
    "owner": "editor@king.example.gov",
    "editor": "colleague@king.example.gov",
    "viewer": "viewer@king.example.gov",
    "invited": "invited@king.example.gov",
    "removed": "removed@king.example.gov",
    "other_editor": "editor@harris.example.gov",
    "stranger": "stranger@example.org",
    "moderator": "moderator@example.org",
}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Derived data that a GET may fill: the rendered-PDF cache (one row per
# assessment revision). Everything else must stay exactly as it was.
CACHE_TABLES = {"scorecard_pdf", "comparison_pdf"}
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


@dataclass
class World:
    """Jurisdiction A (King County, WA) has three assessments owned by `owner`,
    with `editor` and `viewer` in those roles: a draft, a submitted but
    unpublished one, and a published one. `other_editor` owns a draft of
    jurisdiction B (Harris County, TX). `stranger` is signed up and works on
    nothing; `moderator` is a moderator and works on nothing."""

    clients: dict[str, Browser]
    user_ids: dict[str, int]
    assessments: dict[str, int]
    jurisdiction_a: int
    jurisdiction_b: int
    lever_id: str
    invitation_token: str
    extra: dict = field(default_factory=dict)


def _invitation_token(browser: Browser, assessment_id: int, email: str, role: str = "editor") -> str:
    return invite_link(browser, assessment_id, email, role).rstrip("/").rsplit("/", 1)[1]


def build_world(app, make_user, places) -> World:
    ids = {role: make_user(email, is_moderator=(role == "moderator")) for role, email in EMAILS.items()}
    # The owner is a checked official of King County, so the published
    # assessment is verified and every list shows it, as in real use.
    approve_claim(app, EMAILS["owner"], jurisdiction_id=places["county"])
    clients = {"anonymous": Browser(app.test_client())}
    for role, email in EMAILS.items():
        clients[role] = Browser(app.test_client())
        clients[role].login(email)
    this_year = date.today().year
    editor = clients["owner"]
    assessments = {
        "draft": start(editor, places["county"], year=this_year),
        "submitted": start(editor, places["county"], year=this_year - 1),
        "published": start(editor, places["county"], year=this_year - 2),
        "other_draft": start(clients["other_editor"], places["texas_county"], year=this_year),
    }
    lever, questions = applicable(app, "county")[0]
    for name in ("draft", "submitted", "published", "other_draft"):
        note = {"published": PUBLISHED_NOTE, "other_draft": OTHER_DRAFT_MARKER}.get(name, UNPUBLISHED_MARKER)
        evidence = {questions[0].id: {"url": "https://king.example.gov/ordinance", "note": note}}
        owner = clients["other_editor"] if name == "other_draft" else editor
        assert save(owner, assessments[name], lever.id, lever_form(questions, evidence=evidence)).status_code == 302
    for name in ("draft", "submitted", "published"):
        for role in ("editor", "viewer", "removed"):
            token = _invitation_token(
                editor, assessments[name], EMAILS[role], "viewer" if role == "viewer" else "editor"
            )
            assert clients[role].post(f"/assessments/invitations/{token}", {}).status_code == 302
        removed = editor.post(
            f"/assessments/{assessments[name]}/editors/{ids['removed']}/remove",
            {},
            page=f"/assessments/{assessments[name]}/editors",
        )
        assert removed.status_code == 302
    token = _invitation_token(editor, assessments["draft"], EMAILS["invited"])
    with app.app_context():
        for name in ("submitted", "published"):
            row = db.session.get(Assessment, assessments[name])
            row.status, row.submitted_at = "submitted", utcnow()
        db.session.commit()
    publish_assessment(app, editor, assessments["published"])
    with app.app_context():
        invitation_id = db.session.scalars(sa.select(Invitation.id).where(Invitation.email == EMAILS["invited"])).one()
    return World(
        clients,
        ids,
        assessments,
        places["county"],
        places["texas_county"],
        lever.id,
        token,
        extra={"invitation_id": invitation_id},
    )


def publish_assessment(app, editor: Browser, assessment_id: int) -> None:
    """Through the publishing page when there is one, so that everything a
    publication stores (lists, exports) is stored as in real use."""
    if "publishing.publish" in app.view_functions:
        response = editor.post(
            f"/assessments/{assessment_id}/publish", {"checked": "y"}, page=f"/assessments/{assessment_id}/publish"
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        row = db.session.get(Assessment, assessment_id)
        if row.published_at is None:
            row.published_at = utcnow()
            db.session.commit()


def url_arguments(world: World, target: str) -> dict[str, object]:
    """A value for every URL argument name used in the URL map, from real objects.
    A route with an argument not listed here fails the walk: add it."""
    return {
        "assessment_id": world.assessments[target],
        "lever_id": world.lever_id,
        "jurisdiction_id": world.jurisdiction_a,
        "user_id": world.user_ids["editor"],
        "invitation_id": world.extra.get("invitation_id", 1),
        "token": world.invitation_token,
        # No claim or report exists in the walk: their routes answer 404 to all but moderators.
        "claim_id": 1,
        "report_id": 1,
        # No plan exists in the walk either.
        "item_id": 1,
        # No agreement is recorded in the walk: changing one answers 404.
        "agreement_id": 1,
        # No PDF job exists in the walk: retrying one answers 404 even to moderators.
        "job_id": 1,
        "filename": "css/app.css",
        "state_code": "WA",
    }


def build_url(rule, arguments: dict[str, object]) -> str:
    missing = [name for name in rule.arguments if name not in arguments]
    assert not missing, (
        f"{rule.rule}: no test value for URL argument(s) {missing}; add them to url_arguments() in "
        "tests/web/security/route_walk.py"
    )
    return rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]


def methods_of(rule) -> list[str]:
    return sorted(rule.methods - IGNORED_METHODS)


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table (but the caches), in primary-key order."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            result = {}
            for table in db.metadata.sorted_tables:
                if table.name in CACHE_TABLES:
                    continue
                order = list(table.primary_key.columns) or list(table.columns)
                result[table.name] = [tuple(row) for row in connection.execute(sa.select(table).order_by(*order))]
            return result


def visible_text(response) -> str:
    """What a reader of the response sees: the body, or a PDF's extracted text."""
    if response.mimetype == "application/pdf":
        extracted = subprocess.run(["pdftotext", "-", "-"], input=response.get_data(), capture_output=True, timeout=60)
        return extracted.stdout.decode("utf-8", "replace")
    return response.get_data(as_text=True)


def assert_no_leak(response, role: str, where: str) -> None:
    text = visible_text(response)
    for marker, readers in MARKER_READERS.items():
        assert role in readers or marker not in text, f"{where}: shows another's unpublished evidence to {role}"


def assert_security_headers(response, where: str) -> None:
    for header in SECURITY_HEADERS:
        assert response.headers.get(header), f"{where}: {response.status_code} response has no {header}"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
