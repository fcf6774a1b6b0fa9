"""The JSON API: the questionnaire and a scorecard, in the shapes promised."""

from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import Assessment
from assessment.scorecards import service as scorecard_service
from tests.conftest import Browser
from tests.web.scorecard_helpers import fill, mixed_chooser, publish
from tests.web.survey_helpers import questionnaire_of, start

QUESTION_KEYS = {
    "id",
    "prompt",
    "tier",
    "applies_to",
    "controlled_by",
    "kind",
    "points",
    "options",
    "sources",
    "limited_by",
}
SCORECARD_KEYS = {
    "questionnaire_version",
    "jurisdiction",
    "scores",
    "levers",
    "strengths",
    "gaps",
    "to_verify",
    "unanswered",
    "excluded",
    "gate_open",
    "gate_message",
    "gate_points_needed",
    "method_version",
    "core",
    "state_laws",
    "evidence_backing",
}


@pytest.fixture
def county_draft(app, official, places):
    assessment_id = start(official, places["county"])
    choose, special = mixed_chooser(app, "county")
    fill(official, app, assessment_id, "county", choose, evidence={special["not_applicable"]: {"reason": "No jail."}})
    return assessment_id


def test_questionnaire_json_has_exactly_the_promised_shape(app, client):
    response = client.get("/api/v1/questionnaire")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    questionnaire = questionnaire_of(app)
    assert set(body) == {"version", "levels", "levers", "licence"}
    # The questions and the method are CC BY 4.0, credited to the tool.
    assert body["licence"]["name"] == "CC BY 4.0" and body["licence"]["attribution"] == "Immigrant Inclusion Scorecard"
    assert body["version"] == questionnaire.version and isinstance(body["version"], str)
    assert [lv["id"] for lv in body["levels"]] == [lv.id for lv in questionnaire.levels]
    assert all({"id", "label", "min_score"} <= set(lv) for lv in body["levels"])
    assert [lever["id"] for lever in body["levers"]] == [lever.id for lever in questionnaire.levers]
    seen = []
    for lever in body["levers"]:
        assert set(lever) == {"id", "title", "questions"}
        for question in lever["questions"]:
            assert set(question) == QUESTION_KEYS
            assert question["tier"] in ("protection", "next_level")
            assert question["kind"] in ("single", "multi")
            assert question["applies_to"] and set(question["applies_to"]) <= {"city", "county"}
            assert isinstance(question["points"], (int, float)) and not isinstance(question["points"], bool)
            assert question["controlled_by"] and all(set(c) == {"id", "label"} for c in question["controlled_by"])
            for option in question["options"]:
                assert set(option) == {"id", "label", "points"}
                assert isinstance(option["points"], (int, float))
            source = questionnaire.question(question["id"])
            assert [o["id"] for o in question["options"]] == list(source.option_ids)
            assert question["points"] == source.points
            assert question["sources"] == list(source.sources) and question["sources"]
            assert (question["limited_by"] or {}).get("question") == (
                source.limited_by.question if source.limited_by else None
            )
            seen.append(question["id"])
    assert seen == [q.id for q in questionnaire.questions()]


def test_scorecard_json_is_the_scorecard_plus_assessment_metadata(app, official, county_draft):
    response = official.get(f"/api/v1/assessments/{county_draft}/scorecard")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert set(body) == SCORECARD_KEYS | {"assessment", "verification", "licence"}
    # A draft says nothing of verification: only a publication has one.
    assert body["assessment"] == {
        "id": county_draft,
        "year": 2026,
        "kind": "self",
        "organisation": None,
        "status": "draft",
        "verification": None,
    }
    assert body["verification"] is None
    assert body["licence"] is None  # a draft is nobody's to reuse
    with app.test_request_context():
        expected = scorecard_service.scorecard_for(db.session.get(Assessment, county_draft)).to_dict()
    assert {k: v for k, v in body.items() if k not in ("assessment", "verification", "licence")} == expected
    assert body["jurisdiction"] == {"name": "King County", "state": "WA", "kind": "county", "year": 2026}
    assert set(body["scores"]) == {"protection", "next_level", "overall"}
    assert body["gaps"] and {"recommendation", "model_laws", "guides", "allies", "points_available"} <= set(
        body["gaps"][0]
    )
    assert response.headers["Cache-Control"] == "private, no-store"


def test_scorecard_json_is_404_json_for_those_who_may_not_see_it(app, make_user, client, county_draft):
    for url in (f"/api/v1/assessments/{county_draft}/scorecard", "/api/v1/assessments/987654/scorecard"):
        response = client.get(url)
        assert response.status_code == 404 and response.is_json
        assert response.get_json()["status"] == 404
    make_user("stranger@example.org")
    stranger = Browser(app.test_client())
    stranger.login("stranger@example.org")
    assert stranger.get(f"/api/v1/assessments/{county_draft}/scorecard").status_code == 404
    publish(app, county_draft)
    response = client.get(f"/api/v1/assessments/{county_draft}/scorecard")
    assert response.status_code == 200
    assert response.get_json()["assessment"]["status"] == "submitted"
    assert response.get_json()["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"


def test_api_refuses_writes(client):
    response = client.post("/api/v1/questionnaire")
    assert response.status_code == 405 and response.is_json
