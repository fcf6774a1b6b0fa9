"""Property-based tests: generated values posted to every form, and generated
query strings sent to every page, never give a 500 or a traceback, and every
refusal (4xx) says what was wrong. A refused lever page never loses an answer
that was already saved.

Example counts are kept modest (the suite runs twice in CI); raise
FUZZ_EXAMPLES locally to search harder.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.conftest import TEST_PASSWORD, Browser
from tests.web.survey_helpers import applicable, saved_answers, start

from .route_walk import assert_security_headers

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "\x00\x01\x02",
    "\u202e\u200b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "http://[::1",
    "http://",
    "https://x:99999/",
    "http://user:pw@evil.example/",
    "data:text/html,<script>alert(1)</script>",
    "'; DROP TABLE answer; --",
    "%s%n%x",
    "{{7*7}}",
    "${7*7}",
    "../../etc/passwd",
    "file:///etc/passwd",
    "\\\\server\\share",
    "🇺🇸" * 50,
    "a" * 5000,
    "\ud7ff\ue000\uffff",
    "1e309",
    "-1",
    "0",
    "99999999999999999999",
    "NaN",
    "null",
    "[]",
    "{}",
]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(min_size=200, max_size=3000))
maybe_text = st.one_of(st.none(), text)


def explained(response) -> bool:
    body = response.get_data(as_text=True)
    if response.mimetype == "application/json":
        data = json.loads(body)
        return isinstance(data, dict) and bool(data.get("error") or data.get("detail"))
    if any(mark in body for mark in ('role="alert"', 'class="error-message"', "Error code ", 'class="notice"')):
        return True
    # A page of its own that says what happened ("This invitation link does
    # not work ..."): a heading and a sentence inside <main>.
    main = body.split("<main", 1)[-1].split("</main>", 1)[0]
    return "<h1" in main and "<p" in main


def assert_handled(response, where: str) -> None:
    # A PDF is bytes; what could leak a traceback is text.
    body = "" if response.mimetype == "application/pdf" else response.get_data(as_text=True)
    assert response.status_code < 500, f"{where}: {response.status_code}"
    assert "Traceback" not in body and "sqlalchemy" not in body.lower(), where
    if response.status_code >= 400:
        assert explained(response), f"{where}: {response.status_code} without an explanation"
    assert_security_headers(response, where)


def form_data(fields: dict) -> MultiDict:
    pairs = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((name, item))
    return MultiDict(pairs)


def post(browser: Browser, url: str, fields: dict, page: str | None = None):
    data = form_data(fields)
    data.add("csrf_token", browser.token(page or url))
    return browser.client.post(url, data=data)


def test_register_form(app):
    @FUZZ
    @given(
        email=st.one_of(text, st.emails()),
        password=maybe_text,
        confirm=maybe_text,
        display_name=maybe_text,
        organisation=maybe_text,
        next_page=maybe_text,
    )
    def check(email, password, confirm, display_name, organisation, next_page):
        browser = Browser(app.test_client())
        response = post(
            browser,
            "/register",
            {
                "email": email,
                "password": password,
                "confirm": confirm,
                "display_name": display_name,
                "organisation": organisation,
                "next": next_page,
            },
        )
        assert_handled(response, "POST /register")
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/") and not response.headers["Location"].startswith("//")

    check()


def test_login_form(app, make_user):
    make_user("official@example.gov")

    @FUZZ
    @given(
        email=st.one_of(text, st.just("official@example.gov")),
        password=st.one_of(text, st.just(TEST_PASSWORD)),
        next_page=maybe_text,
        carried=maybe_text,
    )
    def check(email, password, next_page, carried):
        browser = Browser(app.test_client())
        response = post(
            browser, "/login", {"email": email, "password": password, "next": next_page, "carried": carried}
        )
        assert_handled(response, "POST /login")

    check()


def test_account_form(official):
    @FUZZ
    @given(current=st.one_of(text, st.just(TEST_PASSWORD)), password=maybe_text, confirm=maybe_text)
    def check(current, password, confirm):
        response = post(official, "/account", {"current": current, "password": password, "confirm": confirm})
        assert_handled(response, "POST /account")

    check()


def test_add_jurisdiction_form(official):
    @FUZZ
    @given(
        name=maybe_text,
        state=st.one_of(maybe_text, st.sampled_from(["WA", "TX", "ZZ", "wa"])),
        kind=st.one_of(maybe_text, st.sampled_from(["town", "village", "county", "city_county", "empire"])),
    )
    def check(name, state, kind):
        assert_handled(
            post(official, "/jurisdictions/new", {"name": name, "state": state, "kind": kind}),
            "POST /jurisdictions/new",
        )

    check()


def test_start_assessment_form(official, places):
    url = f"/assessments/start/{places['city']}"

    @FUZZ
    @given(
        year=st.one_of(maybe_text, st.integers(-(10**6), 10**6).map(str)),
        kind=st.one_of(maybe_text, st.sampled_from(["self", "independent"])),
        organisation=maybe_text,
    )
    def check(year, kind, organisation):
        response = post(
            official,
            url,
            {"year": year, "kind": kind, "organisation": organisation},
            page=f"/jurisdictions/{places['city']}",
        )
        assert_handled(response, f"POST {url}")

    check()


@pytest.mark.parametrize("kind", ["city_county"])
def test_lever_pages_including_multi_and_evidence_fields(app, official, places, kind):
    assessment_id = start(official, places[kind])
    levers = applicable(app, kind)
    assert any(q.kind == "multi" for _, qs in levers for q in qs)

    def lever_fields(lever_and_questions):
        _, questions = lever_and_questions
        fields = {}
        for question in questions:
            choice = st.one_of(
                st.sampled_from([o.id for o in question.options] + ["dont_know", "not_applicable"]), text
            )
            fields[question.id] = st.one_of(st.none(), choice, st.lists(choice, max_size=4))
            for suffix in ("reason", "url", "citation", "note"):
                fields[f"{question.id}__{suffix}"] = maybe_text
        fields["revision"] = st.one_of(st.none(), st.sampled_from(["", "0", "-1", "abc", "99999999999999999999"]))
        fields["go"] = st.one_of(st.none(), st.sampled_from(["next", "back", "overview", "elsewhere"]))
        return st.fixed_dictionaries({}, optional=fields)

    lever_and_fields = st.sampled_from(levers).flatmap(
        lambda lq: st.tuples(st.just(lq[0]), lever_fields(lq), st.dictionaries(text, text, max_size=2))
    )

    @FUZZ
    @given(lever_and_fields)
    def check(generated):
        lever, fields, extra = generated
        url = f"/assessments/{assessment_id}/levers/{lever.id}"
        before = saved_answers(app, assessment_id)
        response = post(official, url, {**extra, **fields})
        assert_handled(response, f"POST {url}")
        if response.status_code != 302:
            assert saved_answers(app, assessment_id) == before, "a refused page changed saved answers"

    check()


def test_invitations(app, official, places):
    assessment_id = start(official, places["county"])

    @FUZZ
    @given(token=text, create_one=st.booleans(), email=text, role=text)
    def check(token, create_one, email, role):
        if create_one:
            assert_handled(
                post(
                    official,
                    f"/assessments/{assessment_id}/invitations",
                    {"email": email, "role": role},
                    page=f"/assessments/{assessment_id}/editors",
                ),
                "POST invitations",
            )
        url = f"/assessments/invitations/{quote(token, safe='')}"
        assert_handled(official.get(url), f"GET {url}")
        assert_handled(post(official, url, {}, page="/"), f"POST {url}")

    check()


def test_every_page_with_generated_query_strings(app, official, places):
    assessment_id = start(official, places["county"])
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint != "static"
        and set(rule.arguments) <= {"assessment_id", "jurisdiction_id"}
    ]
    keys = st.one_of(
        st.sampled_from(
            [
                "q",
                "state",
                "kind",
                "year",
                "j",
                "like",
                "by",
                "detail",
                "page",
                "per_page",
                "sort",
                "close",
                "next",
                "lang",
                "type",
                "min_population",
                "format",
            ]
        ),
        text,
    )

    @FUZZ
    @given(rule=st.sampled_from(rules), query=st.lists(st.tuples(keys, text), max_size=6))
    def check(rule, query):
        url = rule.build({"assessment_id": assessment_id, "jurisdiction_id": places["county"]}, append_unknown=False)[1]
        response = official.get(url, query_string=MultiDict(query))
        assert_handled(response, f"GET {url}?{query!r}"[:300])

    check()
