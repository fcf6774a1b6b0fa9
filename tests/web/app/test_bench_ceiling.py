"""The benchmark's ceiling page exists only when BENCH_CEILING_ROUTES is set."""
from __future__ import annotations

from assessment import create_app


def test_production_has_no_bench_route(client):
    assert client.get("/bench/plain-page/50000").status_code == 404


def test_the_bench_route_serves_a_plain_page_of_the_asked_size(app):
    bench_app = create_app({**app.config, "BENCH_CEILING_ROUTES": True})
    response = bench_app.test_client().get("/bench/plain-page/50000")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert 45_000 <= len(response.data) <= 55_000


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
