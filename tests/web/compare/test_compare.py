"""Comparing jurisdictions: choosing them, the table with differences marked
in words, the per-question rows, the CSV and PDF, and a city beside its county."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from assessment.compare import comparison_csv
from assessment.compare.comparison import CODES
from assessment.content.model import DONT_KNOW
from assessment.extensions import db
from assessment.models import Jurisdiction
from assessment.scoring.asking import state_law_on
from tests.conftest import add_jurisdiction
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import best, worst


@pytest.fixture
def published(app, places):
    with app.app_context():
        tacoma = add_jurisdiction("Tacoma", "WA", "city", population=219346)
        far = add_jurisdiction("Houston", "TX", "city", population=2304580)
    return {
        **places,
        "tacoma": tacoma,
        "houston": far,
        "king_a": make_assessment(app, places["county"], choose=best),
        "harris_a": make_assessment(
            app, places["texas_county"], kind="independent", organisation="Texas Advocates", choose=worst
        ),
        "seattle_a": make_assessment(app, places["city"], choose=worst),
        "tacoma_a": make_assessment(app, tacoma, choose=best, year=2025),
    }


def column_names(html: str) -> list[str]:
    head = html.split('<table class="table compare-table">')[1].split("</thead>")[0]
    return [part.split("</span>")[0] for part in head.split('<span class="col-name">')[1:]]


def test_two_picked_jurisdictions_side_by_side_with_differences_in_words(client, published):
    response = client.get(f"/compare?j={published['county']}&j={published['texas_county']}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert column_names(html) == ["King County, WA", "Harris County, TX"]
    assert "<h1>Comparing King County, WA; Harris County, TX</h1>" in html
    assert "Independent assessment by Texas Advocates" in html and "Self-assessment" in html
    tier_table = html.split("<caption>Current protections, next-level reforms")[1].split("</table>")[0]
    # Three figures and the local score of current protections, each marked where the two differ.
    assert tier_table.count("▲ highest") == 4 and tier_table.count("▼ lowest") == 4
    assert "Current protections, local score" in tier_table and "Core protections" in tier_table
    assert "Local score: the same over what local government controls" in html
    assert "ICE detainers: current protections" in html  # a row per lever
    assert 'role="img"' in html  # the chart
    assert "Does the jail keep people past their release time" not in html  # questions on demand only
    detailed = client.get(f"/compare?j={published['county']},{published['texas_county']}&detail=questions")
    assert "Does the jail keep people past their release time" in detailed.get_data(as_text=True)


@pytest.mark.parametrize(
    "query, message",
    [
        ("j=" + ",".join(str(n) for n in range(1, 14)), "at most 12"),
        ("j=abc&j=2", "is not a jurisdiction number"),
        ("state=ZZ", "Choose a state"),
        ("like=999999", "not in the directory"),
    ],
)
def test_bad_choices_get_a_message_and_a_400(client, published, query, message):
    response = client.get(f"/compare?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_all_published_in_a_state_and_similar_places(client, published):
    html = client.get("/compare?state=WA").get_data(as_text=True)
    assert column_names(html) == ["Seattle, WA", "Tacoma, WA", "King County, WA"]  # largest first, unknown last
    similar = client.get(f"/compare?like={published['tacoma']}").get_data(as_text=True)
    # Seattle (737k) is more than twice Tacoma's size; nothing else is a published city.
    assert column_names(similar) == ["Tacoma, WA"]
    same_state = client.get(f"/compare?like={published['tacoma']}&by=state").get_data(as_text=True)
    assert column_names(same_state) == ["Tacoma, WA", "Seattle, WA"]


def test_places_without_a_published_scorecard_are_named(client, published):
    html = client.get(f"/compare?j={published['county']}&j={published['houston']}").get_data(as_text=True)
    assert "No verified published scorecard" in html and "Houston, TX" in html
    assert column_names(html) == ["King County, WA"]


def csv_rows(response) -> tuple[list[str], list[dict[str, str]]]:
    """The "#" lines at the top, and the rows after them as dicts by column name."""
    text = response.get_data(as_text=True)
    comments = [line for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return comments, list(csv.DictReader(io.StringIO(body)))


def test_csv_download_one_value_a_column_and_is_neutralised(app, client, published):
    response = client.get(f"/compare.csv?j={published['county']}&j={published['city']}&detail=questions")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0] == "# Comparing King County, WA; Seattle, WA"
    comments, rows = csv_rows(response)
    assert rows[0].keys() == set(comparison_csv.HEADER) and list(rows[0]) == list(comparison_csv.HEADER)
    # Each figure for every place in turn, the score apart from its level.
    first, second = rows[0], rows[1]
    assert (first["figure_id"], first["place"], second["place"]) == ("protection", "King County, WA", "Seattle, WA")
    assert first["score"] == "100.0" and first["level"] == "Leading" and first["code"] == "scored"
    assert first["assessed_by"].startswith("Self-assessment") and first["verification"] == "verified_official"
    assert first["method_version"] == app.extensions["questionnaire"].version
    local = next(r for r in rows if r["figure_id"] == "protection_local" and r["place"] == "King County, WA")
    assert local["score"] == "100.0" and local["level"] == ""
    assert any(r["figure_id"] == "lever.detainers.protection" for r in rows)
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values() if cell)
    assert not set(r["code"] for r in rows) - set(CODES)
    # The legend explains every code there is, one "#" line each.
    for code in CODES:
        assert any(line.startswith(f"# {code}: ") for line in comments), code


def test_the_csv_codes_not_asked_state_imposed_and_dont_know(app, client, places):
    """Harris County (Texas: SB 4 and SB 8 impose some jail questions) answers "don't know yet"
    once; Seattle, a city, is not asked the county-only questions."""
    content = app.extensions["questionnaire"]
    texas_scopes = content.scopes_for("county", "TX", 2026)
    imposed = {
        q.id
        for q in content.questions()
        if q.applies_in(texas_scopes)
        and state_law_on(content, "TX", 2026, q.state_law_topics)[0] in ("mandates", "preempts")
    }
    assert imposed, "the content has no state-imposed question in Texas: the test needs one"
    doubted = next(
        q
        for q in content.questions()
        if q.applies_in(texas_scopes) and q.id not in imposed and q.applies_in(content.scopes_for("city", "WA", 2026))
    )
    make_assessment(app, places["texas_county"], choose=lambda q: DONT_KNOW if q.id == doubted.id else best(q))
    make_assessment(app, places["city"], choose=best)
    response = client.get(f"/compare.csv?j={places['texas_county']}&j={places['city']}&detail=questions")
    _comments, rows = csv_rows(response)
    code = {(r["figure_id"], r["place"]): r for r in rows}
    harris, seattle = "Harris County, TX", "Seattle, WA"
    assert code[(doubted.id, harris)]["code"] == "dont_know" and code[(doubted.id, harris)]["score"] == "0.0"
    assert code[(doubted.id, seattle)]["code"] == "scored"
    for qid in imposed:
        assert code[(qid, harris)]["code"] == "state_imposed", qid
        assert code[(qid, harris)]["points_possible"] != ""
    county_only = [q.id for q in content.questions() if set(q.applies_to) == {"county"} and q.applies_in(texas_scopes)]
    assert county_only
    for qid in county_only:
        row = code[(qid, seattle)]
        assert row["code"] == "not_asked" and row["score"] == "" and row["answer"] == "", qid
    # The page says the same in words.
    html = client.get(f"/compare?j={places['texas_county']}&j={places['city']}&detail=questions").get_data(as_text=True)
    assert "Not asked here" in html and "limited by state law" in html and "Don&#39;t know yet" in html


def test_pdf_download_reads_back(client, published):
    response = client.get(f"/compare.pdf?j={published['county']}&j={published['texas_county']}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.data)).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "King County, WA" in text and "Harris County, TX" in text
    assert "Texas Advocates" in text and "highest" in text and "ICE detainers" in text
    # Every page's footer names the questionnaire version (it read "Questionnaire version" alone).
    version = client.application.extensions["questionnaire"].version
    assert all(f"Questionnaire version {version} Comparing" in page.extract_text() for page in pages)


def test_a_city_sees_its_county_answers_on_the_jail_levers(app, client, published):
    with app.app_context():
        db.session.get(Jurisdiction, published["city"]).county_fips = "53033"
        db.session.commit()
    content = app.extensions["questionnaire"]
    detainer = content.question("detainers_hold_refusal")
    best_label = max(detainer.options, key=lambda o: o.points).label
    html = client.get(f"/assessments/{published['seattle_a']}/county-jail").get_data(as_text=True)
    assert "The jail: Seattle and its county" in html
    assert detainer.prompt in html and best_label in html and "Not asked of cities" in html
    assert f"/assessments/{published['king_a']}/scorecard" in html
    page = client.get(f"/jurisdictions/{published['city']}").get_data(as_text=True)
    assert "The jail: Seattle and its county" in page and best_label in page


def test_a_city_whose_county_is_unknown_or_unpublished_says_so(app, client, published):
    html = client.get(f"/assessments/{published['tacoma_a']}/county-jail").get_data(as_text=True)
    assert "could not tell" in html
    assert client.get(f"/assessments/{published['king_a']}/county-jail").status_code == 404


def test_a_city_scorecard_shows_its_county_jail_answers_beside_its_own(app, signed_in):
    """The scorecard page itself carries the county panel for a city."""
    from assessment.extensions import db
    from assessment.models import Jurisdiction
    from tests.conftest import add_jurisdiction
    from tests.web.public_helpers import make_assessment

    with app.app_context():
        county = add_jurisdiction("King County", "WA", "county", fips="53033")
        city = add_jurisdiction("Seattle", "WA", "city", population=737015)
        db.session.get(Jurisdiction, city).county_fips = "53033"
        db.session.commit()
    make_assessment(app, county, email="county@example.gov")
    city_assessment = make_assessment(app, city, email="city@example.gov")
    page = app.test_client().get(f"/assessments/{city_assessment}/scorecard").get_data(as_text=True)
    assert "The jail: Seattle and its county" in page
    assert "King County" in page.split("The jail: Seattle and its county", 1)[1]
    county_page = app.test_client().get(f"/assessments/{city_assessment - 1}/scorecard").get_data(as_text=True)
    assert "its county" not in county_page


def test_a_long_pick_names_the_first_places_and_counts_the_rest(app, client, published):
    with app.app_context():
        extra = [add_jurisdiction(f"Place {n}", "WA", "city", population=20000 + n) for n in range(3)]
    for place in extra:
        make_assessment(app, place, choose=best)
    ids = [published["county"], published["texas_county"], published["city"], *extra]
    html = client.get("/compare?j=" + ",".join(map(str, ids))).get_data(as_text=True)
    shown = column_names(html)
    assert len(shown) == 6
    assert f"<h1>Comparing {'; '.join(shown[:3])} and 3 more</h1>" in html
    spanish = client.get("/compare?j=" + ",".join(map(str, ids)), headers={"Accept-Language": "es"})
    assert f"Comparación de {'; '.join(shown[:3])} y 3 más" in spanish.get_data(as_text=True)


def builder_section(html: str) -> str:
    return html.split('<section id="builder"')[1].split("</section>")[0]


def test_places_are_added_and_removed_on_the_comparison_page(client, published):
    king, harris, seattle = published["county"], published["texas_county"], published["city"]
    html = client.get(f"/compare?j={king}&j={harris}&detail=questions").get_data(as_text=True)
    builder = builder_section(html)
    assert "Your comparison (2)" in builder
    # Remove: the comparison without that place, keeping what was shown.
    assert (
        f'href="/compare?j={harris}&amp;detail=questions#builder">Remove<span class="visually-hidden"> King County, WA'
        in builder
    )
    # The search box: a GET form keeping the places and the detail.
    form = builder.split("<form")[1].split("</form>")[0]
    assert f'name="j" value="{king}"' in form and f'name="j" value="{harris}"' in form
    assert 'name="detail" value="questions"' in form and 'name="q"' in form

    found = client.get(f"/compare?j={king}&j={harris}&detail=questions&q=sea").get_data(as_text=True)
    results = builder_section(found).split("Places matching")[1]
    assert "Seattle, WA" in results and "Tacoma" not in results
    assert f'href="/compare?j={king}&amp;j={harris}&amp;j={seattle}&amp;detail=questions#builder">Add' in results
    # The search is not part of the comparison: the links to share and download leave it out.
    assert "q=sea" not in found.split('<div class="button-row">')[1].split("</p>")[0]
    again = client.get(f"/compare?j={king}&j={harris}&q=king").get_data(as_text=True)
    assert "already in the comparison" in builder_section(again)
    nothing = client.get(f"/compare?j={king}&j={harris}&q=zzzz").get_data(as_text=True)
    assert "No place with a verified published scorecard matches" in nothing


def test_a_list_of_one_is_the_next_step_not_an_error(client, published):
    king = published["county"]
    response = client.get(f"/compare?j={king}")
    assert response.status_code == 200
    builder = builder_section(response.get_data(as_text=True))
    assert "Your comparison (1)" in builder and "King County, WA" in builder
    assert "Add at least 1 more place: a comparison needs 2 to 12." in builder
    empty = client.get("/compare").get_data(as_text=True)
    assert "Your comparison (0)" in empty and "Add at least 2 more places" in empty
    # Downloads still need two places.
    assert client.get(f"/compare.csv?j={king}").status_code == 400


def test_more_than_twelve_says_so_and_keeps_twelve_to_remove_from(app, client, published):
    with app.app_context():
        towns = [add_jurisdiction(f"Town {n:02d}", "WA", "city", population=20000 + n) for n in range(13)]
    for town in towns:
        make_assessment(app, town, choose=best)
    response = client.get("/compare?" + "&".join(f"j={t}" for t in towns))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose at most 12 jurisdictions to compare; 13 were chosen." in html
    assert "Your comparison (12)" in builder_section(html)
    full = client.get("/compare?" + "&".join(f"j={t}" for t in towns[:12]) + "&q=town").get_data(as_text=True)
    assert "The comparison is full" in builder_section(full) and ">Add<" not in builder_section(full)
