"""Server time of the public pages on a national-scale dataset (bench/dataset.py).

Times requests through the Flask test client (no network, no gunicorn), so
the figures are the app's own server time: median of --runs after warm-up.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python -m bench.public_pages
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import select

from assessment import create_app
from assessment.extensions import db
from assessment.models import Assessment, AssessmentScore, Jurisdiction

from .dataset import build


def median_ms(client, url: str, runs: int) -> float:
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        response.get_data()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return statistics.median(times)


def _rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def stream_csv(client) -> tuple[float, int, float, float]:
    """Seconds to stream the full CSV, its rows, and the process's resident
    memory (MB) before and at its peak while streaming (Linux /proc)."""
    before = _rss_mb()
    started = time.perf_counter()
    response = client.get("/data/scorecards.csv")
    rows = 0
    for chunk in response.response:
        rows += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
    seconds = time.perf_counter() - started
    response.close()
    return seconds, rows - 2, before, _rss_mb("VmHWM")  # less the licence line and the header


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--assessed", type=int, default=3_000)
    parser.add_argument("--skip-csv", action="store_true")
    args = parser.parse_args()
    app = create_app({"RATELIMIT_ENABLED": False})
    print("dataset:", build(app, assessed=args.assessed))
    client = app.test_client()
    with app.app_context():
        twelve = list(
            db.session.scalars(
                select(Assessment.jurisdiction_id)
                .join(AssessmentScore)
                .where(Assessment.published_at.is_not(None))
                .distinct()
                .order_by(Assessment.jurisdiction_id)
                .limit(12)
            )
        )
        city = db.session.scalars(
            select(Jurisdiction.id)
            .join(Assessment, Assessment.jurisdiction_id == Jurisdiction.id)
            .where(Jurisdiction.kind == "city", Jurisdiction.population.is_not(None))
        ).first()
    ids = "&".join(f"j={i}" for i in twelve)
    pages = {
        "directory page 1": "/directory",
        "directory page 200": "/directory?page=200",
        "directory sorted by protection": "/directory?sort=protection",
        "directory CA cities, next-level sort": "/directory?state=CA&kind=city&sort=next_level",
        "directory name search": "/directory?q=spring",
        "directory 2025 independent": "/directory?year=2025&assessment_kind=independent",
        "12-way comparison": f"/compare?{ids}",
        "12-way comparison, per question": f"/compare?{ids}&detail=questions",
        "similar to a city": f"/compare?like={city}",
        "API scorecards page (200)": "/api/v1/scorecards?per_page=200",
    }
    print(f"{'page':40} {'median ms':>10}")
    figures = {}
    for name, url in pages.items():
        figures[name] = median_ms(client, url, args.runs)
        print(f"{name:40} {figures[name]:10.1f}")
    if not args.skip_csv:
        seconds, rows, before, peak = stream_csv(client)
        print(f"{'full CSV export':40} {seconds:9.2f}s  {rows} rows; RSS {before:.0f} MB before, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
