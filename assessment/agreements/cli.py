"""`flask --app wsgi agreements send-reminders`: meant to run once a day, from cron."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup


def default_base_url(app: Flask) -> str:
    """Where the links in the mail point: the first allowed host, else SERVER_NAME, else a local run's address."""
    hosts = app.config.get("TRUSTED_HOSTS") or []
    host = hosts[0].lstrip(".") if hosts else app.config.get("SERVER_NAME") or "localhost:5000"
    return f"{app.config['PREFERRED_URL_SCHEME']}://{host}"


def register_agreements_cli(app: Flask) -> None:
    agreements_cli = AppGroup("agreements", help="The watch on agreements with ICE and the U.S. Marshals.")

    @agreements_cli.command("send-reminders")
    @click.option(
        "--base-url", default=None, help="The site's address for the links (default: the first ALLOWED_HOSTS)."
    )
    @click.option(
        "--days-before",
        type=click.IntRange(0, 365),
        default=None,
        help="Days before a notice date to remind (default: AGREEMENT_REMINDER_DAYS, 30).",
    )
    def send_reminders_command(base_url: str | None, days_before: int | None):
        """Mail the owners of each agreement whose notice date is near; each notice date once (safe to re-run)."""
        from .reminders import send_reminders
        from .upcoming import today

        with app.test_request_context("/", base_url=base_url or default_base_url(app)):
            run = send_reminders(today(), days_before)
        for agreement_id, addresses in run.sent:
            click.echo(f"Agreement {agreement_id}: reminder sent to {', '.join(addresses)}.")
        for agreement_id in run.no_owner:
            click.echo(f"Agreement {agreement_id}: no owner with a confirmed address; nothing sent.", err=True)
        for agreement_id in run.failed:
            click.echo(f"Agreement {agreement_id}: the mail could not be sent; the next run tries again.", err=True)
        click.echo(f"{len(run.sent)} reminder(s) sent, {len(run.failed)} failed, {len(run.no_owner)} without an owner.")
        if run.failed:
            sys.exit(1)

    app.cli.add_command(agreements_cli)
