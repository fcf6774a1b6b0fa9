"""An official does the whole job in a real browser: register, find the county,
answer every lever (with evidence and a not-applicable answer), leave and
resume, edit from the review page, submit and read the scorecard."""

from __future__ import annotations

import pytest

from tests.conftest import add_jurisdiction

from .a11y import assert_accessible

pytestmark = pytest.mark.e2e
PASSWORD = "maple orchard violin 31"


@pytest.fixture
def county(app):
    with app.app_context():
        add_jurisdiction("King County", "WA", "county", fips="53033")
        return add_jurisdiction("Dane County", "WA", "county", fips="55025")


def register(journey, email: str, mailbox) -> None:
    journey.go("/register")
    journey.page.get_by_label("Email").fill(email)
    journey.page.get_by_label("Password", exact=True).fill(PASSWORD)
    journey.page.get_by_label("Repeat the password").fill(PASSWORD)
    journey.page.get_by_role("button", name="Create account").click()
    journey.page.get_by_text("Check your email to continue").wait_for()
    # The address is confirmed from the mail, as the official would (publishing needs it).
    journey.go(mailbox.link_to(email, "/confirm/"))
    journey.page.get_by_role("button", name="Confirm my address").click()
    journey.page.get_by_text("Thank you: your email address is confirmed.").wait_for()


def answer_current_page(page, questionnaire, first_na: list) -> None:
    for fieldset in page.locator("section.question fieldset").all():
        question_id = fieldset.get_attribute("id")
        question = questionnaire.question(question_id)
        if not first_na and question.not_applicable_when:
            fieldset.get_by_label("Does not apply here", exact=True).check()
            fieldset.get_by_label("If it does not apply here, why?").select_option(question.not_applicable_when[0].id)
            first_na.append(question_id)
            continue
        best = max(question.options, key=lambda o: o.points)
        fieldset.get_by_label(best.label, exact=True).check()


def test_official_completes_the_assessment(app, journey, county, mailbox):
    page = journey.page
    questionnaire = app.extensions["questionnaire"]
    register(journey, "clerk@dane.example.gov", mailbox)
    journey.shot("registered")

    # The search box suggests as you type.
    journey.go("/")
    assert_accessible(page, "home", journey.folder)
    page.get_by_label("Name of your city or county").type("dane", delay=40)
    suggestion = page.locator("#suggestions a", has_text="Dane County")
    suggestion.wait_for()
    journey.shot("search suggestions")
    suggestion.click()
    assert_accessible(page, "jurisdiction", journey.folder)
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("heading", name="Dane County, WA").wait_for()
    assert_accessible(page, "overview", journey.folder)
    journey.shot("overview")

    # First lever: evidence on the first question, then save.
    page.get_by_role("link", name="Start with").click()
    assert_accessible(page, "lever", journey.folder)
    first_question = page.locator("section.question").first
    first_question.locator("summary", has_text="Evidence for this answer").click()
    first_question.get_by_label("Link to the document").fill("javascript:alert(1)")
    na = []
    answer_current_page(page, questionnaire, na)
    page.get_by_role("button", name="Save and continue").click()
    # A bad link is refused with a message that is announced and linked to the field.
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "http:// or https://" in summary.inner_text()
    # The page's script moves the focus there once loaded: waited for, since on a busy machine
    # the summary can be visible before the script has run (fails if the focus never arrives).
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')")
    assert_accessible(page, "lever-with-errors", journey.folder)
    journey.shot("error summary")
    summary.get_by_role("link").first.click()
    page.get_by_label("Link to the document").first.fill("https://kingcounty.gov/council/ord-18665")
    page.get_by_label("Citation (ordinance or policy number, date)").first.fill("Ord. 18665 (2018)")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Saved").first.wait_for()
    # Focus moves to the message after a save.
    assert page.evaluate("document.activeElement.id") == "flash-messages"

    # Leave, come back in a new session, resume where we were.
    journey.page.context.clear_cookies()
    journey.go("/login")
    page.get_by_label("Email").fill("clerk@dane.example.gov")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # The home page's "Continue your work" link opens the next unfinished section.
    page.get_by_role("link", name="Dane County, WA").first.click()
    assert "Section 2 of" in page.locator(".progress-text").inner_text()

    # Answer every remaining lever.
    while page.locator("section.question").count():
        answer_current_page(page, questionnaire, na)
        button = page.get_by_role("button", name="Save and continue")
        if button.count():
            button.click()
        else:
            page.get_by_role("button", name="Save and review").click()
            break
        page.get_by_text("Saved").first.wait_for()
    page.get_by_role("heading", name="Review your answers").wait_for()
    assert_accessible(page, "review", journey.folder)
    journey.shot("review")
    assert "still to answer" not in page.content()
    na_question = questionnaire.question(na[0])
    assert f"Does not apply here: {na_question.not_applicable_when[0].label}" in page.inner_text("main")

    # Edit a section from the review page, then submit.
    page.locator(".section-head a").first.click()
    assert page.locator("section.question").count() >= 1
    page.go_back()
    page.get_by_role("button", name="Submit the assessment").click()
    page.get_by_text("Your assessment is submitted").wait_for()
    journey.shot("submitted")

    # The scorecard: headline, chart with its table, gaps with model laws.
    page.get_by_role("link", name="See the scorecard").click()
    assert_accessible(page, "scorecard", journey.folder)
    main_text = page.inner_text("main")
    assert "Dane County" in main_text and "Current protections" in main_text and "Next-level reforms" in main_text
    assert page.locator("svg[role=img]").count() >= 1
    journey.shot("scorecard")

    # What-if: close the first gap and see projected scores; saved answers stay.
    page.locator("#what-if summary").click()  # the choices are folded on the scorecard
    page.locator(".what-if-form input[type=checkbox]").first.check()
    page.get_by_role("button", name="Show projected scores").click()
    page.get_by_role("heading", name="Projected scores").wait_for()
    assert_accessible(page, "what-if", journey.folder)
    journey.shot("what-if")
    page.go_back()

    # The PDF downloads and reads back.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").first.click()
    pdf_path = journey.folder / "scorecard.pdf"
    download_info.value.save_as(pdf_path)
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    assert "Dane County" in text and "Current protections" in text

    # Publish: the scorecard gets a public address anyone can open.
    page.goto(journey.base_url + page.url.split(journey.base_url, 1)[1].split("/scorecard")[0])
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("heading", name="Check what becomes public").wait_for()
    journey.shot("publish preview")
    page.get_by_role("button", name="Publish this version").click()
    page.get_by_text("Tick the box to confirm you checked what becomes public.").wait_for()
    page.get_by_label("I have checked what becomes public").check()
    page.get_by_role("button", name="Publish this version").click()
    page.get_by_role("button", name="Make a new version to correct it").wait_for()
    journey.shot("published")
    scorecard_url = page.url.rstrip("/") + "/scorecard"
    stranger = page.context.browser.new_context()
    public = stranger.new_page()
    assert public.goto(scorecard_url).status == 200
    assert "Dane County" in public.inner_text("main")
    stranger.close()
