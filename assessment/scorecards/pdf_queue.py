"""Rendering scorecard PDFs off the request path.

A PDF takes about a second of CPU to render. When many are asked for at once
(a deadline, a mailing to every official), rendering them inside web requests
would tie up every worker. With PDF_RENDER_ON_REQUEST=0 a web worker never
renders: on a cache miss it records a ScorecardPdfRequest and answers "being
prepared" (HTTP 202, Retry-After), and `flask --app wsgi scorecards
render-pending` (once, or as a long-running worker with --loop) renders the
requested PDFs first, oldest request first, then every submitted
assessment's PDF that is missing for its current revision. Rendered PDFs go
to the shared ScorecardPdf table, so any app server then serves them.

Several render workers may run: at worst two render the same PDF, and the
cache keeps one (scorecards/service._store_pdf).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.exc import IntegrityError

from assessment.scoring.answers import InvalidAnswers
from assessment.content.current import source_questionnaire
from assessment.extensions import db
from assessment.i18n import DEFAULT_LANGUAGE
from assessment.models import Assessment, ScorecardPdf, ScorecardPdfRequest
from assessment.scorecards.service import pdf_for_key

log = logging.getLogger(__name__)


def request_pdf(assessment: Assessment, language: str) -> None:
    """Ask for this PDF (idempotent; the first request keeps its place in the queue)."""
    if db.session.get(ScorecardPdfRequest, (assessment.id, language)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(ScorecardPdfRequest(assessment_id=assessment.id, language=language))
    except IntegrityError:
        pass  # asked for at the same moment through another server


@dataclass(frozen=True)
class Job:
    assessment_id: int
    language: str
    requested: bool  # asked for by someone, rather than a submitted one rendered ahead


def pending(limit: int, skip: frozenset[int] = frozenset()) -> list[Job]:
    """What to render next: requests oldest first, then submitted assessments
    with no PDF of their current revision and questionnaire version (except
    the `skip` ones: those that could not be rendered a moment ago)."""
    jobs = [Job(row.assessment_id, row.language, True) for row in db.session.execute(
        select(ScorecardPdfRequest.assessment_id, ScorecardPdfRequest.language)
        .order_by(ScorecardPdfRequest.requested_at, ScorecardPdfRequest.assessment_id).limit(limit))]
    if len(jobs) < limit:
        has_pdf = exists().where(and_(
            ScorecardPdf.assessment_id == Assessment.id, ScorecardPdf.revision == Assessment.revision,
            ScorecardPdf.language == DEFAULT_LANGUAGE,
            ScorecardPdf.questionnaire_version == source_questionnaire().version))
        asked = {job.assessment_id for job in jobs if job.language == DEFAULT_LANGUAGE}
        missing = db.session.scalars(
            select(Assessment.id).where(Assessment.status == "submitted", ~has_pdf,
                                        Assessment.id.not_in(skip) if skip else True)
            .order_by(Assessment.updated_at.desc(), Assessment.id).limit(limit))
        jobs += [Job(i, DEFAULT_LANGUAGE, False) for i in missing if i not in asked][:limit - len(jobs)]
    return jobs


def render_one(job: Job) -> bool:
    """Render and store one PDF and drop its request (commits). False if it cannot be made."""
    assessment = db.session.get(Assessment, job.assessment_id)
    made = True
    if assessment is not None:
        try:
            pdf_for_key(assessment, job.language)  # the scorecard, or "en:answers" for the answers record
        except InvalidAnswers as error:
            # Saved answers no longer fit the content; the scorecard page says so.
            log.warning("PDF of assessment %s not rendered: %s", job.assessment_id, "; ".join(error.problems[:3]))
            db.session.rollback()
            made = False
    db.session.execute(delete(ScorecardPdfRequest).where(
        ScorecardPdfRequest.assessment_id == job.assessment_id, ScorecardPdfRequest.language == job.language))
    db.session.commit()
    return made


def render_pending(limit: int, skip: frozenset[int] = frozenset()) -> tuple[int, list[int]]:
    """Render up to `limit` PDFs; returns how many were rendered and the ids
    of the assessments that could not be."""
    rendered, failed = 0, []
    for job in pending(limit, skip):
        if render_one(job):
            rendered += 1
        else:
            failed.append(job.assessment_id)
        db.session.expunge_all()
    return rendered, failed
