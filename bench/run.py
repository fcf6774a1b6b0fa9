"""The benchmark of issue 7, in one run on this machine (`make bench`).

1. Builds the dataset (bench/dataset.py) in the PostgreSQL named by
   BENCH_DATABASE_URL or TEST_DATABASE_URL (scripts/with-postgres.sh starts a
   private one): every real county and city, synthetic places up to 22,000,
   and three years of published assessments of every one of them.
2. Measures each figure of the targets table against its ceiling measured
   in the same run: the questionnaire page against a plain Jinja page of the
   same size served by the same gunicorn, anonymous and signed in
   (bench/ceiling.py, served only by bench/wsgi_bench.py), and a scorecard PDF
   against a minimal WeasyPrint document. The figures measured on the live
   servers (load, saves, PDFs and their ceilings) are measured in rounds
   (--rounds, 3), each figure the median of all its rounds: this machine's
   speed drifts by half or more within minutes, and one stretch of a run
   would otherwise decide a figure.
3. Prints a table and, as its last line, `bench:` and name=value pairs.

    bash scripts/with-postgres.sh .venv/bin/python -m bench.run [--quick]
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from assessment import create_app
from assessment.extensions import db
from assessment.models import Assessment, Jurisdiction, LatestPublished, ScorecardPdf, User
from assessment.models.latest_published import ANY_KIND, ANY_YEAR

from . import web_figures as web
from .dataset import build
from .live import BENCH_APP, LiveServer, WebSession
from .public_pages import median_ms

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_SETTINGS = ROOT / "deploy" / "gunicorn.conf.py"
PASSWORD = "bench official long passphrase 2027"
EMAIL = "official@bench.example.gov"


@dataclass(frozen=True)
class Figure:
    key: str  # the name on the bench: line
    label: str
    value: float
    unit: str
    target: str
    holds: bool | None  # None: a ceiling or an informative figure, no target of its own

    def cells(self) -> list[str]:
        verdict = "" if self.holds is None else ("holds" if self.holds else "MISSED")
        figure = f"{self.value:.2f}" if not self.unit else f"{self.value:,.1f} {self.unit}"  # ratios: 2 decimals
        return [self.label, figure, self.target, verdict]


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        sys.exit("No database: run `make bench`, or set BENCH_DATABASE_URL to a scratch PostgreSQL.")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark fills the database it is given: use one on this machine.")
    return url


def fill_in_an_assessment(app, county_id: int | None = None) -> tuple[int, str, list]:
    """A registered official and their draft assessment of a county with every
    page answered; returns (assessment id, the lever with most questions, its questions)."""
    from werkzeug.security import generate_password_hash

    from assessment.services import assessments as service

    with app.app_context():
        content = app.extensions["questionnaire"]
        user = User(email=EMAIL, password_hash=generate_password_hash(PASSWORD))
        db.session.add(user)
        county = db.session.get(Jurisdiction, county_id) if county_id else db.session.scalars(
            select(Jurisdiction).where(Jurisdiction.kind == "county").order_by(Jurisdiction.id)).first()
        # This year's draft being filled in (the dataset's years end with this one).
        assessment = service.start_assessment(content, user, county, service.latest_assessable_year())
        pages = [(lever, service.applicable_questions(content, lever, county))
                 for lever in service.applicable_levers(content, county)]
        for lever, questions in pages:
            submitted = {}
            for question in questions:
                option = web.chosen_option(question, 1)
                submitted[question.id] = {"value": [option] if question.kind == "multi" else option,
                                          "evidence": {"citation": "Ord. 2001", "note": "Benchmark save 1"}}
            service.save_lever(assessment, questions, user, submitted, None)
        db.session.commit()
        lever, questions = max(pages, key=lambda page: len(page[1]))
        return assessment.id, lever.id, questions


def published_samples(app, count: int) -> tuple[list[int], list[int]]:
    """(jurisdiction ids with a published scorecard, one published assessment id of each)."""
    with app.app_context():
        rows = db.session.execute(
            select(LatestPublished.jurisdiction_id, LatestPublished.assessment_id)
            .where(LatestPublished.for_year == ANY_YEAR, LatestPublished.for_kind == ANY_KIND)
            .order_by(LatestPublished.jurisdiction_id).limit(count)).all()
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
        ("directory_year_ms", "Directory, 2025, independent only", "/directory?year=2025&assessment_kind=independent",
         100),
        ("directory_search_ms", "Directory, name search", "/directory?q=spring", 100),
        ("compare12_ms", "12-way comparison", f"/compare?{ids}", 100),
        ("compare12_questions_ms", "12-way comparison, per question", f"/compare?{ids}&detail=questions", 100),
        ("counties_ms", f"Every county's scorecard, {year} (CSV)", f"/data/scorecards.csv?kind=county&year={year}",
         150),
    ]
    figures = []
    for key, label, url, limit in pages:
        value = median_ms(client, url, runs)
        figures.append(Figure(key, label, value, "ms", f"< {limit} ms", value < limit))
    return figures


def minimal_pdf_ms(app, runs: int) -> float:
    from assessment.pdf import html_to_pdf

    html = "<!doctype html><html lang='en'><head><title>Minimal</title></head><body><p>One line.</p></body></html>"
    with app.app_context():
        html_to_pdf(html)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            html_to_pdf(html)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def signed_in(server: LiveServer) -> WebSession:
    session = WebSession(server.base_url)
    reply = session.login(EMAIL, PASSWORD)
    if reply.status != 302:
        raise RuntimeError(f"the benchmark official could not sign in: {reply.status}")
    return session


@dataclass
class Editing:
    """A signed-in official on a server, with their lever page and its questions."""
    session: WebSession
    page_path: str
    questions: list

    def save_ms(self, saves: int) -> list[float]:
        times = web.save_times(self.session, self.page_path, self.questions, saves)
        # The page a browser goes on to shows the last save's message, which
        # leaves the session cookie (wrk sends it next) as it was before.
        self.session.get(self.page_path)
        return times


@contextmanager
def sqlite_server():
    """gunicorn (1 worker) on a fresh SQLite database with the directory and a filled-in assessment."""
    from assessment.services.jurisdictions import load_directory

    folder = Path(tempfile.mkdtemp(prefix="bench-sqlite-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        load_directory()
        db.session.commit()
    assessment_id, lever_id, questions = fill_in_an_assessment(app)
    env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "PDF_RENDER_ON_REQUEST": "0"}
    with LiveServer(env, workers=1, log_path=folder / "gunicorn.log") as server:
        yield Editing(signed_in(server), f"/assessments/{assessment_id}/levers/{lever_id}", questions)


@dataclass
class LiveRun:
    """The live servers, the officials editing on them, and everything measured
    there, over all rounds."""
    app: object
    args: argparse.Namespace
    server: LiveServer
    editing: Editing  # on PostgreSQL, through `server`
    sqlite: Editing
    page_size: int
    page: list = field(default_factory=list)
    plain: list = field(default_factory=list)
    signed_in_plain: list = field(default_factory=list)
    save_sqlite: list = field(default_factory=list)
    save_pg: list = field(default_factory=list)
    pdf_minimal: list = field(default_factory=list)
    pdf_first: list = field(default_factory=list)
    pdf_again: list = field(default_factory=list)

    def measure_round(self, number: int, pdf_warm_up_ids: list[int], pdf_ids: list[int]) -> None:
        """One round of every noisy figure, so that each figure's median spans
        the whole run rather than one stretch of it (this machine's speed drifts)."""
        base = self.server.base_url
        page, plain, signed_in_plain = web.load_round(
            base + self.editing.page_path, f"{base}/bench/plain-page/{self.page_size}",
            f"{base}/bench/signed-in-page/{self.page_size}", web.cookie_header(self.editing.session), self.args.wrk_seconds)
        save_sqlite = self.sqlite.save_ms(self.args.saves)
        save_pg = self.editing.save_ms(self.args.saves)
        first, again = web.pdf_times(base, pdf_warm_up_ids, pdf_ids)
        minimal = minimal_pdf_ms(self.app, 9)
        self.page.append(page)
        self.plain.append(plain)
        self.signed_in_plain.append(signed_in_plain)
        self.save_sqlite += save_sqlite
        self.save_pg += save_pg
        self.pdf_first += first
        self.pdf_again += again
        self.pdf_minimal.append(minimal)
        print(f"round {number}: plain {plain.requests_per_second:,.0f} req/s, questionnaire "
              f"{page.requests_per_second:,.0f} req/s (p99 {page.p99_ms:.1f} ms), saves "
              f"{statistics.median(save_sqlite):.1f} / {statistics.median(save_pg):.1f} ms, minimal PDF "
              f"{minimal:.1f} ms, PDF first {statistics.median(first):,.0f} ms", flush=True)


def live_figures(url: str, app, args, assessment_id: int, lever_id: str, questions, log: Path) -> list[Figure]:
    env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "APP_ENV": "development"}
    _, published = published_samples(app, 4 + 40 + args.pdfs * args.rounds)
    with app.app_context():  # first renders must be first, on a dataset measured before too
        db.session.execute(delete(ScorecardPdf).where(ScorecardPdf.assessment_id.in_(published)))
        db.session.commit()
    # 2 sync workers; no recycling of workers, so that memory is measured after everything.
    with LiveServer(env, workers=2, log_path=log, config=GUNICORN_SETTINGS, app_module=BENCH_APP,
                    extra_args=("--max-requests", "0")) as server, sqlite_server() as sqlite:
        editing = Editing(signed_in(server), f"/assessments/{assessment_id}/levers/{lever_id}", questions)
        size = len(editing.session.get(editing.page_path).data)
        run = LiveRun(app, args, server, editing, sqlite, size)
        web.warm_up_load(server.base_url + editing.page_path, f"{server.base_url}/bench/plain-page/{size}",
                         f"{server.base_url}/bench/signed-in-page/{size}", web.cookie_header(editing.session))
        for number in range(args.rounds):
            # Each round renders PDFs of its own, never rendered before.
            ids = published[len(published) - args.pdfs * (number + 1):len(published) - args.pdfs * number]
            run.measure_round(number + 1, published[:4] if number == 0 else [], ids)

        streams = [web.stream_csv(server, "/data/scorecards.csv") for _ in range(args.csv_runs)]
        rss = web.workers_rss_mb(server)

    page, plain, signed_in_plain = (web.median_load(loads) for loads in (run.page, run.plain, run.signed_in_plain))
    ratio = page.requests_per_second / plain.requests_per_second
    save_sqlite, save_pg = statistics.median(run.save_sqlite), statistics.median(run.save_pg)
    first, again = statistics.median(run.pdf_first), statistics.median(run.pdf_again)
    seconds = statistics.median(s.seconds for s in streams)
    growth = max(s.rss_peak_mb - s.rss_before_mb for s in streams)
    return [
        Figure("plain_rps", f"Plain Jinja page of {size:,} bytes (ceiling)", plain.requests_per_second,
               "req/s", "", None),
        # Informative: what loading the signed-in user alone costs the plain page.
        Figure("signed_in_plain_rps", "The same plain page, signed in", signed_in_plain.requests_per_second,
               "req/s", "", None),
        Figure("questionnaire_rps", f"Questionnaire page ({size:,} bytes)", page.requests_per_second, "req/s",
               "", None),
        Figure("questionnaire_vs_plain", "Questionnaire page / plain page throughput", ratio, "",
               ">= 0.5", ratio >= 0.5),
        Figure("questionnaire_p99_ms", "Questionnaire page p99 latency", page.p99_ms, "ms", "< 50 ms",
               page.p99_ms < 50),
        Figure("plain_p99_ms", "Plain page p99 latency (ceiling)", plain.p99_ms, "ms", "", None),
        Figure("save_sqlite_ms", "Save a page of answers, SQLite (median)", save_sqlite, "ms", "< 10 ms",
               save_sqlite < 10),
        Figure("save_pg_ms", "Save a page of answers, PostgreSQL (median)", save_pg, "ms", "< 20 ms",
               save_pg < 20),
        Figure("pdf_minimal_ms", "Minimal WeasyPrint document (ceiling)", statistics.median(run.pdf_minimal),
               "ms", "", None),
        Figure("pdf_first_ms", "Scorecard PDF, first render in a warm worker (median)", first, "ms",
               "< 1000 ms", first < 1000),
        Figure("pdf_again_ms", "Scorecard PDF downloaded again, unchanged (median)", again, "ms", "< 20 ms",
               again < 20),
        Figure("csv_s", f"CSV of every published scorecard ({streams[0].rows:,} rows)", seconds, "s", "< 10 s",
               seconds < 10),
        Figure("csv_rss_growth_mb", "Worker memory growth while streaming it", growth, "MB", "flat (< 30 MB)",
               growth < 30),
        Figure("worker_rss_mb", "Largest worker after the whole benchmark", rss, "MB", "< 150 MB", rss < 150),
    ]


def print_table(figures: list[Figure], dataset: dict) -> None:
    print(f"\nDataset: {dataset}")
    rows = [["figure", "measured", "target", ""], *(f.cells() for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[i]) if i != 1 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print("bench: " + " ".join(f"{f.key}={f.value:.3f}".rstrip("0").rstrip(".") for f in figures))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small dataset and short runs, to try the benchmark")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds of the live figures (load, saves, PDFs), each figure a median over all "
                             "(3; 1 with --quick)")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--saves", type=int, default=20, help="saves per round, on each database")
    parser.add_argument("--pdfs", type=int, default=7, help="first renders per round")
    parser.add_argument("--csv-runs", type=int, default=3)
    args = parser.parse_args(argv)
    jurisdictions, assessed = (22_000, 22_000) if not args.quick else (4_000, 1_500)
    if args.quick:
        args.wrk_seconds, args.saves, args.pdfs, args.csv_runs = 3, 15, 3, 1
    args.rounds = args.rounds or (1 if args.quick else 3)
    url = database_url()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    started = time.monotonic()
    dataset = build(app, jurisdictions=jurisdictions, assessed=assessed)
    print(f"Dataset built in {time.monotonic() - started:.0f} s: {dataset}", flush=True)
    assessment_id, lever_id, questions = fill_in_an_assessment(app)
    figures = server_time_figures(app, runs=9 if not args.quick else 3)
    log = Path(tempfile.gettempdir()) / f"bench-run-gunicorn-{os.getpid()}.log"
    figures += live_figures(url, app, args, assessment_id, lever_id, questions, log)
    print_table(figures, dataset)


if __name__ == "__main__":
    main()
