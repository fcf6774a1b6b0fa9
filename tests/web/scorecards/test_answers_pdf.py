"""The two PDFs of an assessment through the web: the record of answers
(/assessments/<id>/answers.pdf), cached and queued like the scorecard PDF,
and a city's scorecard PDF with its county's jail answers and live links."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import text

from assessment.extensions import db
from assessment.models import Jurisdiction, ScorecardPdf
from tests.conftest import add_jurisdiction
from tests.web.public_helpers import make_assessment


def _text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages))


def _links(data: bytes) -> set[str]:
    return {
        str(a.get_object()["/A"]["/URI"])
        for page in PdfReader(BytesIO(data)).pages
        for a in page.get("/Annots") or []
        if "/A" in a.get_object()
    }


def test_the_answers_record_downloads_is_cached_and_linked_from_both_scorecards(app, places):
    assessment_id = make_assessment(app, places["county"], year=2026)
    client = app.test_client()
    url = f"/assessments/{assessment_id}/answers.pdf"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.headers["Content-Disposition"].endswith("answers-king-county-wa-2026.pdf")
    assert "King County, WA: answers and evidence, 2026" in _text(first.data)
    assert client.get(url).data == first.data
    with app.app_context():
        keys = sorted(db.session.scalars(db.select(ScorecardPdf.language)))
    assert keys == ["en:answers"]  # cached beside the scorecard's own PDF, told apart by its key

    page = client.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    assert f'href="/assessments/{assessment_id}/answers.pdf"' in page
    scorecard = client.get(f"/assessments/{assessment_id}/scorecard.pdf")
    first_page = PdfReader(BytesIO(scorecard.data)).pages[0]
    on_page_one = {str(a.get_object()["/A"]["/URI"]) for a in first_page.get("/Annots") or []}
    assert f"http://localhost{url}" in on_page_one and "http://localhost/methodology.pdf" in on_page_one


def test_with_no_render_on_request_the_answers_record_is_queued_then_rendered_by_a_worker(app, places, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_RENDER_ON_REQUEST", False)
    assessment_id = make_assessment(app, places["county"], year=2026)
    client = app.test_client()
    url = f"/assessments/{assessment_id}/answers.pdf"
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
    if not on_postgresql:
        # No job queue on SQLite: the PDF is made in the request whatever the setting says.
        made = client.get(url)
        assert made.status_code == 200 and "answers and evidence" in _text(made.data)
        return
    assert client.get(url).status_code == 202
    assert client.get(url).status_code == 202  # asking again queues nothing new
    with app.app_context():
        queued = [row.args for row in db.session.execute(text("SELECT args FROM procrastinate_jobs"))]
    assert queued == [{"assessment_id": assessment_id, "key": "en:answers"}]
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--until-empty"])
    assert result.exit_code == 0, result.output
    ready = client.get(url)
    assert ready.status_code == 200 and "answers and evidence" in _text(ready.data)


def test_a_city_scorecard_pdf_carries_its_county_jail_answers(app):
    with app.app_context():
        county = add_jurisdiction("King County", "WA", "county", fips="53033")
        city = add_jurisdiction("Seattle", "WA", "city", population=737015)
        db.session.get(Jurisdiction, city).county_fips = "53033"
        db.session.commit()
    county_assessment = make_assessment(app, county, email="county@example.gov")
    city_assessment = make_assessment(app, city, email="city@example.gov")
    client = app.test_client()
    city_pdf = client.get(f"/assessments/{city_assessment}/scorecard.pdf").data
    text = _text(city_pdf)
    assert "The jail: Seattle and its county" in text
    detainer = app.extensions["questionnaire"].question("detainers_hold_refusal")
    assert detainer.prompt[:40] in text and "Not asked of cities" in text
    assert f"http://localhost/assessments/{county_assessment}/scorecard" in _links(city_pdf)
    county_pdf = client.get(f"/assessments/{county_assessment}/scorecard.pdf").data
    assert "its county" not in _text(county_pdf)
