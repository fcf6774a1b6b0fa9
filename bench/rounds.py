"""The figures measured on live servers in rounds (bench/run.py): the
questionnaire page against its ceilings, saves on SQLite and PostgreSQL, and
first renders of the short scorecard PDF against a minimal WeasyPrint
document. Each round measures every figure once, so that each figure's
median spans the whole run (this machine's speed drifts by half or more
within minutes), and every ratio is taken within one round, between figures
measured moments apart, then its median over the rounds is reported.
"""

from __future__ import annotations

import secrets
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assessment import create_app
from assessment.extensions import db

from . import web_figures as web
from .live import LiveServer, WebSession


@dataclass(frozen=True)
class Official:
    email: str
    password: str
    assessment_id: int
    lever_id: str
    questions: list

    @property
    def page_path(self) -> str:
        return f"/assessments/{self.assessment_id}/levers/{self.lever_id}"


def signed_in(server: LiveServer, official: Official) -> WebSession:
    session = WebSession(server.base_url)
    reply = session.login(official.email, official.password)
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


def sqlite_server_env(url: str) -> dict[str, str]:
    """The SQLite server's settings. It serves saves only; its PDFs would render in the
    request, as on every SQLite install (PDF_RENDER_ON_REQUEST=0 is refused there, since
    the job queue needs PostgreSQL)."""
    return {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32)}


@contextmanager
def sqlite_server(fill_in):
    """gunicorn (1 worker) on a fresh SQLite database with the directory and a
    filled-in assessment (`fill_in(app)` makes it and returns the Official)."""
    from assessment.jurisdictions.places import load_directory

    folder = Path(tempfile.mkdtemp(prefix="bench-sqlite-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        load_directory()
        db.session.commit()
    official = fill_in(app)
    with LiveServer(sqlite_server_env(url), workers=1, log_path=folder / "gunicorn.log") as server:
        yield Editing(signed_in(server, official), official.page_path, official.questions)


def minimal_pdf_ms(app, runs: int) -> float:
    from assessment.pdf.render import html_to_pdf

    html = "<!doctype html><html lang='en'><head><title>Minimal</title></head><body><p>One line.</p></body></html>"
    with app.app_context():
        html_to_pdf(html)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            html_to_pdf(html)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@dataclass
class Rounds:
    """The live servers, the officials editing on them, and everything measured there, over all rounds."""

    app: object
    server: LiveServer
    editing: Editing  # on PostgreSQL, through `server`
    sqlite: Editing
    page_size: int
    wrk_seconds: int
    saves: int
    page: list = field(default_factory=list)  # web_figures.Load per round
    plain: list = field(default_factory=list)
    signed_in_plain: list = field(default_factory=list)
    vs_plain: list = field(default_factory=list)  # ratios, one per round
    vs_signed_in: list = field(default_factory=list)
    save_sqlite: list = field(default_factory=list)  # milliseconds, every save of every round
    save_pg: list = field(default_factory=list)
    pdf_minimal: list = field(default_factory=list)  # one median per round
    pdf_first: list = field(default_factory=list)  # every first render of every round
    pdf_first_vs_minimal: list = field(default_factory=list)  # one ratio per round
    pdf_again: list = field(default_factory=list)

    def urls(self) -> tuple[str, str, str]:
        base = self.server.base_url
        return (
            base + self.editing.page_path,
            f"{base}/bench/plain-page/{self.page_size}",
            f"{base}/bench/signed-in-page/{self.page_size}",
        )

    def measure_round(self, number: int, pdf_warm_up_ids: list[int], pdf_ids: list[int]) -> None:
        page, plain, signed_in_plain = web.load_round(
            *self.urls(), web.cookie_header(self.editing.session), self.wrk_seconds
        )
        save_sqlite = self.sqlite.save_ms(self.saves)
        save_pg = self.editing.save_ms(self.saves)
        minimal = minimal_pdf_ms(self.app, 9)
        first, again = web.pdf_times(self.server.base_url, pdf_warm_up_ids, pdf_ids)
        self.page.append(page)
        self.plain.append(plain)
        self.signed_in_plain.append(signed_in_plain)
        self.vs_plain.append(page.requests_per_second / plain.requests_per_second)
        self.vs_signed_in.append(page.requests_per_second / signed_in_plain.requests_per_second)
        self.save_sqlite += save_sqlite
        self.save_pg += save_pg
        self.pdf_first += first
        self.pdf_again += again
        self.pdf_minimal.append(minimal)
        self.pdf_first_vs_minimal.append(statistics.median(first) / minimal)
        print(
            f"round {number}: plain {plain.requests_per_second:,.0f} req/s, signed in "
            f"{signed_in_plain.requests_per_second:,.0f} req/s, questionnaire {page.requests_per_second:,.0f} "
            f"req/s (p99 {page.p99_ms:.1f} ms), saves {statistics.median(save_sqlite):.1f} / "
            f"{statistics.median(save_pg):.1f} ms, minimal PDF {minimal:.1f} ms, PDF first "
            f"{statistics.median(first):,.0f} ms",
            flush=True,
        )
