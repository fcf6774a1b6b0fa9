"""Security headers on every kind of response, request size limits, and the
Host header allow-list (web/headers.py, web/hosts.py, config.py)."""

from __future__ import annotations

import pytest

from assessment import create_app
from assessment.config import ConfigError, build_config
from assessment.extensions import db
from tests.conftest import TEST_PASSWORD, Browser, csrf_from
from tests.web.survey_helpers import applicable, lever_form, save, start

from .route_walk import assert_security_headers


def assert_headers(response, where: str, https: bool = False) -> None:
    assert_security_headers(response, where)
    policy = response.headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, where
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    if https:
        assert "max-age=" in response.headers.get("Strict-Transport-Security", ""), where


@pytest.fixture
def editor(app, signed_in, places) -> tuple[Browser, int]:
    browser = signed_in("editor@king.example.gov")
    assessment_id = start(browser, places["county"])
    lever, questions = applicable(app, "county")[0]
    assert save(browser, assessment_id, lever.id, lever_form(questions)).status_code == 302
    return browser, assessment_id


def test_html_json_and_static_responses_carry_the_headers(client):
    for url, mimetype in [
        ("/", "text/html"),
        ("/api/v1/questionnaire", "application/json"),
        ("/jurisdictions/suggest?q=ki", "application/json"),
        ("/static/css/app.css", "text/css"),
    ]:
        with client.get(url) as response:  # closed, or a static file stays open (ResourceWarning)
            assert response.status_code == 200 and response.mimetype == mimetype, url
            assert_headers(response, url)


def test_the_pdf_carries_the_headers_and_is_not_cached_by_others(editor):
    browser, assessment_id = editor
    response = browser.get(f"/assessments/{assessment_id}/scorecard.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert_headers(response, "scorecard.pdf")
    assert "no-store" in response.headers["Cache-Control"]


def test_pages_for_a_signed_in_user_are_never_stored_by_the_browser(editor, client):
    # RT-19: drafts, the review and the one-time invitation link must not stay in a shared browser's cache.
    browser, assessment_id = editor
    for url in (
        "/account",
        f"/assessments/{assessment_id}",
        f"/assessments/{assessment_id}/review",
        f"/assessments/{assessment_id}/editors",
        "/",
        "/directory",
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
    with browser.get("/static/css/app.css") as stylesheet:
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")
    # Anonymous readers of public pages may be cached as before.
    assert "no-store" not in client.get("/directory").headers.get("Cache-Control", "")


# Each CSV export asked for with no parameters: the open data is the whole
# file; a comparison with no places chosen is refused with a page saying so.
CSV_WITHOUT_PARAMETERS = {"/data/scorecards.csv": (200, "text/csv"), "/compare.csv": (400, "text/html")}


def test_csv_exports_carry_the_headers(app, client):
    csv_rules = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv") and not rule.arguments}
    assert csv_rules == set(CSV_WITHOUT_PARAMETERS), f"a CSV export to check here: {csv_rules}"
    for url, (status, mimetype) in CSV_WITHOUT_PARAMETERS.items():
        response = client.get(url)
        assert (response.status_code, response.mimetype) == (status, mimetype), url
        assert_headers(response, url)


def test_error_pages_of_every_kind_carry_the_headers(app, client, editor):
    browser, _ = editor
    cases = [
        (client.get("/no-such-page"), 404, "text/html"),
        (client.get("/api/v1/assessments/999999/scorecard"), 404, "application/json"),
        (client.get("/logout"), 405, "text/html"),
        (client.post("/login", data={"email": "x@example.gov"}), 400, "text/html"),  # no CSRF token
        (browser.client.post("/login", data={"note": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}), 413, "text/html"),
    ]
    for response, status, mimetype in cases:
        assert response.status_code == status and response.mimetype == mimetype, (status, response.status_code)
        assert_headers(response, f"{status} page")
        assert "Traceback" not in response.get_data(as_text=True)
    too_large = cases[-1][0].get_data(as_text=True)
    assert "larger than we accept" in too_large


def test_an_unexpected_error_gets_the_friendly_500_page_with_headers(app):
    broken = create_app(
        {
            **{k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")},
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @broken.get("/test-only/boom")
    def boom():
        raise RuntimeError("a bug")

    try:
        response = broken.test_client().get("/test-only/boom")
        assert response.status_code == 500
        text = response.get_data(as_text=True)
        assert "Something went wrong on our side" in text and "RuntimeError" not in text and "Traceback" not in text
        assert_headers(response, "500 page")
    finally:
        with broken.app_context():
            db.session.remove()
            db.engine.dispose()


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert_headers(secure, "https home", https=True)


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = {"APP_ENV": "production", "SECRET_KEY": "k" * 40}
    with pytest.raises(ConfigError, match="ALLOWED_HOSTS"):
        build_config(tmp_path, env)
    config = build_config(tmp_path, {**env, "ALLOWED_HOSTS": "scorecard.example.gov, .counties.example.org"})
    assert config["TRUSTED_HOSTS"] == ["scorecard.example.gov", ".counties.example.org"]
    assert build_config(tmp_path, {"SECRET_KEY": "k" * 40})["TRUSTED_HOSTS"] is None


@pytest.fixture
def host_checked_app(app):
    application = create_app(
        {
            **{k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")},
            "TRUSTED_HOSTS": ["scorecard.example.gov", ".counties.example.org"],
            "RATELIMIT_ENABLED": False,
        }
    )
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("host", ["evil.example", "scorecard.example.gov.evil.example", "localhost", "127.0.0.1:5000"])
def test_unknown_host_headers_get_a_friendly_400(host_checked_app, host):
    client = host_checked_app.test_client()
    for url in ["/", "/login", "/api/v1/questionnaire", "/assessments/1/scorecard"]:
        response = client.get(url, headers={"Host": host})
        assert response.status_code == 400, (host, url)
        text = response.get_data(as_text=True)
        assert "not served under the address you used" in text or "not served under" in text
        assert host.split(":")[0] not in text.replace("scorecard.example.gov", "")
        assert_headers(response, f"400 for Host {host}")


def test_allowed_hosts_are_served(host_checked_app):
    client = host_checked_app.test_client()
    for host in ["scorecard.example.gov", "scorecard.example.gov:8443", "king.counties.example.org"]:
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    # Links the app builds use the allowed host asked for, never another.
    response = client.get("/assessments", headers={"Host": "scorecard.example.gov"})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "signing in should set the session cookie"
    return cookies[-1]


def test_the_session_cookie_is_httponly_and_samesite_lax(browser, make_user):
    make_user("a@example.gov")
    cookie = _session_cookie(browser.login("a@example.gov"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http here, as in local runs


def test_over_https_the_session_cookie_is_secure(app, make_user, monkeypatch):
    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    secure_app = create_app(
        {k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")} | {"RATELIMIT_ENABLED": False}
    )
    try:
        make_user("a@example.gov")
        browser = Browser(secure_app.test_client())
        page = browser.client.get("/login", base_url="https://localhost")
        token = csrf_from(page.get_data(as_text=True))
        # Over HTTPS, Flask-WTF also wants a same-site Referer, which browsers
        # send under our Referrer-Policy (same-origin).
        response = browser.client.post(
            "/login",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/login"},
            data={"csrf_token": token, "email": "a@example.gov", "password": TEST_PASSWORD},
        )
        assert response.status_code == 302
        cookie = _session_cookie(response)
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert_headers(response, "https sign-in", https=True)
    finally:
        with secure_app.app_context():
            db.session.remove()
            db.engine.dispose()
