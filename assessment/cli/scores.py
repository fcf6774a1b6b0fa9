"""`flask --app wsgi score ANSWERS.json [--pdf OUT.pdf]`: score an answers file.

Prints scorecard.to_dict() as JSON on stdout. Any problem with the file is
printed on stderr, one line each, and the command exits with status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask

from assessment.content.current import questionnaire
from assessment.scorecards.context import ScorecardContext
from assessment.scorecards.pdf import render_scorecard_pdf
from assessment.scoring import score
from assessment.scoring.answers_file import load_answers_file

USAGE_ERROR = 2


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(USAGE_ERROR)


def register_score_cli(app: Flask) -> None:
    @app.cli.command("score")
    # A plain string, not click.Path(exists=True): a missing file must give
    # our one-line message and status 2, not click's usage block.
    @click.argument("answers_file", metavar="ANSWERS.json")
    @click.option("--pdf", "pdf_path", metavar="OUT.pdf", default=None, help="Also write the scorecard as a PDF here.")
    def score_command(answers_file: str, pdf_path: str | None):
        """Score the answers in ANSWERS.json and print the scorecard as JSON."""
        content = questionnaire()
        parsed, problems = load_answers_file(Path(answers_file), content)
        if problems:
            _fail(problems)
        scorecard = score(content, parsed.jurisdiction, parsed.answers, parsed.evidence)
        if pdf_path:
            context = ScorecardContext(
                questionnaire=content,
                year=parsed.year,
                status=None,
                provenance=f"Scored from the answers file {Path(answers_file).name}",
            )
            try:
                Path(pdf_path).write_bytes(render_scorecard_pdf(scorecard, context))
            except OSError as error:
                _fail([f"{pdf_path}: cannot write the PDF ({error.strerror or error})"])
        click.echo(json.dumps(scorecard.to_dict(), indent=2, ensure_ascii=False))
