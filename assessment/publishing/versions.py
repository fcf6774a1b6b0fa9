"""Versions of an assessment: a published version is frozen (RT-04).

Publishing freezes what the public sees: the answers and the evidence shown
(its row is never written again: survey/operations.check_changeable), the
stored figures and their method version, and so the PDF (cached per revision,
which no longer moves). A later correction is a new Assessment row of the same
series, a draft that copies the answers and must be published again; when it
is, the version it replaces is marked superseded and stays readable at its own
address, and the new one records what changed.

Like the other services these change the session and leave the one commit to the view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Answer, Assessment, AssessmentScore
from assessment.models._common import utcnow
from assessment.survey.operations import AssessmentError, _audit, _refresh_stored_scores
from assessment.web.access import series_of

TIERS = ("protection", "next_level")


def newest_version(assessment: Assessment) -> Assessment:
    return (
        db.session.scalars(
            db.select(Assessment)
            .where(Assessment.series_id == series_of(assessment))
            .order_by(Assessment.version.desc())
        ).first()
        or assessment
    )


def new_version(assessment: Assessment, user) -> Assessment:
    """The draft that corrects a published version: the series' open draft if
    there is one, else a copy of the newest version's answers and evidence."""
    newest = newest_version(assessment)
    if newest.published_at is None:
        return newest
    draft = Assessment(
        jurisdiction_id=newest.jurisdiction_id,
        year=newest.year,
        kind=newest.kind,
        organisation=newest.organisation,
        questionnaire_version=newest.questionnaire_version,
        created_by_id=user.id,
        series_id=series_of(newest),
        version=newest.version + 1,
        last_lever_id=newest.last_lever_id,
        revision=1,
    )
    db.session.add(draft)
    db.session.flush()
    now = utcnow()
    for answer in newest.answers:
        copy = Answer(
            assessment_id=draft.id,
            question_id=answer.question_id,
            value=answer.value,
            revision=1,
            updated_at=now,
            updated_by_id=user.id,
        )
        copy.set_evidence(answer.evidence())
        db.session.add(copy)
    db.session.flush()
    db.session.refresh(draft)
    _refresh_stored_scores(draft)
    _audit(draft, user, "version_started", new={"version": draft.version, "from": newest.id})
    return draft


def standing_version(series_id: int, leaving_out: int | None = None) -> Assessment | None:
    """The series' published version that the public sees now, if any."""
    stmt = db.select(Assessment).where(
        Assessment.series_id == series_id,
        Assessment.published_at.is_not(None),
        Assessment.superseded_at.is_(None),
        Assessment.withdrawn_at.is_(None),
    )
    if leaving_out is not None:
        stmt = stmt.where(Assessment.id != leaving_out)
    return db.session.scalars(stmt.order_by(Assessment.version.desc())).first()


def _answers_of(assessment_id: int) -> dict:
    rows = db.session.execute(
        db.select(Answer.question_id, Answer.value, Answer.evidence_url, Answer.evidence_citation).where(
            Answer.assessment_id == assessment_id
        )
    )
    return {r.question_id: (r.value, r.evidence_url, r.evidence_citation) for r in rows}


def changes_between(older: Assessment, newer: Assessment) -> dict:
    """What a reader should know changed: the questions whose answer or cited
    evidence differs, and the two tier scores before and after."""
    before, after = _answers_of(older.id), _answers_of(newer.id)
    changed = sorted(qid for qid in before.keys() | after.keys() if before.get(qid) != after.get(qid))
    old_scores, new_scores = db.session.get(AssessmentScore, older.id), db.session.get(AssessmentScore, newer.id)
    scores = {
        tier: [getattr(old_scores, f"{tier}_score", None), getattr(new_scores, f"{tier}_score", None)] for tier in TIERS
    }
    return {"from_version": older.version, "answers": changed, "scores": scores}


def supersede_previous(assessment: Assessment, user) -> None:
    """Called as `assessment` is published: the version the public saw until
    now steps aside, and the new one records what changed against it."""
    previous = standing_version(series_of(assessment), leaving_out=assessment.id)
    if previous is None:
        return
    previous.superseded_at = utcnow()
    assessment.version_changes = changes_between(previous, assessment)
    _audit(previous, user, "superseded", new={"by_version": assessment.version})


@dataclass(frozen=True)
class VersionEntry:
    id: int
    version: int
    published_at: datetime
    superseded_at: datetime | None
    withdrawn_at: datetime | None
    changes: dict | None

    @property
    def changed_answers(self) -> int:
        return len((self.changes or {}).get("answers", []))

    def score_change(self, tier: str) -> tuple | None:
        pair = (self.changes or {}).get("scores", {}).get(tier)
        return tuple(pair) if pair and pair[0] != pair[1] else None


def published_versions(assessment: Assessment) -> list[VersionEntry]:
    """Every published version of the series, newest first, for the public page."""
    rows = db.session.execute(
        db.select(
            Assessment.id,
            Assessment.version,
            Assessment.published_at,
            Assessment.superseded_at,
            Assessment.withdrawn_at,
            Assessment.version_changes,
        )
        .where(Assessment.series_id == series_of(assessment), Assessment.published_at.is_not(None))
        .order_by(Assessment.version.desc())
    )
    return [VersionEntry(*row) for row in rows]


def require_newest(assessment: Assessment) -> None:
    if newest_version(assessment).id != assessment.id:
        raise AssessmentError(_("A newer version of this assessment exists: work on that one."))
