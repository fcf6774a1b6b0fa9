"""The benchmark of issues 7 and 18, in one run on this machine (`make bench`).

1. Builds the dataset (bench/dataset.py) in the PostgreSQL named by
   BENCH_DATABASE_URL or TEST_DATABASE_URL (scripts/with-postgres.sh starts a
   private one): every real county and city, synthetic places up to 22,000,
   and three years of published assessments of every one of them.
2. Server time of the public lists (directory, comparison, CSV) through the
   test client.
3. In rounds on live gunicorn servers (bench/rounds.py): the questionnaire
   page against a plain page of the same size, anonymous and signed in
   (bench/ceiling.py, served only by bench/wsgi_bench.py), saves on SQLite and
   PostgreSQL, and first renders of the short scorecard PDF against a minimal
   WeasyPrint document; then the full CSV and worker memory, and the lever
   and scorecard pages in Chromium on a slow 4G network (bench/browser.py).
4. Render-ahead throughput with two render workers (bench/render_ahead.py).
5. A realistic morning of 200 officials and 20 advocates (bench/morning.py),
   and the stress test of 50 officials saving without a pause
   (bench/load_save.py).
6. Prints the table (figure | measured | target | holds?) and, as its last
   line, `bench:` and name=value pairs (bench/report.py).

    bash scripts/with-postgres.sh .venv/bin/python -m bench.run [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from assessment import create_app
from assessment.extensions import db
from assessment.models import (
    Assessment,
    Jurisdiction,
    LatestPublished,
    ScorecardPdf,
    User,
)
from assessment.models.latest_published import ANY_KIND, ANY_YEAR

from . import web_figures as web
from .browser import page_loads
from .dataset import build
from .live import BENCH_APP, LiveServer
from .morning import run_morning
from .public_pages import median_ms
from .render_ahead import measure as render_ahead
from .report import Figure, at_least, at_most, informative, print_table
from .rounds import Editing, Official, Rounds, signed_in, sqlite_server

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_SETTINGS = ROOT / "deploy" / "gunicorn.conf.py"
PASSWORD = "bench official long passphrase 2027"
EMAIL = "official@bench.example.gov"


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        sys.exit("No database: run `make bench`, or set BENCH_DATABASE_URL to a scratch PostgreSQL.")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark fills the database it is given: use one on this machine.")
    return url


def fill_in_an_assessment(app) -> Official:
    """A registered official and their draft assessment of a county with every
    page answered, and the lever with most questions."""
    from werkzeug.security import generate_password_hash

    from assessment.survey import operations as service

    with app.app_context():
        content = app.extensions["questionnaire"]
        user = User(email=EMAIL, password_hash=generate_password_hash(PASSWORD))
        db.session.add(user)
        county = db.session.scalars(
            select(Jurisdiction).where(Jurisdiction.kind == "county").order_by(Jurisdiction.id)
        ).first()
        # This year's draft being filled in (the dataset's years end with this one).
        assessment = service.start_assessment(content, user, county, service.latest_assessable_year())
        pages = [
            (lever, service.applicable_questions(content, lever, county))
            for lever in service.applicable_levers(content, county)
        ]
        for _lever, questions in pages:
            submitted = {}
            for question in questions:
                option = web.chosen_option(question, 1)
                submitted[question.id] = {
                    "value": [option] if question.kind == "multi" else option,
                    "evidence": {"citation": "Ord. 2001", "note": "Benchmark save 1"},
                }
            service.save_lever(assessment, questions, user, submitted, None)
        db.session.commit()
        lever, questions = max(pages, key=lambda page: len(page[1]))
        return Official(EMAIL, PASSWORD, assessment.id, lever.id, questions)


def published_samples(app, count: int) -> tuple[list[int], list[int]]:
    """(jurisdiction ids with a published scorecard, one published assessment id of each)."""
    with app.app_context():
        rows = db.session.execute(
            select(LatestPublished.jurisdiction_id, LatestPublished.assessment_id)
            .where(LatestPublished.for_year == ANY_YEAR, LatestPublished.for_kind == ANY_KIND)
            .order_by(LatestPublished.jurisdiction_id)
            .limit(count)
        ).all()
    return [r.jurisdiction_id for r in rows], [r.assessment_id for r in rows]


def server_time_figures(app, runs: int) -> list[Figure]:
    """Median server time of the public lists through the test client (no network)."""
    twelve, _ = published_samples(app, 12)
    with app.app_context():
        year = db.session.scalar(select(db.func.max(Assessment.year)).where(Assessment.published_at.is_not(None)))
    ids = "&".join(f"j={i}" for i in twelve)
    client = app.test_client()
    pages = [
        ("directory_ms", "Directory, first page", "/directory", 100),
        ("directory_page_200_ms", "Directory, page 200", "/directory?page=200", 100),
        ("directory_sorted_ms", "Directory sorted by protection score", "/directory?sort=protection", 100),
        (
            "directory_year_ms",
            "Directory, 2025, independent only",
            "/directory?year=2025&assessment_kind=independent",
            100,
        ),
        ("directory_search_ms", "Directory, name search", "/directory?q=spring", 100),
        ("compare12_ms", "12-way comparison", f"/compare?{ids}", 100),
        ("compare12_questions_ms", "12-way comparison, per question", f"/compare?{ids}&detail=questions", 100),
        (
            "counties_ms",
            f"Every county's scorecard, {year} (CSV)",
            f"/data/scorecards.csv?kind=county&year={year}",
            150,
        ),
    ]
    return [at_most(key, label, median_ms(client, url, runs), limit) for key, label, url, limit in pages]


def live_figures(url: str, app, args, official: Official, log: Path) -> tuple[list[Figure], list[Figure]]:
    """(the page, save and PDF figures; the browser figures), all on one server with 2 sync workers."""
    env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "APP_ENV": "development"}
    _, published = published_samples(app, 4 + 40 + args.pdfs * args.rounds)
    with app.app_context():  # first renders must be first, on a dataset measured before too
        db.session.execute(delete(ScorecardPdf).where(ScorecardPdf.assessment_id.in_(published)))
        db.session.commit()
    # 2 sync workers; no recycling of workers, so that memory is measured after everything.
    with (
        LiveServer(
            env,
            workers=2,
            log_path=log,
            config=GUNICORN_SETTINGS,
            app_module=BENCH_APP,
            extra_args=("--max-requests", "0"),
        ) as server,
        sqlite_server(fill_in_an_assessment) as sqlite,
    ):
        editing = Editing(signed_in(server, official), official.page_path, official.questions)
        size = len(editing.session.get(editing.page_path).data)
        run = Rounds(app, server, editing, sqlite, size, args.wrk_seconds, args.saves)
        web.warm_up_load(*run.urls(), web.cookie_header(editing.session))
        for number in range(args.rounds):
            # Each round renders PDFs of its own, never rendered before.
            ids = published[len(published) - args.pdfs * (number + 1) : len(published) - args.pdfs * number]
            run.measure_round(number + 1, published[:4] if number == 0 else [], ids)
        alone = web.wrk(run.urls()[0], web.cookie_header(editing.session), args.wrk_seconds, connections=2, threads=1)
        streams = [web.stream_csv(server, "/data/scorecards.csv") for _ in range(args.csv_runs)]
        rss = web.workers_rss_mb(server)
        lever, scorecard = page_loads(
            server.base_url,
            official.page_path,
            f"/assessments/{published[0]}/scorecard",
            official.email,
            official.password,
            runs=args.browser_runs,
        )

    page, plain, signed = (web.median_load(loads) for loads in (run.page, run.plain, run.signed_in_plain))
    save_sqlite, save_pg = statistics.median(run.save_sqlite), statistics.median(run.save_pg)
    first, again = statistics.median(run.pdf_first), statistics.median(run.pdf_again)
    seconds = statistics.median(s.seconds for s in streams)
    growth = max(s.rss_peak_mb - s.rss_before_mb for s in streams)
    print(
        f"Chromium, slow 4G: lever page {lever.kb:,.0f} KB {lever.by_type}, scorecard {scorecard.kb:,.0f} KB "
        f"{scorecard.by_type}",
        flush=True,
    )
    figures = [
        informative("plain_rps", f"Plain Jinja page of {size:,} bytes (ceiling)", plain.requests_per_second, "req/s"),
        informative(
            "signed_in_plain_rps", "The same plain page, signed in (ceiling)", signed.requests_per_second, "req/s"
        ),
        informative(
            "questionnaire_rps",
            f"Questionnaire page ({size:,} bytes), 2 sync workers, 16 connections",
            page.requests_per_second,
            "req/s",
        ),
        at_least(
            "questionnaire_vs_signed_in",
            "Questionnaire page / plain page signed in (median of rounds)",
            statistics.median(run.vs_signed_in),
            0.6,
        ),
        informative(
            "questionnaire_vs_plain", "Questionnaire page / plain page (informative)", statistics.median(run.vs_plain)
        ),
        at_most("questionnaire_p99_ms", "Questionnaire page p99, one request per worker at a time", alone.p99_ms, 50),
        informative(
            "questionnaire_p99_16_ms", "Questionnaire page p99 at 16 connections (queueing)", page.p99_ms, "ms"
        ),
        informative("plain_p99_ms", "Plain page p99 at 16 connections (ceiling)", plain.p99_ms, "ms"),
        at_most("save_sqlite_ms", "Save a page of answers, SQLite (median)", save_sqlite, 10),
        at_most("save_pg_ms", "Save a page of answers, PostgreSQL (median)", save_pg, 20),
        informative(
            "pdf_minimal_ms", "Minimal WeasyPrint document (ceiling)", statistics.median(run.pdf_minimal), "ms"
        ),
        at_most("pdf_first_ms", "Short scorecard PDF, first render in a warm worker (median)", first, 400),
        at_most(
            "pdf_first_vs_minimal",
            "The same / minimal document (median of rounds)",
            statistics.median(run.pdf_first_vs_minimal),
            25,
            unit="",
            strict=False,
        ),
        at_most("pdf_again_ms", "Scorecard PDF downloaded again, unchanged (median)", again, 20),
        at_most("csv_s", f"CSV of every published scorecard ({streams[0].rows:,} rows)", seconds, 10, unit="s"),
        at_most("csv_rss_growth_mb", "Worker memory growth while streaming it (flat)", growth, 30, unit="MB"),
        at_most("worker_rss_mb", "Largest worker after the live rounds", rss, 150, unit="MB"),
    ]
    browser = [
        at_most("lcp_lever_ms", "Lever page, largest contentful paint (Chromium, slow 4G)", lever.lcp_ms, 2500),
        at_most("page_kb_lever", "Lever page weight, everything it loads", lever.kb, 150, unit="KB"),
        at_most("lcp_scorecard_ms", "Scorecard page, largest contentful paint (slow 4G)", scorecard.lcp_ms, 2500),
        at_most("page_kb_scorecard", "Scorecard page weight, everything it loads", scorecard.kb, 150, unit="KB"),
    ]
    return figures, browser


def render_figures(app, url: str, args) -> list[Figure]:
    _, published = published_samples(app, 4 + 40 + args.pdfs * args.rounds + args.render_pdfs)
    result = render_ahead(app, url, published[-args.render_pdfs :], workers=2)
    print(
        f"render-ahead: {result.pdfs} PDFs in {result.seconds:.1f} s with {result.workers} workers "
        f"({result.cpu_seconds:.1f} s of CPU)",
        flush=True,
    )
    return [
        at_least(
            "render_per_core_per_s",
            f"Render-ahead, 2 workers: PDFs per second per core ({result.pdfs} PDFs)",
            result.per_core_per_second,
            3,
            unit="/s",
        ),
        informative("render_per_cpu_s", "The same, per second of the workers' own CPU", result.per_cpu_second, "/s"),
    ]


def morning_env(url: str) -> dict[str, str]:
    """The web servers as the README advises for many users: PDFs rendered off the request
    path (PDF_RENDER_ON_REQUEST=0) by a render worker beside them."""
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "APP_ENV": "development",
        "PDF_RENDER_ON_REQUEST": "0",
    }


def morning_figures(app, url: str, args, log: Path) -> list[Figure]:
    """The morning on the servers of morning_env(), with a job worker rendering PDFs."""
    env = morning_env(url)
    with app.app_context():
        from assessment.survey.operations import latest_assessable_year

        year = latest_assessable_year()
    # The job worker the README runs beside the web servers, rendering the PDFs people ask for; its
    # periodic render-ahead is off, or it would start on the dataset's 72,000 PDFs never rendered.
    renderer = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--name", "morning"],
        cwd=ROOT,
        env={**os.environ, **env, "JOBS_RENDER_AHEAD_MINUTES": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with LiveServer(
            env,
            log_path=log,
            config=GUNICORN_SETTINGS,
            timeout=60,
            workers=int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1))),
        ) as server:
            result = run_morning(
                app,
                server,
                year,
                officials_count=args.officials,
                advocates=args.advocates,
                seconds=args.morning_seconds,
            )
    finally:
        renderer.kill()
        renderer.wait(timeout=30)
    print(
        f"morning: {result.officials} officials and {result.advocates} advocates for {result.seconds:.0f} s: "
        f"{result.saves} saves, {result.pages} pages, {result.pdfs} PDFs; {result.answers_checked} answers checked",
        flush=True,
    )
    for problem in result.first_problems:
        print("  " + problem)
    label = f"Morning ({result.officials} officials, {result.advocates} advocates, {result.seconds:.0f} s)"
    return [
        at_most("morning_errors", f"{label}: errors", result.errors, 0, unit="", strict=False),
        at_most(
            "morning_lost",
            f"{label}: lost answers ({result.answers_checked:,} checked)",
            result.lost,
            0,
            unit="",
            strict=False,
        ),
        at_most("morning_page_p95_ms", "Morning: page p95", result.page_p95_ms, 250),
        at_most("morning_save_p95_ms", f"Morning: save p95 ({result.saves:,} saves)", result.save_p95_ms, 400),
        informative(
            "morning_pdf_p95_ms",
            f"Morning: PDF request p95 ({result.pdfs}, a 202 until rendered)",
            result.pdf_p95_ms,
            "ms",
        ),
    ]


def stress_figures(url: str, args, log: Path) -> list[Figure]:
    """bench/load_save.py, as `make bench-load` runs it: 50 officials saving without a pause."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "load_save.py"),
        "--users",
        str(args.stress_users),
        "--seconds",
        str(args.stress_seconds),
        "--database-url",
        url,
        "--json",
        "--log",
        str(log),
    ]
    result = subprocess.run(
        command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=args.stress_seconds + 600
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"the stress test failed:\n{result.stderr[-3000:]}")
    summary = json.loads(result.stdout)
    for problem in summary["first_errors"] + summary["first_lost"]:
        print("  stress: " + problem)
    label = f"Stress ({summary['users']} officials saving with no pause, {summary['seconds']:.0f} s)"
    return [
        at_most("stress_errors", f"{label}: errors", summary["errors"], 0, unit="", strict=False),
        at_most(
            "stress_lost",
            f"Stress: lost answers ({summary['answers_checked']:,} checked)",
            summary["lost_answers"],
            0,
            unit="",
            strict=False,
        ),
        informative("stress_saves_per_s", "Stress: saves per second", summary["saves_per_second"], "/s"),
        informative("stress_save_p95_ms", "Stress: save p95", summary["save_ms"]["p95"], "ms"),
        informative("stress_page_p95_ms", "Stress: page p95", summary["page_ms"]["p95"], "ms"),
    ]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small dataset and short runs, to try the benchmark")
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="rounds of the live figures (load, saves, PDFs), each figure a median over all (3; 1 with --quick)",
    )
    parser.add_argument("--wrk-seconds", type=int, default=8)
    parser.add_argument("--saves", type=int, default=20, help="saves per round, on each database")
    parser.add_argument("--pdfs", type=int, default=7, help="first renders per round")
    parser.add_argument("--csv-runs", type=int, default=3)
    parser.add_argument("--browser-runs", type=int, default=3, help="cold loads of each page in Chromium")
    parser.add_argument("--render-pdfs", type=int, default=60, help="PDFs the two render workers make")
    parser.add_argument("--officials", type=int, default=200)
    parser.add_argument("--advocates", type=int, default=20)
    parser.add_argument("--morning-seconds", type=float, default=120)
    parser.add_argument("--stress-users", type=int, default=50)
    parser.add_argument("--stress-seconds", type=float, default=45)
    args = parser.parse_args(argv)
    if args.quick:
        args.wrk_seconds, args.saves, args.pdfs, args.csv_runs, args.browser_runs = 3, 15, 3, 1, 1
        args.render_pdfs, args.officials, args.advocates, args.morning_seconds = 12, 40, 5, 30
        args.stress_users, args.stress_seconds = 10, 10
    args.rounds = args.rounds or (1 if args.quick else 3)
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    jurisdictions, assessed = (22_000, 22_000) if not args.quick else (4_000, 1_500)
    url = database_url()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    started = time.monotonic()
    dataset = build(app, jurisdictions=jurisdictions, assessed=assessed)
    print(f"Dataset built in {time.monotonic() - started:.0f} s: {dataset}", flush=True)
    official = fill_in_an_assessment(app)
    lists = server_time_figures(app, runs=9 if not args.quick else 3)
    logs = Path(tempfile.gettempdir()) / f"bench-run-{os.getpid()}"
    logs.mkdir(exist_ok=True)
    live, browser = live_figures(url, app, args, official, logs / "rounds-gunicorn.log")
    render = render_figures(app, url, args)
    morning = morning_figures(app, url, args, logs / "morning-gunicorn.log")
    stress = stress_figures(url, args, logs / "stress-gunicorn.log")
    # In the order of issue 18's table; the lists, CSV and memory "as before" after the PDFs.
    pages, pdfs, csv_memory = live[:10], live[10:14], live[14:]
    print_table(pages + pdfs + render + morning + stress + lists + csv_memory + browser, dataset)
    print(f"(servers' logs in {logs}; whole run {time.monotonic() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
