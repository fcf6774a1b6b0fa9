"""A jurisdiction's public record: every verified publication that stands,
by year, the trend of the two tier scores, and what changed between years;
apart, a short list of the place's unverified publications, labelled.

Reads stored scores only (one query). A "series" is one assessor over the
years: the jurisdiction's own self-assessments, or one organisation's
independent ones; trends and changes compare like with like.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from assessment.content.model import Question, Questionnaire
from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Assessment, AssessmentScore, Jurisdiction
from assessment.models.provenance import Provenance, describe
from assessment.stored_scores.listing import public_and_current, standing_unverified, stands_in_lists


@dataclass(frozen=True)
class PublishedAssessment:
    id: int
    year: int
    provenance: Provenance
    questionnaire_version: str
    protection: float | None
    protection_level: str | None
    next_level: float | None
    next_level_level: str | None
    overall: float | None
    question_points: dict
    answers: dict


@dataclass(frozen=True)
class Change:
    question: Question
    before: Any
    after: Any
    earned_before: float
    earned_after: float
    possible: float

    @property
    def improved(self) -> bool:
        return self.earned_after > self.earned_before


@dataclass
class YearChanges:
    from_year: int
    to_year: int
    improved: list[Change] = field(default_factory=list)
    fell_back: list[Change] = field(default_factory=list)
    # The method versions of the two years' figures; when they differ the
    # figures are not comparable and no change is listed.
    from_version: str = ""
    to_version: str = ""

    @property
    def comparable(self) -> bool:
        return self.from_version == self.to_version


@dataclass
class Series:
    key: tuple[str, str]
    label: str  # "Self-assessments" or "Independent assessments by X"
    assessments: list[PublishedAssessment]  # oldest first, one per year
    changes: list[YearChanges] = field(default_factory=list)

    @property
    def trend_points(self) -> list[tuple[int, float | None, float | None]]:
        return [(a.year, a.protection, a.next_level) for a in self.assessments]


@dataclass
class PublicRecord:
    assessments: list[PublishedAssessment]  # newest first, verified only
    series: list[Series]
    # The place's other current publications, which nobody has verified: not
    # in the record or the trends, listed apart, each labelled and linked.
    unverified: list[PublishedAssessment] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({a.year for a in self.assessments}, reverse=True)

    def in_year(self, year: int) -> list[PublishedAssessment]:
        return [a for a in self.assessments if a.year == year]


WHICH = {"verified": stands_in_lists, "unverified": standing_unverified, "all": public_and_current}


def published_assessments(jurisdiction_id: int, which: str = "verified") -> list[PublishedAssessment]:
    """which: "verified" (what stands in lists), "unverified" or "all" (both)."""
    stmt = (
        select(
            Assessment.id,
            Assessment.year,
            Assessment.kind,
            Assessment.organisation,
            Assessment.published_at,
            Assessment.submitted_at,
            Assessment.verification,
            AssessmentScore.questionnaire_version,
            AssessmentScore.protection_score,
            AssessmentScore.protection_level,
            AssessmentScore.next_level_score,
            AssessmentScore.next_level_level,
            AssessmentScore.overall_score,
            AssessmentScore.question_points,
            AssessmentScore.answers,
        )
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(Assessment.jurisdiction_id == jurisdiction_id, WHICH[which]())
        .order_by(Assessment.year.desc(), Assessment.kind.desc(), Assessment.organisation, Assessment.id)
    )
    return [
        PublishedAssessment(
            r.id,
            r.year,
            describe(r.kind, r.organisation, r.published_at, r.submitted_at, r.verification),
            r.questionnaire_version,
            r.protection_score,
            r.protection_level,
            r.next_level_score,
            r.next_level_level,
            r.overall_score,
            r.question_points or {},
            r.answers or {},
        )
        for r in db.session.execute(stmt)
    ]


def _changes(questionnaire: Questionnaire, older: PublishedAssessment, newer: PublishedAssessment) -> YearChanges:
    result = YearChanges(
        older.year, newer.year, from_version=older.questionnaire_version, to_version=newer.questionnaire_version
    )
    if not result.comparable:
        return result
    for question in questionnaire.questions():
        before = older.question_points.get(question.id)
        after = newer.question_points.get(question.id)
        if before is None or after is None:
            continue  # left out in one of the years: nothing comparable
        if after[0] == before[0]:
            continue
        change = Change(
            question, older.answers.get(question.id), newer.answers.get(question.id), before[0], after[0], after[1]
        )
        (result.improved if change.improved else result.fell_back).append(change)
    return result


def _series_label(kind: str, organisation: str | None) -> str:
    if kind == "self":
        return _("Self-assessments")
    if organisation:
        return _("Independent assessments by %(organisation)s", organisation=organisation)
    return _("Independent assessments")


def public_record(questionnaire: Questionnaire, jurisdiction: Jurisdiction) -> PublicRecord:
    assessments = published_assessments(jurisdiction.id)
    grouped: dict[tuple[str, str], list[PublishedAssessment]] = {}
    for item in sorted(assessments, key=lambda a: (a.year, a.id)):
        organisation = "" if item.provenance.kind == "self" else (item.provenance.organisation or "")
        key = (item.provenance.kind, organisation)
        by_year = grouped.setdefault(key, [])
        # One per year per assessor: the latest published wins.
        by_year[:] = [a for a in by_year if a.year != item.year] + [item]
    series = []
    for key in sorted(grouped, key=lambda k: (k[0] != "self", k[1])):
        items = grouped[key]
        changes = [_changes(questionnaire, a, b) for a, b in pairwise(items)]
        series.append(Series(key, _series_label(key[0], key[1] or None), items, changes))
    return PublicRecord(assessments, series, published_assessments(jurisdiction.id, "unverified"))
