"""How long the scorecard PDF runs, in English and Spanish, for three
samples: the King County mix of tests/unit/pdf/test_pdf.py (one answer in three
best), a county with gaps in every lever (two answers in three below best,
half of them part-way), and a county answering worst everywhere. Each stays
a handout (6, 8 and 10 pages at most) and keeps its language, title,
structure tree and live links. Also the record of answers, its own PDF."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from assessment.scorecards.context import ScorecardContext
from assessment.scorecards.pdf import PdfLinks, render_answers_pdf, render_scorecard_pdf
from assessment.scoring import JurisdictionInfo, score
from assessment.scoring.answers import best_answer, worst_answer
from tests.unit.pdf.test_pdf import flat, link_uris, mixed_answers, pdf_text

COUNTY = JurisdictionInfo("King County", "WA", "county")
# PDFs rendered from scores and content: the database is never read.
# One xdist worker runs the whole module (make test: --dist loadgroup):
# its fixture renders eight scorecards once for the module.
pytestmark = [pytest.mark.no_database, pytest.mark.xdist_group("pdf_pages")]
LINKS = PdfLinks(
    methodology="http://localhost/methodology.pdf",
    answers="http://localhost/assessments/3/answers.pdf",
    scorecard="http://localhost/assessments/3/scorecard",
)


def part_way(question):
    """An answer below the best but above the worst, where the question has one."""
    if question.kind == "multi":
        earning = [o.id for o in question.options if not o.exclusive and o.points > 0]
        return earning[:1] if len(earning) > 1 else worst_answer(question)
    ranked = sorted(question.options, key=lambda o: o.points)
    return ranked[len(ranked) // 2].id if len(ranked) > 2 else ranked[0].id


def gaps_everywhere(questionnaire) -> dict:
    answers = {}
    for n, question in enumerate(questionnaire.questions()):
        answers[question.id] = (best_answer, part_way, worst_answer)[n % 3](question)
    return answers


def worst_everywhere(questionnaire) -> dict:
    return {q.id: worst_answer(q) for q in questionnaire.questions()}


SAMPLES = {
    "king_county": (mixed_answers, 6),
    "gaps_in_every_lever": (gaps_everywhere, 8),
    "worst_everywhere": (worst_everywhere, 10),
}


def context(questionnaire, language) -> ScorecardContext:
    return ScorecardContext(
        questionnaire=questionnaire,
        year=2026,
        status="draft",
        language=language,
        provenance="Self-assessment by King County Office of Equity, draft, not submitted",
    )


@pytest.fixture(scope="module")
def pdfs(app):
    made = {}
    with app.app_context():
        for language in ("en", "es"):
            questionnaire = app.extensions["questionnaires"][language]
            for name, (answers, _) in SAMPLES.items():
                card = score(questionnaire, COUNTY, answers(questionnaire))
                made[name, language] = card, render_scorecard_pdf(card, context(questionnaire, language), links=LINKS)
    return made


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_scorecard_pdf_fits_its_page_target(pdfs, name, language):
    card, data = pdfs[name, language]
    if name != "king_county":
        assert {gap.item.lever_id for gap in card.gaps} == {lever.id for lever in card.levers}, "gaps in every lever"
    pages = len(PdfReader(BytesIO(data)).pages)
    assert pages <= SAMPLES[name][1], f"{name} in {language}: {pages} pages"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", list(SAMPLES))
def test_each_sample_is_tagged_titled_in_its_language_with_working_links(pdfs, name, language):
    card, data = pdfs[name, language]
    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith(language)
    assert reader.metadata.title and "King County, WA 2026" in reader.metadata.title
    assert {LINKS.methodology, LINKS.answers} <= link_uris(reader, pages=[0])
    assert LINKS.scorecard in link_uris(reader)


def test_the_answers_record_has_every_question_and_its_evidence(app):
    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        answers = mixed_answers(questionnaire)
        asked = next(q for q in questionnaire.questions() if "county" in q.applies_to)
        evidence = {asked.id: {"url": "https://example.org/ordinance-18665", "citation": "Ordinance 18665"}}
        card = score(questionnaire, COUNTY, answers, evidence)
        data = render_answers_pdf(card, context(questionnaire, "en"), LINKS)
    reader = PdfReader(BytesIO(data))
    text = flat(pdf_text(data))
    assert reader.metadata.title == "Answers and evidence: King County, WA 2026"
    assert "/StructTreeRoot" in reader.trailer["/Root"] and str(reader.trailer["/Root"]["/Lang"]) == "en"
    assert "King County, WA: answers and evidence, 2026" in text and "DRAFT" in text
    for item in card.items:
        assert flat(item.prompt)[:60] in text, item.question_id
    assert "Ordinance 18665" in text and "https://example.org/ordinance-18665" in link_uris(reader)
    for left_out in card.excluded:
        assert flat(left_out.reason)[:40] in text
    assert "What to do first" not in text  # the scorecard's own words stay in the scorecard
