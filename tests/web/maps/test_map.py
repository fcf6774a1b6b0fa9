"""The county maps (issue 16): the directory's national map and each state's
page. One link a county drawn, its accessible name carrying the same figure
as the table's row, grey and hatched where nothing is published."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from assessment.extensions import db
from assessment.maps.drawing import BAND_COLOURS, band_for, bands
from assessment.maps.geometry import NATIONAL, geometry_for
from assessment.models import LatestPublished
from tests.conftest import add_jurisdiction
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import worst


class MapPage(HTMLParser):
    """The links inside each county map's SVG and the rows of its table."""

    def __init__(self):
        super().__init__()
        self.svg_depth = 0
        self.links: list[dict] = []  # href, label, title, fill
        self.rows: list[list[str]] = []
        self.row_hrefs: list[str] = []
        self._in_map_table = False
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_title = False
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "county-map-drawing" in (attrs.get("class") or ""):
            self.svg_depth = 1
        elif self.svg_depth:
            self.svg_depth += 1
            if tag == "a":
                self.links.append({"href": attrs["href"], "label": "", "title": ""})
            elif tag == "title" and self.links and self.links[-1]["title"] == "":
                self._in_title = True
            elif tag == "path" and self.links and "fill" not in self.links[-1]:
                self.links[-1]["fill"] = attrs.get("fill")
        if tag == "table" and "map-table" in (attrs.get("class") or ""):
            self._in_map_table = True
        if self._in_map_table:
            if tag == "tbody":
                self._in_body = True
            elif tag == "tr" and self._in_body:
                self._row = []
            elif tag in ("td", "th") and self._row is not None:
                self._cell = []
            elif tag == "a" and self._row is not None:
                self.row_hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.svg_depth:
            self.svg_depth -= 1
            if tag == "title":
                self._in_title = False
        if self._in_map_table:
            if tag in ("td", "th") and self._cell is not None and self._row is not None:
                self._row.append("".join(self._cell).strip())
                self._cell = None
            elif tag == "tr" and self._row is not None:
                if self._row and self._cell is None and not all(c == "" for c in self._row):
                    self.rows.append(self._row)
                self._row = None
            elif tag == "table":
                self._in_map_table = self._in_body = False

    def handle_data(self, data):
        if self._in_title and self.links:
            # An SVG link's <title> is its accessible name.
            self.links[-1]["title"] += data
            self.links[-1]["label"] += data
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> MapPage:
    page = MapPage()
    page.feed(html)
    return page


@pytest.fixture
def counties(app, places):
    """King County, WA published with the best answers, Harris County, TX with
    the worst; Pierce County, WA listed but not assessed; Snohomish County, WA
    assessed but not verified (so not in any public list)."""
    with app.app_context():
        pierce = add_jurisdiction("Pierce County", "WA", "county", fips="53053")
        snohomish = add_jurisdiction("Snohomish County", "WA", "county", fips="53061")
    make_assessment(app, places["county"])
    make_assessment(
        app, places["texas_county"], year=2025, kind="independent", organisation="Texas Advocates", choose=worst
    )
    make_assessment(app, snohomish, email="someone@example.org", verified=False)
    with app.app_context():
        scores = {
            row.jurisdiction_id: row.protection_score
            for row in db.session.scalars(
                db.select(LatestPublished).where(LatestPublished.for_year == 0, LatestPublished.for_kind == "")
            )
        }
    return {**places, "pierce": pierce, "snohomish": snohomish, "scores": scores}


def test_the_directory_map_has_one_link_per_listed_county(client, counties):
    page = parse(client.get("/directory").get_data(as_text=True))
    hrefs = [link["href"] for link in page.links]
    expected = {f"/jurisdictions/{counties[name]}" for name in ("county", "texas_county", "pierce", "snohomish")}
    assert len(hrefs) == len(set(hrefs)) == 4
    assert set(hrefs) == expected  # cities (Seattle) and places without a FIPS code are not on the map


def test_each_link_names_its_county_and_the_figure_in_the_table(client, counties):
    page = parse(client.get("/directory").get_data(as_text=True))
    king = round(counties["scores"][counties["county"]], 1)
    by_href = {link["href"]: link for link in page.links}
    king_link = by_href[f"/jurisdictions/{counties['county']}"]
    assert re.fullmatch(r"King County, WA: current protections [\d.]+, \w+", king_link["label"])
    # The national table lists the counties with a figure, worded as the links are.
    assert len(page.rows) == 2 and page.row_hrefs == [
        f"/jurisdictions/{counties['texas_county']}",
        f"/jurisdictions/{counties['county']}",
    ]
    for href, (place, score, level) in zip(page.row_hrefs, page.rows, strict=True):
        assert by_href[href]["label"] == f"{place}: current protections {score}, {level}"
    assert page.rows[1][1] == (str(int(king)) if float(king).is_integer() else str(king))


def test_unassessed_and_unverified_counties_are_grey_and_hatched(app_ctx, client, counties):
    html = client.get("/directory").get_data(as_text=True)
    by_href = {link["href"]: link for link in parse(html).links}
    for name, label in (
        ("pierce", "Pierce County, WA: not assessed"),
        ("snohomish", "Snohomish County, WA: not assessed"),
    ):
        link = by_href[f"/jurisdictions/{counties[name]}"]
        assert link["label"] == label
        assert link["fill"] == "url(#county-map-us-unassessed)"
    assert '<pattern id="county-map-us-unassessed"' in html
    king = by_href[f"/jurisdictions/{counties['county']}"]
    assert king["fill"] == band_for(counties["scores"][counties["county"]], bands()).colour
    assert "2 other counties are not assessed yet" in html and "Not assessed yet (grey, hatched)" in html


def test_a_publication_shows_on_the_map_at_once_though_the_map_is_kept_once_drawn(app, client, counties):
    """The drawn map is kept under the figures it shows: the same figures serve it again
    (without drawing), and Pierce County published since shows on the next page."""
    first = client.get("/directory").get_data(as_text=True)
    again = client.get("/directory").get_data(as_text=True)
    kept = app.extensions["drawn_county_maps"]
    assert first == again and len(kept) >= 1
    pierce = f"/jurisdictions/{counties['pierce']}"
    assert {link["href"]: link for link in parse(first).links}[pierce]["label"] == "Pierce County, WA: not assessed"
    make_assessment(app, counties["pierce"], email="pierce@example.gov")
    page = parse(client.get("/directory").get_data(as_text=True))
    labels = {link["href"]: link["label"] for link in page.links}
    assert re.fullmatch(r"Pierce County, WA: current protections [\d.]+, \w+", labels[pierce])
    assert pierce in page.row_hrefs


def test_the_legend_has_one_blue_a_level_and_grey_for_not_assessed(app_ctx, client, counties):
    scale = bands()
    assert [band.colour for band in scale] == list(BAND_COLOURS)
    assert [band.low for band in scale] == [0, 25, 50, 75, 90]
    assert band_for(89.96, scale).low == 90  # shown as 90 (rounded), coloured as 90
    assert band_for(24.9, scale).low == 0
    html = client.get("/directory").get_data(as_text=True)
    legend = html[html.index('class="map-legend') : html.index("</ul>", html.index('class="map-legend'))]
    assert [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"</svg>([^<]+)</li>", legend)] == [
        "90 to 100",
        "75 to under 90",
        "50 to under 75",
        "25 to under 50",
        "0 to under 25",
        "Not assessed yet (grey, hatched)",
    ]


def test_the_state_page_maps_its_counties_and_lists_every_place(client, counties):
    response = client.get("/states/WA")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Washington</h1>" in html
    page = parse(html)
    washington = {f"/jurisdictions/{counties[name]}" for name in ("county", "pierce", "snohomish")}
    assert {link["href"] for link in page.links} == washington and len(page.links) == 3
    # The state's table has every county drawn, assessed or not, worded as its link.
    labels = {link["href"]: link["label"] for link in page.links}
    assert len(page.rows) == 3
    for href, (place, score, level) in zip(page.row_hrefs, page.rows, strict=True):
        expected = (
            f"{place}: not assessed" if score == "Not assessed" else f"{place}: current protections {score}, {level}"
        )
        assert labels[href] == expected
    assert f'href="/jurisdictions/{counties["city"]}">Seattle</a>' in html  # cities are listed below
    assert "Harris County" not in html


@pytest.mark.parametrize("path", ["/states/wa", "/states/XX", "/states/53", "/states/W1"])
def test_a_state_page_answers_only_to_a_state_code(client, counties, path):
    assert client.get(path).status_code == 404


def test_the_directory_filtered_by_state_shows_that_state_and_links_to_its_page(client, counties):
    html = client.get("/directory?state=TX").get_data(as_text=True)
    assert 'href="/states/TX"' in html
    assert [link["href"] for link in parse(html).links] == [f"/jurisdictions/{counties['texas_county']}"]


def test_a_place_page_links_to_its_state_page(client, counties):
    html = client.get(f"/jurisdictions/{counties['city']}").get_data(as_text=True)
    assert 'href="/states/WA"' in html


def test_the_national_drawing_is_the_census_counties_fitted_and_cached(app, tmp_path):
    geometry = geometry_for(NATIONAL, app.instance_path)
    # The 50 states and DC: about 3,140 counties (territories left out).
    assert 3100 < len(geometry.paths) < 3200
    assert "53033" in geometry.paths and "72127" not in geometry.paths  # King County; not San Juan, PR

    def points(d):
        """The absolute points of path data written as "M x y l dx dy ... z"."""
        found = []
        for start, steps in re.findall(r"M([^l]+)l([^z]+)z", d):
            x, y = (float(v) for v in start.split())
            found.append((x, y))
            numbers = [float(v) for v in steps.split()]
            for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
                x, y = x + dx, y + dy
                found.append((x, y))
        return found

    every = [p for d in geometry.paths.values() for p in points(d)]
    assert all(0 <= x <= geometry.width and 0 <= y <= geometry.height for x, y in every)

    def centre(fips):
        drawn = points(geometry.paths[fips])
        return sum(x for x, _ in drawn) / len(drawn), sum(y for _, y in drawn) / len(drawn)

    king, miami = centre("53033"), centre("12086")
    assert king[0] < miami[0] and king[1] < miami[1]
    alaska_box = geometry.frames[0]
    x, y = centre("02020")  # Anchorage
    assert alaska_box.left <= x <= alaska_box.right and alaska_box.top <= y <= alaska_box.bottom
    # Read back from the instance folder's cache, the same drawing.
    geometry_for.cache_clear()
    assert geometry_for(NATIONAL, app.instance_path) == geometry


def test_a_search_links_to_the_national_map_instead_of_drawing_it_again(client, counties):
    html = client.get("/directory?q=king").get_data(as_text=True)
    assert "county-map-drawing" not in html
    assert 'href="/directory#county-map-us-heading"' in html
    assert "county-map-drawing" in client.get("/directory?kind=county").get_data(as_text=True)
