"""Sign-off by section: someone (the sheriff's counsel, the city attorney) reviewed
the answers of one or more levers, and an editor records who, with their title
and the date.

A sign-off vouches for answers as they stood: a later saved change to any answer
(or its evidence) in a signed-off lever clears it. survey/operations.save_lever
calls clear_after_answers_changed() in the same transaction as the change. A
cleared sign-off stays, with the question whose answer changed and when, so the
pages can say why; both events are in the audit history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessment.content.current import questionnaire
from assessment.extensions import db
from assessment.i18n import _
from assessment.models import Assessment, SectionSignOff
from assessment.models._common import utcnow
from assessment.survey.operations import AssessmentError, _audit, answers_changed, applicable_levers
from assessment.web.access import series_of
from assessment.web.templating import day_text

NAME_LIMIT = 200


@dataclass(frozen=True)
class SignOffRequest:
    lever_ids: tuple[str, ...]
    reviewer_name: str
    reviewer_title: str
    reviewed_on: date | None


def sign_offs_of(assessment: Assessment) -> list[SectionSignOff]:
    """Every sign-off of the series, standing ones first, newest first."""
    rows = db.session.scalars(
        db.select(SectionSignOff)
        .where(SectionSignOff.series_id == series_of(assessment))
        .order_by(SectionSignOff.recorded_at.desc(), SectionSignOff.id.desc())
    ).all()
    return sorted(rows, key=lambda row: row.cleared_at is not None)


def standing_by_lever(assessment: Assessment) -> dict[str, SectionSignOff]:
    """lever id -> the sign-off that stands for it now (none: not signed off, or cleared)."""
    found: dict[str, SectionSignOff] = {}
    for row in sign_offs_of(assessment):
        if row.cleared_at is None:
            found.setdefault(row.lever_id, row)
    return found


def latest_cleared_by_lever(assessment: Assessment) -> dict[str, SectionSignOff]:
    """lever id -> its most recent cleared sign-off, for levers with none standing."""
    standing = standing_by_lever(assessment)
    found: dict[str, SectionSignOff] = {}
    for row in sign_offs_of(assessment):
        if row.cleared_at is not None and row.lever_id not in standing:
            found.setdefault(row.lever_id, row)
    return found


def _text(value: str | None, missing: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise AssessmentError(missing)
    if len(value) > NAME_LIMIT:
        raise AssessmentError(_("Keep it to %(count)s characters.", count=NAME_LIMIT))
    return value


def record_sign_off(assessment: Assessment, user, wanted: SignOffRequest) -> list[SectionSignOff]:
    """One sign-off per lever chosen; one that stood for a lever is replaced (and kept, cleared)."""
    levers = {lever.id for lever in applicable_levers(questionnaire(), assessment.jurisdiction, assessment.year)}
    chosen = [lever_id for lever_id in dict.fromkeys(wanted.lever_ids) if lever_id in levers]
    if not chosen:
        raise AssessmentError(_("Choose at least one section that was reviewed."))
    name = _text(wanted.reviewer_name, _("Give the name of the person who reviewed the section."))
    title = _text(wanted.reviewer_title, _("Give the title of the person who reviewed the section."))
    if wanted.reviewed_on is None:
        raise AssessmentError(_("Give the date of the review."))
    if wanted.reviewed_on > utcnow().date():
        raise AssessmentError(_("The date of the review cannot be in the future."))
    standing = standing_by_lever(assessment)
    now = utcnow()
    rows = []
    for lever_id in chosen:
        if lever_id in standing:
            standing[lever_id].cleared_at = now
            standing[lever_id].cleared_by_id = user.id
        row = SectionSignOff(
            series_id=series_of(assessment),
            lever_id=lever_id,
            reviewer_name=name,
            reviewer_title=title,
            reviewed_on=wanted.reviewed_on,
            recorded_by_id=user.id,
            recorded_at=now,
        )
        db.session.add(row)
        rows.append(row)
    _audit(
        assessment,
        user,
        "signoff_recorded",
        new={"levers": chosen, "name": name, "title": title, "date": wanted.reviewed_on.isoformat()},
    )
    return rows


def clear_after_answers_changed(assessment: Assessment, user, question_ids: list[str]) -> list[SectionSignOff]:
    """Clear the standing sign-offs of the levers these saved answers belong to."""
    content = questionnaire()
    first_change: dict[str, str] = {}
    for question_id in question_ids:
        question = content.question(question_id)
        if question is not None:
            first_change.setdefault(question.lever_id, question_id)
    if not first_change:
        return []
    with db.session.no_autoflush:
        rows = db.session.scalars(
            db.select(SectionSignOff).where(
                SectionSignOff.series_id == series_of(assessment),
                SectionSignOff.cleared_at.is_(None),
                SectionSignOff.lever_id.in_(list(first_change)),
            )
        ).all()
    now = utcnow()
    for row in rows:
        row.cleared_at = now
        row.cleared_by_id = user.id
        row.cleared_by_question_id = first_change[row.lever_id]
        _audit(
            assessment,
            user,
            "signoff_cleared",
            new={"lever": row.lever_id, "because": row.cleared_by_question_id, "name": row.reviewer_name},
        )
    return rows


def cleared_reason(row: SectionSignOff) -> str:
    """Why a sign-off no longer stands, in plain words of the current language."""

    when = day_text(row.cleared_at)
    question = questionnaire().question(row.cleared_by_question_id) if row.cleared_by_question_id else None
    if question is not None:
        return _(
            "Sign-off cleared because the answer to “%(question)s” changed on %(date)s.",
            question=question.prompt,
            date=when,
        )
    return _("Replaced by a newer sign-off on %(date)s.", date=when)


@answers_changed.connect
def _clear_when_answers_change(assessment: Assessment, user, question_ids: list[str]) -> None:
    clear_after_answers_changed(assessment, user, question_ids)
