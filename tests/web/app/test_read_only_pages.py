"""Pages that only read run without a transaction on PostgreSQL (assessment/web/read_only.py),
and a page marked so that tried to write would be stopped."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text
from werkzeug.datastructures import MultiDict

from assessment.extensions import db
from assessment.models import Jurisdiction
from assessment.web.read_only import reads_only
from tests.conftest import another_app
from tests.web.scorecard_helpers import worst
from tests.web.survey_helpers import applicable, lever_form, save, start


def on_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def statements_during(app, request):
    """(statement, the connection was in autocommit) for each statement run by request()."""
    seen = []

    def record(conn, _cursor, statement, *_args):
        seen.append((statement, conn.connection.dbapi_connection.autocommit if on_pg else None))

    with app.app_context():
        engine = db.engine
        on_pg = engine.dialect.name == "postgresql"
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = request()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return response, seen


def test_a_questionnaire_page_reads_in_autocommit_and_a_save_in_one_transaction(app, official, places):
    assessment_id = start(official, places["county"])
    lever, questions = applicable(app, "county")[0]
    assert save(official, assessment_id, lever.id, lever_form(questions)).status_code == 302
    url = f"/assessments/{assessment_id}/levers/{lever.id}"

    shown, reads = statements_during(app, lambda: official.client.get(url))
    assert shown.status_code == 200 and reads
    changed = MultiDict([("csrf_token", official.token(url)), *lever_form(questions, choose=worst)])
    saved, writes = statements_during(app, lambda: official.client.post(url, data=changed))
    assert saved.status_code == 302 and any(s.lstrip().upper().startswith("UPDATE") for s, _ in writes)
    if on_postgresql(app):
        assert all(autocommit for _, autocommit in reads), reads
        assert not any(autocommit for _, autocommit in writes), writes
    else:
        # SQLite keeps its transactions: no round trip to save there.
        assert {autocommit for _, autocommit in reads + writes} == {None}


def test_the_overview_review_and_history_pages_read_in_autocommit_too(app, official, places):
    assessment_id = start(official, places["county"])
    for path in ("", "/review", "/history", "/editors"):
        response, reads = statements_during(
            app, lambda path=path: official.client.get(f"/assessments/{assessment_id}{path}")
        )
        assert response.status_code == 200, path
        if on_postgresql(app):
            assert reads and all(autocommit for _, autocommit in reads), (path, reads)


def test_a_page_marked_read_only_that_writes_is_stopped_on_postgresql(app, places, caplog):
    if not on_postgresql(app):
        pytest.skip("SQLite pages keep their transactions; the guard is for autocommit on PostgreSQL")
    # Its own app: routes cannot be added to one that has served requests.
    other = another_app(app, WTF_CSRF_ENABLED=False)
    county = places["county"]

    @reads_only
    def renames():
        db.session.execute(text("UPDATE jurisdiction SET name = 'Renamed' WHERE id = :id"), {"id": county})
        db.session.commit()
        return "renamed"

    other.add_url_rule("/read-only-test/renames", "read_only_test.renames", renames, methods=["GET", "POST"])
    client = other.test_client()
    assert client.get("/read-only-test/renames").status_code == 500
    assert "ReadOnlyViolation" in caplog.text
    with app.app_context():
        assert db.session.scalar(select(Jurisdiction.name).where(Jurisdiction.id == county)) == "King County"
    # A POST to the same view has its transaction, as every POST does, and may write.
    assert client.post("/read-only-test/renames").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Jurisdiction.name).where(Jurisdiction.id == county)) == "Renamed"
    with other.app_context():
        db.engine.dispose()
