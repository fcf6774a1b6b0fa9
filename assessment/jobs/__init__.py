"""PDFs rendered off the request path, through Procrastinate on PostgreSQL.

engine.py   the Procrastinate app, and how jobs are queued (on the caller's own
            database connection, in its transaction)
queue.py    what the web asks for: a scorecard's or a comparison's PDF
tasks.py    what the worker runs: the renders, and the periodic jobs
            (render ahead, retry jobs of a worker that died, clean up)
worker.py   running a worker inside the Flask app
cli.py      `flask --app wsgi jobs worker` and `flask --app wsgi jobs render-ahead`
operators.py and views.py   the moderators' page of failed and stuck jobs

On SQLite (the embedded default) there is no job engine: PDFs render in the
request, and PDF_RENDER_ON_REQUEST=0 is refused at start-up (config.py).
"""

from __future__ import annotations

from flask import current_app

from assessment.extensions import db


def has_job_engine() -> bool:
    """Whether this app's database has the job queue (PostgreSQL). Kept free of
    Procrastinate, which a web worker loads only when it queues a job."""

    return db.engine.dialect.name == "postgresql"


def renders_on_request() -> bool:
    """Whether this server renders a PDF missing from the cache itself: as
    PDF_RENDER_ON_REQUEST says, and always where there is no job engine (SQLite)."""
    return bool(current_app.config["PDF_RENDER_ON_REQUEST"]) or not has_job_engine()
