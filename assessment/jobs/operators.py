"""What the operators' page shows of the PDF queue, and its one action (retry).

Read straight from Procrastinate's tables with the request's session (one
connection, no pool of its own), joined to the last error we keep for each
job (pdf_job_failure). PostgreSQL only: on SQLite there is no queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import text

from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Assessment

SHOWN = 100  # jobs per list, newest first
# A render takes a second or two; one running longer than this is worth a look.
LONG_RUNNING_SECONDS = 120

_COLUMNS = """
    j.id, j.task_name, j.status::text AS status, j.attempts, j.args - 'html' AS args,
    f.error, f.attempt AS failed_attempt, f.failed_at,
    (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'started') AS started_at,
    (w.id IS NOT NULL AND w.last_heartbeat >= now() - make_interval(secs => :stalled_after)) AS worker_alive
"""
_FROM = """
    FROM procrastinate_jobs j
    LEFT JOIN pdf_job_failure f ON f.job_id = j.id
    LEFT JOIN procrastinate_workers w ON w.id = j.worker_id
"""


class RetryRefused(ValueError):
    pass


@dataclass(frozen=True)
class JobLine:
    id: int
    task_name: str
    status: str
    runs: int  # how many times it was started, or failed
    what: str  # the PDF, in words
    assessment_id: int | None
    error: str | None
    failed_at: datetime | None
    started_at: datetime | None
    worker_alive: bool

    @property
    def stalled(self) -> bool:
        """Running, by the engine's record, on a worker that stopped sending heartbeats."""
        return self.status == "doing" and not self.worker_alive

    @property
    def can_retry(self) -> bool:
        return self.status == "failed" or self.stalled


def _what(task_name: str, args: dict) -> tuple[str, int | None]:
    if task_name == "render_comparison_pdf":
        return _("Comparison PDF (%(language)s)", language=args.get("language", "")), None
    assessment_id = args.get("assessment_id")
    language, _sep, kind = str(args.get("key", "")).partition(":")
    assessment = db.session.get(Assessment, assessment_id) if isinstance(assessment_id, int) else None
    place = (
        f"{assessment.jurisdiction.display_name}, {assessment.year}"
        if assessment is not None
        else _("assessment %(number)s (deleted)", number=assessment_id)
    )
    words = (
        _("Answers PDF of %(place)s (%(language)s)", place=place, language=language)
        if kind == "answers"
        else _("Scorecard PDF of %(place)s (%(language)s)", place=place, language=language)
    )
    return words, assessment.id if assessment is not None else None


def _lines(where: str, order: str, **params) -> list[JobLine]:
    rows = db.session.execute(
        text(f"SELECT {_COLUMNS} {_FROM} WHERE {where} ORDER BY {order} LIMIT :shown"),
        {"stalled_after": current_app.config["JOBS_STALLED_AFTER_SECONDS"], "shown": SHOWN, **params},
    )
    lines = []
    for row in rows:
        what, assessment_id = _what(row.task_name, row.args or {})
        # The engine counts finished runs (a retried one included); a running job is in its next one.
        runs = max(row.failed_attempt or 0, row.attempts + (1 if row.status == "doing" else 0))
        lines.append(
            JobLine(
                row.id,
                row.task_name,
                row.status,
                runs,
                what,
                assessment_id,
                row.error,
                row.failed_at,
                row.started_at.astimezone(UTC) if row.started_at is not None else None,
                bool(row.worker_alive),
            )
        )
    return lines


def failed_jobs() -> list[JobLine]:
    return _lines("j.status = 'failed'", "j.id DESC")


def stuck_jobs() -> list[JobLine]:
    """Running on a worker that went silent, or running for longer than LONG_RUNNING_SECONDS."""
    return _lines(
        "j.status = 'doing' AND (w.id IS NULL OR w.last_heartbeat < now() - make_interval(secs => :stalled_after) "
        "OR (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'started') "
        "< now() - make_interval(secs => :long_running))",
        "j.id",
        long_running=LONG_RUNNING_SECONDS,
    )


def retrying_jobs() -> list[JobLine]:
    """Waiting to be tried again after a failed attempt."""
    return _lines("j.status = 'todo' AND j.attempts > 0", "j.id DESC")


def counts() -> dict[str, int]:
    rows = db.session.execute(
        text("SELECT status::text AS status, count(*) AS n FROM procrastinate_jobs GROUP BY status")
    )
    return {row.status: row.n for row in rows}


def job_line(job_id: int) -> JobLine | None:
    found = _lines("j.id = :job_id", "j.id", job_id=job_id)
    return found[0] if found else None


def retry(job_id: int) -> None:
    """Queue a failed job, or a stalled one, again now (the caller commits); RetryRefused says why not."""
    from procrastinate import exceptions as engine_errors
    from procrastinate import sql

    from assessment.jobs.engine import queueing_app

    line = job_line(job_id)
    if line is None:
        raise RetryRefused(_("That job is no longer in the queue."))
    if not line.can_retry:
        raise RetryRefused(_("That job is not failed or stalled any more; there is nothing to retry."))
    try:
        with db.session.begin_nested():
            connection = db.session.connection().connection.driver_connection
            queueing_app.connector.execute_query_one_with_connection(
                connection,
                query=sql.queries["retry_job"],
                job_id=job_id,
                retry_at=datetime.now(UTC),
                new_priority=None,
                new_queue_name=None,
                new_lock=None,
            )
    except engine_errors.UniqueViolation as error:
        raise RetryRefused(_("The same PDF is already waiting in the queue.")) from error
    except engine_errors.ConnectorException as error:
        raise RetryRefused(_("That job changed while you were looking; reload the page.")) from error
