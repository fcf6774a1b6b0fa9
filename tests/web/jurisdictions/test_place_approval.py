"""Places users add wait for a moderator (issue 15 point 8, RT-07): hidden from
every list and from other people until approved, refused when they look like
a place already there."""

from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import Jurisdiction
from tests.web.public_helpers import make_assessment
from tests.web.survey_helpers import start

ADDER = "clerk@smalltown.example"


def add(browser, name, state="WA", kind="town"):
    return browser.post("/jurisdictions/new", {"name": name, "state": state, "kind": kind})


def place_named(app, name) -> Jurisdiction:
    with app.app_context():
        row = db.session.scalars(db.select(Jurisdiction).where(Jurisdiction.name == name)).one()
        db.session.expunge(row)
        return row


def set_status(app, place_id, status):
    with app.app_context():
        db.session.get(Jurisdiction, place_id).status = status
        db.session.commit()


@pytest.fixture
def adder(signed_in, places):
    return signed_in(ADDER)


def test_an_added_place_waits_and_its_adder_is_told_so(app, adder):
    response = add(adder, "Town of Skykomish")
    assert response.status_code == 302
    place = place_named(app, "Town of Skykomish")
    assert (place.status, place.source) == ("pending", "user")
    page = adder.get(response.headers["Location"]).get_data(as_text=True)
    assert "will be listed once a moderator checks it" in page
    assert "Waiting for a moderator to check this place" in page
    # The adder's work does not wait: they start a draft at once.
    assessment_id = start(adder, place.id)
    assert adder.get(f"/assessments/{assessment_id}").status_code == 200


def test_a_waiting_place_is_hidden_from_everyone_else(app, adder, signed_in, client):
    add(adder, "Town of Skykomish")
    place = place_named(app, "Town of Skykomish")
    stranger = signed_in("stranger@example.org")
    for visitor in (client, stranger.client):
        assert visitor.get(f"/jurisdictions/{place.id}").status_code == 404
    assert client.get(f"/api/v1/jurisdictions/{place.id}").status_code == 404
    # A stranger cannot start an assessment of it either.
    response = stranger.post(
        f"/assessments/start/{place.id}", {"year": "2026", "kind": "self"}, page="/jurisdictions/find"
    )
    assert response.status_code == 404
    assert "Skykomish" not in client.get("/jurisdictions/find?q=skykomish").get_data(as_text=True)
    assert client.get("/jurisdictions/suggest?q=skykomish").get_json() == []
    assert "Skykomish" not in client.get("/directory?q=skykomish").get_data(as_text=True)
    # A moderator sees it, with what it is waiting for.
    moderator = signed_in("moderator@example.org", is_moderator=True)
    page = moderator.get(f"/jurisdictions/{place.id}")
    assert page.status_code == 200 and "Waiting for a moderator" in page.get_data(as_text=True)
    # Once approved, it is listed like any other place.
    set_status(app, place.id, "listed")
    assert client.get(f"/jurisdictions/{place.id}").status_code == 200
    assert [s["name"] for s in client.get("/jurisdictions/suggest?q=skykomish").get_json()] == ["Town of Skykomish"]
    assert "Town of Skykomish" in client.get("/directory?q=skykomish").get_data(as_text=True)


@pytest.mark.parametrize("status", ["pending", "refused", "merged"])
def test_a_published_scorecard_of_an_unlisted_place_stays_out_of_lists_and_open_data(app, client, places, status):
    with app.app_context():
        from tests.conftest import add_jurisdiction

        place_id = add_jurisdiction("Skykomish", "WA", "city", population=20000)
    make_assessment(app, place_id)
    make_assessment(app, places["city"], email="seattle@example.gov")

    def shown():
        return {
            "directory": "Skykomish" in client.get("/directory?state=WA").get_data(as_text=True),
            "csv": "Skykomish" in client.get("/data/scorecards.csv").get_data(as_text=True),
            "json": "Skykomish" in client.get("/data/scorecards.json").get_data(as_text=True),
            "api": "Skykomish" in client.get("/api/v1/scorecards").get_data(as_text=True),
            "compare_state": "Skykomish" in client.get("/compare?state=WA").get_data(as_text=True),
            "compare_picked": "Skykomish"
            in client.get(f"/compare?j={place_id},{places['city']}").get_data(as_text=True),
            "similar": "Skykomish" in client.get(f"/compare?like={places['city']}&by=state").get_data(as_text=True),
            "by_score": "Skykomish" in client.get("/directory?sort=protection").get_data(as_text=True),
        }

    # Listed, it shows everywhere; this is what makes the hidden case below mean something.
    assert all(shown().values()), shown()
    assert "Seattle" in client.get("/data/scorecards.csv").get_data(as_text=True)
    set_status(app, place_id, status)
    assert not any(shown().values()), shown()
    assert "Seattle" in client.get("/data/scorecards.csv").get_data(as_text=True)
    assert client.get(f"/compare?like={place_id}").status_code == 400
    assert client.get(f"/api/v1/jurisdictions/{place_id}").status_code == 404


def test_an_unlisted_county_is_not_shown_on_its_cities_pages(app, client, places):
    with app.app_context():
        db.session.get(Jurisdiction, places["city"]).county_fips = "53033"
        db.session.commit()
    make_assessment(app, places["county"], email="county@example.gov")
    assert "King County" in client.get(f"/jurisdictions/{places['city']}").get_data(as_text=True)
    set_status(app, places["county"], "pending")
    assert "King County" not in client.get(f"/jurisdictions/{places['city']}").get_data(as_text=True)


# The review's examples (RT-07), and the kind each was tried as.
LOOK_ALIKES = [
    ("King County", "city_county", "There is already King County (county) in Washington: use it."),
    ("Кing County", "county", "different alphabets"),
    ("King Countу", "county", "different alphabets"),
    ("Ki\u200bng County", "county", "hidden or control character"),
    ("\u202eytnuoC gniK", "town", "hidden or control character"),
    ("king  COUNTY", "town", "There is already King County (county) in Washington: use it."),
    ("Kinġ County", "town", "There is already King County"),
    ("King Countyy", "town", "There is already King County"),
    ("City of Seattle", "city", "There is already Seattle (city) in Washington: use it."),
]


@pytest.mark.parametrize("name, kind, message", LOOK_ALIKES)
def test_look_alikes_of_a_place_are_refused_with_a_link_to_it(app, adder, places, name, kind, message):
    response = add(adder, name, kind=kind)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    if message.startswith("There is already"):
        target = places["city"] if "Seattle" in message else places["county"]
        assert f'href="/jurisdictions/{target}"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).where(Jurisdiction.source == "user")) == 0


def test_a_place_waiting_for_a_moderator_cannot_be_added_twice(app, adder, signed_in):
    assert add(adder, "Town of Skykomish").status_code == 302
    again = add(adder, "town of  skykomish")
    assert again.status_code == 422 and "You added Town of Skykomish, WA already" in again.get_data(as_text=True)
    other = add(signed_in("other@example.org"), "Town of Skykomish")
    text = other.get_data(as_text=True)
    assert other.status_code == 422 and "Someone has already added" in text
    place = place_named(app, "Town of Skykomish")
    assert f'href="/jurisdictions/{place.id}"' not in text  # no link to a page they cannot open
    # A place of the same name in another state is another place.
    assert add(adder, "Town of Skykomish", state="OR").status_code == 302
