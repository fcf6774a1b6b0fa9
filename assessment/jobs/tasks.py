"""What a worker runs: the PDF renders, and the periodic upkeep.

Render tasks are synchronous (WeasyPrint is): Procrastinate runs each in a
thread of the worker, where it gets an app context and a session of its own
(in_flask_app). A render is retried with exponential backoff (5, 25 and 125
seconds), except for errors no retry can cure (NotRetried); the last error of
every job is kept in pdf_job_failure for the operators' page.

Periodic jobs (their schedules are set when a worker starts, worker.py):
render_ahead queues every submitted or published assessment whose PDF is
missing; retry_stalled_jobs puts back in the queue the jobs of a worker that
stopped sending heartbeats (killed mid-render); clean_up deletes finished
jobs after a day.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import procrastinate
from procrastinate import JobContext
from procrastinate import exceptions as engine_errors
from procrastinate.jobs import Status
from sqlalchemy import delete

from assessment.extensions import db
from assessment.jobs.engine import UPKEEP_PRIORITY, procrastinate_app
from assessment.jobs.renders import NotRetried
from assessment.models import PdfJobFailure
from assessment.models._common import utcnow

log = logging.getLogger(__name__)

RENDER_SCORECARD = "render_scorecard_pdf"
RENDER_COMPARISON = "render_comparison_pdf"
ERROR_KEPT = 2000  # characters of an error kept for the operators' page
FINISHED_JOBS_KEPT_HOURS = 24


class RenderRetry(procrastinate.RetryStrategy):
    def get_retry_decision(self, *, exception, job):
        if isinstance(exception, NotRetried):
            return None
        return super().get_retry_decision(exception=exception, job=job)


RENDER_RETRY = RenderRetry(max_attempts=3, exponential_wait=5)


@contextmanager
def in_flask_app(context: JobContext) -> Iterator[None]:
    """The Flask app's context around one job, and its outcome kept: the error
    of a failed attempt in pdf_job_failure (then raised again, for the engine
    to retry or fail the job), none once it succeeds."""
    flask_app = context.additional_context["flask_app"]
    job = context.job
    with flask_app.app_context():
        try:
            yield
        except Exception as error:
            db.session.rollback()
            _record_failure(job, f"{type(error).__name__}: {error}")
            raise
        else:
            if db.session.get(PdfJobFailure, job.id) is not None:
                db.session.execute(delete(PdfJobFailure).where(PdfJobFailure.job_id == job.id))
                db.session.commit()


def _record_failure(job, error: str) -> None:
    failure = db.session.get(PdfJobFailure, job.id) or PdfJobFailure(job_id=job.id, task_name=job.task_name)
    failure.attempt = job.attempts + 1
    failure.error = error[:ERROR_KEPT]
    failure.failed_at = utcnow()
    db.session.add(failure)
    db.session.commit()


@procrastinate_app.task(name=RENDER_SCORECARD, pass_context=True, retry=RENDER_RETRY)
def render_scorecard_pdf(context: JobContext, assessment_id: int, key: str) -> str:
    """One scorecard or answers PDF (key: scorecards.service.pdf_key) of an assessment's current revision."""
    with in_flask_app(context):
        from assessment.jobs.renders import render_scorecard

        return render_scorecard(assessment_id, key)


@procrastinate_app.task(name=RENDER_COMPARISON, pass_context=True, retry=RENDER_RETRY)
def render_comparison_pdf(context: JobContext, key: str, language: str, html: str) -> str:
    """One comparison PDF, from the HTML the web request made (compare/pdf_cache.py)."""
    with in_flask_app(context):
        from assessment.compare.pdf_cache import render_and_store

        render_and_store(key, language, html)
        db.session.commit()
        return "rendered"


# ---------------------------------------------------------------- periodic (scheduled in worker.py)


@procrastinate_app.task(name="render_ahead", pass_context=True, queueing_lock="render_ahead", priority=UPKEEP_PRIORITY)
def render_ahead(context: JobContext, timestamp: int) -> str:
    with in_flask_app(context):
        from assessment.jobs.renders import queue_missing

        queued = queue_missing()
        return f"queued {queued}"


@procrastinate_app.task(
    name="retry_stalled_jobs", pass_context=True, queueing_lock="retry_stalled_jobs", priority=UPKEEP_PRIORITY
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> str:
    """Jobs left running by a worker that sent no heartbeat for JOBS_STALLED_AFTER_SECONDS (killed, or
    its machine lost) go back in the queue; one stopped that way too often is failed instead."""
    manager = context.app.job_manager
    seconds = context.additional_context["stalled_after_seconds"]
    retried = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=seconds):
        try:
            if RENDER_RETRY.max_attempts is not None and job.attempts >= RENDER_RETRY.max_attempts:
                await manager.finish_job(job, status=Status.FAILED, delete_job=False)
                await context.app.connector.execute_query_async(
                    "INSERT INTO pdf_job_failure (job_id, task_name, attempt, error, failed_at) "
                    "VALUES (%(job_id)s, %(task)s, %(attempt)s, %(error)s, now() AT TIME ZONE 'UTC') "
                    "ON CONFLICT (job_id) DO UPDATE SET attempt = EXCLUDED.attempt, error = EXCLUDED.error, "
                    "failed_at = EXCLUDED.failed_at",
                    job_id=job.id,
                    task=job.task_name,
                    attempt=job.attempts + 1,
                    error="The worker running this job stopped before it ended, on every attempt.",
                )
            else:
                await manager.retry_job(job)
                retried += 1
        except engine_errors.ConnectorException:
            # Finished or retried by someone else in the meantime.
            log.info("Stalled job %s changed before it could be retried", job.id)
    return f"retried {retried}"


@procrastinate_app.task(
    name="clean_up_jobs", pass_context=True, queueing_lock="clean_up_jobs", priority=UPKEEP_PRIORITY
)
async def clean_up_jobs(context: JobContext, timestamp: int) -> str:
    """Finished jobs go after a day (failed ones stay for the operators until retried or
    deleted), and with them the failure records of jobs that are gone."""
    await context.app.job_manager.delete_old_jobs(
        nb_hours=FINISHED_JOBS_KEPT_HOURS, include_cancelled=True, include_aborted=True
    )
    await context.app.connector.execute_query_async(
        "DELETE FROM pdf_job_failure f WHERE NOT EXISTS (SELECT 1 FROM procrastinate_jobs j WHERE j.id = f.job_id)"
    )
    return "done"
