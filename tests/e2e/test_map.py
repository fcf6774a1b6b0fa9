"""The county maps in a real browser (issue 16): axe on the directory and a
state's page at 1280 and 375 px, the names a screen reader hears for the
county links, the skip link past them, no sideways scrolling, and print."""

from __future__ import annotations

import re

import pytest

from tests.conftest import add_jurisdiction
from tests.web.public_helpers import make_assessment

from .a11y import blocking_violations, describe

pytestmark = pytest.mark.e2e


@pytest.fixture
def mapped(app):
    with app.app_context():
        king = add_jurisdiction("King County", "WA", "county", fips="53033")
        pierce = add_jurisdiction("Pierce County", "WA", "county", fips="53053")
        add_jurisdiction("Seattle", "WA", "city", population=737015)
    make_assessment(app, king, email="official@king.example.gov")
    return {"king": king, "pierce": pierce}


@pytest.mark.parametrize("width", [1280, 375])
def test_the_maps_pass_axe_and_fit_the_screen(journey, mapped, width):
    journey.page.set_viewport_size({"width": width, "height": 900})
    failures = []
    for name, path in (("directory", "/directory"), ("state", "/states/WA")):
        journey.go(path)
        journey.page.locator("svg.county-map-drawing").first.wait_for()
        journey.shot(f"{name}-{width}")
        violations = blocking_violations(journey.page)
        if violations:
            failures.append(f"{name}: {describe(violations)}")
        overflow = journey.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"{name}: {overflow}px of sideways scrolling at {width}px")
    assert not failures, "\n".join(failures)


def test_screen_readers_hear_each_county_with_its_figure(journey, mapped):
    journey.go("/states/WA")
    page = journey.page
    # The name the browser gives the map's link carries the figure of the table's row.
    row = page.locator("table.map-table tr", has=page.get_by_role("link", name="King County, WA", exact=True))
    score, level = row.locator("td").all_inner_texts()
    assert re.fullmatch(r"[\d.]+", score) and level
    king = page.get_by_role("link", name=f"King County, WA: current protections {score}, {level}", exact=True)
    assert king.count() == 1
    assert page.get_by_role("link", name="Pierce County, WA: not assessed", exact=True).count() == 1
    # The link goes to the county's page.
    king.click()
    page.wait_for_url(f"**/jurisdictions/{mapped['king']}")


def test_the_skip_link_jumps_past_the_county_links_to_the_table(journey, mapped):
    journey.go("/states/WA")
    page = journey.page
    page.get_by_role("link", name=re.compile("Skip the map’s 2 county links")).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "county-map-wa-data"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "King County, WA"


def test_the_map_prints(journey, mapped):
    journey.go("/states/WA")
    page = journey.page
    page.emulate_media(media="print")
    assert page.locator("svg.county-map-drawing").is_visible()
    assert not page.locator("a.map-skip").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (journey.folder / "state-map-print.pdf").write_bytes(pdf)
