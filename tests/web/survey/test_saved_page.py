"""A lever page shown with its saved answers (survey/saved_page.py, no WTForms
form built) is the very page the WTForms form gives, whatever was saved."""

from __future__ import annotations

import re

from flask_login import login_user

from assessment.content.model import DONT_KNOW
from assessment.extensions import db
from assessment.models import Assessment, Jurisdiction, User
from assessment.survey import operations as service
from assessment.survey import views
from assessment.survey.forms import NOT_APPLICABLE, build_lever_form
from assessment.survey.saved_page import SavedLeverPage
from tests.web.scorecard_helpers import best

CSRF = re.compile(r'name="csrf_token" value="[^"]+"')


def varied_answers(questions) -> dict:
    """Unanswered, not applicable, don't know, best; evidence with markup and quotes."""
    submitted = {}
    for n, question in enumerate(questions):
        value = [None, {NOT_APPLICABLE: "No jail <b>here</b>"}, DONT_KNOW, best(question)][n % 4]
        evidence = {"url": 'https://example.org/a?b=1&c="2"', "citation": "Ord. <17>", "note": "Ünïcode & co"}
        submitted[question.id] = {"value": value, "evidence": evidence if n % 3 else {}}
    return submitted


def test_every_lever_page_is_the_same_from_saved_answers_as_from_the_form(app, make_user, places):
    user_id = make_user("official@king.example.gov")
    with app.test_request_context():
        user = db.session.get(User, user_id)
        login_user(user)
        content = app.extensions["questionnaire"]
        place = db.session.get(Jurisdiction, places["county"])
        assessment = service.start_assessment(content, user, place, 2026)
        pages = [
            (lever, service.applicable_questions(content, lever, place, 2026))
            for lever in service.applicable_levers(content, place, 2026)
        ]
        for _lever, questions in pages[::2]:
            service.save_lever(assessment, questions, user, varied_answers(questions), None)
        db.session.commit()
        assessment = db.session.get(Assessment, assessment.id)
        saved = assessment.answers_by_question()
        for lever, questions in pages:
            form = build_lever_form(questions, saved=saved)
            form.revision.data = str(assessment.revision)
            from_form = views._render_lever(assessment, lever, questions, form)[0]
            from_saved = views._render_lever(
                assessment, lever, questions, SavedLeverPage(questions, saved, assessment.revision)
            )[0]
            assert CSRF.sub("", from_saved) == CSRF.sub("", from_form), lever.id
        lever, questions = next(page for page in pages[::2] if len(page[1]) >= 2)
        shown = views._render_lever(assessment, lever, questions, SavedLeverPage(questions, saved, 1))[0]
    # The second question of a saved page: not applicable, with escaped evidence.
    assert "No jail &lt;b&gt;here&lt;/b&gt;" in shown and "Ord. &lt;17&gt;" in shown
