"""Two app servers, one database: the app keeps no state in a process.

Two gunicorn processes serve the suite's database (PostgreSQL when
TEST_DATABASE_URL is set, else the suite's SQLite file), as two machines
behind a load balancer would. One browser signs in through the first; its
signed session cookie works on the second; a page saved through the first
is read through the second; a PDF rendered by the first is served by the
second, which on PostgreSQL is started with PDF_RENDER_ON_REQUEST=0 and so could
not have rendered it (it answers "being prepared" for a PDF nobody rendered; on
SQLite that setting is refused, as there is no job queue).
"""

from __future__ import annotations

import pytest

from bench.live import LiveServer, WebSession, revision_in, token_in
from tests.conftest import TEST_PASSWORD
from tests.web.survey_helpers import applicable, lever_form


def on_postgresql(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


def browser_on(server: LiveServer, same_browser_as: WebSession) -> WebSession:
    """The same browser (same cookies) talking to another server."""
    session = WebSession(server.base_url)
    session.opener = same_browser_as.opener
    return session


@pytest.fixture
def two_servers(app, make_user, places, tmp_path):
    make_user("official@king.example.gov")
    shared = {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": app.config["SECRET_KEY"]}
    # PDF_RENDER_ON_REQUEST=0 needs the job queue, on PostgreSQL; on SQLite both servers render.
    second_renders = "0" if on_postgresql(app) else "1"
    with (
        LiveServer({**shared, "PDF_RENDER_ON_REQUEST": "1"}, log_path=tmp_path / "first.log") as first,
        LiveServer({**shared, "PDF_RENDER_ON_REQUEST": second_renders}, log_path=tmp_path / "second.log") as second,
    ):
        yield first, second


@pytest.mark.timeout(240)
@pytest.mark.slow
def test_a_save_and_a_pdf_made_through_one_server_are_served_by_the_other(app, places, two_servers):
    first, second = two_servers
    through_first = WebSession(first.base_url)
    assert through_first.login("official@king.example.gov", TEST_PASSWORD).status == 302
    through_second = browser_on(second, through_first)

    # Signed in through the first, recognised by the second: the session is in the cookie.
    assert through_second.get("/assessments").status == 200

    started = through_first.post_from(
        f"/jurisdictions/{places['county']}",
        f"/assessments/start/{places['county']}",
        [("year", "2026"), ("kind", "self")],
    )
    assert started.status == 302
    assessment_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    lever, questions = applicable(app, "county")[0]
    url = f"/assessments/{assessment_id}/levers/{lever.id}"
    note = "Saved through the first server"
    page = through_first.get(url).body
    saved = through_first.post(
        url,
        [("revision", revision_in(page)), *lever_form(questions), (f"{questions[0].id}__note", note)],
        token_in(page),
    )
    assert saved.status == 302, saved.body[:500]

    # Read through the second: the answer and the revision it was saved at.
    read_back = through_second.get(url)
    assert read_back.status == 200 and note in read_back.body
    assert revision_in(read_back.body) == revision_in(through_first.get(url).body)

    # On PostgreSQL the second server renders nothing on the request path (it queues the PDF)...
    pdf_url = f"/assessments/{assessment_id}/scorecard.pdf"
    if on_postgresql(app):
        assert through_second.get(pdf_url).status == 202
    # ...so once the first has rendered the PDF, the second serves that very file.
    rendered = through_first.get(pdf_url)
    assert rendered.status == 200 and rendered.data.startswith(b"%PDF")
    served = through_second.get(pdf_url)
    assert served.status == 200 and served.data == rendered.data
