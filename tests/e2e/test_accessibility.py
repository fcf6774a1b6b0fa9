"""Accessibility in a real browser: axe-core on every page type, reflow at
320 px, print styles, and the whole assessment done with the keyboard alone."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD, add_jurisdiction, make_user_row
from tests.web.public_helpers import make_assessment

from .a11y import blocking_violations, describe
from .conftest import new_journey, sign_in

pytestmark = pytest.mark.e2e
EDITOR = "editor@example.gov"


@pytest.fixture
def site(app):
    with app.app_context():
        king = add_jurisdiction("King County", "WA", "county", fips="53033")
        pierce = add_jurisdiction("Pierce County", "WA", "county", fips="53053")
        seattle = add_jurisdiction("Seattle", "WA", "city", population=737015)
        snohomish = add_jurisdiction("Snohomish County", "WA", "county", fips="53061")
        make_user_row(EDITOR)
    published = make_assessment(app, king, email=EDITOR)
    make_assessment(app, pierce, email="pierce@example.gov")
    draft = make_assessment(app, seattle, email=EDITOR, submit=False, published=False)
    questionnaire = app.extensions["questionnaire"]
    return {
        "king": king,
        "pierce": pierce,
        "published": published,
        "draft": draft,
        "unassessed": snohomish,
        "lever": questionnaire.levers[0].id,
    }


def page_types(site) -> dict[str, str]:
    a, d = site["published"], site["draft"]
    return {
        "home": "/",
        "about": "/about",
        "find": "/jurisdictions/find?q=county",
        "jurisdiction": f"/jurisdictions/{site['king']}",
        "add-jurisdiction": "/jurisdictions/new",
        "my-assessments": "/assessments",
        "overview": f"/assessments/{d}",
        "lever": f"/assessments/{d}/levers/{site['lever']}",
        "review": f"/assessments/{d}/review",
        "editors": f"/assessments/{d}/editors",
        "history": f"/assessments/{a}/history",
        "scorecard": f"/assessments/{a}/scorecard",
        "what-if": f"/assessments/{a}/scorecard/what-if",
        "methodology": "/methodology",
        "directory": "/directory",
        "compare": f"/compare?j={site['king']}&j={site['pierce']}",
        "open-data": "/data",
        "api-docs": "/data/api",
        "account": "/account",
        "not-found": "/no-such-page",
    }


def test_every_page_type_passes_axe_and_reflows_at_320px(journey, chromium, live_server, site):
    sign_in(journey, EDITOR)
    failures = []
    for name, path in page_types(site).items():
        journey.page.set_viewport_size({"width": 1200, "height": 900})
        journey.go(path)
        violations = blocking_violations(journey.page)
        if violations:
            failures.append(f"{name} ({path}):\n{describe(violations)}")
        journey.page.set_viewport_size({"width": 320, "height": 800})
        overflow = journey.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            failures.append(f"{name} ({path}): scrolls sideways by {overflow}px at 320px width")
        journey.shot(f"{name}-320")
    anonymous = new_journey(chromium, live_server, "anonymous-pages")
    for name, path in {"login": "/login", "register": "/register"}.items():
        anonymous.go(path)
        violations = blocking_violations(anonymous.page)
        if violations:
            failures.append(f"{name}: {describe(violations)}")
    anonymous.page.context.close()
    assert not failures, "\n".join(failures)


def test_scorecard_prints_cleanly(journey, site):
    journey.go(f"/assessments/{site['published']}/scorecard")
    journey.page.emulate_media(media="print")
    hidden = journey.page.evaluate(
        "[...document.querySelectorAll('.site-header nav, .skip-link, .button-row')]"
        ".every(el => getComputedStyle(el).display === 'none')"
    )
    assert hidden, "navigation and buttons should not print"
    assert journey.page.locator("svg[role=img]").first.is_visible()
    pdf = journey.page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")
    journey.shot("print view")


def _tab_until(page, script: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(script):
            return
    raise AssertionError(f"keyboard focus never reached: {script}")


def test_whole_assessment_with_the_keyboard_alone(app, journey, site):
    page = journey.page
    journey.go("/login")
    _tab_until(page, "document.activeElement.id === 'email'")
    page.keyboard.type(EDITOR)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("You are signed in.").wait_for()
    journey.go(f"/jurisdictions/{site['unassessed']}")
    _tab_until(page, "document.activeElement.textContent.trim() === 'Start the assessment'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Snohomish County, WA: ").wait_for()
    _tab_until(page, "document.activeElement.textContent.trim().startsWith('Start with')")
    page.keyboard.press("Enter")
    page.locator("section.question").first.wait_for()
    questionnaire = app.extensions["questionnaire"]
    pages = 0
    while page.locator("section.question").count():
        pages += 1
        for fieldset in page.locator("section.question fieldset").all():
            question_id = fieldset.get_attribute("id")
            _tab_until(page, f"document.activeElement.name === '{question_id}'")
            # Visible focus: the focused control has an outline or a box shadow.
            assert page.evaluate(
                "(() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
            )
            page.keyboard.press("Space")
            assert page.evaluate("document.activeElement.checked")
        _tab_until(page, "document.activeElement.tagName === 'BUTTON' && document.activeElement.value === 'next'")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        if pages == 1:
            journey.shot("first section saved by keyboard")
    assert pages == len(
        [lever for lever in questionnaire.levers if any("county" in q.applies_to for q in lever.questions)]
    )
    page.get_by_role("heading", name="Review your answers").wait_for()
    _tab_until(page, "document.activeElement.textContent.trim() === 'Submit the assessment'", limit=400)
    page.keyboard.press("Enter")
    page.get_by_text("Your assessment is submitted").wait_for()
    journey.shot("submitted by keyboard")
