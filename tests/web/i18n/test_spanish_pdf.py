"""The scorecard, answers and comparison PDFs in Spanish: tagged with the language,
titled, Spanish headings and footers, the questionnaire's Spanish text, and
cached apart from the English one."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from assessment.content.i18n import RESERVED_OPTION_LABELS
from assessment.extensions import db
from assessment.models import ScorecardPdf
from tests.web.public_helpers import make_assessment
from tests.web.scorecard_helpers import fill, mixed_chooser
from tests.web.spanish_helpers import english_fragments, spanish_browser
from tests.web.survey_helpers import start


def _read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def test_the_scorecard_pdf_in_spanish(app, official, places):
    draft = start(official, places["county"], year=2021)
    choose, special = mixed_chooser(app, "county")
    fill(official, app, draft, "county", choose, evidence={special["not_applicable"]: {"reason": "No hay cárcel"}})
    spanish_browser(official)
    response = official.get(f"/assessments/{draft}/scorecard.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].endswith("scorecard-king-county-wa-2021-es.pdf")
    reader, text = _read(response.data)

    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).lower().startswith("es")
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Tarjeta de puntuación de inclusión de inmigrantes: King County, WA 2021"
    for words in (
        "King County, WA: tarjeta de puntuación 2021",
        "Protecciones actuales",
        "Reformas avanzadas",
        "Quién decide:",
        "Protección básica",
        "Cómo se calculan las puntuaciones",
        "Versión del cuestionario",
        "Página 1 de",
    ):
        assert words in text, words
    assert re.search(r"Página 2 de \d+", text)  # the footers, in Spanish too
    assert "Anexo" not in text  # the methodology is its own PDF, linked from the scorecard
    spanish = app.extensions["questionnaires"]["es"]
    # Page 1: the first actions, in the questionnaire's Spanish, each with who decides.
    cover = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert cover.count("Quién decide:") == 5, cover[-600:]
    assert len(reader.pages) <= 6
    answers = official.get(f"/assessments/{draft}/answers.pdf")
    answers_reader, answers_text = _read(answers.data)
    assert str(answers_reader.trailer["/Root"]["/Lang"]).lower().startswith("es")
    assert answers.headers["Content-Disposition"].endswith("answers-king-county-wa-2021-es.pdf")
    assert re.sub(r"\s+", " ", spanish.levers[0].title) in answers_text
    assert RESERVED_OPTION_LABELS["es"]["dont_know"] in answers_text
    leftovers = [fragment for fragment in english_fragments() if fragment in text]
    assert not leftovers, leftovers

    official.post("/language", {"lang": "en", "next": "/"}, page="/")
    english = official.get(f"/assessments/{draft}/scorecard.pdf")
    english_reader, english_text = _read(english.data)
    assert str(english_reader.trailer["/Root"]["/Lang"]).lower().startswith("en")
    assert "What to do first" in english_text and "Quién decide" not in english_text
    with app.app_context():
        assert sorted(db.session.scalars(db.select(ScorecardPdf.language))) == ["en", "es", "es:answers"]


def test_the_comparison_pdf_in_spanish(app, client, places):
    for name in ("county", "city"):
        make_assessment(app, places[name], year=2026)
    from tests.conftest import Browser

    spanish_browser(Browser(client))
    response = client.get(f"/compare.pdf?j={places['county']}&j={places['city']}")
    assert response.status_code == 200
    reader, text = _read(response.data)
    assert str(reader.trailer["/Root"]["/Lang"]).lower().startswith("es")
    assert "Comparación" in text and "Puntuaciones por palanca y categoría" in text and "Página 1 de" in text
    assert not [fragment for fragment in english_fragments() if fragment in text]
    csv = client.get(f"/compare.csv?j={places['county']}&j={places['city']}").get_data(as_text=True)
    # Downloads for programs stay English: the "#" lines, the column names and the figures' names.
    assert csv.startswith("# Comparing King County, WA") and "\r\nfigure_id,figure," in csv
    assert ",Current protections," in csv
