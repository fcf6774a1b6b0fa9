"""Every kind of page in Spanish: no interface text left in English, the
questionnaire's own Spanish text, and answers saved in Spanish stored exactly
as in English (option ids, never words)."""

from __future__ import annotations

import pytest

from assessment.content.i18n import RESERVED_OPTION_LABELS
from assessment.content.model import DONT_KNOW
from tests.conftest import Browser
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import NOT_APPLICABLE, fill, mixed_chooser
from tests.web.spanish_helpers import english_leftovers, spanish_browser, visible_text
from tests.web.survey_helpers import applicable, lever_form, save, saved_answers, start


@pytest.fixture
def world(app, official, places):
    """The official's county draft (every kind of answer) and a city one, and
    published scorecards of the county and the city for the public pages."""
    draft = start(official, places["county"], year=2021)
    choose, special = mixed_chooser(app, "county")
    fill(
        official,
        app,
        draft,
        "county",
        choose,
        evidence={
            special["not_applicable"]: {"reason": "No tenemos cárcel"},
            special["dont_know"]: {"citation": "Ordenanza 12-2024", "url": "https://example.gov/o"},
        },
    )
    city_draft = start(official, places["city"], year=2021)
    published = {name: make_assessment(app, places[name], year=2026) for name in ("county", "city")}
    return {
        "draft": draft,
        "city_draft": city_draft,
        "published": published,
        "special": special,
        "official": spanish_browser(official),
    }


# The pages of _pages() that answer otherwise than 200 (a page number that is
# not a number, no such page, no such invitation); they too must be Spanish.
ERROR_PAGES = {"/directory?page=abc": 400, "/nowhere": 404, "/assessments/invitations/not-a-token": 404}


def _pages(app, world, places) -> list[str]:
    draft, county, city = world["draft"], places["county"], places["city"]
    lever_ids = [lever.id for lever, _ in applicable(app, "county")]
    gaps = "&".join(f"close={q.id}" for _, qs in applicable(app, "county")[:2] for q in qs)
    compare = f"j={county}&j={city}"
    return [
        "/",
        "/about",
        "/jurisdictions/find?q=king",
        "/jurisdictions/find?q=zzzz",
        "/jurisdictions/new",
        f"/jurisdictions/{county}",
        f"/jurisdictions/{city}",
        "/account",
        "/assessments",
        f"/assessments/{draft}",
        *(f"/assessments/{draft}/levers/{lever_id}" for lever_id in lever_ids),
        f"/assessments/{draft}/review",
        f"/assessments/{draft}/scorecard",
        f"/assessments/{draft}/scorecard/what-if?{gaps}",
        f"/assessments/{draft}/scorecard/what-if",
        f"/assessments/{draft}/editors",
        f"/assessments/{draft}/history",
        f"/assessments/{world['city_draft']}/county-jail",
        f"/assessments/{world['city_draft']}/scorecard",
        "/methodology",
        "/directory",
        "/directory?sort=protection&assessed=yes",
        "/directory?page=abc",
        "/compare",
        f"/compare?{compare}",
        f"/compare?{compare}&detail=questions",
        f"/compare?like={county}",
        "/compare?state=WA",
        "/compare?j=1",
        "/data",
        "/nowhere",
        "/assessments/invitations/not-a-token",
    ]


def test_no_page_shows_interface_text_in_english(app, world, places):
    official = world["official"]
    problems, statuses = {}, {}
    for url in _pages(app, world, places):
        response = official.get(url)
        html = response.get_data(as_text=True)
        statuses[url] = response.status_code
        assert '<html lang="es">' in html, url
        leftovers = english_leftovers(html)
        if leftovers:
            problems[url] = leftovers[:8]
    assert {url: status for url, status in statuses.items() if status != 200} == ERROR_PAGES
    assert not problems, problems


def test_signed_out_pages_are_spanish_too(client, places):
    browser = spanish_browser(Browser(client))
    for url in ("/", "/login", "/register", f"/jurisdictions/{places['county']}", "/jurisdictions/new"):
        html = browser.get(url, follow_redirects=True).get_data(as_text=True)
        assert not english_leftovers(html), (url, english_leftovers(html))


def test_the_lever_page_asks_in_spanish(app, world, places):
    content = app.extensions["questionnaires"]
    lever, questions = applicable(app, "county")[0]
    html = world["official"].get(f"/assessments/{world['draft']}/levers/{lever.id}").get_data(as_text=True)
    spanish_lever = content["es"].lever(lever.id)
    assert spanish_lever.title in html
    for question in questions:
        spanish = content["es"].question(question.id)
        assert visible_text(spanish.prompt) in visible_text(html)
        for option in spanish.options:
            assert visible_text(option.label) in visible_text(html)
        assert question.prompt not in html or question.prompt == spanish.prompt
    words = RESERVED_OPTION_LABELS["es"]
    assert words["dont_know"] in html and words["not_applicable"] in html
    assert "Guardar y continuar" in html and "Comprobante de esta respuesta" in html


def test_answers_saved_in_spanish_are_the_same_ids_as_in_english(app, official, places):
    lever, questions = applicable(app, "county")[0]
    english_id = start(official, places["county"], year=2025)
    spanish_id = start(official, places["county"], year=2024)
    form = lever_form(questions)
    form[0:1] = [(questions[0].id, DONT_KNOW)]
    listed = [q for q in questions if q.not_applicable_when][-1]  # a question with a listed condition
    form += [(listed.id, NOT_APPLICABLE), (f"{listed.id}__reason", listed.not_applicable_when[0].id)]
    form = [pair for n, pair in enumerate(form) if not (pair[0] == listed.id and n < len(form) - 2)]
    assert save(official, english_id, lever.id, form).status_code == 302
    spanish_browser(official)
    saved = save(official, spanish_id, lever.id, form)
    assert saved.status_code == 302
    assert "Se guardó «" in official.get(saved.headers["Location"]).get_data(as_text=True)
    assert saved_answers(app, spanish_id) == saved_answers(app, english_id)
    assert saved_answers(app, spanish_id)[questions[0].id] == DONT_KNOW


def test_a_refused_page_explains_in_spanish(app, world):
    lever, questions = applicable(app, "county")[0]
    form = [(questions[0].id, NOT_APPLICABLE), (f"{questions[0].id}__url", "javascript:alert(1)")]
    html = save(world["official"], world["draft"], lever.id, form).get_data(as_text=True)
    assert "Elija la condición por la que esta pregunta no aplica aquí." in html
    assert "Escriba una dirección web que empiece con http://" in html
    assert not english_leftovers(html)


def test_the_scorecard_reads_in_spanish_with_the_same_figures(app, world):
    official, draft = world["official"], world["draft"]
    spanish = official.get(f"/assessments/{draft}/scorecard").get_data(as_text=True)
    for words in (
        "Puntuaciones por palanca",
        "Qué hacer primero",
        "Protecciones actuales",
        "Reformas avanzadas",
        "Pendiente de averiguar: 1",
        "Fuera de la puntuación",
        "Descargar el PDF",
        "borrador, sin enviar",
    ):
        assert words in spanish, words
    official.post("/language", {"lang": "en", "next": "/"}, page="/")
    english = official.get(f"/assessments/{draft}/scorecard").get_data(as_text=True)
    figures = lambda html: [part.split("<")[0] for part in html.split('class="score-figure">')[1:]]  # noqa: E731
    assert figures(spanish) == figures(english)


def test_stored_levels_are_shown_in_spanish(app, world, places):
    html = world["official"].get("/directory?assessed=yes").get_data(as_text=True)
    english = {level.label for level in app.extensions["questionnaires"]["en"].levels}
    spanish = {level.label for level in app.extensions["questionnaires"]["es"].levels}
    shown = set(visible_text(html).split(" "))
    assert not {label for label in english - spanish if " " not in label} & shown
    assert any(label in html for label in spanish)


def test_the_conflict_and_pdf_waiting_pages_are_spanish(app, world, monkeypatch):
    official, draft = world["official"], world["draft"]
    lever, questions = applicable(app, "county")[0]
    stale = [
        ("revision", "0"),
        *lever_form(questions, choose=lambda q: q.options[0].id if q.kind != "multi" else [q.options[0].id]),
    ]
    conflict = save(official, draft, lever.id, stale)
    html = conflict.get_data(as_text=True)
    assert conflict.status_code == 409 and "Otra persona cambió estas respuestas" in html
    assert not english_leftovers(html)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return  # no job queue on SQLite: a PDF is made in the request, never "being prepared"
    monkeypatch.setitem(app.config, "PDF_RENDER_ON_REQUEST", False)
    waiting = official.get(f"/assessments/{draft}/scorecard.pdf")
    assert waiting.status_code == 202
    assert "Se está preparando su PDF" in waiting.get_data(as_text=True)
    assert not english_leftovers(waiting.get_data(as_text=True))
