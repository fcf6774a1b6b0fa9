"""Scorecard PDFs: one render job's work, and finding the PDFs still to make.

A job renders the assessment as it stands (its current revision); the cache
(services/scorecards) makes a second job for the same revision a cheap no-op.
"""

from __future__ import annotations

import logging

from sqlalchemy import and_, exists, or_, select, text

from assessment.content.current import source_questionnaire
from assessment.extensions import db
from assessment.i18n import DEFAULT_LANGUAGE, LANGUAGES
from assessment.jobs.engine import RENDER_AHEAD_PRIORITY, REQUESTED_PRIORITY, defer
from assessment.models import Assessment, ScorecardPdf
from assessment.scorecards.service import ANSWERS, pdf_for_key
from assessment.scoring.answers import InvalidAnswers

log = logging.getLogger(__name__)


class NotRetried(Exception):
    """A render that will fail the same way every time (saved answers that no longer fit the content)."""


TASK = "render_scorecard_pdf"  # tasks.RENDER_SCORECARD, named here so web processes never import the tasks
BATCH = 1000


def scorecard_lock(assessment_id: int, revision: int, key: str) -> str:
    """At most one job waiting, and one running, per assessment, revision and PDF (language and kind)."""
    return f"scorecard:{assessment_id}:{revision}:{key}"


def is_known_key(key: str) -> bool:
    language, _sep, kind = key.partition(":")
    return language in LANGUAGES and kind in ("", ANSWERS)


def request_scorecard_pdf(assessment: Assessment, key: str) -> bool:
    """Queue this PDF for someone waiting for it (the caller commits). False if already queued."""
    return defer(
        TASK,
        lock=scorecard_lock(assessment.id, assessment.revision, key),
        priority=REQUESTED_PRIORITY,
        assessment_id=assessment.id,
        key=key,
    )


def render_scorecard(assessment_id: int, key: str) -> str:
    """The work of one job (commits)."""
    if not is_known_key(key):
        raise NotRetried(f"unknown PDF key {key!r}")
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        return "assessment deleted"
    try:
        document = pdf_for_key(assessment, key)
    except InvalidAnswers as error:
        # Saved answers no longer fit the content; the scorecard page says so, and so does this job.
        raise NotRetried("saved answers no longer fit the questionnaire: " + "; ".join(error.problems[:3])) from error
    db.session.commit()
    return "already rendered" if document.from_cache else "rendered"


def _missing(after_id: int, limit: int) -> list[tuple[int, int]]:
    """(id, revision) of submitted assessments (published ones included) with no
    English scorecard PDF of their current revision, by id from `after_id`."""
    has_pdf = exists().where(
        and_(
            ScorecardPdf.assessment_id == Assessment.id,
            ScorecardPdf.revision == Assessment.revision,
            ScorecardPdf.language == DEFAULT_LANGUAGE,
            # A published version's PDF is frozen with it, even after a content update.
            or_(
                ScorecardPdf.questionnaire_version == source_questionnaire().version,
                Assessment.published_at.is_not(None),
            ),
        )
    )
    rows = db.session.execute(
        select(Assessment.id, Assessment.revision)
        .where(Assessment.status == "submitted", ~has_pdf, Assessment.id > after_id)
        .order_by(Assessment.id)
        .limit(limit)
    )
    return [(row.id, row.revision) for row in rows]


def _waiting_locks() -> set[str]:
    return set(
        db.session.scalars(
            text(
                "SELECT queueing_lock FROM procrastinate_jobs WHERE task_name = :task AND status IN ('todo', 'doing')"
            ),
            {"task": TASK},
        )
    )


def queue_missing() -> int:
    """Queue a render of every submitted assessment's missing PDF (commits per batch); returns how many were queued."""
    waiting = _waiting_locks()
    queued, after = 0, 0
    while batch := _missing(after, BATCH):
        for assessment_id, revision in batch:
            lock = scorecard_lock(assessment_id, revision, DEFAULT_LANGUAGE)
            if lock not in waiting and defer(
                TASK, lock=lock, priority=RENDER_AHEAD_PRIORITY, assessment_id=assessment_id, key=DEFAULT_LANGUAGE
            ):
                queued += 1
        db.session.commit()
        after = batch[-1][0]
    return queued


def render_missing_here() -> tuple[int, list[int]]:
    """Without a job engine (SQLite): render every missing PDF in this process, one commit each.
    Returns how many were rendered and the ids of those that could not be."""
    rendered, failed, after = 0, [], 0
    while batch := _missing(after, BATCH):
        for assessment_id, _revision in batch:
            try:
                render_scorecard(assessment_id, DEFAULT_LANGUAGE)
                rendered += 1
            except NotRetried as error:  # one assessment whose answers no longer fit must not stop the others
                db.session.rollback()
                log.warning("PDF of assessment %s not rendered: %s", assessment_id, error)
                failed.append(assessment_id)
            db.session.expunge_all()
        after = batch[-1][0]
    return rendered, failed
