"""The public directory: every jurisdiction, assessed or not; filters, sort,
pagination; and who assessed, said the same way everywhere."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.conftest import add_jurisdiction
from tests.web.public_helpers import chooser, make_assessment
from tests.web.scorecard_helpers import best, worst


@pytest.fixture
def scored(app, places):
    """King County: best answers (self, 2026); Harris County: worst answers,
    independent by Texas Advocates (2025); Seattle, San Francisco: none."""
    with app.app_context():
        extra = add_jurisdiction("Spokane", "WA", "city", population=228989)
    ids = {
        "king": make_assessment(app, places["county"], published_at=datetime(2026, 3, 4, 12)),
        "harris": make_assessment(
            app,
            places["texas_county"],
            year=2025,
            kind="independent",
            organisation="Texas Advocates",
            choose=worst,
            published_at=datetime(2025, 6, 1),
        ),
    }
    return {**places, "spokane": extra, **ids}


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/jurisdictions/\d+">([^<]+)</a>', html)


def test_every_jurisdiction_is_listed_assessed_or_not(client, scored):
    html = client.get("/directory").get_data(as_text=True)
    assert names_in_order(html) == ["Harris County", "King County", "San Francisco", "Seattle", "Spokane"]
    assert html.count('class="muted">Not yet assessed') == 3
    assert "5 jurisdictions" in html


def test_who_assessed_and_when_is_said_for_each_score(client, scored):
    html = client.get("/directory").get_data(as_text=True)
    assert "Independent assessment by Texas Advocates, published 1 June 2025" in html
    assert "Self-assessment" in html and "published 4 March 2026" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("state=WA", ["King County", "Seattle", "Spokane"]),
        ("kind=county", ["Harris County", "King County"]),
        ("band=250k_1m", ["San Francisco", "Seattle"]),
        ("band=100k_250k", ["Spokane"]),
        ("band=unknown", ["Harris County", "King County"]),
        ("assessment_kind=independent", ["Harris County"]),
        ("assessment_kind=self", ["King County"]),
        ("year=2025", ["Harris County"]),
        ("assessed=no", ["San Francisco", "Seattle", "Spokane"]),
        ("assessed=yes", ["Harris County", "King County"]),
        ("q=sea", ["Seattle"]),
        ("q=king+co", ["King County"]),
        ("state=WA&kind=city&band=250k_1m", ["Seattle"]),
    ],
)
def test_filters(client, scored, query, expected):
    response = client.get(f"/directory?{query}")
    assert response.status_code == 200
    assert names_in_order(response.get_data(as_text=True)) == expected


def test_sort_by_either_tier_score_puts_unassessed_last(app, client, scored):
    make_assessment(
        app,
        scored["city"],
        choose=chooser({q.id for q in app.extensions["questionnaire"].questions() if q.tier == "protection"}),
    )
    protection = names_in_order(client.get("/directory?sort=protection").get_data(as_text=True))
    assert protection[:3] == ["King County", "Seattle", "Harris County"]
    next_level = names_in_order(client.get("/directory?sort=next_level").get_data(as_text=True))
    assert next_level[0] == "King County" and next_level[1:3] == ["Harris County", "Seattle"]
    assert set(next_level[3:]) == {"San Francisco", "Spokane"}


def test_the_latest_published_year_is_shown_and_drafts_are_not(app, client, scored):
    # No future year can be started (RT-03), so the later-year rule is checked with an older
    # published year, and the draft is one of the same year.
    older = make_assessment(app, scored["county"], year=2024, choose=best, published_at=datetime(2024, 5, 1))
    draft = make_assessment(
        app, scored["county"], year=2026, kind="independent", organisation="Watchdog", choose=worst, published=False
    )
    html = client.get("/directory?q=king+county").get_data(as_text=True)
    assert f'/assessments/{scored["king"]}/scorecard">2026</a>' in html
    assert f'/assessments/{older}/scorecard"' not in html and f"/assessments/{draft}/" not in html


def test_pagination(app, client, places):
    with app.app_context():
        for n in range(120):
            add_jurisdiction(f"Town {n:03d}", "IL", "town", population=1000 + n)
    first = client.get("/directory?state=IL").get_data(as_text=True)
    assert "120 jurisdictions, page 1 of 3" in first
    assert names_in_order(first)[0] == "Town 000" and len(names_in_order(first)) == 50
    assert 'href="/directory?state=IL&amp;page=2" rel="next"' in first
    last = client.get("/directory?state=IL&page=3").get_data(as_text=True)
    assert names_in_order(last) == [f"Town {n:03d}" for n in range(100, 120)]
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_bad_filters_are_a_400_not_a_500(client, places):
    assert client.get("/directory?state=XX").status_code == 400
    assert client.get("/directory?page=abc").status_code == 400
    assert client.get("/directory?sort=evil").status_code == 400


def test_the_jurisdiction_page_shows_its_record_and_who_assessed(client, scored):
    html = client.get(f"/jurisdictions/{scored['texas_county']}").get_data(as_text=True)
    assert "Published scorecards" in html
    assert "Independent assessment by Texas Advocates, published 1 June 2025" in html
    html = client.get(f"/jurisdictions/{scored['spokane']}").get_data(as_text=True)
    assert "Not yet assessed" in html


def test_years_trend_and_what_changed(app, client, places):
    content = app.extensions["questionnaire"]
    detainer = content.question("detainers_hold_refusal")
    others = {q.id for q in content.questions()} - {detainer.id}
    kept = next(iter(sorted(others)))
    make_assessment(app, places["county"], year=2024, choose=chooser({detainer.id}))
    make_assessment(app, places["county"], year=2025, choose=chooser({kept}))
    make_assessment(app, places["county"], year=2026, kind="independent", organisation="Watchdog", choose=best)
    html = client.get(f"/jurisdictions/{places['county']}").get_data(as_text=True)
    assert "Self-assessments: scores over the years" in html
    assert "Independent assessments by Watchdog: scores over the years" in html
    assert html.count('role="img"') == 1  # one series has two years: one trend chart
    assert "What changed from 2024 to 2025" in html
    improved, fell_back = html.split("What changed from 2024 to 2025")[1].split("Fell back")
    assert content.question(kept).prompt in improved
    assert detainer.prompt in fell_back.split("</ul>")[0]


@pytest.mark.parametrize("extra", [{}, {"kind": "county"}, {"assessed": "yes"}, {"year": 2025}])
def test_score_sorted_pages_follow_on_across_scored_and_unscored_places(app, scored, extra):
    """Small pages, read one after the other, give the same order as one big page."""
    from assessment.directory.queries import DirectoryFilters, directory_page

    make_assessment(app, scored["city"], choose=worst)
    with app.app_context():
        whole = directory_page(DirectoryFilters(sort="protection", per_page=50, **extra))
        in_pages = []
        for page in range(1, whole.total + 1):
            result = directory_page(DirectoryFilters(sort="protection", per_page=2, page=page, **extra))
            assert result.total == whole.total
            in_pages += result.rows
    assert [row.name for row in in_pages] == [row.name for row in whole.rows]
    assert len(in_pages) == whole.total
    scores = [row.protection_score for row in whole.rows]
    present = [s for s in scores if s is not None]
    assert present == sorted(present, reverse=True) and scores == present + [None] * (len(scores) - len(present))


@pytest.mark.parametrize("sort", ["name", "population"])
@pytest.mark.parametrize(
    "extra", [{}, {"state": "WA"}, {"kind": "county"}, {"q": "county"}, {"assessed": "no"}, {"year": 2025}]
)
def test_name_and_population_pages_follow_on_with_their_scores(app, scored, sort, extra):
    """Small pages (the places picked first, their scores joined after) give the
    rows of one big page, scores included, in the same order."""
    from assessment.directory.queries import DirectoryFilters, directory_page

    with app.app_context():
        add_jurisdiction("King County", "TX", "county")  # same name, another state: the order must not waver
        whole = directory_page(DirectoryFilters(sort=sort, per_page=50, **extra))
        in_pages = []
        for page in range(1, whole.total + 1):
            result = directory_page(DirectoryFilters(sort=sort, per_page=1, page=page, **extra))
            assert result.total == whole.total
            in_pages += result.rows
    assert [tuple(row) for row in in_pages] == [tuple(row) for row in whole.rows]
    assert len(whole.rows) == whole.total > 0
    # The scores are joined to the places picked: King County, WA (published 2026) keeps its own.
    king = [row for row in whole.rows if (row.name, row.state) == ("King County", "WA")]
    if extra in ({}, {"state": "WA"}, {"kind": "county"}, {"q": "county"}):
        assert king and king[0].protection_score is not None


def test_the_local_score_sorts_and_shows_where_state_law_makes_it_differ(app, client, places):
    """A Texas county doing everything in its room: its score counts the 287(g) agreement Texas SB 8
    forces as not met, its local score leaves it out; sorted by local score it comes first."""
    make_assessment(app, places["texas_county"], choose=best)
    everything_but_one = {q.id for q in app.extensions["questionnaire"].questions()} - {"detention_contracts"}
    make_assessment(app, places["county"], choose=chooser(everything_but_one))
    by_score = client.get("/directory?sort=protection&assessed=yes").get_data(as_text=True)
    by_local = client.get("/directory?sort=protection_local&assessed=yes").get_data(as_text=True)
    assert names_in_order(by_score)[:2] == ["King County", "Harris County"]
    assert names_in_order(by_local)[:2] == ["Harris County", "King County"]
    harris_row = by_local.split(">Harris County</a>")[1].split("</tr>")[0]
    assert "Local score: 100" in harris_row and "Developing" in harris_row
    assert "Local score: the same over what local government controls" in by_local


def test_years_scored_under_different_methods_are_not_compared(app, client, places):
    from assessment.extensions import db
    from assessment.models import AssessmentScore

    older = make_assessment(app, places["county"], year=2025)
    make_assessment(app, places["county"], year=2026, choose=chooser({"detainers_hold_refusal"}))
    with app.app_context():
        db.session.get(AssessmentScore, older).questionnaire_version = "2026.1"
        db.session.commit()
    html = client.get(f"/jurisdictions/{places['county']}").get_data(as_text=True)
    section = html.split("What changed from 2025 to 2026")[1]
    current = app.extensions["questionnaire"].version
    assert f"scored under different methods (2026.1 and {current})" in section
    assert "Fell back" not in section.split("</section>")[0]


def picks_section(html: str) -> str:
    return html.split('<section id="your-comparison"')[1].split("</section>")[0]


def test_your_comparison_is_kept_in_the_address_across_searches_filters_sorts_and_pages(client, scored):
    king, harris = scored["county"], scored["texas_county"]
    first = client.get("/directory?q=king").get_data(as_text=True)
    assert "Your comparison (0)" in picks_section(first)
    add_king = f'href="/directory?q=king&amp;j={king}#place-{king}"'
    assert add_king in first  # Add is a link to the next address: no JavaScript needed
    assert 'Add<span class="visually-hidden"> King County, WA</span>' in first

    listed = client.get(f"/directory?q=harris&j={king}").get_data(as_text=True)
    tray = picks_section(listed)
    assert "Your comparison (1)" in tray and "King County, WA" in tray and "Compare these" not in tray
    assert "Add at least one more place" in tray
    # The filter form carries the list, and so do "Clear the filters" and the Add link of the next place.
    form = listed.split('class="filters card"')[1].split("</form>")[0]
    assert f'<input type="hidden" name="j" value="{king}">' in form
    assert f'href="/directory?j={king}">Clear the filters' in form
    assert f'href="/directory?q=harris&amp;j={king}&amp;j={harris}#place-{harris}"' in listed

    both = client.get(f"/directory?state=TX&sort=protection&j={king}&j={harris}").get_data(as_text=True)
    tray = picks_section(both)
    assert "Your comparison (2)" in tray and "King County, WA" in tray and "Harris County, TX" in tray
    assert f'href="/compare?j={king}&amp;j={harris}">Compare these' in tray
    # Remove keeps the filters and the other place; a place in the list says so in its row.
    assert f'href="/directory?state=TX&amp;sort=protection&amp;j={king}#your-comparison">Remove' in tray
    harris_row = both.split(f'<tr id="place-{harris}">')[1].split("</tr>")[0]
    assert "In your comparison" in harris_row and "Remove" in harris_row and ">Add<" not in harris_row


def test_places_without_a_scorecard_cannot_be_added_and_pages_keep_the_list(app, client, places):
    with app.app_context():
        for n in range(60):
            add_jurisdiction(f"Town {n:03d}", "IL", "town", population=1000 + n)
    king = places["county"]
    make_assessment(app, king)
    html = client.get(f"/directory?state=IL&j={king}").get_data(as_text=True)
    assert 'rel="next"' in html and f'href="/directory?state=IL&amp;page=2&amp;j={king}" rel="next"' in html
    town_row = html.split("Town 000</a>")[1].split("</tr>")[0]
    assert ">Add<" not in town_row  # not yet assessed: nothing to compare
    # A hand-edited address: junk and unlisted numbers are dropped, the rest kept.
    odd = client.get(f"/directory?j=abc&j={king}&j=999999").get_data(as_text=True)
    assert odd.count("King County, WA") >= 1 and "Your comparison (1)" in picks_section(odd)


def test_a_full_list_offers_no_more_adds(app, client, places):
    with app.app_context():
        towns = [add_jurisdiction(f"Town {n:02d}", "WA", "city", population=20000 + n) for n in range(13)]
    for town in towns:
        make_assessment(app, town)
    picks = "&".join(f"j={t}" for t in towns[:12])
    html = client.get(f"/directory?state=WA&{picks}").get_data(as_text=True)
    assert "Your comparison (12)" in html and "The list is full" in html
    last_row = html.split(f'<tr id="place-{towns[12]}">')[1].split("</tr>")[0]
    assert ">Add<" not in last_row
