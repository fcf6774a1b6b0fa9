"""Next year starts from last year (issue 19, point 5): a new year's assessment
copies the team's earlier answers and evidence, each "carried from <year>";
a carried answer counts as not answered, for progress and for the scores,
until it is confirmed or changed; the years view says what changed."""

from __future__ import annotations

import pytest
from markupsafe import escape

from assessment.extensions import db
from assessment.models import Answer, Assessment, AssessmentScore, AuditEvent
from tests.web.scorecard_helpers import best, fill, worst
from tests.web.survey_helpers import applicable, lever_form, save, start

EVIDENCE_URL = "https://www.example.gov/ordinance-2025-14"


def _start_carried(browser, jurisdiction_id: int, year: int = 2026, carry: bool = True) -> int:
    data = {"year": str(year), "kind": "self", "organisation": ""}
    if carry:
        data["carry_forward"] = "y"
    response = browser.post(f"/assessments/start/{jurisdiction_id}", data, page=f"/jurisdictions/{jurisdiction_id}")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _score(app, assessment_id):
    with app.app_context():
        row = db.session.get(AssessmentScore, assessment_id)
        return (row.protection_score, row.next_level_score, row.overall_completeness, dict(row.answers))


def _answers(app, assessment_id) -> dict[str, Answer]:
    with app.app_context():
        rows = db.session.scalars(db.select(Answer).where(Answer.assessment_id == assessment_id)).all()
        for row in rows:
            db.session.expunge(row)
        return {row.question_id: row for row in rows}


@pytest.fixture
def last_year(app, official, places):
    """The official's 2025 assessment of King County, every question answered best, one with evidence."""
    assessment_id = start(official, places["county"], year=2025)
    first_question = applicable(app, "county")[0][1][0]
    fill(
        official,
        app,
        assessment_id,
        "county",
        best,
        evidence={first_question.id: {"url": EVIDENCE_URL, "citation": "Ordinance 2025-14"}},
    )
    return assessment_id


def test_a_new_year_copies_last_years_answers_as_carried_and_counts_none_of_them(app, official, places, last_year):
    this_year = _start_carried(official, places["county"])
    before, after = _answers(app, last_year), _answers(app, this_year)
    assert set(after) == set(before) and len(after) > 10
    assert all(a.carried_from_year == 2025 for a in after.values())
    assert all(after[q].value == before[q].value for q in before)
    first_question = applicable(app, "county")[0][1][0]
    assert after[first_question.id].evidence_url == EVIDENCE_URL
    # Progress: nothing answered yet.
    total = sum(len(qs) for _, qs in applicable(app, "county"))
    overview = official.get(f"/assessments/{this_year}").get_data(as_text=True)
    assert f"0%% answered (0 of {total} questions)".replace("%%", "%") in overview
    assert f"{total} answers carried from last year still to confirm" in overview
    assert "This assessment started from your 2025 answers." in overview
    # Scores: as if nothing were answered, not as last year.
    protection, next_level, completeness, scored_answers = _score(app, this_year)
    assert scored_answers == {} and completeness == 0
    assert (protection, next_level) != _score(app, last_year)[:2]
    # The lever page marks each carried answer and offers to confirm it.
    lever, questions = applicable(app, "county")[0]
    page = official.get(f"/assessments/{this_year}/levers/{lever.id}").get_data(as_text=True)
    assert page.count("Carried from 2025: confirm or change.") == len(questions)
    assert f'name="confirm" value="{questions[0].id}"' in page and 'name="confirm" value="all"' in page
    # The review page lists them as still to answer, each marked.
    review = official.get(f"/assessments/{this_year}/review").get_data(as_text=True)
    assert f"{total} questions still to answer" in review and "Carried from 2025: confirm or change." in review
    # Submitting is refused while any is unconfirmed.
    response = official.post(
        f"/assessments/{this_year}/submit", {}, page=f"/assessments/{this_year}/review", follow_redirects=True
    )
    assert "still need an answer" in response.get_data(as_text=True)


def test_confirming_counts_the_answer_one_at_a_time_then_a_page_then_all(app, official, places, last_year):
    this_year = _start_carried(official, places["county"])
    levers = applicable(app, "county")
    lever, questions = levers[0]
    # The page as shown: last year's answers and evidence.
    page = lever_form(questions, evidence={questions[0].id: {"url": EVIDENCE_URL, "citation": "Ordinance 2025-14"}})
    # One question, through its own button: the rest of the page is posted too, as a browser does.
    response = save(official, this_year, lever.id, [*page, ("confirm", questions[0].id)])
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#question-{questions[0].id}")
    after = _answers(app, this_year)
    assert after[questions[0].id].carried_from_year is None
    assert all(after[q.id].carried_from_year == 2025 for q in questions[1:])
    assert _score(app, this_year)[3] == {questions[0].id: best(questions[0])}
    total = sum(len(qs) for _, qs in levers)
    assert f"(1 of {total} questions)" in official.get(f"/assessments/{this_year}").get_data(as_text=True)
    # Every one on the page.
    save(official, this_year, lever.id, [*page, ("confirm", "all")])
    assert all(_answers(app, this_year)[q.id].carried_from_year is None for q in questions)
    # Every page: the scores are last year's again.
    for other_lever, other_questions in levers[1:]:
        save(official, this_year, other_lever.id, [*lever_form(other_questions), ("confirm", "all")])
    assert _score(app, this_year) == _score(app, last_year)
    with app.app_context():
        confirmed = db.session.scalar(
            db.select(db.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.assessment_id == this_year, AuditEvent.action == "confirmed")
        )
    assert confirmed == total
    history = official.get(f"/assessments/{this_year}/history").get_data(as_text=True)
    assert "Carried answer confirmed" in history and "Started from an earlier year" in history
    assert (
        official.post(f"/assessments/{this_year}/submit", {}, page=f"/assessments/{this_year}/review").status_code
        == 302
    )


def test_changing_a_carried_answer_counts_it_and_the_years_view_says_what_changed(app, official, places, last_year):
    this_year = _start_carried(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    changed, confirmed = questions[0], questions[1]
    # Change one (the rest of the page is sent unchanged), confirm another.
    data = lever_form(questions, choose=lambda q: worst(q) if q.id == changed.id else best(q))
    save(official, this_year, lever.id, data)
    save(official, this_year, lever.id, [*data, ("confirm", confirmed.id)])
    after = _answers(app, this_year)
    assert after[changed.id].carried_from_year is None and after[changed.id].value == worst(changed)
    assert after[confirmed.id].carried_from_year is None
    assert after[questions[2].id].carried_from_year == 2025  # saved unchanged: still to confirm
    assert set(_score(app, this_year)[3]) == {changed.id, confirmed.id}
    total = len(after)
    page = official.get(f"/assessments/{this_year}/since-last-year")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 answer changed, 1 confirmed unchanged" in html and f"{total - 2} still to confirm" in html
    changed_part = html.split('id="since-changed"')[1].split("</section>")[0]
    confirmed_part = html.split('id="since-confirmed"')[1].split("</section>")[0]
    unconfirmed_part = html.split('id="since-unconfirmed"')[1].split("</section>")[0]
    assert escape(changed.prompt) in changed_part and escape(confirmed.prompt) not in changed_part
    assert escape(confirmed.prompt) in confirmed_part and escape(changed.prompt) not in confirmed_part
    assert escape(questions[2].prompt) in unconfirmed_part
    # The place page lists the years with the same summary.
    place = official.get(f"/jurisdictions/{places['county']}").get_data(as_text=True)
    assert "Started from 2025:" in place and f"/assessments/{this_year}/since-last-year" in place


def test_nothing_is_carried_when_unticked_or_from_another_teams_year(app, official, places, last_year, signed_in):
    unticked = _start_carried(official, places["county"], year=2024, carry=False)
    assert _answers(app, unticked) == {}
    someone_else = signed_in("someone@example.org")
    theirs = _start_carried(someone_else, places["county"])
    assert _answers(app, theirs) == {}
    with app.app_context():
        assert db.session.get(Assessment, theirs).carried_from_id is None
    # An earlier year's start carries nothing from a later one.
    earlier = _start_carried(official, places["county"], year=2023)
    assert _answers(app, earlier) == {}
    assert "did not start from an earlier year" in official.get(f"/assessments/{earlier}/since-last-year").get_data(
        as_text=True
    )


def test_the_years_view_is_the_teams_only(app, official, places, last_year, signed_in):
    this_year = _start_carried(official, places["county"])
    stranger = signed_in("stranger@example.org")
    assert stranger.get(f"/assessments/{this_year}/since-last-year").status_code == 404


def test_a_new_year_keeps_watching_last_years_agreements(app, official, places, last_year):
    recorded = official.post(
        f"/assessments/{last_year}/agreements/new",
        {"kind": "igsa", "counterparty": "ICE", "renews_on": "2026-12-31", "renewal": "renews", "notice_days": "30"},
    )
    assert recorded.status_code == 302
    this_year = _start_carried(official, places["county"])
    page = official.get(f"/assessments/{this_year}/agreements").get_data(as_text=True)
    assert "intergovernmental service agreement" in page and "Change this record" in page
