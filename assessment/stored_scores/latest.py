"""Keep LatestPublished in step with publishing and stored scores.

The one place that decides which published assessment stands for a
jurisdiction: the latest year, a self-assessment before an independent one
of the same year, then the most recently published (then the highest id).
Only publications that stand (stored_scores/listing.py: published, current, not
withdrawn, and verified) with stored scores count, so a verified scorecard
always ranks before an unverified one: the unverified are not candidates.

refresh_latest() is called inside the transaction that changes what a list
would show (publish, unpublish, re-scoring a published assessment) and never
commits. rebuild_all() recomputes every row (`flask --app wsgi scores
refresh`, the benchmark's bulk-built data).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, insert, select

from assessment.extensions import db
from assessment.models import Assessment, AssessmentScore, Jurisdiction, LatestPublished
from assessment.models.latest_published import ANY_KIND, ANY_YEAR
from assessment.stored_scores.listing import stands_in_lists

SCORE_COLUMNS = (
    "protection_score",
    "protection_level",
    "next_level_score",
    "next_level_level",
    "overall_score",
    "overall_level",
    "protection_local_score",
    "next_level_local_score",
    "overall_local_score",
    "core_met",
    "questionnaire_version",
)
KINDS = ("self", "independent")
BATCH = 5000


def _candidates():
    return (
        select(
            Assessment.jurisdiction_id,
            Assessment.id.label("assessment_id"),
            Assessment.year,
            Assessment.kind.label("assessment_kind"),
            Assessment.organisation,
            Assessment.published_at,
            Assessment.submitted_at,
            *(getattr(AssessmentScore, name) for name in SCORE_COLUMNS),
        )
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(stands_in_lists())
    )


def _rank(row) -> tuple:
    """Sort key: the first row is the one a list shows."""
    return (-row.year, 0 if row.assessment_kind == "self" else 1, -row.published_at.timestamp(), -row.assessment_id)


def rows_for(published: Iterable[Any]) -> list[dict[str, Any]]:
    """The LatestPublished rows of one jurisdiction, from its published, scored assessments."""
    ordered = sorted(published, key=_rank)
    chosen: dict[tuple[int, str], Any] = {}
    for row in ordered:
        for scope in (
            (ANY_YEAR, ANY_KIND),
            (ANY_YEAR, row.assessment_kind),
            (row.year, ANY_KIND),
            (row.year, row.assessment_kind),
        ):
            chosen.setdefault(scope, row)
    return [
        {
            "for_year": year,
            "for_kind": kind,
            "jurisdiction_id": row.jurisdiction_id,
            "assessment_id": row.assessment_id,
            "year": row.year,
            "assessment_kind": row.assessment_kind,
            "organisation": row.organisation,
            "published_at": row.published_at,
            "submitted_at": row.submitted_at,
            **{name: getattr(row, name) for name in SCORE_COLUMNS},
        }
        for (year, kind), row in chosen.items()
    ]


def refresh_latest(jurisdiction_id: int) -> None:
    """Rewrite the jurisdiction's rows from its published assessments as they now stand."""
    # One refresh of a jurisdiction at a time: two publications of the same
    # place committing together would otherwise both insert its rows.
    db.session.execute(select(Jurisdiction.id).where(Jurisdiction.id == jurisdiction_id).with_for_update())
    published = db.session.execute(_candidates().where(Assessment.jurisdiction_id == jurisdiction_id)).all()
    db.session.execute(delete(LatestPublished).where(LatestPublished.jurisdiction_id == jurisdiction_id))
    rows = rows_for(published)
    if rows:
        db.session.execute(insert(LatestPublished), rows)


def _by_jurisdiction(rows: Iterable[Any]) -> Iterator[list[Any]]:
    group: list[Any] = []
    for row in rows:
        if group and row.jurisdiction_id != group[0].jurisdiction_id:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def rebuild_all() -> int:
    """Recompute every row (commits). Returns how many rows there are now."""
    db.session.execute(delete(LatestPublished))
    stmt = _candidates().order_by(Assessment.jurisdiction_id).execution_options(yield_per=BATCH)
    pending: list[dict[str, Any]] = []
    total = 0
    for group in _by_jurisdiction(db.session.execute(stmt)):
        pending.extend(rows_for(group))
        if len(pending) >= BATCH:
            db.session.execute(insert(LatestPublished), pending)
            total += len(pending)
            pending = []
    if pending:
        db.session.execute(insert(LatestPublished), pending)
        total += len(pending)
    db.session.commit()
    return total
