"""Answers and evidence with HTML, script, javascript: links or very long
text come out escaped, or are refused with a message: on the lever page, the
review, the history, the conflict page, the scorecard, the PDF, the JSON and
the CSV exports. Text that cannot be stored at all (NUL) is refused too."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from assessment.extensions import db
from assessment.models import Answer
from tests.conftest import Browser
from tests.web.public_helpers import approve_claim
from tests.web.survey_helpers import applicable, best_form_value, lever_form, save, saved_answers, start

from .route_walk import publish_assessment

SCRIPT = '<script>alert("owned")</script>'
IMG = '"><img src=x onerror=alert(1)>'
NOTE = f"Council minutes {SCRIPT}{IMG} & more"
CITATION = f"</td><td>{SCRIPT}"
REASON = f"<b>No jail</b>{IMG}"
RAW_MARKUP = ("<script>alert(", "<img src=x", "<b>No jail</b>")
ESCAPED = "&lt;script&gt;alert("
BAD_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "http://user:pw@evil.example/",
    "//evil.example/x",
    "http://exa mple.gov/",
]


def assert_escaped(html: str, where: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{where}: unescaped {raw!r}"
    assert 'href="javascript:' not in html.lower() and "href='javascript:" not in html.lower(), where


def payload_page(questions) -> list[tuple[str, str]]:
    first, second = questions[0], questions[1]
    data = [pair for pair in lever_form(questions) if pair[0] != second.id]
    return data + [
        (f"{first.id}__note", NOTE),
        (f"{first.id}__citation", CITATION),
        (f"{first.id}__url", "https://king.example.gov/minutes?a=1&b=<2>"),
        # "Does not apply" takes a listed condition; typed text goes in the note.
        (second.id, "not_applicable"),
        (f"{second.id}__reason", second.not_applicable_when[0].id),
        (f"{second.id}__note", REASON),
    ]


@pytest.fixture
def filled(app, signed_in, places):
    editor = signed_in("editor@king.example.gov")
    assessment_id = start(editor, places["county"])
    lever, questions = applicable(app, "county")[0]
    assert save(editor, assessment_id, lever.id, payload_page(questions)).status_code == 302
    return editor, assessment_id, lever, questions


def test_lever_review_and_history_pages_escape_what_was_typed(filled):
    editor, assessment_id, lever, _ = filled
    for path in [f"/levers/{lever.id}", "/review", "/history"]:
        html = editor.get(f"/assessments/{assessment_id}{path}").get_data(as_text=True)
        assert_escaped(html, path)
        if path != "/history":  # the history records answers; the typed note is on the other two
            assert "&lt;b&gt;No jail&lt;/b&gt;" in html, path
    lever_page = editor.get(f"/assessments/{assessment_id}/levers/{lever.id}").get_data(as_text=True)
    assert ESCAPED in lever_page and "&amp;b=&lt;2&gt;" in lever_page


def test_the_conflict_page_escapes_both_versions(app, filled, make_user):
    editor, assessment_id, lever, questions = filled
    url = f"/assessments/{assessment_id}/levers/{lever.id}"
    stale = editor.get(url).get_data(as_text=True)
    stale_revision = stale.split('name="revision" value="')[1].split('"')[0]
    first = questions[0]
    # Someone else saves other markup first ...
    changed = [(k, v) for k, v in payload_page(questions) if k != f"{first.id}__note"]
    assert save(editor, assessment_id, lever.id, changed + [(f"{first.id}__note", f"theirs {IMG}")]).status_code == 302
    # ... then the stale page is sent with different markup.
    mine = [(k, v) for k, v in payload_page(questions) if k != f"{first.id}__note"]
    response = editor.client.post(
        url,
        data=MultiDict(
            [
                ("csrf_token", editor.token(url)),
                ("revision", stale_revision),
                *mine,
                (f"{first.id}__note", f"mine {SCRIPT}"),
            ]
        ),
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert_escaped(html, "conflict page")
    assert ESCAPED in html and "theirs &#34;&gt;&lt;img" in html


def test_the_scorecard_page_and_json_keep_markup_as_text(app, filled):
    editor, assessment_id, _, _ = filled
    for path in ["/scorecard", "/scorecard/what-if"]:
        assert_escaped(editor.get(f"/assessments/{assessment_id}{path}").get_data(as_text=True), path)
    response = editor.get(f"/api/v1/assessments/{assessment_id}/scorecard")
    assert response.mimetype == "application/json" and response.headers["X-Content-Type-Options"] == "nosniff"
    # JSON carries the text exactly as typed (data, never markup), served as
    # JSON that browsers will not sniff into HTML.
    items = response.get_json()["strengths"] + response.get_json()["gaps"]
    notes = [(item.get("evidence") or {}).get("note") for item in items]
    assert NOTE in notes, notes


@pytest.mark.parametrize("document", ["scorecard.pdf", "answers.pdf"])
def test_the_pdfs_show_markup_as_literal_text_and_link_nothing_else(filled, document):
    editor, assessment_id, _, _ = filled
    response = editor.get(f"/assessments/{assessment_id}/{document}")
    assert response.status_code == 200
    if document == "answers.pdf":  # the record of answers carries the notes; the short scorecard does not
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.get_data(), capture_output=True, timeout=60
        ).stdout.decode()
        flat = " ".join(text.split())
        assert "<script>alert(" in flat, "the typed note should be shown literally"
    reader = PdfReader(io.BytesIO(response.get_data()))
    links = [
        annotation.get_object().get("/A", {}).get("/URI", "")
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
    ]
    assert links, "the PDF should link its model laws, guides or the methodology"
    assert all(str(link).startswith(("https://", "http://")) for link in links), links


@pytest.mark.parametrize("link", BAD_LINKS)
def test_dangerous_evidence_links_are_refused_with_a_message(app, filled, link):
    editor, assessment_id, lever, questions = filled
    before = saved_answers(app, assessment_id)
    response = save(editor, assessment_id, lever.id, lever_form(questions) + [(f"{questions[0].id}__url", link)])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "starts with http:// or https://" in html
    assert_escaped(html, f"refused {link!r}")
    assert saved_answers(app, assessment_id) == before


def test_a_stored_javascript_link_is_never_made_live(app, filled):
    """Data that skipped the form (an old row, an import) is still not linked."""
    editor, assessment_id, lever, questions = filled
    with app.app_context():
        answer = db.session.scalars(
            db.select(Answer).where(Answer.assessment_id == assessment_id, Answer.question_id == questions[0].id)
        ).one()
        answer.evidence_url = "javascript:alert(document.cookie)"
        db.session.commit()
    for path in [f"/levers/{lever.id}", "/review", "/scorecard"]:
        assert_escaped(editor.get(f"/assessments/{assessment_id}{path}").get_data(as_text=True), path)
    card = editor.get(f"/api/v1/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    assert "javascript:alert" not in card


def test_very_long_text_is_refused_with_a_message_or_kept_whole(app, filled):
    editor, assessment_id, lever, questions = filled
    first = questions[0]
    before = saved_answers(app, assessment_id)
    too_long = save(editor, assessment_id, lever.id, lever_form(questions) + [(f"{first.id}__note", "x" * 4001)])
    assert too_long.status_code == 422 and "at most 4000 characters" in too_long.get_data(as_text=True)
    assert saved_answers(app, assessment_id) == before
    longest = (SCRIPT * 200)[:4000]
    assert (
        save(editor, assessment_id, lever.id, lever_form(questions) + [(f"{first.id}__note", longest)]).status_code
        == 302
    )
    with app.app_context():
        assert (
            db.session.scalars(
                db.select(Answer.evidence_note).where(
                    Answer.assessment_id == assessment_id, Answer.question_id == first.id
                )
            ).one()
            == longest
        )
    for path in [f"/levers/{lever.id}", "/review", "/scorecard"]:
        assert_escaped(editor.get(f"/assessments/{assessment_id}{path}").get_data(as_text=True), path)


def test_a_nul_character_is_refused_and_the_typed_page_comes_back(app, filled):
    editor, assessment_id, lever, questions = filled
    before = saved_answers(app, assessment_id)
    first = questions[0]
    response = save(
        editor, assessment_id, lever.id, lever_form(questions) + [(f"{first.id}__note", "pasted\x00 from a PDF")]
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "invisible control character" in html and "pasted from a PDF" in html
    assert saved_answers(app, assessment_id) == before
    login = Browser(app.test_client()).post("/login", {"email": "a\x00@example.gov", "password": "x"})
    assert login.status_code == 400 and "invisible control character" in login.get_data(as_text=True)


def _csv_cells(response) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for cell in row]


def test_csv_exports_neutralise_formulas(app, make_user, places):
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")}
    assert routes == {"open_data.scorecards_csv", "compare.csv_download"}, f"a CSV export to check here: {routes}"
    make_user("editor@example.org")
    # A verified member of the (formula-like) organisation: only verified publications are exported.
    approve_claim(app, "editor@example.org", organisation="+cmd|' /C calc'!A0")
    editor = Browser(app.test_client())
    editor.login("editor@example.org")
    added = editor.post(
        "/jurisdictions/new", {"name": '=HYPERLINK("http://evil.example","x")', "state": "WA", "kind": "town"}
    )
    assert added.status_code == 302
    town = int(added.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    with app.app_context():  # a moderator approves the place: only listed places are in open data
        from assessment.extensions import db
        from assessment.models import Jurisdiction

        db.session.get(Jurisdiction, town).status = "listed"
        db.session.commit()
    assessment_id = start(editor, town, kind="independent", organisation="+cmd|' /C calc'!A0")
    for lever, questions in applicable(app, "town"):
        assert save(editor, assessment_id, lever.id, lever_form(questions, choose=best_form_value)).status_code == 302
    submitted = editor.post(f"/assessments/{assessment_id}/submit", {}, page=f"/assessments/{assessment_id}/review")
    assert submitted.status_code == 302
    publish_assessment(app, editor, assessment_id)
    urls = ["/data/scorecards.csv", f"/compare.csv?j={town}&j={places['county']}"]
    for url in urls:
        response = editor.get(url)
        assert response.status_code == 200, url
        cells = _csv_cells(response)
        assert any("HYPERLINK" in cell for cell in cells), f"{url}: the jurisdiction should be listed"
        dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert not dangerous, f"{url}: formula cells {dangerous[:3]}"
