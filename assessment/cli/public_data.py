"""Commands for published data:

    flask --app wsgi import-assessments FILE --user EMAIL [--organisation ORG] [--publish]
    flask --app wsgi scores refresh            (backfill stored scores; safe to re-run)
    flask --app wsgi jurisdictions link-counties   (which county each city lies in)

import-assessments prints every problem with its row and column and exits
with status 2, importing nothing, if there is any problem at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from assessment.content.current import questionnaire, source_questionnaire
from assessment.extensions import db
from assessment.jurisdictions.county_links import link_counties
from assessment.models import User
from assessment.opendata.bulk_import import check_rows, import_assessments, read_import_file
from assessment.stored_scores.refresh import refresh_all, rescore_published

USAGE_ERROR = 2


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    click.echo(f"{len(lines)} problem(s); nothing was imported.", err=True)
    sys.exit(USAGE_ERROR)


def register_public_data_cli(app: Flask) -> None:
    @app.cli.command("import-assessments")
    @click.argument("file", metavar="FILE")
    @click.option(
        "--user",
        "email",
        required=True,
        metavar="EMAIL",
        help="The registered user who owns (edits) the imported assessments.",
    )
    @click.option(
        "--organisation",
        default=None,
        metavar="ORG",
        help="The organisation that made the assessments (a CSV 'organisation' column overrides it).",
    )
    @click.option(
        "--publish",
        is_flag=True,
        default=False,
        help="Publish them at once (every applicable question must then be answered).",
    )
    def import_assessments_command(file: str, email: str, organisation: str | None, publish: bool):
        """Import independent assessments from a JSON list of answers files or a CSV."""

        content = questionnaire()
        user = db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()
        if user is None:
            _fail([f"--user: no account with the email {email!r}; register it first"])
        organisation = (organisation or "").strip() or None
        parsed = read_import_file(Path(file), content)
        problems = list(parsed.problems)
        problems += check_rows(content, parsed.rows, organisation, publish)
        if problems:
            _fail(problems)
        try:
            created = import_assessments(content, parsed.rows, user, publish)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        published = " and published" if publish else ""
        submitted = sum(1 for a in created if a.status == "submitted")
        click.echo(
            f"Imported{published} {len(created)} independent assessment(s): {submitted} submitted, "
            f"{len(created) - submitted} left as drafts (not every applicable question answered)."
        )

    scores_cli = AppGroup("scores", help="Stored scores of assessments.")

    @scores_cli.command("refresh")
    def refresh_command():
        """Store every assessment's missing or stale scores (and CSV cells), then rebuild the lists' rows.
        Published scorecards scored under an earlier method keep their figures: see rescore-published."""

        checked, refreshed, kept = refresh_all()
        click.echo(f"Checked {checked} assessment(s); refreshed {refreshed}.")
        if kept:
            click.echo(
                f"Kept {kept} published scorecard(s) with the figures they were published with (an earlier "
                f"method); `flask --app wsgi scores rescore-published` re-scores them on purpose."
            )

    @scores_cli.command("rescore-published")
    @click.option("--dry-run", is_flag=True, help="List what would be re-scored, and change nothing.")
    def rescore_published_command(dry_run: bool):
        """Re-score every published scorecard stored under an earlier method; each is then labelled
        "re-scored under <version>" wherever it is shown."""

        done = rescore_published(dry_run=dry_run)
        version = source_questionnaire().version
        for assessment_id, old in done:
            click.echo(f"assessment {assessment_id}: {old} -> {version}{' (dry run)' if dry_run else ''}")
        click.echo(
            f"{'Would re-score' if dry_run else 'Re-scored'} {len(done)} published scorecard(s) under {version}."
        )

    app.cli.add_command(scores_cli)

    jurisdictions_cli = app.cli.commands.get("jurisdictions")
    if jurisdictions_cli is not None:

        @jurisdictions_cli.command("link-counties")
        def link_counties_command():
            """Record which county each city lies in, from the ZIP code list (safe to re-run)."""

            linked, unlinked = link_counties()
            db.session.commit()
            click.echo(f"Linked {linked} cities to their county; {unlinked} left unlinked (no clear county).")
