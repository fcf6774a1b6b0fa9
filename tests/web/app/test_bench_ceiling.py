"""The benchmark's ceiling pages (bench/ceiling.py) exist only in the app the
benchmark serves (bench/wsgi_bench.py), never in the one production serves."""

from __future__ import annotations

from bench.wsgi_bench import create_bench_app


def test_production_has_no_bench_route(client):
    assert client.get("/bench/plain-page/50000").status_code == 404
    assert client.get("/bench/signed-in-page/50000").status_code == 404


def test_the_bench_app_serves_a_plain_page_of_the_asked_size(app):
    response = create_bench_app(dict(app.config)).test_client().get("/bench/plain-page/50000")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert 45_000 <= len(response.data) <= 55_000


def test_the_signed_in_ceiling_loads_the_user_and_refuses_anyone_else(app, signed_in):
    bench_app = create_bench_app(dict(app.config))
    anonymous = bench_app.test_client().get("/bench/signed-in-page/50000")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    official = signed_in("bench-ceiling@example.gov")
    # The same browser's cookie, presented to the bench app (same SECRET_KEY, same database).
    browser = bench_app.test_client()
    cookie = app.config["SESSION_COOKIE_NAME"]
    browser.set_cookie(cookie, official.client.get_cookie(cookie).value)
    page = browser.get("/bench/signed-in-page/50000")
    assert page.status_code == 200
    assert b"Signed in as bench-ceiling@example.gov" in page.data
    assert 45_000 <= len(page.data) <= 55_000


def test_a_signed_in_page_rewrites_the_session_only_for_another_browser(signed_in):
    """bench/web_figures.py's wrk runs send one cookie and keep none: each
    request must cost what a browser's does. A signed-in page read again by
    the same browser leaves the session alone; seen from another browser, the
    session is marked not fresh (flask-login's "basic" protection), which
    rewrites the cookie, so wrk must send the User-Agent that signed in."""
    official = signed_in("bench-browser@example.gov")
    official.get("/assessments")  # shows, and so clears, the sign-in message
    again = official.get("/assessments")
    assert again.status_code == 200 and "Set-Cookie" not in again.headers
    elsewhere = official.get("/assessments", headers={"User-Agent": "another browser"})
    assert elsewhere.status_code == 200 and "Set-Cookie" in elsewhere.headers
