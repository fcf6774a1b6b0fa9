"""What saving a page of answers does, and how much database work it takes.

Every save of a changed page writes its answers, one audit row per changed
answer, the new revision and the stored scores; it does so in a fixed number
of statements, however many answers the assessment already has.
"""

from __future__ import annotations

from sqlalchemy import event, select
from werkzeug.datastructures import MultiDict

from assessment.content.current import source_questionnaire
from assessment.extensions import db
from assessment.models import Assessment, AssessmentScore, AuditEvent
from assessment.scoring import score
from assessment.stored_scores.inputs import jurisdiction_info, scoring_inputs
from assessment.stored_scores.refresh import csv_shape, score_values
from tests.web.survey_helpers import applicable, lever_form, save, start

# The signed-in user, the assessment, (SQLite: its write lock), the assessment
# with its stored scores under the lock, its answers; then the audit rows, the
# standing sign-offs of the saved lever (plans/signoffs.py: a changed answer
# clears them), and the updates of the assessment, the answers and the stored scores.
MOST_STATEMENTS_PER_SAVE = 10


def every_other_option(turn: int):
    def choose(question):
        options = [o.id for o in question.options if not o.exclusive] or [o.id for o in question.options]
        chosen = options[turn % len(options)]
        return [chosen] if question.kind == "multi" else chosen

    return choose


def page_with_evidence(questions, turn: int):
    evidence = {q.id: {"citation": f"Ord. {2000 + turn}", "note": f"Save {turn}"} for q in questions}
    return lever_form(questions, choose=every_other_option(turn), evidence=evidence)


def test_a_save_changes_everything_in_a_fixed_number_of_statements(app, official, places):
    assessment_id = start(official, places["county"])
    pages = applicable(app, "county")
    for lever, questions in pages:
        assert save(official, assessment_id, lever.id, page_with_evidence(questions, 0)).status_code == 302
    lever, questions = max(pages, key=lambda page: len(page[1]))
    with app.app_context():
        revision = db.session.get(Assessment, assessment_id).revision
        audited = db.session.scalar(select(db.func.max(AuditEvent.id)))

    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    url = f"/assessments/{assessment_id}/levers/{lever.id}"
    form = [("csrf_token", official.token(url)), ("go", "overview"), *page_with_evidence(questions, 1)]
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = official.client.post(url, data=MultiDict(form))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 302
    assert len(statements) <= MOST_STATEMENTS_PER_SAVE, "\n".join(statements)

    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.revision == revision + 1
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > audited).order_by(AuditEvent.id)).all()
        assert [e.question_id for e in events] == [q.id for q in questions]
        assert all(e.action == "answer" and e.new_value["evidence"]["citation"] == "Ord. 2001" for e in events)
        assert all(e.old_value["evidence"]["citation"] == "Ord. 2000" for e in events)
        # The stored scores are those of the full scoring of the saved answers.
        stored = db.session.get(AssessmentScore, assessment_id)
        assert stored.revision == assessment.revision
        answers, evidence = scoring_inputs(assessment)
        content = source_questionnaire()
        full = score_values(
            score(content, jurisdiction_info(assessment), answers, evidence), answers, evidence, csv_shape(content)
        )
        assert {name: getattr(stored, name) for name in full} == full
