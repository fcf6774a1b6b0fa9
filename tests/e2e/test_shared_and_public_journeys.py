"""A colleague joins by invitation link and meets the conflict page on a stale
save; an advocate who never signs in filters the directory, compares three
jurisdictions and takes the data away."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from tests.conftest import add_jurisdiction, make_user_row
from tests.web.public_helpers import make_assessment

from .a11y import assert_accessible
from .conftest import new_journey, sign_in

pytestmark = pytest.mark.e2e


def test_invited_colleague_edits_and_a_stale_save_shows_the_conflict(app, chromium, live_server, journey):
    with app.app_context():
        county = add_jurisdiction("Bernalillo County", "NM", "county", fips="35001")
        make_user_row("lead@bernco.example.gov")
        make_user_row("deputy@bernco.example.gov")
    lead, page = journey, journey.page
    sign_in(lead, "lead@bernco.example.gov")
    lead.go(f"/jurisdictions/{county}")
    page.get_by_role("button", name="Start the assessment").click()
    overview_url = page.url
    page.get_by_role("link", name="People and invitations").click()
    page.get_by_label("Their email address").fill("deputy@bernco.example.gov")
    page.get_by_label("What they may do").select_option("editor")
    page.get_by_role("button", name="Send the invitation").click()
    link = page.get_by_label("Invitation link").input_value()
    assert_accessible(page, "editors", lead.folder)
    lead.shot("invitation link")

    deputy = new_journey(chromium, live_server, "invited-colleague")
    sign_in(deputy, "deputy@bernco.example.gov")
    deputy.page.goto(link)
    assert_accessible(deputy.page, "invitation", deputy.folder)
    deputy.page.get_by_role("button", name="Accept and join").click()
    deputy.page.get_by_text("You have joined this assessment as: Editor.").wait_for()

    # Both open the first section; the deputy saves first.
    page.goto(overview_url)
    page.get_by_role("link", name="Start with").click()
    deputy.page.goto(page.url)
    first = deputy.page.locator("section.question fieldset").first
    first.get_by_label("Don't know yet").check()
    deputy.page.get_by_role("button", name="Save and see all sections").click()
    deputy.page.get_by_text("Saved").first.wait_for()

    # The lead's page is now stale: saving a different answer shows both.
    page.locator("section.question fieldset").first.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Save and see all sections").click()
    heading = page.get_by_role("heading", name="Someone else changed these answers while you were working")
    heading.wait_for()
    assert "deputy@bernco.example.gov" in page.inner_text("main")
    assert_accessible(page, "conflict", lead.folder)
    lead.shot("conflict")
    page.get_by_role("button", name="Keep my answers").click()
    page.get_by_text("Saved").first.wait_for()
    deputy.page.context.close()


@pytest.fixture
def published_places(app):
    with app.app_context():
        ids = {
            "king": add_jurisdiction("King County", "WA", "county", fips="53033"),
            "pierce": add_jurisdiction("Pierce County", "WA", "county", fips="53053"),
            "spokane": add_jurisdiction("Spokane County", "WA", "county", fips="53063"),
            "harris": add_jurisdiction("Harris County", "TX", "county", fips="48201"),
        }
    for key in ("king", "pierce", "spokane"):
        make_assessment(app, ids[key], email=f"{key}@example.gov")
    return ids


def test_advocate_filters_compares_and_downloads(journey, published_places):
    page = journey.page
    journey.go("/directory")
    assert_accessible(page, "directory", journey.folder)
    page.get_by_label("State", exact=True).select_option("WA")
    page.get_by_role("button", name="Show").click()
    # The filtered page, once loaded: on a busy machine the rows were counted while it was still loading.
    page.wait_for_url(re.compile(r"/directory\?.*state=WA"))
    page.wait_for_load_state()
    rows = page.locator("table.directory-table tbody tr")  # not the map's own table
    assert rows.count() == 3
    assert "Harris County" not in page.inner_text("main")
    journey.shot("directory filtered")
    for name in ("King County", "Pierce County", "Spokane County"):
        page.get_by_role("link", name=f"Add {name}, WA", exact=True).click()
    page.get_by_role("heading", name="Your comparison (3)").wait_for()
    page.get_by_role("link", name="Compare these 3 places").click()
    page.get_by_role("heading", level=1, name=re.compile(r"^Comparing .*King County, WA")).wait_for()
    assert_accessible(page, "compare", journey.folder)
    journey.shot("comparison")
    for name in ("King County", "Pierce County", "Spokane County"):
        assert name in page.inner_text("main")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download as CSV").click()
    csv_path = journey.folder / "comparison.csv"
    csv_download.value.save_as(csv_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    assert {"King County", "Pierce County", "Spokane County"} <= set(text.replace(",", "\n").splitlines()) or all(
        n in text for n in ("King County", "Pierce County", "Spokane County")
    )
    assert len(list(csv.reader(io.StringIO(text)))) > 3

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download as PDF").click()
    pdf_path = journey.folder / "comparison.pdf"
    pdf_download.value.save_as(pdf_path)
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    assert "King County" in pdf_text and "Spokane County" in pdf_text
