"""Helpers for scorecard and API tests: fill in an assessment through the web
pages with a known mix of answers, and publish one."""

from __future__ import annotations

from assessment.content.model import DONT_KNOW
from assessment.extensions import db
from assessment.models import Assessment
from assessment.models._common import utcnow

from .survey_helpers import applicable, lever_form, save

NOT_APPLICABLE = "not_applicable"


def best(question):
    if question.kind == "multi":
        return [o.id for o in question.options if not o.exclusive and o.points > 0]
    return max(question.options, key=lambda o: o.points).id


def worst(question):
    lowest = min(question.options, key=lambda o: o.points)
    return [lowest.id] if question.kind == "multi" else lowest.id


def fill(browser, app, assessment_id: int, kind: str, choose, evidence=None) -> None:
    """Answer every applicable question with choose(question) (an option id,
    a list, DONT_KNOW or NOT_APPLICABLE); evidence maps question id -> fields."""
    for lever, questions in applicable(app, kind):
        response = save(browser, assessment_id, lever.id, lever_form(questions, choose=choose, evidence=evidence))
        assert response.status_code == 302, response.get_data(as_text=True)[:1000]


def mixed_chooser(app, kind: str):
    """Best answers on half the questions, worst on the rest, one "don't know"
    and one "does not apply" (with a reason given through `evidence`)."""
    questions = [q for _, qs in applicable(app, kind) for q in qs]
    dont_know = questions[2].id
    not_applicable = next(q.id for q in questions[3:] if q.not_applicable_when)

    def choose(question):
        if question.id == dont_know:
            return DONT_KNOW
        if question.id == not_applicable:
            return NOT_APPLICABLE
        return best(question) if questions.index(question) % 2 == 0 else worst(question)

    return choose, {"dont_know": dont_know, "not_applicable": not_applicable}


def publish(app, assessment_id: int) -> None:
    # No publishing page exists yet; the access rule only needs these two fields.
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assessment.status = "submitted"
        assessment.published_at = utcnow()
        db.session.commit()


def revision(app, assessment_id: int) -> int:
    with app.app_context():
        return db.session.get(Assessment, assessment_id).revision
