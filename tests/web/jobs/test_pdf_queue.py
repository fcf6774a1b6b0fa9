"""Where PDFs are made: in the request by default (and always on SQLite), or,
with PDF_RENDER_ON_REQUEST=0 on PostgreSQL, queued for a job worker; the
comparison PDF's shared cache; `flask jobs render-ahead` on both databases.
The real worker processes are in test_pdf_job_engine.py."""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from assessment.compare import pdf_cache
from assessment.config import ConfigError, build_config
from assessment.extensions import db
from assessment.models import ComparisonPdf, ScorecardPdf
from assessment.pdf import render as pdf_module
from assessment.scorecards import service as scorecard_service
from tests.unit.app.test_worker_footprint import modules_after
from tests.web.public_helpers import make_assessment

FAKE_PDF = b"%PDF-1.7 rendered for the queue tests\n%%EOF\n"


def on_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


@pytest.fixture
def renders(monkeypatch):
    """Count scorecard renders and skip WeasyPrint (its output is tested in tests/unit/pdf/test_pdf.py)."""
    calls = []

    def fake_render(scorecard, context, **extras):
        calls.append(scorecard.jurisdiction.name)
        return FAKE_PDF

    monkeypatch.setattr(scorecard_service, "render_scorecard_pdf", fake_render)
    return calls


@pytest.fixture
def comparison_renders(monkeypatch):
    """Count comparison renders; each is the real WeasyPrint one."""
    calls = []
    real = pdf_module.html_to_pdf

    def counted(html, *args, **kwargs):
        if args and args[0] == pdf_module.COMPARISON_STYLES:  # not a scorecard rendered ahead meanwhile
            calls.append(html)
        return real(html, *args, **kwargs)

    monkeypatch.setattr(pdf_cache, "html_to_pdf", counted)  # where the comparison PDF renders
    return calls


def queued_jobs(app) -> list:
    with app.app_context():
        return list(
            db.session.execute(
                text(
                    "SELECT task_name, status::text AS status, args - 'html' AS args, queueing_lock, priority "
                    "FROM procrastinate_jobs ORDER BY id"
                )
            )
        )


def cli(app, *args) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# ---------------------------------------------------------------- in the request


def test_rendering_in_the_request_is_the_default(app, client, places, renders):
    assessment_id = make_assessment(app, places["county"])
    first = client.get(f"/assessments/{assessment_id}/scorecard.pdf")
    assert first.status_code == 200 and first.data == FAKE_PDF
    assert client.get(f"/assessments/{assessment_id}/scorecard.pdf").data == FAKE_PDF
    assert renders == ["King County"]  # the second from the shared cache
    if on_postgresql(app):
        assert queued_jobs(app) == []


def test_on_sqlite_pdfs_are_made_in_the_request_even_when_asked_not_to(app, client, places, renders, monkeypatch):
    if on_postgresql(app):
        pytest.skip("SQLite only")
    monkeypatch.setitem(app.config, "PDF_RENDER_ON_REQUEST", False)  # start-up refuses it; a test can still set it
    assessment_id = make_assessment(app, places["county"])
    assert client.get(f"/assessments/{assessment_id}/scorecard.pdf").status_code == 200
    assert renders == ["King County"]


def test_start_up_refuses_no_render_on_request_without_postgresql(tmp_path):
    with pytest.raises(ConfigError, match="PDF_RENDER_ON_REQUEST=0 needs PostgreSQL"):
        build_config(tmp_path, {"PDF_RENDER_ON_REQUEST": "0", "DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3"})
    settings = build_config(tmp_path, {"PDF_RENDER_ON_REQUEST": "0", "DATABASE_URL": "postgresql://db/scorecard"})
    assert settings["PDF_RENDER_ON_REQUEST"] is False
    assert build_config(tmp_path, {})["PDF_RENDER_ON_REQUEST"] is True


def test_a_web_worker_loads_no_job_engine_until_it_queues_a_job():
    loaded = modules_after("from wsgi import app")
    assert "procrastinate" not in loaded and "assessment.jobs.views" in loaded


# ---------------------------------------------------------------- render ahead


def test_render_ahead_makes_every_submitted_assessments_missing_pdf_once(app, places, renders):
    make_assessment(app, places["county"])
    make_assessment(app, places["texas_county"], published=False)
    make_assessment(app, places["city"], submit=False, published=False)  # a draft: only when asked for
    if on_postgresql(app):
        assert "Queued 2 PDF(s)" in cli(app, "jobs", "render-ahead")
        assert "Queued 0 PDF(s)" in cli(app, "jobs", "render-ahead")  # already waiting
        assert sorted(job.args["assessment_id"] for job in queued_jobs(app)) == sorted(
            job.args["assessment_id"] for job in queued_jobs(app) if job.task_name == "render_scorecard_pdf"
        )
        assert {job.priority for job in queued_jobs(app)} == {0}  # after the PDFs someone is waiting for
        cli(app, "jobs", "worker", "--until-empty")
    else:
        assert "Rendered 2 PDF(s)" in cli(app, "jobs", "render-ahead")
        result = app.test_cli_runner().invoke(args=["jobs", "worker"])
        assert result.exit_code != 0 and "runs on PostgreSQL only" in result.output
    assert sorted(renders) == ["Harris County", "King County"]
    assert "0 PDF(s)" in cli(app, "jobs", "render-ahead")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ScorecardPdf)) == 2


# ---------------------------------------------------------------- queued (PostgreSQL)


@pytest.fixture
def queued(app, monkeypatch):
    if not on_postgresql(app):
        pytest.skip("the job queue runs on PostgreSQL only")
    monkeypatch.setitem(app.config, "PDF_RENDER_ON_REQUEST", False)
    return app


def test_a_pdf_not_rendered_yet_is_queued_once_then_made_by_a_worker(queued, client, places, renders):
    app = queued
    assessment_id = make_assessment(app, places["county"])
    url = f"/assessments/{assessment_id}/scorecard.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "10"
    assert "being prepared" in waiting.get_data(as_text=True)
    assert client.get(url).status_code == 202  # asking again queues nothing new
    with app.app_context():
        revision = db.session.scalar(text("SELECT revision FROM assessment WHERE id = :id"), {"id": assessment_id})
    [job] = queued_jobs(app)
    assert (job.task_name, job.status, job.args) == (
        "render_scorecard_pdf",
        "todo",
        {"assessment_id": assessment_id, "key": "en"},
    )
    assert job.queueing_lock == f"scorecard:{assessment_id}:{revision}:en" and job.priority == 10
    assert renders == []

    cli(app, "jobs", "worker", "--until-empty")
    assert renders == ["King County"]
    ready = client.get(url)
    assert ready.status_code == 200 and ready.data == FAKE_PDF
    assert [job.status for job in queued_jobs(app) if job.task_name == "render_scorecard_pdf"] == ["succeeded"]


def test_a_worker_started_where_an_event_loop_already_runs_still_makes_the_pdf(queued, client, places, renders):
    """asyncio.run() refuses to start inside a running event loop; the worker then runs in a thread of its own."""
    app = queued
    assessment_id = make_assessment(app, places["county"])
    url = f"/assessments/{assessment_id}/scorecard.pdf"
    assert client.get(url).status_code == 202

    async def from_inside_a_loop() -> None:
        cli(app, "jobs", "worker", "--until-empty")

    # In a thread of its own, whose only event loop is this one: whatever an earlier test left
    # in the main thread, asyncio.run() can start here, and the worker starts inside its loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, from_inside_a_loop()).result()
    assert renders == ["King County"]
    assert client.get(url).data == FAKE_PDF


# ---------------------------------------------------------------- the comparison PDF


@pytest.fixture
def two_published(app, places):
    make_assessment(app, places["county"], year=2025)
    make_assessment(app, places["texas_county"], email="harris@example.gov")
    return f"/compare.pdf?j={places['county']}&j={places['texas_county']}"


def test_the_comparison_pdf_is_made_once_per_content_and_language(
    app, client, places, two_published, comparison_renders
):
    first = client.get(two_published)
    assert first.status_code == 200 and "King County, WA" in _text(first.data)
    again = client.get(two_published)
    assert again.data == first.data and len(comparison_renders) == 1  # from the cache
    spanish = client.get(two_published + "&lang=es", headers={"Accept-Language": "es"})
    assert spanish.status_code == 200 and len(comparison_renders) == 2
    # A newer publication of one place is a new comparison.
    make_assessment(app, places["county"], year=2026)
    newer = client.get(two_published)
    assert newer.status_code == 200 and len(comparison_renders) == 3 and newer.data != first.data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ComparisonPdf)) == 3


def test_old_comparison_pdfs_are_deleted_when_a_new_one_is_stored(app, client, places, two_published, monkeypatch):
    monkeypatch.setitem(app.config, "COMPARISON_PDF_KEEP_DAYS", 0)
    client.get(two_published)
    client.get(two_published + "&detail=questions")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ComparisonPdf)) == 1


def test_with_no_render_on_request_the_comparison_pdf_is_queued_and_made_by_a_worker(
    queued, client, two_published, comparison_renders
):
    app = queued
    waiting = client.get(two_published)
    assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "10"
    assert "The comparison PDF is being made now" in waiting.get_data(as_text=True)
    assert client.get(two_published).status_code == 202
    assert [job.task_name for job in queued_jobs(app)] == ["render_comparison_pdf"] and comparison_renders == []
    spanish = client.get(two_published, headers={"Accept-Language": "es"})
    assert spanish.status_code == 202 and "Se está preparando su PDF" in spanish.get_data(as_text=True)

    cli(app, "jobs", "worker", "--until-empty")
    assert len(comparison_renders) == 2  # English and Spanish
    ready = client.get(two_published)
    assert ready.status_code == 200 and "Harris County, TX" in _text(ready.data)


def test_a_full_comparison_queue_answers_busy_rather_than_growing(queued, client, two_published, monkeypatch):
    monkeypatch.setitem(queued.config, "COMPARISON_PDF_QUEUE_LIMIT", 1)
    assert client.get(two_published).status_code == 202
    busy = client.get(two_published + "&detail=questions")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "60"
    assert "Try again in a minute" in busy.get_data(as_text=True)
    assert len(queued_jobs(queued)) == 1
