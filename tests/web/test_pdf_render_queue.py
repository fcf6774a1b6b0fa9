"""PDF rendering off the request path (PDF_RENDER_ON_REQUEST=0): a PDF not
rendered yet answers "being prepared", `flask scorecards render-pending`
renders it, and then it downloads; submitted assessments are rendered ahead."""
from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.models import Assessment, ScorecardPdf, ScorecardPdfRequest
from assessment.scorecards import pdf_queue
from assessment.scorecards import service as scorecard_service

from .public_helpers import make_assessment

FAKE_PDF = b"%PDF-1.7 rendered by the render worker\n%%EOF\n"


@pytest.fixture
def renders(monkeypatch):
    """Count renders and skip WeasyPrint (its output is tested in tests/unit/test_pdf.py)."""
    calls = []

    def fake_render(scorecard, context, **extras):
        calls.append(scorecard.jurisdiction.name)
        return FAKE_PDF

    monkeypatch.setattr(scorecard_service, "render_scorecard_pdf", fake_render)
    return calls


@pytest.fixture
def no_render_on_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_RENDER_ON_REQUEST", False)


def requests_pending(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [(r.assessment_id, r.language) for r in db.session.scalars(db.select(ScorecardPdfRequest))]


def render_pending(app, *args):
    result = app.test_cli_runner().invoke(args=["scorecards", "render-pending", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_pdf_not_rendered_yet_is_queued_then_rendered_by_the_command(app, client, places, renders,
                                                                          no_render_on_request):
    assessment_id = make_assessment(app, places["county"])
    url = f"/assessments/{assessment_id}/scorecard.pdf"

    waiting = client.get(url)
    assert waiting.status_code == 202
    assert waiting.headers["Retry-After"].isdigit()
    assert "being prepared" in waiting.get_data(as_text=True)
    assert client.get(url).status_code == 202  # asking again queues nothing new
    assert requests_pending(app) == [(assessment_id, "en")] and renders == []

    assert "Rendered 1 PDF(s)" in render_pending(app)
    assert renders == ["King County"] and requests_pending(app) == []
    ready = client.get(url)
    assert ready.status_code == 200 and ready.data == FAKE_PDF
    assert renders == ["King County"]  # served from the shared cache, not rendered again


def test_submitted_assessments_are_rendered_ahead_and_only_once(app, places, renders):
    make_assessment(app, places["county"])
    make_assessment(app, places["texas_county"], published=False)
    make_assessment(app, places["city"], submit=False, published=False)  # a draft: only if asked for
    assert "Rendered 2 PDF(s)" in render_pending(app)
    assert sorted(renders) == ["Harris County", "King County"]
    assert "Rendered 0 PDF(s)" in render_pending(app)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ScorecardPdf)) == 2


def test_requests_come_before_pdfs_rendered_ahead(app, places, renders, no_render_on_request):
    ahead = make_assessment(app, places["county"])
    asked = make_assessment(app, places["texas_county"])
    with app.app_context():
        assessment = db.session.get(Assessment, asked)
        pdf_queue.request_pdf(assessment, "en")
        db.session.commit()
        jobs = pdf_queue.pending(limit=5)
    assert [(job.assessment_id, job.requested) for job in jobs] == [(asked, True), (ahead, False)]
    render_pending(app, "--limit", "1")
    assert renders == ["Harris County"]


def test_rendering_on_the_request_path_is_the_default(app, client, places, renders):
    assessment_id = make_assessment(app, places["county"])
    response = client.get(f"/assessments/{assessment_id}/scorecard.pdf")
    assert response.status_code == 200 and response.data == FAKE_PDF
    assert requests_pending(app) == []
