from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from assessment.content.model import DONT_KNOW
from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, Editor, Jurisdiction, User
from tests.conftest import Browser
from tests.web.survey_helpers import (
    applicable,
    best_form_value,
    invite_link,
    lever_form,
    questionnaire_of,
    save,
    saved_answers,
    start,
)


def test_starting_makes_you_the_editor_and_records_the_version(app, official, places):
    assessment_id = start(official, places["county"])
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.questionnaire_version == questionnaire_of(app).version
        assert assessment.year == 2026 and assessment.status == "draft"
        assert [(e.user.email, e.role) for e in assessment.editors] == [("official@example.gov", "owner")]


def test_only_questions_for_the_jurisdiction_type_are_asked(app, official, places):
    county_levers = applicable(app, "county")
    city_levers = applicable(app, "city")
    county_only = {q.id for _, qs in county_levers for q in qs} - {q.id for _, qs in city_levers for q in qs}
    assert county_only, "the questionnaire should have county-only (jail) questions"
    city_id = start(official, places["city"])
    for lever, _questions in city_levers:
        page = official.get(f"/assessments/{city_id}/levers/{lever.id}").get_data(as_text=True)
        for question_id in county_only:
            assert f'name="{question_id}"' not in page
    both_id = start(official, places["city_county"])
    overview = official.get(f"/assessments/{both_id}").get_data(as_text=True)
    total = sum(len(qs) for _, qs in applicable(app, "city_county"))
    assert f"of {total} questions" in overview


def test_save_and_resume_where_you_left_off(app, official, places):
    assessment_id = start(official, places["county"])
    levers = applicable(app, "county")
    (first, first_qs), (second, second_qs) = levers[0], levers[1]
    response = save(official, assessment_id, first.id, lever_form(first_qs))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/levers/{second.id}")
    partial = lever_form(second_qs[:1]) if len(second_qs) > 1 else []
    save(official, assessment_id, second.id, partial + [("go", "overview")])
    saved = saved_answers(app, assessment_id)
    assert {q.id for q in first_qs} <= set(saved)
    # Days later, a new session: Continue goes back to the unfinished page.
    later = Browser(app.test_client())
    later.login("official@example.gov")
    resume = later.get(f"/assessments/{assessment_id}/continue")
    assert resume.headers["Location"].endswith(f"/levers/{second.id}")
    page = later.get(f"/assessments/{assessment_id}/levers/{first.id}").get_data(as_text=True)
    for question in first_qs:
        value = best_form_value(question)
        for v in value if isinstance(value, list) else [value]:
            assert f'name="{question.id}" value="{v}" checked' in page


def test_every_kind_of_answer_is_saved(app, official, places):
    assessment_id = start(official, places["city_county"])
    q = questionnaire_of(app)
    levers = applicable(app, "city_county")
    multi = next(qn for _, qs in levers for qn in qs if qn.kind == "multi")
    single = next(qn for _, qs in levers for qn in qs if qn.kind == "single")
    na = next(qn for _, qs in levers for qn in qs if qn.not_applicable_when)
    condition = na.not_applicable_when[0].id
    for question, data, expected in [
        (single, [(single.id, single.options[0].id)], single.options[0].id),
        (
            multi,
            [(multi.id, o.id) for o in multi.options if not o.exclusive][:2],
            sorted([o.id for o in multi.options if not o.exclusive][:2]),
        ),
        (single, [(single.id, DONT_KNOW)], DONT_KNOW),
        (na, [(na.id, "not_applicable"), (f"{na.id}__reason", condition)], {"not_applicable": condition}),
    ]:
        lever = q.lever(question.lever_id)
        response = save(official, assessment_id, lever.id, data)
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        value = saved_answers(app, assessment_id)[question.id]
        assert (sorted(value) if isinstance(value, list) else value) == (
            sorted(expected) if isinstance(expected, list) else expected
        )


def test_evidence_is_saved_and_bad_urls_are_refused_without_losing_anything(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    question = questions[0]
    good = lever_form(
        questions,
        evidence={
            question.id: {
                "url": "https://kingcounty.gov/ord-18665",
                "citation": "Ord. 18665, 2018",
                "note": "Section 2",
            }
        },
    )
    assert save(official, assessment_id, lever.id, good).status_code == 302
    for bad in ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "data:text/html,hi", "not a url"]:
        response = save(
            official,
            assessment_id,
            lever.id,
            lever_form(
                questions,
                choose=lambda q: q.options[0].id if q.kind == "single" else [q.options[0].id],
                evidence={question.id: {"url": bad}},
            ),
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "starts with http:// or https://" in page
        assert 'href="#' + question.id + '__url"' in page  # the error summary links to the field
    with app.app_context():
        answer = db.session.get(Assessment, assessment_id).answers_by_question()[question.id]
        assert answer.evidence_url == "https://kingcounty.gov/ord-18665"
        assert answer.evidence_citation == "Ord. 18665, 2018"
        assert answer.value == best_form_value(question) or sorted(answer.value) == sorted(best_form_value(question))


def test_not_applicable_needs_one_of_the_listed_conditions(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    question = questions[0]
    assert question.not_applicable_when
    for reason in ("", "We would rather not say"):
        response = save(
            official, assessment_id, lever.id, [(question.id, "not_applicable"), (f"{question.id}__reason", reason)]
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Choose the condition that makes this question not apply here." in page
        assert question.not_applicable_when[0].label in page  # the conditions are offered on the page
    assert question.id not in saved_answers(app, assessment_id)


def test_a_question_without_conditions_offers_no_not_applicable_and_refuses_one(app, official, places):
    assessment_id = start(official, places["county"])
    q = questionnaire_of(app)
    question = q.question("local_resources_enforcement_ban")
    assert not question.not_applicable_when
    page = official.get(f"/assessments/{assessment_id}/levers/{question.lever_id}").get_data(as_text=True)
    assert f'name="{question.id}" value="not_applicable"' not in page
    assert 'value="not_applicable"' in official.get(f"/assessments/{assessment_id}/levers/detainers").get_data(
        as_text=True
    )
    response = save(official, assessment_id, question.lever_id, [(question.id, "not_applicable")])
    assert response.status_code == 422 and question.id not in saved_answers(app, assessment_id)


def test_exclusive_choices_cannot_be_combined(app, official, places):
    assessment_id = start(official, places["city_county"])
    multi = next(qn for _, qs in applicable(app, "city_county") for qn in qs if qn.kind == "multi")
    response = save(official, assessment_id, multi.lever_id, [(multi.id, multi.options[0].id), (multi.id, DONT_KNOW)])
    assert response.status_code == 422
    assert "cannot be combined" in response.get_data(as_text=True)


def test_tampered_option_id_gets_a_clear_message(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    save(official, assessment_id, lever.id, lever_form(questions))
    before = saved_answers(app, assessment_id)
    response = save(official, assessment_id, lever.id, [(questions[0].id, "<script>alert(1)</script>")])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is not one of the answers to this question" in page
    assert "<script>alert(1)" not in page
    assert saved_answers(app, assessment_id) == before


def test_question_from_another_lever_is_refused(app, official, places):
    assessment_id = start(official, places["county"])
    (lever, questions), (other_lever, other_questions) = applicable(app, "county")[:2]
    data = lever_form(questions) + [(other_questions[0].id, other_questions[0].options[0].id)]
    response = save(official, assessment_id, lever.id, data)
    assert response.status_code == 400
    assert "questions that are not on it" in response.get_data(as_text=True)
    assert saved_answers(app, assessment_id) == {}


def test_oversized_post_is_refused_and_nothing_is_lost(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    save(official, assessment_id, lever.id, lever_form(questions))
    before = saved_answers(app, assessment_id)
    huge = lever_form(questions, evidence={questions[0].id: {"note": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)}})
    response = save(official, assessment_id, lever.id, huge)
    assert response.status_code == 413
    assert "larger than we accept" in response.get_data(as_text=True)
    assert saved_answers(app, assessment_id) == before


@pytest.mark.parametrize("revision", ["abc", "-1", "999999999999999999999", ""])
def test_malformed_revision_never_errors(app, official, places, revision):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    response = save(official, assessment_id, lever.id, lever_form(questions) + [("revision", revision)])
    # Not a revision any page showed: the save compares with every saved answer, and there are none yet.
    assert response.status_code == 302


def test_too_long_text_is_refused_with_a_message(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    response = save(
        official, assessment_id, lever.id, lever_form(questions, evidence={questions[0].id: {"citation": "c" * 301}})
    )
    assert response.status_code == 422
    assert "at most 300 characters" in response.get_data(as_text=True)


def test_expired_csrf_token_gives_the_typed_answers_back(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    data = lever_form(questions, evidence={questions[0].id: {"citation": "Ordinance 4711"}})
    # A token this site signed for a session the browser no longer holds, sent
    # from our own page (RT-09: tests/web/survey/test_recovery_origin.py).
    expired = Browser(app.test_client()).token("/")
    response = official.client.post(
        f"/assessments/{assessment_id}/levers/{lever.id}",
        data=MultiDict([("csrf_token", expired), *data]),
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "your last changes were not saved yet" in page
    assert 'value="Ordinance 4711"' in page
    best = best_form_value(questions[0])
    best = best if questions[0].kind == "single" else best[0]
    assert f'name="{questions[0].id}" value="{best}" checked' in page
    assert saved_answers(app, assessment_id) == {}
    # The page carries a fresh token: pressing Save now works.
    resend = official.client.post(
        f"/assessments/{assessment_id}/levers/{lever.id}",
        data=MultiDict([("csrf_token", page.split('name="csrf_token" value="')[1].split('"')[0]), *data]),
    )
    assert resend.status_code == 302
    assert {q.id for q in questions} <= set(saved_answers(app, assessment_id))


def test_signed_out_save_carries_the_answers_through_sign_in(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    page_url = f"/assessments/{assessment_id}/levers/{lever.id}"
    token = official.token(page_url)
    # Signed out elsewhere (for example a password change on another device).
    with app.app_context():
        from assessment.models import User

        user = User.query.filter_by(email="official@example.gov").one()
        user.session_epoch += 1
        db.session.commit()
    data = lever_form(questions, evidence={questions[0].id: {"note": "From the 2019 resolution"}})
    response = official.client.post(
        page_url, data=MultiDict([("csrf_token", token), *data]), headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 401
    login_page = response.get_data(as_text=True)
    assert "Nothing is lost" in login_page
    carried = (
        login_page.split('name="carried" type="hidden" value="')[1].split('"')[0]
        if 'name="carried" type="hidden"' in login_page
        else login_page.split('id="carried" name="carried" type="hidden" value="')[1].split('"')[0]
    )
    import html as html_lib

    after = official.client.post(
        "/login",
        data={
            "csrf_token": official.token("/login"),
            "email": "official@example.gov",
            "password": "quiet harbor lantern 42",
            "next": page_url,
            "carried": html_lib.unescape(carried),
        },
    )
    assert after.status_code == 200
    text = after.get_data(as_text=True)
    assert "From the 2019 resolution" in text and "check them and press Save" in text
    assert saved_answers(app, assessment_id) == {}
    # RT-24: the first Save from the rebuilt page works (its token is the new session's).
    rebuilt_token = text.split('name="csrf_token" value="')[1].split('"')[0]
    saved = official.client.post(page_url, data=MultiDict([("csrf_token", rebuilt_token), *data]))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    assert set(saved_answers(app, assessment_id)) == {q.id for q in questions}


def test_review_lists_unanswered_first_and_gates_submit(app, official, places):
    assessment_id = start(official, places["county"])
    levers = applicable(app, "county")
    review = official.get(f"/assessments/{assessment_id}/review").get_data(as_text=True)
    total = sum(len(qs) for _, qs in levers)
    assert f"{total} questions still to answer" in review
    assert review.index("still to answer") < review.index(f'id="review-{levers[0][0].id}"')
    assert "Submit the assessment" not in review
    refused = official.post(f"/assessments/{assessment_id}/submit", {}, page=f"/assessments/{assessment_id}/review")
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).status == "draft"
    for lever, questions in levers:
        assert (
            save(official, assessment_id, lever.id, lever_form(questions, choose=lambda q: DONT_KNOW)).status_code
            == 302
        )
    review = official.get(f"/assessments/{assessment_id}/review").get_data(as_text=True)
    assert "still to answer" not in review
    for lever, _ in levers:
        assert f'/assessments/{assessment_id}/levers/{lever.id}">Edit' in review
    done = official.post(f"/assessments/{assessment_id}/submit", {}, page=f"/assessments/{assessment_id}/review")
    assert done.status_code == 302
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.status == "submitted" and assessment.submitted_at is not None


def test_drafts_are_invisible_to_other_users(app, official, places, make_user):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    save(official, assessment_id, lever.id, lever_form(questions))
    make_user("stranger@example.gov")
    stranger = Browser(app.test_client())
    stranger.login("stranger@example.gov")
    base = f"/assessments/{assessment_id}"
    for url in [
        base,
        f"{base}/levers/{lever.id}",
        f"{base}/review",
        f"{base}/editors",
        f"{base}/history",
        f"{base}/continue",
    ]:
        assert stranger.get(url).status_code == 404, url
    token = stranger.token("/")
    for url in [f"{base}/levers/{lever.id}", f"{base}/submit", f"{base}/invitations"]:
        response = stranger.client.post(url, data=MultiDict([("csrf_token", token), *lever_form(questions)]))
        assert response.status_code == 404, url
    anonymous = app.test_client()
    assert anonymous.get(base).status_code == 302
    assert stranger.get("/assessments/999999").status_code == 404


def test_invited_colleague_can_edit(app, official, places, make_user):
    assessment_id = start(official, places["county"])
    path = invite_link(official, assessment_id, "colleague@example.gov")
    make_user("colleague@example.gov")
    colleague = Browser(app.test_client())
    colleague.login("colleague@example.gov")
    assert colleague.get(f"/assessments/{assessment_id}").status_code == 404
    assert colleague.get(path).status_code == 200
    assert colleague.post(path, {}).status_code == 302
    lever, questions = applicable(app, "county")[0]
    assert save(colleague, assessment_id, lever.id, lever_form(questions)).status_code == 302
    # The link works once.
    make_user("third@example.gov")
    third = Browser(app.test_client())
    third.login("third@example.gov")
    assert third.get(path).status_code == 404
    with app.app_context():
        assert Editor.query.filter_by(assessment_id=assessment_id).count() == 2
        actions = [e.action for e in AuditEvent.query.filter_by(assessment_id=assessment_id)]
        assert "editor_added" in actions and "answer" in actions


def test_removed_editor_loses_access_at_once(app, official, places, make_user):
    assessment_id = start(official, places["county"])
    path = invite_link(official, assessment_id, "colleague@example.gov")
    colleague_id = make_user("colleague@example.gov")
    colleague = Browser(app.test_client())
    colleague.login("colleague@example.gov")
    colleague.post(path, {})
    assert colleague.get(f"/assessments/{assessment_id}").status_code == 200
    official.post(
        f"/assessments/{assessment_id}/editors/{colleague_id}/remove", {}, page=f"/assessments/{assessment_id}/editors"
    )
    assert colleague.get(f"/assessments/{assessment_id}").status_code == 404


def test_stale_page_gets_a_conflict_not_an_overwrite(app, official, places, make_user):
    assessment_id = start(official, places["county"])
    path = invite_link(official, assessment_id, "colleague@example.gov")
    make_user("colleague@example.gov")
    colleague = Browser(app.test_client())
    colleague.login("colleague@example.gov")
    colleague.post(path, {})
    lever, questions = applicable(app, "county")[0]
    url = f"/assessments/{assessment_id}/levers/{lever.id}"
    stale_page = official.get(url).get_data(as_text=True)
    stale_revision = stale_page.split('name="revision" value="')[1].split('"')[0]
    stale_token = stale_page.split('name="csrf_token" value="')[1].split('"')[0]

    def worst(q):
        lowest = min(q.options, key=lambda o: o.points).id
        return lowest if q.kind == "single" else [lowest]

    assert save(colleague, assessment_id, lever.id, lever_form(questions)).status_code == 302
    theirs = saved_answers(app, assessment_id)
    response = official.client.post(
        url,
        data=MultiDict(
            [("csrf_token", stale_token), ("revision", stale_revision), *lever_form(questions, choose=worst)]
        ),
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Keep my answers" in text and "colleague@example.gov" in text
    assert saved_answers(app, assessment_id) == theirs


def test_state_law_that_preempts_local_choice_is_explained_on_the_page(app, official, places):
    texas_id = start(official, places["texas_county"])  # a 2026 assessment: Texas SB 8 is in force
    page = official.get(f"/assessments/{texas_id}/levers/jail_access").get_data(as_text=True)
    assert "State law limits local choice here" in page and "left out of your local score" in page
    page = official.get(f"/assessments/{texas_id}/levers/agreements_287g").get_data(as_text=True)
    assert "Required by state law" in page and "Texas SB 8" in page and "counts as not met in the score" in page
    assert 'name="mandated_287g_model"' in page  # the room the mandate leaves is asked only here
    washington_id = start(official, places["county"])
    page = official.get(f"/assessments/{washington_id}/levers/agreements_287g").get_data(as_text=True)
    assert "State law limits local choice here" not in page and "Required by state law" not in page
    assert 'name="mandated_287g_model"' not in page
    earlier = start(official, places["texas_county"], year=2025)  # before SB 8 came into force
    page = official.get(f"/assessments/{earlier}/levers/agreements_287g").get_data(as_text=True)
    assert "Texas SB 8" not in page and 'name="mandated_287g_model"' not in page


def test_what_the_evidence_shows_and_how_durable_it_is_are_saved_and_shown(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    question = questions[0]
    bad = lever_form(questions, evidence={question.id: {"shows": "rumour", "durability": "ordinance", "note": "Kept"}})
    response = save(official, assessment_id, lever.id, bad)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose one of the answers in the list, or leave it empty." in page and "Kept" in page

    def options(name: str) -> str:
        return page.split(f'name="{question.id}__{name}"')[1].split("</select>")[0]

    # The page shown again keeps the valid choice and selects nothing for the one not in the list.
    assert '<option value="ordinance" selected>' in options("durability")
    assert " selected" not in options("shows") and '<option value="records">' in options("shows")
    good = lever_form(questions, evidence={question.id: {"shows": "records", "durability": "ordinance"}})
    assert save(official, assessment_id, lever.id, good).status_code == 302
    with app.app_context():
        answer = db.session.get(Assessment, assessment_id).answers_by_question()[question.id]
        assert (answer.evidence_shows, answer.evidence_durability) == ("records", "ordinance")
    lever_page = official.get(f"/assessments/{assessment_id}/levers/{lever.id}").get_data(as_text=True)
    assert '<option value="records" selected>' in lever_page
    scorecard = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    assert "What backs the points earned" in scorecard
    assert "Written as: An ordinance or the charter (could be reversed by: a vote of the council or board" in scorecard


def test_progress_counts_dont_know_apart(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    form = lever_form(questions, choose=lambda q: DONT_KNOW)
    assert save(official, assessment_id, lever.id, form).status_code == 302
    for path in ("", "/review"):
        page = official.get(f"/assessments/{assessment_id}{path}").get_data(as_text=True)
        assert f"{len(questions)} of them still to find out (“Don't know yet”)" in page, path


def test_an_answer_whose_choice_was_retired_is_kept_shown_and_not_scored(app, official, places):
    # Questionnaire 2026.3 replaced "directive_or_resolution" on detainers_written_rule with
    # two options; a draft saved under 2026.2 still holds the old id.
    assessment_id = start(official, places["county"])
    save(official, assessment_id, "detainers", [("detainers_written_rule", "ordinance_or_policy")])
    with app.app_context():
        answer = next(
            a for a in db.session.get(Assessment, assessment_id).answers if a.question_id == "detainers_written_rule"
        )
        answer.value = "directive_or_resolution"
        db.session.commit()
    scorecard = official.get(f"/assessments/{assessment_id}/scorecard")
    assert scorecard.status_code == 200  # not "some saved answers no longer fit"
    lever_page = official.get(f"/assessments/{assessment_id}/levers/detainers").get_data(as_text=True)
    section = lever_page.split('id="question-detainers_written_rule"')[1].split("</section>")[0]
    assert "The answer saved earlier is no longer one of the choices" in section
    assert " checked" not in section.split("Or")[0]  # no current choice is ticked for it
    review = official.get(f"/assessments/{assessment_id}/review").get_data(as_text=True)
    assert "directive_or_resolution (no longer a choice)" in review
    assert saved_answers(app, assessment_id)["detainers_written_rule"] == "directive_or_resolution"  # kept


def test_no_assessment_can_be_started_for_a_future_year(app, official, places):
    # RT-03: a future year ranked first everywhere and displaced the real current one.
    from assessment.models import User
    from assessment.survey.operations import AssessmentError, latest_assessable_year, start_assessment

    next_year = latest_assessable_year() + 1
    page = official.get(f"/jurisdictions/{places['county']}").get_data(as_text=True)
    assert f'value="{next_year}"' not in page and f'value="{next_year - 1}"' in page
    refused = official.post(
        f"/assessments/start/{places['county']}",
        {"year": str(next_year), "kind": "self"},
        page=f"/jurisdictions/{places['county']}",
    )
    assert refused.status_code == 422
    with app.app_context():
        user = db.session.scalars(db.select(User)).first()
        place = db.session.get(Jurisdiction, places["county"])
        with pytest.raises(AssessmentError, match="this year or an earlier one"):
            start_assessment(questionnaire_of(app), user, place, next_year)
        assert not db.session.scalars(db.select(Assessment).where(Assessment.year == next_year)).all()


def _invite(browser, assessment_id: int, email: str, role: str = "editor") -> str:
    return invite_link(browser, assessment_id, email, role)


def test_the_links_an_owner_made_stop_working_when_they_stop_being_an_owner(app, official, places, make_user):
    # RT-06: someone expecting removal minted links first and rejoined with them.
    assessment_id = start(official, places["county"])
    colleague_id = make_user("colleague@example.gov")
    colleague = Browser(app.test_client())
    colleague.login("colleague@example.gov")
    assert colleague.post(_invite(official, assessment_id, "colleague@example.gov", "owner"), {}).status_code == 302
    kept = _invite(colleague, assessment_id, "colleague.again@example.gov")  # a second account of theirs, say
    make_user("friend@example.gov")
    friend = Browser(app.test_client())
    friend.login("friend@example.gov")
    kept_for_friend = _invite(colleague, assessment_id, "friend@example.gov")
    official.post(
        f"/assessments/{assessment_id}/editors/{colleague_id}/remove", {}, page=f"/assessments/{assessment_id}/editors"
    )
    assert friend.get(kept_for_friend).status_code == 404
    assert friend.post(kept_for_friend, {}).status_code == 404
    make_user("colleague.again@example.gov")
    again = Browser(app.test_client())
    again.login("colleague.again@example.gov")
    assert again.get(kept).status_code == 404
    assert colleague.get(f"/assessments/{assessment_id}").status_code == 404
    # The official's own links still work.
    make_user("third@example.gov")
    third = Browser(app.test_client())
    third.login("third@example.gov")
    assert third.post(_invite(official, assessment_id, "third@example.gov"), {}).status_code == 302


def test_an_invitation_works_only_for_the_address_it_was_sent_to(app, official, places, make_user):
    assessment_id = start(official, places["county"])
    path = _invite(official, assessment_id, "Colleague@Example.gov")
    make_user("someone.else@example.gov")
    other = Browser(app.test_client())
    other.login("someone.else@example.gov")
    page = other.get(path)
    assert page.status_code == 200 and "was sent to colleague@example.gov" in page.get_data(as_text=True)
    assert other.post(path, {}, page=path).status_code == 403
    with app.app_context():
        assert Editor.query.filter_by(assessment_id=assessment_id).count() == 1
    # An address nobody confirmed cannot use it either (RT-10).
    from datetime import datetime

    make_user("colleague@example.gov", email_confirmed_at=None)
    unconfirmed = Browser(app.test_client())
    unconfirmed.login("colleague@example.gov")
    assert unconfirmed.get(path).headers["Location"].endswith("/account/confirm")
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == "colleague@example.gov")).one()
        user.email_confirmed_at = datetime(2026, 12, 1)
        db.session.commit()
    assert unconfirmed.post(path, {}).status_code == 302


def test_open_invitations_are_listed_and_revocable(app, official, places, make_user):
    assessment_id = start(official, places["county"])
    path = _invite(official, assessment_id, "colleague@example.gov", "viewer")
    page = official.get(f"/assessments/{assessment_id}/editors").get_data(as_text=True)
    assert "colleague@example.gov" in page and "Viewer" in page
    with app.app_context():
        from assessment.models import Invitation

        invitation_id = Invitation.query.filter_by(assessment_id=assessment_id).one().id
    official.post(
        f"/assessments/{assessment_id}/invitations/{invitation_id}/revoke",
        {},
        page=f"/assessments/{assessment_id}/editors",
    )
    assert "No invitation is waiting" in official.get(f"/assessments/{assessment_id}/editors").get_data(as_text=True)
    make_user("colleague@example.gov")
    colleague = Browser(app.test_client())
    colleague.login("colleague@example.gov")
    assert colleague.get(path).status_code == 404


def test_one_invitation_link_is_used_once_even_when_two_browsers_race(app, official, places, make_user):
    # RT-14: 5 accounts once became editors through one single-use link, all at the same moment.
    # Now a link is bound to one address; its account, signed in on several browsers, still joins once.
    import threading

    assessment_id = start(official, places["county"])
    path = _invite(official, assessment_id, "racer@example.gov")
    make_user("racer@example.gov")
    racers = []
    for _n in range(4):
        browser = Browser(app.test_client())
        browser.login("racer@example.gov")
        assert browser.get(path).status_code == 200  # every one of them sees a working link
        racers.append(browser)
    tokens = [browser.token(path) for browser in racers]
    barrier = threading.Barrier(len(racers))
    statuses = [None] * len(racers)

    def accept(index: int) -> None:
        barrier.wait()
        response = racers[index].client.post(path, data={"csrf_token": tokens[index]})
        statuses[index] = response.status_code

    threads = [threading.Thread(target=accept, args=(n,)) for n in range(len(racers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses).count(302) == 1, statuses
    assert set(statuses) <= {302, 404, 409}, statuses
    with app.app_context():
        assert Editor.query.filter_by(assessment_id=assessment_id).count() == 2
        assert AuditEvent.query.filter_by(assessment_id=assessment_id, action="editor_added").count() == 1


def test_an_invitation_used_between_opening_and_accepting_is_refused_plainly(app, official, places, make_user):
    from assessment.models import User
    from assessment.survey import team

    assessment_id = start(official, places["county"])
    path = _invite(official, assessment_id, "first@example.gov")
    token = path.rstrip("/").split("/")[-1]
    make_user("first@example.gov")
    with app.app_context():
        first = User.query.filter_by(email="first@example.gov").one()
        seen_once, seen_twice = team.find_invitation(token), team.find_invitation(token)
        team.accept_invitation(seen_once, first)
        db.session.commit()
        with pytest.raises(team.InvitationUsed, match="already been used"):
            team.accept_invitation(seen_twice, first)
        db.session.rollback()
        assert Editor.query.filter_by(assessment_id=assessment_id).count() == 2


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_owners_invite_change_roles_and_remove(app, official, places, make_user, role):
    assessment_id = start(official, places["county"])
    member_id = make_user(f"{role}@example.gov")
    member = Browser(app.test_client())
    member.login(f"{role}@example.gov")
    assert member.post(_invite(official, assessment_id, f"{role}@example.gov", role), {}).status_code == 302
    with app.app_context():
        official_id = User.query.filter_by(email="official@example.gov").one().id
    base = f"/assessments/{assessment_id}"
    assert member.get(f"{base}/editors").status_code == 200
    token = member.token(f"{base}/editors")
    for url, data in (
        (f"{base}/invitations", {"email": "x@example.gov", "role": "owner"}),
        (f"{base}/editors/{official_id}/remove", {}),
        (f"{base}/editors/{official_id}/role", {"role": "viewer"}),
        (f"{base}/editors/{member_id}/role", {"role": "owner"}),
    ):
        assert member.client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    with app.app_context():
        rows = {e.user.email: e.role for e in Editor.query.filter_by(assessment_id=assessment_id)}
    assert rows == {"official@example.gov": "owner", f"{role}@example.gov": role}
    # A viewer reads the drafts but changes nothing.
    lever, questions = applicable(app, "county")[0]
    if role == "viewer":
        assert member.get(f"{base}/levers/{lever.id}").status_code == 404
        assert member.get(f"{base}/review").status_code == 200
        assert (
            member.client.post(
                f"{base}/levers/{lever.id}", data=MultiDict([("csrf_token", token), *lever_form(questions)])
            ).status_code
            == 404
        )
    # Anyone may leave.
    assert member.post(f"{base}/editors/{member_id}/remove", {}, page=f"{base}/editors").status_code == 302
    assert member.get(base).status_code == 404


def test_the_last_owner_can_be_neither_removed_nor_demoted(app, official, places, make_user):
    assessment_id = start(official, places["county"])
    base = f"/assessments/{assessment_id}"
    with app.app_context():
        official_id = User.query.filter_by(email="official@example.gov").one().id
    left = official.post(f"{base}/editors/{official_id}/remove", {}, page=f"{base}/editors", follow_redirects=True)
    assert "needs at least one owner" in left.get_data(as_text=True)
    colleague_id = make_user("colleague@example.gov")
    colleague = Browser(app.test_client())
    colleague.login("colleague@example.gov")
    colleague.post(_invite(official, assessment_id, "colleague@example.gov"), {})
    official.post(f"{base}/editors/{colleague_id}/role", {"role": "owner"}, page=f"{base}/editors")
    # Now there are two owners: the colleague may demote the official, and then not themselves.
    assert (
        colleague.post(f"{base}/editors/{official_id}/role", {"role": "editor"}, page=f"{base}/editors").status_code
        == 302
    )
    refused = colleague.post(f"{base}/editors/{colleague_id}/remove", {}, page=f"{base}/editors", follow_redirects=True)
    assert "needs at least one owner" in refused.get_data(as_text=True)
    with app.app_context():
        rows = {e.user.email: e.role for e in Editor.query.filter_by(assessment_id=assessment_id)}
    assert rows == {"official@example.gov": "editor", "colleague@example.gov": "owner"}


def test_a_second_account_gets_a_draft_of_its_own(app, official, places, make_user):
    # RT-02: the first to press Start no longer owns the only slot, and RT-15: nothing says a draft exists.
    first = start(official, places["county"])
    assert start(official, places["county"]) == first  # the same account: its own draft back
    make_user("real.official@kingcounty.example.gov")
    real = Browser(app.test_client())
    real.login("real.official@kingcounty.example.gov")
    second = start(real, places["county"])
    assert second != first
    assert real.get(f"/assessments/{first}").status_code == 404
