"""Lever pages that breathe: a state law note said once when every question
shares it, and the "why does this not apply" box only where it is wanted
(the browser side is tests/e2e/test_reading_pages.py)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from tests.web.survey_helpers import applicable, questionnaire_of, save, start

LEVER = "courthouses"  # in Washington, every courthouse question sits under the Courts Open to All Act


def _laws_by_question(app, lever_id: str) -> dict[str, set[str]]:
    questionnaire = questionnaire_of(app)
    lever, questions = next((lever, qs) for lever, qs in applicable(app, "county") if lever.id == lever_id)
    return {
        q.id: {law.description for law in questionnaire.state_laws_for("WA", q.state_law_topics, 2026)}
        for q in questions
    }


def test_a_state_law_note_every_question_shares_is_said_once_under_the_lever_heading(app, official, places):
    laws = _laws_by_question(app, LEVER)
    assert len(laws) >= 2
    shared = set.intersection(*laws.values())
    some = set.union(*laws.values()) - shared
    assert shared and some, "the test lever needs a law every question shares and one only some have"
    assessment_id = start(official, places["county"])
    page = unescape(official.get(f"/assessments/{assessment_id}/levers/{LEVER}").get_data(as_text=True))
    top = page[page.index('<div class="lever-laws">') : page.index('<section class="question')]
    assert "For every question on this page:" in top
    for description in shared:
        assert page.count(description) == 1 and description in top
    for description in some:
        holders = [qid for qid, found in laws.items() if description in found]
        assert description not in top and page.count(description) == len(holders)
        for qid in holders:
            section = page[page.index(f'id="question-{qid}"') :]
            assert description in section[: section.index("</section>")]


def test_a_lever_whose_questions_share_no_law_has_no_note_at_the_top(app, official, places):
    questionnaire = questionnaire_of(app)
    lever = next(
        lever
        for lever, questions in applicable(app, "county")
        if not any(questionnaire.state_laws_for("WA", q.state_law_topics, 2026) for q in questions)
    )
    assessment_id = start(official, places["county"])
    page = official.get(f"/assessments/{assessment_id}/levers/{lever.id}").get_data(as_text=True)
    assert 'class="lever-laws"' not in page and 'class="state-law ' not in page


def test_the_reason_box_is_in_the_page_for_browsers_without_css_or_javascript(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = next(
        (lever, qs) for lever, qs in applicable(app, "county") if any(q.not_applicable_when for q in qs)
    )
    url = f"/assessments/{assessment_id}/levers/{lever.id}"
    page = official.get(url).get_data(as_text=True)
    for question in questions:
        section = page[page.index(f'id="question-{question.id}"') :]
        section = section[: section.index("</section>")]
        if question.not_applicable_when:
            box = re.search(r'<div class="field indent na-reason">.*?</div>', section, flags=re.S).group(0)
            assert f'name="{question.id}__reason"' in box and "If it does not apply here, why?" in box
            assert " hidden" not in box and "display" not in box, "hidden by the style sheet only"
        else:
            assert "na-reason" not in section
    # "Does not apply here" without a reason: the error keeps the box in view.
    question = next(q for q in questions if q.not_applicable_when)
    data = [(q.id, "not_applicable" if q is question else "dont_know") for q in questions]
    response = save(official, assessment_id, lever.id, data)
    assert response.status_code == 422  # shown again with its errors
    assert 'class="field indent na-reason field-error"' in response.get_data(as_text=True)


def test_the_style_sheet_shows_the_reason_box_only_for_not_applicable():
    css = (Path(__file__).resolve().parents[3] / "static" / "css" / "app.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = {
        selector.strip(): body.strip()
        for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
        if "na-reason" in selector
    }
    hide = ".question fieldset:has(input[value=not_applicable]) .na-reason"
    assert rules[hide] == "display: none;"
    shown = next(body for selector, body in rules.items() if ":checked" in selector)
    assert shown == "display: block;"
    assert not any(body == "display: none;" for selector, body in rules.items() if ":has(" not in selector), (
        "without :has() support the box must stay visible"
    )
