"""The action plan (issue 19, points 1, 2, 3 and 6): made from a scorecard's gaps
in the scorecard's order, edited and audited, kept across regenerations and
versions, read by the right people only, signed off by section, exported as a
PDF memo and a Word document read back, and served as JSON."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from assessment.extensions import db
from assessment.models import Assessment, Editor, SectionSignOff
from assessment.scorecards.service import effects_of_gaps, scorecard_for
from tests.conftest import Browser
from tests.web.plan_helpers import (
    MET,
    OWNER,
    audit_actions,
    change_item,
    draft_with_gaps,
    make_plan,
    pdf_text,
    plan_items,
    signed_in_as,
)
from tests.web.public_helpers import approve_claim
from tests.web.scorecard_helpers import best
from tests.web.survey_helpers import applicable, invite_link, lever_form, save


@pytest.fixture
def county(app, places):
    """King County's draft (owner signed in) with its plan made: most answers the worst, a few met."""
    assessment_id = draft_with_gaps(app, places["county"])
    owner = signed_in_as(app, OWNER)
    make_plan(owner, assessment_id)
    return assessment_id, owner


def _join(app, owner: Browser, make_user, assessment_id: int, email: str, role: str) -> Browser:
    path = invite_link(owner, assessment_id, email, role)
    make_user(email)
    browser = signed_in_as(app, email)
    assert browser.post(path, {}).status_code == 302
    return browser


def test_the_plan_has_one_item_per_gap_core_first_then_points_within_reach(app, county):
    assessment_id, owner = county
    items = plan_items(app, assessment_id)
    with app.test_request_context():
        assessment = db.session.get(Assessment, assessment_id)
        scorecard = scorecard_for(assessment)
        effects = effects_of_gaps(assessment, scorecard)
        failing = set(scorecard.core.failing)
        assert {i.question_id for i in items} == {g.question_id for g in scorecard.gaps}
    assert not MET & {i.question_id for i in items}
    cores = [i.core for i in items]
    assert cores == sorted(cores, reverse=True) and cores[0] and not cores[-1]  # core items, then the rest
    assert {i.question_id for i in items if i.core} == failing
    for group in ([i for i in items if i.core], [i for i in items if not i.core]):
        reach = [i.points_within_reach or 0 for i in group]
        assert reach == sorted(reach, reverse=True)
    # The reach is the scorecard's own what-if effect, not a figure of our own.
    first = items[0]
    effect = effects[first.question_id]
    assert first.points_within_reach == round(effect.after - effect.before, 1) > 0
    # A county's jail items go to the sheriff, its ordinances to its board.
    by_question = {i.question_id: i for i in items}
    assert by_question["jail_access_release_info"].decider_key == "sheriff"
    assert by_question["local_resources_enforcement_ban"].decider_key == "council"
    page = owner.get(f"/assessments/{assessment_id}/plan").get_data(as_text=True)
    assert "For: Sheriff" in page and "For: County board of supervisors or commissioners" in page
    assert page.index("For: Sheriff") < page.index("For: County board of supervisors or commissioners")
    assert "Draft resolution" in page and "by the Sheriff of King County" in page


def test_a_city_item_goes_to_the_police_chief_and_the_city_council(app, places):
    assessment_id = draft_with_gaps(app, places["city"], met=set())
    owner = signed_in_as(app, OWNER)
    make_plan(owner, assessment_id)
    by_question = {i.question_id: i for i in plan_items(app, assessment_id)}
    assert by_question["detainers_city_lockup"].decider_key == "police"
    assert by_question["local_resources_enforcement_ban"].decider_key == "council"
    page = owner.get(f"/assessments/{assessment_id}/plan").get_data(as_text=True)
    assert "For: Police chief" in page and "For: City council" in page and "For: Sheriff" not in page


def test_only_an_owner_makes_the_plan_and_only_once(app, places, make_user):
    assessment_id = draft_with_gaps(app, places["county"])
    owner = signed_in_as(app, OWNER)
    editor = _join(app, owner, make_user, assessment_id, "editor@king.example.gov", "editor")
    assert (
        editor.post(f"/assessments/{assessment_id}/plan", {}, page=f"/assessments/{assessment_id}/plan").status_code
        == 404
    )
    page = editor.get(f"/assessments/{assessment_id}/plan").get_data(as_text=True)
    assert "There is no plan yet." in page and "Make the plan from the scorecard" not in page
    make_plan(owner, assessment_id)
    count = len(plan_items(app, assessment_id))
    again = owner.post(
        f"/assessments/{assessment_id}/plan", {}, page=f"/assessments/{assessment_id}/plan", follow_redirects=True
    )
    assert "This assessment has a plan already." in again.get_data(as_text=True)
    assert len(plan_items(app, assessment_id)) == count
    assert [e.action for e in audit_actions(app, assessment_id)].count("plan_created") == 1


def test_editors_change_items_viewers_cannot_and_every_change_is_audited(app, county, make_user):
    assessment_id, owner = county
    editor = _join(app, owner, make_user, assessment_id, "editor@king.example.gov", "editor")
    viewer = _join(app, owner, make_user, assessment_id, "viewer@king.example.gov", "viewer")
    first, second = plan_items(app, assessment_id)[:2]
    with app.app_context():
        editor_id = db.session.scalars(db.select(Editor.user_id).where(Editor.role == "editor")).one()

    response = change_item(
        editor,
        assessment_id,
        first,
        status="introduced",
        target_date="2027-03-31",
        assignee_name="Ana Ruiz, county counsel",
        budget_note="Staff time only",
        decider_name="Board of Supervisors",
    )
    assert response.status_code == 302
    assert change_item(owner, assessment_id, second, assignee_member=str(editor_id)).status_code == 302
    refused = change_item(viewer, assessment_id, first, status="implemented")
    assert refused.status_code == 404

    first, second = plan_items(app, assessment_id)[:2]
    assert (
        first.status,
        first.target_date.isoformat(),
        first.assignee_name,
        first.budget_note,
        first.decider_name,
    ) == ("introduced", "2027-03-31", "Ana Ruiz, county counsel", "Staff time only", "Board of Supervisors")
    assert second.assignee_user_id == editor_id and second.assignee_name is None
    changes = [e for e in audit_actions(app, assessment_id) if e.action == "plan_item_changed"]
    assert len(changes) == 2
    assert changes[0].old_value == {
        "question": first.question_id,
        "status": "not_started",
        "target_date": None,
        "budget_note": None,
        "assignee_name": None,
        "decider_name": None,
    }
    assert changes[0].new_value["status"] == "introduced" and changes[0].new_value["target_date"] == "2027-03-31"
    assert changes[1].new_value == {"question": second.question_id, "assignee": "editor@king.example.gov"}
    history = owner.get(f"/assessments/{assessment_id}/history").get_data(as_text=True)
    assert "Plan item changed" in history and "Plan made" in history
    page = viewer.get(f"/assessments/{assessment_id}/plan").get_data(as_text=True)
    assert "For: Board of Supervisors" in page and "Change this item" not in page
    # The same form sent again changes nothing and writes no audit row.
    assert change_item(owner, assessment_id, first).status_code == 302
    assert len([e for e in audit_actions(app, assessment_id) if e.action == "plan_item_changed"]) == 2


def test_a_bad_date_or_a_stranger_as_assignee_is_refused_plainly_and_nothing_is_saved(app, county, make_user):
    assessment_id, owner = county
    first = plan_items(app, assessment_id)[0]
    stranger_id = make_user("stranger@example.org")
    response = change_item(owner, assessment_id, first, target_date="31/03/2027", status="drafted")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Give the date as year-month-day, like 2027-03-31." in html
    assert 'value="31/03/2027"' in html  # what was typed is kept on the page
    response = change_item(owner, assessment_id, first, assignee_member=str(stranger_id))
    assert response.status_code == 422
    assert "Choose someone who works on this assessment, or type a name." in response.get_data(as_text=True)
    response = change_item(owner, assessment_id, first, status="repealed")
    assert response.status_code == 422
    assert plan_items(app, assessment_id)[0].status == "not_started"
    assert not [e for e in audit_actions(app, assessment_id) if e.action == "plan_item_changed"]


def test_making_the_plan_again_adds_new_gaps_marks_closed_ones_and_keeps_every_edit(app, county):
    assessment_id, owner = county
    items = {i.question_id: i for i in plan_items(app, assessment_id)}
    lever, questions = next((lever, qs) for lever, qs in applicable(app, "county") if lever.id == "agreements_287g")
    edited = items["agreements_287g_held"]
    assert change_item(owner, assessment_id, edited, status="adopted", assignee_name="Ana Ruiz").status_code == 302

    # The lever's answers at their best: its gaps close.
    assert save(owner, assessment_id, lever.id, lever_form(questions, choose=best)).status_code == 302
    owner.post(f"/assessments/{assessment_id}/plan/refresh", {}, page=f"/assessments/{assessment_id}/plan")
    after = {i.question_id: i for i in plan_items(app, assessment_id)}
    closed = {qid for qid, item in after.items() if item.closed_at is not None}
    assert "agreements_287g_held" in closed and closed <= {q.id for q in questions}
    assert set(after) == set(items)  # nothing deleted
    assert (after["agreements_287g_held"].status, after["agreements_287g_held"].assignee_name) == (
        "adopted",
        "Ana Ruiz",
    )
    assert max(i.position for i in after.values() if i.closed_at is None) < min(
        i.position for i in after.values() if i.closed_at is not None
    )
    page = owner.get(f"/assessments/{assessment_id}/plan").get_data(as_text=True)
    assert "Closed items" in page and "the scorecard no longer counts this as a gap" in page

    # Worse again, and a gap that was met before: reopened and added, the edits still there.
    worse = lever_form(
        questions,
        choose=lambda q: (
            min(q.options, key=lambda o: o.points).id
            if q.kind == "single"
            else [min(q.options, key=lambda o: o.points).id]
        ),
    )
    assert save(owner, assessment_id, lever.id, worse).status_code == 302
    detainers, detainer_questions = next((lv, qs) for lv, qs in applicable(app, "county") if lv.id == "detainers")
    weaker = lever_form(
        detainer_questions, choose=lambda q: "honors_all" if q.id == "detainers_hold_refusal" else best(q)
    )
    assert save(owner, assessment_id, detainers.id, weaker).status_code == 302
    owner.post(f"/assessments/{assessment_id}/plan/refresh", {}, page=f"/assessments/{assessment_id}/plan")
    final = {i.question_id: i for i in plan_items(app, assessment_id)}
    assert final["agreements_287g_held"].closed_at is None and final["agreements_287g_held"].status == "adopted"
    assert final["detainers_hold_refusal"].core and list(final.values()) != []
    refreshes = [e.new_value for e in audit_actions(app, assessment_id) if e.action == "plan_refreshed"]
    assert "agreements_287g_held" in refreshes[0]["closed"]
    assert "agreements_287g_held" in refreshes[1]["reopened"] and "detainers_hold_refusal" in refreshes[1]["added"]


def test_the_plan_carries_on_to_a_new_version_of_the_assessment(app, county):
    from assessment.models import User
    from assessment.publishing.operations import publish
    from assessment.publishing.versions import new_version

    assessment_id, owner = county
    first = plan_items(app, assessment_id)[0]
    change_item(owner, assessment_id, first, status="drafted")
    approve_claim(app, OWNER, jurisdiction_id=db_jurisdiction(app, assessment_id))
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        user = db.session.scalars(db.select(User).where(User.email == OWNER)).one()
        assessment.status = "submitted"
        publish(assessment, user)
        draft_id = new_version(assessment, user).id
        db.session.commit()
    # The old version's page reads the same plan; changing it starts from the newest version.
    assert owner.get(f"/assessments/{draft_id}/plan").status_code == 200
    assert plan_items(app, draft_id)[0].status == "drafted"
    stale = owner.post(
        f"/assessments/{assessment_id}/plan/refresh",
        {},
        page=f"/assessments/{assessment_id}/plan",
        follow_redirects=True,
    )
    assert "A newer version of this assessment exists" in stale.get_data(as_text=True)
    owner.post(f"/assessments/{draft_id}/plan/refresh", {}, page=f"/assessments/{draft_id}/plan")
    assert plan_items(app, draft_id)[0].status == "drafted"


def db_jurisdiction(app, assessment_id: int) -> int:
    with app.app_context():
        return db.session.get(Assessment, assessment_id).jurisdiction_id


def _paths(assessment_id: int) -> list[str]:
    return [
        f"/assessments/{assessment_id}/plan",
        f"/assessments/{assessment_id}/plan.pdf",
        f"/assessments/{assessment_id}/plan.docx",
        f"/api/v1/assessments/{assessment_id}/plan",
    ]


def test_outsiders_get_404_and_the_public_sees_the_plan_only_once_both_are_published(app, county, make_user):
    from assessment.models import User
    from assessment.publishing.operations import publish

    assessment_id, owner = county
    colleague = _join(app, owner, make_user, assessment_id, "colleague@king.example.gov", "viewer")
    with app.app_context():
        colleague_id = db.session.scalars(db.select(User.id).where(User.email == "colleague@king.example.gov")).one()
    change_item(owner, assessment_id, plan_items(app, assessment_id)[0], assignee_member=str(colleague_id))
    make_user("stranger@example.org")
    stranger = signed_in_as(app, "stranger@example.org")
    anonymous = Browser(app.test_client())
    for path in _paths(assessment_id):
        assert colleague.get(path).status_code == 200, path
        assert stranger.get(path).status_code == 404, path
        assert anonymous.get(path).status_code == 404, path
    # Published by the owner, but the assessment is a draft: still the team's only.
    assert (
        colleague.post(
            f"/assessments/{assessment_id}/plan/publish", {}, page=f"/assessments/{assessment_id}/plan"
        ).status_code
        == 404
    )
    owner.post(f"/assessments/{assessment_id}/plan/publish", {}, page=f"/assessments/{assessment_id}/plan")
    assert anonymous.get(_paths(assessment_id)[0]).status_code == 404
    approve_claim(app, OWNER, jurisdiction_id=db_jurisdiction(app, assessment_id))
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assessment.status = "submitted"
        publish(assessment, db.session.scalars(db.select(User).where(User.email == OWNER)).one())
        db.session.commit()
    for path in _paths(assessment_id):
        assert anonymous.get(path).status_code == 200, path
    public = anonymous.get(_paths(assessment_id)[0]).get_data(as_text=True)
    assert "colleague@king.example.gov" not in public and "A member of the team" in public
    assert "Change this item" not in public and "Update the plan" not in public
    assert "Open the action plan" in anonymous.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    # Made private again: 404 for the public, the team still reads it.
    owner.post(f"/assessments/{assessment_id}/plan/unpublish", {}, page=f"/assessments/{assessment_id}/plan")
    for path in _paths(assessment_id):
        assert anonymous.get(path).status_code == 404, path
        assert colleague.get(path).status_code == 200, path
    assert "Open the action plan" not in anonymous.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    actions = [e.action for e in audit_actions(app, assessment_id)]
    assert "plan_published" in actions and "plan_unpublished" in actions


def _sign_off(browser, assessment_id, levers, name="Maria Lopez", title="Counsel to the sheriff", day="2026-11-20"):
    data = [("levers", lever) for lever in levers] + [
        ("reviewer_name", name),
        ("reviewer_title", title),
        ("reviewed_on", day),
    ]
    return browser.post(f"/assessments/{assessment_id}/sign-offs", data, page=f"/assessments/{assessment_id}/sign-offs")


def test_a_sign_off_shows_on_the_scorecard_and_plan_and_a_changed_answer_clears_it(app, county, make_user):
    assessment_id, owner = county
    viewer = _join(app, owner, make_user, assessment_id, "viewer@king.example.gov", "viewer")
    assert _sign_off(viewer, assessment_id, ["detainers"]).status_code == 404
    assert _sign_off(owner, assessment_id, ["detainers", "jail_access"]).status_code == 302
    for path in ("scorecard", "plan"):
        page = owner.get(f"/assessments/{assessment_id}/{path}").get_data(as_text=True)
        assert page.count("reviewed by Maria Lopez, Counsel to the sheriff, on 20 November 2026.") == 2, path

    lever, questions = next((lv, qs) for lv, qs in applicable(app, "county") if lv.id == "detainers")
    unchanged = lever_form(
        questions,
        choose=lambda q: (
            best(q)
            if q.id in MET
            else (
                min(q.options, key=lambda o: o.points).id
                if q.kind == "single"
                else [min(q.options, key=lambda o: o.points).id]
            )
        ),
    )
    assert save(owner, assessment_id, lever.id, unchanged).status_code == 302  # the same answers: nothing changed
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count()).select_from(SectionSignOff).where(SectionSignOff.cleared_at.is_(None))
            )
            == 2
        )
    changed = [(name, "honors_some" if name == "detainers_hold_refusal" else value) for name, value in unchanged]
    assert save(owner, assessment_id, lever.id, changed).status_code == 302

    with app.app_context():
        rows = {row.lever_id: row for row in db.session.scalars(db.select(SectionSignOff))}
        assert (
            rows["detainers"].cleared_at is not None
            and rows["detainers"].cleared_by_question_id == "detainers_hold_refusal"
        )
        assert rows["jail_access"].cleared_at is None
        day = rows["detainers"].cleared_at
    prompt = "Does the jail keep people past their release time because of an ICE detainer?"
    expected = f"Sign-off cleared because the answer to “{prompt}” changed on {day.day} {day:%B %Y}."
    for path in ("scorecard", "plan", "sign-offs"):
        page = owner.get(f"/assessments/{assessment_id}/{path}").get_data(as_text=True)
        assert expected in page, path
        assert "reviewed by Maria Lopez, Counsel to the sheriff, on 20 November 2026." in page, path
    cleared = [e for e in audit_actions(app, assessment_id) if e.action == "signoff_cleared"]
    assert [e.new_value["because"] for e in cleared] == ["detainers_hold_refusal"]
    history = owner.get(f"/assessments/{assessment_id}/history").get_data(as_text=True)
    assert "Sign-off cleared" in history and "Section signed off" in history


def test_a_sign_off_needs_a_section_a_name_a_title_and_a_past_date(app, county):
    assessment_id, owner = county
    cases = [
        ([], "Maria Lopez", "Counsel", "2026-11-20", "Choose at least one section that was reviewed."),
        (["detainers"], "", "Counsel", "2026-11-20", "Give the name of the person who reviewed the section."),
        (["detainers"], "Maria Lopez", " ", "2026-11-20", "Give the title of the person who reviewed the section."),
        (["detainers"], "Maria Lopez", "Counsel", "", "Give the date of the review."),
        (["detainers"], "Maria Lopez", "Counsel", "2099-01-01", "The date of the review cannot be in the future."),
        (["detainers"], "Maria Lopez", "Counsel", "next week", "Give the date as year-month-day, like 2027-03-31."),
        (["no_such_lever"], "Maria Lopez", "Counsel", "2026-11-20", "Choose at least one section that was reviewed."),
    ]
    for levers, name, title, day, message in cases:
        response = _sign_off(owner, assessment_id, levers, name, title, day)
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True), message
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SectionSignOff)) == 0


def _typical(app, places) -> tuple[int, Browser]:
    """A county with about two questions in three met: a typical plan (some 40 items)."""
    from tests.web.survey_helpers import questionnaire_of

    questions = [q for _lever, qs in applicable(app, "county") for q in qs]
    met = {q.id for index, q in enumerate(questions) if index % 3} | MET
    assessment_id = draft_with_gaps(app, places["county"], met=met)
    owner = signed_in_as(app, OWNER)
    make_plan(owner, assessment_id)
    assert questionnaire_of(app)
    return assessment_id, owner


def test_the_memo_pdf_reads_back_with_scores_groups_model_laws_resolutions_and_the_disclaimer(app, places):
    assessment_id, owner = _typical(app, places)
    items = plan_items(app, assessment_id)
    change_item(owner, assessment_id, items[0], status="drafted", target_date="2027-03-31", assignee_name="Ana Ruiz")
    _sign_off(owner, assessment_id, ["jail_access"])
    response = owner.get(f"/assessments/{assessment_id}/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "plan-king-county-wa-2026.pdf" in response.headers["Content-Disposition"]
    reader = PdfReader(BytesIO(response.data))
    assert 2 <= len(reader.pages) <= 4
    text = pdf_text(response.data)
    flat = " ".join(text.split())
    assert "Action plan on immigrant protections: King County, WA, 2026" in flat
    assert "Current protections:" in flat and "Next-level reforms:" in flat and "Overall:" in flat
    assert "It is not legal advice" in flat
    assert "reviewed by Maria Lopez, Counsel to the sheriff, on 20 November 2026." in flat
    groups = [line.strip() for line in text.splitlines() if line.strip().startswith("For: ")]
    with app.test_request_context():
        from assessment.models import ActionPlan
        from assessment.plans.reading import plan_view

        plan = db.session.scalars(db.select(ActionPlan)).one()
        view = plan_view(plan, db.session.get(Assessment, assessment_id), "en")
        expected = [f"For: {group.decider}" for group in view.groups]
        resolutions = [e for e in view.entries if e.resolution]
    assert groups == expected and "For: Sheriff" in groups
    assert resolutions and "Draft resolution" in flat
    assert " ".join(resolutions[0].resolution.split()) in flat and "of King County" in resolutions[0].resolution
    assert "Status: Drafted" in flat and "Target date: 31 March 2027" in flat and "Who carries it: Ana Ruiz" in flat
    first_law = next(e for e in view.entries if e.model_laws).model_laws[0]["title"]
    assert first_law in flat


def test_the_word_memo_reads_back_with_the_same_groups_resolutions_and_disclaimer(app, places):
    assessment_id, owner = _typical(app, places)
    response = owner.get(f"/assessments/{assessment_id}/plan.docx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = Document(BytesIO(response.data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    headings = [text for style, text in paragraphs if style == "Heading 2"]
    pdf_groups = [
        line.strip()
        for line in pdf_text(owner.get(f"/assessments/{assessment_id}/plan.pdf").data).splitlines()
        if line.strip().startswith("For: ")
    ]
    assert [h for h in headings if h.startswith("For: ")] == pdf_groups
    assert paragraphs[0] == ("Heading 1", "Action plan on immigrant protections: King County, WA, 2026")
    texts = [text for _style, text in paragraphs]
    assert sum("It is not legal advice" in text for text in texts) == 2  # at the top and at the end
    assert any(text.startswith("Scores: Current protections:") for text in texts)
    quotes = [text for style, text in paragraphs if style == "Quote"]
    assert quotes and all("King County" in q and "{" not in q for q in quotes)
    assert any(text.startswith("Model law: ") for style, text in paragraphs if style == "List Bullet")
    assert document.core_properties.title == "Action plan on immigrant protections: King County, WA, 2026"


def test_the_api_gives_items_with_owner_status_dates_and_question(app, county):
    assessment_id, owner = county
    first = plan_items(app, assessment_id)[0]
    change_item(owner, assessment_id, first, status="in_force", target_date="2027-01-15", assignee_name="Ana Ruiz")
    response = owner.get(f"/api/v1/assessments/{assessment_id}/plan")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    body = response.get_json()
    assert set(body) == {"assessment", "plan", "items", "sign_offs"}
    assert body["assessment"]["id"] == assessment_id and body["assessment"]["jurisdiction"]["type"] == "county"
    assert body["plan"]["published"] is False
    item = body["items"][0]
    assert set(item) == {
        "id",
        "question",
        "lever",
        "prompt",
        "core",
        "points_within_reach",
        "decider",
        "decider_id",
        "status",
        "status_label",
        "target_date",
        "assignee",
        "budget_note",
        "closed",
        "closed_on",
        "model_laws",
        "has_resolution",
        "updated_on",
    }
    assert (item["question"], item["status"], item["target_date"], item["assignee"]) == (
        first.question_id,
        "in_force",
        "2027-01-15",
        "Ana Ruiz",
    )
    assert [i["question"] for i in body["items"]] == [i.question_id for i in plan_items(app, assessment_id)]
    missing = owner.get("/api/v1/assessments/999999/plan")
    assert missing.status_code == 404 and missing.is_json
