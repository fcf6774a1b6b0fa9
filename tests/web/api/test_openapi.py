"""The OpenAPI document (/api/v1/openapi.json): valid OpenAPI 3.1, a route for
every rule under /api/v1, and real answers of every documented route, on a
small world of published assessments, matching the documented schemas,
with no field left undocumented. And the /data/api page that shows it."""

from __future__ import annotations

import copy
import json
import re
from html import unescape

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import add_jurisdiction
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import best, worst
from tests.web.survey_helpers import start

DOCUMENT_URI = "urn:immigrant-inclusion-scorecard:openapi"


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def _resolve(document: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _strict(document: dict, node):
    """The schema `node` with no room for fields it does not name: every object
    schema that lists properties refuses others (allOf merged into one object first,
    so a part does not refuse its sibling's fields). The document itself stays open
    to new fields; the tests hold every field that is sent to be documented."""
    if isinstance(node, list):
        return [_strict(document, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "allOf" in node:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        merged.update(type="object", properties={}, required=[])
        for part in node["allOf"]:
            part = _resolve(document, part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        node = merged
    node = {key: _strict(document, value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    return node


def _validator(document: dict, schema: dict) -> Draft202012Validator:
    strict = copy.deepcopy(document)
    strict["components"]["schemas"] = _strict(strict, strict["components"]["schemas"])
    registry = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(strict, default_specification=DRAFT202012))
    schema = _strict(strict, schema)
    # Local references ("#/components/...") are read against the whole document.
    schema = json.loads(json.dumps(schema).replace('"#/components/', f'"{DOCUMENT_URI}#/components/'))
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _response_schema(document: dict, path: str, status: int, media_type: str = "application/json") -> dict:
    response = _resolve(document, document["paths"][path]["get"]["responses"][str(status)])
    return response["content"][media_type]["schema"]


def assert_matches(document: dict, path: str, response, media_type: str = "application/json"):
    """The real answer has a documented status, and its body the documented shape."""
    assert str(response.status_code) in document["paths"][path]["get"]["responses"], (path, response.status_code)
    body = json.loads(response.get_data(as_text=True))
    errors = sorted(
        _validator(document, _response_schema(document, path, response.status_code, media_type)).iter_errors(body),
        key=lambda e: list(e.absolute_path),
    )
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:8]]
    return body


def _rule_as_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    validate_openapi(document)  # raises on any fault


def test_every_api_route_is_documented_and_every_documented_route_exists(app, document):
    api_rules = {
        _rule_as_path(rule.rule): rule.methods - {"HEAD", "OPTIONS"}
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    assert api_rules, "the API has routes"
    documented = {path: {m.upper() for m in item} for path, item in document["paths"].items()}
    missing = {path for path in api_rules if path not in documented}
    assert not missing, f"routes under /api/v1 missing from openapi.yaml: {sorted(missing)}"
    for path, methods in api_rules.items():
        assert methods == documented[path], path
    rules = {_rule_as_path(rule.rule) for rule in app.url_map.iter_rules()}
    assert set(documented) <= rules, sorted(set(documented) - rules)
    # Besides the API, the open-data downloads.
    assert {"/data/scorecards.json", "/data/scorecards.csv"} <= set(documented)


def test_the_enums_are_the_codes_the_app_uses(document):
    from assessment.directory.queries import MAX_PAGE_SIZE, PAGE_SIZE, POPULATION_BANDS, SORTS
    from assessment.models import JURISDICTION_KINDS
    from assessment.models.assessments import STATUSES
    from assessment.models.provenance import KIND_LABELS, VERIFICATION_LABELS
    from assessment.opendata.export import LICENCE

    schemas, parameters = document["components"]["schemas"], document["components"]["parameters"]
    assert schemas["Verification"]["enum"] == ["verified_official", "verified_organisation", "unverified"]
    assert set(schemas["Verification"]["enum"]) == set(VERIFICATION_LABELS)
    assert schemas["JurisdictionType"]["enum"] == list(JURISDICTION_KINDS)
    assert schemas["AssessmentKind"]["enum"] == list(KIND_LABELS)
    assert schemas["Scorecard"]["properties"]["assessment"]["properties"]["status"]["enum"] == list(STATUSES)
    assert parameters["band"]["schema"]["enum"] == [band[0] for band in POPULATION_BANDS]
    assert parameters["sort"]["schema"]["enum"] == list(SORTS)
    assert parameters["include"]["schema"]["enum"] == ["unverified"]
    per_page = next(
        p for p in document["paths"]["/api/v1/scorecards"]["get"]["parameters"] if p.get("name") == "per_page"
    )
    assert (per_page["schema"]["maximum"], per_page["schema"]["default"]) == (MAX_PAGE_SIZE, PAGE_SIZE)
    assert document["info"]["license"] == {"name": LICENCE["name"], "url": LICENCE["url"]}
    assert schemas["Licence"]["properties"]["name"]["const"] == LICENCE["name"]
    assert document["components"]["examples"]["Licence"]["value"] == LICENCE


def test_every_example_matches_its_schema(document):
    checked = 0
    for path, item in document["paths"].items():
        for status, response in item["get"]["responses"].items():
            for _media_type, media in _resolve(document, response).get("content", {}).items():
                for example in media.get("examples", {}).values():
                    value = _resolve(document, example)["value"]
                    errors = list(_validator(document, media["schema"]).iter_errors(value))
                    assert not errors, (path, status, [e.message[:200] for e in errors[:5]])
                    checked += 1
    assert checked >= 7


def test_the_strict_check_refuses_an_undocumented_field_and_a_wrong_enum(document):
    """The checker itself can fail: an extra field, or a verification outside its enum."""
    example = copy.deepcopy(document["components"]["examples"]["ScorecardPage"]["value"])
    validator = _validator(document, _response_schema(document, "/api/v1/scorecards", 200))
    assert validator.is_valid(example)
    example["scorecards"][0]["assessment"]["secret"] = "x"
    assert not validator.is_valid(example)
    del example["scorecards"][0]["assessment"]["secret"]
    example["scorecards"][0]["verification"] = "trusted"
    assert not validator.is_valid(example)


@pytest.fixture
def world(app, official, places):
    """King County (self, verified), Harris County (independent, worst answers),
    Seattle linked to King County with an unverified publication, and a draft."""
    from assessment.extensions import db
    from assessment.models import Jurisdiction

    with app.app_context():
        db.session.get(Jurisdiction, places["city"]).county_fips = "53033"
        db.session.commit()
        pierce = add_jurisdiction("Pierce County", "WA", "county", fips="53053")
    return {
        "king": make_assessment(
            app,
            places["county"],
            choose=best,
            evidence={
                "detainers_hold_refusal": {"citation": "Ordinance 17886", "url": "https://kingcounty.gov/ord-17886"}
            },
        ),
        "harris": make_assessment(
            app, places["texas_county"], kind="independent", organisation="Texas Advocates", choose=worst, year=2025
        ),
        "seattle": make_assessment(app, places["city"], email="someone@example.org", verified=False),
        "pierce": pierce,
        "draft": start(official, places["city_county"]),
    }


def test_real_answers_of_every_route_match_the_document(app, client, official, document, world, places):
    seen = set()

    def check(path: str, url: str, browser=client, media_type="application/json"):
        response = browser.get(url)
        body = assert_matches(document, path, response, media_type)
        seen.add((path, str(response.status_code)))
        return body

    page = check("/api/v1/scorecards", "/api/v1/scorecards")
    assert page["total"] == 2 and {s["verification"] for s in page["scorecards"]} == {
        "verified_official",
        "verified_organisation",
    }
    every = check("/api/v1/scorecards", "/api/v1/scorecards?include=unverified&per_page=1&sort=protection")
    assert every["total"] == 3 and every["next"] and every["previous"] is None
    check("/api/v1/scorecards", every["next"])
    check("/api/v1/scorecards", "/api/v1/scorecards?state=WA&kind=county&band=unknown&assessment_kind=self&year=2026")
    for bad in ("state=XX", "include=everything", "per_page=x", "page=0", "sort=colour"):
        assert check("/api/v1/scorecards", f"/api/v1/scorecards?{bad}")["status"] == 400, bad

    king = check("/api/v1/jurisdictions/{jurisdiction_id}", f"/api/v1/jurisdictions/{places['county']}")
    assert [a["id"] for a in king["published_assessments"]] == [world["king"]]
    seattle = check(
        "/api/v1/jurisdictions/{jurisdiction_id}", f"/api/v1/jurisdictions/{places['city']}?include=unverified"
    )
    assert (
        seattle["county"]["id"] == places["county"]
        and seattle["published_assessments"][0]["verification"] == "unverified"
    )
    assert (
        check("/api/v1/jurisdictions/{jurisdiction_id}", f"/api/v1/jurisdictions/{world['pierce']}")[
            "published_assessments"
        ]
        == []
    )
    check("/api/v1/jurisdictions/{jurisdiction_id}", f"/api/v1/jurisdictions/{places['county']}?include=x")
    check("/api/v1/jurisdictions/{jurisdiction_id}", "/api/v1/jurisdictions/999999")

    for name in ("king", "harris", "seattle"):
        body = check("/api/v1/assessments/{assessment_id}/scorecard", f"/api/v1/assessments/{world[name]}/scorecard")
        assert body["licence"]["name"] == "CC BY 4.0"
    harris = client.get(f"/api/v1/assessments/{world['harris']}/scorecard").get_json()
    assert harris["gaps"] and harris["excluded"] and harris["state_laws"]  # the big shapes are exercised
    draft = check(
        "/api/v1/assessments/{assessment_id}/scorecard",
        f"/api/v1/assessments/{world['draft']}/scorecard",
        browser=official,
    )
    assert draft["licence"] is None and draft["assessment"]["status"] == "draft"
    check("/api/v1/assessments/{assessment_id}/scorecard", f"/api/v1/assessments/{world['draft']}/scorecard")  # 404

    # The action plan: its team reads it; 404 for anyone else while it is not published.
    plan_path = "/api/v1/assessments/{assessment_id}/plan"
    response = official.post(f"/assessments/{world['draft']}/plan", {}, page=f"/assessments/{world['draft']}/plan")
    assert response.status_code == 302
    assert check(plan_path, f"/api/v1/assessments/{world['draft']}/plan", browser=official)["items"]
    check(plan_path, f"/api/v1/assessments/{world['draft']}/plan")  # 404

    check("/api/v1/questionnaire", "/api/v1/questionnaire")
    check("/api/v1/questionnaire", "/api/v1/questionnaire?lang=es")
    check("/api/v1/openapi.json", "/api/v1/openapi.json")

    download = check("/data/scorecards.json", "/data/scorecards.json?include=unverified")
    assert len(download["scorecards"]) == 3
    check("/data/scorecards.json", "/data/scorecards.json?state=WA&sort=population")
    assert client.get("/data/scorecards.json?state=XX").status_code == 400
    assert client.get("/data/scorecards.json?state=XX").mimetype == "text/html"

    # Every JSON answer the document promises was met, but the 409 of saved
    # answers that no longer fit (tests/web/api/test_api.py has its own cases).
    promised = {
        (path, status)
        for path, item in document["paths"].items()
        for status, response in item["get"]["responses"].items()
        if "application/json" in _resolve(document, response).get("content", {})
    }
    assert promised - seen == {
        ("/api/v1/assessments/{assessment_id}/scorecard", "409"),
        ("/api/v1/assessments/{assessment_id}/plan", "409"),
    }


def test_the_api_page_shows_every_route_with_the_documents_examples(client, document):
    html = client.get("/data/api").get_data(as_text=True)
    assert "<h1>The open data API</h1>" in html
    for path, item in document["paths"].items():
        operation_id = item["get"]["operationId"]
        assert f'<h2 id="{operation_id}"><code>GET {path}</code></h2>' in html, path
    section = html.split('id="listScorecards"')[1].split("</section>")[0]
    # Every parameter is explained in words, not just named.
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><code>(\w+)</code></th>\s*<td>([^<]*)</td>", section)
    assert {name for name, _ in rows} >= {"q", "state", "per_page", "include"}
    assert all(words.strip() for _, words in rows)
    assert (
        '<a href="/api/v1/scorecards?state=WA"><code>http://localhost/api/v1/scorecards?state=WA</code></a>' in section
    )
    # The example answers are the document's own, unchanged.
    shown = [
        json.loads(unescape(block))
        for block in re.findall(r'<pre class="pre-wrap"><code>(.*?)</code></pre>', html, re.S)
    ]
    examples = document["components"]["examples"]
    for name in ("ScorecardPage", "Jurisdiction", "Scorecard", "Questionnaire", "ScorecardDownload"):
        assert examples[name]["value"] in shown, name
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "http://localhost/api/v1/jurisdictions/1204" in html and 'href="/api/v1/jurisdictions/1204"' not in html


def test_the_open_data_page_links_the_api_page_and_states_the_licence(client):
    html = client.get("/data").get_data(as_text=True)
    assert 'href="/data/api"' in html and 'href="/api/v1/scorecards"' in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in html
    assert "Immigrant Inclusion Scorecard” and the assessor named in each record" in html
