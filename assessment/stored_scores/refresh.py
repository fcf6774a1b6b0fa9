"""Keep AssessmentScore rows in step with the answers.

refresh_scores() is called by the answer-changing services (save, submit,
publish, import) inside their transaction, and never commits. It is
idempotent: with the assessment's revision and the questionnaire version
unchanged it does nothing, so `flask scores refresh` can backfill safely.

A published scorecard keeps the figures it was published with when only the
questionnaire (the method) changed: what a council was shown does not move
under it. rescore_published() re-scores those on purpose and labels them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from assessment.content.current import source_questionnaire as questionnaire  # stored levels are English
from assessment.content.model import Questionnaire
from assessment.extensions import db
from assessment.models import Assessment, AssessmentScore, ScorecardPdf
from assessment.models._common import utcnow
from assessment.scoring import Figures, Score, Scorecard, figures
from assessment.scoring.answers import InvalidAnswers
from assessment.stored_scores.csv_cells import CsvShape
from assessment.stored_scores.inputs import jurisdiction_info, scoring_inputs
from assessment.stored_scores.latest import rebuild_all, refresh_latest

# The CSV columns of the questionnaire last asked about (content is loaded once per process).
_shape: tuple[Questionnaire, CsvShape] | None = None


def csv_shape(content: Questionnaire) -> CsvShape:
    """The open-data CSV columns of a questionnaire (worked out once per questionnaire)."""
    global _shape
    if _shape is None or _shape[0] is not content:
        _shape = (content, CsvShape(content))
    return _shape[1]


def score_values(
    scorecard: Scorecard | Figures, answers: dict, evidence: dict, shape: CsvShape | None = None
) -> dict[str, Any]:
    """The column values of an AssessmentScore for a scorecard or its figures alone
    (pure; the benchmark uses it too).

    With the questionnaire's CSV shape, also the row's stored open-data cells.
    """

    def tier(prefix: str, figure: Score) -> dict[str, Any]:
        return {
            f"{prefix}_score": figure.score,
            f"{prefix}_level": figure.level.label if figure.level is not None else None,
            f"{prefix}_local_score": figure.local_score,
            f"{prefix}_completeness": figure.completeness,
        }

    scores = scorecard.scores
    values = {
        "questionnaire_version": scorecard.questionnaire_version,
        **tier("protection", scores.protection),
        "protection_earned": scores.protection.earned,
        "protection_possible": scores.protection.possible,
        **tier("next_level", scores.next_level),
        "next_level_earned": scores.next_level.earned,
        "next_level_possible": scores.next_level.possible,
        **tier("overall", scores.overall),
        "core_met": scorecard.core.met,
        "core_failing": list(scorecard.core.failing),
        "lever_scores": {
            lever.id: {"protection": lever.protection.score, "next_level": lever.next_level.score}
            for lever in scorecard.levers
        },
        "question_points": {item.question_id: [item.earned, item.possible] for item in scorecard.items},
        "answers": dict(answers),
        "citations": {
            qid: {k: v for k, v in entry.items() if k in ("citation", "url") and v}
            for qid, entry in evidence.items()
            if entry.get("citation") or entry.get("url")
        },
    }
    if shape is not None:
        values["csv_cells"] = shape.stored_cells(values)
    return values


def refresh_scores(assessment: Assessment, force: bool = False, update_lists: bool = True) -> AssessmentScore | None:
    """Store the assessment's current scores; returns the row (None if it cannot be scored).

    Drafts are scored too, so a submitted or published assessment always has
    a row, whatever the order of events. update_lists=False leaves the
    directory's LatestPublished rows to the caller (refresh_all rebuilds them
    once at the end).
    """

    version = questionnaire().version
    row = db.session.get(AssessmentScore, assessment.id)
    if row is not None and not force and not _stale(row, assessment, version):
        return row
    answers, evidence = scoring_inputs(assessment)
    try:
        # The figures alone: the stored row keeps no sentences, and this runs on every save.
        card_figures = figures(questionnaire(), jurisdiction_info(assessment), answers, evidence)
    except InvalidAnswers:
        # A saved answer no longer fits the content: no figures rather than wrong ones.
        if row is not None:
            db.session.delete(row)
        if update_lists:
            _refresh_lists(assessment)
        return None
    values = score_values(card_figures, answers, evidence, csv_shape(questionnaire()))
    if row is None:
        row = AssessmentScore(assessment_id=assessment.id)
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.revision = assessment.revision
    row.scored_at = utcnow()
    if update_lists:
        _refresh_lists(assessment)
    return row


def _stale(row: AssessmentScore, assessment: Assessment, version: str) -> bool:
    if row.revision != assessment.revision:
        return True
    if row.questionnaire_version != version:
        return not kept_as_published(row, assessment, version)
    return row.csv_cells is None


def kept_as_published(row: AssessmentScore | None, assessment: Assessment, version: str) -> bool:
    """Whether the stored figures are a published scorecard's, under an earlier method, kept as published."""
    return (
        row is not None
        and assessment.published_at is not None
        and row.revision == assessment.revision
        and row.questionnaire_version != version
    )


def _refresh_lists(assessment: Assessment) -> None:
    """A published assessment's new figures show in lists at once."""
    if assessment.published_at is not None:
        refresh_latest(assessment.jurisdiction_id)


def refresh_all(batch_size: int = 200) -> tuple[int, int, int]:
    """Backfill: score every assessment, drafts included, whose row is missing or
    stale, then rebuild the directory's LatestPublished rows. Published
    scorecards scored under an earlier method keep their figures (counted
    apart); rescore_published() is the deliberate way to re-score them.

    Returns (checked, refreshed, kept). Commits per batch, so it is for the CLI only.
    """
    version = questionnaire().version
    checked = refreshed = kept = 0
    ids = list(db.session.scalars(select(Assessment.id).order_by(Assessment.id)))
    for start in range(0, len(ids), batch_size):
        batch = db.session.scalars(
            select(Assessment)
            .where(Assessment.id.in_(ids[start : start + batch_size]))
            .options(selectinload(Assessment.answers))  # the batch's answers in one query
        ).all()
        for assessment in batch:
            checked += 1
            row = db.session.get(AssessmentScore, assessment.id)
            if row is None or _stale(row, assessment, version):
                refresh_scores(assessment, update_lists=False)
                refreshed += 1
            elif kept_as_published(row, assessment, version):
                kept += 1
        db.session.commit()
        db.session.expunge_all()
    rebuild_all()
    return checked, refreshed, kept


def rescore_published(dry_run: bool = False) -> list[tuple[int, str]]:
    """Re-score, on purpose, every published scorecard stored under an earlier
    method; each keeps the version it was published under in `rescored_from`.
    Returns (assessment id, the version it had) for each. Commits, unless dry_run."""
    version = questionnaire().version
    found = db.session.execute(
        select(Assessment, AssessmentScore.questionnaire_version)
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(Assessment.published_at.is_not(None), AssessmentScore.questionnaire_version != version)
        .order_by(Assessment.id)
    ).all()
    done = []
    for assessment, old_version in found:
        done.append((assessment.id, old_version))
        if dry_run:
            continue
        row = refresh_scores(assessment, force=True, update_lists=False)
        if row is not None:
            row.rescored_from = row.rescored_from or old_version
        # Its stored PDFs show the old figures' labels: render again.
        db.session.execute(delete(ScorecardPdf).where(ScorecardPdf.assessment_id == assessment.id))
    if not dry_run:
        db.session.commit()
        rebuild_all()
        db.session.commit()
    return done
