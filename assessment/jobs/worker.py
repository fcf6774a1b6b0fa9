"""A Procrastinate worker inside the Flask app (`flask --app wsgi jobs worker`).

One job at a time per worker process: a render is CPU-bound, synchronous
WeasyPrint work, and Python threads in one process share one core for it, so
concurrency inside a worker would only make each PDF slower. Run one worker
process per core instead (README, "Running for many users"). The worker's
event loop keeps sending heartbeats while a render runs in its thread, so a
long render is never mistaken for a dead worker.
"""

from __future__ import annotations

import asyncio
import threading

from flask import Flask

# One pool per worker process: the job fetcher, the LISTEN connection, the
# heartbeat and the periodic deferrer share it (the renders use the app's own).
WORKER_POOL_SIZE = 4
CLEAN_UP_CRON = "17 * * * *"  # hourly

_scheduled = False


def schedule_periodic_jobs(config) -> None:
    """Give the periodic tasks their schedules from the app's settings (once per process)."""
    global _scheduled
    if _scheduled:
        return
    from assessment.jobs import tasks
    from assessment.jobs.engine import procrastinate_app

    procrastinate_app.periodic(cron=f"* * * * * */{config['JOBS_STALLED_CHECK_SECONDS']}", periodic_id="stalled")(
        tasks.retry_stalled_jobs
    )
    if config["JOBS_RENDER_AHEAD_MINUTES"]:
        procrastinate_app.periodic(cron=f"*/{config['JOBS_RENDER_AHEAD_MINUTES']} * * * *", periodic_id="render_ahead")(
            tasks.render_ahead
        )
    procrastinate_app.periodic(cron=CLEAN_UP_CRON, periodic_id="clean_up")(tasks.clean_up_jobs)
    _scheduled = True


def run_worker(flask_app: Flask, name: str | None = None, until_empty: bool = False) -> None:
    """Run jobs until SIGTERM or Ctrl-C (the running job is finished first), or, with
    until_empty, until the queue has nothing left to run."""
    import procrastinate

    from assessment.jobs.engine import libpq_url, procrastinate_app

    config = flask_app.config
    schedule_periodic_jobs(config)
    connector = procrastinate.PsycopgConnector(
        conninfo=libpq_url(config["SQLALCHEMY_DATABASE_URI"]), min_size=1, max_size=WORKER_POOL_SIZE
    )
    with procrastinate_app.replace_connector(connector):
        options = dict(
            name=name,
            concurrency=1,
            wait=not until_empty,
            fetch_job_polling_interval=config["JOBS_POLL_SECONDS"],
            update_heartbeat_interval=config["JOBS_HEARTBEAT_SECONDS"],
            stalled_worker_timeout=config["JOBS_STALLED_AFTER_SECONDS"],
            additional_context={"flask_app": flask_app, "stalled_after_seconds": config["JOBS_STALLED_AFTER_SECONDS"]},
        )
        if _event_loop_running_here():
            # Only where something in this thread already runs an event loop (a test process
            # after other tests): asyncio.run() refuses there, so the worker gets a thread of
            # its own. A worker started by the command is the main thread's, with its signals.
            failed: list[BaseException] = []

            def run() -> None:
                try:
                    procrastinate_app.run_worker(**options)
                except BaseException as error:  # raised again below, in the caller's thread
                    failed.append(error)

            thread = threading.Thread(target=run, name="jobs-worker")
            thread.start()
            thread.join()
            if failed:
                raise failed[0]
        else:
            procrastinate_app.run_worker(**options)


def _event_loop_running_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
