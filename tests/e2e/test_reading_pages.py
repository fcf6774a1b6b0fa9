"""Pages people read, in a real browser: the lever page's reason box waits for
"Does not apply here", and the scorecard reads on a phone without sideways
scrolling, words split, or gaps open until asked for."""

from __future__ import annotations

import pytest

from tests.conftest import add_jurisdiction, make_user_row
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import best, worst

from .conftest import new_journey, sign_in

pytestmark = pytest.mark.e2e
EDITOR = "reader@example.gov"


@pytest.fixture
def site(app):
    with app.app_context():
        king = add_jurisdiction("King County", "WA", "county", fips="53033")
        make_user_row(EDITOR)
    questionnaire = app.extensions["questionnaire"]
    order = {q.id: n for n, q in enumerate(questionnaire.questions())}
    published = make_assessment(
        app, king, email="king@example.gov", choose=lambda q: worst(q) if order[q.id] % 3 == 0 else best(q)
    )
    draft = make_assessment(app, king, email=EDITOR, year=2025, submit=False, published=False)
    lever = next(
        lever
        for lever in questionnaire.levers
        if any(q.not_applicable_when and "county" in q.applies_to for q in lever.questions)
    )
    question = next(q for q in lever.questions if q.not_applicable_when and "county" in q.applies_to)
    return {"published": published, "draft": draft, "lever": lever.id, "question": question}


def _reason_box(page, question):
    return page.locator(f"fieldset#{question.id}").get_by_label("If it does not apply here, why?")


def test_the_reason_box_appears_only_when_does_not_apply_is_chosen(journey, site):
    sign_in(journey, EDITOR)
    journey.go(f"/assessments/{site['draft']}/levers/{site['lever']}")
    question, page = site["question"], journey.page
    box = _reason_box(page, question)
    assert box.count() == 1 and not box.is_visible(), "hidden until 'Does not apply here' is chosen"
    fieldset = page.locator(f"fieldset#{question.id}")
    fieldset.get_by_label("Does not apply here", exact=True).check()
    box.wait_for(state="visible")
    box.select_option(question.not_applicable_when[0].id)
    journey.shot("reason box shown")
    fieldset.get_by_label("Don't know yet", exact=True).check()
    box.wait_for(state="hidden")


def test_without_javascript_the_reason_box_still_follows_the_choice(chromium, live_server, site):
    journey = new_journey(chromium, live_server, "reason-box-no-javascript", java_script_enabled=False)
    try:
        sign_in(journey, EDITOR)
        journey.go(f"/assessments/{site['draft']}/levers/{site['lever']}")
        question, page = site["question"], journey.page
        box = _reason_box(page, question)
        assert not box.is_visible()
        page.locator(f"fieldset#{question.id}").get_by_label("Does not apply here", exact=True).check()
        box.wait_for(state="visible")
    finally:
        journey.page.context.close()


def test_the_scorecard_reads_on_a_phone(journey, site):
    page = journey.page
    page.set_viewport_size({"width": 375, "height": 800})
    journey.go(f"/assessments/{site['published']}/scorecard")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"scrolls sideways by {overflow}px"
    # No word is split: every heading, caption and cell is at least as wide as its longest word.
    split = page.evaluate("""(() => {
        const pen = document.createElement('canvas').getContext('2d');
        return [...document.querySelectorAll('main h2, main h3, main caption, main th, main td, main summary')]
          .filter(el => el.offsetParent !== null && !el.closest('.visually-hidden'))
          .filter(el => {
            const s = getComputedStyle(el);
            pen.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
            const longest = Math.max(0, ...el.textContent.trim().split(/\\s+/).map(w => pen.measureText(w).width));
            const room = el.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            return room + 1 < longest;
          })
          .map(el => el.textContent.trim().slice(0, 40));
    })()""")
    assert not split, f"words split: {split}"
    folds = page.locator("li.gap details")
    assert folds.count() > 5
    first = folds.first
    detail = first.locator(".gap-detail")
    assert not detail.is_visible(), "gaps are folded until asked for"
    first.locator("summary").click()
    detail.wait_for(state="visible")
    assert detail.get_by_text("Who controls it").is_visible()
    journey.shot("scorecard at 375 px, first gap open")
