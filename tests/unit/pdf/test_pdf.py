"""The scorecard PDF: content, links, tags, footer, and that rendering reads
nothing but our own static files, whatever users type."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from markupsafe import escape
from pypdf import PdfReader

from assessment.pdf.fetcher import RefusedFetch, StaticOnlyFetcher
from assessment.pdf.render import html_to_pdf
from assessment.pdf.static_site import STATIC_BASE_URL, STATIC_ROOT
from assessment.scorecards.context import ScorecardContext
from assessment.scorecards.first_actions import first_actions
from assessment.scorecards.pdf import PdfLinks, render_scorecard_html, render_scorecard_pdf
from assessment.scorecards.pdf_blocks import lever_blocks
from assessment.scoring import JurisdictionInfo, score
from assessment.scoring.answers import best_answer, worst_answer

COUNTY = JurisdictionInfo("King County", "WA", "county")
# PDFs rendered from scores and content: the database is never read.
# One xdist worker runs the whole module (make test: --dist loadgroup):
# its fixture renders a scorecard once for the module.
pytestmark = [pytest.mark.no_database, pytest.mark.xdist_group("pdf")]
PASSWD_MARKER = "root:x:0:0"


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def link_uris(reader: PdfReader, pages=None) -> set[str]:
    uris = set()
    for page in reader.pages if pages is None else [reader.pages[n] for n in pages]:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.add(str(action["/URI"]))
    return uris


def mixed_answers(questionnaire) -> dict:
    answers = {}
    for n, question in enumerate(questionnaire.questions()):
        answers[question.id] = best_answer(question) if n % 3 == 0 else worst_answer(question)
    return answers


def context_for(questionnaire, status="draft") -> ScorecardContext:
    return ScorecardContext(
        questionnaire=questionnaire,
        year=2026,
        status=status,
        provenance="Self-assessment by King County Office of Equity, draft, not submitted",
    )


@pytest.fixture(scope="module")
def rendered(app):
    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        card = score(questionnaire, COUNTY, mixed_answers(questionnaire))
        data = render_scorecard_pdf(card, context_for(questionnaire))
    return card, data


# ---------------------------------------------------------------- content


def test_pdf_shows_the_place_both_tier_scores_and_each_levers_model_law(rendered):
    card, data = rendered
    text = flat(pdf_text(data))
    assert "King County, WA: 2026 scorecard" in text
    assert "DRAFT" in text
    assert f"{card.scores.protection.display:g} out of 100" in text
    assert f"{card.scores.next_level.display:g} out of 100" in text
    assert card.scores.protection.level.label in text
    assert card.gaps, "the sample should have gaps to recommend on"
    titles = {law["title"] for block in lever_blocks(card) for law in block.model_laws}
    assert titles
    for title in titles:
        assert flat(title) in text, title


def test_every_lever_with_a_gap_has_its_block_with_each_action_and_who_decides(rendered):
    card, data = rendered
    text = flat(pdf_text(data))
    blocks = lever_blocks(card)
    assert len(blocks) == len({gap.item.lever_id for gap in card.gaps})
    for gap in card.gaps:
        assert flat(gap.recommendation)[:60] in text, gap.question_id
    assert text.count("Who decides:") >= len(card.gaps)  # five on page 1, then one per gap
    for block in blocks:
        assert flat(block.lever.title) in text


def test_a_state_law_note_is_said_once_per_lever(app):
    # In the content, gaps whose advice is the state-law kind name the law in
    # the advice itself; made plain advice here, each gap of a lever under the
    # same state law carries the same note, which the lever's block says once.
    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        card = score(questionnaire, dataclasses.replace(COUNTY, year=2026), mixed_answers(questionnaire))
        card = dataclasses.replace(card, gaps=tuple(dataclasses.replace(g, advice_for="action") for g in card.gaps))
        html = render_scorecard_html(card, context_for(questionnaire))
    shared = {
        note
        for gap in card.gaps
        for note in gap.item.state_law_notes
        if sum(note in g.item.state_law_notes for g in card.gaps) > 1
    }
    assert shared, "the sample should have a state-law note that several gaps share"
    for note in shared:
        levers = {g.item.lever_id for g in card.gaps if note in g.item.state_law_notes}
        assert html.count(str(escape(note))) == len(levers), note


def test_advice_that_names_the_state_law_gets_no_second_note(rendered):
    card, data = rendered
    text = flat(pdf_text(data))
    floor_gaps = [gap for gap in card.gaps if gap.advice_for != "action" and gap.item.state_law_notes]
    assert floor_gaps, "the sample should have state-law advice"
    for note in {note for gap in floor_gaps for note in gap.item.state_law_notes}:
        if not any(note in g.item.state_law_notes for g in card.gaps if g.advice_for == "action"):
            assert flat(note) not in text, note


def test_every_link_of_a_lever_block_is_clickable(rendered):
    card, data = rendered
    uris = link_uris(PdfReader(BytesIO(data)))
    wanted = {
        entry["url"] for block in lever_blocks(card) for entry in (*block.model_laws, *block.guides, *block.allies)
    }
    assert wanted and wanted <= uris, sorted(wanted - uris)


def test_pdf_is_tagged_titled_and_has_a_language(rendered):
    _, data = rendered
    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert str(root["/Lang"]).lower().startswith("en")
    assert reader.metadata.title == "Immigrant inclusion scorecard: King County, WA 2026"


def test_footer_has_page_numbers_and_the_questionnaire_version(rendered, app):
    _, data = rendered
    reader = PdfReader(BytesIO(data))
    pages = pdf_text(data).split("\f")[: len(reader.pages)]
    version = app.extensions["questionnaire"].version
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"Questionnaire version {version}" in page


def test_the_scorecard_links_its_methodology_and_carries_no_copy_of_it(rendered, app):
    card, data = rendered
    text = flat(pdf_text(data))
    assert "How scores are computed" in text and "http://localhost/methodology.pdf" in text
    assert f"[{next(iter(app.extensions['questionnaire'].questions())).id}]" not in text  # no question list
    assert "http://localhost/methodology.pdf" in link_uris(PdfReader(BytesIO(data)))


def test_page_one_links_the_answers_record_and_the_page_when_given(app):
    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        card = score(questionnaire, COUNTY, mixed_answers(questionnaire))
        links = PdfLinks(
            methodology="http://localhost/methodology.pdf",
            answers="http://localhost/assessments/7/answers.pdf",
            scorecard="http://localhost/assessments/7/scorecard",
        )
        data = render_scorecard_pdf(card, context_for(questionnaire), links=links)
    reader = PdfReader(BytesIO(data))
    first_page_links = link_uris(PdfReader(BytesIO(data)), pages=[0])
    assert {links.methodology, links.answers} <= first_page_links
    assert links.scorecard in link_uris(reader)
    assert "Every answer and its evidence" in flat(pdf_text(data).split("\f")[0])


def test_the_methodology_pdf_has_every_question_and_the_sources_and_is_rendered_once(app):
    from assessment.scorecards.pdf import render_methodology_pdf

    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        # Not emptied first: the same bytes may come from an earlier test's render (2-3 s each).
        data = render_methodology_pdf(questionnaire, "en")
        assert render_methodology_pdf(questionnaire, "en") is data  # kept, not rendered again
        spanish = render_methodology_pdf(app.extensions["questionnaires"]["es"], "es")
    text = flat(pdf_text(data))
    assert "How scores are computed" in text and "Levels" in text
    for question in questionnaire.questions():
        assert f"[{question.id}]" in text, question.id
    for law in questionnaire.model_laws.values():
        assert flat(law.title)[:40] in text, law.title
    reader = PdfReader(BytesIO(data))
    assert "/StructTreeRoot" in reader.trailer["/Root"] and str(reader.trailer["/Root"]["/Lang"]).startswith("en")
    pages = pdf_text(data).split("\f")[: len(reader.pages)]
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert "Cómo se calculan las puntuaciones" in flat(pdf_text(spanish))


def test_two_scorecards_differ_and_each_is_laid_out_anew(app):
    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        card = score(questionnaire, COUNTY, mixed_answers(questionnaire))
        worse = score(questionnaire, COUNTY, {q.id: worst_answer(q) for q in questionnaire.questions()})
        one = render_scorecard_pdf(card, context_for(questionnaire))
        other = render_scorecard_pdf(worse, context_for(questionnaire))
    assert flat(pdf_text(one)) != flat(pdf_text(other))


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every URL the PDF renderer asks StaticOnlyFetcher for, allowed or not."""
    asked = []
    real_fetch = StaticOnlyFetcher.fetch

    def spying_fetch(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spying_fetch)
    return asked


def test_stylesheets_are_read_once_and_still_style_every_render(app, fetched):
    # pdf.css is parsed once per process and handed to WeasyPrint; the
    # templates no longer link it, yet its page size and footers still apply.
    asked = fetched
    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        card = score(questionnaire, COUNTY, mixed_answers(questionnaire))
        render_scorecard_pdf(card, context_for(questionnaire))
        asked.clear()
        data = render_scorecard_pdf(card, context_for(questionnaire))
    assert not [url for url in asked if url.endswith(".css")]
    page = PdfReader(BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)  # Letter
    assert "Page 1 of" in pdf_text(data).split("\f")[0]


def test_page_one_has_the_figures_the_core_items_and_the_first_five_actions(rendered):
    card, data = rendered
    first = flat(pdf_text(data).split("\f")[0])
    for tier in (card.scores.protection, card.scores.next_level, card.scores.overall):
        assert f"{tier.display:g} out of 100" in first
    protection = card.scores.protection
    assert f"{protection.answered} answered, {protection.to_find_out} still to find out" in first
    met = len([i for i in card.items if i.core]) - len(card.core.failing)
    assert f"Core protections: {met} of {len([i for i in card.items if i.core])} in place" in first
    assert "Missing:" in first and "In place:" in first
    assert "What to do first" in first
    actions = first_actions(card)
    assert len(actions) == 5
    for gap in actions:
        assert flat(gap.recommendation)[:50] in first, gap.question_id
        assert flat(gap.item.controlled_by[0].label) in first
    # Five actions, each saying who decides, before the lever-by-lever part
    # (which may begin at the foot of page 1).
    first_part = first.split("What to do first", 1)[1].split("What to do, lever by lever", 1)[0]
    assert first_part.count("Who decides:") == 5


# ---------------------------------------------------------------- no fetching


class CountingServer:
    """A listener on 127.0.0.1 that counts every request made to it."""

    def __init__(self):
        counter = self
        self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 -- the http.server API
                counter.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { background: red }")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    with CountingServer() as server:
        # Prove the listener does count, so "zero requests" below means something.
        with urllib.request.urlopen(server.url + "probe", timeout=5) as probe:
            probe.read()
        assert server.requests == ["/probe"]
        server.requests.clear()
        yield server


def test_user_text_with_urls_and_markup_makes_the_renderer_fetch_nothing(app, listener):
    hostile = (
        f'<img src="file:///etc/passwd"><img src="{listener.url}img.png">'
        f'<link rel="stylesheet" href="{listener.url}style.css"> file:///etc/passwd {listener.url}'
    )
    with app.app_context():
        questionnaire = app.extensions["questionnaire"]
        answers, evidence = mixed_answers(questionnaire), {}
        county_questions = [q for q in questionnaire.questions() if "county" in q.applies_to]
        # A not-applicable answer names a listed condition, so it carries no typed text any more;
        # the place's name (users add places) does.
        for question in county_questions[3:8]:
            evidence[question.id] = {
                "url": f"{listener.url}evidence/{question.id}",
                "citation": hostile[:300],
                "note": hostile,
            }
        card = score(questionnaire, dataclasses.replace(COUNTY, name=hostile[:200]), answers, evidence)
        context = context_for(questionnaire)
        html = render_scorecard_html(card, context)
        data = render_scorecard_pdf(card, context)
    # User text reaches the HTML only as escaped text, never as markup.
    assert '<img src="file:' not in html and "&lt;img src=" in html
    text = pdf_text(data)
    assert PASSWD_MARKER not in text
    assert "file:///etc/passwd" in flat(text)  # shown as the text the user typed
    assert listener.requests == []


def test_even_raw_markup_pointing_elsewhere_is_not_fetched(listener, fetched):
    asked = fetched
    html = f"""<!doctype html><html lang="en"><head><title>t</title>
      <link rel="stylesheet" href="{listener.url}linked.css">
      <link rel="stylesheet" href="css/../../../../../etc/passwd">
      <style>@import url("{listener.url}imported.css"); body {{ background: url("{listener.url}bg.png") }}</style>
      </head><body><p>hello</p>
      <img src="file:///etc/passwd" alt="">
      <img src="{listener.url}img.png" alt="">
      <img src="ftp://127.0.0.1/x.png" alt="">
      <object data="file:///etc/passwd"></object><embed src="{listener.url}embed.svg">
      <iframe src="file:///etc/passwd"></iframe>
      </body></html>"""
    data = html_to_pdf(html)
    assert data.startswith(b"%PDF")
    assert PASSWD_MARKER not in pdf_text(data)
    assert listener.requests == []
    # WeasyPrint did ask for them: it is the fetcher that said no.
    assert "file:///etc/passwd" in asked and f"{listener.url}img.png" in asked
    assert f"{listener.url}linked.css" in asked


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.org/style.css",
        "ftp://example.org/x",
        "gopher://127.0.0.1/",
        "https://static.scorecard.invalid.example.org/css/pdf.css",
        "https://user@static.scorecard.invalid/css/pdf.css",
        STATIC_BASE_URL + "../../../../etc/passwd",
        STATIC_BASE_URL + "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        STATIC_BASE_URL + "css/..%2f..%2f..%2f..%2fetc/passwd",
        STATIC_BASE_URL + "css/",
        STATIC_BASE_URL + "no-such-file.css",
        "css/pdf.css",
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(url, listener):
    with pytest.raises(RefusedFetch):
        StaticOnlyFetcher()(url.replace("http://127.0.0.1:9/", listener.url))
    assert listener.requests == []


def test_fetcher_refuses_a_symlink_out_of_static(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "ok.css").write_text("p { color: black }")
    (static / "escape.css").symlink_to("/etc/passwd")
    fetcher = StaticOnlyFetcher(static)
    assert fetcher(STATIC_BASE_URL + "ok.css").read() == b"p { color: black }"
    with pytest.raises(RefusedFetch):
        fetcher(STATIC_BASE_URL + "escape.css")


def test_fetcher_serves_our_stylesheet_and_data_urls():
    fetcher = StaticOnlyFetcher()
    response = fetcher(STATIC_BASE_URL + "css/pdf.css")
    assert response.read() == (STATIC_ROOT / "css" / "pdf.css").read_bytes()
    assert response.content_type == "text/css"
    assert fetcher("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    plain = fetcher("data:,a%20b")
    assert plain.read() == b"a b" and plain.content_type == "text/plain"


def test_page_and_font_streams_are_deflated(rendered):
    _, data = rendered
    page = PdfReader(BytesIO(data)).pages[0]
    assert page["/Contents"].get_object()["/Filter"] == "/FlateDecode"
    font = next(iter(page["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert descriptor["/FontFile2"].get_object()["/Filter"] == "/FlateDecode"
    assert len(data) < 400_000  # uncompressed, a scorecard is over a megabyte
