"""The scorecard page, the what-if, the methodology page and the PDF download."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

import pytest

from assessment.extensions import db
from assessment.models import Assessment, ScorecardPdf
from assessment.scorecards import service as scorecard_service
from tests.conftest import Browser
from tests.web.scorecard_helpers import best, fill, mixed_chooser, publish, revision, worst
from tests.web.survey_helpers import applicable, questionnaire_of, save, saved_answers, start

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def stranger(app, make_user):
    make_user("stranger@example.org")
    browser = Browser(app.test_client())
    browser.login("stranger@example.org")
    return browser


@pytest.fixture
def mixed_county(app, official, places):
    """A county draft with a mix of best and worst answers, one don't-know and
    one not-applicable (a listed condition); the don't-know carries a note of hostile markup."""
    assessment_id = start(official, places["county"])
    choose, special = mixed_chooser(app, "county")
    first = applicable(app, "county")[0][1][0].id  # answered at its best, so shown with its evidence
    fill(official, app, assessment_id, "county", choose, evidence={first: {"note": HOSTILE}})
    return assessment_id, special


def text_of(html: str) -> str:
    main = html[html.find("<main") : html.find("</main>")]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def scorecard_of(app, assessment_id):
    with app.test_request_context():
        return scorecard_service.scorecard_for(db.session.get(Assessment, assessment_id))


# ---------------------------------------------------------------- access


def test_drafts_are_only_for_editors_and_published_ones_for_everyone(app, official, stranger, client, mixed_county):
    assessment_id, _ = mixed_county
    urls = [
        f"/assessments/{assessment_id}/scorecard",
        f"/assessments/{assessment_id}/scorecard/what-if",
        f"/assessments/{assessment_id}/scorecard.pdf",
        "/assessments/999999/scorecard",
    ]
    for url in urls:
        assert stranger.get(url).status_code == 404, url
        assert client.get(url).status_code == 404, url
    assert official.get(urls[0]).status_code == 200
    publish(app, assessment_id)
    anonymous = app.test_client()
    page = anonymous.get(urls[0])
    assert page.status_code == 200
    assert "Draft." not in page.get_data(as_text=True)
    assert "Self-assessment, published " in text_of(page.get_data(as_text=True))
    assert anonymous.get(urls[1]).status_code == 200


# ---------------------------------------------------------------- the page


def test_headline_names_the_place_year_kind_version_and_scores(app, official, mixed_county):
    assessment_id, _ = mixed_county
    card = scorecard_of(app, assessment_id)
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    text = text_of(page)
    assert "King County, WA: 2026 scorecard" in text
    assert "Self-assessment" in text
    assert f"Method and questionnaire version {questionnaire_of(app).version}" in text
    assert "answered," in text and "still to find out" in text
    assert "Local score:" in text or card.scores.protection.local_display == card.scores.protection.display
    assert "Score: the protection in effect for residents" in text
    assert "Draft." in text and 'class="draft-banner"' in page
    for score in (card.scores.protection, card.scores.next_level, card.scores.overall):
        assert f"{score.display:g} out of 100" in text
        assert score.level.label in text


def test_an_independent_assessment_names_its_organisation(app, official, places):
    assessment_id = start(
        official, places["city"], kind="independent", organisation="Seattle Immigrant Rights Coalition"
    )
    text = text_of(official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True))
    assert "Independent assessment by Seattle Immigrant Rights Coalition" in text


def test_chart_is_an_accessible_svg_with_the_same_figures_in_a_table(app, official, mixed_county):
    assessment_id, _ = mixed_county
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", page, flags=re.S).group(0)
    assert 'role="img"' in svg and "<title " in svg and "<desc " in svg
    assert "<pattern" in svg  # next-level bars are hatched, not only coloured
    assert not re.search(r"\sstyle=", page), "CSP forbids inline style attributes"
    assert "<script>" not in page.replace("<script src=", "")
    table = re.search(r'<table class="table lever-table">.*?</table>', page, flags=re.S).group(0)
    card = scorecard_of(app, assessment_id)
    svg_text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", svg)))  # titles wrap over <tspan>s
    for lever in card.levers:
        assert lever.title in unescape(table)
        assert lever.title in svg_text
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>\s*<td>(.*?)</td>", table, flags=re.S)
    figures = {unescape(title): cell for title, cell in rows}
    for lever in card.levers:
        if lever.protection.score is not None:
            assert f"{lever.protection.display:g} out of 100" in figures[lever.title]


def test_user_text_is_escaped(app, official, mixed_county):
    assessment_id, _ = mixed_county
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(" in page


def section_of(page: str, title_id: str) -> str:
    """The HTML from the heading with this id to the next h2."""
    start = page.index(f'id="{title_id}"')
    end = page.find("<h2", start)
    return page[start : end if end != -1 else len(page)]


def words_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", "<" + fragment)))


def test_the_page_leads_with_contents_first_actions_state_law_and_what_is_still_to_find(app, official, mixed_county):
    assessment_id, _ = mixed_county
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    # What a council reads first comes first; the long lists come after.
    order = [
        "contents-title",
        "first-actions-title",
        "state-law-title",
        "verify-title",
        "gaps-title",
        "levers-title",
        "what-if-title",
        "backing-title",
        "strengths-title",
        "federal-title",
        "excluded-title",
    ]
    positions = [page.index(f'id="{title}"') for title in order]
    assert positions == sorted(positions), "sections out of order"
    contents = section_of(page, "contents-title")
    for title in order[1:]:
        assert f'href="#{title}"' in contents, title
    assert 'id="versions-title"' not in page and 'href="#versions-title"' not in contents  # a draft has none
    assert "Still to find out: 1" in words_of(section_of(page, "verify-title"))


def test_gaps_are_folded_under_who_decides_the_first_actions_first(app, official, mixed_county):
    from assessment.scorecards.first_actions import first_actions, gaps_by_decider

    assessment_id, _ = mixed_county
    card = scorecard_of(app, assessment_id)
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    shown = re.findall(r'<li class="gap" id="gap-([^"]+)"', page)
    assert sorted(shown) == sorted(gap.question_id for gap in card.gaps), "every gap, once"
    first, others = first_actions(card), card.gaps[len(first_actions(card)) :]
    assert len(first) == 5 and others
    for title, gaps in (("first-actions-title", first), ("gaps-title", others)):
        section = section_of(page, title)
        groups = gaps_by_decider(gaps)
        # One heading per decider, in the order of its most urgent gap, its gaps under it in gap order.
        headings = re.findall(r'<h3 class="decider">(.*?)</h3>', section)
        assert [unescape(h) for h in headings] == [f"For the {g.decider.label.lower()}" for g in groups]
        assert re.findall(r'<li class="gap" id="gap-([^"]+)"', section) == [
            gap.question_id for group in groups for gap in group.gaps
        ]
    assert "For the sheriff or jail" in text_of(page)
    # Each gap folds to its one-line action: one details, one summary, open on demand.
    folds = re.findall(r'<li class="gap" id="gap-[^"]+">(.*?)</li>\s*(?=<li class="gap"|</ul>)', page, flags=re.S)
    assert len(folds) == len(card.gaps)
    for item in folds:
        assert item.count("<details") == 1 and item.count("<summary>") == 1 and " open" not in item.split(">")[0]
    first_gap = first[0]
    fold = page[page.index(f'id="gap-{first_gap.question_id}"') :]
    fold = fold[: fold.index("</details>")]
    summary = fold[fold.index("<summary>") : fold.index("</summary>")]
    assert unescape(first_gap.recommendation) in unescape(summary)
    assert first_gap.item.prompt not in unescape(summary), "the summary is the action, not the question"
    assert "Who controls it" in fold and unescape(first_gap.item.prompt) in unescape(fold)
    for law in first_gap.model_laws:
        if law["url"]:
            assert f'href="{law["url"]}"'.replace("&", "&amp;") in fold
        if law["unconfirmed"]:
            assert "Unconfirmed" in fold
    for ally in first_gap.allies:
        assert f'href="{ally["url"]}"' in fold
    assert "to gain" not in page, "a question's raw points are not on the page"


def test_a_city_scorecard_has_its_county_jail_panel_near_the_top(app, official, places):
    from tests.web.public_helpers import make_assessment

    with app.app_context():
        from assessment.models import Jurisdiction

        db.session.get(Jurisdiction, places["city"]).county_fips = "53033"
        db.session.commit()
    make_assessment(app, places["county"], email="county@example.gov")
    city = start(official, places["city"])
    fill(official, app, city, "city", worst)
    page = official.get(f"/assessments/{city}/scorecard").get_data(as_text=True)
    assert 'href="#county-jail-title"' in section_of(page, "contents-title")
    assert page.index('id="verify-title"') < page.index('id="county-jail-title"') < page.index('id="gaps-title"')
    assert "King County" in words_of(section_of(page, "county-jail-title"))


def test_gate_message_comes_before_the_gaps_when_protections_are_weak(app, official, places):
    assessment_id = start(official, places["county"])
    fill(official, app, assessment_id, "county", worst)
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    card = scorecard_of(app, assessment_id)
    assert not card.gate_open
    assert page.find('class="gate-warning"') < page.find('id="first-actions-title"')
    assert unescape(card.gate_message) in text_of(page)


def test_strengths_to_verify_and_excluded_are_listed(app, official, mixed_county):
    assessment_id, special = mixed_county
    card = scorecard_of(app, assessment_id)
    text = text_of(official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True))
    assert f"Strengths: {len(card.strengths)} fully met" in text
    questionnaire = questionnaire_of(app)
    assert "To verify: 1" in text and questionnaire.question(special["dont_know"]).prompt in text
    assert f"Left out of the score: {len(card.excluded)}" in text
    condition = questionnaire.question(special["not_applicable"]).not_applicable_when[0]
    assert f"Does not apply here: {condition.label}" in text
    city_only = [e for e in card.excluded if e.reason.startswith("Applies to cities")]
    assert city_only, "a county scorecard leaves out city-only questions, with the reason"


# ---------------------------------------------------------------- what-if


def test_what_if_projects_scores_without_touching_saved_answers(app, official, mixed_county):
    assessment_id, _ = mixed_county
    card = scorecard_of(app, assessment_id)
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    form = page[page.find('<form method="get"') :]
    assert f'action="/assessments/{assessment_id}/scorecard/what-if"' in form[:200]
    assert form.count('name="close"') == len(card.gaps)
    before_answers, before_revision = saved_answers(app, assessment_id), revision(app, assessment_id)
    protection_gaps = [g.question_id for g in card.gaps if g.tier == "protection"][:2]
    query = urlencode([("close", qid) for qid in protection_gaps] + [("close", "no_such_question")])
    response = official.get(f"/assessments/{assessment_id}/scorecard/what-if?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = text_of(html)
    with app.test_request_context():
        assessment = db.session.get(Assessment, assessment_id)
        projected = scorecard_service.what_if(assessment, protection_gaps).after
    assert projected.scores.protection.score > card.scores.protection.score
    row = re.search(r"<th scope=\"row\">Current protections</th>(.*?)</tr>", html, flags=re.S).group(1)
    assert f"{card.scores.protection.display:g} out of 100" in row
    assert f"{projected.scores.protection.display:g} out of 100" in row
    assert f"{projected.scores.overall.display:g} out of 100" in text
    assert "with 2 gaps closed" in text
    for qid in protection_gaps:
        assert f'value="{qid}" checked' in html
    assert saved_answers(app, assessment_id) == before_answers
    assert revision(app, assessment_id) == before_revision
    # The saved scorecard is unchanged too.
    again = scorecard_of(app, assessment_id)
    assert again.scores == card.scores


def test_what_if_speaks_in_the_tier_figure_never_in_raw_points(app, official, mixed_county):
    assessment_id, _ = mixed_county
    card = scorecard_of(app, assessment_id)
    gap = next(g for g in card.gaps if g.tier == "next_level" and g.points_available >= 50)
    with app.test_request_context():
        alone = scorecard_service.what_if(db.session.get(Assessment, assessment_id), [gap.question_id]).after
    before, after = card.scores.next_level.display, alone.scores.next_level.display
    assert after > before
    expected = f"Next-level reforms: {before:g} → {after:g}"
    # The scorecard's form and its folded gap, and the what-if page's form and list of ticked reforms.
    page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
    label = page[page.index(f'<label for="close-{gap.question_id}">') :]
    assert expected in unescape(label[: label.index("</label>")])
    fold = page[page.index(f'id="gap-{gap.question_id}"') :]
    assert expected in unescape(fold[: fold.index("</details>")])
    result = official.get(f"/assessments/{assessment_id}/scorecard/what-if?close={gap.question_id}").get_data(
        as_text=True
    )
    ticked = words_of(section_of(result, "projection-title"))
    assert f"alone: {expected}" in ticked
    for html in (page, result):
        assert not re.search(r"\+\d+(\.\d+)? points", unescape(html)), "no raw question points"
        assert not re.search(r"more [a-z-]* ?points would", unescape(html))


def test_the_effects_of_the_gaps_follow_the_answers(app, official, places):
    """They are kept between views, by the answers they come from: a changed answer changes them."""
    assessment_id = start(official, places["county"])
    fill(official, app, assessment_id, "county", worst)

    def effects():
        with app.test_request_context():
            assessment = db.session.get(Assessment, assessment_id)
            return scorecard_service.effects_of_gaps(assessment, scorecard_service.scorecard_for(assessment))

    first = effects()
    assert effects() is first  # kept
    lever, questions = applicable(app, "county")[0]
    save(official, assessment_id, lever.id, [(q.id, best(q)) for q in questions])
    second = effects()
    assert second != first and not set(q.id for q in questions) & set(second)
    card = scorecard_of(app, assessment_id)
    assert all(second[g.question_id].before == getattr(card.scores, g.tier).display for g in card.gaps)


def test_no_word_is_split_letter_by_letter_on_narrow_screens():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "static" / "css" / "app.css").read_text()
    body = re.search(r"(?m)^body\s*\{([^}]*)\}", css).group(1)
    assert "overflow-wrap" not in body
    assert "anywhere" not in re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert re.search(r"a, code[^{]*\{\s*overflow-wrap: break-word;", css)
    narrow = css[css.index("@media (max-width: 40rem)") :]
    assert re.search(r"\.table caption \{ display: block;", narrow), "a stacked table's caption is a block"


# ---------------------------------------------------------------- methodology


def test_the_methodology_pdf_is_public_in_the_page_language_and_rendered_once(app, client, monkeypatch):
    from io import BytesIO

    from pypdf import PdfReader

    from assessment.scorecards import pdf

    renders = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda *a, **k: renders.append(1) or real(*a, **k))
    # Kept per process and language: rendered here at most once each (not at all when an
    # earlier test in this process asked first, which saves 2-3 s a render), never for a second reader.
    first = client.get("/methodology.pdf")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    version = questionnaire_of(app).version
    assert f"methodology-{version}-en.pdf" in first.headers["Content-Disposition"]
    assert client.get("/methodology.pdf").data == first.data and len(renders) <= 1
    reader = PdfReader(BytesIO(first.data))
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("en") and len(reader.pages) > 5
    spanish = client.get("/methodology.pdf", headers={"Accept-Language": "es"})
    assert spanish.status_code == 200 and f"methodology-{version}-es.pdf" in spanish.headers["Content-Disposition"]
    assert str(PdfReader(BytesIO(spanish.data)).trailer["/Root"]["/Lang"]).startswith("es")
    assert client.get("/methodology.pdf", headers={"Accept-Language": "es"}).data == spanish.data
    assert len(renders) <= 2 and spanish.data != first.data


def test_methodology_lists_every_question_the_formula_levels_and_sources(app, client):
    questionnaire = questionnaire_of(app)
    page = client.get("/methodology")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = text_of(html)
    for question in questionnaire.questions():
        assert f"<code>{question.id}</code>" in html
        for option in question.options:
            assert f"<code>{option.id}</code>" in html
    weights = questionnaire.overall_weights
    assert (
        f"Overall = {weights['protection']:g} × current protections + {weights['next_level']:g} × next-level reforms"
    ) in text
    for level in questionnaire.levels:
        assert level.label in text and f"{level.min_score:g}" in text
    for item in questionnaire.core_items:
        assert item.summary in text
    for lever in questionnaire.levers:  # the tables show the shares in a county
        if any("county" in q.applies_to for q in lever.questions):
            assert questionnaire.lever_weights[lever.id].reason in text, lever.id
    for step in questionnaire.rubric:
        assert step.label in text
    assert "Worked examples: six cases" in text and "68.8 (Established)" in text
    for source in questionnaire.methodology_sources:
        assert unescape(source) in text
    for ally in questionnaire.allies.values():
        assert f'href="{ally.url}"' in html
    assert "Requires the harm:" in text and "Don't know yet" in text


# ---------------------------------------------------------------- PDF


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    real = scorecard_service.render_scorecard_pdf

    def counting(scorecard, context, **extras):
        calls.append(scorecard)
        return real(scorecard, context, **extras)

    monkeypatch.setattr(scorecard_service, "render_scorecard_pdf", counting)
    return calls


def test_pdf_is_rendered_once_per_revision_and_shared_through_the_database(app, official, places, count_renders):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    save(official, assessment_id, lever.id, [(q.id, best(q)) for q in questions])
    url = f"/assessments/{assessment_id}/scorecard.pdf"

    first = official.get(url)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data.startswith(b"%PDF")
    assert first.headers["Content-Disposition"] == "attachment; filename=scorecard-king-county-wa-2026.pdf"
    assert "no-store" in first.headers["Cache-Control"]
    second = official.get(url)
    assert second.data == first.data
    assert len(count_renders) == 1

    with app.app_context():
        rows = db.session.scalars(db.select(ScorecardPdf)).all()
        assert [(r.assessment_id, r.revision, r.language) for r in rows] == [
            (assessment_id, revision(app, assessment_id), "en")
        ]

    # Another answer: a new revision, a new PDF, and the old one is dropped.
    save(official, assessment_id, lever.id, [(q.id, worst(q)) for q in questions])
    third = official.get(url)
    assert third.status_code == 200 and third.data != first.data
    assert len(count_renders) == 2
    with app.app_context():
        rows = db.session.scalars(db.select(ScorecardPdf)).all()
        assert [r.revision for r in rows] == [revision(app, assessment_id)]


def test_survey_pages_link_to_the_scorecard(app, official, places):
    assessment_id = start(official, places["city"])
    link = f'href="/assessments/{assessment_id}/scorecard"'
    assert link in official.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert link in official.get(f"/assessments/{assessment_id}/review").get_data(as_text=True)


def test_the_scorecard_lists_the_state_laws_of_the_year_with_their_status(app, official, places):
    texas = start(official, places["texas_county"], year=2026)
    page = text_of(official.get(f"/assessments/{texas}/scorecard").get_data(as_text=True))
    assert "State law in TX, 2026" in page
    assert "Texas SB 8 (Gov't Code ch. 753, 287(g) mandate for sheriffs) (2025) : in force." in page
    assert "Texas SB 4 (2023, state illegal-entry crimes) : blocked, not applied: A federal court" in page
    earlier = start(official, places["texas_county"], year=2025)
    page = text_of(official.get(f"/assessments/{earlier}/scorecard").get_data(as_text=True))
    assert "287(g) mandate for sheriffs) (2025) : not in force in this year, not applied." in page


def test_where_state_law_sets_the_rule_the_top_says_so_law_by_law(app, official, places):
    texas = start(official, places["texas_county"], year=2026)
    fill(official, app, texas, "county", worst)
    card = scorecard_of(app, texas)
    page = official.get(f"/assessments/{texas}/scorecard").get_data(as_text=True)
    section = section_of(page, "state-law-title")
    assert page.index('id="state-law-title"') < page.index('id="gaps-title"')
    settled = [item for item in card.items if item.state_effect in ("mandates", "preempts")]
    sb4 = next(law for item in settled for law in item.state_laws if "SB 4" in law)
    under_sb4 = [item for item in settled if sb4 in item.state_laws]
    assert len(under_sb4) > 5
    words = words_of(section)
    assert f"{sb4} : sets the rule on {len(under_sb4)} questions" in words
    fold = section[section.index(sb4) :]
    fold = fold[fold.index("<details") : fold.index("</details>")]
    assert fold.count("<li>") == len(under_sb4)
    for item in under_sb4:
        assert unescape(item.prompt) in unescape(fold)
    king = start(official, places["county"])
    assert "sets the rule on" not in official.get(f"/assessments/{king}/scorecard").get_data(as_text=True)


def test_the_federal_context_shows_what_touches_the_jurisdiction(app, official, places):
    def federal_section(place_id):
        assessment_id = start(official, places[place_id])
        page = official.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True)
        return page.split('id="federal-title"')[1].split("</section>")[0]

    king = federal_section("county")  # King County, WA: Washington is on the DOJ list
    assert "Department of Justice list of sanctuary jurisdictions" in king and "Laken Riley Act" in king
    assert "not legal advice" in king and 'href="https://www.nbc26.com/' in king
    harris = federal_section("texas_county")
    assert "Department of Justice list of sanctuary jurisdictions" not in harris and "Laken Riley Act" in harris


def test_a_published_scorecard_from_an_earlier_method_shows_the_figures_it_was_published_with(app, client, places):
    from assessment.extensions import db
    from assessment.models import AssessmentScore
    from tests.web.public_helpers import make_assessment

    assessment_id = make_assessment(app, places["county"])
    with app.app_context():
        row = db.session.get(AssessmentScore, assessment_id)
        row.questionnaire_version, row.protection_score, row.protection_level = "2026.1", 12.5, "Getting started"
        db.session.commit()
    text = text_of(client.get(f"/assessments/{assessment_id}/scorecard").get_data(as_text=True))
    assert (
        "Published under method 2026.1 with these figures: current protections 12.5 (Getting started), "
        "next-level reforms"
    ) in text
    assert f"under the current method {app.extensions['questionnaire'].version}" in text
