"""The agreements watch and the carried year in Spanish (issue 19): no
interface text left in English on any of their pages."""

from __future__ import annotations

from datetime import date, timedelta

from assessment.extensions import db
from assessment.models import Agreement, Assessment
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import best, fill
from tests.web.spanish_helpers import english_leftovers, spanish_browser
from tests.web.survey_helpers import applicable, start


def test_the_watch_and_the_carried_year_read_in_spanish(app, official, places):
    last_year = start(official, places["county"], year=2025)
    fill(official, app, last_year, "county", best)
    started = official.post(
        f"/assessments/start/{places['county']}",
        {"year": "2026", "kind": "self", "carry_forward": "y"},
        page=f"/jurisdictions/{places['county']}",
    )
    this_year = int(started.headers["Location"].rsplit("/", 1)[1])
    soon = date.today() + timedelta(days=50)
    assert (
        official.post(
            f"/assessments/{this_year}/agreements/new",
            {
                "kind": "287g_warrant_service_officer",
                "counterparty": "ICE",
                "renews_on": soon.isoformat(),
                "renewal": "ends",
                "notice_days": "20",
                "document_url": "https://example.gov/moa.pdf",
            },
        ).status_code
        == 302
    )
    published = make_assessment(app, places["city"])
    with app.app_context():
        series = db.session.get(Assessment, published).series_id
        db.session.add(
            Agreement(
                series_id=series,
                jurisdiction_id=places["city"],
                kind="igsa",
                counterparty="ICE",
                renews_on=soon,
                approved_by="Concejo",
            )
        )
        db.session.commit()
    browser = spanish_browser(official)
    lever_287g = app.extensions["questionnaire"].question("agreements_287g_held").lever_id
    pages = [
        f"/assessments/{this_year}/agreements",
        f"/assessments/{this_year}/agreements/new",
        f"/assessments/{this_year}/since-last-year",
        f"/assessments/{last_year}/since-last-year",
        f"/assessments/{this_year}",
        f"/assessments/{this_year}/levers/{applicable(app, 'county')[0][0].id}",
        f"/assessments/{this_year}/levers/{lever_287g}",
        f"/jurisdictions/{places['county']}",
        f"/assessments/{this_year}/history",
        "/agreements/upcoming",
    ]
    problems = {}
    for url in pages:
        response = browser.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and '<html lang="es">' in html, url
        if leftovers := english_leftovers(html):
            problems[url] = leftovers[:8]
    refused = browser.post(
        f"/assessments/{this_year}/agreements/new",
        {
            "kind": "igsa",
            "counterparty": "ICE",
            "renewal": "renews",
            "notice_days": "x",
            "signed_on": "hoy",
            "document_url": "ftp://x",
        },
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Escriba el plazo de aviso en días" in html
    if leftovers := english_leftovers(html):
        problems["refused form"] = leftovers[:8]
    assert not problems, problems
    assert "Acuerdos con ICE" in browser.get("/agreements/upcoming").get_data(as_text=True)
