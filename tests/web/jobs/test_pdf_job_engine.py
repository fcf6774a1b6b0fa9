"""The PDF queue on the real engine (Procrastinate on PostgreSQL), with real
worker processes (tests/pdf_job_worker.py: the worker command's own code, its
render replaced by a fast fake that the tests can slow down or make fail).

- Two web apps ask for the same 50 scorecard PDFs at once while two workers
  run: every one is rendered exactly once.
- A worker killed with SIGKILL mid-render leaves its job running in the
  engine's record; another worker finds it stalled, retries and completes it.
- A render that keeps failing ends as a failed job, with its error, on the
  moderators' page, whose retry button puts it back in the queue.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from assessment.extensions import db
from assessment.models import PdfJobFailure, ScorecardPdf
from tests.conftest import add_jurisdiction, another_app
from tests.web.public_helpers import make_assessment
from tests.web.trust_helpers import MODERATOR

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parents[3]
WAIT_SECONDS = 40  # the longest any condition below may take before the test fails


@pytest.fixture(autouse=True)
def _postgresql_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the job engine runs on PostgreSQL only")


class Workers:
    """Worker subprocesses on the test database, stopped at the end of the test."""

    def __init__(self, app, tmp_path: Path, **env):
        self.tmp_path = tmp_path
        self.render_log = tmp_path / "renders.log"
        self.render_log.touch()
        self.env = {
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "RENDER_LOG": str(self.render_log),
            # Quick to notice a dead worker: heartbeats every half second, silent for 2 s is dead.
            "JOBS_HEARTBEAT_SECONDS": "0.5",
            "JOBS_STALLED_AFTER_SECONDS": "2",
            "JOBS_STALLED_CHECK_SECONDS": "1",
            "JOBS_POLL_SECONDS": "0.5",
            **env,
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str) -> subprocess.Popen:
        with open(self.tmp_path / f"{name}.log", "w") as log:  # the worker keeps its own copy of the file
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.pdf_job_worker", name],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes[name] = process
        return process

    def renders(self) -> list[str]:
        return self.render_log.read_text().splitlines()

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n" + (self.tmp_path / f"{name}.log").read_text()[-3000:] for name in self.processes
        )

    def wait_until(self, condition, what: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition():
            for name, process in self.processes.items():
                if process.poll() is not None and process.returncode != -signal.SIGKILL:
                    pytest.fail(f"worker {name} exited ({process.returncode}) while waiting for {what}\n{self.logs()}")
            if time.monotonic() > deadline:
                pytest.fail(f"not within {WAIT_SECONDS} s: {what}\n{self.logs()}")
            time.sleep(0.1)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(app, tmp_path):
    made = []

    def factory(**env) -> Workers:
        made.append(Workers(app, tmp_path, **env))
        return made[-1]

    yield factory
    for group in made:
        group.stop()


def jobs(app, task: str = "render_scorecard_pdf") -> list:
    with app.app_context():
        return list(
            db.session.execute(
                text(
                    "SELECT id, status::text AS status, attempts, args FROM procrastinate_jobs WHERE task_name = :task "
                    "ORDER BY id"
                ),
                {"task": task},
            )
        )


def pdf_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(ScorecardPdf))


@pytest.fixture
def queued_app(app, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_RENDER_ON_REQUEST", False)
    return app


@pytest.mark.timeout(120)
def test_two_web_apps_asking_for_the_same_50_pdfs_get_each_rendered_exactly_once(queued_app, workers):
    app = queued_app
    with app.app_context():
        place_ids = [add_jurisdiction(f"County {n:02d}", "WA", "county", fips=f"53{n:03d}") for n in range(50)]
    assessment_ids = [
        make_assessment(app, place, email=f"official{n}@example.gov") for n, place in enumerate(place_ids)
    ]
    second_app = another_app(app, PDF_RENDER_ON_REQUEST=False)
    group = workers()
    group.start("first")
    group.start("second")

    answers: dict[str, list[int]] = {"first": [], "second": []}

    def ask_for_every_pdf(name: str, web_app) -> None:
        client = web_app.test_client()
        for assessment_id in assessment_ids:
            answers[name].append(client.get(f"/assessments/{assessment_id}/scorecard.pdf").status_code)

    threads = [
        threading.Thread(target=ask_for_every_pdf, args=("first", app)),
        threading.Thread(target=ask_for_every_pdf, args=("second", second_app)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT_SECONDS)
    assert set(answers["first"] + answers["second"]) <= {200, 202} and len(answers["first"]) == 50

    group.wait_until(lambda: pdf_count(app) == 50, "all 50 PDFs stored")
    group.wait_until(lambda: all(job.status == "succeeded" for job in jobs(app)), "every job finished")
    started = [line for line in group.renders() if line.startswith("start ")]
    assert len(started) == 50 and len(set(started)) == 50, sorted(started)
    assert len({job.args["assessment_id"] for job in jobs(app)}) == 50
    assert len(jobs(app)) <= 100  # at most one per web app and PDF; most asked twice were deduplicated
    # Once made, both web apps serve the stored PDF.
    for web_app in (app, second_app):
        ready = web_app.test_client().get(f"/assessments/{assessment_ids[0]}/scorecard.pdf")
        assert ready.status_code == 200 and ready.data.startswith(b"%PDF-1.7 made by the test worker")


@pytest.mark.timeout(120)
def test_a_job_of_a_worker_killed_mid_render_is_retried_and_completed_by_another(queued_app, places, workers, tmp_path):
    app = queued_app
    slow = tmp_path / "slow"
    slow.touch()
    group = workers(SLOW_RENDER_FLAG=str(slow))
    assessment_id = make_assessment(app, places["county"])
    doomed = group.start("doomed")
    assert app.test_client().get(f"/assessments/{assessment_id}/scorecard.pdf").status_code == 202
    group.wait_until(lambda: "start King County" in group.renders(), "the first worker started rendering")

    group.start("rescuer")
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    [job] = jobs(app)
    assert job.status == "doing" and job.attempts == 0  # the engine still thinks it runs
    slow.unlink()

    group.wait_until(lambda: pdf_count(app) == 1, "the PDF rendered by the other worker")
    group.wait_until(lambda: jobs(app)[0].status == "succeeded", "the job marked succeeded")
    [job] = jobs(app)
    assert job.attempts == 2  # two runs: the one killed (then retried as a dead worker's job), the one that ended
    assert group.renders() == ["start King County", "start King County", "end King County"]
    ready = app.test_client().get(f"/assessments/{assessment_id}/scorecard.pdf")
    assert ready.status_code == 200


@pytest.mark.timeout(120)
def test_a_render_that_keeps_failing_shows_as_failed_with_its_error_for_moderators(
    queued_app, places, workers, signed_in
):
    app = queued_app
    group = workers(FAIL_PLACE="Harris County", FAST_RETRY="1")
    failing = make_assessment(app, places["texas_county"])
    fine = make_assessment(app, places["county"])
    group.start("only")
    client = app.test_client()
    assert client.get(f"/assessments/{failing}/scorecard.pdf").status_code == 202
    assert client.get(f"/assessments/{fine}/scorecard.pdf").status_code == 202

    def failed_job():
        return [job for job in jobs(app) if job.args["assessment_id"] == failing and job.status == "failed"]

    group.wait_until(failed_job, "the failing render's job marked failed")
    group.wait_until(lambda: pdf_count(app) == 1, "the other PDF rendered")
    group.stop()  # nothing takes the job again while the page is read
    [job] = failed_job()
    with app.app_context():
        failure = db.session.get(PdfJobFailure, job.id)
        assert failure.attempt == 2 and "render failed on purpose for Harris County" in failure.error

    moderator = signed_in(MODERATOR, is_moderator=True)
    page = moderator.get("/moderation/pdf-jobs").get_data(as_text=True)
    assert "1 failed job" in page and f"Job {job.id}: " in page
    card = page.split(f'id="job-{job.id}"')[1].split("</article>")[0]
    assert "Scorecard PDF of Harris County, TX, 2026 (en)" in card
    assert "RuntimeError: render failed on purpose for Harris County" in card
    assert "Failed: no more tries" in card and "<dd>2</dd>" in card
    assert "No job is stalled or running for long." in page

    retried = moderator.post(f"/moderation/pdf-jobs/{job.id}/retry", {}, page="/moderation/pdf-jobs")
    assert retried.status_code == 302
    assert [row.status for row in jobs(app) if row.id == job.id] == ["todo"]
    again = moderator.get("/moderation/pdf-jobs").get_data(as_text=True)
    assert f"Job {job.id} is back in the queue" in again and "No job has failed." in again
    assert "1 job waiting to be tried again" in again
    # Without its CSRF token the button does nothing.
    refused = moderator.client.post(f"/moderation/pdf-jobs/{job.id}/retry", data={})
    assert refused.status_code in (302, 400) and [row.status for row in jobs(app) if row.id == job.id] == ["todo"]
