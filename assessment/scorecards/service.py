"""Scorecards of saved assessments: the one place that turns an Assessment row
into scoring inputs, the what-if projection, and the shared PDF cache.

Like the other services, nothing here commits: the view does, once.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from threading import Lock
from types import SimpleNamespace

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import IntegrityError

from assessment.content.current import questionnaire
from assessment.extensions import db
from assessment.i18n import DEFAULT_LANGUAGE, _, in_language
from assessment.jurisdictions.county_links import county_jail_view
from assessment.models import Assessment, AssessmentScore, ScorecardPdf
from assessment.models.provenance import describe, describe_assessment
from assessment.scorecards.context import PublishedFigures, ScorecardContext, Withdrawal
from assessment.scorecards.gap_effects import GapEffect, gap_effects
from assessment.scorecards.pdf import assessment_links, render_answers_pdf, render_scorecard_pdf
from assessment.scoring import Scorecard, project, score
from assessment.stored_scores.inputs import answers_dict, jurisdiction_info, scoring_inputs
from assessment.stored_scores.refresh import kept_as_published

# A what-if can close at most every gap; this only bounds what a crafted
# query string can make us parse.
MAX_WHAT_IF_CHOICES = 200


def scorecard_for(assessment: Assessment, language: str | None = None) -> Scorecard:
    """Score the assessment's saved answers (drafts too) with the loaded questionnaire,
    its text in `language` (default: the request's; the figures are the same in every language).

    Raises assessment.scoring.answers.InvalidAnswers when a saved answer no longer
    fits the questionnaire (an option removed by a content update).
    """
    answers, evidence = scoring_inputs(assessment)
    return score(questionnaire(language), jurisdiction_info(assessment), answers, evidence)


def context_for(assessment: Assessment, language: str = DEFAULT_LANGUAGE) -> ScorecardContext:
    """Publishing moves the revision on (publishing/operations.py), so a PDF cached
    for a revision always carries the right publication date and version."""
    content = questionnaire(language)
    with in_language(language):
        provenance = describe(
            assessment.kind, assessment.organisation, assessment.published_at, assessment.submitted_at
        ).text
        if assessment.published_at is not None:
            provenance = _("%(provenance)s, version %(version)s", provenance=provenance, version=assessment.version)
    publication = describe_assessment(assessment) if assessment.published_at is not None else None
    stored = db.session.get(AssessmentScore, assessment.id)
    published = None
    if kept_as_published(stored, assessment, content.version):
        published = PublishedFigures(
            stored.questionnaire_version,
            stored.protection_score,
            stored.protection_level,
            stored.next_level_score,
            stored.next_level_level,
            stored.overall_score,
            stored.overall_level,
        )
    return ScorecardContext(
        questionnaire=content,
        year=assessment.year,
        provenance=provenance,
        status=assessment.status,
        answered_with_version=(
            assessment.questionnaire_version if assessment.questionnaire_version != content.version else None
        ),
        language=language,
        published_figures=published,
        rescored_from=stored.rescored_from if stored is not None and published is None else None,
        publication=publication,
        withdrawal=(
            Withdrawal(assessment.withdrawn_as or "owner", assessment.withdrawn_at, assessment.withdrawn_reason or "")
            if assessment.withdrawn_at is not None
            else None
        ),
    )


@dataclass(frozen=True)
class WhatIf:
    before: Scorecard
    after: Scorecard
    closed: tuple[str, ...]  # question ids of the gaps assumed closed, in gap order
    # Question id of each gap of `before` -> what closing it alone does to its tier's figure.
    effects: dict[str, GapEffect] = dataclass_field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.closed)


def what_if(assessment: Assessment, close: list[str]) -> WhatIf:
    """Project the scores if the chosen gaps were closed; saved answers are untouched.

    Ids that are not gaps of this scorecard (stale or made-up) are ignored.
    """
    before = scorecard_for(assessment)
    effects = effects_of_gaps(assessment, before)
    wanted = set(close[:MAX_WHAT_IF_CHOICES])
    closed = tuple(gap.question_id for gap in before.gaps if gap.question_id in wanted)
    if not closed:
        return WhatIf(before, before, (), effects)
    answers, evidence = scoring_inputs(assessment)
    after = project(questionnaire(), jurisdiction_info(assessment), answers, closed, evidence)
    return WhatIf(before, after, closed, effects)


# Re-scoring every gap costs some 60 ms for 40 gaps and 140 ms for 110, on
# each view of a page that is read far more often than it changes. The
# effects depend only on the content, the place and the answers (evidence
# never changes a figure), so each process keeps the latest few by those.
EFFECTS_KEPT = 256
_effects_cache: OrderedDict[tuple, dict[str, GapEffect]] = OrderedDict()
_effects_lock = Lock()


def effects_of_gaps(assessment: Assessment, scorecard: Scorecard) -> dict[str, GapEffect]:
    """What closing each gap of `scorecard` (the assessment's own, as it stands) alone does to its tier's figure."""
    content = questionnaire()
    answers, evidence = scoring_inputs(assessment)
    place = jurisdiction_info(assessment)
    key = (content.version, place, json.dumps(answers, sort_keys=True))
    with _effects_lock:
        if key in _effects_cache:
            _effects_cache.move_to_end(key)
            return _effects_cache[key]
    effects = gap_effects(content, place, answers, evidence, scorecard)
    with _effects_lock:
        _effects_cache[key] = effects
        while len(_effects_cache) > EFFECTS_KEPT:
            _effects_cache.popitem(last=False)
    return effects


# ---------------------------------------------------------------- PDF cache


@dataclass(frozen=True)
class ScorecardDocument:
    data: bytes
    file_name: str
    from_cache: bool


class PdfPending(Exception):
    """No PDF of this revision yet, and rendering on the request path is off
    (PDF_RENDER_ON_REQUEST=0): assessment/jobs queues it for a worker."""


# The cache and the render queue hold both PDFs of an assessment in the rows
# they already had, told apart by the language key: "en" is the scorecard,
# "en:answers" the record of answers (at most 10 characters, the column's size).
SCORECARD = "scorecard"
ANSWERS = "answers"


def pdf_key(language: str, kind: str = SCORECARD) -> str:
    return language if kind == SCORECARD else f"{language}:{kind}"


def scorecard_pdf(assessment: Assessment, language: str = DEFAULT_LANGUAGE, render: bool = True) -> ScorecardDocument:
    """The PDF of the assessment as it stands, rendered at most once per revision.

    The cache lives in the database so that every app server shares it.
    With render=False a PDF not yet rendered raises PdfPending instead.
    """
    return _document(assessment, language, SCORECARD, render)


def answers_pdf(assessment: Assessment, language: str = DEFAULT_LANGUAGE, render: bool = True) -> ScorecardDocument:
    """The record of every answer and its evidence, cached like the scorecard PDF."""
    return _document(assessment, language, ANSWERS, render)


def pdf_for_key(assessment: Assessment, key: str, render: bool = True) -> ScorecardDocument:
    """The PDF a cache or queue key (pdf_key()) names: what the render worker makes."""
    language, _sep, kind = key.partition(":")
    return _document(assessment, language, kind or SCORECARD, render)


def _document(assessment: Assessment, language: str, kind: str, render: bool) -> ScorecardDocument:
    context = context_for(assessment, language)
    file_name = context.file_name(jurisdiction_info(assessment))
    if kind == ANSWERS:
        file_name = "answers-" + file_name.removeprefix("scorecard-")
    key = pdf_key(language, kind)
    version = context.questionnaire.version
    cached = db.session.scalars(
        select(ScorecardPdf).where(
            ScorecardPdf.assessment_id == assessment.id,
            ScorecardPdf.revision == assessment.revision,
            ScorecardPdf.language == key,
        )
    ).first()
    # A published version's PDF is frozen with it, even after a content update.
    if cached is not None and (cached.questionnaire_version == version or assessment.published_at is not None):
        return ScorecardDocument(cached.data, file_name, from_cache=True)
    if not render:
        raise PdfPending()
    with in_language(language):
        scorecard = scorecard_for(assessment, language)
        links = assessment_links(assessment.id)
        if kind == ANSWERS:
            data = render_answers_pdf(scorecard, context, links)
        else:
            # A city's PDF carries its county's jail answers, as its page does. They are read
            # when the PDF is made: a county publishing later shows in the city's next revision.
            county_view = county_jail_view(
                questionnaire(language), assessment.jurisdiction, answers_dict(assessment), assessment.year
            )
            own_side = SimpleNamespace(year=assessment.year, provenance=describe_assessment(assessment))
            data = render_scorecard_pdf(scorecard, context, links=links, county_view=county_view, own_side=own_side)
    _store_pdf(assessment, key, version, data)
    return ScorecardDocument(data, file_name, from_cache=False)


def _store_pdf(assessment: Assessment, language: str, version: str, data: bytes) -> None:
    # Older revisions will never be asked for again, and a row of this
    # revision rendered with other content is stale: both go.
    db.session.execute(
        delete(ScorecardPdf).where(
            ScorecardPdf.assessment_id == assessment.id,
            or_(
                ScorecardPdf.revision < assessment.revision,
                and_(
                    ScorecardPdf.revision == assessment.revision,
                    ScorecardPdf.language == language,
                    ScorecardPdf.questionnaire_version != version,
                ),
            ),
        )
    )
    try:
        with db.session.begin_nested():
            db.session.add(
                ScorecardPdf(
                    assessment_id=assessment.id,
                    revision=assessment.revision,
                    language=language,
                    questionnaire_version=version,
                    data=data,
                )
            )
    except IntegrityError:
        # Another server rendered the same revision at the same moment and
        # stored it first; its PDF is equivalent, so keep that one.
        pass
