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
