"""Who says so (issue 15, point 3): a publication is verified_official,
verified_organisation or unverified, worked out at publication from the
publisher's approved claims; the label shows on every surface; lists,
comparisons, county panels and open data leave the unverified (and the
superseded and withdrawn) out, and include=unverified adds them back."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import timedelta

import pytest

from assessment.extensions import db
from assessment.models import Assessment, Claim, Jurisdiction, ScorecardPdf
from assessment.models._common import utcnow
from assessment.publishing.verification import verification_for
from assessment.stored_scores.latest import refresh_latest
from tests.conftest import add_jurisdiction, make_user_row
from tests.web.public_helpers import approve_claim, make_assessment
from tests.web.scorecard_helpers import best, worst

OFFICIAL = "official@kingcounty.example.gov"
MEMBER = "member@aclu-wa.example.org"
STRANGER = "mallory@gmail.example"
UNVERIFIED_SENTENCE = "Unverified: anyone can create an account, and no one has checked who published this."


def day_text(when) -> str:
    return f"{when.day} {when:%B %Y}"


@pytest.fixture
def checked_on():
    return utcnow() - timedelta(days=40)


@pytest.fixture
def world(app, places, checked_on):
    """One publication in each state, a city in a county with only an unverified one."""
    with app.app_context():
        pierce = add_jurisdiction("Pierce County", "WA", "county", fips="53053")
        tacoma = add_jurisdiction("Tacoma", "WA", "city", population=219346)
        db.session.get(Jurisdiction, tacoma).county_fips = "53053"
        db.session.get(Jurisdiction, places["city"]).county_fips = "53033"
        db.session.commit()
    approve_claim(app, OFFICIAL, jurisdiction_id=places["county"], decided_at=checked_on)
    approve_claim(app, MEMBER, organisation="ACLU of Washington", decided_at=checked_on)
    return {
        **places,
        "pierce": pierce,
        "tacoma": tacoma,
        # verified_official: King County's own, by its checked official
        "official": make_assessment(app, places["county"], email=OFFICIAL, choose=best, verified=False),
        # verified_organisation: the checked member's independent one of Seattle
        "organisation": make_assessment(
            app,
            places["city"],
            email=MEMBER,
            kind="independent",
            organisation="ACLU of Washington",
            choose=worst,
            verified=False,
        ),
        # unverified: a stranger's "self-assessment" of Harris County and of Pierce County
        "unverified": make_assessment(app, places["texas_county"], email=STRANGER, choose=best, verified=False),
        "pierce_unverified": make_assessment(app, pierce, email=STRANGER, choose=best, verified=False),
    }


def verification_of(app, assessment_id: int) -> tuple[str, int | None, int | None]:
    with app.app_context():
        row = db.session.get(Assessment, assessment_id)
        return row.verification, row.verified_claim_id, row.published_by_id


# ---------------------------------------------------------------- the rule


def test_the_three_states_are_worked_out_at_publication(app, world):
    assert verification_of(app, world["official"])[0] == "verified_official"
    assert verification_of(app, world["organisation"])[0] == "verified_organisation"
    assert verification_of(app, world["unverified"])[0] == "unverified"
    with app.app_context():
        official = db.session.get(Assessment, world["official"])
        claim = db.session.get(Claim, official.verified_claim_id)
        assert (claim.user_id, claim.jurisdiction_id) == (official.published_by_id, world["county"])
        stranger = db.session.get(Assessment, world["unverified"])
        assert stranger.verified_claim_id is None and stranger.published_by_id == stranger.created_by_id


@pytest.mark.parametrize(
    "claim, kind, organisation, expected",
    [
        ({"place": "county"}, "self", None, "verified_official"),
        ({"place": "city"}, "self", None, "unverified"),  # an official of another place
        ({"place": "county", "status": "pending"}, "self", None, "unverified"),
        ({"place": "county", "status": "refused"}, "self", None, "unverified"),
        ({"place": "county", "expired": True}, "self", None, "unverified"),
        ({"place": "county"}, "independent", "King County", "unverified"),  # an official is no organisation
        ({"organisation": "ACLU of Washington"}, "independent", "  aclu of  WASHINGTON ", "verified_organisation"),
        ({"organisation": "ACLU of Washington"}, "independent", "ACLU of Washington (Seattle)", "unverified"),
        ({"organisation": "ACLU of Washington"}, "self", None, "unverified"),  # an organisation is no official
        (None, "self", None, "unverified"),
    ],
)
def test_verification_for(app, places, claim, kind, organisation, expected):
    with app.app_context():
        user = make_user_row("someone@example.org")
        if claim is not None:
            now = utcnow()
            db.session.add(
                Claim(
                    user_id=user.id,
                    kind="organisation" if "organisation" in claim else "official",
                    jurisdiction_id=places[claim["place"]] if "place" in claim else None,
                    organisation=claim.get("organisation"),
                    title="Analyst",
                    how_to_check="Ask the clerk.",
                    email_domain="example.org",
                    status=claim.get("status", "approved"),
                    decided_at=now,
                    valid_until=now - timedelta(days=1) if claim.get("expired") else now + timedelta(days=365),
                )
            )
            db.session.commit()
        assessment = Assessment(
            jurisdiction_id=places["county"],
            year=2026,
            kind=kind,
            organisation=organisation,
            questionnaire_version="x",
            created_by_id=user.id,
        )
        verification, found = verification_for(assessment, user)
        assert verification == expected
        assert (found is not None) == (expected != "unverified")


def test_publishing_through_the_page_records_the_verification(app, signed_in, places):
    official = signed_in(OFFICIAL)
    stranger = signed_in(STRANGER)
    approve_claim(app, OFFICIAL, jurisdiction_id=places["county"])
    mine = make_assessment(app, places["county"], email=OFFICIAL, year=2025, published=False, verified=False)
    theirs = make_assessment(app, places["county"], email=STRANGER, year=2026, published=False, verified=False)
    for browser, assessment_id in ((official, mine), (stranger, theirs)):
        response = browser.post(
            f"/assessments/{assessment_id}/publish", {"checked": "y"}, page=f"/assessments/{assessment_id}/publish"
        )
        assert response.status_code == 302
    assert verification_of(app, mine)[0] == "verified_official"
    assert verification_of(app, theirs)[0] == "unverified"
    # The stranger's later year, published later, does not displace the official's in the directory.
    listing = official.get("/directory?assessed=yes").get_data(as_text=True)
    assert f"/assessments/{mine}/scorecard" in listing and f"/assessments/{theirs}/scorecard" not in listing


# ---------------------------------------------------------------- labels, surface by surface


def test_the_scorecard_page_says_who_checked_it_near_the_title(client, world, checked_on):
    expected = {
        "official": "Published by an official of King County, WA whose claim a "
        f"moderator checked on {day_text(checked_on)}.",
        "organisation": f"By ACLU of Washington, whose claim a moderator checked on {day_text(checked_on)}.",
        "unverified": "Anyone can create an account, and no one has checked who published this."
        " It is left out of the directory, comparisons and open data.",
    }
    badges = {
        "official": "Verified self-assessment",
        "organisation": "Independent, verified organisation",
        "unverified": "Unverified",
    }
    for state, sentence in expected.items():
        html = client.get(f"/assessments/{world[state]}/scorecard").get_data(as_text=True)
        title_part = html.split("<h1>")[1].split('<div class="score-boxes">')[0]
        assert f'<span class="verification-text">{sentence}</span>' in title_part, state
        assert f'<strong class="verification-badge">{badges[state]}</strong>' in title_part
        assert 'role="note"' in title_part


def test_a_draft_or_an_unpublished_scorecard_says_nothing_of_verification(app, signed_in, places):
    browser = signed_in(OFFICIAL)
    approve_claim(app, OFFICIAL, jurisdiction_id=places["county"])
    for submit in (False, True):
        assessment_id = make_assessment(
            app,
            places["county"],
            email=OFFICIAL,
            submit=submit,
            published=False,
            verified=False,
            year=2025 if submit else 2026,
        )
        html = browser.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
        assert 'class="verification' not in html and "Verified self-assessment" not in html
        body = browser.get(f"/api/v1/assessments/{assessment_id}/scorecard").get_json()
        assert body["verification"] is None and body["assessment"]["verification"] is None


def pdf_first_page(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-l", "1", "-", "-"], input=data, capture_output=True, timeout=60, check=True
    ).stdout.decode()


def test_the_pdf_first_page_carries_the_label_and_publishing_drops_an_earlier_pdf(app, signed_in, world):
    for state, words in (
        ("official", "Verified self-assessment Published by an official of King"),
        ("organisation", "Independent, verified organisation By ACLU"),
        ("unverified", "Unverified Anyone can create an account"),
    ):
        first = " ".join(
            pdf_first_page(
                signed_in(f"{state}@reader.example").get(f"/assessments/{world[state]}/scorecard.pdf").data
            ).split()
        )
        assert words in first, (state, first[:400])
    # A PDF made before publication (no label) is not served after it.
    browser = signed_in(OFFICIAL + ".second")
    approve_claim(app, OFFICIAL + ".second", jurisdiction_id=world["county"])
    assessment_id = make_assessment(
        app, world["county"], email=OFFICIAL + ".second", year=2025, published=False, verified=False
    )
    before = pdf_first_page(browser.get(f"/assessments/{assessment_id}/scorecard.pdf").data)
    assert "Verified" not in before
    browser.post(
        f"/assessments/{assessment_id}/publish", {"checked": "y"}, page=f"/assessments/{assessment_id}/publish"
    )
    after = " ".join(pdf_first_page(browser.get(f"/assessments/{assessment_id}/scorecard.pdf").data).split())
    assert "Verified self-assessment" in after
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count()).select_from(ScorecardPdf).where(ScorecardPdf.assessment_id == assessment_id)
            )
            == 1
        )


def test_the_directory_lists_only_the_verified_with_their_short_label(client, world):
    html = client.get("/directory?assessed=yes").get_data(as_text=True)
    table = html.split('<table class="table directory-table">')[1].split("</table>")[0]
    assert f"/assessments/{world['official']}/scorecard" in table
    assert f"/assessments/{world['organisation']}/scorecard" in table
    assert f"/assessments/{world['unverified']}/scorecard" not in table
    assert f"/assessments/{world['pierce_unverified']}/scorecard" not in table
    assert '<span class="verification-tag verification-verified_official">Verified self-assessment</span>' in table
    assert (
        '<span class="verification-tag verification-verified_organisation">Independent, verified organisation</span>'
    ) in table
    assert "Unverified" not in table
    assert "Only verified scorecards are listed here" in html
    # Harris County is there, as not yet assessed.
    everyone = client.get("/directory").get_data(as_text=True)
    harris = everyone.split("Harris County</a>")[1].split("</tr>")[0]
    assert "Not yet assessed" in harris


def test_comparisons_label_their_columns_and_refuse_the_unverified(client, world):
    html = client.get(f"/compare?j={world['county']}&j={world['city']}&j={world['texas_county']}").get_data(
        as_text=True
    )
    head = html.split('<table class="table compare-table">')[1].split("</thead>")[0]
    assert "King County, WA" in head and "Seattle, WA" in head and "Harris County" not in head
    assert "Verified self-assessment</span>" in head and "Independent, verified organisation</span>" in head
    assert "No verified published scorecard for: Harris County, TX." in html
    assert "Unverified scorecards are never compared." in html
    table = client.get(f"/compare.csv?j={world['county']}&j={world['texas_county']}&j={world['city']}")
    rows = list(csv.DictReader(line for line in io.StringIO(table.get_data(as_text=True)) if not line.startswith("#")))
    verification = {row["place"]: row["verification"] for row in rows}
    assert verification == {"King County, WA": "verified_official", "Seattle, WA": "verified_organisation"}


def test_the_county_panel_shows_the_verified_county_and_leaves_the_unverified_out(client, world):
    seattle = client.get(f"/jurisdictions/{world['city']}").get_data(as_text=True)
    panel = seattle.split('class="card county-panel"')[1].split("</section>")[0]
    assert f"/assessments/{world['official']}/scorecard" in panel
    assert "Verified self-assessment</span>" in panel and "Independent, verified organisation</span>" in panel
    tacoma = client.get(f"/jurisdictions/{world['tacoma']}").get_data(as_text=True)
    panel = tacoma.split('class="card county-panel"')[1].split("</section>")[0]
    assert "which has no verified published scorecard yet" in panel
    assert f"/assessments/{world['pierce_unverified']}/scorecard" not in panel
    # On the city's own scorecard page too.
    page = client.get(f"/assessments/{world['organisation']}/scorecard").get_data(as_text=True)
    panel = page.split('class="card county-panel"')[1].split("</section>")[0]
    assert f"/assessments/{world['official']}/scorecard" in panel and "Verified self-assessment</span>" in panel


def test_the_place_page_keeps_the_unverified_apart_labelled_and_linked(app, client, world):
    # A verified and an unverified publication of the same place and year.
    stranger_on_king = make_assessment(app, world["county"], email=STRANGER, year=2025, choose=worst, verified=False)
    html = client.get(f"/jurisdictions/{world['county']}").get_data(as_text=True)
    record = html.split('id="published-title"')[1].split('id="unverified-title"')[0]
    assert f"/assessments/{world['official']}/scorecard" in record
    assert f"/assessments/{stranger_on_king}/scorecard" not in record
    assert '<span class="verification-tag verification-verified_official">' in record
    unverified = html.split('id="unverified-title"')[1].split("</section>")[0]
    assert ">Not verified</h2>" in html
    assert f'href="/assessments/{stranger_on_king}/scorecard"' in unverified
    assert '<span class="verification-tag verification-unverified">Unverified</span>' in unverified
    # A place with only an unverified publication says no verified one exists, and lists it apart.
    harris = client.get(f"/jurisdictions/{world['texas_county']}").get_data(as_text=True)
    assert "No verified scorecard of Harris County has been published yet." in harris
    assert f'href="/assessments/{world["unverified"]}/scorecard"' in harris.split('id="unverified-title"')[1]
    # A place with nothing published has no such list.
    plain = client.get(f"/jurisdictions/{world['city_county']}").get_data(as_text=True)
    assert "unverified-title" not in plain and "Not yet assessed" in plain


def csv_rows(client, query: str = "") -> list[dict]:
    response = client.get(f"/data/scorecards.csv{query}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith("# Licence: CC BY 4.0")
    return list(csv.DictReader(io.StringIO(body.split("\r\n", 1)[1])))  # after the licence line


def test_the_csv_has_a_verification_column_and_leaves_the_unverified_out_by_default(app, client, world):
    rows = csv_rows(client)
    assert {(int(r["assessment_id"]), r["verification"]) for r in rows} == {
        (world["official"], "verified_official"),
        (world["organisation"], "verified_organisation"),
    }
    everything = csv_rows(client, "?include=unverified")
    assert {(int(r["assessment_id"]), r["verification"]) for r in everything} == {
        (world["official"], "verified_official"),
        (world["organisation"], "verified_organisation"),
        (world["unverified"], "unverified"),
        (world["pierce_unverified"], "unverified"),
    }
    # The columns after `verification` are still in step with the header.
    harris = next(r for r in everything if int(r["assessment_id"]) == world["unverified"])
    assert harris["questionnaire_version"] == app.extensions["questionnaire"].version
    assert float(harris["protection_score"]) > 0 and harris["core_met"] in ("yes", "no")


def test_the_json_download_and_the_api_list_the_verified_unless_asked(client, world):
    default = json.loads(client.get("/data/scorecards.json").get_data(as_text=True))["scorecards"]
    assert {(r["assessment"]["id"], r["verification"]) for r in default} == {
        (world["official"], "verified_official"),
        (world["organisation"], "verified_organisation"),
    }
    assert all(r["assessment"]["verification"] == r["verification"] for r in default)
    assert {r["assessment"]["verification_label"] for r in default} == {
        "Verified self-assessment",
        "Independent, verified organisation",
    }
    everything = json.loads(client.get("/data/scorecards.json?include=unverified").get_data(as_text=True))
    assert {r["verification"] for r in everything["scorecards"]} == {
        "verified_official",
        "verified_organisation",
        "unverified",
    }
    api = client.get("/api/v1/scorecards").get_json()
    assert api["total"] == 2 and all(r["verification"].startswith("verified_") for r in api["scorecards"])
    api = client.get("/api/v1/scorecards?include=unverified&per_page=1").get_json()
    assert api["total"] == 4 and "include=unverified" in api["next"]
    place = client.get(f"/api/v1/jurisdictions/{world['texas_county']}").get_json()
    assert place["published_assessments"] == []
    place = client.get(f"/api/v1/jurisdictions/{world['texas_county']}?include=unverified").get_json()
    assert [(a["id"], a["verification"]) for a in place["published_assessments"]] == [
        (world["unverified"], "unverified")
    ]
    single = client.get(f"/api/v1/assessments/{world['unverified']}/scorecard").get_json()
    assert single["verification"] == single["assessment"]["verification"] == "unverified"
    single = client.get(f"/api/v1/assessments/{world['official']}/scorecard").get_json()
    assert single["verification"] == "verified_official"


@pytest.mark.parametrize(
    "url", ["/data/scorecards.csv", "/data/scorecards.json", "/api/v1/scorecards", "/api/v1/jurisdictions/1"]
)
def test_an_include_other_than_unverified_gets_a_clear_message(client, world, url):
    response = client.get(f"{url}?include=everything")
    assert response.status_code == 400
    text = response.get_json()["detail"] if response.is_json else response.get_data(as_text=True)
    assert "include can only be “unverified”" in text


# ---------------------------------------------------------------- superseded and withdrawn


@pytest.mark.parametrize("column", ["superseded_at", "withdrawn_at"])
def test_a_superseded_or_withdrawn_publication_leaves_every_list(app, client, world, column):
    with app.app_context():
        row = db.session.get(Assessment, world["official"])
        setattr(row, column, utcnow())
        refresh_latest(row.jurisdiction_id)
        db.session.commit()
    gone = f"/assessments/{world['official']}/scorecard"
    assert gone not in client.get("/directory?assessed=yes").get_data(as_text=True)
    assert "No verified published scorecard for: King County, WA." in client.get(
        f"/compare?j={world['county']}&j={world['city']}"
    ).get_data(as_text=True)
    place = client.get(f"/jurisdictions/{world['county']}").get_data(as_text=True)
    assert gone not in place
    seattle = client.get(f"/jurisdictions/{world['city']}").get_data(as_text=True)
    assert gone not in seattle.split('class="card county-panel"')[1]
    for query in ("", "?include=unverified"):
        assert world["official"] not in {int(r["assessment_id"]) for r in csv_rows(client, query)}
        api = client.get(f"/api/v1/scorecards{query}").get_json()["scorecards"]
        assert world["official"] not in {r["assessment"]["id"] for r in api}
        place_api = client.get(f"/api/v1/jurisdictions/{world['county']}{query}").get_json()
        assert place_api["published_assessments"] == []
    # Still readable at its own address.
    assert client.get(gone).status_code == 200


def test_the_open_data_page_explains_the_field_and_the_parameter(client):
    html = client.get("/data").get_data(as_text=True)
    assert "<code>verification</code>" in html and "<code>include=unverified</code>" in html
    assert 'href="/data/scorecards.csv?include=unverified"' in html
