"""A save is one transaction, in a real server process.

The app runs under gunicorn on 127.0.0.1 against the suite's database (the
SQLite file, or PostgreSQL when TEST_DATABASE_URL is set), served from
tests/web/survey/crash_wsgi.py: there one save flushes its answers, writes the
worker's process id to CRASH_TEST_PAUSE_FILE and waits before committing,
holding its transaction open. Then:

- the worker is killed with SIGKILL mid-request: none of the page is kept,
  and saving the page again keeps all of it;
- or a colleague saves another page of the same assessment meanwhile: that
  save waits for the first, and both pages are kept (no lost update, no 500).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from assessment.extensions import db
from assessment.models import Answer, Assessment, AuditEvent
from bench.live import LiveServer, WebSession, revision_in, token_in
from tests.conftest import TEST_PASSWORD
from tests.web.survey_helpers import applicable, lever_form


def stored(app, assessment_id: int) -> tuple[int, dict, int]:
    """(revision, {question id: value}, number of answer audit rows), retried while a killed worker's lock goes."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with app.app_context():
                db.session.remove()
                assessment = db.session.get(Assessment, assessment_id)
                answers = {
                    a.question_id: a.value
                    for a in db.session.scalars(db.select(Answer).where(Answer.assessment_id == assessment_id))
                }
                audit = db.session.scalar(
                    db.select(db.func.count())
                    .select_from(AuditEvent)
                    .where(AuditEvent.assessment_id == assessment_id, AuditEvent.action == "answer")
                )
                return assessment.revision, answers, audit
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class PausedSave:
    """A save posted in a thread, which the hook pauses mid-transaction."""

    def __init__(self, session: WebSession, url: str, questions, marker: Path):
        page = session.get(url).body
        form = [("revision", revision_in(page)), *lever_form(questions)]
        self.reply = None
        self.thread = threading.Thread(target=self._post, args=(session, url, form, token_in(page)), daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline, "the save never reached the pause point"
            time.sleep(0.05)
        self.worker = int(marker.read_text())

    def _post(self, session, url, form, token):
        try:
            self.reply = session.post(url, form, token)
        except OSError:  # the connection dies with the worker
            self.reply = None

    def finish(self):
        self.thread.join(timeout=60)
        assert not self.thread.is_alive()
        return self.reply


@pytest.fixture
def live(app, make_user, places, tmp_path):
    make_user("official@king.example.gov")
    make_user("colleague@king.example.gov")
    marker = tmp_path / "paused-worker.pid"
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "CRASH_TEST_PAUSE_FILE": str(marker),
    }
    with LiveServer(
        env, workers=2, log_path=tmp_path / "gunicorn.log", app_module="tests.web.survey.crash_wsgi:app"
    ) as server:
        official = WebSession(server.base_url)
        assert official.login("official@king.example.gov", TEST_PASSWORD).status == 302
        started = official.post_from(
            f"/jurisdictions/{places['county']}",
            f"/assessments/start/{places['county']}",
            [("year", "2026"), ("kind", "self")],
        )
        assert started.status == 302
        assessment_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        yield server, official, assessment_id, marker


def lever_pages(app, count: int):
    """Pages with several questions, so that "part of the page" means something."""
    pages = sorted(applicable(app, "county"), key=lambda page: -len(page[1]))[:count]
    assert all(len(questions) >= 2 for _, questions in pages)
    return pages


@pytest.mark.timeout(180)
@pytest.mark.slow
def test_a_worker_killed_mid_save_leaves_none_of_the_page(app, live):
    server, official, assessment_id, marker = live
    [(lever, questions)] = lever_pages(app, 1)
    url = f"/assessments/{assessment_id}/levers/{lever.id}"
    before = stored(app, assessment_id)
    assert before[1] == {}

    paused = PausedSave(official, url, questions, marker)
    assert paused.worker in server.worker_pids(), "the paused process should be a gunicorn worker"
    os.kill(paused.worker, signal.SIGKILL)
    reply = paused.finish()
    assert reply is None or reply.status >= 500
    # Nothing of the page was kept: no answer, no audit row, the same revision.
    assert stored(app, assessment_id) == before

    # The master starts a new worker; saving the same page again keeps all of it.
    page = official.get(url).body
    again = official.post(url, [("revision", revision_in(page)), *lever_form(questions)], token_in(page))
    assert again.status == 302, again.body[:500]
    revision, answers, audit = stored(app, assessment_id)
    assert set(answers) == {q.id for q in questions}
    assert audit == len(questions) and revision == before[0] + 1


@pytest.mark.timeout(180)
@pytest.mark.slow
def test_a_colleague_saving_meanwhile_waits_and_both_pages_are_kept(app, live):
    server, official, assessment_id, marker = live
    (first, first_questions), (second, second_questions) = lever_pages(app, 2)
    editors_page = f"/assessments/{assessment_id}/editors"
    invitation = official.post_from(
        editors_page,
        f"/assessments/{assessment_id}/invitations",
        [("email", "colleague@king.example.gov"), ("role", "editor")],
    )
    link = invitation.body.split('readonly value="')[1].split('"')[0]
    colleague = WebSession(server.base_url)
    assert colleague.login("colleague@king.example.gov", TEST_PASSWORD).status == 302
    path = "/" + link.split("/", 3)[3]
    assert colleague.post_from(path, path, []).status == 302
    before = stored(app, assessment_id)

    paused = PausedSave(official, f"/assessments/{assessment_id}/levers/{first.id}", first_questions, marker)
    second_url = f"/assessments/{assessment_id}/levers/{second.id}"
    page = colleague.get(second_url).body
    outcome = {}
    waiting = threading.Thread(
        target=lambda: outcome.update(
            reply=colleague.post(
                second_url, [("revision", revision_in(page)), *lever_form(second_questions)], token_in(page)
            )
        ),
        daemon=True,
    )
    waiting.start()
    time.sleep(1.0)
    assert waiting.is_alive(), "the colleague's save should wait for the one in progress"
    Path(str(marker) + ".release").write_text("go")
    assert paused.finish().status == 302
    waiting.join(timeout=60)
    assert outcome["reply"].status == 302, outcome["reply"].body[:500]

    revision, answers, audit = stored(app, assessment_id)
    assert set(answers) == {q.id for q in first_questions + second_questions}
    assert revision == before[0] + 2
    assert audit == len(first_questions) + len(second_questions)
