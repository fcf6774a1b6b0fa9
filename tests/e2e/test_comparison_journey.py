"""An advocate who never signs in gathers King County, WA and Travis County, TX
over three different directory searches, compares them, and adds and removes a
third place from the comparison page's own search box."""

from __future__ import annotations

import re

import pytest

from tests.conftest import add_jurisdiction
from tests.web.public_helpers import make_assessment

from .a11y import assert_accessible

pytestmark = pytest.mark.e2e


@pytest.fixture
def published_counties(app):
    with app.app_context():
        ids = {
            "king": add_jurisdiction("King County", "WA", "county", fips="53033"),
            "pierce": add_jurisdiction("Pierce County", "WA", "county", fips="53053"),
            "travis": add_jurisdiction("Travis County", "TX", "county", fips="48453"),
            "harris": add_jurisdiction("Harris County", "TX", "county", fips="48201"),
            "austin": add_jurisdiction("Austin", "TX", "city", population=961855),
        }
    for key in ("king", "pierce", "travis", "harris"):
        make_assessment(app, ids[key], email=f"{key}@example.gov", verified=True)
    return ids


def shot_both_widths(journey, label: str) -> None:
    page = journey.page
    page.set_viewport_size({"width": 1280, "height": 900})
    journey.shot(f"{label} 1280")
    page.set_viewport_size({"width": 375, "height": 800})
    journey.shot(f"{label} 375")
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, label
    page.set_viewport_size({"width": 1280, "height": 900})


def tray(page):
    return page.locator("#your-comparison")


def column_names(page) -> list[str]:
    return page.locator("table.compare-table").first.locator("thead .col-name").all_inner_texts()


def test_an_advocate_builds_a_comparison_across_three_searches(journey, published_counties):
    page = journey.page
    journey.go("/directory")
    assert tray(page).get_by_role("heading", name="Your comparison (0)").is_visible()

    # First search: by name.
    page.get_by_label("Name").fill("King")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Add King County, WA", exact=True).click()
    tray(page).get_by_role("heading", name="Your comparison (1)").wait_for()
    assert "King County, WA" in tray(page).inner_text()

    # Second search: another name and a state; the list stays.
    page.get_by_label("Name").fill("")
    page.get_by_label("State", exact=True).select_option("TX")
    page.get_by_role("button", name="Show").click()
    tray(page).get_by_role("heading", name="Your comparison (1)").wait_for()
    assert "Harris County" in page.inner_text("table.directory-table")
    page.get_by_role("link", name="Add Travis County, TX", exact=True).click()
    tray(page).get_by_role("heading", name="Your comparison (2)").wait_for()

    # Third search: other filters and another order; still both.
    page.get_by_label("State", exact=True).select_option("")
    page.get_by_label("Type").select_option("county")
    page.get_by_label("Sort by").select_option("protection")
    page.get_by_role("button", name="Show").click()
    tray(page).get_by_role("heading", name="Your comparison (2)").wait_for()
    listed = tray(page).inner_text()
    assert "King County, WA" in listed and "Travis County, TX" in listed
    assert "sort=protection" in page.url and page.url.count("j=") == 2
    assert_accessible(page, "directory with a list", journey.folder)
    shot_both_widths(journey, "directory with the list")

    page.get_by_role("link", name="Compare these 2 places").click()
    page.get_by_role("heading", level=1, name="Comparing King County, WA; Travis County, TX").wait_for()
    assert column_names(page) == ["King County, WA", "Travis County, TX"]
    assert_accessible(page, "comparison", journey.folder)
    shot_both_widths(journey, "comparison of two")

    # Add a third place from the comparison page's own search box, then remove it.
    page.get_by_label("Add a place: search by name").fill("Pierce")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name=re.compile("Places matching")).wait_for()
    assert_accessible(page, "comparison search", journey.folder)
    journey.shot("search on the comparison page")
    page.get_by_role("link", name="Add Pierce County, WA", exact=True).click()
    page.get_by_role("heading", name="Your comparison (3)").wait_for()
    assert column_names(page) == ["King County, WA", "Travis County, TX", "Pierce County, WA"]
    assert "q=" not in page.url
    journey.shot("comparison of three")
    page.get_by_role("link", name="Remove Pierce County, WA", exact=True).click()
    page.get_by_role("heading", name="Your comparison (2)").wait_for()
    assert column_names(page) == ["King County, WA", "Travis County, TX"]

    # Down to one place: the page says what is missing and keeps the search box; then back to two.
    page.get_by_role("link", name="Remove Travis County, TX", exact=True).click()
    page.get_by_role("heading", name="Your comparison (1)").wait_for()
    assert "Add at least 1 more place: a comparison needs 2 to 12." in page.inner_text("main")
    assert_accessible(page, "a list of one", journey.folder)
    shot_both_widths(journey, "a list of one")
    page.get_by_label("Add a place: search by name").fill("Travis")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Add Travis County, TX", exact=True).click()
    page.get_by_role("heading", level=1, name="Comparing King County, WA; Travis County, TX").wait_for()

    # Back to the directory with the same list.
    page.get_by_role("link", name="Find more places in the directory, keeping this list").click()
    tray(page).get_by_role("heading", name="Your comparison (2)").wait_for()
