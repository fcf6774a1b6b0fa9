"""The Procrastinate app, and queueing a job in the caller's transaction.

`procrastinate_app` carries the tasks (tasks.py registers them on it) and is
what a worker runs (worker.py gives it a pool on the Flask app's database).
Procrastinate's own tools work on it too:

    DATABASE_URL=postgresql://... .venv/bin/procrastinate --app=assessment.jobs.engine.procrastinate_app shell

Jobs are queued by task name on the caller's own database connection (the
request's SQLAlchemy session), so a job is queued if and only if the
request's single commit happens, and a web process needs no second pool.
"""

from __future__ import annotations

import os

import procrastinate
from procrastinate import exceptions as engine_errors
from sqlalchemy.engine import make_url

from assessment.extensions import db

# The render jobs: a user's request goes before the renders done ahead, and
# the engine's own upkeep (stalled jobs, clean-up) before both.
RENDER_AHEAD_PRIORITY = 0
REQUESTED_PRIORITY = 10
UPKEEP_PRIORITY = 20


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL (postgresql+psycopg://...) as psycopg's own connection string."""
    url = make_url(database_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def is_postgresql(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "postgresql"


def _default_conninfo() -> str:
    # For Procrastinate's own command line (see above); a worker started by
    # `flask jobs worker` gets the Flask app's database instead.
    url = os.environ.get("DATABASE_URL", "")
    return libpq_url(url) if url and is_postgresql(url) else ""


procrastinate_app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(conninfo=_default_conninfo()),
    import_paths=["assessment.jobs.tasks"],
)

# Queues jobs only, never opened: with an external connection it needs no pool
# (and works the same in a web process and inside a running worker, whose own
# connector is asynchronous).
queueing_app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector())


def defer(task_name: str, *, lock: str, priority: int, **arguments) -> bool:
    """Queue one job in the session's transaction (the caller commits).

    `lock` is both the queueing lock (at most one such job waiting) and the
    lock (at most one running, so a second one queued while the first renders
    waits for it and then finds the PDF made). Returns False when the same job
    was already waiting.
    """
    try:
        with db.session.begin_nested():  # a refused duplicate must not spoil the request's transaction
            connection = db.session.connection().connection.driver_connection
            queueing_app.configure_task(
                task_name, lock=lock, queueing_lock=lock, priority=priority, connection=connection
            ).defer(**arguments)
    except engine_errors.AlreadyEnqueued:
        return False
    return True


def waiting_jobs(task_name: str) -> int:
    """How many jobs of this task wait to run (status todo)."""
    from sqlalchemy import text

    return db.session.execute(
        text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = :task AND status = 'todo'"), {"task": task_name}
    ).scalar_one()
