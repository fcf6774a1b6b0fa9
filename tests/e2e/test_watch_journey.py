"""The agreements watch and the carried year in a real browser (issue 19):
an official starts 2026 from 2025, confirms a page of carried answers,
records an agreement after a refused link, and every new page passes axe."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assessment.extensions import db
from assessment.models import Agreement, Assessment
from tests.conftest import add_jurisdiction, make_user_row
from tests.web.public_helpers import make_assessment

from .a11y import blocking_violations, describe
from .conftest import sign_in

pytestmark = pytest.mark.e2e
OFFICIAL = "official@king.example.gov"


@pytest.fixture
def site(app):
    with app.app_context():
        king = add_jurisdiction("King County", "WA", "county", fips="53033")
        pierce = add_jurisdiction("Pierce County", "WA", "county", fips="53053")
        make_user_row(OFFICIAL)
    last_year = make_assessment(app, king, email=OFFICIAL, year=2025, verified=False, published=False)
    published = make_assessment(app, pierce, email="clerk@pierce.example.gov")
    with app.app_context():
        series = db.session.get(Assessment, published).series_id
        db.session.add(
            Agreement(
                series_id=series,
                jurisdiction_id=pierce,
                kind="igsa",
                counterparty="ICE",
                renews_on=date.today() + timedelta(days=70),
                notice_days=30,
                document_url="https://pierce.example.gov/igsa.pdf",
            )
        )
        db.session.commit()
    return {"king": king, "last_year": last_year}


def test_an_official_starts_from_last_year_confirms_and_records_an_agreement(journey, site):
    page = journey.page
    sign_in(journey, OFFICIAL)
    journey.go(f"/jurisdictions/{site['king']}")
    page.get_by_label("Year of the assessment").select_option("2026")
    assert page.get_by_label("Start from my latest earlier year's answers", exact=False).is_checked()
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_text("This assessment started from your 2025 answers.").wait_for()
    assert "0% answered" in page.locator(".progress-text").inner_text()
    overview = page.url
    page.get_by_role("link", name="Start with", exact=False).click()
    assert page.get_by_text("Carried from 2025: confirm or change.").count() >= 2
    journey.shot("carried answers")
    problems = {"lever": blocking_violations(page)}
    page.get_by_role("button", name="Confirm all", exact=False).click()
    page.get_by_text("answers confirmed for this year", exact=False).wait_for()
    assert page.get_by_text("Carried from 2025: confirm or change.").count() == 0
    assert "0% answered (0 of" not in page.locator(".progress-text").inner_text()

    page.goto(overview)
    page.get_by_role("link", name="See every recorded agreement").click()
    page.get_by_role("link", name="Record an agreement").click()
    page.get_by_label("Kind of agreement").select_option("287g_jail_enforcement")
    page.get_by_label("Who it is with").fill("U.S. Immigration and Customs Enforcement")
    page.get_by_label("Date it was signed").fill("2025-03-14")
    renews = date.today() + timedelta(days=100)
    page.get_by_label("Date it ends or renews").fill(renews.isoformat())
    page.get_by_label("Notice period, in days").fill("60")
    page.get_by_label("Link to the agreement").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save the record").click()
    page.get_by_text("There is a problem").wait_for()
    problems["form with an error"] = blocking_violations(page)
    journey.shot("refused link")
    assert page.get_by_label("Who it is with").input_value() == "U.S. Immigration and Customs Enforcement"
    page.get_by_label("Link to the agreement").fill("https://kingcounty.example.gov/287g.pdf")
    page.get_by_role("button", name="Save the record").click()
    page.get_by_text("The agreement is recorded.").wait_for()
    notice = renews - timedelta(days=60)
    assert f"{notice.day} {notice:%B %Y}" in page.locator("#dates-title + ul").inner_text()
    problems["agreements"] = blocking_violations(page)
    journey.shot("agreements")

    page.goto(overview)
    page.get_by_role("link", name="What changed since 2025").click()
    page.get_by_role("heading", name="2026: what changed since 2025").wait_for()
    problems["since last year"] = blocking_violations(page)
    page.get_by_role("link", name="Agreements with ICE: notice dates in the next 90 days").click()
    page.get_by_text("Pierce County, WA").wait_for()
    problems["upcoming"] = blocking_violations(page)
    journey.shot("upcoming")
    assert not any(problems.values()), {name: describe(found) for name, found in problems.items() if found}
