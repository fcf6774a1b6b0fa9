"""`flask --app wsgi scorecards render-pending`: render scorecard PDFs off the
request path (scorecards/pdf_queue.py).

Once:               flask --app wsgi scorecards render-pending --limit 500
As a worker:        flask --app wsgi scorecards render-pending --loop 5

With --loop it never stops: it renders what is pending, then sleeps that many
seconds when there was nothing to do. Stop it with SIGTERM or Ctrl-C.
"""
from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup
from assessment.scorecards.pdf_queue import render_pending

# An assessment whose PDF could not be made (answers that no longer fit the
# content) is tried again after this many seconds, not on every pass.
RETRY_FAILED_AFTER = 600


def register_render_cli(app: Flask) -> None:
    scorecards_cli = AppGroup("scorecards", help="Scorecard PDFs.")

    @scorecards_cli.command("render-pending")
    @click.option("--limit", default=100, show_default=True, help="PDFs to render in one pass.")
    @click.option("--loop", "pause", type=float, default=None, metavar="SECONDS",
                  help="Keep running: after a pass with nothing to do, wait this long and look again.")
    def render_pending_command(limit: int, pause: float | None):
        """Render requested PDFs, then submitted assessments' missing ones."""

        failed_at: dict[int, float] = {}  # assessment id -> when it could not be rendered
        while True:
            started = time.monotonic()
            skip = frozenset(i for i, at in failed_at.items() if started - at < RETRY_FAILED_AFTER)
            rendered, not_rendered = render_pending(limit, skip)
            failed_at.update((i, started) for i in not_rendered)
            if rendered or not_rendered or pause is None:
                click.echo(f"Rendered {rendered} PDF(s) in {time.monotonic() - started:.1f} s"
                           + (f"; {len(not_rendered)} could not be rendered (see the log)" if not_rendered else "")
                           + ".")
            if pause is None:
                return
            if not rendered:
                time.sleep(pause)

    app.cli.add_command(scorecards_cli)
