"""`flask --app wsgi jobs ...`: the PDF job queue's commands.

    flask --app wsgi jobs worker          run jobs until stopped (SIGTERM or Ctrl-C)
    flask --app wsgi jobs worker --until-empty   run what is queued, then stop
    flask --app wsgi jobs render-ahead    queue every submitted assessment's missing PDF now

Procrastinate is imported by the commands only: web workers never load it
unless they queue a job.
"""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from assessment.extensions import db


def register_jobs_cli(app: Flask) -> None:
    jobs_cli = AppGroup("jobs", help="The PDF job queue (Procrastinate, on PostgreSQL).")

    @jobs_cli.command("worker")
    @click.option("--name", default=None, help="A name for this worker in the logs (default: worker).")
    @click.option("--until-empty", is_flag=True, help="Stop once nothing is left to run (for a batch or a test).")
    def worker_command(name: str | None, until_empty: bool):
        """Render queued PDFs, one at a time; run one worker per core."""
        from assessment.jobs import has_job_engine
        from assessment.jobs.worker import run_worker

        if not has_job_engine():
            raise click.ClickException(
                "The job queue runs on PostgreSQL only. On SQLite, PDFs render in the "
                "request; `flask --app wsgi jobs render-ahead` renders missing ones now."
            )
        run_worker(current_app._get_current_object(), name=name, until_empty=until_empty)

    @jobs_cli.command("render-ahead")
    def render_ahead_command():
        """Queue every submitted assessment's missing PDF (on SQLite: render them now)."""
        from assessment.jobs import has_job_engine
        from assessment.jobs.renders import queue_missing, render_missing_here

        started = time.monotonic()
        if has_job_engine():
            queued = queue_missing()
            click.echo(f"Queued {queued} PDF(s) to render; `flask --app wsgi jobs worker` renders them.")
            return
        rendered, failed = render_missing_here()
        db.session.remove()
        click.echo(
            f"Rendered {rendered} PDF(s) in {time.monotonic() - started:.1f} s"
            + (f"; {len(failed)} could not be rendered (see the log)" if failed else "")
            + "."
        )

    app.cli.add_command(jobs_cli)
