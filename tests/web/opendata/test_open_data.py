"""Open data: the CSV and JSON downloads of every published scorecard
(streamed, formula-safe, published only) and the public API."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import best, worst

FORMULA = '=HYPERLINK("http://evil.example/","click")'


@pytest.fixture
def published(app, places):
    content = app.extensions["questionnaire"]
    evidence = {
        "detainers_hold_refusal": {"citation": FORMULA, "url": "https://kingcounty.gov/ord-17886"},
        "detainers_written_rule": {"citation": "+1 ordinance", "note": "@SUM(A1)"},
        "agreements_287g_held": {"citation": "-2 policy"},
    }
    assert all(content.question(q) for q in evidence)
    return {
        "king": make_assessment(app, places["county"], choose=best, evidence=evidence),
        "harris": make_assessment(
            app, places["texas_county"], kind="independent", organisation="=Texas Advocates", choose=worst, year=2025
        ),
        "draft": make_assessment(
            app,
            places["city"],
            published=False,
            submit=False,
            evidence={"agreements_287g_held": {"citation": "SECRET-DRAFT-CITATION"}},
        ),
        "unpublished": make_assessment(
            app,
            places["city_county"],
            published=False,
            evidence={"agreements_287g_held": {"citation": "SECRET-SUBMITTED-CITATION"}},
        ),
    }


LICENCE_LINE = (
    "# Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Attribution: Immigrant "
    "Inclusion Scorecard and the assessor named in each row (column assessed_by)."
)


def read_csv(response) -> list[dict]:
    """The rows, after the licence comment of the first line."""
    first, rest = response.get_data(as_text=True).split("\r\n", 1)
    assert first == LICENCE_LINE
    return list(csv.DictReader(io.StringIO(rest)))


def test_csv_has_scores_levers_answers_citations_and_who_assessed(client, published):
    response = client.get("/data/scorecards.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    rows = read_csv(response)
    assert [r["jurisdiction"] for r in rows] == ["Harris County", "King County"]  # by state, then name
    king = next(r for r in rows if r["jurisdiction"] == "King County")
    assert king["protection_score"] == "100.0" and king["lever.detainers.protection"] == "100.0"
    assert king["assessment_kind"] == "self" and king["questionnaire_version"]
    assert king["detainers_hold_refusal"] == "judicial_warrant_only"
    assert king["detainers_hold_refusal.url"] == "https://kingcounty.gov/ord-17886"
    assert (king["protection_local_score"], king["protection_completeness"], king["core_met"]) == (
        "100.0",
        "1.0",
        "yes",
    )
    assert king["core_failing"] == "" and king["overall_local_score"] == "100.0"
    harris = next(r for r in rows if r["jurisdiction"] == "Harris County")
    assert harris["core_met"] == "no" and "detainers_hold_refusal" in harris["core_failing"].split(";")
    assert harris["assessed_by"].startswith("Independent assessment by =Texas Advocates, published")


def test_csv_neutralises_formulas(client, published):
    king = next(r for r in read_csv(client.get("/data/scorecards.csv")) if r["jurisdiction"] == "King County")
    assert king["detainers_hold_refusal.citation"] == "'" + FORMULA
    assert king["detainers_written_rule.citation"] == "'+1 ordinance"
    assert king["agreements_287g_held.citation"] == "'-2 policy"
    harris = next(r for r in read_csv(client.get("/data/scorecards.csv")) if r["jurisdiction"] == "Harris County")
    assert harris["organisation"] == "'=Texas Advocates"


def test_downloads_never_include_unpublished_assessments(client, published):
    for url in ("/data/scorecards.csv", "/data/scorecards.json", "/api/v1/scorecards"):
        body = client.get(url).get_data(as_text=True)
        assert "SECRET-DRAFT-CITATION" not in body and "SECRET-SUBMITTED-CITATION" not in body
        assert "Seattle" not in body and "San Francisco" not in body


def test_json_download(client, published):
    response = client.get("/data/scorecards.json?state=WA")
    assert response.is_streamed
    data = json.loads(response.get_data(as_text=True))
    assert [s["jurisdiction"]["name"] for s in data["scorecards"]] == ["King County"]
    king = data["scorecards"][0]
    assert king["assessment"]["kind"] == "self" and king["assessment"]["label"].startswith("Self-assessment")
    assert king["scores"]["protection"]["score"] == 100
    assert king["scores"]["protection"]["local_score"] == 100 and king["scores"]["overall"]["completeness"] == 1
    assert king["core"] == {"met": True, "failing": []} and king["assessment"]["rescored_from"] is None
    assert king["evidence"]["detainers_hold_refusal"]["citation"] == FORMULA  # JSON keeps the text as typed
    assert king["answers"]["detainers_hold_refusal"] == "judicial_warrant_only"


def test_the_export_streams_row_by_row(app, client, published, monkeypatch):
    """The body is produced by a generator, chunk by chunk, not built whole,
    and the query is read in batches (a server-side cursor on PostgreSQL)."""
    from assessment.opendata import export as open_data
    from assessment.opendata import views

    assert open_data.STREAM_BATCH <= 1000
    monkeypatch.setattr(views, "CSV_ROWS_PER_CHUNK", 1)
    response = client.get("/data/scorecards.csv")
    assert response.is_streamed
    chunks = list(response.response)
    assert len(chunks) == 1 + 2  # the header, then one chunk per published assessment
    assert chunks[0].startswith(LICENCE_LINE.encode() + b"\r\njurisdiction_id,") and chunks[1].count(b"\n") == 1


def test_api_scorecards_filters_and_pages(client, published, app):
    from tests.conftest import add_jurisdiction

    with app.app_context():
        extra = [add_jurisdiction(f"Place {n}", "IL", "city", population=20000 + n) for n in range(3)]
    for place in extra:
        make_assessment(app, place)
    first = client.get("/api/v1/scorecards?per_page=2&sort=protection").get_json()
    assert first["total"] == 5 and first["pages"] == 3 and first["previous"] is None
    assert first["next"].endswith("/api/v1/scorecards?per_page=2&sort=protection&page=2")
    second = client.get(first["next"]).get_json()
    third = client.get(second["next"]).get_json()
    assert third["next"] is None
    names = [s["jurisdiction"]["name"] for page in (first, second, third) for s in page["scorecards"]]
    assert sorted(names) == ["Harris County", "King County", "Place 0", "Place 1", "Place 2"]
    assert names[-1] == "Harris County"  # worst protection score last
    only = client.get("/api/v1/scorecards?assessment_kind=independent").get_json()
    assert [s["assessment"]["organisation"] for s in only["scorecards"]] == ["=Texas Advocates"]
    assert only["scorecards"][0]["links"]["scorecard"].endswith(f"/assessments/{published['harris']}/scorecard")
    assert client.get("/api/v1/scorecards?state=XX").status_code == 400
    assert client.get("/api/v1/scorecards?per_page=x").status_code == 400


def test_api_jurisdiction(client, published, places):
    data = client.get(f"/api/v1/jurisdictions/{places['county']}").get_json()
    assert data["name"] == "King County" and data["fips"] == "53033"
    assert [a["id"] for a in data["published_assessments"]] == [published["king"]]
    assert data["published_assessments"][0]["scores"]["protection"]["score"] == 100
    assert client.get(f"/api/v1/jurisdictions/{places['city']}").get_json()["published_assessments"] == []
    missing = client.get("/api/v1/jurisdictions/999999")
    assert missing.status_code == 404 and missing.is_json


def _csv_worked_out_from_scores(app) -> str:
    """The CSV as computed from the stored figures and answers (no stored cells)."""
    from assessment.opendata import export as open_data
    from assessment.web.csv_safe import csv_line

    with app.test_request_context():
        shape = open_data.CsvShape(app.extensions["questionnaire"])
        return (
            open_data.CSV_LICENCE_LINE
            + csv_line(shape.header())
            + "".join(csv_line(shape.row(row)) for row in open_data.published_rows())
        )


def test_the_csv_from_stored_cells_is_the_csv_worked_out_from_the_scores(app, client, published):
    from assessment.extensions import db
    from assessment.models import AssessmentScore

    with app.app_context():
        stored = db.session.scalars(db.select(AssessmentScore.csv_cells)).all()
    assert stored and all(stored), "every stored score should carry its CSV cells"
    assert client.get("/data/scorecards.csv").get_data(as_text=True) == _csv_worked_out_from_scores(app)


def test_rows_without_cells_for_this_content_are_worked_out_from_their_scores(app, client, published):
    from assessment.extensions import db
    from assessment.models import AssessmentScore

    with app.app_context():
        king = db.session.get(AssessmentScore, published["king"])
        king.csv_cells = "stale,cells,of,another,questionnaire"
        king.questionnaire_version = "1999.1"
        db.session.get(AssessmentScore, published["harris"]).csv_cells = None
        db.session.commit()
    body = client.get("/data/scorecards.csv").get_data(as_text=True)
    assert "stale,cells" not in body
    assert body == _csv_worked_out_from_scores(app)
    rows = read_csv(client.get("/data/scorecards.csv"))
    assert [r["questionnaire_version"] for r in rows] == [app.extensions["questionnaire"].version, "1999.1"]
    assert rows[1]["detainers_hold_refusal"] == "judicial_warrant_only"


def test_the_licence_is_stated_in_every_download_and_api_answer(client, published, places):
    """CC BY 4.0: the CSV's first line (one spreadsheet cell: no comma, no quote),
    a licence object in the JSON and the API, and a Link header on the downloads."""
    licence = {
        "name": "CC BY 4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "attribution": "Immigrant Inclusion Scorecard, and the assessor named in each record",
    }
    response = client.get("/data/scorecards.csv")
    first = response.get_data(as_text=True).split("\r\n", 1)[0]
    assert first == LICENCE_LINE and "," not in first and '"' not in first
    assert list(csv.reader([first])) == [[first]]
    for url in ("/data/scorecards.csv", "/data/scorecards.json"):
        assert client.get(url).headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert json.loads(client.get("/data/scorecards.json").get_data(as_text=True))["licence"] == licence
    assert client.get("/api/v1/scorecards").get_json()["licence"] == licence
    assert client.get(f"/api/v1/jurisdictions/{places['county']}").get_json()["licence"] == licence
    assert client.get(f"/api/v1/assessments/{published['king']}/scorecard").get_json()["licence"] == licence


def test_the_stored_cells_are_compressed_with_lz4_on_postgresql(app, published):
    """Every CSV download decompresses them (models/scores.py says why lz4)."""
    from sqlalchemy import text

    from assessment.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite does not compress values")
        methods = db.session.scalars(text("SELECT pg_column_compression(csv_cells) FROM assessment_score")).all()
    # NULL: a value PostgreSQL kept as it was (too small to compress).
    assert "lz4" in methods and set(methods) <= {"lz4", None}
